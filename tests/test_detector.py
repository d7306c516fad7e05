"""YuNet detector: vendored model checked at load, Face records, landmarks in YuNet's order;
the fake engine's scripted landmarks."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tomllib
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics import yunet
from kiosk.biometrics.engine import LEFT_EYE, LEFT_MOUTH, NOSE_TIP, RIGHT_EYE, RIGHT_MOUTH, Face, FaceEngine, Mode
from kiosk.biometrics.fake import FRONTAL, FakeEngine, draw_face, head_turn, turned
from kiosk.errors import EngineError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    """Grace Hopper's public-domain portrait, shipped with matplotlib (decoded in memory)."""
    import matplotlib.cbook

    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
        return cv2.imdecode(np.frombuffer(f.read(), np.uint8), cv2.IMREAD_COLOR)


@pytest.fixture(scope="module")
def detector() -> yunet.YuNetDetector:
    d = yunet.YuNetDetector()
    d.load()
    return d


def test_model_is_vendored_with_its_licence_and_checksum():
    path = yunet.model_path()
    assert path.parent in [d for d in yunet.MODEL_DIRS]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == yunet.MODEL_SHA256
    assert "Apache License" in (path.parent / yunet.LICENCE_FILE).read_text(encoding="utf-8")


def test_model_ships_in_the_wheel_and_in_git():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force["assets/models"] == "kiosk/assets/models"
    assert yunet.MODEL_DIRS[0] == REPO / "kiosk" / "assets" / "models"  # where the wheel puts it
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "assets/models"], cwd=REPO, capture_output=True, text=True).stdout.split()
    assert {f"assets/models/{yunet.MODEL_FILE}", f"assets/models/{yunet.LICENCE_FILE}"} <= set(tracked)


def test_altered_model_is_refused_with_a_clear_error(tmp_path):
    bad = tmp_path / yunet.MODEL_FILE
    data = bytearray(yunet.model_path().read_bytes())
    data[1000] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(EngineError) as err:
        yunet.YuNetDetector(bad).load()
    assert "altered" in err.value.message and "Reinstall" in err.value.remedy


def test_missing_model_is_refused_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(yunet, "MODEL_DIRS", (tmp_path / "a", tmp_path / "b"))
    with pytest.raises(EngineError) as err:
        yunet.YuNetDetector().load()
    assert "missing" in err.value.message
    with pytest.raises(EngineError):
        yunet.YuNetDetector(tmp_path / "nothing.onnx").load()


def test_face_record_is_frozen_with_read_only_float32_landmarks():
    f = Face((1, 2, 3, 4), [[0, 0]] * 5, 0.9)
    assert f.landmarks.shape == (5, 2) and f.landmarks.dtype == np.float32
    with pytest.raises(ValueError):
        f.landmarks[0, 0] = 5
    with pytest.raises(AttributeError):
        f.score = 0.1  # type: ignore[misc]


def test_yunet_finds_one_face_with_landmarks_in_yunet_order(detector, portrait):
    faces = detector.detect(portrait)
    assert len(faces) == 1
    f = faces[0]
    top, right, bottom, left = f.box
    pts = f.landmarks
    assert f.score > 0.8
    assert ((pts[:, 0] > left) & (pts[:, 0] < right) & (pts[:, 1] > top) & (pts[:, 1] < bottom)).all()
    # the person's right eye and mouth corner are on the image's left
    assert pts[RIGHT_EYE, 0] < pts[NOSE_TIP, 0] < pts[LEFT_EYE, 0]
    assert pts[RIGHT_MOUTH, 0] < pts[LEFT_MOUTH, 0]
    assert max(pts[RIGHT_EYE, 1], pts[LEFT_EYE, 1]) < pts[NOSE_TIP, 1] < min(pts[RIGHT_MOUTH, 1], pts[LEFT_MOUTH, 1])
    assert abs(f.yaw_cue()) < 0.15  # a frontal portrait


def test_downscaled_detection_maps_back_to_frame_coordinates(detector, portrait):
    full = detector.detect(portrait)[0]
    small = detector.detect(portrait, 0.4)[0]
    size = full.box[2] - full.box[0]
    assert np.abs(np.subtract(full.box, small.box)).max() < 0.1 * size
    assert np.abs(full.landmarks - small.landmarks).max() < 0.05 * size


def test_no_face_in_an_empty_frame(detector):
    assert detector.detect(np.full((480, 640, 3), 120, np.uint8)) == []


def test_dlib_engine_detect_faces_live_and_still(dlib_engine, portrait):
    assert isinstance(dlib_engine, FaceEngine)
    frame = np.full((480, 640, 3), 110, np.uint8)  # a 640x480 camera frame with the portrait in the middle
    scaled = cv2.resize(portrait, (portrait.shape[1] * 480 // portrait.shape[0], 480), interpolation=cv2.INTER_AREA)
    x0 = (640 - scaled.shape[1]) // 2
    frame[:, x0 : x0 + scaled.shape[1]] = scaled
    live, still = dlib_engine.detect_faces(frame, Mode.LIVE), dlib_engine.detect_faces(frame, Mode.STILL)
    assert len(live) == len(still) == 1
    assert np.abs(live[0].landmarks - still[0].landmarks).max() < 0.06 * still[0].height
    assert dlib_engine.detect(frame)  # boxes only, still there


def test_fake_engine_follows_a_scripted_head_turn():
    engine = FakeEngine()
    assert isinstance(engine, FaceEngine)
    frame, empty = draw_face(30), np.full((480, 640, 3), 110, np.uint8)
    yaws = [0.0, 0.1, 0.2, 0.3]
    engine.script_landmarks(head_turn(yaws) + [None, turned(-0.25)])
    got = []
    for _ in yaws:
        assert engine.detect_faces(empty) == []  # frames without a face leave the script alone
        (face,) = engine.detect_faces(frame)
        got.append(face.yaw_cue())
    assert got == pytest.approx(yaws, abs=1e-5)
    assert engine.detect_faces(frame) == []  # the None entry: the detector misses this frame
    assert engine.detect_faces(frame)[0].yaw_cue() == pytest.approx(-0.25, abs=1e-5)
    assert engine.scripted_frames_left == 0
    face = engine.detect_faces(frame)[0]  # script exhausted: frontal again
    top, right, bottom, left = face.box
    assert face.landmarks == pytest.approx(FRONTAL * [right - left, bottom - top] + [left, top])
    assert face.box == engine.detect(frame)[0]
