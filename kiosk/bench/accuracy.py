"""Accuracy at the gate: pair photos played as camera clips through the real capture pipeline.

For each pair ``a,b,same``: photo ``a`` is enrolled through the kiosk's enrollment path for
photos (still pipeline, then the template builder); photo ``b`` becomes a short clip built in
memory (the face framed as at the kiosk, a few frames with small shifts, scale, light and
sensor noise) and is played at camera rate through :class:`~kiosk.pipeline.CapturePipeline`:
the live detector, the live quality gate, the encoder (a child process for the real engine)
and the live decision rule. Liveness is off: a clip made from a photo cannot pass it, and
what is measured here is matching. Plain face_recognition runs on the same clips in the same
run, as its README teaches: ``face_locations`` + ``face_encodings`` on every frame it can
take, ``compare_faces`` at the kiosk's own threshold and at face_recognition's default
tolerance 0.6 (both from one play of each clip), accepted on the first matching frame.

Nothing is written anywhere: clips, crops and templates live in memory only (rule 5).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable

import cv2
import numpy as np

from kiosk.bench.frames import H, W, frame_around_face
from kiosk.bench.measure import ms
from kiosk.biometrics.engine import FaceEngine, Mode, distance, match_level
from kiosk.biometrics.quality import Reason, dominant_face
from kiosk.calibrate import Pair
from kiosk.camera.source import MemorySource
from kiosk.config import Settings
from kiosk.domain.faces import FaceService
from kiosk.errors import CameraError, FaceQualityError, KioskError
from kiosk.pipeline import CAMERA_FAILED, MATCH, NO_MATCH, CapturePipeline

FPS = 30.0
DISTINCT_FRAMES = 12  # distinct frames per clip, each held for a few camera frames (a person moving slowly)
PEER_TOLERANCE = 0.6  # face_recognition's documented default


def sample(pairs: list[Pair], genuine: int, impostors: int, seed: int = 0) -> list[Pair]:
    """Up to ``genuine`` same-person and ``impostors`` different-person pairs, drawn with ``seed``
    (the same pairs on every run with the same file), same-person pairs first."""
    rng = np.random.default_rng(seed)
    out = []
    for same, n in ((1, genuine), (0, impostors)):
        group = [p for p in pairs if p.same == same]
        idx = sorted(rng.choice(len(group), size=min(n, len(group)), replace=False)) if group and n > 0 else []
        out += [group[i] for i in idx]
    return out


def face_box(engine: FaceEngine, img: np.ndarray, settings: Settings):
    """The photo's dominant face (the still detector), else None."""
    h, w = img.shape[:2]
    boxes = engine.detect(img, Mode.STILL)
    return dominant_face(boxes, w, h, settings.dominance_ratio) if boxes else None


def clip_from_photo(img: np.ndarray, box, seconds: float, seed: int) -> list[np.ndarray]:
    """A 640x480 clip of ``seconds`` at 30 fps, in memory: the face framed at 45 % of the frame
    height (``box``; the photo's centre when None), then :data:`DISTINCT_FRAMES` variants, each
    shifted by up to 8 px, scaled by up to 4 %, its light changed by up to 10 % and with sensor
    noise, each shown for an equal share of the clip."""
    h, w = img.shape[:2]
    if box is None:
        box = (int(0.3 * h), int(0.7 * w), int(0.7 * h), int(0.3 * w))
    base = frame_around_face(img, box)
    rng = np.random.default_rng(seed)
    variants = []
    for _ in range(DISTINCT_FRAMES):
        dx, dy = rng.uniform(-8, 8, size=2)
        m = cv2.getRotationMatrix2D((W / 2, H / 2), 0.0, float(rng.uniform(0.96, 1.04)))
        m[:, 2] += (dx, dy)
        moved = cv2.warpAffine(base, m, (W, H), borderMode=cv2.BORDER_REPLICATE)
        gain, offset = rng.uniform(0.9, 1.1), rng.uniform(-8, 8)
        noise = rng.integers(-3, 4, size=moved.shape, dtype=np.int16)
        variants.append(np.clip(moved * gain + offset + noise, 0, 255).astype(np.uint8))
    length = max(1, int(round(seconds * FPS)))
    return [variants[i * DISTINCT_FRAMES // length] for i in range(length)]


@dataclass
class Tally:
    """One system's results over the clips."""

    accepted: dict[int, int] = field(default_factory=lambda: {1: 0, 0: 0})  # same -> clips accepted
    no_template: dict[int, int] = field(default_factory=lambda: {1: 0, 0: 0})  # photo a gave no template
    outcomes: Counter = field(default_factory=Counter)
    accept_s: list[float] = field(default_factory=list)  # genuine clips accepted: time from the first frame
    reject_s: list[float] = field(default_factory=list)  # clips ended as "no match" (or the clip ran out)

    def summary(self, played: dict[int, int]) -> dict:
        return {"genuine_accepted": self.accepted[1], "genuine_clips": played[1],
                "genuine_accept_rate": round(self.accepted[1] / played[1], 4) if played[1] else None,
                "impostors_accepted": self.accepted[0], "impostor_clips": played[0],
                "members_without_template": dict(genuine=self.no_template[1], impostor=self.no_template[0]),
                "time_to_accept_ms": ms(self.accept_s), "time_to_reject_ms": ms(self.reject_s),
                "outcomes": dict(sorted(self.outcomes.items()))}


def play_kiosk(engine: FaceEngine, settings: Settings, clip: list[np.ndarray], template: np.ndarray, encoder,
               refused: Counter) -> tuple[str, float]:
    """The clip through the capture pipeline with the live decision rule; (outcome, seconds).
    A clip that ends undecided is "clip_ended", or "clip_ended:REASON" when the gate refused
    most of its frames for REASON (e.g. a second face in view)."""
    src = MemorySource(clip, FPS, realtime=True, loop=False)

    def judge(enc):
        return match_level(distance(enc, template), settings.match_threshold, settings.sure_match_fraction)

    seen: Counter = Counter()

    def on_status(status) -> None:
        seen[status.reason.value] += 1

    pipe = CapturePipeline(src, engine, settings, needed=settings.verify_frames, judge=judge, encoder=encoder,
                           timeout_s=len(clip) / FPS + 10)
    out = pipe.run(threading.Event(), lambda frame: None, on_status)
    seconds = time.monotonic() - (src.pacer.started_at or time.monotonic())
    refused.update(seen)
    kind: str = out.kind.value
    if out.kind is CAMERA_FAILED:  # the clip ran out undecided: say what the gate saw most
        worst = [r for r, _ in seen.most_common() if r != Reason.OK.value]
        kind = f"clip_ended:{worst[0]}" if worst and seen[worst[0]] >= seen[Reason.OK.value] else "clip_ended"
    return kind, seconds


def play_peer(fr, clip: list[np.ndarray], template: np.ndarray,
              tolerances: tuple[float, ...] = (PEER_TOLERANCE,)) -> list[tuple[str, float]]:
    """face_recognition's README loop on the same clip: the newest frame, locate, encode,
    compare; accepted on the first frame within the tolerance, else when the clip ends. One
    (outcome, seconds) per tolerance, all from one play of the clip."""
    src = MemorySource(clip, FPS, realtime=True, loop=False)
    results: dict[float, tuple[str, float]] = {}
    while len(results) < len(tolerances):
        try:
            frame = src.read()
        except CameraError:
            break
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        encs = fr.face_encodings(rgb, fr.face_locations(rgb))
        for tol in tolerances:
            if tol not in results and encs and any(fr.compare_faces(encs, template, tolerance=tol)):
                results[tol] = (MATCH, time.monotonic() - (src.pacer.started_at or time.monotonic()))
    ended = time.monotonic() - (src.pacer.started_at or time.monotonic())
    return [results.get(tol, ("clip_ended", ended)) for tol in tolerances]


def _peer_template(fr, img: np.ndarray) -> np.ndarray | None:
    encs = fr.face_encodings(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))  # first face, as its README does
    return encs[0] if encs else None


def run(pairs: list[Pair], load: Callable[[str], np.ndarray], engine: FaceEngine, settings: Settings, encoder, *,
        clip_s: float = 1.5, peer: bool = True, seed: int = 0,
        progress: Callable[[int, int], None] = lambda i, n: None) -> dict:
    """Play every pair's clip through the kiosk (and plain face_recognition); the figures as a dict."""
    settings = settings.replace(liveness="off")
    faces = FaceService(store=None, engine=engine, settings=lambda: settings)  # type: ignore[arg-type]
    fr: ModuleType | None = None
    if peer:
        import face_recognition

        fr = face_recognition
    kiosk_t, peer_t, peer06_t, played = Tally(), Tally(), Tally(), {1: 0, 0: 0}
    tolerances = (settings.match_threshold, PEER_TOLERANCE)
    per_clip: list[dict] = []  # photo names and outcomes only
    one_face = {"genuine_clips": 0, "kiosk_accepted": 0, "plain_face_recognition_accepted": 0}
    refused: Counter = Counter()
    framed_without_face = 0
    templates: dict[str, np.ndarray | str] = {}
    peer_templates: dict[str, np.ndarray | None] = {}
    for i, p in enumerate(pairs):
        img_a, img_b = load(p.a), load(p.b)  # an unreadable photo is bad input: ImageError, one line
        if p.a not in templates:
            try:  # the kiosk's enrollment path for photos: still pipeline, then the template builder
                templates[p.a] = faces.build_template([faces.encode_still(img_a, Mode.ENROLL)])
            except FaceQualityError as exc:
                templates[p.a] = exc.reason
            if fr is not None:
                peer_templates[p.a] = _peer_template(fr, img_a)
        results: dict[bool, str] = {}  # kiosk? -> outcome of this clip
        box = face_box(engine, img_b, settings)
        framed_without_face += box is None
        clip = clip_from_photo(img_b, box, clip_s, seed=seed * 100_003 + i)
        played[p.same] += 1
        peer06: dict[str, str] = {}
        for tally, template, play in (
            (kiosk_t, templates[p.a], lambda t: [play_kiosk(engine, settings, clip, t, encoder, refused)]),
            (peer_t, peer_templates.get(p.a), lambda t: play_peer(fr, clip, t, tolerances)),
        ):
            if tally is peer_t and fr is None:
                continue
            tallies = (kiosk_t,) if tally is kiosk_t else (peer_t, peer06_t)
            if template is None or isinstance(template, str):
                for t in tallies:
                    t.no_template[p.same] += 1
                    t.outcomes["no_template"] += 1
                results[tally is kiosk_t] = peer06["kind"] = "no_template"
                continue
            for t, (kind, seconds) in zip(tallies, play(template)):
                t.outcomes[kind] += 1
                if t is peer06_t:
                    peer06["kind"] = kind
                else:
                    results[tally is kiosk_t] = kind
                if kind == MATCH:
                    t.accepted[p.same] += 1
                    if p.same:
                        t.accept_s.append(seconds)
                elif kind == NO_MATCH or kind.startswith("clip_ended"):
                    t.reject_s.append(seconds)
        per_clip.append({"a": p.a, "b": p.b, "same": p.same, "kiosk": results[True],
                         "plain_face_recognition": results.get(False),
                         f"plain_face_recognition_at_{PEER_TOLERANCE}": peer06.get("kind")})
        if p.same and results[True] not in ("no_template", f"clip_ended:{Reason.MULTIPLE_FACES.value}"):
            one_face["genuine_clips"] += 1
            one_face["kiosk_accepted"] += results[True] == MATCH
            one_face["plain_face_recognition_accepted"] += results.get(False) == MATCH
        progress(i + 1, len(pairs))
    judged = sum(refused.values())
    return {
        "clips": {"genuine": played[1], "impostor": played[0], "seconds_each": clip_s, "fps": FPS,
                  "distinct_frames_each": DISTINCT_FRAMES, "framed_without_a_detected_face": framed_without_face,
                  "sample_seed": seed},
        "kiosk": kiosk_t.summary(played),
        "plain_face_recognition": peer_t.summary(played) if fr is not None else None,
        f"plain_face_recognition_at_{PEER_TOLERANCE}": peer06_t.summary(played) if fr is not None else None,
        "genuine_clips_without_a_second_face": one_face if fr is not None else {**one_face, "plain_face_recognition_accepted": None},
        "kiosk_live_gate": {"frames_judged": judged, "frames_passed": refused.get(Reason.OK.value, 0),
                            "frames_refused_by_reason": {k: v for k, v in refused.most_common() if k != Reason.OK.value}},
        "per_clip": per_clip,
        "settings": {"match_threshold": settings.match_threshold, "sure_match_fraction": settings.sure_match_fraction,
                     "verify_frames": settings.verify_frames, "liveness": "off (clips made from photos)",
                     "peer_tolerance": settings.match_threshold, "peer_default_tolerance": PEER_TOLERANCE},
    }


def image_loader(images_dir: Path) -> Callable[[str], np.ndarray]:
    from kiosk.camera.still import read_image

    if not images_dir.is_dir():
        raise KioskError(f"No image folder at {images_dir}.", remedy="Give the folder the pair paths are relative to.")
    return lambda name: read_image(images_dir / name)
