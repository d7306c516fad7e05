"""PIN entry paused after repeated wrong PINs (the growing delay is stored by Pins).
Shows the time left and the other ways in."""

from __future__ import annotations

import time

from kiosk.domain.session import Event, State
from kiosk.ui.messages import locked_message
from kiosk.ui.pages.base import Page
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text, timer


@page(State.PIN_LOCKED)
class PinLockedPage(Page):
    def build(self) -> None:
        self.countdown = label("subtitle")
        self.countdown.setObjectName("countdown")
        self.lead = label("body")
        self.face_button = button("choice")
        self.face_button.setObjectName("locked-face")
        self.face_button.clicked.connect(lambda: self.ctx.fire(Event.CHOOSE_FACE))
        self.staff_button = button("choice")
        self.staff_button.setObjectName("locked-staff")
        self.staff_button.clicked.connect(lambda: self.ctx.fire(Event.ASK_STAFF))
        self.retry_button = button("primary")
        self.retry_button.setObjectName("locked-retry")
        self.retry_button.clicked.connect(self.back_to_keypad)
        for text in (self.countdown, self.lead):
            self.body.addWidget(text)
        self.body.addStretch(1)
        for b in (self.face_button, self.staff_button, self.retry_button):
            self.answer_area.addWidget(b)
        self.until = 0.0
        self.timer_ran = False
        self.timer = timer(self, 1000, self._tick)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("PIN entry is paused"))
        self.lead.setText(self.tr("Too many wrong PINs were typed. This protects your pass. "
                                  "You can use another way in, or ask staff."))
        set_text(self.face_button, self.tr("Use my face instead"))
        set_text(self.staff_button, self.tr("Ask staff"))
        set_text(self.retry_button, self.tr("Try my PIN again"))
        self._tick()

    def enter(self) -> None:
        self.until = time.monotonic() + self.ctx.session.locked_seconds
        self.face_button.setVisible(self.ctx.session.can_use_face)
        self.timer_ran = False
        self._tick()
        if not self.ctx.still and self.until > time.monotonic():
            self.timer_ran = True
            self.timer.start()

    def leave(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        left = self.until - time.monotonic()
        if left > 0:
            self.countdown.setText(locked_message(left))
        else:
            self.timer.stop()
            self.countdown.setText(self.tr("You can try your PIN again now."))
            if self.timer_ran:  # the pause ran out on this screen: straight back to the keypad
                self.timer_ran = False
                self.back_to_keypad()
        self.retry_button.setVisible(left <= 0)

    def back_to_keypad(self) -> None:
        if self.ctx.machine.state is State.PIN_LOCKED:
            self.ctx.fire(Event.TRY_AGAIN)

    def first_focus(self):
        return self.staff_button


@screenshot("pin-locked")
def _shot(window) -> None:
    window.machine.force(State.PIN_LOCKED, member_no="1001", locked_seconds=29.5, face_available=True)
