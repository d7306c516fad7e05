"""Shared pieces of the set-up-face and My data pages: the enrollment flow kept in
the session, a pair of equal choice buttons and a label/value summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy

from kiosk import ops
from kiosk.domain.notice import format_date
from kiosk.ui.widgets import button, label

EQUAL_BUTTON_SIZE = (240, 96)  # side by side on a 800-pixel portrait screen too


def flow_of(ctx):
    """The visitor's EnrollmentFlow, or None (a wiped or forced session)."""
    return ctx.session.enrollment


def run_on_flow(ctx, work, on_done, on_error) -> None:
    """Run ``work(kiosk, actor, flow)`` (an operation) on the executor with the visitor's
    set-up flow, started there first if this is the first set-up step (the age or the guardian
    comes before the notice). ``on_done(result)`` runs on the UI thread after the flow is kept
    in the session."""
    kiosk, member_no, flow = ctx.kiosk, ctx.session.member_no, flow_of(ctx)
    session, actor = ctx.session, ops.Actor.visitor(member_no)

    def run():
        f = flow if flow is not None and flow.member_no == member_no else ops.start_enrollment(kiosk, actor, member_no)
        return f, work(kiosk, actor, f)

    def done(pair) -> None:
        if ctx.session is session:  # not wiped meanwhile
            session.enrollment = pair[0]
        on_done(pair[1])

    ctx.run(run, done, on_error)


def language_of(ctx) -> str:
    return ctx.translations.language


def show_date(ctx, iso: str | None) -> str:
    return format_date(iso, language_of(ctx)) if iso else ""


def add_to_nav(page, widget) -> None:
    """Put the page's main button in the bottom row, right of "Start over" (saves a row). Where
    the row's buttons do not fit on one line each (large text in Chinese), it goes to a row of
    its own above them, so that no button breaks its words (:meth:`Page.place_nav_extras`)."""
    if page._nav_layout is not None:
        page._nav_layout.addWidget(widget)
        page.nav_extras.append(widget)
        return
    page.body.addWidget(widget)


def equal_pair(left_name: str, right_name: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Two answers of equal size and look, side by side; neither is default or focused."""
    row = QHBoxLayout()
    row.setSpacing(40)
    pair = []
    for name in (left_name, right_name):
        b = button("answer", focus=Qt.FocusPolicy.TabFocus)
        b.setObjectName(name)
        b.setMinimumSize(*EQUAL_BUTTON_SIZE)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setDefault(False)
        pair.append(b)
    row.addStretch(1)
    row.addWidget(pair[0], 4)
    row.addWidget(pair[1], 4)
    row.addStretch(1)
    return row, pair[0], pair[1]


class Summary(QGridLayout):
    """Rows of "label: value" (plain text, wrapped)."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(32)
        self.setVerticalSpacing(14)
        self.setColumnStretch(1, 1)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}

    def row(self, key: str) -> tuple[QLabel, QLabel]:
        if key not in self.rows:
            name, value = label("hint"), label("body")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setObjectName(f"summary-{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            n = len(self.rows)
            self.addWidget(name, n, 0)
            self.addWidget(value, n, 1)
            self.rows[key] = (name, value)
        return self.rows[key]

    def set(self, key: str, name: str, value: str) -> None:
        n, v = self.row(key)
        n.setText(name)
        v.setText(value)
        n.setVisible(bool(value))
        v.setVisible(bool(value))

    def clear(self) -> None:
        for n, v in self.rows.values():
            v.clear()
