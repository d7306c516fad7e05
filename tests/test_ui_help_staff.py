"""Help reaches a person on the kiosk itself: while a help request is open, staff see a way
into the staff area on every screen; the visitor's session waits aside and resumes when staff
log out. The guardian's "with help from staff" sends the same request, and the settings
screen's "Send a test" is audited."""

from __future__ import annotations

import sys

from kiosk.domain.alerts import AlertKind, open_alerts
from kiosk.domain.session import Purpose, State
from tests.test_ui_flows import choose_pin, claim, state_is, type_pin
from tests.test_ui_staff import ADMIN, TIMEOUT, area, audit, click, login, staff, window  # noqa: F401
from tests.test_ui_staff_settings import settings_screen


def staff_call_shown(w):
    return lambda: w.staff_call_button.isVisible()


def test_staff_step_in_from_any_screen_and_the_visitor_resumes(qtbot, window, kiosk_app):
    claim(qtbot, window, "M002")
    choose_pin(qtbot, window)
    type_pin(qtbot, window, "12")  # half-typed: the PIN page is where she waits
    assert not window.staff_call_button.isVisible()  # nobody asked yet
    click(qtbot, window.pages[State.PIN].help_button)
    helped = window.pages[State.ASK_STAFF]
    qtbot.waitUntil(lambda: helped.status.text() == "Staff have been called.", timeout=TIMEOUT)
    qtbot.waitUntil(staff_call_shown(window), timeout=TIMEOUT)  # staff's way in, in the header
    b = window.staff_call_button
    assert b.text() == "Staff: help requested" and window.rect().contains(b.mapTo(window, b.rect().bottomRight()))
    click(qtbot, helped.back_button)  # the visitor goes back to the PIN screen: the way in stays
    qtbot.waitUntil(state_is(window, State.PIN), timeout=TIMEOUT)
    assert window.staff_call_button.isVisible()
    click(qtbot, window.staff_call_button)
    assert window.machine.state is State.STAFF and not window.staff_call_button.isVisible()
    assert window.machine.session.member_no == "M002"  # kept aside, not wiped
    login(qtbot, window, ADMIN)
    a = area(window)
    qtbot.waitUntil(lambda: len(a.alerts) == 1, timeout=TIMEOUT)
    [alert] = a.alerts
    assert alert.kind is AlertKind.HELP_REQUESTED and alert.member_no == "M002" and "pin" in alert.note
    a.acknowledge_alert(alert.id)
    qtbot.waitUntil(lambda: not open_alerts(kiosk_app.store), timeout=TIMEOUT)
    click(qtbot, a.logout_button)
    assert window.machine.state is State.PIN  # the visitor's screen again
    assert window.machine.session.member_no == "M002" and window.machine.session.purpose is Purpose.VERIFY
    window.help_watch.check()
    qtbot.waitUntil(lambda: window.help_watch.waiting == 0, timeout=TIMEOUT)
    assert not window.staff_call_button.isVisible()  # acknowledged: the way in is gone
    type_pin(qtbot, window, "1234")
    qtbot.waitUntil(state_is(window, State.PASSED), timeout=TIMEOUT)  # her check goes on
    [out] = audit(kiosk_app, "staff_logout")
    assert out.actor == "Ada Admin"


def test_the_help_screen_does_not_call_twice_when_the_visitor_resumes(qtbot, window, kiosk_app):
    click(qtbot, window.pages[State.WELCOME].help_button)
    helped = window.pages[State.ASK_STAFF]
    qtbot.waitUntil(lambda: helped.status.text() == "Staff have been called.", timeout=TIMEOUT)
    qtbot.waitUntil(staff_call_shown(window), timeout=TIMEOUT)
    click(qtbot, window.staff_call_button)
    login(qtbot, window, ADMIN)
    click(qtbot, area(window).logout_button)
    assert window.machine.state is State.ASK_STAFF
    assert helped.status.text() == "Staff have been called."
    qtbot.wait(50)
    [alert] = open_alerts(kiosk_app.store)
    assert alert.repeats == 1 and len(audit(kiosk_app, "staff_help_requested")) == 1


def test_staff_leaving_by_inactivity_wipes_the_kept_session(qtbot, window):
    from kiosk.domain.session import Event

    claim(qtbot, window, "M002")
    click(qtbot, window.pages[State.METHOD].help_button)
    qtbot.waitUntil(staff_call_shown(window), timeout=TIMEOUT)
    click(qtbot, window.staff_call_button)
    window.machine.fire(Event.TIMEOUT)
    assert window.machine.state is State.WELCOME and window.machine.session.member_no is None
    assert window.machine.aside is None


def test_the_guardian_asking_for_staff_sends_the_request(qtbot, window, kiosk_app):
    from kiosk import ops

    kiosk_app.save_settings(kiosk_app.settings.replace(operator_name="City Zoo", operator_contact="privacy@zoo.example"),
                            "test")
    flow = ops.start_enrollment(kiosk_app, ops.Actor.visitor("M003"), "M003")
    window.machine.force(State.GUARDIAN, member_no="M003", authenticated=True, is_child=True, birth_date_known=True,
                         purpose=Purpose.ENROLL, enrollment=flow)
    page = window.pages[State.GUARDIAN]
    click(qtbot, page.staff_mode)
    qtbot.waitUntil(lambda: "Staff have been called" in page.staff_called.text(), timeout=TIMEOUT)
    assert page.staff_called.isVisible()
    [alert] = open_alerts(kiosk_app.store)
    assert alert.kind is AlertKind.HELP_REQUESTED and alert.member_no == "M003" and "guardian" in alert.note
    click(qtbot, page.member_mode)
    click(qtbot, page.staff_mode)  # once per visit to the page
    qtbot.wait(50)
    assert open_alerts(kiosk_app.store)[0].repeats == 1
    qtbot.waitUntil(staff_call_shown(window), timeout=TIMEOUT)


def test_send_a_test_on_the_settings_screen(qtbot, window, kiosk_app, tmp_path):
    s = settings_screen(qtbot, window)
    mode = s.inputs["help_notify_mode"]
    assert not s.inputs["help_notify_command"].isEnabled() and not s.inputs["help_notify_url"].isEnabled()
    mode.setCurrentIndex(mode.findData("command"))
    assert s.inputs["help_notify_command"].isEnabled() and not s.inputs["help_notify_url"].isEnabled()
    out = tmp_path / "test-page.txt"
    s.inputs["help_notify_command"].setText(
        f'{sys.executable} -c "import os, sys; open(sys.argv[1], \'w\').write(os.environ[\'KIOSK_EVENT\'])" {out}')
    click(qtbot, s.notify_button)
    qtbot.waitUntil(lambda: "was sent" in s.notify_result.text(), timeout=TIMEOUT)
    assert out.read_text() == "test"
    [rec] = audit(kiosk_app, "help_notify_tested")
    assert rec.actor == "Ada Admin" and rec.detail["ok"] is True and rec.detail["mode"] == "command"
    assert kiosk_app.settings.help_notify_mode == "off"  # tested, not saved
    s.inputs["help_notify_command"].clear()
    click(qtbot, s.notify_button)
    assert "is needed for the chosen help notification" in s.message.text()


def test_staff_stepping_in_keeps_the_session_and_resumes_camera_steps_at_the_choice():
    from kiosk.domain.session import Event, SessionMachine

    m = SessionMachine()
    m.fire(Event.START)
    m.session.member_no = "M001"
    m.fire(Event.ASK_STAFF)
    assert m.staff_step_in() is State.STAFF and m.session.member_no == "M001"
    assert m.fire(Event.STAFF_EXIT) is State.ASK_STAFF and m.session.member_no == "M001"
    m.force(State.FACE, member_no="M001", face_available=True)
    m.staff_step_in()
    assert m.fire(Event.STAFF_EXIT) is State.METHOD  # the camera is not restarted behind the visitor's back
    m.staff_step_in()
    assert m.fire(Event.TIMEOUT) is State.WELCOME and m.session.member_no is None and m.aside is None
    assert m.staff_step_in() is State.STAFF and m.aside is None  # from the welcome screen: nobody to resume
    assert m.fire(Event.STAFF_EXIT) is State.WELCOME


def test_a_help_check_that_ends_after_the_window_shut_down_reports_to_no_one(qtbot, kiosk_app, staff):
    """The window's open-help check runs on the database's executor: one still running when
    the window shuts down and is deleted must not reach for the deleted header."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    from tests.test_ui_staff import make_window

    w = make_window(qtbot, kiosk_app, gate=lambda method: True)
    release = threading.Event()
    w.ctx.db.submit(release.wait, None)  # the next check waits behind this job
    w.help_watch.check()
    release.set()
    w.shutdown()  # waits for the executor: the check's answer is queued for the UI thread
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(50)  # the queued answer is delivered now; an exception here fails the test
