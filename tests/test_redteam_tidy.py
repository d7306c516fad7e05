"""Red-team tests: the visitor's face check does not wait behind staff work.

Each job has its own executor (kiosk.ui.context.UiContext): a backup, an import or a hung gate
holds its own queue, never the visitor's. The long measurement (a backup of a 100,000-member
database, and an import of 100,000 members, while face-step database calls run) runs with
``KIOSK_REDTEAM_LONG=1``; it prints the worst wait, the figure docs/MEASUREMENTS.md gives.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

TIMEOUT = 10_000


def test_a_face_check_does_not_queue_behind_staff_work_or_the_gate(qtbot, kiosk_app):
    """With the staff executor and the gate's executor each held by a job that does not end, a
    face-step database call on the visitor's executor still answers."""
    from kiosk import ops
    from kiosk.ui.main import build_window
    from kiosk.ui.screenshots import _no_camera

    window = build_window(kiosk_app, open_source=_no_camera, language="en", gate=lambda method: True)
    qtbot.addWidget(window)
    ctx = window.ctx
    assert [e.name for e in ctx.executors()] == ["db-visitor", "db-staff", "models", "gate"]
    release = threading.Event()
    for held in (ctx.staff_db, ctx.gate_executor, ctx.models):
        held.submit(lambda: release.wait(30), any_session=True)
    try:
        answer = ctx.db.call_sync(lambda: ops.face_availability(
            kiosk_app, ops.Actor.visitor("M001"), "M001", ops.FaceFlow.VERIFY), timeout=5)
        assert answer.member_no == "M001"
    finally:
        release.set()
    for e in ctx.executors():
        qtbot.waitUntil(lambda e=e: e.pending == 0, timeout=TIMEOUT)
    window.shutdown()


@pytest.mark.skipif(not os.environ.get("KIOSK_REDTEAM_LONG"), reason="long load: set KIOSK_REDTEAM_LONG=1")
def test_worst_face_check_wait_during_a_backup_of_100000_members(tmp_path, fake_engine):
    """A backup of a 100,000-member database runs on the staff executor; meanwhile the visitor's
    executor answers face-step database calls one after another. The worst wait of one call
    is printed (and bounded: the copy reads through its own connection, never the store's lock)."""
    from concurrent.futures import ThreadPoolExecutor

    from kiosk import ops
    from kiosk.app import create
    from kiosk.domain.members import import_members

    k = create(tmp_path / "data", engine=fake_engine, init=True)
    try:
        rows = "".join(f"{100000 + i},Member {i},1980-01-01,2030-12-31,\n" for i in range(100_000))
        started = time.perf_counter()
        import_members(k.store, "member_no,display_name,birth_date,valid_until,card_id\n" + rows)
        imported_s = time.perf_counter() - started
        visitor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-visitor")
        staff = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-staff")
        actor, member = ops.Actor.visitor("100001"), "100001"

        def face_call() -> object:
            return ops.face_availability(k, actor, member, ops.FaceFlow.VERIFY)

        visitor.submit(face_call).result(10)  # warm
        target = tmp_path / "backup.db"
        backup_s: list[float] = []

        def backup() -> None:
            t0 = time.perf_counter()
            ops.backup_database(k, ops.Actor.cli(), target)
            backup_s.append(time.perf_counter() - t0)

        done = staff.submit(backup)
        waits = []
        while not done.done():
            t0 = time.perf_counter()
            visitor.submit(face_call).result(30)
            waits.append(time.perf_counter() - t0)
        done.result()
        visitor.shutdown()
        staff.shutdown()
        size_mb = target.stat().st_size / 1e6
        worst = max(waits) * 1000
        print(f"\n100,000 members imported in {imported_s:.1f} s; backup {size_mb:.1f} MB in {backup_s[0]:.2f} s; "
              f"{len(waits)} face-step calls during it, worst wait {worst:.0f} ms, "
              f"median {sorted(waits)[len(waits) // 2] * 1000:.1f} ms")
        assert worst < backup_s[0] * 1000 + 1000
    finally:
        k.close()


@pytest.mark.skipif(not os.environ.get("KIOSK_REDTEAM_LONG"), reason="long load: set KIOSK_REDTEAM_LONG=1")
def test_worst_face_check_wait_during_an_import_of_100000_members(tmp_path, fake_engine):
    """The membership list of 100,000 members is imported on the staff executor, first into an
    empty kiosk, then again with 100 rows changed (a nightly update); meanwhile the visitor's
    executor answers face-step database calls one after another. The worst waits are printed:
    the file is read and compared before the store is taken, and only changed rows are written."""
    from concurrent.futures import ThreadPoolExecutor

    from kiosk import ops
    from kiosk.app import create

    k = create(tmp_path / "data", engine=fake_engine, init=True)
    head = "member_no,display_name,birth_date,valid_until,card_id\n"
    try:
        ops.import_members(k, ops.Actor.cli(), head + "100001,Member 1,1980-01-01,2030-12-31,\n")
        visitor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-visitor")
        staff = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-staff")
        actor, member = ops.Actor.visitor("100001"), "100001"

        def face_call() -> object:
            return ops.face_availability(k, actor, member, ops.FaceFlow.VERIFY)

        visitor.submit(face_call).result(10)  # warm
        for label, renamed in (("first import", 0), ("again, 100 rows changed", 100)):
            rows = "".join(f"{100000 + i},Member {i}{' renamed' if i < renamed else ''},1980-01-01,2030-12-31,\n"
                           for i in range(100_000))
            took: list[float] = []

            def run(rows=rows, took=took) -> None:
                t0 = time.perf_counter()
                ops.import_members(k, ops.Actor.cli(), head + rows)
                took.append(time.perf_counter() - t0)

            done = staff.submit(run)
            waits = []
            while not done.done():
                t0 = time.perf_counter()
                visitor.submit(face_call).result(30)
                waits.append(time.perf_counter() - t0)
            done.result()
            print(f"\n{label}: 100,000 rows in {took[0]:.1f} s; {len(waits)} face-step calls during it, "
                  f"worst wait {max(waits) * 1000:.0f} ms, median {sorted(waits)[len(waits) // 2] * 1000:.1f} ms")
            assert max(waits) < took[0]
        visitor.shutdown()
        staff.shutdown()
    finally:
        k.close()
