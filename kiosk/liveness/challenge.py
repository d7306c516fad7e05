"""Active liveness challenge: a short random sequence of head turns, judged from 5 landmarks.

The cue is parallax. With the eyes at ``e1, e2`` and the nose tip at ``n``, the nose's offset
along the eye line, in eye distances, is about 0 for a frontal face and about +/-0.2 to 0.3
for a real head turned to one side. A flat photo turned or tilted in front of the camera
shrinks or shears the eye line and the nose offset together, so the offset stays where the
photo has it: it cannot answer both "left" and "right". The order of the turns is drawn
afresh every time (``secrets``), so a recording does not follow it.

:class:`FaceTrack` keeps the challenge on one face: the face lost (gone for longer than
``lost_s``, or replaced by one elsewhere in the picture) refuses. A second face in view pauses
the challenge (rule 8: the visitor is asked to be alone) while the track keeps following the
face it started with; the time limit keeps running, and a challenge that runs out of time
while the picture is crowded is refused as ``SECOND_FACE``. Landmarks are used in memory for
the frame at hand; nothing is stored (rule 5).

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


class Step(str, Enum):
    LEFT = "left"  # the visitor's left: the nose moves to the camera image's right
    RIGHT = "right"
    CENTRE = "centre"  # look at the camera


class Refusal(str, Enum):
    """Why a liveness check did not succeed (audited; shown to the visitor without blame)."""

    TIMEOUT = "timeout"  # the challenge was not completed in time
    FACE_LOST = "face_lost"
    SECOND_FACE = "second_face"
    PASSIVE = "passive"  # the passive check's mean score stayed under the threshold


def yaw_cue(landmarks: np.ndarray) -> float:
    """The nose tip's offset from the eyes' midpoint along the eye line, in eye distances
    (positive: the nose lies towards the image's right, the visitor's left)."""
    lm = np.asarray(landmarks, np.float64).reshape(5, 2)
    eye_r, eye_l, nose = lm[0], lm[1], lm[2]
    axis = eye_l - eye_r
    dist = float(np.hypot(*axis))
    if dist < 1e-6:
        return 0.0
    return float(np.dot(nose - (eye_r + eye_l) / 2, axis) / (dist * dist))


def random_steps(rng: secrets.SystemRandom | None = None) -> tuple[Step, ...]:
    """Both turns in a random order, then "look at the camera" (for the frames that are matched)."""
    turns = [Step.LEFT, Step.RIGHT]
    (rng or secrets.SystemRandom()).shuffle(turns)
    return (*turns, Step.CENTRE)


def _centre_size(box: Box) -> tuple[float, float, float]:
    top, right, bottom, left = box
    return (left + right) / 2, (top + bottom) / 2, float(max(1, right - left))


class FaceTrack:
    """One face followed from frame to frame. ``update`` returns a Refusal or None."""

    def __init__(self, lost_s: float = 0.7, max_jump: float = 0.6) -> None:
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
    """What the screen shows: the current prompt and the progress. No landmarks, no cue values."""

    step: Step | None  # None once every step is done
    done: int
    total: int
    seconds_left: int


class Challenge:
    """The steps in order; each is met when the cue holds for ``hold`` frames in a row.
    The time limit runs from the first frame with a face."""

    def __init__(self, steps: Sequence[Step], *, turn: float = 0.15, time_limit_s: float = 10.0, hold: int = 2) -> None:
        self.steps, self.turn, self.time_limit_s, self.hold = tuple(steps), turn, time_limit_s, hold
        self.done = 0
        self._streak = 0
        self.started_at: float | None = None

    @property
    def passed(self) -> bool:
        return self.done >= len(self.steps)

    def _meets(self, step: Step, cue: float) -> bool:
        if step is Step.LEFT:
            return cue >= self.turn
        if step is Step.RIGHT:
            return cue <= -self.turn
        return abs(cue) <= self.turn / 2

    def expired(self, t: float) -> bool:
        return self.started_at is not None and not self.passed and t - self.started_at > self.time_limit_s

    def feed(self, landmarks: np.ndarray | None, t: float) -> ChallengeStatus:
        """One frame: the tracked face's landmarks (None when no face is in this frame)."""
        if landmarks is not None and self.started_at is None:
            self.started_at = t
        if landmarks is not None and not self.passed:
            if self._meets(self.steps[self.done], yaw_cue(landmarks)):
                self._streak += 1
                if self._streak >= self.hold:
                    self.done, self._streak = self.done + 1, 0
            else:
                self._streak = 0
        return self.status(t)

    def status(self, t: float) -> ChallengeStatus:
        left = self.time_limit_s if self.started_at is None else self.time_limit_s - (t - self.started_at)
        step = None if self.passed else self.steps[self.done]
        return ChallengeStatus(step, self.done, len(self.steps), max(0, int(np.ceil(left))))
