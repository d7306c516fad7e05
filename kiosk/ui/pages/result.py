"""Results: a short greeting after a successful check (the gate was signalled), or a calm
failure page that offers another try (within the face retries) and the other ways in."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk.domain.greeting import greeting_name
from kiosk.domain.session import Event, FaceOutcome, State
from kiosk.ui import liveness_text
from kiosk.ui.messages import face_paused_text
from kiosk.ui.pages.base import Page
from kiosk.ui.registry import page, screenshot
from kiosk.ui.sound import Sound
from kiosk.ui.widgets import button, label, set_text, timer

PASSED_SHOWN_MS = 8000


def check_in_confirmed(ctx, member_no: str, proof) -> None:
    """On the executor: record the check-in of a visitor who proved who they are earlier in
    this visit (face set-up ended); the operation spends the proof. The gate is signalled
    afterwards, off this executor."""
    from kiosk import ops
    from kiosk.ops.checkin import check_in_confirmed as record

    record(ctx.kiosk, ops.Actor.visitor(member_no), proof)


def start_check_in(ctx, state: State, event: Event, on_error) -> None:
    """Check in now with the proof held (no PIN asked again), open the gate, and fire
    ``event`` if still on ``state``. A proof that lapsed or was refused is dropped and
    ``event`` fired anyway: the table then asks for the PIN."""
    from kiosk.domain.proofs import ProofRefusedError

    s = ctx.session
    member_no, proof = s.member_no, s.proof if s.proven() else None

    def gated(gate_ok: bool) -> None:
        if ctx.machine.state is state:
            ctx.session.gate_ok = gate_ok
            ctx.fire(event)

    def refused(exc: BaseException, message: str) -> None:
        if isinstance(exc, ProofRefusedError) and ctx.machine.state is state:
            ctx.session.drop_proof()
            ctx.fire(event)
        else:
            on_error(exc, message)

    if proof is None:
        s.drop_proof()
        ctx.fire(event)
        return
    ctx.run(lambda: check_in_confirmed(ctx, member_no, proof), lambda _: ctx.open_gate(proof.method.value, gated),
            refused)


@page(State.PASSED)
class PassedPage(Page):
    """"You're in": the first name only (bystanders read the screen) and one "Done" that
    counts down to the welcome screen."""

    show_back = False
    show_cancel = False  # one way on: "Done"

    def build(self) -> None:
        self.mark = label("success")
        self.mark.setObjectName("passed-mark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.greeting = label("title")
        self.greeting.setObjectName("greeting")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = label("body")
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = button("primary")
        self.done_button.setObjectName("done")
        self.done_button.setMinimumWidth(360)
        self.done_button.clicked.connect(lambda: self.ctx.fire(Event.DONE))
        self.body.addStretch(1)
        for w in (self.mark, self.greeting, self.lead):
            self.body.addWidget(w)
        self.body.addStretch(2)
        self.answer_area.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.until = 0.0
        self.clock = time.monotonic  # tests count down on their own clock
        self.ticker = timer(self, 250, self._tick)

    def seconds_left(self) -> int:
        if self.ctx.still or not self.until:
            return PASSED_SHOWN_MS // 1000
        return max(0, math.ceil(self.until - self.clock()))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        s = self.ctx.session
        self.title.setText("")
        self.mark.setText(self.tr("✓  You're in"))
        self.mark.setAccessibleName(self.tr("You're in"))
        name = greeting_name(s.display_name)
        self.greeting.setText(self.tr("Welcome, %1!").replace("%1", name) if name else "")
        if s.gate_ok:
            self.lead.setText(self.tr("You are checked in. Please go through the gate. Enjoy your visit!"))
        else:
            self.lead.setText(self.tr("You are checked in, but the gate did not open. Please see staff."))
        self.show_countdown()

    def show_countdown(self) -> None:
        """"Done (5)": the visible countdown; screen readers hear plain "Done"."""
        set_text(self.done_button, self.tr("Done (%1)").replace("%1", str(self.seconds_left())), self.tr("Done"))

    def enter(self) -> None:
        self.until = 0.0 if self.ctx.still else self.clock() + PASSED_SHOWN_MS / 1000
        self.retranslate_ui()
        self.ctx.play_sound(Sound.SUCCESS)
        if not self.ctx.still:
            self.ticker.start()

    def leave(self) -> None:
        self.ticker.stop()
        self.until = 0.0

    def wipe(self) -> None:
        self.greeting.clear()

    def _tick(self) -> None:
        if self.ctx.machine.state is not State.PASSED:
            self.ticker.stop()
        elif self.seconds_left() <= 0:
            self.ticker.stop()
            self.ctx.fire(Event.DONE)
        else:
            self.show_countdown()

    def first_focus(self):
        return self.done_button


@page(State.FAILED)
class FailedPage(Page):
    """After a failed face check the PIN is the primary answer; another face try is offered
    beside the other ways, never in the PIN's place."""

    show_back = False

    def build(self) -> None:
        self.lead = label("body")
        self.lead.setObjectName("failed-reason")
        self.retries = label("hint")
        self.pin_button = button("choice")
        self.pin_button.setProperty("emphasis", "primary")  # a choice like the others, in the primary colour
        self.pin_button.setObjectName("failed-pin")
        self.pin_button.clicked.connect(lambda: self.ctx.fire(Event.CHOOSE_PIN))
        self.again_button = button("choice")
        self.again_button.setObjectName("try-again")
        self.again_button.clicked.connect(lambda: self.ctx.fire(Event.TRY_AGAIN))
        self.other_button = button("choice")
        self.other_button.setObjectName("other-ways")
        self.other_button.clicked.connect(lambda: self.ctx.fire(Event.OTHER_WAYS))
        self.staff_button = button("choice")
        self.staff_button.setObjectName("failed-staff")
        self.staff_button.clicked.connect(lambda: self.ctx.fire(Event.ASK_STAFF))
        for w in (self.lead, self.retries):
            self.body.addWidget(w)
        self.body.addStretch(1)
        self.answer_area.addWidget(self.pin_button)
        row = QHBoxLayout()
        row.setSpacing(20)
        for b in (self.again_button, self.other_button, self.staff_button):
            row.addWidget(b, 1)
        self.answer_area.addLayout(row)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        s = self.ctx.session
        self.title.setText(self.tr("We could not confirm it is you"))
        if s.face_outcome is FaceOutcome.TIMEOUT:
            self.lead.setText(self.tr("The camera could not see your face clearly in time."))
        elif s.face_outcome is FaceOutcome.LIVENESS_FAILED:
            self.lead.setText(liveness_text.refused(s.liveness_refusal))
        else:
            self.lead.setText(self.tr("Your face did not match the face set up for this pass. This happens sometimes."))
        left = s.face_retries_left if s.can_use_face else 0
        if s.face_paused:
            self.retries.setText(face_paused_text())
        else:
            self.retries.setText(self.tr("Your PIN always works. You can also try your face %n more time(s).", "", left)
                                 if left else self.tr("Please use your PIN or ask staff."))
        set_text(self.pin_button, self.tr("Use my PIN"))
        set_text(self.again_button, self.tr("Try my face again"))
        set_text(self.other_button, self.tr("Other ways"))
        set_text(self.staff_button, self.tr("Ask staff"))

    def enter(self) -> None:
        self.retranslate_ui()
        self.again_button.setVisible(self.ctx.session.can_use_face)
        self.ctx.play_sound(Sound.FAILURE)

    def first_focus(self):
        return self.pin_button


@screenshot("result-success")
def _passed(window) -> None:
    window.machine.force(State.PASSED, member_no="1001", display_name="Grace Hopper", authenticated=True)


@screenshot("result-failure")
def _failed(window) -> None:
    window.machine.force(State.FAILED, member_no="1001", face_available=True, face_attempts=1, failed_method="face")


@screenshot("liveness-failed")
def _liveness_failed(window) -> None:
    window.machine.force(State.FAILED, member_no="1001", face_available=True, face_attempts=1, failed_method="face",
                         face_outcome=FaceOutcome.LIVENESS_FAILED)
