"""In the real window: one member's PIN never checks in another, whatever the way from the
first claim to the second, and a confirmed PIN lapses at the keypad time limit, Help or not
(pytest-qt, fake engine, frames in memory)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.session import State
from tests.test_ui_claim import face_with_pass
from tests.ui_helpers import Camera

TIMEOUT = 10_000


class Clock:
    """The proofs' clock (monotonic seconds), moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def k(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(operator_name="Sunny Zoo Ltd", operator_contact="privacy@zoo.example",
                                                       liveness="off"), "test")
    kiosk_app.proofs.clock = Clock()
    return kiosk_app


@pytest.fixture
def camera():
    return Camera()


@pytest.fixture
def gate_calls():
    return []


@pytest.fixture
def window(qtbot, k, camera, gate_calls):
    from kiosk.ui.main import build_window

    w = build_window(k, camera="memory", open_source=camera.open, language="en",
                     gate=lambda method: gate_calls.append(method) or True, face_timeout_s=4.0)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)
    assert camera.open_now == 0, "the camera was left open"


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def wait_state(qtbot, w, state) -> None:
    qtbot.waitUntil(lambda: w.machine.state is state, timeout=TIMEOUT)


def type_claim(qtbot, w, text) -> None:
    field = w.pages[State.CLAIM].field
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_state(qtbot, w, State.METHOD)


def type_pin(qtbot, w, pin="1234") -> None:
    page = w.pages[State.PIN]
    for d in pin:
        click(qtbot, page.keypad.keys[d])
    click(qtbot, page.keypad.ok_key)


def first_member_confirms_pin_in_set_up(qtbot, w) -> None:
    """M001 claims, starts "Set up face verification" and types her PIN: the notice shows."""
    click(qtbot, w.pages[State.WELCOME].start_button)
    type_claim(qtbot, w, "M001")
    click(qtbot, w.pages[State.METHOD].setup_face_button)
    wait_state(qtbot, w, State.PIN)
    type_pin(qtbot, w)
    wait_state(qtbot, w, State.NOTICE)
    assert w.machine.session.authenticated


def decline(qtbot, w) -> None:
    """"No thanks" on the notice: back on the method screen, the PIN already confirmed."""
    notice = w.pages[State.NOTICE]
    qtbot.waitUntil(notice.next_button.isEnabled, timeout=TIMEOUT)
    click(qtbot, notice.next_button)
    wait_state(qtbot, w, State.CONSENT)
    click(qtbot, w.pages[State.CONSENT].decline_button)
    wait_state(qtbot, w, State.METHOD)
    assert w.pages[State.METHOD].pin_button.text().startswith("Check in now")


def back(qtbot, w, state) -> None:
    click(qtbot, w.pages[w.machine.state].back_button)
    wait_state(qtbot, w, state)


def checks(k, member_no):
    return [r.detail for r in k.store.audit.records(event="verify", subject=member_no)]


def assert_second_member_must_prove(qtbot, w, k, gate_calls, member_no="M002") -> None:
    """The second member is offered the PIN, never "Check in now"; choosing it asks for the PIN."""
    s = w.machine.session
    assert s.member_no == member_no and s.proof is None and not s.left_setup
    method = w.pages[State.METHOD]
    assert method.pin_button.text().startswith("PIN") and not method.saved_note.isVisible()
    click(qtbot, method.pin_button)
    wait_state(qtbot, w, State.PIN)
    assert gate_calls == [] and checks(k, member_no) == []


def route_back(qtbot, w) -> None:
    decline(qtbot, w)
    back(qtbot, w, State.CLAIM)


def route_help(qtbot, w) -> None:
    decline(qtbot, w)
    click(qtbot, w.pages[State.METHOD].help_button)
    wait_state(qtbot, w, State.ASK_STAFF)
    click(qtbot, w.pages[State.ASK_STAFF].back_button)  # "Back to where I was"
    wait_state(qtbot, w, State.METHOD)
    back(qtbot, w, State.CLAIM)
    click(qtbot, w.pages[State.CLAIM].help_button)
    wait_state(qtbot, w, State.ASK_STAFF)
    click(qtbot, w.pages[State.ASK_STAFF].back_button)
    wait_state(qtbot, w, State.CLAIM)


def route_leave_set_up(qtbot, w) -> None:
    back(qtbot, w, State.METHOD)  # Back out of the set-up, no answer given
    assert w.machine.session.left_setup
    back(qtbot, w, State.CLAIM)


@pytest.mark.parametrize("route", [route_back, route_help, route_leave_set_up])
@pytest.mark.parametrize("second", ["M002", "CARD002"])
def test_another_members_pin_never_checks_in_the_next_claim(qtbot, window, k, gate_calls, route, second):
    first_member_confirms_pin_in_set_up(qtbot, window)
    route(qtbot, window)
    type_claim(qtbot, window, second)  # typed, or scanned with a USB scanner
    assert_second_member_must_prove(qtbot, window, k, gate_calls)
    type_pin(qtbot, window)  # M002's own PIN checks M002 in
    wait_state(qtbot, window, State.PASSED)
    assert gate_calls == ["pin"] and checks(k, "M002") == [{"method": "pin", "outcome": "pass"}]
    assert checks(k, "M001") == []


def test_the_second_members_qr_code_starts_from_nothing(qtbot, window, k, camera, gate_calls):
    first_member_confirms_pin_in_set_up(qtbot, window)
    route_back(qtbot, window)
    camera.frames = [face_with_pass("CARD002")]
    click(qtbot, window.pages[State.CLAIM].camera_button)
    wait_state(qtbot, window, State.METHOD)
    assert_second_member_must_prove(qtbot, window, k, gate_calls)


def test_a_second_member_whose_pin_is_locked_stays_locked(qtbot, window, k, gate_calls):
    for _ in range(k.pins.max_failures):
        k.pins.check("M002", "9999")
    first_member_confirms_pin_in_set_up(qtbot, window)
    route_back(qtbot, window)
    type_claim(qtbot, window, "M002")
    method = window.pages[State.METHOD]
    assert method.pin_button.text().startswith("PIN")
    click(qtbot, method.pin_button)
    wait_state(qtbot, window, State.PIN_LOCKED)
    assert gate_calls == [] and checks(k, "M002") == []


def test_the_same_member_back_at_the_claim_keeps_her_confirmed_pin(qtbot, window, k, gate_calls):
    first_member_confirms_pin_in_set_up(qtbot, window)
    route_back(qtbot, window)
    type_claim(qtbot, window, "CARD001")
    assert window.pages[State.METHOD].pin_button.text().startswith("Check in now")
    click(qtbot, window.pages[State.METHOD].pin_button)
    wait_state(qtbot, window, State.PASSED)
    assert gate_calls == ["pin"] and checks(k, "M001") == [{"method": "pin", "outcome": "pass"}]


def test_help_does_not_hold_the_door_open(qtbot, window, k, gate_calls):
    """A confirmed PIN lapses at the keypad time limit (inactivity + "Are you still there?");
    after "Back to where I was" past it, the PIN is asked again."""
    clock = k.proofs.clock
    limit = k.settings.inactivity_s + k.settings.still_there_s
    first_member_confirms_pin_in_set_up(qtbot, window)
    decline(qtbot, window)
    method = window.pages[State.METHOD]
    click(qtbot, method.help_button)
    wait_state(qtbot, window, State.ASK_STAFF)
    clock.now += limit - 5
    click(qtbot, window.pages[State.ASK_STAFF].back_button)
    wait_state(qtbot, window, State.METHOD)
    assert method.pin_button.text().startswith("Check in now")  # within the limit
    click(qtbot, method.help_button)
    wait_state(qtbot, window, State.ASK_STAFF)
    clock.now += 10
    click(qtbot, window.pages[State.ASK_STAFF].back_button)
    wait_state(qtbot, window, State.METHOD)
    assert method.pin_button.text().startswith("PIN")
    click(qtbot, method.pin_button)
    wait_state(qtbot, window, State.PIN)
    assert gate_calls == [] and checks(k, "M001") == []
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.PASSED)
    assert gate_calls == ["pin"]


def test_help_from_the_notice_past_the_limit_asks_the_pin_before_the_set_up_goes_on(qtbot, window, k, gate_calls):
    first_member_confirms_pin_in_set_up(qtbot, window)
    click(qtbot, window.pages[State.NOTICE].help_button)
    wait_state(qtbot, window, State.ASK_STAFF)
    k.proofs.clock.now += k.settings.inactivity_s + k.settings.still_there_s + 1
    click(qtbot, window.pages[State.ASK_STAFF].back_button)
    wait_state(qtbot, window, State.PIN)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.NOTICE)
    assert gate_calls == []


def test_a_lapsed_confirmation_on_the_method_screen_asks_the_pin(qtbot, window, k, gate_calls):
    """The check-in operation refuses a proof that lapsed while the visitor stood there: the PIN
    is asked, and nothing is recorded."""
    first_member_confirms_pin_in_set_up(qtbot, window)
    decline(qtbot, window)
    k.proofs.clock.now += k.settings.inactivity_s + k.settings.still_there_s + 1
    click(qtbot, window.pages[State.METHOD].pin_button)  # the label said "Check in now" a moment ago
    wait_state(qtbot, window, State.PIN)
    assert gate_calls == [] and checks(k, "M001") == []


def test_the_gate_opens_only_for_a_proof_of_the_member_claimed_now(qtbot, window, k, gate_calls):
    from kiosk.domain.proofs import Proof, ProofMethod

    answers: list[bool] = []
    window.machine.force(State.METHOD, member_no="M002")
    window.machine.session.prove(Proof("M001", ProofMethod.PIN, k.proofs.clock()))  # another member's: not held
    window.ctx.open_gate("pin", answers.append)
    assert answers == [False] and gate_calls == []
    window.machine.force(State.METHOD, member_no="M002", authenticated=True)
    window.ctx.open_gate("pin", answers.append)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=TIMEOUT)
    assert answers == [False, True] and gate_calls == ["pin"]


def test_a_shorter_keypad_limit_applies_to_the_proof_held_now(qtbot, window, k):
    first_member_confirms_pin_in_set_up(qtbot, window)
    k.save_settings(k.settings.replace(inactivity_s=10, still_there_s=5), "test")
    window.follow_settings()
    k.proofs.clock.now += 16
    assert window.machine.proof_s == window.machine.session.proof_s == 15
    assert window.machine.session.authenticated and not window.machine.session.proven()


def test_a_claim_answered_after_the_visitor_asked_for_help_changes_nothing(qtbot, window, k):
    """The member lookup answers late, when the visitor is already on the help screen: the
    session is not switched to that member behind the help screen, and Back still leads back."""
    from kiosk import ops

    click(qtbot, window.pages[State.WELCOME].start_button)
    click(qtbot, window.pages[State.CLAIM].help_button)
    wait_state(qtbot, window, State.ASK_STAFF)
    window.pages[State.CLAIM]._claimed(ops.lookup_claim(k, ops.Actor.visitor(None), "M002"))
    s = window.machine.session
    assert window.machine.state is State.ASK_STAFF and s.member_no is None and s.help_from is State.CLAIM
    click(qtbot, window.pages[State.ASK_STAFF].back_button)
    wait_state(qtbot, window, State.CLAIM)


def test_the_reported_walk_on_the_demo_members_asks_1003_for_her_pin(qtbot, fake_engine):
    """As reported, on the demo's own members: claim 1002, set up face, PIN 2222, "No thanks",
    Back, claim 1003 (card PASS-1003). No "Check in now", no gate, no check recorded for 1003."""
    from kiosk.demo import create_demo
    from kiosk.ui.main import build_window

    kiosk, info = create_demo(engine=fake_engine)
    kiosk.save_settings(kiosk.settings.replace(liveness="off"), "test")
    calls: list[str] = []
    w = build_window(kiosk, camera="memory", open_source=Camera().open, language="en",
                     gate=lambda method: calls.append(method) or True)
    try:
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        click(qtbot, w.pages[State.WELCOME].start_button)
        type_claim(qtbot, w, "1002")
        click(qtbot, w.pages[State.METHOD].setup_face_button)
        wait_state(qtbot, w, State.PIN)
        type_pin(qtbot, w, "2222")
        wait_state(qtbot, w, State.NOTICE)
        decline(qtbot, w)
        back(qtbot, w, State.CLAIM)
        type_claim(qtbot, w, "PASS-1003")
        assert_second_member_must_prove(qtbot, w, kiosk, calls, "1003")
        assert checks(kiosk, "1002") == [] and w.machine.state is State.PIN
    finally:
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
        kiosk.close()
        info.cleanup()


def test_a_shown_face_pass_opens_my_data_only_with_the_pin(qtbot, window, k):
    """Pass mode: a copy of the member's face pass, shown for My data, leads to the PIN; a wrong
    PIN or a trip to the help screen never shows the member's data."""
    from kiosk.biometrics.fake import draw_face
    from tests.ui_helpers import enroll_encodings

    k.save_settings(k.settings.replace(template_storage="pass"), "test")
    code = enroll_encodings(k, "M001", [k.faces.encode_still(draw_face(40))]).pass_code
    click(qtbot, window.pages[State.WELCOME].my_data_button)
    field = window.pages[State.CLAIM].field
    qtbot.keyClicks(field, code)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_state(qtbot, window, State.PIN)
    type_pin(qtbot, window, "9999")
    qtbot.waitUntil(lambda: "not right" in window.pages[State.PIN].error.text(), timeout=TIMEOUT)
    click(qtbot, window.pages[State.PIN].help_button)
    wait_state(qtbot, window, State.ASK_STAFF)
    click(qtbot, window.pages[State.ASK_STAFF].back_button)
    wait_state(qtbot, window, State.PIN)
    assert window.machine.session.my_data is None and not window.machine.session.authenticated
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.MY_DATA)
    qtbot.waitUntil(lambda: window.machine.session.my_data is not None, timeout=TIMEOUT)
    assert window.machine.session.my_data.member_no == "M001"
