"""Face: live preview with a guide oval, what to do (from the reason codes), and progress.
The camera opens when this page is entered and is released as soon as it is left."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout

from kiosk.biometrics.quality import Reason
from kiosk.domain.session import Event, State
from kiosk.ui.camera import CameraController, JobResult
from kiosk.ui.jobs import face_verify_job
from kiosk.ui.messages import advice
from kiosk.ui.pages.base import Page
from kiosk.ui.preview import Preview
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import label


def record_face(ctx, member_no: str, matched: bool) -> bool:
    """On the executor: audit the attempt; on a match open the gate. -> gate_ok."""
    ctx.kiosk.faces.record_verification(member_no, matched, "face")
    return ctx.gate("face") if matched else True


@page(State.FACE)
class FacePage(Page):
    def build(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(40)
        self.preview = Preview(oval=True)
        self.preview.setObjectName("face-preview")
        self.preview.setMinimumSize(480, 400)
        side = QVBoxLayout()
        self.instruction = label("subtitle")
        self.instruction.setObjectName("face-instruction")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_label = label("hint")
        self.privacy = label("hint")
        side.addWidget(self.instruction)
        side.addSpacing(12)
        side.addWidget(self.progress)
        side.addWidget(self.progress_label)
        side.addStretch(1)
        side.addWidget(self.privacy)
        row.addWidget(self.preview, 3)
        row.addLayout(side, 2)
        self.body.addLayout(row, 1)
        self.camera = CameraController(self.ctx.open_camera, self)
        self.camera.preview.connect(self.preview.set_image)
        self.camera.status.connect(self.on_status)
        self.camera.finished.connect(self.on_finished)
        self.reason: Reason = Reason.NO_FACE
        self.good, self.needed = 0, 1

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Look at the camera"))
        self.privacy.setText(self.tr("Your face is compared only with the face set up for this pass. "
                                     "No photo is kept."))
        self.progress.setAccessibleName(self.tr("Progress"))
        self.preview.setAccessibleName(self.tr("Camera picture with an oval guide"))
        self._show_status()

    def _show_status(self) -> None:
        self.instruction.setText(advice(self.reason))
        self.progress.setRange(0, max(1, self.needed))
        self.progress.setValue(min(self.good, self.needed))
        self.progress_label.setText(self.tr("Confirmed %1 of %2").replace("%1", str(self.good)).replace("%2", str(self.needed)))

    def enter(self) -> None:
        self.reason, self.good, self.needed = Reason.NO_FACE, 0, self.ctx.settings.verify_frames
        self.preview.clear()
        self._show_status()
        if self.ctx.still:
            return
        self.camera.start(face_verify_job(self.ctx, self.ctx.session.member_no))

    def leave(self) -> None:
        self.camera.stop()
        self.preview.clear()

    def wipe(self) -> None:
        self.preview.clear()

    def shutdown(self) -> None:
        self.camera.shutdown()

    def on_status(self, status) -> None:
        self.reason, self.good, self.needed = Reason(status.reason), status.good_frames, status.needed
        self.preview.set_ok(self.reason is Reason.OK)
        self._show_status()

    def on_finished(self, result: JobResult) -> None:
        self.preview.clear()
        if self.ctx.machine.state is not State.FACE:
            return
        member_no = self.ctx.session.member_no
        if result.kind == "match":
            self.ctx.run(lambda: record_face(self.ctx, member_no, True), self._passed)
        elif result.kind in ("no_match", "timeout"):
            self.ctx.session.extras["face_outcome"] = result.kind
            if result.kind == "no_match":
                self.ctx.run(lambda: record_face(self.ctx, member_no, False))
            self.ctx.fire(Event.FACE_NO_MATCH)
        elif result.kind != "stopped":  # camera_failed, error
            self.ctx.fire(Event.CAMERA_FAILED)

    def _passed(self, gate_ok: bool) -> None:
        if self.ctx.machine.state is State.FACE:
            self.ctx.session.gate_ok = gate_ok
            self.ctx.fire(Event.FACE_MATCH)


@screenshot("face")
def _shot(window) -> None:
    """A neutral synthetic preview: never a camera frame, never a face image."""
    window.machine.force(State.FACE, member_no="1001", face_available=True)
    page_ = window.pages[State.FACE]
    page_.on_status(type("S", (), {"reason": Reason.TOO_SMALL, "good_frames": 1, "needed": 2})())
