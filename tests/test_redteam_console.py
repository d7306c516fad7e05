"""Red-team tests for help reaching staff and the office console: what leaves the kiosk with a
help request, who may step into the staff area while a visitor waits, and what the console
shows before anyone signs in. One test per property."""

from __future__ import annotations

import json
import sys

from kiosk import ops
from kiosk.domain.session import State
from tests.test_ui_flows import choose_pin, claim, state_is
from tests.test_ui_staff import ADMIN, TIMEOUT, area, click, login, staff, window  # noqa: F401


def test_the_notification_command_sees_neither_the_key_nor_the_member(kiosk_app, tmp_path, monkeypatch):
    """A pager script gets where help is needed, never who, and never the database key."""
    monkeypatch.setenv("KIOSK_DB_KEY", "x" * 64)  # as a kiosk started with its key in the environment
    out = tmp_path / "env.json"
    script = f"import json, os, sys; json.dump(dict(os.environ), open({str(out)!r}, 'w'))"
    kiosk_app.save_settings(kiosk_app.settings.replace(help_notify_mode="command",
                                                       help_notify_command=f'{sys.executable} -c "{script}"'), "t")
    visitor = ops.Actor.visitor("M002")
    alert = ops.ask_staff(kiosk_app, visitor, "pin")
    assert ops.notify_help(kiosk_app, visitor, "pin", alert.id).ok
    env = json.loads(out.read_text())
    assert "KIOSK_DB_KEY" not in env and not any("x" * 64 in v for v in env.values())
    assert "M002" not in json.dumps(env) and env["KIOSK_SCREEN"] == "pin"
    assert set(env) <= {"PATH", "LANG", "LC_ALL", "KIOSK_EVENT", "KIOSK_SITE", "KIOSK_SCREEN", "KIOSK_ALERT"}


def test_the_way_in_while_a_visitor_waits_still_needs_a_staff_pin(qtbot, window, kiosk_app):
    """A visitor tapping "Staff: help requested" meets the staff PIN pad, nothing more; a wrong
    PIN opens nothing; leaving the pad gives the visitor their own screen back."""
    claim(qtbot, window, "M002")
    choose_pin(qtbot, window)
    click(qtbot, window.pages[State.PIN].help_button)
    qtbot.waitUntil(lambda: window.staff_call_button.isVisible(), timeout=TIMEOUT)
    click(qtbot, window.pages[State.ASK_STAFF].back_button)
    click(qtbot, window.staff_call_button)
    a = area(window)
    assert a.session is None and a.stack.currentWidget() is a.login
    assert not any(b.isVisible() for b in a.nav.values())
    login(qtbot, window, "999999", expect=False)
    assert a.session is None and "not right" in a.login.error.text()
    click(qtbot, a.login.back_button)
    qtbot.waitUntil(state_is(window, State.PIN), timeout=TIMEOUT)
    assert window.machine.session.member_no == "M002" and a.session is None


def test_the_console_names_no_one_before_staff_sign_in(qtbot, kiosk_app, staff, data_dir):
    """Before sign-in the office console says that someone asked, never who or where."""
    from kiosk.app import create_console
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.ui.console import build_console

    runtime = create_console(data_dir, engine=FakeEngine())
    w = build_console(runtime, language="en")
    try:
        w.show()
        w.start()
        qtbot.waitUntil(lambda: w._help_heard == 0, timeout=TIMEOUT)
        ops.ask_staff(kiosk_app, ops.Actor.visitor("M003"), "claim")
        qtbot.waitUntil(lambda: w.kiosks.table.item(0, 6) is not None and w.kiosks.table.item(0, 6).text() == "1",
                        timeout=TIMEOUT)
        shown = " ".join(lbl.text() for lbl in (w.help_banner, w.message_bar, w.brand))
        cells = " ".join(w.kiosks.table.item(0, c).text() for c in range(w.kiosks.table.columnCount()))
        assert "M003" not in shown + cells and "member number" not in shown.lower()
        assert not w.help_banner.isVisible() and w.staff.session is None and not w.staff.alerts
    finally:
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
        runtime.close()
