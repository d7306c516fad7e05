"""The admin CLI end to end on a real SQLCipher file and the real engine, and the
privacy check that no image bytes reach the data folder or the database."""

from __future__ import annotations

import json
import os

import cv2
import pytest

from kiosk.cli import main

CSV = "member_no,display_name,birth_date,valid_until,card_id\nA1,Person A,1961-08-04,2030-12-31,CA1\nB1,Person B,,2030-12-31,\n"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"RIFF")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cli_data(tmp_path, capsys):
    d = tmp_path / "data"
    csv = tmp_path / "members.csv"
    csv.write_text(CSV, encoding="utf-8")
    assert run(capsys, "init", "--data-dir", d)[0] == 0
    assert run(capsys, "members", "import", csv, "--data-dir", d)[0] == 0
    return d


def test_enroll_verify_forget(cli_data, faces, capsys, monkeypatch):
    def no_writes(*a, **k):
        raise AssertionError("an image was written")

    monkeypatch.setattr(cv2, "imwrite", no_writes)
    d = cli_data
    code, out, err = run(capsys, "enroll", "A1", faces / "obama.jpg", faces / "obama2.jpg", faces / "obama3.jpg",
                         "--consent-given", "--data-dir", d)
    assert code == 0, err
    assert "Enrolled A1 from 3 photo(s)" in out
    assert run(capsys, "verify", "A1", faces / "obama1.jpg", "--data-dir", d)[:2] == (0, "match\n")
    assert run(capsys, "verify", "A1", faces / "biden.jpg", "--data-dir", d)[:2] == (1, "no match\n")
    code, _, err = run(capsys, "enroll", "B1", faces / "two_people.jpg", "--consent-given", "--age", "40", "--data-dir", d)
    assert code == 2 and "multiple_faces" in err and err.count("\n") == 1
    code, _, err = run(capsys, "enroll", "B1", faces / "obama_small.jpg", "--consent-given", "--age", "40", "--data-dir", d)
    assert code == 2 and "already enrolled on another pass" in err

    # no image bytes anywhere in the data folder, nor in any database cell
    for path in d.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(data.startswith(m) for m in IMAGE_MAGIC), path
            assert b"JFIF" not in data and b"Exif" not in data, path
    from kiosk.app import create

    k = create(d)
    for table in k.store.db.table_names():
        for row in k.store.db[table].rows:
            for value in row.values():
                if isinstance(value, bytes):
                    assert len(value) == 512
                elif isinstance(value, str):
                    assert len(value) <= 2000
    k.close()

    assert run(capsys, "forget", "A1", "--data-dir", d)[0] == 0
    code, _, err = run(capsys, "verify", "A1", faces / "obama1.jpg", "--data-dir", d)
    assert code == 2 and "no valid face enrollment" in err


def test_enroll_requires_consent(cli_data, faces, capsys):
    code, _, err = run(capsys, "enroll", "A1", faces / "obama.jpg", "--data-dir", cli_data)
    assert code == 2 and "consent" in err


def test_bad_input_gives_one_line_and_nonzero(cli_data, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("member_no,display_name,birth_date,valid_until,card_id\nX,,,never,\n", encoding="utf-8")
    code, _, err = run(capsys, "members", "import", bad, "--data-dir", cli_data)
    assert code == 2 and "line 2" in err and "Nothing was imported" in err
    code, _, err = run(capsys, "verify", "A1", tmp_path / "missing.jpg", "--data-dir", cli_data)
    assert code == 2 and "No image file" in err
    (tmp_path / "notimage.jpg").write_bytes(b"hello")
    code, _, err = run(capsys, "verify", "A1", tmp_path / "notimage.jpg", "--data-dir", cli_data)
    assert code == 2 and "not a readable image" in err
    code, _, err = run(capsys, "members", "list", "--data-dir", tmp_path / "nowhere")
    assert code == 2 and "kiosk init" in err


def test_wrong_key_on_cli(cli_data, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_DB_KEY", "11" * 32)
    code, _, err = run(capsys, "members", "list", "--data-dir", cli_data)
    assert code == 2 and "key does not match" in err


def test_members_list(cli_data, capsys):
    code, out, _ = run(capsys, "members", "list", "--data-dir", cli_data)
    assert code == 0 and "Person A" in out and "2 in all" in out


def test_calibrate_json(tmp_path, faces, capsys):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b,same\nobama.jpg,obama2.jpg,1\nobama.jpg,biden.jpg,0\ntwo_people.jpg,biden.jpg,0\n", encoding="utf-8")
    code, out, err = run(capsys, "calibrate", "--pairs", pairs, "--images", faces, "--json")
    assert code == 0
    result = json.loads(out)  # exactly one JSON object
    assert [p["same"] for p in result["pairs"]] == [1, 0, 0]
    assert result["pairs"][0]["distance"] < 0.5 < result["pairs"][1]["distance"]
    assert result["pairs"][2] == {"a": "two_people.jpg", "b": "biden.jpg", "same": 0, "distance": None,
                                  "reason": "multiple_faces"}
    s = result["summary"]
    assert s["images"] == 4 and s["images_without_template"] == 1
    assert s["images_without_template_by_reason"] == {"multiple_faces": 1}
    assert s["pairs_without_template"] == {"genuine": 0, "impostor": 1}
    for part in ("generalised", "compared_pairs_only"):
        assert {"tar_at_far_0.01", "tar_at_far_0.001", "eer", "tar_at_current_threshold"} <= set(s[part])
    assert s["generalised"]["impostor_pairs"] == 2 and s["compared_pairs_only"]["impostor_pairs"] == 1
    assert "recommended_threshold" in s and not s["can_apply"]
    assert "4/4" in err  # progress on stderr


def test_calibrate_table_and_bad_pairs(tmp_path, faces, capsys):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b,same\nobama.jpg,obama2.jpg,1\n", encoding="utf-8")
    code, out, _ = run(capsys, "calibrate", "--pairs", pairs, "--images", faces)
    assert code == 0 and "recommended threshold" in out
    pairs.write_text("x,y\n1,2\n", encoding="utf-8")
    code, _, err = run(capsys, "calibrate", "--pairs", pairs, "--images", faces)
    assert code == 2 and "a,b,same" in err


def test_calibrate_apply_writes_the_threshold_with_an_audit_event(tmp_path, cli_data, capsys, monkeypatch):
    from test_calibrate import people

    from kiosk import app
    from kiosk.biometrics.fake import FakeEngine

    monkeypatch.setattr(app, "make_engine", lambda settings=None: FakeEngine())
    images = tmp_path / "images"
    images.mkdir()
    pairs = tmp_path / "pairs.csv"
    all_pairs = people(images, blanks=2)
    pairs.write_text("a,b,same\n" + "".join(f"{p.a},{p.b},{p.same}\n" for p in all_pairs), encoding="utf-8")
    code, table, err = run(capsys, "calibrate", "--pairs", pairs, "--images", images, "--data-dir", cli_data, "--apply")
    assert code == 0 and "match_threshold set to" in err
    code, out, _ = run(capsys, "calibrate", "--pairs", pairs, "--images", images, "--data-dir", cli_data, "--json")
    s = json.loads(out)["summary"]
    assert s["current_threshold"] == s["recommended_threshold"]
    # the table says what the JSON says
    for key in ("tar_at_far_0.01", "tar_at_far_0.001", "tar_at_current_threshold"):
        assert f"{s['generalised'][key]:.4f}" in table and f"{s['compared_pairs_only'][key]:.4f}" in table
    assert f"without a template: {s['images_without_template']}" in table and "no_face" in table
    from kiosk.app import create

    with create(cli_data) as k:
        (event,) = k.store.audit.records(event="threshold_calibrated")
        assert event.detail["new"] == s["recommended_threshold"] and event.detail["basis"] == "FAR <= 0.1%"
        assert [r.subject for r in k.store.audit.records(event="setting_changed")] == ["match_threshold"]

    few = tmp_path / "few.csv"
    few.write_text("a,b,same\np00_0.png,p00_1.png,1\np00_0.png,p01_0.png,0\n", encoding="utf-8")
    code, _, err = run(capsys, "calibrate", "--pairs", few, "--images", images, "--data-dir", cli_data, "--apply")
    assert code != 0 and "Too few pairs" in err and "unchanged" in err


def test_calibration_metrics():
    import numpy as np

    from kiosk.calibrate import equal_error_rate, recommend, tar_at_far

    genuine = np.linspace(0.1, 0.5, 100)
    impostor = np.linspace(0.45, 1.2, 1000)
    tar, thr = tar_at_far(genuine, impostor, 0.01)
    assert np.mean(impostor <= thr) <= 0.01 and tar == np.mean(genuine <= thr)
    eer, _ = equal_error_rate(genuine, impostor)
    assert 0 < eer < 0.1
    assert recommend(0.6, 0.9, 1000)[0] == 0.7  # clamped to the accepted range
    assert recommend(0.45, 0.4, 50)[0] is None


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kiosk", "init", "--data-dir", str(tmp_path / "d")],
                         capture_output=True, text=True, env={**os.environ})
    assert out.returncode == 0 and "ready" in out.stdout


def test_screenshots_of_an_unknown_screen_is_one_clear_line(tmp_path, capsys, qapp):
    code, out, err = run(capsys, "screenshots", "--out", tmp_path / "shots", "--screen", "no-such-screen")
    assert code == 2 and "no-such-screen" in err and "welcome" in err and "Traceback" not in err
    assert not (tmp_path / "shots").exists()
