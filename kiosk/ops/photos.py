"""Photo files that staff give the command line: a member's face encoded from a photo, for
enrollment from photos or a check of a photo (Qt-free).

The photo is read into memory and encoded; nothing is written, and the encoding goes only to
the operation that uses it (:func:`kiosk.ops.enroll_with_consent`, :func:`kiosk.ops.verify_face`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.biometrics.engine import Mode
from kiosk.domain import faces as face_domain
from kiosk.errors import FaceQualityError
from kiosk.ops.auth import Actor, authorise
from kiosk.ops.visitor import FaceFlow

if TYPE_CHECKING:
    import numpy as np

    from kiosk.core import Kiosk


def photo_encoding(kiosk: "Kiosk", actor: Actor, member_no: str, path: Path, flow: FaceFlow) -> "np.ndarray":
    """The encoding of the dominant face in the photo at ``path``: the enrollment encoding for
    :attr:`FaceFlow.ENROLL` (slower, better), the still one for :attr:`FaceFlow.VERIFY`. A photo
    without a usable face raises FaceQualityError with its reason; an unreadable file, one clear
    error."""
    authorise(actor, flow.action, member_no)
    photo = face_domain.read_image(path)  # photos are read through the face service's module
    try:
        return kiosk.faces.encode_still(photo, Mode.ENROLL if flow is FaceFlow.ENROLL else Mode.STILL)
    except FaceQualityError as exc:  # the file's name, for the member of staff who gave several
        raise FaceQualityError(exc.reason, f"{path}: no usable face in the photo ({exc.reason}).", exc.remedy) from None
