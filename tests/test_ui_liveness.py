"""Liveness at the kiosk, end to end (pytest-qt, fake engine, frames in memory only).

The fake engine's drawn face is a still picture: with the default settings (passive check
and head-turn challenge) it never passes the face step, whether verifying or setting up.
A visitor who follows the prompts passes; "Use my PIN instead" stays on screen throughout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.session import State
from kiosk.ui import liveness_text
from tests.test_ui_enroll import to_consent, type_pin
from tests.ui_helpers import Camera, cooperative_visitor, enroll_fake_face, set_liveness

TIMEOUT = 15_000


@pytest.fixture
def camera():
    return Camera()


@pytest.fixture
def k(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(operator_name="Sunny Zoo Ltd",
                                                       operator_contact="privacy@zoo.example"), "test")
    return kiosk_app


@pytest.fixture
def window(qtbot, k, camera):
    from kiosk.ui.main import build_window

    w = build_window(k, camera="memory", open_source=camera.open, language="en", gate=lambda m: True,
                     face_timeout_s=12.0)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.set_language("en")
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)
    assert camera.open_now == 0, "the camera was left open"


def wait_state(qtbot, w, state) -> None:
    qtbot.waitUntil(lambda: w.machine.state is state, timeout=TIMEOUT)


def claim_face(qtbot, w, member_no="M001") -> None:
    welcome = w.pages[State.WELCOME]
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    field = w.pages[State.CLAIM].field
    qtbot.keyClicks(field, member_no)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_state(qtbot, w, State.METHOD)
    qtbot.mouseClick(w.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)


def refusals(k, flow):
    return [r.detail["reason"] for r in k.store.audit.records(event="liveness_refused") if r.detail["flow"] == flow]


def test_a_still_picture_never_verifies_and_the_refusal_blames_no_one(qtbot, window, k):
    enroll_fake_face(k)
    assert k.settings.liveness == "both"
    claim_face(qtbot, window)
    wait_state(qtbot, window, State.FAILED)
    failed = window.pages[State.FAILED]
    # the drawn face's passive score is doubtful, not refused: the challenge decides (a still never turns)
    assert failed.lead.text() == liveness_text.refused("timeout")
    assert failed.pin_button.isVisible() and failed.staff_button.isVisible()
    qtbot.waitUntil(lambda: refusals(k, "verify") != [], timeout=TIMEOUT)
    assert refusals(k, "verify") == ["timeout"]
    assert list(k.store.audit.records(event="verify")) == []  # never a pass
    [rec] = k.store.audit.records(event="liveness_refused")
    assert set(rec.detail) == {"flow", "reason"} and rec.subject == "M001"  # no score, no biometric data
    qtbot.mouseClick(failed.pin_button, Qt.MouseButton.LeftButton)  # the PIN, at no cost
    wait_state(qtbot, window, State.PIN)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.PASSED)


def test_the_pin_path_never_opens_the_camera_whatever_the_liveness_setting(qtbot, window, k, camera):
    enroll_fake_face(k)
    welcome = window.pages[State.WELCOME]
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    field = window.pages[State.CLAIM].field
    qtbot.keyClicks(field, "M001")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_state(qtbot, window, State.METHOD)
    qtbot.mouseClick(window.pages[State.METHOD].pin_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, window, State.PIN)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.PASSED)
    assert camera.opened == 0 and list(k.store.audit.records(event="liveness_refused")) == []


def test_challenge_prompts_with_arrows_and_the_pin_always_on_screen(qtbot, window, k):
    enroll_fake_face(k)
    set_liveness(k, "challenge")
    claim_face(qtbot, window)
    face = window.pages[State.FACE]
    qtbot.waitUntil(lambda: face.arrow.isVisible(), timeout=TIMEOUT)
    step = face.live.challenge.step
    assert face.arrow.text() == liveness_text.ARROWS[step] and face.instruction.text() == liveness_text.prompt(step)
    assert face.challenge_steps.text() == "Step 1 of 5"
    assert face.pin_button.isVisible()
    qtbot.mouseClick(face.pin_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, window, State.PIN)


def test_a_visitor_who_follows_the_prompts_verifies(qtbot, window, k):
    enroll_fake_face(k)
    set_liveness(k, "challenge")
    cooperative_visitor(k)
    claim_face(qtbot, window)
    wait_state(qtbot, window, State.PASSED)


def test_during_the_challenge_the_screen_shows_the_head_movements_only_and_the_real_time_limit(qtbot, window, k):
    """The face on camera matches the member all along; until the whole check has passed,
    nothing on the page says so, and the time shown is the step's own limit."""
    from kiosk.ui.countdown import time_left

    enroll_fake_face(k)
    k.save_settings(k.settings.replace(liveness="challenge", liveness_challenge_s=5), "test")
    cooperative_visitor(k, speed=0.015)
    claim_face(qtbot, window)
    face = window.pages[State.FACE]
    seen = []

    def shown(status) -> None:  # connected after the page's own slot: what the page shows now
        ch = status.liveness.challenge
        texts = [w.text() for w in (face.instruction, face.challenge_steps, face.progress_label, face.time_left)]
        seen.append((ch, texts, face.progress.value(), face.progress.maximum()))

    face.camera.status.connect(shown)
    wait_state(qtbot, window, State.PASSED)
    during = [x for x in seen if x[0].started and x[0].step is not None]
    assert len(during) > 30 and {x[0].done for x in during} == {0, 1, 2, 3, 4}
    for ch, texts, value, maximum in during:
        assert not any("onfirm" in t or "match" in t for t in texts)
        assert texts[2] == "" and (value, maximum) == (ch.done, 5)
        assert texts[3] == time_left(ch.seconds_left) and 0 <= ch.seconds_left <= 5


def test_each_refusal_has_its_own_words_for_the_visitor():
    from kiosk.liveness.challenge import Refusal

    hints = {r: liveness_text.refusal_hint(r) for r in Refusal}
    assert len(set(hints.values())) == len(Refusal) and all(hints.values())
    assert liveness_text.refused("no_such_code") == liveness_text.refused()


def test_set_up_at_the_kiosk_refuses_a_still_picture_and_keeps_nothing(qtbot, window, k):
    to_consent(qtbot, window, "M001")
    qtbot.mouseClick(window.pages[State.CONSENT].agree_button, Qt.MouseButton.LeftButton)
    capture = window.pages[State.ENROLL_CAPTURE]
    qtbot.waitUntil(lambda: liveness_text.refused() in capture.problem.text(), timeout=TIMEOUT)
    assert "Nothing was saved" in capture.problem.text()
    assert capture.again_button.isVisible() and capture.pin_button.isVisible()
    assert k.store.templates.info("M001") is None
    qtbot.waitUntil(lambda: refusals(k, "enroll") != [], timeout=TIMEOUT)
    assert list(k.store.audit.records(event="enrolled")) == []


def test_set_up_with_the_challenge_records_that_liveness_was_checked(qtbot, window, k):
    set_liveness(k, "challenge")
    cooperative_visitor(k)
    to_consent(qtbot, window, "M001")
    qtbot.mouseClick(window.pages[State.CONSENT].agree_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, window, State.RECEIPT)
    [rec] = k.store.audit.records(event="enrolled")
    assert rec.detail["liveness"] == "challenge"


def test_demo_banner_says_the_still_demo_camera_fails_liveness(qtbot, k, tmp_path):
    from kiosk.demo import DemoInfo
    from kiosk.ui.main import build_window

    demo = DemoInfo(tmp_path)
    w = build_window(k, camera="memory", open_source=Camera().open, language="en", demo=demo)
    try:
        assert "--camera 0" in w.demo_banner.text() and "liveness" in w.demo_banner.text()
        demo.still_camera = False  # kiosk --demo --camera 0
        w.retranslate_ui()
        assert "liveness" not in w.demo_banner.text()
    finally:
        w.shutdown()
        w.deleteLater()
