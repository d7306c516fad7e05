"""The visitor flows end to end with the fake engine and an in-memory camera (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.biometrics.fake import draw_face
from kiosk.domain.session import State
from tests.ui_helpers import Camera, cooperative_visitor, enroll_fake_face, set_liveness

TIMEOUT = 8000


@pytest.fixture
def camera():
    return Camera()


@pytest.fixture
def gate_calls():
    return []


@pytest.fixture
def window(qtbot, kiosk_app, camera, gate_calls):
    from kiosk.ui.main import build_window

    enroll_fake_face(kiosk_app)
    set_liveness(kiosk_app, "off")  # the flows around the face step; liveness: test_ui_liveness.py
    w = build_window(kiosk_app, camera="memory", open_source=camera.open, language="en",
                     gate=lambda method: gate_calls.append(method) or True, face_timeout_s=3.0)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)
    assert camera.open_now == 0, "the camera was left open"


def state_is(w, state):
    return lambda: w.machine.state is state


def claim(qtbot, w, text):
    qtbot.mouseClick(w.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    page = w.pages[State.CLAIM]
    assert page.field.hasFocus()  # a USB scanner types straight in
    qtbot.keyClicks(page.field, text)
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    qtbot.waitUntil(state_is(w, State.METHOD) if w.machine.session.purpose.value != "mydata" else state_is(w, State.PIN),
                    timeout=TIMEOUT)


def type_pin(qtbot, w, pin):
    page = w.pages[State.PIN]
    for d in pin:
        qtbot.mouseClick(page.keypad.keys[d], Qt.MouseButton.LeftButton)
    assert page.field.text() == pin
    qtbot.mouseClick(page.keypad.ok_key, Qt.MouseButton.LeftButton)
    assert page.field.text() == ""  # digits leave the screen at once


def choose_pin(qtbot, w):
    qtbot.mouseClick(w.pages[State.METHOD].pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(w, State.PIN), timeout=TIMEOUT)


def test_card_scan_then_pin_success_signals_gate(qtbot, window, gate_calls, kiosk_app):
    claim(qtbot, window, "CARD001")
    choose_pin(qtbot, window)
    type_pin(qtbot, window, "1234")
    qtbot.waitUntil(state_is(window, State.PASSED), timeout=TIMEOUT)
    assert window.pages[State.PASSED].greeting.text() == "Welcome, Alice!"  # the first name only
    assert gate_calls == ["pin"]
    events = [(r.event, r.detail.get("method"), r.detail.get("outcome")) for r in kiosk_app.store.audit.records(event="verify")]
    assert events[-1] == ("verify", "pin", "pass")
    qtbot.mouseClick(window.pages[State.PASSED].done_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.WELCOME and window.machine.session.member_no is None


def test_member_number_on_keypad_and_unknown_number(qtbot, window):
    qtbot.mouseClick(window.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    page = window.pages[State.CLAIM]
    qtbot.keyClicks(page.field, "M00")
    qtbot.mouseClick(page.keypad.keys["9"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad.ok_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.text() != "", timeout=TIMEOUT)
    assert window.machine.state is State.CLAIM and "could not find" in page.error.text()
    qtbot.mouseClick(page.keypad.delete_key, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad.keys["2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keypad.ok_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.METHOD), timeout=TIMEOUT)
    assert window.machine.session.member_no == "M002"
    assert not window.pages[State.METHOD].face_button.isVisible()  # no enrollment: no face option


def test_wrong_pin_then_lockout_screen(qtbot, window, kiosk_app, gate_calls):
    kiosk_app.pins.max_failures = 2
    claim(qtbot, window, "M002")
    choose_pin(qtbot, window)
    type_pin(qtbot, window, "9999")
    page = window.pages[State.PIN]
    qtbot.waitUntil(lambda: "not right" in page.error.text(), timeout=TIMEOUT)
    assert window.machine.state is State.PIN
    type_pin(qtbot, window, "8888")
    qtbot.waitUntil(state_is(window, State.PIN_LOCKED), timeout=TIMEOUT)
    locked = window.pages[State.PIN_LOCKED]
    assert "paused" in locked.countdown.text()
    assert not locked.face_button.isVisible()  # M002 has no face
    qtbot.mouseClick(locked.staff_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.ASK_STAFF
    # Back at the method page, the PIN stays locked: straight to the lockout screen
    window.pages[State.ASK_STAFF].back_button.click()
    assert window.machine.state is State.METHOD
    qtbot.mouseClick(window.pages[State.METHOD].pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.PIN_LOCKED), timeout=TIMEOUT)
    assert gate_calls == []


def test_face_success_with_camera_opened_only_on_the_face_step(qtbot, window, camera, gate_calls, kiosk_app):
    set_liveness(kiosk_app, "challenge")  # a cooperative visitor answers the head-turn challenge
    cooperative_visitor(kiosk_app)
    claim(qtbot, window, "CARD001")
    method = window.pages[State.METHOD]
    assert method.face_button.isVisible() and camera.opened == 0
    qtbot.mouseClick(method.face_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.PASSED), timeout=TIMEOUT)
    assert camera.opened == 1
    qtbot.waitUntil(lambda: camera.open_now == 0, timeout=TIMEOUT)  # closed right after
    assert gate_calls == ["face"]
    assert window.pages[State.PASSED].greeting.text() == "Welcome, Alice!"  # the first name only


def test_face_failure_retries_then_alternatives(qtbot, window, camera, kiosk_app):
    camera.frames = [draw_face(120)]  # somebody else
    claim(qtbot, window, "CARD001")
    retries = kiosk_app.settings.face_retries
    qtbot.mouseClick(window.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
    failed = window.pages[State.FAILED]
    for attempt in range(1, retries + 1):
        qtbot.waitUntil(state_is(window, State.FAILED), timeout=TIMEOUT)
        assert window.machine.session.face_attempts == attempt
        if attempt < retries:
            assert failed.again_button.isVisible()
            qtbot.mouseClick(failed.again_button, Qt.MouseButton.LeftButton)
            assert window.machine.state is State.FACE
    assert not failed.again_button.isVisible()
    qtbot.mouseClick(failed.other_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.METHOD
    assert not window.pages[State.METHOD].face_button.isVisible()
    def fails():
        return [r.detail["outcome"] for r in kiosk_app.store.audit.records(event="verify")].count("fail")

    qtbot.waitUntil(lambda: fails() == retries, timeout=TIMEOUT)


def test_face_timeout_goes_to_alternatives(qtbot, window, camera):
    camera.frames = [draw_face(40, size=0.1)]  # too far away, never good enough
    claim(qtbot, window, "CARD001")
    qtbot.mouseClick(window.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
    face = window.pages[State.FACE]
    qtbot.waitUntil(lambda: "closer" in face.instruction.text(), timeout=TIMEOUT)
    qtbot.waitUntil(state_is(window, State.FAILED), timeout=TIMEOUT)
    assert "in time" in window.pages[State.FAILED].lead.text()


def test_camera_missing_and_failing_mid_capture(qtbot, window, camera):
    camera.fail_open = True
    claim(qtbot, window, "CARD001")
    qtbot.mouseClick(window.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.CAMERA_UNAVAILABLE), timeout=TIMEOUT)
    qtbot.mouseClick(window.pages[State.CAMERA_UNAVAILABLE].pin_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.PIN
    camera.fail_open, camera.loop = False, False
    camera.frames = [draw_face(40, size=0.1)] * 5  # a short clip that then ends: the camera "fails"
    window.pages[State.PIN].back_button.click()
    qtbot.mouseClick(window.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.CAMERA_UNAVAILABLE), timeout=TIMEOUT)


def test_ask_staff_is_audited(qtbot, window, kiosk_app):
    claim(qtbot, window, "M004")
    qtbot.mouseClick(window.pages[State.METHOD].staff_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.ASK_STAFF
    qtbot.waitUntil(lambda: any(True for _ in kiosk_app.store.audit.records(event="staff_help_requested")), timeout=TIMEOUT)
    qtbot.mouseClick(window.pages[State.ASK_STAFF].done_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.WELCOME


def test_back_and_start_over_on_every_visitor_screen(qtbot, window):
    claim(qtbot, window, "CARD001")
    window.pages[State.METHOD].back_button.click()
    assert window.machine.state is State.CLAIM
    window.pages[State.CLAIM].cancel_button.click()
    assert window.machine.state is State.WELCOME
    verify_states = {State.CLAIM, State.METHOD, State.PIN, State.PIN_LOCKED, State.FACE, State.PASSED, State.FAILED,
                     State.CAMERA_UNAVAILABLE, State.ASK_STAFF}
    for state in verify_states:
        page = window.pages[state]
        if state is State.PASSED:  # one way on: "Done", counting down to the start
            assert page.done_button.isVisibleTo(page) and not page.cancel_button.isVisibleTo(page)
            continue
        assert page.cancel_button.isVisibleTo(page) or page.back_button.isVisibleTo(page), state


def test_pass_qr_code_held_to_the_camera(qtbot, window, camera):
    """The camera reads a pass's QR code only while that option is on, then closes."""
    import cv2
    import numpy as np

    code = cv2.QRCodeEncoder.create().encode("CARD001")  # M001's card, drawn in memory
    code = cv2.resize(code, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
    frame = np.full((480, 640), 255, np.uint8)
    y, x = (480 - code.shape[0]) // 2, (640 - code.shape[1]) // 2
    frame[y:y + code.shape[0], x:x + code.shape[1]] = code
    camera.frames = [cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)]
    qtbot.mouseClick(window.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    assert camera.opened == 0  # not before the visitor asks for it
    qtbot.mouseClick(window.pages[State.CLAIM].camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.METHOD), timeout=TIMEOUT)
    assert window.machine.session.member_no == "M001"
    qtbot.waitUntil(lambda: camera.open_now == 0, timeout=TIMEOUT)
