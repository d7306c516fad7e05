"""Result screens: "You're in" with the first name only, one "Done" counting down to the
welcome screen, accessible names without the countdown digits."""

from __future__ import annotations

from kiosk.domain.session import State
from tests.test_ui_flows import TIMEOUT, camera, gate_calls, state_is, window  # noqa: F401


def test_passed_greets_by_first_name_and_counts_down_to_welcome(qtbot, window):
    window.machine.force(State.PASSED, member_no="M001", display_name="Alice Adult", authenticated=True)
    page = window.pages[State.PASSED]
    assert page.greeting.text() == "Welcome, Alice!" and "Adult" not in page.greeting.text()
    assert page.mark.text() == "✓  You're in" and page.mark.accessibleName() == "You're in"
    assert page.done_button.text() == "Done (8)" and page.done_button.accessibleName() == "Done"
    assert not page.cancel_button.isVisible() and page.done_button.hasFocus()  # one "Done"
    now = [page.until - 8]  # the page's own clock, injected: nobody waits for seconds to pass
    page.clock = lambda: now[0]
    now[0] += 7
    qtbot.waitUntil(lambda: page.done_button.text() == "Done (1)", timeout=TIMEOUT)
    assert window.machine.state is State.PASSED
    now[0] += 1
    qtbot.waitUntil(state_is(window, State.WELCOME), timeout=TIMEOUT)
    assert page.greeting.text() == ""  # nothing about the visitor stays on screen
