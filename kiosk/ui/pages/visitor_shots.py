"""Screenshots of visitor states that are not a page of their own (``kiosk screenshots``)."""

from __future__ import annotations

from kiosk.domain.session import State
from kiosk.ui.registry import screenshot


@screenshot("still-there")
def _still_there(window) -> None:
    """A visitor stopped on the PIN screen: asked before anything is wiped."""
    window.machine.force(State.PIN, member_no="1001")
    window.pages[State.PIN].field.setText("12")
    window.still_there.ask(18)
