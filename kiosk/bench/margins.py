"""The margin of the parallax cue: real-head-like turns against flat pictures (no Qt).

``python -m kiosk.bench.margins [--faces DIR] [--n N] [--json]`` measures
:func:`kiosk.liveness.motion.parallax` (in eye distances, the challenge's first frame as the
reference) on:

* the 3D 5-point face model: a head turned 20-40 degrees or nodded 20-30 degrees (several
  distances and head tilts), against the same face printed flat and moved by 2,000 random
  homographies (shifts, zooms, shears, squeezes, strong perspective);
* photos (``--faces``: a folder of portraits, searched recursively, e.g. LFW), framed at the
  kiosk's size, landmarks from the kiosk's own live detector: a photo turned or tilted in
  front of the camera (perspective warps up to 40 degrees), its mirror image, and two local
  warps that move the nose against the rest (the nose slid sideways, half the face
  squeezed); and, where :mod:`kiosk.liveness.surrogate` is present, the same photos with the
  head turned 30 degrees and nodded 20 degrees by its depth model (a bona fide stand-in).

The pictures live in memory only; nothing is written (rule 5).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import cv2
import numpy as np

from kiosk.liveness.motion import Continuity, parallax

#: the model head in millimetres (x to the image's right, y down, z towards the camera), YuNet order
HEAD = np.array([[-32, 0, 0], [32, 0, 0], [0, 38, 32], [-24, 68, 8], [24, 68, 8]], np.float64)
FLAT = HEAD * np.array([1, 1, 0])


def project(points: np.ndarray, yaw: float = 0.0, pitch: float = 0.0, roll: float = 0.0, distance: float = 450.0,
            focal: float = 600.0) -> np.ndarray:
    a, b, r = (math.radians(v) for v in (yaw, pitch, roll))
    rot_y = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rot_x = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    rot_z = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    pivot = np.array([0, 34, 0])
    p = (rot_z @ rot_x @ rot_y @ (points - pivot).T).T + pivot
    scale = focal / (distance - p[:, 2])
    return np.stack([320 + p[:, 0] * scale, 240 + p[:, 1] * scale], axis=1)


def _asked(along: float, across: float, yaw: float, pitch: float) -> float:
    """The cue in the direction of the movement made (positive when it points the right way)."""
    return along * math.copysign(1, yaw) if abs(yaw) >= abs(pitch) else -across * math.copysign(1, pitch)


def model_margins(seed: int = 0) -> dict:
    turns = []
    for distance in (350, 450, 600):
        ref = project(HEAD, distance=distance)
        for roll in (0, 15):
            for yaw, pitch in [(y, 0) for y in (20, 30, 40, -20, -30, -40)] + [(0, p) for p in (20, 30, -20, -30)]:
                turns.append(_asked(*parallax(ref, project(HEAD, yaw, pitch, roll, distance)), yaw, pitch))
    rng = np.random.default_rng(seed)
    ref = project(FLAT)
    flats: list[float] = []
    while len(flats) < 2000:
        h = np.eye(3) + rng.normal(scale=[[0.3, 0.3, 40], [0.3, 0.3, 40], [6e-4, 6e-4, 0]])
        p = np.c_[ref, np.ones(5)] @ h.T
        moved = p[:, :2] / p[:, 2:]
        if np.linalg.norm(moved[1] - moved[0]) >= 10:
            flats.append(float(np.hypot(*parallax(ref, moved))))
    return {"turns_min": round(min(turns), 3), "turns_n": len(turns),
            "flat_max": round(max(flats), 4), "flat_n": len(flats)}


# -- photos -------------------------------------------------------------------------------------
def turned_photo(frame: np.ndarray, yaw: float, pitch: float = 0.0) -> np.ndarray:
    """``frame`` as a flat photo turned ``yaw`` and tilted ``pitch`` degrees in front of a pinhole camera."""
    h, w = frame.shape[:2]
    f, a, b = float(w), math.radians(yaw), math.radians(pitch)
    rot_y = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rot_x = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    moved = []
    for x, y in corners:
        p = rot_x @ rot_y @ np.array([x - w / 2, y - h / 2, 0.0]) + np.array([0, 0, f])
        moved.append([w / 2 + f * p[0] / p[2], h / 2 + f * p[1] / p[2]])
    m = cv2.getPerspectiveTransform(corners, np.asarray(moved, np.float32))
    return cv2.warpPerspective(frame, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(60, 60, 60))


def nose_slid(frame: np.ndarray, lm: np.ndarray, amount: float) -> np.ndarray:
    """The nose moved sideways by ``amount`` eye distances, smoothly blended into the face."""
    h, w = frame.shape[:2]
    d = float(np.linalg.norm(lm[1] - lm[0]))
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    nx, ny = lm[2]
    bump = np.exp(-((xs - nx) ** 2 + (ys - ny) ** 2) / (2 * (0.35 * d) ** 2)).astype(np.float32)
    return cv2.remap(frame, xs - amount * d * bump, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def half_squeezed(frame: np.ndarray, lm: np.ndarray, scale: float) -> np.ndarray:
    """The image-left half of the face squeezed towards the nose line by ``scale``."""
    h, w = frame.shape[:2]
    cx = float(lm[2, 0])
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    src = np.where(xs < cx, cx + (xs - cx) / scale, xs).astype(np.float32)
    return cv2.remap(frame, src, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _landmarks(engine, frame: np.ndarray) -> np.ndarray | None:
    from kiosk.biometrics.engine import Mode

    faces = engine.detect_faces(frame, Mode.LIVE)
    return np.asarray(faces[0].landmarks, np.float64) if len(faces) == 1 else None


def photo_margins(engine, photos: list[Path]) -> dict:
    from kiosk.bench.frames import frame_around_face
    from kiosk.biometrics.engine import Mode
    from kiosk.domain.faces import read_image
    from kiosk.liveness.surrogate import turn_head  # a depth-warped head turn
    out: dict[str, list[float]] = {k: [] for k in ("perspective", "mirror", "nose_slid", "half_squeezed", "turn", "nod")}
    jumps: list[float] = []
    used = 0
    for path in photos:
        img = read_image(path)
        faces = engine.detect_faces(img, Mode.STILL)
        if len(faces) != 1:
            continue
        frame = frame_around_face(img, faces[0].box, 0.45)
        ref = _landmarks(engine, frame)
        if ref is None:
            continue
        used += 1
        for yaw, pitch in ((20, 0), (-20, 0), (40, 0), (-40, 0), (0, 20), (0, -20), (25, 15)):
            if (lm := _landmarks(engine, turned_photo(frame, yaw, pitch))) is not None:
                out["perspective"].append(float(np.hypot(*parallax(ref, lm))))
        if (lm := _landmarks(engine, cv2.flip(frame, 1))) is not None:
            out["mirror"].append(float(np.hypot(*parallax(ref, lm))))
            c = Continuity()
            c.jump(ref, 0.0)
            jumps.append(c.jump(lm, 0.1))  # the photo, then its mirror image, at 10 fps
        for amount in (0.1, 0.2):
            if (lm := _landmarks(engine, nose_slid(frame, ref, amount))) is not None:
                out["nose_slid"].append(float(np.hypot(*parallax(ref, lm))))
        for scale in (0.8, 0.6):
            if (lm := _landmarks(engine, half_squeezed(frame, ref, scale))) is not None:
                out["half_squeezed"].append(float(np.hypot(*parallax(ref, lm))))
        for yaw, pitch, key in ((30, 0, "turn"), (-30, 0, "turn"), (0, 20, "nod"), (0, -20, "nod")):
            if (lm := _landmarks(engine, turn_head(frame, ref, yaw, pitch))) is not None:
                out[key].append(_asked(*parallax(ref, lm), yaw, pitch))
    summary: dict = {"photos": used}
    for key, values in out.items():
        if values:
            a = np.asarray(values)
            summary[key] = {"n": len(a), "min": round(float(a.min()), 3), "p5": round(float(np.percentile(a, 5)), 3),
                            "median": round(float(np.median(a)), 3), "p95": round(float(np.percentile(a, 95)), 3),
                            "max": round(float(a.max()), 3)}
    if jumps:
        summary["mirror_jump_at_10fps_min"] = round(float(min(jumps)), 2)  # multiples of what a head can do
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kiosk.bench.margins", description=__doc__.split("\n\n")[0])
    ap.add_argument("--faces", type=Path, help="a folder of portraits (searched recursively)")
    ap.add_argument("--n", type=int, default=60, help="at most this many photos (one per person)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result: dict = {"model": model_margins()}
    if args.faces is not None:
        from kiosk.app import make_engine
        from kiosk.config import Settings

        people = sorted(p for p in args.faces.rglob("*") if p.is_dir()) or [args.faces]
        photos = [next(iter(sorted(d.glob("*.jpg"))), None) for d in people]
        engine = make_engine(Settings())
        engine.load()
        result["photos"] = photo_margins(engine, [p for p in photos if p is not None][: args.n])
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
    else:
        for k, v in result.items():
            print(k, v)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
