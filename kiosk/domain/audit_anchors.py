"""Audit anchors kept by the running kiosk itself, on a schedule (setting ``audit_anchor_hours``,
default every 24 hours, 0 = off).

Someone holding both the database key and the audit key could rewrite the whole trail and
seal it again. What they cannot do is change what the kiosk wrote down earlier: the head of
the verified trail (record number and hash), one line per anchor appended to
``audit-anchors.txt`` in the data folder and flushed to disk. ``kiosk audit verify`` checks the
chain against every line of it and names the first anchor that no longer matches. The file is
only ever appended to; copy it off the kiosk now and then (and keep exported anchors,
``kiosk audit anchor --out``) against someone who can also edit files.

A restore of an older backup replaces the history after the backup's last record. When the
restored database first opens, a *restore marker* line is appended before the ``restored``
record: the anchor of the restored trail's own ``restore_started`` record. Verification then
reports anchors kept before the marker that name later records as belonging to the history
the restore replaced (named with its time), and checks every other anchor, the marker
included, as before (:func:`kiosk.store.chain.verify_chain`).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.audit_events import AuditEvent
from kiosk.errors import ExportError
from kiosk.store.anchor_files import Anchor, append_kept_line, kept_anchor_line, read_kept_anchors, sealing_line
from kiosk.store.chain import SEALED, ChainReport
from kiosk.store.db import Store
from kiosk.store.schema import KEYED_AUDIT

#: how early an anchor still counts as due: the schedule's checks drift by milliseconds, and an
#: anchor found "due in a second" must not wait a whole check interval
DUE_SLACK = timedelta(minutes=5)


def last_anchor_at(path: Path) -> datetime | None:
    kept = [a for a in read_kept_anchors(path) if not a.restore]  # a restore's marker is no scheduled anchor
    return datetime.fromisoformat(kept[-1].made_at) if kept else None


def anchor_due(path: Path, hours: int, now: datetime) -> bool:
    """True when anchors are on (``hours`` > 0) and the last one is at least ``hours`` old."""
    if hours <= 0:
        return False
    last = last_anchor_at(path)
    return last is None or now - last >= timedelta(hours=hours) - DUE_SLACK


def append_anchor(store: Store, path: Path, now: datetime, actor: str = "system") -> ChainReport:
    """Verify the trail (against the anchors kept so far too) and append its head to ``path``,
    flushed to disk; audited as ``audit_anchor_written``. Refuses a trail that does not verify:
    an anchor vouches for the history up to it. Call it inside the caller's transaction, so
    that no record is added between the check and the line."""
    report = store.audit.report()
    if not report.ok:
        raise ExportError(f"The audit trail does not verify ({report.message}); no anchor was written.",
                          remedy="Run 'kiosk audit verify' and restore a backup if the trail was damaged.")
    append_kept_line(path, kept_anchor_line(now.isoformat(timespec="seconds"), report.head_seq, report.head_hash))
    store.audit.append(AuditEvent.AUDIT_ANCHOR_WRITTEN, actor, None, seq=report.head_seq, head_hash=report.head_hash,
                       file=path.name)
    return report


def keep_sealing_marker(store: Store, path: Path, now: datetime) -> tuple[Anchor, bool] | None:
    """The sealing marker of the trail's ``audit_sealed`` record, appended to ``path`` unless it
    is there already (a kill between the sealing's commit and this line: the next run writes
    it); with whether it was written now. None when the trail records no sealing."""
    rows = store.query("SELECT seq, hash, actor, detail FROM audit WHERE event = ? ORDER BY seq DESC LIMIT 1", (SEALED,))
    if not rows:
        return None
    seq, record_hash, actor, detail = rows[0]
    kept = [a for a in read_kept_anchors(path) if a.sealed and (a.seq, a.hash) == (seq, record_hash)]
    if kept:
        return kept[0], False
    info = json.loads(detail)
    made_at = now.isoformat(timespec="seconds")
    append_kept_line(path, sealing_line(made_at, seq, record_hash, int(info.get("records", 0)),
                                        int(info.get("from_schema", KEYED_AUDIT - 1)), actor))
    return Anchor(seq, record_hash, made_at, path.name, sealed=True), True
