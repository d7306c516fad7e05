"""Throttles for guesses that span sessions: wrong PINs across all members, failed face
checks per member and across the kiosk. Stored in the database like the PIN lockout, so
neither a restart nor cancelling and claiming again resets them.

A throttle counts failures in a window; from ``limit`` failures on, every further failure
locks for a doubling delay (see :func:`kiosk.domain.members.lock_delay`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from kiosk.store.db import Store


def _delay(failures: int, limit: int, base_s: int) -> float:
    if failures < limit:
        return 0.0
    return float(min(base_s * 2 ** (failures - limit), 24 * 3600))


@dataclass
class Throttle:
    store: Store
    key: str  # the meta key: "failures:window_start:locked_until"
    limit: int
    base_s: int
    window_s: float
    clock: Callable[[], float] = field(default=time.time)

    def _state(self) -> tuple[int, float, float]:
        text = self.store.meta.get(self.key) or "0:0:0"
        try:
            failures, start, until = text.split(":")
            return int(failures), float(start), float(until)
        except ValueError:
            return 0, 0.0, 0.0

    def seconds_locked(self) -> float:
        return max(0.0, self._state()[2] - self.clock())

    def failures(self) -> int:
        """Failures counted in the current window (0 once the window has passed)."""
        failures, start, until = self._state()
        now = self.clock()
        return 0 if now - start >= self.window_s and until <= now else failures

    def failed(self) -> float:
        """Count one failure; returns the lockout it starts (0 when none)."""
        now = self.clock()
        failures, start, until = self._state()
        if now - start >= self.window_s and until <= now:
            failures, start = 0, now
        failures += 1
        delay = _delay(failures, self.limit, self.base_s)
        self.store.meta.set(self.key, f"{failures}:{start}:{now + delay if delay else until}")
        return delay

    def reset(self) -> None:
        if self.store.meta.get(self.key) is not None:
            self.store.meta.set(self.key, "0:0:0")
