"""Camera unavailable (the alternatives, never a crash) and Ask staff."""

from __future__ import annotations

from kiosk.domain.session import Event, State
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
            self.actions.addWidget(w)

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
    def build(self) -> None:
        self.lead = label("body")
        self.done_button = button("primary")
        self.done_button.setObjectName("staff-done")
        self.done_button.clicked.connect(lambda: self.ctx.fire(Event.DONE))
        self.body.addWidget(self.lead)
        self.body.addStretch(1)
        self.actions.addWidget(self.done_button)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Please ask a member of staff"))
        self.lead.setText(self.tr("Staff at the desk can check your pass and let you in. "
                                  "You do not need to do anything else here."))
        set_text(self.done_button, self.tr("Done"))

    def enter(self) -> None:
        member_no = self.ctx.session.member_no
        if not self.ctx.still:
            store = self.ctx.kiosk.store
            self.ctx.run(lambda: store.audit.append("staff_help_requested", "visitor", member_no))

    def first_focus(self):
        return self.done_button


@screenshot("camera-unavailable")
def _camera(window) -> None:
    window.machine.force(State.CAMERA_UNAVAILABLE, member_no="1001", face_available=True)


@screenshot("ask-staff")
def _staff(window) -> None:
    window.machine.force(State.ASK_STAFF, member_no="1001")
