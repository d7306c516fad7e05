"""Shortest retention (rule 6): a template expires at whichever comes first of the
pass's end plus a grace period and a fixed time since it was last used."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from kiosk.audit_events import AuditEvent
from kiosk.config import MAX_IDLE_RETENTION_DAYS, Settings


def template_expiry(valid_until: str, last_used: datetime, settings: Settings) -> str:
    by_idle = last_used + timedelta(days=min(settings.idle_retention_days, MAX_IDLE_RETENTION_DAYS))
    try:
        pass_end = datetime.combine(date.fromisoformat(valid_until), time(23, 59, 59), timezone.utc)
        by_pass = pass_end + timedelta(days=settings.grace_days_after_pass)
    except OverflowError:  # a pass valid "forever" (9999-12-31): the idle limit decides
        return by_idle.isoformat(timespec="seconds")
    return min(by_pass, by_idle).isoformat(timespec="seconds")


def purge_expired(store, now: datetime | None = None, actor: str = "system") -> int:
    """Delete every expired template and audit the count, in one transaction. The consent
    records stay, marked ended: no consent stays active without its template."""
    now = now or datetime.now(timezone.utc)
    with store.transaction():
        count = store.templates.delete_expired(now.isoformat(timespec="seconds"))
        store.audit.append(AuditEvent.PURGE, actor, count=count)
    return count


def next_purge_due(store, now: datetime | None = None) -> str | None:
    """The earliest expiry among stored templates, or None when there are none."""
    rows = store.query("SELECT min(expires) FROM face_templates")
    return rows[0][0]
