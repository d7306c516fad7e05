"""Method: how to confirm it is you. PIN first, Face only for members with a valid
enrollment (and as large as the others, never larger), Ask staff. Below the alternatives,
the optional "Set up face verification" entry (shown once the set-up pages exist)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kiosk import ops
from kiosk.domain.session import Event, State
from kiosk.ui.messages import face_paused_text
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.result import start_check_in
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


@page(State.METHOD)
class MethodPage(Page):
    def build(self) -> None:
        self.lead = label("body")
        self.body.addWidget(self.lead)
        self.saved_note = label("subtitle")  # after set-up was declined or stopped
        self.saved_note.setObjectName("nothing-saved")
        self.body.addWidget(self.saved_note)
        self.paused_note = label("subtitle")  # face checks paused after failed tries: the PIN is the way
        self.paused_note.setObjectName("face-paused")
        self.body.addWidget(self.paused_note)
        self.choices = QVBoxLayout()
        self.choices.setSpacing(20)
        self.pin_button = self._choice("method-pin", self.choose_pin)
        self.face_button = self._choice("method-face", lambda: self.ctx.fire(Event.CHOOSE_FACE))
        self.staff_button = self._choice("method-staff", lambda: self.ctx.fire(Event.ASK_STAFF))
        self.answer_area.addLayout(self.choices)  # the answers stay on screen in large text
        self.body.addStretch(1)
        #: where "Set up face verification (optional)" lives: below the alternatives
        self.extra_slot = QHBoxLayout()
        self.setup_face_button = button("link")
        self.setup_face_button.setObjectName("setup-face")
        self.setup_face_button.clicked.connect(lambda: self.ctx.fire(Event.CHOOSE_SETUP_FACE))
        self.extra_slot.addWidget(self.setup_face_button)
        self.extra_slot.addStretch(1)
        self.answer_area.addLayout(self.extra_slot)
        self.busy = False

    def _choice(self, name: str, slot) -> QPushButton:
        b = button("choice")
        b.setObjectName(name)
        b.clicked.connect(slot)
        self.choices.addWidget(b)
        return b

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("How would you like to confirm it is you?"))
        self.lead.setText(self.tr("Choose one. Every way works equally well."))
        if self.pin_confirmed():
            set_text(self.pin_button, self.tr("Check in now\nYour PIN is already confirmed"), self.tr("Check in now"))
        else:
            set_text(self.pin_button, self.tr("PIN\nType your 4 to 8 digit PIN"), self.tr("Use my PIN"))
        self.saved_note.setText(self.tr("Nothing was saved. Your card and PIN work as before.")
                                if self.ctx.session.left_setup else "")
        self.saved_note.setVisible(self.ctx.session.left_setup)
        self.paused_note.setText(face_paused_text() if self.ctx.session.face_paused else "")
        self.paused_note.setVisible(self.ctx.session.face_paused)
        set_text(self.face_button, self.tr("Face\nLook at the camera for a moment"), self.tr("Use my face"))
        set_text(self.staff_button, self.tr("Ask staff\nA member of staff checks your pass"), self.tr("Ask staff"))
        set_text(self.setup_face_button, self.tr("Set up face verification (optional)"))

    def pin_confirmed(self) -> bool:
        """Face set-up ended after the PIN was accepted for the member claimed now, within the
        keypad time limit: no need to type it again."""
        s = self.ctx.session
        return s.left_setup and s.proven()

    def enter(self) -> None:
        s = self.ctx.session
        self.busy = False
        self.retranslate_ui()
        self.face_button.setVisible(s.can_use_face)
        self.setup_face_button.setVisible(
            s.face_setup_allowed and not s.face_available and not s.declined_enroll and not s.left_setup
        )

    def first_focus(self):
        return self.pin_button

    def choose_pin(self) -> None:
        if self.busy:
            return
        self.busy = True
        if self.pin_confirmed():
            start_check_in(self.ctx, State.METHOD, Event.CHECK_IN, self._failed)
            return
        kiosk, member_no = self.ctx.kiosk, self.ctx.session.member_no
        self.ctx.run(lambda: ops.pin_status(kiosk, ops.Actor.visitor(member_no), member_no).seconds_locked,
                     self._lock_checked, self._failed)

    def _lock_checked(self, seconds: float) -> None:
        self.busy = False
        if self.ctx.machine.state is not State.METHOD:
            return
        if seconds > 0:
            self.ctx.session.locked_seconds = seconds
            self.ctx.fire(Event.PIN_LOCKED)
        else:
            self.ctx.fire(Event.CHOOSE_PIN)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.ctx.notify(message)


@screenshot("method")
def _shot(window) -> None:
    window.machine.force(State.METHOD, member_no="1001", face_available=True, face_setup_allowed=True)
