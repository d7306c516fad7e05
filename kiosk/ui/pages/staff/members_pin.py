"""A new member PIN, typed twice on the kiosk's numeric keypad (never a free-text keyboard).

The panel only collects the PIN; the members screen sets it (``ops.reset_pin``, which also
ends a lockout). Both entries are forgotten as soon as the panel closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.ui.widgets import Keypad, button, label, set_text

PIN_MIN, PIN_MAX = 4, 8  # a member PIN (kiosk.domain.members)


class NewPinPanel(QWidget):
    chosen = Signal(str, str)  # member number, the new PIN (typed twice, the same)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("members-pin-panel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(40)
        left = QVBoxLayout()
        left.setSpacing(12)
        self.heading = label("subtitle")
        self.heading.setObjectName("members-pin-title")
        self.step = label("body")
        self.step.setObjectName("members-pin-step")
        self.field = QLineEdit()
        self.field.setObjectName("members-pin-field")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(PIN_MAX)
        self.field.setValidator(QRegularExpressionValidator(rf"[0-9]{{0,{PIN_MAX}}}"))
        self.field.setStyleSheet("font-size: 28px;")
        self.field.returnPressed.connect(self._next)
        self.keypad = Keypad(self.field)
        self.keypad.setMaximumWidth(480)
        self.keypad.submitted.connect(self._next)
        self.keypad.ok_button.setObjectName("members-pin-ok")
        field_row = QHBoxLayout()
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.keypad.ok_button)
        self.error = label("error")
        self.error.setObjectName("members-pin-error")
        self.cancel_button = button()
        self.cancel_button.setObjectName("members-pin-cancel")
        self.cancel_button.clicked.connect(self._cancel)
        for w in (self.heading, self.step):
            left.addWidget(w)
        left.addLayout(field_row)
        left.addWidget(self.error)
        left.addStretch(1)
        left.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignTop)
        self.member_no = ""
        self.member_name = ""
        self._first: str | None = None
        self.retranslate_ui()

    def start(self, member_no: str, name: str) -> None:
        self.member_no, self.member_name = member_no, name
        self._first = None
        self.field.clear()
        self.error.clear()
        self.retranslate_ui()
        self.field.setFocus()

    def clear(self) -> None:
        """Forget both entries."""
        self._first = None
        self.field.clear()
        self.error.clear()

    @property
    def confirming(self) -> bool:
        return self._first is not None

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("New PIN for %1 %2").replace("%1", self.member_no).replace("%2", self.member_name))
        if self._first is None:
            self.step.setText(self.tr("Type the new PIN (4 to 8 digits) and press OK."))
            self.field.setAccessibleName(self.tr("New PIN"))
        else:
            self.step.setText(self.tr("Type the same PIN again and press OK."))
            self.field.setAccessibleName(self.tr("New PIN again"))
        set_text(self.cancel_button, self.tr("Cancel: keep the old PIN"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _next(self) -> None:
        pin = self.field.text()
        self.field.clear()
        if self._first is None:
            if not PIN_MIN <= len(pin) <= PIN_MAX:
                self.error.setText(self.tr("A member PIN has 4 to 8 digits."))
                return
            self._first = pin
            self.error.clear()
        elif pin != self._first:
            self._first = None
            self.error.setText(self.tr("The two PINs differ. Type the new PIN again."))
        else:
            self._first = None
            self.error.clear()
            self.chosen.emit(self.member_no, pin)
        self.retranslate_ui()
        self.field.setFocus()

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()
