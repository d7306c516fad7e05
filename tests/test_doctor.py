"""kiosk doctor: one pass/fail line per check, each failure with a fix."""

from __future__ import annotations

import subprocess

import cv2
import numpy as np

from kiosk.config import Paths
from kiosk.doctor import Check, check_camera, check_cjk_font, check_permissions, run_checks


def fake_fc(output: str):
    def run(*a, **k):
        return subprocess.CompletedProcess(a, 0, stdout=output, stderr="")

    return run


def test_cjk_font_check():
    assert check_cjk_font(fake_fc("Noto Sans CJK SC,Noto Sans CJK JP\n")).ok
    bad = check_cjk_font(fake_fc(""))
    assert not bad.ok and "fonts-noto-cjk" in bad.fix


def test_camera_check_with_an_image_file(tmp_path):
    img = tmp_path / "cam.png"
    cv2.imencode(".png", np.full((48, 64, 3), 128, np.uint8))[1].tofile(str(img))
    c = check_camera(str(img))
    assert c.ok and "64x48" in c.message
    bad = check_camera(str(tmp_path / "none.mp4"))
    assert not bad.ok and "--camera" in bad.fix


def test_permissions(kiosk_app, data_dir):
    assert check_permissions(Paths(data_dir)).ok
    (data_dir / "kiosk.key").chmod(0o644)
    c = check_permissions(Paths(data_dir))
    assert not c.ok and "kiosk.key" in c.message and "chmod 600" in c.fix


def test_run_checks_all_lines(kiosk_app, data_dir, fake_engine):
    kiosk_app.close()
    ok_cam = lambda spec: Check("camera", True, "fine")  # noqa: E731
    results = run_checks(Paths(data_dir), engine=fake_engine, camera_check=ok_cam,
                         font_check=lambda: Check("cjk font", True, "fine"))
    by = {c.name: c for c in results}
    assert list(by) == ["qt platform", "camera", "cjk font", "permissions", "database", "site profile", "staff", "face engine"]
    assert by["database"].ok and by["face engine"].ok
    assert not by["site profile"].ok and "operator_name" in by["site profile"].message
    assert not by["staff"].ok and "kiosk staff add" in by["staff"].fix
    assert all(c.fix for c in results if not c.ok)


def test_tampered_trail_and_missing_database(kiosk_app, data_dir, tmp_path, fake_engine):
    with kiosk_app.store.transaction() as c:
        c.execute("UPDATE audit SET actor = 'x' WHERE seq = 1")
    kiosk_app.close()
    ok = lambda *a: Check("x", True, "fine")  # noqa: E731
    db = {c.name: c for c in run_checks(Paths(data_dir), engine=fake_engine, camera_check=ok, font_check=ok)}["database"]
    assert not db.ok and "record 1 was modified" in db.message and "restore" in db.fix
    none = run_checks(Paths(tmp_path / "empty"), engine=fake_engine, camera_check=ok, font_check=ok)
    assert [c.name for c in none if not c.ok] == ["permissions", "database"]


def test_engine_that_fails_to_load(kiosk_app, data_dir):
    class Broken:
        model_id = "broken"

        def load(self):
            raise RuntimeError("models missing")

    kiosk_app.close()
    ok = lambda *a: Check("x", True, "fine")  # noqa: E731
    eng = run_checks(Paths(data_dir), engine=Broken(), camera_check=ok, font_check=ok)[-1]
    assert eng.name == "face engine" and not eng.ok and "models missing" in eng.message


def test_missing_table_is_reported(kiosk_app, data_dir, fake_engine):
    with kiosk_app.store.transaction() as c:
        c.execute("DROP TABLE staff")
    kiosk_app.close()
    ok = lambda *a: Check("x", True, "fine")  # noqa: E731
    db = {c.name: c for c in run_checks(Paths(data_dir), engine=fake_engine, camera_check=ok, font_check=ok)}["database"]
    assert not db.ok and "tables missing: staff" in db.message and "restore" in db.fix
