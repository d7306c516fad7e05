"""The audit trail: hash chain with head marker (tampering found with the key in hand),
filters, CSV/JSON export safe against spreadsheet formula injection, no secrets."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kiosk.domain.audit_export import AuditFilter, count, event_names, export, find, neutralise, to_csv
from kiosk.store.chain import record_hash


@pytest.fixture
def trail(kiosk_app):
    """Ten extra records after the fixture's own (import, PINs)."""
    for i in range(10):
        kiosk_app.store.audit.append("test_event", "tester", f"S{i}", n=i)
    assert kiosk_app.store.audit.report().ok
    return kiosk_app


def sql(k, statement, params=()):
    with k.store.transaction() as c:
        c.execute(statement, params)


def test_intact_chain(trail):
    r = trail.store.audit.report()
    assert r.ok and r.problem is None and r.records == trail.store.audit.count()
    assert trail.store.audit.verify() == (True, None, r.message)


def test_modified_row_is_found(trail):
    sql(trail, "UPDATE audit SET detail = ? WHERE seq = 7", ('{"n":99}',))
    r = trail.store.audit.report()
    assert not r.ok and r.problem == "modified" and r.first_bad_seq == 7
    assert trail.store.audit.verify()[:2] == (False, 7)


def test_modified_row_with_recomputed_hash_is_found(trail):
    rows = trail.store.query("SELECT seq, ts, event, actor, subject, prev_hash FROM audit WHERE seq = 7")[0]
    h = record_hash(rows[5], 7, rows[1], rows[2], rows[3], rows[4], '{"n":99}')
    sql(trail, "UPDATE audit SET detail = ?, hash = ? WHERE seq = 7", ('{"n":99}', h))
    r = trail.store.audit.report()
    assert not r.ok and r.first_bad_seq == 7


def test_deleted_middle_row_is_found(trail):
    sql(trail, "DELETE FROM audit WHERE seq = 5")
    r = trail.store.audit.report()
    assert not r.ok and r.problem == "removed" and r.first_bad_seq == 5


def test_deleted_last_row_is_found(trail):
    last = trail.store.audit.count()
    sql(trail, "DELETE FROM audit WHERE seq = ?", (last,))
    r = trail.store.audit.report()
    assert not r.ok and r.problem == "removed" and r.first_bad_seq == last


def test_append_after_tail_deletion_does_not_hide_it(trail):
    last = trail.store.audit.count()
    sql(trail, "DELETE FROM audit WHERE seq = ?", (last,))
    trail.store.audit.append("later", "system")
    r = trail.store.audit.report()
    assert not r.ok and r.problem == "removed" and r.first_bad_seq == last


def test_inserted_row_at_the_end_is_found_even_with_a_valid_hash(trail):
    seq, prev = trail.store.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]
    ts, detail = "2026-01-01T00:00:00+00:00", "{}"
    h = record_hash(prev, seq + 1, ts, "forged", "x", None, detail)
    sql(trail, "INSERT INTO audit (seq, ts, event, actor, subject, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
        (seq + 1, ts, "forged", "x", None, detail, prev, h))
    r = trail.store.audit.report()
    assert not r.ok and r.problem == "inserted" and r.first_bad_seq == seq + 1


def test_inserted_row_in_the_middle_is_found(trail):
    """Renumber records 4.. up by one and slip a well-formed record in as 4."""
    n = trail.store.audit.count()
    for seq in range(n, 3, -1):
        sql(trail, "UPDATE audit SET seq = ? WHERE seq = ?", (seq + 1, seq))
    prev = trail.store.query("SELECT hash FROM audit WHERE seq = 3")[0][0]
    ts, detail = "2026-01-01T00:00:00+00:00", "{}"
    h = record_hash(prev, 4, ts, "forged", "x", None, detail)
    sql(trail, "INSERT INTO audit (seq, ts, event, actor, subject, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
        (4, ts, "forged", "x", None, detail, prev, h))
    r = trail.store.audit.report()
    assert not r.ok and r.problem == "inserted" and r.first_bad_seq == 4


def test_missing_head_marker_is_found(trail):
    sql(trail, "DELETE FROM audit_head")
    assert trail.store.audit.report().problem == "head_missing"


def test_no_template_pin_or_photo_in_the_trail(kiosk_app):
    for key in ("template", "pin", "photo", "image", "distance"):
        with pytest.raises(ValueError):
            kiosk_app.store.audit.append("x", "t", None, **{key: "secret"})
    text = " ".join(r[0] for r in kiosk_app.store.query("SELECT detail FROM audit"))
    assert "1234" not in text and "argon2" not in text


def test_filters(trail):
    assert [r.subject for r in find(trail.store, AuditFilter(event="test_event", limit=3))] == ["S0", "S1", "S2"]
    newest = find(trail.store, AuditFilter(event="test_event", newest_first=True, limit=2, offset=1))
    assert [r.subject for r in newest] == ["S8", "S7"]
    assert count(trail.store, AuditFilter(subject="S3")) == 1
    assert count(trail.store, AuditFilter(text="S9")) == 1
    assert count(trail.store, AuditFilter(since="2000-01-01")) == trail.store.audit.count()
    assert count(trail.store, AuditFilter(until="2000-01-01")) == 0
    assert "test_event" in event_names(trail.store)


INJECTIONS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "\uff1d1+1"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_neutralise(payload):
    assert neutralise(payload) == "'" + payload
    assert neutralise("plain") == "plain" and neutralise(None) == ""


def test_csv_export_neutralises_formulas(kiosk_app, tmp_path):
    for p in INJECTIONS:
        kiosk_app.store.audit.append(p[:40], p[:40], p[:40], note=p)
    out = tmp_path / "audit.csv"
    n = export(kiosk_app.store, out, "csv", AuditFilter(), actor="tester")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][:3] == ["seq", "ts", "event"] and len(rows) == n + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d")), cell
    assert any(cell == "'" + INJECTIONS[0][:40] for row in rows for cell in row)
    last = list(kiosk_app.store.audit.records(event="audit_exported"))[-1]
    assert last.actor == "tester" and last.detail["count"] == n and last.detail["format"] == "csv"


def test_json_export_keeps_verifiable_values(trail, tmp_path):
    out = tmp_path / "audit.json"
    n = export(trail.store, out, "json", AuditFilter(event="test_event"))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["chain_intact"] is True and len(data["records"]) == n == 10
    r = data["records"][0]
    assert record_hash(r["prev_hash"], r["seq"], r["ts"], r["event"], r["actor"], r["subject"], r["detail"]) == r["hash"]


def test_to_csv_header_only_when_empty():
    assert to_csv([]).startswith('"seq","ts"')


def test_bad_format_and_date(kiosk_app, tmp_path):
    from kiosk.errors import KioskError

    with pytest.raises(KioskError):
        export(kiosk_app.store, tmp_path / "x", "xlsx")
    with pytest.raises(KioskError, match="not a date"):
        find(kiosk_app.store, AuditFilter(since="yesterday"))
