"""Rule 8 on the screen: the camera picture the kiosk shows blurs everything but the visitor's
face, so the queue behind is not shown on a public screen. The real window and the real
detector, on ../shared/faces/two_people.jpg arranged in memory as a visitor close to the
camera with the other person smaller, further back."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.biometrics.engine import Box, Mode
from kiosk.camera.source import MemorySource
from kiosk.domain.session import State
from tests.ui_helpers import enroll_encodings

TIMEOUT = 30000


def queue_frame(faces, engine) -> tuple[np.ndarray, Box, Box]:
    """A 640x480 frame (in memory): the left person of two_people.jpg close and centred (face at
    45 % of the height), the right person pasted at 0.4 of that face's width in the upper right.
    Returns the frame, the visitor's face box and the bystander's, as the live detector finds them."""
    from kiosk.bench.frames import frame_around_face
    from kiosk.domain.faces import read_image

    img = read_image(faces / "two_people.jpg")
    first, second = sorted(engine.detect(img, Mode.STILL), key=lambda b: b[3])  # left to right
    frame = frame_around_face(img, first)
    (visitor,) = [f.box for f in engine.detect_faces(frame, Mode.LIVE)]
    top, right, bottom, left = second
    m = int(0.4 * (bottom - top))
    crop = img[max(0, top - m) : bottom + m, max(0, left - m) : right + m]
    w = int(0.4 * (visitor[1] - visitor[3]) * crop.shape[1] / (right - left))
    small = cv2.resize(crop, (w, int(w * crop.shape[0] / crop.shape[1])), interpolation=cv2.INTER_AREA)
    y0, x0 = 20, 640 - small.shape[1] - 20
    frame = frame.copy()
    frame[y0 : y0 + small.shape[0], x0 : x0 + small.shape[1]] = small
    boxes = sorted((f.box for f in engine.detect_faces(frame, Mode.LIVE)), key=lambda b: b[3])
    assert len(boxes) == 2, "the detector must see both faces for this test to mean anything"
    return frame, boxes[0], boxes[1]


def shown_bgr(image: QImage) -> np.ndarray:
    """The preview's QImage as the camera frame's BGR array (un-mirrored)."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3]
    return cv2.flip(cv2.cvtColor(arr.reshape(img.height(), img.width(), 3), cv2.COLOR_RGB2BGR), 1)


def detail(region: np.ndarray) -> float:
    r = region.astype(np.int16)
    return float(np.abs(np.diff(r, axis=0)).mean() + np.abs(np.diff(r, axis=1)).mean())


def crop(a: np.ndarray, box: Box) -> np.ndarray:
    top, right, bottom, left = box
    return a[top:bottom, left:right]


def inner(box: Box, f: float = 0.25) -> Box:
    top, right, bottom, left = box
    dy, dx = int(f * (bottom - top)), int(f * (right - left))
    return top + dy, right - dx, bottom - dy, left + dx


def test_the_camera_picture_on_screen_shows_the_visitor_and_blurs_the_queue(qtbot, faces, dlib_engine, data_dir):
    from kiosk.app import create
    from kiosk.domain.faces import read_image
    from kiosk.domain.members import import_members
    from kiosk.ui.main import build_window
    from tests.conftest import SAMPLE_CSV

    frame, visitor, bystander = queue_frame(faces, dlib_engine)
    assert (bystander[1] - bystander[3]) < 0.5 * (visitor[1] - visitor[3])
    k = create(data_dir, engine=dlib_engine, init=True)
    import_members(k.store, SAMPLE_CSV)
    enroll_encodings(k, "M001", [k.faces.encode_still(read_image(faces / "biden.jpg"))])  # someone else: no pass
    k.save_settings(k.settings.replace(liveness="off"), "test")
    w = build_window(k, open_source=lambda spec: MemorySource([frame], 15.0), language="en",
                     gate=lambda m: True, face_timeout_s=8.0)
    shown: list[QImage] = []
    try:
        w.resize(1280, 800)
        w.show()
        page = w.pages[State.FACE]
        page.camera.preview.connect(shown.append)
        w.machine.force(State.METHOD, member_no="M001", face_available=True)
        qtbot.mouseClick(w.pages[State.METHOD].face_button, Qt.MouseButton.LeftButton)
        # another member's face: the check ends in a refusal, after the visitor saw themself
        qtbot.waitUntil(lambda: w.machine.state is State.FAILED, timeout=TIMEOUT)
    finally:
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
        k.close()
    assert shown
    for image in shown:
        pic = shown_bgr(image)
        assert pic.shape == frame.shape
        # the bystander's face: its fine detail is gone (a few pixels of colour)
        assert detail(crop(pic, bystander)) < 0.2 * detail(crop(frame, bystander))
        assert detail(pic[400:, :120]) < 0.3 * detail(frame[400:, :120])  # the rest of the room as well
        # the visitor's face: as the camera gave it
        assert np.abs(crop(pic, inner(visitor)).astype(int) - crop(frame, inner(visitor))).max() <= 2
