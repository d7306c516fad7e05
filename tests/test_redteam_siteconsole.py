"""Red team: the kiosk health the staff console reads from the site. One test per property.

* A kiosk cannot make another kiosk look online, nor change the camera, face engine or
  refusals another kiosk reported (row-level security on ``kiosks``: its own row only).
* What a kiosk reports of itself names no one: after a member asked for help on the PIN
  screen, the kiosks table holds the screen's kind, never the member.
"""

from __future__ import annotations

import psycopg
import pytest

from kiosk import ops
from kiosk.site import load_link, sync
from tests import pg
from tests.test_site import make_site, open_kiosk


@pytest.fixture(scope="module")
def pg_server():
    server = pg.start_server()
    yield server
    pg.remove(server)


@pytest.fixture(scope="module")
def site(tmp_path_factory, pg_server):
    url = pg_server.create_database("redteam_console")
    return url, make_site(tmp_path_factory.mktemp("site"), pg_server, url, "Main gate", "North gate")


def test_a_kiosk_cannot_report_health_for_another_kiosk(site, pg_server):
    url, (a, b) = site
    link = load_link(b)
    with psycopg.connect(link.url, user=link.role, password=link.secret(), autocommit=True) as conn:
        done = conn.execute("UPDATE kiosks SET heartbeat = now(), last_contact = now(), camera = 'worked', "
                            "engine = 'ready', liveness_refusals = 0 WHERE name = 'Main gate'")
        assert done.rowcount == 0  # row-level security: not its row
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE kiosks SET name = 'Main gate 2', role = 'x' WHERE name = 'North gate'")
    with psycopg.connect(url, password=pg_server.password) as conn:
        row = conn.execute("SELECT heartbeat, camera, engine FROM kiosks WHERE name = 'Main gate'").fetchone()
    assert row == (None, None, None)


def test_the_reported_health_names_no_one(site, pg_server):
    url, (a, b) = site
    with open_kiosk(b) as k:
        ops.record_heartbeat(k, ops.Actor.system(), camera="worked", engine="ready", screen="pin")
        ops.ask_staff(k, ops.Actor.visitor("M002"), "pin")
        sync(k)
        name = k.store.members.get("M002").display_name
    with psycopg.connect(url, password=pg_server.password) as conn:
        row = conn.execute("SELECT * FROM kiosks WHERE name = 'North gate'").fetchone()
        columns = [d.name for d in conn.execute("SELECT * FROM kiosks LIMIT 0").description]
    report = dict(zip(columns, row))
    assert report["screen"] == "pin" and report["camera"] == "worked" and report["engine"] == "ready"
    text = " ".join(str(v) for v in report.values())
    assert "M002" not in text and name not in text
