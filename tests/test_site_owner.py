"""``kiosk site create`` by the owner of the site's database who is not a superuser, only
CREATEROLE, as the README tells operators to set it up; joining, an exchange and a kiosk's
least privilege work the same under such an owner."""

from __future__ import annotations

import secrets

import psycopg
import pytest

from tests.test_site import SAMPLE_CSV, kiosk, open_kiosk, pg_server  # noqa: F401


@pytest.fixture
def owner_url(pg_server):
    """A database owned by a role with CREATEROLE only (no SUPERUSER, no CREATEDB)."""
    name = f"owner_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    with psycopg.connect(pg_server.url(), password=pg_server.password, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN CREATEROLE PASSWORD '{password}'")
        conn.execute(f'CREATE DATABASE "{name}_site" OWNER {name}')
        row = conn.execute("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    assert row == (False, True)
    return pg_server.url(f"{name}_site", user=name), password


def test_a_createrole_owner_creates_the_site_and_kiosks_join(tmp_path, owner_url):
    url, password = owner_url
    owner_env = {"PGPASSWORD": password}
    a, b = tmp_path / "a", tmp_path / "b"
    csv = tmp_path / "members.csv"
    csv.write_text(SAMPLE_CSV)
    kiosk(a, "init")
    kiosk(a, "members", "import", str(csv))
    kiosk(a, "members", "set-pin", "M001", "--pin", "1234")
    kiosk(a, "site", "create", url, "--name", "Main gate", env=owner_env)
    code = kiosk(b, "site", "code", url, env=owner_env).stdout.strip()
    bare = url.replace(url.split("//")[1].split("@")[0] + "@", "")  # a kiosk's URL names no owner
    kiosk(b, "init")
    kiosk(b, "site", "join", bare, "--name", "North gate", env={"KIOSK_SITE_JOIN_CODE": code})
    with open_kiosk(a) as ka:
        ka.store.members.set_pin_state("M002", failures=2, locked_until=0)  # two wrong PINs at A
    kiosk(a, "site", "sync")
    kiosk(b, "site", "sync")
    with open_kiosk(b) as kb:
        assert [m.member_no for m in kb.store.members.search()] == ["M001", "M002", "M003", "M004"]
        assert kb.pins.check("M001", "1234")
        assert kb.store.members.pin_state("M002")[1] == 2
    status = kiosk(b, "site", "status").stdout
    assert "Main gate" in status and "North gate" in status
    assert "intact" in kiosk(a, "audit", "verify", "--site").stdout
    # the kiosk's own role is no more than a kiosk under this owner either
    link = __import__("json").loads((b / "site.json").read_text())
    with psycopg.connect(bare, user=link["role"], password=link["password"], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM join_codes")
