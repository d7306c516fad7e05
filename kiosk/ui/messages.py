"""The one place where errors and reason codes become translated visitor messages.

``error_message(exc)`` maps :attr:`KioskError.code` to a sentence a visitor understands;
unexpected exceptions get a calm generic message (details go to the log only).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.biometrics.quality import Reason
from kiosk.errors import KioskError, LockedOutError


#: Codes added by other areas: code -> function giving the translated text (the guardian codes, for one).
EXTRA_MESSAGES: dict[str, Callable[[], str]] = {}


def error_message(exc: BaseException) -> str:
    code = exc.code if isinstance(exc, KioskError) else "unexpected"
    if isinstance(exc, LockedOutError):
        return locked_message(exc.seconds_left)
    if code in EXTRA_MESSAGES:
        return EXTRA_MESSAGES[code]()
    messages = {
        "not_found": QCoreApplication.translate("Messages", "We could not find that pass or member number."),
        "pin": QCoreApplication.translate("Messages", "That PIN could not be checked."),
        "camera": QCoreApplication.translate("Messages", "The camera is not available right now."),
        "engine": QCoreApplication.translate("Messages", "Face verification is not available right now."),
        "face_not_allowed": QCoreApplication.translate("Messages", "Face verification is not available here."),
        "face_quality": QCoreApplication.translate("Messages", "We could not see a face clearly."),
        "consent": QCoreApplication.translate("Messages", "Consent is needed before a face can be set up."),
        "enrollment": QCoreApplication.translate("Messages", "Face verification could not be set up."),
        "duplicate_face": QCoreApplication.translate("Messages", "This face is already set up on another pass. Please ask staff."),
        "image": QCoreApplication.translate("Messages", "The picture could not be read."),
        "pass_invalid": QCoreApplication.translate("Messages", "This pass is not valid at the moment. Please ask staff."),
    }
    return messages.get(code, QCoreApplication.translate("Messages", "Something went wrong. Please use another way in or ask staff."))


class Plurals(QObject):
    """Messages with a count. lupdate recognises ``%n`` plurals only in ``self.tr(text, "", n)``."""

    def paused(self, seconds: float) -> str:
        if seconds <= 60:
            return self.tr("PIN entry is paused for %n second(s).", "", int(seconds) + 1)
        return self.tr("PIN entry is paused for %n minute(s).", "", int(seconds + 59) // 60)


_plurals: Plurals | None = None


def locked_message(seconds: float) -> str:
    global _plurals
    if _plurals is None:
        _plurals = Plurals()
    return _plurals.paused(seconds)


def advice(reason: Reason | str) -> str:
    """What the visitor should do about a quality reason code."""
    texts = {
        Reason.OK: QCoreApplication.translate("Messages", "Hold still…"),
        Reason.NO_FACE: QCoreApplication.translate("Messages", "Look at the camera."),
        Reason.MULTIPLE_FACES: QCoreApplication.translate("Messages", "Only one person in front of the camera, please."),
        Reason.TOO_SMALL: QCoreApplication.translate("Messages", "Come closer to the camera."),
        Reason.OFF_CENTRE: QCoreApplication.translate("Messages", "Move your face into the oval."),
        Reason.TOO_BLURRY: QCoreApplication.translate("Messages", "Hold still."),
        Reason.TOO_DARK: QCoreApplication.translate("Messages", "More light is needed on your face."),
        Reason.TOO_BRIGHT: QCoreApplication.translate("Messages", "Too bright: step out of direct light."),
    }
    try:
        return texts[Reason(reason)]
    except ValueError:
        return QCoreApplication.translate("Messages", "Look at the camera.")
