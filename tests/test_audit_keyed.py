"""The keyed audit chain: an HMAC seal per record under an audit key that is not the database
key (beside the key file, rotatable), sealing of an older plain chain on upgrade, anchors
kept outside the kiosk, and ``kiosk audit verify`` naming the check that failed."""

from __future__ import annotations

import json
import stat

import pytest

from kiosk import ops
from kiosk.cli import main
from kiosk.config import Paths
from kiosk.domain.staff import PermissionDeniedError
from kiosk.errors import AuditSealError
from kiosk.store import audit_counter, audit_keys
from kiosk.store.anchor_files import read_kept_anchors
from kiosk.store.chain import GENESIS, Check, head_parts, record_hash
from kiosk.store.db import _connect, open_store
from kiosk.store.schema import KEYED_AUDIT, MIGRATIONS


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def trail(kiosk_app):
    for i in range(10):
        kiosk_app.store.audit.append("test_event", "tester", f"S{i}", n=i)
    assert kiosk_app.store.audit.report().ok
    return kiosk_app


def sql(k, statement, params=()):
    with k.store.transaction() as c:
        c.execute(statement, params)


def rechain(k, ring=None):
    """What someone holding the database key can do: renumber nothing, but recompute every
    plain hash and the head after a change. With ``ring`` (both keys, and the kiosk's files to
    write) the seals too, and the audit head counter in the audit key file and the data folder."""
    rows = k.store.query("SELECT seq, ts, event, actor, subject, detail, key_id, mac FROM audit ORDER BY seq")
    prev = GENESIS
    with k.store.transaction() as c:
        for seq, ts, event, actor, subject, detail, key_id, mac in rows:
            h = record_hash(prev, seq, ts, event, actor, subject, detail)
            if ring is not None:
                key_id, mac = ring.current_id, ring.mac(ring.current_id, h)
            c.execute("UPDATE audit SET prev_hash = ?, hash = ?, key_id = ?, mac = ? WHERE seq = ?",
                      (prev, h, key_id, mac, seq))
            prev = h
        n, last = len(rows), rows[-1][0]
        key_id, mac = c.execute("SELECT key_id, mac FROM audit_head").fetchone()
        if ring is not None:
            key_id, mac = ring.current_id, ring.mac(ring.current_id, *head_parts(n, last, prev))
        c.execute("UPDATE audit_head SET count = ?, last_seq = ?, last_hash = ?, key_id = ?, mac = ?",
                  (n, last, prev, key_id, mac))
    if ring is not None:
        recount(k.store, ring, (last, prev))


def recount(store, ring, head):
    """Both keys and write access to the key file's folder and the data folder: the counter
    rewritten in both places to name ``head``."""
    counter = audit_counter.seal(ring, head)
    audit_keys.write_counter(ring.path, counter)
    audit_counter.write_file(audit_counter.path_in(store.paths.data_dir), counter)


def modify(k):
    sql(k, "UPDATE audit SET detail = ? WHERE seq = 7", ('{"n":99}',))


def delete_and_renumber(k):
    sql(k, "DELETE FROM audit WHERE seq = 5")
    n = k.store.audit.count()
    for seq in range(6, n + 2):
        sql(k, "UPDATE audit SET seq = ? WHERE seq = ?", (seq - 1, seq))


def insert_forged(k):
    n = k.store.audit.count()
    for seq in range(n, 3, -1):
        sql(k, "UPDATE audit SET seq = ? WHERE seq = ?", (seq + 1, seq))
    mac, key_id = k.store.query("SELECT mac, key_id FROM audit WHERE seq = 3")[0]  # a seal copied from elsewhere
    sql(k, "INSERT INTO audit (seq, ts, event, actor, subject, detail, prev_hash, hash, key_id, mac) "
           "VALUES (4, '2026-01-01T00:00:00+00:00', 'forged', 'x', NULL, '{}', ?, ?, ?, ?)", (GENESIS, GENESIS, key_id, mac))


def truncate_tail(k):
    n = k.store.audit.count()
    sql(k, "DELETE FROM audit WHERE seq > ?", (n - 2,))


@pytest.mark.parametrize("rewrite", [modify, delete_and_renumber, insert_forged, truncate_tail])
def test_consistent_rewrites_with_the_database_key_fail(trail, rewrite):
    """Each rewrite leaves a plain chain that is consistent again (as the old verify accepted)."""
    rewrite(trail)
    rechain(trail)
    r = trail.store.audit.report()
    assert not r.ok and r.check in (Check.HMAC, Check.HEAD), r
    assert r.message.startswith(f"{r.check.value} check failed: ")


def test_the_cli_says_which_check_failed_and_which_record(trail, capsys):
    modify(trail)
    rechain(trail)
    trail.close()
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", trail.paths.data_dir)
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "HMAC check failed: record 7 does not match its HMAC seal" in err


def test_a_dropped_head_table_is_one_clear_line(trail, capsys):
    sql(trail, "DROP TABLE audit_head")
    trail.close()
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", trail.paths.data_dir)
    assert code == 1 and "Traceback" not in err
    assert err.strip() == "kiosk: error: audit trail NOT intact: head check failed: the audit head table is missing (dropped)."


def test_hash_link_problems_still_say_so(trail):
    sql(trail, "UPDATE audit SET detail = ? WHERE seq = 7", ('{"n":99}',))
    r = trail.store.audit.report()
    assert r.check is Check.HASH_LINK and r.first_bad_seq == 7 and "hash link check failed" in r.message


def test_the_audit_key_is_not_the_database_key_and_is_private(kiosk_app):
    ring_file = kiosk_app.paths.default_key_file.with_name("kiosk.audit")
    assert ring_file.is_file() and stat.S_IMODE(ring_file.stat().st_mode) == 0o600
    db_key = kiosk_app.paths.default_key_file.read_text().strip()
    assert db_key not in ring_file.read_text()
    assert kiosk_app.store.audit_keys.path == ring_file


def test_a_loose_ring_is_tightened_and_a_sealed_trail_without_its_ring_is_refused(kiosk_app, capsys):
    paths = kiosk_app.paths
    kiosk_app.close()
    ring_file = paths.default_key_file.with_name("kiosk.audit")
    ring_file.chmod(0o644)
    open_store(paths).close()
    assert stat.S_IMODE(ring_file.stat().st_mode) == 0o600
    ring_file.rename(ring_file.with_name("elsewhere"))
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", paths.data_dir)
    assert code == 2 and "Traceback" not in err and "audit key file" in err and "is missing" in err


def test_rotation_is_audited_and_old_records_still_verify(trail, capsys):
    old = trail.store.audit.count()
    trail.close()
    code, out, err = cli(capsys, "audit", "rotate-key", "--data-dir", trail.paths.data_dir)
    assert code == 0 and "Audit key 2" in out
    k = open_store(trail.paths)
    try:
        k.audit.append("after", "tester")
        rows = k.query("SELECT seq, event, actor, key_id FROM audit WHERE seq > ? ORDER BY seq", (old,))
        assert [(r[1], r[2], r[3]) for r in rows] == [("audit_key_rotated", "cli", 2), ("after", "tester", 2)]
        assert k.query("SELECT DISTINCT key_id FROM audit WHERE seq <= ?", (old,)) == [(1,)]
        assert k.audit.report().ok
    finally:
        k.close()


def test_a_rotation_cut_short_is_recorded_by_the_next_record(trail):
    trail.store.audit_keys = audit_keys.rotate(trail.store.audit_keys)  # killed before its record
    trail.store.audit.append("next", "tester")
    last_two = trail.store.query("SELECT event, detail, key_id FROM audit ORDER BY seq DESC LIMIT 2")
    assert last_two[1][0] == "audit_key_rotated" and json.loads(last_two[1][1])["interrupted"] is True
    assert {r[2] for r in last_two} == {2} and trail.store.audit.report().ok


def test_a_key_change_without_a_rotation_record_is_found(trail):
    ring = audit_keys.rotate(trail.store.audit_keys)
    seq, h = trail.store.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]
    sql(trail, "UPDATE audit SET key_id = 2, mac = ? WHERE seq = ?", (ring.mac(2, h), seq))
    r = verify_with(trail, ring)
    assert not r.ok and r.check is Check.HMAC and "without a key rotation record" in r.message


def verify_with(k, ring):
    k.store.audit_keys = ring
    return k.store.audit.report()


def test_an_anchor_catches_a_rewrite_with_both_keys(trail, tmp_path, capsys):
    anchor = tmp_path / "anchor.json"
    data_dir = trail.paths.data_dir
    trail.store.audit.append("more", "tester")
    ring = trail.store.audit_keys
    trail.close()
    code, out, err = cli(capsys, "audit", "anchor", "--out", anchor, "--data-dir", data_dir)
    assert code == 0 and json.loads(anchor.read_text())["seq"] >= 12
    k = open_store(Paths(data_dir))
    try:
        assert list(k.audit.records(event="audit_anchor_exported"))
        with k.transaction() as c:
            c.execute("UPDATE audit SET detail = ? WHERE seq = 3", ('{"n":"rewritten"}',))

        class Holder:  # the same store, as rechain expects
            store = k
        rechain(Holder, ring)
        assert k.audit.report().ok  # with both keys, the rewrite is consistent...
    finally:
        k.close()
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", data_dir, "--anchor", anchor)
    assert code == 1 and "anchor check failed: record" in err and "was rewritten" in err  # ...but not to the anchor


def test_the_filing_report_serves_as_an_anchor(trail, tmp_path, capsys):
    data_dir = trail.paths.data_dir
    trail.close()
    report = tmp_path / "report.md"
    assert cli(capsys, "report", "filing", "--out", report, "--data-dir", data_dir)[0] == 0
    assert "head hash" in report.read_text()
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", data_dir, "--anchor", report)
    assert code == 0 and "matches the anchor at record" in out
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", data_dir, "--anchor", tmp_path / "nothing.txt")
    assert code == 2 and "Traceback" not in err


def older_database(data_dir, records=3):
    """A schema-4 database (from before sealed trails) with a plain chain of ``records`` records.
    Returns its Paths and the plain head hash."""
    paths = Paths(data_dir)
    data_dir.mkdir(parents=True)
    key = "ab" * 32
    paths.default_key_file.write_text(key + "\n")
    paths.default_key_file.chmod(0o600)
    conn = _connect(paths.db, key)
    for number in range(KEYED_AUDIT - 1):
        conn.executescript("BEGIN IMMEDIATE;" + MIGRATIONS[number] + f"; PRAGMA user_version = {number + 1}; COMMIT;")
    prev = GENESIS
    for seq in range(1, records + 1):
        h = record_hash(prev, seq, "2026-01-01T00:00:00+00:00", "old_event", "system", None, "{}")
        conn.execute("INSERT INTO audit (seq, ts, event, actor, subject, detail, prev_hash, hash) "
                     "VALUES (?, '2026-01-01T00:00:00+00:00', 'old_event', 'system', NULL, '{}', ?, ?)", (seq, prev, h))
        prev = h
    conn.execute("UPDATE audit_head SET count = ?, last_seq = ?, last_hash = ?", (records, records, prev))
    conn.close()
    paths.db.chmod(0o600)
    return paths, prev


def test_an_older_database_is_sealed_only_by_an_administrator(data_dir):
    """A schema-4 database with a plain chain: opening it refuses (no audit key is made); the
    explicit sealing seals it, says so in the trail and keeps a sealing marker in the anchor file."""
    paths, prev = older_database(data_dir)
    with pytest.raises(AuditSealError, match="not sealed yet"):
        open_store(paths)
    assert not audit_keys.ring_path(paths.default_key_file).exists()
    with pytest.raises(PermissionDeniedError):
        ops.seal_audit(paths, ops.Actor(ops.ActorRole.OPERATOR, "Otto"))
    result = ops.seal_audit(paths, ops.Actor.cli("Ada"))
    assert (result.records, result.seq, result.from_schema) == (3, 4, KEYED_AUDIT - 1)
    [marker] = read_kept_anchors(paths.audit_anchors)
    assert marker.sealed and (marker.seq, marker.hash) == (4, result.head_hash)
    assert "sealed the older trail, records 1-3 of schema 4, by Ada: record 4" in paths.audit_anchors.read_text()
    store = open_store(paths)
    try:
        assert store.schema_version >= KEYED_AUDIT
        report = store.audit.report()
        assert report.ok and report.anchors == 1, report.message
        sealed = list(store.audit.records(event="audit_sealed"))
        assert len(sealed) == 1 and sealed[0].seq == 4 and sealed[0].detail["records"] == 3
        assert sealed[0].actor == "Ada" and sealed[0].detail["head_hash"] == prev
    finally:
        store.close()
    with pytest.raises(AuditSealError, match="sealed already"):
        ops.seal_audit(paths, ops.Actor.cli("Ada"))
