"""The staff PIN pad: sign in, sign out, and how the pad stands; staff accounts (Qt-free).

Signing in is what turns a PIN into an actor, so it needs none; a wrong PIN counts against
the whole pad (see :class:`kiosk.domain.staff.StaffAccounts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.domain.staff import StaffAccounts, StaffSession
from kiosk.errors import PinError
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.store.repos import StaffMember

if TYPE_CHECKING:
    from kiosk.core import Kiosk


@dataclass(frozen=True)
class PadState:
    has_administrator: bool  # False: no staff account yet (created with ``kiosk staff add``)
    seconds_locked: float  # > 0 while wrong PINs keep the pad locked


def staff_pad_state(kiosk: "Kiosk") -> PadState:
    accounts = StaffAccounts(kiosk.store)
    with kiosk.store.transaction():  # one consistent view
        return PadState(accounts.has_administrator(), accounts.seconds_locked())


class SignIn(Enum):
    SIGNED_IN = "signed_in"
    WRONG_PIN = "wrong_pin"  # counted against the pad; ``seconds_locked`` > 0 when it now pauses


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    session: StaffSession | None = None
    seconds_locked: float = 0.0


def staff_sign_in(kiosk: "Kiosk", pin: str) -> SignInResult:
    """Check a staff PIN (audited either way). Raises LockedOutError while the pad is locked."""
    accounts = StaffAccounts(kiosk.store)
    try:
        return SignInResult(SignIn.SIGNED_IN, accounts.login(pin))
    except PinError:
        return SignInResult(SignIn.WRONG_PIN, None, accounts.seconds_locked())


class SignOutReason(Enum):
    LOGOUT = "logout"
    INACTIVITY = "inactivity"
    LEAVE_KIOSK = "leave_kiosk"


def staff_sign_out(kiosk: "Kiosk", session: StaffSession, reason: SignOutReason) -> None:
    StaffAccounts(kiosk.store).logout(session, reason.value)


def add_staff(kiosk: "Kiosk", actor: Actor, name: str, role: str, pin: str) -> StaffMember:
    """A new staff account (the first administrator comes from the command line), with its
    ``staff_added`` record."""
    authorise(actor, Action.MANAGE_STAFF)
    with kiosk.store.transaction():
        return StaffAccounts(kiosk.store).add(name, role, pin, actor=actor.name)


def list_staff(kiosk: "Kiosk", actor: Actor) -> tuple[StaffMember, ...]:
    """Every staff account by name (never a PIN)."""
    authorise(actor, Action.MANAGE_STAFF)
    return tuple(StaffAccounts(kiosk.store).list())
