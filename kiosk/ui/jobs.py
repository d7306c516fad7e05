"""Camera jobs run by :class:`kiosk.ui.camera.CameraWorker` on its thread (no widgets here).

* :func:`face_verify_job` runs the capture pipeline against the claimed member only (1:1);
  each frame is judged by :func:`kiosk.ops.judge_face` on the serial database executor.
* :func:`pass_reader_job` decodes a QR code or barcode held up to the camera (OpenCV). What
  it hands to the preview is only :func:`code_window`: never the visitor's face (rule 8).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np

from kiosk import ops
from kiosk.domain import pass_codes
from kiosk.pipeline import Kind
from kiosk.ui.camera import JobResult


def face_verify_job(ctx, member_no: str) -> Callable:
    from kiosk.pipeline import CapturePipeline

    kiosk, settings, db, encoder = ctx.kiosk, ctx.settings, ctx.db, ctx.encoder
    timeout_s = ctx.face_timeout_s
    pass_code = ctx.session.pass_code or None  # pass mode: the template comes from the scanned pass
    actor = ops.Actor.visitor(member_no)

    def judge(encoding: np.ndarray):  # Match: NO, YES or SURE
        return db.call_sync(lambda: ops.judge_face(kiosk, actor, member_no, encoding, pass_code))

    def job(source, stop: threading.Event, on_preview, on_status) -> JobResult:
        pipe = CapturePipeline(source, kiosk.engine, settings, needed=settings.verify_frames, judge=judge,
                               timeout_s=timeout_s, encoder=encoder, liveness=kiosk.liveness_check())
        outcome = pipe.run(stop, on_preview, on_status)
        if outcome.kind is Kind.LIVENESS_FAILED:
            return JobResult(outcome.kind, outcome.message)  # the refusal code
        code = getattr(outcome.error, "code", None) if outcome.error is not None else None
        return JobResult(outcome.kind, code)

    return job


@dataclass(frozen=True)
class ReaderStatus:
    """The pass reader is looking; ``seconds_left`` until it gives up; ``code_box`` where a code
    was located, as fractions of the frame (x0, y0, x1, y1), or None. No frame data."""

    seconds_left: int
    code_box: tuple[float, float, float, float] | None = None


#: All the visitor sees of the camera while the pass reader looks: the frame shrunk to this
#: width, a few blobs of colour that follow the pass. A face needs ~7x10 px *of face* to be
#: recognised; here the whole picture is 8 px wide (rule 8: no face on screen).
BLUR_WIDTH = 8


def code_window(frame_bgr: np.ndarray) -> np.ndarray:
    h, w = frame_bgr.shape[:2]
    return cv2.resize(frame_bgr, (BLUR_WIDTH, max(1, round(h * BLUR_WIDTH / w))), interpolation=cv2.INTER_AREA)


def code_box(corners: np.ndarray | None, shape: tuple[int, ...]) -> tuple[float, float, float, float] | None:
    if corners is None or not np.size(corners):
        return None
    pts = np.asarray(corners, np.float32).reshape(-1, 2)
    h, w = shape[:2]
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    box = (x0 / w, y0 / h, x1 / w, y1 / h)
    a, b, c, d = (round(min(1.0, max(0.0, float(v))), 2) for v in box)
    return a, b, c, d


def _first_text(texts) -> str | None:
    texts = texts if isinstance(texts, (tuple, list)) else [texts]
    for t in texts or []:
        if t:
            return str(t).strip()
    return None


def read_code(frame_bgr: np.ndarray, qr: cv2.QRCodeDetector, barcode) -> tuple[str | None, np.ndarray | None]:
    """(decoded text or None, corners of the code found or None)."""
    gray = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    text, corners, _ = qr.detectAndDecode(gray)
    if text:
        return text.strip(), corners
    if barcode is not None:
        try:
            found = barcode.detectAndDecode(gray)
        except cv2.error:
            return None, corners
        # OpenCV >= 4.8: (text, corners, straight); older: (ok, texts, types, corners)
        bar_text, bar_corners = (found[0], found[1]) if len(found) == 3 else (found[1], found[3])
        bar_text = _first_text(bar_text)
        if bar_text:
            return bar_text, bar_corners
        if corners is None and isinstance(bar_corners, np.ndarray) and bar_corners.size:
            corners = bar_corners
    return None, corners


def pass_reader_job(timeout_s: float, clock: Callable[[], float] = time.monotonic) -> Callable:
    def job(source, stop: threading.Event, on_preview, on_status) -> JobResult:
        qr = pass_codes.detector()  # reads the dense face-pass codes as well as short ones
        barcode = cv2.barcode.BarcodeDetector() if hasattr(cv2, "barcode") else None
        deadline = clock() + timeout_s
        last = None
        while not stop.is_set():
            left = deadline - clock()
            if left <= 0:
                return JobResult(Kind.TIMEOUT)
            frame = source.read()
            text, corners = read_code(frame, qr, barcode)
            on_preview(code_window(frame))  # never the frame itself: no face on screen
            status = ReaderStatus(int(left), code_box(corners, frame.shape))
            if status != last:
                last = status
                on_status(status)
            if text:
                return JobResult(Kind.DECODED, text[:pass_codes.MAX_TEXT])
        return JobResult(Kind.STOPPED)

    return job
