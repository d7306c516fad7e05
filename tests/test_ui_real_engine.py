"""The face step with the real dlib engine; the camera shows ../shared/faces portraits held in memory."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.camera.source import MemorySource
from kiosk.domain.session import FaceOutcome, State
from tests.ui_helpers import enroll_encodings

TIMEOUT = 30000


def live_frames(faces, name, engine):
    """The portrait as a close visitor fills a 640x480 camera: a 4:3 window 2.5 face-heights
    tall around the face, scaled to 640x480 (in memory only)."""
    import cv2

    from kiosk.biometrics.engine import Mode
    from kiosk.domain.faces import read_image

    image = read_image(faces / name)
    top, right, bottom, left = max(engine.detect(image, Mode.STILL), key=lambda b: b[2] - b[0])
    h = int(2.5 * (bottom - top))
    w = h * 4 // 3
    cy, cx = (top + bottom) // 2, (left + right) // 2
    padded = cv2.copyMakeBorder(image, h, h, w, w, cv2.BORDER_REPLICATE)
    crop = padded[cy + h - h // 2 : cy + h + h // 2, cx + w - w // 2 : cx + w + w // 2]
    return [cv2.resize(crop, (640, 480), interpolation=cv2.INTER_AREA)]


@pytest.mark.parametrize("probe,liveness,expected", [
    ("obama-480p.jpg", "off", State.PASSED),  # the matching itself, with the liveness check switched off
    ("biden.jpg", "off", State.FAILED),
    ("obama-480p.jpg", "both", State.FAILED),  # the member's own still portrait: refused by the liveness check
])
def test_real_engine_face_verification(qtbot, faces, dlib_engine, data_dir, probe, liveness, expected):
    from kiosk.app import create
    from kiosk.domain.faces import read_image
    from kiosk.domain.members import import_members
    from kiosk.ui.main import build_window
    from tests.conftest import SAMPLE_CSV

    k = create(data_dir, engine=dlib_engine, init=True)
    import_members(k.store, SAMPLE_CSV)
    enc = k.faces.encode_still(read_image(faces / "obama.jpg"))
    enroll_encodings(k, "M001", [enc])
    k.save_settings(k.settings.replace(liveness=liveness, liveness_challenge_s=4), "test")
    frames = live_frames(faces, probe, dlib_engine)
    w = build_window(k, open_source=lambda spec: MemorySource(frames, 15.0), language="en",
                     gate=lambda m: True, face_timeout_s=8.0)
    try:
        w.resize(1280, 800)
        w.show()
        w.machine.force(State.METHOD, member_no="M001", face_available=True)
        qtbot.mouseClick(w.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.machine.state is expected, timeout=TIMEOUT)
        if expected is State.FAILED:  # never a pass (no match, not confirmed in time, or not live)
            assert w.machine.session.face_attempts == 1
        if liveness != "off":
            assert w.machine.session.face_outcome is FaceOutcome.LIVENESS_FAILED
            qtbot.waitUntil(lambda: [r.detail["flow"] for r in k.store.audit.records(event="liveness_refused")] == ["verify"],
                            timeout=TIMEOUT)
    finally:
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
        k.close()
