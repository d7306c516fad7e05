"""The claim screen's pass reader: a code window, never the visitor's face (rule 8)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from kiosk.biometrics.fake import draw_face
from kiosk.domain.session import State
from kiosk.ui.jobs import BLUR_WIDTH, code_box, code_window
from tests.test_ui_flows import TIMEOUT, state_is
from tests.ui_helpers import Camera


def face_with_pass(text: str = "CARD001") -> np.ndarray:
    """A visitor's face filling the frame, the pass's QR code held up beside it (in memory)."""
    frame = draw_face(40, size=0.8, centre=(0.4, 0.5))
    code = cv2.QRCodeEncoder.create().encode(text)
    code = cv2.resize(code, None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST)
    code = cv2.copyMakeBorder(code, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    y, x = 40, 640 - code.shape[1] - 20
    frame[y:y + code.shape[0], x:x + code.shape[1]] = cv2.cvtColor(code, cv2.COLOR_GRAY2BGR)
    return frame


@pytest.fixture
def camera():
    return Camera()


def make_window(qtbot, kiosk_app, camera):
    from kiosk.ui.main import build_window

    w = build_window(kiosk_app, open_source=camera.open, language="en", gate=lambda m: True)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, kiosk_app, camera):
    w = make_window(qtbot, kiosk_app, camera)
    yield w
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)
    assert camera.open_now == 0, "the camera was left open"


def test_code_window_keeps_no_face_detail():
    frame = face_with_pass()
    small = code_window(frame)
    assert small.shape[1] == BLUR_WIDTH and small.shape[0] <= BLUR_WIDTH
    box = code_box(np.array([[[400, 40], [620, 40], [620, 265], [400, 265]]], np.float32), frame.shape)
    assert box == (0.62, 0.08, 0.97, 0.55)
    assert code_box(None, frame.shape) is None


def test_qr_scan_shows_no_face_preview(qtbot, window, camera):
    """While the reader looks, the code window only ever holds a picture a few pixels wide:
    the face in front of the camera cannot appear on screen. The code is still read."""
    camera.frames = [draw_face(40, size=0.8)] * 20 + [face_with_pass()]
    page = window.pages[State.CLAIM]
    shown: list[tuple[int, int]] = []
    page.camera.preview.connect(lambda image: shown.append((image.width(), image.height())))
    seen_markers = []
    page.camera.status.connect(lambda s: seen_markers.append(s.code_box))
    qtbot.mouseClick(window.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    assert page.preview.width() <= 240 and page.preview.height() <= 180  # a small window
    qtbot.mouseClick(page.camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(state_is(window, State.METHOD), timeout=TIMEOUT)
    assert window.machine.session.member_no == "M001"
    assert shown, "the code window showed nothing"
    assert all(w <= BLUR_WIDTH and h <= BLUR_WIDTH for w, h in shown), shown
    assert any(b is not None for b in seen_markers)  # the found code was framed for the visitor
    assert page.preview.image is None  # forgotten when the page is left


def test_hardware_scanner_replaces_the_camera(qtbot, kiosk_app, camera):
    kiosk_app.save_settings(kiosk_app.settings.replace(pass_scanner=True), "test")
    w = make_window(qtbot, kiosk_app, camera)
    try:
        qtbot.mouseClick(w.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
        page = w.pages[State.CLAIM]
        assert not page.camera_button.isVisible() and not page.preview.isVisible()
        assert "scanner" in page.scan_body.text()
        qtbot.keyClicks(page.field, "CARD001")  # a keyboard-wedge scanner types the code + Enter
        qtbot.keyClick(page.field, Qt.Key.Key_Return)
        qtbot.waitUntil(state_is(w, State.METHOD), timeout=TIMEOUT)
        assert camera.opened == 0
    finally:
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
