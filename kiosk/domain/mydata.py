"""My data (rule 3): what is stored about a member's face, and deleting it at once.

The UI reaches these only after claim + PIN. Both results are frozen and carry no
biometric data: dates, the consent version and who gave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.errors import NotFoundError

if TYPE_CHECKING:
    from kiosk.app import Kiosk


@dataclass(frozen=True)
class MyData:
    """The summary shown on the My data page. Dates are ISO (YYYY-MM-DD)."""

    member_no: str
    has_face: bool  # a template is stored
    enrolled_on: str | None = None
    consent_id: int | None = None
    consent_version: str | None = None
    given_by: str | None = None  # "self" | "guardian"
    guardian_name: str | None = None
    last_used: str | None = None  # None: not used since it was set up
    deletion_date: str | None = None


@dataclass(frozen=True)
class DeletionReceipt:
    member_no: str
    deleted_at: str  # ISO time
    had_template: bool
    consent_id: int | None  # the consent now marked withdrawn


def my_data(kiosk: "Kiosk", member_no: str) -> MyData:
    if kiosk.store.members.get(member_no) is None:
        raise NotFoundError(f"No member {member_no}.", remedy="Check the number.")
    info = kiosk.store.templates.info(member_no)
    if info is None:
        return MyData(member_no, False)
    consent = kiosk.store.consents.get(info.consent_id)
    return MyData(
        member_no,
        True,
        enrolled_on=info.created[:10],
        consent_id=info.consent_id,
        consent_version=consent.notice_version if consent else None,
        given_by=consent.given_by if consent else None,
        guardian_name=consent.guardian_name if consent else None,
        last_used=info.last_used[:10] if info.last_used != info.created else None,
        deletion_date=info.expires[:10],
    )
