"""Who may consent for a child under 14 (rule 4): a parent or guardian who identifies themselves.

Two ways, both recorded with the consent:

* **member**: the guardian's own member number and PIN, checked through
  :meth:`kiosk.domain.members.Pins.check`, so the PIN lockout applies. The guardian must be
  a different, active member with a valid pass, and an adult when the birth date is known.
* **staff-assisted**: a staff member's PIN (:mod:`kiosk.domain.staff`), with
  the guardian's name typed by staff after checking it at the desk.

The result, :class:`Guardian`, carries a reference and a name, never a PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.audit_events import AuditEvent
from kiosk.domain.faces import age_on
from kiosk.domain.members import Pins
from kiosk.errors import (
    ConsentError,
    GuardianNameError,
    GuardianNotAdultError,
    GuardianPassInvalidError,
    GuardianSameAsChildError,
    PinError,
)
from kiosk.store.db import Store

ADULT_AGE = 18
MAX_NAME = 120


@dataclass(frozen=True)
class Guardian:
    """A parent or guardian who identified themselves. ``ref`` is ``member:<no>`` or ``staff:<id>``."""

    ref: str
    name: str
    via: str  # "member" | "staff"

    @property
    def method(self) -> str:
        """The consent record's ``method``."""
        return "kiosk-guardian-pin" if self.via == "member" else "kiosk-staff-check"


class GuardianCheck:
    def __init__(self, store: Store, pins: Pins, staff_max_failures: int = 5, staff_lock_base_s: int = 30) -> None:
        self.store = store
        self.pins = pins
        self.staff_max_failures = staff_max_failures
        self.staff_lock_base_s = staff_lock_base_s

    def by_member(self, child_no: str, guardian_no: str, pin: str) -> Guardian:
        """The guardian's own member number and PIN. Raises :class:`PinError` (wrong PIN or unknown
        number, told apart from neither), :class:`LockedOutError` or a :class:`GuardianError`."""
        guardian_no = guardian_no.strip()
        if guardian_no.casefold() == child_no.casefold():
            raise GuardianSameAsChildError(
                "A child's own pass cannot be used to consent for that child.",
                remedy="The parent or guardian uses their own member number and PIN, or asks staff.",
            )
        member = self.store.members.get(guardian_no)
        if member is None or not member.has_pin:
            raise PinError("That member number and PIN could not be checked.", remedy="Try again or ask staff.")
        if not self.pins.check(guardian_no, pin):
            raise PinError("That member number and PIN could not be checked.", remedy="Try again or ask staff.")
        if not member.active or member.valid_until < date.today().isoformat():
            raise GuardianPassInvalidError(
                f"Pass {guardian_no} is not valid at the moment.", remedy="Ask staff for a staff-assisted check."
            )
        if member.birth_date and age_on(member.birth_date, date.today()) < ADULT_AGE:
            raise GuardianNotAdultError(
                "A parent or guardian is an adult.", remedy="Ask an adult parent or guardian, or ask staff."
            )
        self.store.audit.append(AuditEvent.GUARDIAN_IDENTIFIED, "visitor", child_no, guardian=f"member:{guardian_no}", via="member")
        return Guardian(f"member:{guardian_no}", member.display_name, "member")

    def by_staff(self, child_no: str, staff_pin: str, guardian_name: str) -> Guardian:
        """A staff member checked the guardian at the desk and types their name; the staff PIN
        is checked by the staff PIN pad (with its own lockout)."""
        name = " ".join(guardian_name.split())
        if not 2 <= len(name) <= MAX_NAME:
            raise GuardianNameError(
                "The guardian's name is missing or too long.", remedy=f"Type the full name (up to {MAX_NAME} characters)."
            )
        try:
            from kiosk.domain.staff import Permission, StaffAccounts
        except ImportError:  # the staff module is not installed in this build
            raise ConsentError("Staff-assisted checks are not available.", remedy="Use the guardian's own PIN.") from None
        accounts = StaffAccounts(self.store, self.staff_max_failures, self.staff_lock_base_s)
        session = accounts.login(staff_pin)  # PinError / LockedOutError
        try:
            session.require(Permission.HELP_VISITORS)
        finally:
            accounts.logout(session)
        ref = f"staff:{session.staff_id}"
        self.store.audit.append(AuditEvent.GUARDIAN_IDENTIFIED, session.name, child_no, guardian=ref, via="staff")
        return Guardian(ref, name, "staff")
