"""What only a running kiosk knows, and its schedule (Qt-free; built by :mod:`kiosk.app`).

* :class:`RuntimeStatus`: the face models' load error and the camera's last outcome, seen
  through the session machine's transitions, for the staff dashboard (no frame, no distance).
* :class:`PurgeSchedule`: when the running kiosk runs its maintenance (every hour: the
  retention purge, which :func:`kiosk.ops.purge_expired` runs at most once a day, and the audit
  anchor, every ``audit_anchor_hours``), on the composition root's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Callable

from kiosk.domain.session import Event, State

PURGE_CHECK_S = 3600


class CameraStatus(Enum):
    IDLE = "idle"  # no face step since the kiosk started
    WORKED = "worked"
    FAILED = "failed"


_CAMERA_OUTCOMES = {Event.CAMERA_FAILED: CameraStatus.FAILED, Event.FACE_MATCH: CameraStatus.WORKED,
                    Event.FACE_NO_MATCH: CameraStatus.WORKED, Event.CAPTURED: CameraStatus.WORKED}


@dataclass
class RuntimeStatus:
    """The running kiosk's own status for the dashboard. ``note`` follows the session machine."""

    clock: Callable[[], datetime]
    engine_error: str = ""  # the face models failed to load (message for staff)
    camera: CameraStatus = CameraStatus.IDLE
    camera_at: str = ""  # ISO time of the last face step's outcome

    def note(self, old: State, new: State, event: Event) -> None:
        outcome = _CAMERA_OUTCOMES.get(event)
        if outcome is not None:
            self.camera = outcome
            self.camera_at = self.clock().isoformat(timespec="seconds")

    def engine_failed(self, exc: BaseException) -> None:
        self.engine_error = str(exc)[:200]


@dataclass(frozen=True)
class PurgeSchedule:
    """The purge check's clock and interval; the caller runs ``kiosk.ops.purge_expired``
    with ``only_if_due`` (the system's own schedule, not a layer below the operations)."""

    clock: Callable[[], datetime]
    interval_s: int = PURGE_CHECK_S
