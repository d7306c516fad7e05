"""How the kiosk starts: the demo in a window a new user can close, in the machine's language;
the kiosk itself locked full screen; and without a display one line and exit status 2, never a
Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk.cli import build_parser
from kiosk.demo import locale_language


def test_the_demo_speaks_the_language_of_the_machine():
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert locale_language({"LANG": "zh_TW.UTF-8"}) == "zh_CN"
    assert locale_language({"LANG": "en_GB.UTF-8"}) == "en"
    assert locale_language({"LANG": "de_DE.UTF-8"}) == "en"  # no German: English
    assert locale_language({}) == "en"
    assert locale_language({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN"  # LC_ALL wins
    assert locale_language({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"


def test_only_the_kiosk_opens_full_screen_by_default():
    from kiosk.ui.main import wants_full_screen

    parse = build_parser().parse_args
    assert not wants_full_screen(parse(["--demo"]))
    assert wants_full_screen(parse(["--demo", "--fullscreen"]))
    assert wants_full_screen(parse([]))
    assert not wants_full_screen(parse(["--windowed"]))
    with pytest.raises(SystemExit):
        parse(["--windowed", "--fullscreen"])


@pytest.fixture
def demo_window(qtbot, data_dir):
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.demo import DemoInfo, populate
    from kiosk.ui.main import build_window
    from kiosk.ui.screenshots import _no_camera

    k = create(data_dir, engine=FakeEngine(), init=True)
    populate(k)
    w = build_window(k, open_source=_no_camera, language="en", demo=DemoInfo(data_dir), inactivity_ms=3_600_000,
                     still=True, gate=lambda method: True)
    yield w
    w.shutdown()
    w.hide()
    w.deleteLater()
    qtbot.wait(10)
    k.close()


def test_the_windowed_demo_says_how_to_leave_and_closes(qtbot, demo_window):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)  # the test's own event loop goes on
    try:
        demo_window.show_kiosk(windowed=True)
        qtbot.waitExposed(demo_window)
        screen = app.primaryScreen().availableGeometry()
        assert demo_window.width() <= screen.width() and demo_window.height() <= screen.height()
        assert "close this window" in demo_window.demo_banner.text()
        assert demo_window.close() and not demo_window.isVisible()
    finally:
        app.setQuitOnLastWindowClosed(True)


def test_the_full_screen_demo_says_how_to_leave_and_refuses_to_close(qtbot, demo_window):
    from kiosk.demo import DEMO_STAFF

    demo_window.show_kiosk(windowed=False)
    qtbot.waitExposed(demo_window)
    banner = demo_window.demo_banner.text()
    assert "Ctrl+Alt+S" in banner and DEMO_STAFF[0].pin in banner
    assert not demo_window.close() and demo_window.isVisible()


def _without_display() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return env


def test_without_a_display_one_line_and_exit_2():
    out = subprocess.run([sys.executable, "-m", "kiosk", "--demo"], capture_output=True, text=True,
                         env=_without_display(), timeout=120)
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "no display" in lines[0] and "DISPLAY" in lines[0] and "kiosk doctor" in lines[0]


def test_a_platform_plugin_that_cannot_load_is_one_line_and_exit_2():
    """Qt itself would abort (exit 134) here; the kiosk probes the plugin in a child first."""
    env = {**_without_display(), "QT_QPA_PLATFORM": "no-such-platform"}
    out = subprocess.run([sys.executable, "-m", "kiosk", "--demo"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-platform" in lines[0] and "kiosk doctor" in lines[0], out.stderr
