"""Red-team tests: a backup never holds the visitor's connection or the store's lock.

The copy is read through its own read-only connection with SQLite's online backup, so a face
check that needs the store (its lock, its connection) runs while a backup is being written.
"""

from __future__ import annotations

import stat
import threading
from concurrent.futures import ThreadPoolExecutor

from kiosk.maintenance import current_key
from kiosk.store.db import open_encrypted


def test_a_backup_completes_while_the_store_lock_is_held_and_copies_the_last_commit(kiosk_app, tmp_path):
    """Another thread holds the store's lock inside an open write transaction for the whole
    backup. The backup still completes (it never takes the lock), and the copy is one snapshot
    of the last commit: it holds the committed members and not the uncommitted change."""
    store = kiosk_app.store
    holding, release = threading.Event(), threading.Event()

    def hold_the_store() -> None:
        with store.transaction() as conn:
            conn.execute("UPDATE members SET display_name = 'Uncommitted' WHERE member_no = 'M001'")
            holding.set()
            release.wait(120)
            raise RuntimeError("roll back")

    target = tmp_path / "out" / "backup.db"
    target.parent.mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        held = pool.submit(hold_the_store)
        assert holding.wait(60)
        try:
            copied = pool.submit(store.backup_to, target)
            copied.result(60)  # would time out if the copy waited for the lock
        finally:
            release.set()
        assert isinstance(held.exception(60), RuntimeError)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["backup.db"]  # no scratch copy left behind
    hex_key, _ = current_key(store.paths)
    conn = open_encrypted(target, hex_key)
    try:
        names = dict(conn.execute("SELECT member_no, display_name FROM members").fetchall())
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert sorted(names) == ["M001", "M002", "M003", "M004"]
    assert names["M001"] != "Uncommitted"
    assert store.members.get("M001").display_name == names["M001"]  # the rollback left the store as copied


def _opens_with(path, hex_key) -> int:
    conn = open_encrypted(path, hex_key)
    try:
        return conn.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_after_a_key_rotation_uses_the_new_key(kiosk_app, data_dir, tmp_path):
    """The backup's own connection follows the key after a rotation in the running kiosk."""
    from kiosk.maintenance import backup, rotate_key

    rotate_key(kiosk_app)
    backup(kiosk_app, tmp_path / "after-rotation.db")
    assert _opens_with(tmp_path / "after-rotation.db", (data_dir / "kiosk.key").read_text().strip()) == 4


def test_a_backup_after_a_rotation_completed_on_open_uses_the_new_key(kiosk_app, data_dir, tmp_path):
    """A rotation killed after the re-encryption, before the key file moved, is completed when
    the database is next opened; a backup made then opens with the new key."""
    import secrets

    from kiosk.app import create
    from kiosk.maintenance import backup
    from kiosk.store import keys
    from kiosk.store.db import pending_key_path

    new = secrets.token_hex(32)
    keys.write_key_file(pending_key_path(data_dir / "kiosk.key"), new)
    kiosk_app.store.rekey(new)
    kiosk_app.close()
    k = create(data_dir, engine=kiosk_app.engine)
    try:
        backup(k, tmp_path / "after-completion.db")
    finally:
        k.close()
    assert _opens_with(tmp_path / "after-completion.db", new) == 4
