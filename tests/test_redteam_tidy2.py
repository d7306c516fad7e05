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
