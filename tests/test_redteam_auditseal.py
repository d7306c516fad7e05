"""Red team: the sealed audit trail against someone holding the database key, the audit key, or
both. One test per line of the README's list ("The audit trail: who can do what"). Real data
folders, the attacker's own SQLCipher connection with the key, and the real `kiosk` command in a
child process for every verdict."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk import ops
from kiosk.store import audit_counter, audit_keys, counter_sync
from kiosk.store.chain import GENESIS, head_parts, record_hash
from kiosk.store.db import _connect
from tests.test_audit_keyed import older_database

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


def kiosk(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *map(str, args)], capture_output=True, text=True, timeout=180)


def verify(data_dir: Path) -> subprocess.CompletedProcess:
    out = kiosk("audit", "verify", "--data-dir", data_dir)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def refused(out: subprocess.CompletedProcess, *words: str) -> None:
    """One line on stderr, a non-zero exit, and the words that say why."""
    assert out.returncode == 2 and "Traceback" not in out.stderr, (out.returncode, out.stderr)
    line = out.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith("kiosk: error: "), line
    for w in words:
        assert w in line, line


def failed(out: subprocess.CompletedProcess, check: str, *words: str) -> None:
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert f"{check} check failed" in out.stderr, out.stderr
    for w in words:
        assert w in out.stderr, out.stderr


def events(k, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        k.store.audit.append("test_event", "tester", f"S{i}", n=i)


@pytest.fixture
def kiosk_dir(kiosk_app) -> Path:
    """A kiosk with some history, an anchor kept at record ~14 and more records after it."""
    events(kiosk_app, 6)
    ops.anchor_audit(kiosk_app, ops.Actor.system(), T0)
    events(kiosk_app, 6, start=6)
    d = kiosk_app.paths.data_dir
    kiosk_app.close()
    return d


class Attacker:
    """Someone holding the database key (read from the key file, as a leaked copy would be),
    working on the file with SQLCipher directly; with ``ring`` also the audit key."""

    def __init__(self, data_dir: Path, ring: audit_keys.AuditKeys | None = None) -> None:
        self.data_dir = data_dir
        self.conn = _connect(data_dir / "kiosk.db", (data_dir / "kiosk.key").read_text().strip())
        self.ring = ring

    def sql(self, statement: str, params: tuple = ()) -> list[tuple]:
        return self.conn.execute(statement, params).fetchall()

    def rewrite(self, seq: int) -> None:
        self.sql("UPDATE audit SET detail = ? WHERE seq = ?", ('{"n":"rewritten"}', seq))

    def rechain(self, *, columns: bool = True) -> tuple[int, str]:
        """Every plain hash and the head recomputed (with the audit key: the seals too)."""
        rows = self.sql("SELECT seq, ts, event, actor, subject, detail FROM audit ORDER BY seq")
        prev = GENESIS
        for seq, *rest in rows:
            h = record_hash(prev, seq, *rest)
            self.sql("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
            if self.ring is not None and columns:
                self.sql("UPDATE audit SET key_id = ?, mac = ? WHERE seq = ?",
                         (self.ring.current_id, self.ring.mac(self.ring.current_id, h), seq))
            prev = h
        n, last = len(rows), rows[-1][0]
        self.sql("UPDATE audit_head SET count = ?, last_seq = ?, last_hash = ?", (n, last, prev))
        if self.ring is not None and columns:
            self.sql("UPDATE audit_head SET key_id = ?, mac = ?",
                     (self.ring.current_id, self.ring.mac(self.ring.current_id, *head_parts(n, last, prev))))
        return last, prev

    def recount(self, head: tuple[int, str], *, ring_file: bool = True, head_file: bool = True) -> None:
        """The audit key and write access to its file / the data folder: the counter rewritten."""
        assert self.ring is not None
        counter = audit_counter.seal(self.ring, head)
        if ring_file:
            audit_keys.write_counter(self.ring.path, counter)
        if head_file:
            audit_counter.write_file(audit_counter.path_in(self.data_dir), counter)

    def close(self) -> None:
        self.conn.close()


def ring_of(data_dir: Path) -> audit_keys.AuditKeys:
    return audit_keys.load(data_dir / "kiosk.audit")


# -- the database key alone -------------------------------------------------------------
@pytest.mark.parametrize("ring_file", ["kept", "deleted"])
def test_db_key_rewrite_and_schema_version_set_back_is_refused_not_resealed(kiosk_dir, ring_file):
    """History rewritten, the seal columns dropped, the schema version set back to the one before
    sealing: the kiosk refuses to open it (no upgrade, no new audit key), and verify and doctor
    say so in one line."""
    a = Attacker(kiosk_dir)
    a.rewrite(3)
    for table in ("audit", "audit_head"):
        for column in ("mac", "key_id"):
            a.sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    a.rechain()
    a.sql("PRAGMA user_version = 4")
    a.close()
    ring = kiosk_dir / "kiosk.audit"
    if ring_file == "deleted":
        ring.unlink()
    out = verify(kiosk_dir)
    if ring_file == "kept":
        refused(out, "went back to 4", "never sealed again")
    else:
        refused(out, "kiosk.audit", "is missing", "Restore kiosk.audit from the backup")
        assert not ring.exists()  # no new audit key was made
    doctor = kiosk("doctor", "--data-dir", kiosk_dir, "--camera", kiosk_dir / "no-camera.mp4")
    assert doctor.returncode == 1 and "[FAIL] database:" in doctor.stdout and "Traceback" not in doctor.stderr
    assert "Audit trail intact" not in doctor.stdout + out.stdout
    # the administrator's explicit sealing refuses too
    refused(kiosk("audit", "seal", "--i-understand", "--data-dir", kiosk_dir))
    check = Attacker(kiosk_dir)
    assert check.sql("PRAGMA user_version") == [(4,)]  # the database was not changed
    check.close()


def test_db_key_rollback_with_every_trace_of_sealing_removed_is_still_not_sealed(kiosk_dir):
    """The same, and the audit key file and the data folder's counter deleted too: the database
    now looks like one from before sealing. It is still refused; the administrator's sealing
    checks the plain chain against the anchors the kiosk kept, and refuses to vouch for it."""
    a = Attacker(kiosk_dir)
    a.rewrite(3)
    for table in ("audit", "audit_head"):
        for column in ("mac", "key_id"):
            a.sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    a.rechain()
    a.sql("PRAGMA user_version = 4")
    a.close()
    (kiosk_dir / "kiosk.audit").unlink()
    (kiosk_dir / "audit-head.txt").unlink()
    refused(verify(kiosk_dir), "not sealed yet", "kiosk audit seal --i-understand")
    refused(kiosk("audit", "seal", "--data-dir", kiosk_dir), "--i-understand")
    out = kiosk("audit", "seal", "--i-understand", "--data-dir", kiosk_dir)
    refused(out, "does not verify", "anchor on line 1 of audit-anchors.txt")
    assert not (kiosk_dir / "kiosk.audit").exists() or "head" not in (kiosk_dir / "kiosk.audit").read_text()
    check = Attacker(kiosk_dir)
    assert check.sql("PRAGMA user_version") == [(4,)]
    check.close()


def test_db_key_stripped_seals_are_refused(kiosk_dir):
    a = Attacker(kiosk_dir)
    a.rewrite(5)
    a.sql("UPDATE audit SET key_id = NULL, mac = NULL")
    a.sql("UPDATE audit_head SET key_id = NULL, mac = NULL")
    a.rechain()
    a.close()
    refused(verify(kiosk_dir), "carries no seal", "never seals it again")
    refused(kiosk("audit", "seal", "--i-understand", "--data-dir", kiosk_dir), "carries no seal")
    window = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(kiosk_dir), "--smoke"],
                            capture_output=True, text=True, timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    # the full-screen kiosk does not start, as with a wrong key: its log line, then the one error line
    assert window.returncode == 2 and "Traceback" not in window.stderr, window.stderr
    assert [x for x in window.stderr.splitlines() if " INFO " not in x] == [window.stderr.strip().splitlines()[-1]]
    assert window.stderr.strip().splitlines()[-1].startswith("kiosk: error: The audit head marker")


def test_db_key_rewrite_is_caught_by_the_seals(kiosk_dir):
    a = Attacker(kiosk_dir)
    a.rewrite(16)
    a.rechain()
    a.close()
    failed(verify(kiosk_dir), "HMAC", "record 16 does not match its HMAC seal")


def test_db_key_truncated_tail_is_caught(kiosk_dir):
    a = Attacker(kiosk_dir)
    last = a.sql("SELECT max(seq) FROM audit")[0][0]
    a.sql("DELETE FROM audit WHERE seq > ?", (last - 2,))
    a.close()
    failed(verify(kiosk_dir), "head", f"the last record(s) {last - 1}-{last} were removed")


def test_db_key_an_older_copy_of_the_database_put_back_is_caught(kiosk_dir, fake_engine, tmp_path):
    """Every seal in an older copy is genuine: only the counter knows the trail went on."""
    from kiosk.app import create

    shutil.copyfile(kiosk_dir / "kiosk.db", tmp_path / "old.db")
    k = create(kiosk_dir, engine=fake_engine)
    events(k, 3, start=100)
    k.close()
    shutil.copyfile(tmp_path / "old.db", kiosk_dir / "kiosk.db")
    failed(verify(kiosk_dir), "counter", "records after", "were removed", "kiosk.audit")


def test_db_key_missing_audit_key_file_is_refused_and_restored_from_backup(kiosk_dir, tmp_path, fake_engine):
    """Refused, never replaced by a new key; the copy from the backup (its counter older than the
    trail) is brought up to the data folder's counter, audited."""
    from kiosk.app import create

    ring = kiosk_dir / "kiosk.audit"
    shutil.copyfile(ring, tmp_path / "kiosk.audit.backup")
    k = create(kiosk_dir, engine=fake_engine)
    events(k, 3, start=100)
    k.close()
    ring.unlink()
    refused(verify(kiosk_dir), "kiosk.audit", "is missing", "Restore kiosk.audit from the backup")
    refused(kiosk("audit", "seal", "--i-understand", "--data-dir", kiosk_dir), "is missing")
    assert not ring.exists()
    shutil.copyfile(tmp_path / "kiosk.audit.backup", ring)
    ring.chmod(0o600)
    out = verify(kiosk_dir)
    assert out.returncode == 0 and "Audit trail intact" in out.stdout, out.stderr
    export = tmp_path / "audit.json"
    assert kiosk("audit", "export", "--format", "json", "--out", export, "--data-dir", kiosk_dir).returncode == 0
    [caught_up] = [r for r in json.loads(export.read_text())["records"] if r["event"] == "audit_counter_restored"]
    assert json.loads(caught_up["detail"])["file"] == "kiosk.audit"


# -- the audit key alone ----------------------------------------------------------------
def test_audit_key_alone_neither_opens_the_database_nor_moves_the_counter_alone(kiosk_dir, fake_engine, tmp_path):
    """The audit key is no database key; with it, a forged counter in the data folder that vouches
    for an older copy of the database is caught by the counter in the audit key file."""
    from kiosk.app import create

    ring = ring_of(kiosk_dir)
    with pytest.raises(Exception, match="not a database|encrypted|file is"):
        conn = _connect(kiosk_dir / "kiosk.db", ring.keys[1].hex())
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    shutil.copyfile(kiosk_dir / "kiosk.db", tmp_path / "old.db")
    old_head = audit_counter.read_file(kiosk_dir / "audit-head.txt").committed  # a copy of the file, taken then
    k = create(kiosk_dir, engine=fake_engine)
    events(k, 3, start=100)
    k.close()
    shutil.copyfile(tmp_path / "old.db", kiosk_dir / "kiosk.db")
    audit_counter.write_file(kiosk_dir / "audit-head.txt", audit_counter.seal(ring, old_head))
    failed(verify(kiosk_dir), "counter", "audit key file kiosk.audit")


# -- both keys --------------------------------------------------------------------------
def test_both_keys_rewrite_after_the_newest_anchor_is_caught_by_the_counter(kiosk_dir):
    """Both keys, the database file only: every seal is recomputed, but the counter outside the
    database still names the original head."""
    a = Attacker(kiosk_dir, ring_of(kiosk_dir))
    last = a.sql("SELECT max(seq) FROM audit")[0][0]
    a.rewrite(last - 1)
    a.rechain()
    a.close()
    failed(verify(kiosk_dir), "counter", f"record {last} does not have the hash")


def test_both_keys_and_the_key_file_are_caught_by_the_data_folder_counter(kiosk_dir):
    a = Attacker(kiosk_dir, ring_of(kiosk_dir))
    last = a.sql("SELECT max(seq) FROM audit")[0][0]
    a.rewrite(last - 1)
    a.recount(a.rechain(), head_file=False)
    a.close()
    failed(verify(kiosk_dir), "counter", "audit-head.txt in the data folder")


def test_both_keys_and_every_file_one_record_appended_is_caught(kiosk_dir):
    """Records added after the head with both keys (sealed, hashed, head moved) are more than the
    counter names: the slack for a crash is only a transaction the counter names as pending."""
    a = Attacker(kiosk_dir, ring_of(kiosk_dir))
    last, prev = a.sql("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]
    ts = "2026-12-01T00:00:00+00:00"
    h = record_hash(prev, last + 1, ts, "forged", "x", None, "{}")
    a.sql("INSERT INTO audit (seq, ts, event, actor, subject, detail, prev_hash, hash, key_id, mac) "
          "VALUES (?, ?, 'forged', 'x', NULL, '{}', ?, ?, 1, ?)", (last + 1, ts, prev, h, a.ring.mac(1, h)))
    a.rechain()
    a.close()
    failed(verify(kiosk_dir), "counter", f"goes on to record {last + 1}", f"names record {last}")


def test_both_keys_and_every_file_rewrite_before_a_kept_anchor_is_caught(kiosk_dir):
    a = Attacker(kiosk_dir, ring_of(kiosk_dir))
    a.rewrite(3)
    a.recount(a.rechain())
    a.close()
    failed(verify(kiosk_dir), "anchor", "line 1 of audit-anchors.txt", "was rewritten")


def test_both_keys_and_every_file_rewrite_after_the_newest_anchor_only_an_anchor_kept_elsewhere_catches(
        kiosk_dir, tmp_path):
    """What cannot be caught on the kiosk: with both keys and write access to the key file's
    folder and the data folder, records after the newest kept anchor can be rewritten and every
    check on the kiosk passes. An anchor exported later and kept elsewhere still catches it."""
    exported = tmp_path / "anchor.json"
    assert kiosk("audit", "anchor", "--out", exported, "--data-dir", kiosk_dir).returncode == 0
    a = Attacker(kiosk_dir, ring_of(kiosk_dir))
    newest = ops.read_audit_anchor(exported).seq
    a.rewrite(newest - 1)
    a.recount(a.rechain())
    a.close()
    out = verify(kiosk_dir)
    assert out.returncode == 0 and "Audit trail intact" in out.stdout  # the documented limit
    failed(kiosk("audit", "verify", "--data-dir", kiosk_dir, "--anchor", exported), "anchor", "was rewritten")


# -- honest kiosks: no false alarm --------------------------------------------------------
def test_a_kill_between_commit_and_counter_leaves_no_false_alarm(kiosk_dir, fake_engine):
    """The counter names the transaction in flight as pending; whichever side of the COMMIT a
    kill comes, the trail matches it, and the next open completes the counter."""
    from kiosk.app import create

    k = create(kiosk_dir, engine=fake_engine)
    before = audit_counter.read_file(kiosk_dir / "audit-head.txt")
    k.store.counter_mode = counter_sync.Mode.PENDING  # the pending write only, no settling: as if killed then
    events(k, 1, start=200)
    k.close()
    left = audit_counter.read_file(kiosk_dir / "audit-head.txt")
    assert left.committed == before.committed and left.pending is not None  # killed after the COMMIT
    assert ring_of(kiosk_dir).counter == left
    out = verify(kiosk_dir)
    assert out.returncode == 0, out.stderr
    settled = audit_counter.read_file(kiosk_dir / "audit-head.txt")
    assert settled.pending is None and settled.committed == left.pending  # completed on opening
    # killed before the COMMIT: the counter names a head the database never got
    (kiosk_dir / "audit-head.txt").write_text(audit_counter.seal(ring_of(kiosk_dir), settled.committed,
                                                                 (settled.committed[0] + 1, "f" * 64)).line() + "\n")
    audit_keys.write_counter(kiosk_dir / "kiosk.audit", audit_counter.read_file(kiosk_dir / "audit-head.txt"))
    out = verify(kiosk_dir)
    assert out.returncode == 0, out.stderr
    report = json.loads(kiosk("audit", "verify", "--json", "--data-dir", kiosk_dir).stdout)
    assert report["ok"] and audit_counter.read_file(kiosk_dir / "audit-head.txt").pending is None


def test_an_older_database_sealed_by_the_administrator_verifies_and_is_kept_in_the_anchor_file(data_dir):
    paths, _ = older_database(data_dir, records=5)
    refused(verify(data_dir), "not sealed yet")
    out = kiosk("audit", "seal", "--i-understand", "--data-dir", data_dir)
    assert out.returncode == 0 and "records 1-5, schema 4" in out.stdout and "at record 6" in out.stdout, out.stderr
    line = (data_dir / "audit-anchors.txt").read_text().strip()
    assert "sealed the older trail, records 1-5 of schema 4, by cli: record 6, head hash" in line
    assert datetime.fromisoformat(line.split()[0]) > datetime.now(timezone.utc) - timedelta(minutes=5)
    out = verify(data_dir)
    assert out.returncode == 0 and "1 anchor(s) checked" in out.stdout, out.stderr
    refused(kiosk("audit", "seal", "--i-understand", "--data-dir", data_dir), "sealed already")


def test_db_key_schema_version_set_further_back_is_one_line_too(kiosk_dir):
    """Set back below the version before sealing, every trace of sealing removed: the upgrade
    that would follow cannot apply to tables that already exist; one line, nothing changed."""
    a = Attacker(kiosk_dir)
    for table in ("audit", "audit_head"):
        for column in ("mac", "key_id"):
            a.sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    a.sql("PRAGMA user_version = 3")
    a.close()
    for name in ("kiosk.audit", "audit-head.txt", "audit-anchors.txt"):
        (kiosk_dir / name).unlink()
    refused(verify(kiosk_dir), "not sealed yet")
    refused(kiosk("audit", "seal", "--i-understand", "--data-dir", kiosk_dir), "cannot be upgraded to schema version 4")
    check = Attacker(kiosk_dir)
    assert check.sql("PRAGMA user_version") == [(3,)]
    check.close()
