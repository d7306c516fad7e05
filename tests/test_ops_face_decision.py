"""The face decision is one operation (``ops.decide_face_try``), as the PIN's is
(``ops.verify_by_pin``): it records the try's end, counts it, tells staff when it used the
visit's last face try, and a match brings the proof the gate opens for."""

from __future__ import annotations

import pytest

from kiosk import ops
from kiosk.domain.alerts import AlertKind, open_alerts
from kiosk.domain.proofs import ProofMethod, ProofRefusedError
from kiosk.errors import PermissionDeniedError
from kiosk.ops.checkin import check_in_confirmed
from tests.ui_helpers import enroll_fake_face

VISITOR = ops.Actor.visitor("M001")
End = ops.FaceTryEnd


def long_pause(k) -> None:
    """Pauses on the wall clock that no slow test machine outlasts."""
    k.save_settings(k.settings.replace(pin_lock_base_s=3600), "test")


def tries_alert(k):
    found = [a for a in open_alerts(k.store) if a.kind is AlertKind.FACE_FAILURES and a.member_no == "M001"]
    return found[0] if found else None


def test_a_match_is_audited_and_brings_a_spent_proof_of_this_member(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k)
    ops.begin_face_try(k, VISITOR, "M001")
    decision = ops.decide_face_try(k, VISITOR, "M001", End.MATCH, visit_tries_left=3)
    assert decision.proof is not None and (decision.proof.member_no, decision.proof.method) == ("M001", ProofMethod.FACE)
    assert decision.seconds_paused == 0 and not decision.tries_used_up
    [verified] = [r for r in k.store.audit.records(event="verify") if r.subject == "M001"]
    assert (verified.detail["method"], verified.detail["outcome"]) == ("face", "pass")
    with pytest.raises(ProofRefusedError):  # the match checked the visitor in: it admits no one again
        check_in_confirmed(k, VISITOR, decision.proof)


def test_the_visits_last_counted_try_tells_staff_in_the_same_operation(kiosk_app):
    long_pause(kiosk_app)
    k = kiosk_app
    enroll_fake_face(k)
    ends = (End.NO_MATCH, End.TIMEOUT, End.LIVENESS)
    decisions = []
    for left, end in zip((3, 2, 1), ends):
        ops.begin_face_try(k, VISITOR, "M001")
        decisions.append(ops.decide_face_try(k, VISITOR, "M001", end, "passive" if end is End.LIVENESS else None,
                                             visit_tries_left=left))
        alert = tries_alert(k)
        assert (alert is not None and alert.detail.used_up) == (left == 1)
    assert [d.tries_used_up for d in decisions] == [False, False, True]
    assert all(d.proof is None and d.seconds_paused == 0 for d in decisions)
    assert [r.detail["reason"] for r in k.store.audit.records(event="face_try_failed")] == [
        "no_match", "timeout", "liveness:passive"]


def test_a_try_that_starts_a_pause_tells_staff_with_tries_left(kiosk_app):
    long_pause(kiosk_app)
    k = kiosk_app
    enroll_fake_face(k)
    decisions = []
    for _ in range(2 * k.settings.face_retries):  # across visits, each with all its tries left
        ops.begin_face_try(k, VISITOR, "M001")
        decisions.append(ops.decide_face_try(k, VISITOR, "M001", End.NO_MATCH, visit_tries_left=3))
    assert decisions[-1].seconds_paused > 0 and decisions[-1].tries_used_up
    assert not any(d.tries_used_up or d.seconds_paused for d in decisions[:-1])
    assert tries_alert(k).detail.used_up


def test_a_try_not_the_visitors_or_not_counted_per_visit_tells_staff_nothing(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k)
    ops.begin_face_try(k, VISITOR, "M001")
    interrupted = ops.decide_face_try(k, VISITOR, "M001", End.INTERRUPTED, visit_tries_left=1)  # the camera failed
    ops.begin_face_try(k, VISITOR, "M001")
    abandoned = ops.decide_face_try(k, VISITOR, "M001", End.ABANDONED)  # counted, but not as a visit's try
    assert not interrupted.tries_used_up and not abandoned.tries_used_up
    assert [r.detail["reason"] for r in k.store.audit.records(event="face_try_failed")] == ["abandoned"]
    assert tries_alert(k) is None or not tries_alert(k).detail.used_up


def test_another_members_visitor_decides_nothing(kiosk_app):
    k = kiosk_app
    enroll_fake_face(k)
    before = k.store.audit.count()
    for end in End:
        with pytest.raises(PermissionDeniedError):
            ops.decide_face_try(k, ops.Actor.visitor("M002"), "M001", end, visit_tries_left=1)
    assert k.store.audit.count() == before
