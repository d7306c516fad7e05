"""Frame sources that behave like a camera: ``read()`` gives the newest BGR frame.

Interface (no Qt)::

    class FrameSource(Protocol):
        fps: float
        def read(self) -> np.ndarray   # newest 3-channel BGR frame; CameraError on failure
        def interrupt(self) -> None     # any thread: a read() waiting for the next frame (or the
                                        # next read(), if none waits) raises Interrupted at once
        def close(self) -> None         # idempotent; joins any thread the source started

    open_source(spec, *, realtime=True) -> FrameSource
        spec: a webcam index (int or digit string), a video file (looped) or an image
        file (looped, 30 fps). Raises CameraError, naming the remedy, when it cannot open.

A real camera never queues: a frame that was not read in time is gone. The sources here
do the same. With ``realtime`` a file or in-memory source is paced at its fps and skips
frames that a slow reader missed, so ``read()`` always returns the newest frame due;
without it every frame is returned in order as fast as it is read (tests). Frames live
only in memory; nothing here ever writes an image anywhere (rule 5). ``read()`` returns a
frame the caller owns (it may draw on it).

``interrupt()`` lets a reader that waits for frames also wait for something else: the
capture pipeline interrupts its own read when a decision is ready, so the decision is
returned at once instead of with the next frame (up to 1/fps later). An interrupt is used
up by the one read it ends; a frame is never lost to it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Protocol, Sequence

import cv2
import numpy as np

from kiosk.errors import CameraError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}
STALL_S = 2.0  # a webcam that delivers nothing for this long has failed


class Interrupted(Exception):
    """``read()`` ended by ``interrupt()`` before a new frame arrived (no frame was taken)."""


class FrameSource(Protocol):
    fps: float

    def read(self) -> np.ndarray: ...

    def interrupt(self) -> None: ...

    def close(self) -> None: ...


def _bgr(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    return frame


class _Pacer:
    """Which frame index is due now, for a source that plays at ``fps`` from its first read.

    The wait for a frame not yet due ends early on ``interrupt()`` (``sleep``, when given,
    replaces that wait: tests pass a fake clock's sleep).
    """

    def __init__(self, fps: float, realtime: bool, clock: Callable[[], float],
                 sleep: Callable[[float], object] | None) -> None:
        self._wake = threading.Event()
        self.fps, self.realtime, self.clock = fps, realtime, clock
        self.sleep = sleep if sleep is not None else self._wake.wait
        self.started_at: float | None = None
        self.last = -1

    def interrupt(self) -> None:
        self._wake.set()

    def _take_interrupt(self) -> None:
        if self._wake.is_set():
            self._wake.clear()
            raise Interrupted

    def next_index(self) -> int:
        self._take_interrupt()
        if not self.realtime:
            self.last += 1
            return self.last
        now = self.clock()
        if self.started_at is None:
            self.started_at = now
        due = int((now - self.started_at) * self.fps)
        if due <= self.last:  # the next frame is not out yet: wait for it, like a camera
            self.sleep(max(0.0, self.started_at + (self.last + 1) / self.fps - now))
            self._take_interrupt()
            due = self.last + 1
        self.last = due  # frames between the previous read and now are dropped (newest wins)
        return due

    def due_time(self, index: int) -> float:
        """When frame ``index`` became (or becomes) the newest frame, on the source's clock."""
        return (self.started_at or 0.0) + index / self.fps


class MemorySource:
    """Frames held in memory, served like a camera (the bench's clip, tests, image files)."""

    def __init__(
        self,
        frames: Sequence[np.ndarray],
        fps: float = 30.0,
        *,
        realtime: bool = True,
        loop: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        if not len(frames):
            raise CameraError("The in-memory clip has no frames.", remedy="Give at least one frame.")
        self.frames = frames
        self.fps = float(fps)
        self.loop = loop
        self.pacer = _Pacer(self.fps, realtime, clock, sleep)
        self.index = -1  # index of the frame last returned (grows past len(frames) when looping)
        self.closed = False

    def read(self) -> np.ndarray:
        if self.closed:
            raise CameraError("The camera is closed.", remedy="Open it again.")
        i = self.pacer.next_index()
        if i >= len(self.frames) and not self.loop:
            raise CameraError("The clip has ended.", remedy="Use a longer clip or loop it.")
        self.index = i
        return _bgr(self.frames[i % len(self.frames)]).copy()

    def interrupt(self) -> None:
        self.pacer.interrupt()

    def close(self) -> None:
        self.closed = True


class VideoFileSource:
    """A video file played like a camera at its own fps (looped)."""

    def __init__(self, path: Path, *, realtime: bool = True, clock=time.monotonic, sleep=None) -> None:
        self.path = Path(path)
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            raise CameraError(f"{self.path} could not be opened as a video.", remedy="Use an MP4/AVI video or a JPEG/PNG image.")
        self._cap: cv2.VideoCapture | None = cap
        fps = cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if 1.0 <= fps <= 240.0 else 30.0
        self._pacer = _Pacer(self.fps, realtime, clock, sleep)
        self._prev_due = -1

    @staticmethod
    def _grab(cap: cv2.VideoCapture) -> bool:
        if cap.grab():
            return True
        cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # loop
        return bool(cap.grab())

    def read(self) -> np.ndarray:
        cap = self._cap
        if cap is None:
            raise CameraError("The camera is closed.", remedy="Open it again.")
        due = self._pacer.next_index()
        skip, self._prev_due = due - self._prev_due, due
        for _ in range(max(1, skip)):  # skip (grab without decoding) frames a slow reader missed
            if not self._grab(cap):
                raise CameraError(f"{self.path} has no readable frames.", remedy="Check the video file.")
        ok, frame = cap.retrieve()
        if not ok or frame is None:
            raise CameraError(f"{self.path} could not be decoded.", remedy="Check the video file.")
        return _bgr(frame)

    def interrupt(self) -> None:
        self._pacer.interrupt()

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class WebcamSource:
    """A webcam read by its own thread, which keeps only the newest frame."""

    def __init__(self, index: int, *, capture=None, width: int = 640, height: int = 480, stall_s: float = STALL_S) -> None:
        self.index = index
        self._cap = capture if capture is not None else cv2.VideoCapture(index)
        if not self._cap.isOpened():
            self._cap.release()
            raise CameraError(
                f"Camera {index} could not be opened.",
                remedy="Check that the webcam is plugged in and not used by another program, or choose another --camera.",
            )
        if capture is None:
            self._cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            self._cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        fps = self._cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if 1.0 <= fps <= 240.0 else 30.0
        self.stall_s = stall_s
        self._cv = threading.Condition()
        self._frame: np.ndarray | None = None
        self._seq = 0  # frames grabbed so far
        self._taken = 0  # seq of the frame last returned by read()
        self._error: str | None = None
        self._closing = False
        self._interrupted = False
        self._thread = threading.Thread(target=self._grab_loop, name=f"kiosk-camera-{index}", daemon=True)
        self._thread.start()

    def _grab_loop(self) -> None:
        while not self._closing:
            ok, frame = self._cap.read()  # blocks at camera rate; OpenCV releases the GIL here
            with self._cv:
                if not ok or frame is None:
                    self._error = f"Camera {self.index} stopped delivering frames (unplugged or failed)."
                    self._cv.notify_all()
                    return
                self._frame, self._seq = _bgr(frame), self._seq + 1
                self._cv.notify_all()

    def read(self) -> np.ndarray:
        with self._cv:
            self._cv.wait_for(lambda: self._seq > self._taken or self._error or self._closing or self._interrupted,
                              timeout=self.stall_s)
            if self._closing:
                raise CameraError("The camera is closed.", remedy="Open it again.")
            if self._interrupted:
                self._interrupted = False
                raise Interrupted
            frame = self._frame
            if self._seq > self._taken and frame is not None:  # the newest frame; any in between are dropped
                self._taken = self._seq
                return frame.copy()
            reason = self._error or f"Camera {self.index} delivered no frame for {self.stall_s:g} s."
        raise CameraError(reason, remedy="Check the camera cable, or use card or PIN.")

    def interrupt(self) -> None:
        with self._cv:
            self._interrupted = True
            self._cv.notify_all()

    def close(self) -> None:
        with self._cv:
            self._closing = True
            self._cv.notify_all()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        self._cap.release()


def open_source(spec: str | int | Path, *, realtime: bool = True) -> FrameSource:
    """A webcam index (int or digit string), a video file or an image file (both looped)."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        return WebcamSource(int(spec))
    path = Path(spec)
    if not path.is_file():
        raise CameraError(
            f"No camera or file called {spec!s}.", remedy="Give a webcam index such as 0, or the path of a video or image file."
        )
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from kiosk.camera.still import read_image
        from kiosk.errors import ImageError

        try:
            frame = read_image(path)
        except ImageError as exc:
            raise CameraError(exc.message, remedy="Use a JPEG or PNG photo, or a video file.") from None
        return MemorySource([frame], 30.0, realtime=realtime, loop=True)
    return VideoFileSource(path, realtime=realtime)
