"""The small protocol every face engine follows (numpy in, plain tuples out).

Boxes are ``(top, right, bottom, left)`` in the coordinates of the frame passed in,
as in face_recognition. Engines return distances, never match booleans: the
threshold is policy and belongs to the caller.

:meth:`FaceEngine.detect_faces` also gives each face's five landmarks (YuNet's order,
see :class:`Face`) and a detector score, for head-pose cues; :meth:`FaceEngine.detect`
gives boxes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable

import numpy as np

Box = tuple[int, int, int, int]

#: Landmark rows of :attr:`Face.landmarks`, in YuNet's order. "Right" is the person's own
#: right, which is on the left of an unmirrored camera image.
RIGHT_EYE, LEFT_EYE, NOSE_TIP, RIGHT_MOUTH, LEFT_MOUTH = range(5)


@dataclass(frozen=True, eq=False)
class Face:
    """One detected face: its box, five landmarks as a read-only (5, 2) float32 array of
    (x, y) frame coordinates (right eye, left eye, nose tip, right and left mouth corner),
    and the detector's score (0-1)."""

    box: Box
    landmarks: np.ndarray
    score: float

    def __post_init__(self) -> None:
        pts = np.array(self.landmarks, dtype=np.float32).reshape(5, 2)
        pts.setflags(write=False)
        object.__setattr__(self, "landmarks", pts)
        object.__setattr__(self, "box", tuple(int(v) for v in self.box))
        object.__setattr__(self, "score", float(self.score))

    @property
    def height(self) -> int:
        return self.box[2] - self.box[0]

    def yaw_cue(self) -> float:
        """Nose offset from the eyes' midpoint over the eye distance: ~0 frontal, about
        +/-0.2-0.3 for a real head turned to one side (a flat photo turned keeps ~0)."""
        e1, e2, n = self.landmarks[RIGHT_EYE], self.landmarks[LEFT_EYE], self.landmarks[NOSE_TIP]
        return float((n[0] - (e1[0] + e2[0]) / 2) / max(1e-6, float(np.linalg.norm(e2 - e1))))


class Mode(str, Enum):
    LIVE = "live"  # camera frames: fast path, one detection pass on a downscaled copy
    STILL = "still"  # photos (calibration, a photo checked against a template): upsampling fallback
    ENROLL = "enroll"  # a photo that becomes a template: as STILL, with the engine's slower, better encoding


class Match(Enum):
    """How a probe compares with a template, without the distance (for the decision rule)."""

    NO = "no"  # beyond the threshold
    YES = "yes"  # within the threshold
    SURE = "sure"  # far inside it: one such frame decides


def match_level(dist: float, threshold: float, sure_fraction: float) -> Match:
    if dist <= sure_fraction * threshold:
        return Match.SURE
    return Match.YES if dist <= threshold else Match.NO


@runtime_checkable
class FaceEngine(Protocol):
    model_id: str

    def load(self) -> None:
        """Load models now (they otherwise load on first use)."""

    def detect(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        """Faces in a BGR frame."""

    def detect_faces(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Face]:
        """Faces in a BGR frame with their landmarks and scores, best score first."""

    def encoder_box(self, face: Face) -> Box:
        """The box to pass to :meth:`encode` (and to judge size and centring on) for ``face``."""

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


ENROLL_AGREEMENT = 0.9  #: an enrollment's frames agree within this x the match threshold


def enroll_agreement(match_threshold: float) -> float:
    """The distance within which the frames of one enrollment must agree (tighter than a match)."""
    return ENROLL_AGREEMENT * match_threshold


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a.astype(np.float32) - b.astype(np.float32)))


def mirrored(frame_bgr: np.ndarray, box: Box) -> tuple[np.ndarray, Box]:
    """The frame flipped left to right, and ``box`` on the flipped frame (in memory only)."""
    w = frame_bgr.shape[1]
    top, right, bottom, left = box
    return np.ascontiguousarray(frame_bgr[:, ::-1]), (top, w - left, bottom, w - right)


def mean_template(encodings: np.ndarray) -> np.ndarray:
    """One template from several encodings (N, 128) of a face: their mean direction, at their
    mean length (a plain mean is shorter than its parts). Measured on the development set: the
    same rates as a plain mean; scaled to unit length instead, 160 of 300 same-person pairs
    fell beyond the threshold (encodings are about 1.4 long)."""
    mat = np.asarray(encodings, np.float32).reshape(-1, 128)
    mean = mat.mean(axis=0)
    return (mean / max(1e-6, float(np.linalg.norm(mean))) * float(np.linalg.norm(mat, axis=1).mean())).astype(np.float32)
