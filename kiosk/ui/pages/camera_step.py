"""The shared shape of a camera step (verify by face, set up face): a live preview with the
guide oval beside a side column (what to do, progress, the time left, page-specific
controls, an always-visible way to the PIN, a privacy line). The camera runs one job while
the page is current and is released when it is left."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.biometrics.quality import Reason
from kiosk.ui import liveness_text
from kiosk.ui.camera import CameraController, JobResult
from kiosk.ui.countdown import time_left
from kiosk.ui.fit import keep_in_view
from kiosk.ui.messages import advice
from kiosk.ui.pages.base import Page, touch_scroll_area
from kiosk.ui.preview import Preview
from kiosk.ui.widgets import button, label, timer

PREVIEW_MIN_W, PREVIEW_MIN_H = 320, 180  # the picture gives way before a text does (or "Use my PIN instead" under it)


class CameraStepPage(Page):
    """Subclasses set ``object_prefix``, add controls with :meth:`build_controls`, word the
    progress in :meth:`progress_text`, handle the job in :meth:`on_finished` and say where
    "Use my PIN instead" leads in :meth:`use_pin`. :meth:`start_countdown` shows the time
    the camera job has left; the pipeline's own timeout ends the job at the same moment. Once
    the liveness challenge has started, the time shown is its current step's, the limit that
    refuses, and the progress shown is that of the head movements only: nothing on this page
    says whether the face matches before the whole check has passed."""

    object_prefix = "camera"

    scrolls = False  # the camera picture and "Use PIN instead" stay put

    def build(self) -> None:
        # picture and column side by side; on a portrait screen the column goes under the picture
        row = self.camera_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(40)
        self.preview = Preview(oval=True)
        self.preview.setObjectName(f"{self.object_prefix}-preview")
        self.preview.setMinimumSize(PREVIEW_MIN_W, PREVIEW_MIN_H)
        # the column scrolls when large text makes it taller than the room beside the picture
        # (its scroll bar shows there is more): an instruction is never cut or shortened
        self.column_scroll = touch_scroll_area()
        self.column_scroll.setObjectName(f"{self.object_prefix}-column")
        column = QWidget()
        column.setObjectName("page-content")
        side = QVBoxLayout(column)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(12)
        self.instruction = label("subtitle")
        self.instruction.setObjectName(f"{self.object_prefix}-instruction")
        self.arrow = label("title")  # the liveness challenge's direction, large
        self.arrow.setObjectName(f"{self.object_prefix}-challenge-arrow")
        self.arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.challenge_steps = label("hint")
        self.challenge_steps.setObjectName(f"{self.object_prefix}-challenge-steps")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_label = label("hint")
        self.time_left = label("hint")
        self.time_left.setObjectName(f"{self.object_prefix}-time-left")
        self.privacy = label("hint")
        self.pin_button = button("choice")
        self.pin_button.setObjectName(f"{self.object_prefix}-use-pin")
        self.pin_button.clicked.connect(self.use_pin)
        # what the visitor follows while turning their head, when they cannot scroll
        keep_in_view(self.instruction, self.arrow, self.challenge_steps, self.progress, self.time_left, self.pin_button)
        for w in (self.instruction, self.arrow, self.challenge_steps, self.progress, self.progress_label, self.time_left,
                  *self.build_controls()):
            side.addWidget(w)
        side.addStretch(1)
        side.addWidget(self.privacy)
        self.column_scroll.setWidget(column)
        self.column_scroll.verticalScrollBar().rangeChanged.connect(lambda *_: self._reflow_column())
        # "Use my PIN instead" under the picture (in large text too wide for the column): on a
        # landscape screen the column beside them then has the page's whole height for what the
        # visitor follows while turning their head; on a portrait one it goes under the column
        self.picture = QVBoxLayout()
        self.picture.setSpacing(12)
        self.picture.addWidget(self.preview, 1)
        row.addLayout(self.picture, 3)
        row.addWidget(self.column_scroll, 2)
        self._place_pin_button(portrait=False)
        self.body.addLayout(row, 1)
        self.camera = CameraController(self.ctx.open_camera, self)
        self.camera.preview.connect(self.preview.set_image)
        self.camera.status.connect(self.on_status)
        self.camera.finished.connect(self.on_finished)
        self.deadline: float | None = None
        self.countdown_timer = timer(self, 1000, self.show_time_left)
        self.reset(1)

    def resizeEvent(self, event) -> None:  # noqa: N802
        size = event.size()
        portrait = size.height() > size.width()
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.camera_row.direction() != direction:
            self.camera_row.setDirection(direction)
            self.camera_row.setSpacing(16 if portrait else 40)
            self.camera_row.setStretch(0, 3 if portrait else 3)
            self.camera_row.setStretch(1, 2)
            self._place_pin_button(portrait)
        super().resizeEvent(event)

    def _place_pin_button(self, portrait: bool) -> None:
        """Under the picture on a landscape screen, at the foot of the page on a portrait one."""
        into = self.answer_area if portrait else self.picture
        if into.indexOf(self.pin_button) < 0:
            (self.picture if portrait else self.answer_area).removeWidget(self.pin_button)
            into.addWidget(self.pin_button)
            self.pin_button.show()  # a layout shows a moved widget only later: a tap meanwhile would miss
        self.actions_box.setVisible(self.answer_area.count() > 0)

    def _reflow_column(self) -> None:
        """A scroll bar appearing narrows the column: break its lines again at the new width."""
        content = self.column_scroll.widget()
        lay = content.layout() if content is not None else None
        if lay is not None:
            def relayout() -> None:
                lay.invalidate()
                lay.activate()

            QTimer.singleShot(0, self, relayout)

    def build_controls(self) -> list[QWidget]:
        """Widgets under the progress (none by default)."""
        return []

    def progress_text(self, good: int, needed: int) -> str:
        raise NotImplementedError

    def use_pin(self) -> None:
        raise NotImplementedError

    def camera_guiding(self) -> bool:
        """While the camera guides a face the visitor is never timed out (the window asks)."""
        return self.camera.running

    # -- the time left -------------------------------------------------------------
    def start_countdown(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.show_time_left()
        if not self.ctx.still:
            self.countdown_timer.start()

    def stop_countdown(self) -> None:
        self.countdown_timer.stop()
        self.deadline = None
        self.time_left.clear()

    def seconds_left(self) -> int:
        return 0 if self.deadline is None else max(0, round(self.deadline - time.monotonic()))

    def show_time_left(self) -> None:
        if self.deadline is None:
            self.time_left.clear()
            return
        ch = self.challenge()
        seconds = ch.seconds_left if ch is not None and ch.started and ch.step is not None else self.seconds_left()
        self.time_left.setText(time_left(seconds))

    def challenge(self):
        """The liveness challenge's status on the latest frame (None without the challenge)."""
        return self.live.challenge if getattr(self, "live", None) is not None else None

    def challenge_step(self):
        """The liveness challenge's current step while the visitor's face is in view, else None."""
        ch = self.live.challenge if self.live is not None else None
        if ch is None or ch.step is None or self.reason in (Reason.NO_FACE, Reason.MULTIPLE_FACES):
            return None
        return ch.step

    def instruction_text(self) -> str:
        step = self.challenge_step()
        return liveness_text.prompt(step) if step is not None else advice(self.reason)

    def reset(self, needed: int) -> None:
        self.reason, self.good, self.needed = Reason.NO_FACE, 0, needed
        self.live = None  # kiosk.liveness.check.LivenessStatus of the latest frame
        self.preview.clear()

    def show_liveness(self) -> None:
        ch = self.live.challenge if self.live is not None else None
        step = self.challenge_step()
        self.arrow.setText(liveness_text.ARROWS[step] if step is not None else "")
        self.arrow.setVisible(step is not None)
        self.challenge_steps.setText(liveness_text.step_progress(ch.done, ch.total) if ch is not None and ch.step else "")
        self.challenge_steps.setVisible(ch is not None and ch.step is not None)

    def show_status(self) -> None:
        self.show_liveness()
        self.instruction.setText(self.instruction_text())
        ch = self.challenge()
        if ch is not None:  # the head movements' progress, never the match's
            self.progress.setRange(0, max(1, ch.total))
            self.progress.setValue(min(ch.done, ch.total))
            self.progress_label.clear()
        else:
            self.progress.setRange(0, max(1, self.needed))
            self.progress.setValue(min(self.good, self.needed))
            self.progress_label.setText(self.progress_text(self.good, self.needed))

    def on_status(self, status) -> None:
        self.reason, self.good, self.needed = Reason(status.reason), status.good_frames, status.needed
        self.live = getattr(status, "liveness", None)
        self.preview.set_ok(self.reason is Reason.OK)
        self.show_status()
        self.show_time_left()

    def on_finished(self, result: JobResult) -> None:
        raise NotImplementedError

    def leave(self) -> None:
        self.camera.stop()
        self.stop_countdown()
        self.preview.clear()

    def wipe(self) -> None:
        self.stop_countdown()
        self.preview.clear()

    def shutdown(self) -> None:
        self.camera.shutdown()
