"""Pass mode at the kiosk: enrollment ends with the code on the receipt, the scanned pass claims
the member and brings the template for the face step, My data withdraws with the pass shown."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.domain import pass_codes
from kiosk.domain.session import State
from tests.test_ui_enroll import TIMEOUT, camera, claim, click, k, to_consent, type_pin, wait_state, window  # noqa: F401


def scan(qtbot, w, text: str, my_data: bool = False) -> None:
    """A keyboard-wedge scanner types the code and Enter into the claim field."""
    welcome = w.pages[State.WELCOME]
    click(qtbot, welcome.my_data_button if my_data else welcome.start_button)
    field = w.pages[State.CLAIM].field
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def pixels(label) -> np.ndarray:
    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    ptr = image.constBits()
    return np.frombuffer(ptr, np.uint8, image.sizeInBytes()).reshape(image.height(), image.bytesPerLine())[:, :image.width()].copy()


def test_pass_mode_from_enrollment_to_gate_to_withdrawal(qtbot, window, camera, k):
    k.save_settings(k.settings.replace(template_storage="pass"), "test")
    to_consent(qtbot, window, "M001")
    click(qtbot, window.pages[State.CONSENT].agree_button)
    wait_state(qtbot, window, State.RECEIPT)
    receipt = window.pages[State.RECEIPT]
    code = receipt.ctx.session.receipt.pass_code
    assert receipt.code.isVisible() and pass_codes.decode_frame(pixels(receipt.code)) == code
    shown = " ".join(v.text() for _, v in receipt.pass_summary.rows.values())
    assert "keeps no copy" in shown and "face template" in shown and "M001" in shown
    assert k.store.templates.count() == 0 and not k.faces.has_face("M001")
    click(qtbot, receipt.done_button)
    wait_state(qtbot, window, State.WELCOME)

    # typed member number: no face offered (the template is on the pass)
    claim(qtbot, window, "M001")
    method = window.pages[State.METHOD]
    assert not method.face_button.isVisible()
    click(qtbot, method.cancel_button)
    wait_state(qtbot, window, State.WELCOME)

    # the scanned pass claims the member and brings the template: face step, 1:1, gate
    scan(qtbot, window, code)
    wait_state(qtbot, window, State.METHOD)
    assert window.machine.session.member_no == "M001" and method.face_button.isVisible()
    click(qtbot, method.face_button)
    wait_state(qtbot, window, State.PASSED)
    checks = [r.detail for r in k.store.audit.records(event="verify", subject="M001")]
    assert checks[-1] == {"method": "face", "outcome": "pass"}  # the 1:1 match against the pass's template
    click(qtbot, window.pages[State.PASSED].done_button)
    wait_state(qtbot, window, State.WELCOME)

    # My data with the pass shown and the PIN: withdraw, and the pass is refused from then on
    scan(qtbot, window, code, my_data=True)
    wait_state(qtbot, window, State.PIN)  # the pass names the member; the PIN proves it is them
    assert not window.machine.session.authenticated and window.machine.session.pass_code == code
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.MY_DATA)
    page = window.pages[State.MY_DATA]
    qtbot.waitUntil(page.delete_button.isVisible, timeout=TIMEOUT)
    shown = " ".join(v.text() for _, v in page.summary.rows.values())
    assert "Only in the code on your face pass" in shown and "This kiosk keeps no copy" in shown
    click(qtbot, page.delete_button)
    click(qtbot, page.yes_button)
    wait_state(qtbot, window, State.MY_DATA_DELETED)
    assert "withdrawn" in window.pages[State.MY_DATA_DELETED].lead.text()
    assert window.machine.session.authenticated and window.machine.session.proof.method.value == "pin"
    assert {kind for kind, _ref, _at in k.passes.revocations()} == {"consent", "member"}
    click(qtbot, window.pages[State.MY_DATA_DELETED].done_button)
    wait_state(qtbot, window, State.WELCOME)
    scan(qtbot, window, code)
    error = window.pages[State.CLAIM].error
    qtbot.waitUntil(lambda: "withdrawn" in error.text(), timeout=TIMEOUT)
    assert window.machine.state is State.CLAIM


def test_a_pass_from_another_site_is_refused_at_the_claim(qtbot, window, k, tmp_path):
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine

    k.save_settings(k.settings.replace(template_storage="pass"), "test")
    k.passes.keyring.current()  # this kiosk's own site
    other = create(tmp_path / "other", engine=FakeEngine(), init=True)
    try:
        code = other.passes.issue("M001", np.full(128, 0.05, np.float32), 1, "2030-01-01").code
    finally:
        other.close()
    scan(qtbot, window, code)
    error = window.pages[State.CLAIM].error
    qtbot.waitUntil(lambda: "another site" in error.text(), timeout=TIMEOUT)
    assert "\n" not in error.text()


def test_an_expired_pass_says_renew_at_the_desk_in_one_line(qtbot, window, k):
    k.save_settings(k.settings.replace(template_storage="pass"), "test")
    code = k.passes.issue("M001", np.full(128, 0.05, np.float32), 1, "2020-01-01").code
    scan(qtbot, window, code)
    error = window.pages[State.CLAIM].error
    qtbot.waitUntil(lambda: "renew it at the desk" in error.text(), timeout=TIMEOUT)
    assert "\n" not in error.text() and window.machine.state is State.CLAIM
