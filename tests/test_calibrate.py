"""Calibration over a large set (2,000 synthetic, non-face images with the fake engine)."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.biometrics.fake import FakeEngine, draw_face
from kiosk.calibrate import Pair, calibrate
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
    assert s["fta_images"] == 1 and result["pairs"][-1]["reason"] == "no_face"
    assert seen[-1] == (s["images"], s["images"])
    assert s["pairs_compared"] == len(pairs) - 1
    assert s["tar_at_far_0.01"] is not None and 0 <= s["eer"] <= 1
