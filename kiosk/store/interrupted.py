"""Changes that cannot share a transaction with their audit record, made consistent anyway.

A backup (a file written elsewhere), a database key rotation (``PRAGMA rekey``) and an audit
key rotation (the key ring file) change something outside one SQL transaction. Each writes
an *intent* record before the change and an *outcome* record after it. A kill in between
leaves the intent as the latest of its kind; the next open finds it and writes the outcome
from what it sees (:func:`resolve`), so the trail always says what happened, and
``kiosk audit verify`` / ``kiosk doctor`` name any intent still open (:func:`unresolved`).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from kiosk.audit_events import AuditEvent
from kiosk.errors import KioskError
from kiosk.store.anchor_files import append_kept_line, kept_anchor_line, read_kept_anchors

if TYPE_CHECKING:
    from kiosk.store.db import Store

log = logging.getLogger(__name__)

#: intent event -> (outcome on success, outcome on failure)
KINDS: dict[str, tuple[str, str]] = {
    "backup": ("backup_completed", "backup_failed"),
    "key_rotation_started": ("key_rotated", "key_rotation_failed"),
    "restore_started": ("restored", "restore_failed"),  # the intent is written into the restored file itself
}


def _latest(store: "Store", intent: str) -> tuple[int, str, dict] | None:
    """The latest intent of this kind when no outcome follows it: (number, actor, detail)."""
    done, failed = KINDS[intent]
    rows = store.query("SELECT seq, event, actor, detail FROM audit WHERE event IN (?, ?, ?) ORDER BY seq DESC LIMIT 1",
                       (intent, done, failed))
    if not rows or rows[0][1] != intent:
        return None
    detail = json.loads(rows[0][3])
    if intent == "backup" and "path" not in detail:
        return None  # written before backups recorded their outcome
    return rows[0][0], rows[0][2], detail


def complete_own_backup(store: "Store") -> None:
    """In a backup being restored: the backup's own intent (the copy was taken after it) has
    succeeded, evidently; say so before anything else is written to it."""
    found = _latest(store, "backup")
    if found is not None:
        store.audit.append(AuditEvent.BACKUP_COMPLETED, "system", None, file=found[2].get("file"), intent=found[0],
                           restored=True)


def unresolved(store: "Store") -> list[str]:
    """Intents without an outcome, as sentences (empty when the trail is consistent)."""
    out = []
    for intent in KINDS:
        found = _latest(store, intent)
        if found is not None:
            out.append(f"record {found[0]} ({intent}) has no outcome record: the operation was interrupted")
    return out


def _backup_holds(path: Path, hex_key: str, seq: int, record_hash: str) -> bool:
    """The finished backup at ``path`` holds the intent record (read-only, nothing written beside it)."""
    if not path.is_file():
        return False
    try:
        conn = sqlcipher3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None)
        try:
            conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
            row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
        finally:
            conn.close()
    except sqlcipher3.Error:
        return False
    return row is not None and row[0] == record_hash


def _keep_restore_marker(store: "Store", seq: int) -> None:
    """Before the ``restored`` record: a marker in the audit anchor file naming the restored
    trail's ``restore_started`` record (once: a kill before the outcome finds it there), so that
    verification can tell anchors of the replaced history from a rewrite."""
    path = store.paths.audit_anchors
    record_hash = store.query("SELECT hash FROM audit WHERE seq = ?", (seq,))[0][0]
    try:
        if any(a.restore and a.seq == seq and a.hash == record_hash for a in read_kept_anchors(path)):
            return
        append_kept_line(path, kept_anchor_line(datetime.now(timezone.utc).isoformat(timespec="seconds"), seq,
                                                record_hash, restore=True))
    except (OSError, KioskError) as exc:  # the restore stands; verification will name the anchors it replaced
        log.warning("no restore marker in the audit anchor file: %s", exc)


def resolve(store: "Store", hex_key: str, *, rotated_on_open: bool) -> None:
    """Write the outcome of every interrupted change (at open, before anything else is written).
    ``rotated_on_open``: the database opened only with the pending new key. A trail too damaged
    to read or write is left as it is, for ``kiosk audit verify`` to describe."""
    try:
        _resolve(store, hex_key, rotated_on_open)
    except sqlcipher3.Error as exc:
        log.warning("interrupted operations left unresolved: the audit trail cannot be read (%s)", exc)


def _resolve(store: "Store", hex_key: str, rotated_on_open: bool) -> None:
    found = _latest(store, "backup")
    if found is not None:
        seq, _, detail = found
        path = Path(detail.get("path") or "")
        record_hash = store.query("SELECT hash FROM audit WHERE seq = ?", (seq,))[0][0]
        if detail.get("path") and _backup_holds(path, hex_key, seq, record_hash):
            store.audit.append(AuditEvent.BACKUP_COMPLETED, "system", None, file=path.name, intent=seq, found_on_open=True)
        else:
            if detail.get("path"):
                path.with_name(path.name + ".part").unlink(missing_ok=True)
            store.audit.append(AuditEvent.BACKUP_FAILED, "system", None, file=detail.get("file"), intent=seq,
                               reason="interrupted")
    found = _latest(store, "key_rotation_started")
    if found is not None:
        if rotated_on_open:
            store.audit.append(AuditEvent.KEY_ROTATED, "system", None, intent=found[0], completed_on_open=True)
        else:
            store.audit.append(AuditEvent.KEY_ROTATION_FAILED, "system", None, intent=found[0], reason="interrupted")
    found = _latest(store, "restore_started")
    if found is not None:  # this database is the restored file (the intent exists nowhere else)
        seq, actor, detail = found
        _keep_restore_marker(store, seq)
        store.audit.append(AuditEvent.RESTORED, actor, None, intent=seq, file=detail.get("file"), previous=detail.get("previous"))
    ring = store.audit_keys
    head = store.query("SELECT key_id FROM audit_head WHERE id = 1")
    if ring is not None and head and head[0][0] is not None and head[0][0] < ring.current_id:
        store.audit.append(AuditEvent.AUDIT_KEY_ROTATED, "system", None, from_key=head[0][0], to_key=ring.current_id,
                           interrupted=True)
