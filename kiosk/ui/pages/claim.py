"""Claim: who are you? A USB scanner types into the focused field (+ Enter), the keypad
types a member number, or a QR code / barcode is held up to the camera (opt-in).

Where a hardware scanner is fitted (setting ``pass_scanner``) the camera is not offered.
Otherwise the camera reader shows a small code window: a blur a few pixels wide with a frame
around a found code, never a picture of the visitor (rule 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from kiosk import ops
from kiosk.domain import pass_codes
from kiosk.domain.session import Event, State, apply_claim
from kiosk.errors import ErrorCode
from kiosk.pipeline import Kind
from kiosk.ui.camera import CameraController, JobResult
from kiosk.ui.jobs import ReaderStatus, pass_reader_job
from kiosk.ui.pages.base import Page
from kiosk.ui.preview import Preview
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import HintField, Keypad, button, label, set_text


@page(State.CLAIM)
class ClaimPage(Page):
    def build(self) -> None:
        self.field_label = label("body")
        self.field = HintField()  # "Member number" stays whole in large text
        self.field.setObjectName("claim-field")
        self.field.setMaxLength(pass_codes.MAX_TEXT)  # a member number, a card id or a face pass
        self.field.returnPressed.connect(self.submit)
        self.field_label.setBuddy(self.field)
        self.error = label("error")
        self.error.setObjectName("claim-error")
        self.keypad = Keypad(self.field)
        self.keypad.submitted.connect(self.submit)
        self.keypad.setMaximumWidth(520)
        self.field_label.setMaximumWidth(520)  # the reading column beside keeps room in large text
        self.field.setMaximumWidth(440)  # "Member number" whole in large text
        field_row = QHBoxLayout()
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.keypad.ok_button)
        self.side.addWidget(self.field_label)  # number entry pinned: never scrolls away
        self.side.addLayout(field_row)
        self.side.addWidget(self.keypad)
        self.side.addStretch(1)
        self.scan_hint = label("subtitle")
        self.scan_body = label("hint")
        self.camera_button = button()
        self.camera_button.setObjectName("scan-with-camera")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self.set_reader)
        self.preview = Preview(oval=False)
        self.preview.setObjectName("code-window")
        self.preview.setFixedSize(200, 150)  # small: the code window shows only where the code is
        self.reader_status = label("hint")
        self.reader_status.setObjectName("reader-status")
        self.body.addWidget(self.error)  # under the title, in the wide column: room for what to do next
        self.error.hide()
        self.body.addSpacing(8)
        self.body.addWidget(self.scan_hint)
        self.body.addWidget(self.scan_body)
        self.body.addWidget(self.camera_button)
        self.body.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.reader_status)
        self.body.addStretch(1)
        self.camera = CameraController(self.ctx.open_camera, self)
        self.camera.preview.connect(self.preview.set_image)
        self.camera.status.connect(self._reader_status)
        self.camera.finished.connect(self._reader_finished)
        self.busy = False
        self.reader_seconds: int | None = None
        self.code_seen = False

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Who are you?"))
        self.field_label.setText(self.tr("Scan your pass, or type your member number:"))
        self.field.setAccessibleName(self.tr("Pass or member number"))
        self.field.setPlaceholderText(self.tr("Member number"))
        self.preview.setAccessibleName(self.tr("Code window: shows where the pass code is, not your face"))
        if self.pass_mode:
            self.scan_hint.setText(self.tr("Face pass, or a pass with a QR code or barcode?"))
        else:
            self.scan_hint.setText(self.tr("Pass with a QR code or barcode?"))
        if self.scanner_fitted:
            self.scan_body.setText(self.tr("Hold the code under the scanner below the screen."))
        else:
            self.scan_body.setText(self.tr("Hold it up to the camera. The screen shows only a blur and a frame around the code, "
                                           "never your face. The camera is switched off again right after."))
        if self.camera_button.isChecked():
            set_text(self.camera_button, self.tr("Stop the camera"))
        else:
            set_text(self.camera_button, self.tr("Show my pass to the camera"))
        self._reader_text()

    force_pass_mode = False  # screenshots only

    @property
    def pass_mode(self) -> bool:
        """Face passes are read here: the code claims the member and brings the face template."""
        return self.force_pass_mode or self.ctx.settings.templates_on_pass

    @property
    def scanner_fitted(self) -> bool:
        return bool(getattr(self.ctx.settings, "pass_scanner", False))

    def first_focus(self):
        return self.field

    def enter(self) -> None:
        self.set_error("")
        camera = not self.scanner_fitted
        for w in (self.camera_button, self.preview, self.reader_status):
            w.setVisible(camera)
        self.retranslate_ui()

    def leave(self) -> None:
        self.camera_button.setChecked(False)
        self.camera.stop()
        self.preview.clear()

    def camera_guiding(self) -> bool:
        """While the pass reader runs (it has its own countdown) the visitor is not timed out."""
        return self.camera.running

    def wipe(self) -> None:
        self.field.clear()
        self.set_error("")
        self.preview.clear()

    def shutdown(self) -> None:
        self.camera.shutdown()

    # -- claim -----------------------------------------------------------------
    def submit(self, text: str | None = None) -> None:
        text = (text if text is not None else self.field.text()).strip()
        if not text or self.busy:
            return
        self.busy = True
        self.set_error("")
        kiosk = self.ctx.kiosk
        self.ctx.run(lambda: ops.lookup_claim(kiosk, ops.Actor.visitor(None), text), self._claimed, self._not_claimed)

    def _claimed(self, claim: ops.ClaimResult) -> None:
        self.busy = False
        self.field.clear()
        if self.ctx.machine.state is State.CLAIM:  # not after the visitor moved on (Help, Back)
            apply_claim(self.ctx.session, claim)
            self.ctx.fire(Event.CLAIMED)

    def _not_claimed(self, exc: BaseException, message: str) -> None:
        self.busy = False
        self.field.selectAll()
        code = getattr(exc, "code", ErrorCode.ERROR)
        if code is ErrorCode.PASS_REFUSED:  # a refused face pass says why and what to do in one line
            self.field.clear()
            self.set_error(message)
        else:
            self.set_error(message + "\n" + self.next_step(code))
        self.field.setFocus()

    def set_error(self, text: str) -> None:
        """A refusal shows under the title, where the reading column has the width for it and can
        scroll: the number entry beside keeps its full keypad in large text on an 800-pixel screen."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text and self.scroll_area is not None:
            self.scroll_area.verticalScrollBar().setValue(0)

    def next_step(self, code: ErrorCode) -> str:
        """What to do after a refused number: never a dead end."""
        if code is ErrorCode.NOT_FOUND:
            return self.tr("Check the number, or tap \"Help\" below.")
        return self.tr("Please tap \"Help\" below: someone will come.")

    # -- QR / barcode through the camera (only while the option is on) -----------
    def set_reader(self, on: bool) -> None:
        self.retranslate_ui()
        self.reader_seconds = None
        self.code_seen = False
        if on and not self.ctx.still and not self.scanner_fitted:
            self.camera.start(pass_reader_job(self.ctx.qr_timeout_s))
        elif not on:
            self.camera.stop()
            self.preview.clear()
        self._reader_text()
        self.field.setFocus()

    def _reader_status(self, status: ReaderStatus) -> None:
        self.reader_seconds = status.seconds_left
        self.code_seen = status.code_box is not None
        self.preview.set_marker(status.code_box)
        self._reader_text()

    def _reader_text(self) -> None:
        if not self.camera_button.isChecked():
            self.reader_status.setText(self.tr("The camera is off."))
        elif self.code_seen:
            self.reader_status.setText(self.tr("Code found. Hold it still…"))
        elif self.reader_seconds is not None:
            self.reader_status.setText(self.tr("Looking for a code… %n second(s) left.", "", self.reader_seconds))
        else:
            self.reader_status.setText(self.tr("Looking for a code…"))

    def _reader_finished(self, result: JobResult) -> None:
        self.camera_button.setChecked(False)
        if result.kind is Kind.DECODED:
            self.submit(str(result.value))
        elif result.kind is Kind.CAMERA_FAILED:
            self.set_error(self.tr("The camera is not available. Please type your member number."))


@screenshot("claim")
def _shot(window) -> None:
    window.pages[State.CLAIM].force_pass_mode = False
    window.machine.force(State.CLAIM)
    window.pages[State.CLAIM].field.setText("1002")


@screenshot("pass-scan")
def _pass_scan_shot(window) -> None:
    """Pass mode, a face pass held up to the camera: the code window shows only where the code is."""
    p = window.pages[State.CLAIM]
    p.force_pass_mode = True
    window.machine.force(State.CLAIM)
    p.field.clear()
    p.camera_button.setChecked(True)
    p._reader_status(ReaderStatus(41, (0.33, 0.27, 0.67, 0.73)))
    p.retranslate_ui()
