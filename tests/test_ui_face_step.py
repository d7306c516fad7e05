"""The face step never pushes out the PIN: "Use my PIN instead" and the time left are always
on screen, and after a failed face check the PIN is the primary answer."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.biometrics.fake import draw_face
from kiosk.domain.session import State
from tests.test_ui_flows import TIMEOUT, camera, claim, gate_calls, state_is, type_pin, window  # noqa: F401


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_face_step_shows_the_pin_way_and_the_time_left(qtbot, window, camera, gate_calls):
    camera.frames = [draw_face(40, size=0.1)]  # too far away: the camera keeps guiding
    claim(qtbot, window, "CARD001")
    click(qtbot, window.pages[State.METHOD].face_button)
    face = window.pages[State.FACE]
    qtbot.waitUntil(lambda: "closer" in face.instruction.text(), timeout=TIMEOUT)
    assert face.pin_button.isVisible() and face.pin_button.text() == "Use my PIN instead"
    assert face.time_left.text() in ("Time left: 3 seconds", "Time left: 2 seconds")
    click(qtbot, face.pin_button)  # straight to the keypad: no timeout in the dark needed
    assert window.machine.state is State.PIN
    qtbot.waitUntil(lambda: camera.open_now == 0, timeout=TIMEOUT)
    type_pin(qtbot, window, "1234")
    qtbot.waitUntil(state_is(window, State.PASSED), timeout=TIMEOUT)
    assert gate_calls == ["pin"]


def test_after_a_failed_face_check_the_pin_is_the_primary_answer(qtbot, window, camera):
    camera.frames = [draw_face(120)]  # somebody else
    claim(qtbot, window, "CARD001")
    click(qtbot, window.pages[State.METHOD].face_button)
    qtbot.waitUntil(state_is(window, State.FAILED), timeout=TIMEOUT)
    failed = window.pages[State.FAILED]
    assert failed.pin_button.property("emphasis") == "primary" and failed.pin_button.hasFocus()
    assert failed.again_button.isVisible() and failed.again_button.property("emphasis") is None
    top = lambda b: b.mapTo(failed, b.rect().topLeft()).y()  # noqa: E731
    assert top(failed.pin_button) < top(failed.again_button)
    assert failed.pin_button.height() >= failed.again_button.height()
    assert failed.pin_button.width() > failed.again_button.width()
    click(qtbot, failed.pin_button)
    assert window.machine.state is State.PIN


def test_face_countdown_stops_when_the_step_ends(qtbot, window, camera):
    camera.frames = [draw_face(40, size=0.1)]
    claim(qtbot, window, "CARD001")
    click(qtbot, window.pages[State.METHOD].face_button)
    face = window.pages[State.FACE]
    qtbot.waitUntil(state_is(window, State.FAILED), timeout=TIMEOUT)
    assert face.time_left.text() == "" and not face.countdown_timer.isActive()
