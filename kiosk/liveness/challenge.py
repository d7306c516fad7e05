"""Active liveness challenge: a short random sequence of head movements, judged from 5 landmarks.

The cue is parallax (:func:`kiosk.liveness.motion.parallax`): against the plane of the eyes
and mouth corners, fitted exactly (a homography) between the challenge's first frame and the
current one, a real head's nose tip moves out of the plane when the head turns or nods; on a
print or a screen, however it is turned, tilted or warped, it stays in it. Each step asks for
one movement, drawn afresh every time (``secrets``), then "look at the camera": by default
four turns to the left or right, both sides at least once (14 orders; "look at the camera"
is asked between two turns the same way); with nods, three movements from left, right, up
and down, no direction twice in a row (36 orders). A recording does not follow them. A movement
in another direction than the one asked counts against the visitor:
one mistake on the first step is forgiven (people mix up left and right in front of a
mirror-like picture, until they have seen which way it turns); any other refuses. Each step
has its own deadline.

:class:`FaceTrack` keeps the challenge on one face: the face lost (gone for longer than
``lost_s``, or replaced by one elsewhere in the picture) refuses, and so does a jump of the
landmarks faster than a head moves (:class:`kiosk.liveness.motion.Continuity`: a cut, as in
a slideshow). A second face in view pauses the challenge (rule 8: the visitor is asked to be
alone) while the track keeps following the face it started with; the step's deadline keeps
running, and a step that runs out of time while the picture is crowded is refused as
``SECOND_FACE``. Landmarks are used in memory for the frame at hand and the challenge's first
frame; nothing is stored (rule 5).

Landmarks: a (5, 2) array in YuNet order: right eye, left eye, nose tip, right mouth
corner, left mouth corner (image coordinates of the camera frame, not mirrored).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Sequence

import numpy as np

from kiosk.biometrics.engine import Box
from kiosk.liveness.motion import parallax


class Step(str, Enum):
    LEFT = "left"  # the visitor's left: the nose moves to the camera image's right
    RIGHT = "right"
    UP = "up"  # the visitor looks up: the nose moves towards the eyes
    DOWN = "down"
    CENTRE = "centre"  # look at the camera


TURNS = (Step.LEFT, Step.RIGHT, Step.UP, Step.DOWN)


class Refusal(str, Enum):
    """Why a liveness check did not succeed (audited; shown to the visitor without blame)."""

    TIMEOUT = "timeout"  # a step of the challenge was not done in its time
    FACE_LOST = "face_lost"
    SECOND_FACE = "second_face"
    PASSIVE = "passive"  # the passive check's mean score stayed under the threshold
    WRONG_TURN = "wrong_turn"  # turns in other directions than the ones asked, beyond the one forgiven
    JUMP = "jump"  # the landmarks jumped between frames faster than a head moves (a cut)
    FACE_CHANGED = "face_changed"  # the face did not match the member on every checked frame


def yaw_cue(landmarks: np.ndarray) -> float:
    """The nose tip's offset from the eyes' midpoint along the eye line, in eye distances
    (positive: the nose lies towards the image's right, the visitor's left). A single frame's
    cue: a photo of a turned head has it too, so the challenge judges :func:`parallax`."""
    lm = np.asarray(landmarks, np.float64).reshape(5, 2)
    eye_r, eye_l, nose = lm[0], lm[1], lm[2]
    axis = eye_l - eye_r
    dist = float(np.hypot(*axis))
    if dist < 1e-6:
        return 0.0
    return float(np.dot(nose - (eye_r + eye_l) / 2, axis) / (dist * dist))


def random_steps(rng: secrets.SystemRandom | None = None, turns: int = 3, nods: bool = False) -> tuple[Step, ...]:
    """``turns`` movements drawn from left, right, up and down, never the same twice in a row,
    then "look at the camera" (4 x 3 x 3 = 36 orders for three). Without ``nods``: four
    turns to the left or right, each side at least once (14 orders)."""
    rng = rng or secrets.SystemRandom()
    if not nods:
        while True:
            sides = [rng.choice((Step.LEFT, Step.RIGHT)) for _ in range(turns + 1)]
            if len(set(sides)) == 2:
                return (*sides, Step.CENTRE)
    steps: list[Step] = []
    for _ in range(turns):
        steps.append(rng.choice([s for s in TURNS if not steps or s is not steps[-1]]))
    return (*steps, Step.CENTRE)


def _centre_size(box: Box) -> tuple[float, float, float]:
    top, right, bottom, left = box
    return (left + right) / 2, (top + bottom) / 2, float(max(1, right - left))


class FaceTrack:
    """One face followed from frame to frame. ``update`` returns a Refusal or None."""

    def __init__(self, lost_s: float = 0.3, max_jump: float = 0.6) -> None:
        self.lost_s, self.max_jump = lost_s, max_jump
        self.box: Box | None = None
        self.seen_at = 0.0

    def _continues(self, box: Box, t: float) -> bool:
        """``box`` is where the followed face could be now (always true before the first face)."""
        if self.box is None:
            return True
        (x0, y0, s0), (x1, y1, s1) = _centre_size(self.box), _centre_size(box)
        reach = self.max_jump if t - self.seen_at <= 0.15 else 1.0  # a little more after a missed frame or two
        return bool(np.hypot(x1 - x0, y1 - y0) <= reach * s0 and 0.6 <= s1 / s0 <= 1.6)

    def update(self, boxes: Sequence[Box], t: float) -> Refusal | None:
        """One frame with at most one face (see :meth:`follow` for a crowded frame)."""
        if len(boxes) > 1:
            self.follow(boxes, t)
            return None
        if not boxes:
            if self.box is not None and t - self.seen_at > self.lost_s:
                return Refusal.FACE_LOST
            return None
        (box,) = boxes
        if not self._continues(box, t):
            return Refusal.FACE_LOST  # another face, elsewhere or another size: not the one followed
        self.box, self.seen_at = box, t
        return None

    def follow(self, boxes: Sequence[Box], t: float) -> None:
        """A crowded frame: keep following the tracked face if one of ``boxes`` continues it.
        Nothing is judged on such a frame, and a face that is not the followed one never
        takes its place."""
        if self.box is None:
            return
        near = [b for b in boxes if self._continues(b, t)]
        if near:
            x0, y0, _ = _centre_size(self.box)
            self.box = min(near, key=lambda b: np.hypot(_centre_size(b)[0] - x0, _centre_size(b)[1] - y0))
            self.seen_at = t


@dataclass(frozen=True)
class ChallengeStatus:
    """What the screen shows: the current prompt and the progress of the head movements, and
    the seconds left for the current step (the real limit). No landmarks, no cue values, and
    nothing about whether the face matches."""

    step: Step | None  # None once every step is done
    done: int
    total: int
    seconds_left: int
    started: bool = False  # a face has been seen: the step's deadline runs


class Challenge:
    """The steps in order; each is met when the parallax holds for ``hold`` frames in a row,
    within ``step_s`` seconds of the previous step (of the first frame with a face, for the
    first). A movement the other way, held as long, is a mistake once the face has come back
    to the camera since the last step; ``forgive`` mistakes are forgiven on the first step
    only (where a visitor finds out which way the picture turns), any later one refuses.
    ``nods``: whether nods are asked for (by default: whether any step is one). Where none is,
    a nod is no mistake: visitors nod while they turn, and a turn is judged on its own."""

    def __init__(self, steps: Sequence[Step], *, turn: float = 0.15, step_s: float = 6.0, hold: int = 2,
                 forgive: int = 1, nod: float = 0.8, nods: bool | None = None) -> None:
        self.steps, self.turn, self.step_s, self.hold, self.forgive = tuple(steps), turn, step_s, hold, forgive
        self.nod_turn = nod * turn  # a nod moves the nose less than a turn (measured: README, Liveness)
        self.nods = any(s in (Step.UP, Step.DOWN) for s in self.steps) if nods is None else nods
        self.done = 0
        self.mistakes = 0
        self.milestones = 0  # the first frame, then one per step met: the frames whose identity is checked
        self._streak = self._wrong_streak = 0
        self._armed = True  # back at the camera since the last step: a turn the other way now counts
        self._reference: np.ndarray | None = None
        self._late_mistake = False
        self.started_at: float | None = None
        self.step_started_at: float | None = None

    @property
    def passed(self) -> bool:
        return self.done >= len(self.steps)

    @property
    def wrong(self) -> bool:
        """More mistakes than are forgiven, or a mistake after the first step was met (by then
        the visitor has seen which way the picture turns)."""
        return self.mistakes > self.forgive or self._late_mistake

    def direction(self, along: float, across: float) -> Step | None:
        """The movement the parallax shows: a turn, CENTRE (at the camera), or None (in between)."""
        if abs(along) <= self.turn / 2 and abs(across) <= self.nod_turn / 2:
            return Step.CENTRE
        if not self.nods or abs(along) / self.turn >= abs(across) / self.nod_turn:
            return Step.LEFT if along >= self.turn else Step.RIGHT if along <= -self.turn else None
        return Step.DOWN if across >= self.nod_turn else Step.UP if across <= -self.nod_turn else None

    def cue(self, landmarks: np.ndarray) -> tuple[float, float] | None:
        """The parallax of ``landmarks`` against the challenge's first frame (None before it)."""
        return parallax(self._reference, landmarks) if self._reference is not None else None

    def expired(self, t: float) -> bool:
        return self.step_started_at is not None and not self.passed and t - self.step_started_at > self.step_s

    def feed(self, landmarks: np.ndarray | None, t: float) -> ChallengeStatus:
        """One frame: the tracked face's landmarks (None when no face is judged in this frame)."""
        if landmarks is not None and self._reference is None:
            self._reference = np.asarray(landmarks, np.float64).reshape(5, 2).copy()
            self.started_at = self.step_started_at = t
            self.milestones += 1
        if landmarks is not None and self._reference is not None and not self.passed and not self.wrong:
            self._judge(self.direction(*parallax(self._reference, landmarks)), t)
        return self.status(t)

    def _judge(self, seen: Step | None, t: float) -> None:
        step = self.steps[self.done]
        again = self.done > 0 and self.steps[self.done - 1] is step  # the same way again: back to the camera first
        if seen is step and (self._armed or not again):
            self._streak, self._wrong_streak = self._streak + 1, 0
            if self._streak >= self.hold:
                self.done, self._streak, self._armed = self.done + 1, 0, False
                self.step_started_at = t
                self.milestones += 1
            return
        self._streak = 0
        if seen is Step.CENTRE:
            self._armed, self._wrong_streak = True, 0
        elif seen is not None and self._armed:
            self._wrong_streak += 1
            if self._wrong_streak >= self.hold:
                self.mistakes, self._wrong_streak, self._armed = self.mistakes + 1, 0, False
                self._late_mistake = self._late_mistake or self.done > 0
        else:
            self._wrong_streak = 0

    def extend(self, t: float, rng: secrets.SystemRandom | None = None, nods: bool = False) -> Step:
        """One more movement, asked before the final "look at the camera" (or after it, with
        "look at the camera" again, when every step is met already): the passive check doubts
        the face, so the challenge asks for more evidence. Drawn like the others (with nods,
        never the movement just before it); the step count shown grows by one."""
        rng = rng or secrets.SystemRandom()
        passed = self.passed
        before = self.steps[-1] if passed else self.steps[-2] if len(self.steps) > 1 else None
        step = rng.choice([s for s in TURNS if s is not before] if nods else [Step.LEFT, Step.RIGHT])
        if passed:
            self.steps = (*self.steps, step, Step.CENTRE)
            self.step_started_at = t  # the new step's deadline runs from now
        else:
            self.steps = (*self.steps[:-1], step, self.steps[-1])
        return step

    @property
    def prompt(self) -> Step | None:
        """What the visitor is asked now: the current step, or "look at the camera" first when
        it turns the same way as the step just met (None once every step is done)."""
        if self.passed:
            return None
        step = self.steps[self.done]
        again = self.done > 0 and self.steps[self.done - 1] is step
        return Step.CENTRE if again and not self._armed else step

    def status(self, t: float) -> ChallengeStatus:
        left = self.step_s if self.step_started_at is None else self.step_s - (t - self.step_started_at)
        step = self.prompt
        return ChallengeStatus(step, self.done, len(self.steps), max(0, int(np.ceil(left))), self.started_at is not None)
