"""Inactivity: when to ask "Are you still there?" and when to start over (Qt-free).

A visitor who stops touching the screen is first asked, with a countdown, whether they are
still there; only when the countdown runs out is the session wiped. Reading screens (the
notice, the consent, My data...) get a longer limit than keypads. While the camera is
guiding a face (or reading a pass) nothing times out: the camera step has its own visible
countdown. The result screen has its own countdown to the start, and the welcome and staff
screens have no visitor to forget.

The window asks :meth:`IdleWatch.check` a few times a second and shows what it says; tests
drive the watch with a fake clock.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from enum import Enum
from typing import Callable

from kiosk.domain.session import State

#: screens with a page of text to read or a decision to make: the longer limit
READING_STATES = frozenset({State.NOTICE, State.CONSENT, State.AGE, State.GUARDIAN, State.RECEIPT,
                            State.MY_DATA, State.MY_DATA_DELETED, State.ASK_STAFF})
#: screens with no idle limit: nobody to forget, or a countdown of their own
NO_LIMIT_STATES = frozenset({State.WELCOME, State.STAFF, State.PASSED})


class Phase(str, Enum):
    OFF = "off"  # no limit on this screen, or the camera is guiding
    ACTIVE = "active"  # the visitor is there
    ASKING = "asking"  # "Are you still there?" with a countdown
    EXPIRED = "expired"  # start over: wipe the session


@dataclass(frozen=True)
class IdleLimits:
    normal_s: float = 30.0
    reading_s: float = 120.0
    prompt_s: float = 20.0

    @classmethod
    def from_settings(cls, settings) -> "IdleLimits":
        normal = float(settings.inactivity_s)
        return cls(normal, max(normal, float(settings.reading_inactivity_s)), float(settings.still_there_s))

    def limit_for(self, state: State) -> float | None:
        if state in NO_LIMIT_STATES:
            return None
        return self.reading_s if state in READING_STATES else self.normal_s


@dataclass(frozen=True)
class IdleStatus:
    phase: Phase
    seconds_left: int = 0  # ASKING: until the start over; ACTIVE: until the question


class IdleWatch:
    def __init__(self, limits: IdleLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.state = State.WELCOME
        self.last = clock()
        self.asked_at: float | None = None  # when "Are you still there?" was first shown

    def enter(self, state: State) -> None:
        """A new screen: its own limit, counted from now."""
        self.state = state
        self.touch()

    def touch(self) -> None:
        """The visitor touched the screen (or answered "I'm still here")."""
        self.last = self.clock()
        self.asked_at = None

    def check(self, guiding: bool = False) -> IdleStatus:
        """``guiding``: the camera is guiding a face or reading a pass right now."""
        limit = self.limits.limit_for(self.state)
        if limit is None or guiding:
            self.touch()  # when the camera stops, the visitor gets the full limit again
            return IdleStatus(Phase.OFF)
        now = self.clock()
        idle = now - self.last
        if idle < limit:
            return IdleStatus(Phase.ACTIVE, math.ceil(limit - idle))
        if self.asked_at is None:  # the question is shown from now on, with its whole countdown, even
            self.asked_at = now     # when this check comes late (a busy machine): nobody is wiped unasked
        waited = now - self.asked_at
        if waited < self.limits.prompt_s:
            return IdleStatus(Phase.ASKING, math.ceil(self.limits.prompt_s - waited))
        return IdleStatus(Phase.EXPIRED)
