"""Set up face: guided capture. The camera opens only here, after consent (and a guardian for
under-14s); the capture pipeline gathers several quality-gated frames of one face, then the
flow stores the consent record and the template together (duplicate check included).
A refused face gets a calm message, nothing is kept, and the other ways stay open."""

from __future__ import annotations

from kiosk import ops
from kiosk.biometrics.quality import Reason
from kiosk.domain.session import Event, State
from kiosk.errors import ErrorCode, KioskError
from kiosk.pipeline import Kind
from kiosk.ui import liveness_text
from kiosk.ui.camera import JobResult
from kiosk.ui.messages import error_message
from kiosk.ui.pages.camera_step import CameraStepPage
from kiosk.ui.pages.enroll_common import flow_of
from kiosk.ui.registry import page, screenshot
from kiosk.ui.widgets import button, label, set_text


def enroll_timeout_s(ctx) -> float:
    """Set-up gathers more frames than a check, so it gets half as long again."""
    return ctx.face_timeout_s * 1.5


def face_enroll_job(ctx, flow):
    """A camera job: collect mode of the capture pipeline; the enrollment runs on the
    serial executor. The result's value is the frozen receipt, or the KioskError."""
    from kiosk.pipeline import CapturePipeline

    kiosk, settings, db, encoder = ctx.kiosk, ctx.settings, ctx.db, ctx.encoder
    timeout_s = enroll_timeout_s(ctx)

    def collect(encodings):  # only after the liveness check passed (or with liveness off, as audited)
        return db.call_sync(lambda: ops.complete_enrollment(kiosk, flow, encodings, liveness=settings.liveness))

    def job(source, stop, on_preview, on_status) -> JobResult:
        pipe = CapturePipeline(source, kiosk.engine, settings, needed=settings.enroll_frames, collect=collect,
                               timeout_s=timeout_s, encoder=encoder, liveness=kiosk.liveness_check())
        outcome = pipe.run(stop, on_preview, on_status)
        if outcome.kind is Kind.CAPTURED:
            return JobResult(Kind.CAPTURED, outcome.result)
        if outcome.kind is Kind.LIVENESS_FAILED:
            return JobResult(outcome.kind, outcome.message)  # the refusal code
        return JobResult(outcome.kind, outcome.error)

    return job


@page(State.ENROLL_CAPTURE)
class EnrollCapturePage(CameraStepPage):
    object_prefix = "enroll"

    def build_controls(self) -> list:
        self.problem = label("error")
        self.problem.setObjectName("enroll-problem")
        self.again_button = button("primary")
        self.again_button.setObjectName("enroll-again")
        self.again_button.clicked.connect(self.start)
        self.failed = False
        return [self.problem, self.again_button]

    @property
    def other_button(self):
        """The always-visible way out of set-up (the base page's "Use my PIN instead")."""
        return self.pin_button

    def use_pin(self) -> None:
        if self.ctx.machine.state is State.ENROLL_CAPTURE:
            self.ctx.fire(Event.BACK)  # nothing is saved; the other ways are on the next screen

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("Set up face verification"))
        self.privacy.setText(self.tr("Only one person in front of the camera, please. The picture is used for "
                                     "a moment and then thrown away: no photo is kept."))
        set_text(self.again_button, self.tr("Try again"))
        if getattr(self, "failed", False):  # the camera has stopped: nothing to stop any more
            set_text(self.pin_button, self.tr("Use my card or PIN instead"))
        else:
            set_text(self.pin_button, self.tr("Stop: use my card or PIN instead"))
        self.progress.setAccessibleName(self.tr("Progress"))
        self.preview.setAccessibleName(self.tr("Camera picture with an oval guide"))
        self.show_status()
        self.show_time_left()

    def instruction_text(self) -> str:
        return "" if self.failed else super().instruction_text()

    def liveness_refused_text(self, reason: str | None = None) -> str:
        return liveness_text.refused(reason) + " " + self.tr("Nothing was saved.")

    def progress_text(self, good: int, needed: int) -> str:
        return self.tr("Measuring your face: %1 of %2. Each picture is used at once and not kept.").replace(
            "%1", str(good)).replace("%2", str(needed))

    def _set_failed(self, message: str, may_retry: bool) -> None:
        self.failed = bool(message)
        if self.failed:
            self.live = None  # the camera has stopped: no challenge step to point at any more
        # nor the stopped camera's picture, progress, time or privacy line: the reason and what to do
        # next take the room (in large text they need the page's whole width)
        for w in (self.preview, self.instruction, self.progress, self.progress_label, self.time_left, self.privacy):
            w.setVisible(not self.failed)
        self.problem.setText(message)
        self.retranslate_ui()
        self.again_button.setVisible(bool(message) and may_retry)
        if message:
            self.stop_countdown()
        self.show_status()

    def enter(self) -> None:
        self.start()

    def start(self) -> None:
        self.reset(self.ctx.settings.enroll_frames)
        self._set_failed("", False)
        flow = flow_of(self.ctx)
        try:
            if flow is None or flow.member_no != self.ctx.session.member_no:
                raise KioskError("No enrollment in progress.")
            flow.check_ready()  # consent given, and a guardian for under-14s: else no camera
        except KioskError as exc:
            self._set_failed(error_message(exc) if exc.code is not ErrorCode.ERROR else self.tr(
                "Face set-up cannot start yet. Please start again."), False)
            return
        self.start_countdown(enroll_timeout_s(self.ctx))
        if self.ctx.still:
            return
        self.camera.start(face_enroll_job(self.ctx, flow))

    def wipe(self) -> None:
        super().wipe()
        self._set_failed("", False)

    def on_finished(self, result: JobResult) -> None:
        self.preview.clear()
        self.stop_countdown()
        if self.ctx.machine.state is not State.ENROLL_CAPTURE:
            return
        if result.kind is Kind.CAPTURED:
            s = self.ctx.session
            s.receipt = result.value
            s.face_available = True
            if s.enrollment is not None:
                s.prove(s.enrollment.proof)  # the face just enrolled: set-up checks the visitor in with it
            self.ctx.fire(Event.CAPTURED)
        elif result.kind is Kind.CAMERA_FAILED:
            self.ctx.fire(Event.CAMERA_FAILED)
        elif result.kind is Kind.LIVENESS_FAILED:
            from kiosk.ui.pages.face import record_liveness_refused

            refusal, member_no = result.refusal, self.ctx.session.member_no
            self.ctx.run(lambda: record_liveness_refused(self.ctx, member_no, ops.FaceFlow.ENROLL, refusal))
            self._set_failed(self.liveness_refused_text(refusal), True)
        elif result.kind is Kind.TIMEOUT:
            self._set_failed(self.tr("The camera could not see your face clearly in time. Nothing was saved."), True)
        elif result.kind is Kind.ERROR:
            exc = result.value
            duplicate = getattr(exc, "code", None) is ErrorCode.DUPLICATE_FACE
            text = error_message(exc) if isinstance(exc, BaseException) else error_message(KioskError(""))
            self._set_failed(text + " " + self.tr("Nothing was saved."), not duplicate)


@screenshot("enroll-capture", area="enrollment")
def _shot(window) -> None:
    """A synthetic preview (the fake engine's drawn shape), never a camera frame or a face photo."""
    from kiosk.biometrics.fake import draw_face
    from kiosk.ui.camera import to_qimage
    from kiosk.ui.pages.notice import start_flow

    flow = start_flow(window.ctx.kiosk, "1002", window.ctx.translations.language)
    ops.agree_to_notice(window.ctx.kiosk, ops.Actor.visitor("1002"), flow)
    window.machine.force(State.ENROLL_CAPTURE, member_no="1002", authenticated=True, is_child=False,
                         enrollment=flow)
    page_ = window.pages[State.ENROLL_CAPTURE]
    page_.preview.set_image(to_qimage(draw_face(100, size=0.6)))
    page_.on_status(type("S", (), {"reason": Reason.OK, "good_frames": 3, "needed": 5})())


@screenshot("enroll-failed", area="enrollment")
def _failed_shot(window) -> None:
    """The liveness check refused during set-up (a photo held up, or a real person it could not
    confirm): the reason, "Try again" and the way to the card or PIN, in the column beside."""
    _shot(window)
    page_ = window.pages[State.ENROLL_CAPTURE]
    page_.on_status(type("S", (), {"reason": Reason.OK, "good_frames": 5, "needed": 5,
                                   "liveness": None})())
    page_.preview.clear()
    page_._set_failed(page_.liveness_refused_text(), True)
