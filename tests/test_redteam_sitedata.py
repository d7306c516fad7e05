"""Red team: templates kept at a site (``template_storage = site``).

The server must only ever hold ciphertext: after an enrollment, no column of any row of any
table holds the template in any encoding. Whoever reads the server (its owner, a kiosk's
role, a backup) without the site key cannot open a sealed template, nor make a kiosk use a
sealed template under another member's name.
"""

from __future__ import annotations

import base64
import json
import re
import struct

import psycopg
import pytest

from tests.test_site import kiosk, make_site, open_kiosk, pg_server, site_url, sync  # noqa: F401
from tests.test_site_data import enroll_random, share_site_key


@pytest.fixture
def site(tmp_path, pg_server, site_url):
    """A, B hold the site key; C joined without it. A enrolled M001 in site storage."""
    a, b, c = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate", "South gate")
    share_site_key(tmp_path, a, b)
    kiosk(a, "settings", "set", "template_storage", "site")
    with open_kiosk(a) as ka:
        template = enroll_random(ka, "M001", 11)
    sync(a, b, c)
    return a, b, c, template


def owner(pg_server, site_url) -> psycopg.Connection:
    return psycopg.connect(site_url, password=pg_server.password, autocommit=True)


def test_no_column_of_any_row_on_the_server_holds_the_template(site, pg_server, site_url):
    a, b, c, template = site
    raw = template.tobytes()
    with owner(pg_server, site_url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        text = "\n".join(str(r[0]) for t in tables for r in conn.execute(f'SELECT row_to_json(t)::text FROM "{t}" t'))
        assert conn.execute("SELECT count(*) FROM changes WHERE body ? 'sealed'").fetchone()[0] == 1  # it is there
    assert "changes" in tables and "audit" in tables
    chunks = [raw[i:i + 12] for i in range(0, len(raw) - 12, 4)]  # every float-aligned run of three floats
    for chunk in chunks:
        assert chunk.hex() not in text.lower()
        for shift in range(3):  # base64 of the chunk at each alignment, its padding-free middle
            middle = base64.b64encode(b"\0" * shift + chunk).decode()[4:-4]
            assert middle not in text
    for token in re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", text):  # every base64 text decoded
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            continue
        assert not any(chunk in decoded for chunk in chunks)
    floats = struct.unpack("128f", raw)
    for f in floats[:8]:  # the template as numbers
        assert f"{f:.6f}"[:8] not in text


def test_a_kiosk_role_without_the_site_key_cannot_open_a_sealed_template(site, tmp_path):
    from kiosk.domain.site_keys import SiteKey, SiteKeyring
    from kiosk.domain.site_templates import open_sealed

    a, b, c, template = site
    link = json.loads((c / "site.json").read_text())
    with psycopg.connect(link["url"], user=link["role"], password=link["password"], autocommit=True) as conn:
        (body,) = [r[0] for r in conn.execute("SELECT body FROM changes WHERE body ? 'sealed'")]
    assert open_sealed(SiteKeyring(c), body) is None  # C's own keyring: not the site's key
    with open_kiosk(c) as kc:
        assert kc.store.templates.get("M001") is None
    forged = tmp_path / "forged"
    forged.mkdir()
    ring = SiteKeyring(forged)
    ring._save([SiteKey(bytes.fromhex(body["key"]), b"\x01" * 32, "2026-01-01T00:00:00+00:00")])  # the id, guessed material
    with pytest.raises(ValueError):
        open_sealed(ring, body)
    assert open_sealed(SiteKeyring(b), body) == template.tobytes()  # the site's key opens it


def test_a_sealed_template_moved_to_another_member_on_the_server_is_never_used(site, pg_server, site_url, tmp_path):
    a, b, c, template = site
    share_site_key(tmp_path, a, c)
    with open_kiosk(c) as kc:  # C has a consent for M002 to hang a moved template on
        from tests.test_site import enroll

        enroll(kc, "M002")
        kc.store.templates.delete("M002")
    sync(c, a)
    with owner(pg_server, site_url) as conn:  # whoever owns the server moves M001's sealed template to M002
        gid = conn.execute("SELECT body->>'gid' FROM changes WHERE tbl = 'consents' AND op = 'insert' "
                           "AND body->>'member_no' = 'M002'").fetchone()[0]
        conn.execute("UPDATE changes SET body = body || jsonb_build_object('member_no', 'M002', 'consent', %s::text) "
                     "WHERE body ? 'sealed'", (gid,))
    d = tmp_path / "Late_gate"  # a kiosk that joins now receives the moved change
    kiosk(d, "init")
    code = kiosk(a, "site", "code", site_url, env=pg_server.admin_env()).stdout.strip()
    kiosk(d, "site", "join", site_url, "--name", "Late gate", env={"KIOSK_SITE_JOIN_CODE": code})
    share_site_key(tmp_path, a, d)
    sync(d)
    with open_kiosk(d) as kd:
        assert kd.store.templates.get("M002") is None and kd.store.templates.get("M001") is None
        assert not kd.faces.has_face("M002")
