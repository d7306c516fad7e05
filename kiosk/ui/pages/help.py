"""Camera unavailable (the alternatives, never a crash) and Ask staff."""

from __future__ import annotations

from kiosk.domain.session import Event, State
from kiosk.ui.help_call import call_staff
from kiosk.ui.pages.base import Page
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


@page(State.CAMERA_UNAVAILABLE)
class CameraUnavailablePage(Page):
    def build(self) -> None:
        self.lead = label("body")
        self.pin_button = button("choice")
        self.pin_button.setObjectName("unavailable-pin")
        self.pin_button.clicked.connect(lambda: self.ctx.fire(Event.CHOOSE_PIN))
        self.staff_button = button("choice")
        self.staff_button.setObjectName("unavailable-staff")
        self.staff_button.clicked.connect(lambda: self.ctx.fire(Event.ASK_STAFF))
        self.body.addWidget(self.lead)
        self.body.addStretch(1)
        for w in (self.pin_button, self.staff_button):
            self.answer_area.addWidget(w)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("The camera is not available"))
        self.lead.setText(self.tr("Face verification cannot be used right now. Your PIN works as always, "
                                  "or staff can help you."))
        set_text(self.pin_button, self.tr("Use my PIN"))
        set_text(self.staff_button, self.tr("Ask staff"))

    def first_focus(self):
        return self.pin_button


@page(State.ASK_STAFF)
class AskStaffPage(Page):
    """Asking reaches a person: the request becomes an alert in the staff area's list and goes
    out through the configured notification. Back from the staff area (staff stepped in
    while the visitor waited) shows the request as sent: it is not sent twice."""

    def build(self) -> None:
        self.lead = label("body")
        self.lead.setObjectName("help-lead")
        self.status = label("hint")
        self.status.setObjectName("help-status")
        self.done_button = button("primary")
        self.done_button.setObjectName("staff-done")
        self.done_button.clicked.connect(lambda: self.ctx.fire(Event.DONE))
        self.body.addWidget(self.lead)
        self.body.addWidget(self.status)
        self.body.addStretch(1)
        self.answer_area.addWidget(self.done_button)
        self.called = False

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Help is on the way"))
        self.lead.setText(self.tr("We have let the staff know. Please wait here: someone will come to you. "
                                  "You can also go to the desk."))
        if self.called:
            self.status.setText(self.tr("Staff have been called."))
        set_text(self.back_button, self.tr("‹  Back to where I was"), self.tr("Back to where I was"))
        set_text(self.done_button, self.tr("Done: start over"), self.tr("Done"))

    def enter(self) -> None:
        self.called = False
        self.status.clear()
        s = self.ctx.session
        if s.help_called:
            self._called()
        elif not self.ctx.still:
            call_staff(self.ctx, (s.help_from or State.WELCOME).value, self._called, self._not_called)

    def _called(self, _=None) -> None:
        self.called = self.ctx.session.help_called = True
        self.retranslate_ui()

    def _not_called(self, exc: BaseException, message: str) -> None:
        self.status.setText(self.tr("The staff could not be called from here. Please go to the desk."))

    def first_focus(self):
        return self.done_button


@screenshot("camera-unavailable")
def _camera(window) -> None:
    window.machine.force(State.CAMERA_UNAVAILABLE, member_no="1001", face_available=True)


@screenshot("ask-staff")
def _staff(window) -> None:
    window.machine.force(State.ASK_STAFF, member_no="1001", help_from=State.PIN)
    window.pages[State.ASK_STAFF]._called()


@screenshot("help-staff-on-the-way")
def _staff_on_the_way(window) -> None:
    """A visitor asked for help on the PIN screen: staff see their way in, in the header."""
    window.machine.force(State.ASK_STAFF, member_no="1002", help_from=State.PIN, help_called=True)
    window.pages[State.ASK_STAFF]._called()
    window.help_watch.waiting = 1
    window.show_staff_call()


@screenshot("help")
def _help(window) -> None:
    """The member-number screen after an unknown number: a next step, and "Help / ask staff"."""
    from kiosk.errors import NotFoundError
    from kiosk.ui.messages import error_message

    window.machine.force(State.CLAIM)
    claim = window.pages[State.CLAIM]
    claim.field.setText("1099")
    exc = NotFoundError("No member with that card or number.")
    claim._not_claimed(exc, error_message(exc))
