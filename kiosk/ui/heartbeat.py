"""A heartbeat on the UI thread: the longest gap between its ticks is the longest time the
UI could not answer a touch (``kiosk --smoke`` reports it for start-up; ``kiosk bench``)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

TICK_MS = 10


class Heartbeat(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.longest_s = 0.0
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_s = max(self.longest_s, now - self._last)
        self._last = now

    def stop(self) -> float:
        """Stops and returns the longest UI-thread block seen, in milliseconds (the tick itself excluded)."""
        self._tick()
        self.timer.stop()
        return round(max(0.0, self.longest_s * 1000 - TICK_MS), 1)
