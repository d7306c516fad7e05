"""Set up face, the guardian path, My data and deletion, end to end (pytest-qt, fake engine,
frames held in memory: no image file is read or written)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import draw_face
from kiosk.camera.source import MemorySource
from kiosk.domain.consent import EnrollmentFlow
from kiosk.domain.notice import NOTICE_VERSION
from kiosk.domain.session import State
from kiosk.ops import complete_enrollment as complete

TIMEOUT = 10_000
HUE = 40


class Camera:
    """An in-memory frame source that counts how often the camera was opened."""

    def __init__(self) -> None:
        self.frames = [draw_face(HUE)]
        self.opened = 0
        self.open_now = 0

    def open(self, spec: object):
        self.opened += 1
        self.open_now += 1
        src = MemorySource(self.frames, 30.0, realtime=True, loop=True)
        close = src.close

        def closing() -> None:
            if not src.closed:
                self.open_now -= 1
            close()

        src.close = closing
        return src


@pytest.fixture
def k(kiosk_app):
    kiosk_app.save_settings(
        kiosk_app.settings.replace(operator_name="Sunny Zoo Ltd", operator_contact="privacy@zoo.example",
                                   liveness="off"),  # the set-up flow around the capture; liveness: test_ui_liveness.py
        "test",
    )
    return kiosk_app


@pytest.fixture
def camera():
    return Camera()


@pytest.fixture
def window(qtbot, k, camera):
    from kiosk.ui.main import build_window

    w = build_window(k, camera="memory", open_source=camera.open, language="en", gate=lambda method: True,
                     face_timeout_s=4.0)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()
    w.close()
    w.deleteLater()
    assert camera.open_now == 0, "the camera was left open"


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def wait_state(qtbot, w, state) -> None:
    qtbot.waitUntil(lambda: w.machine.state is state, timeout=TIMEOUT)


def claim(qtbot, w, member_no, my_data=False) -> None:
    welcome = w.pages[State.WELCOME]
    click(qtbot, welcome.my_data_button if my_data else welcome.start_button)
    field = w.pages[State.CLAIM].field
    qtbot.keyClicks(field, member_no)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_state(qtbot, w, State.PIN if my_data else State.METHOD)


def type_pin(qtbot, w, pin="1234") -> None:
    page = w.pages[State.PIN]
    for d in pin:
        click(qtbot, page.keypad.keys[d])
    click(qtbot, page.keypad.ok_key)


def to_setup(qtbot, w, member_no, first=State.NOTICE) -> None:
    """Claim, "Set up face verification (optional)", PIN: the first set-up screen."""
    claim(qtbot, w, member_no)
    click(qtbot, w.pages[State.METHOD].setup_face_button)
    wait_state(qtbot, w, State.PIN)
    type_pin(qtbot, w)
    wait_state(qtbot, w, first)


def read_notice(qtbot, w, member_no) -> None:
    notice = w.pages[State.NOTICE]
    qtbot.waitUntil(notice.next_button.isEnabled, timeout=TIMEOUT)
    texts = " ".join(t.text() for t in notice.sections)
    assert "Sunny Zoo Ltd" in texts and "privacy@zoo.example" in texts and f"pass {member_no}" in texts
    click(qtbot, notice.next_button)
    wait_state(qtbot, w, State.CONSENT)


def to_consent(qtbot, w, member_no) -> None:
    """An adult with a known birth date: claim, set up, PIN, read the notice."""
    to_setup(qtbot, w, member_no)
    read_notice(qtbot, w, member_no)


def assert_equal_answers(page, a, b) -> None:
    assert a.size() == b.size() and a.font() == b.font()
    assert a.property("role") == b.property("role") and a.styleSheet() == b.styleSheet() == ""
    for x in (a, b):
        assert not x.isDefault() and not x.autoDefault() and not x.isCheckable() and not x.hasFocus()


def test_adult_consents_enrolls_then_verifies_by_face(qtbot, window, camera, k):
    claim(qtbot, window, "M001")
    method = window.pages[State.METHOD]
    assert not method.face_button.isVisible() and method.setup_face_button.isVisible()
    # below the alternatives, never pre-selected
    assert method.setup_face_button.mapTo(method, method.setup_face_button.rect().topLeft()).y() > \
        method.staff_button.mapTo(method, method.staff_button.rect().bottomLeft()).y()
    assert not method.setup_face_button.hasFocus()
    click(qtbot, method.cancel_button)
    wait_state(qtbot, window, State.WELCOME)
    to_consent(qtbot, window, "M001")
    consent = window.pages[State.CONSENT]
    assert_equal_answers(consent, consent.agree_button, consent.decline_button)
    assert camera.opened == 0  # nothing before consent
    click(qtbot, consent.agree_button)
    wait_state(qtbot, window, State.RECEIPT)  # birth date known, adult: no age question
    assert camera.opened == 1
    receipt = window.pages[State.RECEIPT]
    shown = " ".join(v.text() for _, v in receipt.summary.rows.values())
    [c] = k.store.consents.for_member("M001")
    assert str(c.id) in shown and "No photo" in shown and "My data" in shown
    assert (c.given_by, c.age_band, c.language, c.withdrawn_at) == ("self", "14_or_older", "en", None)
    assert k.store.templates.info("M001").consent_id == c.id
    click(qtbot, receipt.done_button)
    wait_state(qtbot, window, State.PASSED)  # set-up completes the visit: checked in, no PIN again
    assert window.pages[State.PASSED].greeting.text() == "Welcome, Alice!"
    click(qtbot, window.pages[State.PASSED].done_button)
    wait_state(qtbot, window, State.WELCOME)
    claim(qtbot, window, "M001")
    assert method.face_button.isVisible() and not method.setup_face_button.isVisible()
    click(qtbot, method.face_button)
    wait_state(qtbot, window, State.PASSED)
    assert camera.opened == 2


def test_declining_costs_nothing_and_is_not_asked_again(qtbot, window, camera, k):
    to_consent(qtbot, window, "M001")
    assert window.pages[State.CONSENT].step.text() == "Step 3 of 4"
    window.set_language("zh_CN")  # the step indicator follows a language switch
    assert window.pages[State.CONSENT].step.text() == "第 3 步，共 4 步"
    window.set_language("en")
    assert window.pages[State.CONSENT].step.text() == "Step 3 of 4"
    click(qtbot, window.pages[State.CONSENT].decline_button)
    wait_state(qtbot, window, State.METHOD)
    method = window.pages[State.METHOD]
    assert not method.setup_face_button.isVisible()  # not asked again in this session
    assert method.saved_note.isVisible() and "Nothing was saved" in method.saved_note.text()
    assert method.pin_button.text().startswith("Check in now")  # the PIN was confirmed already
    click(qtbot, method.pin_button)
    wait_state(qtbot, window, State.PASSED)  # no PIN asked again
    assert camera.opened == 0  # the camera never opened
    assert k.store.consents.for_member("M001") == [] and k.store.templates.count() == 0
    verified = [r.detail for r in k.store.audit.records(event="verify")]
    assert verified and verified[-1].get("method") == "pin"


def test_set_up_steps_are_numbered(qtbot, window, camera, k):
    to_setup(qtbot, window, "M002", State.AGE)
    assert window.pages[State.AGE].step.text() == "Step 2 of 5"
    click(qtbot, window.pages[State.AGE].child_button)
    wait_state(qtbot, window, State.GUARDIAN)
    assert window.pages[State.GUARDIAN].step.text() == "Step 3 of 6"
    click(qtbot, window.pages[State.GUARDIAN].cancel_button)
    wait_state(qtbot, window, State.WELCOME)
    assert not window.pages[State.GUARDIAN].step.isVisibleTo(window.pages[State.GUARDIAN]) or \
        window.machine.state is State.WELCOME


def test_under_14_without_guardian_is_never_captured(qtbot, window, camera, k):
    to_setup(qtbot, window, "M002", State.AGE)  # no birth date: the age is asked first of all
    age = window.pages[State.AGE]
    assert "person this pass belongs to" in age.title.text() and "your child" in age.for_child.text()
    assert_equal_answers(age, age.adult_button, age.child_button)
    click(qtbot, age.child_button)
    wait_state(qtbot, window, State.GUARDIAN)  # no notice and no question for the child
    g = window.pages[State.GUARDIAN]
    qtbot.keyClicks(g.number, "M002")  # the child's own number
    qtbot.keyClicks(g.pin, "1234")
    click(qtbot, g.confirm_button)
    qtbot.waitUntil(lambda: "own member number" in g.error.text(), timeout=TIMEOUT)
    g.number.setText("M003")  # another child
    qtbot.keyClicks(g.pin, "1234")
    click(qtbot, g.confirm_button)
    qtbot.waitUntil(lambda: "adult" in g.error.text(), timeout=TIMEOUT)
    assert window.machine.state is State.GUARDIAN
    capture = window.pages[State.ENROLL_CAPTURE]
    capture.start()  # even if the capture page were reached: a child cannot consent alone
    assert "consent" in capture.problem.text().lower() and camera.opened == 0
    click(qtbot, g.cancel_button)
    wait_state(qtbot, window, State.WELCOME)
    assert camera.opened == 0
    assert k.store.consents.for_member("M002") == [] and k.store.templates.count() == 0


def test_guardian_first_then_the_notice_for_the_parent_then_equal_answers(qtbot, window, camera, k):
    camera.frames = [draw_face(90)]
    to_setup(qtbot, window, "M003", State.GUARDIAN)  # born 2018: the guardian first, no age question
    g = window.pages[State.GUARDIAN]
    assert_equal_answers(g, g.confirm_button, g.decline_button)  # "Continue" and "No thanks"
    qtbot.keyClicks(g.number, "M004")
    g.pin.setFocus()
    for d in "1234":
        click(qtbot, g.keypad.keys[d])  # the keypad types into the focused field
    assert g.pin.text() == "1234" and g.number.text() == "M004"
    click(qtbot, g.confirm_button)
    wait_state(qtbot, window, State.NOTICE)
    notice = window.pages[State.NOTICE]
    qtbot.waitUntil(lambda: "parent or guardian" in notice.intro.text(), timeout=TIMEOUT)
    assert "your child" in notice.title.text()
    assert camera.opened == 0 and k.store.consents.for_member("M003") == []
    read_notice(qtbot, window, "M003")
    consent = window.pages[State.CONSENT]
    assert "your child's pass" in consent.question.text()
    assert_equal_answers(consent, consent.agree_button, consent.decline_button)
    click(qtbot, consent.agree_button)
    wait_state(qtbot, window, State.RECEIPT)
    assert camera.opened == 1
    [c] = k.store.consents.for_member("M003")
    assert (c.given_by, c.guardian_ref, c.guardian_name, c.age_band, c.method) == (
        "guardian", "member:M004", "Dan Guardian", "under_14", "kiosk-guardian-pin")
    assert k.faces.has_face("M003")
    shown = " ".join(v.text() for _, v in window.pages[State.RECEIPT].summary.rows.values())
    assert "Dan Guardian" in shown


def test_the_guardian_can_decline_as_easily(qtbot, window, camera, k):
    to_setup(qtbot, window, "M003", State.GUARDIAN)
    click(qtbot, window.pages[State.GUARDIAN].decline_button)
    wait_state(qtbot, window, State.METHOD)
    assert not window.pages[State.METHOD].setup_face_button.isVisible()  # not asked again
    assert camera.opened == 0 and k.store.consents.for_member("M003") == []


def test_duplicate_face_is_refused_calmly(qtbot, window, camera, k):
    flow = EnrollmentFlow(k, "M001")
    flow.show_notice("en")
    flow.agree()
    f = draw_face(HUE)
    complete(k, flow, [k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])] * 3)
    to_consent(qtbot, window, "M004")  # the same face on another pass
    click(qtbot, window.pages[State.CONSENT].agree_button)
    capture = window.pages[State.ENROLL_CAPTURE]
    qtbot.waitUntil(lambda: "another pass" in capture.problem.text(), timeout=TIMEOUT)
    assert "Nothing was saved" in capture.problem.text()
    assert not capture.again_button.isVisible() and capture.other_button.isVisible()
    assert k.store.templates.info("M004") is None
    assert [r.subject for r in k.store.audit.records(event="enroll_refused_duplicate")] == ["M004"]
    click(qtbot, capture.other_button)
    wait_state(qtbot, window, State.METHOD)


def test_withdrawal_deletes_the_template_and_the_face_option(qtbot, window, camera, k):
    flow = EnrollmentFlow(k, "M001")
    flow.show_notice("en")
    flow.agree()
    f = draw_face(HUE)
    consent_id = complete(k, flow, [k.engine.encode(f, k.engine.detect(f, Mode.LIVE)[0])] * 3).consent_id
    claim(qtbot, window, "M001", my_data=True)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.MY_DATA)
    page = window.pages[State.MY_DATA]
    qtbot.waitUntil(page.delete_button.isVisible, timeout=TIMEOUT)
    shown = " ".join(v.text() for _, v in page.summary.rows.values())
    assert NOTICE_VERSION in shown and "You" in shown and "Not used yet" in shown
    click(qtbot, page.delete_button)
    assert page.confirm.isVisible() and k.faces.has_face("M001")  # asked first
    assert_equal_answers(page, page.yes_button, page.no_button)
    click(qtbot, page.yes_button)
    wait_state(qtbot, window, State.MY_DATA_DELETED)
    assert k.store.templates.get("M001") is None and not k.faces.has_face("M001")
    assert k.store.consents.get(consent_id).withdrawn_at is not None
    done = window.pages[State.MY_DATA_DELETED]
    assert str(consent_id) in " ".join(v.text() for _, v in done.summary.rows.values())
    click(qtbot, done.done_button)
    wait_state(qtbot, window, State.WELCOME)
    claim(qtbot, window, "M001")
    assert not window.pages[State.METHOD].face_button.isVisible()  # the Face option is gone
    assert camera.opened == 0


def test_consent_page_in_chinese_keeps_equal_answers_and_records_zh(qtbot, window, camera, k):
    to_consent(qtbot, window, "M001")
    window.set_language("zh_CN")
    consent = window.pages[State.CONSENT]
    assert consent.agree_button.text() == "我同意" and consent.decline_button.text() == "不用了"
    assert_equal_answers(consent, consent.agree_button, consent.decline_button)
    # the notice is re-rendered in Chinese on the executor: agree once it has been
    qtbot.waitUntil(lambda: window.ctx.session.enrollment.notice.language == "zh_CN", timeout=10_000)
    click(qtbot, consent.agree_button)
    wait_state(qtbot, window, State.RECEIPT)
    [c] = k.store.consents.for_member("M001")
    assert c.language == "zh_CN"
