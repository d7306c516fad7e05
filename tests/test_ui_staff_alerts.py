"""The dashboard's alerts panel: open alerts listed in local time, acknowledged by staff,
refreshed while the staff area is open, a new help request announced."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from kiosk.domain.alerts import AlertKind, AlertNote, GateProblem, GateProblemCode, NoteCode, open_alerts, raise_alert
from tests.test_localtime import shanghai  # noqa: F401
from tests.test_ui_staff import OPERATOR, TIMEOUT, area, audit, click, enter, login, staff, window  # noqa: F401


def test_operator_sees_and_acknowledges_alerts_in_local_time(qtbot, shanghai, window, kiosk_app):
    at = datetime(2020, 11, 20, 9, 30, tzinfo=timezone.utc)
    raise_alert(kiosk_app.store, AlertKind.PIN_LOCKED, member_no="M002", at=at)
    failed = GateProblem(GateProblemCode.EXIT_STATUS, ("opener", "2", ""))
    raise_alert(kiosk_app.store, AlertKind.GATE_FAILED, note=AlertNote.gate("command", failed), at=at)
    enter(qtbot, window)
    login(qtbot, window, OPERATOR)
    a = area(window)
    panel = a.screens["dashboard"].alerts
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=TIMEOUT)
    assert panel.isVisible() and panel.caption.text() == "Alerts: 2 open"
    assert a.nav["dashboard"].text() == "Dashboard (2)"
    rows = {panel.table.item(r, 1).text(): [panel.table.item(r, c).text() for c in range(4)] for r in range(2)}
    assert rows["PIN locked after wrong tries"][0] == "2020-11-20 17:30 CST"
    assert rows["PIN locked after wrong tries"][2] == "M002"
    assert rows["The gate did not open"][3] == "gate command: opener ended with status 2"  # read back in words

    assert not panel.ack_button.isEnabled()  # nothing selected yet
    row = next(r for r in range(2) if panel.table.item(r, 2).text() == "M002")
    panel.table.selectRow(row)
    click(qtbot, panel.ack_button)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=TIMEOUT)
    assert a.nav["dashboard"].text() == "Dashboard (1)"
    [rec] = audit(kiosk_app, "alert_acknowledged")
    assert rec.actor == "Otto Operator" and rec.subject == "M002" and rec.detail["kind"] == "pin_locked"
    assert [x.kind for x in open_alerts(kiosk_app.store)] == [AlertKind.GATE_FAILED]


def test_a_new_help_request_shows_up_while_staff_are_signed_in(qtbot, window, kiosk_app):
    notes = []
    window.ctx.notify = notes.append
    enter(qtbot, window)
    login(qtbot, window, OPERATOR)
    a = area(window)
    panel = a.screens["dashboard"].alerts
    assert a.alerts_timer.isActive()
    a.alerts_timer.setInterval(50)
    qtbot.waitUntil(lambda: a.alerts_listed, timeout=TIMEOUT)
    assert panel.empty.text() == "No open alerts." and not panel.table.isVisible()
    assert a.nav["dashboard"].text() == "Dashboard"
    raise_alert(kiosk_app.store, AlertKind.HELP_REQUESTED, member_no="M001")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=TIMEOUT)
    assert panel.table.item(0, 1).text() == "A visitor asks for help"
    qtbot.waitUntil(lambda: any("asks for help" in n for n in notes), timeout=TIMEOUT)
    count = len(notes)
    raise_alert(kiosk_app.store, AlertKind.HELP_REQUESTED, member_no="M001")  # asked again: announced again
    qtbot.waitUntil(lambda: panel.table.item(0, 3) is not None and "2 times" in panel.table.item(0, 3).text(),
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(notes) > count, timeout=TIMEOUT)
    # listed, not announced
    raise_alert(kiosk_app.store, AlertKind.GATE_FAILED, note=AlertNote.gate("http", GateProblem(GateProblemCode.HTTP_TIMEOUT)))
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=TIMEOUT)
    assert sum("asks for help" in n for n in notes) == count + 1
    click(qtbot, a.logout_button)
    assert not a.alerts_timer.isActive() and panel.table.rowCount() == 0


def test_alert_notes_are_in_the_staff_language(qtbot, window, kiosk_app):
    """The kiosk stores each note as a code and fields; the panel words it in Chinese."""
    notes = {AlertKind.HELP_REQUESTED: AlertNote.asked_on("claim"),
             AlertKind.PIN_LOCKED: AlertNote(NoteCode.WRONG_PINS_ACROSS_MEMBERS),
             AlertKind.LIVENESS_REFUSED: AlertNote.liveness("enroll", "second_face"),
             AlertKind.GATE_FAILED: AlertNote.gate("http", GateProblem(GateProblemCode.HTTP_STATUS, ("503",)))}
    for kind, note in notes.items():
        raise_alert(kiosk_app.store, kind, note=note)
    enter(qtbot, window)
    login(qtbot, window, OPERATOR)
    window.set_language("zh_CN")
    panel = area(window).screens["dashboard"].alerts
    qtbot.waitUntil(lambda: panel.table.rowCount() == 4, timeout=TIMEOUT)
    for r in range(4):
        details = panel.table.item(r, 3).text()
        assert re.search(r"[\u4e00-\u9fff]", details), details
        assert not re.search(r"[A-Za-z]{3,}", details.replace("HTTP", "")), details  # no English left
    window.set_language("en")
    texts = [panel.table.item(r, 3).text() for r in range(4)]
    assert "Asked on the screen: member number" in texts and "face set-up: a second face was in view" in texts


def test_every_alert_note_code_has_its_text_in_both_languages(qapp):
    """Each note code and each gate problem code is worded from a code, in English and Chinese."""
    from kiosk.domain.alerts import Alert
    from kiosk.ui.i18n import Translations
    from kiosk.ui.pages.staff.alerts_panel import AlertsPanel

    problems = {GateProblemCode.COMMAND_TIMEOUT: ("5",), GateProblemCode.COMMAND_NOT_FOUND: ("opener",),
                GateProblemCode.HTTP_STATUS: ("503",), GateProblemCode.UNREACHABLE: ("refused",),
                GateProblemCode.EXIT_STATUS: ("opener", "2", ""), GateProblemCode.HTTP_TIMEOUT: (),
                GateProblemCode.NO_COMMAND: (), GateProblemCode.NOT_A_URL: ()}
    notes = [AlertNote.asked_on("pin"), AlertNote(NoteCode.WRONG_PINS_ACROSS_MEMBERS),
             AlertNote.liveness("verify", "timeout"), AlertNote(NoteCode.FACE_TRIES, tries=("no_match",), used_up=True)]
    notes += [AlertNote.gate("command", GateProblem(code, args)) for code, args in problems.items()]
    assert {n.code for n in notes} == set(NoteCode) - {NoteCode.TEXT}  # TEXT: words the kiosk did not write
    assert set(problems) == set(GateProblemCode) - {GateProblemCode.OTHER}
    now = datetime.now(timezone.utc)
    panel, t = AlertsPanel(), Translations(qapp)
    try:
        for note in notes:
            alert = Alert(1, AlertKind.GATE_FAILED, now, now, 1, None, note, None, None)
            t.set_language("en")
            en = panel.note_text(alert)
            assert en and not re.search(r"[\u4e00-\u9fff]", en), (note, en)
            assert AlertNote.from_stored(note.to_json()) == note  # stored and read back as the same value
            t.set_language("zh_CN")
            zh = panel.note_text(alert)
            assert re.search(r"[\u4e00-\u9fff]", zh), (note, zh)
    finally:
        t.set_language("en")
