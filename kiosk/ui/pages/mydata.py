"""My data (after claim + PIN): what is stored about my face, and "Delete my face data" with a
confirmation on the same page (never a pop-up). Deleting is immediate; a receipt follows."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk import ops
from kiosk.domain.mydata import DeletionReceipt, MyData, my_data
from kiosk.domain.notice import NOTICE_VERSION
from kiosk.domain.session import Event, State
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import DELETED_KEY, MYDATA_KEY, Summary, equal_pair, show_date
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


@page(State.MY_DATA)
class MyDataPage(Page):
    show_back = False
    show_cancel = False  # "Done" goes to the start as well

    def build(self) -> None:
        self.lead = label("body")
        self.lead.setObjectName("mydata-lead")
        self.summary = Summary()
        self.delete_button = button()
        self.delete_button.setObjectName("mydata-delete")
        self.delete_button.clicked.connect(self.ask)
        self.confirm = QFrame()
        self.confirm.setObjectName("mydata-confirm")
        box = QVBoxLayout(self.confirm)
        box.setContentsMargins(0, 0, 0, 0)
        self.confirm_text = label("subtitle")
        row, self.yes_button, self.no_button = equal_pair("mydata-yes", "mydata-no")
        self.yes_button.clicked.connect(self.delete)
        self.no_button.clicked.connect(self.keep)
        box.addWidget(self.confirm_text)
        box.addLayout(row)
        self.problem = label("error")
        self.done_button = button("primary")
        self.done_button.setObjectName("mydata-done")
        self.done_button.setMinimumWidth(320)
        self.done_button.clicked.connect(lambda: self.ctx.fire(Event.DONE))
        self.body.addWidget(self.lead)
        self.body.addLayout(self.summary)
        self.body.addStretch(1)
        self.actions.addWidget(self.problem)
        self.actions.addWidget(self.confirm)
        answers = QHBoxLayout()
        answers.addWidget(self.delete_button)
        answers.addStretch(1)
        answers.addWidget(self.done_button)
        self.actions.addLayout(answers)
        self.confirm.hide()
        self.busy = False

    def data(self) -> MyData | None:
        return self.ctx.session.extras.get(MYDATA_KEY)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("My data"))
        set_text(self.delete_button, self.tr("Delete my face data"))
        self.confirm_text.setText(self.tr("Delete your face data now? Your card and PIN keep working."))
        set_text(self.yes_button, self.tr("Yes, delete it"))
        set_text(self.no_button, self.tr("No, keep it"))
        set_text(self.done_button, self.tr("Done"))
        d = self.data()
        self.summary.clear()
        if d is None:
            self.lead.setText(self.tr("Looking up your data…"))
            self.delete_button.hide()
            return
        self.delete_button.setVisible(d.has_face and not self.confirm.isVisible())
        if not d.has_face:
            self.lead.setText(self.tr("No face data is stored for pass %1.").replace("%1", d.member_no))
            return
        self.lead.setText(self.tr("This is what this kiosk stores about your face (pass %1):").replace("%1", d.member_no))
        s = self.summary
        s.set("stored", self.tr("What is stored"),
              self.tr("A face template: numbers worked out from your face. No photo or video."))
        s.set("enrolled", self.tr("Set up on"), show_date(self.ctx, d.enrolled_on))
        s.set("version", self.tr("Notice you agreed to"), self.tr("Version %1").replace("%1", d.consent_version or "?"))
        by = (self.tr("Parent or guardian: %1").replace("%1", d.guardian_name or "")
              if d.given_by == "guardian" else self.tr("You"))
        s.set("by", self.tr("Consent given by"), by)
        s.set("used", self.tr("Last used"), show_date(self.ctx, d.last_used) if d.last_used else self.tr("Not used yet"))
        s.set("until", self.tr("Deleted on"),
              self.tr("%1, if you do not use it again").replace("%1", show_date(self.ctx, d.deletion_date)))

    def enter(self) -> None:
        self.busy = False
        self.problem.clear()
        self.confirm.hide()
        if self.data() is None and not self.ctx.still:
            kiosk, member_no = self.ctx.kiosk, self.ctx.session.member_no
            self.ctx.run(lambda: my_data(kiosk, member_no), self._loaded, self._failed)
        self.retranslate_ui()

    def _loaded(self, d: MyData) -> None:
        self.ctx.session.extras[MYDATA_KEY] = d
        self.retranslate_ui()

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.problem.setText(message)

    def ask(self) -> None:
        self.delete_button.hide()
        self.confirm.show()
        self.yes_button.setEnabled(True)

    def keep(self) -> None:
        self.confirm.hide()
        self.delete_button.show()

    def delete(self) -> None:
        if self.busy or not self.ctx.session.authenticated:
            return
        self.busy = True
        self.yes_button.setEnabled(False)
        kiosk, member_no = self.ctx.kiosk, self.ctx.session.member_no
        self.ctx.run(lambda: ops.forget_face(kiosk, ops.Actor.visitor(member_no), member_no), self._deleted, self._failed)

    def _deleted(self, receipt: DeletionReceipt) -> None:
        self.busy = False
        s = self.ctx.session
        s.extras[DELETED_KEY] = receipt
        s.extras.pop(MYDATA_KEY, None)
        s.face_available = False
        if self.ctx.machine.state is State.MY_DATA:
            self.ctx.fire(Event.DELETE_CONFIRMED)

    def wipe(self) -> None:
        self.summary.clear()
        self.confirm.hide()
        self.problem.clear()

    def first_focus(self):
        return self.done_button


@page(State.MY_DATA_DELETED)
class MyDataDeletedPage(Page):
    show_back = False
    show_cancel = False  # "Done" goes to the start as well

    def build(self) -> None:
        self.lead = label("body")
        self.lead.setObjectName("mydata-deleted-lead")
        self.summary = Summary()
        self.after = label("body")
        self.done_button = button("primary")
        self.done_button.setObjectName("mydata-deleted-done")
        self.done_button.setMinimumWidth(320)
        self.done_button.clicked.connect(lambda: self.ctx.fire(Event.DONE))
        self.body.addWidget(self.lead)
        self.body.addLayout(self.summary)
        self.body.addWidget(self.after)
        self.body.addStretch(1)
        self.actions.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Your face data is deleted"))
        set_text(self.done_button, self.tr("Done"))
        r: DeletionReceipt | None = self.ctx.session.extras.get(DELETED_KEY)
        self.summary.clear()
        if r is None:
            self.lead.clear()
            self.after.clear()
            return
        self.lead.setText(self.tr("The face template for pass %1 has been deleted from this kiosk.").replace("%1", r.member_no))
        local = datetime.fromisoformat(r.deleted_at).astimezone()
        when = show_date(self.ctx, local.date().isoformat()) + "  " + local.strftime("%H:%M")
        self.summary.set("when", self.tr("Deleted"), when)
        if r.consent_id is not None:
            self.summary.set("consent", self.tr("Consent withdrawn"), self.tr("Number %1").replace("%1", str(r.consent_id)))
        self.after.setText(self.tr("Your card and PIN keep working. Face verification is no longer offered for this "
                                   "pass. You can set it up again later if you wish."))

    def enter(self) -> None:
        self.retranslate_ui()

    def wipe(self) -> None:
        self.summary.clear()

    def first_focus(self):
        return self.done_button


@screenshot("mydata", area="enrollment")
def _mydata_shot(window) -> None:
    d = MyData("1001", True, enrolled_on="2026-11-20", consent_id=3, consent_version=NOTICE_VERSION, given_by="self",
               last_used="2026-11-25", deletion_date="2027-11-25")
    window.machine.force(State.MY_DATA, member_no="1001", authenticated=True, extras={MYDATA_KEY: d})


@screenshot("mydata-deleted", area="enrollment")
def _deleted_shot(window) -> None:
    r = DeletionReceipt("1001", "2026-11-26T15:42:00+00:00", True, 3)
    window.machine.force(State.MY_DATA_DELETED, member_no="1001", authenticated=True, extras={DELETED_KEY: r})

