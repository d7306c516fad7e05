"""Help reaches a person: a visitor's call for staff, and the way staff answer it.

* :func:`call_staff`: the request becomes an alert in the staff area (with its audit record,
  on the database's executor), then goes out through the configured notification (a command
  or a POST, for a pager or a chat bridge) on the slow-work executor, never the database's.
* :class:`HelpWatch`: every ``POLL_MS`` the running kiosk writes its heartbeat (for the
  staff console) and reads whether a help request is still open; while one is, the header
  shows staff a "Staff: help requested" button on every screen. It leads to the staff PIN;
  the visitor's session is kept aside and resumed when staff log out.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject

from kiosk import ops
from kiosk.domain import heartbeat
from kiosk.domain.session import State
from kiosk.ops.dashboard import EngineState
from kiosk.ui.widgets import timer

log = logging.getLogger(__name__)
POLL_MS = heartbeat.EVERY_S * 1000


def call_staff(ctx, where: str, on_done: Callable[[object], None], on_error: Callable[[BaseException, str], None]) -> None:
    """The visitor on ``where`` asks for staff: an alert, then the notification."""
    kiosk, member_no = ctx.kiosk, ctx.session.member_no
    actor = ops.Actor.visitor(member_no)

    def called(alert) -> None:
        (ctx.gate_executor or ctx.models or ctx.db).submit(lambda: ops.notify_help(kiosk, actor, where, alert.id), None,
                                      lambda exc: log.error("help notification not sent: %s", exc), any_session=True)
        watch = getattr(ctx, "help_watch", None)
        if watch is not None:
            watch.check()
        on_done(alert)

    ctx.run(lambda: ops.ask_staff(kiosk, actor, where), called, on_error)


class HelpWatch(QObject):
    """The heartbeat and the open-help check, installed on the kiosk window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.waiting = 0
        self.stopped = False
        self.ctx.help_watch = self
        self.timer = timer(self, POLL_MS, self.check)

    def start(self) -> None:
        self.check()
        self.timer.start()

    def stop(self) -> None:
        """For good: a check still running when the window shuts down reports to no one."""
        self.stopped = True
        self.timer.stop()

    def check(self) -> None:
        if self.stopped:
            return
        kiosk, status = self.ctx.kiosk, self.ctx.runtime.status
        camera = status.camera.value
        engine = (EngineState.FAILED if status.engine_error else EngineState.READY).value
        screen = self.window.machine.state.value
        system = ops.Actor.system()

        def job() -> int:
            if not self.ctx.still:
                ops.record_heartbeat(kiosk, system, camera=camera, engine=engine, screen=screen)
            return ops.help_waiting(kiosk, system)

        self.ctx.db.submit(job, self._seen, lambda exc: log.error("help check failed: %s", exc), any_session=True)

    def _seen(self, waiting: int) -> None:
        if self.stopped:
            return  # the window's widgets may be gone already
        self.waiting = waiting
        self.window.show_staff_call()

    @property
    def staff_wanted(self) -> bool:
        """A help request is open and staff are not in the staff area yet."""
        return self.waiting > 0 and self.window.machine.state is not State.STAFF
