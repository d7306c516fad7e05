"""A bona fide surrogate: a head turn rendered from one photo with a depth model (no Qt).

There are no real recordings of people turning their heads in front of the kiosk, so the
attack bench simulates a cooperative visitor from one photo. The face is given a depth:

* an ellipsoid head, centred between the eyes and the mouth, half as wide as ~1.1 eye
  distances, half as tall as ~1.5, and ~0.9 eye distances deep;
* a nose bump on it: a ridge from the bridge (between the eyes) to the tip, highest at the
  tip (0.35 eye distances above the ellipsoid), with a round fall-off past the tip.

Every pixel inside the head is turned with its depth (orthographic projection, the turn
about the head's vertical axis, the nod about its horizontal one); the background stays
where it is, blended over a margin around the head. The nose therefore leaves the plane of
the eyes and mouth corners as a real head's does (with a 30 degree turn the nose tip moves
~0.26 eye distances along the eye line, the eyes and mouth corners much less), which a
flat photo, however warped, cannot do.

What it does not model: the side of the head that a real turn reveals (hidden parts are
filled with the stretched visible side), ears, hair, lighting that changes with the turn,
and the small translations of a real neck. It is a surrogate for measuring a cue on
geometry, not a rendering that would fool a person. Frames live in memory; the caller
decides where a clip is written.

Landmarks: (5, 2) in YuNet order (right eye, left eye, nose tip, right mouth corner, left
mouth corner), in the frame's coordinates.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

#: the head model in eye distances
HALF_WIDTH, HALF_HEIGHT, DEPTH, NOSE_HEIGHT = 1.1, 1.5, 0.9, 0.35
SIGMA_BELOW = 0.15  # fall-off of the nose below its tip, in eye distances
MARGIN = 0.35  # blend from the turned head to the fixed background over this share of the head's size


def head_geometry(landmarks: np.ndarray) -> dict:
    """Centre, axes and nose line of the head model for ``landmarks`` (pixels)."""
    lm = np.asarray(landmarks, np.float64).reshape(5, 2)
    eyes, nose, mouth = (lm[0] + lm[1]) / 2, lm[2], (lm[3] + lm[4]) / 2
    d = max(1.0, float(np.linalg.norm(lm[1] - lm[0])))
    return {"centre": (eyes + mouth) / 2, "eye_dist": d, "eyes": eyes, "nose": nose,
            "a": HALF_WIDTH * d, "b": HALF_HEIGHT * d, "c": DEPTH * d}


def depth_map(shape: tuple[int, int], landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(depth in pixels, weight 0-1 of the head against the background) for every pixel."""
    h, w = shape
    g = head_geometry(landmarks)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    cx, cy = g["centre"]
    r2 = ((xs - cx) / g["a"]) ** 2 + ((ys - cy) / g["b"]) ** 2
    z = g["c"] * np.sqrt(np.clip(1.0 - r2, 0.0, None))
    # the nose: a ridge from the eyes' midpoint (bridge) to the tip
    d = g["eye_dist"]
    base, tip = g["eyes"], g["nose"]
    axis = tip - base
    length = max(1.0, float(np.linalg.norm(axis)))
    u = axis / length
    rel_x, rel_y = xs - base[0], ys - base[1]
    along = (rel_x * u[0] + rel_y * u[1]) / length  # 0 at the bridge, 1 at the tip
    across = np.abs(rel_x * -u[1] + rel_y * u[0])
    ridge = NOSE_HEIGHT * d * (0.3 + 0.7 * np.clip(along, 0.0, 1.0))
    beyond = np.clip(along - 1.0, 0.0, None) * length
    before = np.clip(-along, 0.0, None) * length
    bump = ridge * np.exp(-0.5 * (across / (0.2 * d)) ** 2) * np.exp(-0.5 * (beyond / (SIGMA_BELOW * d)) ** 2) \
        * np.exp(-0.5 * (before / (0.2 * d)) ** 2)
    r = np.sqrt(r2)
    weight = np.clip((1.0 + MARGIN - r) / MARGIN, 0.0, 1.0)
    weight = weight * weight * (3 - 2 * weight)  # smoothstep
    return z + bump, weight


def _invert_rows(forward: np.ndarray, reverse: bool) -> np.ndarray:
    """For each row of ``forward`` (where each source column lands), the source column that
    lands on each output column (linear between columns, clamped at the ends). Where the
    surface folds, the nearer part hides the other: the fold is scanned from the side that
    stays visible. All rows at once: each row is shifted into its own range of values and one
    sorted search serves them all."""
    h, w = forward.shape
    eps = np.arange(w) * 1e-6
    if reverse:
        mono = np.minimum.accumulate(forward[:, ::-1], axis=1)[:, ::-1] - eps[::-1]
    else:
        mono = np.maximum.accumulate(forward, axis=1) + eps
    span = float(np.abs(mono).max()) * 4 + 4 * w
    offsets = np.arange(h, dtype=np.float64)[:, None] * span
    flat = (mono + offsets).ravel()
    query = (np.arange(w, dtype=np.float64)[None, :] + offsets)
    idx = np.searchsorted(flat, query.ravel()).reshape(h, w) - np.arange(h)[:, None] * w
    idx = np.clip(idx, 1, w - 1)
    x0 = np.take_along_axis(mono, idx - 1, axis=1)
    x1 = np.take_along_axis(mono, idx, axis=1)
    t = np.clip((np.arange(w)[None, :] - x0) / np.maximum(x1 - x0, 1e-9), 0.0, 1.0)
    return idx - 1 + t


def _head_roi(shape: tuple[int, int], landmarks: np.ndarray) -> tuple[int, int, int, int]:
    """(y0, y1, x0, x1): the part of the frame the head and its blend margin cover."""
    h, w = shape
    g = head_geometry(landmarks)
    (cx, cy), grow = g["centre"], 1.0 + MARGIN
    ry, rx = g["b"] * grow + 3, max(g["a"] * grow, g["c"] + g["eye_dist"] * NOSE_HEIGHT) + 3
    return max(0, int(cy - ry)), min(h, int(cy + ry) + 1), max(0, int(cx - rx)), min(w, int(cx + rx) + 1)


def turn_head(frame: np.ndarray, landmarks: np.ndarray, yaw_deg: float, pitch_deg: float = 0.0) -> np.ndarray:
    """``frame`` with the head turned ``yaw_deg`` (positive: towards the visitor's left, the
    nose moves to the image's right, as for the challenge's "left" step) and nodded
    ``pitch_deg`` (positive: looking up, the nose moves up in the image). Only the head's
    part of the frame is computed; the rest is copied."""
    y0, y1, x0, x1 = _head_roi(frame.shape[:2], landmarks)
    out = frame.copy()
    if y1 - y0 < 2 or x1 - x0 < 2:
        return out
    lm = np.asarray(landmarks, np.float64).reshape(5, 2) - (x0, y0)
    out[y0:y1, x0:x1] = _turn_region(np.ascontiguousarray(frame[y0:y1, x0:x1]), lm, yaw_deg, pitch_deg)
    return out


_DEPTH_CACHE: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}


def _depth_cached(shape: tuple[int, int], landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`depth_map`, kept for the last face (a clip turns the same face many times)."""
    key = np.asarray(landmarks, np.float64).tobytes() + bytes(str(shape), "ascii")
    if key not in _DEPTH_CACHE:
        _DEPTH_CACHE.clear()
        _DEPTH_CACHE[key] = depth_map(shape, landmarks)
    return _DEPTH_CACHE[key]


def _turn_region(frame: np.ndarray, landmarks: np.ndarray, yaw_deg: float, pitch_deg: float) -> np.ndarray:
    h, w = frame.shape[:2]
    z, wt = _depth_cached((h, w), landmarks)
    cx, cy = head_geometry(landmarks)["centre"]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    out = frame
    if abs(yaw_deg) > 1e-6:
        t = math.radians(yaw_deg)
        dx = xs - cx
        moved = cx + dx * math.cos(t) + z * math.sin(t)
        fwd = xs + wt * (moved - xs)
        map_x = _invert_rows(fwd, reverse=yaw_deg < 0).astype(np.float32)
        map_y = ys.astype(np.float32)
        out = cv2.remap(out, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        z_turned = (-dx * math.sin(t) + z * math.cos(t)) * wt
        z = cv2.remap(z_turned.astype(np.float32), map_x, map_y, cv2.INTER_LINEAR).astype(np.float64)
        wt = cv2.remap(wt.astype(np.float32), map_x, map_y, cv2.INTER_LINEAR).astype(np.float64)
    if abs(pitch_deg) > 1e-6:
        p = math.radians(pitch_deg)
        dy = ys - cy
        moved = cy + dy * math.cos(p) - z * math.sin(p)
        fwd = ys + wt * (moved - ys)
        map_y = _invert_rows(fwd.T, reverse=pitch_deg > 0).T.astype(np.float32)
        out = cv2.remap(out, xs.astype(np.float32), map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return out


#: pose (yaw, pitch) in degrees at the peak of each step's movement
POSES = {"left": (35.0, 0.0), "right": (-35.0, 0.0), "up": (0.0, 25.0), "down": (0.0, -25.0), "centre": (0.0, 0.0)}
#: a second try at a step that was not counted goes further, as a person's does (45 degrees for a turn)
RETRY_REACH = 45.0 / 35.0


def step_poses(step: str, fps: float = 15.0, *, out_s: float = 0.5, hold_s: float = 0.6, back_s: float = 0.5,
               rest_s: float = 0.3, wobble: float = 2.0, seed: int = 0, reach: float = 1.0) -> list[tuple[float, float]]:
    """The (yaw, pitch) of each frame of one step: from facing the camera, smoothly out to the
    step's pose (times ``reach``: :data:`RETRY_REACH` for a second try), held, and smoothly back
    (so that clips for different steps join without a cut); a small random sway (``wobble``
    degrees) as a person never holds perfectly still."""
    rng = np.random.default_rng(seed)
    peak_yaw, peak_pitch = (reach * v for v in POSES[step])
    n_out, n_hold, n_back, n_rest = (max(1, int(round(s * fps))) for s in (out_s, hold_s, back_s, rest_s))
    ease = lambda k, n: 0.5 - 0.5 * math.cos(math.pi * k / n)  # noqa: E731 - smooth start and stop
    amount = [ease(k, n_out) for k in range(1, n_out + 1)] + [1.0] * n_hold + \
        [1.0 - ease(k, n_back) for k in range(1, n_back + 1)] + [0.0] * n_rest
    phase = rng.uniform(0, 2 * math.pi, size=2)
    return [(peak_yaw * a + wobble * math.sin(phase[0] + i / 5), peak_pitch * a + 0.5 * wobble * math.sin(phase[1] + i / 7))
            for i, a in enumerate(amount)]


def head_turn_clip(frame: np.ndarray, landmarks: np.ndarray, step: str, fps: float = 15.0, seed: int = 0,
                   reach: float = 1.0) -> list[np.ndarray]:
    """One step of a rendered head turn (see :func:`step_poses`), frames in memory."""
    return [turn_head(frame, landmarks, yaw, pitch) for yaw, pitch in step_poses(step, fps, seed=seed, reach=reach)]
