"""Face passes end to end through the command line: two kiosks, two data folders, one site key.

The fake engine stands in for dlib and photos are drawn in memory (nothing is read from or
written to disk but the pass's QR code, the key export and the revocation list).
"""

from __future__ import annotations

import io

import pytest

from kiosk.biometrics.fake import FakeEngine, draw_face
from kiosk.cli import main
from tests.conftest import SAMPLE_CSV

HUES = {"alice": 30, "bob": 120}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def site(tmp_path, capsys, monkeypatch):
    """Kiosks A and B in pass mode, same members; photos are labels drawn in memory."""
    monkeypatch.setattr("kiosk.app.make_engine", lambda settings=None: FakeEngine())
    monkeypatch.setattr("kiosk.domain.faces.read_image",
                        lambda path: draw_face(HUES[path.name.split("_")[0]], size=0.5 + 0.02 * len(path.name) % 0.1))
    monkeypatch.setenv("KIOSK_SITE_PASSPHRASE", "correct horse battery")
    csv = tmp_path / "members.csv"
    csv.write_text(SAMPLE_CSV, encoding="utf-8")
    dirs = {}
    for name in ("a", "b"):
        d = dirs[name] = tmp_path / name
        assert run(capsys, "init", "--data-dir", d)[0] == 0
        assert run(capsys, "members", "import", csv, "--data-dir", d)[0] == 0
        for setting, value in (("template_storage", "pass"), ("operator_name", "Zoo"), ("operator_contact", "desk")):
            assert run(capsys, "settings", "set", setting, value, "--data-dir", d)[0] == 0
    return dirs


def enroll(capsys, d, member, out, *photos):
    code, stdout, err = run(capsys, "enroll", member, *photos, "--consent-given", "--pass-out", out, "--data-dir", d)
    assert code == 0, err
    text = stdout.strip()
    assert text.startswith("KP1:") and out.is_file() and "Nothing biometric" in err
    return text


def test_enrolled_at_a_verifies_at_b_until_withdrawn_at_a(site, tmp_path, capsys):
    a, b = site["a"], site["b"]
    png = tmp_path / "pass.png"
    text = enroll(capsys, a, "M001", png, "alice_1.jpg", "alice_2.jpg", "alice_3.jpg")

    # B has not joined the site yet
    code, out, _ = run(capsys, "verify", "M001", "alice_4.jpg", "--pass", png, "--data-dir", b)
    assert code == 1 and "refused (no_site_key)" in out

    keys = tmp_path / "site.keys"
    assert run(capsys, "site-key", "export", "--out", keys, "--data-dir", a)[0] == 0
    assert keys.stat().st_mode & 0o777 == 0o600
    assert run(capsys, "site-key", "import", keys, "--data-dir", b)[0] == 0

    assert run(capsys, "verify", "M001", "alice_4.jpg", "--pass", png, "--data-dir", b)[:2] == (0, "match\n")
    assert run(capsys, "verify", "M001", "alice_4.jpg", "--pass", text, "--data-dir", b)[:2] == (0, "match\n")
    assert run(capsys, "verify", "M001", "bob_1.jpg", "--pass", png, "--data-dir", b)[:2] == (1, "no match\n")
    code, out, _ = run(capsys, "verify", "M002", "alice_4.jpg", "--pass", png, "--data-dir", b)
    assert code == 1 and "refused (other_member)" in out
    tampered = text[:60] + ("0" if text[60] != "0" else "1") + text[61:]
    code, out, _ = run(capsys, "verify", "M001", "alice_4.jpg", "--pass", tampered, "--data-dir", b)
    assert code == 1 and ("refused (tampered)" in out or "refused (unreadable)" in out)

    # withdrawn at A; B refuses once it has A's revocation list
    assert run(capsys, "forget", "M001", "--data-dir", a)[0] == 0
    assert run(capsys, "verify", "M001", "alice_4.jpg", "--pass", png, "--data-dir", a)[1].startswith("refused (revoked)")
    assert run(capsys, "verify", "M001", "alice_4.jpg", "--pass", png, "--data-dir", b)[:2] == (0, "match\n")
    revs = tmp_path / "revocations.json"
    assert run(capsys, "revocations", "export", "--out", revs, "--data-dir", a)[0] == 0
    assert b"template" not in revs.read_bytes()
    code, out, _ = run(capsys, "revocations", "import", revs, "--data-dir", b)
    assert code == 0 and "new revocation" in out
    code, out, _ = run(capsys, "verify", "M001", "alice_4.jpg", "--pass", png, "--data-dir", b)
    assert code == 1 and "refused (revoked)" in out and "withdrawn" in out


def test_other_sites_pass_and_foreign_revocation_list(site, tmp_path, capsys):
    a, b = site["a"], site["b"]
    png_a, png_b = tmp_path / "a.png", tmp_path / "b.png"
    enroll(capsys, a, "M001", png_a, "alice_1.jpg", "alice_2.jpg")
    enroll(capsys, b, "M001", png_b, "alice_1.jpg", "alice_2.jpg")  # B made its own site key
    code, out, _ = run(capsys, "verify", "M001", "alice_3.jpg", "--pass", png_a, "--data-dir", b)
    assert code == 1 and "refused (other_site)" in out
    revs = tmp_path / "revs.json"
    assert run(capsys, "revocations", "export", "--out", revs, "--data-dir", a)[0] == 0
    code, _, err = run(capsys, "revocations", "import", revs, "--data-dir", b)
    assert code == 2 and "not a revocation list of this site" in err and err.count("\n") == 1


def test_nothing_biometric_in_the_database_in_pass_mode(site, tmp_path, capsys):
    from kiosk.app import create
    from kiosk.domain import pass_codes, pass_payload
    from kiosk.domain.site_keys import SiteKeyring

    a = site["a"]
    text = enroll(capsys, a, "M001", tmp_path / "p.png", "alice_1.jpg", "alice_2.jpg")
    k = create(a, engine=FakeEngine())
    try:
        head = pass_payload.peek(pass_codes.from_text(text))
        sealed = pass_payload.unseal(head, SiteKeyring(a).get(head.key_id).secret)
        _, q = pass_payload.quantise(sealed.template)
        assert k.store.templates.count() == 0
        for table in k.store.db.table_names():  # the decrypted database, cell by cell
            for row in k.store.query(f"SELECT * FROM [{table}]"):
                for cell in row:
                    assert not isinstance(cell, bytes), (table, row)
                    assert text[4:40] not in str(cell) and q.tobytes().hex()[:32] not in str(cell), table
        assert [r.event for r in k.store.audit.records() if r.event == "enrolled"]
    finally:
        k.close()


def test_passphrase_from_stdin_and_a_wrong_one(site, tmp_path, capsys, monkeypatch):
    a, b = site["a"], site["b"]
    enroll(capsys, a, "M001", tmp_path / "p.png", "alice_1.jpg", "alice_2.jpg")
    keys = tmp_path / "site.keys"
    assert run(capsys, "site-key", "export", "--out", keys, "--data-dir", a)[0] == 0
    monkeypatch.delenv("KIOSK_SITE_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", io.StringIO("not the passphrase\n"))
    code, _, err = run(capsys, "site-key", "import", keys, "--data-dir", b)
    assert code == 2 and "Wrong passphrase" in err and err.count("\n") == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert run(capsys, "site-key", "import", keys, "--data-dir", b)[0] == 0


def test_rotation_then_renew(site, tmp_path, capsys):
    a = site["a"]
    png = tmp_path / "p.png"
    enroll(capsys, a, "M001", png, "alice_1.jpg", "alice_2.jpg")
    assert run(capsys, "site-key", "rotate", "--data-dir", a)[0] == 0
    assert run(capsys, "verify", "M001", "alice_3.jpg", "--pass", png, "--data-dir", a)[:2] == (0, "match\n")
    assert run(capsys, "settings", "set", "site_key_grace_days", "0", "--data-dir", a)[0] == 0
    code, out, _ = run(capsys, "verify", "M001", "alice_3.jpg", "--pass", png, "--data-dir", a)
    assert code == 1 and "refused (key_retired)" in out and "renew" in out
    code, out, _ = run(capsys, "site-key", "show", "--data-dir", a)
    assert "current" in out and "retired" in out and len(out.splitlines()) == 3


def test_pass_print(site, tmp_path, capsys):
    a = site["a"]
    text = enroll(capsys, a, "M001", tmp_path / "p.png", "alice_1.jpg", "alice_2.jpg")
    out = tmp_path / "print.pdf"
    assert run(capsys, "pass", "print", "M001", "--code", text, "--out", out, "--data-dir", a)[0] == 0
    assert out.read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "pass", "print", "M002", "--code", text, "--out", out, "--data-dir", a)
    assert code == 2 and "another member" in err


def test_settings_and_pass_out_outside_pass_mode(tmp_path, capsys, monkeypatch):
    d = tmp_path / "d"
    assert run(capsys, "init", "--data-dir", d)[0] == 0
    code, _, err = run(capsys, "settings", "set", "template_storage", "cloud", "--data-dir", d)
    assert code == 2 and "template_storage must be kiosk, pass or site" in err
