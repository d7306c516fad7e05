"""Wiring of the staff area into the running kiosk (called from :mod:`kiosk.ui.main`).

* :func:`attach_staff`: the hidden entry on the welcome screen -- a 3 s long-press in the
  top-left corner, or Ctrl+Alt+S for keyboard users -- and a small runtime status that
  the dashboard reads (face engine load errors, the camera's last outcome, seen through
  the session machine's transitions; no frame, no distance).
* :func:`start_maintenance`: the retention purge at start-up and an hourly check
  (:func:`kiosk.maintenance.purge_if_due` purges at most once a day).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import QEvent, QObject, QTimer, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kiosk.domain.session import Event, State
from kiosk.ui.widgets import timer

log = logging.getLogger(__name__)
LONG_PRESS_MS = 3000
CORNER_PX = 96
SHORTCUT = "Ctrl+Alt+S"
PURGE_CHECK_MS = 3600 * 1000


@dataclass
class RuntimeStatus:
    """What only the running UI knows, for the dashboard."""

    engine_error: str = ""  # the face models failed to load (message for staff)
    camera: str = "idle"  # idle | worked | failed
    camera_at: str = ""  # ISO time of the last face step's outcome

    def note(self, old: State, new: State, event: Event) -> None:
        outcome = {Event.CAMERA_FAILED: "failed", Event.FACE_MATCH: "worked", Event.FACE_NO_MATCH: "worked",
                   Event.CAPTURED: "worked"}.get(event)
        if outcome:
            self.camera = outcome
            self.camera_at = datetime.now(timezone.utc).isoformat(timespec="seconds")


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


def attach_staff(window) -> RuntimeStatus:
    """Install the hidden entry and the runtime status on a :class:`KioskWindow`."""
    status = RuntimeStatus()
    window.staff_runtime = status
    window.machine.subscribe(status.note)
    zone = CornerZone(window)
    zone.raise_()
    window.installEventFilter(_Raise(zone))
    window.machine.subscribe(lambda old, new, event: (zone.setVisible(new is State.WELCOME), zone.hold.stop()))
    window.staff_corner = zone
    shortcut = QShortcut(QKeySequence(SHORTCUT), window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(lambda: open_staff(window))
    window.staff_shortcut = shortcut
    return status


def note_engine_error(window, exc: BaseException) -> None:
    status = getattr(window, "staff_runtime", None)
    if status is not None:
        status.engine_error = str(exc)[:200]


def start_maintenance(window, interval_ms: int = PURGE_CHECK_MS) -> QTimer:
    """Purge expired templates now (if due) and check again every ``interval_ms``."""
    from kiosk import ops

    kiosk = window.ctx.kiosk

    def done(result) -> None:
        if result is not None:
            log.info("retention purge: %d template(s) deleted", result.count)

    def check() -> None:
        window.ctx.db.submit(lambda: ops.purge_expired(kiosk, ops.Actor.system(), only_if_due=True), done,
                             lambda exc: log.error("retention purge failed: %s", exc), any_session=True)

    check()
    t = timer(window, interval_ms, check)
    t.start()
    window.maintenance_timer = t
    return t


def demo_staff_text(demo) -> str:
    """For the DEMO banner: how to reach the staff area and the demo administrator's PIN."""
    from PySide6.QtCore import QCoreApplication

    pins = ", ".join(st.pin for st in demo.staff)
    return QCoreApplication.translate("StaffEntry", "Staff: hold the top-left corner 3 s, PIN %1").replace("%1", pins)
