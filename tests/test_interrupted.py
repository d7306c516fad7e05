"""Changes that cannot share a transaction with their audit record (backup, restore, database key
rotation, audit key rotation): an intent before, an outcome after, and a kill in between resolved
at the next open from what is found, so the trail says exactly what happened."""

from __future__ import annotations

import json

from kiosk.app import create
from kiosk.config import Paths
from kiosk.maintenance import backup, restore, rotate_key
from kiosk.store import audit_keys, keys
from kiosk.store.db import open_store, pending_key_path
from kiosk.store.interrupted import unresolved


def events(store, *names):
    return [(r.event, r.detail) for r in store.audit.records() if r.event in names]


def reopen(paths: Paths):
    return open_store(paths)


def test_a_backup_records_its_intent_and_its_outcome(kiosk_app, tmp_path):
    backup(kiosk_app, tmp_path / "b.db", actor="t")
    found = events(kiosk_app.store, "backup", "backup_completed")
    assert [e for e, _ in found] == ["backup", "backup_completed"]
    assert found[1][1]["intent"] == list(kiosk_app.store.audit.records(event="backup"))[0].seq
    assert unresolved(kiosk_app.store) == []


def test_a_backup_killed_before_the_copy_is_recorded_as_failed(kiosk_app, tmp_path):
    target = tmp_path / "b.db"
    kiosk_app.store.audit.append("backup", "t", None, file=target.name, path=str(target))  # then SIGKILL
    assert unresolved(kiosk_app.store)
    paths = kiosk_app.paths
    kiosk_app.close()
    store = reopen(paths)
    try:
        assert events(store, "backup_failed")[-1][1]["reason"] == "interrupted" and unresolved(store) == []
    finally:
        store.close()


def test_a_backup_killed_after_the_copy_is_recorded_as_written(kiosk_app, tmp_path):
    target = tmp_path / "b.db"
    kiosk_app.store.audit.append("backup", "t", None, file=target.name, path=str(target))
    kiosk_app.store.backup_to(target)  # then SIGKILL, before the outcome
    paths = kiosk_app.paths
    kiosk_app.close()
    store = reopen(paths)
    try:
        done = events(store, "backup_completed")
        assert len(done) == 1 and done[0][1]["found_on_open"] is True and unresolved(store) == []
        assert not list(target.parent.glob("b.db-*"))  # read without writing beside it
    finally:
        store.close()


def test_a_key_rotation_killed_after_the_rekey_is_completed_and_recorded_once(kiosk_app):
    store, paths = kiosk_app.store, kiosk_app.paths
    store.audit.append("key_rotation_started", "t", None, key_source="key_file")
    new = "cd" * 32
    keys.write_key_file(pending_key_path(paths.default_key_file), new)
    store.rekey(new)  # then SIGKILL
    kiosk_app.close()
    store = reopen(paths)
    try:
        assert paths.default_key_file.read_text().strip() == new
        assert [e for e, _ in events(store, "key_rotated", "key_rotation_failed")] == ["key_rotated"]
        assert unresolved(store) == []
    finally:
        store.close()


def test_a_key_rotation_killed_before_the_rekey_is_recorded_as_not_done(kiosk_app):
    store, paths = kiosk_app.store, kiosk_app.paths
    old = paths.default_key_file.read_text()
    store.audit.append("key_rotation_started", "t", None, key_source="key_file")  # then SIGKILL
    kiosk_app.close()
    store = reopen(paths)
    try:
        assert paths.default_key_file.read_text() == old
        assert [e for e, _ in events(store, "key_rotated", "key_rotation_failed")] == ["key_rotation_failed"]
    finally:
        store.close()


def test_a_whole_rotation_is_one_intent_and_one_outcome(kiosk_app):
    rotate_key(kiosk_app, actor="t")
    assert [e for e, _ in events(kiosk_app.store, "key_rotation_started", "key_rotated")] == \
        ["key_rotation_started", "key_rotated"]
    paths = kiosk_app.paths
    kiosk_app.close()
    store = reopen(paths)
    try:
        assert len(events(store, "key_rotated")) == 1
    finally:
        store.close()


def test_two_rotations_in_one_open_store_close_cleanly(kiosk_app):
    """The kiosk rotates its key, then again without a restart: the store still checkpoints and
    closes, and the file opens with the last key only."""
    import secrets

    rotate_key(kiosk_app, actor="t")
    rotate_key(kiosk_app, actor="t")
    assert kiosk_app.store.quick_check() == "ok"
    kiosk_app.store.rekey(secrets.token_hex(32))  # the integrity check right before a re-key
    rotate_key(kiosk_app, actor="t")  # ... and the key file holds the last key again
    paths = kiosk_app.paths
    kiosk_app.store.meta.set("after", "two rotations")
    kiosk_app.close()  # the WAL checkpoint here failed with "database table is locked"
    assert not paths.db.with_name(paths.db.name + "-wal").exists() or \
        paths.db.with_name(paths.db.name + "-wal").stat().st_size == 0
    store = reopen(paths)
    try:
        assert store.meta.get("after") == "two rotations"
        assert len(events(store, "key_rotated")) == 3
    finally:
        store.close()


def test_a_restore_records_itself_in_the_restored_file(kiosk_app, tmp_path):
    b = tmp_path / "b.db"
    backup(kiosk_app, b, actor="t")
    paths = kiosk_app.paths
    kiosk_app.close()
    restore(paths, b, actor="admin")
    k = create(paths.data_dir, engine=None)
    try:
        trail = [(r.event, r.actor) for r in k.store.audit.records()][-4:]
        assert trail == [("backup", "t"), ("backup_completed", "system"), ("restore_started", "admin"),
                         ("restored", "admin")]
        assert k.store.audit.report().ok and unresolved(k.store) == []
    finally:
        k.close()


def test_an_audit_key_rotation_killed_before_its_record_is_recorded_on_open(kiosk_app):
    kiosk_app.store.audit_keys = audit_keys.rotate(kiosk_app.store.audit_keys)  # then SIGKILL
    paths = kiosk_app.paths
    kiosk_app.close()
    store = reopen(paths)
    try:
        rotated = events(store, "audit_key_rotated")
        assert len(rotated) == 1 and rotated[0][1]["interrupted"] is True and store.audit.report().ok
        assert json.loads(store.query("SELECT detail FROM audit ORDER BY seq DESC LIMIT 1")[0][0])["to_key"] == 2
    finally:
        store.close()
