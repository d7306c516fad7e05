"""The one place where errors and reason codes become translated messages.

:data:`ERROR_TEXTS` is one explicit table: each :class:`~kiosk.errors.ErrorCode` has a
visitor text (plain words and a next step at the kiosk) and a staff text (a summary; the
error's own message follows it as detail, see ``staff_error``). :func:`build_table` refuses
a code given twice, and tests check that every code has both texts in every language.
``error_message(exc, Audience.STAFF)`` is what the staff area shows; unexpected exceptions
get a calm generic message (details go to the log only).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.biometrics.quality import Reason
from kiosk.errors import ErrorCode, KioskError, LockedOutError

# A table entry: an English source text (translated when shown, in the audience's context, so
# a language switch applies) or a function of the error for texts with a number in them.
Text = str | Callable[[BaseException], str]
VISITOR_CONTEXT, STAFF_CONTEXT = "Messages", "StaffMessages"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the marker's name, which lupdate reads
    """Mark ``source`` for translation in ``context`` and return it unchanged, as Qt's marker does
    (typed: a table of texts stays a table of ``str``)."""
    return source


class Audience(Enum):
    VISITOR = "visitor"
    STAFF = "staff"


@dataclass(frozen=True)
class ErrorTexts:
    visitor: Text
    staff: Text


def build_table(rows: Iterable[tuple[ErrorCode, Text, Text]]) -> Mapping[ErrorCode, ErrorTexts]:
    """Code -> texts, read-only. A code given twice is a mistake in the table: refused."""
    table: dict[ErrorCode, ErrorTexts] = {}
    for code, visitor, staff in rows:
        if code in table:
            raise ValueError(f"error code {code.name} has two entries in the message table")
        table[code] = ErrorTexts(visitor, staff)
    return MappingProxyType(table)


def _locked(exc: BaseException) -> str:
    return locked_message(exc.seconds_left if isinstance(exc, LockedOutError) else 0)


def _pass_refused(exc: BaseException) -> str:
    """Why a face pass was refused, and what to do, in one line (the reason's own text)."""
    from kiosk.errors import PassRefusedError
    from kiosk.ui.pass_ui import refusal_message

    if isinstance(exc, PassRefusedError):
        return refusal_message(exc.reason)
    return QCoreApplication.translate("Messages", "This face pass cannot be used. Please use card or PIN, or ask staff.")


_GENERIC = QT_TRANSLATE_NOOP("Messages", "Something went wrong. Please use another way in or ask staff.")
_OUT_OF_ORDER = QT_TRANSLATE_NOOP("Messages", "This kiosk cannot check passes right now. Please ask staff.")
_NO_CONSENT = QT_TRANSLATE_NOOP("StaffMessages", "This person cannot consent for this pass.")
_NO_FACE_NOW = QT_TRANSLATE_NOOP("Messages", "Face verification is not available right now.")
_FACE_PAUSED = QT_TRANSLATE_NOOP("Messages", "Face checks for this pass are paused for a while after several tries. "
                                 "Your PIN works as always.")

C = ErrorCode
ERROR_TEXTS: Mapping[ErrorCode, ErrorTexts] = build_table([
    (C.ERROR, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "That could not be done.")),
    (C.CONFIG, _OUT_OF_ORDER, QT_TRANSLATE_NOOP("StaffMessages", "The kiosk's configuration cannot be used.")),
    (C.SETTINGS, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "Not saved: some values need correcting.")),
    (C.DISPLAY, _OUT_OF_ORDER, QT_TRANSLATE_NOOP("StaffMessages", "The kiosk's window cannot open on this display.")),
    (C.KEY_MISSING, _OUT_OF_ORDER, QT_TRANSLATE_NOOP("StaffMessages", "The database key is missing.")),
    (C.WRONG_KEY, _OUT_OF_ORDER, QT_TRANSLATE_NOOP("StaffMessages", "The database key does not open this database.")),
    (C.CORRUPT_DB, _OUT_OF_ORDER, QT_TRANSLATE_NOOP("StaffMessages", "The database is damaged.")),
    (C.AUDIT_SEAL, _OUT_OF_ORDER,
     QT_TRANSLATE_NOOP("StaffMessages", "The audit trail is not sealed, or it was tampered with: see 'kiosk audit verify'.")),
    (C.SCHEMA_TOO_NEW, _OUT_OF_ORDER,
     QT_TRANSLATE_NOOP("StaffMessages", "The database was made by a newer version of the kiosk.")),
    (C.NOT_FOUND, QT_TRANSLATE_NOOP("Messages", "We could not find that pass or member number."),
     QT_TRANSLATE_NOOP("StaffMessages", "Not found.")),
    (C.PROTECTED_FILE, _GENERIC,
     QT_TRANSLATE_NOOP("StaffMessages", "That file belongs to the kiosk itself and is never overwritten.")),
    (C.IMPORT_INVALID, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "Nothing was imported: the file has errors.")),
    (C.PIN, QT_TRANSLATE_NOOP("Messages", "That PIN could not be checked."),
     QT_TRANSLATE_NOOP("StaffMessages", "The PIN could not be set or checked.")),
    (C.LOCKED_OUT, _locked, _locked),
    (C.IMAGE, QT_TRANSLATE_NOOP("Messages", "The picture could not be read."),
     QT_TRANSLATE_NOOP("StaffMessages", "The picture could not be read.")),
    (C.FACE_QUALITY, QT_TRANSLATE_NOOP("Messages", "We could not see a face clearly."),
     QT_TRANSLATE_NOOP("StaffMessages", "No usable face in the picture.")),
    (C.ENROLLMENT, QT_TRANSLATE_NOOP("Messages", "Face verification could not be set up."),
     QT_TRANSLATE_NOOP("StaffMessages", "The face could not be set up.")),
    (C.DUPLICATE_FACE, QT_TRANSLATE_NOOP("Messages", "This face is already set up on another pass. Please ask staff."),
     QT_TRANSLATE_NOOP("StaffMessages", "This face is already set up on another pass.")),
    (C.CONSENT, QT_TRANSLATE_NOOP("Messages", "Consent is needed before a face can be set up."),
     QT_TRANSLATE_NOOP("StaffMessages", "Consent is missing or could not be recorded.")),
    (C.GUARDIAN, QT_TRANSLATE_NOOP("Messages", "This person cannot give consent for this pass. Please ask staff."),
     _NO_CONSENT),
    (C.GUARDIAN_SAME,
     QT_TRANSLATE_NOOP("Messages", "Please use the parent's or guardian's own member number, not the child's."),
     _NO_CONSENT),
    (C.GUARDIAN_NOT_ADULT,
     QT_TRANSLATE_NOOP("Messages", "A parent or guardian is an adult. Please ask an adult, or ask staff."), _NO_CONSENT),
    (C.GUARDIAN_PASS_INVALID,
     QT_TRANSLATE_NOOP("Messages", "That pass is not valid at the moment. Please ask staff for help."), _NO_CONSENT),
    (C.GUARDIAN_NAME, QT_TRANSLATE_NOOP("Messages", "Please type the parent's or guardian's full name."), _NO_CONSENT),
    (C.FACE_NOT_ALLOWED, QT_TRANSLATE_NOOP("Messages", "Face verification is not available here."),
     QT_TRANSLATE_NOOP("StaffMessages", "Face features are not allowed here.")),
    (C.FACE_PAUSED, _FACE_PAUSED,
     QT_TRANSLATE_NOOP("StaffMessages", "Face checks are paused after repeated failed tries.")),
    (C.CAMERA, QT_TRANSLATE_NOOP("Messages", "The camera is not available right now."),
     QT_TRANSLATE_NOOP("StaffMessages", "The camera is not available.")),
    (C.ENGINE, _NO_FACE_NOW, QT_TRANSLATE_NOOP("StaffMessages", "The face engine is not available.")),
    (C.LIVENESS_MODEL, _NO_FACE_NOW, QT_TRANSLATE_NOOP("StaffMessages", "A liveness model is missing or altered.")),
    (C.PASS_REFUSED, _pass_refused,
     QT_TRANSLATE_NOOP("StaffMessages", "The face pass was refused.")),
    (C.REVOCATION_LIST, _GENERIC,
     QT_TRANSLATE_NOOP("StaffMessages", "Nothing was imported: this is not a revocation list of this site.")),
    (C.PASS_INVALID, QT_TRANSLATE_NOOP("Messages", "This pass is not valid at the moment. Please ask staff."),
     QT_TRANSLATE_NOOP("StaffMessages", "The pass is not valid at the moment.")),
    (C.PERMISSION_DENIED,
     QT_TRANSLATE_NOOP("Messages", "This staff account cannot do this. Please ask another member of staff."),
     QT_TRANSLATE_NOOP("StaffMessages", "Your role may not do this. Ask an administrator.")),
    (C.PROOF_REFUSED, QT_TRANSLATE_NOOP("Messages", "Please confirm it is you with your PIN."),
     QT_TRANSLATE_NOOP("StaffMessages", "The visitor's confirmation is not for this member, has lapsed or was used.")),
    (C.STAFF, QT_TRANSLATE_NOOP("Messages", "That staff PIN could not be checked."),
     QT_TRANSLATE_NOOP("StaffMessages", "The staff account could not be changed.")),
    (C.EXPORT, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "The export could not be written.")),
    (C.MAINTENANCE, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "The maintenance task could not be completed.")),
    (C.REPORT, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "The report could not be written.")),
    (C.PAIRS_FILE, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "The pairs file cannot be used: it has errors.")),
    (C.MISSING_INPUTS, _GENERIC, QT_TRANSLATE_NOOP("StaffMessages", "Some of the files it names are missing.")),
    (C.SITE, _GENERIC,
     QT_TRANSLATE_NOOP("StaffMessages", "The site server cannot be reached; this kiosk goes on and sends its changes later.")),
])


def error_message(exc: BaseException, audience: Audience = Audience.VISITOR) -> str:
    """The translated text for ``exc``: the visitor's words, or the staff area's summary."""
    code = exc.code if isinstance(exc, KioskError) else ErrorCode.ERROR
    texts = ERROR_TEXTS[code]
    text, context = (texts.staff, STAFF_CONTEXT) if audience is Audience.STAFF else (texts.visitor, VISITOR_CONTEXT)
    return QCoreApplication.translate(context, text) if isinstance(text, str) else text(exc)


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


def face_paused_text() -> str:
    """Why face is not offered now: this member's face checks are paused after failed tries."""
    return QCoreApplication.translate(VISITOR_CONTEXT, _FACE_PAUSED)


def advice(reason: Reason | str) -> str:
    """What the visitor should do about a quality reason code."""
    texts = {
        Reason.OK: QCoreApplication.translate("Messages", "Hold still…"),
        Reason.NO_FACE: QCoreApplication.translate("Messages", "Look at the camera."),
        Reason.MULTIPLE_FACES: QCoreApplication.translate("Messages", "Only one person in front of the camera, please."),
        Reason.TOO_SMALL: QCoreApplication.translate("Messages", "Come closer to the camera."),
        Reason.OFF_CENTRE: QCoreApplication.translate("Messages", "Move your face into the oval."),
        Reason.TOO_BRIGHT: QCoreApplication.translate("Messages", "Too bright: step out of direct light."),
        Reason.TOO_BLURRY: QCoreApplication.translate("Messages", "Hold still."),
        Reason.TOO_DARK: QCoreApplication.translate("Messages", "More light is needed on your face."),
    }
    try:
        return texts[Reason(reason)]
    except ValueError:
        return QCoreApplication.translate("Messages", "Look at the camera.")
