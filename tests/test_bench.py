"""``kiosk bench``: the JSON it promises (shape, not numbers), and no image left anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kiosk.bench import frames as bframes
from kiosk.bench.measure import startup

KEYS = {
    "detect_ms_p50": float, "frame_ms_p50": float, "decision_ms_p50": float, "preview_fps": float,
    "match_1to1_ms": float, "dup_check_ms": dict, "peer_frame_ms_p50": float, "peer_decision_ms_p50": float,
    "ratio_frame": float, "ratio_decision": float, "machine": dict, "decision_over_floor": float,
    "decision_over_floor_without_one_frame_rule": float,
    "pass_payload_bytes": int, "pass_qr_version": int, "pass_decode_ms_p50": float,
    "challenge_ms_p50": float, "challenge_ms_p95": float, "challenge_ms_p95_max": float, "preview_fps_liveness": float,
    "preview_fps_liveness_min": float, "ratio_preview_liveness": float, "ratio_challenge_frame": float,
}


def test_bench_quick_json_has_every_key(faces, tmp_path):
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "bench", "--quick", "--json", "--no-startup"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)  # exactly one JSON object on stdout; progress goes to stderr
    for key, kind in KEYS.items():
        assert isinstance(r[key], kind), (key, r[key])
    assert set(r["dup_check_ms"]) == {"1000", "10000", "100000"}
    assert {"cpu", "cores"} <= set(r["machine"]) and r["machine"]["cores"] >= 1
    assert r["startup_s"] is None and r["peak_rss_mb"] is None and "startup_s" in r
    assert r["decision_outcomes"] == ["match"]
    assert str(faces) in r["frames"]
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # no frame, crop or clip written anywhere


def test_startup_without_a_timing_line_reports_null_not_a_crash():
    s = startup(timeout_s=20, cmd=[sys.executable, "-c", "print('no smoke flag here')"])
    assert s["startup_s"] is None and s["peak_rss_mb"] is None and "no timing line" in s["note"]


def test_clip_has_an_empty_lead_in_then_the_face(fake_engine):
    import numpy as np

    from kiosk.biometrics.fake import draw_face

    face = draw_face(30)
    clip = bframes.clip([face], lead_in=3, length=4)
    assert len(clip) == 7 and clip[3] is face
    assert not fake_engine.detect(clip[0]) and fake_engine.detect(clip[3])
    assert all(v.shape == (480, 640, 3) for v in bframes.variants(face, 3))
    framed = bframes.frame_around_face(np.zeros((300, 300, 3), np.uint8), (100, 150, 150, 100))
    assert framed.shape == (480, 640, 3)
