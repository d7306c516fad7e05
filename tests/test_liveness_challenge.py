"""Head-turn challenge: the parallax cue, random order, one tracked face, time limit (no Qt)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from kiosk.config import Settings
from kiosk.liveness.challenge import Challenge, FaceTrack, Refusal, Step, random_steps, yaw_cue
from kiosk.liveness.check import LiveState, LivenessCheck

#: a head in millimetres, x to the image's right, y down, z towards the camera; YuNet order
HEAD = np.array([[-32, 0, 0], [32, 0, 0], [0, 38, 32], [-24, 68, 8], [24, 68, 8]], np.float64)
FLAT = HEAD * np.array([1, 1, 0])  # the same face printed on paper


def project(points: np.ndarray, yaw_deg: float, roll_deg: float = 0.0, distance_mm: float = 450.0,
            focal_px: float = 600.0, centre=(320, 240)) -> np.ndarray:
    """Turn ``points`` about the vertical axis (positive: the visitor's left), roll them in the
    picture, and project them through a pinhole camera ``distance_mm`` away."""
    a, r = math.radians(yaw_deg), math.radians(roll_deg)
    x = points[:, 0] * math.cos(a) + points[:, 2] * math.sin(a)
    z = -points[:, 0] * math.sin(a) + points[:, 2] * math.cos(a)
    y = points[:, 1]
    x, y = x * math.cos(r) - y * math.sin(r), x * math.sin(r) + y * math.cos(r)
    scale = focal_px / (distance_mm - z)
    return np.stack([centre[0] + x * scale, centre[1] + y * scale], axis=1).astype(np.float32)


class Face:
    def __init__(self, landmarks: np.ndarray) -> None:
        self.landmarks = landmarks
        cx, cy = landmarks[:, 0].mean(), landmarks[:, 1].mean()
        self.box = (int(cy - 90), int(cx + 75), int(cy + 90), int(cx - 75))


TARGET = {Step.LEFT: 35.0, Step.RIGHT: -35.0, Step.CENTRE: 0.0, None: 0.0}


def follow_prompts(check: LivenessCheck, points: np.ndarray, fps: float = 30.0, deg_per_frame: float = 6.0,
                   max_s: float = 20.0, roll_deg: float = 0.0):
    """A cooperative visitor (or someone turning a photo) who does what the screen says,
    turning at ``deg_per_frame``. Returns (final status, seconds taken)."""
    yaw, t, frame = 0.0, 0.0, np.zeros((480, 640, 3), np.uint8)
    status = check.status(t)
    while status.state is LiveState.PENDING and t < max_s:
        target = TARGET[status.challenge.step]
        yaw += max(-deg_per_frame, min(deg_per_frame, target - yaw))
        status = check.observe(frame, [Face(project(points, yaw, roll_deg))], True, t)
        t += 1 / fps
    return status, t


def challenge_only(steps=None, **kw) -> LivenessCheck:
    s = Settings().replace(liveness="challenge", **kw)
    return LivenessCheck.from_settings(s, None) if steps is None else LivenessCheck(None, Challenge(steps, turn=s.liveness_turn))


def test_cue_is_near_zero_frontal_and_about_a_quarter_for_a_real_turn():
    assert abs(yaw_cue(project(HEAD, 0))) < 0.02
    assert 0.18 <= yaw_cue(project(HEAD, 25)) <= 0.35  # the visitor's left: nose towards the image's right
    assert -0.35 <= yaw_cue(project(HEAD, -25)) <= -0.18
    assert abs(yaw_cue(project(HEAD, 25, roll_deg=20)) - yaw_cue(project(HEAD, 25))) < 0.01  # head tilt does not matter


def test_a_flat_photo_turned_or_tilted_keeps_the_nose_between_the_eyes():
    for yaw in (-50, -30, 30, 50):
        for roll in (0, 15):
            assert abs(yaw_cue(project(FLAT, yaw, roll))) < 0.06, (yaw, roll)


def test_the_order_is_random_and_always_ends_looking_at_the_camera():
    seen = {random_steps(random.Random(seed)) for seed in range(40)}
    assert seen == {(Step.LEFT, Step.RIGHT, Step.CENTRE), (Step.RIGHT, Step.LEFT, Step.CENTRE)}
    assert random_steps()[-1] is Step.CENTRE  # the default draws from the system's secure source


@pytest.mark.parametrize("steps", [(Step.LEFT, Step.RIGHT, Step.CENTRE), (Step.RIGHT, Step.LEFT, Step.CENTRE)])
def test_a_cooperative_visitor_passes_in_under_three_seconds(steps):
    status, seconds = follow_prompts(challenge_only(steps), HEAD)
    assert status.state is LiveState.PASSED and status.challenge.done == 3
    assert seconds <= 3.0


def test_a_photo_turned_as_the_prompts_say_is_refused_when_time_runs_out():
    status, seconds = follow_prompts(challenge_only(), FLAT, roll_deg=10)
    assert status.state is LiveState.REFUSED and status.refusal is Refusal.TIMEOUT
    assert seconds == pytest.approx(Settings().liveness_challenge_s, abs=0.1)


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
    left = Face(project(HEAD, 35))
    for i in range(30):  # someone else in view: even a perfect turn is not counted
        status = check.observe(frame, [left, bystander], True, 0.1 + i / 30)
        assert status.state is LiveState.PENDING and status.challenge.done == 0
    status, _ = follow_prompts(check, HEAD)  # alone again: the same face goes on and passes
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
