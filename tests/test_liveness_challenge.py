"""Head-movement challenge: random steps from four directions, wrong turns, per-step deadlines,
one tracked face (no Qt; the 3D face model of tests/liveness_model.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from liveness_model import FLAT, HEAD, Face, project

from kiosk.config import Settings
from kiosk.liveness.challenge import TURNS, Challenge, FaceTrack, Refusal, Step, random_steps, yaw_cue
from kiosk.liveness.check import LivenessCheck, LiveState

POSE = {Step.LEFT: (35.0, 0.0), Step.RIGHT: (-35.0, 0.0), Step.UP: (0.0, 25.0), Step.DOWN: (0.0, -25.0),
        Step.CENTRE: (0.0, 0.0), None: (0.0, 0.0)}


def follow_prompts(check: LivenessCheck, points: np.ndarray, fps: float = 30.0, deg_per_s: float = 90.0,
                   max_s: float = 40.0, roll_deg: float = 0.0, answer=None, start=(0.0, 0.0, 0.0)):
    """A cooperative visitor (or someone turning a photo) who does what the screen says,
    turning at ``deg_per_s``; ``answer`` maps the prompt to the movement made (default: the
    one asked); ``start``: (yaw, pitch, time) to go on from. Returns (final status, the time)."""
    yaw, pitch, t = start
    frame, step = np.zeros((480, 640, 3), np.uint8), deg_per_s / fps
    status = check.status(t)
    while status.state is LiveState.PENDING and t < max_s:
        status = check.observe(frame, [Face(project(points, yaw, roll_deg, pitch))], True, t)
        asked = status.challenge.step
        target_yaw, target_pitch = POSE[answer(asked, status) if answer else asked]
        yaw += max(-step, min(step, target_yaw - yaw))
        pitch += max(-step, min(step, target_pitch - pitch))
        t += 1 / fps
    return status, t


def challenge_only(steps=None, **kw) -> LivenessCheck:
    s = Settings().replace(liveness="challenge", **kw)
    if steps is None:
        return LivenessCheck.from_settings(s, None)
    return LivenessCheck(None, Challenge(steps, turn=s.liveness_turn, step_s=s.liveness_challenge_s))


def test_the_single_frame_cue_is_near_zero_frontal_and_about_a_quarter_for_a_real_turn():
    assert abs(yaw_cue(project(HEAD, 0))) < 0.02
    assert 0.18 <= yaw_cue(project(HEAD, 25)) <= 0.35  # the visitor's left: nose towards the image's right
    assert -0.35 <= yaw_cue(project(HEAD, -25)) <= -0.18
    assert abs(yaw_cue(project(HEAD, 25, roll_deg=20)) - yaw_cue(project(HEAD, 25))) < 0.03  # head tilt hardly matters


def test_a_flat_photo_turned_or_tilted_keeps_the_nose_between_the_eyes():
    for yaw in (-50, -30, 30, 50):
        for roll in (0, 15):
            assert abs(yaw_cue(project(FLAT, yaw, roll))) < 0.06, (yaw, roll)


def test_the_steps_are_drawn_from_four_directions_and_always_end_looking_at_the_camera():
    seen = {random_steps(random.Random(seed), nods=True) for seed in range(2000)}
    assert len(seen) == 36  # 4 x 3 x 3 orders of three movements
    for steps in seen:
        assert steps[-1] is Step.CENTRE and all(s in TURNS for s in steps[:-1])
        assert all(a is not b for a, b in zip(steps, steps[1:]))  # never the same movement twice in a row
    assert random_steps()[-1] is Step.CENTRE  # the default draws from the system's secure source
    assert [s.value for s in Step] == ["left", "right", "up", "down", "centre"]  # clip names of prompt-following items


@pytest.mark.parametrize("fps", [10, 15, 30])
@pytest.mark.parametrize("steps", [(Step.LEFT, Step.RIGHT, Step.UP, Step.CENTRE), (Step.DOWN, Step.LEFT, Step.DOWN, Step.CENTRE),
                                   (Step.UP, Step.DOWN, Step.RIGHT, Step.CENTRE)])
def test_a_cooperative_visitor_passes_in_a_few_seconds(steps, fps):
    status, seconds = follow_prompts(challenge_only(steps), HEAD, fps=fps)
    assert status.state is LiveState.PASSED and status.challenge.done == 4
    assert seconds <= 4.5


def test_a_photo_turned_and_tilted_as_the_prompts_say_is_refused_when_the_step_s_time_runs_out():
    status, seconds = follow_prompts(challenge_only(), FLAT, roll_deg=10)
    assert status.state is LiveState.REFUSED and status.refusal is Refusal.TIMEOUT and status.challenge.done == 0
    assert seconds == pytest.approx(Settings().liveness_challenge_s, abs=0.1)


def test_one_wrong_turn_is_forgiven():
    """People mix up left and right in front of a mirror-like picture: one mistake costs
    nothing but time."""
    def confused_once(asked, status):  # asked "left", the visitor turns right first, then left
        return Step.RIGHT if asked is Step.LEFT and check.challenge.mistakes == 0 else asked

    check = challenge_only((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE))
    status, _ = follow_prompts(check, HEAD, answer=confused_once)
    assert status.state is LiveState.PASSED and check.challenge.mistakes == 1


def ramp(start: tuple[float, float], end: tuple[float, float], deg_per_frame: float = 3.0) -> list[tuple[float, float]]:
    n = int(max(abs(end[0] - start[0]), abs(end[1] - start[1])) / deg_per_frame) + 1
    return [(start[0] + (end[0] - start[0]) * i / n, start[1] + (end[1] - start[1]) * i / n) for i in range(1, n + 1)]


def test_a_second_wrong_turn_refuses():
    """Asked "left", the head turns right, comes back, then goes down: two mistakes."""
    check = challenge_only((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE))
    poses = [(0.0, 0.0)] + ramp((0, 0), (-35, 0)) + ramp((-35, 0), (0, 0)) + ramp((0, 0), (0, -25)) + [(0.0, -25.0)] * 5
    for i, (yaw, pitch) in enumerate(poses):
        status = check.observe(np.zeros((4, 4, 3), np.uint8), [Face(project(HEAD, yaw, 0, pitch))], True, i / 30)
    assert status.state is LiveState.REFUSED and status.refusal is Refusal.WRONG_TURN and status.challenge.done == 0


@pytest.mark.parametrize("nods", [False, True])
def test_a_recording_that_turns_every_way_does_not_follow_the_prompts(nods):
    """A looping clip that turns each way in turn (left, right, and up and down with nods),
    with the camera in between, waits for no prompt: with one mistake forgiven it passes few
    of the orders."""
    cycle = [Step.LEFT, Step.CENTRE, Step.RIGHT, Step.CENTRE] + ([Step.UP, Step.CENTRE, Step.DOWN, Step.CENTRE] if nods else [])
    orders = {random_steps(random.Random(seed), nods=nods) for seed in range(2000)}
    passed = 0
    for steps in orders:
        check, moves = challenge_only(steps), iter(cycle * 20)
        current = [next(moves)]
        yaw = pitch = t = 0.0
        status = check.status(0.0)
        while status.state is LiveState.PENDING and t < 60:
            target = POSE[current[0]]
            yaw += max(-3.0, min(3.0, target[0] - yaw))
            pitch += max(-3.0, min(3.0, target[1] - pitch))
            if (yaw, pitch) == target:
                current[0] = next(moves)
            status = check.observe(np.zeros((4, 4, 3), np.uint8), [Face(project(HEAD, yaw, 0, pitch))], True, t)
            t += 1 / 30
        passed += status.state is LiveState.PASSED
    assert passed <= len(orders) // 4, (passed, len(orders))


def test_each_step_has_its_own_deadline_and_the_countdown_shows_it():
    check = challenge_only((Step.LEFT, Step.RIGHT, Step.UP, Step.CENTRE), liveness_challenge_s=5)
    frame = np.zeros((4, 4, 3), np.uint8)
    status = check.observe(frame, [Face(project(HEAD))], True, 0.0)
    assert (status.challenge.seconds_left, status.challenge.started) == (5, True)
    t, yaw = 0.0, 0.0
    while check.challenge.done == 0:  # turn left, slowly, in 4 s
        t += 1 / 30
        yaw = min(35.0, yaw + 0.2)
        status = check.observe(frame, [Face(project(HEAD, yaw))], True, t)
    assert t > 2.5 and status.challenge.seconds_left == 5  # the next step gets its full time again
    for i in range(1, 200):  # then stay turned left: the step "right" runs out on its own
        yaw = min(35.0, yaw + 0.2)
        status = check.observe(frame, [Face(project(HEAD, yaw))], True, t + i / 30)
        if status.state is not LiveState.PENDING:
            break
    assert status.refusal is Refusal.TIMEOUT and i / 30 == pytest.approx(5.0, abs=0.05)
    assert status.challenge.done == 1


def test_a_photo_of_a_turned_head_answers_one_side_only():
    turned = project(HEAD, 30)  # a still of someone looking to one side
    check = challenge_only()
    for i in range(400):
        status = check.observe(np.zeros((4, 4, 3), np.uint8), [Face(turned)], True, i / 30)
    assert status.state is LiveState.REFUSED and status.challenge.done <= 1


def test_a_second_face_pauses_the_challenge_and_the_followed_face_carries_on():
    frame, face = np.zeros((4, 4, 3), np.uint8), Face(project(HEAD, 0))
    bystander = Face(project(HEAD, 0) + np.float32([300, 0]))
    check = challenge_only((Step.LEFT, Step.RIGHT, Step.CENTRE))
    check.observe(frame, [face], True, 0.0)
    for i in range(30):  # someone else in view: even a perfect turn is not counted
        left = Face(project(HEAD, min(35, 3 * i)))
        status = check.observe(frame, [left, bystander], True, 0.1 + i / 30)
        assert status.state is LiveState.PENDING and status.challenge.done == 0
    for i in range(12):  # alone again, back to the camera ...
        check.observe(frame, [Face(project(HEAD, 35 - 3 * i))], True, 1.1 + i / 30)
    status, _ = follow_prompts(check, HEAD, start=(0.0, 0.0, 1.5))  # ... the same face goes on and passes
    assert status.state is LiveState.PASSED


def test_a_crowded_picture_until_time_runs_out_is_refused_as_a_second_face():
    frame, face = np.zeros((4, 4, 3), np.uint8), Face(project(HEAD, 0))
    bystander = Face(project(HEAD, 0) + np.float32([300, 0]))
    check = challenge_only()
    check.observe(frame, [face], True, 0.0)
    t = 0.0
    while check.state is LiveState.PENDING and t < 30:
        t += 1 / 30
        status = check.observe(frame, [face, bystander], True, t)
    assert status.refusal is Refusal.SECOND_FACE
    assert t == pytest.approx(Settings().liveness_challenge_s, abs=0.1)


def test_the_bystander_never_takes_the_followed_face_s_place():
    frame, face = np.zeros((4, 4, 3), np.uint8), Face(project(HEAD, 0))
    bystander = Face(project(HEAD, 0) + np.float32([300, 0]))
    check = challenge_only()
    check.observe(frame, [face], True, 0.0)
    check.observe(frame, [face, bystander], True, 0.1)
    check.observe(frame, [bystander, face], True, 0.2)
    assert check.observe(frame, [bystander], True, 0.3).refusal is Refusal.FACE_LOST  # the visitor left, the other stayed


def test_a_lost_face_refuses():
    frame, face = np.zeros((4, 4, 3), np.uint8), Face(project(HEAD, 0))
    check = challenge_only()
    check.observe(frame, [face], True, 0.0)
    assert check.observe(frame, [], True, 0.3).state is LiveState.PENDING  # a missed detection or two is fine
    assert check.observe(frame, [], True, 1.0).refusal is Refusal.FACE_LOST
    check = challenge_only()
    check.observe(frame, [face], True, 0.0)
    elsewhere = Face(project(HEAD, 0) + np.float32([250, 0]))  # another person stepped in as the first left
    assert check.observe(frame, [elsewhere], True, 0.2).refusal is Refusal.FACE_LOST


def test_face_track_follows_a_face_that_moves_smoothly():
    track = FaceTrack()
    for i in range(60):
        assert track.update([(100, 300 + 3 * i, 300, 150 + 3 * i)], i / 30) is None


def test_settings_bound_the_challenge():
    for bad in ({"liveness_turn": 0.05}, {"liveness_challenge_s": 2}):
        with pytest.raises(Exception):
            Settings().replace(**bad)
    assert LivenessCheck.from_settings(Settings().replace(liveness="off"), None) is None


def test_without_nods_the_challenge_asks_for_four_turns_both_ways():
    seen = {random_steps(random.Random(seed)) for seed in range(2000)}  # the default, as the settings' default
    assert len(seen) == 14  # 2**4 orders of four turns, less the two that turn one way only
    assert all(set(s[:-1]) == {Step.LEFT, Step.RIGHT} and s[-1] is Step.CENTRE for s in seen)
    check = LivenessCheck.from_settings(Settings().replace(liveness="challenge"), None)
    assert set(check.challenge.steps[:-1]) == {Step.LEFT, Step.RIGHT}
    status, _ = follow_prompts(check, HEAD)
    assert status.state is LiveState.PASSED


def test_the_same_turn_twice_needs_a_look_at_the_camera_in_between():
    check = challenge_only((Step.LEFT, Step.LEFT, Step.RIGHT, Step.LEFT, Step.CENTRE))
    frame = np.zeros((4, 4, 3), np.uint8)
    poses = [0.0] + [min(35.0, 3.0 * i) for i in range(1, 60)]  # turn left and stay there
    for i, yaw in enumerate(poses):
        status = check.observe(frame, [Face(project(HEAD, yaw))], True, i / 30)
    assert status.challenge.done == 1 and status.challenge.step is Step.CENTRE  # asked to look at the camera first
    status, _ = follow_prompts(check, HEAD, start=(35.0, 0.0, len(poses) / 30))
    assert status.state is LiveState.PASSED


@pytest.mark.parametrize("nods", [False, True])
def test_a_nod_is_a_mistake_only_where_nods_are_asked(nods):
    """Asked to turn left, the visitor nods first. Where the challenge asks for nods, that is
    a movement the other way (held twice, beyond the one forgiven, it refuses); where it asks
    for turns only, a nod is no answer at all, and the turn that follows passes the step."""
    steps = (Step.LEFT, Step.RIGHT, Step.UP if nods else Step.LEFT, Step.CENTRE)
    check = challenge_only(steps)
    assert check.challenge.nods is nods
    poses = [(0.0, 0.0)]
    for _ in range(2):  # nod down and back, twice
        poses += ramp((0, 0), (0, -25)) + ramp((0, -25), (0, 0))
    poses += ramp((0, 0), (35, 0)) + [(35.0, 0.0)] * 3
    for i, (yaw, pitch) in enumerate(poses):
        status = check.observe(np.zeros((4, 4, 3), np.uint8), [Face(project(HEAD, yaw, 0, pitch))], True, i / 30)
    if nods:
        assert status.state is LiveState.REFUSED and status.refusal is Refusal.WRONG_TURN
    else:
        assert status.state is LiveState.PENDING and status.challenge.done == 1 and check.challenge.mistakes == 0
