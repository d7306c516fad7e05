"""The steps of setting up face verification, in the order the visitor meets them (rules 3-4).

Qt-free; the UI keeps one :class:`EnrollmentFlow` per visitor session (after claim + PIN)::

    flow = EnrollmentFlow(kiosk, "M003")          # raises FaceNotAllowedError when not offered
    if flow.needs_age_question: flow.declare_age(fourteen_or_older=False)   # asked first
    if flow.needs_guardian: flow.guardian_by_member("M004", "1234")   # or guardian_by_staff(...)
    notice = flow.show_notice("zh_CN")            # the exact text on screen (versioned, hashed);
                                                  # for a child it speaks to the parent
    flow.agree()                                  # "I agree": nothing is stored yet
    flow.check_ready()                            # before the camera opens
    receipt = kiosk.ops.complete_enrollment(kiosk, flow, encodings)   # consent + template, or nothing

Nothing is written before :func:`kiosk.ops.enroll_with_consent`, the one enrollment path (the
UI, the command line and the demo): it stores the consent record (member, notice version and
hash, self or guardian, guardian reference and name, age band, method, language, the time of
agreeing) and the template together. If the face is refused (a duplicate, faces that
disagree), the consent record is kept as proof that the duplicate check ran with consent,
and is marked withdrawn at once: no template depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kiosk.domain.guardian import Guardian, GuardianCheck
from kiosk.domain.notice import Notice, render_notice
from kiosk.domain.proofs import Proof
from kiosk.errors import ConsentError, FaceNotAllowedError, KioskError
from kiosk.policy.site import missing_fields
from kiosk.store.repos import now_iso

if TYPE_CHECKING:

    from kiosk.domain.services import Services


@dataclass(frozen=True)
class EnrollmentReceipt:
    """What the visitor is told after enrolling. No template, no distance."""

    member_no: str
    consent_id: int
    stored: str  # always "face_template": never a photo
    expires: str  # ISO date: the computed deletion date
    given_by: str  # "self" | "guardian"
    guardian_name: str | None
    notice_version: str
    storage: str = "kiosk"  # where the template is: "kiosk" (encrypted database), "pass" or "site" (the site's, sealed)
    pass_code: str | None = None  # pass mode: the sealed code for the member's pass (text of the QR code)
    issued: str | None = None  # pass mode: ISO date the face pass was sealed


@dataclass(frozen=True)
class ConsentDraft:
    """A consent the member (or their guardian) gave on screen, not yet stored."""

    member_no: str
    notice_version: str
    notice_sha256: str
    language: str
    age_band: str  # "14_or_older" | "under_14"
    method: str
    given_at: str
    guardian_ref: str | None = None
    guardian_name: str | None = None

    @property
    def given_by(self) -> str:
        return "guardian" if self.guardian_ref else "self"

    def record(self) -> dict[str, object]:
        """The columns of the consent record."""
        return {"member_no": self.member_no, "notice_version": self.notice_version, "notice_sha256": self.notice_sha256,
                "given_by": self.given_by, "guardian_ref": self.guardian_ref, "guardian_name": self.guardian_name,
                "age_band": self.age_band, "method": self.method, "language": self.language, "given_at": self.given_at}


def notice_in_person(kiosk: "Services", member_no: str, language: str = "en") -> Notice:
    """The notice staff show a member at the desk (or print with 'kiosk notice'), with the
    deletion date of a template enrolled now; consent given in person records its hash."""
    return render_notice(kiosk.settings, member_no, kiosk.faces.expiry_for(member_no), language)


def consent_given_in_person(kiosk: "Services", member_no: str, *, declared_14_or_older: bool | None, method: str,
                            language: str = "en", guardian_ref: str | None = None,
                            guardian_name: str | None = None) -> ConsentDraft:
    """Consent given to staff (command line) or in the demo, on the notice rendered now."""
    band = kiosk.faces.age_band(member_no, declared_14_or_older)
    notice = notice_in_person(kiosk, member_no, language)
    return ConsentDraft(member_no, notice.version, notice.sha256, notice.language, band, method, now_iso(),
                        guardian_ref, guardian_name)


def enrollment_offered(kiosk: "Services", member_no: str) -> bool:
    """Show "Set up face verification (optional)" for this member? (face allowed here, an
    active pass, no face yet, and a site profile that names the operator and a contact)."""
    try:
        EnrollmentFlow(kiosk, member_no)
    except KioskError:
        return False
    return not kiosk.faces.has_face(member_no)


class EnrollmentFlow:
    """One member's path from the notice to the receipt. Holds no biometric data."""

    def __init__(self, kiosk: "Services", member_no: str) -> None:
        kiosk.faces.check_allowed()
        member = kiosk.store.members.get(member_no)
        if member is None or not member.active or member.valid_until < date.today().isoformat():
            raise FaceNotAllowedError(f"Member {member_no} cannot set up face verification.", remedy="Ask staff.")
        lacking = [f for f in missing_fields(kiosk.settings) if f in ("operator_name", "operator_contact")]
        if lacking:
            raise FaceNotAllowedError(
                "The notice cannot name the operator and a contact yet.",
                remedy=f"Staff: fill in {' and '.join(lacking)} in the site profile.",
            )
        self.faces = kiosk.faces  # the flow keeps its collaborators, not the kiosk
        self._settings = lambda: kiosk.settings
        self.member_no = member_no
        self.birth_date_known = bool(member.birth_date)
        s = kiosk.settings
        self.guardians = GuardianCheck(kiosk.store, kiosk.pins, s.pin_max_failures, s.pin_lock_base_s)
        self.notice: Notice | None = None
        self.shown_expiry: str | None = None  # the deletion date named in the notice shown
        self.agreed_at: str | None = None
        self._agreed_notice: Notice | None = None
        self.age_band: str | None = kiosk.faces.age_band(member_no, None) if self.birth_date_known else None
        self.guardian: Guardian | None = None
        self.receipt: EnrollmentReceipt | None = None
        self.proof: Proof | None = None  # issued when the face is enrolled: the visitor is checked in with it

    # -- notice and consent -------------------------------------------------------
    @property
    def expiry(self) -> str:
        return self.faces.expiry_for(self.member_no)

    def show_notice(self, language: str) -> Notice:
        """Render the notice for the screen; call again when the visitor switches language.
        For a child the notice is addressed to the parent or guardian."""
        self.shown_expiry = self.expiry
        self.notice = render_notice(self._settings(), self.member_no, self.shown_expiry, language,
                                    for_guardian=self.is_child is True)
        return self.notice

    def agree(self) -> None:
        """The visitor (for a child: the parent or guardian, who identified first) chose
        "I agree" on the notice they saw. Nothing is stored yet."""
        if self.age_band is None:
            raise ConsentError("The member's age is not known.", remedy="Ask whether the member is 14 or older first.")
        if self.needs_guardian:
            raise ConsentError("A child under 14 cannot consent alone.",
                               remedy="The parent or guardian identifies themselves first.")
        if self.notice is None or self.notice.for_guardian != (self.is_child is True):
            raise ConsentError("The notice was not shown.", remedy="Show the notice first.")
        self._agreed_notice, self.agreed_at = self.notice, now_iso()

    @property
    def agreed(self) -> bool:
        return self._agreed_notice is not None

    # -- age and guardian ------------------------------------------------------------
    @property
    def needs_age_question(self) -> bool:
        return self.age_band is None

    def declare_age(self, fourteen_or_older: bool) -> str:
        if self.birth_date_known and self.age_band is not None:
            return self.age_band  # the birth date wins over a declaration
        self.age_band = self.faces.age_band(self.member_no, fourteen_or_older)
        return self.age_band

    @property
    def is_child(self) -> bool | None:
        return None if self.age_band is None else self.age_band == "under_14"

    @property
    def needs_guardian(self) -> bool:
        return self.is_child is True and self.guardian is None

    def guardian_by_member(self, guardian_no: str, pin: str) -> Guardian:
        """The parent or guardian identifies themselves, before the notice and their answer."""
        self.guardian = self.guardians.by_member(self.member_no, guardian_no, pin)
        return self.guardian

    def guardian_by_staff(self, staff_pin: str, guardian_name: str) -> Guardian:
        self.guardian = self.guardians.by_staff(self.member_no, staff_pin, guardian_name)
        return self.guardian

    # -- capture -------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.agreed and self.age_band is not None and not self.needs_guardian

    def check_ready(self) -> None:
        """Raise :class:`ConsentError` unless the camera may open for this enrollment."""
        if self.age_band is None:
            raise ConsentError("The member's age is not known.", remedy="Ask whether the member is 14 or older.")
        if self.needs_guardian:
            raise ConsentError(
                "A child under 14 cannot consent alone.", remedy="A parent or guardian identifies themselves and consents."
            )
        if not self.agreed:
            raise ConsentError("Consent was not given.", remedy="Show the notice and ask.")

    def draft(self) -> ConsentDraft:
        """The consent as agreed on screen, for :func:`kiosk.ops.enroll_with_consent`."""
        self.check_ready()
        notice, g = self._agreed_notice, self.guardian
        assert notice is not None and self.age_band is not None and self.agreed_at is not None
        return ConsentDraft(self.member_no, notice.version, notice.sha256, notice.language, self.age_band,
                            g.method if g else "kiosk", self.agreed_at, g.ref if g else None, g.name if g else None)
