"""The quality gate: a reason for every refusal (fake faces, no dlib needed)."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import FakeEngine, draw_face
from kiosk.biometrics.quality import Reason, assess, dominant_face
from kiosk.config import Settings

E = FakeEngine()
S = Settings()


def verdict(frame, mode=Mode.LIVE, settings=S):
    return assess(frame, E.detect(frame, mode), settings, mode).reason


def test_good_face_passes():
    assert verdict(draw_face(30)) is Reason.OK


@pytest.mark.parametrize(
    "frame, reason",
    [
        (np.full((480, 640, 3), 110, np.uint8), Reason.NO_FACE),
        (draw_face(30, size=0.15), Reason.TOO_SMALL),
        (draw_face(30, centre=(0.85, 0.5), size=0.3), Reason.OFF_CENTRE),
        (draw_face(30, brightness=25), Reason.TOO_DARK),
        (draw_face(30, brightness=250), Reason.TOO_BRIGHT),
    ],
)
def test_each_refusal_has_its_reason(frame, reason):
    assert verdict(frame) is reason


def test_blurry_face_is_refused():
    import cv2

    frame = cv2.GaussianBlur(draw_face(30), (41, 41), 15)
    assert verdict(frame) is Reason.TOO_BLURRY


def test_live_refuses_any_second_face_even_a_small_bystander():
    frame = draw_face(90, size=0.12, centre=(0.9, 0.2), frame=draw_face(30, size=0.5))
    assert verdict(frame, Mode.LIVE) is Reason.MULTIPLE_FACES


def test_still_takes_a_clearly_dominant_face():
    frame = draw_face(90, size=0.12, centre=(0.9, 0.2), frame=draw_face(30, size=0.5))
    v = assess(frame, E.detect(frame, Mode.STILL), S, Mode.STILL)
    assert v.ok and (v.box[2] - v.box[0]) > 200


def test_still_refuses_two_competing_faces():
    frame = draw_face(90, size=0.3, centre=(0.25, 0.5), frame=draw_face(30, size=0.35, centre=(0.75, 0.5)))
    assert verdict(frame, Mode.STILL) is Reason.MULTIPLE_FACES


def test_dominance_prefers_central_face():
    w, h = 1000, 1000
    central = (400, 560, 560, 440)  # 160 px, centred
    edge = (50, 990, 230, 810)  # 180 px, at the edge
    assert dominant_face([edge, central], w, h, 1.75) == central
    assert dominant_face([edge, (300, 540, 420, 420)], w, h, 1.75) == (300, 540, 420, 420)  # a corner face is a bystander
    assert dominant_face([(320, 640, 480, 480), (300, 560, 420, 440)], w, h, 1.75) is None  # two central faces compete
    side_by_side = [(30, 340, 340, 210), (70, 830, 390, 700)]  # two people, each off centre (two_people.jpg)
    assert dominant_face(side_by_side, w, h, 1.75) is None
    assert dominant_face([edge, (0, 150, 150, 0)], w, h, 1.75) is None  # only faces at the edges
    assert dominant_face([central, (10, 60, 60, 10)], w, h, 1.75) == central


def test_min_face_size_is_configurable():
    frame = draw_face(30, size=0.3)
    assert verdict(frame, settings=S.replace(min_face_fraction=0.4)) is Reason.TOO_SMALL
    assert verdict(frame, settings=S.replace(min_face_fraction=0.2)) is Reason.OK
