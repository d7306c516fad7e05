"""The dlib engine: YuNet detection, dlib 5-point alignment, dlib ResNet encoding.

Faces are found by YuNet (:mod:`kiosk.biometrics.yunet`; on a downscaled copy of live
frames), which gives the five landmarks the liveness checks use. The encoder aligns on
dlib's own 5-point model, which was trained on boxes of dlib's HOG detector:
:meth:`DlibEngine.encoder_box` turns a YuNet box into such a box (a square, fitted on
1,060 photos where both detectors found the same face). Still photos in which YuNet finds
no face get dlib's HOG detector (with upsampling) as a second chance.

Models load lazily (importing :mod:`kiosk` never loads dlib; the HOG detector only when a
still photo first needs it) and only dlib's
5-point landmark model is used: the 68-point model's licence forbids commercial use.
Uses dlib directly rather than ``face_recognition.api``, whose import loads every
model and may call ``quit()``; the model files come from ``face_recognition_models``.
"""

from __future__ import annotations

import threading
import warnings
from typing import Any

import cv2
import numpy as np

from kiosk.biometrics.engine import Box, Face, Mode
from kiosk.biometrics.yunet import YuNetDetector
from kiosk.errors import EngineError

MODEL_ID = "dlib_resnet_v1_5pt"
HOG_MIN_PX = 80
#: HOG-like box from a YuNet box (x, y, w, h): side = SIDE_W * w + SIDE_H * h (halves of the two
#: fitted ratios 1.107 and 0.845), centre shifted by (DX * w, DY * h).
SIDE_W, SIDE_H, DX, DY = 0.5535, 0.4225, 0.027, 0.057
YUNET_LIVE_MIN_PX = 64  # live faces of the minimum size are this tall in the copy YuNet sees
YUNET_STILL_UPSCALE_BELOW = 400  # photos smaller than this (longest side) get a second, 2x pass when no face is found
#: Photos that become templates (Mode.ENROLL) are encoded as the mean of this many jittered
#: copies (dlib's num_jitters; measured on the development set, see README); the face service
#: averages that with the same encoding of the mirrored photo (FaceService.enrollment_encoding).
ENROLL_JITTER = 10
LIVE_MARGIN = 0.9  # detect live faces down to 90 % of the minimum size (measured: 7.4 ms vs 9.1 ms at 80 %)


def _model_paths() -> tuple[str, str]:
    try:
        with warnings.catch_warnings():  # it imports the deprecated pkg_resources
            warnings.simplefilter("ignore", DeprecationWarning)
            import face_recognition_models as frm
    except Exception as exc:  # noqa: BLE001 - pkg_resources missing, etc.
        raise EngineError(
            f"The face models could not be loaded ({exc}).",
            remedy="Reinstall the kiosk with 'uv sync' (it needs face_recognition_models and setuptools<80.9).",
        ) from None
    return frm.pose_predictor_five_point_model_location(), frm.face_recognition_model_location()


class DlibEngine:
    model_id = MODEL_ID

    def __init__(self, *, live_min_face_fraction: float = 0.25, still_max_side: int = 1024, still_jitter: int = 1,
                 enroll_jitter: int = ENROLL_JITTER) -> None:
        self.live_min_face_fraction = live_min_face_fraction
        self.still_max_side = still_max_side
        self.still_jitter, self.enroll_jitter = still_jitter, enroll_jitter
        self._lock = threading.Lock()
        # dlib's models (dlib has no type information)
        self._detector: Any = None
        self._shape: Any = None
        self._encoder: Any = None
        self.yunet = YuNetDetector()

    def load_detector(self) -> None:
        """Only what finds faces (YuNet, which leaves Python's GIL free while it loads): enough for
        a process whose encodings run elsewhere, such as the kiosk's UI beside its encoder child."""
        self.yunet.load()
        self._detector_only = True

    def load(self) -> None:
        self.yunet.load()  # checks the detector model's sha256 now, at start-up
        with self._lock:
            if self._encoder is not None:
                return
            try:
                import dlib
            except ImportError as exc:
                raise EngineError(f"dlib is not installed ({exc}).", remedy="Run 'uv sync' to install dlib-bin.") from None
            shape_path, encoder_path = _model_paths()
            self._shape = dlib.shape_predictor(shape_path)
            self._encoder = dlib.face_recognition_model_v1(encoder_path)

    @property
    def loaded(self) -> bool:
        """What this process needs is loaded: every model, or the detector alone (``load_detector``)."""
        return self._encoder is not None or self._detector_only

    def _hog(self):
        """dlib's HOG detector, built on first use only: building it holds Python's GIL for a
        quarter of a second to seconds, which would freeze the kiosk's UI at start-up, and
        live frames never need it (YuNet finds their faces). Callers are worker threads."""
        with self._lock:
            if self._detector is None:
                import dlib

                self._detector = dlib.get_frontal_face_detector()
            return self._detector

    # -- detection ---------------------------------------------------------
    @staticmethod
    def _scaled_gray(frame_bgr: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
        scale = min(1.0, scale)
        gray = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)  # grey first: resizing one channel is cheaper
        if scale < 1.0:
            gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        return gray, scale

    def live_scale(self, frame_height: int) -> float:
        """HOG finds faces from ~80 px: scale live frames so that faces a little under the
        minimum size (the quality gate says "come closer" for those) land there, no larger."""
        return min(1.0, HOG_MIN_PX / (LIVE_MARGIN * self.live_min_face_fraction * frame_height))

    def detect_hog(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        """dlib's HOG detector (the second chance for still photos; the bench compares it)."""
        detector = self._hog()
        h, w = frame_bgr.shape[:2]
        if mode is Mode.LIVE:
            gray, scale = self._scaled_gray(frame_bgr, self.live_scale(h))
            rects = detector(gray, 0)
        else:
            gray, scale = self._scaled_gray(frame_bgr, self.still_max_side / max(h, w))
            rects = detector(gray, 0)
            upsample = 1
            while not len(rects) and upsample <= 2 and max(gray.shape) * 2**upsample <= 2500:
                rects = detector(gray, upsample)  # small faces: retry with upsampling
                upsample += 1
        boxes = []
        for r in rects:
            top = max(0, int(round(r.top() / scale)))
            left = max(0, int(round(r.left() / scale)))
            bottom = min(h, int(round(r.bottom() / scale)))
            right = min(w, int(round(r.right() / scale)))
            if bottom > top and right > left:
                boxes.append((top, right, bottom, left))
        return boxes

    def detect(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        """Encoder boxes of the faces (YuNet; for still photos HOG when YuNet finds none)."""
        boxes = [self.encoder_box(f) for f in self.detect_faces(frame_bgr, mode)]
        if not boxes and mode is not Mode.LIVE:
            boxes = self.detect_hog(frame_bgr, mode)
        return boxes

    @staticmethod
    def encoder_box(face: Face) -> Box:
        """The box dlib's 5-point model expects for ``face`` (a HOG-like square; may reach
        past the frame's edge, which dlib handles)."""
        top, right, bottom, left = face.box
        w, h = right - left, bottom - top
        side = SIDE_W * w + SIDE_H * h
        cx, cy = (left + right) / 2 + DX * w, (top + bottom) / 2 + DY * h
        half = side / 2
        return (int(round(cy - half)), int(round(cx + half)), int(round(cy + half)), int(round(cx - half)))

    def yunet_live_scale(self, frame_height: int) -> float:
        return min(1.0, YUNET_LIVE_MIN_PX / (LIVE_MARGIN * self.live_min_face_fraction * frame_height))

    def detect_faces(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Face]:
        """Faces with YuNet's five landmarks and score, best first (YuNet on a downscaled copy live)."""
        self.yunet.load()
        h, w = frame_bgr.shape[:2]
        if mode is Mode.LIVE:
            return self.yunet.detect(frame_bgr, self.yunet_live_scale(h))
        faces = self.yunet.detect(frame_bgr, min(1.0, self.still_max_side / max(h, w)))
        if not faces and max(h, w) < YUNET_STILL_UPSCALE_BELOW:
            faces = self.yunet.detect(frame_bgr, 2.0)
        return faces

    # -- encoding ----------------------------------------------------------
    def encode(self, frame_bgr: np.ndarray, box: Box, mode: Mode = Mode.LIVE) -> np.ndarray:
        import dlib

        self.load()
        rgb = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB)
        top, right, bottom, left = box
        shape = self._shape(rgb, dlib.rectangle(left, top, right, bottom))
        jitter = {Mode.STILL: self.still_jitter, Mode.ENROLL: self.enroll_jitter}.get(mode, 0)
        # dlib's chip extraction aligns to 150x150 on the landmarks; padding 0.25 as in dlib's examples
        vec = self._encoder.compute_face_descriptor(rgb, shape, jitter, 0.25)
        return np.asarray(vec, dtype=np.float32)
