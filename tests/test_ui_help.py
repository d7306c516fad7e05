"""Help is always one tap away (rule 12): "Help / ask staff" on every visitor screen, an
alert on the staff side when a visitor asks or keeps failing, and a next step for an
unknown number."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.biometrics.fake import draw_face
from kiosk.domain.alerts import AlertKind, open_alerts
from kiosk.domain.session import NO_HELP_STATES, State
from tests.test_ui_flows import TIMEOUT, camera, claim, gate_calls, state_is, window  # noqa: F401


def test_every_visitor_screen_has_help(qtbot, window):
    for state in State:
        window.machine.force(state, member_no="M001", face_available=True, display_name="Alice Adult")
        page = window.pages[state]
        if state in NO_HELP_STATES:
            assert not page.help_button.isVisibleTo(page), state
            continue
        b = page.help_button
        assert b.isVisible() and b.height() >= 60 and b.accessibleName(), state
        assert window.rect().contains(b.mapTo(window, b.rect().bottomRight())), state  # on screen, not scrolled away


def test_help_from_the_member_number_screen_reaches_staff_and_back(qtbot, window, kiosk_app):
    qtbot.mouseClick(window.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    page = window.pages[State.CLAIM]
    qtbot.keyClicks(page.field, "1099")
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Help" in page.error.text(), timeout=TIMEOUT)  # a next step
    assert "Check the number" in page.error.text()
    qtbot.mouseClick(page.help_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.ASK_STAFF
    helped = window.pages[State.ASK_STAFF]
    qtbot.waitUntil(lambda: helped.status.text() == "Staff have been called.", timeout=TIMEOUT)
    [alert] = open_alerts(kiosk_app.store)
    assert alert.kind is AlertKind.HELP_REQUESTED and alert.member_no is None and "claim" in alert.note
    qtbot.mouseClick(helped.back_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.CLAIM  # back where the visitor was


def test_help_on_welcome_and_on_the_pin_screen_names_the_member(qtbot, window, kiosk_app):
    qtbot.mouseClick(window.pages[State.WELCOME].help_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.ASK_STAFF
    qtbot.waitUntil(lambda: len(open_alerts(kiosk_app.store)) == 1, timeout=TIMEOUT)
    qtbot.mouseClick(window.pages[State.ASK_STAFF].done_button, Qt.MouseButton.LeftButton)
    claim(qtbot, window, "M002")
    qtbot.mouseClick(window.pages[State.METHOD].pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.PIN), timeout=TIMEOUT)
    qtbot.mouseClick(window.pages[State.PIN].help_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(a.member_no == "M002" for a in open_alerts(kiosk_app.store)), timeout=TIMEOUT)


def test_used_up_face_tries_raise_an_alert(qtbot, window, camera, kiosk_app):
    camera.frames = [draw_face(120)]  # somebody else
    claim(qtbot, window, "CARD001")
    qtbot.mouseClick(window.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
    failed = window.pages[State.FAILED]
    for attempt in range(kiosk_app.settings.face_retries):
        qtbot.waitUntil(state_is(window, State.FAILED), timeout=TIMEOUT)
        if failed.again_button.isVisible():
            qtbot.mouseClick(failed.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [a.kind for a in open_alerts(kiosk_app.store)] == [AlertKind.FACE_FAILURES],
                    timeout=TIMEOUT)
    assert open_alerts(kiosk_app.store)[0].member_no == "M001"
