"""The office's staff console seat of a site, over a real PostgreSQL server: ``kiosk site join
URL --name Office --console`` makes a data folder that holds the site's members, staff and
settings and is marked as an office seat on the server and in its ``site.json``; ``kiosk
console`` opens the site's view there, signed in with a staff account of the site, and shows
the seat apart from the gates (no camera, face engine or liveness; online from its exchanges;
never an offline gate); a help request at a gate reaches it; the visitor kiosk refuses its
folder; ``kiosk site status`` tells gates from office consoles; and a server set up before
seats had kinds keeps working."""

from __future__ import annotations

import json
import time

import psycopg
import pytest

from kiosk.domain.staff import StaffAccounts
from kiosk.ui.sound import Sound
from tests.test_site import kiosk, make_site, open_kiosk
from tests.test_site_console import console_on, pg_server, rows, sign_in, start_kiosk_b  # noqa: F401  (a fixture)
from tests.test_ui_staff import ADMIN, TIMEOUT, click


@pytest.fixture(scope="module")
def site(tmp_path_factory, pg_server):
    """Two gates (Main gate made the site and its administrator; North gate runs in a process of
    its own during a test) and the office's console seat, joined last on a folder it made."""
    tmp = tmp_path_factory.mktemp("site")
    url = pg_server.create_database("office")
    main, north = make_site(tmp, pg_server, url, "Main gate", "North gate")
    with open_kiosk(main) as k:
        StaffAccounts(k.store).add("Ada Admin", "administrator", ADMIN)
    kiosk(main, "site", "sync")
    office = tmp / "office"
    code = kiosk(main, "site", "code", url, env=pg_server.admin_env()).stdout.strip()
    joined = kiosk(office, "site", "join", url, "--name", "Office", "--console", env={"KIOSK_SITE_JOIN_CODE": code})
    assert "office console seat 'Office'" in joined.stdout and "kiosk console --data-dir" in joined.stdout
    return url, main, north, office


def seats(pg_server) -> dict[str, str | None]:
    with psycopg.connect(pg_server.url("office"), password=pg_server.password, autocommit=True) as conn:
        return dict(conn.execute("SELECT name, seat FROM kiosks").fetchall())  # type: ignore[arg-type]


def test_an_office_joins_as_a_console_seat_with_the_sites_members_and_staff(site, pg_server):
    url, main, north, office = site
    assert json.loads((office / "site.json").read_text())["seat"] == "office"
    assert json.loads((main / "site.json").read_text())["seat"] == "gate"
    assert seats(pg_server) == {"Main gate": None, "North gate": None, "Office": "office"}
    with open_kiosk(office) as k:
        assert [m.member_no for m in k.store.members.search()] == ["M001", "M002", "M003", "M004"]
        assert k.pins.check("M001", "1234")
        assert [s.name for s in StaffAccounts(k.store).list()] == ["Ada Admin"]
    kiosk(office, "members", "set-pin", "M003", "--pin", "4321")  # audited at the office, shared with the site
    kiosk(office, "site", "sync")
    kiosk(main, "site", "sync")
    from kiosk.site import verify_site_audit

    with open_kiosk(main) as k:
        assert k.pins.check("M003", "4321")
        chains = {c.name: c for c in verify_site_audit(k)}
    assert chains["Office"].ok and chains["Office"].records > 0  # its own chain, whole on the server


def test_the_visitor_kiosk_refuses_the_office_seats_folder(site):
    from kiosk.app import create_runtime, refuse_office_seat
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.errors import SiteError

    url, main, north, office = site
    r = kiosk(office, "--windowed", check=False)
    assert r.returncode == 2
    [line] = r.stderr.strip().splitlines()
    assert "office console seat 'Office'" in line and "no camera and no gate" in line
    assert f"kiosk console --data-dir {office}" in line
    with pytest.raises(SiteError, match="office console seat"):
        create_runtime(office, engine=FakeEngine())
    refuse_office_seat(main)  # a gate's folder starts as ever


def test_site_status_tells_gates_from_the_office_console(site):
    url, main, north, office = site
    kiosk(office, "site", "sync")
    out = kiosk(main, "site", "status").stdout.splitlines()
    lines = {name: next(line for line in out if f" {name} " in line) for name in ("Main gate", "North gate", "Office")}
    assert "office console" in lines["Office"] and " online " in lines["Office"]  # its exchange a moment ago
    for gate in ("Main gate", "North gate"):
        assert " gate " in lines[gate] and " offline " in lines[gate]  # no visitor screen has run
    assert out[-1].startswith("2 gate(s), 2 offline; 1 office console(s); ")


@pytest.mark.parametrize("statement", ["UPDATE kiosks SET seat = NULL",
                                       "UPDATE kiosks SET seat = 'office'",
                                       "SELECT site_register('Back office', '1', 'office')"])
def test_no_member_of_the_site_changes_what_seat_it_holds(site, pg_server, statement):
    for folder in site[1:]:
        link = json.loads((folder / "site.json").read_text())
        with psycopg.connect(link["url"], user=link["role"], password=link["password"], autocommit=True) as conn:
            with pytest.raises(psycopg.Error):
                conn.execute(statement)
    assert seats(pg_server) == {"Main gate": None, "North gate": None, "Office": "office"}


@pytest.fixture
def office_console(qtbot, site):
    with console_on(qtbot, site[3]) as w:
        yield w


def test_the_office_console_lists_the_gates_and_a_help_request_at_a_gate_reaches_it(qtbot, office_console, site):
    w = office_console
    sign_in(qtbot, w)  # the site's administrator, whose account came through the site
    assert w.staff.session.name == "Ada Admin"
    qtbot.waitUntil(lambda: "Office (this office console)" in rows(w), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: rows(w)["Office (this office console)"][1] == "online", timeout=TIMEOUT)
    office = rows(w)["Office (this office console)"]
    assert office[4:9] == ["—"] * 5  # no camera, face engine, liveness, visitors or faces of its own
    assert set(rows(w)) == {"Main gate", "North gate", "Office (this office console)"}
    assert "0 of 2 kiosks online" in w.kiosks.site_line.text()  # the office seat is no gate
    cards = w.staff.dashboard.cards
    assert not cards["gate"].isVisible() and cards["members"].isVisible()  # it has no gate output to show
    assert w.staff.show_screen("settings")
    assert "each kiosk keeps its own" in w.settings_note.text()
    b = start_kiosk_b(site[2])
    try:
        qtbot.waitUntil(lambda: rows(w)["North gate"][1] == "online", timeout=TIMEOUT)
        assert rows(w)["North gate"][4:7] == ["working", "ready", "0"]
        assert "1 of 2 kiosks online" in w.kiosks.site_line.text()
        b.stdin.write("ask\n")
        b.stdin.flush()
        word, at = b.stdout.readline().split()
        assert word == "asked"
        left_ms = int((float(at) + 2.0 - time.time()) * 1000)
        qtbot.waitUntil(lambda: w.help_banner.isVisible(), timeout=max(left_ms, 1))
        assert "Help requested at North gate by member M002" in w.help_banner.text()
        qtbot.waitUntil(lambda: Sound.ALERT in w.sounds.played, timeout=TIMEOUT)
        click(qtbot, w.help_ack)
        out, _ = b.communicate(timeout=60)  # the acknowledgement reached North gate through the site
        assert out.strip() == "acknowledged by Ada Admin" and b.returncode == 0
    finally:
        if b.poll() is None:
            b.kill()
            b.wait()


def test_a_site_server_without_seats_keeps_working(tmp_path, pg_server):
    from kiosk.site import Seat, site_status
    from kiosk.site.console import read_site

    url = pg_server.create_database("older")
    main, north = make_site(tmp_path, pg_server, url, "Main gate", "North gate")
    with psycopg.connect(pg_server.url("older"), password=pg_server.password, autocommit=True) as conn:
        conn.execute("DROP FUNCTION site_register(text, text, text)")
        conn.execute("ALTER TABLE kiosks DROP COLUMN seat")
    kiosk(north, "site", "sync")
    out = kiosk(main, "site", "status").stdout
    assert out.splitlines()[-1].startswith("2 gate(s), 2 offline; 0 office console(s); ")
    with open_kiosk(main) as k:
        from kiosk.site import load_link

        view = read_site(k, load_link(main))
        assert view.reachable and [s.seat for s in view.kiosks] == [Seat.GATE, Seat.GATE]
        assert [s.seat for s in site_status(k)[0]] == [Seat.GATE, Seat.GATE]
    code = kiosk(main, "site", "code", url, env=pg_server.admin_env()).stdout.strip()
    r = kiosk(tmp_path / "office", "site", "join", url, "--name", "Office", "--console",
              env={"KIOSK_SITE_JOIN_CODE": code}, check=False)
    assert r.returncode == 2 and "does not know office console seats yet" in r.stderr
    assert not (tmp_path / "office" / "site.json").exists()
    kiosk(tmp_path / "east", "init")
    kiosk(tmp_path / "east", "site", "join", url, "--name", "East gate", env={"KIOSK_SITE_JOIN_CODE": code})
