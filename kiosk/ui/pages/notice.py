"""Set up face (1/2): the notice (every element of rule 3, versioned and hashed by the domain)
and the separate consent question with two equal answers and nothing pre-selected."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk import ops
from kiosk.domain.session import Event, State
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.enroll_common import add_to_nav, equal_pair, flow_of, language_of, run_on_flow, show_date
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text

if TYPE_CHECKING:
    from kiosk.ops.setup import EnrollmentFlow  # the flow the set-up operations hand out

COLUMNS = 3


def split_columns(weights: list[int], n: int) -> list[list[int]]:
    """Indices in reading order, cut into ``n`` columns whose tallest is as short as possible."""
    best: tuple[int, list[list[int]]] | None = None

    def cuts(start: int, left: int) -> list[list[list[int]]]:
        if left == 1:
            return [[list(range(start, len(weights)))]]
        return [[list(range(start, k))] + rest for k in range(start, len(weights) + 1) for rest in cuts(k, left - 1)]

    for option in cuts(0, n):
        tallest = max(sum(weights[i] for i in col) for col in option)
        if best is None or tallest < best[0]:
            best = (tallest, option)
    return best[1] if best else [[] for _ in range(n)]


def start_flow(kiosk, member_no: str, language: str):
    """On the executor: the flow for this member and the notice in the visitor's language."""
    actor = ops.Actor.visitor(member_no)
    flow = ops.start_enrollment(kiosk, actor, member_no)
    ops.show_notice(kiosk, actor, flow, language)
    return flow


@page(State.NOTICE)
class NoticePage(Page):
    """Shows the exact notice text whose SHA-256 is stored with the consent."""

    def build(self) -> None:
        self.body.setSpacing(8)  # a full page of text: keep it on one screen
        self.intro = label("body")
        self.intro.setObjectName("notice-intro")
        self.body.addWidget(self.intro)
        columns = QHBoxLayout()
        columns.setSpacing(36)
        self.columns: list[QVBoxLayout] = []
        for _ in range(COLUMNS):
            col = QVBoxLayout()
            col.setSpacing(8)
            col.addStretch(1)
            columns.addLayout(col, 1)
            self.columns.append(col)
        self.body.addLayout(columns)
        self.sections: list[QLabel] = []
        self.problem = label("error")
        self.problem.setObjectName("notice-problem")
        self.body.addWidget(self.problem)
        self.body.addStretch(1)
        self.next_button = button("primary")
        self.next_button.setObjectName("notice-next")
        self.next_button.clicked.connect(self.read)
        add_to_nav(self, self.next_button)  # beside Start over: the notice gets the whole page
        self.loading = False

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        set_text(self.next_button, self.tr("Next: my answer"), self.tr("I have read this. Next: my answer"))
        if self.stale():
            self.load()  # e.g. the visitor switched language: show (and later record) that text
        else:
            self.show_notice()

    def stale(self) -> bool:
        """No notice yet, or not the one for this visitor: language, or a child's parent."""
        flow = flow_of(self.ctx)
        if flow is None or flow.notice is None:
            return True
        return flow.notice.language != language_of(self.ctx) or flow.notice.for_guardian != bool(flow.is_child)

    def enter(self) -> None:
        self.problem.clear()
        flow = flow_of(self.ctx)
        if flow is not None and flow.member_no != self.ctx.session.member_no:
            self.ctx.session.enrollment = None
        if self.stale():
            self.load()
        else:
            self.show_notice()

    def load(self) -> None:
        self.next_button.setEnabled(False)  # until this visitor's notice is on screen
        if self.loading or not self.ctx.session.member_no or self.ctx.machine.state is not State.NOTICE:
            return
        self.loading = True
        lang = language_of(self.ctx)
        run_on_flow(self.ctx, lambda kiosk, actor, flow: ops.show_notice(kiosk, actor, flow, lang), self._loaded,
                    self._failed)

    def _loaded(self, _notice) -> None:
        self.loading = False
        if self.stale():
            self.load()
        else:
            self.show_notice()

    def _failed(self, exc: BaseException, message: str) -> None:
        self.loading = False
        self.show_notice()
        self.problem.setText(message)
        self.next_button.setEnabled(False)

    def show_notice(self) -> None:
        flow = flow_of(self.ctx)
        notice = flow.notice if flow is not None else None
        self.next_button.setEnabled(notice is not None)
        self.title.setText(notice.title if notice else self.tr("Face verification (optional)"))
        self.intro.setText(notice.intro if notice else "")
        sections = notice.sections if notice else ()
        while len(self.sections) < len(sections):
            text = label("hint")
            text.setTextFormat(Qt.TextFormat.RichText)
            self.sections.append(text)
        for text in self.sections:
            if text.parent() is not None:
                text.setParent(None)
        for i, group in enumerate(split_columns([len(sec.body) + 60 for sec in sections], COLUMNS)):
            for j in group:
                text, sec = self.sections[j], sections[j]
                text.setObjectName(f"notice-{sec.key}")
                text.setText(f"<b>{html.escape(sec.heading)}</b><br>{html.escape(sec.body)}")
                self.columns[i].insertWidget(self.columns[i].count() - 1, text)

    def wipe(self) -> None:
        self.loading = False
        for text in self.sections:
            text.clear()

    def read(self) -> None:
        if flow_of(self.ctx) is not None and self.ctx.machine.state is State.NOTICE:
            self.ctx.fire(Event.NOTICE_READ)

    def first_focus(self):
        return self.next_button


@page(State.CONSENT)
class ConsentPage(Page):
    """A separate question. "I agree" and "No thanks" have the same size, style and place
    weight; neither is pre-selected or focused. Declining costs nothing (back to PIN/card)."""

    def build(self) -> None:
        self.points = label("body")
        self.points.setObjectName("consent-points")
        self.question = label("subtitle")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row, self.agree_button, self.decline_button = equal_pair("consent-agree", "consent-decline")
        self.agree_button.clicked.connect(self.agree)
        self.decline_button.clicked.connect(self.decline)
        self.either = label("hint")
        self.either.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem = label("error")
        self.body.addWidget(self.points)
        self.body.addStretch(1)
        self.answer_area.addWidget(self.question)  # the question and both answers stay on screen
        self.answer_area.addLayout(row)
        self.answer_area.addWidget(self.either)
        self.answer_area.addWidget(self.problem)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Your choice"))
        flow = flow_of(self.ctx)
        date = show_date(self.ctx, flow.shown_expiry) if flow is not None else ""
        child = bool(self.ctx.session.is_child)
        lines = [
            self.tr("• We keep a face template (numbers worked out from your child's face), never a photo.") if child
            else self.tr("• We keep a face template (numbers worked out from your face), never a photo."),
            self.tr("• It stays only on this kiosk, encrypted."),
            (self.tr("• It is deleted on %1 if your child does not use it again.") if child
             else self.tr("• It is deleted on %1 if you do not use it again.")).replace("%1", date) if date else "",
            self.tr("• You or your child can delete it at any time under \"My data\".") if child
            else self.tr("• You can delete it at any time under \"My data\"."),
        ]
        self.points.setText("\n".join(line for line in lines if line))
        if child:
            self.title.setText(self.tr("Your choice, as parent or guardian"))
            self.question.setText(self.tr("Do you agree to set up face verification for your child's pass?"))
            self.either.setText(self.tr("Either answer is fine. Your child's card and PIN keep working the same way."))
        else:
            self.question.setText(self.tr("Do you agree to set up face verification for your pass?"))
            self.either.setText(self.tr("Either answer is fine. Your card and PIN keep working the same way."))
        set_text(self.agree_button, self.tr("I agree"))
        set_text(self.decline_button, self.tr("No thanks"))
        if flow is not None and flow.notice is not None and flow.notice.language != language_of(self.ctx):
            lang = language_of(self.ctx)
            kiosk, actor = self.ctx.kiosk, ops.Actor.visitor(flow.member_no)
            self.ctx.run(lambda: ops.show_notice(kiosk, actor, flow, lang))  # agreeing records the text in this language

    def enter(self) -> None:
        self.problem.clear()
        self.agree_button.setEnabled(True)
        self.retranslate_ui()

    def first_focus(self):
        return self  # nothing pre-selected: focus sits on the page, not on an answer

    def agree(self) -> None:
        flow = flow_of(self.ctx)
        if flow is None or flow.notice is None:
            self.problem.setText(self.tr("Please read the notice first."))
            return
        self.agree_button.setEnabled(False)
        kiosk, actor = self.ctx.kiosk, ops.Actor.visitor(flow.member_no)
        self.ctx.run(lambda: ops.agree_to_notice(kiosk, actor, flow), self._agreed, self._failed)

    def _agreed(self, _=None) -> None:
        self.agree_button.setEnabled(True)
        if self.ctx.machine.state is State.CONSENT:
            self.ctx.fire(Event.CONSENT_ACCEPTED)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.agree_button.setEnabled(True)
        self.problem.setText(message)

    def decline(self) -> None:
        """Nothing is stored, nothing is asked again in this session: back to PIN / card."""
        self.ctx.session.enrollment = None
        self.ctx.fire(Event.CONSENT_DECLINED)


def _prepare(window, member_no: str = "1002") -> EnrollmentFlow:
    flow = start_flow(window.ctx.kiosk, member_no, window.ctx.translations.language)
    return flow


@screenshot("notice", area="enrollment")
def _notice_shot(window) -> None:
    flow = _prepare(window)
    window.machine.force(State.NOTICE, member_no="1002", birth_date_known=True, is_child=False,
                         authenticated=True, enrollment=flow)


@screenshot("consent", area="enrollment")
def _consent_shot(window) -> None:
    flow = _prepare(window)
    window.machine.force(State.CONSENT, member_no="1002", birth_date_known=True, is_child=False,
                         authenticated=True, enrollment=flow)
