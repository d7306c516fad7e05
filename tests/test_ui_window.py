"""Window-level behaviour: geometry, accessibility, language switch, inactivity, lockdown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from kiosk.domain.session import State
from tests.test_ui_flows import TIMEOUT, claim, state_is
from tests.ui_helpers import Camera, enroll_fake_face


@pytest.fixture
def window(qtbot, kiosk_app):
    from kiosk.ui.main import build_window

    enroll_fake_face(kiosk_app)
    cam = Camera()
    # a visitor's normal inactivity limit: a slow machine must not send the tests back to the start
    w = build_window(kiosk_app, open_source=cam.open, language="en", gate=lambda m: True)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)


def test_pin_is_at_least_as_prominent_as_face(window):
    window.machine.force(State.METHOD, member_no="M001", face_available=True)
    page = window.pages[State.METHOD]
    pin, face, staff = page.pin_button.geometry(), page.face_button.geometry(), page.staff_button.geometry()
    assert page.face_button.isVisible()
    assert pin.height() >= face.height() and pin.width() >= face.width()
    assert staff.height() >= face.height() and staff.width() >= face.width()
    assert pin.top() < face.top()  # alternatives first


def test_touch_targets_names_and_keyboard_focus_on_every_page(qtbot, window):
    for state in State:
        window.machine.force(state, member_no="M001", face_available=True, display_name="Alice")
        qtbot.wait(1)
        page = window.pages[state]
        for b in page.findChildren(QAbstractButton) + [window.lang_button, window.large_button, window.contrast_button]:
            if not b.isVisible():
                continue
            assert b.height() >= 60, (state, b.objectName(), b.text(), b.height())
            assert b.accessibleName(), (state, b.objectName())
            assert b.focusPolicy() & Qt.FocusPolicy.TabFocus, (state, b.objectName())
        for e in page.findChildren(QLineEdit):
            assert e.accessibleName(), (state, e.objectName())


def test_language_switch_on_a_visitor_screen_without_restart(qtbot, window):
    window.machine.force(State.PIN, member_no="M001")
    page = window.pages[State.PIN]
    assert page.title.text() == "Enter your PIN"
    qtbot.mouseClick(window.lang_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "请输入密码"
    assert page.keypad.clear_key.text() == "清空"
    assert window.machine.state is State.PIN and window.machine.session.member_no == "M001"
    qtbot.mouseClick(window.lang_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "Enter your PIN"


def test_large_text_and_high_contrast_toggle(qtbot, window):
    before = window.styleSheet()
    qtbot.mouseClick(window.large_button, Qt.MouseButton.LeftButton)
    assert window.large_text and window.styleSheet() != before
    qtbot.mouseClick(window.contrast_button, Qt.MouseButton.LeftButton)
    assert window.high_contrast and "#000000" in window.styleSheet()


def test_inactivity_asks_then_returns_to_welcome_and_wipes(qtbot, window):
    from kiosk.domain.idle import IdleLimits

    claim(qtbot, window, "CARD001")
    window.machine.force(State.PIN, member_no="M001")
    window.pages[State.PIN].field.setText("12")
    qtbot.mouseClick(window.lang_button, Qt.MouseButton.LeftButton)  # visitor chose Chinese
    window.idle.limits = IdleLimits(normal_s=0.3, reading_s=0.3, prompt_s=1.0)
    qtbot.waitUntil(window.still_there.isVisible, timeout=TIMEOUT)  # asked first, nothing wiped yet
    assert window.machine.state is State.PIN and window.pages[State.PIN].field.text() == "12"
    assert window.still_there.title.text() == "您还在吗？"
    qtbot.waitUntil(state_is(window, State.WELCOME), timeout=TIMEOUT)
    assert not window.still_there.isVisible()
    assert window.pages[State.PIN].field.text() == ""
    assert window.machine.session.member_no is None
    assert window.ctx.translations.language == "en"  # back to the default for the next visitor
    assert not window.idle_tick.isActive()


def test_still_here_keeps_the_visit_and_start_over_ends_it(qtbot, window):
    from kiosk.domain.idle import IdleLimits

    window.machine.force(State.METHOD, member_no="M001")
    window.idle.limits = IdleLimits(normal_s=0.3, reading_s=0.3, prompt_s=600)
    qtbot.waitUntil(window.still_there.isVisible, timeout=TIMEOUT)
    prompt = window.still_there
    assert "starts over in" in prompt.countdown.text() and prompt.here_button.hasFocus()
    window.idle.limits = IdleLimits(normal_s=600, reading_s=600, prompt_s=600)
    qtbot.mouseClick(prompt.here_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible() and window.machine.state is State.METHOD
    assert window.machine.session.member_no == "M001"
    window.idle.limits = IdleLimits(normal_s=0.3, reading_s=0.3, prompt_s=600)
    qtbot.waitUntil(prompt.isVisible, timeout=TIMEOUT)
    qtbot.mouseClick(prompt.over_button, Qt.MouseButton.LeftButton)
    assert window.machine.state is State.WELCOME and window.machine.session.member_no is None


def test_reading_screens_wait_longer_and_the_camera_step_never_times_out(qtbot, window):
    """On an injected clock: each check below is the one the window's tick makes."""
    from kiosk.domain.idle import IdleLimits

    now = [1000.0]
    window.idle.clock = lambda: now[0]
    window.idle.limits = IdleLimits(normal_s=30, reading_s=600, prompt_s=20)
    window.machine.force(State.METHOD, member_no="M001")
    now[0] += 31
    window._check_idle()
    assert window.still_there.isVisible()  # the normal limit: asked first...
    now[0] += 21
    window._check_idle()
    assert window.machine.state is State.WELCOME  # ...then back to the start
    window.idle.limits = IdleLimits(normal_s=30, reading_s=600, prompt_s=20)  # the next visitor got the settings'
    window.machine.force(State.CONSENT, member_no="M001")
    now[0] += 599  # far beyond the normal limit, within the reading one
    window._check_idle()
    assert window.machine.state is State.CONSENT and not window.still_there.isVisible()
    now[0] += 2
    window._check_idle()
    assert window.still_there.isVisible()  # the reading limit ends too
    face = window.pages[State.FACE]
    face.camera_guiding = lambda: True  # as while the camera guides a face
    window.machine.force(State.FACE, member_no="M001", face_available=True)
    face.camera.stop()
    now[0] += 10_000
    window._check_idle()
    assert window.machine.state is State.FACE and not window.still_there.isVisible()


def test_lockdown_close_and_escape_do_nothing(qtbot, window):
    window.machine.force(State.CLAIM)
    assert window.close() is False and window.isVisible()
    qtbot.keyClick(window.pages[State.CLAIM].field, Qt.Key.Key_Escape)
    assert window.machine.state is State.CLAIM and window.isVisible()


def test_every_state_has_a_page():
    from kiosk.ui.discovery import discover
    from kiosk.ui.registry import PAGES

    discover()
    assert [s.value for s in State if s not in PAGES] == []


def test_keypad_fields_take_no_input_method_free_text_fields_do(window):
    """Qt's on-screen keyboard never opens over a keypad; free text (guardian name) keeps it."""
    for state, name in ((State.CLAIM, "claim-field"), (State.PIN, "pin-field")):
        field = window.pages[state].findChild(QLineEdit, name)
        assert field is not None and not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    guardian = window.pages[State.GUARDIAN]
    for name in ("guardian-number", "guardian-pin", "guardian-staff-pin"):
        assert not guardian.findChild(QLineEdit, name).testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert guardian.findChild(QLineEdit, "guardian-name").testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
