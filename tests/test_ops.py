"""The operations layer: permissions checked inside each operation, one unit of work with
the audit record, typed results, and the one enrollment path."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk import ops
from kiosk.biometrics.fake import draw_face
from kiosk.domain.consent import consent_given_in_person
from kiosk.domain.proofs import ProofMethod
from kiosk.domain.staff import PermissionDeniedError
from kiosk.errors import DuplicateFaceError
from tests.ui_helpers import enroll_fake_face

VISITOR = ops.Actor.visitor("M001")
OPERATOR = ops.Actor(ops.ActorRole.OPERATOR, "Otto Operator")
ADMIN = ops.Actor(ops.ActorRole.ADMINISTRATOR, "Ada Admin")


@pytest.mark.parametrize("call", [
    lambda k: ops.reset_pin(k, VISITOR, "M001", "9999"),
    lambda k: ops.forget_face(k, VISITOR, "M002"),  # another member's face
    lambda k: ops.verify_by_pin(k, VISITOR, "M002", "1234"),
    lambda k: ops.save_settings(k, OPERATOR, k.settings),
    lambda k: ops.import_members(k, OPERATOR, b"member_no,display_name,birth_date,valid_until,card_id\n"),
    lambda k: ops.unlock_pin(k, OPERATOR, "M001"),
    lambda k: ops.purge_expired(k, VISITOR),
    lambda k: ops.search_members(k, VISITOR, ""),
])
def test_each_operation_checks_the_actor(kiosk_app, call):
    before = kiosk_app.store.audit.count()
    with pytest.raises(PermissionDeniedError):
        call(kiosk_app)
    assert kiosk_app.store.audit.count() == before


def test_results_are_frozen_and_typed(kiosk_app):
    r = ops.verify_by_pin(kiosk_app, VISITOR, "M001", "1234")
    assert r.outcome is ops.PinOutcome.ACCEPTED and r.accepted
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.outcome = ops.PinOutcome.WRONG  # type: ignore[misc]
    wrong = ops.verify_by_pin(kiosk_app, VISITOR, "M001", "0000")
    assert wrong.outcome is ops.PinOutcome.WRONG and wrong.seconds_locked == 0
    rows = ops.search_members(kiosk_app, OPERATOR, "M00")
    assert [m.member_no for m in rows] == ["M001", "M002", "M003", "M004"] and not any(m.has_face for m in rows)


def test_pin_lockout_reports_locked_and_staff_unlock(kiosk_app):
    k = kiosk_app
    for _ in range(k.settings.pin_max_failures):
        last = ops.verify_by_pin(k, VISITOR, "M001", "0000")
    assert last.outcome is ops.PinOutcome.WRONG and last.seconds_locked > 0
    assert ops.verify_by_pin(k, VISITOR, "M001", "1234").outcome is ops.PinOutcome.LOCKED
    assert ops.unlock_pin(k, ADMIN, "M001") is True
    assert ops.verify_by_pin(k, VISITOR, "M001", "1234").accepted
    assert [r.actor for r in k.store.audit.records(event="pin_unlocked")] == ["Ada Admin"]


def test_a_duplicate_refusal_withdraws_the_consent_on_every_path(kiosk_app):
    """The command line and the demo enroll through the same path as the kiosk's screens."""
    k = kiosk_app
    enroll_fake_face(k, "M001", hue=40)
    draft = consent_given_in_person(k, "M002", declared_14_or_older=True, method="staff_cli")
    with pytest.raises(DuplicateFaceError):
        ops.enroll_with_consent(k, ops.Actor.cli(), draft, [k.faces.encode_still(draw_face(40))])
    [consent] = k.store.consents.for_member("M002")
    assert consent.withdrawn_at is not None and k.store.templates.info("M002") is None
    ended = [r for r in k.store.audit.records(event="consent_ended") if r.subject == "M002"]
    assert ended and ended[0].detail["reason"] == "duplicate_face"
    assert k.store.audit.report().ok


def test_a_new_enrollment_supersedes_the_old_consent(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k, "M001", hue=40)
    enroll_fake_face(k, "M001", hue=40)
    consents = k.store.consents.for_member("M001")
    assert [c.withdrawn_at is None for c in consents] == [False, True]
    assert k.store.templates.info("M001").consent_id == consents[-1].id


def test_enrollment_is_one_unit_of_work(kiosk_app, monkeypatch):
    k = kiosk_app
    real = k.store.audit.append

    def append(event, *a, **kw):
        if event == "enrolled":
            raise OSError("disk full")
        return real(event, *a, **kw)

    monkeypatch.setattr(k.store.audit, "append", append)
    with pytest.raises(OSError):
        enroll_fake_face(k, "M001")
    assert k.store.consents.for_member("M001") == [] and k.store.templates.info("M001") is None


def test_forget_and_revoke_return_a_receipt(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k, "M001")
    gone = ops.forget_face(k, VISITOR, "M001", proof=k.proofs.issue("M001", ProofMethod.PIN))
    assert gone.had_template and gone.consent_id is not None
    again = ops.revoke_face(k, OPERATOR, "M001")
    assert not again.had_template
    assert [r.actor for r in k.store.audit.records(event="face_deleted")] == ["visitor", "Otto Operator"]


def test_purge_by_schedule_and_dashboard(kiosk_app):
    k = kiosk_app
    first = ops.purge_expired(k, ops.Actor.system(), only_if_due=True)
    assert first is not None and first.count == 0
    assert ops.purge_expired(k, ops.Actor.system(), only_if_due=True) is None
    status = ops.dashboard_snapshot(k, OPERATOR)
    assert status.chain_ok and status.members == 4
