"""Set up face for a child under 14: first of all a parent or guardian identifies themselves --
with their own member number and PIN (the PIN lockout applies), or with a member of staff
who checks them at the desk (staff PIN + the guardian's name). The notice then speaks to
them and they answer on the consent screen. A child cannot consent alone. "Continue" and
"No thanks" are equal answers; declining costs nothing."""

from __future__ import annotations

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.domain.session import Event, Purpose, State
from kiosk.ui.help_call import call_staff
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import equal_pair, run_on_flow
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import Keypad, ReflowRow, button, keypad_only, label, set_text

MEMBER, STAFF = "member", "staff"


def _field(name: str, secret: bool = False, digits: bool = False, max_len: int = 32) -> QLineEdit:
    f = QLineEdit()
    f.setObjectName(name)
    f.setMaxLength(max_len)
    if secret:
        f.setEchoMode(QLineEdit.EchoMode.Password)
    if digits:
        f.setValidator(QRegularExpressionValidator(r"[0-9]{0,8}"))
    return f


@page(State.GUARDIAN)
class GuardianPage(Page):
    def build(self) -> None:
        self.body.setSpacing(8)  # a full page of text: keep it on one screen
        self.member_mode = button("toggle")
        self.member_mode.setObjectName("guardian-mode-member")
        self.staff_mode = button("toggle")
        self.staff_mode.setObjectName("guardian-mode-staff")
        for b, mode in ((self.member_mode, MEMBER), (self.staff_mode, STAFF)):
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
        self.staff_mode.clicked.connect(self.call_staff)  # "with help from staff" calls them
        self.consent_line = label("body")
        self.consent_line.setObjectName("guardian-lead")
        self.body.addWidget(self.consent_line)  # who decides and what comes next, before anything else
        self.body.addWidget(ReflowRow(self.member_mode, self.staff_mode))  # stacked in large text
        row = QHBoxLayout()
        row.setSpacing(48)
        self.number_label, self.pin_label = label("hint"), label("hint")
        self.staff_pin_label, self.name_label = label("hint"), label("hint")
        self.number = keypad_only(_field("guardian-number"))
        self.pin = keypad_only(_field("guardian-pin", secret=True, digits=True, max_len=8))
        self.staff_pin = keypad_only(_field("guardian-staff-pin", secret=True, digits=True, max_len=8))
        self.name = _field("guardian-name", max_len=120)
        self.member_box, self.staff_box = QWidget(), QWidget()
        for box, pairs in ((self.member_box, ((self.number_label, self.number), (self.pin_label, self.pin))),
                           (self.staff_box, ((self.staff_pin_label, self.staff_pin), (self.name_label, self.name)))):
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(6)
            for lab, f in pairs:
                lab.setBuddy(f)
                col.addWidget(lab)
                col.addWidget(f)
                f.returnPressed.connect(self.submit)
        left = QVBoxLayout()
        left.setSpacing(10)  # else inherited from the row (48)
        left.addWidget(self.member_box)
        left.addWidget(self.staff_box)
        self.staff_called = label("hint")
        self.staff_called.setObjectName("guardian-staff-called")
        left.addWidget(self.staff_called)
        self.error = label("error")
        self.error.setObjectName("guardian-error")
        left.addWidget(self.error)
        self.error.setMinimumWidth(480)  # a wrapped label otherwise reserves height for a narrow width
        answers, self.confirm_button, self.decline_button = equal_pair("guardian-confirm", "guardian-decline")
        for b in (self.confirm_button, self.decline_button):
            b.setMinimumSize(220, 96)
        answers.setSpacing(24)
        self.confirm_button.clicked.connect(self.submit)
        self.decline_button.clicked.connect(self.decline)
        left.addStretch(1)
        self.keypad = Keypad(self.number, with_ok=False)
        self.keypad.setMaximumWidth(440)
        row.addLayout(left, 1)
        self.side.addWidget(self.keypad)  # pinned: large text never scrolls the keypad away
        self.side.addStretch(1)
        self.body.addLayout(row, 1)
        self._answers_in_nav(answers)
        for f in (self.number, self.pin, self.staff_pin, self.name):
            f.installEventFilter(self)
        self.mode = MEMBER
        self.busy = self.calling = False
        self.set_mode(MEMBER)

    def _answers_in_nav(self, answers) -> None:
        """Continue / No thanks pinned above Back / Start over: in one row with them, large text
        would make the row wider than the screen."""
        self.answer_area.addLayout(answers)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 -- the keypad types into the focused field
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusIn and obj in (self.number, self.pin, self.staff_pin):
            self.keypad.target = obj
        return False

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("First, the parent or guardian"))
        set_text(self.member_mode, self.tr("With my own member number and PIN"))
        set_text(self.staff_mode, self.tr("With help from staff"))
        self.number_label.setText(self.tr("Parent's or guardian's member number"))
        self.pin_label.setText(self.tr("Parent's or guardian's PIN"))
        self.staff_pin_label.setText(self.tr("Staff PIN (typed by staff)"))
        self.name_label.setText(self.tr("Parent's or guardian's full name (typed by staff)"))
        for lab, f in ((self.number_label, self.number), (self.pin_label, self.pin),
                       (self.staff_pin_label, self.staff_pin), (self.name_label, self.name)):
            f.setAccessibleName(lab.text())
        self.consent_line.setText(self.tr("This pass belongs to a child under 14, so a parent or guardian decides. "
                                          "Please show who you are first. Then you read what face verification "
                                          "means and give your answer."))
        set_text(self.confirm_button, self.tr("Continue"), self.tr("Continue: I am the parent or guardian"))
        set_text(self.decline_button, self.tr("No thanks"), self.tr("No thanks: do not set up face verification"))

    def call_staff(self) -> None:
        """The same request as "Help / ask staff": an alert and the configured notification,
        once per visit to this page."""
        if self.calling or self.ctx.still:
            return
        self.calling = True
        self.staff_called.setText(self.tr("Calling staff…"))
        call_staff(self.ctx, State.GUARDIAN.value, self._staff_called,
                   lambda _exc, _text: self.staff_called.setText(
                       self.tr("The staff could not be called from here. Please go to the desk.")))

    def _staff_called(self, _alert=None) -> None:
        self.staff_called.setText(self.tr("Staff have been called: please wait, someone will come to you."))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.member_mode.setChecked(mode == MEMBER)
        self.staff_mode.setChecked(mode == STAFF)
        self.member_box.setVisible(mode == MEMBER)
        self.staff_box.setVisible(mode == STAFF)
        self.staff_called.setVisible(mode == STAFF)
        self.error.clear()
        first = self.number if mode == MEMBER else self.staff_pin
        self.keypad.target = first
        first.setFocus()

    def enter(self) -> None:
        self.calling = False
        self.staff_called.clear()
        self.busy = False
        self.confirm_button.setEnabled(True)
        self.set_mode(MEMBER)

    def first_focus(self):
        return self.number

    def leave(self) -> None:
        self.wipe()

    def wipe(self) -> None:
        for f in (self.number, self.pin, self.staff_pin, self.name):
            f.clear()
        self.error.clear()

    def decline(self) -> None:
        """Nothing is stored, nothing is asked again in this session."""
        self.wipe()
        self.ctx.session.enrollment = None
        if self.ctx.machine.state is State.GUARDIAN:
            self.ctx.fire(Event.CONSENT_DECLINED)

    def submit(self) -> None:
        if self.busy or not self.ctx.session.member_no:
            return
        if self.mode == MEMBER:
            number, pin = self.number.text().strip(), self.pin.text()
            self.pin.clear()  # digits leave the screen at once
            if not number or len(pin) < 4:
                self.error.setText(self.tr("Please type the member number and a PIN of 4 to 8 digits."))
                return
            claim: ops.GuardianByMember | ops.GuardianByStaff = ops.GuardianByMember(number, pin)
        else:
            pin, name = self.staff_pin.text(), self.name.text()
            self.staff_pin.clear()
            if len(pin) < 6 or len(name.strip()) < 2:
                self.error.setText(self.tr("Please type the staff PIN and the guardian's full name."))
                return
            claim = ops.GuardianByStaff(pin, name)
        self.busy = True
        self.confirm_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        run_on_flow(self.ctx, lambda kiosk, actor, flow: ops.identify_guardian(kiosk, actor, flow, claim),
                    self._identified, self._failed)

    def _identified(self, guardian) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        if self.ctx.machine.state is State.GUARDIAN:
            self.wipe()
            self.ctx.fire(Event.GUARDIAN_OK)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        self.error.setText(message)


def _child_session(window) -> None:
    flow = ops.start_enrollment(window.ctx.kiosk, ops.Actor.visitor("1004"), "1004")  # Tom, born 2016: a child
    window.machine.force(State.GUARDIAN, member_no="1004", authenticated=True, is_child=True, birth_date_known=True,
                         purpose=Purpose.ENROLL, enrollment=flow)


@screenshot("guardian", area="enrollment")
def _shot(window) -> None:
    _child_session(window)
    window.pages[State.GUARDIAN].number.setText("1001")


@screenshot("guardian-pin", area="enrollment")
def _pin(window) -> None:
    """The parent has typed their member number and types their PIN next."""
    _child_session(window)
    page_ = window.pages[State.GUARDIAN]
    page_.number.setText("1001")
    page_.pin.setFocus()
    page_.pin.setText("12")


@screenshot("guardian-first", area="enrollment")
def _first(window) -> None:
    """A parent setting up face for a 10-year-old: before any notice or question."""
    _child_session(window)
    window.pages[State.GUARDIAN].wipe()
