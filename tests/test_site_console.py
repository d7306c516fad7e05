"""``kiosk console`` on a kiosk of a site, over a real PostgreSQL server: it lists every kiosk
of the site with its state, a help request made at another kiosk (a real process running
that kiosk's exchange with the site) appears within 2 s with a sound, says at which kiosk,
and its acknowledgement is audited and reaches that kiosk through the site; each kiosk's
audit chain is checked as the server holds it; and with the server stopped the console says
since when the site is unreachable and goes on with its own data."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from kiosk import ops
from kiosk.domain.staff import StaffAccounts
from kiosk.ui.sound import Sound
from tests import pg
from tests.test_site import ROOT, make_site, open_kiosk
from tests.test_ui_staff import ADMIN, TIMEOUT, audit, click

KIOSK_B = textwrap.dedent("""
    import sys, time
    from kiosk import ops
    from kiosk.app import create, start_site_sync
    from kiosk.biometrics.fake import FakeEngine

    with create(sys.argv[1], engine=FakeEngine()) as k:
        ops.record_heartbeat(k, ops.Actor.system(), camera="worked", engine="ready", screen="pin")
        worker = start_site_sync(k)
        try:
            print("ready", flush=True)
            sys.stdin.readline()
            alert = ops.ask_staff(k, ops.Actor.visitor("M002"), "pin")
            print("asked", time.time(), flush=True)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                [(at, by)] = k.store.query("SELECT acknowledged_at, acknowledged_by FROM alerts WHERE id = ?", (alert.id,))
                if at:
                    print("acknowledged by", by, flush=True)
                    break
                worker._stop.wait(0.1)
        finally:
            worker.stop()
""")


@pytest.fixture(scope="module")
def pg_server():
    server = pg.start_server()
    yield server
    pg.remove(server)


@pytest.fixture(scope="module")
def site(tmp_path_factory, pg_server):
    """Three kiosks of one site: Main gate (the console opens its folder), North gate (runs in
    a process of its own during the tests), East gate (joined, never started)."""
    tmp = tmp_path_factory.mktemp("site")
    url = pg_server.create_database("console")
    folders = make_site(tmp, pg_server, url, "Main gate", "North gate", "East gate")
    with open_kiosk(folders[0]) as k:
        StaffAccounts(k.store).add("Ada Admin", "administrator", ADMIN)
    return folders


@contextmanager
def console_on(qtbot, folder):
    """The staff console on ``folder``, at 1280x800, in English, started."""
    from kiosk.app import create_console
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.ui.console import build_console

    runtime = create_console(folder, engine=FakeEngine())
    w = build_console(runtime, language="en")
    try:
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        w.start()
        yield w
    finally:
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
        runtime.close()


@pytest.fixture
def console(qtbot, site):
    with console_on(qtbot, site[0]) as w:
        yield w


def sign_in(qtbot, w):
    pad = w.staff.login.keypad
    for d in ADMIN:
        click(qtbot, pad.keys[d])
    click(qtbot, pad.ok_key)
    qtbot.waitUntil(lambda: w.staff.session is not None, timeout=TIMEOUT)


def rows(w) -> dict[str, list[str]]:
    t = w.kiosks.table
    return {t.item(r, 0).text(): [t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())}


def start_kiosk_b(folder: Path) -> subprocess.Popen:
    env = {**os.environ}
    env.pop("KIOSK_DB_KEY", None)
    p = subprocess.Popen([sys.executable, "-c", KIOSK_B, str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, env=env, cwd=ROOT)
    assert p.stdout.readline().strip() == "ready"
    return p


def test_a_help_request_at_another_kiosk_reaches_the_console_and_its_acknowledgement_goes_back(qtbot, console, site,
                                                                                                pg_server):
    w = console
    sign_in(qtbot, w)
    b = start_kiosk_b(site[1])
    try:
        qtbot.waitUntil(lambda: rows(w).get("North gate", [""] * 10)[1] == "online", timeout=TIMEOUT)
        north, east, main = rows(w)["North gate"], rows(w)["East gate"], rows(w)["Main gate (this kiosk)"]
        assert north[4:7] == ["working", "ready", "0"]  # camera, face engine, liveness refusals as B reported
        assert east[1] == "offline" and east[4] == "unknown"  # joined, never started
        assert main[1] == "offline"  # no kiosk screen runs on this folder: only the console
        assert "1 of 3 kiosks online (offline after 90 s without contact)" in w.kiosks.site_line.text()
        assert not w.help_banner.isVisible()
        b.stdin.write("ask\n")
        b.stdin.flush()
        word, at = b.stdout.readline().split()
        assert word == "asked"
        left_ms = int((float(at) + 2.0 - time.time()) * 1000)
        qtbot.waitUntil(lambda: w.help_banner.isVisible(), timeout=max(left_ms, 1))  # 2 s from the request, or fail
        print(f"help request at another kiosk to the console: {time.time() - float(at):.2f} s")
        text = w.help_banner.text()
        assert "Help requested at North gate by member M002" in text and "Asked on the screen: PIN" in text
        qtbot.waitUntil(lambda: Sound.ALERT in w.sounds.played, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: rows(w)["North gate"][7] == "1", timeout=TIMEOUT)  # its help requests
        click(qtbot, w.help_ack)
        with open_kiosk(site[0]) as a:
            qtbot.waitUntil(lambda: audit(a, "alert_acknowledged") != [], timeout=TIMEOUT)
            [ack] = audit(a, "alert_acknowledged")
            assert ack.actor == "Ada Admin" and ack.subject == "M002"
        out, _ = b.communicate(timeout=60)  # the acknowledgement reached North gate through the site
        assert out.strip() == "acknowledged by Ada Admin" and b.returncode == 0
    finally:
        if b.poll() is None:
            b.kill()
            b.wait()
    qtbot.waitUntil(lambda: not w.help_banner.isVisible(), timeout=TIMEOUT)
    with psycopg.connect(pg_server.url("console"), password=pg_server.password, autocommit=True) as conn:
        conn.execute("UPDATE kiosks SET heartbeat = now() - interval '91 seconds' WHERE name = 'North gate'")
    qtbot.waitUntil(lambda: rows(w)["North gate"][1] == "offline", timeout=TIMEOUT)  # 90 s without its screen


def test_every_kiosks_audit_chain_is_checked_as_the_site_holds_it(qtbot, console, site):
    w = console
    assert not w.chains_button.isVisible()  # staff sign in first
    sign_in(qtbot, w)
    qtbot.waitUntil(lambda: w.chains_button.isVisible(), timeout=TIMEOUT)
    assert {r[9] for r in rows(w).values()} == {"not checked"}
    click(qtbot, w.chains_button)
    qtbot.waitUntil(lambda: "not checked" not in {r[9] for r in rows(w).values()}, timeout=TIMEOUT)
    chains = {name.replace(" (this kiosk)", ""): r[9] for name, r in rows(w).items()}
    assert set(chains) == {"Main gate", "North gate", "East gate"}
    assert all(text.startswith("whole (") and text.endswith(" records)") for text in chains.values()), chains
    assert chains["Main gate"] != "whole (0 records)"  # its sign-ins are there
    assert w.staff.show_screen("settings")  # the site's settings, and which stay with this kiosk
    assert w.settings_note.isVisible() and "apply to Main gate only" in w.settings_note.text()
    click(qtbot, w.staff.logout_button)
    qtbot.waitUntil(lambda: not w.chains_button.isVisible(), timeout=TIMEOUT)
    assert {r[9] for r in rows(w).values()} == {"not checked"}  # what staff checked leaves with them


def test_with_the_server_stopped_the_console_says_since_when_and_goes_on(qtbot, console, site, pg_server):
    w = console
    qtbot.waitUntil(lambda: "kiosks online" in w.kiosks.site_line.text(), timeout=TIMEOUT)
    sign_in(qtbot, w)
    pg_server.stop()
    try:
        qtbot.waitUntil(lambda: "Site unreachable since" in w.kiosks.site_line.text(), timeout=TIMEOUT)
        assert set(rows(w)) == {"Main gate (this kiosk)", "North gate", "East gate"}  # as last seen
        assert rows(w)["North gate"][1] == "not known"
        assert w.staff.show_screen("members")  # this kiosk's own data
        qtbot.waitUntil(lambda: w.staff.screens["members"].table.rowCount() == 4, timeout=TIMEOUT)
        with open_kiosk(site[0]) as a:  # a help request at this kiosk still reaches the console
            ops.ask_staff(a, ops.Actor.visitor(None), "welcome")
        qtbot.waitUntil(lambda: w.help_banner.isVisible() and Sound.ALERT in w.sounds.played, timeout=2000)
        assert "Help requested at Main gate" in w.help_banner.text()
        click(qtbot, w.help_ack)
        qtbot.waitUntil(lambda: not w.help_banner.isVisible(), timeout=TIMEOUT)
    finally:
        pg_server.start()
    qtbot.waitUntil(lambda: "kiosks online" in w.kiosks.site_line.text(), timeout=15000)  # back by itself
