"""Red team: face tries are bounded per member, whatever the route.

Each test is one property, tried the way an attacker tried it, on a real data folder:
- 300 claims of one member no longer yield 300 face tries: counted as the tries offered.
- Abandoning the face step in a loop is counted: leaving the screen's step, and Ctrl-C or
  killing ``kiosk verify --camera`` midway (a real process).
- ``kiosk verify`` honours the member's pause, with the camera and with photos (real
  processes), and counts its own failures.

``KIOSK_REDTEAM_LONG=1`` also runs the 300 claims through the real window.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kiosk import ops
from kiosk.errors import FacePausedError
from tests.test_redteam_hostile import at_a_terminal

ROOT = Path(__file__).resolve().parents[1]
CSV = "member_no,display_name,birth_date,valid_until,card_id\nA1,Person A,1961-08-04,2030-12-31,CA1\n"
LONG = os.environ.get("KIOSK_REDTEAM_LONG") == "1"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)  # the kiosk's clock stands still: no pause runs out


def kiosk_cli(data: Path, *argv, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *map(str, argv), "--data-dir", str(data)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, **kw)


def counted(data: Path, member_no: str = "A1") -> list[str]:
    from kiosk.app import create

    with create(data) as k:
        return [r.detail["reason"] for r in k.store.audit.records(event="face_try_failed") if r.subject == member_no]


@pytest.fixture
def enrolled(tmp_path, faces) -> Path:
    """A real data folder with member A1 enrolled from a photo by the command line."""
    data, csv = tmp_path / "data", tmp_path / "members.csv"
    csv.write_text(CSV, encoding="utf-8")
    for argv in (["init"], ["members", "import", csv], ["enroll", "A1", faces / "obama.jpg", "--consent-given"],
                 ["settings", "set", "liveness_challenge_s", "4"]):
        done = kiosk_cli(data, *argv)
        assert done.returncode == 0, done.stderr
    return data


def pause(data: Path, member_no: str = "A1") -> None:
    """Use up the member's face tries (refused liveness checks, as a held-up photo gets)."""
    from kiosk.app import create

    with create(data) as k:
        k.save_settings(k.settings.replace(pin_lock_base_s=3600), "test")  # a pause no slow machine outlasts
        actor = ops.Actor.visitor(member_no)
        while k.faces.face_paused(member_no) <= 0:
            ops.begin_face_try(k, actor, member_no)
            ops.end_face_try(k, actor, member_no, ops.FaceTryEnd.LIVENESS, "passive")


def test_300_claims_no_longer_yield_300_face_tries(data_dir, fake_engine):
    from kiosk.app import create
    from kiosk.domain.members import import_members
    from tests.ui_helpers import enroll_fake_face

    k = create(data_dir, engine=fake_engine, init=True, clock=lambda: NOW)
    try:
        import_members(k.store, "member_no,display_name,birth_date,valid_until,card_id\n"
                                "M001,Alice Adult,1980-05-01,2030-12-31,CARD001\n")
        enroll_fake_face(k)
        anyone, visitor = ops.Actor.visitor(None), ops.Actor.visitor("M001")
        offered = 0
        for _ in range(300):  # claim, and whenever face is offered, hold up a photo (the liveness check refuses it)
            if not ops.lookup_claim(k, anyone, "CARD001").face_available:
                continue
            offered += 1
            ops.begin_face_try(k, visitor, "M001")
            ops.end_face_try(k, visitor, "M001", ops.FaceTryEnd.LIVENESS, "passive")
        assert offered == 2 * k.settings.face_retries
        assert len(list(k.store.audit.records(event="face_try_failed"))) == offered
        assert [r.subject for r in k.store.audit.records(event="face_paused")] == ["M001"]
    finally:
        k.close()


@pytest.mark.skipif(not LONG, reason="300 visits through the real window: KIOSK_REDTEAM_LONG=1")
def test_300_claims_in_the_real_window_no_longer_yield_300_face_tries(qtbot, data_dir, fake_engine):
    from PySide6.QtCore import Qt

    from kiosk.app import create
    from kiosk.domain.members import import_members
    from kiosk.domain.session import Event, State
    from kiosk.ui.main import build_window
    from tests.ui_helpers import Camera, enroll_fake_face

    k = create(data_dir, engine=fake_engine, init=True, clock=lambda: NOW)
    import_members(k.store, "member_no,display_name,birth_date,valid_until,card_id\n"
                            "M001,Alice Adult,1980-05-01,2030-12-31,CARD001\n")
    enroll_fake_face(k)
    camera = Camera()  # the fake engine's drawn face: a still picture, refused by the liveness check
    w = build_window(k, camera="memory", open_source=camera.open, language="en", gate=lambda m: True,
                     face_timeout_s=12.0)
    w.resize(1280, 800)  # a kiosk's screen
    w.show()
    qtbot.waitExposed(w)
    try:
        offered = 0
        for _ in range(300):
            qtbot.mouseClick(w.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(w.pages[State.CLAIM].field, "CARD001")
            qtbot.keyClick(w.pages[State.CLAIM].field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: w.machine.state is State.METHOD, timeout=15_000)
            if w.pages[State.METHOD].face_button.isVisible():
                offered += 1
                qtbot.mouseClick(w.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: w.machine.state is State.FAILED, timeout=15_000)
            w.machine.fire(Event.CANCEL)  # "Start over": the next visit
        assert offered == camera.opened == 2 * k.settings.face_retries
    finally:
        w.shutdown()
        w.deleteLater()
        k.close()


def test_abandoning_the_face_step_in_a_loop_is_counted(qtbot, kiosk_app):
    import numpy as np
    from PySide6.QtCore import Qt

    from kiosk.domain.session import State
    from kiosk.ui.main import build_window
    from tests.ui_helpers import Camera, enroll_fake_face

    kiosk_app.save_settings(kiosk_app.settings.replace(pin_lock_base_s=3600), "test")  # no slow machine outlasts it
    enroll_fake_face(kiosk_app)
    camera = Camera()
    camera.frames = [np.zeros((480, 640, 3), np.uint8)]  # the attacker shows nothing and leaves before any verdict
    w = build_window(kiosk_app, camera="memory", open_source=camera.open, language="en", gate=lambda m: True,
                     face_timeout_s=12.0)
    w.resize(1280, 800)  # a kiosk's screen
    w.show()
    qtbot.waitExposed(w)
    try:
        limit, started = 2 * kiosk_app.settings.face_retries, 0
        for _ in range(3 * limit):
            qtbot.mouseClick(w.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(w.pages[State.CLAIM].field, "M001")
            qtbot.keyClick(w.pages[State.CLAIM].field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: w.machine.state is State.METHOD, timeout=15_000)
            if w.pages[State.METHOD].face_button.isVisible():
                qtbot.mouseClick(w.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: w.pages[State.FACE].open_try == "M001", timeout=15_000)
                started += 1
                qtbot.mouseClick(w.pages[State.FACE].back_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: len(list(kiosk_app.store.audit.records(event="face_try_failed"))) == started,
                                timeout=15_000)
            qtbot.mouseClick(w.pages[State.METHOD].cancel_button, Qt.MouseButton.LeftButton)
        assert started == camera.opened == limit
        assert [r.detail["reason"] for r in kiosk_app.store.audit.records(event="face_try_failed")] == ["abandoned"] * limit
    finally:
        w.shutdown()
        w.deleteLater()


def test_interrupting_or_killing_kiosk_verify_camera_is_counted(enrolled, faces):
    for stop in (signal.SIGINT, signal.SIGKILL, signal.SIGINT):
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "verify", "A1", "--camera", str(faces / "obama1.jpg"),
                                 "--data-dir", str(enrolled)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=ROOT, preexec_fn=at_a_terminal)
        try:
            for line in proc.stderr:  # the first prompt: the try is open and the camera runs
                if line.startswith("challenge 1/"):
                    break
            proc.send_signal(stop)
            code = proc.wait(timeout=60)
        finally:
            proc.kill()
            proc.stdout.close()
            proc.stderr.close()
        assert code == (130 if stop is signal.SIGINT else -signal.SIGKILL)
    from kiosk.app import create

    with create(enrolled) as k:  # a killed process closed nothing: the next try counts it first
        ops.begin_face_try(k, ops.Actor.at_desk("A1"), "A1")
    assert counted(enrolled) == ["abandoned"] * 3


def test_kiosk_verify_honours_the_pause_with_the_camera_and_with_photos(enrolled, faces):
    done = kiosk_cli(enrolled, "verify", "A1", "--camera", faces / "obama1.jpg", "--json")
    assert done.returncode == 1 and '"liveness_failed"' in done.stdout, done.stderr  # a held-up photo
    assert counted(enrolled) == [f"liveness:{json.loads(done.stdout)['refusal']}"]  # counted
    pause(enrolled)
    before = counted(enrolled)
    for argv in (["--camera", faces / "obama1.jpg"], ["--camera", faces / "obama1.jpg", "--json"],
                 [faces / "obama1.jpg"]):  # the member's own photo: it would match
        done = kiosk_cli(enrolled, "verify", "A1", *argv)
        assert done.returncode == 3, (argv, done.stdout, done.stderr)
        assert done.stdout == "" and "match" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "paused" in lines[0] and "PIN" in lines[0], lines
    assert counted(enrolled) == before  # refused before any camera or comparison: nothing new to count
    from kiosk.app import create

    with create(enrolled) as k:
        with pytest.raises(FacePausedError):
            ops.begin_face_try(k, ops.Actor.visitor("A1"), "A1")
