"""Welcome: start with a pass or member number; "My data"; language and text size are in the header."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk.domain.session import Event, State
from kiosk.ui.pages.base import Page
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


@page(State.WELCOME)
class WelcomePage(Page):
    show_back = False
    show_cancel = False

    def build(self) -> None:
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = label("body")
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = button("start")  # the theme sizes it (large text included)
        self.start_button.setObjectName("start")
        self.start_button.clicked.connect(lambda: self.ctx.fire(Event.START))
        self.ways = label("hint")
        self.ways.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.my_data_button = button()
        self.my_data_button.setObjectName("my-data")
        self.my_data_button.clicked.connect(lambda: self.ctx.fire(Event.OPEN_MY_DATA))
        self.body.addStretch(2)
        self.body.addWidget(self.lead)
        self.body.addSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button, 3)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addSpacing(8)
        self.body.addWidget(self.ways)
        self.body.addStretch(3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.my_data_button)
        self.answer_area.addLayout(bottom)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Welcome"))
        self.lead.setText(self.tr("Check in with your pass or your member number."))
        set_text(self.start_button, self.tr("Start: scan pass or enter number"))
        self.ways.setText(self.tr("You can confirm it is you with your PIN. Face verification is optional."))
        set_text(self.my_data_button, self.tr("My data"),
                 self.tr("My data: see or delete what this kiosk stores about you"))

    def first_focus(self):
        return self.start_button


@screenshot("welcome")
def _shot(window) -> None:
    window.machine.force(State.WELCOME)
