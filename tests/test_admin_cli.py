"""The administration commands end to end on a real SQLCipher file (no face engine needed)."""

from __future__ import annotations

import csv
import json

import pytest

from kiosk.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def d(tmp_path, capsys):
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", d)[0] == 0
    return d


def test_staff_add_and_list(d, capsys, monkeypatch):
    assert run(capsys, "staff", "add", "Ada", "--role", "administrator", "--pin", "123456", "--data-dir", d)[0] == 0
    answers = iter(["654321", "654321"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run(capsys, "staff", "add", "Otto", "--role", "operator", "--data-dir", d)[0] == 0
    code, out, _ = run(capsys, "staff", "list", "--data-dir", d)
    assert code == 0 and "Ada" in out and "operator" in out and "654321" not in out


def test_staff_add_errors_are_one_line(d, capsys, monkeypatch):
    code, out, err = run(capsys, "staff", "add", "Ada", "--role", "administrator", "--pin", "12", "--data-dir", d)
    assert code == 2 and err.count("\n") == 1 and "6 to 8 digits" in err
    answers = iter(["123456", "123457"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "staff", "add", "Ada", "--role", "administrator", "--data-dir", d)
    assert code == 2 and "differ" in err


def test_audit_verify_and_tamper(d, capsys):
    run(capsys, "settings", "set", "site_name", "North gate", "--data-dir", d)
    code, out, _ = run(capsys, "audit", "verify", "--data-dir", d)
    assert code == 0 and "intact" in out and "Head hash" in out
    from kiosk.app import create

    k = create(d)
    with k.store.transaction() as c:
        c.execute("UPDATE audit SET detail = '{}' WHERE seq = 1")
    k.close()
    code, _, err = run(capsys, "audit", "verify", "--data-dir", d)
    assert code == 1 and "record 1 was modified" in err


def test_audit_export(d, capsys, tmp_path):
    run(capsys, "staff", "add", "=cmd|' /C calc'!A0", "--role", "operator", "--pin", "123456", "--data-dir", d)
    out_csv, out_json = tmp_path / "a.csv", tmp_path / "a.json"
    code, out, _ = run(capsys, "audit", "export", "--format", "csv", "--out", out_csv, "--since", "2000-01-01", "--data-dir", d)
    assert code == 0 and "Exported 1" in out
    rows = list(csv.reader(out_csv.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
    code, _, _ = run(capsys, "audit", "export", "--format", "json", "--out", out_json, "--event", "audit_exported", "--data-dir", d)
    assert code == 0 and len(json.loads(out_json.read_text())["records"]) == 1
    with pytest.raises(SystemExit):
        main(["audit", "export", "--format", "csv", "--out", str(out_csv), "--since", "soon", "--data-dir", str(d)])


def test_settings_show_and_set(d, capsys):
    code, out, _ = run(capsys, "settings", "show", "--data-dir", d)
    assert code == 0 and "filing_threshold" in out and "100000" in out
    assert run(capsys, "settings", "set", "filing_threshold", "10000", "--data-dir", d)[0] == 0
    code, _, err = run(capsys, "settings", "set", "match_threshold", "0.9", "--data-dir", d)
    assert code == 2 and "match_threshold must be between" in err
    code, _, err = run(capsys, "settings", "set", "no_such", "1", "--data-dir", d)
    assert code == 2 and "Unknown setting" in err
    code, _, err = run(capsys, "settings", "set", "public_place", "maybe", "--data-dir", d)
    assert code == 2 and "bool" in err
    from kiosk.app import create

    k = create(d)
    try:
        assert k.settings.filing_threshold == 10000
        rec = list(k.store.audit.records(event="setting_changed"))
        assert [(r.subject, r.detail["new"]) for r in rec] == [("filing_threshold", "10000")]
    finally:
        k.close()


def test_purge_report_backup_restore_rotate(d, capsys, tmp_path):
    assert "Purged 0" in run(capsys, "purge", "--data-dir", d)[1]
    report = tmp_path / "filing.md"
    assert run(capsys, "report", "filing", "--out", report, "--data-dir", d)[0] == 0
    assert "Impact assessment" in report.read_text(encoding="utf-8")
    backup = tmp_path / "b.db"
    assert run(capsys, "backup", backup, "--data-dir", d)[0] == 0
    code, out, _ = run(capsys, "restore", backup, "--data-dir", d)
    assert code == 0 and "kept as" in out
    code, out, _ = run(capsys, "rotate-key", "--data-dir", d)
    assert code == 0 and "Key rotated" in out
    code, _, err = run(capsys, "restore", backup, "--data-dir", d)  # made with the old key
    assert code == 2 and "not a backup of this kiosk" in err and err.count("\n") == 1
    garbage = tmp_path / "g.db"
    garbage.write_bytes(b"\x00" * 4096)
    assert run(capsys, "restore", garbage, "--data-dir", d)[0] == 2


def test_rotate_key_with_env_prints_new_key(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_DB_KEY", "ab" * 32)
    d = tmp_path / "envdata"
    run(capsys, "init", "--data-dir", d)
    code, out, err = run(capsys, "rotate-key", "--data-dir", d)
    new = out.strip()
    assert code == 0 and len(new) == 64 and "KIOSK_DB_KEY" in err
    assert run(capsys, "audit", "verify", "--data-dir", d)[0] == 2  # old env key no longer opens it
    monkeypatch.setenv("KIOSK_DB_KEY", new)
    assert run(capsys, "audit", "verify", "--data-dir", d)[0] == 0


def test_doctor_reports_each_check(d, capsys, tmp_path):
    code, out, _ = run(capsys, "doctor", "--camera", tmp_path / "none.mp4", "--data-dir", d)
    assert code == 1
    assert "[FAIL] camera" in out and "[PASS] database" in out and "[FAIL] site profile" in out and "fix:" in out


def test_missing_database_is_one_clear_line(tmp_path, capsys):
    code, _, err = run(capsys, "staff", "list", "--data-dir", tmp_path / "nothing")
    assert code == 2 and "kiosk init" in err and err.count("\n") == 1
