"""Administration operations: settings (saved whole, or changed as one read-merge-write), a calibrated
match threshold and the dashboard snapshot."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.audit_events import AuditEvent
from kiosk.config import Settings
from kiosk.errors import ConfigError, KioskError
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.ops.dashboard import DashboardStatus, EngineStatus, snapshot
from kiosk.runtime import CameraStatus

if TYPE_CHECKING:
    from kiosk.core import Kiosk


@dataclass(frozen=True)
class SettingsResult:
    changed: tuple[str, ...]  # the names of the settings that changed, in declaration order


def save_settings(kiosk: "Kiosk", actor: Actor, settings: Settings) -> SettingsResult:
    """Validate and store the settings with one audit record per change, together."""
    authorise(actor, Action.CHANGE_SETTINGS)
    changed = kiosk.save_settings(settings.validate(), actor=actor.name)
    return SettingsResult(tuple(changed))


def change_settings(kiosk: "Kiosk", actor: Actor, changes: Mapping[str, object],
                    shown: Settings | None = None) -> SettingsResult:
    """Change some settings as one unit of work: read the stored settings, apply the caller's
    changes, validate, store them and audit each change, all in one transaction.

    With ``shown`` (the settings a screen showed), only the values that differ from it are
    changes; a value changed elsewhere meanwhile (the command line, another kiosk process)
    and left as shown here is kept. Invalid values raise :class:`~kiosk.config.SettingsError`
    with every problem, and nothing is written."""
    authorise(actor, Action.CHANGE_SETTINGS)
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ConfigError(f"Unknown setting {unknown[0]!r}.", remedy="See 'kiosk settings show' for the names.")
    if shown is not None:
        changes = {k: v for k, v in changes.items() if v != getattr(shown, k)}
    with kiosk.store.transaction():  # read, merge, validate, write and audit: one unit
        current = kiosk.store.settings.load()
        new = dataclasses.replace(current, **changes).validate()  # type: ignore[arg-type]  # checked by validate()
        changed = kiosk.save_settings(new, actor=actor.name)
    return SettingsResult(tuple(changed))


@dataclass(frozen=True)
class Calibration:
    """What ``kiosk calibrate`` measured on the site's photo pairs: the reasons recorded with
    the threshold it recommends (counts and rates only, never a person's distance)."""

    threshold: float | None  # None: too few pairs to recommend one
    basis: str
    genuine_pairs: int  # compared same-person pairs
    impostor_pairs: int  # compared different-person pairs
    images_without_template: int
    generalised_tar_at_far_0_001: float | None
    generalised_tar_at_far_0_01: float | None


@dataclass(frozen=True)
class ThresholdResult:
    old: float
    new: float


def apply_calibrated_threshold(kiosk: "Kiosk", actor: Actor, c: Calibration) -> ThresholdResult:
    """Set the match threshold that calibration recommends, with its ``setting_changed`` record
    and a ``threshold_calibrated`` record of its reasons, as one unit. Refused (the threshold
    unchanged) when too few pairs were compared for it to be trusted."""
    from kiosk.calibrate import MIN_GENUINE_TO_APPLY, MIN_IMPOSTORS_FAR_01

    authorise(actor, Action.CHANGE_SETTINGS)
    if c.threshold is None or c.impostor_pairs < MIN_IMPOSTORS_FAR_01 or c.genuine_pairs < MIN_GENUINE_TO_APPLY:
        raise KioskError(
            f"Too few pairs to set the threshold: {c.impostor_pairs} compared different-person pairs "
            f"(at least {MIN_IMPOSTORS_FAR_01:,} needed) and {c.genuine_pairs} same-person pairs "
            f"(at least {MIN_GENUINE_TO_APPLY} needed).",
            remedy="Add more photo pairs and run kiosk calibrate again; the threshold is unchanged.",
        )
    with kiosk.store.transaction():  # the new threshold and its reasons: one audited unit
        old = kiosk.settings.match_threshold
        kiosk.save_settings(kiosk.settings.replace(match_threshold=c.threshold), actor=actor.name)
        kiosk.store.audit.append(
            AuditEvent.THRESHOLD_CALIBRATED, actor.name, None, old=old, new=c.threshold, basis=c.basis,
            genuine_pairs=c.genuine_pairs, impostor_pairs=c.impostor_pairs,
            images_without_template=c.images_without_template,
            generalised_tar_at_far_0_001=c.generalised_tar_at_far_0_001,
            generalised_tar_at_far_0_01=c.generalised_tar_at_far_0_01,
        )
    return ThresholdResult(old, c.threshold)


def dashboard_snapshot(kiosk: "Kiosk", actor: Actor, *, engine: EngineStatus = EngineStatus(),
                       camera: CameraStatus = CameraStatus.IDLE, now: datetime | None = None,
                       verify_chain: bool = True) -> DashboardStatus:
    """The staff dashboard's frozen status (no key, template, PIN or distance), read in one
    consistent view of the database."""
    authorise(actor, Action.VIEW_DASHBOARD)
    with kiosk.store.transaction():
        return snapshot(kiosk, engine=engine, camera=camera, now=now,
                        verify_chain=verify_chain)
