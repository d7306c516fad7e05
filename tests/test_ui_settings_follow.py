"""A running kiosk follows settings changed elsewhere: ``kiosk settings set`` in another
process writes the database, and the window applies it without a restart."""

from __future__ import annotations

import subprocess
import threading
import sys

import pytest

from kiosk.domain.session import State

TIMEOUT = 20000  # the command line starts a Python process of its own


@pytest.fixture
def window(qtbot, kiosk_app):
    from kiosk.ui.main import build_window

    w = build_window(kiosk_app, camera="memory", open_source=lambda spec: None, gate=lambda method: True)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.deleteLater()


def settings_set(data_dir, name: str, value: str) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "settings", "set", name, value],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_settings_set_on_the_command_line_reach_the_running_window(qtbot, window, kiosk_app, data_dir):
    assert window.default_language == "zh_CN" and window.machine.face_retries == 3
    settings_set(data_dir, "site_name", "Riverside Zoo")
    settings_set(data_dir, "inactivity_s", "45")
    settings_set(data_dir, "face_retries", "2")
    settings_set(data_dir, "languages", "en,zh_CN")
    settings_set(data_dir, "pin_max_failures", "4")
    qtbot.waitUntil(lambda: window.brand.text() == "Riverside Zoo", timeout=TIMEOUT)  # nobody touched the kiosk
    s = kiosk_app.settings
    assert (s.inactivity_s, s.face_retries, s.languages[0], s.pin_max_failures) == (45, 2, "en", 4)
    assert window.idle.limits.normal_s == 45.0 and window.machine.face_retries == 2
    assert kiosk_app.pins.max_failures == 4  # the PIN lockout counts with the new limit
    assert window.default_language == "en" and window.ctx.translations.language == "en"  # the welcome screen too
    window.machine.force(State.CLAIM)
    assert window.machine.session.face_retries == 2  # the next visitor gets the new number of tries


def test_a_new_visitor_reads_settings_changed_in_between(qtbot, window, kiosk_app, data_dir):
    window.settings_watch.stop()  # only the new visitor session asks now
    settings_set(data_dir, "sound_volume", "15")
    assert kiosk_app.settings.sound_volume != 15
    window.machine.force(State.CLAIM)
    window.machine.force(State.WELCOME)  # what a finished or timed-out visit does
    qtbot.waitUntil(lambda: kiosk_app.settings.sound_volume == 15, timeout=TIMEOUT)


def test_an_unchanged_database_is_not_read_again(kiosk_app):
    assert kiosk_app.refresh_settings() is False  # version unchanged: one PRAGMA, no reload
    kiosk_app.pins.lock_base_s = 1  # as a test may set it
    kiosk_app.store.audit.append("test_event", "tester")  # the database moved, the settings did not
    assert kiosk_app.refresh_settings() is False and kiosk_app.pins.lock_base_s == 1
    kiosk_app.store.settings.save(kiosk_app.settings.replace(site_name="Elsewhere"))  # another writer's change
    assert kiosk_app.refresh_settings() is True and kiosk_app.settings.site_name == "Elsewhere"
    assert kiosk_app.refresh_settings() is False


def test_a_visitor_starting_while_an_older_question_is_out_still_gets_the_new_settings(qtbot, window, kiosk_app,
                                                                                       data_dir, monkeypatch):
    """The periodic check read the database just before the change, and its answer is still on its way
    when the next visitor starts: the kiosk asks once more instead of taking that old answer."""
    window.settings_watch.stop()
    read = threading.Event()
    real = kiosk_app.refresh_settings

    def refresh() -> bool:
        try:
            return real()
        finally:
            read.set()

    monkeypatch.setattr(kiosk_app, "refresh_settings", refresh)
    window.settings_watch.check()  # a tick: the database executor answers, the window has not seen it yet
    qtbot.waitUntil(read.is_set, timeout=60000)  # the event loop runs meanwhile: a check already out is answered
    settings_set(data_dir, "sound_volume", "15")
    window.machine.force(State.CLAIM)
    window.machine.force(State.WELCOME)  # the next visitor's check finds the tick's question still out
    qtbot.waitUntil(lambda: kiosk_app.settings.sound_volume == 15, timeout=TIMEOUT)
