"""The claim: who the visitor says they are (Qt-free).

A scanned card id, a typed member number or a scanned face pass names one member, and only
that member's record is read (1:1 claim, rule 2). Member numbers and card ids form one
namespace: text that names two members is refused, never resolved to either. Nothing is
written: a refused claim reveals nothing and counts nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kiosk.domain import pass_codes
from kiosk.domain.consent import enrollment_offered
from kiosk.domain.faces import age_on
from kiosk.domain.session import Claim
from kiosk.errors import NotFoundError, PassNotValidError
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.policy.consent import AGE_OF_CONSENT

if TYPE_CHECKING:
    from kiosk.core import Kiosk

ClaimResult = Claim  # frozen: member number, name (shown only after a check), what may be offered next

MAX_ID = 64  # the longest member number or card id the members table holds


def lookup_claim(kiosk: "Kiosk", actor: Actor, text: str, today: date | None = None) -> ClaimResult:
    """Find the member for ``text``. In pass mode a face pass also brings the template for the
    face step: it is checked here (site key, seal, expiry, revocation) and refused with its reason."""
    authorise(actor, Action.CLAIM)
    text = text.strip()
    with kiosk.store.transaction():  # one consistent view
        pass_code = ""
        if pass_codes.looks_like_pass(text):
            s = kiosk.settings
            if s.templates_on_pass and s.face_site_allowed and s.face_enabled:
                text, pass_code = kiosk.passes.open(text).member_no, text
            else:
                text = kiosk.passes.header(text).member_no  # face passes not used here: the pass still names the member
        known = 0 < len(text) <= MAX_ID
        by_card = kiosk.store.members.by_card(text) if known else None
        by_number = kiosk.store.members.get(text) if known else None
        if by_card and by_number and by_card.member_no != by_number.member_no:
            raise NotFoundError("That number names two members (a member number and another member's card).",
                                remedy="Please ask staff.")
        member = by_card or by_number
        if member is None:
            raise NotFoundError("No member with that card or number.", remedy="Check the number or ask staff.")
        today = today or date.today()
        if not member.active or member.valid_until < today.isoformat():
            raise PassNotValidError(f"Pass {member.member_no} is not valid.", remedy="Ask staff.")
        child = None if not member.birth_date else age_on(member.birth_date, today) < AGE_OF_CONSENT
        enrolled = bool(pass_code) or kiosk.faces.has_face(member.member_no)  # pass mode: keyed by member number too
        paused = enrolled and kiosk.faces.face_paused(member.member_no) > 0
        setup = not pass_code and enrollment_offered(kiosk, member.member_no)
        return Claim(member.member_no, member.display_name, member.birth_date is not None, child, enrolled and not paused,
                     setup, pass_code, paused)
