"""A kiosk process whose clocks are off: ``python tests/skewed_child.py WALL_S BOOT_S DATA ACTION
[ARGS]``. Before the kiosk is imported, its wall clock (``time.time``, ``datetime.now``) is
moved by WALL_S seconds and the machine's running time (``CLOCK_BOOTTIME``) by BOOT_S, so every
default clock of the kiosk reads the skewed time. Then it runs one action through the
operations and prints its result as one JSON line. Used by tests/test_site_clocks.py."""

from __future__ import annotations

import datetime as _dt
import json
import sys
import time
from pathlib import Path

WALL_S, BOOT_S = float(sys.argv[1]), float(sys.argv[2])
_time, _clock_gettime = time.time, time.clock_gettime
time.time = lambda: _time() + WALL_S
time.clock_gettime = lambda clock: _clock_gettime(clock) + (BOOT_S if clock == getattr(time, "CLOCK_BOOTTIME", -1) else 0)


class _SkewedDatetime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return super().now(tz) + _dt.timedelta(seconds=WALL_S)

    @classmethod
    def utcnow(cls):
        return super().utcnow() + _dt.timedelta(seconds=WALL_S)


_dt.datetime = _SkewedDatetime  # type: ignore[misc]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from kiosk import ops
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.errors import FaceNotAllowedError

    data, action, args = Path(sys.argv[3]), sys.argv[4], sys.argv[5:]
    with create(data, engine=FakeEngine()) as k:
        if action == "sync":
            from kiosk import site

            r = site.sync(k)
            out: object = {"pushed": r.pushed, "applied": r.applied, "last_seq": r.last_seq}
        elif action == "pin":
            r = ops.verify_by_pin(k, ops.Actor.visitor(args[0]), args[0], args[1])
            out = {"outcome": r.outcome.value, "seconds_locked": r.seconds_locked}
        elif action == "setting":
            ops.change_settings(k, ops.Actor.cli(), {args[0]: int(args[1])})
            out = {"ok": True}
        elif action == "active":
            ops.set_member_active(k, ops.Actor.cli(), args[0], args[1] == "1")
            out = {"ok": True}
        elif action == "face":
            try:
                k.faces.check_allowed()
                out = {"face": "allowed"}
            except FaceNotAllowedError as exc:
                out = {"face": "paused", "why": str(exc)}
        elif action == "now":
            out = {"time": time.time(), "datetime": _dt.datetime.now(_dt.timezone.utc).isoformat()}
        else:
            raise SystemExit(f"unknown action {action}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
