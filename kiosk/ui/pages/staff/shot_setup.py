"""Putting the staff area into a state to capture: what the staff screenshots share (fake data only)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from kiosk.domain.session import State
from kiosk.domain.staff import Role, StaffSession


def settle(window, rounds: int = 4) -> None:
    """Let executor work and its callbacks finish (screenshots only: this waits on the UI thread)."""
    for _ in range(rounds):
        for executor in window.ctx.executors():
            executor.call_sync(lambda: None)
        QApplication.processEvents()


def fresh_staff_area(window) -> None:
    window.pages[State.STAFF].session = None  # the previous shot's fake session was never signed in
    window.machine.force(State.STAFF)


def signed_in(window, screen: str):
    fresh_staff_area(window)
    area = window.pages[State.STAFF]
    settle(window)
    now = time.time()
    area.signed_in(StaffSession(0, "Demo administrator", Role.ADMINISTRATOR, now, now))
    area.show_screen(screen)
    settle(window)
    return area
