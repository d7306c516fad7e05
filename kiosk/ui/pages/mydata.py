"""My data (after claim + PIN): what is stored about my face, and "Delete my face data" with a
confirmation on the same page (never a pop-up). Deleting is immediate; a receipt follows."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.config import TemplateStorage
from kiosk.domain.mydata import CheckLine, ConsentLine, DeletionReceipt, MyData, Refusal
from kiosk.domain.notice import NOTICE_VERSION, PASS_SUFFIX
from kiosk.domain.session import Event, State
from kiosk.policy.consent import GivenBy
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import Summary, equal_pair, show_date
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


@page(State.MY_DATA)
class MyDataPage(Page):
    show_back = False
    show_cancel = False  # "Done" goes to the start as well

    def build(self) -> None:
        self.lead = label("body")
        self.lead.setObjectName("mydata-lead")
        self.about_title, self.face_title = label("subtitle"), label("subtitle")
        self.consents_title, self.checks_title = label("subtitle"), label("subtitle")
        self.about = Summary()
        self.summary = Summary()  # the face template
        self.no_face = label("body")
        self.consent_list = label("body")
        self.consent_list.setObjectName("mydata-consents")
        self.check_list = label("body")
        self.check_list.setObjectName("mydata-checks")
        row, self.delete_button, self.done_button = equal_pair("mydata-delete", "mydata-done")  # access and deletion alike
        self.delete_button.clicked.connect(self.ask)
        self.done_button.clicked.connect(lambda: self.ctx.fire(Event.DONE))
        self.answers = QWidget()
        self.answers.setLayout(row)
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
        self.body.addWidget(self.lead)
        for title, part in ((self.about_title, self.about), (self.face_title, self.summary), (None, self.no_face),
                            (self.consents_title, self.consent_list), (self.checks_title, self.check_list)):
            if title is not None:
                self.body.addSpacing(8)
                self.body.addWidget(title)
            if isinstance(part, Summary):
                self.body.addLayout(part)
            else:
                self.body.addWidget(part)
        self.body.addStretch(1)
        self.answer_area.addWidget(self.problem)
        self.answer_area.addWidget(self.confirm)
        self.answer_area.addWidget(self.answers)
        self.confirm.hide()
        self.busy = False

    def data(self) -> MyData | None:
        return self.ctx.session.my_data

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("My data"))
        self.about_title.setText(self.tr("About you"))
        self.face_title.setText(self.tr("Face data"))
        self.consents_title.setText(self.tr("Consent records"))
        self.checks_title.setText(self.tr("Recent checks at this kiosk"))
        set_text(self.delete_button, self.tr("Delete my face data"))
        self.confirm_text.setText(self.tr("Delete your face data now? Your card and PIN keep working."))
        set_text(self.yes_button, self.tr("Yes, delete it"))
        set_text(self.no_button, self.tr("No, keep it"))
        set_text(self.done_button, self.tr("Done"))
        d = self.data()
        self.summary.clear()
        self.about.clear()
        sections = (self.about_title, self.face_title, self.consents_title, self.checks_title, self.no_face,
                    self.consent_list, self.check_list)
        for w in sections:
            w.setVisible(d is not None)
        if d is None:
            self.lead.setText(self.tr("Looking up your data…"))
            self.delete_button.hide()
            return
        on_pass = d.storage == TemplateStorage.PASS
        # as large as "Done" whenever there is face data; with face passes always (a pass from another kiosk)
        self.delete_button.setVisible(d.has_face or on_pass)
        self.lead.setText(self.tr("This is everything this kiosk stores about you (pass %1).").replace("%1", d.member_no))
        self._about(d)
        self.no_face.setVisible(not d.has_face)
        if on_pass:
            self.confirm_text.setText(self.tr("Withdraw now? Your face pass stops working. Your card and PIN keep working."))
            self.no_face.setText(self.tr("This kiosk keeps no face data. If you have a face pass from another kiosk of "
                                         "this site, you can withdraw it here."))
        else:
            self.no_face.setText(self.tr("No face data is stored for pass %1.").replace("%1", d.member_no))
        if d.has_face:
            (self._face_on_pass if on_pass else self._face)(d)
        self.consent_list.setText("\n".join(self._consent_line(c) for c in d.consents) or self.tr("None."))
        self.check_list.setText("\n".join(self._check_line(c) for c in d.checks) or self.tr("None yet."))

    def _about(self, d: MyData) -> None:
        a = self.about
        a.set("name", self.tr("Name"), d.display_name)
        a.set("birth", self.tr("Birth date"), show_date(self.ctx, d.birth_date) if d.birth_date else self.tr("Not stored"))
        a.set("valid", self.tr("Pass valid until"), show_date(self.ctx, d.valid_until) if d.valid_until else "")
        a.set("card", self.tr("Pass card"), self.tr("A card is registered") if d.has_card else self.tr("No card registered"))
        a.set("pin", self.tr("PIN"), self.tr("Set (kept only in a form nobody can read back)") if d.has_pin else self.tr("Not set"))

    def _face(self, d: MyData) -> None:
        s = self.summary
        s.set("stored", self.tr("What is stored"),
              self.tr("A face template: numbers worked out from your face. No photo or video."))
        if d.storage == TemplateStorage.SITE:
            s.set("where", self.tr("Where"), self.tr("At every gate of this site, encrypted. The site's server keeps "
                                                     "only a sealed copy it cannot open."))
        s.set("enrolled", self.tr("Set up on"), show_date(self.ctx, d.enrolled_on))
        s.set("version", self.tr("Notice you agreed to"), self.tr("Version %1").replace("%1", d.consent_version or "?"))
        by = (self.tr("Parent or guardian: %1").replace("%1", d.guardian_name or "")
              if d.given_by == GivenBy.GUARDIAN else self.tr("You"))
        s.set("by", self.tr("Consent given by"), by)
        s.set("used", self.tr("Last used"), show_date(self.ctx, d.last_used) if d.last_used else self.tr("Not used yet"))
        s.set("until", self.tr("Deleted on"),
              self.tr("%1, if you do not use it again").replace("%1", show_date(self.ctx, d.deletion_date)))

    def _face_on_pass(self, d: MyData) -> None:
        """Pass mode: nothing about the face is on this kiosk; withdrawing revokes the face pass."""
        s = self.summary
        s.set("where", self.tr("Where"), self.tr("Only in the code on your face pass, sealed. This kiosk keeps no copy."))
        if d.enrolled_on:
            s.set("enrolled", self.tr("Set up on"), show_date(self.ctx, d.enrolled_on))
        if d.pass_valid_until:
            s.set("until", self.tr("Face pass valid until"), show_date(self.ctx, d.pass_valid_until))
        if d.consent_version:
            s.set("version", self.tr("Notice you agreed to"), self.tr("Version %1").replace("%1", d.consent_version))
        if d.given_by:
            by = (self.tr("Parent or guardian: %1").replace("%1", d.guardian_name or "")
                  if d.given_by == GivenBy.GUARDIAN else self.tr("You"))
            s.set("by", self.tr("Consent given by"), by)

    def _consent_line(self, c: ConsentLine) -> str:
        by = (self.tr("by parent or guardian %1").replace("%1", c.guardian_name or "")
              if c.given_by == GivenBy.GUARDIAN else self.tr("by you"))
        text = self.tr("No. %1: given on %2 %3, notice version %4").replace("%1", str(c.consent_id))
        text = text.replace("%2", show_date(self.ctx, c.given_on)).replace("%3", by).replace("%4", c.notice_version)
        if c.withdrawn_on:
            text += self.tr("; withdrawn on %1").replace("%1", show_date(self.ctx, c.withdrawn_on))
        return "• " + text

    def _check_line(self, c: CheckLine) -> str:
        local = datetime.fromisoformat(c.at).astimezone()
        way = {"pin": self.tr("PIN"), "face": self.tr("face"), "card": self.tr("card"),
               "qr": self.tr("pass code")}.get(c.method, c.method)
        outcome = self.tr("confirmed") if c.passed else {
            Refusal.NO_MATCH: self.tr("refused: the face did not match"),
            Refusal.LIVENESS: self.tr("refused: the camera could not tell a live face"),
            Refusal.TIMEOUT: self.tr("refused: no face check in time"),
            Refusal.ABANDONED: self.tr("not finished: the face step was left"),
            Refusal.PASS_REFUSED: self.tr("refused: the face pass was not accepted"),
            Refusal.WRONG_PIN: self.tr("refused: wrong PIN"),
            Refusal.PIN_PAUSED: self.tr("refused: PIN entry was paused"),
        }.get(c.refusal, self.tr("not confirmed"))
        text = self.tr("%1 %2, %3: %4").replace("%1", show_date(self.ctx, local.date().isoformat()))
        return "• " + text.replace("%2", local.strftime("%H:%M")).replace("%3", way).replace("%4", outcome)

    def enter(self) -> None:
        self.busy = False
        self.problem.clear()
        self.confirm.hide()
        self.answers.show()
        if self.data() is None and not self.ctx.still:
            s = self.ctx.session
            kiosk, member_no, code, proof = self.ctx.kiosk, s.member_no, s.pass_code or None, s.proof
            self.ctx.run(lambda: ops.my_data(kiosk, ops.Actor.visitor(member_no), member_no, code, proof),
                         self._loaded, self._failed)
        self.retranslate_ui()

    def _loaded(self, d: MyData) -> None:
        self.ctx.session.my_data = d
        self.retranslate_ui()

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.problem.setText(message)

    def ask(self) -> None:
        self.answers.hide()
        self.confirm.show()
        self.yes_button.setEnabled(True)

    def keep(self) -> None:
        self.confirm.hide()
        self.answers.show()

    def delete(self) -> None:
        if self.busy or not self.ctx.session.authenticated:
            return
        self.busy = True
        self.yes_button.setEnabled(False)
        s = self.ctx.session
        kiosk, member_no, code, proof = self.ctx.kiosk, s.member_no, s.pass_code or None, s.proof
        self.ctx.run(lambda: ops.forget_face(kiosk, ops.Actor.visitor(member_no), member_no, code, proof),
                     self._deleted, self._failed)

    def _deleted(self, receipt: DeletionReceipt) -> None:
        self.busy = False
        s = self.ctx.session
        s.deleted, s.my_data = receipt, None
        s.face_available = False
        if self.ctx.machine.state is State.MY_DATA:
            self.ctx.fire(Event.DELETE_CONFIRMED)

    def wipe(self) -> None:
        self.summary.clear()
        self.about.clear()
        self.consent_list.clear()
        self.check_list.clear()
        self.confirm.hide()
        self.answers.show()
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
        self.answer_area.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Your face data is deleted"))
        set_text(self.done_button, self.tr("Done"))
        r: DeletionReceipt | None = self.ctx.session.deleted
        self.summary.clear()
        if r is None:
            self.lead.clear()
            self.after.clear()
            return
        if r.storage == TemplateStorage.PASS:
            self.title.setText(self.tr("Your face pass is withdrawn"))
            self.lead.setText(self.tr("Face verification with your face pass is withdrawn (pass %1). This kiosk refuses "
                                      "that pass from now on, and the site's other kiosks do once staff update them.")
                              .replace("%1", r.member_no))
        elif r.storage == TemplateStorage.SITE:
            self.lead.setText(self.tr("The face template for pass %1 has been deleted from this kiosk. The site's "
                                      "other gates delete it as soon as they hear of it.").replace("%1", r.member_no))
        else:
            self.lead.setText(self.tr("The face template for pass %1 has been deleted from this kiosk.")
                              .replace("%1", r.member_no))
        local = datetime.fromisoformat(r.deleted_at).astimezone()
        when = show_date(self.ctx, local.date().isoformat()) + "  " + local.strftime("%H:%M")
        self.summary.set("when", self.tr("Withdrawn") if r.storage == TemplateStorage.PASS else self.tr("Deleted"), when)
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
    consents = (ConsentLine(1, "2026-05-02", "2026-05.1", "self", None, "2026-06-10"),
                ConsentLine(3, "2026-11-20", NOTICE_VERSION, "self", None, None))
    checks = (CheckLine("2026-11-25T08:12:00+00:00", "face", True), CheckLine("2026-11-24T09:40:00+00:00", "pin", True),
              CheckLine("2026-11-24T09:39:00+00:00", "pin", False))
    d = MyData("1001", True, enrolled_on="2026-11-20", consent_id=3, consent_version=NOTICE_VERSION, given_by="self",
               last_used="2026-11-25", deletion_date="2027-11-25", display_name="Grace Hopper", birth_date="1946-12-09",
               valid_until="2027-03-31", has_card=True, has_pin=True, consents=consents, checks=checks)
    window.machine.force(State.MY_DATA, member_no="1001", authenticated=True, my_data=d)


@screenshot("mydata-deleted", area="enrollment")
def _deleted_shot(window) -> None:
    r = DeletionReceipt("1001", "2026-11-26T15:42:00+00:00", True, 3)
    window.machine.force(State.MY_DATA_DELETED, member_no="1001", authenticated=True, deleted=r)


@screenshot("mydata-pass-withdrawn", area="enrollment")
def _withdrawn_shot(window) -> None:
    r = DeletionReceipt("1001", "2026-11-26T15:42:00+00:00", False, 3, "pass")
    window.machine.force(State.MY_DATA_DELETED, member_no="1001", authenticated=True, deleted=r)



@screenshot("mydata-pass", area="enrollment")
def _mydata_pass_shot(window) -> None:
    """Pass mode, the face pass shown at the claim: nothing about the face is on this kiosk."""
    consents = (ConsentLine(3, "2026-11-20", NOTICE_VERSION + PASS_SUFFIX, "self", None, None),)
    d = MyData("1001", True, enrolled_on="2026-11-20", consent_id=3, consent_version=NOTICE_VERSION + PASS_SUFFIX,
               given_by="self", display_name="Grace Hopper", birth_date="1946-12-09", valid_until="2027-03-31",
               has_card=True, has_pin=True, consents=consents, checks=(CheckLine("2026-11-25T08:12:00+00:00", "face", True),),
               storage="pass", pass_valid_until="2027-03-31")
    window.machine.force(State.MY_DATA, member_no="1001", authenticated=True, my_data=d)


@screenshot("mydata-refused-attempt", area="enrollment")
def _mydata_refused_shot(window) -> None:
    """Recent checks with the refused attempts among them: a face the liveness check refused,
    a wrong PIN, then the PIN that confirmed the member."""
    checks = (CheckLine("2026-12-06T09:15:10+00:00", "pin", True),
              CheckLine("2026-12-06T09:14:40+00:00", "pin", False, Refusal.WRONG_PIN),
              CheckLine("2026-12-06T09:14:05+00:00", "face", False, Refusal.LIVENESS),
              CheckLine("2026-12-05T17:02:00+00:00", "face", False, Refusal.NO_MATCH),
              CheckLine("2026-12-01T08:30:00+00:00", "face", True))
    consents = (ConsentLine(3, "2026-11-20", NOTICE_VERSION, "self", None, None),)
    d = MyData("1002", True, enrolled_on="2026-11-20", consent_id=3, consent_version=NOTICE_VERSION, given_by="self",
               last_used="2026-12-01", deletion_date="2027-12-01", display_name="Ada Lovelace", birth_date="1985-12-10",
               valid_until="2027-06-30", has_card=True, has_pin=True, consents=consents, checks=checks)
    window.machine.force(State.MY_DATA, member_no="1002", authenticated=True, my_data=d)
    page = window.pages[State.MY_DATA]
    if page.scroll_area is not None:  # the recent checks, in view (once the page is laid out)
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        page.scroll_area.ensureWidgetVisible(page.check_list)
