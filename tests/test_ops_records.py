"""Operations behind the staff screens and the visitor's help and liveness records: each
checks the actor's permission itself and commits its records together."""

from __future__ import annotations

import pytest

from kiosk import ops
from kiosk.domain.audit_export import AuditFilter
from kiosk.domain.staff import StaffAccounts
from kiosk.errors import LockedOutError, PermissionDeniedError

ADMIN, OPERATOR = "111111", "222222"


@pytest.fixture
def staff(kiosk_app):
    accounts = StaffAccounts(kiosk_app.store)
    accounts.add("Ada Admin", "administrator", ADMIN)
    accounts.add("Otto Operator", "operator", OPERATOR)
    admin = ops.staff_sign_in(kiosk_app, ADMIN).session
    operator = ops.staff_sign_in(kiosk_app, OPERATOR).session
    assert admin is not None and operator is not None
    return ops.Actor.staff(admin), ops.Actor.staff(operator)


def records(kiosk, event):
    return list(kiosk.store.audit.records(event=event))


def test_asking_for_staff_records_the_request_and_the_alert_together(kiosk_app, monkeypatch):
    alert = ops.ask_staff(kiosk_app, ops.Actor.visitor("M001"), "pin")
    assert alert.member_no == "M001" and records(kiosk_app, "staff_help_requested")[-1].detail["screen"] == "pin"

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kiosk.ops.visitor.raise_alert", broken)
    with pytest.raises(RuntimeError):
        ops.ask_staff(kiosk_app, ops.Actor.visitor("M002"), "welcome")
    assert [r.subject for r in records(kiosk_app, "staff_help_requested")] == ["M001"]  # no half request


def test_a_visitor_records_liveness_refusals_for_their_own_claim_only(kiosk_app):
    ops.record_liveness_refusal(kiosk_app, ops.Actor.visitor("M001"), "M001", ops.FaceFlow.ENROLL, "timeout")
    r = records(kiosk_app, "liveness_refused")[-1]
    assert (r.subject, r.detail["flow"], r.detail["reason"]) == ("M001", "enroll", "timeout")
    with pytest.raises(PermissionDeniedError):
        ops.record_liveness_refusal(kiosk_app, ops.Actor.visitor("M001"), "M002", ops.FaceFlow.VERIFY, "timeout")
    with pytest.raises(PermissionDeniedError):
        ops.report_face_tries_used(kiosk_app, ops.Actor.visitor("M001"), "M002")


def test_pin_status_counts_wrong_pins_for_the_claimed_member(kiosk_app):
    visitor = ops.Actor.visitor("M001")
    assert ops.pin_status(kiosk_app, visitor, "M001") == ops.PinStatus(kiosk_app.pins.max_failures, 0.0)
    ops.verify_by_pin(kiosk_app, visitor, "M001", "0000")
    assert ops.pin_status(kiosk_app, visitor, "M001").tries_left == kiosk_app.pins.max_failures - 1
    with pytest.raises(PermissionDeniedError):
        ops.pin_status(kiosk_app, visitor, "M002")


def test_the_staff_pad_pauses_after_wrong_pins(kiosk_app, staff):
    assert ops.staff_pad_state(kiosk_app) == ops.PadState(True, 0.0)
    results = [ops.staff_sign_in(kiosk_app, pin) for pin in ("999991", "999992", "999993", "999994", "999995")]
    assert {r.outcome for r in results} == {ops.SignIn.WRONG_PIN} and all(r.session is None for r in results)
    assert results[-1].seconds_locked > 0 and ops.staff_pad_state(kiosk_app).seconds_locked > 0
    with pytest.raises(LockedOutError):
        ops.staff_sign_in(kiosk_app, ADMIN)


def test_audit_records_for_staff_with_the_right_to_see_them(kiosk_app, staff, tmp_path):
    admin, operator = staff
    page = ops.audit_page(kiosk_app, admin, AuditFilter(event="staff_login", newest_first=True, limit=1))
    assert len(page.records) == 1 and page.total == 2 and "staff_login" in page.events
    assert ops.verify_audit(kiosk_app, admin).ok
    n = ops.export_audit(kiosk_app, admin, tmp_path / "audit.csv", "csv", AuditFilter(event="staff_login"))
    assert n == 2 and (tmp_path / "audit.csv").is_file()
    for denied in (lambda: ops.audit_page(kiosk_app, operator, AuditFilter()),
                   lambda: ops.export_audit(kiosk_app, operator, tmp_path / "x.csv", "csv"),
                   lambda: ops.export_filing_report(kiosk_app, operator, tmp_path / "r.md"),
                   lambda: ops.backup_database(kiosk_app, operator, tmp_path / "b.db"),
                   lambda: ops.rotate_database_key(kiosk_app, operator)):
        with pytest.raises(PermissionDeniedError):
            denied()
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "b.db").exists()


def test_backups_and_reports_for_administrators(kiosk_app, staff, tmp_path):
    admin, _ = staff
    assert ops.export_filing_report(kiosk_app, admin, tmp_path / "report.md").is_file()
    copy = ops.backup_database(kiosk_app, admin, tmp_path / "backup.db")
    assert ops.check_backup_file(kiosk_app, admin, copy) > 0
    assert ops.gate_status(kiosk_app, admin) == ops.GateInfo(None, "", False)
