"""Records for staff and the auditor: the audit trail (browse, verify, export, anchor, audit
key), the filing report, encrypted backups, restore, key rotation and what the open database is
(Qt-free). Each checks the
actor's permission."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Paths
from kiosk.domain import audit_export
from kiosk.domain.audit_export import AuditFilter, AuditRecord
from kiosk.errors import MaintenanceError
from kiosk.maintenance import (
    RestoreResult,
    RotateResult,
    backup,
    check_backup,
    current_key,
    key_from_environment,
    restore,
    rotate_key,
)
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.reports import write_filing_report
from kiosk.store.anchor_files import Anchor, anchor_line, read_anchor
from kiosk.store.chain import ChainReport

if TYPE_CHECKING:
    from kiosk.core import Kiosk


@dataclass(frozen=True)
class AuditPage:
    records: tuple[AuditRecord, ...]  # as ``AuditFilter`` asked (newest first, at most its limit)
    total: int  # every record that matches
    events: tuple[str, ...]  # the event names present, for the filter list


def audit_page(kiosk: "Kiosk", actor: Actor, flt: AuditFilter) -> AuditPage:
    authorise(actor, Action.VIEW_AUDIT)
    if flt.since:
        audit_export.parse_when(flt.since)  # a clear error for a mistyped date
    store = kiosk.store
    with store.transaction():  # one consistent view
        return AuditPage(tuple(audit_export.find(store, flt)), audit_export.count(store, flt),
                         tuple(audit_export.event_names(store)))


AuditReport = ChainReport  # frozen: which check failed, or the anchors checked and those of a replaced history


def verify_audit(kiosk: "Kiosk", actor: Actor, anchor: Anchor | None = None) -> AuditReport:
    """Check the whole chain (reads every record), every anchor the kiosk kept and, when given,
    that it still holds ``anchor``."""
    authorise(actor, Action.VIEW_AUDIT)
    return kiosk.store.audit.report(anchor)


def read_audit_anchor(path: Path) -> Anchor:
    """An anchor kept outside the kiosk: from 'kiosk audit anchor', or a filing report."""
    return read_anchor(Path(path).expanduser())


@dataclass(frozen=True)
class AuditAnchor:
    seq: int  # the record the anchor vouches for, with every record before it
    head_hash: str

    @property
    def line(self) -> str:
        """How the anchor reads in a report (``read_audit_anchor`` finds it again)."""
        return anchor_line(self.seq, self.head_hash)


def export_audit_anchor(kiosk: "Kiosk", actor: Actor, path: Path) -> AuditAnchor:
    """Write the head of the verified trail to ``path`` (refused when the trail does not verify),
    audited as ``audit_anchor_exported``."""
    authorise(actor, Action.EXPORT_AUDIT)
    with kiosk.store.transaction():  # the head it writes is the head its record follows
        report = audit_export.export_anchor(kiosk.store, Path(path).expanduser(), actor=actor.name)
    return AuditAnchor(report.head_seq, report.head_hash)


@dataclass(frozen=True)
class AuditKeyResult:
    key_id: int  # the audit key that seals every record from now on
    key_ring: Path | None  # the file holding it and every older audit key


def rotate_audit_key(kiosk: "Kiosk", actor: Actor) -> AuditKeyResult:
    """A new audit key seals the records from now on; older records keep their keys in the key
    ring. The key ring changes first and the rotation record is the first the new key seals
    (written on the next append should the process die in between)."""
    authorise(actor, Action.ROTATE_AUDIT_KEY)
    store = kiosk.store
    key_id = store.audit.rotate_key(actor.name)
    return AuditKeyResult(key_id, store.audit_keys.path if store.audit_keys else None)


def export_audit(kiosk: "Kiosk", actor: Actor, path: Path, fmt: str, flt: AuditFilter = AuditFilter()) -> int:
    """Write the matching records as ``csv`` or ``json`` (the export is itself audited)."""
    authorise(actor, Action.EXPORT_AUDIT)
    return audit_export.export(kiosk.store, Path(path).expanduser(), fmt, flt, actor=actor.name)


def export_filing_report(kiosk: "Kiosk", actor: Actor, path: Path, fmt: str | None = None) -> Path:
    authorise(actor, Action.EXPORT_REPORT)
    return write_filing_report(kiosk, Path(path).expanduser(), fmt, actor=actor.name)


def backup_database(kiosk: "Kiosk", actor: Actor, path: Path) -> Path:
    """An encrypted copy of the database (the current key opens it)."""
    authorise(actor, Action.BACKUP)
    return backup(kiosk, Path(path).expanduser(), actor=actor.name)


def check_backup_file(kiosk: "Kiosk", actor: Actor, path: Path) -> int:
    """Open a throwaway copy of a backup with the current key (checking migrates the file it
    opens); returns its record count."""
    authorise(actor, Action.BACKUP)
    source = Path(path).expanduser()
    if not source.is_file() or source.stat().st_size == 0:
        raise MaintenanceError(f"No backup file {source} (or it is empty).", remedy="Check the path.")
    hex_key, _ = current_key(kiosk.paths)
    with tempfile.TemporaryDirectory(prefix="check-", dir=kiosk.paths.data_dir) as tmp:
        copy = Path(tmp) / "backup.db"
        shutil.copyfile(source, copy)
        os.chmod(copy, 0o600)
        return check_backup(copy, hex_key, kiosk.paths)


def restore_database(paths: Paths, actor: Actor, source: Path) -> RestoreResult:
    """Replace the closed database in ``paths`` with the backup ``source`` once it is checked
    (the kiosk stopped). The restore's intent goes into the checked copy before it replaces the
    database and its outcome is written when the restored file first opens, so a kill at any
    point leaves a trail that says what happened (see ``kiosk.store.interrupted``)."""
    authorise(actor, Action.RESTORE)
    return restore(paths, Path(source).expanduser(), actor=actor.name)


def rotate_database_key(kiosk: "Kiosk", actor: Actor, *, console: bool = False) -> RotateResult:
    """A new database key. A key given in ``KIOSK_DB_KEY`` is rotated only from a ``console``
    (``kiosk rotate-key``), which shows the new key once, where it can be stored safely."""
    authorise(actor, Action.ROTATE_KEY)
    if key_from_environment(kiosk) and not console:
        raise MaintenanceError("The key comes from the KIOSK_DB_KEY environment variable.",
                               remedy="Rotate it with 'kiosk rotate-key' from a console, where the new key can be stored safely.")
    return rotate_key(kiosk, actor=actor.name)


@dataclass(frozen=True)
class DatabaseInfo:
    """Where the open database's key came from (the environment variable or the key file's
    path, never the key) and its schema version."""

    key_source: str
    schema_version: int


def database_info(kiosk: "Kiosk", actor: Actor) -> DatabaseInfo:
    authorise(actor, Action.VIEW_DASHBOARD)
    return DatabaseInfo(kiosk.store.key_source, kiosk.store.schema_version)


@dataclass(frozen=True)
class GateInfo:
    """The gate output's last failure, for the dashboard (no secret, no member)."""

    failed_at: str | None
    reason: str
    opened_since: bool


def gate_status(kiosk: "Kiosk", actor: Actor) -> GateInfo:
    authorise(actor, Action.VIEW_DASHBOARD)
    store = kiosk.store
    with store.transaction():
        failed = audit_export.find(store, AuditFilter(event="gate_failed", newest_first=True, limit=1))
        if not failed:
            return GateInfo(None, "", False)
        last = failed[0]
        opened = audit_export.find(store, AuditFilter(event="gate_opened", newest_first=True, limit=1))
    return GateInfo(last.ts, str(last.detail.get("reason", "")), bool(opened and opened[0].seq > last.seq))
