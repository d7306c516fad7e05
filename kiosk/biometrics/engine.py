"""The small protocol every face engine follows (numpy in, plain tuples out).

Boxes are ``(top, right, bottom, left)`` in the coordinates of the frame passed in,
as in face_recognition. Engines return distances, never match booleans: the
threshold is policy and belongs to the caller.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol, runtime_checkable

import numpy as np

Box = tuple[int, int, int, int]


class Mode(str, Enum):
    LIVE = "live"  # camera frames: fast path, one detection pass on a downscaled copy
    STILL = "still"  # photos for enrollment and calibration: upsampling fallback, optional jitter


@runtime_checkable
class FaceEngine(Protocol):
    model_id: str

    def load(self) -> None:
        """Load models now (they otherwise load on first use)."""

    def detect(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        """Faces in a BGR frame."""

    def encode(self, frame_bgr: np.ndarray, box: Box, mode: Mode = Mode.LIVE) -> np.ndarray:
        """A 128-d float32 template of the face in ``box``."""


def distances(gallery: np.ndarray, probe: np.ndarray) -> np.ndarray:
    """Euclidean distance from ``probe`` (128,) to each row of ``gallery`` (N, 128), vectorised."""
    if gallery.shape[0] == 0:
        return np.zeros(0, np.float32)
    diff = gallery - probe.astype(np.float32, copy=False)
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))


class Gallery:
    """Templates as one (N, 128) float32 matrix with their squared norms cached, so a
    1:N search costs one matrix-vector product: |g - p|^2 = |g|^2 - 2 g.p + |p|^2.
    Uses einsum rather than ``@`` so no BLAS thread pool competes with the camera."""

    def __init__(self, ids: list[str], matrix: np.ndarray) -> None:
        self.ids = ids
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32).reshape(len(ids), 128)
        self.sq_norms = np.einsum("ij,ij->i", self.matrix, self.matrix)
        self._index = {member_no: i for i, member_no in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def nearest(self, probe: np.ndarray, exclude: str | None = None) -> tuple[str | None, float]:
        """The closest template's id and its distance (``None, inf`` for an empty gallery)."""
        if not self.ids:
            return None, float("inf")
        p = np.asarray(probe, np.float32)
        sq = self.sq_norms - 2 * np.einsum("ij,j->i", self.matrix, p) + float(p @ p)
        if exclude in self._index:
            sq[self._index[exclude]] = np.inf
        best = int(np.argmin(sq))
        return self.ids[best], float(np.sqrt(max(0.0, sq[best])))


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a.astype(np.float32) - b.astype(np.float32)))
