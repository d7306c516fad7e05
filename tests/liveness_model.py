"""A 3D 5-point face model for the liveness tests: a real head turning, and the same face
printed on paper, both projected through a pinhole camera (landmarks only, no images)."""

from __future__ import annotations

import math

import numpy as np

#: a head in millimetres, x to the image's right, y down, z towards the camera; YuNet order
HEAD = np.array([[-32, 0, 0], [32, 0, 0], [0, 38, 32], [-24, 68, 8], [24, 68, 8]], np.float64)
FLAT = HEAD * np.array([1, 1, 0])  # the same face printed on paper
PIVOT = np.array([0, 34, 0])  # the head turns about its middle


def project(points: np.ndarray, yaw_deg: float = 0.0, roll_deg: float = 0.0, pitch_deg: float = 0.0,
            distance_mm: float = 450.0, focal_px: float = 600.0, centre=(320, 240)) -> np.ndarray:
    """Turn ``points`` about the vertical axis (positive: the visitor's left), nod them
    (positive: the visitor looks up), roll them in the picture, and project them through a
    pinhole camera ``distance_mm`` away."""
    a, b, r = (math.radians(v) for v in (yaw_deg, pitch_deg, roll_deg))
    rot_y = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rot_x = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    rot_z = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    p = (rot_z @ rot_x @ rot_y @ (points - PIVOT).T).T + PIVOT
    scale = focal_px / (distance_mm - p[:, 2])
    return np.stack([centre[0] + p[:, 0] * scale, centre[1] + p[:, 1] * scale], axis=1).astype(np.float32)


def warp(points: np.ndarray, h: np.ndarray) -> np.ndarray:
    """``points`` (N, 2) through the homography ``h``: a flat picture moved, tilted or warped."""
    p = np.c_[points, np.ones(len(points))] @ np.asarray(h, np.float64).T
    return (p[:, :2] / p[:, 2:]).astype(np.float32)


def mirrored(points: np.ndarray, width: float = 640.0) -> np.ndarray:
    """The picture flipped left to right: the detector still names the image-left eye first."""
    m = np.asarray(points, np.float32).copy()
    m[:, 0] = width - m[:, 0]
    return m[[1, 0, 2, 4, 3]]


class Face:
    def __init__(self, landmarks: np.ndarray) -> None:
        self.landmarks = landmarks
        cx, cy = landmarks[:, 0].mean(), landmarks[:, 1].mean()
        self.box = (int(cy - 90), int(cx + 75), int(cy + 90), int(cx - 75))
