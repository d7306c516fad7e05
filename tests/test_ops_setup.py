"""The set-up steps before the camera as operations: each acts only for the claimed member,
identifying a guardian is audited, and a wrong guardian or staff PIN stays counted although
the operation refuses. The screens reach these steps through the operations only."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from kiosk import ops
from kiosk.domain.staff import PermissionDeniedError, StaffAccounts
from kiosk.errors import LockedOutError, PinError

CHILD = ops.Actor.visitor("M003")  # Cathy, born 2018
OTHER = ops.Actor.visitor("M001")
OPERATOR = ops.Actor(ops.ActorRole.OPERATOR, "Otto Operator")
UI = Path(__file__).resolve().parents[1] / "kiosk" / "ui"


@pytest.fixture
def k(kiosk_app):
    kiosk_app.save_settings(
        kiosk_app.settings.replace(operator_name="Sunny Zoo Ltd", operator_contact="privacy@zoo.example"), "test"
    )
    return kiosk_app


@pytest.fixture
def flow(k):
    return ops.start_enrollment(k, CHILD, "M003")


@pytest.mark.parametrize("call", [
    lambda k, f: ops.start_enrollment(k, OTHER, "M003"),
    lambda k, f: ops.declare_age(k, OTHER, f, True),
    lambda k, f: ops.identify_guardian(k, OTHER, f, ops.GuardianByMember("M004", "1234")),
    lambda k, f: ops.identify_guardian(k, OPERATOR, f, ops.GuardianByMember("M004", "1234")),
    lambda k, f: ops.show_notice(k, OTHER, f, "en"),
    lambda k, f: ops.agree_to_notice(k, OTHER, f),
    lambda k, f: ops.my_data(k, OTHER, "M003"),
    lambda k, f: ops.my_data(k, OPERATOR, "M003"),
])
def test_each_step_acts_only_for_the_claimed_member(k, flow, call):
    before = k.store.audit.count()
    with pytest.raises(PermissionDeniedError):
        call(k, flow)
    assert k.store.audit.count() == before
    assert flow.guardian is None and k.store.members.pin_state("M004")[1] == 0


def test_a_guardian_identifies_audited_with_a_typed_result(k, flow):
    assert ops.declare_age(k, CHILD, flow, True) == ops.AgeResult("M003", ops.AgeBand.UNDER_14, True)  # birth date wins
    g = ops.identify_guardian(k, CHILD, flow, ops.GuardianByMember("M004", "1234"))
    assert g == ops.GuardianResult("M003", ops.GuardianVia.MEMBER, "member:M004", "Dan Guardian")
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.name = "someone else"  # type: ignore[misc]
    [record] = k.store.audit.records(event="guardian_identified")
    assert (record.subject, record.detail["guardian"]) == ("M003", "member:M004")
    notice = ops.show_notice(k, CHILD, flow, "en")
    assert notice.for_guardian and not flow.needs_guardian
    ops.agree_to_notice(k, CHILD, flow)
    assert flow.ready and not k.store.in_transaction


def test_a_wrong_guardian_pin_is_counted_although_the_step_refuses(k, flow):
    with pytest.raises(PinError):
        ops.identify_guardian(k, CHILD, flow, ops.GuardianByMember("M004", "9999"))
    assert not k.store.in_transaction and k.store.members.pin_state("M004")[1] == 1  # committed, not rolled back
    for _ in range(k.settings.pin_max_failures - 1):
        with pytest.raises((PinError, LockedOutError)):
            ops.identify_guardian(k, CHILD, flow, ops.GuardianByMember("M004", "9999"))
    with pytest.raises(LockedOutError):
        ops.identify_guardian(k, CHILD, flow, ops.GuardianByMember("M004", "1234"))
    assert [r.subject for r in k.store.audit.records(event="pin_locked")] == ["M004"]
    assert flow.guardian is None and not list(k.store.audit.records(event="guardian_identified"))


def test_a_wrong_staff_pin_counts_against_the_staff_pad(k, flow):
    staff = StaffAccounts(k.store).add("Sam Staff", "operator", "246810")
    with pytest.raises(PinError):
        ops.identify_guardian(k, CHILD, flow, ops.GuardianByStaff("135791", "Erin Parent"))
    assert [r.detail["outcome"] for r in k.store.audit.records(event="staff_login")] == ["fail"]
    g = ops.identify_guardian(k, CHILD, flow, ops.GuardianByStaff("246810", " Erin  Parent "))
    assert (g.via, g.ref, g.name) == (ops.GuardianVia.STAFF, f"staff:{staff.id}", "Erin Parent")


def test_my_data_is_the_members_own_and_needs_their_pin(k):
    with pytest.raises(PermissionDeniedError):
        ops.my_data(k, OTHER, "M001")  # claimed, but not proved
    other_proof = ops.verify_by_pin(k, CHILD, "M003", "1234", check_in=False).proof
    with pytest.raises(PermissionDeniedError):
        ops.my_data(k, OTHER, "M001", proof=other_proof)  # another member's PIN proves nothing here
    proof = ops.verify_by_pin(k, OTHER, "M001", "1234", check_in=False).proof
    d = ops.my_data(k, OTHER, "M001", proof=proof)
    assert (d.member_no, d.display_name, d.has_face) == ("M001", "Alice Adult", False)


# The set-up flow's steps (and My data) that screens must reach through kiosk.ops only.
FLOW_STEPS = {"guardian_by_member", "guardian_by_staff", "declare_age", "agree", "show_notice"}
DOMAIN_ONLY = {("kiosk.domain.consent", "EnrollmentFlow"), ("kiosk.domain.mydata", "my_data"),
               ("kiosk.domain.guardian", "GuardianCheck")}


def test_screens_reach_the_set_up_steps_through_operations_only():
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and any((node.module, a.name) in DOMAIN_ONLY for a in node.names):
                found.append(f"{path.name}:{node.lineno} imports from {node.module}")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FLOW_STEPS
                  and not (isinstance(node.func.value, ast.Name) and node.func.value.id in ("self", "ops"))):
                found.append(f"{path.name}:{node.lineno} calls .{node.func.attr}()")
    assert not found, found
