"""The real-time capture pipeline (no Qt): camera -> detect -> quality -> encode -> decide.

Interface (the visitor UI's camera worker calls ``run`` from its own thread)::

    pipe = CapturePipeline(source, engine, settings, needed=settings.verify_frames,
                           judge=lambda enc: faces.judge(member_no, enc),       # verify (Match or bool)
                           # or collect=lambda encs: faces.enroll(...)          # enroll
                           encoder=shared_process_encoder)                      # see below
    outcome = pipe.run(stop_event, on_preview, on_status)

* Every frame: ``source.read()`` gives the newest frame (stale frames are dropped, never
  queued) -> one ``engine.detect_faces`` on a downscaled copy (``Mode.LIVE``: boxes,
  landmarks, scores) -> the visitor's face chosen (:mod:`kiosk.biometrics.visitor_face`,
  rule 8: a clearly smaller face further back is a bystander and goes no further: it is
  not encoded, not given to the liveness check and not shown) -> ``on_preview(picture)``
  at camera rate: a new frame, everything but the visitor's face blurred -> quality gate
  on the visitor's ``engine.encoder_box`` -> ``on_status(FrameStatus)``.
* Frames that pass the gate go to one background encode thread: at most one encode is ever
  in flight. While it runs, only the newest good frame waits (each good frame replaces the
  one waiting; a frame that fails the gate withdraws it), so nothing stale is queued. A
  second face about as close as the visitor's (``MULTIPLE_FACES``) pauses progress; a
  bystander does not.
* Decision, made on the encode thread right after each encoding (``judge`` runs there: keep
  it quick and thread-safe), and returned by ``run`` at once: the encode thread interrupts
  the loop's wait for the next frame (``source.interrupt()``), so a decision never waits
  for the camera:
  verify -> one encoding judged ``Match.SURE`` (far inside the threshold,
  ``settings.sure_match_fraction``), or ``needed`` consecutive encodings judged true or
  ``Match.YES``: "match";
  ``max_misses`` encodings for which it is false: "no_match". Enroll -> the newest ``needed``
  encodings all lie within 0.9 x match_threshold of their medoid: ``collect(encodings)``
  is called (after the camera is closed) and the outcome is "captured" with its return value.
* Liveness (``liveness=`` a :class:`kiosk.liveness.check.LivenessCheck`, or None when the
  setting is off): every frame's faces (``detect_faces``, with landmarks) go to the check on
  this loop's thread; "match" and "captured" are held back until it has passed, and a
  refusal ends the run at once as "liveness_failed" (``Outcome.message`` is the
  :class:`~kiosk.liveness.challenge.Refusal` value). ``FrameStatus.liveness`` carries the
  prompt and progress for the screen.
* Outcome kinds (:class:`Kind`): "match", "no_match", "captured", "liveness_failed", "timeout", "stopped" (``stop`` was set),
  "camera_failed" (CameraError while reading; message says what happened) and "error" (a
  KioskError from the engine, ``judge`` or ``collect``, e.g. DuplicateFaceError; the
  exception is in ``Outcome.error`` for the UI to map its ``code``). ``run`` never raises
  for these. The source is closed and the encode thread joined before ``run`` returns.

Encoder: dlib keeps Python's GIL while it encodes (~60 ms here), so an in-process encode
thread stalls detection, preview and the Qt UI thread for that long. For the real kiosk
pass ``encoder=ProcessEncoder(make_engine).start()`` (:mod:`kiosk.camera.encoder`, also
importable from here), created once at start-up (models load in the child meanwhile) and
closed at exit: it encodes in a child process. Without it the
pipeline encodes in a thread with ``engine.encode`` (fine for the fake engine and tests).
FrameStatus carries no template and no distance. Frames live only in memory (rule 5): the
encoder child gets the face region through a pipe, never through a file.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Callable

import numpy as np

from kiosk.biometrics.engine import Box, FaceEngine, Match, Mode, enroll_agreement
from kiosk.biometrics.quality import Reason, assess
from kiosk.biometrics.visitor_face import choose, screen_picture
from kiosk.camera.encoder import ProcessEncoder
from kiosk.camera.source import FrameSource, Interrupted
from kiosk.config import Settings
from kiosk.errors import CameraError, EngineError, KioskError
from kiosk.liveness.challenge import Refusal
from kiosk.liveness.check import LivenessCheck, LivenessStatus, LiveState


class Kind(StrEnum):
    """How a camera step ended (its value is what the command line and the bench print)."""

    MATCH = "match"
    NO_MATCH = "no_match"
    CAPTURED = "captured"
    LIVENESS_FAILED = "liveness_failed"
    TIMEOUT = "timeout"
    STOPPED = "stopped"
    CAMERA_FAILED = "camera_failed"
    ERROR = "error"
    DECODED = "decoded"  # the pass reader (kiosk.ui.jobs) read a code


MATCH, NO_MATCH, CAPTURED = Kind.MATCH, Kind.NO_MATCH, Kind.CAPTURED
TIMEOUT, STOPPED, CAMERA_FAILED, ERROR = Kind.TIMEOUT, Kind.STOPPED, Kind.CAMERA_FAILED, Kind.ERROR
LIVENESS_FAILED = Kind.LIVENESS_FAILED

__all__ = ["CapturePipeline", "FrameStatus", "Kind", "Outcome", "ProcessEncoder"]


@dataclass(frozen=True)
class FrameStatus:
    """What the UI may know about a frame: a reason code and progress, never templates or distances."""

    reason: Reason
    box: Box | None
    good_frames: int
    needed: int
    frame_size: tuple[int, int]  # (width, height)
    liveness: LivenessStatus | None = None  # prompt and progress of the liveness check (None: off)


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    message: str = ""
    result: object = field(default=None, compare=False)  # what ``collect`` returned ("captured")
    error: KioskError | None = field(default=None, compare=False)  # the cause of "error"


class EncodeSlot:
    """One background encode thread: at most one encode in flight, decided right after it.

    A good frame offered while an encode runs replaces the one waiting (if any), so when the
    encode ends the newest good frame is encoded next; older ones are dropped, never queued.
    ``decide`` turns each encoding into an Outcome or None; once it gives an Outcome the
    thread takes no more frames (no encode is wasted after the decisive one) and calls
    ``on_outcome`` (which wakes whoever waits for it).

    :meth:`enqueue` is for frames that must each be encoded (the liveness challenge's
    identity frames, a handful per check): they wait in order and are never replaced.
    """

    def __init__(self, encode: Callable[[np.ndarray, Box], np.ndarray], decide: Callable[[np.ndarray], Outcome | None],
                 on_outcome: Callable[[], None] = lambda: None) -> None:
        self._encode, self._decide, self._on_outcome = encode, decide, on_outcome
        self._cv = threading.Condition()
        self._job: tuple[np.ndarray, Box] | None = None
        self._queue: deque[tuple[np.ndarray, Box]] = deque()
        self._closed = False
        self.outcome: Outcome | None = None
        self._thread = threading.Thread(target=self._work, name="kiosk-encode")
        self._thread.start()

    def offer(self, frame: np.ndarray, box: Box) -> None:
        """Encode ``frame`` now, or next if an encode is in flight (replacing any older waiting frame)."""
        with self._cv:
            if not self._closed:
                self._job = (frame, box)
                self._cv.notify_all()

    def enqueue(self, frame: np.ndarray, box: Box) -> None:
        """Encode ``frame`` after the frames enqueued before it (never replaced, never dropped)."""
        with self._cv:
            if not self._closed:
                self._queue.append((frame, box))
                self._cv.notify_all()

    def withdraw(self) -> None:
        """Drop the waiting frame (a later frame failed the gate: it must not be encoded late)."""
        with self._cv:
            self._job = None

    def _work(self) -> None:
        while True:
            with self._cv:
                self._cv.wait_for(lambda: self._queue or self._job is not None or self._closed)
                if self._closed:
                    return
                if self._queue:
                    frame, box = self._queue.popleft()
                else:
                    assert self._job is not None
                    (frame, box), self._job = self._job, None
            try:
                out = self._decide(np.asarray(self._encode(frame, box), np.float32))
            except KioskError as exc:
                out = Outcome(ERROR, str(exc), error=exc)
            except Exception as exc:  # noqa: BLE001 - engine bug or crash: report it, never kill the kiosk
                err = EngineError(f"Encoding failed ({type(exc).__name__}: {exc}).", remedy="Use card or PIN.")
                out = Outcome(ERROR, str(err), error=err)
            if out is not None:
                with self._cv:
                    self.outcome, self._closed, self._job = out, True, None
                    self._queue.clear()
                self._on_outcome()
                return

    def close(self) -> None:
        with self._cv:
            self._closed, self._job = True, None
            self._queue.clear()
            self._cv.notify_all()
        self._thread.join()


class Decider:
    """The decision rule, fed one encoding at a time; returns an outcome kind when decided."""

    def __init__(self, needed: int, judge: Callable[[np.ndarray], bool | Match] | None, threshold: float,
                 max_misses: int) -> None:
        self.needed, self.judge, self.threshold, self.max_misses = needed, judge, threshold, max_misses
        self.streak = self.misses = 0
        self.window: deque[np.ndarray] = deque(maxlen=needed)

    @property
    def good(self) -> int:
        return self.streak if self.judge else len(self.window)

    def add(self, enc: np.ndarray) -> Kind | None:
        if self.judge is not None:
            verdict = self.judge(enc)
            if verdict is Match.SURE:  # far inside the threshold: this frame decides alone
                self.streak = max(self.streak + 1, self.needed)
                return MATCH
            if verdict is Match.YES or (not isinstance(verdict, Match) and verdict):
                self.streak += 1
                return MATCH if self.streak >= self.needed else None
            self.streak, self.misses = 0, self.misses + 1
            return NO_MATCH if self.misses >= self.max_misses else None
        self.window.append(enc)
        if len(self.window) < self.needed:
            return None
        mat = np.stack(self.window)
        pair = np.linalg.norm(mat[:, None, :] - mat[None, :, :], axis=2)
        if pair[int(np.argmin(pair.sum(axis=1)))].max() <= enroll_agreement(self.threshold):
            return CAPTURED
        self.window.popleft()  # someone else, or a bad frame: keep the newest, wait for agreement
        return None


class IdentityFrames:
    """The member's identity on the liveness challenge's frames: the first, the one on which
    each step is met, and the last (the end of the challenge, facing the camera).

    The first and the last must match the member's template. A turned face is harder to
    match (a 35 degree turn moves a genuine face 0.1-0.15 further from its template, README:
    Liveness), so a frame in between counts when it matches the template *or* when it lies
    within the match threshold of the first frame: the same face as the one that matched at
    the start, in the same session. Somebody else turning, with the member's photo shown at
    the start and the end, is neither. Encodings are compared in memory and dropped with the
    run; no distance leaves this object."""

    def __init__(self, judge: Callable[[np.ndarray], bool | Match], threshold: float) -> None:
        self.judge, self.threshold = judge, threshold
        self.taken = 0  # milestones of the challenge covered by an enqueued frame
        self.queued = 0
        self._lock = threading.Lock()
        self.verdicts: list[bool] = []  # each frame against the member's template
        self.same: list[bool] = []  # each frame against the challenge's first frame
        self._first: np.ndarray | None = None

    def add(self, enc: np.ndarray) -> None:
        """On the encode thread: one identity frame's verdicts."""
        verdict = self.judge(enc)
        enc = np.asarray(enc, np.float64)
        with self._lock:
            if self._first is None:
                self._first = enc
            self.verdicts.append(verdict in (Match.YES, Match.SURE) or (not isinstance(verdict, Match) and bool(verdict)))
            self.same.append(bool(np.linalg.norm(enc - self._first) <= self.threshold))

    def kind(self, needed: int) -> Kind | str | None:
        """Once every enqueued frame is judged: MATCH if the first and the last frame matched
        and each frame in between matched or is the first frame's face (at least ``needed``
        frames), NO_MATCH if none matched, else the refusal FACE_CHANGED; None while some are
        pending."""
        with self._lock:
            verdicts, same = list(self.verdicts), list(self.same)
        if len(verdicts) < self.queued or not verdicts:
            return None
        ends = verdicts[0] and verdicts[-1]
        if ends and all(v or s for v, s in zip(verdicts, same)) and len(verdicts) >= needed:
            return MATCH
        return NO_MATCH if not any(verdicts) else Refusal.FACE_CHANGED.value


class CapturePipeline:
    def __init__(
        self,
        source: FrameSource,
        engine: FaceEngine,
        settings: Settings,
        *,
        needed: int,
        judge: Callable[[np.ndarray], bool | Match] | None = None,
        collect: Callable[[list[np.ndarray]], object] | None = None,
        timeout_s: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
        encoder=None,
        max_misses: int | None = None,
        liveness: LivenessCheck | None = None,
    ) -> None:
        if judge is not None and collect is not None:
            raise ValueError("give judge (verify) or collect (enroll), not both")
        if needed < 1:
            raise ValueError("needed must be at least 1")
        self.source, self.engine, self.settings = source, engine, settings
        self.needed, self.judge, self.collect = needed, judge, collect
        self.timeout_s, self.clock = timeout_s, clock
        self.encode = encoder.encode if encoder is not None else (lambda f, b: engine.encode(f, b, Mode.LIVE))
        self.max_misses = max_misses if max_misses is not None else max(3, needed + 1)
        self.decider = Decider(needed, judge, settings.match_threshold, self.max_misses)
        self.liveness = liveness
        # with the challenge, a verification judges the challenge's own frames (IdentityFrames)
        self.identity = IdentityFrames(judge, settings.match_threshold) if judge is not None and liveness is not None and \
            liveness.challenge is not None else None

    def run(
        self,
        stop: threading.Event,
        on_preview: Callable[[np.ndarray], None],
        on_status: Callable[[FrameStatus], None],
    ) -> Outcome:
        slot = EncodeSlot(self.encode, self._decide if self.identity is None else self._identity_frame,
                          self.source.interrupt)
        try:
            outcome = self._loop(stop, on_preview, on_status, slot)
        finally:
            slot.close()
            try:
                self.source.close()
            except Exception:  # noqa: BLE001 - a broken camera must not hide the outcome
                pass
        if outcome.kind == CAPTURED and self.collect is not None:
            try:
                return Outcome(CAPTURED, result=self.collect(list(self.decider.window)))
            except KioskError as exc:
                return Outcome(ERROR, str(exc), error=exc)
        return outcome

    def _decide(self, enc: np.ndarray) -> Outcome | None:
        kind = self.decider.add(enc)  # on the encode thread; judge's KioskError becomes "error"
        return Outcome(kind) if kind is not None else None

    def _identity_frame(self, enc: np.ndarray) -> None:
        """On the encode thread: judge one identity frame; wake the loop when it may decide."""
        assert self.identity is not None
        self.identity.add(enc)
        if self.identity.kind(self.needed) is not None:
            self.source.interrupt()
        return None

    def _loop(self, stop, on_preview, on_status, slot: EncodeSlot) -> Outcome:
        deadline = self.clock() + self.timeout_s
        while True:
            if stop.is_set():
                return Outcome(STOPPED)
            now = self.clock()
            if self.liveness is not None and self.liveness.running:  # bounded by its step deadlines
                deadline = max(deadline, now + 2.0)
            if now >= deadline:
                return Outcome(TIMEOUT, "No face was confirmed in time.")
            try:
                frame = self.source.read()
            except Interrupted:  # the encode thread has an outcome (it may still wait for liveness)
                if (decided := self._decision(slot)) is not None:
                    return decided
                continue
            except CameraError as exc:
                return Outcome(CAMERA_FAILED, str(exc), error=exc)
            if (decided := self._decision(slot)) is not None:
                return decided
            try:
                detected = self.engine.detect_faces(frame, Mode.LIVE)  # one detection: boxes and landmarks
            except KioskError as exc:
                return Outcome(ERROR, str(exc), error=exc)
            seen = choose(detected, self.settings.bystander_ratio)  # rule 8: bystanders go no further
            faces = list(seen.competing)  # the visitor alone, or the faces that crowd the frame
            on_preview(screen_picture(frame, seen.visitor.box if seen.visitor is not None else None,
                                      [f.box for f in seen.bystanders]))
            verdict = assess(frame, [self.engine.encoder_box(f) for f in faces], self.settings, Mode.LIVE)
            if self.identity is not None:
                pass  # the challenge says which frames are encoded (below)
            elif verdict.ok and verdict.box is not None:
                slot.offer(frame, verdict.box)
            else:
                slot.withdraw()
            live = None
            if self.liveness is not None:
                try:
                    live = self.liveness.observe(frame, faces, verdict.ok, self.clock())
                except KioskError as exc:  # e.g. a liveness model missing or altered
                    return Outcome(ERROR, str(exc), error=exc)
                if live.state is LiveState.REFUSED:
                    return Outcome(LIVENESS_FAILED, live.refusal.value if live.refusal is not None else "")
                ident = self.identity
                if ident is not None and self.liveness.milestones > ident.taken and verdict.ok and verdict.box is not None:
                    ident.taken, ident.queued = self.liveness.milestones, ident.queued + 1
                    slot.enqueue(frame, verdict.box)
            h, w = frame.shape[:2]
            # nothing on screen says whether the face matches before the liveness check has passed
            good = self.decider.good if live is None or live.state is LiveState.PASSED else 0
            on_status(FrameStatus(verdict.reason, verdict.box, good, self.needed, (w, h), live))
            if (decided := self._decision(slot)) is not None:
                return decided

    def _decision(self, slot: EncodeSlot) -> Outcome | None:
        """The outcome once it is ready; a match, a no-match or a capture only once the
        liveness check has passed (so that nothing tells a photo's holder whether it matches)."""
        out = slot.outcome
        if out is None and self.identity is not None and self.liveness is not None:
            if self.liveness.state is not LiveState.PASSED or self.liveness.milestones > self.identity.taken:
                return None
            kind = self.identity.kind(self.needed)
            if kind is None:
                return None
            return Outcome(kind) if isinstance(kind, Kind) else Outcome(LIVENESS_FAILED, kind)
        if out is None:
            return None
        ready = out.kind not in (MATCH, NO_MATCH, CAPTURED) or self.liveness is None or \
            self.liveness.state is LiveState.PASSED
        return out if ready else None
