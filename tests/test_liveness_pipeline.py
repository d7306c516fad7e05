"""Liveness in the capture pipeline: a face step passes only when the face matches AND the
liveness check passes, and the face that passes liveness is the face that matches: the
member's identity is checked on the challenge's first frame, on each step and at its end.
A real head turn (fake engine's landmarks) passes; a still portrait, a photo turned in front
of the camera and someone else's turns with the member's face swapped in are refused."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from liveness_helpers import TickClock, photo_turned_clip, shared

from kiosk.biometrics.engine import Mode, distance
from kiosk.biometrics.fake import FRONTAL, FakeEngine, PromptFollower, draw_face, head_turn, identity_vector
from kiosk.biometrics.quality import Reason
from kiosk.camera.source import MemorySource, open_source
from kiosk.config import Settings
from kiosk.liveness.challenge import Challenge, Refusal, Step
from kiosk.liveness.check import LivenessCheck
from kiosk.liveness.passive import PassiveJudge, PassiveModel
from kiosk.pipeline import CapturePipeline

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


def fake_pipe(engine, settings, liveness, frames=None, **kw):
    src = MemorySource(frames or [draw_face(ALICE)], realtime=False)
    return CapturePipeline(src, engine, settings, needed=2, judge=is_alice, liveness=liveness, clock=TickClock(), **kw)


def follower(engine, check, **kw) -> PromptFollower:
    """The fake engine's face does what ``check`` asks."""
    visitor = PromptFollower(**kw)
    visitor.check, engine.follower = check, visitor
    return visitor


def test_a_real_head_turn_passes_and_the_match_waits_for_it():
    engine = FakeEngine()
    s = Settings().replace(liveness="challenge")
    check = LivenessCheck.from_settings(s, None)
    follower(engine, check)
    outcome, statuses = run(fake_pipe(engine, s, check))
    assert outcome.kind == "match"
    prompts = [st.liveness.challenge.step for st in statuses if st.liveness.challenge.step is not None]
    assert set(prompts) == set(check.challenge.steps) and len(check.challenge.steps) == 5
    assert statuses[-1].liveness.challenge.done == 5
    assert all(st.good_frames == 0 for st in statuses)  # nothing says "it matches" before the check passed
    assert engine.encode_calls == 6  # the first frame, each step met (the last is the end): the cost stays small


def test_the_identity_is_checked_on_the_first_frame_each_step_and_the_end():
    engine, s = FakeEngine(), Settings().replace(liveness="challenge")
    check = LivenessCheck(None, Challenge((Step.LEFT, Step.DOWN, Step.RIGHT, Step.CENTRE)))
    follower(engine, check)
    seen = []
    pipe = fake_pipe(engine, s, check)
    pipe.judge = pipe.identity.judge = lambda enc: seen.append((check.challenge.done, check.state.value)) or is_alice(enc)
    outcome, _ = run(pipe)
    assert outcome.kind == "match"
    assert [done for done, _ in seen] == [0, 1, 2, 3, 4]


def swapped(hue_before: int, swap_at: range, n: int = 400) -> list[np.ndarray]:
    """Someone else (``hue_before``) in front of the camera, the member's face on frames ``swap_at``."""
    member, other = draw_face(ALICE), draw_face(hue_before)
    return [member if i in swap_at else other for i in range(n)]


def test_someone_else_doing_the_turns_with_the_member_s_face_swapped_in_is_refused():
    """The member's photo appears at the start and at the end; someone else turns in
    between: the turns' frames are not the member's. Refused, and not as a no-match."""
    engine, s = FakeEngine(), Settings().replace(liveness="challenge")
    check = LivenessCheck(None, Challenge((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE)))
    follower(engine, check)
    frames = [draw_face(ALICE)] * 5 + [draw_face(100)] * 300
    pipe = CapturePipeline(MemorySource(frames, realtime=False, loop=False), engine, s, needed=2, judge=is_alice,
                           liveness=check, clock=TickClock())
    outcome, statuses = run(pipe)
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.FACE_CHANGED.value
    assert check.state.value == "passed"  # the head movements themselves were fine
    assert all(st.good_frames == 0 for st in statuses)


@pytest.mark.parametrize("swap_at", [range(20, 32), range(0, 3)])
def test_the_member_s_face_for_a_few_frames_of_someone_else_s_challenge_is_refused(swap_at):
    engine, s = FakeEngine(), Settings().replace(liveness="challenge")
    check = LivenessCheck(None, Challenge((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE)))
    follower(engine, check)
    pipe = CapturePipeline(MemorySource(swapped(100, swap_at), realtime=False, loop=False), engine, s, needed=2,
                           judge=is_alice, liveness=check, clock=TickClock())
    outcome, _ = run(pipe)
    assert outcome.kind in ("liveness_failed", "no_match") and outcome.kind != "match"


def test_the_member_replaced_by_someone_else_mid_challenge_is_refused():
    engine, s = FakeEngine(), Settings().replace(liveness="challenge")
    check = LivenessCheck(None, Challenge((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE)))
    follower(engine, check)
    frames = [draw_face(ALICE)] * 12 + [draw_face(100)] * 300  # after the first turn
    pipe = CapturePipeline(MemorySource(frames, realtime=False, loop=False), engine, s, needed=2, judge=is_alice,
                           liveness=check, clock=TickClock())
    outcome, _ = run(pipe)
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.FACE_CHANGED.value


def test_a_gap_in_the_face_refuses():
    engine, s = FakeEngine(), Settings().replace(liveness="challenge")
    check = LivenessCheck(None, Challenge((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE)))
    follower(engine, check)
    engine.script_landmarks([FRONTAL] * 10 + [None] * 12)  # the face unseen for 0.4 s (a photo swapped behind a hand)
    outcome, _ = run(fake_pipe(engine, s, check))
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.FACE_LOST.value


def test_both_checks_must_pass_and_a_doubtful_passive_score_asks_one_more_turn():
    s = Settings()
    for passive_score, kind, steps in ((0.95, "match", 4), (0.2, "match", 5), (0.005, "liveness_failed", 4)):
        engine = FakeEngine()
        check = LivenessCheck(PassiveJudge(Scores(passive_score), s.liveness_passive_threshold, s.liveness_passive_frames),
                              Challenge((Step.RIGHT, Step.LEFT, Step.DOWN, Step.CENTRE)))
        follower(engine, check)
        outcome, statuses = run(fake_pipe(engine, s, check))
        assert outcome.kind == kind, passive_score
        assert len(check.challenge.steps) == steps and check.challenge.steps[-1] is Step.CENTRE
        assert check.challenge.steps[:3] == (Step.RIGHT, Step.LEFT, Step.DOWN)  # the drawn steps stay; one is added
        if kind == "match":
            assert check.milestones == steps + 1  # one more identity frame with the added turn
    assert outcome.message == Refusal.PASSIVE.value


def test_a_doubtful_score_after_every_step_is_met_asks_one_more_turn_and_the_camera():
    ch = Challenge((Step.LEFT, Step.CENTRE), step_s=6)
    ch.done = 2  # every step met
    added = ch.extend(10.0)
    assert added in (Step.LEFT, Step.RIGHT) and ch.steps == (Step.LEFT, Step.CENTRE, added, Step.CENTRE)
    assert not ch.passed and ch.prompt is not None and ch.status(12.0).seconds_left == 4  # its own deadline


def test_a_face_that_does_not_turn_is_refused_for_liveness_even_when_it_matches():
    s = Settings().replace(liveness="challenge", liveness_challenge_s=4)
    outcome, statuses = run(fake_pipe(FakeEngine(), s, LivenessCheck.from_settings(s, None), timeout_s=30))
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.TIMEOUT.value
    assert all(st.good_frames == 0 for st in statuses)  # whether it matched is never said


def test_a_face_that_does_not_match_is_told_only_after_the_challenge():
    """Nothing tells the holder of a photo whether it matches before the check has passed."""
    s = Settings().replace(liveness="challenge", liveness_challenge_s=4)
    src = MemorySource([draw_face(120)], realtime=False)
    pipe = CapturePipeline(src, FakeEngine(), s, needed=2, judge=is_alice, liveness=LivenessCheck.from_settings(s, None),
                           clock=TickClock(), timeout_s=30)
    outcome, _ = run(pipe)
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.TIMEOUT.value  # a still: never "no match"
    engine = FakeEngine()
    check = LivenessCheck.from_settings(s, None)
    follower(engine, check)
    pipe = CapturePipeline(MemorySource([draw_face(120)], realtime=False), engine, s, needed=2, judge=is_alice,
                           liveness=check, clock=TickClock())
    assert run(pipe)[0].kind == "no_match" and check.state.value == "passed"


def test_passive_only_holds_a_no_match_back_until_the_check_has_passed():
    s = Settings().replace(liveness="passive")
    check = LivenessCheck(PassiveJudge(Scores(0.2), s.liveness_passive_threshold, s.liveness_passive_frames), None)
    src = MemorySource([draw_face(120)], realtime=False)
    pipe = CapturePipeline(src, FakeEngine(), s, needed=2, judge=is_alice, liveness=check, clock=TickClock())
    outcome, statuses = run(pipe)
    assert outcome.kind == "liveness_failed" and outcome.message == Refusal.PASSIVE.value


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
    two = draw_face(100, size=0.42, centre=(0.78, 0.45), frame=draw_face(ALICE, size=0.45, centre=(0.35, 0.55)))  # as close
    alone = draw_face(ALICE, size=0.45, centre=(0.35, 0.55))
    check = LivenessCheck.from_settings(s, None)
    engine.script_landmarks(head_turn([0.0] * 3 + [0.04 * i for i in range(1, 7)] + [0.24 - 0.04 * i for i in range(1, 7)]))
    follower(engine, check)
    src = MemorySource([alone] * 3 + [two] * 6 + [alone] * 300, realtime=False, loop=False)
    pipe = CapturePipeline(src, engine, s, needed=2, judge=is_alice, liveness=check, clock=TickClock())
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


def test_a_turned_frame_counts_when_it_is_the_start_frame_s_face_and_the_ends_match():
    """A genuine turned face may lie beyond the threshold from the member's template; it
    counts when it lies within the threshold of the challenge's first frame, which matched.
    Somebody else's turned face is neither, and the first and last frames must match."""
    from kiosk.pipeline import IdentityFrames, Kind

    thr = Settings().match_threshold
    rng = np.random.default_rng(3)
    axes = np.linalg.qr(rng.normal(size=(128, 4)))[0].T  # orthonormal directions

    def enc(*parts):
        return sum((w * axes[i] for i, w in parts), np.zeros(128))

    template = enc()
    start = enc((0, 0.3))  # the member at the start: 0.3 from the template
    turned = enc((0, 0.3), (1, 0.5))  # 0.58 from the template (a miss), 0.5 from the start
    other = enc((2, 0.9))  # somebody else
    end = enc((0, 0.25))

    def frames(*encs):
        ident = IdentityFrames(lambda e: distance(e, template) <= thr, thr)
        ident.queued = len(encs)
        for e in encs:
            ident.add(e)
        return ident.kind(2)

    assert distance(turned, template) > thr >= distance(turned, start)
    assert frames(start, turned, turned, end) is Kind.MATCH
    assert frames(start, other, turned, end) == Refusal.FACE_CHANGED.value  # somebody else turning
    assert frames(turned, start, start, end) == Refusal.FACE_CHANGED.value  # the first frame must match
    assert frames(start, turned, turned) == Refusal.FACE_CHANGED.value  # and the last
    assert frames(other, other, other) is Kind.NO_MATCH
