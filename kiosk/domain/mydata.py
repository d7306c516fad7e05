"""My data (rule 3, PIPL art. 45 / GDPR art. 15): everything the kiosk stores about a member,
and deleting the face data at once.

The UI reaches these only after claim + PIN. Both results are frozen and carry no
biometric data and no secrets: the member's record (name, birth date, pass validity, whether
a card and a PIN are on file, never the PIN), the face template's dates, every consent record
and the most recent identity checks (time, way, outcome).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.errors import NotFoundError

if TYPE_CHECKING:
    from kiosk.app import Kiosk


RECENT_CHECKS = 5


@dataclass(frozen=True)
class ConsentLine:
    """One consent record. Dates are ISO (YYYY-MM-DD)."""

    consent_id: int
    given_on: str
    notice_version: str
    given_by: str  # "self" | "guardian"
    guardian_name: str | None
    withdrawn_on: str | None


@dataclass(frozen=True)
class CheckLine:
    """One identity check at the kiosk: when (ISO time, UTC), how (pin | face | ...) and the outcome."""

    at: str
    method: str
    passed: bool


@dataclass(frozen=True)
class MyData:
    """The summary shown on the My data page. Dates are ISO (YYYY-MM-DD)."""

    member_no: str
    has_face: bool  # a template is stored (pass mode: a face pass issued here, or shown, and not withdrawn)
    enrolled_on: str | None = None
    consent_id: int | None = None
    consent_version: str | None = None
    given_by: str | None = None  # "self" | "guardian"
    guardian_name: str | None = None
    last_used: str | None = None  # None: not used since it was set up
    deletion_date: str | None = None
    display_name: str = ""
    birth_date: str | None = None
    valid_until: str | None = None  # the pass is valid until this day
    has_card: bool = False
    has_pin: bool = False
    consents: tuple[ConsentLine, ...] = ()  # oldest first
    checks: tuple[CheckLine, ...] = ()  # newest first, at most RECENT_CHECKS
    storage: str = "kiosk"  # "pass": the template is only on the member's pass, nothing biometric is here
    pass_valid_until: str | None = None  # pass mode: the face pass's end, when the pass was shown


@dataclass(frozen=True)
class DeletionReceipt:
    member_no: str
    deleted_at: str  # ISO time
    had_template: bool
    consent_id: int | None  # the consent now marked withdrawn
    storage: str = "kiosk"  # "pass": the member's face passes were put on the revocation list


def my_data(kiosk: "Kiosk", member_no: str, pass_code: str | None = None) -> MyData:
    """Everything stored about the member. In pass mode ``pass_code`` is the face pass shown at
    the claim, if any: its end date is read from it (the kiosk keeps no copy)."""
    member = kiosk.store.members.get(member_no)
    if member is None:
        raise NotFoundError(f"No member {member_no}.", remedy="Check the number.")
    about = MyData(
        member_no,
        False,
        display_name=member.display_name,
        birth_date=member.birth_date,
        valid_until=member.valid_until,
        has_card=bool(member.card_id),
        has_pin=member.has_pin,
        consents=tuple(
            ConsentLine(c.id, c.given_at[:10], c.notice_version, c.given_by, c.guardian_name,
                        c.withdrawn_at[:10] if c.withdrawn_at else None)
            for c in kiosk.store.consents.for_member(member_no)
        ),
        checks=recent_checks(kiosk, member_no),
    )
    if kiosk.settings.templates_on_pass:
        return _on_pass(kiosk, about, pass_code)
    info = kiosk.store.templates.info(member_no)
    if info is None:
        return about
    consent = kiosk.store.consents.get(info.consent_id)
    return replace(
        about,
        has_face=True,
        enrolled_on=info.created[:10],
        consent_id=info.consent_id,
        consent_version=consent.notice_version if consent else None,
        given_by=consent.given_by if consent else None,
        guardian_name=consent.guardian_name if consent else None,
        last_used=info.last_used[:10] if info.last_used != info.created else None,
        deletion_date=info.expires[:10],
    )


def _on_pass(kiosk: "Kiosk", about: MyData, pass_code: str | None) -> MyData:
    """Pass mode: nothing biometric is here; the consent given at this kiosk, and the pass when shown."""
    from kiosk.errors import PassRefusedError

    member_no = about.member_no
    open_consents = [c for c in kiosk.store.consents.for_member(member_no) if c.withdrawn_at is None]
    consent = open_consents[-1] if open_consents else None
    valid_until = None
    if pass_code:
        try:
            valid_until = kiosk.passes.open(pass_code, member_no).expires.isoformat()
        except PassRefusedError:
            pass
    about = replace(about, storage="pass", pass_valid_until=valid_until)
    if consent is None and valid_until is None:
        return about
    return replace(about, has_face=True, enrolled_on=consent.given_at[:10] if consent else None,
                   consent_id=consent.id if consent else None,
                   consent_version=consent.notice_version if consent else None,
                   given_by=consent.given_by if consent else None,
                   guardian_name=consent.guardian_name if consent else None)


def recent_checks(kiosk: "Kiosk", member_no: str, limit: int = RECENT_CHECKS) -> tuple[CheckLine, ...]:
    """The member's latest identity checks from the audit trail, newest first."""
    rows = kiosk.store.query(
        "SELECT ts, detail FROM audit WHERE event = 'verify' AND subject = ? ORDER BY seq DESC LIMIT ?",
        (member_no, int(limit)),
    )
    out = []
    for ts, detail in rows:
        d = json.loads(detail)
        out.append(CheckLine(ts, str(d.get("method", "")), d.get("outcome") == "pass"))
    return tuple(out)
