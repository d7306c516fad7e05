"""Member operations: PIN verification, PIN reset and unlock, search, activation, import."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.audit_events import AuditEvent
from kiosk.domain import members as domain
from kiosk.domain.proofs import Proof, ProofMethod
from kiosk.errors import LockedOutError, NotFoundError
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.core import Kiosk


class PinOutcome(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # counted; ``seconds_locked`` > 0 when this try started a lockout
    LOCKED = "locked"  # refused unchecked: entry was already locked


@dataclass(frozen=True)
class PinResult:
    member_no: str
    outcome: PinOutcome
    seconds_locked: float = 0.0  # > 0 while further tries are refused
    proof: Proof | None = None  # accepted: the visitor proved to be this member (for check-in, set-up, My data)

    @property
    def accepted(self) -> bool:
        return self.outcome is PinOutcome.ACCEPTED


def verify_by_pin(kiosk: "Kiosk", actor: Actor, member_no: str, pin: str, *, check_in: bool = True) -> PinResult:
    """Check a member's PIN (lockout stored, so restarts keep it). With ``check_in`` (the
    visitor checks in, rather than proving who they are to set up face or see their data)
    the verification is audited; a refused PIN is audited either way (``pin_refused`` when
    it is not a check-in, or entry is paused), so My data lists it. An accepted PIN brings a
    proof of this member, and only of this member."""
    authorise(actor, Action.VERIFY_PIN, member_no)
    if kiosk.store.members.get(member_no) is None:
        raise NotFoundError(f"No member {member_no}.", remedy="Check the number or import the membership list.")
    attempt = kiosk.pins.attempt(member_no, pin)  # argon2, with no lock of the store held
    with kiosk.store.transaction():
        try:
            ok = kiosk.pins.settle(attempt)
        except LockedOutError as exc:  # refused unchecked: on the member's record all the same (My data)
            kiosk.store.audit.append(AuditEvent.PIN_REFUSED, actor.name, member_no, reason="paused", check_in=check_in)
            return PinResult(member_no, PinOutcome.LOCKED, exc.seconds_left)
        if check_in:
            kiosk.faces.record_verification(member_no, ok, "pin", actor.name)
        elif not ok:  # proving who they are (set up face, My data): a wrong PIN is an attempt too
            kiosk.store.audit.append(AuditEvent.PIN_REFUSED, actor.name, member_no, reason="wrong", check_in=False)
        locked = 0.0 if ok else kiosk.pins.seconds_locked(member_no)
    if ok:
        return PinResult(member_no, PinOutcome.ACCEPTED, proof=kiosk.proofs.issue(member_no, ProofMethod.PIN,
                                                                                   spent=check_in))
    return PinResult(member_no, PinOutcome.WRONG, locked)


def reset_pin(kiosk: "Kiosk", actor: Actor, member_no: str, pin: str) -> None:
    """Set a new PIN (clears the member's lockout); audited as ``pin_set``."""
    authorise(actor, Action.RESET_PIN, member_no)
    with kiosk.store.transaction():
        kiosk.pins.set(member_no, pin, actor=actor.name)


def unlock_pin(kiosk: "Kiosk", actor: Actor, member_no: str) -> bool:
    """End a member's PIN lockout now (after staff checked who they are). True if it was locked."""
    authorise(actor, Action.UNLOCK_PIN, member_no)
    with kiosk.store.transaction():
        if kiosk.store.members.get(member_no) is None:
            raise NotFoundError(f"No member {member_no}.", remedy="Check the number.")
        was_locked = kiosk.pins.seconds_locked(member_no) > 0
        kiosk.store.members.set_pin_state(member_no, failures=0, locked_until=0)
        kiosk.store.audit.append(AuditEvent.PIN_UNLOCKED, actor.name, member_no, was_locked=was_locked)
    return was_locked


def unlock_face(kiosk: "Kiosk", actor: Actor, member_no: str) -> bool:
    """End the pause of a member's face checks now (after staff checked who they are): the
    member's failed tries are forgotten. True if face checks were paused."""
    authorise(actor, Action.UNLOCK_FACE, member_no)
    with kiosk.store.transaction():
        if kiosk.store.members.get(member_no) is None:
            raise NotFoundError(f"No member {member_no}.", remedy="Check the number.")
        throttle = kiosk.faces.tries.member(member_no)
        was_paused = throttle.seconds_locked() > 0
        throttle.reset()
        kiosk.store.audit.append(AuditEvent.FACE_UNPAUSED, actor.name, member_no, was_paused=was_paused)
    return was_paused


def set_member_active(kiosk: "Kiosk", actor: Actor, member_no: str, active: bool) -> None:
    authorise(actor, Action.MANAGE_MEMBERS, member_no)
    with kiosk.store.transaction():
        domain.set_member_active(kiosk.store, member_no, active, actor=actor.name)


@dataclass(frozen=True)
class MemberRow:
    """One row of the members list: whether a template exists, never the template."""

    member_no: str
    display_name: str
    valid_until: str
    active: bool
    has_face: bool
    card_id: str
    has_pin: bool
    pin_locked: bool = False  # wrong PINs locked it; staff may unlock or set a new PIN
    face_paused: bool = False  # failed face tries paused its face checks; staff may end the pause


def search_members(kiosk: "Kiosk", actor: Actor, text: str = "", limit: int = 200) -> list[MemberRow]:
    authorise(actor, Action.SEARCH_MEMBERS)
    store = kiosk.store
    with store.transaction():  # one consistent view
        faces = {r[0] for r in store.query("SELECT member_no FROM face_templates")}
        locked = {r[0] for r in store.query("SELECT member_no FROM members WHERE pin_locked_until > ?",
                                            (kiosk.pins.clock(),))}
        rows = store.members.search(text.strip(), limit=limit)
        paused = {m.member_no for m in rows if kiosk.faces.tries.member(m.member_no).seconds_locked() > 0}
        return [MemberRow(m.member_no, m.display_name, m.valid_until, m.active, m.member_no in faces, m.card_id or "",
                          m.has_pin, m.member_no in locked, m.member_no in paused) for m in rows]


def count_members(kiosk: "Kiosk", actor: Actor) -> int:
    """How many members the membership list holds (active or not)."""
    authorise(actor, Action.SEARCH_MEMBERS)
    return kiosk.store.members.count()


@dataclass(frozen=True)
class ImportResult:
    count: int


def import_members(kiosk: "Kiosk", actor: Actor, source: Path | bytes | str) -> ImportResult:
    """Import or update members from the site's CSV: every row with its audit record, or none.
    The file is read and checked, and compared with the members already stored, before the
    store is taken: a face check or a check-in at the gate waits only for the writing of the
    new and changed rows, never for the reading of the file."""
    authorise(actor, Action.IMPORT_MEMBERS)
    store = kiosk.store
    rows = domain.read_members(source)
    before = store.version()
    plan = domain.plan_import(rows, store.read_snapshot(store.members.listed))  # on a reader: the store stays free
    with store.transaction():
        unchanged = store.version() == before  # nothing committed since the snapshot: the plan holds
        return ImportResult(domain.import_members(store, plan if unchanged else rows, actor=actor.name))
