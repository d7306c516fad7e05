"""The visitor session as an explicit state machine (Qt-free; the UI maps states to pages).

Every visitor flow of PRODUCT.md is here from the start, so pages can be added later
without touching navigation:

* verify:   WELCOME -> CLAIM -> METHOD -> PIN | FACE -> PASSED / FAILED (+ PIN_LOCKED,
  CAMERA_UNAVAILABLE, ASK_STAFF)
* set up face (optional): CLAIM -> METHOD -> PIN (purpose ENROLL) -> AGE (only without a
  birth date) -> GUARDIAN (under 14: the parent or guardian identifies first) -> NOTICE
  (for a child, addressed to the parent) -> CONSENT -> ENROLL_CAPTURE -> RECEIPT
* my data:  WELCOME -> CLAIM (purpose MY_DATA) -> PIN -> MY_DATA -> MY_DATA_DELETED
* staff:    WELCOME -> STAFF (the staff area keeps its own navigation inside that state)

``CANCEL`` and ``TIMEOUT`` go to WELCOME from anywhere and wipe the session. ``ASK_STAFF``
("Help / ask staff") is accepted on every visitor screen; Back on the help screen returns to
where the visitor was. A transition's target is a state or a function of the session (a guard).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from kiosk.domain.consent import EnrollmentFlow, EnrollmentReceipt
    from kiosk.domain.mydata import DeletionReceipt, MyData


class State(str, Enum):
    WELCOME = "welcome"
    CLAIM = "claim"
    METHOD = "method"
    PIN = "pin"
    PIN_LOCKED = "pin-locked"
    FACE = "face"
    PASSED = "result-success"
    FAILED = "result-failure"
    CAMERA_UNAVAILABLE = "camera-unavailable"
    ASK_STAFF = "ask-staff"
    # set up face
    NOTICE = "notice"
    CONSENT = "consent"
    AGE = "age"
    GUARDIAN = "guardian"
    ENROLL_CAPTURE = "enroll-capture"
    RECEIPT = "receipt"
    # my data
    MY_DATA = "mydata"
    MY_DATA_DELETED = "mydata-deleted"
    # staff area
    STAFF = "staff"


class Purpose(str, Enum):
    VERIFY = "verify"
    ENROLL = "enroll"
    MY_DATA = "mydata"


class Event(str, Enum):
    START = "start"  # welcome: "check in"
    OPEN_MY_DATA = "open_my_data"  # welcome: "My data"
    CLAIMED = "claimed"  # a pass or member number was found
    CHOOSE_PIN = "choose_pin"
    CHOOSE_FACE = "choose_face"
    CHOOSE_SETUP_FACE = "choose_setup_face"
    CHECK_IN = "check_in"  # the PIN was already confirmed in this visit (set-up ended): in at once
    ASK_STAFF = "ask_staff"
    PIN_OK = "pin_ok"
    PIN_WRONG = "pin_wrong"
    PIN_LOCKED = "pin_locked"
    FACE_MATCH = "face_match"
    FACE_NO_MATCH = "face_no_match"  # no match or timeout: counts as a face attempt
    CAMERA_FAILED = "camera_failed"
    TRY_AGAIN = "try_again"
    OTHER_WAYS = "other_ways"
    CONSENT_ACCEPTED = "consent_accepted"
    CONSENT_DECLINED = "consent_declined"
    NOTICE_READ = "notice_read"
    AGE_ADULT = "age_adult"
    AGE_CHILD = "age_child"
    GUARDIAN_OK = "guardian_ok"
    CAPTURED = "captured"
    ENROLL_FAILED = "enroll_failed"
    DELETE_CONFIRMED = "delete_confirmed"
    STAFF_ENTER = "staff_enter"
    STAFF_EXIT = "staff_exit"
    BACK = "back"
    DONE = "done"
    CANCEL = "cancel"
    TIMEOUT = "timeout"


class FaceOutcome(Enum):
    """Why a face check did not pass, for the result page."""

    NO_MATCH = "no_match"
    TIMEOUT = "timeout"
    LIVENESS_FAILED = "liveness_failed"


@dataclass
class Session:
    """What the kiosk knows about the visitor in front of it. Never a PIN, frame or template."""

    purpose: Purpose = Purpose.VERIFY
    member_no: str | None = None
    display_name: str = ""  # shown only after a successful check
    birth_date_known: bool = False
    is_child: bool | None = None  # from the birth date, or declared on the AGE page
    face_available: bool = False  # a valid enrollment under an unwithdrawn consent
    face_attempts: int = 0
    face_retries: int = 3
    pin_failures: int = 0  # wrong PINs in this session (the lockout itself is stored)
    locked_seconds: float = 0.0
    failed_method: str = ""  # "face" | "pin" | ""
    declined_enroll: bool = False  # declining is not asked again in the same session
    authenticated: bool = False
    gate_ok: bool = True  # False when the gate output failed: the visitor is sent to staff
    face_setup_allowed: bool = False  # set-up may be offered: face allowed here (rule 9), operator named, no face yet
    help_from: State | None = None  # the screen where the visitor asked for help
    left_setup: bool = False  # set-up was declined or stopped: "Nothing was saved"
    pass_code: str = ""  # pass mode: the sealed face pass scanned at the claim (ciphertext, never a template)
    # what later pages of a flow show (no biometric data in any of them)
    enrollment: EnrollmentFlow | None = None  # set up face: the consent draft being built
    receipt: EnrollmentReceipt | None = None  # set up face: what was stored
    my_data: MyData | None = None  # my data: everything stored about the member
    deleted: DeletionReceipt | None = None  # my data: what was deleted
    face_outcome: FaceOutcome | None = None  # why the last face check did not pass
    liveness_refusal: str = ""  # with LIVENESS_FAILED: the liveness Refusal code (typed in kiosk.liveness)

    @property
    def face_retries_left(self) -> int:
        return max(0, self.face_retries - self.face_attempts)

    @property
    def can_use_face(self) -> bool:
        return self.face_available and self.face_retries_left > 0


Target = State | Callable[[Session], State]


def _after_claim(s: Session) -> State:
    if s.purpose is Purpose.MY_DATA:  # a valid face pass of this member stands in for the PIN here
        return State.MY_DATA if s.pass_code else State.PIN
    return State.METHOD


def _after_pin(s: Session) -> State:
    return {Purpose.VERIFY: State.PASSED, Purpose.ENROLL: _setup_start(s), Purpose.MY_DATA: State.MY_DATA}[s.purpose]


def _setup_start(s: Session) -> State:
    """Set-up asks the age first when the birth date is unknown, and for a child the parent
    or guardian identifies before any notice or question is put."""
    if s.is_child is None:
        return State.AGE
    return State.GUARDIAN if s.is_child else State.NOTICE


def _guardian_back(s: Session) -> State:
    return State.METHOD if s.birth_date_known else State.AGE


def _notice_back(s: Session) -> State:
    if s.is_child:
        return State.GUARDIAN
    return State.METHOD if s.birth_date_known else State.AGE


def _pin_back(s: Session) -> State:
    return State.CLAIM if s.purpose is Purpose.MY_DATA else State.METHOD


def _face(s: Session) -> State:
    """The face step only for a member with a usable face enrollment and tries left."""
    return State.FACE if s.can_use_face else State.METHOD


#: the steps of setting up face after the PIN, in order (some only for some visitors)
SETUP_STATES = frozenset({State.AGE, State.GUARDIAN, State.NOTICE, State.CONSENT, State.ENROLL_CAPTURE})


def setup_step(s: Session, state: State) -> tuple[int, int] | None:
    """"Step 2 of 4" in the set-up flow: (step, steps) for this visitor, or None elsewhere."""
    if s.purpose is not Purpose.ENROLL or state not in SETUP_STATES | {State.PIN}:
        return None
    steps = [State.PIN]
    if not s.birth_date_known:
        steps.append(State.AGE)
    if s.is_child:
        steps.append(State.GUARDIAN)
    steps += [State.NOTICE, State.CONSENT, State.ENROLL_CAPTURE]
    return (steps.index(state) + 1, len(steps)) if state in steps else None


#: where Back on the help screen leads instead of the screen help was asked from
_HELP_BACK = {State.FACE: State.METHOD, State.PIN_LOCKED: State.METHOD, State.PASSED: State.WELCOME,
              State.ENROLL_CAPTURE: State.METHOD}
#: screens without a "Help / ask staff" button
NO_HELP_STATES = frozenset({State.ASK_STAFF, State.STAFF})


def _help_back(s: Session) -> State:
    if s.help_from is None:
        return State.METHOD
    return _HELP_BACK.get(s.help_from, s.help_from)


def _try_again(s: Session) -> State:
    if s.failed_method == "face" and s.can_use_face:
        return State.FACE
    if s.failed_method == "pin":
        return State.PIN
    return State.METHOD


#: Events that lead to the same place from each of several states.
_SHARED: dict[Event, tuple[Target, frozenset[State]]] = {
    Event.CHOOSE_PIN: (State.PIN, frozenset({State.METHOD, State.FACE, State.FAILED, State.CAMERA_UNAVAILABLE})),
    Event.CHOOSE_FACE: (_face, frozenset({State.METHOD, State.PIN_LOCKED})),
    Event.OTHER_WAYS: (State.METHOD, frozenset({State.PIN_LOCKED, State.FAILED, State.CAMERA_UNAVAILABLE})),
    Event.CAMERA_FAILED: (State.CAMERA_UNAVAILABLE, frozenset({State.FACE, State.ENROLL_CAPTURE})),
    Event.CONSENT_DECLINED: (State.METHOD, frozenset({State.GUARDIAN, State.NOTICE, State.CONSENT})),
    Event.DONE: (State.WELCOME, frozenset({State.FAILED, State.PASSED, State.ASK_STAFF, State.MY_DATA,
                                           State.MY_DATA_DELETED})),
}

#: What else each state accepts. CANCEL and TIMEOUT go to WELCOME from every state, and
#: ASK_STAFF to ASK_STAFF from every state but NO_HELP_STATES (see SessionMachine.fire).
_BY_STATE: dict[State, dict[Event, Target]] = {
    State.WELCOME: {Event.START: State.CLAIM, Event.OPEN_MY_DATA: State.CLAIM, Event.STAFF_ENTER: State.STAFF},
    State.CLAIM: {Event.CLAIMED: _after_claim, Event.BACK: State.WELCOME},
    State.METHOD: {Event.CHECK_IN: State.PASSED, Event.PIN_LOCKED: State.PIN_LOCKED,
                   Event.CHOOSE_SETUP_FACE: State.PIN, Event.BACK: State.CLAIM},
    State.PIN: {Event.PIN_OK: _after_pin, Event.PIN_WRONG: State.PIN, Event.PIN_LOCKED: State.PIN_LOCKED,
                Event.BACK: _pin_back},
    State.PIN_LOCKED: {Event.TRY_AGAIN: State.PIN, Event.BACK: State.METHOD},  # TRY_AGAIN: the pause is over
    State.FACE: {Event.FACE_MATCH: State.PASSED, Event.FACE_NO_MATCH: State.FAILED, Event.BACK: State.METHOD},
    State.FAILED: {Event.TRY_AGAIN: _try_again},
    State.CAMERA_UNAVAILABLE: {Event.BACK: State.METHOD},
    State.ASK_STAFF: {Event.BACK: _help_back},
    # set up face
    State.AGE: {Event.AGE_ADULT: State.NOTICE, Event.AGE_CHILD: State.GUARDIAN, Event.BACK: State.METHOD},
    State.GUARDIAN: {Event.GUARDIAN_OK: State.NOTICE, Event.BACK: _guardian_back},
    State.NOTICE: {Event.NOTICE_READ: State.CONSENT, Event.BACK: _notice_back,
                   Event.CONSENT_ACCEPTED: State.ENROLL_CAPTURE},  # notice and consent on one page
    State.CONSENT: {Event.CONSENT_ACCEPTED: State.ENROLL_CAPTURE, Event.BACK: State.NOTICE},
    State.ENROLL_CAPTURE: {Event.CAPTURED: State.RECEIPT, Event.ENROLL_FAILED: State.FAILED, Event.BACK: State.METHOD},
    State.RECEIPT: {Event.DONE: State.PASSED},  # set-up completes the visit: checked in
    # my data
    State.MY_DATA: {Event.DELETE_CONFIRMED: State.MY_DATA_DELETED},
    # staff
    State.STAFF: {Event.STAFF_EXIT: State.WELCOME},
}


def _table() -> dict[tuple[State, Event], Target]:
    table = {(state, event): target for state, row in _BY_STATE.items() for event, target in row.items()}
    for event, (target, states) in _SHARED.items():
        for state in states:
            if (state, event) in table:
                raise ValueError(f"{event.value} in {state.value} is listed twice")
            table[(state, event)] = target
    return table


#: (state, event) -> target state, or a guard choosing it from the session
TRANSITIONS: dict[tuple[State, Event], Target] = _table()


class InvalidTransition(ValueError):
    """A page fired an event its state does not accept (a programming error)."""


Listener = Callable[[State, State, Event], None]


class SessionMachine:
    """Holds the current state and session; ``fire`` moves it and tells listeners."""

    def __init__(self, face_retries: int = 3) -> None:
        self.face_retries = face_retries
        self.state = State.WELCOME
        self.session = Session(face_retries=face_retries)
        self._listeners: list[Listener] = []
        self._generation = itertools.count(1)
        #: changes on every wipe; work started for an older session is dropped
        self.generation = next(self._generation)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def can_fire(self, event: Event) -> bool:
        if event is Event.ASK_STAFF and self.state not in NO_HELP_STATES:
            return True
        return event in (Event.CANCEL, Event.TIMEOUT) or (self.state, event) in TRANSITIONS

    def fire(self, event: Event) -> State:
        old = self.state
        if event in (Event.CANCEL, Event.TIMEOUT):
            new = State.WELCOME
        elif event is Event.ASK_STAFF and old not in NO_HELP_STATES:
            self.session.help_from = old
            new = State.ASK_STAFF
        else:
            target = TRANSITIONS.get((old, event))
            if target is None:
                raise InvalidTransition(f"{event.value} is not accepted in state {old.value}")
            new = target if isinstance(target, State) else target(self.session)
        self._apply(old, new, event)
        return new

    def _apply(self, old: State, new: State, event: Event) -> None:
        s = self.session
        if event is Event.OPEN_MY_DATA:
            s.purpose = Purpose.MY_DATA
        elif event is Event.CHOOSE_SETUP_FACE:
            s.purpose = Purpose.ENROLL
        elif event is Event.CHOOSE_PIN or (event is Event.BACK and old is State.PIN):
            s.purpose = Purpose.MY_DATA if s.purpose is Purpose.MY_DATA else Purpose.VERIFY
        elif event is Event.PIN_OK or (event is Event.CLAIMED and s.purpose is Purpose.MY_DATA and s.pass_code):
            s.authenticated = True
        elif event is Event.PIN_WRONG:
            s.pin_failures += 1
        elif event in (Event.FACE_NO_MATCH, Event.ENROLL_FAILED):
            s.failed_method = "face"
            s.face_attempts += event is Event.FACE_NO_MATCH
        elif event is Event.CONSENT_DECLINED:
            s.declined_enroll = True
            s.purpose = Purpose.VERIFY
        elif event is Event.AGE_ADULT:
            s.is_child = False
        elif event is Event.AGE_CHILD:
            s.is_child = True
        if new is State.METHOD and old in SETUP_STATES:
            s.left_setup = True
        if new is State.WELCOME:
            self.wipe()
        self.state = new
        for listener in list(self._listeners):
            listener(old, new, event)

    def wipe(self) -> None:
        """Forget the visitor: a fresh session and a new generation."""
        self.session = Session(face_retries=self.face_retries)
        self.generation = next(self._generation)

    def force(self, state: State, **session: object) -> None:
        """Jump to ``state`` with the given session fields (screenshots and tests only)."""
        self.wipe()
        for k, v in session.items():
            setattr(self.session, k, v)
        old, self.state = self.state, state
        for listener in list(self._listeners):
            listener(old, state, Event.DONE)


@dataclass(frozen=True)
class Claim:
    """Who the visitor says they are (found by :func:`kiosk.ops.lookup_claim`); the display
    name is shown only after a check."""

    member_no: str
    display_name: str
    birth_date_known: bool
    is_child: bool | None
    face_available: bool
    face_setup_allowed: bool
    pass_code: str = ""


def apply_claim(session: Session, claim: Claim) -> None:
    session.member_no = claim.member_no
    session.display_name = claim.display_name
    session.birth_date_known = claim.birth_date_known
    session.is_child = claim.is_child
    session.face_available = claim.face_available
    session.face_setup_allowed = claim.face_setup_allowed
    session.pass_code = claim.pass_code
