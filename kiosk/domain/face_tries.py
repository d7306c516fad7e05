"""Face tries, bounded per member whatever the route (Qt-free).

Every face try that ends without a pass counts against the claimed member: a no-match, a
refused liveness check, a timeout, and a face step left before it ended (Back, Help, Start
over, "Use my PIN instead", the inactivity timeout, Ctrl-C on the command line). The count
is a stored :class:`~kiosk.domain.throttle.Throttle` keyed by member number, so it holds
for the kiosk's screen, ``kiosk verify`` (photos or ``--camera``) and pass mode alike, and
survives a new claim and a restart. A second throttle counts the same failures across the
kiosk. The PIN is never affected (rule 11: whoever cannot pass liveness uses the PIN).

A try is opened by :meth:`FaceTries.begin` before the camera starts and closed with its
outcome. A try that was opened and never closed (the process was killed) is counted as
abandoned the next time a try for that member begins.

Staff hear of failed tries on one alert per visitor that carries them
(:func:`kiosk.domain.alerts.face_try_failed`), not one alert per try.

Audited: ``face_try_failed`` (the reason: ``no_match``, ``liveness:<refusal>``, ``timeout``,
``abandoned``) and ``face_paused`` when a pause starts (per member, or kiosk-wide with no
subject). The counts live in the store behind its repository layer, never in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable

from kiosk.audit_events import AuditEvent
from kiosk.config import Settings
from kiosk.domain.alerts import face_try_failed
from kiosk.domain.throttle import Throttle
from kiosk.errors import FacePausedError
from kiosk.store.db import Store

_OPEN = "face_try_open:"  # meta key prefix: a try that began and has not ended yet


class TryEnd(Enum):
    """How a face try ended."""

    MATCH = "match"
    NO_MATCH = "no_match"
    LIVENESS = "liveness"  # the liveness check refused (the refusal code goes with it)
    TIMEOUT = "timeout"
    ABANDONED = "abandoned"  # the visitor left the face step before it ended
    INTERRUPTED = "interrupted"  # the camera or the engine failed: not the visitor's try, not counted

    @property
    def counted(self) -> bool:
        return self not in (TryEnd.MATCH, TryEnd.INTERRUPTED)


def failure_reason(end: TryEnd, refusal: str | None = None) -> str:
    """The audited reason: ``no_match``, ``liveness:<refusal>``, ``timeout`` or ``abandoned``."""
    if end is TryEnd.LIVENESS:
        return f"liveness:{refusal or 'refused'}"
    return end.value


@dataclass(frozen=True)
class TryCount:
    """What a finished try did to the count (no score, no distance)."""

    member_no: str
    end: TryEnd
    failures: int  # counted failures of this member in the current window
    seconds_paused: float  # > 0: face checks for this member are paused now


class FaceTries:
    """The stored face-try count of each member and of the kiosk."""

    #: the per-member window, and the kiosk-wide one
    WINDOW_S = 3600
    KIOSK_WINDOW_S = 600

    def __init__(self, store: Store, settings: Callable[[], Settings], clock: Callable[[], float]) -> None:
        self.store = store
        self._settings = settings
        self.clock = clock

    def limit(self) -> int:
        """Counted failures of one member before face checks pause (twice a visit's retries)."""
        return 2 * self._settings().face_retries

    def member(self, member_no: str) -> Throttle:
        s = self._settings()
        return Throttle(self.store, f"face_throttle:{member_no}", self.limit(), s.pin_lock_base_s, self.WINDOW_S,
                        self.clock)

    def kiosk(self) -> Throttle:
        s = self._settings()
        return Throttle(self.store, "face_kiosk_throttle", 10 * s.face_retries, s.pin_lock_base_s,
                        self.KIOSK_WINDOW_S, self.clock)

    def seconds_paused(self, member_no: str) -> float:
        """Seconds until this member may try their face again (0: now)."""
        return max(self.member(member_no).seconds_locked(), self.kiosk().seconds_locked())

    def refuse_if_paused(self, member_no: str) -> None:
        """:class:`FacePausedError` while this member's (or the kiosk's) face checks are paused."""
        member, kiosk = self.member(member_no).seconds_locked(), self.kiosk().seconds_locked()
        if member > 0 or kiosk > 0:
            raise FacePausedError(max(member, kiosk), member_no if member >= kiosk else None)

    # -- one try ---------------------------------------------------------------------
    def begin(self, member_no: str, actor: str = "visitor") -> float:
        """Open a try before the camera starts. A try of this member that began earlier and
        never ended counts as abandoned first. Returns the seconds face checks stay paused:
        0 when the try is open, else nothing was opened (the caller refuses, after the
        abandoned try's count has been committed)."""
        with self.store.transaction():
            if self.is_open(member_no):
                self.store.meta.set(_OPEN + member_no, "")
                self._count(member_no, TryEnd.ABANDONED, None, actor)
            paused = self.seconds_paused(member_no)
            if paused <= 0:
                self.store.meta.set(_OPEN + member_no, str(self.clock()))
            return paused

    def is_open(self, member_no: str) -> bool:
        return bool(self.store.meta.get(_OPEN + member_no))

    def end(self, member_no: str, end: TryEnd, refusal: str | None = None, actor: str = "visitor") -> TryCount:
        """Close the try with its outcome: a match clears this member's count, a failure is
        counted and audited (with the pause it starts), an interruption counts nothing."""
        with self.store.transaction():
            if self.store.meta.get(_OPEN + member_no):
                self.store.meta.set(_OPEN + member_no, "")
            if end is TryEnd.MATCH:
                self.member(member_no).reset()
            elif end.counted:
                self._count(member_no, end, refusal, actor)
            return TryCount(member_no, end, self.member(member_no).failures(), self.seconds_paused(member_no))

    def _count(self, member_no: str, end: TryEnd, refusal: str | None, actor: str) -> None:
        member_throttle, kiosk_throttle = self.member(member_no), self.kiosk()
        delay, kiosk_delay = member_throttle.failed(), kiosk_throttle.failed()
        failures = member_throttle.failures()
        reason = failure_reason(end, refusal)
        self.store.audit.append(AuditEvent.FACE_TRY_FAILED, actor, member_no, reason=reason, failures=failures)
        face_try_failed(self.store, member_no, reason, actor=actor)  # one alert per visitor, carrying the tries
        if delay:
            self.store.audit.append(AuditEvent.FACE_PAUSED, actor, member_no, seconds=delay, failures=failures)
        if kiosk_delay:
            self.store.audit.append(AuditEvent.FACE_PAUSED, actor, None, seconds=kiosk_delay, failures=kiosk_throttle.failures(),
                                    scope="kiosk")
