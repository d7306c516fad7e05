"""YuNet face detector (OpenCV's ``cv2.FaceDetectorYN``): boxes, five landmarks and a score.

The model file ships with the kiosk (``assets/models/``, Apache-2.0, licence beside it) and
is checked against its SHA-256 before it is loaded: a missing or altered file is a clear
:class:`~kiosk.errors.EngineError`, never a silent fallback. Live frames are detected on a
downscaled copy; boxes and landmarks are mapped back to the frame's own coordinates.
Qt-free, dlib-free: OpenCV's own DNN module runs it.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import cv2
import numpy as np

from kiosk.biometrics.engine import Face
from kiosk.errors import EngineError

MODEL_FILE = "yunet_s_640_640.onnx"
MODEL_SHA256 = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4"
LICENCE_FILE = "LICENSE-libfacedetection.train"

_PACKAGE = Path(__file__).resolve().parents[1]
#: Where the model is looked for: inside the installed package (wheel), then the source tree.
MODEL_DIRS = (_PACKAGE / "assets" / "models", _PACKAGE.parent / "assets" / "models")


def model_path() -> Path:
    """The vendored model file (EngineError when no copy is found)."""
    for d in MODEL_DIRS:
        if (d / MODEL_FILE).is_file():
            return d / MODEL_FILE
    raise EngineError(
        f"The face detector model {MODEL_FILE} is missing (looked in {', '.join(str(d) for d in MODEL_DIRS)}).",
        remedy="Reinstall the kiosk, or restore assets/models/ from the repository.",
    )


def verified_model_bytes(path: Path, sha256: str = MODEL_SHA256) -> bytes:
    """The model file's bytes, after checking them against the expected SHA-256."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EngineError(f"The face detector model {path} cannot be read ({exc.strerror}).",
                          remedy="Reinstall the kiosk, or restore assets/models/ from the repository.") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise EngineError(
            f"The face detector model {path} has been altered (sha256 {digest[:12]}..., expected {sha256[:12]}...).",
            remedy="Reinstall the kiosk, or restore assets/models/ from the repository.",
        )
    return data


class YuNetDetector:
    """Thread-safe wrapper around one ``cv2.FaceDetectorYN`` (it keeps per-size state)."""

    def __init__(self, path: Path | None = None, *, score_threshold: float = 0.6, nms_threshold: float = 0.3,
                 top_k: int = 50) -> None:
        self.path = path
        self.score_threshold, self.nms_threshold, self.top_k = score_threshold, nms_threshold, top_k
        self._lock = threading.Lock()
        self._net: cv2.FaceDetectorYN | None = None

    def load(self) -> cv2.FaceDetectorYN:
        """The detector, loaded on first use (sha256 checked)."""
        with self._lock:
            if self._net is None:
                path = self.path or model_path()
                data = np.frombuffer(verified_model_bytes(path), np.uint8)
                level = cv2.utils.logging.getLogLevel()
                # OpenCV 5 warns on stderr that its new graph engine ignores targets
                cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
                try:  # from the checked bytes, so the file cannot change between check and load
                    self._net = cv2.FaceDetectorYN.create("onnx", data, np.zeros(0, np.uint8), (320, 320),
                                                          self.score_threshold, self.nms_threshold, self.top_k)
                except cv2.error as exc:
                    raise EngineError(f"The face detector model could not be loaded ({exc}).",
                                      remedy="Reinstall the kiosk with 'uv sync'.") from None
                finally:
                    cv2.utils.logging.setLogLevel(level)
            return self._net

    def detect(self, frame_bgr: np.ndarray, scale: float = 1.0) -> list[Face]:
        """Faces in ``frame_bgr`` (BGR), detected on a copy resized by ``scale``; best score first."""
        net = self.load()
        h, w = frame_bgr.shape[:2]
        img = frame_bgr
        if frame_bgr.ndim == 2:
            img = cv2.cvtColor(frame_bgr, cv2.COLOR_GRAY2BGR)
        if scale != 1.0:
            img = cv2.resize(img, (max(1, round(w * scale)), max(1, round(h * scale))),
                             interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        sy, sx = h / img.shape[0], w / img.shape[1]
        with self._lock:
            net.setInputSize((img.shape[1], img.shape[0]))
            _, rows = net.detect(np.ascontiguousarray(img))
        faces = []
        for row in [] if rows is None else rows:
            x, y, bw, bh = row[0] * sx, row[1] * sy, row[2] * sx, row[3] * sy
            top, left = max(0, int(round(y))), max(0, int(round(x)))
            bottom, right = min(h, int(round(y + bh))), min(w, int(round(x + bw)))
            if bottom > top and right > left:
                pts = row[4:14].reshape(5, 2) * np.array([sx, sy], np.float32)
                faces.append(Face((top, right, bottom, left), pts, float(row[14])))
        return sorted(faces, key=lambda f: f.score, reverse=True)
