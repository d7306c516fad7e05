"""Maintenance: retention purge (and its schedule), encrypted backup and restore, key rotation.

The UI calls :func:`purge_if_due` at start-up and then, say, hourly: it purges at most
once a day. :func:`restore` works on the closed database (it replaces the file), so
close the open :class:`~kiosk.core.Kiosk` first and create it again afterwards.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.audit_events import AuditEvent
from kiosk.config import Paths
from kiosk.errors import KeyMissingError, KioskError, MaintenanceError, ProtectedFileError
from kiosk.files import private_output
from kiosk.policy.retention import purge_expired, template_expiry
from kiosk.store import counter_sync, interrupted, keys
from kiosk.store.db import Store, load_audit_keys, open_encrypted, pending_key_path
from kiosk.store.schema import SCHEMA_VERSION

PURGE_INTERVAL = timedelta(days=1)
_LAST_PURGE = "last_purge"


# -- retention ------------------------------------------------------------------
def refresh_expiries(store: Store, settings, now: datetime) -> int:
    """Bring stored expiries forward when the pass was shortened or retention reduced
    since the template was stored. Never extends one (the notice promised that date)."""
    n = 0
    for info in store.templates.all_info():
        member = store.members.get(info.member_no)
        if member is None:
            continue
        current = template_expiry(member.valid_until, datetime.fromisoformat(info.last_used), settings)
        if current < info.expires:
            store.templates.touch(info.member_no, info.last_used, current)
            n += 1
    return n


def purge(kiosk, now: datetime | None = None, actor: str = "system") -> int:
    """Delete every expired template now (audited with its count); returns the count."""
    now = now or datetime.now(timezone.utc)
    with kiosk.store.transaction():  # one unit of work: expiries, deletion, audit record, schedule
        refresh_expiries(kiosk.store, kiosk.settings, now)
        count = purge_expired(kiosk.store, now, actor)
        kiosk.store.meta.set(_LAST_PURGE, now.isoformat(timespec="seconds"))
    return count


def last_purge(store: Store) -> datetime | None:
    text = store.meta.get(_LAST_PURGE)
    return datetime.fromisoformat(text) if text else None


def next_purge_at(store: Store, now: datetime | None = None) -> datetime:
    last = last_purge(store)
    return (last + PURGE_INTERVAL) if last else (now or datetime.now(timezone.utc))


def purge_if_due(kiosk, now: datetime | None = None, actor: str = "system") -> int | None:
    """Purge when no purge ran in the last day; returns the count, or None when not due."""
    now = now or datetime.now(timezone.utc)
    with kiosk.store.transaction():
        if next_purge_at(kiosk.store, now) > now:
            return None
        return purge(kiosk, now, actor=actor)


# -- backup and restore ----------------------------------------------------------
def backup(kiosk, target: Path, actor: str = "cli") -> Path:
    """Copy the database, still encrypted with the current key, to ``target``."""
    target = Path(target)
    try:
        kiosk.store.refuse_own_files(target)
    except ProtectedFileError as exc:
        raise MaintenanceError(exc.message, remedy=exc.remedy) from None
    if not target.parent.is_dir():
        raise MaintenanceError(f"No folder {target.parent}.", remedy="Create it or choose another place.")
    store = kiosk.store
    # the intent, committed first so that the copy holds it; its outcome follows the copy (a kill
    # in between is resolved when the database is next opened: see kiosk.store.interrupted)
    intent = store.audit.append(AuditEvent.BACKUP, actor, None, file=target.name, path=str(target.resolve()))
    try:
        store.backup_to(target)
    except OSError as exc:
        store.audit.append(AuditEvent.BACKUP_FAILED, actor, None, file=target.name, intent=intent, reason=exc.strerror or "error")
        raise MaintenanceError(f"Cannot write the backup {target}: {exc.strerror}.",
                               remedy="Check the place and free space.") from None
    store.audit.append(AuditEvent.BACKUP_COMPLETED, actor, None, file=target.name, intent=intent)
    return target


def current_key(paths: Paths) -> tuple[str, str]:
    """The key the database in ``paths`` is opened with: ``(hex_key, source)``."""
    return keys.resolve_key(paths.key_file or paths.default_key_file, explicit_key_file=paths.key_file is not None,
                            db_exists=True, create=False)


def check_backup(path: Path, hex_key: str, paths: Paths) -> int:
    """Open ``path`` with ``hex_key``, upgrade its schema, verify its audit chain with the audit
    keys of the kiosk in ``paths``. Returns its record count."""
    try:
        conn = open_encrypted(path, hex_key)
    except KioskError as exc:
        raise MaintenanceError(f"{path.name} is not a backup of this kiosk: {exc.message}",
                               remedy="Choose a backup made by this kiosk since its last key rotation "
                                      "(or use the key it was made with).") from None
    store = Store(conn, Paths(path.parent), "backup", hex_key=hex_key)
    store.counter_mode = counter_sync.Mode.OFF  # a copy being checked: the kiosk's counter is not its own
    try:
        store.audit_keys = load_audit_keys(store, paths, new=False)
        if store.schema_version == 0:
            raise MaintenanceError(f"{path.name} is not a kiosk database.", remedy="Use a file made by 'kiosk backup'.")
        if store.schema_version > SCHEMA_VERSION:
            raise MaintenanceError("The backup comes from a newer kiosk version.", remedy="Upgrade the kiosk software first.")
        if store.pragma("quick_check") != "ok":
            raise MaintenanceError(f"{path.name} is damaged.", remedy="Use another backup.")
        store.migrate()
        report = store.audit.report(kept=False)  # an older backup ends before later anchors
        if not report.ok:
            raise MaintenanceError(f"The backup's audit trail does not verify: {report.message}.", remedy="Use another backup.")
        return report.records
    except (MaintenanceError, KeyMissingError):
        raise
    except Exception as exc:  # noqa: BLE001 - sqlcipher3.DatabaseError and friends: any unreadable file
        raise MaintenanceError(f"{path.name} is not a usable kiosk database ({exc}).", remedy="Use another backup.") from None
    finally:
        store.close()


def _quiesce(db: Path, hex_key: str) -> None:
    """Fold any write-ahead log into the current database; refuse while a kiosk has it open."""
    if db.exists():
        try:
            conn = open_encrypted(db, hex_key)
        except KioskError:
            pass  # damaged or unreadable: exactly when a restore is needed; it is kept as .bak
        else:
            try:
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                conn.close()
            if busy:
                raise MaintenanceError("The database is in use (a kiosk is running).", remedy="Stop the kiosk, then restore.")
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise MaintenanceError("The database is in use (a kiosk is running).", remedy="Stop the kiosk, then restore.")


@dataclass(frozen=True)
class RestoreResult:
    records: int
    previous: Path | None  # where the replaced database was kept


def restore(paths: Paths, source: Path, *, actor: str = "cli", now: datetime | None = None) -> RestoreResult:
    """Replace the (closed) database with the backup ``source`` after checking it.

    The backup must open with the current key and its audit chain must verify; the
    current database is kept as ``kiosk.db.bak-<timestamp>``. On any refusal the
    current database is not touched."""
    source = Path(source)
    if not source.is_file() or source.stat().st_size == 0:
        raise MaintenanceError(f"No backup file {source} (or it is empty).", remedy="Check the path.")
    db = paths.db
    hex_key, _ = current_key(paths)
    _quiesce(db, hex_key)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    candidate = db.with_name(f"{db.name}.restore-{stamp}")
    try:
        with private_output(candidate, make_folder=False) as out, open(source, "rb") as src:  # 0600, never via a link
            shutil.copyfileobj(src, out, 1 << 20)
        records = check_backup(candidate, hex_key, paths)
        previous = db.with_name(f"{db.name}.bak-{stamp}") if db.exists() else None
        _note_restore(candidate, hex_key, paths, actor, source.name, previous)
        _fsync(candidate)
        if previous is not None:
            try:
                os.link(db, previous)  # the old file stays reachable under its new name
            except OSError:
                shutil.copy2(db, previous)
        for suffix in ("-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
        os.replace(candidate, db)
        keys.fsync_dir(db.parent)
    finally:
        for p in (candidate, *(candidate.with_name(candidate.name + s) for s in ("-wal", "-shm"))):
            p.unlink(missing_ok=True)
    from kiosk.store.db import open_store

    open_store(paths).close()  # opening writes the outcome of the intent the restored file holds: "restored"
    return RestoreResult(records, previous)


def _note_restore(candidate: Path, hex_key: str, paths: Paths, actor: str, file: str, previous: Path | None) -> None:
    """Write the restore's intent into the checked copy before it replaces the database: so the
    restored database holds it whatever happens next, and its first open records the outcome."""
    store = Store(open_encrypted(candidate, hex_key), Paths(candidate.parent), "backup", hex_key=hex_key)
    store.counter_mode = counter_sync.Mode.PENDING  # the live database's head stays the counted one until this replaces it
    try:
        store.audit_keys = load_audit_keys(store, paths, new=False)
        interrupted.complete_own_backup(store)
        store.audit.append(AuditEvent.RESTORE_STARTED, actor, None, file=file, previous=previous.name if previous else None)
    finally:
        store.close()


# -- key rotation ------------------------------------------------------------------
@dataclass(frozen=True)
class RotateResult:
    key_file: Path | None  # the key file now holding the new key, or None with KIOSK_DB_KEY
    new_env_key: str | None  # only with KIOSK_DB_KEY: show it once; the variable must be updated


def key_from_environment(kiosk) -> bool:
    """True when the database key comes from ``KIOSK_DB_KEY`` rather than a key file."""
    return kiosk.store.key_source == keys.ENV_VAR


def rotate_key(kiosk, actor: str = "cli") -> RotateResult:
    """Re-encrypt the database with a fresh random key.

    With a key file: the new key goes to ``<key>.new`` (fsynced), the database is
    re-keyed, then ``<key>.new`` replaces the key file. If the process dies between
    the two, the next open finds the pending key and completes the rotation; if the
    re-key fails, the old key keeps working and the pending file is removed.

    With ``KIOSK_DB_KEY`` the new key is written to ``<key>.new`` as well before the
    re-key, so a kill at any point leaves a key that opens the database; the file is
    removed when the kiosk first opens with the new key in the environment. A damaged
    database is refused before anything is rewritten."""
    store, paths = kiosk.store, kiosk.paths
    if store.quick_check() != "ok":
        raise MaintenanceError("The database is damaged; a key rotation would rewrite it.",
                               remedy="Restore a backup first (kiosk restore), then rotate the key. The file was not changed.")
    new_key = secrets.token_hex(32)
    env = store.key_source == keys.ENV_VAR
    source = "environment" if env else "key_file"
    key_file = paths.key_file or paths.default_key_file
    pending = pending_key_path(key_file)
    intent = store.audit.append(AuditEvent.KEY_ROTATION_STARTED, actor, None, key_source=source)  # outcome below or on open
    keys.write_key_file(pending, new_key)  # durable before the re-key, whatever holds the current key
    keys.fsync_dir(pending.parent)
    try:
        store.rekey(new_key)
    except BaseException as exc:
        pending.unlink(missing_ok=True)  # the old key still opens the database
        store.audit.append(AuditEvent.KEY_ROTATION_FAILED, actor, None, intent=intent, reason=type(exc).__name__)
        raise
    # from here on the database needs the new key: never remove the pending key file
    open_encrypted(paths.db, new_key).close()  # the file really opens with the new key
    _fsync(paths.db)
    store.audit.append(AuditEvent.KEY_ROTATED, actor, None, intent=intent, key_source=source)
    if env:
        return RotateResult(None, new_key)  # <key>.new stays until KIOSK_DB_KEY holds the new key
    os.replace(pending, key_file)
    keys.fsync_dir(key_file.parent)
    return RotateResult(key_file, None)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
