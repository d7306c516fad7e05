"""Staff help a member whose PIN is locked: unlock it, or set a new PIN typed twice on the
numeric keypad (never a free-text keyboard); the PIN is never kept on screen. A member whose
face checks are paused after failed tries can be let in again the same way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.alerts import AlertKind, open_alerts
from kiosk.errors import LockedOutError
from tests.test_ui_staff import ADMIN, OPERATOR, TIMEOUT, area, audit, click, enter, login, staff, window  # noqa: F401


def lock(kiosk, member_no):
    for _ in range(kiosk.pins.max_failures):
        kiosk.pins.check(member_no, "0000")
    with pytest.raises(LockedOutError):
        kiosk.pins.check(member_no, "1234")


def members_screen(qtbot, w, pin=ADMIN):
    enter(qtbot, w)
    login(qtbot, w, pin)
    a = area(w)
    a.show_screen("members")
    m = a.screens["members"]
    qtbot.waitUntil(lambda: len(m.rows) == 4, timeout=TIMEOUT)
    return m


def type_pin(qtbot, panel, digits):
    for d in digits:
        click(qtbot, panel.keypad.keys[d])
    click(qtbot, panel.keypad.ok_key)


def pin_column(m, member_no):
    row = next(i for i, r in enumerate(m.rows) if r[0] == member_no)
    return m.table.item(row, 6).text()


def test_unlock_a_locked_pin(qtbot, window, kiosk_app):
    lock(kiosk_app, "M002")
    assert [a.kind for a in open_alerts(kiosk_app.store)] == [AlertKind.PIN_LOCKED]
    m = members_screen(qtbot, window)
    assert pin_column(m, "M002") == "locked" and pin_column(m, "M001") == "set"
    m.select("M001")
    assert not m.unlock_button.isEnabled()
    m.select("M002")
    click(qtbot, m.unlock_button)
    qtbot.waitUntil(lambda: bool(audit(kiosk_app, "pin_unlocked")), timeout=TIMEOUT)
    rec = audit(kiosk_app, "pin_unlocked")[-1]
    assert rec.actor == "Ada Admin" and rec.subject == "M002" and rec.detail["was_locked"] is True
    qtbot.waitUntil(lambda: pin_column(m, "M002") == "set", timeout=TIMEOUT)
    assert "unlocked" in m.message.text()
    assert kiosk_app.pins.check("M002", "1234")


def pause_face(kiosk, member_no):
    from kiosk.domain.face_tries import TryEnd

    tries = kiosk.faces.tries
    while tries.seconds_paused(member_no) <= 0:
        assert tries.begin(member_no) <= 0
        tries.end(member_no, TryEnd.NO_MATCH)


def test_end_a_members_face_pause(qtbot, window, kiosk_app):
    """After failed face tries paused a member's face checks, staff who checked who they are
    end the pause from the members screen; it is audited, and only that member is let in."""
    pause_face(kiosk_app, "M002")
    m = members_screen(qtbot, window)
    m.select("M001")
    assert not m.unpause_button.isEnabled()
    m.select("M002")
    assert m.unpause_button.isEnabled()
    click(qtbot, m.unpause_button)
    qtbot.waitUntil(lambda: bool(audit(kiosk_app, "face_unpaused")), timeout=TIMEOUT)
    rec = audit(kiosk_app, "face_unpaused")[-1]
    assert rec.actor == "Ada Admin" and rec.subject == "M002" and rec.detail["was_paused"] is True
    assert kiosk_app.faces.tries.seconds_paused("M002") == 0
    assert kiosk_app.faces.tries.begin("M002") == 0
    qtbot.waitUntil(lambda: not m.unpause_button.isEnabled(), timeout=TIMEOUT)
    assert "can start again" in m.message.text()


def test_an_operator_cannot_end_a_face_pause(kiosk_app):
    from kiosk import ops
    from kiosk.errors import PermissionDeniedError

    pause_face(kiosk_app, "M002")
    with pytest.raises(PermissionDeniedError):
        ops.unlock_face(kiosk_app, ops.Actor.visitor("M002"), "M002")
    assert kiosk_app.faces.tries.seconds_paused("M002") > 0


def test_new_pin_typed_twice_on_the_keypad(qtbot, window, kiosk_app):
    lock(kiosk_app, "M003")
    m = members_screen(qtbot, window)
    m.select("M003")
    click(qtbot, m.pin_button)
    panel = m.pin_panel
    assert m.pages.currentWidget() is panel and panel.isVisible()
    assert "M003" in panel.heading.text() and "Cathy Child" in panel.heading.text()
    assert not panel.field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # keypad only
    type_pin(qtbot, panel, "12")  # too short
    assert "4 to 8 digits" in panel.error.text() and not panel.confirming
    type_pin(qtbot, panel, "2468")
    assert panel.confirming and "again" in panel.step.text() and panel.field.text() == ""
    type_pin(qtbot, panel, "2469")  # differs: start again
    assert "differ" in panel.error.text() and not panel.confirming
    assert not audit(kiosk_app, "pin_set")[4:]  # only the four set by the fixture
    type_pin(qtbot, panel, "2468")
    type_pin(qtbot, panel, "2468")
    qtbot.waitUntil(lambda: len(audit(kiosk_app, "pin_set")) == 5, timeout=TIMEOUT)
    assert audit(kiosk_app, "pin_set")[-1].actor == "Ada Admin"
    assert m.pages.currentIndex() == 0 and panel.field.text() == ""
    assert kiosk_app.pins.check("M003", "2468")  # set, and the lockout ended with it


def test_cancel_keeps_the_old_pin_and_forgets_the_typed_one(qtbot, window, kiosk_app):
    m = members_screen(qtbot, window)
    m.select("M001")
    click(qtbot, m.pin_button)
    type_pin(qtbot, m.pin_panel, "9999")
    assert m.pin_panel.confirming
    click(qtbot, m.pin_panel.cancel_button)
    assert m.pages.currentIndex() == 0 and not m.pin_panel.confirming
    assert len(audit(kiosk_app, "pin_set")) == 4 and kiosk_app.pins.check("M001", "1234")


def test_operators_cannot_unlock_or_set_pins(qtbot, window, kiosk_app):
    m = members_screen(qtbot, window, OPERATOR)
    assert not m.unlock_button.isVisible() and not m.pin_button.isVisible()
