"""Administration operations: settings and the dashboard snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.domain.dashboard import DashboardStatus, EngineStatus, snapshot
from kiosk.runtime import CameraStatus
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.app import Kiosk


@dataclass(frozen=True)
class SettingsResult:
    changed: tuple[str, ...]  # the names of the settings that changed, in declaration order


def save_settings(kiosk: "Kiosk", actor: Actor, settings: Settings) -> SettingsResult:
    """Validate and store the settings with one audit record per change, together."""
    authorise(actor, Action.CHANGE_SETTINGS)
    changed = kiosk.save_settings(settings.validate(), actor=actor.name)
    return SettingsResult(tuple(changed))


def dashboard_snapshot(kiosk: "Kiosk", actor: Actor, *, engine: EngineStatus = EngineStatus(),
                       camera: CameraStatus = CameraStatus.IDLE, now: datetime | None = None,
                       verify_chain: bool = True) -> DashboardStatus:
    """The staff dashboard's frozen status (no key, template, PIN or distance), read in one
    consistent view of the database."""
    authorise(actor, Action.VIEW_DASHBOARD)
    with kiosk.store.transaction():
        return snapshot(kiosk, engine=engine, camera=camera, now=now,
                        verify_chain=verify_chain)
