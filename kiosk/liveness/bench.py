"""The liveness check's costs for ``kiosk bench`` (no Qt; frames in memory only)."""

from __future__ import annotations

import time

import numpy as np

from kiosk.biometrics.engine import FaceEngine, Mode
from kiosk.liveness.challenge import Challenge, FaceTrack, random_steps
from kiosk.liveness.passive import PassiveModel


def _ms(ts: list[float]) -> dict:
    a = np.asarray(ts, float) * 1000
    return {"p50": round(float(np.median(a)), 3), "p95": round(float(np.percentile(a, 95)), 3), "n": len(a)} if len(a) else \
        {"p50": None, "p95": None, "n": 0}


def costs(engine: FaceEngine, frames: list[np.ndarray], model: PassiveModel | None = None, rounds: int = 3) -> dict:
    """Passive check per judged frame (both models, crop and resize included) and the
    challenge's own work per frame (cue, tracking), on the faces the live detector finds."""
    model = model or PassiveModel()
    model.load()
    faces = [(f, found[0]) for f in frames if (found := engine.detect_faces(f, Mode.LIVE))]
    passive, challenge = [], []
    ch, track = Challenge(random_steps()), FaceTrack()
    for i in range(rounds):
        for j, (frame, face) in enumerate(faces):
            t = time.perf_counter()
            model.score(frame, face.box)
            passive.append(time.perf_counter() - t)
            t = time.perf_counter()
            track.update([face.box], (i * len(faces) + j) / 30)
            ch.feed(face.landmarks, (i * len(faces) + j) / 30)
            challenge.append(time.perf_counter() - t)
    return {"passive": _ms(passive), "challenge": _ms(challenge)}
