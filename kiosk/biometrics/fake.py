"""A fake engine for tests and demos without dlib: a "face" is a coloured, textured ellipse.

Its hue says who it is (same hue, same person); :func:`draw_face` paints such frames.
Detection and encoding are deterministic and take well under a millisecond.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.biometrics.engine import Box, Mode

MODEL_ID = "fake_v1"


def identity_vector(hue: int) -> np.ndarray:
    rng = np.random.default_rng(1000 + int(round(hue / 10.0)))
    v = rng.normal(size=128).astype(np.float32)
    return v / np.linalg.norm(v)


class FakeEngine:
    model_id = MODEL_ID

    def __init__(self) -> None:
        self.detect_calls = 0
        self.encode_calls = 0

    def load(self) -> None:
        pass

    loaded = True

    def detect(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        self.detect_calls += 1
        hsv = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2HSV)
        mask = (hsv[:, :, 1] > 120).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        boxes = []
        for i in range(1, n):
            x, y, w, h, area = stats[i]
            if area >= 400:
                boxes.append((int(y), int(x + w), int(y + h), int(x)))
        return boxes

    def encode(self, frame_bgr: np.ndarray, box: Box, mode: Mode = Mode.LIVE) -> np.ndarray:
        self.encode_calls += 1
        top, right, bottom, left = box
        crop = frame_bgr[top:bottom, left:right]
        hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV)
        sat = hsv[:, :, 1] > 120
        hue = int(np.median(hsv[:, :, 0][sat])) if sat.any() else 0
        jitter = np.random.default_rng(top * 7919 + left).normal(scale=0.004, size=128).astype(np.float32)
        return identity_vector(hue) + jitter


def draw_face(
    hue: int,
    *,
    size: float = 0.45,
    centre: tuple[float, float] = (0.5, 0.5),
    frame: np.ndarray | None = None,
    w: int = 640,
    h: int = 480,
    brightness: int = 110,
) -> np.ndarray:
    """A BGR frame with one fake face of ``hue`` (0-179), ``size`` x frame height tall."""
    if frame is None:
        frame = np.full((h, w, 3), brightness, np.uint8)
    else:
        frame = frame.copy()
        h, w = frame.shape[:2]
    fh = int(size * h)
    cx, cy = int(centre[0] * w), int(centre[1] * h)
    mask = np.zeros((h, w), np.uint8)
    cv2.ellipse(mask, (cx, cy), (int(fh * 0.38), fh // 2), 0, 0, 360, 255, -1)
    yy, xx = np.indices((h, w))
    texture = ((xx // 6 + yy // 6) % 2).astype(np.uint8)  # fine checks: sharp by the Laplacian
    value = (np.where(texture, 200, 90) * brightness / 110).clip(0, 255).astype(np.uint8)
    hsv = np.dstack([np.full((h, w), hue, np.uint8), np.full((h, w), 200, np.uint8), value])
    face = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)
    frame[mask > 0] = face[mask > 0]
    return frame
