"""Browsing and exporting the audit trail.

The viewer calls :func:`find` with an :class:`AuditFilter`; exports go through
:func:`export`, which writes CSV or JSON atomically and audits the export itself;
:func:`export_anchor` writes the head of the verified trail for safe keeping elsewhere.

CSV is meant for spreadsheets, so every cell that a spreadsheet could take for a
formula (starting with ``= + - @``, a tab or a carriage return, or their full-width
forms) is prefixed with an apostrophe (OWASP "CSV injection"). JSON keeps the exact
stored values with their hashes, so an auditor can re-check the chain from the file;
spreadsheet programs import JSON values as text, never as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable

from kiosk.audit_events import AuditEvent
from kiosk.errors import ExportError
from kiosk.files import write_private
from kiosk.store.anchor_files import anchor_json
from kiosk.store.chain import ChainReport
from kiosk.store.db import Store
from kiosk.store.repos import AuditRecord

FORMATS = ("csv", "json")
CSV_COLUMNS = ("seq", "ts", "event", "actor", "subject", "detail", "prev_hash", "hash")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass(frozen=True)
class AuditFilter:
    """All fields optional. Dates are ISO (``YYYY-MM-DD`` or a full timestamp); ``until``
    includes the whole day when given as a date. ``text`` searches subject and detail."""

    event: str | None = None
    actor: str | None = None
    subject: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    newest_first: bool = False
    limit: int | None = None
    offset: int = 0


def parse_when(text: str, *, end_of_day: bool = False) -> str:
    """Normalise a user-typed date or timestamp for comparison with stored UTC timestamps."""
    text = text.strip()
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return (d + timedelta(days=1)).isoformat() if end_of_day else d.isoformat()
        return datetime.fromisoformat(text).isoformat(timespec="seconds")
    except ValueError:
        raise ExportError(f"{text!r} is not a date.", remedy="Use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS.") from None


def check_range(since: str | None, until: str | None) -> None:
    """Refuse a range that ends before it starts (``until`` as a date includes its whole day)."""
    if not since or not until:
        return
    start = datetime.fromisoformat(parse_when(since)).replace(tzinfo=None)
    end = datetime.fromisoformat(parse_when(until, end_of_day=True)).replace(tzinfo=None)
    if start > end or (start == end and len(until.strip()) == 10):
        raise ExportError(f"The range from {since.strip()} until {until.strip()} is empty: it ends before it starts.",
                          remedy="Give --since the earlier date and --until the later one.")


def _where(flt: AuditFilter) -> tuple[str, list]:
    check_range(flt.since, flt.until)
    where, params = [], []
    for col, val in (("event", flt.event), ("actor", flt.actor), ("subject", flt.subject)):
        if val:
            where.append(f"{col} = ?")
            params.append(val)
    if flt.since:
        where.append("ts >= ?")
        params.append(parse_when(flt.since))
    if flt.until:
        where.append("ts < ?" if len(flt.until.strip()) == 10 else "ts <= ?")
        params.append(parse_when(flt.until, end_of_day=True))
    if flt.text:
        where.append("(subject LIKE ? OR detail LIKE ? OR actor LIKE ?)")
        params += [f"%{flt.text}%"] * 3
    return (" WHERE " + " AND ".join(where)) if where else "", params


def find(store: Store, flt: AuditFilter = AuditFilter()) -> list[AuditRecord]:
    """Records matching ``flt`` (oldest first unless ``newest_first``)."""
    where, params = _where(flt)
    sql = "SELECT seq, ts, event, actor, subject, detail, prev_hash, hash FROM audit" + where
    sql += " ORDER BY seq DESC" if flt.newest_first else " ORDER BY seq"
    if flt.limit:
        sql += " LIMIT ? OFFSET ?"
        params += [int(flt.limit), int(flt.offset)]
    return [AuditRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in store.query(sql, tuple(params))]


def count(store: Store, flt: AuditFilter = AuditFilter()) -> int:
    where, params = _where(flt)
    return store.query("SELECT count(*) FROM audit" + where, tuple(params))[0][0]


def event_names(store: Store) -> list[str]:
    """The distinct event names present, for the viewer's filter list."""
    return [r[0] for r in store.query("SELECT DISTINCT event FROM audit ORDER BY event")]


def neutralise(value: object) -> str:
    """A cell value a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(r: AuditRecord) -> list[object]:
    detail = json.dumps(r.detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return [r.seq, r.ts, r.event, r.actor, r.subject, detail, r.prev_hash, r.hash]


def to_csv(records: Iterable[AuditRecord]) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in records:
        w.writerow([neutralise(v) for v in _row(r)])
    return buf.getvalue()


def to_json(records: Iterable[AuditRecord], chain_ok: bool | None = None) -> str:
    items = [dict(zip(CSV_COLUMNS, _row(r))) for r in records]
    return json.dumps({"chain_intact": chain_ok, "records": items}, ensure_ascii=False, indent=1) + "\n"


def _write_atomic(path: Path, text: str) -> None:
    try:
        write_private(path, text.encode("utf-8-sig" if path.suffix.lower() == ".csv" else "utf-8"))
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror}.", remedy="Choose a folder you can write to.") from None


def export(store: Store, path: Path, fmt: str, flt: AuditFilter = AuditFilter(), actor: str = "cli") -> int:
    """Write the matching records to ``path`` as ``csv`` or ``json``; returns how many.

    The export is itself audited (after writing, so the file does not contain it)."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}.", remedy="Use csv or json.")
    store.refuse_own_files(Path(path))
    suffix = Path(path).suffix.lower()
    if suffix and suffix != "." + fmt:  # a .pdf or .xlsx must not silently hold CSV
        raise ExportError(f"Cannot write a {fmt} export as {Path(path).name}: the file name must end in .{fmt}.",
                          remedy=f"Name the file FILE.{fmt}, or choose the other --format.")
    records = find(store, AuditFilter(**{**flt.__dict__, "newest_first": False}))
    text = to_csv(records) if fmt == "csv" else to_json(records, store.audit.report().ok)
    _write_atomic(Path(path), text)
    store.audit.append(AuditEvent.AUDIT_EXPORTED, actor, None, format=fmt, count=len(records),
                       filter={k: v for k, v in flt.__dict__.items() if v and k in ("event", "actor", "subject", "since", "until")})
    return len(records)


def export_anchor(store: Store, out: Path, actor: str = "cli") -> ChainReport:
    """Write the head of a verified trail (record number and hash) to ``out``, atomically, and
    audit it. Refuses a trail that does not verify: an anchor vouches for the history up to it."""
    out = Path(out)
    store.refuse_own_files(out)
    report = store.audit.report()
    if not report.ok:
        raise ExportError(f"The audit trail does not verify ({report.message}); no anchor was written.",
                          remedy="Investigate with 'kiosk audit verify' and restore the last good backup.")
    made_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _write_atomic(out, anchor_json(report, made_at))
    store.audit.append(AuditEvent.AUDIT_ANCHOR_EXPORTED, actor, None, seq=report.head_seq, head_hash=report.head_hash)
    return report
