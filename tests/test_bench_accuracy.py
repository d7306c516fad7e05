"""``kiosk bench --accuracy``: pair photos played as clips through the real capture pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from kiosk.bench import accuracy
from kiosk.biometrics.fake import draw_face
from kiosk.calibrate import Pair
from kiosk.camera.encoder import InProcessEncoder
from kiosk.config import Settings


def _photos() -> dict[str, np.ndarray]:
    """Synthetic 'photos' in memory: person p has hue 20 * p, two poses each."""
    return {f"p{p}_{i}": draw_face(20 * p, size=0.5, centre=(0.47 + 0.05 * i, 0.5), w=320, h=320) for p in range(4)
            for i in range(2)}


def test_genuine_clips_accepted_impostors_refused_through_the_pipeline(fake_engine):
    photos = _photos()
    pairs = [Pair(f"p{p}_0", f"p{p}_1", 1) for p in range(4)] + [Pair(f"p{p}_0", f"p{(p + 1) % 4}_1", 0) for p in range(4)]
    pairs.append(Pair("blank", "p0_1", 1))  # a member whose photo gives no template: counted, never accepted
    photos["blank"] = np.full((320, 320, 3), 110, np.uint8)
    r = accuracy.run(pairs, photos.__getitem__, fake_engine, Settings(), InProcessEncoder(fake_engine), clip_s=0.5,
                     peer=False)
    k = r["kiosk"]
    assert r["clips"]["genuine"] == 5 and r["clips"]["impostor"] == 4
    assert k["genuine_accepted"] == 4 and k["impostors_accepted"] == 0
    assert k["members_without_template"] == {"genuine": 1, "impostor": 0}
    assert k["outcomes"] == {"match": 4, "no_match": 4, "no_template": 1}
    assert k["time_to_accept_ms"]["p50"] > 0 and k["time_to_reject_ms"]["p50"] > 0
    assert fake_engine.encode_calls >= 8  # every clip was encoded by the pipeline, not judged from the photo
    assert r["kiosk_live_gate"]["frames_passed"] > 0 and r["plain_face_recognition"] is None
    assert r["genuine_clips_without_a_second_face"]["genuine_clips"] == 4  # the member without a template is not played


def test_clips_vary_like_a_camera_and_pairs_are_drawn_reproducibly():
    photo = draw_face(40, w=320, h=320)
    clip = accuracy.clip_from_photo(photo, None, 1.0, seed=3)
    assert len(clip) == 30 and all(f.shape == (480, 640, 3) for f in clip)
    distinct = {f.tobytes() for f in clip}
    assert len(distinct) == accuracy.DISTINCT_FRAMES  # small changes from frame to frame, no two variants alike
    pairs = [Pair(f"a{i}", f"b{i}", int(i % 10 == 0)) for i in range(200)]
    one, two = accuracy.sample(pairs, 5, 7, seed=1), accuracy.sample(pairs, 5, 7, seed=1)
    assert one == two and sum(p.same for p in one) == 5 and sum(1 - p.same for p in one) == 7


def test_real_portraits_beside_plain_face_recognition(faces, tmp_path):
    (tmp_path / "pairs.csv").write_text("a,b,same\nobama.jpg,obama1.jpg,1\nobama.jpg,obama2.jpg,1\nbiden.jpg,obama1.jpg,0\n")
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-m", "kiosk", "bench", "--accuracy", str(tmp_path / "pairs.csv"), str(faces),
                          "--genuine", "2", "--impostors", "1", "--clip-s", "6", "--json"],  # real time, as a camera: room for two encodings on a loaded machine
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    k, p = r["kiosk"], r["plain_face_recognition"]
    assert r["clips"]["genuine"] == 2 and r["clips"]["impostor"] == 1
    assert k["genuine_accepted"] == 2 and k["impostors_accepted"] == 0
    assert p["genuine_clips"] == 2 and p["impostors_accepted"] == 0
    assert [f.name for f in tmp_path.rglob("*") if f.is_file()] == ["pairs.csv"]  # no frame or clip written anywhere


def test_missing_image_folder_is_one_clear_line(tmp_path):
    (tmp_path / "pairs.csv").write_text("a,b,same\nx.jpg,y.jpg,1\n")
    out = subprocess.run([sys.executable, "-m", "kiosk", "bench", "--accuracy", str(tmp_path / "pairs.csv"),
                          str(tmp_path / "nowhere")], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "No image folder" in out.stderr and "Traceback" not in out.stderr
