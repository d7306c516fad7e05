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
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.audit_events import AuditEvent
from kiosk.domain.site_templates import is_site_template
from kiosk.errors import NotFoundError

if TYPE_CHECKING:
    from kiosk.domain.services import Services


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


class Refusal(str, Enum):
    """Why an attempt did not confirm the member (none when it did)."""

    NONE = ""
    NO_MATCH = "no_match"  # the face did not match
    LIVENESS = "liveness"  # the liveness check refused the face
    TIMEOUT = "timeout"  # no face check in time
    ABANDONED = "abandoned"  # the face step was left before the end
    PASS_REFUSED = "pass_refused"  # the face pass shown was refused
    WRONG_PIN = "wrong_pin"
    PIN_PAUSED = "pin_paused"  # PIN entry was paused after wrong PINs


@dataclass(frozen=True)
class CheckLine:
    """One identity check or refused attempt at the kiosk: when (ISO time, UTC), how (pin |
    face | ...), the outcome and, when refused, why."""

    at: str
    method: str
    passed: bool
    refusal: Refusal = Refusal.NONE


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
    storage: str = "kiosk"  # "pass": the template is only on the member's pass, nothing biometric is here;
    # "site": the template is the site's (every kiosk of the site holds it; the server a sealed copy)
    pass_valid_until: str | None = None  # pass mode: the face pass's end, when the pass was shown


@dataclass(frozen=True)
class DeletionReceipt:
    member_no: str
    deleted_at: str  # ISO time
    had_template: bool
    consent_id: int | None  # the consent now marked withdrawn
    storage: str = "kiosk"  # "pass": the member's face passes were put on the revocation list; "site": the
    # template was the site's: the withdrawal deletes it at every kiosk of the site


def my_data(kiosk: "Services", member_no: str, pass_code: str | None = None) -> MyData:
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
        storage="site" if is_site_template(kiosk.store, member_no) else "kiosk",
    )


def _on_pass(kiosk: "Services", about: MyData, pass_code: str | None) -> MyData:
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


#: audit events that are attempts to prove who the member is
_ATTEMPTS = (AuditEvent.VERIFY, AuditEvent.FACE_TRY_FAILED, AuditEvent.PIN_REFUSED)


def _line(ts: str, event: str, d: dict) -> CheckLine | None:
    if event == AuditEvent.VERIFY:
        method, outcome = str(d.get("method", "")), d.get("outcome")
        if outcome == "pass":
            return CheckLine(ts, method, True)
        if outcome == "refused":
            return CheckLine(ts, method, False, Refusal.PASS_REFUSED)
        return CheckLine(ts, method, False, Refusal.WRONG_PIN if method == "pin" else Refusal.NO_MATCH)
    if event == AuditEvent.FACE_TRY_FAILED:
        reason = str(d.get("reason", ""))
        if reason == "no_match":  # its ``verify`` record is the same attempt
            return None
        refusal = Refusal.LIVENESS if reason.startswith("liveness") else Refusal(reason) if reason in (
            "timeout", "abandoned") else Refusal.NO_MATCH
        return CheckLine(ts, "face", False, refusal)
    if event == AuditEvent.PIN_REFUSED:
        return CheckLine(ts, "pin", False, Refusal.PIN_PAUSED if d.get("reason") == "paused" else Refusal.WRONG_PIN)
    return None


def recent_checks(kiosk: "Services", member_no: str, limit: int = RECENT_CHECKS) -> tuple[CheckLine, ...]:
    """The member's latest identity checks from the audit trail, newest first: those that
    confirmed the member and those refused (a face that did not match or was refused by the
    liveness check, a wrong PIN, a PIN typed while entry was paused)."""
    marks = ", ".join("?" for _ in _ATTEMPTS)
    rows = kiosk.store.query(
        f"SELECT ts, event, detail FROM audit WHERE event IN ({marks}) AND subject = ? ORDER BY seq DESC LIMIT ?",
        (*_ATTEMPTS, member_no, int(limit) * 3),
    )
    out = []
    for ts, event, detail in rows:
        line = _line(ts, event, json.loads(detail))
        if line is not None:
            out.append(line)
    return tuple(out[:limit])
