"""The liveness check's costs for ``kiosk bench`` (no Qt; frames in memory only)."""

from __future__ import annotations

import time

import numpy as np

from kiosk.biometrics.engine import FaceEngine, Mode
from kiosk.liveness.challenge import Challenge, random_steps
from kiosk.liveness.check import LivenessCheck, LiveState
from kiosk.liveness.passive import PassiveModel

#: ``kiosk bench`` targets: what the challenge may add to each frame, and the preview with liveness on
CHALLENGE_MS_P95_MAX = 5.0
PREVIEW_FPS_MIN = 25.0


def _ms(ts: list[float]) -> dict:
    a = np.asarray(ts, float) * 1000
    return {"p50": round(float(np.median(a)), 3), "p95": round(float(np.percentile(a, 95)), 3), "n": len(a)} if len(a) else \
        {"p50": None, "p95": None, "n": 0}


def costs(engine: FaceEngine, frames: list[np.ndarray], model: PassiveModel | None = None, rounds: int = 3) -> dict:
    """Passive check per judged frame (both models, crop and resize included) and the
    challenge's own work per frame (tracking, continuity, parallax against the first frame,
    the step rules: everything ``LivenessCheck.observe`` does with the challenge), on the
    faces the live detector finds."""
    model = model or PassiveModel()
    model.load()
    faces = [(f, found[0]) for f in frames if (found := engine.detect_faces(f, Mode.LIVE))]
    passive, challenge = [], []
    check = LivenessCheck(None, Challenge(random_steps()))
    for i in range(rounds):
        for j, (frame, face) in enumerate(faces):
            t = time.perf_counter()
            model.score(frame, face.box)
            passive.append(time.perf_counter() - t)
            if check.state is not LiveState.PENDING:  # the frames are not a head turning: start again
                check = LivenessCheck(None, Challenge(random_steps()))
            t = time.perf_counter()
            check.observe(frame, [face], True, (i * len(faces) + j) / 30)
            challenge.append(time.perf_counter() - t)
    return {"passive": _ms(passive), "challenge": _ms(challenge)}
