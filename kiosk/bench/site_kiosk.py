"""One simulated kiosk of ``kiosk bench --site``, in a process of its own.

It opens its own data folder, runs the real exchange with the site (:class:`SyncWorker`, its
own thread) and, from the moment the bench says go, checks visitors in by PIN through
:func:`kiosk.ops.verify_by_pin` (every tenth PIN wrong: a lockout increment the site
shares) and removes and re-adds a member of its own through
:func:`kiosk.ops.set_member_active` (a change every other kiosk applies). Visitors and changes
come as independent arrivals (a Poisson process at the given mean rate, seeded by the
kiosk's index), as at gates that do not act in step; a visitor the kiosk had no time for is
skipped, not served in a burst later. With
``--standalone`` it is a kiosk of no site doing the same check-ins: the yardstick for the
local decision's speed.

It talks to the bench on stdin/stdout, one line at a time: ``ready``; then ``go START END``
(epoch seconds) starts the load; ``pushed`` once its outbox is empty after it (or after
two minutes of trying); ``drain SEQ``
waits until it has applied the site's changes up to SEQ and prints its result as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

PIN = "2468"
WRONG_PIN = "1357"
MEMBERS_PER_KIOSK = 4
DRAIN_TIMEOUT_S = 120.0


def member_nos(index: int) -> list[str]:
    """The members kiosk ``index`` checks in (its own, so lockouts never collide), and its
    marker member last (the one it removes and re-adds)."""
    return [f"K{index:03d}M{j}" for j in range(MEMBERS_PER_KIOSK)] + [f"K{index:03d}X"]


def thread_cpu_s(native_id: int | None) -> float:
    """CPU seconds (user + system) of one thread of this process, from /proc."""
    if native_id is None:
        return 0.0
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_until(t: float) -> None:
    delay = t - time.time()
    if delay > 0:
        time.sleep(delay)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="kiosk.bench.site_kiosk")
    ap.add_argument("data", type=Path)
    ap.add_argument("--index", type=int, required=True)
    ap.add_argument("--rate", type=float, default=1.0, help="check-ins per second")
    ap.add_argument("--changes", type=float, default=0.5, help="member removals/re-adds per second")
    ap.add_argument("--standalone", action="store_true")
    args = ap.parse_args(argv)

    from kiosk import ops
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine

    k = create(args.data, engine=FakeEngine())
    timeline: list[tuple[float, int]] = []  # (wall time after an exchange, last change applied)
    moved = threading.Event()
    worker = None
    if not args.standalone:
        from kiosk.site import load_link
        from kiosk.site.sync import SyncWorker, queued

        def on_exchange(result) -> None:
            timeline.append((time.time(), result.last_seq))
            moved.set()

        link = load_link(args.data)
        if link is None:
            raise SystemExit(f"{args.data} is not a kiosk of a site")
        worker = SyncWorker(k.store, link, on_exchange=on_exchange).start()
    # warmed up before the run, as a kiosk that has been running is: argon2's first use in a
    # process (its memory, and the hash a member without a PIN is checked against) and the first
    # exchange with the site (catching up, the triggers) are not what the run measures
    from kiosk.domain.members import pin_matches

    pin_matches(None, WRONG_PIN)
    warm_until = time.monotonic() + DRAIN_TIMEOUT_S
    while worker is not None and worker.exchanges < 1 and time.monotonic() < warm_until:
        time.sleep(0.05)
    print("ready", flush=True)
    _, start, end = sys.stdin.readline().split()
    start_t, end_t = float(start), float(end)
    members = member_nos(args.index)
    visitors, marker = members[:-1], members[-1]
    pin_ms: list[float] = []
    checkins = wrong = locked = changes = 0
    _wait_until(start_t)
    sync_tid = worker._thread.native_id if worker is not None else None
    cpu0, proc0 = thread_cpu_s(sync_tid), time.process_time()
    arrivals = random.Random(args.index)  # the same arrivals for the same kiosk in every run
    next_checkin = start_t + arrivals.expovariate(args.rate)
    next_change = start_t + (arrivals.expovariate(args.changes) if args.changes > 0 else 0.0)
    i = 0
    while True:
        now = time.time()
        if now >= end_t:
            break
        if args.changes > 0 and next_change <= min(next_checkin, end_t):
            ops.set_member_active(k, ops.Actor.cli("bench"), marker, changes % 2 == 1)
            changes += 1
            next_change = max(next_change + arrivals.expovariate(args.changes), time.time())
            continue
        _wait_until(min(next_checkin, end_t))
        if time.time() >= end_t:
            break
        member = visitors[i % len(visitors)]
        bad = i % 10 == 9
        t0 = time.perf_counter()
        r = ops.verify_by_pin(k, ops.Actor.visitor(member), member, WRONG_PIN if bad else PIN)
        pin_ms.append((time.perf_counter() - t0) * 1000)
        if r.outcome is ops.PinOutcome.LOCKED:
            locked += 1
        elif bad:
            wrong += 1
        elif r.accepted:
            checkins += 1
        i += 1
        next_checkin = max(next_checkin + arrivals.expovariate(args.rate), time.time())  # a visitor missed is gone
    wall = time.time() - start_t
    cpu1, proc1 = thread_cpu_s(sync_tid), time.process_time()
    if worker is not None:
        give_up = time.monotonic() + DRAIN_TIMEOUT_S  # a kiosk the server refuses must not hold up the bench
        while queued(k.store) > 0 and time.monotonic() < give_up:
            moved.wait(1.0)
            moved.clear()
    print("pushed", flush=True)
    line = sys.stdin.readline().split()
    top = int(line[1]) if len(line) > 1 else 0
    arrived = True
    if worker is not None:
        give_up = time.monotonic() + DRAIN_TIMEOUT_S
        while not timeline or timeline[-1][1] < top:
            if time.monotonic() > give_up:
                arrived = False
                break
            moved.wait(1.0)
            moved.clear()
        worker.stop()
    if worker is not None and worker.last_error:
        print(f"kiosk {args.index}: {worker.last_error}", file=sys.stderr)
    result = {
        "index": args.index, "standalone": args.standalone, "wall_s": round(wall, 3),
        "checkins": checkins, "wrong_pins": wrong, "locked": locked, "changes_made": changes,
        "pin_ms": [round(x, 3) for x in pin_ms],
        "sync_thread_cpu_s": round(cpu1 - cpu0, 4), "process_cpu_s": round(proc1 - proc0, 4),
        "exchanges": worker.exchanges if worker is not None else 0,
        "timeline": timeline, "arrived": arrived,
        "last_seq": timeline[-1][1] if timeline else 0,
    }
    if worker is not None:
        result["outbox_made"] = int((k.store.query("SELECT seq FROM sqlite_sequence WHERE name = 'site_outbox'")
                                     or [(0,)])[0][0])
        result["outbox_waiting"] = queued(k.store)
        result["kiosk_id"] = k.store.query("SELECT value FROM site_state WHERE key = 'kiosk_id'")[0][0]
    k.close()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
