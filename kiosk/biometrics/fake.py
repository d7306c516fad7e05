"""A fake engine for tests and demos without dlib: a "face" is a coloured, textured ellipse.

Its hue says who it is (same hue, same person); :func:`draw_face` paints such frames.
Detection and encoding are deterministic and take well under a millisecond.

Landmarks: :meth:`FakeEngine.detect_faces` places five landmarks in each face's box. By
default they are those of a frontal face; tests script them frame by frame with
:meth:`FakeEngine.script_landmarks`, e.g. ``engine.script_landmarks(head_turn([0, 0.1, 0.25]))``
for a head turning to one side. Scripted landmarks are in box units ((0, 0) is the box's
top-left corner, (1, 1) its bottom-right) and are mapped onto whatever box is detected.
When the script is empty, :attr:`FakeEngine.follower` (if set) gives each frame's landmarks:
:class:`PromptFollower` is a visitor who does what the liveness challenge asks.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Iterable, Sequence

import cv2
import numpy as np

from kiosk.biometrics.engine import Box, Face, Mode

MODEL_ID = "fake_v1"


def identity_vector(hue: int) -> np.ndarray:
    rng = np.random.default_rng(1000 + int(round(hue / 10.0)))
    v = rng.normal(size=128).astype(np.float32)
    return v / np.linalg.norm(v)


#: A frontal face's landmarks in box units, YuNet's order: right eye (image left), left eye,
#: nose tip, right and left mouth corner.
FRONTAL = np.array([[0.32, 0.40], [0.68, 0.40], [0.50, 0.60], [0.36, 0.78], [0.64, 0.78]], np.float32)


def turned(yaw: float, pitch: float = 0.0) -> np.ndarray:
    """Frontal landmarks with the nose tip moved by ``yaw`` x the eye distance sideways
    (the cue of :meth:`Face.yaw_cue`; positive: towards the image's right) and by
    ``pitch`` x the eye distance downwards."""
    pts = FRONTAL.copy()
    eye_dist = float(FRONTAL[1, 0] - FRONTAL[0, 0])
    pts[2] += (yaw * eye_dist, pitch * eye_dist)
    return pts


def head_turn(yaws: Iterable[float]) -> list[np.ndarray]:
    """One landmark set per frame for a head turning through ``yaws`` (see :func:`turned`)."""
    return [turned(y) for y in yaws]


class PromptFollower:
    """A fake visitor who does what the liveness challenge asks, moving smoothly (``speed``
    eye distances of nose movement per frame) to a turn or nod of ``extent``. ``check`` is
    the :class:`kiosk.liveness.check.LivenessCheck` being answered (set it, or let
    :meth:`attach` set it for every check a kiosk makes); it is read on the capture loop's
    thread, the one that feeds it. ``answer`` may map a prompt to another movement."""

    POSES = {"left": (1, 0), "right": (-1, 0), "up": (0, -1), "down": (0, 1), "centre": (0, 0)}

    def __init__(self, speed: float = 0.04, extent: float = 0.3, answer=None) -> None:
        self.speed, self.extent, self.answer = speed, extent, answer
        self.check = None
        self.yaw = self.pitch = 0.0

    def attach(self, kiosk) -> "PromptFollower":
        make = kiosk.liveness_check

        def liveness_check():
            self.check, self.yaw, self.pitch = make(), 0.0, 0.0
            return self.check

        kiosk.liveness_check = liveness_check
        return self

    def __call__(self) -> np.ndarray:
        pts = turned(self.yaw, self.pitch)
        ch = self.check.challenge if self.check is not None else None
        step = None if ch is None else ch.prompt
        asked = "centre" if step is None else step.value
        if self.answer is not None:
            asked = self.answer(asked)
        ty, tp = (self.extent * v for v in self.POSES[asked])
        self.yaw += float(np.clip(ty - self.yaw, -self.speed, self.speed))
        self.pitch += float(np.clip(tp - self.pitch, -self.speed, self.speed))
        return pts


class FakeEngine:
    model_id = MODEL_ID

    def __init__(self, score: float = 0.95) -> None:
        self.detect_calls = 0
        self.encode_calls = 0
        self.detect_faces_calls = 0
        self.score = score
        self._script: deque[np.ndarray | None] = deque()
        self._script_lock = threading.Lock()
        self.follower = None  # landmarks for frames past the script (e.g. a PromptFollower)

    def script_landmarks(self, frames: Sequence[np.ndarray | None], *, replace: bool = True) -> None:
        """Landmarks (box units, (5, 2)) for the next frames in which ``detect_faces`` finds a
        face: one entry per such frame, applied to every face on it (frames without a face
        leave the script alone). A ``None`` entry hides the face(s) of its frame (as if the
        detector missed them). When the script runs out, faces are frontal again.
        ``replace=False`` appends to what is left of the current script."""
        entries = [None if f is None else np.asarray(f, np.float32).reshape(5, 2) for f in frames]
        with self._script_lock:
            if replace:
                self._script.clear()
            self._script.extend(entries)

    @property
    def scripted_frames_left(self) -> int:
        with self._script_lock:
            return len(self._script)

    def load(self) -> None:
        pass

    loaded = True

    def detect(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        self.detect_calls += 1
        return self._boxes(frame_bgr)

    @staticmethod
    def _boxes(frame_bgr: np.ndarray) -> list[Box]:
        hsv = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2HSV)
        mask = (hsv[:, :, 1] > 120).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        boxes = []
        for i in range(1, n):
            x, y, w, h, area = stats[i]
            if area >= 400:
                boxes.append((int(y), int(x + w), int(y + h), int(x)))
        return boxes

    def detect_faces(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Face]:
        """The boxes of :meth:`detect`, each with landmarks (scripted, else frontal), largest first."""
        self.detect_faces_calls += 1
        boxes = self._boxes(frame_bgr)
        if not boxes:
            return []
        with self._script_lock:
            from_script = bool(self._script)
            scripted = self._script.popleft() if from_script else None
        if not from_script:
            scripted = FRONTAL if self.follower is None else np.asarray(self.follower(), np.float32).reshape(5, 2)
        if scripted is None:
            return []
        faces = []
        for box in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[1] - b[3]), reverse=True):
            top, right, bottom, left = box
            pts = scripted * np.array([right - left, bottom - top], np.float32) + np.array([left, top], np.float32)
            faces.append(Face(box, pts, self.score))
        return faces

    @staticmethod
    def encoder_box(face: Face) -> Box:
        return face.box

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
