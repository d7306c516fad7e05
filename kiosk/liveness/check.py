"""The liveness check the capture pipeline consults, frame by frame (no Qt).

It combines, as the ``liveness`` setting says (off / passive / challenge / both), the passive
check judged over several frames (:mod:`kiosk.liveness.passive`) and the head-turn challenge
on one tracked face (:mod:`kiosk.liveness.challenge`). The pipeline feeds every frame's
detected faces; the check says pending, passed or refused (with a :class:`Refusal`). A
face step passes only when the face matches *and* the check has passed. The statuses carry
no scores, landmarks or frames.

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
from kiosk.liveness.passive import PassiveJudge, PassiveModel


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
                 continuity: Continuity | None = None) -> None:
        if passive is None and challenge is None:
            raise ValueError("a liveness check needs the passive check, the challenge or both")
        self.passive, self.challenge = passive, challenge
        self.track = track or FaceTrack()
        self.continuity = continuity or Continuity()
        self._refusal: Refusal | None = None
        self._passive_live: bool | None = None

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
                                  step_s=settings.liveness_challenge_s)
        return cls(passive, challenge)

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
                if followed and not self.continuity.update(followed[0].landmarks, t):  # no swap behind a crowd
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
            if face is not None and not self.continuity.update(face.landmarks, t):
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
            self._passive_live = self.passive.add(frame_bgr, face.box).live
            if self._passive_live is False:
                self._refusal = Refusal.PASSIVE
        return self.status(t)
