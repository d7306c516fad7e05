"""The attack bench's generators: the rendered head turn (bona fide surrogate) moves the nose
out of the plane of the eyes and mouth corners as a real head does, and a flat photo turned
in front of the camera does not; generated items carry their manifest and no photo copy."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
from liveness_helpers import shared, turned_photo

from kiosk.biometrics.engine import Mode
from kiosk.liveness.challenge import yaw_cue
from kiosk.liveness.surrogate import step_poses, turn_head


def framed(dlib_engine, path):
    img = cv2.imread(str(path))
    top, right, bottom, left = dlib_engine.detect_faces(img, Mode.STILL)[0].box
    s = 0.45 * 480 / (bottom - top)
    m = np.float32([[s, 0, 320 - s * (left + right) / 2], [0, s, 240 - s * (top + bottom) / 2]])
    frame = cv2.warpAffine(img, m, (640, 480), borderMode=cv2.BORDER_REPLICATE)
    return frame, dlib_engine.detect_faces(frame, Mode.LIVE)[0].landmarks


def nose_off_plane(a: np.ndarray, b: np.ndarray) -> float:
    """How far (in eye distances) the nose of ``b`` lies from where the homography of the eyes
    and mouth corners from ``a`` to ``b`` puts it."""
    idx = [0, 1, 3, 4]
    h, _ = cv2.findHomography(a[idx].astype(np.float32), b[idx].astype(np.float32))
    nose = cv2.perspectiveTransform(a[2].reshape(1, 1, 2).astype(np.float32), h).ravel()
    return float(np.linalg.norm(nose - b[2]) / np.linalg.norm(b[1] - b[0]))


def test_a_rendered_head_turn_moves_the_nose_out_of_the_face_plane_and_a_turned_photo_does_not(dlib_engine):
    frame, lm = framed(dlib_engine, shared("faces") / "obama.jpg")
    base = yaw_cue(lm)
    seen = {}
    for name, yaw in (("left", 35.0), ("right", -35.0)):
        turned = dlib_engine.detect_faces(turn_head(frame, lm, yaw), Mode.LIVE)[0].landmarks
        flat = dlib_engine.detect_faces(turned_photo(frame, yaw), Mode.LIVE)[0].landmarks
        seen[name] = yaw_cue(turned) - base
        assert nose_off_plane(lm, turned) > max(0.1, 3 * nose_off_plane(lm, flat))
    assert seen["left"] > 0.12 and seen["right"] < -0.12, seen


def test_a_step_starts_and_ends_facing_the_camera_and_moves_smoothly():
    for step, (i, peak) in {"left": (0, 35), "right": (0, -35), "up": (1, 25), "down": (1, -25)}.items():
        poses = np.array(step_poses(step, 15.0, wobble=0.0))
        assert np.allclose(poses[-1], 0.0) and abs(poses[0][i]) < abs(peak) / 2
        assert abs(poses[:, i]).max() == abs(peak)
        assert np.abs(np.diff(poses[:, i])).max() <= abs(peak) / 3  # no cut: at most a third of the turn a frame


def lfw():
    return shared("lfw-devtrain")


def frames_of(path) -> int:
    cap = cv2.VideoCapture(str(path))
    n = 0
    while cap.read()[0]:
        n += 1
    cap.release()
    return n


def test_generated_items_have_one_clip_per_step_or_one_clip_and_name_the_enrolled_photo_without_copying_it(tmp_path, dlib_engine):
    from kiosk.liveness.generate import MANIFEST, MOVES, STEPS, generate

    root = lfw()
    out = tmp_path / "items"
    written = generate(root, out, dlib_engine, per_species=1, seed=3, species=("real", "swap", "print"))
    assert written == {"real": 1, "swap": 1, "print": 1}
    manifests = {p.parent.parent.name: (p.parent, json.loads(p.read_text())) for p in out.rglob(MANIFEST)}
    assert set(manifests) == {"real", "swap", "print"}
    for species, (folder, m) in manifests.items():
        assert m["species"] == species and (root / m["enrolled"]).is_file()
        assert not Path(m["enrolled"]).is_absolute() and all((root / p).is_file() for p in m["photos"])
        assert m["enrolled"] not in m["photos"]  # the enrolled photo never makes the presentation
        files = sorted(p.name for p in folder.iterdir())
        if species == "print":
            assert m["kind"] == "plain" and files == ["clip.avi", MANIFEST]
        elif species == "real":  # a second try at each turn, further
            assert m["kind"] == "prompt-following"
            assert files == sorted([f"{s}.avi" for s in STEPS] + [f"{s}-2.avi" for s in MOVES] + [MANIFEST])
        else:
            assert m["kind"] == "prompt-following" and files == sorted([f"{s}.avi" for s in STEPS] + [MANIFEST])
        for clip in folder.glob("*.avi"):
            assert frames_of(clip) >= 15  # at least a second at 15 fps
    assert not list(out.rglob("*.jpg")) and not list(out.rglob("*.png"))  # clips only, no photo copies
    swap = manifests["swap"][1]
    assert Path(swap["photos"][1]).parent != Path(swap["enrolled"]).parent  # somebody else turns


def test_a_second_try_turns_further_than_the_first():
    from kiosk.liveness.surrogate import RETRY_REACH

    for step in ("left", "right"):
        first = max(abs(y) for y, _ in step_poses(step, 15.0, wobble=0.0))
        second = max(abs(y) for y, _ in step_poses(step, 15.0, wobble=0.0, reach=RETRY_REACH))
        assert first == 35.0 and second == 45.0


def test_the_swap_shows_the_members_photo_for_0_6_s_between_somebody_elses_turns(dlib_engine):
    from kiosk.liveness import attacks
    from kiosk.liveness.generate import Framer, people

    root = lfw()
    framer = Framer(dlib_engine, root)
    got = [g for p in people(root)[:12] if (g := framer(p.photos[0])) is not None][:2]
    (other, olm), (member, mlm) = got
    clip = attacks.swap_step(other, olm, attacks.align_to(member, mlm, olm), "left", 15.0, seed=1)
    shown = [i for i, f in enumerate(clip) if np.array_equal(f, attacks.align_to(member, mlm, olm))]
    assert len(shown) == 9 and shown == list(range(shown[0], shown[0] + 9))  # 0.6 s at 15 fps, in one piece
    assert 0 < shown[0] and shown[-1] < len(clip) - 1  # in between


def test_the_renderer_moves_the_nose_tip_off_the_plane_of_the_eyes_and_mouth_for_turns_and_nods():
    """Geometry alone (no detector): a white dot at each landmark, followed through the render."""
    lm = np.array([[286.0, 223.5], [362.5, 221.0], [324.7, 262.3], [293.3, 294.7], [362.1, 292.2]])
    eye_dist = float(np.linalg.norm(lm[1] - lm[0]))

    def moved(yaw, pitch):
        out = []
        for x, y in lm:
            dot = np.zeros((480, 640, 3), np.uint8)
            cv2.circle(dot, (int(round(x)), int(round(y))), 2, (255, 255, 255), -1)
            ys, xs = np.nonzero(turn_head(dot, lm, yaw, pitch)[:, :, 0] > 100)
            out.append((xs.mean(), ys.mean()))
        return np.array(out, np.float32)

    for yaw, pitch, axis, sign in ((35, 0, 0, 1), (-35, 0, 0, -1), (0, 25, 1, -1), (0, -25, 1, 1)):
        off = sign * (moved(yaw, pitch)[2] - cv2.perspectiveTransform(
            lm[2].reshape(1, 1, 2).astype(np.float32),
            cv2.findHomography(lm[[0, 1, 3, 4]].astype(np.float32), moved(yaw, pitch)[[0, 1, 3, 4]])[0]).ravel())
        assert off[axis] / eye_dist > 0.15, (yaw, pitch, off / eye_dist)  # in the asked direction


def test_the_screen_replay_of_a_head_turn_is_built_only_when_named_and_shows_the_turn_on_a_phone(dlib_engine):
    """The residual risk: the surrogate's turn on a simulated phone screen, the same phone for
    every step; it is not in the default species (a colour camera is not expected to stop it)."""
    from kiosk.liveness import attacks
    from kiosk.liveness.generate import RESIDUAL, SPECIES, Framer, people

    assert "screen_turn" in RESIDUAL and "screen_turn" not in SPECIES
    root = lfw()
    framer = Framer(dlib_engine, root)
    frame, lm = next(g for p in people(root)[:12] if (g := framer(p.photos[0])) is not None)
    left = attacks.screen_turn_step(frame, lm, "left", 15.0, seed=1, phone_seed=7)
    centre = attacks.screen_turn_step(frame, lm, "centre", 15.0, seed=2, phone_seed=7)
    assert left[0].shape == frame.shape and len(left) >= 15
    assert np.array_equal(left[0][:4, :4], centre[0][:4, :4])  # the same wall and stand
    cues = [yaw_cue(f[0].landmarks) for img in left if (f := dlib_engine.detect_faces(img, Mode.LIVE))]
    assert max(cues) - min(cues) > 0.15  # the head on the screen turns
