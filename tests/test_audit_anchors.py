"""Audit anchors the running kiosk keeps itself: one line per anchor appended to
``audit-anchors.txt`` on its maintenance schedule (``audit_anchor_hours``, an injected clock
here), and every check of the trail against each of them, naming the one that no longer matches."""

from __future__ import annotations

import stat
from datetime import datetime, timedelta, timezone

import pytest

from kiosk import ops
from kiosk.domain.staff import PermissionDeniedError
from kiosk.errors import ConfigError
from kiosk.store.anchor_files import read_kept_anchors
from kiosk.store.chain import Check
from tests.test_audit_keyed import cli, rechain, sql

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
SYSTEM = ops.Actor.system()


def events(k, n, start=0):
    for i in range(start, start + n):
        k.store.audit.append("test_event", "tester", f"S{i}", n=i)


def test_an_anchor_is_kept_when_due_and_not_before(kiosk_app):
    k, path = kiosk_app, kiosk_app.paths.audit_anchors
    assert not path.exists() and k.settings.audit_anchor_hours == 24
    first = ops.anchor_audit(k, SYSTEM, T0, only_if_due=True)  # no anchor yet: due at once
    assert first is not None and first.file == path
    assert path.read_text().splitlines() == [f"2026-11-28T12:00:00+00:00 record {first.seq}, head hash {first.head_hash}"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    events(k, 3)
    assert ops.anchor_audit(k, SYSTEM, T0 + timedelta(hours=23), only_if_due=True) is None
    second = ops.anchor_audit(k, SYSTEM, T0 + timedelta(hours=24), only_if_due=True)
    assert second is not None and second.seq > first.seq
    assert [(a.seq, a.source) for a in read_kept_anchors(path)] == [
        (first.seq, "line 1 of audit-anchors.txt"), (second.seq, "line 2 of audit-anchors.txt")]
    written = [r.detail["seq"] for r in k.store.audit.records(event="audit_anchor_written")]
    assert written == [first.seq, second.seq] and all(r.actor == "system" for r in
                                                       k.store.audit.records(event="audit_anchor_written"))
    k.save_settings(k.settings.replace(audit_anchor_hours=0), "test")  # off
    assert ops.anchor_audit(k, SYSTEM, T0 + timedelta(days=30), only_if_due=True) is None
    assert len(read_kept_anchors(path)) == 2
    r = k.store.audit.report()
    assert r.ok and r.anchors == 2


def test_only_the_system_and_administrators_keep_anchors_and_the_hours_are_bounded(kiosk_app):
    for actor in (ops.Actor.visitor("M001"), ops.Actor(ops.ActorRole.OPERATOR, "Otto")):
        with pytest.raises(PermissionDeniedError):
            ops.anchor_audit(kiosk_app, actor, T0)
    assert not kiosk_app.paths.audit_anchors.exists()
    for bad in (-1, 721):
        with pytest.raises(ConfigError):
            kiosk_app.settings.replace(audit_anchor_hours=bad)


def test_a_trail_that_does_not_verify_gets_no_anchor(kiosk_app):
    events(kiosk_app, 3)
    sql(kiosk_app, "UPDATE audit SET detail = ? WHERE seq = 2", ('{"n":"changed"}',))
    with pytest.raises(Exception, match="does not verify"):
        ops.anchor_audit(kiosk_app, SYSTEM, T0)
    assert not kiosk_app.paths.audit_anchors.exists()


def test_a_rewrite_with_both_keys_is_caught_against_an_earlier_anchor(kiosk_app, capsys):
    k, data_dir = kiosk_app, kiosk_app.paths.data_dir
    events(k, 5)
    first = ops.anchor_audit(k, SYSTEM, T0)
    events(k, 5, start=5)
    second = ops.anchor_audit(k, SYSTEM, T0 + timedelta(hours=24))
    events(k, 3, start=10)
    assert first is not None and second is not None
    between = first.seq + 2  # a record after the first anchor, before the second
    sql(k, "UPDATE audit SET detail = ? WHERE seq = ?", ('{"n":"rewritten"}', between))
    rechain(k, k.store.audit_keys)  # both keys: hashes, seals and head all consistent again
    assert k.store.audit.report(kept=False).ok
    r = k.store.audit.report()
    assert not r.ok and r.check is Check.ANCHOR and r.first_bad_seq == second.seq
    assert "line 2 of audit-anchors.txt" in r.message and "2026-11-29T12:00:00+00:00" in r.message
    sql(k, "UPDATE audit SET detail = ? WHERE seq = 3", ('{"n":"rewritten"}',))
    rechain(k, k.store.audit_keys)
    r = k.store.audit.report()
    assert not r.ok and r.first_bad_seq == first.seq and "line 1 of audit-anchors.txt" in r.message  # the earliest
    k.close()
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", data_dir)
    assert code == 1 and "anchor check failed" in err and "line 1 of audit-anchors.txt" in err, err


def test_an_intact_trail_verifies_against_every_kept_anchor(kiosk_app, capsys):
    events(kiosk_app, 4)
    for day in range(3):
        ops.anchor_audit(kiosk_app, SYSTEM, T0 + timedelta(days=day))
    data_dir = kiosk_app.paths.data_dir
    kiosk_app.close()
    code, out, err = cli(capsys, "audit", "verify", "--data-dir", data_dir)
    assert code == 0 and "Audit trail intact" in out, err
