"""Red team, rule 8: a face that the kiosk treats as a bystander can never be the face that
verifies. The real engine on ../shared/faces portraits, arranged in memory (nothing written)."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from kiosk.bench.frames import frame_around_face
from kiosk.biometrics.engine import Box, Mode, distance, match_level
from kiosk.camera.source import MemorySource
from kiosk.config import Settings
from kiosk.domain.faces import read_image
from kiosk.pipeline import CapturePipeline

S = Settings()


def with_photo_of(faces, engine, visitor_photo: str, held_photo: str, width_ratio: float) -> tuple[np.ndarray, Box]:
    """``visitor_photo``'s face close and centred; ``held_photo``'s face pasted in the upper right
    at ``width_ratio`` of the visitor's face width (a photo held up behind, or beside)."""
    img = read_image(faces / visitor_photo)
    frame = frame_around_face(img, max(engine.detect(img, Mode.STILL), key=lambda b: b[2] - b[0])).copy()
    (visitor,) = [f.box for f in engine.detect_faces(frame, Mode.LIVE)]
    held = read_image(faces / held_photo)
    top, right, bottom, left = max(engine.detect(held, Mode.STILL), key=lambda b: b[2] - b[0])
    m = int(0.4 * (bottom - top))
    crop = held[max(0, top - m) : bottom + m, max(0, left - m) : right + m]
    w = int(width_ratio * (visitor[1] - visitor[3]) * crop.shape[1] / (right - left))
    small = cv2.resize(crop, (w, int(w * crop.shape[0] / crop.shape[1])), interpolation=cv2.INTER_AREA)
    small = small[: frame.shape[0] - 10, : frame.shape[1] // 2]
    frame[10 : 10 + small.shape[0], frame.shape[1] - small.shape[1] - 10 : frame.shape[1] - 10] = small
    return frame, visitor


class Spy:
    """Wraps the engine's encode: every box it is given."""

    def __init__(self, engine) -> None:
        self.engine, self.boxes = engine, []

    def encode(self, frame, box, mode=Mode.LIVE):
        self.boxes.append(tuple(box))
        return self.engine.encode(frame, box, mode)


def play(engine, frame, template, timeout_s=30.0):  # "no match" comes after 3 encodes; the timeout only guards
    spy = Spy(engine)

    def judge(enc):
        return match_level(distance(enc, template), S.match_threshold, S.sure_match_fraction)

    pipe = CapturePipeline(MemorySource([frame], 15.0), engine, S, needed=S.verify_frames, judge=judge,
                           timeout_s=timeout_s, encoder=spy)
    return pipe.run(threading.Event(), lambda f: None, lambda s: None), spy.boxes


def test_the_members_photo_held_small_behind_someone_else_never_verifies(faces, dlib_engine):
    photo = read_image(faces / "obama.jpg")
    template = dlib_engine.encode(photo, dlib_engine.detect(photo, Mode.STILL)[0], Mode.STILL)
    frame, visitor = with_photo_of(faces, dlib_engine, "biden.jpg", "obama2.jpg", 0.45)
    assert len(dlib_engine.detect_faces(frame, Mode.LIVE)) == 2  # the held photo is seen, and left out
    outcome, boxes = play(dlib_engine, frame, template)
    assert outcome.kind == "no_match"
    vx = (visitor[1] + visitor[3]) / 2
    assert boxes and all(abs((b[1] + b[3]) / 2 - vx) < 0.5 * (visitor[1] - visitor[3]) for b in boxes)


def test_the_members_photo_held_as_close_pauses_and_is_never_encoded(faces, dlib_engine):
    photo = read_image(faces / "obama.jpg")
    template = dlib_engine.encode(photo, dlib_engine.detect(photo, Mode.STILL)[0], Mode.STILL)
    frame, _ = with_photo_of(faces, dlib_engine, "biden.jpg", "obama2.jpg", 0.9)
    assert len(dlib_engine.detect_faces(frame, Mode.LIVE)) == 2
    outcome, boxes = play(dlib_engine, frame, template, timeout_s=1.5)
    assert outcome.kind == "timeout" and boxes == []
