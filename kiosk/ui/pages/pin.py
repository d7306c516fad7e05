"""PIN: a masked field and keypad. The argon2 check runs on the executor; typed digits are
cleared as soon as they are submitted. Wrong PINs stay here; a lockout goes to PIN_LOCKED."""

from __future__ import annotations

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit

from kiosk import ops
from kiosk.domain.session import Event, Purpose, State
from kiosk.errors import LockedOutError
from kiosk.ui.pages.base import Page
from kiosk.ui.registry import page, screenshot
from kiosk.ui.sound import Sound
from kiosk.ui.widgets import Keypad, label


def check_pin(ctx, member_no: str, pin: str, purpose: Purpose):
    """On the executor: check, audit, and for a verification open the gate.
    Returns (proof or None, seconds locked now, wrong PINs left before a pause); the gate is
    signalled afterwards, off this executor."""
    result = ops.verify_by_pin(ctx.kiosk, ops.Actor.visitor(member_no), member_no, pin,
                               check_in=purpose is Purpose.VERIFY)
    if result.outcome is ops.PinOutcome.LOCKED:
        raise LockedOutError(result.seconds_locked)
    return result.proof, result.seconds_locked, tries_left(ctx.kiosk, member_no)


def tries_left(kiosk, member_no: str) -> int:
    """How many more wrong PINs before entry pauses (0 once a pause has happened)."""
    return ops.pin_status(kiosk, ops.Actor.visitor(member_no), member_no).tries_left


@page(State.PIN)
class PinPage(Page):
    def build(self) -> None:
        self.lead = label("body")
        self.field = QLineEdit()
        self.field.setObjectName("pin-field")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(8)
        self.field.setValidator(QRegularExpressionValidator(r"[0-9]{0,8}"))
        self.field.returnPressed.connect(self.submit)
        self.error = label("error")
        self.error.setObjectName("pin-error")
        self.keypad = Keypad(self.field)
        self.keypad.submitted.connect(self.submit)
        field_row = QHBoxLayout()
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.keypad.ok_button)
        self.body.addWidget(self.lead)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.side.addLayout(field_row)  # the field, OK and keypad stay put; the text may scroll
        self.side.addWidget(self.keypad)
        self.side.addStretch(1)
        self.busy = False
        self.wrong = False
        self.tries_left = 0

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Enter your PIN"))
        self.lead.setText(self.tr("Type your PIN and press OK. The digits stay hidden."))
        self.field.setAccessibleName(self.tr("PIN"))
        if self.wrong:
            self._set_error(True)

    def first_focus(self):
        return self.field

    def enter(self) -> None:
        self.field.clear()
        self.busy = False
        self.keypad.setEnabled(True)

    def leave(self) -> None:
        self.field.clear()
        self._set_error(False)

    def wipe(self) -> None:
        self.leave()

    def _set_error(self, wrong: bool) -> None:
        self.wrong = wrong
        text = ""
        if wrong:
            text = self.tr("That PIN is not right. Please try again.")
            if 0 < self.tries_left <= 3:  # say it before a pause comes, not on the first slip of many
                text += "\n" + self.tr("%n more wrong PIN(s) and PIN entry pauses for a while.", "",
                                        self.tries_left)
        self.error.setText(text)

    def submit(self) -> None:
        pin = self.field.text()
        self.field.clear()  # the digits leave the screen at once
        if self.busy or len(pin) < 4:
            if not self.busy:
                self.error.setText(self.tr("A PIN has 4 to 8 digits."))
            return
        self.busy = True
        self.keypad.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        s, ctx = self.ctx.session, self.ctx
        member_no, purpose = s.member_no, s.purpose
        ctx.run(lambda: check_pin(ctx, member_no, pin, purpose), self._checked, self._failed)

    def _checked(self, result) -> None:
        self.busy = False
        self.keypad.setEnabled(True)
        proof, locked, self.tries_left = result
        if self.ctx.machine.state is not State.PIN:
            return
        self.ctx.session.prove(proof)  # held only if it is for the member claimed now
        ok = proof is not None
        if locked > 0:
            self._set_error(False)
            self.ctx.session.pin_failures += 1
            self.ctx.session.locked_seconds = locked
            self.ctx.fire(Event.PIN_LOCKED)
        elif ok and self.ctx.session.purpose is Purpose.VERIFY:
            self._set_error(False)
            self.busy = True
            self.keypad.setEnabled(False)
            self.ctx.open_gate("pin", self._gated)
        elif ok:
            self._set_error(False)
            self.ctx.fire(Event.PIN_OK)
        else:
            self.ctx.fire(Event.PIN_WRONG)
            self._set_error(True)
            self.ctx.play_sound(Sound.FAILURE)
            self.field.setFocus()

    def _gated(self, gate_ok: bool) -> None:
        self.busy = False
        self.keypad.setEnabled(True)
        if self.ctx.machine.state is State.PIN:
            self.ctx.session.gate_ok = gate_ok
            self.ctx.fire(Event.PIN_OK)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.keypad.setEnabled(True)
        self._set_error(False)
        if isinstance(exc, LockedOutError) and self.ctx.machine.state is State.PIN:
            self.ctx.session.locked_seconds = exc.seconds_left
            self.ctx.fire(Event.PIN_LOCKED)
        else:
            self.error.setText(message)


@screenshot("pin")
def _shot(window) -> None:
    window.machine.force(State.PIN, member_no="1001")
    window.pages[State.PIN].field.setText("12")
