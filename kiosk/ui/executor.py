"""Serial executors, one per job (Anki's taskman): the UI thread never waits on them.

``submit(fn, on_done, on_error)`` runs ``fn`` on the single worker thread and calls
``on_done(result)`` or ``on_error(exc)`` back on the UI thread. Results that arrive for a
session that has since been wiped (``generation`` changed) are dropped; ``on_settled`` runs
on the UI thread in every case. Each job has its own, named for what it runs (see
:class:`kiosk.ui.context.UiContext`): "db-visitor", "db-staff", "models" and "gate", so that a
visitor's face check never queues behind a backup, an import, the models or the gate.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class DbExecutor(QObject):
    _finished = Signal(object)  # (callback, payload)

    def __init__(self, generation: Callable[[], int] = lambda: 0, parent: QObject | None = None, *,
                 name: str = "db-visitor") -> None:
        super().__init__(parent)
        self.name = name
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._generation = generation
        self.pending = 0
        self._finished.connect(self._deliver)

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        any_session: bool = False,
        on_settled: Callable[[], None] | None = None,
    ) -> Future | None:
        if self._pool is None:
            return None
        gen = None if any_session else self._generation()

        def job() -> None:
            result: object
            cb: Callable[..., None] | None
            try:
                result, cb = fn(), on_done
            except BaseException as exc:  # delivered to the UI thread, which decides
                result, cb = exc, on_error
                if on_error is None:
                    log.error("background task failed", exc_info=exc)
            self._finished.emit((cb, result, gen, on_settled))

        self.pending += 1
        return self._pool.submit(job)

    def call_sync(self, fn: Callable[[], T], timeout: float = 10.0) -> T:
        """Run ``fn`` on the executor and wait: for worker threads (camera), never the UI thread."""
        if self._pool is None:
            raise RuntimeError("executor is shut down")
        return self._pool.submit(fn).result(timeout)

    @Slot(object)
    def _deliver(self, payload: tuple) -> None:
        cb, result, gen, settled = payload
        self.pending -= 1
        if settled is not None:
            settled()
        if cb is None or (gen is not None and gen != self._generation()):
            return
        cb(result)

    def shutdown(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)
