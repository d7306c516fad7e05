"""The parallax cue and cut detection (no Qt, landmarks only): a real head's nose leaves the
plane of its eyes and mouth corners when it turns or nods, anything flat keeps it there
however it is warped; landmarks that jump between frames faster than a head moves are a cut."""

from __future__ import annotations

import numpy as np
import pytest
from liveness_model import FLAT, HEAD, Face, mirrored, project, warp

from kiosk.liveness.challenge import Challenge, Refusal, Step
from kiosk.liveness.check import LivenessCheck, LiveState
from kiosk.liveness.motion import Continuity, parallax

TURN = 0.15  # the default liveness_turn


@pytest.mark.parametrize("distance", [350, 600])
@pytest.mark.parametrize("roll", [0, 15])
def test_a_real_head_turning_or_nodding_moves_the_nose_out_of_the_plane(distance, roll):
    ref = project(HEAD, distance_mm=distance)
    for deg in (20, 30, 40):
        along, across = parallax(ref, project(HEAD, deg, roll, distance_mm=distance))
        assert along >= TURN and abs(across) < TURN / 2, deg  # the visitor's left: towards the image's right
        along, across = parallax(ref, project(HEAD, -deg, roll, distance_mm=distance))
        assert along <= -TURN and abs(across) < TURN / 2, deg
    for deg in (22, 30):
        along, across = parallax(ref, project(HEAD, pitch_deg=deg, roll_deg=roll, distance_mm=distance))
        assert across <= -TURN and abs(along) < TURN / 2, deg  # looking up: the nose rises towards the eyes
        along, across = parallax(ref, project(HEAD, pitch_deg=-deg, roll_deg=roll, distance_mm=distance))
        assert across >= TURN and abs(along) < TURN / 2, deg


def test_a_photo_turned_tilted_or_warped_any_way_keeps_the_nose_in_its_plane():
    ref = project(FLAT)
    for yaw in (-50, -30, 0, 30, 50):
        for pitch in (-30, 0, 30):
            for roll in (0, 20):
                assert np.hypot(*parallax(ref, project(FLAT, yaw, roll, pitch))) < 0.01, (yaw, pitch, roll)
    rng = np.random.default_rng(7)
    for _ in range(500):  # random homographies: shifts, zooms, shears, squeezes, strong perspective
        h = np.eye(3) + rng.normal(scale=[[0.3, 0.3, 40], [0.3, 0.3, 40], [6e-4, 6e-4, 0]])
        moved = warp(ref, h)
        if np.linalg.norm(moved[1] - moved[0]) < 10:  # folded onto itself: not a picture of a face
            continue
        assert np.hypot(*parallax(ref, moved)) < 0.01


def test_a_photo_of_a_turned_head_has_no_parallax_against_itself():
    turned = project(HEAD, 30)  # a still of someone looking to one side, then tilted in the hand
    for yaw in (-30, 0, 30):
        h = np.array([[np.cos(np.radians(yaw)), 0, 20], [0, 1, 0], [np.sin(np.radians(yaw)) / 600, 0, 1]])
        assert np.hypot(*parallax(turned, warp(turned, h))) < 0.01


def test_degenerate_landmarks_give_no_cue():
    assert parallax(np.zeros((5, 2)), np.zeros((5, 2))) == (0.0, 0.0)


# -- cuts ------------------------------------------------------------------------------
def smooth_turn(fps: float, deg_per_s: float = 120.0) -> list[np.ndarray]:
    """A head turning to 35 degrees left, to 35 right, up, and back to the camera."""
    step = deg_per_s / fps
    poses = [(0.0, 0.0)]
    for target in ((35, 0), (-35, 0), (0, 0), (0, 25), (0, 0)):
        while poses[-1] != target:
            y, p = poses[-1]
            poses.append((y + float(np.clip(target[0] - y, -step, step)), p + float(np.clip(target[1] - p, -step, step))))
    return [project(HEAD, y, pitch_deg=p) for y, p in poses]


def slideshow(fps: float, hold_s: float = 0.5) -> list[np.ndarray]:
    """Ordinary photos of the member at different head turns, each shown for ``hold_s``."""
    poses = [project(HEAD, y, pitch_deg=p) for y, p in ((0, 0), (30, 0), (-30, 0), (0, 25), (0, -25), (0, 0))]
    return [lm for lm in poses for _ in range(int(hold_s * fps))]


def worst_jump(frames, fps: float) -> float:
    c = Continuity()
    return max(c.jump(lm, i / fps) for i, lm in enumerate(frames))


@pytest.mark.parametrize("fps", [10, 15, 30])
def test_a_head_turning_smoothly_is_continuous(fps):
    assert worst_jump(smooth_turn(fps, deg_per_s=60), fps) <= 1.0  # "slowly turn your head"
    assert worst_jump(smooth_turn(fps), fps) <= 1.0  # a brisk 120 degrees a second too
    rng = np.random.default_rng(fps)
    for jitter_px, deg_per_s in ((0.5, 120), (1.0, 60)):  # the detector's jitter on an 85-pixel eye distance
        noisy = [lm + rng.normal(scale=jitter_px, size=lm.shape).astype(np.float32) for lm in smooth_turn(fps, deg_per_s)]
        assert worst_jump(noisy, fps) <= 1.0


@pytest.mark.parametrize("fps", [10, 15, 30])
def test_a_slideshow_of_poses_is_a_cut(fps):
    assert worst_jump(slideshow(fps), fps) > 1.0


@pytest.mark.parametrize("fps", [10, 15, 30])
def test_a_turned_photo_and_its_mirror_image_are_a_cut(fps):
    turned = project(HEAD, 30)
    frames = [turned] * int(fps) + [mirrored(turned)] * int(fps)
    assert abs(parallax(turned, mirrored(turned))[0]) > 0.4  # the pair fakes a turn ...
    assert worst_jump(frames, fps) > 1.0  # ... by jumping


def worst_jump_with_cue(frames, fps: float) -> float:
    c = Continuity()
    return max(c.jump(lm, i / fps, parallax(frames[0], lm)) for i, lm in enumerate(frames))


@pytest.mark.parametrize("fps", [10, 15, 30])
def test_the_parallax_of_a_head_turning_smoothly_is_continuous(fps):
    assert worst_jump_with_cue(smooth_turn(fps), fps) <= 1.0
    rng = np.random.default_rng(fps)
    noisy = [lm + rng.normal(scale=0.5, size=lm.shape).astype(np.float32) for lm in smooth_turn(fps)]
    assert worst_jump_with_cue(noisy, fps) <= 1.0


@pytest.mark.parametrize("fps", [10, 15])
def test_a_cut_to_a_turned_still_on_a_small_face_is_caught_by_its_parallax(fps):
    """On a small face (45 px between the eyes, a 320x240 camera) the pixel jitter allowed for
    the landmarks hides a cut from facing the camera to a 22 degree turn; the parallax, which
    jumps past the turn threshold in one frame, does not."""
    small = dict(focal_px=320.0)
    frames = [project(HEAD, **small)] * int(fps) + [project(HEAD, 22, **small)] * int(fps)
    assert 40 < float(np.hypot(*(frames[0][1] - frames[0][0]))) < 50
    assert parallax(frames[0], frames[-1])[0] > TURN  # the still would count as a turn ...
    assert worst_jump(frames, fps) <= 1.0  # ... the landmarks alone let it through ...
    assert worst_jump_with_cue(frames, fps) > 1.0  # ... the parallax does not


def test_the_parallax_is_judged_on_the_way_out_only():
    """The detector's reading of a head turning back can snap towards the camera in one
    frame; a turn is met on the way out, so only that way is judged. A flip from one side to
    the other is a way out."""
    small = dict(focal_px=320.0)
    front, turned = project(HEAD, **small), project(HEAD, 22, **small)
    assert worst_jump_with_cue([front] * 2 + [turned] * 15 + [front] * 15, 15) > 1.0
    c = Continuity()
    for i, lm in enumerate([front, turned]):  # already out, then back at once
        c.jump(lm, i * 0.1, (0.0, 0.0) if i == 0 else parallax(front, turned))
    assert c.jump(front, 0.2 + 1 / 15, (0.0, 0.0)) <= 1.0
    other = project(HEAD, -22, **small)
    c = Continuity()
    c.jump(turned, 0.0, parallax(front, turned))
    assert c.jump(other, 1 / 15, parallax(front, other)) > 1.0


def test_a_head_already_turning_may_speed_up_and_a_still_may_not_jump():
    """The same move of the parallax (0.16 in one frame at 15 fps) is a head whose reading
    snaps while it turns when the parallax moved out on the frame before, and a cut when
    the face stood still."""
    front = project(HEAD)

    def last_jump(cues):
        c = Continuity()
        return [c.jump(front, i / 15, (x, 0.0)) for i, x in enumerate(cues)][-1]

    assert last_jump([0.0, 0.05, 0.21]) <= 1.0
    assert last_jump([0.0, 0.0, 0.16]) > 1.0
    assert last_jump([0.0, 0.3, 0.3, 0.3, 0.46]) > 1.0  # a turned still held: no momentum either


def test_the_nose_height_snapping_on_a_turned_face_is_not_a_cut_and_a_cut_along_the_eye_line_is():
    """On a turned face the detector's reading of the nose's height snapped by 0.16 in one frame
    (a rendered head turn: parallax (0.205, -0.145) then (0.261, 0.014)): the parallax across
    the eye line counts at half its size. The same move along the eye line, from a still, is a
    cut."""
    front = project(HEAD)

    def last_jump(cues, **kw):
        c = Continuity(**kw)
        return [c.jump(front, i / 15, cue) for i, cue in enumerate(cues)][-1]

    snap = [(0.2, -0.145), (0.205, -0.145), (0.261, 0.014)]
    assert last_jump(snap) <= 1.0
    assert last_jump(snap, cue_across=1.0) > 1.0  # counted in full, the snap was refused as a jump
    assert last_jump([(0.0, 0.0), (0.0, 0.0), (0.16, 0.0)]) > 1.0


def test_a_missed_frame_or_two_does_not_widen_what_counts_as_continuous():
    c = Continuity()
    c.jump(project(HEAD, 30), 0.0)
    assert c.jump(mirrored(project(HEAD, 30)), 0.5) > 1.0  # a swap behind a hand: half a second unseen


def test_a_size_jump_is_a_cut():
    c = Continuity()
    c.jump(project(HEAD, distance_mm=450), 0.0)
    assert c.jump(project(HEAD, distance_mm=300), 1 / 30) > 1.0


@pytest.mark.parametrize("fps", [10, 15, 30])
def test_the_check_refuses_a_slideshow_that_answers_every_prompt_as_a_jump(fps):
    """The slideshow holds up the photo the prompt asks for: refused on the first cut."""
    check = LivenessCheck(None, Challenge((Step.LEFT, Step.UP, Step.RIGHT, Step.CENTRE), turn=TURN))
    pose = {Step.LEFT: (30, 0), Step.RIGHT: (-30, 0), Step.UP: (0, 25), Step.DOWN: (0, -25), Step.CENTRE: (0, 0)}
    frame, t, status = np.zeros((4, 4, 3), np.uint8), 0.0, check.status(0.0)
    check.observe(frame, [Face(project(HEAD))], True, t)
    while status.state is LiveState.PENDING and t < 30:
        t += 1 / fps
        yaw, pitch = pose[check.challenge.steps[check.challenge.done]]
        status = check.observe(frame, [Face(project(HEAD, yaw, pitch_deg=pitch))], True, t)
    assert status.state is LiveState.REFUSED and status.refusal is Refusal.JUMP
    assert status.challenge.done == 0
