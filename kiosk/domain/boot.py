"""This machine's own running time, which no one sets: how long ago something happened on this
kiosk, whatever its wall clock says (a clock hours ahead or behind, or one corrected in between).

A stamp is ``BOOT_ID:SECONDS``: the kernel's id of this boot and the seconds since it
(``CLOCK_BOOTTIME``, which goes on while the machine sleeps). Stamps of one boot compare;
after a restart the boot id differs and the caller falls back to the wall clock.
"""

from __future__ import annotations

import time
from pathlib import Path

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str:
    try:
        return BOOT_ID.read_text(encoding="ascii").strip()
    except OSError:
        return ""  # not Linux: no stamp compares


def stamp() -> str:
    clock = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)
    return f"{boot_id()}:{time.clock_gettime(clock)!r}"


def seconds_since(earlier: str | None, now: str | None = None) -> float | None:
    """Seconds from the stamp ``earlier`` to ``now`` (default: this moment); None when they are
    not of the same boot (or either is missing), so they cannot be compared."""
    now = now or stamp()
    if not earlier:
        return None
    then_boot, _, then_s = earlier.rpartition(":")
    now_boot, _, now_s = now.rpartition(":")
    if not then_boot or then_boot != now_boot:
        return None
    try:
        return max(0.0, float(now_s) - float(then_s))
    except ValueError:
        return None
