"""Kiosks of one site whose clocks are hours apart, each a real process with a skewed wall
clock (tests/skewed_child.py moves ``time.time`` and ``datetime.now`` before the kiosk loads).

What must hold: nothing lost, nothing applied twice, the server's order decides (not the
kiosks' clocks), every chain verifies, the lockout counts agree, and the offline face pause is
measured on the machine's own running time, so a wall clock set hours ahead or back in between
neither pauses face nor keeps it going."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone

import psycopg

from tests.test_site import ROOT, kiosk, make_site, open_kiosk, pg_server, site_url  # noqa: F401

HOURS = 3 * 3600
CHILD = ROOT / "tests" / "skewed_child.py"


def run(data, action: str, *args: str, wall: float = 0.0, boot: float = 0.0) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_DB_KEY", "PGPASSWORD")}
    r = subprocess.run([sys.executable, str(CHILD), str(wall), str(boot), str(data), action, *args],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_kiosks_hours_apart_agree_on_counts_order_and_chains(tmp_path, pg_server, site_url):
    a, b, c = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate", "South gate")
    skew = {a: 0.0, b: float(HOURS), c: -float(HOURS)}  # North 3 h ahead, South 3 h behind

    def sync_all(*order):
        for data in order or (a, b, c, a, b):
            run(data, "sync", wall=skew[data])

    assert abs(run(b, "now", wall=skew[b])["time"] - time.time() - HOURS) < 60  # its clock really is off
    sync_all()
    # wrong PINs at every gate add up, each counted once, whatever the clocks
    for data in (b, c, a):
        assert run(data, "pin", "M001", "0000", wall=skew[data])["outcome"] == "wrong"
    sync_all()
    for data in (a, b, c):
        with open_kiosk(data) as k:
            assert k.store.members.pin_state("M001")[1] == 3
    for _ in range(2):  # the fourth and fifth of the site, at the gate 3 h behind: it locks on its own clock
        assert run(c, "pin", "M001", "0000", wall=skew[c])["outcome"] == "wrong"
    sync_all()
    for data in (a, b, c):
        with open_kiosk(data) as k:
            assert k.store.members.pin_state("M001")[1] == 5
        r = run(data, "pin", "M001", "1234", wall=skew[data])  # the right PIN, refused at every gate
        assert r["outcome"] == "locked" and 0 < r["seconds_locked"] <= 30
    # the server's order decides: the gate 3 h ahead acts first, the one 3 h behind after it
    run(b, "setting", "face_retries", "4", wall=skew[b])
    run(b, "active", "M003", "0", wall=skew[b])
    sync_all(b, c)  # South has seen the removal: its re-adding comes after it
    run(c, "setting", "face_retries", "2", wall=skew[c])
    run(c, "active", "M003", "1", wall=skew[c])
    sync_all(c, a, b)
    for data in (a, b, c):
        with open_kiosk(data) as k:
            assert k.settings.face_retries == 2  # the later change, though its clock says 6 h earlier
            assert k.store.members.get("M003").active is True  # re-added after the removal, by the server's order
    # nothing lost, nothing twice: the server holds every change each kiosk ever queued, once
    admin = pg_server.password
    with psycopg.connect(site_url, password=admin) as conn:
        for data in (a, b, c):
            kid = json.loads((data / "site.json").read_text())["kiosk_id"]
            count, top = conn.execute("SELECT count(*), max(kiosk_seq) FROM changes WHERE kiosk_id = %s",
                                      (kid,)).fetchone()
            with open_kiosk(data) as k:
                made = k.store.query("SELECT seq FROM sqlite_sequence WHERE name = 'site_outbox'")[0][0]
                assert k.store.query("SELECT count(*) FROM site_outbox")[0][0] == 0
            assert count == top == made
        failures = conn.execute("SELECT sum((body->>'delta')::int) FROM changes WHERE op = 'pin_failed' "
                                "AND body->>'member_no' = 'M001'").fetchone()[0]
        assert failures == 5  # the server's count agrees with every kiosk's
        north = json.loads((b / "site.json").read_text())["kiosk_id"]
        latest = conn.execute("SELECT max(ts) FROM audit WHERE kiosk_id = %s", (north,)).fetchone()[0]
        assert latest > datetime.now(timezone.utc).isoformat()[:19]  # its records carry its clock, hours ahead
    r = kiosk(a, "audit", "verify", "--site")  # every chain, though their times are hours apart
    for name in ("Main gate", "North gate", "South gate"):
        assert any(f"({name}):" in line and line.endswith("intact") for line in r.stdout.splitlines()), r.stdout


def test_the_offline_face_pause_follows_the_machines_running_time(tmp_path, pg_server, site_url):
    (a,) = make_site(tmp_path, pg_server, site_url, "Main gate")
    run(a, "sync")
    assert run(a, "face", boot=60)["face"] == "allowed"
    # the wall clock corrected 3 h back after the contact, and 16 minutes without the site: paused
    r = run(a, "face", wall=-HOURS + 16 * 60, boot=16 * 60)
    assert r["face"] == "paused" and "for 16 minutes" in r["why"]
    # the wall clock jumped 3 h ahead a minute after the contact: face goes on
    assert run(a, "face", wall=HOURS, boot=60)["face"] == "allowed"
    # a kiosk 3 h ahead all along: its contact and its check on the same skewed clock
    run(a, "sync", wall=HOURS)
    assert run(a, "face", wall=HOURS, boot=14 * 60)["face"] == "allowed"
    assert run(a, "face", wall=HOURS, boot=16 * 60)["face"] == "paused"
