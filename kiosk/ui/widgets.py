"""Small building blocks: role-styled buttons and labels, and the on-screen keypad."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget


def button(role: str = "", parent: QWidget | None = None, *, focus: Qt.FocusPolicy = Qt.FocusPolicy.StrongFocus) -> QPushButton:
    b = QPushButton(parent)
    if role:
        b.setProperty("role", role)
    b.setFocusPolicy(focus)
    b.setAutoDefault(False)
    return b


def label(role: str = "body", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    lab = QLabel(parent)
    lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


def set_text(widget: QWidget, text: str, name: str | None = None) -> None:
    """Set a control's text and its accessible name (screen readers) in one go."""
    widget.setText(text)
    widget.setAccessibleName(name or text.replace("&", ""))


class Keypad(QWidget):
    """Digits 0-9, Delete and Clear, typing into a QLineEdit. Keys take Tab focus but not
    click focus, so a barcode scanner typing into the field is never interrupted."""

    submitted = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None, *, with_ok: bool = True) -> None:
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for i, d in enumerate("123456789"):
            self._key(grid, d, i // 3, i % 3)
        self.clear_key = self._key(grid, "clear", 3, 0)
        self._key(grid, "0", 3, 1)
        self.delete_key = self._key(grid, "delete", 3, 2)
        self.ok_key = None
        if with_ok:
            self.ok_key = button("primary", focus=Qt.FocusPolicy.TabFocus)
            self.ok_key.setProperty("role", "primary")
            self.ok_key.clicked.connect(self.submitted)
            grid.addWidget(self.ok_key, 4, 0, 1, 3)
        self.retranslate_ui()

    def _key(self, grid: QGridLayout, name: str, row: int, col: int) -> QPushButton:
        b = button("key", focus=Qt.FocusPolicy.TabFocus)
        b.clicked.connect(lambda _=False, n=name: self._press(n))
        grid.addWidget(b, row, col)
        self.keys[name] = b
        if name.isdigit():
            b.setText(name)
            b.setAccessibleName(name)
        return b

    def _press(self, name: str) -> None:
        if name == "clear":
            self.target.clear()
        elif name == "delete":
            self.target.backspace()
        else:
            self.target.insert(name)

    def retranslate_ui(self) -> None:
        set_text(self.clear_key, QCoreApplication.translate("Keypad", "Clear"))
        set_text(self.delete_key, QCoreApplication.translate("Keypad", "⌫"),
                 QCoreApplication.translate("Keypad", "Delete last digit"))
        if self.ok_key is not None:
            set_text(self.ok_key, QCoreApplication.translate("Keypad", "OK"), QCoreApplication.translate("Keypad", "Confirm"))

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
