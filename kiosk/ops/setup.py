"""The steps of setting up face before the camera opens: start, age, the parent or guardian,
the notice and the answer (Qt-free).

Each step acts for the member the visitor claimed and proved with their PIN, on that member's
:class:`~kiosk.domain.consent.EnrollmentFlow` (kept in the visitor's session; it holds no
biometric data). Only identifying a guardian writes: its ``guardian_identified`` record, or
a wrong PIN counted against the guardian's (or the staff pad's) lockout. A wrong PIN is
committed before it is raised, so no retry starts from a clean count. Nothing else is stored
before :func:`kiosk.ops.enroll_with_consent`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.domain.consent import ConsentDraft, EnrollmentFlow, consent_given_in_person, notice_in_person
from kiosk.domain.notice import Notice
from kiosk.errors import PinError
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.policy.consent import AGE_OF_CONSENT, AgeBand  # noqa: F401 (re-exported by kiosk.ops)

if TYPE_CHECKING:
    from kiosk.core import Kiosk


def start_enrollment(kiosk: "Kiosk", actor: Actor, member_no: str) -> EnrollmentFlow:
    """The member's set-up flow. Raises FaceNotAllowedError where face cannot be set up."""
    authorise(actor, Action.ENROLL_FACE, member_no)
    with kiosk.store.transaction():  # one consistent view
        return EnrollmentFlow(kiosk, member_no)


@dataclass(frozen=True)
class AgeResult:
    member_no: str
    band: AgeBand  # the birth date on file wins over the answer
    needs_guardian: bool


def declare_age(kiosk: "Kiosk", actor: Actor, flow: EnrollmentFlow, fourteen_or_older: bool) -> AgeResult:
    authorise(actor, Action.ENROLL_FACE, flow.member_no)
    with kiosk.store.transaction():
        band = AgeBand(flow.declare_age(fourteen_or_older))
    return AgeResult(flow.member_no, band, flow.needs_guardian)


@dataclass(frozen=True)
class GuardianByMember:
    """The parent or guardian's own member number and PIN."""

    member_no: str
    pin: str


@dataclass(frozen=True)
class GuardianByStaff:
    """A member of staff checked the guardian at the desk: their staff PIN and the guardian's name."""

    staff_pin: str
    name: str


class GuardianVia(Enum):
    MEMBER = "member"
    STAFF = "staff"


@dataclass(frozen=True)
class GuardianResult:
    """Who identified for the child: a reference and a name, never a PIN."""

    member_no: str  # the child's
    via: GuardianVia
    ref: str  # ``member:<no>`` or ``staff:<id>``
    name: str


def identify_guardian(kiosk: "Kiosk", actor: Actor, flow: EnrollmentFlow,
                      claim: GuardianByMember | GuardianByStaff) -> GuardianResult:
    """The parent or guardian identifies themselves, with their own PIN or a staff PIN (each
    with its lockout), audited as ``guardian_identified``. A wrong PIN raises PinError after
    its count has been committed; a locked PIN raises LockedOutError."""
    authorise(actor, Action.ENROLL_FACE, flow.member_no)
    wrong: PinError | None = None
    with kiosk.store.transaction():
        try:
            if isinstance(claim, GuardianByMember):
                guardian = flow.guardian_by_member(claim.member_no, claim.pin)
            else:
                guardian = flow.guardian_by_staff(claim.staff_pin, claim.name)
        except PinError as exc:  # counted: keep the count, then refuse
            wrong = exc
    if wrong is not None:
        raise wrong
    return GuardianResult(flow.member_no, GuardianVia(guardian.via), guardian.ref, guardian.name)


def show_notice(kiosk: "Kiosk", actor: Actor, flow: EnrollmentFlow, language: str) -> Notice:
    """The notice as shown on screen in ``language`` (for a child: addressed to the parent or
    guardian); the consent records its version and hash."""
    authorise(actor, Action.ENROLL_FACE, flow.member_no)
    with kiosk.store.transaction():  # one consistent view
        return flow.show_notice(language)


def notice_at_desk(kiosk: "Kiosk", actor: Actor, member_no: str, language: str) -> Notice:
    """The notice that staff show or print for a member at the desk before enrolling from photos
    (consent given in person records its version and hash)."""
    authorise(actor, Action.ENROLL_FACE, member_no)
    with kiosk.store.transaction():  # one consistent view
        return notice_in_person(kiosk, member_no, language)


def consent_in_person(kiosk: "Kiosk", actor: Actor, member_no: str, *, declared_14_or_older: bool | None,
                      method: str, language: str = "en", guardian_ref: str | None = None,
                      guardian_name: str | None = None) -> ConsentDraft:
    """Consent the member (or for a child, the parent or guardian) gave to staff on the notice
    rendered now (:func:`notice_at_desk`). Nothing is stored until :func:`kiosk.ops.enroll_with_consent`."""
    authorise(actor, Action.ENROLL_FACE, member_no)
    with kiosk.store.transaction():  # one consistent view
        return consent_given_in_person(kiosk, member_no, declared_14_or_older=declared_14_or_older, method=method,
                                       language=language, guardian_ref=guardian_ref, guardian_name=guardian_name)


def agree_to_notice(kiosk: "Kiosk", actor: Actor, flow: EnrollmentFlow) -> None:
    """"I agree" on the notice shown. Nothing is stored until the face is captured."""
    authorise(actor, Action.ENROLL_FACE, flow.member_no)
    flow.agree()
