"""PIN: the tries left before a pause, back to the keypad after the pause, and one keypad
layout (0 at the bottom centre) on every PIN screen, the staff one included."""

from __future__ import annotations

from kiosk.domain.session import State
from kiosk.ui.widgets import Keypad
from tests.test_ui_flows import TIMEOUT, camera, choose_pin, claim, gate_calls, state_is, type_pin, window  # noqa: F401


def test_wrong_pin_says_how_many_tries_are_left_then_the_pause_returns_to_the_keypad(qtbot, window, kiosk_app):
    kiosk_app.pins.max_failures, kiosk_app.pins.lock_base_s = 3, 1
    seen = []  # every screen shown: the 1 s pause may come and go between two looks on a loaded machine
    window.machine.subscribe(lambda old, new, event: seen.append(new))
    claim(qtbot, window, "M002")
    choose_pin(qtbot, window)
    page = window.pages[State.PIN]
    type_pin(qtbot, window, "9999")
    qtbot.waitUntil(lambda: "not right" in page.error.text(), timeout=TIMEOUT)
    assert "2 more wrong PINs and PIN entry pauses" in page.error.text()
    type_pin(qtbot, window, "9998")
    qtbot.waitUntil(lambda: "1 more wrong PIN and" in page.error.text(), timeout=TIMEOUT)
    type_pin(qtbot, window, "9997")
    qtbot.waitUntil(lambda: State.PIN_LOCKED in seen, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: seen[-1] is State.PIN and seen[-2] is State.PIN_LOCKED, timeout=TIMEOUT)  # the keypad again
    type_pin(qtbot, window, "1234")
    qtbot.waitUntil(state_is(window, State.PASSED), timeout=TIMEOUT)


def _layout(keypad: Keypad) -> dict[str, tuple[int, int]]:
    grid = keypad.layout()
    out = {}
    for name, key in keypad.keys.items():
        row, col, _, _ = grid.getItemPosition(grid.indexOf(key))
        out[name] = (row, col)
    return out


def test_one_keypad_layout_everywhere_with_zero_at_the_bottom_centre(qtbot, window):
    from kiosk.ui.pages.staff.login import LoginScreen

    keypads = window.findChildren(Keypad)
    assert len(keypads) >= 4  # member number, PIN, guardian, staff PIN
    assert any(isinstance(k.parent(), LoginScreen) for k in keypads)
    layouts = [_layout(k) for k in keypads]
    assert all(lay == layouts[0] for lay in layouts)
    lay = layouts[0]
    assert lay["0"] == (3, 1) and lay["1"] == (0, 0) and lay["9"] == (2, 2)
    assert {lay["clear"], lay["delete"]} == {(3, 0), (3, 2)}
