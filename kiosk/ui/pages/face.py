"""Face: live preview with a guide oval, what to do (from the reason codes), and progress.
The camera opens when this page is entered and is released as soon as it is left."""

from __future__ import annotations

from kiosk import ops
from kiosk.biometrics.quality import Reason
from kiosk.domain.session import Event, FaceOutcome, State
from kiosk.errors import FacePausedError
from kiosk.pipeline import Kind
from kiosk.ui.camera import JobResult
from kiosk.ui.jobs import face_verify_job
from kiosk.ui.pages.camera_step import CameraStepPage
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import set_text

FACE_OUTCOMES = {Kind.NO_MATCH: FaceOutcome.NO_MATCH, Kind.TIMEOUT: FaceOutcome.TIMEOUT,
                 Kind.LIVENESS_FAILED: FaceOutcome.LIVENESS_FAILED}
# how a camera job's end closes the face try
TRY_ENDS = {Kind.MATCH: ops.FaceTryEnd.MATCH, Kind.NO_MATCH: ops.FaceTryEnd.NO_MATCH,
            Kind.TIMEOUT: ops.FaceTryEnd.TIMEOUT, Kind.LIVENESS_FAILED: ops.FaceTryEnd.LIVENESS}


def record_liveness_refused(ctx, member_no: str, flow: ops.FaceFlow, refusal: str) -> None:
    """On the executor: audit the refused liveness check (no biometric data) and alert staff."""
    ops.record_liveness_refusal(ctx.kiosk, ops.Actor.visitor(member_no), member_no, flow, refusal)


def decide(ctx, member_no: str, end: ops.FaceTryEnd, refusal: str | None = None,
           visit_tries_left: int | None = None) -> ops.FaceDecision:
    """On the executor: the face try's end recorded and counted, and a match's proof (the gate
    is signalled afterwards, off it)."""
    return ops.decide_face_try(ctx.kiosk, ops.Actor.visitor(member_no), member_no, end, refusal,
                               visit_tries_left=visit_tries_left)


@page(State.FACE)
class FacePage(CameraStepPage):
    object_prefix = "face"
    open_try: str | None = None  # the member whose face try is running (the camera started for it)

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
        self.open_try = None
        if self.ctx.still:
            return
        member_no, generation = self.ctx.session.member_no, self.ctx.machine.generation
        kiosk = self.ctx.kiosk
        # the stored face-try count is asked first: while it pauses face checks the camera never starts
        self.ctx.run(lambda: ops.begin_face_try(kiosk, ops.Actor.visitor(member_no), member_no),
                     lambda _: self._start_camera(member_no, generation), self._not_started)

    def _start_camera(self, member_no: str, generation: int) -> None:
        if self.ctx.machine.state is not State.FACE or self.ctx.machine.generation != generation:
            # left before the camera started: nothing was looked at, so no try is counted
            self.ctx.run(lambda: decide(self.ctx, member_no, ops.FaceTryEnd.INTERRUPTED))
            return
        self.open_try = member_no
        self.camera.start(face_verify_job(self.ctx, member_no))

    def _not_started(self, exc: BaseException, message: str) -> None:
        if self.ctx.machine.state is not State.FACE:
            return
        if isinstance(exc, FacePausedError):
            self.ctx.session.face_paused = True  # the choice screen says so and offers the PIN
            self.ctx.fire(Event.BACK)
        else:
            self.ctx.notify(message)
            self.ctx.fire(Event.CAMERA_FAILED)

    def leave(self) -> None:
        """Leaving the face step before its end (Back, Help, Start over, "Use my PIN instead",
        the inactivity timeout) counts as an abandoned face try."""
        member_no, self.open_try = getattr(self, "open_try", None), None
        if member_no is not None:
            self.ctx.run(lambda: decide(self.ctx, member_no, ops.FaceTryEnd.ABANDONED))
        super().leave()

    def use_pin(self) -> None:
        if self.ctx.machine.state is State.FACE:
            self.ctx.fire(Event.CHOOSE_PIN)  # leave() stops the camera at once

    def on_finished(self, result: JobResult) -> None:
        self.preview.clear()
        self.stop_countdown()
        if self.ctx.machine.state is not State.FACE or self.open_try is None:
            return
        member_no, self.open_try = self.open_try, None  # the try ends here, with this outcome
        if result.kind is Kind.MATCH:
            self.ctx.run(lambda: decide(self.ctx, member_no, ops.FaceTryEnd.MATCH), self._matched)
        elif result.kind in FACE_OUTCOMES:
            self.ctx.session.face_outcome = FACE_OUTCOMES[result.kind]
            self.ctx.session.liveness_refusal = result.value or "" if result.kind is Kind.LIVENESS_FAILED else ""
            end, refusal = TRY_ENDS[result.kind], result.refusal if result.kind is Kind.LIVENESS_FAILED else None
            s = self.ctx.session  # the visit's face tries: the operation tells staff when this was the last
            tries_left = s.face_retries_left if s.face_available else None
            self.ctx.run(lambda: decide(self.ctx, member_no, end, refusal, tries_left), self._counted,
                         lambda exc, message: self._counted(None))
        else:
            if result.kind is not Kind.STOPPED:  # camera_failed, error: not the visitor's try
                self.ctx.fire(Event.CAMERA_FAILED)
            self.ctx.run(lambda: decide(self.ctx, member_no, ops.FaceTryEnd.INTERRUPTED))

    def _counted(self, decision: ops.FaceDecision | None) -> None:
        """The failed try is stored (None: it could not be): the result page knows whether face
        checks are now paused."""
        if self.ctx.machine.state is not State.FACE:
            return
        self.ctx.session.face_paused = decision is not None and decision.seconds_paused > 0
        self.ctx.fire(Event.FACE_NO_MATCH)

    def _matched(self, decision: ops.FaceDecision) -> None:
        if self.ctx.machine.state is State.FACE:
            self.ctx.session.prove(decision.proof)
            self.ctx.open_gate("face", self._passed)

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
    from kiosk.liveness.check import LivenessStatus, LiveState
    from kiosk.ui.camera import to_qimage

    window.machine.force(State.FACE, member_no="1001", face_available=True)
    page_ = window.pages[State.FACE]
    page_.preview.set_image(to_qimage(draw_face(100, size=0.6)))
    live = LivenessStatus(LiveState.PENDING, None, ChallengeStatus(Step.LEFT, 1, 5, 5, started=True))
    page_.on_status(type("S", (), {"reason": Reason.OK, "good_frames": 1, "needed": 2, "liveness": live})())
