"""Frame sources: the newest frame wins, failures are CameraErrors, nothing queues."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from kiosk.camera.source import Interrupted, MemorySource, VideoFileSource, WebcamSource, open_source
from kiosk.errors import CameraError


def numbered(n: int, w: int = 64, h: int = 48) -> list[np.ndarray]:
    return [np.full((h, w, 3), i, np.uint8) for i in range(n)]


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s


def test_memory_source_in_order_without_realtime():
    src = MemorySource(numbered(3), realtime=False, loop=True)
    assert [int(src.read()[0, 0, 0]) for _ in range(5)] == [0, 1, 2, 0, 1]


def test_memory_source_realtime_skips_to_the_newest_frame():
    clock = FakeClock()
    src = MemorySource(numbered(100), fps=10, clock=clock, sleep=clock.sleep)
    assert src.read()[0, 0, 0] == 0
    assert src.read()[0, 0, 0] == 1  # the next frame is not out yet: read waits for it
    assert clock.t == pytest.approx(100.1)
    clock.t += 0.55  # a slow reader: frames 2..6 went by; only the newest is returned
    assert src.read()[0, 0, 0] == 6
    assert src.pacer.due_time(6) == pytest.approx(100.6)


def test_an_interrupt_ends_one_wait_for_a_frame_and_loses_no_frame():
    src = MemorySource(numbered(10), fps=0.01)  # the next frame is 100 s away
    assert src.read()[0, 0, 0] == 0
    ended: list[object] = []
    reader = threading.Thread(target=lambda: ended.append(pytest.raises(Interrupted, src.read)))
    reader.start()
    src.interrupt()  # while the reader waits for frame 1, or just before it starts to
    reader.join(timeout=60)  # without the interrupt the read would wait 100 s
    assert not reader.is_alive() and ended
    src.interrupt()  # an interrupt while nobody waits ends the next read, once
    with pytest.raises(Interrupted):
        src.read()
    assert src.index == 0  # no frame was taken by either interrupt
    clock = FakeClock()
    paced = MemorySource(numbered(10), fps=10, clock=clock, sleep=clock.sleep)
    paced.interrupt()
    with pytest.raises(Interrupted):
        paced.read()
    assert [int(paced.read()[0, 0, 0]) for _ in range(2)] == [0, 1]


def test_memory_source_gives_copies_and_ends_without_loop():
    frames = numbered(2)
    src = MemorySource(frames, realtime=False, loop=False)
    f = src.read()
    f[:] = 255
    assert frames[0].max() == 0  # the caller may draw on its frame
    src.read()
    with pytest.raises(CameraError):
        src.read()
    src.close()
    with pytest.raises(CameraError):
        src.read()


def test_open_source_refuses_missing_files_and_absent_cameras(tmp_path):
    with pytest.raises(CameraError, match="webcam index"):
        open_source(tmp_path / "nope.mp4")
    with pytest.raises(CameraError, match="could not be opened"):
        open_source("97")
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a jpeg")
    with pytest.raises(CameraError, match="not a readable image"):
        open_source(bad)


def test_open_source_loops_an_image_file(faces):
    src = open_source(faces / "obama_small.jpg", realtime=False)
    a, b = src.read(), src.read()
    assert a.shape == (240, 320, 3) and np.array_equal(a, b) and a is not b
    assert src.fps == 30.0
    src.close()


def test_video_file_loops_and_skips_frames_a_slow_reader_missed(tmp_path):
    path = tmp_path / "clip.avi"  # flat grey levels, no face: the frame index is the level
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for frame in numbered(20):
        out.write(np.full_like(frame, frame[0, 0, 0] * 10))
    out.release()
    src = open_source(path, realtime=False)
    assert isinstance(src, VideoFileSource) and src.fps == 10
    levels = [int(round(src.read()[0, 0, 0] / 10)) for _ in range(22)]
    assert levels[:3] == [0, 1, 2] and levels[20:] == [0, 1]  # looped
    src.close()
    clock = FakeClock()
    src = VideoFileSource(path, clock=clock, sleep=clock.sleep)
    src.read()
    clock.t += 0.45
    assert int(round(src.read()[0, 0, 0] / 10)) == 4
    src.close()


class FakeCapture:
    """A webcam that produces numbered frames as fast as it is read, then fails after ``fail_after``."""

    def __init__(self, fail_after: int | None = None, opened: bool = True) -> None:
        self.n, self.fail_after, self.opened = 0, fail_after, opened
        self.released = False
        self.gate = threading.Semaphore(0)

    def isOpened(self):  # noqa: N802 - cv2.VideoCapture's name
        return self.opened

    def get(self, prop):
        return 30.0

    def read(self):
        self.gate.acquire()  # the test lets frames through one by one
        if self.fail_after is not None and self.n >= self.fail_after:
            return False, None
        self.n += 1
        return True, np.full((48, 64, 3), self.n, np.uint8)

    def release(self):
        self.released = True
        self.gate.release()

    def let(self, k: int) -> None:
        for _ in range(k):
            self.gate.release()


def wait_for(cond, timeout=10.0):  # a condition, polled: a loaded machine only makes it slower
    ev = threading.Event()
    for _ in range(int(timeout / 0.005)):
        if cond():
            return
        ev.wait(0.005)
    raise AssertionError("condition not reached")


def test_webcam_returns_the_newest_frame_never_a_queued_one():
    cap = FakeCapture()
    src = WebcamSource(0, capture=cap)
    cap.let(5)
    wait_for(lambda: cap.n == 5)
    assert src.read()[0, 0, 0] == 5  # frames 1-4 are gone, as with a real camera
    cap.let(1)
    assert src.read()[0, 0, 0] == 6  # read waits for a frame newer than the last one
    cap.let(1000)  # a live camera keeps delivering while it is closed
    src.close()
    assert cap.released and not src._thread.is_alive()


def test_webcam_read_waiting_for_a_frame_ends_on_interrupt():
    cap = FakeCapture()
    src = WebcamSource(0, capture=cap, stall_s=60)
    ended: list[object] = []
    reader = threading.Thread(target=lambda: ended.append(pytest.raises(Interrupted, src.read)))
    reader.start()
    src.interrupt()
    reader.join(timeout=30)
    assert not reader.is_alive() and ended
    cap.let(1)
    assert src.read()[0, 0, 0] == 1  # the frame after the interrupt is not lost
    src.close()


def test_webcam_failure_and_stall_raise_camera_error():
    cap = FakeCapture(fail_after=1)
    src = WebcamSource(0, capture=cap)
    cap.let(2)
    assert src.read()[0, 0, 0] == 1
    with pytest.raises(CameraError, match="unplugged"):
        src.read()
    src.close()
    stalled = WebcamSource(1, capture=FakeCapture(), stall_s=0.05)
    with pytest.raises(CameraError, match="no frame"):
        stalled.read()
    stalled.close()
    with pytest.raises(CameraError, match="could not be opened"):
        WebcamSource(2, capture=FakeCapture(opened=False))
