"""The staff PIN pad: argon2 check on the executor, lockout with a growing delay shown as a
countdown, and the way to create the first administrator when there is none."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk import ops
from kiosk.errors import LockedOutError
from kiosk.ui.pages.staff.common import StaffScreen, staff_error
from kiosk.ui.widgets import Keypad, button, label, set_text, timer


class LoginScreen(StaffScreen):
    name = "login"

    def build(self) -> None:
        #: the PIN field and the keypad: side by side, or the keypad below on a portrait screen
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(48)
        left = QVBoxLayout()
        self.heading = label("title")
        self.heading.setObjectName("staff-login-title")
        left.addWidget(self.heading)
        self.lead = label("body")
        self.field = QLineEdit()
        self.field.setObjectName("staff-pin-field")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(8)
        self.field.setValidator(QRegularExpressionValidator(r"[0-9]{0,8}"))
        self.field.returnPressed.connect(self.submit)
        self.keypad = Keypad(self.field)
        self.keypad.setMaximumWidth(520)
        self.keypad.submitted.connect(self.submit)
        self.keypad.ok_button.setObjectName("staff-pin-ok")
        field_row = QHBoxLayout()
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.keypad.ok_button)
        self.error = label("error")
        self.error.setObjectName("staff-login-error")
        self.no_admin = label("hint")
        self.no_admin.setObjectName("staff-no-admin")
        self.no_admin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.no_admin.hide()
        self.back_button = button()
        self.back_button.setObjectName("staff-login-back")
        self.back_button.clicked.connect(self.area.exit_staff)
        for w in (self.lead,):
            left.addWidget(w)
        left.addLayout(field_row)
        left.addWidget(self.error)
        left.addWidget(self.no_admin)
        left.addStretch(1)
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignTop)
        self.box.addLayout(row, 1)
        self.box.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.locked_until = 0.0  # time.monotonic()
        self.countdown = timer(self, 1000, self._tick)
        self.busy = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's
        super().showEvent(event)
        self.orient()

    def orient(self) -> None:
        """On a portrait screen the keypad goes below the field: side by side they are wider
        than the screen in large text."""
        window = self.window()
        portrait = window.height() > window.width()
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.row.direction() != direction:
            self.row.setDirection(direction)
            self.row.setSpacing(16 if portrait else 48)
            self.updateGeometry()
            self.row.setAlignment(self.keypad, Qt.AlignmentFlag.AlignTop | (Qt.AlignmentFlag.AlignLeft if portrait
                                                                             else Qt.AlignmentFlag(0)))

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Staff sign-in"))
        self.lead.setText(self.tr("Enter your staff PIN (6 to 8 digits) and press OK."))
        self.field.setAccessibleName(self.tr("Staff PIN"))
        self.no_admin.setText(self.tr("There is no administrator account yet. Create one on this computer with:\n"
                                      "kiosk staff add NAME --role administrator"))
        set_text(self.back_button, self.tr("‹  Back to the visitor screen"), self.tr("Back to the visitor screen"))
        self._show_lock()

    def first_focus(self):
        return self.field

    def refresh(self) -> None:
        self.field.clear()
        self.error.clear()
        kiosk = self.ctx.kiosk
        self.area.run(lambda: ops.staff_pad_state(kiosk), self._loaded)

    def _loaded(self, state: ops.PadState) -> None:
        self.no_admin.setVisible(not state.has_administrator)
        self._lock_for(state.seconds_locked)

    def clear(self) -> None:
        self.field.clear()
        self.error.clear()
        self.countdown.stop()
        self.busy = False
        self.keypad.setEnabled(True)

    def submit(self) -> None:
        pin = self.field.text()
        self.field.clear()
        if self.busy or self._seconds_left() > 0:
            return
        if not (6 <= len(pin) <= 8):
            self.error.setText(self.tr("A staff PIN has 6 to 8 digits."))
            return
        self.busy = True
        self.keypad.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        kiosk = self.ctx.kiosk
        self.area.run(lambda: ops.staff_sign_in(kiosk, pin), self._checked, self._failed)

    def _checked(self, result: ops.SignInResult) -> None:
        self.busy = False
        self.keypad.setEnabled(True)
        if result.session is None:
            self.error.setText(self.tr("That staff PIN is not right."))
            self._lock_for(result.seconds_locked)
            return
        self.error.clear()
        self.area.signed_in(result.session)

    def _failed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.keypad.setEnabled(True)
        if isinstance(exc, LockedOutError):
            self.error.clear()
            self._lock_for(exc.seconds_left)
        else:
            self.error.setText(staff_error(exc))

    # -- lockout countdown ---------------------------------------------------------
    def _seconds_left(self) -> int:
        return max(0, int(self.locked_until - time.monotonic() + 0.999))

    def _lock_for(self, seconds: float) -> None:
        if seconds > 0:
            self.locked_until = time.monotonic() + seconds
            if not self.ctx.still:
                self.countdown.start()
        self._show_lock()

    def _tick(self) -> None:
        self._show_lock()
        if self._seconds_left() == 0:
            self.countdown.stop()

    def _show_lock(self) -> None:
        left = self._seconds_left()
        self.keypad.setEnabled(left == 0 and not self.busy)
        self.field.setEnabled(left == 0)
        if left:
            text = QCoreApplication.translate("LoginScreen", "Too many wrong PINs. Staff PIN entry is paused for %n second(s).", "", left)
            self.error.setText(text)
        elif self.error.property("locked"):
            self.error.clear()
        self.error.setProperty("locked", bool(left))
