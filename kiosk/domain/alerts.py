"""Alerts for staff: what needs a person now (a visitor asking for help, a locked PIN,
repeated face failures, a gate that did not open, a refused liveness check).

An alert holds its kind, when it was raised, the member number where there is one and a
short note for staff (e.g. why the gate failed). Never a face, a template, a distance or
a PIN. Raising the same kind for the same member while an earlier alert is still open
counts a repeat on that alert instead of flooding the list. Raising and acknowledging
each write an audit record.

Typical use::

    raise_alert(store, AlertKind.HELP_REQUESTED, member_no="1001")
    for alert in open_alerts(store): ...
    acknowledge(store, alert.id, actor="Sam")
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from kiosk.errors import NotFoundError

log = logging.getLogger("kiosk.alerts")
NOTE_MAX = 300


class AlertKind(str, Enum):
    HELP_REQUESTED = "help_requested"
    PIN_LOCKED = "pin_locked"
    FACE_FAILURES = "face_failures"
    GATE_FAILED = "gate_failed"
    LIVENESS_REFUSED = "liveness_refused"


@dataclass(frozen=True)
class Alert:
    id: int
    kind: AlertKind
    raised_at: datetime  # aware, UTC
    last_at: datetime  # the latest repeat (aware, UTC)
    repeats: int
    member_no: str | None
    note: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None


_COLS = "id, kind, raised_at, last_at, repeats, member_no, note, acknowledged_at, acknowledged_by"


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    t = datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _alert(row: tuple) -> Alert:
    raised, last = _when(row[2]), _when(row[3])
    assert raised is not None and last is not None  # NOT NULL columns
    return Alert(row[0], AlertKind(row[1]), raised, last, row[4], row[5], row[6], _when(row[7]), row[8])


def _iso(at: datetime | None) -> str:
    at = at or datetime.now(timezone.utc)
    if at.tzinfo is None:
        raise ValueError("alert times must be timezone-aware")
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def get(store, alert_id: int) -> Alert | None:
    rows = store.query(f"SELECT {_COLS} FROM alerts WHERE id = ?", (alert_id,))
    return _alert(rows[0]) if rows else None


def raise_alert(store, kind: AlertKind, *, member_no: str | None = None, note: str | None = None,
                actor: str = "visitor", at: datetime | None = None) -> Alert:
    """Record ``kind`` for staff (or count a repeat of the same open alert) and audit it."""
    kind = AlertKind(kind)
    ts = _iso(at)
    note = note[:NOTE_MAX] if note else None
    with store.transaction() as c:  # the alert and its audit record commit together
        row = c.execute(
            "SELECT id FROM alerts WHERE kind = ? AND member_no IS ? AND acknowledged_at IS NULL"
            " ORDER BY id DESC LIMIT 1", (kind.value, member_no),
        ).fetchone()
        if row:
            alert_id = row[0]
            c.execute("UPDATE alerts SET repeats = repeats + 1, last_at = ?, note = coalesce(?, note) WHERE id = ?",
                      (ts, note, alert_id))
        else:
            alert_id = c.execute(
                "INSERT INTO alerts (kind, raised_at, last_at, member_no, note) VALUES (?, ?, ?, ?, ?)",
                (kind.value, ts, ts, member_no, note),
            ).lastrowid
        alert = get(store, alert_id)
        assert alert is not None  # written just now, in this transaction
        store.audit.append("alert_raised", actor, member_no, alert=alert_id, kind=kind.value, repeats=alert.repeats)
    log.warning("alert %s (%s) repeats=%d", alert_id, kind.value, alert.repeats)  # who: the alert and the audit
    return alert


TRIES = "tries: "  #: the note of a FACE_FAILURES alert: the failed tries' reasons, oldest first
USED_UP = "; used up"  #: ...and the visitor used up this visit's face tries


def _open_face_alert(c, member_no: str | None) -> tuple[int, str] | None:
    return c.execute("SELECT id, coalesce(note, '') FROM alerts WHERE kind = ? AND member_no IS ? AND acknowledged_at IS NULL"
                     " ORDER BY id DESC LIMIT 1", (AlertKind.FACE_FAILURES.value, member_no)).fetchone()


def _tries(note: str) -> list[str]:
    body = note.removeprefix(TRIES).removesuffix(USED_UP) if note.startswith(TRIES) else ""
    return [t for t in body.split(", ") if t]


def _tries_note(tries: list[str], used_up: bool) -> str:
    tail = USED_UP if used_up else ""
    while tries and len(TRIES + ", ".join(tries) + tail) > NOTE_MAX:
        tries = tries[1:]  # the latest tries are the ones staff need
    return TRIES + ", ".join(tries) + tail


def face_try_failed(store, member_no: str | None, reason: str, *, actor: str = "visitor",
                    at: datetime | None = None) -> Alert:
    """One alert per visitor that carries the face tries (not one per try): a failed try adds
    its reason (``no_match``, ``liveness:<code>``, ``timeout``, ``abandoned``) to the member's
    open FACE_FAILURES alert and counts a repeat; the first one raises it."""
    with store.transaction() as c:
        row = _open_face_alert(c, member_no)
        note = row[1] if row is not None else ""
        tries, used_up = _tries(note), note.endswith(USED_UP)
        return raise_alert(store, AlertKind.FACE_FAILURES, member_no=member_no, actor=actor, at=at,
                           note=_tries_note(tries + [reason[:40]], used_up))


def face_tries_used_up(store, member_no: str | None, *, actor: str = "visitor") -> Alert:
    """The visitor used up this visit's face tries: said on the alert that carries them (no
    new alert, no extra repeat); raised when staff acknowledged the tries' alert meanwhile."""
    with store.transaction() as c:
        row = _open_face_alert(c, member_no)
        if row is None:
            return raise_alert(store, AlertKind.FACE_FAILURES, member_no=member_no, actor=actor,
                               note=_tries_note([], True))
        c.execute("UPDATE alerts SET note = ? WHERE id = ?", (_tries_note(_tries(row[1]), True), row[0]))
        alert = get(store, row[0])
        assert alert is not None  # found above, in this transaction
        return alert


def open_alerts(store, limit: int = 100) -> list[Alert]:
    """Open alerts, the most recent activity first."""
    rows = store.query(
        f"SELECT {_COLS} FROM alerts WHERE acknowledged_at IS NULL ORDER BY last_at DESC, id DESC LIMIT ?", (limit,)
    )
    return [_alert(r) for r in rows]


def open_count(store) -> int:
    return store.query("SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL")[0][0]


def acknowledge(store, alert_id: int, actor: str, at: datetime | None = None) -> Alert:
    """Mark an alert as seen to by ``actor`` (a staff name). Acknowledging twice changes nothing."""
    ts = _iso(at)
    with store.transaction() as c:
        row = c.execute("SELECT acknowledged_at FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"No alert {alert_id}.", remedy="Refresh the list of alerts.")
        first = row[0] is None
        if first:
            c.execute("UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
                      (ts, actor[:80], alert_id))
        alert = get(store, alert_id)
        assert alert is not None  # found above, in this transaction
        if first:
            store.audit.append("alert_acknowledged", actor, alert.member_no, alert=alert_id, kind=alert.kind.value)
    return alert
