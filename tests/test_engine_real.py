"""The dlib engine and still-photo pipeline on real portraits (../shared/faces)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from kiosk.biometrics.engine import Mode, distance
from kiosk.biometrics.quality import Reason, assess
from kiosk.config import Settings
from kiosk.domain.faces import FaceService, read_image
from kiosk.errors import FaceQualityError

SAME = ["obama.jpg", "obama1.jpg", "obama2.jpg", "obama3.jpg", "obama_small.jpg", "obama-480p.jpg"]


@pytest.fixture(scope="module")
def still(dlib_engine):
    settings = Settings()
    return FaceService(store=None, engine=dlib_engine, settings=lambda: settings)


def test_same_person_matches_other_person_does_not(still, faces):
    ref = still.encode_still(read_image(faces / "obama.jpg"))
    threshold = Settings().match_threshold
    for name in SAME[1:]:
        assert distance(ref, still.encode_still(read_image(faces / name))) < threshold, name
    for name in ("biden.jpg", "biden2.jpg"):
        assert distance(ref, still.encode_still(read_image(faces / name))) > threshold + 0.2, name
    b1, b2 = (still.encode_still(read_image(faces / n)) for n in ("biden.jpg", "biden2.jpg"))
    assert distance(b1, b2) < threshold


def test_two_people_refused_with_multiple_faces_reason(still, faces, dlib_engine):
    frame = read_image(faces / "two_people.jpg")
    with pytest.raises(FaceQualityError) as err:
        still.encode_still(frame)
    assert err.value.reason == Reason.MULTIPLE_FACES.value
    live = assess(frame, dlib_engine.detect(frame, Mode.LIVE), Settings(), Mode.LIVE)
    assert live.reason in (Reason.MULTIPLE_FACES, Reason.TOO_SMALL)  # never accepted live


def test_partial_faces_are_handled(still, faces):
    """A face cut off at the image edge either gives a template that still matches, or a clear reason."""
    ref = still.encode_still(read_image(faces / "obama.jpg"))
    for name in ("obama_partial_face.jpg", "obama_partial_face2.jpg"):
        try:
            enc = still.encode_still(read_image(faces / name))
        except FaceQualityError as exc:
            assert exc.reason in {r.value for r in Reason}
        else:
            assert distance(ref, enc) < Settings().match_threshold, name


def test_detection_maps_boxes_back_to_full_resolution(dlib_engine, faces):
    boxes = {}
    for res in ("480p", "720p", "1080p"):
        frame = read_image(faces / f"obama-{res}.jpg")
        (box,) = dlib_engine.detect(frame, Mode.LIVE)
        h = frame.shape[0]
        boxes[res] = np.array(box) / h  # relative to frame height
    assert np.allclose(boxes["480p"], boxes["1080p"], atol=0.03)
    assert np.allclose(boxes["720p"], boxes["1080p"], atol=0.03)


def test_encodings_are_float32_128d(dlib_engine, faces):
    frame = read_image(faces / "obama_small.jpg")
    (box,) = dlib_engine.detect(frame, Mode.STILL)
    enc = dlib_engine.encode(frame, box, Mode.STILL)
    assert enc.dtype == np.float32 and enc.shape == (128,)


def test_importing_kiosk_loads_no_model():
    code = (
        "import sys, kiosk, kiosk.app, kiosk.domain.faces, kiosk.cli;"
        "bad=[m for m in ('dlib','face_recognition','face_recognition_models','PySide6') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""



@pytest.mark.parametrize("name", ["obama1.jpg", "obama3.jpg"])
def test_live_gate_takes_soft_faces_the_encoder_matches_and_refuses_a_blurred_one(still, dlib_engine, faces, name):
    """A photo shrunk until the face is 55 px high (as in a small news photo), then framed as at the
    kiosk (face at 45 % of a 640x480 frame, so upscaled): soft, yet it matches the member's
    template, so the live gate takes it. Blurred until matches degrade (sigma 4), it is refused."""
    import cv2

    from kiosk.bench.accuracy import clip_from_photo, face_box

    settings = Settings()
    img = read_image(faces / name)
    top, _, bottom, _ = face_box(dlib_engine, img, settings)
    small = cv2.resize(img, None, fx=55 / (bottom - top), fy=55 / (bottom - top), interpolation=cv2.INTER_AREA)
    frame = clip_from_photo(small, face_box(dlib_engine, small, settings), 1 / 30, seed=0)[0]
    verdict = assess(frame, dlib_engine.detect(frame, Mode.LIVE), settings, Mode.LIVE)
    assert verdict.reason is Reason.OK
    template = still.encode_still(read_image(faces / "obama.jpg"))
    assert distance(template, dlib_engine.encode(frame, verdict.box, Mode.LIVE)) <= settings.match_threshold
    blurred = cv2.GaussianBlur(frame, (0, 0), 4)
    assert assess(blurred, dlib_engine.detect(blurred, Mode.LIVE), settings, Mode.LIVE).reason is Reason.TOO_BLURRY


def test_a_photo_that_becomes_a_template_gets_the_jittered_encoding(still, dlib_engine, faces):
    """Mode.ENROLL (enrollment from photos): the same face, encoded as the mean of jittered
    copies of it and of its mirror image; a different vector from the plain still encoding,
    still the same person."""
    from kiosk.biometrics.dlib_engine import ENROLL_JITTER

    photo = read_image(faces / "obama.jpg")
    plain, enrolled = still.encode_still(photo), still.encode_still(photo, Mode.ENROLL)
    assert dlib_engine.enroll_jitter == ENROLL_JITTER > 1
    assert 0 < distance(plain, enrolled) < 0.2
    probe = still.encode_still(read_image(faces / "obama1.jpg"))
    assert distance(enrolled, probe) < Settings().match_threshold
