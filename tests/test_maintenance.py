"""Encrypted backup, checked restore, atomic key rotation."""

from __future__ import annotations

import hashlib
import os
import secrets

import pytest

from kiosk.app import create
from kiosk.config import Paths
from kiosk.errors import WrongKeyError
from kiosk.maintenance import MaintenanceError, backup, restore, rotate_key
from kiosk.store import keys
from kiosk.store.db import open_store, pending_key_path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_is_encrypted_and_restores(kiosk_app, tmp_path, data_dir):
    target = tmp_path / "backup.db"
    backup(kiosk_app, target)
    assert b"SQLite format 3" not in target.read_bytes()[:100]
    assert b"Alice Adult" not in target.read_bytes()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    kiosk_app.store.members.set_active("M001", False)
    kiosk_app.close()

    result = restore(Paths(data_dir), target)
    assert result.previous is not None and result.previous.exists() and result.records > 0
    k = create(data_dir, engine=kiosk_app.engine)
    try:
        assert k.store.members.get("M001").active  # the backup's state
        assert k.store.audit.report().ok
        assert list(k.store.audit.records(event="restored"))[-1].detail["file"] == "backup.db"
    finally:
        k.close()


@pytest.mark.parametrize("kind", ["garbage", "foreign", "tampered", "plain_sqlite", "empty"])
def test_bad_backup_is_refused_and_database_untouched(kiosk_app, tmp_path, data_dir, kind):
    bad = tmp_path / "bad.db"
    if kind == "garbage":
        bad.write_bytes(secrets.token_bytes(8192))
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "plain_sqlite":
        import sqlite3

        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "foreign":
        other = create(tmp_path / "other", engine=kiosk_app.engine, init=True)
        backup(other, bad)
        other.close()
    elif kind == "tampered":
        backup(kiosk_app, bad)
        copy_dir = tmp_path / "copy"
        copy_dir.mkdir()
        (copy_dir / "kiosk.db").write_bytes(bad.read_bytes())
        store = open_store(Paths(copy_dir, data_dir / "kiosk.key"))
        with store.transaction() as c:
            c.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
        store.close()
        bad.write_bytes((copy_dir / "kiosk.db").read_bytes())
    kiosk_app.close()
    before = digest(data_dir / "kiosk.db")
    with pytest.raises(MaintenanceError):
        restore(Paths(data_dir), bad)
    assert digest(data_dir / "kiosk.db") == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["audit-head.txt", "kiosk.audit", "kiosk.db", "kiosk.key"]


def test_restore_missing_file(kiosk_app, data_dir, tmp_path):
    kiosk_app.close()
    with pytest.raises(MaintenanceError, match="No backup file"):
        restore(Paths(data_dir), tmp_path / "nope.db")


def test_rotate_key_with_key_file(kiosk_app, data_dir, monkeypatch):
    key_file = data_dir / "kiosk.key"
    old = key_file.read_text().strip()
    result = rotate_key(kiosk_app)
    new = key_file.read_text().strip()
    assert result.key_file == key_file and result.new_env_key is None
    assert new != old and len(new) == 64 and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in data_dir.iterdir() if "key" in p.name) == ["kiosk.key"]
    for p in data_dir.iterdir():  # the old key is nowhere in the data folder
        assert old.encode() not in p.read_bytes()
    assert kiosk_app.store.audit.report().ok  # the open kiosk keeps working
    kiosk_app.close()

    k = create(data_dir, engine=kiosk_app.engine)  # reopens with the new key
    assert k.store.members.count() == 4 and list(k.store.audit.records(event="key_rotated"))
    k.close()
    monkeypatch.setenv(keys.ENV_VAR, old)
    with pytest.raises(WrongKeyError):
        create(data_dir, engine=kiosk_app.engine)


def test_rotate_key_with_env_key(tmp_path, fake_engine, monkeypatch):
    old = secrets.token_hex(32)
    monkeypatch.setenv(keys.ENV_VAR, old)
    d = tmp_path / "envdata"
    k = create(d, engine=fake_engine, init=True)
    result = rotate_key(k)
    k.close()
    assert result.key_file is None and len(result.new_env_key) == 64
    pending = pending_key_path(d / "kiosk.key")  # durable until the new key is proven
    assert pending.read_text().strip() == result.new_env_key and (pending.stat().st_mode & 0o077) == 0
    with pytest.raises(WrongKeyError, match="before the last key rotation"):
        create(d, engine=fake_engine)
    monkeypatch.setenv(keys.ENV_VAR, result.new_env_key)
    create(d, engine=fake_engine).close()
    assert not any("key" in p.name for p in d.iterdir())  # proven: nothing of the key left on disk


def test_rotation_with_env_key_killed_after_the_rekey_leaves_a_key(tmp_path, fake_engine, monkeypatch):
    old = secrets.token_hex(32)
    monkeypatch.setenv(keys.ENV_VAR, old)
    d = tmp_path / "envdata"
    k = create(d, engine=fake_engine, init=True)
    new = secrets.token_hex(32)
    keys.write_key_file(pending_key_path(d / "kiosk.key"), new)  # what rotate-key writes first
    k.store.rekey(new)  # ... and the process dies here
    k.store.conn.close()
    with pytest.raises(WrongKeyError, match=str(pending_key_path(d / "kiosk.key"))):
        create(d, engine=fake_engine)
    monkeypatch.setenv(keys.ENV_VAR, new)
    create(d, engine=fake_engine).close()


def test_rotate_key_refuses_a_damaged_database(kiosk_app, data_dir, monkeypatch):
    monkeypatch.setattr(type(kiosk_app.store), "quick_check", lambda self: "*** page 7: btree damaged")
    before = (data_dir / "kiosk.db").read_bytes()
    key = (data_dir / "kiosk.key").read_text()
    with pytest.raises(MaintenanceError, match="damaged"):
        rotate_key(kiosk_app)
    assert (data_dir / "kiosk.db").read_bytes() == before and (data_dir / "kiosk.key").read_text() == key
    assert not pending_key_path(data_dir / "kiosk.key").exists()


def test_failed_rekey_keeps_old_key(kiosk_app, data_dir, monkeypatch):
    old = (data_dir / "kiosk.key").read_text()

    def broken(new_key):
        raise OSError("disk full")

    monkeypatch.setattr(kiosk_app.store, "rekey", broken)
    with pytest.raises(OSError):
        rotate_key(kiosk_app)
    assert (data_dir / "kiosk.key").read_text() == old
    assert not pending_key_path(data_dir / "kiosk.key").exists()
    kiosk_app.close()
    create(data_dir, engine=kiosk_app.engine).close()


def test_interrupted_rotation_completes_on_next_open(kiosk_app, data_dir):
    """Crash after the re-encryption but before the key file was replaced."""
    key_file = data_dir / "kiosk.key"
    new = secrets.token_hex(32)
    keys.write_key_file(pending_key_path(key_file), new)
    kiosk_app.store.rekey(new)
    kiosk_app.close()
    k = create(data_dir, engine=kiosk_app.engine)
    k.close()
    assert key_file.read_text().strip() == new and not pending_key_path(key_file).exists()


def test_backup_refuses_to_overwrite_database(kiosk_app, data_dir):
    with pytest.raises(MaintenanceError):
        backup(kiosk_app, data_dir / "kiosk.db")
    with pytest.raises(MaintenanceError, match="No folder"):
        backup(kiosk_app, data_dir / "nope" / "b.db")
    assert os.path.getsize(data_dir / "kiosk.db") > 0
