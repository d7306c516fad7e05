"""Check in a visitor whose PIN was already confirmed in this visit (Qt-free).

Setting up face starts with the PIN; when the set-up ends (the receipt, or "No thanks"),
the visitor is checked in without typing the PIN again. The PIN check itself happened in
:func:`kiosk.ops.verify_by_pin` with ``check_in=False``; this records the check-in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.app import Kiosk


def check_in_confirmed(kiosk: "Kiosk", actor: Actor, member_no: str) -> None:
    """Audit the check-in of a member whose PIN was accepted earlier in this session."""
    authorise(actor, Action.VERIFY_PIN, member_no)
    with kiosk.store.transaction():
        kiosk.faces.record_verification(member_no, True, "pin", actor.name)
