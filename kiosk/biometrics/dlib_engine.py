"""The dlib engine: HOG detection on a downscaled copy, 5-point alignment, ResNet encoding.

:meth:`DlibEngine.detect_faces` finds faces with landmarks using YuNet
(:mod:`kiosk.biometrics.yunet`); the encoder still aligns on dlib's own 5-point model.

Models load lazily (importing :mod:`kiosk` never loads dlib) and only dlib's
5-point landmark model is used: the 68-point model's licence forbids commercial use.
Uses dlib directly rather than ``face_recognition.api``, whose import loads every
model and may call ``quit()``; the model files come from ``face_recognition_models``.
"""

from __future__ import annotations

import threading
import warnings

import cv2
import numpy as np

from kiosk.biometrics.engine import Box, Face, Mode
from kiosk.biometrics.yunet import YuNetDetector
from kiosk.errors import EngineError

MODEL_ID = "dlib_resnet_v1_5pt"
HOG_MIN_PX = 80
YUNET_LIVE_MIN_PX = 64  # live faces of the minimum size are this tall in the copy YuNet sees
YUNET_STILL_UPSCALE_BELOW = 400  # photos smaller than this (longest side) get a second, 2x pass when no face is found
LIVE_MARGIN = 0.9  # detect live faces down to 90 % of the minimum size (measured: 7.4 ms vs 9.1 ms at 80 %)


def _model_paths() -> tuple[str, str]:
    try:
        with warnings.catch_warnings():  # it imports the deprecated pkg_resources
            warnings.simplefilter("ignore", DeprecationWarning)
            import face_recognition_models as frm
    except Exception as exc:  # pkg_resources missing, etc.
        raise EngineError(
            f"The face models could not be loaded ({exc}).",
            remedy="Reinstall the kiosk with 'uv sync' (it needs face_recognition_models and setuptools<80.9).",
        ) from None
    return frm.pose_predictor_five_point_model_location(), frm.face_recognition_model_location()


class DlibEngine:
    model_id = MODEL_ID

    def __init__(self, *, live_min_face_fraction: float = 0.25, still_max_side: int = 1024, still_jitter: int = 1) -> None:
        self.live_min_face_fraction = live_min_face_fraction
        self.still_max_side = still_max_side
        self.still_jitter = still_jitter
        self._lock = threading.Lock()
        self._detector = self._shape = self._encoder = None
        self.yunet = YuNetDetector()

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
            self._detector = dlib.get_frontal_face_detector()
            self._shape = dlib.shape_predictor(shape_path)
            self._encoder = dlib.face_recognition_model_v1(encoder_path)

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

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

    def detect(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Box]:
        self.load()
        h, w = frame_bgr.shape[:2]
        if mode is Mode.LIVE:
            gray, scale = self._scaled_gray(frame_bgr, self.live_scale(h))
            rects = self._detector(gray, 0)
        else:
            gray, scale = self._scaled_gray(frame_bgr, self.still_max_side / max(h, w))
            rects = self._detector(gray, 0)
            upsample = 1
            while not len(rects) and upsample <= 2 and max(gray.shape) * 2**upsample <= 2500:
                rects = self._detector(gray, upsample)  # small faces: retry with upsampling
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

    def yunet_live_scale(self, frame_height: int) -> float:
        return min(1.0, YUNET_LIVE_MIN_PX / (LIVE_MARGIN * self.live_min_face_fraction * frame_height))

    def detect_faces(self, frame_bgr: np.ndarray, mode: Mode = Mode.LIVE) -> list[Face]:
        """Faces with YuNet's five landmarks and score, best first (YuNet on a downscaled copy live)."""
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
        jitter = self.still_jitter if mode is Mode.STILL else 0
        # dlib's chip extraction aligns to 150x150 on the landmarks; padding 0.25 as in dlib's examples
        vec = self._encoder.compute_face_descriptor(rgb, shape, jitter, 0.25)
        return np.asarray(vec, dtype=np.float32)
