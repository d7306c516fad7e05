"""`kiosk audit verify` names the anchors it checked; after `kiosk restore` of an older backup it
tells the anchors of the history the restore replaced from a rewrite, which still fails. Real
files, the command line in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from kiosk import ops
from kiosk.app import create
from kiosk.store.anchor_files import anchor_line, read_kept_anchors
from tests.test_audit_keyed import rechain, sql

SYSTEM = ops.Actor.system()
T0 = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


def kiosk_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *map(str, args)], capture_output=True, text=True, timeout=120)


def verify(data_dir, *extra) -> tuple[int, dict]:
    out = kiosk_cli("audit", "verify", "--json", "--data-dir", data_dir, *extra)
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr, out.stderr
    return out.returncode, json.loads(out.stdout)


def events(k, n, start=0):
    for i in range(start, start + n):
        k.store.audit.append("test_event", "tester", f"S{i}", n=i)


def test_verify_names_how_many_anchors_it_checked_and_the_newest(kiosk_app):
    events(kiosk_app, 4)
    kept = [ops.anchor_audit(kiosk_app, SYSTEM, T0 + timedelta(days=day)) for day in range(3)]
    data_dir = kiosk_app.paths.data_dir
    kiosk_app.close()
    out = kiosk_cli("audit", "verify", "--data-dir", data_dir)
    assert out.returncode == 0, out.stderr
    assert (f"3 anchor(s) checked, the newest made 2026-11-30T12:00:00+00:00 at record {kept[-1].seq} "
            "(line 3 of audit-anchors.txt)") in out.stdout
    code, report = verify(data_dir)
    assert code == 0 and report["ok"] and report["anchors"]["checked"] == 3 and report["replaced"] == []
    newest = report["anchors"]["newest"]
    assert (newest["seq"], newest["made_at"], newest["hash"]) == (kept[-1].seq, "2026-11-30T12:00:00+00:00",
                                                                  kept[-1].head_hash)


def test_no_anchor_yet_is_said(kiosk_app):
    data_dir = kiosk_app.paths.data_dir
    kiosk_app.close()
    out = kiosk_cli("audit", "verify", "--data-dir", data_dir)
    assert out.returncode == 0 and "no anchor kept yet" in out.stdout, out.stderr


def restored_kiosk(kiosk_app, tmp_path):
    """Anchor, back up, go on and anchor again, then restore the backup: the second anchor names
    a record of the history the restore replaced. Returns (data dir, first anchor, second anchor)."""
    k, now = kiosk_app, datetime.now(timezone.utc)
    events(k, 3)
    first = ops.anchor_audit(k, SYSTEM, now - timedelta(hours=3))
    backup = tmp_path / "before.kbak"
    ops.backup_database(k, ops.Actor.cli(), backup)
    events(k, 6, start=3)
    second = ops.anchor_audit(k, SYSTEM, now - timedelta(hours=1))
    data_dir = k.paths.data_dir
    k.close()
    out = kiosk_cli("restore", "--data-dir", data_dir, backup)
    assert out.returncode == 0, out.stderr
    return data_dir, first, second


def test_anchors_of_the_history_a_restore_replaced_are_named_not_failed(kiosk_app, tmp_path):
    data_dir, first, second = restored_kiosk(kiosk_app, tmp_path)
    marker = read_kept_anchors(data_dir / "audit-anchors.txt")[-1]
    assert marker.restore and marker.source == "line 3 of audit-anchors.txt" and first.seq < marker.seq <= second.seq
    code, report = verify(data_dir)
    assert code == 0 and report["ok"], report["message"]
    assert report["anchors"]["checked"] == 2  # the first anchor, and the marker itself
    [replaced] = report["replaced"]
    assert replaced["restore"]["made_at"] == marker.made_at and replaced["base_seq"] == marker.seq - 1
    assert [a["seq"] for a in replaced["anchors"]] == [second.seq]
    out = kiosk_cli("audit", "verify", "--data-dir", data_dir)
    assert out.returncode == 0 and "no longer exists" not in out.stdout + out.stderr
    assert (f"1 anchor(s) kept before the restore at {marker.made_at} (line 2 of audit-anchors.txt) name records "
            f"after record {marker.seq - 1}, in the history that restore replaced") in out.stdout
    # an anchor kept elsewhere is always checked, and the restore is named beside the failure
    (tmp_path / "second.txt").write_text(anchor_line(second.seq, second.head_hash))
    code, report = verify(data_dir, "--anchor", tmp_path / "second.txt")
    assert code == 1 and report["check"] == "anchor" and f"a restore at {marker.made_at}" in report["message"]


def test_a_rewrite_after_a_restore_is_still_caught(kiosk_app, tmp_path, fake_engine):
    data_dir, first, _ = restored_kiosk(kiosk_app, tmp_path)
    k = create(data_dir, engine=fake_engine)
    marker = read_kept_anchors(k.paths.audit_anchors)[-1]
    events(k, 4, start=100)
    later = ops.anchor_audit(k, SYSTEM)
    events(k, 2, start=200)
    try:
        # after the restore, before the anchor kept after it
        sql(k, "UPDATE audit SET detail = ? WHERE seq = ?", ('{"n":"rewritten"}', later.seq - 1))
        rechain(k, k.store.audit_keys)  # both keys: hashes, seals and head consistent again
        assert k.store.audit.report(kept=False).ok
        r = k.store.audit.report()
        assert not r.ok and r.first_bad_seq == later.seq and "line 4 of audit-anchors.txt" in r.message
        # the restored history itself, before the backup was taken: the first anchor still counts
        sql(k, "UPDATE audit SET detail = ? WHERE seq = 2", ('{"n":"rewritten"}',))
        rechain(k, k.store.audit_keys)
    finally:
        k.close()
    code, report = verify(data_dir)
    assert code == 1 and report["check"] == "anchor" and report["first_bad_seq"] == first.seq
    assert "line 1 of audit-anchors.txt" in report["message"]
    assert marker.seq > first.seq


def test_a_marker_that_names_no_restore_excuses_nothing(kiosk_app, fake_engine):
    """Someone holding both keys rewrites history after an anchor and appends a restore marker
    naming the rewritten trail: the marker does not name a restore the trail records, so the
    rewrite still fails; nor does a marker excuse anchors kept after it."""
    k = kiosk_app
    events(k, 3)
    kept = ops.anchor_audit(k, SYSTEM, T0)
    events(k, 3, start=3)
    sql(k, "UPDATE audit SET detail = ? WHERE seq = ?", ('{"n":"rewritten"}', kept.seq - 1))
    rechain(k, k.store.audit_keys)
    fake_at = kept.seq - 1
    fake_hash = k.store.query("SELECT hash FROM audit WHERE seq = ?", (fake_at,))[0][0]
    with open(k.paths.audit_anchors, "a") as f:
        f.write(f"2026-11-28T13:00:00+00:00 restored a backup: {anchor_line(fake_at, fake_hash)}\n")
    data_dir = k.paths.data_dir
    k.close()
    code, report = verify(data_dir)
    assert code == 1 and report["check"] == "anchor" and report["replaced"] == []
    assert "is not the start of a restore" in report["message"] and "line 2 of audit-anchors.txt" in report["message"]


def test_the_marker_of_a_restore_counts_once(kiosk_app, tmp_path, fake_engine):
    """Copying a genuine restore's marker to the end of the file, to pass off the anchors kept
    since the restore as replaced history, fails: the kiosk writes one marker per restore."""
    data_dir, _, _ = restored_kiosk(kiosk_app, tmp_path)
    k = create(data_dir, engine=fake_engine)
    marker = read_kept_anchors(k.paths.audit_anchors)[-1]
    events(k, 2, start=100)
    later = ops.anchor_audit(k, SYSTEM)
    sql(k, "UPDATE audit SET detail = ? WHERE seq = ?", ('{"n":"rewritten"}', later.seq - 1))
    rechain(k, k.store.audit_keys)
    k.close()
    at = datetime.now(timezone.utc) + timedelta(minutes=1)
    with open(data_dir / "audit-anchors.txt", "a") as f:
        f.write(f"{at.isoformat(timespec='seconds')} restored a backup: {anchor_line(marker.seq, marker.hash)}\n")
    code, report = verify(data_dir)
    assert code == 1 and report["check"] == "anchor" and "names the same restore" in report["message"]
