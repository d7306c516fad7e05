"""The visitor session state machine, without Qt."""

from __future__ import annotations

import pytest

from kiosk.domain.proofs import Proof, ProofMethod
from kiosk.domain.session import (
    TRANSITIONS,
    Event,
    InvalidTransition,
    Purpose,
    SessionMachine,
    State,
    apply_claim,
)
from kiosk.errors import NotFoundError, PassNotValidError
from kiosk.ops import Actor
from kiosk.ops import lookup_claim as claim_op


def lookup_claim(kiosk, text):
    return claim_op(kiosk, Actor.visitor(None), text)


def walk(m: SessionMachine, *events: Event) -> State:
    """Fire ``events``. CLAIMED claims M001 unless a member is claimed; PIN_OK comes with the
    proof that the PIN operation gives, as the PIN screen holds it."""
    for e in events:
        if e is Event.CLAIMED and m.session.member_no is None:
            m.session.member_no = "M001"
        if e is Event.PIN_OK:
            m.session.prove(Proof(m.session.member_no, ProofMethod.PIN, m.clock()))
        m.fire(e)
    return m.state


def test_verify_by_pin_path():
    m = SessionMachine()
    assert walk(m, Event.START, Event.CLAIMED, Event.CHOOSE_PIN, Event.PIN_WRONG) is State.PIN
    assert m.session.pin_failures == 1
    assert walk(m, Event.PIN_OK) is State.PASSED
    assert m.session.authenticated
    assert walk(m, Event.DONE) is State.WELCOME
    assert m.session.pin_failures == 0 and not m.session.authenticated


def test_face_retries_are_limited_then_only_other_ways():
    m = SessionMachine(face_retries=2)
    walk(m, Event.START, Event.CLAIMED)
    m.session.face_available = True
    walk(m, Event.CHOOSE_FACE, Event.FACE_NO_MATCH)
    assert m.state is State.FAILED and m.session.face_retries_left == 1
    assert walk(m, Event.TRY_AGAIN, Event.FACE_NO_MATCH) is State.FAILED
    assert not m.session.can_use_face
    assert walk(m, Event.TRY_AGAIN) is State.METHOD  # no face left: back to the alternatives


def test_camera_failure_offers_pin():
    m = SessionMachine()
    walk(m, Event.START, Event.CLAIMED)
    m.session.face_available = True  # the face step is only for a member with a face enrollment
    walk(m, Event.CHOOSE_FACE, Event.CAMERA_FAILED)
    assert m.state is State.CAMERA_UNAVAILABLE
    assert walk(m, Event.CHOOSE_PIN) is State.PIN


def test_lockout_and_staff():
    m = SessionMachine()
    assert walk(m, Event.START, Event.CLAIMED, Event.CHOOSE_PIN, Event.PIN_LOCKED) is State.PIN_LOCKED
    assert walk(m, Event.ASK_STAFF, Event.DONE) is State.WELCOME


def test_set_up_face_flow_needs_pin_first_and_asks_age_when_unknown():
    m = SessionMachine()
    walk(m, Event.START, Event.CLAIMED, Event.CHOOSE_SETUP_FACE)
    assert m.state is State.PIN and m.session.purpose is Purpose.ENROLL
    assert walk(m, Event.PIN_OK) is State.AGE  # asked before any notice or consent
    assert walk(m, Event.AGE_ADULT, Event.NOTICE_READ, Event.CONSENT_ACCEPTED) is State.ENROLL_CAPTURE


def test_guardian_first_for_a_child():
    """Under 14 (from the birth date or declared): the parent or guardian identifies before
    the notice and the consent question, and can decline there too."""
    m = SessionMachine()
    walk(m, Event.START, Event.CLAIMED, Event.CHOOSE_SETUP_FACE)
    m.session.is_child, m.session.birth_date_known = True, True
    order = [walk(m, Event.PIN_OK)]
    order += [walk(m, e) for e in (Event.GUARDIAN_OK, Event.NOTICE_READ, Event.CONSENT_ACCEPTED)]
    assert order == [State.GUARDIAN, State.NOTICE, State.CONSENT, State.ENROLL_CAPTURE]
    declared = SessionMachine()
    walk(declared, Event.START, Event.CLAIMED, Event.CHOOSE_SETUP_FACE, Event.PIN_OK)
    assert walk(declared, Event.AGE_CHILD) is State.GUARDIAN and declared.session.is_child
    assert walk(declared, Event.BACK) is State.AGE
    assert walk(declared, Event.AGE_CHILD, Event.CONSENT_DECLINED) is State.METHOD
    assert declared.session.declined_enroll


def test_set_up_face_skips_age_when_birth_date_known_and_decline_costs_nothing():
    m = SessionMachine()
    walk(m, Event.START, Event.CLAIMED, Event.CHOOSE_SETUP_FACE)
    m.session.is_child, m.session.birth_date_known = False, True
    assert walk(m, Event.PIN_OK) is State.NOTICE
    assert walk(m, Event.NOTICE_READ, Event.CONSENT_ACCEPTED) is State.ENROLL_CAPTURE
    m2 = SessionMachine()
    walk(m2, Event.START, Event.CLAIMED, Event.CHOOSE_SETUP_FACE)
    m2.session.is_child, m2.session.birth_date_known = False, True
    walk(m2, Event.PIN_OK, Event.CONSENT_DECLINED)
    assert m2.state is State.METHOD and m2.session.declined_enroll and m2.session.purpose is Purpose.VERIFY
    assert walk(m2, Event.CHOOSE_PIN, Event.PIN_OK) is State.PASSED


def test_my_data_flow_goes_claim_pin_mydata():
    m = SessionMachine()
    assert walk(m, Event.OPEN_MY_DATA, Event.CLAIMED) is State.PIN
    assert walk(m, Event.PIN_OK) is State.MY_DATA
    assert walk(m, Event.DELETE_CONFIRMED, Event.DONE) is State.WELCOME
    assert m.session.purpose is Purpose.VERIFY


def test_cancel_and_timeout_from_every_state_wipe_the_session():
    for state in State:
        m = SessionMachine()
        m.force(state, member_no="M001", display_name="Alice", face_attempts=2)
        gen = m.generation
        m.fire(Event.TIMEOUT if state.value < "m" else Event.CANCEL)
        assert m.state is State.WELCOME
        assert m.session.member_no is None and m.session.display_name == "" and m.generation != gen


def test_every_state_is_reachable_and_has_a_way_out():
    targets = {State.WELCOME}
    for t in TRANSITIONS.values():
        t = getattr(t, "target", t)  # a ProofGuard around the target
        if isinstance(t, State):
            targets.add(t)
    guarded = {State.PASSED, State.NOTICE, State.MY_DATA, State.AGE, State.GUARDIAN, State.ENROLL_CAPTURE, State.FACE}
    targets |= guarded | {State.ASK_STAFF}  # ASK_STAFF: from every state but NO_HELP_STATES (fire)
    assert targets == set(State)
    sources = {s for s, _ in TRANSITIONS}
    assert sources == set(State)


def test_invalid_events_raise_and_listeners_hear_moves():
    m = SessionMachine()
    heard = []
    m.subscribe(lambda old, new, ev: heard.append((old, new, ev)))
    with pytest.raises(InvalidTransition):
        m.fire(Event.PIN_OK)
    m.fire(Event.START)
    assert heard == [(State.WELCOME, State.CLAIM, Event.START)]


def test_lookup_claim_by_card_and_number(kiosk_app):
    c = lookup_claim(kiosk_app, "CARD001")
    assert c.member_no == "M001" and c.birth_date_known and c.is_child is False and not c.face_available
    assert lookup_claim(kiosk_app, " M003 ").is_child is True
    assert lookup_claim(kiosk_app, "M002").is_child is None
    with pytest.raises(NotFoundError):
        lookup_claim(kiosk_app, "nobody")
    kiosk_app.store.members.set_active("M004", False)
    with pytest.raises(PassNotValidError):
        lookup_claim(kiosk_app, "CARD004")
    m = SessionMachine()
    apply_claim(m.session, c)
    assert m.session.member_no == "M001"


def test_set_up_is_offered_only_where_it_can_complete(kiosk_app):
    assert not lookup_claim(kiosk_app, "M001").face_setup_allowed  # no operator name or contact yet
    kiosk_app.save_settings(kiosk_app.settings.replace(operator_name="Zoo", operator_contact="desk@zoo.example"), "test")
    assert lookup_claim(kiosk_app, "CARD001").face_setup_allowed
    kiosk_app.save_settings(kiosk_app.settings.replace(site_type="bathhouse"), "test")
    claim = lookup_claim(kiosk_app, "M001")
    assert not claim.face_setup_allowed and not claim.face_available



def test_the_session_holds_typed_drafts_only():
    """Later pages read the enrollment draft, receipts and the face outcome from typed fields,
    never from an untyped scratch dictionary."""
    import dataclasses

    from kiosk.domain.session import Session

    hints = {f.name: str(f.type) for f in dataclasses.fields(Session)}
    assert not [name for name, hint in hints.items() if hint == "dict" or hint.startswith(("dict[", "Any"))]
    assert hints["enrollment"] == "EnrollmentFlow | None" and hints["face_outcome"] == "FaceOutcome | None"
    assert hints["receipt"] == "EnrollmentReceipt | None" and hints["my_data"] == "MyData | None"


def test_the_screens_compare_no_outcome_strings():
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parents[1] / "kiosk" / "ui"
    found = [f"{p.name}: {m}" for p in ui.rglob("*.py")
             for m in re.findall(r"\.(?:kind|face_outcome)\s*(?:==|!=|in)\s*[\"'(]", p.read_text())]
    assert found == []
