"""Set up face: "Are you 14 or older?" -- asked only when the member's birth date is unknown.
Two equal answers; the declared age band goes into the consent record."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from kiosk.domain.session import Event, State
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import FLOW_KEY, equal_pair, flow_of
from kiosk.ui.pages.notice import start_flow
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import label, set_text


@page(State.AGE)
class AgePage(Page):
    def build(self) -> None:
        self.why = label("body")
        self.why.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row, self.adult_button, self.child_button = equal_pair("age-adult", "age-child")
        self.adult_button.clicked.connect(lambda: self.answer(True))
        self.child_button.clicked.connect(lambda: self.answer(False))
        self.for_child = label("hint")
        self.for_child.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem = label("error")
        self.body.addStretch(1)
        self.body.addWidget(self.why)
        self.body.addStretch(1)
        self.actions.addLayout(row)  # both answers stay on screen
        self.actions.addWidget(self.for_child)
        self.actions.addWidget(self.problem)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.busy = False

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Are you 14 or older?"))
        self.why.setText(self.tr("We ask because, for children under 14, a parent or guardian decides."))
        set_text(self.adult_button, self.tr("Yes, 14 or older"))
        set_text(self.child_button, self.tr("No, under 14"))
        self.for_child.setText(self.tr("Setting this up for a child? Choose \"No, under 14\"."))

    def enter(self) -> None:
        self.busy = False
        self.problem.clear()
        if self.ctx.session.birth_date_known and not self.ctx.still:
            # the birth date is known, so this question is skipped; Back from GUARDIAN lands here
            QTimer.singleShot(0, self._skip_back)

    def _skip_back(self) -> None:
        if self.ctx.machine.state is State.AGE:
            self.ctx.fire(Event.BACK)

    def first_focus(self):
        return self  # nothing pre-selected

    def answer(self, fourteen_or_older: bool) -> None:
        flow = flow_of(self.ctx)
        if flow is None or self.busy:
            return
        self.busy = True
        self.ctx.run(lambda: flow.declare_age(fourteen_or_older), self._answered, self._failed)

    def _answered(self, band: str) -> None:
        self.busy = False
        if self.ctx.machine.state is State.AGE:
            self.ctx.fire(Event.AGE_ADULT if band == "14_or_older" else Event.AGE_CHILD)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.problem.setText(message)


@screenshot("age", area="enrollment")
def _shot(window) -> None:
    flow = start_flow(window.ctx.kiosk, "1002", window.ctx.translations.language)
    flow.agree()
    window.machine.force(State.AGE, member_no="1002", authenticated=True, extras={FLOW_KEY: flow})
