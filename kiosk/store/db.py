"""Opening, migrating, re-keying and backing up the encrypted database."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, TypeVar

import sqlcipher3

from kiosk.config import Paths
from kiosk.errors import (
    AuditSealError,
    CorruptDatabaseError,
    KeyMissingError,
    KioskError,
    ProtectedFileError,
    SchemaTooNewError,
    WrongKeyError,
)
from kiosk.files import check_target, private_output
from kiosk.store import audit_counter, counter_sync, interrupted, keys
from kiosk.store import audit_keys as audit_key_ring
from kiosk.store.audit_counter import Head
from kiosk.store.audit_keys import AuditKeys
from kiosk.store.schema import KEYED_AUDIT, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

T = TypeVar("T")


def _connect(path: Path, hex_key: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
    return conn


def _probe(conn: sqlcipher3.Connection, path: Path) -> None:
    """SQLCipher only notices a wrong key on the first read."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise WrongKeyError(
                f"Cannot open {path}: the key does not match this database (or the file is damaged).",
                remedy=f"Use the key this database was created with ({keys.ENV_VAR} or the key file); "
                "restore from backup if the file is damaged. The file was not changed.",
            ) from None
        raise CorruptDatabaseError(f"Cannot read {path}: {exc}.", remedy="Restore the database from a backup.") from None


def open_encrypted(path: Path, hex_key: str) -> sqlcipher3.Connection:
    """Connect to an encrypted file (e.g. a backup being checked) and check the key.

    Raises :class:`WrongKeyError` when the key does not open it (foreign or damaged file)."""
    conn = _connect(path, hex_key)
    _probe(conn, path)
    return conn


def pending_key_path(key_file: Path) -> Path:
    """Where ``kiosk rotate-key`` keeps the new key until the re-encryption is complete."""
    return key_file.with_name(key_file.name + ".new")


def _finish_rotation(key_file: Path, db_path: Path, error: WrongKeyError) -> tuple[sqlcipher3.Connection, str]:
    """A key rotation was interrupted after the re-encryption: the pending key opens the
    database, so complete the rotation by moving it over the key file. Returns the connection
    and the key that opened it."""
    pending = pending_key_path(key_file)
    if not pending.is_file():
        raise error
    new_key = keys.read_key_file(pending)
    conn = _connect(db_path, new_key)
    try:
        _probe(conn, db_path)
    except WrongKeyError:
        raise error from None
    os.replace(pending, key_file)
    return conn, new_key


def _explain_pending_env_key(pending: Path, db_path: Path, error: WrongKeyError) -> None:
    """``KIOSK_DB_KEY`` no longer opens the database: when ``kiosk rotate-key`` left the new
    key in ``pending``, say so (the file stays until the kiosk opened with that key)."""
    if pending.is_file():
        try:
            conn = _connect(db_path, keys.read_key_file(pending))
            _probe(conn, db_path)
            conn.close()
        except KioskError:
            raise error from None
        raise WrongKeyError(
            f"{keys.ENV_VAR} holds the key from before the last key rotation.",
            remedy=f"Set {keys.ENV_VAR} to the key in {pending}; that file is removed once the kiosk has opened with it.",
        )
    raise error


class Store:
    """The open database. All access goes through ``transaction()`` or single statements.

    The UI runs every call on one serial executor; the lock makes direct use from
    tests and the CLI safe as well.
    """

    def __init__(self, conn: sqlcipher3.Connection, paths: Paths, key_source: str,
                 audit_keys: AuditKeys | None = None, *, hex_key: str | None = None) -> None:
        self.conn = conn
        self._hex_key = hex_key  # for the backup's own read-only connection; never shown or logged
        self.paths = paths
        self.key_source = key_source
        self.audit_keys = audit_keys  # the HMAC keys of the audit trail (never stored in the database)
        self.lock = threading.RLock()
        self._depth = 0
        self.counter_mode = counter_sync.Mode.FULL
        self.counter_base: Head | None = None  # the audit head before this transaction's first record
        #: called after each outermost COMMIT, in the committing thread (the site's exchange wakes on it)
        self.commit_listeners: list[Callable[[], None]] = []
        from kiosk.store.repos import AuditLog, Consents, Members, Meta, SettingsRepo, StaffRepo, Templates

        self.members = Members(self)
        self.templates = Templates(self)
        self.consents = Consents(self)
        self.staff = StaffRepo(self)
        self.audit = AuditLog(self)
        self.settings = SettingsRepo(self)
        self.meta = Meta(self)

    @functools.cached_property
    def db(self) -> "sqlite_utils.Database":
        """sqlite-utils' view of the same connection (schema inspection, ad-hoc queries);
        imported on first use, which keeps ``import kiosk.app`` quick."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """One unit of work. The outermost level is ``BEGIN IMMEDIATE`` ... ``COMMIT``; a
        nested call (a repository inside an operation) is a SAVEPOINT that joins it, so
        everything commits together or not at all. A transaction that added audit records moves
        the audit head counter: pending before its ``COMMIT``, committed after
        (:mod:`kiosk.store.counter_sync`)."""
        with self.lock:
            depth = self._depth
            name = f"sp{depth}"
            self.conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {name}")
            self._depth = depth + 1
            try:
                yield self.conn
                if depth == 0 and self.counter_base is not None:
                    counter_sync.before_commit(self, self.counter_base)
            except BaseException:
                self._depth = depth
                if depth == 0:
                    self.counter_base = None
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self._depth = depth
                if depth > 0:
                    self.conn.execute(f"RELEASE {name}")
                    return
                counted, self.counter_base = self.counter_base is not None, None
                self.conn.execute("COMMIT")
                if counted:
                    counter_sync.settle_quietly(self)
                for listener in tuple(self.commit_listeners):
                    listener()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def version(self) -> tuple[int, int]:
        """Changes whenever the database may have changed: ``PRAGMA data_version`` moves when
        another connection (the command line, another process) commits, ``total_changes`` when
        this connection writes. Caches of table contents are keyed on it."""
        with self.lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    @property
    def schema_version(self) -> int:
        return self.query("PRAGMA user_version")[0][0]

    def pragma(self, name: str) -> object:
        return self.query(f"PRAGMA {name}")[0][0]

    def migrate(self, *, seal_by: str | None = None) -> None:
        """Apply the missing migrations. An older trail is sealed only with ``seal_by`` (the
        administrator's explicit command, :func:`kiosk.ops.seal_audit`); otherwise a database
        below :data:`KEYED_AUDIT` is refused (:meth:`silent_seal_refusal`)."""
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"The database has schema version {version}; this kiosk knows up to {SCHEMA_VERSION}.",
                remedy="Upgrade the kiosk software; the database was not changed.",
            )
        refusal = self.silent_seal_refusal(version, seal_by) if version < KEYED_AUDIT else None
        if refusal is not None:
            raise refusal
        for number in range(version, SCHEMA_VERSION):
            with self.lock:
                try:
                    self.conn.executescript("BEGIN IMMEDIATE;" + MIGRATIONS[number])  # stays open: one unit with what follows
                except sqlcipher3.Error as exc:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise CorruptDatabaseError(
                        f"{self.paths.db.name} cannot be upgraded to schema version {number + 1} ({exc}): its schema "
                        f"is not the one version {version} has.",
                        remedy="Keep the file for investigation and restore the last good backup ('kiosk restore'). "
                               "The database was not changed.") from None
                self._depth = 1
                try:
                    if number + 1 == KEYED_AUDIT:
                        self.audit.seal(seal_by or "system", version)
                    self.conn.execute(f"PRAGMA user_version = {number + 1}")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                else:
                    self.conn.execute("COMMIT")
                finally:
                    self._depth = 0
                    self.counter_base = None  # the counter starts when the sealed trail is opened

    def _tables(self) -> set[str]:
        return {r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def sealed_before(self) -> str | None:
        """What shows that this database's trail was sealed once (None: nothing does): the seal
        columns, or an audit head counter beside the audit key or in the data folder."""
        if "audit" in self._tables() and {"key_id", "mac"} & {r[1] for r in self.query("PRAGMA table_info(audit)")}:
            return "its audit table has the seal columns"
        if self.audit_keys is not None and self.audit_keys.counter is not None:
            return f"the audit key file {self.audit_keys.path.name} carries its head counter"
        if (self.paths.data_dir / audit_counter.FILE_NAME).exists():
            return f"the data folder holds its head counter ({audit_counter.FILE_NAME})"
        return None

    def silent_seal_refusal(self, version: int, seal_by: str | None) -> AuditSealError | None:
        """Why a database below :data:`KEYED_AUDIT` may not be migrated now (None: it may)."""
        if version == 0 and not self._tables():
            return None  # a new database: nothing to seal
        evidence = self.sealed_before() or ("it holds the kiosk's tables" if version == 0 else None)
        if evidence is not None:
            return AuditSealError(
                f"The schema version of {self.paths.db.name} went back to {version}, but {evidence}: "
                "its audit trail was sealed before and is never sealed again.",
                remedy="Keep the file for investigation and restore the last good backup ('kiosk restore'). "
                       "The database was not changed.")
        if seal_by is None:
            return AuditSealError(
                f"The audit trail of {self.paths.db.name} is not sealed yet (schema version {version}); "
                "the kiosk does not seal it on its own.",
                remedy="An administrator seals it once with 'kiosk audit seal --i-understand' (audited, and kept "
                       "in the audit anchor file). The database was not changed.")
        return None

    def refuse_lost_seals(self) -> None:
        """A sealed trail whose head or records carry no seal was tampered with: refused, and
        never sealed again (it would vouch for whatever was written there)."""
        if self.schema_version < KEYED_AUDIT:
            return
        try:
            head = self.query("SELECT key_id, mac FROM audit_head WHERE id = 1")
            bare = self.query("SELECT min(seq) FROM audit WHERE key_id IS NULL OR mac IS NULL")[0][0]
        except sqlcipher3.Error:
            return  # tables altered beyond reading: 'kiosk audit verify' describes it
        fix = "Keep the file for investigation and restore the last good backup ('kiosk restore'). The database was not changed."
        if head and (head[0][0] is None or head[0][1] is None):
            raise AuditSealError(f"The audit head marker of {self.paths.db.name} carries no seal: the trail was "
                                 "tampered with, and the kiosk never seals it again.", remedy=fix)
        if bare is not None:
            raise AuditSealError(f"Record {bare} of the audit trail in {self.paths.db.name} carries no seal: the trail "
                                 "was tampered with, and the kiosk never seals it again.", remedy=fix)

    def rekey(self, new_hex_key: str) -> None:
        """Re-encrypt the database with a new key (SQLCipher ``PRAGMA rekey``)."""
        with self.lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute(f"PRAGMA rekey = \"x'{new_hex_key}'\"")
            self._hex_key = new_hex_key
            self.conn.execute("PRAGMA journal_mode = WAL")

    def refuse_own_files(self, target: Path) -> None:
        """Raise :class:`ProtectedFileError` when ``target`` (an export, a report, a backup)
        would overwrite the database, its journal, the key, the audit keys, the audit head
        counter or the audit anchors, or is a link (never written through)."""
        check_target(target)
        key_file = self.paths.key_file or self.paths.default_key_file
        own = [self.paths.db, key_file, audit_ring_path(self.paths), audit_counter.path_in(self.paths.data_dir),
               self.paths.audit_anchors]
        own += [p.with_name(p.name + s) for p in own for s in ("-wal", "-shm", "-journal", ".new", ".tmp", ".part")]
        resolved = Path(os.path.realpath(target))
        if any(resolved == Path(os.path.realpath(p)) for p in own) or resolved.is_dir():
            raise ProtectedFileError(f"{target} is the kiosk's own database or key file (or a folder).",
                                     remedy="Choose another file name for the output.")

    def backup_to(self, target: Path) -> None:
        """Copy the database, still encrypted with the same key, to ``target``: private (0600)
        from its first byte, atomic, never through a link (:func:`kiosk.files.private_output`).

        The copy is read through a second, read-only connection with SQLite's online backup, as
        one snapshot of the last commit: the store's own connection and lock stay free, so a
        face check or a check-in never waits for the copy (the WAL lets them write meanwhile)."""
        self.refuse_own_files(target)
        if self._hex_key is None:
            raise KioskError(f"{self.paths.db.name} was opened without its key at hand; it cannot be backed up.",
                             remedy="Back up the kiosk's own database (kiosk backup).")
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as scratch:  # 0700
            copy = Path(scratch) / "copy.db"
            with self._reader() as source:
                dest = _connect(copy, self._hex_key)
                try:
                    source.backup(dest)
                    dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
                finally:
                    dest.close()
            with private_output(target, make_folder=False) as out, open(copy, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)

    @contextmanager
    def _reader(self) -> Iterator[sqlcipher3.Connection]:
        """A second, read-only connection to the last commit: it leaves the store's own
        connection, its lock and its prepared statements alone."""
        if self._hex_key is None:
            raise KioskError(f"{self.paths.db.name} was opened without its key at hand; it cannot be read twice.",
                             remedy="Use the kiosk's own database.")
        conn = sqlcipher3.connect(f"{self.paths.db.resolve().as_uri()}?mode=ro", uri=True,
                                  check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{self._hex_key}'\"")
            _probe(conn, self.paths.db)
            yield conn
        finally:
            conn.close()

    def read_snapshot(self, read: Callable[[sqlcipher3.Connection], T]) -> T:
        """``read`` run on a reader of the last commit, leaving the store's connection free."""
        with self._reader() as conn:
            return read(conn)

    def quick_check(self) -> str:
        """SQLite's ``quick_check`` ("ok" for a sound file), run on a connection of its own:
        run on the store's connection it would keep SQLCipher from checkpointing after a
        later re-key ("database table is locked")."""
        with self._reader() as conn:
            return str(conn.execute("PRAGMA quick_check").fetchone()[0])

    def close(self) -> None:
        """Checkpoint and close; closing twice is harmless."""
        with self.lock:
            if getattr(self, "_closed", False):
                return
            self._closed = True
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self.conn.close()


def audit_ring_path(paths: Paths) -> Path:
    """The audit key ring of this data folder: beside the key file (or where it would be)."""
    return audit_key_ring.ring_path(paths.key_file or paths.default_key_file)


def load_audit_keys(store: Store, paths: Paths, *, new: bool, seal: bool = False) -> AuditKeys:
    """Load the audit key ring. It is created only for a new database, or (``seal``) for the
    administrator's explicit sealing of an older one; a sealed trail without its keys is refused
    (its seals could not be checked, and a new key would vouch for whatever the file holds)."""
    path = audit_ring_path(paths)
    if path.exists():
        return audit_key_ring.load(path)
    version = store.schema_version
    if new or (version == 0 and not store._tables()):
        return audit_key_ring.create(path)
    if version >= KEYED_AUDIT or store.sealed_before():
        raise KeyMissingError(
            f"The audit key file {path} is missing, and the audit trail of {paths.db.name} is sealed with it.",
            remedy=f"Restore {path.name} from the backup of the key file; a new audit key is never made for a "
                   "sealed trail. The database was not changed.")
    refusal = None if seal else store.silent_seal_refusal(version, None)
    if refusal is not None:
        raise refusal  # not sealed yet: only an administrator seals it
    return audit_key_ring.create(path)


def open_store(paths: Paths, *, create: bool = False, seal_by: str | None = None) -> Store:
    """Open (and with ``create``, initialise) the encrypted database.

    Never creates, truncates or overwrites an existing file on a key problem. Refuses a trail
    that is not sealed (unless ``seal_by``, the administrator's explicit sealing), that lost its
    seals, or whose schema version went back; completes the audit head counter after a kill.
    """
    db_path = paths.db
    exists = db_path.exists() and db_path.stat().st_size > 0
    if not exists and not create:
        raise KioskError(
            f"No kiosk database in {paths.data_dir}.",
            remedy="Run 'kiosk init' (or pass --data-dir for another folder).",
        )
    if not exists and db_path.exists():
        db_path.unlink()  # an empty file holds nothing; SQLCipher refuses to key it otherwise
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(paths.data_dir, 0o700)
    hex_key, source = keys.resolve_key(
        paths.key_file or paths.default_key_file,
        explicit_key_file=paths.key_file is not None,
        db_exists=exists,
        create=create,
    )
    pending = pending_key_path(paths.key_file or paths.default_key_file)
    conn = _connect(db_path, hex_key)
    completed_rotation = False
    try:
        _probe(conn, db_path)
    except WrongKeyError as exc:
        if source == keys.ENV_VAR:
            _explain_pending_env_key(pending, db_path, exc)
        conn, hex_key = _finish_rotation(Path(source), db_path, exc)
        completed_rotation = True
    else:
        if source == keys.ENV_VAR and pending.is_file():
            completed_rotation = keys.read_key_file(pending) == hex_key  # the variable already holds the new key
            pending.unlink()  # the environment's key opens the database: the new key is proven (or unused)
    if not exists:
        os.chmod(db_path, 0o600)
    else:
        keys.tighten(db_path, "The database")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    store = Store(conn, paths, source, hex_key=hex_key)
    try:
        store.audit_keys = load_audit_keys(store, paths, new=not exists, seal=seal_by is not None)
        store.migrate(seal_by=seal_by)
        store.refuse_lost_seals()
    except KioskError:
        conn.close()
        raise
    counter_sync.start(store)
    interrupted.resolve(store, hex_key, rotated_on_open=completed_rotation)
    return store
