"""Camera jobs run by :class:`kiosk.ui.camera.CameraWorker` on its thread (no widgets here).

* :func:`face_verify_job` runs the capture pipeline against the claimed member only (1:1);
  ``judge`` goes through the serial database executor.
* :func:`pass_reader_job` decodes a QR code or barcode held up to the camera (OpenCV).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np

from kiosk.ui.camera import JobResult


def face_verify_job(ctx, member_no: str) -> Callable:
    from kiosk.pipeline import CapturePipeline

    kiosk, settings, db, encoder = ctx.kiosk, ctx.settings, ctx.db, ctx.encoder
    timeout_s = ctx.face_timeout_s

    def judge(encoding: np.ndarray) -> bool:
        return bool(db.call_sync(lambda: kiosk.faces.is_match(member_no, encoding)))

    def job(source, stop: threading.Event, on_preview, on_status) -> JobResult:
        pipe = CapturePipeline(source, kiosk.engine, settings, needed=settings.verify_frames, judge=judge,
                               timeout_s=timeout_s, encoder=encoder)
        outcome = pipe.run(stop, on_preview, on_status)
        code = getattr(outcome.error, "code", None) if outcome.error is not None else None
        return JobResult(outcome.kind, code)

    return job


@dataclass(frozen=True)
class ReaderStatus:
    """The pass reader is looking; ``seconds_left`` until it gives up. No frame data."""

    seconds_left: int


def decode_pass(frame_bgr: np.ndarray, qr: cv2.QRCodeDetector, barcode) -> str | None:
    gray = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    text, _, _ = qr.detectAndDecode(gray)
    if text:
        return text.strip()
    if barcode is not None:
        try:
            found = barcode.detectAndDecode(gray)
        except cv2.error:
            return None
        texts = found[0] if isinstance(found[0], (tuple, list)) else [found[0]]
        for t in texts or []:
            if t:
                return str(t).strip()
    return None


def pass_reader_job(timeout_s: float, clock: Callable[[], float] = time.monotonic) -> Callable:
    def job(source, stop: threading.Event, on_preview, on_status) -> JobResult:
        qr = cv2.QRCodeDetector()
        barcode = cv2.barcode.BarcodeDetector() if hasattr(cv2, "barcode") else None
        deadline = clock() + timeout_s
        last = None
        while not stop.is_set():
            left = deadline - clock()
            if left <= 0:
                return JobResult("timeout")
            frame = source.read()
            on_preview(frame)
            if int(left) != last:
                last = int(left)
                on_status(ReaderStatus(last))
            text = decode_pass(frame, qr, barcode)
            if text:
                return JobResult("decoded", text[:64])
        return JobResult("stopped")

    return job
