"""Red team: what a kiosk of a site can do on the server, and what the server ever holds.

Each kiosk logs in as its own PostgreSQL role. With that role's own credentials (read from the
kiosk's site.json, as a thief of the kiosk would), it must not rewrite or remove any audit
record or change, must not write under another kiosk's id, must not read the join codes, must
not reach another site's database on the same server; and nothing on the server is an image,
a PIN or a template.
"""

from __future__ import annotations

import json
import re

import psycopg
import pytest

from tests.test_site import enroll, kiosk, make_site, open_kiosk, pg_server, site_url, sync  # noqa: F401


def as_kiosk(data) -> psycopg.Connection:
    link = json.loads((data / "site.json").read_text())
    return psycopg.connect(link["url"], user=link["role"], password=link["password"], autocommit=True)


@pytest.fixture
def site(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        enroll(ka, "M001")
        ka.pins.check("M001", "0000")
    sync(a, b)
    return a, b


@pytest.mark.parametrize("statement", [
    "UPDATE audit SET detail = '{}'",
    "DELETE FROM audit",
    "UPDATE changes SET body = '{}'::jsonb",
    "DELETE FROM changes",
    "TRUNCATE audit",
    "SELECT * FROM join_codes",
    "UPDATE kiosks SET name = 'x' WHERE name = 'Main gate'",
])
def test_a_kiosk_role_cannot_rewrite_the_trail_or_read_join_codes(site, statement):
    with as_kiosk(site[1]) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_a_kiosk_role_appends_only_under_its_own_kiosk_id(site):
    a, b = site
    other = json.loads((a / "site.json").read_text())["kiosk_id"]
    with as_kiosk(b) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO audit (kiosk_id, seq, ts, event, actor, detail, prev_hash, hash) "
                         "VALUES (%s, 999999, 't', 'e', 'a', '{}', 'p', 'h')", (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO changes (kiosk_id, kiosk_seq, base_seq, tbl, op, body, made) "
                         "VALUES (%s, 999999, 0, 'members', 'active', '{}'::jsonb, 't')", (other,))
        conn.execute("UPDATE kiosks SET queued = 7 WHERE name = 'Main gate'")  # row-level security: no row is its own
    with as_kiosk(a) as conn:
        assert conn.execute("SELECT queued FROM kiosks WHERE name = 'Main gate'").fetchone()[0] != 7


def test_a_join_code_logs_in_once(tmp_path, pg_server, site_url):
    make_site(tmp_path, pg_server, site_url, "Main gate")
    code = kiosk(tmp_path / "Main_gate", "site", "code", site_url, env=pg_server.admin_env()).stdout.strip()
    first, second = tmp_path / "first", tmp_path / "second"
    for data in (first, second):
        kiosk(data, "init")
    kiosk(first, "site", "join", site_url, "--name", "North gate", env={"KIOSK_SITE_JOIN_CODE": code})
    r = kiosk(second, "site", "join", site_url, "--name", "South gate", env={"KIOSK_SITE_JOIN_CODE": code}, check=False)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and code.split(".")[1] not in r.stderr
    assert not (second / "site.json").exists()


def test_the_server_never_holds_an_image_a_pin_or_a_template(site, pg_server, site_url):
    with psycopg.connect(site_url, password=pg_server.password) as conn:
        binary = conn.execute("SELECT table_name, column_name FROM information_schema.columns "
                              "WHERE table_schema = 'public' AND data_type = 'bytea'").fetchall()
        assert binary == []
        bodies = [r[0] for r in conn.execute("SELECT body FROM changes").fetchall()]
        audit = " ".join(r[0] for r in conn.execute("SELECT detail FROM audit").fetchall())
    keys = {k for body in bodies for k in body}
    assert not keys & {"template", "image", "photo", "frame", "pin", "encoding"}
    hashes = [b["pin_hash"] for b in bodies if b.get("pin_hash")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert "1234" not in json.dumps(bodies).replace("CARD001", "") and not re.search(r'"pin"', audit)


def test_the_site_password_is_never_in_argv_or_the_log(site):
    a, _ = site
    password = json.loads((a / "site.json").read_text())["password"]
    assert (a / "site.json").stat().st_mode & 0o777 == 0o600
    kiosk(a, "site", "status")
    assert password not in (a / "kiosk.log").read_text()


def test_a_kiosk_of_one_site_cannot_reach_another_sites_database_on_the_same_server(tmp_path, pg_server):
    """Two sites on one PostgreSQL server: a kiosk role of the first, with its own credentials,
    can neither connect to the second's database nor read its members or PIN hashes."""
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = make_site(tmp_path / "first", pg_server, pg_server.create_database("siteone"), "Main gate")
    other_url = pg_server.create_database("sitetwo")
    second = make_site(tmp_path / "second", pg_server, other_url, "Lobby")
    with open_kiosk(second[0]) as k:
        k.pins.check("M001", "0000")
    sync(second[0])
    link = json.loads((first[0] / "site.json").read_text())
    with pytest.raises(psycopg.OperationalError, match="permission denied|not permitted"):
        psycopg.connect(other_url.rsplit("?", 1)[0], user=link["role"], password=link["password"]).close()
    with as_kiosk(first[0]) as conn:  # its own site still answers
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] > 0
