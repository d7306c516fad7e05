"""Whose face is processed on a live frame (rule 8): the visitor's, never a bystander's.

The visitor is the person close to the camera, so their face is the largest in the picture.
Another face whose width *and* height are both under ``ratio`` x the visitor's (the
``bystander_ratio`` setting, 0.7) is further back, someone in the queue: a *bystander*. Its
box is returned only so that it can be left out; it is never encoded, tracked, kept or shown,
and it does not pause the check. Another face about as large in either direction is about as
close as the visitor (a face cut by the picture's edge keeps its full size in the other
direction): the frame is *crowded*, and the check pauses and asks for room. The ratio was
chosen on the development set framed as at the kiosk (README, "Bystanders in the queue").

Where the visitor stands is judged afterwards by the quality gate (``max_offcentre``): a large
face off-centre stays the visitor and is asked to move into the oval; a smaller face that
happens to be in the middle of the picture never takes its place.

:func:`screen_picture` is what the camera picture on screen shows: everything outside the
visitor's face blurred beyond recognition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Protocol, Sequence, TypeVar

import cv2
import numpy as np

from kiosk.biometrics.engine import Box
from kiosk.config import Settings

#: Another face under this fraction of the visitor's width and height is a bystander (the
#: default of the ``bystander_ratio`` setting).
BYSTANDER_RATIO = Settings.bystander_ratio

#: The screen picture outside the visitor's face: the frame shrunk to this many pixels across
#: and enlarged again (a face in it is at most a few pixels wide: nobody can be recognised).
BLUR_WIDTH = 16

#: The sharp region around the visitor's face box, as a multiple of the box (an ellipse):
#: hair, ears and chin stay sharp, so the visitor recognises themselves.
SHARP_MARGIN = 1.35


class Boxed(Protocol):
    @property
    def box(self) -> Box: ...  # (top, right, bottom, left)


F = TypeVar("F", bound=Boxed)


def width(box: Box) -> int:
    return max(0, box[1] - box[3])


def height(box: Box) -> int:
    return max(0, box[2] - box[0])


@dataclass(frozen=True)
class Choice(Generic[F]):
    """The faces of one frame, sorted out. ``visitor`` is None when there is no face or when
    the frame is crowded; ``competing`` holds the faces about as close as the largest (the
    visitor alone, or every face that crowds the frame); ``bystanders`` the rest."""

    visitor: F | None
    competing: tuple[F, ...]
    bystanders: tuple[F, ...]

    @property
    def crowded(self) -> bool:
        return len(self.competing) > 1


def choose(faces: Sequence[F], ratio: float = BYSTANDER_RATIO) -> Choice[F]:
    """Sort ``faces`` (anything with a ``box``) into the visitor, the faces that compete with
    them and the bystanders. The order of ``faces`` is kept."""
    if not faces:
        return Choice(None, (), ())
    largest = max(faces, key=lambda f: (width(f.box) * height(f.box), width(f.box)))
    w0, h0 = width(largest.box), height(largest.box)

    def far(f: F) -> bool:
        return width(f.box) < ratio * w0 and height(f.box) < ratio * h0

    competing = tuple(f for f in faces if f is largest or not far(f))
    bystanders = tuple(f for f in faces if f is not largest and far(f))
    return Choice(largest if len(competing) == 1 else None, competing, bystanders)


def screen_picture(frame_bgr: np.ndarray, visitor: Box | None, hidden: Sequence[Box] = ()) -> np.ndarray:
    """A new frame for the screen: ``frame_bgr`` blurred beyond recognition everywhere but an
    ellipse around the visitor's face box (everything blurred when there is no visitor). The
    boxes in ``hidden`` (bystanders) stay blurred even where they reach into that ellipse.
    The frame passed in is not changed."""
    h, w = frame_bgr.shape[:2]
    small_w = max(1, min(w, BLUR_WIDTH))
    small = cv2.resize(frame_bgr, (small_w, max(1, round(h * small_w / w))), interpolation=cv2.INTER_AREA)
    out = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    if visitor is None:
        return out
    top, right, bottom, left = visitor
    cx, cy = (left + right) / 2, (top + bottom) / 2
    ax, ay = SHARP_MARGIN * (right - left) / 2, SHARP_MARGIN * (bottom - top) / 2
    x0, x1 = max(0, int(cx - ax)), min(w, int(np.ceil(cx + ax)) + 1)
    y0, y1 = max(0, int(cy - ay)), min(h, int(np.ceil(cy + ay)) + 1)
    if x1 <= x0 or y1 <= y0:
        return out
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.ellipse(mask, (round(cx - x0), round(cy - y0)), (max(1, round(ax)), max(1, round(ay))), 0, 0, 360, 255, -1)
    for t, r, b, left in hidden:  # a bystander's face just behind the visitor's head stays blurred
        mask[max(0, t - y0) : max(0, b - y0), max(0, left - x0) : max(0, r - x0)] = 0
    cv2.copyTo(frame_bgr[y0:y1, x0:x1], mask, out[y0:y1, x0:x1])  # in place, into the view of ``out``
    return out
