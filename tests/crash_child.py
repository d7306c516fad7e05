"""Run one kiosk operation and die by SIGKILL after its N-th step (an SQL statement or a
file operation), or finish and print how many steps it took. Used by test_crash_safety."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

STEPS = [0]
KILL_AT = [0]


def step() -> None:
    STEPS[0] += 1
    if STEPS[0] == KILL_AT[0]:
        os.kill(os.getpid(), signal.SIGKILL)


def arm() -> None:
    """Count every SQL statement on every connection and every file step of maintenance."""
    import kiosk.store.db as db
    import kiosk.store.keys as keys

    real_connect = db._connect

    def connect(path, hex_key):
        conn = real_connect(path, hex_key)
        conn.set_trace_callback(lambda sql: step())
        return conn

    db._connect = connect

    def counted(fn):
        def wrapper(*a, **kw):
            step()
            result = fn(*a, **kw)
            step()
            return result
        return wrapper

    for name in ("replace", "link", "fsync", "unlink"):  # a throwaway process: patch the modules themselves
        setattr(os, name, counted(getattr(os, name)))
    for name in ("copyfile", "copy2", "copyfileobj"):
        setattr(shutil, name, counted(getattr(shutil, name)))
    keys.write_key_file = counted(keys.write_key_file)


def main() -> None:
    op, data_dir, kill_at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    from kiosk import ops
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine, draw_face
    from kiosk.config import Paths
    from kiosk.domain.proofs import ProofMethod
    from tests.ui_helpers import consent_draft

    engine = FakeEngine()
    if op == "restore":
        from kiosk.maintenance import restore

        arm()
        KILL_AT[0] = kill_at
        restore(Paths(data_dir), data_dir.parent / "backup.db")
        print(STEPS[0])
        return
    k = create(data_dir, engine=engine)
    if op == "purge":  # expired templates to purge
        for i, no in enumerate(("M001", "M002", "M003", "M004")):
            if k.store.templates.info(no) is None:
                draft = consent_draft(k, no)
                ops.enroll_with_consent(k, ops.Actor.visitor(no), draft, [k.faces.encode_still(draw_face(30 + 40 * i))])
            k.store.templates.touch(no, "2020-01-01T00:00:00+00:00", "2020-01-02T00:00:00+00:00")
    arm()
    k.store.conn.set_trace_callback(lambda sql: step())
    KILL_AT[0] = kill_at
    if op == "enroll":
        for i, no in enumerate(("M001", "M002", "M004")):
            ops.enroll_with_consent(k, ops.Actor.visitor(no), consent_draft(k, no),
                                    [k.faces.encode_still(draw_face(30 + 50 * i))])
            ops.forget_face(k, ops.Actor.visitor(no), no, proof=k.proofs.issue(no, ProofMethod.PIN))
        ops.enroll_with_consent(k, ops.Actor.visitor("M001"), consent_draft(k, "M001"),
                                [k.faces.encode_still(draw_face(30))])
    elif op == "import":
        ops.import_members(k, ops.Actor.cli(), data_dir.parent / "members.csv")
    elif op == "purge":
        ops.purge_expired(k, ops.Actor.cli())
    elif op == "rotate-key":
        from kiosk.maintenance import rotate_key

        rotate_key(k)
    elif op == "audit-rotate-key":
        k.store.audit.rotate_key("cli")
    elif op == "backup":
        from kiosk.maintenance import backup

        backup(k, data_dir.parent / "copy.db")
    k.close()
    print(STEPS[0])


if __name__ == "__main__":
    main()
