"""Calibration over a large set (2,000 synthetic, non-face images with the fake engine)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.biometrics.fake import FakeEngine, draw_face
from kiosk.calibrate import Pair, calibrate, tar_at_far
from kiosk.config import Settings
from kiosk.domain.faces import FaceService


def test_two_thousand_images_each_encoded_once(tmp_path):
    engine = FakeEngine()
    settings = Settings()
    n_people, per_person = 200, 10
    for p in range(n_people):
        for i in range(per_person):
            frame = draw_face(int(p * 179 / n_people), w=96, h=96, size=0.6, centre=(0.45 + 0.01 * i, 0.5))
            cv2.imwrite(str(tmp_path / f"p{p:03d}_{i}.png"), frame)  # synthetic ellipses, not faces
    cv2.imwrite(str(tmp_path / "blank.png"), np.full((96, 96, 3), 110, np.uint8))
    pairs = [Pair(f"p{p:03d}_0.png", f"p{p:03d}_{i}.png", 1) for p in range(n_people) for i in range(1, per_person)]
    pairs += [Pair(f"p{p:03d}_1.png", f"p{(p + 37) % n_people:03d}_2.png", 0) for p in range(n_people)]
    pairs.append(Pair("blank.png", "p000_0.png", 0))
    seen = []
    result = calibrate(FaceService(None, engine, lambda: settings), pairs, tmp_path, lambda i, n: seen.append((i, n)))
    s = result["summary"]
    assert s["images"] == n_people * per_person + 1
    assert engine.encode_calls == n_people * per_person  # each distinct image once
    assert s["images_without_template"] == 1 and result["pairs"][-1]["reason"] == "no_face"
    assert s["images_without_template_by_reason"] == {"no_face": 1}
    assert seen[-1] == (s["images"], s["images"])
    c = s["compared_pairs_only"]
    assert c["genuine_pairs"] + c["impostor_pairs"] == len(pairs) - 1
    assert c["tar_at_far_0.01"] is not None and 0 <= c["eer"] <= 1


def people(tmp_path, n_people: int = 18, per_person: int = 3, blanks: int = 0) -> list[Pair]:
    """Synthetic images of ``n_people`` distinct fake identities; all same-person and all
    different-person pairs among them, plus ``blanks`` images without a face paired with person 0."""
    names = []
    for p in range(n_people):
        for i in range(per_person):
            cv2.imwrite(str(tmp_path / f"p{p:02d}_{i}.png"), draw_face(10 * p, w=96, h=96, size=0.6, centre=(0.45 + 0.02 * i, 0.5)))
            names.append((p, f"p{p:02d}_{i}.png"))
    pairs = [Pair(a, b, int(pa == pb)) for k, (pa, a) in enumerate(names) for (pb, b) in names[k + 1 :]]
    for j in range(blanks):
        cv2.imwrite(str(tmp_path / f"blank{j}.png"), np.full((96, 96, 3), 110, np.uint8))
        pairs += [Pair(f"blank{j}.png", "p00_0.png", 1), Pair(f"blank{j}.png", "p01_0.png", 0)]
    return pairs


def test_generalised_rates_count_pairs_without_a_template_as_failures(tmp_path):
    pairs = people(tmp_path, blanks=6)  # 54 + 6 same-person pairs, 6 of them with a blank photo
    settings = Settings()
    s = calibrate(FaceService(None, FakeEngine(), lambda: settings), pairs, tmp_path)["summary"]
    g, c = s["generalised"], s["compared_pairs_only"]
    assert s["pairs_without_template"] == {"genuine": 6, "impostor": 6}
    assert g["genuine_pairs"] == 60 and c["genuine_pairs"] == 54
    assert c["tar_at_far_0.01"] == 1.0 and c["tar_at_current_threshold"] == 1.0
    assert g["tar_at_far_0.01"] == pytest.approx(54 / 60) and g["tar_at_current_threshold"] == pytest.approx(54 / 60)
    assert g["far_at_current_threshold"] == 0.0
    assert s["images_without_template_by_reason"] == {"no_face": 6}
    assert s["basis"] == "FAR <= 0.1%" and s["can_apply"]  # 1,377 compared different-person pairs


def test_threshold_needs_a_thousand_different_person_pairs_for_far_01(tmp_path):
    pairs = people(tmp_path, n_people=12)  # 594 different-person pairs
    settings = Settings()
    s = calibrate(FaceService(None, FakeEngine(), lambda: settings), pairs, tmp_path)["summary"]
    assert s["compared_pairs_only"]["impostor_pairs"] == 594
    assert s["basis"].startswith("FAR <= 1%") and s["recommended_threshold"] is not None
    assert not s["can_apply"]


def test_generalised_tar_at_far_when_missing_templates_outnumber_allowed_false_accepts():
    genuine = np.array([0.1, 0.2, np.inf])
    impostor = np.concatenate([np.linspace(0.6, 1.0, 90), np.full(10, np.inf)])
    tar, thr = tar_at_far(genuine, impostor, 0.01)
    assert np.isfinite(thr) and tar == pytest.approx(2 / 3)
