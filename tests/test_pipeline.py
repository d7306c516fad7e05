"""Capture pipeline behaviour: newest frame wins, one encode in flight, decision rule, endings."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time

import cv2
import numpy as np
import pytest

from kiosk.biometrics.engine import distance
from kiosk.biometrics.fake import FakeEngine, draw_face, identity_vector
from kiosk.biometrics.quality import Reason
from kiosk.camera.source import MemorySource
from kiosk.config import Settings
from kiosk.errors import CameraError, DuplicateFaceError, EngineError, ErrorCode
from kiosk.pipeline import CapturePipeline, Outcome, ProcessEncoder

S = Settings()
ALICE, BOB = 30, 120  # hues of two fake people


def marked(frame: np.ndarray, i: int) -> np.ndarray:
    frame = frame.copy()
    frame[:80, :80] = i % 256  # the frame's number, in a corner outside the face (it survives the screen's blur)
    return frame


def clip(n: int, hue: int | None = ALICE) -> list[np.ndarray]:
    base = draw_face(hue) if hue is not None else np.full((480, 640, 3), 110, np.uint8)
    return [marked(base, i) for i in range(n)]


def is_alice(enc: np.ndarray) -> bool:
    return distance(enc, identity_vector(ALICE)) <= S.match_threshold


class Recorder:
    def __init__(self) -> None:
        self.previews: list[int] = []
        self.statuses = []

    def preview(self, frame: np.ndarray) -> None:
        self.previews.append(int(frame[0, 0, 0]))

    def status(self, st) -> None:
        self.statuses.append(st)


class Tracked(MemorySource):
    closed_calls = 0

    def close(self) -> None:
        self.closed_calls += 1
        super().close()


def run(pipe: CapturePipeline, stop: threading.Event | None = None) -> tuple[Outcome, Recorder]:
    rec = Recorder()
    return pipe.run(stop or threading.Event(), rec.preview, rec.status), rec


def test_verify_matches_after_needed_agreeing_encodings_and_closes_the_camera(fake_engine):
    src = Tracked(clip(50), realtime=False)
    pipe = CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice)
    outcome, rec = run(pipe)
    assert outcome == Outcome("match")
    assert fake_engine.encode_calls == 2  # no encode is wasted after the decisive one
    assert src.closed_calls == 1 and src.closed
    st = rec.statuses[-1]
    assert st.reason is Reason.OK and st.needed == 2 and st.frame_size == (640, 480)
    assert not any(hasattr(s, "distance") or hasattr(s, "encoding") for s in rec.statuses)


def test_verify_gives_no_match_after_a_bounded_number_of_misses(fake_engine):
    src = MemorySource(clip(50, BOB), realtime=False)
    outcome, _ = run(CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice, max_misses=4))
    assert outcome.kind == "no_match" and fake_engine.encode_calls == 4


def test_a_miss_resets_the_streak():
    calls = iter([True, False, True, True])
    src = MemorySource(clip(100), realtime=False)
    outcome, _ = run(CapturePipeline(src, FakeEngine(), S, needed=2, judge=lambda e: next(calls)))
    assert outcome.kind == "match"  # T F T T: two consecutive only at the fourth


def test_enroll_collects_needed_agreeing_encodings(fake_engine):
    got = []
    src = MemorySource(clip(60), realtime=False)
    pipe = CapturePipeline(src, fake_engine, S, needed=3, collect=lambda encs: got.append(encs) or "2030-01-01")
    outcome, _ = run(pipe)
    assert outcome.kind == "captured" and outcome.result == "2030-01-01"
    assert len(got) == 1 and len(got[0]) == 3
    assert all(is_alice(e) for e in got[0])


def test_enroll_waits_until_the_encodings_agree(fake_engine):
    frames = [draw_face(BOB)] + [draw_face(ALICE)] * 40  # someone else first, then the member
    got = []
    pipe = CapturePipeline(MemorySource(frames, realtime=False, loop=False), fake_engine, S, needed=2, collect=got.append)
    outcome, _ = run(pipe)
    assert outcome.kind == "captured" and all(is_alice(e) for e in got[0])


def test_errors_from_collect_and_judge_become_outcomes(fake_engine):
    def refuse(encs):
        raise DuplicateFaceError("This face is already enrolled on another pass.", remedy="Ask staff.")

    outcome, _ = run(CapturePipeline(MemorySource(clip(30), realtime=False), fake_engine, S, needed=1, collect=refuse))
    assert outcome.kind == "error" and outcome.error.code is ErrorCode.DUPLICATE_FACE

    def broken(enc):
        raise EngineError("No template.", remedy="Use card or PIN.")

    outcome, _ = run(CapturePipeline(MemorySource(clip(30), realtime=False), fake_engine, S, needed=1, judge=broken))
    assert outcome.kind == "error" and "No template" in outcome.message


class GatedEngine(FakeEngine):
    """Encoding blocks until the test opens the gate; records the frames it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.encoded: list[int] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()

    def encode(self, frame, box, mode=None):
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.encoded.append(int(frame[0, 0, 0]))
        self.gate.wait(5)
        with self._lock:
            self.in_flight -= 1
        return super().encode(frame, box)


def test_one_encode_in_flight_preview_goes_on_and_the_newest_good_frame_is_encoded_next():
    engine = GatedEngine()
    rec = Recorder()
    src = MemorySource(clip(200), realtime=False)
    pipe = CapturePipeline(src, engine, S, needed=2, judge=is_alice)
    done = {}
    t = threading.Thread(target=lambda: done.setdefault("o", pipe.run(threading.Event(), rec.preview, rec.status)))
    t.start()
    for _ in range(2000):  # while the first encode hangs, frames keep flowing to the preview
        if len(rec.previews) >= 40:
            break
        time.sleep(0.005)
    # exactly one encode started (an early frame: the slot may hand over frame 1 if it arrived before
    # the encode thread took frame 0) and it still hangs
    assert len(rec.previews) >= 40 and len(engine.encoded) == 1 and engine.encoded[0] < 40
    seen = len(rec.previews)
    engine.gate.set()
    t.join(5)
    assert done["o"].kind == "match"
    assert engine.max_in_flight == 1
    assert len(engine.encoded) == 2 and engine.encoded[1] >= seen - 2  # not frame 1: nothing stale was queued
    assert rec.previews == list(range(len(rec.previews)))  # every frame read was previewed


def test_newest_frame_wins_when_detection_is_slower_than_the_camera():
    class SlowEngine(FakeEngine):
        def detect_faces(self, frame, mode=None):
            time.sleep(0.03)
            return super().detect_faces(frame, mode)

    rec = Recorder()
    src = MemorySource([marked(np.zeros((48, 64, 3), np.uint8), i) for i in range(250)], fps=200, realtime=True)
    pipe = CapturePipeline(src, SlowEngine(), S, needed=2, judge=is_alice, timeout_s=0.4)
    outcome = pipe.run(threading.Event(), rec.preview, rec.status)
    assert outcome.kind == "timeout"
    steps = np.diff(rec.previews)
    assert (steps > 0).all() and steps.max() > 1  # frames a slow pipeline missed are skipped, not queued


def test_second_face_pauses_progress_and_is_never_encoded(fake_engine):
    two = draw_face(ALICE, size=0.4, centre=(0.3, 0.5), frame=draw_face(BOB, size=0.4, centre=(0.72, 0.5)))
    src = MemorySource([two], realtime=False)
    outcome, rec = run(CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice, timeout_s=0.2))
    assert outcome.kind == "timeout" and fake_engine.encode_calls == 0
    assert {s.reason for s in rec.statuses} == {Reason.MULTIPLE_FACES}
    assert all(s.good_frames == 0 for s in rec.statuses)


def test_quality_refusals_are_reported_and_not_encoded(fake_engine):
    far = draw_face(ALICE, size=0.15)
    src = MemorySource([far], realtime=False)
    outcome, rec = run(CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice, timeout_s=0.1))
    assert outcome.kind == "timeout" and fake_engine.encode_calls == 0
    assert rec.statuses[-1].reason is Reason.TOO_SMALL and rec.statuses[-1].box is not None


def test_stop_from_another_thread_ends_run_promptly(fake_engine):
    """Promptly in frames, not seconds: once stop is set, at most the frame in hand is shown."""
    src = Tracked(clip(10, hue=None), fps=30)  # loops: without the stop the run would go on to its timeout
    stop, seen, stopped_at = threading.Event(), threading.Event(), []
    rec = Recorder()

    def preview(frame) -> None:
        rec.preview(frame)
        if len(rec.previews) >= 3:
            seen.set()

    def stopper() -> None:
        if seen.wait(30):
            stopped_at.append(len(rec.previews))
            stop.set()

    t = threading.Thread(target=stopper)
    t.start()
    outcome = CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice).run(stop, preview, rec.status)
    t.join(30)
    assert outcome.kind == "stopped" and src.closed_calls == 1
    assert len(rec.previews) - stopped_at[0] <= 1


def test_timeout_uses_the_injected_clock(fake_engine):
    now = [0.0]

    def clock():
        now[0] += 1.0
        return now[0]

    src = MemorySource(clip(5, hue=None), realtime=False)
    outcome, rec = run(CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice, timeout_s=5, clock=clock))
    assert outcome.kind == "timeout" and len(rec.previews) == 4


def test_camera_failing_mid_capture_gives_an_outcome_not_an_exception(fake_engine):
    class Unplugged(Tracked):
        def read(self):
            if self.index >= 4:
                raise CameraError("Camera 0 stopped delivering frames (unplugged or failed).")
            return super().read()

    src = Unplugged(clip(10, hue=None), realtime=False)
    outcome, rec = run(CapturePipeline(src, fake_engine, S, needed=2, judge=is_alice))
    assert outcome.kind == "camera_failed" and "unplugged" in outcome.message
    assert len(rec.previews) == 5 and src.closed_calls == 1


def test_encoder_crash_is_an_error_outcome(fake_engine):
    class Crashing(FakeEngine):
        def encode(self, frame, box, mode=None):
            raise RuntimeError("boom")

    outcome, _ = run(CapturePipeline(MemorySource(clip(20), realtime=False), Crashing(), S, needed=2, judge=is_alice))
    assert outcome.kind == "error" and outcome.error.code is ErrorCode.ENGINE and "boom" in outcome.message


def test_pipeline_and_camera_never_import_qt():
    code = "import sys, kiosk.pipeline, kiosk.camera; assert not any(m.startswith('PySide6') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_process_encoder_reports_a_child_that_cannot_start():
    with ProcessEncoder(functools.partial(int, "not an engine")) as enc:
        with pytest.raises(EngineError, match="could not start"):
            enc.wait_ready()


def test_real_engine_in_a_child_process_matches_and_refuses(faces, dlib_engine):
    from kiosk.biometrics.dlib_engine import DlibEngine
    from kiosk.domain.faces import read_image

    def portrait(name: str) -> np.ndarray:  # 640x480 with the face about 45% of the height
        img = read_image(faces / name)
        top, right, bottom, left = dlib_engine.detect(img, mode="still")[0]
        side = int((bottom - top) / 0.45)
        cy, cx = (top + bottom) // 2, (left + right) // 2
        y0, x0 = max(0, cy - side // 2), max(0, cx - side * 2 // 3)
        return cv2.resize(img[y0 : y0 + side, x0 : x0 + side * 4 // 3], (640, 480), interpolation=cv2.INTER_AREA)

    obama, biden = portrait("obama-720p.jpg"), portrait("biden.jpg")
    template = dlib_engine.encode(read_image(faces / "obama.jpg"), dlib_engine.detect(read_image(faces / "obama.jpg"), "still")[0])

    def judge(enc):
        return distance(enc, template) <= S.match_threshold

    with ProcessEncoder(DlibEngine) as enc:
        box = dlib_engine.detect(obama)[0]
        assert np.array_equal(enc.encode(obama, box), dlib_engine.encode(obama, box))  # the face region is enough
        for frame, kind in ((obama, "match"), (biden, "no_match")):
            src = MemorySource([frame], realtime=False)
            outcome, rec = run(CapturePipeline(src, dlib_engine, S, needed=2, judge=judge, encoder=enc))
            assert outcome.kind == kind, rec.statuses[-1]


def test_one_frame_far_inside_the_threshold_decides_alone_else_frames_in_a_row(fake_engine):
    from kiosk.biometrics.engine import Match, match_level

    assert match_level(0.30, 0.55, 0.8) is Match.SURE and match_level(0.50, 0.55, 0.8) is Match.YES
    assert match_level(0.56, 0.55, 0.8) is Match.NO
    for answer, encodings in ((Match.SURE, 1), (Match.YES, 3), (True, 3)):
        engine = FakeEngine()
        src = MemorySource(clip(40), realtime=False)
        outcome, rec = run(CapturePipeline(src, engine, S, needed=3, judge=lambda e, a=answer: a, timeout_s=5))
        assert outcome.kind == "match" and engine.encode_calls == encodings, answer
    engine = FakeEngine()
    outcome, _ = run(CapturePipeline(MemorySource(clip(40), realtime=False), engine, S, needed=3,
                                     judge=lambda e: Match.NO, timeout_s=5, max_misses=3))
    assert outcome.kind == "no_match" and engine.encode_calls == 3


def test_a_decision_is_returned_at_once_not_with_the_next_camera_frame(fake_engine):
    """The encode thread wakes the loop: the camera's next frame (100 s away here) is not awaited."""
    from kiosk.biometrics.engine import Match

    src = Tracked(clip(5), fps=0.01)  # realtime: frame 1 is due 100 s after frame 0
    outcome, rec = run(CapturePipeline(src, fake_engine, S, needed=2, judge=lambda e: Match.SURE, timeout_s=300))
    assert outcome == Outcome("match") and rec.previews == [0] and src.index == 0
    assert src.closed_calls == 1
