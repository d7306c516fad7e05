"""The staff area's hooks into the kiosk window (the window installs both itself):

* :class:`StaffEntry`: the hidden entry on the welcome screen -- a 3 s long-press in the
  top-left corner, or Ctrl+Alt+S for keyboard users -- and the runtime status
  (:class:`kiosk.runtime.RuntimeStatus`) following the session machine for the dashboard.
* :class:`RetentionTimer`: the maintenance schedule: at start-up and then hourly, the
  retention purge (:func:`kiosk.ops.purge_expired` purges at most once a day) and the audit
  anchor (:func:`kiosk.ops.anchor_audit`, every ``audit_anchor_hours``), on the database
  executor and the runtime's clock (:class:`kiosk.runtime.PurgeSchedule`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kiosk import ops
from kiosk.domain.session import Event, State
from kiosk.ui.widgets import timer

log = logging.getLogger(__name__)
LONG_PRESS_MS = 3000
CORNER_PX = 96
SHORTCUT = "Ctrl+Alt+S"


class CornerZone(QWidget):
    """An invisible square over the top-left corner: hold it for 3 s to open the staff area."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.kiosk_window = window
        self.setObjectName("staff-corner")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setStyleSheet("background: transparent; border: none;")
        self.setGeometry(0, 0, CORNER_PX, CORNER_PX)
        self.hold = timer(self, LONG_PRESS_MS, self._held, single=True)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (touch arrives as a synthesised mouse press)
        if self.kiosk_window.machine.state is State.WELCOME:
            self.hold.start()
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self.hold.stop()
        event.accept()

    def _held(self) -> None:
        open_staff(self.kiosk_window)


class _Raise(QObject):
    """Keeps the corner zone on top of the header when the window is resized or shown."""

    def __init__(self, zone: CornerZone) -> None:
        super().__init__(zone)
        self.zone = zone

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.zone.raise_()
        return False


def open_staff(window) -> bool:
    if window.machine.state is not State.WELCOME:
        return False
    log.info("staff area opened")
    window.machine.fire(Event.STAFF_ENTER)
    return True


def answer_help(window) -> bool:
    """Staff answer an open help request from any screen: the visitor's session is kept
    aside and resumed when they log out (:meth:`SessionMachine.staff_step_in`)."""
    if window.machine.state is State.STAFF:
        return False
    log.info("staff area opened for a help request")
    window.machine.staff_step_in()
    return True


class StaffEntry:
    """The hidden ways into the staff area, installed on a :class:`KioskWindow`."""

    def __init__(self, window) -> None:
        window.machine.subscribe(window.ctx.runtime.status.note)  # the dashboard's camera state
        self.corner = zone = CornerZone(window)
        zone.raise_()
        window.installEventFilter(_Raise(zone))

        def corner_for(old: State, new: State, event: object) -> None:  # the corner is live on the welcome screen only
            zone.setVisible(new is State.WELCOME)
            zone.hold.stop()

        window.machine.subscribe(corner_for)
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(lambda: open_staff(window))


class RetentionTimer(QObject):
    """Runs the runtime's purge schedule now and every ``interval_ms`` once started."""

    def __init__(self, window, interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.ctx = window.ctx
        schedule = self.ctx.runtime.purge
        self.timer: QTimer = timer(self, interval_ms or schedule.interval_s * 1000, self.check)

    def start(self) -> None:
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        kiosk, clock = self.ctx.kiosk, self.ctx.runtime.purge.clock
        executor = self.ctx.staff_db or self.ctx.db  # maintenance, never in the visitor's queue
        purge = lambda: ops.purge_expired(kiosk, ops.Actor.system(), clock(), only_if_due=True)  # noqa: E731
        executor.submit(purge, self._done, lambda exc: log.error("retention purge failed: %s", exc), any_session=True)
        anchor = lambda: ops.anchor_audit(kiosk, ops.Actor.system(), clock(), only_if_due=True)  # noqa: E731
        executor.submit(anchor, self._anchored, lambda exc: log.error("audit anchor not written: %s", exc),
                        any_session=True)

    @staticmethod
    def _done(result) -> None:
        if result is not None:
            log.info("retention purge: %d template(s) deleted", result.count)

    @staticmethod
    def _anchored(result) -> None:
        if result is not None:
            log.info("audit anchor kept: record %d", result.seq)


def demo_staff_text(demo) -> str:
    """For the DEMO banner: how to reach the staff area and the demo administrator's PIN."""
    from PySide6.QtCore import QCoreApplication

    pins = ", ".join(st.pin for st in demo.staff)
    return QCoreApplication.translate("StaffEntry", "Staff: hold the top-left corner 3 s, PIN %1").replace("%1", pins)
