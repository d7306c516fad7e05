"""Check in a visitor who proved who they are earlier in this visit (Qt-free).

Setting up face starts with the PIN; when the set-up ends (the receipt, or "No thanks"),
the visitor is checked in without typing the PIN again. The screen does not say who is
checked in: the proof does. It was issued by the operation that checked the PIN
(:func:`kiosk.ops.verify_by_pin`) or enrolled the face (:func:`kiosk.ops.complete_enrollment`),
it must be for the acting member, unspent and within the keypad time limit, and it is spent
here: one proof opens the gate once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain.proofs import Proof
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.core import Kiosk


def check_in_confirmed(kiosk: "Kiosk", actor: Actor, proof: Proof | None) -> str:
    """Audit the check-in of the member ``proof`` was issued for, spending the proof. Raises
    :class:`~kiosk.domain.proofs.ProofRefusedError` for a proof of another member than the
    actor, one not issued here, spent, or lapsed. Returns the member checked in."""
    member_no = actor.member_no or ""
    authorise(actor, Action.VERIFY_PIN, member_no)
    with kiosk.store.transaction():
        held = kiosk.proofs.spend(proof, member_no)
        kiosk.faces.record_verification(member_no, True, held.method.value, actor.name)
    return member_no
