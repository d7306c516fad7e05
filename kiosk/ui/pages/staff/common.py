"""Shared pieces of the staff area: the screen base class, staff error texts (from
:mod:`kiosk.ui.messages`), tables,
an inline confirmation bar and a path field with an embedded (non-native) file browser."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.staff import Permission
from kiosk.errors import ErrorCode, KioskError
from kiosk.ui.messages import Audience, error_message
from kiosk.ui.widgets import button, label, set_text

if TYPE_CHECKING:
    from kiosk.ui.pages.staff.area import StaffPage

SMALL = "font-size: 18px;"

def staff_error(exc: BaseException) -> str:
    """A translated summary plus, for staff, the technical detail of a KioskError."""
    text = error_message(exc, Audience.STAFF)
    if isinstance(exc, KioskError) and exc.code is not ErrorCode.LOCKED_OUT:
        text += "\n" + str(exc)
    return text


class StaffScreen(QWidget):
    """One screen of the staff area (dashboard, members, ...). Texts in ``retranslate_ui``."""

    name = ""
    permissions: tuple[Permission, ...] = ()  # any one of them opens the screen

    def __init__(self, area: "StaffPage") -> None:
        super().__init__()
        self.area = area
        self.ctx = area.ctx
        self.setObjectName(f"staff-{self.name}")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(10)
        self.build()
        self.retranslate_ui()

    def build(self) -> None: ...

    def retranslate_ui(self) -> None: ...

    def refresh(self) -> None:
        """The screen was opened: load what it shows (on the executor)."""

    def clear(self) -> None:
        """Staff logged out: forget everything shown."""

    # The staff area must fit the window with its navigation and "Log out" in view, so a screen
    # asks for no more height than it cannot do without; longer content scrolls inside it. The
    # area's stack asks every screen, shown or not: one that is not shown asks for nothing.
    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), self.minimumSizeHint().height()))

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return super().heightForWidth(width) if self.isVisible() else -1

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def table(columns: int, name: str) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setStyleSheet(SMALL)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(48)  # rows are touch targets too
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.setWordWrap(False)
    return t


def fill(t: QTableWidget, rows: list[tuple]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))


def field(name: str, *, password: bool = False) -> QLineEdit:
    f = QLineEdit()
    f.setObjectName(name)
    f.setStyleSheet("font-size: 22px;")
    if password:
        f.setEchoMode(QLineEdit.EchoMode.Password)
    return f


class ConfirmBar(QWidget):
    """An inline "are you sure?" row (no pop-up windows on a kiosk)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.question = label("error")
        self.question.setStyleSheet("font-size: 20px;")
        self.yes = button("danger")  # a destructive answer is never the primary (blue) button
        self.yes.setObjectName(name + "-yes")
        self.no = button()
        self.no.setObjectName(name + "-no")
        row.addWidget(self.question, 1)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self._action: Callable[[], None] | None = None
        self.yes.clicked.connect(self._confirmed)
        self.no.clicked.connect(self.dismiss)
        self.retranslate_ui()
        self.hide()

    def ask(self, question: str, action: Callable[[], None]) -> None:
        self.question.setText(question)
        self._action = action
        self.show()

    def dismiss(self) -> None:
        self._action = None
        self.hide()

    def _confirmed(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()

    def retranslate_ui(self) -> None:
        set_text(self.yes, QCoreApplication.translate("ConfirmBar", "Yes, go ahead"))
        set_text(self.no, QCoreApplication.translate("ConfirmBar", "Cancel"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class PathField(QWidget):
    """A file path: typed, or chosen in the staff area's embedded file browser."""

    def __init__(self, area: "StaffPage", name: str, *, save: bool, filters: str = "") -> None:
        super().__init__()
        self.area, self.save, self.filters = area, save, filters
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = field(name)
        self.browse = button()
        self.browse.setObjectName(name + "-browse")
        self.browse.clicked.connect(lambda: area.pick_file(self.edit.text(), save=self.save, filters=self.filters,
                                                           chosen=self.edit.setText))
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        self.retranslate_ui()

    def text(self) -> str:
        return self.edit.text().strip()

    def retranslate_ui(self) -> None:
        set_text(self.browse, QCoreApplication.translate("PathField", "Browse..."),
                 QCoreApplication.translate("PathField", "Choose a file"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def status_label(name: str) -> QLabel:
    """A message line under an action: role ``hint`` for progress, ``error`` for problems."""
    lab = label("hint")
    lab.setObjectName(name)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def show_status(lab, text: str, *, error: bool = False) -> None:
    lab.setProperty("role", "error" if error else "hint")
    lab.style().unpolish(lab)
    lab.style().polish(lab)
    lab.setText(text)
