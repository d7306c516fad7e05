"""My data lists refused attempts among the recent checks (a face the liveness check refused,
a face that did not match, a wrong PIN, a PIN typed while entry was paused), each with its
method and time; and the demo banner stops saying "face set up" once the face is deleted."""

from __future__ import annotations

from kiosk import ops
from kiosk.domain.face_tries import TryEnd
from kiosk.domain.mydata import Refusal
from kiosk.domain.proofs import ProofMethod
from tests.ui_helpers import enroll_fake_face


def shown_to_member(kiosk_app, member_no: str):
    """My data as the member sees it once their PIN is confirmed (the listing, not the PIN, is tested here)."""
    proof = kiosk_app.proofs.issue(member_no, ProofMethod.PIN)
    return ops.my_data(kiosk_app, ops.Actor.visitor(member_no), member_no, proof=proof)


def test_refused_attempts_are_among_the_recent_checks(kiosk_app):
    enroll_fake_face(kiosk_app, "M001")
    visitor = ops.Actor.visitor("M001")
    ops.begin_face_try(kiosk_app, visitor, "M001")
    ops.end_face_try(kiosk_app, visitor, "M001", TryEnd.LIVENESS, "passive")  # a photo held up
    ops.record_face_attempt(kiosk_app, visitor, "M001", False)  # no match
    assert ops.verify_by_pin(kiosk_app, visitor, "M001", "9999", check_in=False).outcome is ops.PinOutcome.WRONG
    assert ops.verify_by_pin(kiosk_app, visitor, "M001", "1234").outcome is ops.PinOutcome.ACCEPTED
    checks = shown_to_member(kiosk_app, "M001").checks
    assert [(c.method, c.passed, c.refusal) for c in checks] == [
        ("pin", True, Refusal.NONE), ("pin", False, Refusal.WRONG_PIN), ("face", False, Refusal.NO_MATCH),
        ("face", False, Refusal.LIVENESS)]
    assert all(c.at.endswith("+00:00") for c in checks)


def test_a_pin_typed_while_entry_is_paused_is_listed(kiosk_app):
    visitor = ops.Actor.visitor("M002")
    for _ in range(kiosk_app.pins.max_failures):
        ops.verify_by_pin(kiosk_app, visitor, "M002", "0000")
    assert ops.verify_by_pin(kiosk_app, visitor, "M002", "1234").outcome is ops.PinOutcome.LOCKED
    [latest, *earlier] = shown_to_member(kiosk_app, "M002").checks
    assert (latest.method, latest.passed, latest.refusal) == ("pin", False, Refusal.PIN_PAUSED)
    assert all(c.refusal is Refusal.WRONG_PIN for c in earlier)


def test_the_my_data_page_words_each_refusal(qtbot, kiosk_app):
    from kiosk.domain.session import State
    from tests.test_ui_staff import close, make_window

    enroll_fake_face(kiosk_app, "M001")
    visitor = ops.Actor.visitor("M001")
    ops.begin_face_try(kiosk_app, visitor, "M001")
    ops.end_face_try(kiosk_app, visitor, "M001", TryEnd.LIVENESS, "passive")
    ops.verify_by_pin(kiosk_app, visitor, "M001", "9999", check_in=False)
    w = make_window(qtbot, kiosk_app, gate=lambda method: True)
    try:
        w.machine.force(State.MY_DATA, member_no="M001", authenticated=True,
                        my_data=shown_to_member(kiosk_app, "M001"))
        text = w.pages[State.MY_DATA].check_list.text()
        assert "PIN: refused: wrong PIN" in text
        assert "face: refused: the camera could not tell a live face" in text
    finally:
        close(qtbot, w)


def test_the_demo_banner_follows_a_deletion(qtbot, tmp_path):
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.demo import DemoInfo, populate
    from kiosk.domain.session import State
    from tests.test_ui_staff import close, make_window

    k = create(tmp_path / "demo", engine=FakeEngine(), init=True)
    try:
        populate(k)
        demo = DemoInfo(tmp_path)
        with_face = [m for m in demo.members if m.face]
        assert with_face
        w = make_window(qtbot, k, gate=lambda method: True, demo=demo)
        try:
            member = with_face[0]
            shown = f"No. {member.member_no} {member.display_name}, PIN {member.pin} (face set up)"
            assert shown in w.demo_banner.text()
            ops.forget_face(k, ops.Actor.visitor(member.member_no), member.member_no,
                            proof=k.proofs.issue(member.member_no, ProofMethod.PIN))
            w.machine.force(State.MY_DATA_DELETED, member_no=member.member_no)
            qtbot.waitUntil(lambda: shown not in w.demo_banner.text(), timeout=5000)
            assert f"No. {member.member_no} {member.display_name}, PIN {member.pin}" in w.demo_banner.text()
        finally:
            close(qtbot, w)
    finally:
        k.close()
