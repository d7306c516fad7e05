"""The camera worker: a QObject on its own QThread that owns the frame source and the job.

The worker opens the source, runs a *job* (the face pipeline, the QR reader, ...) and only
emits signals: ``preview`` (QImage, mirrored, small), ``status`` (a frozen status object)
and ``finished`` (a :class:`JobResult`). Widgets are never touched from the worker.
:meth:`CameraController.stop` sets the job's stop Event and returns at once; the thread
ends on its own and is waited for (with a timeout) only at shutdown. The source is closed
by the worker as soon as the job ends, so the camera is on only while a job runs.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from kiosk.camera.source import FrameSource
from kiosk.errors import CameraError, ErrorCode
from kiosk.pipeline import Kind

log = logging.getLogger(__name__)

PREVIEW_MAX_W = 800


@dataclass(frozen=True)
class JobResult:
    kind: Kind
    value: object = None  # e.g. the decoded pass number; never a frame or template

    @property
    def refusal(self) -> str:
        """For a refused liveness check: the refusal's code ("" when the check named none)."""
        return self.value if isinstance(self.value, str) else ""


#: job(source, stop, on_preview(frame_bgr), on_status(status)) -> JobResult
Job = Callable[[object, threading.Event, Callable[[np.ndarray], None], Callable[[object], None]], JobResult]


def to_qimage(frame_bgr: np.ndarray, max_w: int = PREVIEW_MAX_W, mirror: bool = True) -> QImage:
    h, w = frame_bgr.shape[:2]
    if w > max_w:
        frame_bgr = cv2.resize(frame_bgr, (max_w, int(h * max_w / w)), interpolation=cv2.INTER_AREA)
    if mirror:
        frame_bgr = cv2.flip(frame_bgr, 1)
    rgb = np.ascontiguousarray(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB))
    return QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format.Format_RGB888).copy()


class CameraWorker(QObject):
    preview = Signal(int, QImage)
    status = Signal(int, object)
    finished = Signal(int, object)

    def __init__(self, run_id: int, open_source: Callable[[], FrameSource], job: Job) -> None:
        super().__init__()
        self.run_id = run_id
        self._open = open_source
        self._job = job
        self.stop_event = threading.Event()
        self.preview_taken = threading.Event()
        self.preview_taken.set()

    def _emit_preview(self, frame_bgr: np.ndarray) -> None:
        if self.preview_taken.is_set():  # drop frames while the UI is still painting the last one
            self.preview_taken.clear()
            self.preview.emit(self.run_id, to_qimage(frame_bgr))

    def _emit_status(self, status: object) -> None:
        self.status.emit(self.run_id, status)

    @Slot()
    def run(self) -> None:
        source = None
        try:
            source = self._open()
            result = self._job(source, self.stop_event, self._emit_preview, self._emit_status)
        except CameraError as exc:
            log.warning("camera failed: %s", exc)
            result = JobResult(Kind.CAMERA_FAILED, exc.code)
        except Exception:
            log.exception("camera job crashed")
            result = JobResult(Kind.CAMERA_FAILED, ErrorCode.ERROR)
        finally:
            if source is not None:
                try:
                    source.close()
                except Exception:
                    log.exception("closing the camera failed")
        if self.stop_event.is_set() and result.kind is not Kind.CAMERA_FAILED:
            result = JobResult(Kind.STOPPED)
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())  # so the UI thread may delete it
        self.finished.emit(self.run_id, result)


class CameraController(QObject):
    """Starts and stops camera jobs for one page; forwards signals of the current run only."""

    preview = Signal(QImage)
    status = Signal(object)
    finished = Signal(object)

    def __init__(self, open_source: Callable[[], FrameSource], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_source = open_source
        self._runs: dict[int, tuple[QThread, CameraWorker]] = {}
        self._current: int | None = None
        self._next_id = 0

    @property
    def running(self) -> bool:
        return self._current is not None

    def start(self, job: Job) -> None:
        self.stop()
        self._prune()
        self._next_id += 1
        run_id = self._next_id
        thread = QThread()
        thread.setObjectName(f"kiosk-camera-job-{run_id}")
        worker = CameraWorker(run_id, self._open_source, job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.preview.connect(self._on_preview)
        worker.status.connect(self._on_status)
        worker.finished.connect(self._on_finished)
        worker.finished.connect(thread.quit)
        self._runs[run_id] = (thread, worker)
        self._current = run_id
        thread.start()

    def stop(self) -> None:
        """Ask the current job to stop; does not wait (the UI thread never blocks)."""
        if self._current is not None:
            run = self._runs.get(self._current)
            if run:
                run[1].stop_event.set()
            self._current = None

    @Slot(int, QImage)
    def _on_preview(self, run_id: int, image: QImage) -> None:
        run = self._runs.get(run_id)
        if run:
            run[1].preview_taken.set()
        if run_id == self._current:
            self.preview.emit(image)

    @Slot(int, object)
    def _on_status(self, run_id: int, status: object) -> None:
        if run_id == self._current:
            self.status.emit(status)

    @Slot(int, object)
    def _on_finished(self, run_id: int, result: JobResult) -> None:
        if run_id == self._current:
            self._current = None
            self.finished.emit(result)

    def _prune(self) -> None:
        for run_id, (thread, _) in list(self._runs.items()):
            if thread.isFinished():
                del self._runs[run_id]

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop every job and wait for the threads (application exit, tests)."""
        self.stop()
        ok = True
        for run_id, (thread, worker) in list(self._runs.items()):
            worker.stop_event.set()
            thread.quit()
            ok = thread.wait(timeout_ms) and ok
            del self._runs[run_id]
        return ok

    @property
    def active_threads(self) -> int:
        return sum(1 for t, _ in self._runs.values() if t.isRunning())
