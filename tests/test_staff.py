"""Staff accounts: argon2id PINs, unique PINs, lockout with a growing delay, roles."""

from __future__ import annotations

import pytest

from kiosk.domain.staff import (
    STAFF_IDLE_S,
    Permission,
    PermissionDeniedError,
    Role,
    StaffAccounts,
    StaffError,
    can,
)
from kiosk.errors import LockedOutError, PinError


class Clock:
    def __init__(self, t: float = 1_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def staff(kiosk_app):
    clock = Clock()
    accounts = StaffAccounts(kiosk_app.store, max_failures=3, lock_base_s=10, clock=clock)
    accounts.add("Ada Admin", "administrator", "111111")
    accounts.add("Otto Operator", Role.OPERATOR, "222222")
    accounts.clock_ = clock
    return accounts


def test_login_by_pin_alone(staff, kiosk_app):
    s = staff.login("222222")
    assert (s.name, s.role) == ("Otto Operator", Role.OPERATOR)
    assert "222222" not in repr(s) and "argon2" not in repr(s)
    staff.logout(s, reason="inactivity")
    events = [(r.event, r.actor, r.detail.get("outcome") or r.detail.get("reason"))
              for r in kiosk_app.store.audit.records() if r.event.startswith("staff_log")]
    assert events == [("staff_login", "Otto Operator", "pass"), ("staff_logout", "Otto Operator", "inactivity")]


def test_pins_are_hashed_with_argon2id(staff, kiosk_app):
    hashes = [r[0] for r in kiosk_app.store.query("SELECT pin_hash FROM staff")]
    assert all(h.startswith("$argon2id$") for h in hashes)


def test_pin_rules(staff):
    with pytest.raises(PinError, match="6 to 8"):
        staff.add("Short", "operator", "1234")
    with pytest.raises(PinError, match="Another staff account"):
        staff.add("Copy", "operator", "111111")
    with pytest.raises(StaffError, match="already"):
        staff.add("Ada Admin", "operator", "333333")
    with pytest.raises(StaffError, match="role"):
        staff.add("Nobody", "superuser", "333333")


def test_lockout_delay_grows(staff):
    clock = staff.clock_
    delays = []
    for _ in range(2):
        with pytest.raises(PinError):
            staff.login("999999")
    assert staff.seconds_locked() == 0
    for _ in range(4):
        with pytest.raises(PinError):
            staff.login("999999")
        delays.append(staff.seconds_locked())
        with pytest.raises(LockedOutError):
            staff.login("111111")  # even the right PIN waits
        clock.t += delays[-1]
    assert delays == [10, 20, 40, 80]
    assert staff.login("111111").name == "Ada Admin"  # the right PIN resets the counter
    with pytest.raises(PinError):
        staff.login("999999")
    assert staff.seconds_locked() == 0


def test_lockout_survives_a_restart(staff, kiosk_app):
    for _ in range(3):
        with pytest.raises(PinError):
            staff.login("999999")
    again = StaffAccounts(kiosk_app.store, max_failures=3, lock_base_s=10, clock=staff.clock_)
    with pytest.raises(LockedOutError):
        again.login("111111")


def test_named_login_counts_against_the_account(staff, kiosk_app):
    with pytest.raises(PinError):
        staff.login("111111", name="Otto Operator")  # Ada's PIN, Otto's card
    otto = kiosk_app.store.staff.by_name("Otto Operator")
    assert kiosk_app.store.staff.pin_state(otto.id)[1] == 1


def test_roles_and_permissions(staff):
    op, admin = staff.login("222222"), staff.login("111111")
    assert op.can(Permission.VIEW_DASHBOARD) and op.can(Permission.REVOKE_FACE)
    for p in (Permission.CHANGE_SETTINGS, Permission.EXPORT_AUDIT, Permission.ROTATE_KEY, Permission.LEAVE_KIOSK):
        assert not op.can(p)
        with pytest.raises(PermissionDeniedError, match="Ask an administrator"):
            op.require(p)
    assert all(admin.can(p) for p in Permission)
    assert can("administrator", Permission.MANAGE_STAFF) and not can(Role.OPERATOR, Permission.MANAGE_STAFF)


def test_operator_cannot_manage_staff(staff):
    op = staff.login("222222")
    with pytest.raises(PermissionDeniedError):
        staff.add("Eve", "administrator", "444444", by=op)
    staff.reset_pin(op.staff_id, "555555", by=op)  # but may change their own PIN
    assert staff.login("555555").name == "Otto Operator"


def test_deactivate_and_last_administrator(staff, kiosk_app):
    admin = staff.login("111111")
    with pytest.raises(StaffError, match="last active administrator"):
        staff.set_active(admin.staff_id, False, by=admin)
    otto = kiosk_app.store.staff.by_name("Otto Operator")
    staff.set_active(otto.id, False, by=admin)
    with pytest.raises(PinError):
        staff.login("222222")
    assert [m.name for m in staff.list()] == ["Ada Admin", "Otto Operator"] and staff.has_administrator()
    assert [r.detail for r in kiosk_app.store.audit.records(event="staff_deactivated")] == [{}]


def test_idle_session(staff):
    s = staff.login("111111")
    assert not s.is_idle(s.started + STAFF_IDLE_S - 1)
    assert s.is_idle(s.started + STAFF_IDLE_S)
    assert not s.touched(s.started + 100).is_idle(s.started + STAFF_IDLE_S + 1)


def test_staff_rights_in_operations_follow_the_staff_roles_table():
    """One permission table: what an operator or administrator may do in an operation is
    derived from the roles' permissions, so the staff screens and the operations cannot drift."""
    from kiosk.domain.staff import ROLE_PERMISSIONS, Role
    from kiosk.ops.auth import ALLOWED, STAFF_PERMISSION, Action, ActorRole

    assert set(STAFF_PERMISSION) == set(Action)  # every action says which permission it needs
    for role in Role:
        for action in Action:
            needed = STAFF_PERMISSION[action]
            assert (action in ALLOWED[ActorRole(role.value)]) == (needed in ROLE_PERMISSIONS[role]), (role, action)
    assert Action.CHANGE_SETTINGS not in ALLOWED[ActorRole.OPERATOR]
    assert Action.REVOKE_FACE in ALLOWED[ActorRole.OPERATOR] and Action.MANAGE_STAFF in ALLOWED[ActorRole.ADMINISTRATOR]
