""""Are you still there?": an overlay over the whole window with a countdown, shown by the
window when :class:`kiosk.domain.idle.IdleWatch` says so. A tap anywhere on it, or "I'm
still here", keeps the visit; "Start over" (or the end of the countdown) wipes it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets import button, label, set_text


class StillTherePrompt(QFrame):
    still_here = Signal()
    start_over = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("still-there")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QFrame#still-there { background: rgba(0, 0, 0, 150); }")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame()
        self.card.setObjectName("still-there-card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card.setMinimumWidth(720)
        col = QVBoxLayout(self.card)
        col.setContentsMargins(48, 40, 48, 40)
        col.setSpacing(20)
        self.title = label("title")
        self.title.setObjectName("still-there-title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = label("body")
        self.countdown.setObjectName("still-there-countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.here_button = button("primary")
        self.here_button.setObjectName("still-here")
        self.here_button.setMinimumHeight(96)
        self.here_button.clicked.connect(self.still_here)
        self.over_button = button()
        self.over_button.setObjectName("still-there-start-over")
        self.over_button.clicked.connect(self.start_over)
        col.addWidget(self.title)
        col.addWidget(self.countdown)
        col.addWidget(self.here_button)
        col.addWidget(self.over_button)
        row.addWidget(self.card, 0)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.seconds = 0
        self.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.countdown.setText(self.tr("To protect your details, this screen starts over in %n second(s).", "",
                                       self.seconds))
        set_text(self.here_button, self.tr("Yes, I'm still here"))
        set_text(self.over_button, self.tr("Start over"))

    def ask(self, seconds: int) -> None:
        self.seconds = seconds
        self.retranslate_ui()
        if not self.isVisible():
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
            self.raise_()
            self.show()
            self.here_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def mousePressEvent(self, event) -> None:  # noqa: N802 -- a tap beside the card: still here
        if not self.card.geometry().contains(event.position().toPoint()):
            self.still_here.emit()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
