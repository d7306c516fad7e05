"""What every page receives: the kiosk core, the session machine, the executor and helpers."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, TypeVar

from kiosk.domain.session import Event, SessionMachine
from kiosk.ui.executor import DbExecutor
from kiosk.ui.messages import error_message

if TYPE_CHECKING:
    from kiosk.app import KioskRuntime
    from kiosk.camera.encoder import Encoder
    from kiosk.camera.source import FrameSource
    from kiosk.core import Kiosk
    from kiosk.demo import DemoInfo
    from kiosk.ui.i18n import Translations
    from kiosk.ui.sound import Sound

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class UiContext:
    runtime: "KioskRuntime"  # built by the composition root (kiosk.app): core, encoder, gate, status
    machine: SessionMachine
    db: DbExecutor
    translations: "Translations"
    open_camera: Callable[[], FrameSource]  # raises CameraError
    still: bool = False  # screenshots: pages show themselves without cameras or timers
    demo: "DemoInfo | None" = None
    face_timeout_s: float = 20.0
    qr_timeout_s: float = 60.0
    notify: Callable[[str], None] = field(default=lambda text: None)  # set by the window
    play_sound: Callable[[Sound], None] = field(default=lambda sound: None)  # set by the window
    busy: Callable[[bool], None] = field(default=lambda waiting: None)  # set by the window
    #: one executor per job, each named for what it runs, so that the visitor's work (``db``,
    #: "db-visitor": the live face check, PIN, check-in) never queues behind staff work
    #: ("db-staff": backups, imports, reports), the face models ("models") or the gate and help
    #: notifications ("gate"); without one, a job shares the visitor's
    models: DbExecutor | None = None
    staff_db: DbExecutor | None = None
    gate_executor: DbExecutor | None = None
    waiting: int = 0  # ``run`` calls whose answer the screen is waiting for
    help_watch: object | None = None  # kiosk.ui.help_call.HelpWatch; set by the window

    @property
    def kiosk(self) -> "Kiosk":  # .store, .faces, .pins, .settings, .engine -- use only through ``run``
        return self.runtime.kiosk

    @property
    def encoder(self) -> "Encoder":
        return self.runtime.encoder

    @property
    def gate(self) -> Callable[[str], bool]:  # gate(method) -> ok; runs on the slow-work executor
        return self.runtime.gate

    @property
    def session(self):
        return self.machine.session

    @property
    def settings(self):
        return self.kiosk.settings

    def executors(self) -> list[DbExecutor]:
        """Every executor of this window, each once."""
        found: list[DbExecutor] = []
        for e in (self.db, self.staff_db, self.models, self.gate_executor):
            if e is not None and all(e is not f for f in found):
                found.append(e)
        return found

    def fire(self, event: Event) -> None:
        self.machine.fire(event)

    def open_gate(self, method: str, on_done: Callable[[bool], None]) -> None:
        """Signal the gate on the slow-work executor (never the database's: a hung gate must
        not delay the next visitor's lookup); ``on_done(ok)`` runs on the UI thread. Without
        a proof of the member claimed now the gate is not signalled (``on_done(False)``)."""
        if not self.session.proven():  # the gate opens only for a proof of the member claimed now
            on_done(False)
            return
        gate = self.gate
        (self.gate_executor or self.models or self.db).submit(lambda: gate(method), on_done, lambda exc: on_done(False))

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        *,
        executor: DbExecutor | None = None,
    ) -> None:
        """Run ``fn`` (database, PIN hash, gate) on the serial executor; call back on the UI
        thread. This is the one place errors become translated messages: ``on_error``
        receives the exception and its message; without it the message is shown. While an
        answer is awaited the window may show its busy indicator (``busy``)."""

        def failed(exc: BaseException) -> None:
            if not hasattr(exc, "code"):
                log.error("unexpected error", exc_info=exc)
            text = error_message(exc)
            if on_error is not None:
                on_error(exc, text)
            else:
                self.notify(text)

        def settled() -> None:
            self.waiting -= 1
            if not self.waiting:
                self.busy(False)

        if (executor or self.db).submit(fn, on_done, failed, on_settled=settled) is not None:
            self.waiting += 1
            if self.waiting == 1:
                self.busy(True)
