"""Set up face: the receipt -- what was stored, until when, the consent number, how to delete. In pass
mode the receipt shows the face pass's code (the only copy of the template) and what it holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.config import TemplateStorage
from kiosk.domain.consent import EnrollmentReceipt
from kiosk.domain.notice import NOTICE_VERSION, PASS_SUFFIX
from kiosk.domain.session import Event, State
from kiosk.policy.consent import GivenBy
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import Summary, show_date
from kiosk.ui.pages.result import start_check_in
from kiosk.ui.pass_ui import PassCode
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


@page(State.RECEIPT)
class ReceiptPage(Page):
    show_back = False
    show_cancel = False  # "Done" goes to the start as well

    def build(self) -> None:
        self.lead = label("body")
        self.lead.setObjectName("receipt-lead")
        self.summary = Summary()
        self.pass_summary = Summary()  # pass mode: what the code beside it holds
        self.done_button = button("primary")
        self.done_button.setObjectName("receipt-done")
        self.done_button.setMinimumWidth(320)
        self.done_button.clicked.connect(self.done)
        self.code = PassCode(280)  # pass mode: the sealed template, to photograph or print
        self.code.hide()
        self.body.addWidget(self.lead)
        self.body.addSpacing(8)
        self.body.addLayout(self.summary)
        self.pass_box = QWidget()
        row = QHBoxLayout(self.pass_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(32)
        row.addLayout(self.pass_summary, 1)
        row.addWidget(self.code, 0, Qt.AlignmentFlag.AlignTop)
        self.pass_box.hide()
        self.body.addWidget(self.pass_box)
        self.body.addStretch(1)
        self.answer_area.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Face verification is set up"))
        self.lead.setText(self.tr("Next time, you can choose \"Face\" on the kiosk. Your card and PIN keep working too."))
        set_text(self.done_button, self.tr("Done: check me in"), self.tr("Done: check me in"))
        r: EnrollmentReceipt | None = self.ctx.session.receipt
        on_pass = r is not None and r.storage == TemplateStorage.PASS
        self.pass_box.setVisible(on_pass)
        if r is None:
            self.summary.clear()
            self.code.show_code(None)
            return
        if on_pass:
            for name, value in self.summary.rows.values():  # the kiosk-mode rows stay hidden
                name.hide()
                value.hide()
            self.show_pass(r)
            return
        self.code.show_code(None)
        s = self.summary
        child = r.given_by == GivenBy.GUARDIAN
        s.set("stored", self.tr("What is stored"),
              self.tr("A face template: numbers worked out from your child's face. No photo or video.") if child
              else self.tr("A face template: numbers worked out from your face. No photo or video."))
        s.set("where", self.tr("Where"),
              self.tr("At every gate of this site, encrypted. The site's server keeps only a sealed copy it cannot "
                      "open.") if r.storage == TemplateStorage.SITE else self.tr("Only on this kiosk, encrypted."))
        s.set("until", self.tr("Deleted on"),
              (self.tr("%1, if your child does not use it again") if child
               else self.tr("%1, if you do not use it again")).replace("%1", show_date(self.ctx, r.expires)))
        by = (self.tr("Parent or guardian: %1").replace("%1", r.guardian_name or "")
              if r.given_by == GivenBy.GUARDIAN else self.tr("You"))
        s.set("by", self.tr("Consent given by"), by)
        s.set("consent", self.tr("Consent number"), str(r.consent_id))
        s.set("delete", self.tr("To delete it"),
              self.tr("Choose \"My data\" on the first screen, or ask staff. It is deleted at once."))

    def show_pass(self, r: EnrollmentReceipt) -> None:
        """Pass mode: the code is the only copy of the template; say what it holds and where it is."""
        self.title.setText(self.tr("Your face pass is ready"))
        self.lead.setText(self.tr("Photograph this code or ask staff to print it. At any gate of this site, show it "
                                  "and choose \"Face\"."))
        self.code.show_code(r.pass_code)
        s = self.pass_summary
        s.set("stored", self.tr("What the code holds"),
              self.tr("Your face template (no photo), pass number, dates and consent number, sealed so that only this "
                      "site's kiosks can read it. This kiosk keeps no copy."))
        s.set("member", self.tr("Pass number"), r.member_no)
        valid = show_date(self.ctx, r.expires)
        if r.issued:
            valid = self.tr("%1 to %2").replace("%1", show_date(self.ctx, r.issued)).replace("%2", valid)
        s.set("until", self.tr("Valid"), valid)
        if r.given_by == GivenBy.GUARDIAN:  # kept short: the code needs the room
            s.set("by", self.tr("Consent given by"), self.tr("Parent or guardian: %1").replace("%1", r.guardian_name or ""))
        s.set("consent", self.tr("Consent number"), str(r.consent_id))
        s.set("delete", self.tr("To withdraw"),
              self.tr("Choose \"My data\" on the first screen, or ask staff. The code then stops working."))

    def enter(self) -> None:
        self.busy = False
        self.retranslate_ui()

    def done(self) -> None:
        """Set-up completes the visit: the visitor is checked in (the PIN was confirmed first)."""
        if getattr(self, "busy", False):
            return
        self.busy = True
        start_check_in(self.ctx, State.RECEIPT, Event.DONE, self._failed)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.ctx.notify(message)

    def wipe(self) -> None:
        self.summary.clear()
        self.pass_summary.clear()
        self.code.show_code(None)

    def first_focus(self):
        return self.done_button


@screenshot("pass-receipt", area="enrollment")
def _pass_shot(window) -> None:
    """A sample code sealed under a throwaway key: no real template, no face."""
    from kiosk.bench.passcode import sample_code

    receipt = EnrollmentReceipt("1002", 7, "face_template", "2027-11-26", "self", None, NOTICE_VERSION + PASS_SUFFIX,
                                "pass", sample_code("1002"), "2026-11-26")
    window.machine.force(State.RECEIPT, member_no="1002", authenticated=True, receipt=receipt)


@screenshot("receipt", area="enrollment")
def _shot(window) -> None:
    receipt = EnrollmentReceipt("1002", 7, "face_template", "2027-11-26", "self", None, NOTICE_VERSION)
    window.machine.force(State.RECEIPT, member_no="1002", authenticated=True, face_available=True,
                         receipt=receipt)
