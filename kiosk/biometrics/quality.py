"""Quality gate: one reason code for every refusal, so the UI can say what to do.

Live frames are given the visitor's face only: bystanders (clearly smaller faces further
back, rule 8) are left out before the gate by :mod:`kiosk.biometrics.visitor_face`, and a
second face about as close as the visitor's is refused here (``MULTIPLE_FACES``), as are
faces too small for a close, deliberate capture. Still photos take the dominant face when
it clearly dominates and refuse when two faces compete.

Photos and live frames are judged at the scale the encoder sees them: the face box resized
to a fixed height (:data:`FACE_HEIGHT`, about the face in dlib's 150 px aligned chip), so a
large face is not called sharp nor a small one blurry for its resolution alone.

Still limits (``min_sharpness_still``, ``min/max_brightness_still``) refuse only really poor
photos: set below every photo of the development set (1,108 news photos, none refused) and
where the encoder's same-person matches measurably collapse (Gaussian blur sigma >= 3.5,
faces darkened to a mean below ~20 or brightened past ~230).

Live limits (``min_sharpness``, ``min/max_brightness``) are stricter, since a refused frame
costs only the next one while a blurred frame that misses counts towards "no match". Measured
on the development set framed as at the kiosk (each photo's face at 45 % of a 640x480 frame):
no frame lies under them (sharpness at least 11.5, brightness 47-193), and blurring the 300
same-person probes until sharpness falls under 8 (Gaussian sigma ~2) is where their distances
start to rise (median +0.01, 90th percentile +0.055; under 5: +0.03 / +0.10).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np

from kiosk.biometrics.engine import Box, Mode
from kiosk.config import Settings


class Reason(str, Enum):
    OK = "ok"
    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    TOO_SMALL = "too_small"
    OFF_CENTRE = "off_centre"
    TOO_BLURRY = "too_blurry"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"


#: What the visitor should do, in plain English (the UI has translated versions).
ADVICE = {
    Reason.OK: "Hold still.",
    Reason.NO_FACE: "Look at the camera.",
    Reason.MULTIPLE_FACES: "Only one person in front of the camera, please.",
    Reason.TOO_SMALL: "Come closer to the camera.",
    Reason.OFF_CENTRE: "Move your face into the oval.",
    Reason.TOO_BLURRY: "Hold still.",
    Reason.TOO_DARK: "More light is needed on your face.",
    Reason.TOO_BRIGHT: "Too much light: step out of direct light.",
}

#: What staff should do about a photo file (enrollment from photos, calibration, a check of
#: a photo): they hold the file, not the visitor's face, so nobody is told to look at a camera.
PHOTO_ADVICE = {
    Reason.OK: "The photo is usable.",
    Reason.NO_FACE: "No face was found in the photo: use a photo in which the face is clearly visible and upright.",
    Reason.MULTIPLE_FACES: "Several faces of about the same size: use a photo in which the member's face clearly dominates.",
    Reason.TOO_SMALL: "The face in the photo is too small: use a closer or larger photo.",
    Reason.OFF_CENTRE: "The face is too far from the centre of the photo: crop the photo around the face.",
    Reason.TOO_BLURRY: "The photo is too blurred: use a sharper photo.",
    Reason.TOO_DARK: "The face in the photo is too dark: use a brighter photo.",
    Reason.TOO_BRIGHT: "The face in the photo is overexposed: use a photo with less glare.",
}


@dataclass(frozen=True)
class Verdict:
    reason: Reason
    box: Box | None = None
    sharpness: float = 0.0
    brightness: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reason is Reason.OK


def _centre_offset(b: Box, w: int, h: int) -> float:
    cx, cy = (b[1] + b[3]) / 2, (b[0] + b[2]) / 2
    return max(abs(cx - w / 2) / w, abs(cy - h / 2) / h)


#: A face this far from the centre (offset / frame size) no longer competes for a still photo.
EDGE_OFFSET = 0.4
FACE_HEIGHT = 150


def dominant_face(boxes: list[Box], w: int, h: int, ratio: float) -> Box | None:
    """The largest, most central face when it clearly dominates the others; else None.

    A face's weight is its height, discounted linearly with its distance from the centre
    down to nothing at :data:`EDGE_OFFSET` (a face at the photo's edge is a bystander).
    Measured on the development set: 205 of 1,108 photos show a second face (YuNet);
    the former weighting (discount 1.5 x offset, floor 0.1) refused 17 of them, this one
    none, and it still refuses two people side by side."""
    if len(boxes) == 1:
        return boxes[0]

    def score(b: Box) -> float:
        return (b[2] - b[0]) * max(0.0, 1.0 - _centre_offset(b, w, h) / EDGE_OFFSET)

    ranked = sorted(boxes, key=score, reverse=True)
    best = score(ranked[0])
    return ranked[0] if best > 0 and best >= ratio * score(ranked[1]) else None


def face_stats(frame_bgr: np.ndarray, box: Box, height: int = FACE_HEIGHT) -> tuple[float, float]:
    """(sharpness as Laplacian variance, mean brightness) of the face region, resized to
    ``height`` first so that sharpness is compared at one scale, whatever the resolution."""
    top, right, bottom, left = box
    crop = frame_bgr[max(0, top) : max(0, bottom), max(0, left) : max(0, right)]
    if crop.size == 0:
        return 0.0, 0.0
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    f = height / gray.shape[0]
    gray = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var()), float(gray.mean())


def assess(frame_bgr: np.ndarray, boxes: list[Box], settings: Settings, mode: Mode = Mode.LIVE) -> Verdict:
    h, w = frame_bgr.shape[:2]
    if not boxes:
        return Verdict(Reason.NO_FACE)
    if mode is Mode.LIVE:
        if len(boxes) > 1:
            return Verdict(Reason.MULTIPLE_FACES)
        box = boxes[0]
        if (box[2] - box[0]) < settings.min_face_fraction * h:
            return Verdict(Reason.TOO_SMALL, box)
        if _centre_offset(box, w, h) > settings.max_offcentre:
            return Verdict(Reason.OFF_CENTRE, box)
    else:
        dominant = dominant_face(boxes, w, h, settings.dominance_ratio)
        if dominant is None:
            return Verdict(Reason.MULTIPLE_FACES)
        box = dominant
        if (box[2] - box[0]) < settings.min_face_px_still:
            return Verdict(Reason.TOO_SMALL, box)
    sharpness, brightness = face_stats(frame_bgr, box)
    if mode is Mode.LIVE:
        limits = settings.min_brightness, settings.max_brightness, settings.min_sharpness
    else:
        limits = settings.min_brightness_still, settings.max_brightness_still, settings.min_sharpness_still
    if brightness < limits[0]:
        return Verdict(Reason.TOO_DARK, box, sharpness, brightness)
    if brightness > limits[1]:
        return Verdict(Reason.TOO_BRIGHT, box, sharpness, brightness)
    if sharpness < limits[2]:
        return Verdict(Reason.TOO_BLURRY, box, sharpness, brightness)
    return Verdict(Reason.OK, box, sharpness, brightness)
