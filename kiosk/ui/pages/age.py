"""Set up face: how old is the pass holder? -- asked only when the member's birth date is
unknown, and first, before any notice or consent: under 14, a parent or guardian identifies
next. Worded for a parent tapping for a child. Two equal answers; the declared age band goes
into the consent record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk import ops
from kiosk.domain.session import Event, Purpose, State
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import equal_pair, run_on_flow
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
        self.answer_area.addLayout(row)  # both answers stay on screen
        self.answer_area.addWidget(self.for_child)
        self.answer_area.addWidget(self.problem)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.busy = False

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("How old is the person this pass belongs to?"))
        self.why.setText(self.tr("We ask because, for a child under 14, a parent or guardian decides and "
                                 "confirms who they are first."))
        set_text(self.adult_button, self.tr("14 or older"), self.tr("The pass holder is 14 or older"))
        set_text(self.child_button, self.tr("Under 14"), self.tr("The pass holder is under 14"))
        self.for_child.setText(self.tr("Setting this up for your child? Answer for your child."))

    def enter(self) -> None:
        self.busy = False
        self.problem.clear()

    def first_focus(self):
        return self  # nothing pre-selected

    def answer(self, fourteen_or_older: bool) -> None:
        if self.busy or not self.ctx.session.member_no:
            return
        self.busy = True
        run_on_flow(self.ctx, lambda kiosk, actor, flow: ops.declare_age(kiosk, actor, flow, fourteen_or_older),
                    self._answered, self._failed)

    def _answered(self, age: ops.AgeResult) -> None:
        self.busy = False
        if self.ctx.machine.state is State.AGE:
            self.ctx.fire(Event.AGE_ADULT if age.band is ops.AgeBand.FOURTEEN_OR_OLDER else Event.AGE_CHILD)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.problem.setText(message)


@screenshot("age", area="enrollment")
def _shot(window) -> None:
    flow = ops.start_enrollment(window.ctx.kiosk, ops.Actor.visitor("1003"), "1003")  # no birth date on file
    window.machine.force(State.AGE, member_no="1003", authenticated=True, purpose=Purpose.ENROLL,
                         enrollment=flow)
