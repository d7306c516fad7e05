"""A site of kiosks on a real PostgreSQL server: kiosks join with one-time codes and share
members, PIN hashes, lockouts, consents and withdrawals, revocations, staff, settings and
alerts; each keeps its audit chain whole on the server. Every exchange here is a real
``kiosk site ...`` process; the kiosks' own decisions run in this process on their stores."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pg
from tests.conftest import SAMPLE_CSV

ROOT = Path(__file__).resolve().parents[1]
_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    server = pg.start_server()
    yield server
    pg.remove(server)


@pytest.fixture
def site_url(pg_server) -> str:
    return pg_server.create_database(f"site{next(_names)}")


def kiosk(data: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env or {})}
    env.pop("KIOSK_DB_KEY", None)
    r = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), *args], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"kiosk {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r


def open_kiosk(data: Path):
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine

    return create(data, engine=FakeEngine())


def make_site(tmp_path: Path, pg_server, url: str, *names: str) -> list[Path]:
    """The first kiosk (four members, PIN 1234 for M001) creates the site; the others join."""
    folders = []
    csv = tmp_path / "members.csv"
    csv.write_text(SAMPLE_CSV)
    for i, name in enumerate(names):
        data = tmp_path / name.replace(" ", "_")
        kiosk(data, "init")
        if i == 0:
            kiosk(data, "members", "import", str(csv))
            kiosk(data, "members", "set-pin", "M001", "--pin", "1234")
            kiosk(data, "site", "create", url, "--name", name, env=pg_server.admin_env())
        else:
            code = kiosk(data, "site", "code", url, env=pg_server.admin_env()).stdout.strip()
            kiosk(data, "site", "join", url, "--name", name, env={"KIOSK_SITE_JOIN_CODE": code})
        folders.append(data)
    return folders


def sync(*folders: Path) -> None:
    for data in folders:
        kiosk(data, "site", "sync")


def test_a_joined_kiosk_has_the_sites_members_and_pins(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka, open_kiosk(b) as kb:
        assert [m.member_no for m in kb.store.members.search()] == ["M001", "M002", "M003", "M004"]
        assert kb.store.members.pin_state("M001")[0] == ka.store.members.pin_state("M001")[0]
        assert kb.pins.check("M001", "1234")
    link = json.loads((b / "site.json").read_text())
    assert (b / "site.json").stat().st_mode & 0o777 == 0o600
    assert link["password"] not in (b / "kiosk.log").read_text()
    status = kiosk(b, "site", "status").stdout
    assert "Main gate" in status and "North gate" in status


def test_a_pin_set_at_one_gate_works_at_the_other(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    kiosk(b, "members", "set-pin", "M002", "--pin", "5678")
    sync(b, a)
    with open_kiosk(a) as ka:
        assert ka.pins.check("M002", "5678")


def test_wrong_pins_at_two_gates_add_up_to_one_lockout(tmp_path, pg_server, site_url):
    from kiosk.errors import LockedOutError

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        for _ in range(3):
            assert not ka.pins.check("M001", "0000")
    sync(a, b)
    with open_kiosk(b) as kb:
        assert kb.store.members.pin_state("M001")[1] == 3
        for _ in range(2):
            assert not kb.pins.check("M001", "0000")  # the fifth wrong PIN of the site locks
        with pytest.raises(LockedOutError):
            kb.pins.check("M001", "1234")
    sync(b, a)
    with open_kiosk(a) as ka:
        assert ka.store.members.pin_state("M001")[1] == 5
        with pytest.raises(LockedOutError):
            ka.pins.check("M001", "1234")


def enroll(k, member_no: str) -> int:
    """What an enrollment leaves in the store: a consent, older ones superseded, the template."""
    import numpy as np

    with k.store.transaction():
        older = [c.id for c in k.store.consents.for_member(member_no) if c.withdrawn_at is None]
        cid = k.store.consents.add(member_no=member_no, notice_version="1", notice_sha256="0" * 64, given_by="self",
                                   age_band="14_or_older", method="kiosk", language="en")
        for o in older:
            k.store.consents.withdraw(o)
        k.store.templates.put(member_no, np.ones(128, dtype=np.float32), "fake", "2030-01-01T00:00:00+00:00", cid)
    return cid


def open_consents(k, member_no: str) -> list:
    return [c for c in k.store.consents.for_member(member_no) if c.withdrawn_at is None]


def test_a_withdrawal_at_one_gate_ends_the_consent_and_the_template_at_the_other(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        enroll(ka, "M001")
    sync(a, b)
    with open_kiosk(b) as kb:
        assert len(open_consents(kb, "M001")) == 1  # the consent record is the site's; the template stays at A
        assert kb.store.templates.get("M001") is None
        kb.faces.forget("M001")
    sync(b, a)
    with open_kiosk(a) as ka:
        assert open_consents(ka, "M001") == []
        assert ka.store.templates.get("M001") is None
        assert not ka.faces.has_face("M001")


@pytest.mark.parametrize("first", ["enrolling", "withdrawing"])
def test_a_withdrawal_wins_over_an_enrollment_made_at_the_same_time_elsewhere(tmp_path, pg_server, site_url, first):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        enroll(ka, "M001")
    sync(a, b)
    with open_kiosk(b) as kb:  # the member withdraws at B ...
        kb.faces.forget("M001")
    with open_kiosk(a) as ka:  # ... while, before A heard of it, a new enrollment is made at A
        enroll(ka, "M001")
    sync(*((a, b, a) if first == "enrolling" else (b, a, b)))
    for data in (a, b):
        with open_kiosk(data) as k:
            assert open_consents(k, "M001") == [], data.name
            assert k.store.templates.get("M001") is None
    # an enrollment made after the withdrawal was seen is a new consent, and it stands everywhere
    with open_kiosk(a) as ka:
        enroll(ka, "M001")
    sync(a, b)
    for data in (a, b):
        with open_kiosk(data) as k:
            assert len(open_consents(k, "M001")) == 1, data.name
    with open_kiosk(a) as ka:
        assert ka.faces.has_face("M001")


def test_a_removal_from_the_membership_list_wins_over_an_edit_made_at_the_same_time(tmp_path, pg_server, site_url):
    from kiosk.domain.members import import_members, set_member_active

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        set_member_active(ka.store, "M002", False)
    with open_kiosk(b) as kb:  # B has not heard of it: it sets a PIN and imports the list again
        kb.pins.set("M002", "2468")
        import_members(kb.store, SAMPLE_CSV.replace("Bob Birthless", "Bob Renamed"))
    sync(a, b, a)
    for data in (a, b):
        with open_kiosk(data) as k:
            m = k.store.members.get("M002")
            assert m is not None and not m.active, data.name
            assert m.display_name == "Bob Renamed" and m.has_pin  # the edit itself stands


def test_otherwise_the_servers_order_decides(tmp_path, pg_server, site_url):
    from kiosk.domain.members import import_members

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        import_members(ka.store, SAMPLE_CSV.replace("Cathy Child", "Cathy at A"))
    with open_kiosk(b) as kb:
        import_members(kb.store, SAMPLE_CSV.replace("Cathy Child", "Cathy at B"))
    sync(b, a, b)  # B's change reached the server first, A's after it: A's is the site's
    for data in (a, b):
        with open_kiosk(data) as k:
            assert k.store.members.get("M003").display_name == "Cathy at A", data.name


def test_every_kiosks_audit_chain_is_whole_on_the_server(tmp_path, pg_server, site_url):
    import psycopg

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    kiosk(b, "members", "set-pin", "M003", "--pin", "1357")
    sync(b, a)
    r = kiosk(a, "audit", "verify", "--site")
    assert "kiosk 1 (Main gate)" in r.stdout and "kiosk 2 (North gate)" in r.stdout and "NOT" not in r.stdout
    with psycopg.connect(site_url, password=pg_server.password, autocommit=True) as conn:  # the server's owner
        conn.execute("UPDATE audit SET actor = 'someone else' WHERE kiosk_id = 2 AND seq = 1")
    r = kiosk(a, "audit", "verify", "--site", check=False)
    assert r.returncode == 1 and "kiosk 2 (North gate)" in r.stderr and "record 1 " in r.stderr
    assert "kiosk 1 (Main gate)" in r.stdout and "intact" in r.stdout


def test_a_running_kiosk_hears_of_a_change_at_another_within_seconds(tmp_path, pg_server, site_url):
    """Both kiosks run their exchange in its own thread (the kiosk app's); a change at A reaches
    B's store through LISTEN/NOTIFY. Prints the propagation it measured (README: Running a site)."""
    import statistics
    import time

    from kiosk.app import build_runtime
    from kiosk.camera.encoder import InProcessEncoder

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    ka, kb = open_kiosk(a), open_kiosk(b)
    ra = build_runtime(ka, encoder=InProcessEncoder(ka.engine), gate=lambda m: True)
    rb = build_runtime(kb, encoder=InProcessEncoder(kb.engine), gate=lambda m: True)
    try:
        assert ra.site is not None and rb.site is not None
        from kiosk.domain.members import set_member_active

        took = []
        for i in range(20):
            active = i % 2 == 1
            start = time.monotonic()
            set_member_active(ka.store, "M004", active)  # a removal from the list at A, and back
            while kb.store.members.get("M004").active != active:
                assert time.monotonic() - start < 30, "the change never arrived"
                time.sleep(0.01)
            took.append(time.monotonic() - start)
        took.sort()
        print(f"propagation over {len(took)} changes: p50 {statistics.median(took):.3f} s, "
              f"max {took[-1]:.3f} s")
    finally:
        ra.close()
        rb.close()
    assert ra.site._thread.is_alive() is False and rb.site._thread.is_alive() is False


def test_a_kiosks_own_change_leaves_at_once_not_at_the_next_round(tmp_path, pg_server, site_url):
    """The exchange wakes when its kiosk commits a change (and when the site announces one),
    so it does not wait for its next round: with a round of a minute, a change still reaches
    the server within seconds. An idle exchange makes no rounds in between."""
    import time

    from kiosk.domain.members import set_member_active
    from kiosk.site import load_link
    from kiosk.site.sync import SyncWorker

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka, open_kiosk(b) as kb:
        wa = SyncWorker(ka.store, load_link(a), interval=60.0).start()
        wb = SyncWorker(kb.store, load_link(b), interval=60.0).start()
        try:
            start = time.monotonic()
            while wa.exchanges < 1 or wb.exchanges < 1:
                assert time.monotonic() - start < 30, (wa.last_error, wb.last_error)
                time.sleep(0.01)
            time.sleep(1.0)
            assert wa.exchanges + wb.exchanges <= 4  # no polling in between: the first rounds only
            for active in (False, True, False):
                start = time.monotonic()
                set_member_active(ka.store, "M004", active)
                while kb.store.members.get("M004").active != active:
                    assert time.monotonic() - start < 20, "the change waited for the next round"
                    time.sleep(0.01)
        finally:
            wa.stop()
            wb.stop()
    assert not wa._thread.is_alive() and not wb._thread.is_alive()


def test_face_use_pauses_at_a_kiosk_that_has_not_heard_from_its_site(tmp_path, pg_server, site_url):
    from datetime import datetime, timedelta, timezone

    from kiosk import ops
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.domain import boot
    from kiosk.errors import FaceNotAllowedError

    (a,) = make_site(tmp_path, pg_server, site_url, "Main gate")
    with open_kiosk(a) as ka:
        enroll(ka, "M001")
        assert ka.faces.has_face("M001")
    sync(a)
    for minutes, paused in ((14, False), (16, True)):
        later = datetime.now(timezone.utc) + timedelta(minutes=minutes)
        with create(a, engine=FakeEngine(), clock=lambda: later) as k:
            with k.store.transaction() as c:  # the contact noted on the machine's running time, `minutes` ago
                boot_id, _, seconds = boot.stamp().rpartition(":")
                c.execute("UPDATE site_state SET value = ? WHERE key = 'last_contact_boot'",
                          (f"{boot_id}:{float(seconds) - minutes * 60}",))
            assert k.faces.has_face("M001") is not paused
            status = ops.dashboard_snapshot(k, ops.Actor.cli(), now=later, verify_chain=False)
            assert status.face_paused_offline is paused
            if paused:
                with pytest.raises(FaceNotAllowedError, match="not heard from its site for 16 minutes"):
                    k.faces.check_allowed()
                assert any("no contact with the site" in w for w in status.warnings)
                assert k.pins.check("M001", "1234")  # card and PIN go on
    sync(a)  # contact again: face is offered again
    with open_kiosk(a) as ka:
        assert ka.faces.has_face("M001")


def test_a_standalone_kiosk_never_loads_the_site_client(tmp_path):
    code = ("import sys; from kiosk.app import create_runtime; from kiosk.biometrics.fake import FakeEngine;"
            "from kiosk.camera.encoder import InProcessEncoder; e = FakeEngine();"
            f"r = create_runtime({str(tmp_path / 'd')!r}, engine=e, encoder=InProcessEncoder(e), init=True);"
            "assert r.site is None;"
            "r.close(); print('psycopg' in sys.modules, 'kiosk.site' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout.split() == ["False", "False"], r.stderr
