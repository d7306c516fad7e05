"""Rule 8: only the visitor's face, the one close and centred, is processed. A clearly smaller
face further back (someone in the queue) is a bystander: never encoded, tracked, kept or
shown, and it does not stop the check. A second face about as close pauses the check."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest
from liveness_helpers import TickClock

from kiosk.biometrics.engine import Box, distance
from kiosk.biometrics.fake import FakeEngine, PromptFollower, draw_face, identity_vector
from kiosk.biometrics.quality import Reason
from kiosk.biometrics.visitor_face import BYSTANDER_RATIO, choose, screen_picture
from kiosk.camera.source import MemorySource
from kiosk.config import Settings
from kiosk.errors import ConfigError
from kiosk.liveness.check import LivenessCheck
from kiosk.pipeline import CapturePipeline

S = Settings()
VISITOR, BYSTANDER = 30, 120  # hues of two fake people


@dataclass(frozen=True)
class F:
    box: Box


def face(w: int, h: int | None = None, cx: int = 320, cy: int = 240) -> F:
    h = h if h is not None else int(w * 1.25)
    return F((cy - h // 2, cx + w // 2, cy - h // 2 + h, cx - w // 2))


# -- the choice --------------------------------------------------------------------------------
def test_the_setting_is_the_chosen_ratio():
    assert S.bystander_ratio == BYSTANDER_RATIO == 0.7
    for bad in (float("nan"), 1.2, 0.1):
        with pytest.raises(ConfigError, match="bystander_ratio"):
            Settings(bystander_ratio=bad).validate()
    Settings(bystander_ratio=0.6).validate()


@pytest.mark.parametrize("ratio,bystander", [(0.3, True), (0.6, True), (0.69, True), (0.71, False), (0.85, False), (1.0, False)])
def test_a_face_narrower_and_shorter_than_the_ratio_is_a_bystander(ratio, bystander):
    visitor, other = face(200), face(int(200 * ratio), cx=540, cy=120)
    for faces in ([visitor, other], [other, visitor]):  # the order the detector gives does not matter
        c = choose(faces)
        if bystander:
            assert c.visitor is visitor and c.competing == (visitor,) and c.bystanders == (other,) and not c.crowded
        else:
            assert c.visitor is None and c.crowded and set(c.competing) == {visitor, other} and c.bystanders == ()


def test_equal_sizes_are_crowded_wherever_they_stand():
    left, right = face(180, cx=180), face(180, cx=460)
    assert choose([left, right]).crowded and choose([left, right]).visitor is None
    centred, at_edge = face(180), face(182, cx=600)
    assert choose([centred, at_edge]).crowded  # a centred face does not win over one as close at the edge


def test_a_smaller_face_in_the_centre_never_takes_the_visitors_place():
    off_centre, small_centred = face(200, cx=520), face(100)
    c = choose([small_centred, off_centre])
    assert c.visitor is off_centre and c.bystanders == (small_centred,)  # the gate then asks the visitor into the oval


def test_a_face_cut_by_the_edge_keeps_its_full_height_and_stays_about_as_close():
    visitor = face(200, 250)
    half_out = F((115, 640, 365, 560))  # 80 px wide (0.4 of the visitor's) but 250 px tall: half out of the picture
    assert choose([visitor, half_out]).crowded


def test_no_face_and_one_face():
    assert choose([]).visitor is None and not choose([]).crowded
    one = face(120)
    assert choose([one]).visitor is one and choose([one]).bystanders == ()


def test_three_faces_one_close_two_in_the_queue():
    visitor, q1, q2 = face(220), face(90, cx=80, cy=100), face(120, cx=560, cy=90)
    c = choose([q1, visitor, q2])
    assert c.visitor is visitor and c.bystanders == (q1, q2)


# -- the picture on screen -----------------------------------------------------------------------
def detail(region: np.ndarray) -> float:
    """Fine detail: the mean difference between neighbouring pixels (what a blur takes away)."""
    r = region.astype(np.int16)
    return float(np.abs(np.diff(r, axis=0)).mean() + np.abs(np.diff(r, axis=1)).mean())


def _texture(h=480, w=640, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), np.uint8)


def test_the_screen_picture_blurs_everything_but_the_visitors_face():
    frame = _texture()
    before = frame.copy()
    visitor = (120, 400, 360, 240)
    out = screen_picture(frame, visitor, hidden=[(20, 620, 100, 540)])
    assert np.array_equal(frame, before)  # the camera frame itself is not changed
    assert np.array_equal(out[200:280, 290:350], frame[200:280, 290:350])  # the visitor's face: sharp, as it is
    assert detail(out[20:100, 540:620]) < 0.2 * detail(frame[20:100, 540:620])  # the bystander's corner: blurred
    assert detail(out[400:480, 0:100]) < 0.2 * detail(frame[400:480, 0:100])
    none = screen_picture(frame, None)
    assert detail(none) < 0.2 * detail(frame)  # no visitor: nothing sharp at all


def test_a_bystander_just_behind_the_visitors_head_stays_blurred():
    frame = _texture(seed=1)
    visitor = (120, 420, 380, 220)
    behind = (100, 430, 150, 380)  # reaches into the sharp ellipse around the visitor's face
    out = screen_picture(frame, visitor, hidden=[behind])
    assert detail(out[100:150, 380:430]) < 0.3 * detail(frame[100:150, 380:430])
    assert np.array_equal(out[230:300, 290:350], frame[230:300, 290:350])


# -- the live pipeline ----------------------------------------------------------------------------
class SpyEngine(FakeEngine):
    """Records every box given to the encoder."""

    def __init__(self) -> None:
        super().__init__()
        self.encoded_boxes: list[Box] = []

    def encode(self, frame_bgr, box, mode=None):
        self.encoded_boxes.append(tuple(box))
        return super().encode(frame_bgr, box)


def is_visitor(enc: np.ndarray) -> bool:
    return distance(enc, identity_vector(VISITOR)) <= S.match_threshold


def with_queue(size: float = 0.2) -> np.ndarray:
    """The visitor close and centred, someone smaller further back in the upper right."""
    return draw_face(BYSTANDER, size=size, centre=(0.85, 0.22), frame=draw_face(VISITOR, size=0.45))


def _inside(box: Box, outer: Box) -> bool:
    return box[0] >= outer[0] and box[1] <= outer[1] and box[2] <= outer[2] and box[3] >= outer[3]


VISITOR_REGION = (120, 420, 360, 220)  # around the visitor's face (0.45 x 480 tall, centred)


def run(pipe):
    previews, statuses = [], []
    outcome = pipe.run(threading.Event(), previews.append, statuses.append)
    return outcome, previews, statuses


def test_a_small_bystander_does_not_stop_a_match_and_is_never_encoded():
    engine = SpyEngine()
    frame = with_queue()
    assert len(engine.detect_faces(frame)) == 2  # both are seen by the detector
    pipe = CapturePipeline(MemorySource([frame], realtime=False), engine, S, needed=2, judge=is_visitor, timeout_s=5)
    outcome, previews, statuses = run(pipe)
    assert outcome.kind == "match"
    assert engine.encoded_boxes and all(_inside(b, VISITOR_REGION) for b in engine.encoded_boxes)
    assert all(s.reason is Reason.OK for s in statuses)
    assert all(_inside(s.box, VISITOR_REGION) for s in statuses)  # the status names the visitor's face only


def test_a_second_face_about_as_close_still_pauses():
    engine = SpyEngine()
    crowded = draw_face(BYSTANDER, size=0.4, centre=(0.8, 0.5), frame=draw_face(VISITOR, size=0.45, centre=(0.3, 0.5)))
    pipe = CapturePipeline(MemorySource([crowded], realtime=False), engine, S, needed=2, judge=is_visitor, timeout_s=0.3)
    outcome, _, statuses = run(pipe)
    assert outcome.kind == "timeout" and engine.encoded_boxes == []
    assert {s.reason for s in statuses} == {Reason.MULTIPLE_FACES}


def test_enrollment_capture_goes_on_beside_a_bystander():
    engine = SpyEngine()
    got = []
    pipe = CapturePipeline(MemorySource([with_queue()], realtime=False), engine, S, needed=3, collect=got.append, timeout_s=5)
    outcome, _, _ = run(pipe)
    assert outcome.kind == "captured" and len(got[0]) == 3 and all(is_visitor(e) for e in got[0])
    assert all(_inside(b, VISITOR_REGION) for b in engine.encoded_boxes)


def test_the_bystander_is_never_shown_in_the_preview():
    frame = with_queue()
    pipe = CapturePipeline(MemorySource([frame], realtime=False), FakeEngine(), S, needed=2, judge=is_visitor, timeout_s=5)
    _, previews, _ = run(pipe)
    assert previews
    bys = (57, 581, 154, 508)  # the bystander's face as the fake detector finds it
    for shown in previews:
        assert shown is not frame
        assert detail(shown[bys[0]:bys[2], bys[3]:bys[1]]) < 0.2 * detail(frame[bys[0]:bys[2], bys[3]:bys[1]])
        assert np.array_equal(shown[200:280, 280:360], frame[200:280, 280:360])


class ObservedCheck(LivenessCheck):
    """The liveness check, recording how many faces each frame gave it."""

    seen: list[int]

    def observe(self, frame_bgr, faces, gate_ok, t):
        self.seen.append(len(faces))
        return super().observe(frame_bgr, faces, gate_ok, t)


def test_the_challenge_is_neither_paused_nor_fed_by_a_bystander():
    s = Settings().replace(liveness="challenge")
    engine = FakeEngine()
    base = LivenessCheck.from_settings(s, None)
    check = ObservedCheck(base.passive, base.challenge)
    check.seen = []
    visitor = PromptFollower()  # the visitor does what the challenge asks
    visitor.check, engine.follower = check, visitor
    pipe = CapturePipeline(MemorySource([with_queue()] * 80, realtime=False, loop=False), engine, s, needed=2,
                           judge=is_visitor, liveness=check, clock=TickClock())
    outcome, _, statuses = run(pipe)
    assert outcome.kind == "match"
    assert check.seen and set(check.seen) == {1}  # the tracker only ever sees the visitor's face
    assert not any(st.reason is Reason.MULTIPLE_FACES for st in statuses)
