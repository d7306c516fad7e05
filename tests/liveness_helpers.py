"""Test material for the liveness tests, built in memory (nothing is written to disk)."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

#: ../shared beside the repository (or beside the folder of worktrees): the nearest one
SHARED = next((p / "shared" for p in Path(__file__).resolve().parents[1:] if (p / "shared").is_dir()), Path("/nonexistent"))


def shared(sub: str) -> Path:
    d = SHARED / sub
    if not d.is_dir():
        pytest.skip(f"{sub} not found at {d} (../shared/{sub} beside the repository)")
    return d


class TickClock:
    """A clock that moves on by ``step`` seconds each time it is read (the pipeline reads it
    twice a frame: 1/60 s a read is a 30 fps camera), so time limits do not cost wall time."""

    def __init__(self, step: float = 1 / 60) -> None:
        self.t, self.step = 0.0, step

    def __call__(self) -> float:
        self.t += self.step
        return self.t


def turned_photo(frame: np.ndarray, yaw_deg: float, pitch_deg: float = 0.0) -> np.ndarray:
    """``frame`` as a flat photo turned ``yaw_deg`` about its vertical axis (and tilted
    ``pitch_deg`` about its horizontal one) in front of a pinhole camera: a perspective warp."""
    h, w = frame.shape[:2]
    f = float(w)  # the photo fills the picture at distance f
    a, b = math.radians(yaw_deg), math.radians(pitch_deg)
    rot_y = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rot_x = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = []
    for x, y in corners:
        p = rot_x @ rot_y @ np.array([x - w / 2, y - h / 2, 0.0]) + np.array([0, 0, f])
        moved.append([w / 2 + f * p[0] / p[2], h / 2 + f * p[1] / p[2]])
    m = cv2.getPerspectiveTransform(corners, np.float32(moved))
    return cv2.warpPerspective(frame, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(60, 60, 60))


def photo_turned_clip(frame: np.ndarray, per_side: int = 12) -> list[np.ndarray]:
    """Someone turning a photo to one side, back, to the other side, back, tilting it a little."""
    angles = np.concatenate([np.linspace(0, 40, per_side), np.linspace(40, 0, per_side),
                             np.linspace(0, -40, per_side), np.linspace(-40, 0, per_side)])
    return [turned_photo(frame, a, pitch_deg=8 * math.sin(i / 5)) for i, a in enumerate(angles)]
