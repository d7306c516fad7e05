"""Passive presentation-attack check: vendored models, sha256 at load, feeding, judging over frames."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics.engine import Mode
from kiosk.config import Settings
from kiosk.errors import KioskError, LivenessModelError
from kiosk.liveness.models import MODELS_DIR, SHA256
from kiosk.liveness.passive import DOUBT, PassiveJudge, PassiveModel, crop_box, model_input

#: ../shared beside the repository (or beside the folder of worktrees): the nearest one
SHARED = next((p / "shared" for p in Path(__file__).resolve().parents[1:] if (p / "shared").is_dir()), Path("/nonexistent"))
PAD_SAMPLES = SHARED / "pad-samples"
#: the samples' labels, as their README gives them
LABELS = {"image_F1.jpg": False, "image_F2.jpg": False, "image_T1.jpg": True}


def pad_samples() -> Path:
    if not PAD_SAMPLES.is_dir():
        pytest.skip(f"presentation-attack samples not found at {PAD_SAMPLES} (../shared/pad-samples)")
    return PAD_SAMPLES


@pytest.fixture(scope="module")
def passive():
    m = PassiveModel()
    m.load()
    return m


def test_vendored_models_and_licence_ship_with_the_repository():
    for name in SHA256:
        assert (MODELS_DIR / name).is_file(), name
    assert "Apache License" in (MODELS_DIR / "LICENSE-Silent-Face-Anti-Spoofing").read_text()


def test_an_altered_model_file_is_refused_with_a_remedy(tmp_path):
    for name in SHA256:
        shutil.copy(MODELS_DIR / name, tmp_path / name)
    victim = tmp_path / next(iter(SHA256))
    victim.write_bytes(victim.read_bytes()[:-1] + b"\0")
    with pytest.raises(LivenessModelError) as err:
        PassiveModel(tmp_path).load()
    assert "not the expected file" in str(err.value) and "Restore assets/models/" in str(err.value)
    assert isinstance(err.value, KioskError)


def test_a_missing_model_file_is_refused_with_a_remedy(tmp_path):
    with pytest.raises(LivenessModelError, match="could not be read"):
        PassiveModel(tmp_path).load()


def test_crop_is_the_box_scaled_about_its_centre_and_kept_inside_the_frame():
    assert crop_box(640, 480, (200, 340, 280, 300), 2.0) == (280, 160, 360, 320)  # 40x80 box -> 80x160
    x0, y0, x1, y1 = crop_box(640, 480, (0, 100, 200, 0), 4.0)  # near the corner: shrunk, shifted in
    assert x0 == 0 and y0 == 0 and x1 <= 639 and y1 <= 479
    blob = model_input(np.full((480, 640, 3), 7, np.uint8), (100, 400, 300, 200), 2.7)
    assert blob.shape == (1, 3, 80, 80) and blob.dtype == np.float32 and float(blob.max()) == 7.0  # not normalised


def test_judge_decides_on_the_mean_of_several_frames_not_on_one():
    class Scripted:
        def __init__(self, scores):
            self.scores = iter(scores)

        def score(self, frame, box):
            return next(self.scores)

    frame, box = np.zeros((10, 10, 3), np.uint8), (0, 5, 5, 0)
    judge = PassiveJudge(Scripted([0.1, 0.9, 0.9, 0.9]), threshold=0.5, frames=4)
    assert [judge.add(frame, box).live for _ in range(3)] == [None, None, None]  # one low frame decides nothing
    assert judge.add(frame, box).live is True
    judge = PassiveJudge(Scripted([0.9, 0.2, 0.2]), threshold=0.5, frames=3)
    assert [judge.add(frame, box).live for _ in range(3)] == [None, None, False]


def test_pad_samples_are_weighed_as_labelled(passive, dlib_engine):
    """At the default threshold the bona fide sample passes without doubt, the print that
    scores 0.003 is refused and the one that scores 0.229 is doubtful (one more turn)."""
    folder = pad_samples()
    s = Settings()
    seen = {}
    for name in LABELS:
        frame = cv2.imread(str(folder / name))
        (face,) = dlib_engine.detect_faces(frame, Mode.STILL)
        judge = PassiveJudge(passive, s.liveness_passive_threshold, s.liveness_passive_frames)
        for _ in range(s.liveness_passive_frames):
            verdict = judge.add(frame, face.box)
        seen[name] = (verdict.live, verdict.doubtful)
    assert seen == {"image_T1.jpg": (True, False), "image_F1.jpg": (True, True), "image_F2.jpg": (False, True)}


def test_a_doubtful_mean_is_told_apart_from_a_refused_one():
    class Fixed:
        def __init__(self, score):
            self.value = score

        def score(self, frame, box):
            return self.value

    frame, box = np.zeros((10, 10, 3), np.uint8), (0, 5, 5, 0)
    s = Settings()
    got = {}
    for score in (0.9, DOUBT, 0.2, s.liveness_passive_threshold, 0.004):
        judge = PassiveJudge(Fixed(score), s.liveness_passive_threshold, 1)
        v = judge.add(frame, box)
        got[score] = (v.live, v.doubtful)
    assert got == {0.9: (True, False), DOUBT: (True, False), 0.2: (True, True),
                   s.liveness_passive_threshold: (True, True), 0.004: (False, True)}


def test_settings_bound_the_liveness_fields():
    assert Settings().liveness == "both"
    for bad in ({"liveness": "never"}, {"liveness_passive_threshold": 1.0}, {"liveness_passive_frames": 0}):
        with pytest.raises(KioskError):
            Settings().replace(**bad)


def test_pad_eval_reports_apcer_per_attack_type_and_bpcer(tmp_path, capsys):
    """The samples are linked, not copied, into a labelled folder: no face image is written."""
    import json

    from kiosk.cli import main

    folder = pad_samples()
    for sub, names in {"real": ["image_T1.jpg"], "print": ["image_F1.jpg", "image_F2.jpg"]}.items():
        (tmp_path / sub).mkdir()
        for name in names:
            (tmp_path / sub / name).symlink_to(folder / name)
    assert main(["pad-eval", "--dir", str(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # at the default threshold (the 5 % refusal point) the print scoring 0.229 is not refused
    assert out["apcer"] == {"print": 0.5} and out["bpcer"] == 0.0 and out["threshold"] == Settings().liveness_passive_threshold
    assert out["folders"]["print"]["items"] == 2 and out["folders"]["real"]["items"] == 1
    assert main(["pad-eval", "--dir", str(tmp_path), "--threshold", str(DOUBT)]) == 0
    text = capsys.readouterr().out
    assert "APCER 0.0 %" in text and "BPCER 0.0 %" in text and "ISO/IEC 30107-3" in text


def test_pad_eval_refuses_a_folder_without_labels_in_one_line(tmp_path, capsys):
    from kiosk.cli import main

    (tmp_path / "real").mkdir()
    assert main(["pad-eval", "--dir", str(tmp_path)]) == 2
    assert "needs a real/ folder and at least one attack folder" in capsys.readouterr().err
