"""Times as people at the kiosk read them: in the kiosk's local time zone, with the zone shown.

The database keeps UTC (ISO 8601); only what is put on screen is converted here. The zone
is the system's (``TZ`` or /etc/localtime), so a kiosk set up for its site shows site time.
"""

from __future__ import annotations

from datetime import date, datetime, timezone


def to_local(value: str | datetime | None) -> datetime | None:
    """An ISO text or an aware datetime (naive ones are taken as UTC) in the local zone."""
    if value is None or value == "":
        return None
    t = datetime.fromisoformat(value) if isinstance(value, str) else value
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone()


def zone_name(t: datetime | None = None) -> str:
    """The local zone's short name, e.g. ``CET`` or ``UTC``; an offset like ``UTC+08:00`` where
    the zone has no letters of its own."""
    t = (t or datetime.now(timezone.utc)).astimezone()
    name = t.tzname() or ""
    return name if name[:1].isalpha() else offset(t)


def offset(t: datetime | None = None) -> str:
    """``UTC+08:00``, ``UTC-05:00``, ``UTC`` for the local zone at ``t``."""
    t = (t or datetime.now(timezone.utc)).astimezone()
    delta = t.utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_time(value: str | datetime | None, *, seconds: bool = False, today: date | None = None,
               empty: str = "—") -> str:
    """``2026-11-28 14:55 CET``; today's times without the date (``14:55 CET``) when ``today``
    is given. ``empty`` for no time at all."""
    t = to_local(value)
    if t is None:
        return empty
    clock = t.strftime("%H:%M:%S" if seconds else "%H:%M")
    day = "" if today is not None and t.date() == today else t.strftime("%Y-%m-%d") + " "
    return f"{day}{clock} {zone_name(t)}"


def local_date(value: str | datetime | None, empty: str = "—") -> str:
    """The local calendar date of a time (``2026-11-28``); plain dates pass through."""
    if value is None or value == "":
        return empty
    if isinstance(value, str) and len(value) == 10:
        return value
    t = to_local(value)
    return t.strftime("%Y-%m-%d") if t else empty


def zone_caption() -> str:
    """What the zone is, for a screen footer: ``CET (UTC+01:00)`` or ``UTC``."""
    name, off = zone_name(), offset()
    return name if name == off else f"{name} ({off})"
