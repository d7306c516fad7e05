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

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum, StrEnum

from kiosk.audit_events import AuditEvent
from kiosk.errors import NotFoundError

log = logging.getLogger("kiosk.alerts")
NOTE_MAX = 300


class AlertKind(str, Enum):
    HELP_REQUESTED = "help_requested"
    PIN_LOCKED = "pin_locked"
    FACE_FAILURES = "face_failures"
    GATE_FAILED = "gate_failed"
    LIVENESS_REFUSED = "liveness_refused"


class GateProblemCode(StrEnum):
    """Why the gate did not open; ``GateProblem.args`` holds the fields each code names."""

    COMMAND_TIMEOUT = "command_timeout"  # (seconds,)
    COMMAND_NOT_FOUND = "command_not_found"  # (program,)
    HTTP_STATUS = "http_status"  # (status,)
    UNREACHABLE = "unreachable"  # (reason,)
    HTTP_TIMEOUT = "http_timeout"  # ()
    EXIT_STATUS = "exit_status"  # (program, status, the program's last line of error output or "")
    NO_COMMAND = "no_command"  # ()
    NOT_A_URL = "not_a_url"  # ()
    OTHER = "other"  # (words the kiosk did not write,)


_GATE_ENGLISH = {
    GateProblemCode.COMMAND_TIMEOUT: "the gate command did not finish within {0} s",
    GateProblemCode.COMMAND_NOT_FOUND: "the gate command was not found: {0}",
    GateProblemCode.HTTP_STATUS: "the gate controller answered HTTP {0}",
    GateProblemCode.UNREACHABLE: "the gate controller cannot be reached: {0}",
    GateProblemCode.HTTP_TIMEOUT: "the gate controller did not answer in time",
    GateProblemCode.NO_COMMAND: "gate_command is empty",
    GateProblemCode.NOT_A_URL: "gate_url is not an http(s) URL",
    GateProblemCode.OTHER: "{0}",
}


@dataclass(frozen=True)
class GateProblem:
    """Why the gate did not open, as a code and its fields; ``str()`` words it in English."""

    code: GateProblemCode
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.code is GateProblemCode.EXIT_STATUS:
            program, status, err = (self.args + ("", "", ""))[:3]
            return f"{program} exited with status {status}" + (f": {err}" if err else "")
        return _GATE_ENGLISH[self.code].format(*self.args, "")


class NoteCode(StrEnum):
    """What an alert's note says; the staff screens translate each code (one table)."""

    TEXT = "text"  # text: words the kiosk did not write
    ASKED_ON_SCREEN = "asked_on_screen"  # screen: the visitor screen's code
    WRONG_PINS_ACROSS_MEMBERS = "wrong_pins_across_members"
    LIVENESS_REFUSED = "liveness_refused"  # flow ("verify" | "enroll"), reason: the refusal's code
    FACE_TRIES = "face_tries"  # tries: the failed tries' reasons, oldest first; used_up
    GATE_FAILED = "gate_failed"  # mode: the gate mode; problem


@dataclass(frozen=True)
class AlertNote:
    """An alert's note for staff as a code and typed fields; ``str()`` words it in English."""

    code: NoteCode
    text: str = ""
    screen: str = ""
    flow: str = ""
    reason: str = ""
    tries: tuple[str, ...] = ()
    used_up: bool = False
    mode: str = ""
    problem: GateProblem | None = None

    @classmethod
    def asked_on(cls, screen: str) -> "AlertNote":
        return cls(NoteCode.ASKED_ON_SCREEN, screen=screen)

    @classmethod
    def liveness(cls, flow: str, reason: str) -> "AlertNote":
        return cls(NoteCode.LIVENESS_REFUSED, flow=flow, reason=reason)

    @classmethod
    def gate(cls, mode: str, problem: GateProblem) -> "AlertNote":
        return cls(NoteCode.GATE_FAILED, mode=mode, problem=problem)

    def __str__(self) -> str:
        match self.code:
            case NoteCode.ASKED_ON_SCREEN:
                return f"asked on the {self.screen} screen"
            case NoteCode.WRONG_PINS_ACROSS_MEMBERS:
                return "wrong PINs across members"
            case NoteCode.LIVENESS_REFUSED:
                return f"{self.flow}: {self.reason}"
            case NoteCode.FACE_TRIES:
                return TRIES + ", ".join(self.tries) + (USED_UP if self.used_up else "")
            case NoteCode.GATE_FAILED:
                return f"{self.mode}: {self.problem}"
        return self.text

    def to_json(self) -> str:
        d: dict = {"code": self.code.value}
        for name in ("text", "screen", "flow", "reason", "mode"):
            if getattr(self, name):
                d[name] = getattr(self, name)
        if self.tries:
            d["tries"] = list(self.tries)
        if self.used_up:
            d["used_up"] = True
        if self.problem is not None:
            d["problem"] = [self.problem.code.value, *self.problem.args]
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_stored(cls, stored: str) -> "AlertNote":
        """The note as stored; a note written before notes were typed is kept as its words."""
        try:
            d = json.loads(stored)
            code = NoteCode(d["code"])
        except (ValueError, TypeError, KeyError):
            return cls(NoteCode.TEXT, text=stored)
        problem = d.get("problem")
        return cls(code, text=d.get("text", ""), screen=d.get("screen", ""), flow=d.get("flow", ""),
                   reason=d.get("reason", ""), tries=tuple(d.get("tries", ())), used_up=bool(d.get("used_up")),
                   mode=d.get("mode", ""),
                   problem=GateProblem(GateProblemCode(problem[0]), tuple(problem[1:])) if problem else None)


@dataclass(frozen=True)
class Alert:
    id: int
    kind: AlertKind
    raised_at: datetime  # aware, UTC
    last_at: datetime  # the latest repeat (aware, UTC)
    repeats: int
    member_no: str | None
    detail: AlertNote | None  # the note, typed
    acknowledged_at: datetime | None
    acknowledged_by: str | None

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def note(self) -> str | None:
        """The note in English (the command line's words)."""
        return None if self.detail is None else str(self.detail)


_COLS = "id, kind, raised_at, last_at, repeats, member_no, note, acknowledged_at, acknowledged_by"


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    t = datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _alert(row: tuple) -> Alert:
    raised, last = _when(row[2]), _when(row[3])
    assert raised is not None and last is not None  # NOT NULL columns
    note = AlertNote.from_stored(row[6]) if row[6] else None
    return Alert(row[0], AlertKind(row[1]), raised, last, row[4], row[5], note, _when(row[7]), row[8])


def _iso(at: datetime | None) -> str:
    at = at or datetime.now(timezone.utc)
    if at.tzinfo is None:
        raise ValueError("alert times must be timezone-aware")
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def get(store, alert_id: int) -> Alert | None:
    rows = store.query(f"SELECT {_COLS} FROM alerts WHERE id = ?", (alert_id,))
    return _alert(rows[0]) if rows else None


def _bounded(note: AlertNote | str | None) -> str | None:
    """The note as stored, at most NOTE_MAX characters: words the kiosk did not write as they
    are, a typed note as its code and fields (a gate's long answer shortened)."""
    if not note:
        return None
    if isinstance(note, str) or note.code is NoteCode.TEXT:
        return (note if isinstance(note, str) else note.text)[:NOTE_MAX]
    while len(stored := note.to_json()) > NOTE_MAX and note.problem is not None and any(note.problem.args):
        args = list(note.problem.args)
        longest = max(range(len(args)), key=lambda i: len(args[i]))
        args[longest] = args[longest][:max(0, len(args[longest]) - (len(stored) - NOTE_MAX))]
        note = AlertNote.gate(note.mode, GateProblem(note.problem.code, tuple(args)))
    return stored if len(stored) <= NOTE_MAX else str(note)[:NOTE_MAX]


def raise_alert(store, kind: AlertKind, *, member_no: str | None = None, note: AlertNote | str | None = None,
                actor: str = "visitor", at: datetime | None = None) -> Alert:
    """Record ``kind`` for staff (or count a repeat of the same open alert) and audit it.
    ``note``: a typed note; plain words are kept as a TEXT note."""
    kind = AlertKind(kind)
    ts = _iso(at)
    note = _bounded(note)
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
        store.audit.append(AuditEvent.ALERT_RAISED, actor, member_no, alert=alert_id, kind=kind.value, repeats=alert.repeats)
    log.warning("alert %s (%s) repeats=%d", alert_id, kind.value, alert.repeats)  # who: the alert and the audit
    return alert


TRIES = "tries: "  #: the note of a FACE_FAILURES alert: the failed tries' reasons, oldest first
USED_UP = "; used up"  #: ...and the visitor used up this visit's face tries


def _open_face_alert(c, member_no: str | None) -> tuple[int, str] | None:
    return c.execute("SELECT id, coalesce(note, '') FROM alerts WHERE kind = ? AND member_no IS ? AND acknowledged_at IS NULL"
                     " ORDER BY id DESC LIMIT 1", (AlertKind.FACE_FAILURES.value, member_no)).fetchone()


def _tries(stored: str) -> tuple[list[str], bool]:
    note = AlertNote.from_stored(stored) if stored else None
    if note is None or note.code is not NoteCode.FACE_TRIES:
        return [], False
    return list(note.tries), note.used_up


def _tries_note(tries: list[str], used_up: bool) -> AlertNote:
    while tries and len(AlertNote(NoteCode.FACE_TRIES, tries=tuple(tries), used_up=used_up).to_json()) > NOTE_MAX:
        tries = tries[1:]  # the latest tries are the ones staff need
    return AlertNote(NoteCode.FACE_TRIES, tries=tuple(tries), used_up=used_up)


def face_try_failed(store, member_no: str | None, reason: str, *, actor: str = "visitor",
                    at: datetime | None = None) -> Alert:
    """One alert per visitor that carries the face tries (not one per try): a failed try adds
    its reason (``no_match``, ``liveness:<code>``, ``timeout``, ``abandoned``) to the member's
    open FACE_FAILURES alert and counts a repeat; the first one raises it."""
    with store.transaction() as c:
        row = _open_face_alert(c, member_no)
        tries, used_up = _tries(row[1] if row is not None else "")
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
        c.execute("UPDATE alerts SET note = ? WHERE id = ?", (_tries_note(_tries(row[1])[0], True).to_json(), row[0]))
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
            store.audit.append(AuditEvent.ALERT_ACKNOWLEDGED, actor, alert.member_no, alert=alert_id, kind=alert.kind.value)
    return alert
