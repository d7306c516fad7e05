"""The staff area end to end (pytest-qt, fake engine): hidden entry, sign-in and roles,
lockout, auto-logout, members, settings, audit trail, reports, and the accountability
features wired into the visitor flow (gate failure, banned site, retention purge)."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.config import Settings
from kiosk.domain.session import Event, State
from kiosk.domain.staff import StaffAccounts
from tests.ui_helpers import Camera, enroll_fake_face

TIMEOUT = 8000
ADMIN, OPERATOR = "111111", "222222"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def staff(kiosk_app):
    accounts = StaffAccounts(kiosk_app.store)
    accounts.add("Ada Admin", "administrator", ADMIN)
    accounts.add("Otto Operator", "operator", OPERATOR)
    return accounts


def make_window(qtbot, kiosk, **kw):
    from kiosk.ui.main import build_window

    w = build_window(kiosk, camera="memory", open_source=Camera().open, language="en", face_timeout_s=3.0, **kw)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, kiosk_app, staff):
    w = make_window(qtbot, kiosk_app, gate=lambda method: True)
    yield w
    close(qtbot, w)


def close(qtbot, w):
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)


def area(w):
    return w.pages[State.STAFF]


def enter(qtbot, w):
    w.machine.fire(Event.STAFF_ENTER)
    assert w.machine.state is State.STAFF


def login(qtbot, w, pin, *, expect=True):
    page = area(w).login
    for d in pin:
        qtbot.mouseClick(page.keypad.keys[d], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad.ok_key, Qt.MouseButton.LeftButton)
    assert page.field.text() == ""
    if expect:
        qtbot.waitUntil(lambda: area(w).session is not None, timeout=TIMEOUT)
    else:
        qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)


def audit(kiosk, event):
    return list(kiosk.store.audit.records(event=event))


def click(qtbot, widget):
    """As staff tap: the screen scrolls to the button first, where a scrolling page hides it."""
    from PySide6.QtWidgets import QScrollArea

    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)
        seen = parent.viewport()
        qtbot.waitUntil(lambda: seen.rect().contains(widget.mapTo(seen, widget.rect().center())), timeout=2000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


# -- entry, sign-in, roles ---------------------------------------------------------------
def test_hidden_entry_long_press_and_shortcut(qtbot, window):
    zone = window.staff_corner
    zone.hold.setInterval(300)
    qtbot.mousePress(zone, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(zone, Qt.MouseButton.LeftButton)  # a tap is not a long press:
    assert not zone.hold.isActive()  # released before the hold ran out, so nothing is left to fire
    assert window.machine.state is State.WELCOME
    qtbot.mousePress(zone, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.machine.state is State.STAFF, timeout=TIMEOUT)
    qtbot.mouseRelease(zone, Qt.MouseButton.LeftButton)
    assert not zone.isVisible() and area(window).login.field.isVisible()
    click(qtbot, area(window).login.back_button)
    assert window.machine.state is State.WELCOME
    window.staff_shortcut.activated.emit()  # Ctrl+Alt+S
    assert window.machine.state is State.STAFF


def test_operator_sees_dashboard_but_not_settings_or_leave(qtbot, window, kiosk_app):
    enter(qtbot, window)
    login(qtbot, window, OPERATOR)
    a = area(window)
    assert a.session.name == "Otto Operator"
    assert [n for n, b in a.nav.items() if b.isVisible()] == ["dashboard", "members"]
    assert a.screen_stack.currentWidget() is a.screens["dashboard"]
    qtbot.waitUntil(lambda: a.screens["dashboard"].cards["members"].value.text() == "4", timeout=TIMEOUT)
    assert not a.show_screen("settings") and not a.show_screen("reports") and not a.show_screen("audit")
    assert a.screen_stack.currentWidget() is a.screens["dashboard"]
    calls = []
    window.leave_kiosk = lambda: calls.append(1)
    assert not a.leave_button.isVisible()
    a.leave_kiosk()
    assert calls == [] and a.session is not None
    a.show_screen("members")
    assert not a.screens["members"].import_tab.isVisible() and not a.screens["members"].pin_button.isVisible()
    click(qtbot, a.logout_button)
    assert window.machine.state is State.WELCOME
    qtbot.waitUntil(lambda: bool(audit(kiosk_app, "staff_logout")), timeout=TIMEOUT)
    assert audit(kiosk_app, "staff_logout")[-1].detail["reason"] == "logout"


def test_administrator_may_leave_kiosk_mode(qtbot, window, kiosk_app):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    assert all(b.isVisible() for b in a.nav.values())
    calls = []
    window.leave_kiosk = lambda: calls.append(1)
    a.show_screen("reports")
    assert not hasattr(a.screens["reports"], "leave_button")  # its own place, not at the bottom of Reports
    assert a.leave_button.isVisible()
    click(qtbot, a.leave_button)
    bar = a.leave_confirm
    assert bar.isVisible() and window.rect().contains(bar.yes.mapTo(window, bar.yes.rect().bottomRight()))
    click(qtbot, bar.yes)
    qtbot.waitUntil(lambda: calls == [1], timeout=TIMEOUT)
    assert audit(kiosk_app, "staff_logout")[-1].detail["reason"] == "leave_kiosk"


def test_wrong_pins_lock_the_pad_with_a_delay(qtbot, window, kiosk_app):
    a = area(window)
    enter(qtbot, window)
    for pin in ("999991", "999992", "999993", "999994"):  # the pad pauses at the fifth wrong PIN
        login(qtbot, window, pin, expect=False)
        assert "not right" in a.login.error.text()
    login(qtbot, window, "999995", expect=False)
    assert "paused for 30 second" in a.login.error.text() or "paused for 29 second" in a.login.error.text()
    assert not a.login.keypad.isEnabled() and a.login.countdown.isActive()
    a.login.field.setText(ADMIN)
    a.login.submit()  # refused while locked, without even asking:
    assert not a.login.busy and window.ctx.waiting == 0  # nothing went to the database
    assert a.session is None
    click(qtbot, a.login.back_button)
    assert not a.login.countdown.isActive()


def test_no_administrator_says_how_to_create_one(qtbot, kiosk_app):
    w = make_window(qtbot, kiosk_app, gate=lambda m: True)
    try:
        enter(qtbot, w)
        hint = area(w).login.no_admin
        qtbot.waitUntil(hint.isVisible, timeout=TIMEOUT)
        assert "kiosk staff add NAME --role administrator" in hint.text()
    finally:
        close(qtbot, w)


def test_inactivity_logs_staff_out(qtbot, window, kiosk_app):
    area(window).idle_ms = 400
    enter(qtbot, window)
    assert window.idle_timer.interval() == 400
    login(qtbot, window, ADMIN, expect=False)  # its session may end before a loaded machine looks
    qtbot.waitUntil(lambda: bool(audit(kiosk_app, "staff_logout")), timeout=TIMEOUT)
    assert window.machine.state is State.WELCOME
    assert [r.detail["outcome"] for r in audit(kiosk_app, "staff_login")] == ["pass"]
    assert audit(kiosk_app, "staff_logout")[-1].detail["reason"] == "inactivity"
    assert area(window).session is None and window.idle_timer.interval() != 400


def test_a_slow_pin_check_is_not_inactivity(qtbot, window, kiosk_app, monkeypatch):
    """The idle limit counts from the kiosk's answer: a staff member is not sent away while
    their PIN is still being checked (argon2 on a busy machine)."""
    from kiosk import ops

    release = threading.Event()
    sign_in = ops.staff_sign_in

    def slow_sign_in(kiosk, pin):
        release.wait(10)
        return sign_in(kiosk, pin)

    monkeypatch.setattr(ops, "staff_sign_in", slow_sign_in)
    area(window).idle_ms = 200
    enter(qtbot, window)
    page = area(window).login
    for d in ADMIN:
        qtbot.mouseClick(page.keypad.keys[d], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad.ok_key, Qt.MouseButton.LeftButton)
    fired = []
    window.idle_timer.timeout.connect(lambda: fired.append(True))
    qtbot.waitUntil(lambda: len(fired) >= 2, timeout=TIMEOUT)  # the limit passed twice while waiting
    assert window.machine.state is State.STAFF and page.busy
    release.set()
    # signed in, then idle as before: the session may last only the 200 ms limit, too short to be
    # seen on a loaded machine, so the audit trail shows it (a logout needs a session)
    qtbot.waitUntil(lambda: bool(audit(kiosk_app, "staff_logout")), timeout=TIMEOUT)
    assert window.machine.state is State.WELCOME and area(window).session is None
    assert [r.detail["outcome"] for r in audit(kiosk_app, "staff_login")] == ["pass"]
    assert audit(kiosk_app, "staff_logout")[-1].detail["reason"] == "inactivity"


# -- members -------------------------------------------------------------------------------
def test_csv_import_preview_with_a_bad_row_imports_nothing(qtbot, window, kiosk_app, tmp_path):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("members")
    m = a.screens["members"]
    click(qtbot, m.import_tab)
    panel = m.importer
    bad = tmp_path / "bad.csv"
    bad.write_text("member_no,display_name,birth_date,valid_until,card_id\n"
                   "N1,New One,1990-01-01,2031-01-01,\nN2,New Two,1990-13-01,2031-01-01,\n", encoding="utf-8")
    panel.path.edit.setText(str(bad))
    click(qtbot, panel.preview_button)
    qtbot.waitUntil(panel.errors.isVisible, timeout=TIMEOUT)
    assert "Line 3" in panel.errors.text() and not panel.import_button.isEnabled()
    assert kiosk_app.store.members.count() == 4
    good = tmp_path / "good.csv"
    good.write_text("member_no,display_name,birth_date,valid_until,card_id\nN1,New One,1990-01-01,2031-01-01,\n", encoding="utf-8")
    panel.path.edit.setText(str(good))
    click(qtbot, panel.preview_button)
    qtbot.waitUntil(panel.import_button.isEnabled, timeout=TIMEOUT)
    assert panel.table.rowCount() == 1 and kiosk_app.store.members.count() == 4  # preview stores nothing
    click(qtbot, panel.import_button)
    qtbot.waitUntil(lambda: kiosk_app.store.members.count() == 5, timeout=TIMEOUT)
    assert audit(kiosk_app, "members_imported")[-1].actor == "Ada Admin"


def test_operator_revokes_face_data(qtbot, window, kiosk_app):
    enroll_fake_face(kiosk_app, "M001")
    enter(qtbot, window)
    login(qtbot, window, OPERATOR)
    a = area(window)
    a.show_screen("members")
    m = a.screens["members"]
    m.query.setText("M001")
    click(qtbot, m.search_button)
    qtbot.waitUntil(lambda: len(m.rows) == 1, timeout=TIMEOUT)
    m.table.selectRow(0)
    assert m.rows[0][4] is True
    click(qtbot, m.revoke_button)
    click(qtbot, m.confirm.yes)
    qtbot.waitUntil(lambda: kiosk_app.store.templates.info("M001") is None, timeout=TIMEOUT)
    rec = audit(kiosk_app, "face_deleted")[-1]
    assert (rec.actor, rec.subject) == ("Otto Operator", "M001")
    qtbot.waitUntil(lambda: bool(m.rows) and m.rows[0][4] is False, timeout=TIMEOUT)


def test_reset_pin_and_deactivate(qtbot, window, kiosk_app):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("members")
    m = a.screens["members"]
    qtbot.waitUntil(lambda: len(m.rows) == 4, timeout=TIMEOUT)
    m.select("M002")
    click(qtbot, m.pin_button)
    for _ in range(2):  # typed twice on the keypad
        for d in "5678":
            click(qtbot, m.pin_panel.keypad.keys[d])
        click(qtbot, m.pin_panel.keypad.ok_key)
    qtbot.waitUntil(lambda: audit(kiosk_app, "pin_set")[-1].actor == "Ada Admin", timeout=TIMEOUT)
    assert kiosk_app.pins.check("M002", "5678")
    m.select("M002")
    click(qtbot, m.active_button)
    click(qtbot, m.confirm.yes)
    qtbot.waitUntil(lambda: not kiosk_app.store.members.get("M002").active, timeout=TIMEOUT)
    assert audit(kiosk_app, "member_deactivated")[-1].subject == "M002"


# -- settings, audit, reports -------------------------------------------------------------------
def test_settings_are_validated_and_audited(qtbot, window, kiosk_app):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("settings")
    s = a.screens["settings"]
    s.inputs["match_threshold"].setValue(0.9)
    assert s.inputs["match_threshold"].value() == 0.7  # bounded: nothing past 0.7 can be entered
    gate = s.inputs["gate_mode"]
    gate.setCurrentIndex(gate.findData("command"))  # without a command
    click(qtbot, s.save_button)
    text = s.message.text()  # each problem by its label, never by the internal setting name
    assert "Gate command: is needed for the chosen gate output" in text and "gate_command" not in text
    assert s.sections.currentIndex() == 2  # the section of the first problem listed
    assert kiosk_app.settings.match_threshold == Settings().match_threshold and not audit(kiosk_app, "setting_changed")
    gate.setCurrentIndex(gate.findData("log"))
    s.show_section(1)
    s.inputs["match_threshold"].setValue(0.46)
    click(qtbot, s.inputs["match_threshold"].minus)
    s.show_section(2)
    s.inputs["inactivity_s"].setValue(44)
    click(qtbot, s.inputs["inactivity_s"].plus)
    s.inputs["site_type"].setCurrentIndex(s.inputs["site_type"].findData("museum"))
    click(qtbot, s.save_button)
    qtbot.waitUntil(lambda: kiosk_app.settings.match_threshold == 0.45, timeout=TIMEOUT)
    assert kiosk_app.settings.inactivity_s == 45
    changes = {r.subject: r for r in audit(kiosk_app, "setting_changed")}
    assert set(changes) == {"match_threshold", "inactivity_s", "site_type"}
    assert changes["site_type"].actor == "Ada Admin" and changes["site_type"].detail["new"] == "museum"


def test_audit_verify_shows_tampering_and_exports(qtbot, window, kiosk_app, tmp_path):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("audit")
    v = a.screens["audit"]
    qtbot.waitUntil(lambda: v.total > 0, timeout=TIMEOUT)
    v.path.edit.setText(str(tmp_path / "trail.csv"))
    click(qtbot, v.csv_button)
    qtbot.waitUntil(lambda: (tmp_path / "trail.csv").exists(), timeout=TIMEOUT)
    click(qtbot, v.json_button)
    qtbot.waitUntil(lambda: (tmp_path / "trail.json").exists(), timeout=TIMEOUT)
    assert json.loads((tmp_path / "trail.json").read_text())["chain_intact"] is True
    click(qtbot, v.verify_button)
    qtbot.waitUntil(lambda: "intact" in v.message.text(), timeout=TIMEOUT)
    with kiosk_app.store.transaction() as c:
        c.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 3")
    click(qtbot, v.verify_button)
    qtbot.waitUntil(lambda: "tampered" in v.message.text(), timeout=TIMEOUT)
    assert "no. 3" in v.message.text()


def test_filing_report_and_backup(qtbot, window, kiosk_app, tmp_path):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("reports")
    r = a.screens["reports"]
    r.report_path.edit.setText(str(tmp_path / "filing.html"))
    click(qtbot, r.md_button)
    qtbot.waitUntil(lambda: (tmp_path / "filing.md").exists(), timeout=TIMEOUT)
    r.backup_path.edit.setText(str(tmp_path / "backup.db"))
    click(qtbot, r.backup_button)
    qtbot.waitUntil(lambda: "saved" in r.message.text(), timeout=TIMEOUT)
    click(qtbot, r.check_button)
    qtbot.waitUntil(lambda: "verifies" in r.message.text(), timeout=TIMEOUT)
    assert not (tmp_path / "backup.db-wal").exists()


# -- wiring into the visitor flow ------------------------------------------------------------
def claim_and_pin(qtbot, w, card, pin="1234"):
    qtbot.mouseClick(w.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    page = w.pages[State.CLAIM]
    qtbot.keyClicks(page.field, card)
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.machine.state is State.METHOD, timeout=TIMEOUT)
    method = w.pages[State.METHOD]
    face_visible = method.face_button.isVisible()
    qtbot.mouseClick(method.pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.machine.state is State.PIN, timeout=TIMEOUT)
    pin_page = w.pages[State.PIN]
    for d in pin:
        qtbot.mouseClick(pin_page.keypad.keys[d], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pin_page.keypad.ok_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.machine.state is State.PASSED, timeout=TIMEOUT)
    return face_visible


def test_gate_failure_sends_visitor_to_staff_and_shows_on_dashboard(qtbot, kiosk_app, staff):
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="command", gate_command="false"), actor="test")
    w = make_window(qtbot, kiosk_app)  # the real Gate
    try:
        claim_and_pin(qtbot, w, "CARD001")
        assert "see staff" in w.pages[State.PASSED].lead.text()
        qtbot.mouseClick(w.pages[State.PASSED].done_button, Qt.MouseButton.LeftButton)
        enter(qtbot, w)
        login(qtbot, w, OPERATOR)
        d = area(w).screens["dashboard"]
        qtbot.waitUntil(lambda: d.gate is not None, timeout=TIMEOUT)
        assert "failing" in d.cards["gate"].value.text()
        assert "false exited with status 1" in d.cards["gate"].detail.text()
        assert "gate output failed" in d.warnings.text()
    finally:
        close(qtbot, w)


def test_banned_site_hides_face_keeps_pin_and_shows_staff_banner(qtbot, kiosk_app, staff):
    enroll_fake_face(kiosk_app, "M001")
    kiosk_app.save_settings(kiosk_app.settings.replace(site_type="changing_room"), actor="test")
    w = make_window(qtbot, kiosk_app, gate=lambda m: True)
    try:
        assert claim_and_pin(qtbot, w, "CARD001") is False  # no Face button, and the PIN works
        qtbot.mouseClick(w.pages[State.PASSED].done_button, Qt.MouseButton.LeftButton)
        enter(qtbot, w)
        banner = area(w).banner
        assert banner.isVisible() and "banned" in banner.text() and "PIN keep working" in banner.text()
        login(qtbot, w, ADMIN)
        d = area(w).screens["dashboard"]
        qtbot.waitUntil(lambda: d.status is not None, timeout=TIMEOUT)
        assert "banned" in d.warnings.text() and "banned" in d.cards["site"].detail.text()
    finally:
        close(qtbot, w)


def test_retention_purge_runs_at_start_up(qtbot, window, kiosk_app):
    enroll_fake_face(kiosk_app, "M001")
    past = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat(timespec="seconds")
    kiosk_app.store.templates.touch("M001", past, past)
    window.maintenance.start()
    t = window.maintenance.timer
    try:
        # the purge deletes, then audits: wait for the record, not just the deletion
        qtbot.waitUntil(lambda: bool(audit(kiosk_app, "purge")), timeout=TIMEOUT)
        assert kiosk_app.store.templates.info("M001") is None
        assert audit(kiosk_app, "purge")[-1].detail.get("count") == 1
        assert t.isActive() and t.interval() == 3600 * 1000
    finally:
        t.stop()


def test_staff_translations_are_complete():
    ts = ROOT / "i18n" / "staff_zh_CN.ts"
    root = ET.parse(ts).getroot()
    messages = root.findall(".//message")
    assert len(messages) > 100
    for m in messages:
        tr = m.find("translation")
        source = m.findtext("source")
        assert tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete"), source
        forms = tr.findall("numerusform")
        assert (all((f.text or "").strip() for f in forms) if forms else (tr.text or "").strip()), source
    assert (ROOT / "kiosk" / "i18n" / "staff_zh_CN.qm").is_file()


def test_embedded_file_browser_fills_the_path(qtbot, window, tmp_path):
    (tmp_path / "members.csv").write_text("member_no,display_name,birth_date,valid_until,card_id\n", encoding="utf-8")
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("members")
    click(qtbot, a.screens["members"].import_tab)
    panel = a.screens["members"].importer
    panel.path.edit.setText(str(tmp_path / "x.csv"))
    click(qtbot, panel.path.browse)
    picker = a.picker
    assert picker is not None and a.stack.currentWidget() is picker and not picker.isWindow()
    picker.findChild(QLineEdit, "fileNameEdit").setText("members.csv")  # as typed by staff
    picker.accept()
    qtbot.waitUntil(lambda: a.picker is None, timeout=TIMEOUT)
    assert panel.path.text() == str(tmp_path / "members.csv") and a.stack.currentWidget() is a.shell


def test_report_buttons_say_what_they_do_and_destructive_answers_are_not_primary(qtbot, window):
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    a = area(window)
    a.show_screen("reports")
    r = a.screens["reports"]
    assert r.md_button.text() == "Export report as Markdown"
    assert r.html_button.text() == "Export report as HTML"
    assert r.backup_button.text() == "Save encrypted backup"
    for bar in (r.confirm, a.screens["members"].confirm):
        assert bar.yes.property("role") == "danger"  # styled as a warning, never the blue primary
        assert bar.no.property("role") != "primary"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_staff_screen_fits_the_window_under_a_three_line_demo_banner(qtbot, window, lang):
    """The staff area keeps its navigation and "Log out" in view at 1280x800 on every screen,
    even when a long screen (reports, settings, members) was opened before."""
    window.set_language(lang)
    try:
        staff_area_fits(qtbot, window)
    finally:
        window.set_language("en")  # the translators are the application's: leave them as found


def staff_area_fits(qtbot, window) -> None:
    window.demo_banner.setText("DEMO\nwith test data only\nthree lines")
    window.demo_banner.setVisible(True)
    enter(qtbot, window)
    login(qtbot, window, ADMIN)
    page = area(window)
    names = list(page.screens)
    assert {"dashboard", "members", "settings", "reports"} <= set(names)
    for name in names + names:  # a second round: every screen has been built and laid out once
        page.show_screen(name)
        for _ in range(3):  # the posted layout requests of the screen shown, then of the page around it
            QApplication.sendPostedEvents()
            QApplication.processEvents()
        assert page.screens[name].isVisible() and page.logout_button.isVisible()
        assert bottom_of(page.logout_button) < window.height(), name


def bottom_of(widget) -> int:
    return widget.mapTo(widget.window(), widget.rect().bottomLeft()).y()
