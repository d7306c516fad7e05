"""Proofs of who the visitor is: they belong to the member claimed at that moment, lapse at the
keypad time limit, and are what the table and the check-in operation demand (no Qt)."""

from __future__ import annotations

import itertools

import pytest

from kiosk import ops
from kiosk.domain.proofs import Proof, ProofLedger, ProofMethod, ProofRefusedError, keypad_limit
from kiosk.domain.session import (
    FRESH_PROOF_STATES,
    PROOF_STATES,
    TRANSITIONS,
    Claim,
    Event,
    Purpose,
    Session,
    SessionMachine,
    State,
    apply_claim,
)
from kiosk.ops.checkin import check_in_confirmed

LIMIT = 50.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def claim_of(member_no: str, **kw) -> Claim:
    fields = dict(display_name=f"Member {member_no}", birth_date_known=True, is_child=False, face_available=False,
                  face_setup_allowed=True)
    fields.update(kw)
    return Claim(member_no, **fields)


def machine(clock: Clock | None = None) -> SessionMachine:
    return SessionMachine(proof_s=LIMIT, clock=clock or Clock())


def claimed(m: SessionMachine, member_no: str, **kw) -> None:
    apply_claim(m.session, claim_of(member_no, **kw))
    m.fire(Event.CLAIMED)


def pin_ok(m: SessionMachine) -> State:
    m.session.prove(Proof(m.session.member_no, ProofMethod.PIN, m.clock()))
    return m.fire(Event.PIN_OK)


# -- the table --------------------------------------------------------------------

def _sessions():
    """Session shapes that steer the table's guards one way or another."""
    for purpose, help_from, is_child, known, face, failed in itertools.product(
            Purpose, [None, *State], [None, False, True], [False, True], [False, True], ["", "face", "pin"]):
        yield dict(purpose=purpose, help_from=help_from, is_child=is_child, birth_date_known=known,
                   face_available=face, failed_method=failed, member_no="1003")


def _target(target, state: State, shape: dict, proof: Proof | None, now: float) -> State:
    s = Session(proof_s=LIMIT, clock=lambda: now, **shape)
    s.proof = proof
    return target if isinstance(target, State) else target(s)


def test_every_transition_into_passed_needs_a_fresh_proof_of_the_member_claimed_now():
    now = 5000.0
    fresh = Proof("1003", ProofMethod.PIN, now - 1)
    lapsed = Proof("1003", ProofMethod.PIN, now - LIMIT - 1)
    other = Proof("1002", ProofMethod.PIN, now - 1)
    into_passed = set()
    shapes = list(_sessions())
    for (state, event), target in TRANSITIONS.items():
        for shape in shapes:
            if _target(target, state, shape, fresh, now) is State.PASSED:
                into_passed.add((state, event))
            for bad in (None, other):
                assert _target(target, state, shape, bad, now) not in PROOF_STATES, (state, event, shape, bad)
            reached = _target(target, state, shape, lapsed, now)
            assert reached not in FRESH_PROOF_STATES, (state, event, shape)
            if state is State.ASK_STAFF:  # Back from help: a lapsed proof is asked again
                assert reached not in PROOF_STATES, (event, shape)
    # the only ways in: a PIN, a face match, and the check-in after set-up (ended or declined)
    assert into_passed == {(State.PIN, Event.PIN_OK), (State.FACE, Event.FACE_MATCH),
                           (State.METHOD, Event.CHECK_IN), (State.RECEIPT, Event.DONE)}


def test_without_a_proof_the_pin_is_asked_and_it_checks_the_visitor_in():
    for start, event in [(State.METHOD, Event.CHECK_IN), (State.RECEIPT, Event.DONE), (State.FACE, Event.FACE_MATCH)]:
        m = machine()
        m.force(start, member_no="1003", purpose=Purpose.ENROLL)
        assert m.fire(event) is State.PIN and m.session.purpose is Purpose.VERIFY
        assert pin_ok(m) is State.PASSED


# -- a new claim starts from nothing -------------------------------------------------

def test_claiming_another_member_drops_every_proof_and_what_was_learnt():
    """Claim 1002, set up face, PIN, "No thanks", back to the claim, claim 1003: nothing of
    1002 is left, and "check in now" leads to 1003's PIN."""
    m = machine()
    m.fire(Event.START)
    claimed(m, "1002")
    m.fire(Event.CHOOSE_SETUP_FACE)
    assert pin_ok(m) is State.NOTICE
    m.fire(Event.CONSENT_DECLINED)
    s = m.session
    s.pin_failures, s.face_attempts, s.receipt, s.my_data, s.gate_ok = 2, 1, object(), object(), False
    assert m.state is State.METHOD and s.authenticated and s.left_setup and s.declined_enroll
    m.fire(Event.BACK)
    claimed(m, "1003")
    s = m.session
    assert s.member_no == "1003" and s.proof is None and not s.authenticated
    assert (s.pin_failures, s.face_attempts, s.receipt, s.my_data, s.enrollment, s.gate_ok) == (0, 0, None, None, None, True)
    assert not s.left_setup and not s.declined_enroll and s.help_from is None
    assert s.purpose is Purpose.VERIFY
    assert m.fire(Event.CHECK_IN) is State.PIN  # never "You're in" on 1002's PIN


def test_leaving_set_up_with_back_then_claiming_another_member_is_a_plain_check():
    m = machine()
    m.fire(Event.START)
    claimed(m, "1002")
    m.fire(Event.CHOOSE_SETUP_FACE)
    pin_ok(m)
    assert m.fire(Event.BACK) is State.METHOD and m.session.purpose is Purpose.ENROLL and m.session.left_setup
    m.fire(Event.BACK)
    claimed(m, "1003")
    assert m.session.purpose is Purpose.VERIFY and m.session.proof is None and not m.session.left_setup
    m.fire(Event.CHOOSE_PIN)
    assert pin_ok(m) is State.PASSED  # 1003's own PIN, no set-up


def test_the_same_member_claimed_again_keeps_the_proof():
    m = machine()
    m.fire(Event.START)
    claimed(m, "1002")
    m.fire(Event.CHOOSE_PIN)
    m.session.prove(Proof("1002", ProofMethod.PIN, m.clock()))
    m.fire(Event.BACK)
    m.fire(Event.BACK)
    claimed(m, "1002")
    assert m.session.proven()


def test_a_proof_of_another_member_is_never_held():
    m = machine()
    m.fire(Event.START)
    claimed(m, "1003")
    m.fire(Event.CHOOSE_PIN)
    m.session.prove(Proof("1002", ProofMethod.PIN, m.clock()))  # a late answer for the visitor before
    assert m.session.proof is None and m.fire(Event.PIN_OK) is State.PIN


# -- help is not an open door ----------------------------------------------------------

def test_a_confirmed_pin_lapses_on_the_help_screen():
    clock = Clock()
    m = machine(clock)
    m.fire(Event.START)
    claimed(m, "1002")
    m.fire(Event.CHOOSE_SETUP_FACE)
    pin_ok(m)
    m.fire(Event.CONSENT_DECLINED)
    m.fire(Event.ASK_STAFF)
    clock.now += LIMIT - 1
    assert m.fire(Event.BACK) is State.METHOD and m.session.proven()  # within the limit: still confirmed
    m.fire(Event.ASK_STAFF)
    clock.now += 2
    assert m.fire(Event.BACK) is State.METHOD and not m.session.proven()
    assert m.fire(Event.CHECK_IN) is State.PIN


def test_back_from_help_into_set_up_past_the_limit_asks_the_pin_again():
    clock = Clock()
    m = machine(clock)
    m.fire(Event.START)
    claimed(m, "1002")
    m.fire(Event.CHOOSE_SETUP_FACE)
    assert pin_ok(m) is State.NOTICE
    m.fire(Event.ASK_STAFF)
    clock.now += LIMIT + 1
    assert m.fire(Event.BACK) is State.PIN and m.session.purpose is Purpose.ENROLL
    assert pin_ok(m) is State.NOTICE  # the set-up goes on after the PIN


def test_reading_the_notice_longer_than_the_keypad_limit_is_no_help_request():
    """Set-up steps need a proof of this member, not a fresh one: the reading screens have
    their own (longer) inactivity limit, which wipes the session."""
    clock = Clock()
    m = machine(clock)
    m.fire(Event.START)
    claimed(m, "1002")
    m.fire(Event.CHOOSE_SETUP_FACE)
    pin_ok(m)
    clock.now += 110
    assert m.fire(Event.NOTICE_READ) is State.CONSENT
    assert m.fire(Event.CONSENT_ACCEPTED) is State.ENROLL_CAPTURE


# -- My data needs the PIN, pass or no pass ------------------------------------------------

def test_a_shown_face_pass_never_opens_my_data():
    m = machine()
    m.fire(Event.OPEN_MY_DATA)
    apply_claim(m.session, claim_of("1002", pass_code="KP1.sealed"))
    assert m.fire(Event.CLAIMED) is State.PIN and not m.session.authenticated
    assert m.fire(Event.PIN_OK) is State.PIN  # no proof: no My data
    assert pin_ok(m) is State.MY_DATA and m.session.pass_code == "KP1.sealed"


# -- the ledger and the check-in operation --------------------------------------------------

def test_the_ledger_admits_its_own_proof_once_for_its_member_within_the_limit():
    clock = Clock()
    ledger = ProofLedger(lambda: LIMIT, clock)
    p = ledger.issue("1002", ProofMethod.PIN)
    with pytest.raises(ProofRefusedError):
        ledger.check(p, "1003")
    forged = Proof("1002", ProofMethod.PIN, p.at, "guessed")
    for bad in (None, forged, Proof("1002", ProofMethod.PIN, p.at)):
        with pytest.raises(ProofRefusedError):
            ledger.check(bad, "1002")
    assert ledger.spend(p, "1002") == p
    with pytest.raises(ProofRefusedError):
        ledger.spend(p, "1002")  # spent
    q = ledger.issue("1002", ProofMethod.PIN)
    clock.now += LIMIT + 0.5
    with pytest.raises(ProofRefusedError):
        ledger.check(q, "1002")
    assert ledger.issue("1002", ProofMethod.PIN, spent=True).token not in ledger._held


def test_keypad_limit_is_inactivity_plus_the_still_there_countdown(kiosk_app):
    s = kiosk_app.settings
    assert keypad_limit(s) == s.inactivity_s + s.still_there_s == 50


def _checks(k, member_no):
    return [r.detail for r in k.store.audit.records(event="verify", subject=member_no)]


def test_check_in_demands_the_members_own_unspent_unlapsed_proof(kiosk_app):
    k = kiosk_app
    clock = Clock()
    k.proofs.clock = clock
    m1 = ops.Actor.visitor("M001")
    m2 = ops.Actor.visitor("M002")
    proof = ops.verify_by_pin(k, m1, "M001", "1234", check_in=False).proof
    assert proof is not None and proof.member_no == "M001" and _checks(k, "M001") == []
    before = k.store.audit.count()
    with pytest.raises(ProofRefusedError):
        check_in_confirmed(k, m2, proof)  # M001's PIN never checks in M002
    with pytest.raises(ProofRefusedError):
        check_in_confirmed(k, m2, None)
    assert k.store.audit.count() == before and _checks(k, "M002") == []
    assert check_in_confirmed(k, m1, proof) == "M001"
    assert _checks(k, "M001") == [{"method": "pin", "outcome": "pass"}]
    with pytest.raises(ProofRefusedError):
        check_in_confirmed(k, m1, proof)  # once
    late = ops.verify_by_pin(k, m1, "M001", "1234", check_in=False).proof
    clock.now += 51
    with pytest.raises(ProofRefusedError):
        check_in_confirmed(k, m1, late)
    assert len(_checks(k, "M001")) == 1
    # a PIN that checks in at once brings a proof that admits no one again
    spent = ops.verify_by_pin(k, m1, "M001", "1234").proof
    with pytest.raises(ProofRefusedError):
        check_in_confirmed(k, m1, spent)
    assert ops.verify_by_pin(k, m1, "M001", "9999").proof is None
