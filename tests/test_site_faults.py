"""Faults between a kiosk and its site, with real processes: the server stopped in the middle
of an exchange and started again, ``kill -9`` of a kiosk while it pushes and while it pulls,
and the connection cut in the middle of a server transaction (a TCP proxy in the test).

What must hold: nothing lost, nothing applied twice, the kiosks and the server agree on every
count, a lockout never forgets a failure, and every audit chain verifies.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tests.test_site import ROOT, kiosk, make_site, open_kiosk, pg_server, site_url, sync  # noqa: F401

MEMBERS = 1500


def many_members(tmp_path, start: int = 100) -> str:
    path = tmp_path / f"many{start}.csv"
    rows = [f"X{i:05d},Member {i},1990-01-01,2030-12-31," for i in range(start, start + MEMBERS)]
    path.write_text("member_no,display_name,birth_date,valid_until,card_id\n" + "\n".join(rows) + "\n")
    return str(path)


def server_count(url: str, password: str, sql: str, *params) -> int:
    with psycopg.connect(url, password=password) as conn:
        return conn.execute(sql, params).fetchone()[0]


def kiosk_id(data) -> int:
    return json.loads((data / "site.json").read_text())["kiosk_id"]


def outbox_total(data) -> tuple[int, int]:
    """(changes this kiosk ever queued, changes still waiting)."""
    with open_kiosk(data) as k:
        made = k.store.query("SELECT seq FROM sqlite_sequence WHERE name = 'site_outbox'")
        return (made[0][0] if made else 0), k.store.query("SELECT count(*) FROM site_outbox")[0][0]


def start_sync(data) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_DB_KEY"}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "--data-dir", str(data), "site", "sync"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, proc: subprocess.Popen) -> bool:
    """Poll ``condition`` until it holds (True) or ``proc`` ended first (False)."""
    while not condition():
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    return True


def agree(pg_server, url, a, b) -> None:
    """Nothing lost, nothing twice: the server holds every change each kiosk ever queued, once,
    and both kiosks hold the same members, PIN counts and consents."""
    for data in (a, b):
        made, waiting = outbox_total(data)
        assert waiting == 0
        assert server_count(url, pg_server.password, "SELECT count(*) FROM changes WHERE kiosk_id = %s",
                            kiosk_id(data)) == made
    with open_kiosk(a) as ka, open_kiosk(b) as kb:
        q = "SELECT member_no, display_name, pin_hash, pin_failures, active FROM members ORDER BY member_no"
        assert ka.store.query(q) == kb.store.query(q)
        q = "SELECT member_no, withdrawn_at IS NULL FROM consents ORDER BY member_no, given_at"
        assert ka.store.query(q) == kb.store.query(q)
    for data in (a, b):
        kiosk(data, "audit", "verify", "--site")


def test_the_server_stopped_and_started_again_during_an_exchange(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        for _ in range(2):
            ka.pins.check("M001", "0000")
    kiosk(a, "members", "import", many_members(tmp_path))
    proc = start_sync(a)
    try:
        wait_for(lambda: server_count(site_url, pg_server.password, "SELECT count(*) FROM changes WHERE kiosk_id = %s",
                                      kiosk_id(a)) > 0, proc)
        pg_server.stop("immediate")  # a crash of the server: uncommitted work is gone
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
        if not _running(pg_server):
            pg_server.start()
    # while the server is down, a kiosk says so in one line and keeps its outbox
    pg_server.stop("fast")
    r = kiosk(a, "site", "sync", check=False)
    pg_server.start()
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "reach" in r.stderr
    sync(a, b, a)
    agree(pg_server, site_url, a, b)
    with open_kiosk(b) as kb:
        assert kb.store.members.count() == 4 + MEMBERS
        assert kb.store.members.pin_state("M001")[1] == 2


def _running(server) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", server.port)) == 0


@pytest.mark.parametrize("victim", ["pushing", "pulling"])
def test_kill_9_of_a_kiosk_in_the_middle_of_an_exchange(tmp_path, pg_server, site_url, victim):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        for _ in range(3):
            ka.pins.check("M001", "0000")
    kiosk(a, "members", "import", many_members(tmp_path))
    if victim == "pulling":
        sync(a)
    target = a if victim == "pushing" else b
    proc = start_sync(target)
    if victim == "pushing":
        cond = lambda: server_count(site_url, pg_server.password,  # noqa: E731
                                    "SELECT count(*) FROM changes WHERE kiosk_id = %s", kiosk_id(a)) > 0
    else:
        cond = lambda: server_count(site_url, pg_server.password,  # noqa: E731
                                    "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND state <> 'idle'",
                                    json.loads((b / "site.json").read_text())["role"]) > 0
    wait_for(cond, proc)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    with open_kiosk(b) as kb:  # a second sync; and the kiosk's own decisions go on meanwhile
        assert not kb.pins.check("M001", "9999")
    sync(b, a, b)
    agree(pg_server, site_url, a, b)
    with open_kiosk(a) as ka:
        assert ka.store.members.pin_state("M001")[1] == 4  # three at A, one at B: none forgotten


class CuttingProxy:
    """Forwards 127.0.0.1:port to the server; the first connection that has carried more than
    ``cut_after`` bytes from the client is cut in both directions (mid-transaction)."""

    def __init__(self, target_port: int, cut_after: int) -> None:
        self.target, self.cut_after = target_port, cut_after
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cuts = 0
        self.armed = True
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        self._closed = threading.Event()
        self._spawn(self._accept)

    def _spawn(self, fn, *args) -> None:
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self._threads.append(t)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self._socks += [client, upstream]
            state = {"sent": 0}
            self._spawn(self._pipe, client, upstream, state, True)
            self._spawn(self._pipe, upstream, client, state, False)

    def _pipe(self, src: socket.socket, dst: socket.socket, state: dict, from_client: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if from_client:
                    state["sent"] += len(data)
                    if self.armed and state["sent"] > self.cut_after:
                        self.armed = False
                        self.cuts += 1
                        break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self._closed.set()
        self.listener.close()
        for s in self._socks:
            s.close()
        for t in self._threads:
            t.join(5)


def test_the_connection_cut_in_the_middle_of_a_server_transaction(tmp_path, pg_server, site_url):
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    kiosk(a, "members", "import", many_members(tmp_path))
    count = "SELECT count(*) FROM changes WHERE kiosk_id = %s"
    before = server_count(site_url, pg_server.password, count, kiosk_id(a))
    proxy = CuttingProxy(pg_server.port, cut_after=60_000)  # well inside the first batch of changes
    try:
        link_file = a / "site.json"
        link = json.loads(link_file.read_text())
        direct = link["url"]
        link["url"] = direct.replace(f":{pg_server.port}/", f":{proxy.port}/")
        link_file.write_text(json.dumps(link))
        r = kiosk(a, "site", "sync", check=False)
        assert proxy.cuts == 1 and r.returncode == 2 and r.stderr.count("\n") == 1
        assert server_count(site_url, pg_server.password, count, kiosk_id(a)) == before  # the cut left nothing
        sync(a)  # through the proxy again, which now lets everything through
    finally:
        proxy.close()
        link["url"] = direct
        link_file.write_text(json.dumps(link))
    sync(b, a)
    agree(pg_server, site_url, a, b)


def test_a_kiosk_restored_from_a_backup_loses_none_of_its_new_changes(tmp_path, pg_server, site_url):
    """The restored store numbers its outbox from where the backup stood; the server holds those
    numbers already, for other changes. The new changes still reach the site, each once."""
    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    kiosk(a, "backup", str(tmp_path / "a.bak"))
    kiosk(a, "members", "set-pin", "M002", "--pin", "1111")
    sync(a)  # the server now holds this change under a number the backup will hand out again
    kiosk(a, "restore", str(tmp_path / "a.bak"))
    kiosk(a, "members", "set-pin", "M003", "--pin", "3333")
    sync(a, b)
    with open_kiosk(b) as kb:
        assert kb.pins.check("M003", "3333") and kb.pins.check("M002", "1111")
