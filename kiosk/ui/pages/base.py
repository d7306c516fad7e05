"""The page base class: layout (title, body, Back / Start over) and the page life cycle.

Life cycle, called by the window: ``enter()`` when the page becomes current (the session
is up to date), ``leave()`` when another page takes over (stop cameras and timers here),
``wipe()`` when the session is wiped (clear typed digits, previews, messages).
Texts are set in ``retranslate_ui()``, which also runs on every ``LanguageChange``.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.session import Event, State
from kiosk.ui.context import UiContext
from kiosk.ui.widgets import button, label, set_text


class Page(QWidget):
    state: ClassVar[State]
    show_back: ClassVar[bool] = True
    show_cancel: ClassVar[bool] = True

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.state.value}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 20, 64, 20)
        outer.setSpacing(12)
        self.title = label("title")
        self.title.setObjectName("title")
        outer.addWidget(self.title)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        outer.addLayout(self.body, 1)
        nav = QHBoxLayout()
        nav.setSpacing(16)
        self.back_button = button()
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.on_back)
        self.cancel_button = button()
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(lambda: self.ctx.fire(Event.CANCEL))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.cancel_button)
        self.back_button.setVisible(self.show_back)
        self.cancel_button.setVisible(self.show_cancel)
        if self.show_back or self.show_cancel:
            outer.addLayout(nav)
        self.build()
        self.retranslate_ui()

    # -- to override -----------------------------------------------------------
    def build(self) -> None:
        """Create the widgets (texts come in retranslate_ui)."""

    def retranslate_ui(self) -> None:
        translate = QCoreApplication.translate
        set_text(self.back_button, translate("Page", "‹  Back"), translate("Page", "Back"))
        set_text(self.cancel_button, translate("Page", "Start over"))

    def enter(self) -> None:
        """The page became current."""

    def leave(self) -> None:
        """Another page took over: stop cameras, timers."""

    def wipe(self) -> None:
        """The session was wiped: forget typed input and anything shown about the visitor."""

    def on_back(self) -> None:
        self.ctx.fire(Event.BACK)

    # -- helpers ---------------------------------------------------------------
    def first_focus(self) -> QWidget | None:
        """The widget that gets keyboard focus on enter (default: first focusable child)."""
        return None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

