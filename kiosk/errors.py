"""One error hierarchy for the kiosk.

Every subclass says what went wrong *and what to do about it*; the CLI prints
``str(error)`` as one line and the UI maps ``error.code`` to a translated message.
Library code raises these; it never prints or exits.
"""

from __future__ import annotations

from enum import Enum


class KioskError(Exception):
    """Base class. ``code`` is a stable identifier the UI translates."""

    code = "error"

    def __init__(self, message: str, *, remedy: str = "") -> None:
        self.message = message
        self.remedy = remedy
        super().__init__(f"{message} {remedy}".strip())


class ConfigError(KioskError):
    code = "config"


class KeyMissingError(KioskError):
    code = "key_missing"


class WrongKeyError(KioskError):
    code = "wrong_key"


class CorruptDatabaseError(KioskError):
    code = "corrupt_db"


class SchemaTooNewError(KioskError):
    code = "schema_too_new"


class NotFoundError(KioskError):
    code = "not_found"


class ProtectedFileError(KioskError):
    """An output path names the kiosk's own database or key."""

    code = "protected_file"


class ImportValidationError(KioskError):
    """A CSV import was refused; ``row_errors`` lists (line number, message)."""

    code = "import_invalid"

    def __init__(self, row_errors: list[tuple[int, str]]) -> None:
        self.row_errors = row_errors
        first = "; ".join(f"line {n}: {m}" for n, m in row_errors[:3])
        more = f" (and {len(row_errors) - 3} more)" if len(row_errors) > 3 else ""
        super().__init__(
            f"Nothing was imported: {len(row_errors)} row error(s): {first}{more}.",
            remedy="Fix the rows listed and import the file again.",
        )


class PinError(KioskError):
    code = "pin"


class LockedOutError(KioskError):
    code = "locked_out"

    def __init__(self, seconds_left: float, what: str = "PIN entry") -> None:
        self.seconds_left = seconds_left
        super().__init__(
            f"{what} is locked for {int(seconds_left) + 1} more second(s) after repeated wrong PINs.",
            remedy="Wait, use another way in, or ask staff.",
        )


class ImageError(KioskError):
    code = "image"


class FaceQualityError(KioskError):
    """No usable face; ``reason`` is a :class:`kiosk.biometrics.quality.Reason` value."""

    code = "face_quality"

    def __init__(self, reason: str, message: str, remedy: str = "") -> None:
        self.reason = reason
        super().__init__(message, remedy=remedy)


class EnrollmentError(KioskError):
    code = "enrollment"


class DuplicateFaceError(EnrollmentError):
    code = "duplicate_face"


class ConsentError(KioskError):
    code = "consent"


class FaceNotAllowedError(KioskError):
    """Face features are disabled here (site type, settings or member state)."""

    code = "face_not_allowed"


class CameraError(KioskError):
    code = "camera"


class EngineError(KioskError):
    code = "engine"


class LivenessModelError(EngineError):
    """A vendored liveness model is missing or is not the expected file."""

    code = "liveness_model"


class Refusal(str, Enum):
    """Why a face pass was refused. Each has a remedy below and a translated text in the UI."""

    UNREADABLE = "unreadable"  # not a pass code, or cut short
    VERSION = "version"  # made by a newer kiosk
    OTHER_SITE = "other_site"  # sealed under a key this site does not have
    TAMPERED = "tampered"  # the seal does not check out
    OTHER_MEMBER = "other_member"  # sealed for another member number
    EXPIRED = "expired"
    KEY_RETIRED = "key_retired"  # its site key was rotated and the grace period is over
    REVOKED = "revoked"  # consent withdrawn
    NO_SITE_KEY = "no_site_key"  # this kiosk has not joined a site yet


_REFUSALS = {
    Refusal.UNREADABLE: ("This is not a readable face pass.", "Scan the code again, or use card or PIN."),
    Refusal.VERSION: ("This face pass was made by a newer kiosk.", "Update this kiosk, or use card or PIN."),
    Refusal.OTHER_SITE: ("This face pass belongs to another site.", "Use card or PIN, or set up face here."),
    Refusal.TAMPERED: ("This face pass has been altered or damaged.", "Use card or PIN, and ask staff for a new pass."),
    Refusal.OTHER_MEMBER: ("This face pass belongs to another member.", "Use your own pass, or card or PIN."),
    Refusal.EXPIRED: ("This face pass has expired.", "Please renew it at the desk; card and PIN keep working."),
    Refusal.KEY_RETIRED: ("This face pass is no longer accepted here.", "Please renew it at the desk; card and PIN keep working."),
    Refusal.REVOKED: ("Face verification was withdrawn for this pass.", "Use card or PIN, or set up face again."),
    Refusal.NO_SITE_KEY: ("This kiosk has no site key for face passes.", "Staff: run 'kiosk site-key import FILE'."),
}


class PassRefusedError(KioskError):
    """A face pass could not be used; ``reason`` says why (a :class:`Refusal`)."""

    code = "pass_refused"

    def __init__(self, reason: Refusal) -> None:
        self.reason = reason
        message, remedy = _REFUSALS[reason]
        super().__init__(message, remedy=remedy)
