"""Passive presentation-attack check: the MiniFASNet pair (Apache-2.0) on OpenCV's DNN module.

Fed exactly as the original (minivision-ai/Silent-Face-Anti-Spoofing, test code): a crop of
the camera frame around the face box, enlarged about its centre by the model's scale (2.7
for V2, 4.0 for V1SE; shrunk and shifted to stay inside the frame), resized to 80x80, BGR
uint8 values as float32 (not normalised), NCHW. Output: 3 logits, softmax, index 1 = bona
fide; the two models' softmax outputs are averaged.

One frame's score is one signal, never a verdict: :class:`PassiveJudge` gathers the score of
several frames and judges their mean twice: under the site's calibrated threshold (default
0.01, where about 5 % of genuine faces score; README: Liveness) the face is refused; under
:data:`DOUBT` it is doubtful, and the liveness check weighs that against the challenge (one
more turn is asked, :mod:`kiosk.liveness.check`). Frames and crops live in memory only
(rule 5); scores are never stored.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.biometrics.engine import Box
from kiosk.liveness.models import checked_model

SIZE = 80
#: a mean score under this is doubtful: with the challenge it asks one more turn, alone it refuses
#: (about a fifth of genuine framed news photos and three prints in four score under it; README)
DOUBT = 0.5
#: (file, scale) of the pair, as in the original repository
MODELS = (("minifasnet_v2_scale2.7_80x80.onnx", 2.7), ("minifasnet_v1se_scale4.0_80x80.onnx", 4.0))


def crop_box(frame_w: int, frame_h: int, box: Box, scale: float) -> tuple[int, int, int, int]:
    """The original's ``_get_new_box``: (x0, y0, x1, y1) inclusive, the face box scaled about its
    centre (the scale reduced so that the crop fits) and shifted back inside the frame."""
    top, right, bottom, left = box
    bw, bh = max(1, right - left), max(1, bottom - top)
    scale = min((frame_h - 1) / bh, (frame_w - 1) / bw, scale)
    nw, nh = bw * scale, bh * scale
    cx, cy = left + bw / 2, top + bh / 2
    x0, y0, x1, y1 = cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2
    if x0 < 0:
        x1, x0 = x1 - x0, 0
    if y0 < 0:
        y1, y0 = y1 - y0, 0
    if x1 > frame_w - 1:
        x0, x1 = x0 - (x1 - frame_w + 1), frame_w - 1
    if y1 > frame_h - 1:
        y0, y1 = y0 - (y1 - frame_h + 1), frame_h - 1
    return int(x0), int(y0), int(x1), int(y1)


def model_input(frame_bgr: np.ndarray, box: Box, scale: float) -> np.ndarray:
    """(1, 3, 80, 80) float32 blob: BGR values 0-255, not normalised."""
    h, w = frame_bgr.shape[:2]
    x0, y0, x1, y1 = crop_box(w, h, box, scale)
    crop = cv2.resize(frame_bgr[y0 : y1 + 1, x0 : x1 + 1], (SIZE, SIZE))
    return np.ascontiguousarray(crop.transpose(2, 0, 1)[None].astype(np.float32))


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max())
    return z / z.sum()


class PassiveModel:
    """The two nets, loaded once (sha256 checked first). ``score`` is thread-safe (one lock:
    a DNN net must not run two forwards at once) and uses the caller's thread only."""

    def __init__(self, models_dir: Path | None = None) -> None:
        self._models_dir = models_dir
        self._nets: list[tuple[cv2.dnn.Net, float]] | None = None
        self._lock = threading.Lock()

    def load(self) -> list[tuple[cv2.dnn.Net, float]]:
        """The model pair, loaded on first use (sha256 checked)."""
        with self._lock:
            if self._nets is None:
                nets = []
                for name, scale in MODELS:
                    data = checked_model(name, self._models_dir)
                    nets.append((cv2.dnn.readNetFromONNX(np.frombuffer(data, np.uint8)), scale))
                cv2.setNumThreads(1)  # one thread: the other core serves the encoder and the UI
                self._nets = nets
            return self._nets

    @property
    def loaded(self) -> bool:
        return self._nets is not None

    def score(self, frame_bgr: np.ndarray, box: Box) -> float:
        """Bona fide probability (0-1) of the face in ``box``: the pair's mean softmax, index 1."""
        nets = self.load()
        total = np.zeros(3, np.float64)
        with self._lock:
            for net, scale in nets:
                net.setInput(model_input(frame_bgr, box, scale))
                total += _softmax(np.asarray(net.forward(), np.float64).ravel())
        return float(total[1] / len(nets))


@dataclass(frozen=True)
class PassiveVerdict:
    """The decision over several frames. ``live`` is None while frames are still gathered;
    ``doubtful``: the mean lies under :data:`DOUBT` (a face that is not refused may be doubtful)."""

    live: bool | None
    judged: int
    needed: int
    doubtful: bool = False


class PassiveJudge:
    """Averages the bona fide score of ``frames`` judged frames and compares it with
    ``threshold`` (under it: not live) and ``doubt`` (under it: doubtful). Not thread-safe: one
    judge per capture run."""

    def __init__(self, model: PassiveModel, threshold: float, frames: int, doubt: float = DOUBT) -> None:
        self.model, self.threshold, self.needed, self.doubt = model, threshold, frames, doubt
        self._scores: list[float] = []

    def add(self, frame_bgr: np.ndarray, box: Box) -> PassiveVerdict:
        if len(self._scores) < self.needed:
            self._scores.append(self.model.score(frame_bgr, box))
        return self.verdict

    @property
    def verdict(self) -> PassiveVerdict:
        n = len(self._scores)
        if n < self.needed:
            return PassiveVerdict(None, n, self.needed)
        mean = float(np.mean(self._scores))
        return PassiveVerdict(mean >= self.threshold, n, self.needed, mean < max(self.doubt, self.threshold))

    @property
    def mean_score(self) -> float | None:
        """For the evaluation and calibration commands only; never shown to visitors or stored."""
        return float(np.mean(self._scores)) if self._scores else None
