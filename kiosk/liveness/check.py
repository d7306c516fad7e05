"""The liveness check the capture pipeline consults, frame by frame (no Qt).

It combines, as the ``liveness`` setting says (off / passive / challenge / both), the passive
check judged over several frames (:mod:`kiosk.liveness.passive`) and the head-turn challenge
on one tracked face (:mod:`kiosk.liveness.challenge`). The pipeline feeds every frame's
detected faces; the check says pending, passed or refused (with a :class:`Refusal`). A
face step passes only when the face matches *and* the check has passed. The statuses carry
no scores, landmarks or frames.

The passive check weighs in rather than deciding alone: its mean score refuses only under the
site's threshold (calibrated so that about 5 % of genuine faces fall under it); a doubtful
score (under :data:`~kiosk.liveness.passive.DOUBT`) makes the challenge ask one more turn.
With no challenge to weigh it against (``liveness passive``), a doubtful score refuses.

With the challenge, every frame of the followed face is also checked for cuts (the landmarks
may move only as fast as a head, :class:`~kiosk.liveness.motion.Continuity`), and
:attr:`LivenessCheck.milestones` counts the frames whose identity the pipeline must check:
the challenge's first frame and the frame on which each step is met, so that the face that
passes liveness is the face that matches.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, Sequence

import numpy as np

from kiosk.biometrics.engine import Box
from kiosk.config import Settings
from kiosk.liveness.challenge import Challenge, ChallengeStatus, FaceTrack, Refusal, random_steps
from kiosk.liveness.motion import Continuity
from kiosk.liveness.passive import PassiveJudge, PassiveModel, PassiveVerdict


class LiveFace(Protocol):
    @property
    def box(self) -> Box: ...

    @property
    def landmarks(self) -> np.ndarray: ...  # (5, 2) float32, YuNet order


class LiveState(str, Enum):
    PENDING = "pending"
    PASSED = "passed"
    REFUSED = "refused"


@dataclass(frozen=True)
class LivenessStatus:
    state: LiveState
    refusal: Refusal | None = None
    challenge: ChallengeStatus | None = None  # None when the mode has no challenge


def uses_passive(mode: str) -> bool:
    return mode in ("passive", "both")


def uses_challenge(mode: str) -> bool:
    return mode in ("challenge", "both")


class LivenessCheck:
    """One check per capture run (not thread-safe: the pipeline's loop thread calls it)."""

    def __init__(self, passive: PassiveJudge | None, challenge: Challenge | None, track: FaceTrack | None = None,
                 continuity: Continuity | None = None, rng: secrets.SystemRandom | None = None,
                 nods: bool = False) -> None:
        if passive is None and challenge is None:
            raise ValueError("a liveness check needs the passive check, the challenge or both")
        self.passive, self.challenge = passive, challenge
        self.track = track or FaceTrack()
        self.continuity = continuity or Continuity()
        self._refusal: Refusal | None = None
        self._passive_live: bool | None = None
        self._rng, self._nods = rng, nods  # for the turn a doubtful passive score adds

    @classmethod
    def from_settings(
        cls, settings: Settings, model: PassiveModel | None, rng: secrets.SystemRandom | None = None
    ) -> "LivenessCheck | None":
        """The check the settings ask for, or None when ``liveness`` is off."""
        mode = settings.liveness
        if mode == "off":
            return None
        passive = None
        if uses_passive(mode):
            if model is None:
                raise ValueError("the passive check needs its model")
            passive = PassiveJudge(model, settings.liveness_passive_threshold, settings.liveness_passive_frames)
        challenge = None
        if uses_challenge(mode):
            challenge = Challenge(random_steps(rng, nods=settings.liveness_nods), turn=settings.liveness_turn,
                                  step_s=settings.liveness_challenge_s, nods=settings.liveness_nods)
        return cls(passive, challenge, rng=rng, nods=settings.liveness_nods)

    @property
    def state(self) -> LiveState:
        if self._refusal is not None:
            return LiveState.REFUSED
        challenge_ok = self.challenge is None or self.challenge.passed
        passive_ok = self.passive is None or self._passive_live is True
        return LiveState.PASSED if challenge_ok and passive_ok else LiveState.PENDING

    @property
    def running(self) -> bool:
        """The challenge has started and is still pending: its step deadlines bound it."""
        return self.challenge is not None and self.challenge.started_at is not None and self.state is LiveState.PENDING

    @property
    def milestones(self) -> int:
        """How many frames so far must have their identity checked (0 without the challenge)."""
        return self.challenge.milestones if self.challenge is not None else 0

    def status(self, t: float) -> LivenessStatus:
        ch = self.challenge.status(t) if self.challenge is not None else None
        return LivenessStatus(self.state, self._refusal, ch)

    def observe(self, frame_bgr: np.ndarray, faces: Sequence[LiveFace], gate_ok: bool, t: float) -> LivenessStatus:
        """Feed one frame's faces (``gate_ok``: the quality gate accepted the frame)."""
        if self.state is not LiveState.PENDING:
            return self.status(t)
        if len(faces) > 1:  # rule 8: pause while someone else is in view; nothing is judged
            self.track.follow([f.box for f in faces], t)
            if self.challenge is not None:
                followed = [f for f in faces if f.box == self.track.box and self.track.seen_at == t]
                lm = followed[0].landmarks if followed else None
                if lm is not None and not self.continuity.update(lm, t, self.challenge.cue(lm)):  # no swap behind a crowd
                    self._refusal = Refusal.JUMP
                    return self.status(t)
                self.challenge.feed(None, t)
                if self.challenge.expired(t):
                    self._refusal = Refusal.SECOND_FACE
            return self.status(t)
        refusal = self.track.update([f.box for f in faces], t)
        if refusal is not None:
            self._refusal = refusal
            return self.status(t)
        face = faces[0] if faces else None
        if self.challenge is not None:
            if face is not None and not self.continuity.update(face.landmarks, t, self.challenge.cue(face.landmarks)):
                self._refusal = Refusal.JUMP
                return self.status(t)
            self.challenge.feed(face.landmarks if face is not None else None, t)
            if self.challenge.wrong:
                self._refusal = Refusal.WRONG_TURN
                return self.status(t)
            if self.challenge.expired(t):
                self._refusal = Refusal.TIMEOUT
                return self.status(t)
        if self.passive is not None and face is not None and gate_ok and self._passive_live is None:
            verdict = self.passive.add(frame_bgr, face.box)
            if verdict.live is not None:
                self._weigh(verdict, t)
        return self.status(t)

    def _weigh(self, verdict: PassiveVerdict, t: float) -> None:
        """The passive verdict, weighed: under the threshold it refuses; a doubtful score asks the
        challenge for one more turn (alone, with no challenge to weigh it against, it refuses)."""
        if verdict.live and verdict.doubtful and self.challenge is not None:
            self.challenge.extend(t, self._rng, self._nods)
        self._passive_live = bool(verdict.live) and (not verdict.doubtful or self.challenge is not None)
        if not self._passive_live:
            self._refusal = Refusal.PASSIVE
