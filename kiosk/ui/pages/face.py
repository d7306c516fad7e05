"""Face: live preview with a guide oval, what to do (from the reason codes), and progress.
The camera opens when this page is entered and is released as soon as it is left."""

from __future__ import annotations

from kiosk import ops
from kiosk.biometrics.quality import Reason
from kiosk.domain.session import Event, FaceOutcome, State
from kiosk.pipeline import Kind
from kiosk.ui.camera import JobResult
from kiosk.ui.jobs import face_verify_job
from kiosk.ui.pages.camera_step import CameraStepPage
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import set_text


FACE_OUTCOMES = {Kind.NO_MATCH: FaceOutcome.NO_MATCH, Kind.TIMEOUT: FaceOutcome.TIMEOUT,
                 Kind.LIVENESS_FAILED: FaceOutcome.LIVENESS_FAILED}


def record_liveness_refused(ctx, member_no: str, flow: ops.FaceFlow, refusal: str) -> None:
    """On the executor: audit the refused liveness check (no biometric data) and alert staff."""
    ops.record_liveness_refusal(ctx.kiosk, ops.Actor.visitor(member_no), member_no, flow, refusal)


def record_face(ctx, member_no: str, matched: bool) -> None:
    """On the executor: audit the attempt (the gate is signalled afterwards, off it)."""
    ops.record_face_attempt(ctx.kiosk, ops.Actor.visitor(member_no), member_no, matched)


@page(State.FACE)
class FacePage(CameraStepPage):
    object_prefix = "face"

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Look at the camera"))
        self.privacy.setText(self.tr("Your face is compared only with the face set up for this pass. "
                                     "No photo is kept."))
        self.progress.setAccessibleName(self.tr("Progress"))
        self.preview.setAccessibleName(self.tr("Camera picture with an oval guide"))
        set_text(self.pin_button, self.tr("Use my PIN instead"))
        self.show_status()
        self.show_time_left()

    def progress_text(self, good: int, needed: int) -> str:
        return self.tr("Confirmed %1 of %2").replace("%1", str(good)).replace("%2", str(needed))

    def enter(self) -> None:
        self.reset(self.ctx.settings.verify_frames)
        self.show_status()
        self.start_countdown(self.ctx.face_timeout_s)
        if self.ctx.still:
            return
        self.camera.start(face_verify_job(self.ctx, self.ctx.session.member_no))

    def use_pin(self) -> None:
        if self.ctx.machine.state is State.FACE:
            self.ctx.fire(Event.CHOOSE_PIN)  # leave() stops the camera at once

    def on_finished(self, result: JobResult) -> None:
        self.preview.clear()
        self.stop_countdown()
        if self.ctx.machine.state is not State.FACE:
            return
        member_no = self.ctx.session.member_no
        if result.kind is Kind.MATCH:
            self.ctx.run(lambda: record_face(self.ctx, member_no, True), lambda _: self.ctx.open_gate("face", self._passed))
        elif result.kind in FACE_OUTCOMES:
            self.ctx.session.face_outcome = FACE_OUTCOMES[result.kind]
            self.ctx.session.liveness_refusal = result.value or "" if result.kind is Kind.LIVENESS_FAILED else ""
            if result.kind is Kind.NO_MATCH:
                self.ctx.run(lambda: record_face(self.ctx, member_no, False))
            elif result.kind is Kind.LIVENESS_FAILED:
                refusal = result.value
                self.ctx.run(lambda: record_liveness_refused(self.ctx, member_no, ops.FaceFlow.VERIFY, refusal))
            self.ctx.fire(Event.FACE_NO_MATCH)
            if not self.ctx.session.can_use_face:  # the face tries are used up: staff hear of it
                kiosk = self.ctx.kiosk
                self.ctx.run(lambda: ops.report_face_tries_used(kiosk, ops.Actor.visitor(member_no), member_no))
        elif result.kind is not Kind.STOPPED:  # camera_failed, error
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


@screenshot("liveness-challenge")
def _challenge_shot(window) -> None:
    """The head-turn challenge on its second step, over the fake engine's drawn shape (never a
    camera frame or a face photo)."""
    from kiosk.biometrics.fake import draw_face
    from kiosk.liveness.challenge import ChallengeStatus, Step
    from kiosk.liveness.check import LiveState, LivenessStatus
    from kiosk.ui.camera import to_qimage

    window.machine.force(State.FACE, member_no="1001", face_available=True)
    page_ = window.pages[State.FACE]
    page_.preview.set_image(to_qimage(draw_face(100, size=0.6)))
    live = LivenessStatus(LiveState.PENDING, None, ChallengeStatus(Step.LEFT, 1, 5, 5, started=True))
    page_.on_status(type("S", (), {"reason": Reason.OK, "good_frames": 1, "needed": 2, "liveness": live})())
