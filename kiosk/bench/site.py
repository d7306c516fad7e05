"""``kiosk bench --site N``: N simulated kiosks, each a process of its own with its own data
folder, joined to one PostgreSQL site (a throwaway server in a temporary folder, or ``--url``
of a database the caller owns, password in PGPASSWORD).

Every kiosk runs the real exchange (:class:`kiosk.site.sync.SyncWorker`) and checks visitors
in through the real operations (:mod:`kiosk.bench.site_kiosk`); one more kiosk of no site
does the same check-ins beside them, so the local decision is timed with and without a site
in the same run, under the same load.

- *Propagation*: for every change made during the run, from the time its kiosk committed it
  (``made``, stamped in the same local transaction) to the moment the last other kiosk
  finished the exchange that applied it (each kiosk notes the time and its last applied
  change after every exchange).
  It is split at the server's ``received`` time: to the server (the kiosk's push), and
  from the server to the last kiosk (notification, pull, apply).
- *Server CPU*: user + system time of the postmaster and every process whose parent it is
  (backends, WAL writer, checkpointer...), and of its children that ended, from /proc/PID/stat
  at the start and the end of the run.
- *Sync cost*: CPU time of each kiosk's exchange thread (/proc/self/task/TID/stat).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from kiosk.bench.site_kiosk import PIN, member_nos

PROPAGATION_P95_MAX_S = 2.0
PIN_RATIO_MAX = 1.10  # "not slower", with 10 % for the noise of a shared machine
KIOSKS_TARGET = 20


def _log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def _r(x: float | None, n: int = 3) -> float | None:
    return None if x is None else round(x, n)


# -- the server's CPU ---------------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def server_cpu_s(postmaster: int) -> float:
    """CPU seconds so far of the postmaster, its live children and its children that ended."""
    tick = os.sysconf("SC_CLK_TCK")
    own = _stat(postmaster)
    if own is None:
        return 0.0
    total = sum(int(own[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            f = _stat(int(entry))
            if f is not None and int(f[1]) == postmaster:
                total += int(f[11]) + int(f[12])
    return total / tick


def _machine_busy() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


# -- the site -----------------------------------------------------------------------------
@contextmanager
def _password(password: str | None):
    old = os.environ.get("PGPASSWORD")
    if password is not None:
        os.environ["PGPASSWORD"] = password
    try:
        yield
    finally:
        if password is not None:
            if old is None:
                os.environ.pop("PGPASSWORD", None)
            else:
                os.environ["PGPASSWORD"] = old


def _members_csv(n: int) -> str:
    rows = [f"{m},Bench member {m},1990-01-01,2099-12-31," for i in range(n + 2) for m in member_nos(i)]
    return "member_no,display_name,birth_date,valid_until,card_id\n" + "\n".join(rows) + "\n"


def _new_kiosk(data: Path, csv: str | None):
    from kiosk import ops
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine

    k = create(data, engine=FakeEngine(), init=True)
    if csv is not None:
        ops.import_members(k, ops.Actor.cli("bench"), csv.encode())
        from kiosk.domain.members import hash_pin

        pin_hash = hash_pin(PIN)  # one hash for every member: setting up stays quick
        with k.store.transaction() as c:
            c.execute("UPDATE members SET pin_hash = ?", (pin_hash,))
    return k


def build_site(folder: Path, n: int, admin_url: str, tag: str) -> list[Path]:
    """N kiosk data folders joined to the site at ``admin_url`` (as its owner), the first one
    holding the members, and one standalone kiosk with the same members (last in the list)."""
    from kiosk import site

    csv = _members_csv(n)
    folders = []
    for i in range(1, n + 1):
        data = folder / f"kiosk{i}"
        k = _new_kiosk(data, csv if i == 1 else None)
        try:
            if i == 1:
                site.create_site(k, admin_url, f"Bench {tag} 1", f"bench {tag}")
            else:
                site.join_site(k, admin_url, site.issue_join_code(admin_url), f"Bench {tag} {i}")
            site.sync(k)
        finally:
            k.close()
        folders.append(data)
        _log(f"kiosk {i} of {n} joined")
    standalone = folder / "standalone"
    _new_kiosk(standalone, csv).close()
    return folders + [standalone]


def _spawn(data: Path, index: int, rate: float, changes: float, standalone: bool) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_DB_KEY", "PGPASSWORD")}
    argv = [sys.executable, "-m", "kiosk.bench.site_kiosk", str(data), "--index", str(index), "--rate", str(rate),
            "--changes", str(0 if standalone else changes)] + (["--standalone"] if standalone else [])
    return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, bufsize=1)


def _expect(proc: subprocess.Popen, word: str) -> str:
    line = proc.stdout.readline()  # type: ignore[union-attr]
    if not line.startswith(word):
        raise RuntimeError(f"a simulated kiosk said {line.strip()!r} instead of {word!r} (exit {proc.poll()})")
    return line


def _made(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def run(n: int, duration: float, rate: float, changes: float, url: str | None = None) -> dict:
    import psycopg

    from kiosk.bench.measure import machine
    from kiosk.site import throwaway

    report: dict = {"kiosks": n, "duration_s": duration, "checkins_per_s_per_kiosk": rate,
                    "changes_per_s_per_kiosk": changes, "machine": machine()}
    folder = Path(tempfile.mkdtemp(prefix="kiosk-sitebench-"))
    server = None
    procs: list[subprocess.Popen] = []
    try:
        if url is None:
            _log("starting a throwaway PostgreSQL server")
            server = throwaway.start_server()
            admin_url, password = server.create_database("bench"), server.password
        else:
            admin_url, password = url, None
        tag = secrets.token_hex(3)
        with _password(password):
            folders = build_site(folder, n, admin_url, tag)
            admin = psycopg.connect(admin_url, autocommit=True)
        try:
            report["server"] = admin.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            postmaster = server.postmaster_pid() if server is not None else _local_postmaster(admin)
            procs = [_spawn(d, i, rate, changes, i == n + 1) for i, d in enumerate(folders, start=1)]
            for p in procs:
                _expect(p, "ready")
            before = int(admin.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])  # type: ignore[index]
            start = time.time() + 1.0
            end = start + duration
            for p in procs:
                p.stdin.write(f"go {start} {end}\n")  # type: ignore[union-attr]
                p.stdin.flush()  # type: ignore[union-attr]
            _log(f"{n} kiosks and a standalone one running for {duration:g} s")
            time.sleep(max(0.0, start - time.time()))
            cpu0, busy0 = (server_cpu_s(postmaster) if postmaster else None), _machine_busy()
            time.sleep(max(0.0, end - time.time()))
            cpu1, busy1 = (server_cpu_s(postmaster) if postmaster else None), _machine_busy()
            for p in procs:
                _expect(p, "pushed")
            top = int(admin.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])  # type: ignore[index]
            report["server_connections"] = int(admin.execute(  # every kiosk holds two: exchange and LISTEN
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'").fetchone()[0])  # type: ignore[index]
            report["server_max_connections"] = int(admin.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
            for p in procs:
                p.stdin.write(f"drain {top}\n")  # type: ignore[union-attr]
                p.stdin.flush()  # type: ignore[union-attr]
            results = [json.loads(_expect(p, "{")) for p in procs]
            for p in procs:
                p.wait(30)
            rows = admin.execute("SELECT seq, kiosk_id, made, extract(epoch FROM received)::float8 FROM changes "
                                 "WHERE seq > %s ORDER BY seq",
                                 (before,)).fetchall()
            per_kiosk: dict[int, int] = dict(admin.execute("SELECT kiosk_id, count(*) FROM changes GROUP BY kiosk_id").fetchall())
            server_top: dict[int, int] = dict(admin.execute("SELECT kiosk_id, max(kiosk_seq) FROM changes GROUP BY kiosk_id")
                              .fetchall())
        finally:
            admin.close()
        report.update(_figures(results, rows, per_kiosk, server_top, top, duration,
                               None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
                               (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1])))
        report["server_cpu_how"] = (
            "user+system time of the postmaster, its live child processes and its ended children "
            "(/proc/PID/stat utime, stime, cutime, cstime) at the start and end of the run"
            if cpu0 is not None else "not measured: the server is not a process of this machine")
        return report
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if server is not None:
            throwaway.remove(server)
        shutil.rmtree(folder, ignore_errors=True)


def _local_postmaster(admin) -> int | None:
    """The postmaster of a server on this machine: the parent of this connection's backend."""
    pid = int(admin.execute("SELECT pg_backend_pid()").fetchone()[0])
    f = _stat(pid)
    return int(f[1]) if f is not None else None


def _figures(results: list[dict], rows: list, per_kiosk: dict, server_top: dict, top: int, duration: float,
             server_cpu: float | None, machine_busy: float) -> dict:
    kiosks = [r for r in results if not r["standalone"]]
    alone = [r for r in results if r["standalone"]]
    by_id = {int(r["kiosk_id"]): r for r in kiosks}
    took, pushed, fanned = [], [], []
    late = 0
    for seq, origin, made, received in rows:
        arrivals = []
        for kid, r in by_id.items():
            if kid == origin:
                continue
            t = next((t for t, last in r["timeline"] if last >= seq), None)
            if t is None:
                late += 1
                break
            arrivals.append(t)
        else:
            if arrivals:
                took.append(max(arrivals) - _made(made))
                pushed.append(received - _made(made))  # until the server had it (same machine: one clock)
                fanned.append(max(arrivals) - received)  # from the server to the last kiosk
    lost = [kid for kid, r in by_id.items()
            if r["outbox_waiting"] or per_kiosk.get(kid, 0) != r["outbox_made"] or server_top.get(kid, 0) != r["outbox_made"]]
    behind = [kid for kid, r in by_id.items() if not r["arrived"] or r["last_seq"] < top]
    site_ms = [x for r in kiosks for x in r["pin_ms"]]
    alone_ms = [x for r in alone for x in r["pin_ms"]]
    checkins = sum(r["checkins"] for r in kiosks)
    sync_per_min = [r["sync_thread_cpu_s"] / r["wall_s"] * 60 for r in kiosks if r["wall_s"] > 0]
    applied_each = len(rows)  # every kiosk applied (or made) every change of the run
    p95 = _pct(took, 0.95)
    ratio50 = _pct(site_ms, 0.5) / _pct(alone_ms, 0.5) if site_ms and alone_ms else None  # type: ignore[operator]
    ratio95 = _pct(site_ms, 0.95) / _pct(alone_ms, 0.95) if site_ms and alone_ms else None  # type: ignore[operator]
    n = len(kiosks)
    out = {
        "changes": len(rows),
        "changes_per_s": _r(len(rows) / duration, 2),
        "propagation_s": {"p50": _r(_pct(took, 0.5)), "p95": _r(p95), "max": _r(max(took) if took else None),
                          "changes_measured": len(took),
                          "to_server_p50": _r(_pct(pushed, 0.5)), "to_server_p95": _r(_pct(pushed, 0.95)),
                          "server_to_last_kiosk_p50": _r(_pct(fanned, 0.5)),
                          "server_to_last_kiosk_p95": _r(_pct(fanned, 0.95))},
        "all_arrived": not late and not lost and not behind,
        "kiosks_behind": behind, "kiosks_with_lost_changes": lost,
        "checkins": checkins,
        "checkins_per_s": _r(checkins / duration, 2),
        "checkins_offered_per_s": _r(sum(r["checkins"] + r["wrong_pins"] + r["locked"] for r in kiosks) / duration, 2),
        "pin_check_ms": {"site": {"p50": _r(_pct(site_ms, 0.5), 1), "p95": _r(_pct(site_ms, 0.95), 1),
                                  "n": len(site_ms)},
                         "standalone": {"p50": _r(_pct(alone_ms, 0.5), 1), "p95": _r(_pct(alone_ms, 0.95), 1),
                                        "n": len(alone_ms)},
                         "ratio_p50": _r(ratio50, 2), "ratio_p95": _r(ratio95, 2)},
        "server_cpu_s": _r(server_cpu, 2),
        "server_cpu_cores": _r(server_cpu / duration, 3) if server_cpu is not None else None,
        "machine_busy_fraction": _r(machine_busy, 3),
        "sync_cpu_s_per_min": {"p50": _r(statistics.median(sync_per_min) if sync_per_min else None),
                               "max": _r(max(sync_per_min) if sync_per_min else None)},
        "sync_cpu_ms_per_change": _r(1000 * statistics.median(
            [r["sync_thread_cpu_s"] / applied_each for r in kiosks]) if applied_each and kiosks else None, 2),
        "exchanges_per_kiosk": _r(statistics.median([r["exchanges"] for r in kiosks]) if kiosks else None, 1),
    }
    out["targets"] = [
        {"target": f"kiosks >= {KIOSKS_TARGET}", "value": n, "pass": n >= KIOSKS_TARGET},
        {"target": f"propagation p95 <= {PROPAGATION_P95_MAX_S} s", "value": _r(p95),
         "pass": p95 is not None and p95 <= PROPAGATION_P95_MAX_S},
        {"target": f"PIN check with a site / without, p50 <= {PIN_RATIO_MAX}", "value": _r(ratio50, 2),
         "pass": ratio50 is not None and ratio50 <= PIN_RATIO_MAX},
        {"target": "every change arrived at every kiosk, none lost", "value": out["all_arrived"],
         "pass": out["all_arrived"]},
    ]
    return out


def print_report(r: dict) -> None:
    p, pin = r["propagation_s"], r["pin_check_ms"]
    print(f"{r['kiosks']} kiosks on PostgreSQL {r.get('server', '?')}, {r['duration_s']:g} s, "
          f"{r['checkins_per_s_per_kiosk']:g} check-in/s and {r['changes_per_s_per_kiosk']:g} change/s offered per kiosk")
    print(f"propagation to every other kiosk: p50 {p['p50']} s, p95 {p['p95']} s, max {p['max']} s "
          f"over {p['changes_measured']} changes ({r['changes_per_s']} changes/s)")
    print(f"  of which to the server p50 {p['to_server_p50']} s / p95 {p['to_server_p95']} s, from the server to the "
          f"last kiosk p50 {p['server_to_last_kiosk_p50']} s / p95 {p['server_to_last_kiosk_p95']} s")
    print(f"check-ins: {r['checkins_per_s']}/s sustained across the site ({r['checkins_offered_per_s']}/s PIN checks)")
    print(f"PIN check: {pin['site']['p50']} ms p50 / {pin['site']['p95']} ms p95 with a site, "
          f"{pin['standalone']['p50']} / {pin['standalone']['p95']} ms standalone (ratio {pin['ratio_p50']} / "
          f"{pin['ratio_p95']})")
    print(f"server CPU: {r['server_cpu_s']} s in {r['duration_s']:g} s = {r['server_cpu_cores']} core(s) "
          f"({r['server_cpu_how']}); machine busy {r['machine_busy_fraction']}")
    print(f"server connections: {r.get('server_connections')} of max_connections {r.get('server_max_connections')}")
    print(f"sync cost per kiosk: {r['sync_cpu_s_per_min']['p50']} CPU s/min (max {r['sync_cpu_s_per_min']['max']}), "
          f"{r['sync_cpu_ms_per_change']} ms per change of the site; {r['exchanges_per_kiosk']} exchanges each")
    for t in r["targets"]:
        print(f"  [{'pass' if t['pass'] else 'FAIL'}] {t['target']}: {t['value']}")
