"""A frozen snapshot of the kiosk's state for the staff dashboard. No secrets: no key,
no template, no PIN, no distance; counts, dates and short status texts only.

The UI passes in what only it knows (engine and camera state) and calls
:func:`snapshot` on its database executor (verifying the chain reads the whole trail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

from kiosk.config import Liveness
from kiosk.domain.faces import site_offline_minutes
from kiosk.liveness.record import refusals_since
from kiosk.maintenance import last_purge, next_purge_at
from kiosk.policy.filing import OK, FilingStatus, filing_status
from kiosk.policy.site import SiteStatus, site_status
from kiosk.runtime import CameraStatus


class EngineState(Enum):
    UNKNOWN = "unknown"
    LOADING = "loading"
    READY = "ready"
    RESTARTING = "restarting"  # the encoder child is being replaced
    FAILED = "failed"  # face checks are unavailable (card and PIN work)


@dataclass(frozen=True)
class EngineStatus:
    state: EngineState = EngineState.UNKNOWN
    problem: str = ""  # what went wrong, for staff (no biometric data)


@dataclass(frozen=True)
class DashboardStatus:
    taken_at: str
    engine: EngineStatus  # as the running kiosk knows it (given by the caller)
    camera: CameraStatus  # the last face step's outcome
    members: int
    active_members: int
    filing: FilingStatus
    next_purge: str  # when the daily purge runs next (ISO, UTC)
    last_purge: str | None
    next_expiry: str | None  # the earliest template expiry
    audit_records: int
    chain_ok: bool | None  # None when not checked in this snapshot
    chain_message: str
    site: SiteStatus
    gate_mode: str
    warnings: tuple[str, ...]  # what staff should act on, most important first (English, for the CLI)
    purge_overdue: bool = False  # the daily retention purge has not run for more than a day
    liveness: str = "both"  # the liveness setting (off / passive / challenge / both)
    liveness_refusals_24h: int = 0  # liveness checks refused in the last 24 hours
    site_offline_minutes: float | None = None  # a kiosk of a site: minutes since it last heard from its site
    face_paused_offline: bool = False  # ... which is so long that face use is paused (card and PIN go on)

    @property
    def healthy(self) -> bool:
        return not self.warnings


def snapshot(kiosk, *, engine: EngineStatus = EngineStatus(), camera: CameraStatus = CameraStatus.IDLE,
             now: datetime | None = None, verify_chain: bool = True) -> DashboardStatus:
    now = now or datetime.now(timezone.utc)
    store, settings = kiosk.store, kiosk.settings
    filing = filing_status(store, settings)
    site = site_status(settings)
    if verify_chain:
        report = store.audit.report()
        chain_ok, chain_message, records = report.ok, report.message, report.records
    else:
        chain_ok, chain_message, records = None, "not checked", store.audit.count()
    last = last_purge(store)
    next_expiry = store.query("SELECT min(expires) FROM face_templates")[0][0]
    warnings = []
    if chain_ok is False:
        warnings.append(f"Audit trail tampered: {chain_message}.")
    if filing.level != OK:
        warnings.append(filing.message)
    if site.banner:
        warnings.append(site.banner)
    if site.missing:
        warnings.append("Site profile incomplete: " + ", ".join(site.missing) + ".")
    if engine.state is EngineState.FAILED:
        warnings.append(f"Face engine: {engine.problem or 'not available'}.")
    if camera is CameraStatus.FAILED:
        warnings.append("Camera: the last face step could not use it.")
    if settings.liveness == Liveness.OFF:
        warnings.append("The liveness check is off: a photo held to the camera could pass face verification.")
    offline = site_offline_minutes(store, now.timestamp())
    paused = offline is not None and offline >= settings.site_offline_face_minutes
    if paused:
        warnings.append(f"Face use is paused: no contact with the site for {int(offline or 0)} minutes "
                        "(card and PIN go on).")
    overdue = next_purge_at(store, now) <= now and last is not None
    if overdue:
        warnings.append("The daily retention purge is overdue.")
    return DashboardStatus(
        taken_at=now.isoformat(timespec="seconds"),
        engine=engine,
        camera=camera,
        members=store.members.count(),
        active_members=store.query("SELECT count(*) FROM members WHERE active = 1")[0][0],
        filing=filing,
        next_purge=next_purge_at(store, now).isoformat(timespec="seconds"),
        last_purge=last.isoformat(timespec="seconds") if last else None,
        next_expiry=next_expiry,
        audit_records=records,
        chain_ok=chain_ok,
        chain_message=chain_message,
        site=site,
        gate_mode=settings.gate_mode,
        warnings=tuple(warnings),
        purge_overdue=overdue,
        site_offline_minutes=offline,
        face_paused_offline=paused,
        liveness=settings.liveness,
        liveness_refusals_24h=refusals_since(store, (now - timedelta(hours=24)).isoformat(timespec="seconds")),
    )
