"""What a visitor's screens record besides checks and enrollment: a call for staff, a refused
liveness check, the face tries used up; and what they read: how PIN entry stands and My data
(Qt-free).

Each write commits with its audit record and its staff alert, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.audit_events import AuditEvent
from kiosk.domain import mydata
from kiosk.domain.alerts import Alert, AlertKind, AlertNote, face_tries_used_up, raise_alert
from kiosk.domain.proofs import Proof
from kiosk.help_notify import HelpNotifier, NotifyResult
from kiosk.liveness.challenge import Refusal
from kiosk.liveness.record import record_refusal
from kiosk.ops.auth import Action, Actor, authorise, authorise_own

if TYPE_CHECKING:
    from kiosk.core import Kiosk


def ask_staff(kiosk: "Kiosk", actor: Actor, screen: str) -> Alert:
    """The visitor asked for help on ``screen``: an alert on the staff dashboard (not just a
    log line) and its ``staff_help_requested`` record, together."""
    authorise(actor, Action.ASK_STAFF)
    with kiosk.store.transaction():
        kiosk.store.audit.append(AuditEvent.STAFF_HELP_REQUESTED, actor.name, actor.member_no, screen=screen)
        return raise_alert(kiosk.store, AlertKind.HELP_REQUESTED, member_no=actor.member_no,
                           note=AlertNote.asked_on(screen), actor=actor.name)


def notify_help(kiosk: "Kiosk", actor: Actor, screen: str, alert_id: int | None, **notifier_options) -> NotifyResult:
    """The help request also goes out through the configured notification (a command or a
    POST, for a pager or a chat bridge): where help is needed, never who. Audited; never
    raises for a notification that fails (the result says so). Slow: run it off the
    database's executor."""
    authorise(actor, Action.ASK_STAFF)
    return HelpNotifier(kiosk.store, lambda: kiosk.settings, **notifier_options).send(screen, alert_id, actor.name)


class FaceFlow(Enum):
    VERIFY = "verify"
    ENROLL = "enroll"

    @property
    def action(self) -> Action:
        """What the actor must be allowed to do for a face step of this flow."""
        return Action.FACE_ATTEMPT if self is FaceFlow.VERIFY else Action.ENROLL_FACE


def record_liveness_refusal(kiosk: "Kiosk", actor: Actor, member_no: str, flow: FaceFlow,
                            refusal: Refusal | str) -> None:
    """A face step's liveness check refused: audited (flow and reason, no score, no image) with
    its staff alert."""
    authorise(actor, flow.action, member_no)
    record_refusal(kiosk.store, member_no, flow.value, refusal, actor=actor.name)


def report_face_tries_used(kiosk: "Kiosk", actor: Actor, member_no: str) -> Alert:
    """The visitor used up this visit's face tries: said on the one alert that carries the
    tries (no second alert)."""
    authorise(actor, Action.FACE_ATTEMPT, member_no)
    return face_tries_used_up(kiosk.store, member_no, actor=actor.name)


@dataclass(frozen=True)
class PinStatus:
    tries_left: int  # wrong PINs before entry pauses (0 once a pause has happened)
    seconds_locked: float  # > 0 while entry is paused


def pin_status(kiosk: "Kiosk", actor: Actor, member_no: str) -> PinStatus:
    authorise(actor, Action.VERIFY_PIN, member_no)
    with kiosk.store.transaction():  # one consistent view
        _, failures, _ = kiosk.store.members.pin_state(member_no)
        return PinStatus(max(0, kiosk.pins.max_failures - failures), kiosk.pins.seconds_locked(member_no))


def my_data(kiosk: "Kiosk", actor: Actor, member_no: str, pass_code: str | None = None,
            proof: Proof | None = None) -> mydata.MyData:
    """Everything stored about the member (after claim + PIN), read in one consistent view.
    ``pass_code``: in pass mode, the face pass shown at the claim; it names the member but
    proves nothing. A visitor needs ``proof``, the unlapsed proof of this member that their
    PIN brought (:func:`kiosk.ops.verify_by_pin`)."""
    authorise_own(actor, Action.VIEW_OWN_DATA, member_no, kiosk.proofs, proof)
    with kiosk.store.transaction():
        return mydata.my_data(kiosk, member_no, pass_code)
