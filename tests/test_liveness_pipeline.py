"""Liveness in the capture pipeline: a face step passes only when the face matches AND the
liveness check passes. A real head turn (fake engine's landmarks) passes; a still portrait
and a photo turned in front of the camera are refused, with liveness as the reason."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from kiosk.biometrics.engine import Mode, distance
from kiosk.biometrics.fake import FakeEngine, draw_face, head_turn, identity_vector
from kiosk.camera.source import MemorySource, open_source
from kiosk.config import Settings
from kiosk.liveness.challenge import Challenge, Refusal, Step
from kiosk.liveness.check import LivenessCheck
from kiosk.liveness.passive import PassiveJudge, PassiveModel
from kiosk.biometrics.quality import Reason
from kiosk.pipeline import CapturePipeline
from liveness_helpers import TickClock, photo_turned_clip, shared
from ui_helpers import cooperative_turns

ALICE = 40


class Scores:
    """A passive model stand-in that gives every frame the same score."""

    def __init__(self, score: float) -> None:
        self.value = score

    def score(self, frame, box) -> float:
        return self.value


def is_alice(enc: np.ndarray) -> bool:
    return float(np.linalg.norm(enc - identity_vector(ALICE))) < 0.3


def run(pipe: CapturePipeline):
    statuses = []
    outcome = pipe.run(threading.Event(), lambda f: None, statuses.append)
    return outcome, statuses


def fake_pipe(engine, settings, liveness, **kw):
    src = MemorySource([draw_face(ALICE)], realtime=False)
    return CapturePipeline(src, engine, settings, needed=2, judge=is_alice, liveness=liveness, clock=TickClock(), **kw)


def test_a_real_head_turn_passes_and_the_match_waits_for_it():
    engine = FakeEngine()
    s = Settings().replace(liveness="challenge")
    engine.script_landmarks(cooperative_turns())
    outcome, statuses = run(fake_pipe(engine, s, LivenessCheck.from_settings(s, None)))
    assert outcome.kind == "match"
    prompts = [st.liveness.challenge.step for st in statuses if st.liveness.challenge.step is not None]
    assert set(prompts) == {Step.LEFT, Step.RIGHT, Step.CENTRE}
    assert statuses[-1].liveness.challenge.done == 3


def test_both_checks_must_pass():
    s = Settings()
    for passive_score, kind in ((0.95, "match"), (0.2, "liveness_failed")):
        engine = FakeEngine()
        engine.script_landmarks(cooperative_turns())
        check = LivenessCheck(PassiveJudge(Scores(passive_score), s.liveness_passive_threshold, s.liveness_passive_frames),
                              Challenge((Step.RIGHT, Step.LEFT, Step.CENTRE)))
        outcome, _ = run(fake_pipe(engine, s, check))
        assert outcome.kind == kind
    assert outcome.message == Refusal.PASSIVE.value


def test_a_face_that_does_not_turn_is_refused_for_liveness_even_when_it_matches():
    s = Settings().replace(liveness="challenge", liveness_challenge_s=4)
    outcome, statuses = run(fake_pipe(FakeEngine(), s, LivenessCheck.from_settings(s, None), timeout_s=30))
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.TIMEOUT.value
    assert statuses[-1].good_frames >= 2  # it matched; liveness decided


def test_no_match_is_not_held_back_by_liveness():
    s = Settings().replace(liveness="challenge")
    src = MemorySource([draw_face(120)], realtime=False)
    pipe = CapturePipeline(src, FakeEngine(), s, needed=2, judge=is_alice, liveness=LivenessCheck.from_settings(s, None),
                           clock=TickClock())
    assert run(pipe)[0].kind == "no_match"


def test_enrollment_is_not_collected_without_liveness():
    s = Settings().replace(liveness="challenge", liveness_challenge_s=4)
    got = []
    src = MemorySource([draw_face(ALICE)], realtime=False)
    pipe = CapturePipeline(src, FakeEngine(), s, needed=3, collect=got.append, liveness=LivenessCheck.from_settings(s, None),
                           clock=TickClock(), timeout_s=30)
    assert run(pipe)[0].kind == "liveness_failed" and got == []


def test_a_second_face_during_the_challenge_pauses_it_and_the_visitor_then_passes():
    s = Settings().replace(liveness="challenge")
    engine = FakeEngine()
    two = draw_face(100, size=0.42, centre=(0.78, 0.45), frame=draw_face(ALICE, size=0.45, centre=(0.35, 0.55)))
    alone = draw_face(ALICE, size=0.45, centre=(0.35, 0.55))
    engine.script_landmarks(head_turn([0.0] * 3 + [0.3] * 6) + cooperative_turns())  # turns while crowded count for nothing
    src = MemorySource([alone] * 3 + [two] * 6 + [alone] * 60, realtime=False, loop=False)
    pipe = CapturePipeline(src, engine, s, needed=2, judge=is_alice, liveness=LivenessCheck.from_settings(s, None),
                           clock=TickClock())
    outcome, statuses = run(pipe)
    assert outcome.kind == "match"
    crowded = [st for st in statuses if st.reason is Reason.MULTIPLE_FACES]
    assert len(crowded) == 6 and all(st.liveness.challenge.done == 0 for st in crowded)


# -- the real engine on portraits (../shared/faces) ------------------------------------------
@pytest.fixture(scope="module")
def portrait_frame(dlib_engine):
    from kiosk.bench.frames import frame_around_face
    from kiosk.domain.faces import read_image

    img = read_image(shared("faces") / "obama-720p.jpg")
    face = dlib_engine.detect_faces(img, Mode.STILL)[0]
    return frame_around_face(img, face.box, 0.45)


@pytest.fixture(scope="module")
def portrait_template(dlib_engine, portrait_frame):
    return dlib_engine.encode(portrait_frame, dlib_engine.detect_faces(portrait_frame, Mode.STILL)[0].box, Mode.STILL)


@pytest.mark.parametrize("flow", ["verify", "enroll"])
def test_a_still_portrait_through_the_file_camera_is_refused_for_liveness(dlib_engine, portrait_template, flow):
    """The kiosk's file camera showing one portrait (the demo's situation): 0 passes."""
    s = Settings().replace(liveness_challenge_s=4)
    src = open_source(shared("faces") / "obama-720p.jpg", realtime=False)
    got = []
    judge = (lambda enc: distance(enc, portrait_template) < s.match_threshold) if flow == "verify" else None
    pipe = CapturePipeline(src, dlib_engine, s, needed=2 if judge else 3, judge=judge,
                           collect=None if judge else got.append, clock=TickClock(), timeout_s=60,
                           liveness=LivenessCheck.from_settings(s, PassiveModel()))
    outcome, statuses = run(pipe)
    assert outcome.kind == "liveness_failed", outcome
    assert got == []


def test_a_photo_turned_in_front_of_the_camera_is_refused(dlib_engine, portrait_frame, portrait_template):
    """A perspective warp of a portrait over the frames: the detector follows the face, the
    photo turns both ways, but the nose never leaves the eye line: refused."""
    clip = photo_turned_clip(portrait_frame)
    found = [len(dlib_engine.detect_faces(f, Mode.LIVE)) == 1 for f in clip]
    assert sum(found) >= 0.8 * len(clip)  # the face is seen: the refusal is not a detection failure
    s = Settings().replace(liveness="challenge", liveness_challenge_s=4)
    pipe = CapturePipeline(MemorySource(clip, realtime=False), dlib_engine, s, needed=2, clock=TickClock(), timeout_s=60,
                           judge=lambda enc: distance(enc, portrait_template) < s.match_threshold,
                           liveness=LivenessCheck.from_settings(s, None))
    outcome, statuses = run(pipe)
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.TIMEOUT.value
    assert max(st.liveness.challenge.done for st in statuses) <= 1  # never both turns
