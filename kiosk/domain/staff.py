"""Staff accounts, the staff PIN pad and what each role may do.

Two roles: an *operator* helps visitors and sees the dashboard; an *administrator*
may do everything. The staff entry is a PIN pad (after the hidden gesture): the PIN
alone identifies the account, so PINs are unique among active staff, and wrong PINs
lock the whole pad with a growing delay (a guess is a guess against every account).
When the account is known (a staff card, or a name), its own counter is used as well.

Typical use from the staff screens::

    staff = StaffAccounts(kiosk.store)
    session = staff.login(pin)                 # StaffSession, or raises
    session.require(Permission.CHANGE_SETTINGS)
    ...
    staff.logout(session, reason="inactivity")
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from enum import Enum

from kiosk.audit_events import AuditEvent
from kiosk.domain.members import hash_pin, lock_delay, pin_matches
from kiosk.errors import LockedOutError, NotFoundError, PermissionDeniedError, PinError, StaffError
from kiosk.store.db import Store
from kiosk.store.repos import StaffMember

STAFF_IDLE_S = 120  #: staff sessions end after this long without a touch
_PAD_KEY = "staff_pad_lock"  # meta: "failures:locked_until"
PAD_KEY = _PAD_KEY
PAD_MAX_FAILURES = 5  #: wrong staff PINs (at this kiosk, or across its site) before the pad locks
PAD_LOCK_BASE_S = 30  #: the pad's first lockout; it doubles with every further wrong PIN


class Role(str, Enum):
    OPERATOR = "operator"
    ADMINISTRATOR = "administrator"


class Permission(str, Enum):
    VIEW_DASHBOARD = "view_dashboard"
    HELP_VISITORS = "help_visitors"  # open the gate for a visitor after a manual check
    REVOKE_FACE = "revoke_face"  # a visitor asks staff to delete their face data (rule 3)
    MANAGE_MEMBERS = "manage_members"  # import, reset PIN, deactivate
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    CHANGE_SETTINGS = "change_settings"
    REPORTS = "reports"
    BACKUP_RESTORE = "backup_restore"
    ROTATE_KEY = "rotate_key"
    MANAGE_STAFF = "manage_staff"
    LEAVE_KIOSK = "leave_kiosk"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: frozenset({Permission.VIEW_DASHBOARD, Permission.HELP_VISITORS, Permission.REVOKE_FACE}),
    Role.ADMINISTRATOR: frozenset(Permission),
}


def parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise StaffError(f"Unknown role {text!r}.", remedy="Use operator or administrator.") from None


def can(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[Role(role)]


@dataclass(frozen=True)
class StaffSession:
    """A logged-in staff member. Carries no PIN and no hash."""

    staff_id: int
    name: str
    role: Role
    started: float
    last_activity: float

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDeniedError(
                f"{self.name} ({self.role.value}) may not {permission.value.replace('_', ' ')}.",
                remedy="Ask an administrator.",
            )

    def touched(self, now: float) -> "StaffSession":
        return replace(self, last_activity=now)

    def is_idle(self, now: float, idle_s: float = STAFF_IDLE_S) -> bool:
        return now - self.last_activity >= idle_s


def check_staff_pin(pin: str) -> str:
    """Staff PINs are 6 to 8 digits (longer than a visitor's); returns the argon2id hash."""
    if not (pin.isdigit() and 6 <= len(pin) <= 8):
        raise PinError("A staff PIN is 6 to 8 digits.", remedy="Choose a PIN of 6 to 8 digits.")
    return hash_pin(pin)


class StaffAccounts:
    def __init__(self, store: Store, max_failures: int = PAD_MAX_FAILURES, lock_base_s: int = PAD_LOCK_BASE_S,
                 clock=time.time) -> None:
        self.store = store
        self.max_failures = max_failures
        self.lock_base_s = lock_base_s
        self.clock = clock

    # -- accounts ---------------------------------------------------------------
    def list(self) -> list[StaffMember]:
        return sorted(self.store.staff.all(), key=lambda m: m.name.lower())

    def has_administrator(self) -> bool:
        return any(m.active and m.role == Role.ADMINISTRATOR.value for m in self.store.staff.all())

    def add(self, name: str, role: Role | str, pin: str, by: StaffSession | None = None,
            actor: str | None = None) -> StaffMember:
        """Create an account. ``by`` is None only for an operation that has authorised ``actor``
        itself (the command line creates the first administrator)."""
        self._authorise(by)
        role = parse_role(role.value if isinstance(role, Role) else role)
        name = name.strip()
        if not 1 <= len(name) <= 80:
            raise StaffError("A staff name is 1 to 80 characters.", remedy="Type a shorter name.")
        if self.store.staff.by_name(name) is not None:
            raise StaffError(f"There is already a staff account named {name!r}.", remedy="Choose another name.")
        pin_hash = self._unique_pin_hash(pin)
        staff_id = self.store.staff.add(name, role.value, pin_hash)
        self.store.audit.append(AuditEvent.STAFF_ADDED, actor or _actor(by), name, role=role.value)
        return self._get(staff_id)

    def reset_pin(self, staff_id: int, pin: str, by: StaffSession | None = None) -> None:
        self._authorise(by, allow_self=staff_id)
        member = self._get(staff_id)
        self.store.staff.set_pin_state(staff_id, pin_hash=self._unique_pin_hash(pin, skip=staff_id), failures=0, locked_until=0)
        self.store.audit.append(AuditEvent.STAFF_PIN_RESET, _actor(by), member.name)

    def set_active(self, staff_id: int, active: bool, by: StaffSession | None = None) -> None:
        self._authorise(by)
        member = self._get(staff_id)
        if not active and member.role == Role.ADMINISTRATOR.value and self._admins_besides(staff_id) == 0:
            raise StaffError("This is the last active administrator.", remedy="Add another administrator first.")
        self.store.staff.set_active(staff_id, active)
        self.store.audit.append(AuditEvent.STAFF_ACTIVATED if active else AuditEvent.STAFF_DEACTIVATED, _actor(by), member.name)

    # -- login ------------------------------------------------------------------
    def seconds_locked(self) -> float:
        _, until = self._pad_state()
        return max(0.0, until - self.clock())

    def login(self, pin: str, name: str | None = None) -> StaffSession:
        """The staff PIN pad. Raises :class:`LockedOutError` while locked, :class:`PinError` on a wrong PIN."""
        now = self.clock()
        failures, until = self._pad_state()
        if until > now:
            raise LockedOutError(until - now, "Staff PIN entry")
        named = self.store.staff.by_name(name) if name else None
        if named is not None:
            _, n_fail, n_until = self.store.staff.pin_state(named.id)
            if n_until > now:
                raise LockedOutError(n_until - now, "Staff PIN entry")
        match = next(
            (r for r in self.store.staff.pin_rows() if (named is None or r[0] == named.id) and pin_matches(r[3], pin)), None
        )
        if match is None:
            failures += 1
            delay = lock_delay(failures, self.max_failures, self.lock_base_s)
            self.store.meta.set(_PAD_KEY, f"{failures}:{now + delay if delay else 0}")
            if named is not None:
                n_delay = lock_delay(n_fail + 1, self.max_failures, self.lock_base_s)
                self.store.staff.set_pin_state(named.id, failures=n_fail + 1, locked_until=now + n_delay if n_delay else 0)
            self.store.audit.append(AuditEvent.STAFF_LOGIN, "unknown", name, outcome="fail", failures=failures, locked_s=delay)
            raise PinError("Wrong staff PIN.", remedy="Try again or ask an administrator.")
        staff_id, staff_name, role = match[0], match[1], match[2]
        self.store.meta.set(_PAD_KEY, "0:0")
        self.store.staff.set_pin_state(staff_id, failures=0, locked_until=0)
        self.store.audit.append(AuditEvent.STAFF_LOGIN, staff_name, None, outcome="pass", role=role)
        return StaffSession(staff_id, staff_name, Role(role), now, now)

    def logout(self, session: StaffSession, reason: str = "logout") -> None:
        """``reason``: logout, inactivity or leave_kiosk."""
        self.store.audit.append(AuditEvent.STAFF_LOGOUT, session.name, None, reason=reason)

    # -- helpers ----------------------------------------------------------------
    def _pad_state(self) -> tuple[int, float]:
        failures, _, until = (self.store.meta.get(_PAD_KEY) or "0:0").partition(":")
        return int(failures), float(until)

    def _unique_pin_hash(self, pin: str, skip: int | None = None) -> str:
        pin_hash = check_staff_pin(pin)
        if any(r[0] != skip and pin_matches(r[3], pin) for r in self.store.staff.pin_rows()):
            raise PinError("Another staff account uses this PIN.", remedy="Choose a different PIN.")
        return pin_hash

    def _authorise(self, by: StaffSession | None, allow_self: int | None = None) -> None:
        if by is not None and not (allow_self is not None and by.staff_id == allow_self):
            by.require(Permission.MANAGE_STAFF)

    def _admins_besides(self, staff_id: int) -> int:
        return sum(1 for m in self.store.staff.all() if m.active and m.role == Role.ADMINISTRATOR.value and m.id != staff_id)

    def _get(self, staff_id: int) -> StaffMember:
        member = self.store.staff.get(staff_id)
        if member is None:
            raise NotFoundError(f"No staff account {staff_id}.", remedy="See the staff list.")
        return member


def _actor(by: StaffSession | None) -> str:
    return by.name if by is not None else "cli"
