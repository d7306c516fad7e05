"""One error hierarchy for the kiosk, and every one of its codes.

Every subclass says what went wrong *and what to do about it*; the CLI prints
``str(error)`` as one line and the UI turns ``error.code`` (an :class:`ErrorCode`) into a
translated text in one table (:mod:`kiosk.ui.messages`). All subclasses live here, so the
table can be checked against the whole list. Library code raises these; it never prints or exits.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # the settings' typed problems; errors.py imports nothing of the kiosk at run time
    from kiosk.config import SettingProblem


class ErrorCode(Enum):
    """What kind of error: the UI's key to a visitor text and a staff text. Values are stable
    (they appear in audit records, e.g. why a consent ended)."""

    ERROR = "error"
    CONFIG = "config"
    SETTINGS = "settings"
    DISPLAY = "display"
    KEY_MISSING = "key_missing"
    WRONG_KEY = "wrong_key"
    CORRUPT_DB = "corrupt_db"
    AUDIT_SEAL = "audit_seal"
    SCHEMA_TOO_NEW = "schema_too_new"
    NOT_FOUND = "not_found"
    PROTECTED_FILE = "protected_file"
    IMPORT_INVALID = "import_invalid"
    PIN = "pin"
    LOCKED_OUT = "locked_out"
    IMAGE = "image"
    FACE_QUALITY = "face_quality"
    ENROLLMENT = "enrollment"
    DUPLICATE_FACE = "duplicate_face"
    CONSENT = "consent"
    GUARDIAN = "guardian"
    GUARDIAN_SAME = "guardian_same"
    GUARDIAN_NOT_ADULT = "guardian_not_adult"
    GUARDIAN_PASS_INVALID = "guardian_pass_invalid"
    GUARDIAN_NAME = "guardian_name"
    FACE_NOT_ALLOWED = "face_not_allowed"
    FACE_PAUSED = "face_paused"
    CAMERA = "camera"
    ENGINE = "engine"
    LIVENESS_MODEL = "liveness_model"
    PASS_REFUSED = "pass_refused"
    REVOCATION_LIST = "revocation_list"
    PASS_INVALID = "pass_invalid"
    PERMISSION_DENIED = "permission_denied"
    PROOF_REFUSED = "proof_refused"
    STAFF = "staff"
    EXPORT = "export"
    MAINTENANCE = "maintenance"
    REPORT = "report"
    PAIRS_FILE = "pairs_file"
    MISSING_INPUTS = "missing_inputs"
    SITE = "site"


class KioskError(Exception):
    """Base class. ``code`` says which kind of error this is; the UI translates it."""

    code: ClassVar[ErrorCode] = ErrorCode.ERROR
    #: the command line's exit status for this error (README: exit statuses)
    exit_status: ClassVar[int] = 2

    def __init__(self, message: str, *, remedy: str = "") -> None:
        self.message = message
        self.remedy = remedy
        super().__init__(f"{message} {remedy}".strip())


class ConfigError(KioskError):
    code = ErrorCode.CONFIG


class SettingsError(ConfigError):
    """Settings that fail validation; ``problems`` holds each one as a typed value."""

    code = ErrorCode.SETTINGS

    def __init__(self, problems: "list[SettingProblem] | tuple[SettingProblem, ...]", *,
                 prefix: str = "Invalid settings: ", remedy: str = "Correct the values and save again.") -> None:
        self.problems = tuple(problems)
        super().__init__(prefix + "; ".join(map(str, self.problems)) + ".", remedy=remedy)


class DisplayError(ConfigError):
    """The kiosk cannot open its window here: no display, or Qt's platform plugin cannot load."""

    code = ErrorCode.DISPLAY


class KeyMissingError(KioskError):
    code = ErrorCode.KEY_MISSING


class WrongKeyError(KioskError):
    code = ErrorCode.WRONG_KEY


class CorruptDatabaseError(KioskError):
    code = ErrorCode.CORRUPT_DB


class AuditSealError(CorruptDatabaseError):
    """The audit trail is not sealed, or lost its seals, or its schema version went back: the
    kiosk never seals such a trail on its own (an administrator does, explicitly)."""

    code = ErrorCode.AUDIT_SEAL


class SchemaTooNewError(KioskError):
    code = ErrorCode.SCHEMA_TOO_NEW


class NotFoundError(KioskError):
    code = ErrorCode.NOT_FOUND


class MissingInputsError(KioskError):
    """Files a command was told to read (e.g. the images a pairs list names) are not there;
    the command line exits with status 3, so a script can tell it from other refusals."""

    code = ErrorCode.MISSING_INPUTS
    exit_status = 3


class ProtectedFileError(KioskError):
    """An output path names the kiosk's own database or key."""

    code = ErrorCode.PROTECTED_FILE


class ImportValidationError(KioskError):
    """A CSV import was refused; ``row_errors`` lists (line number, message)."""

    code = ErrorCode.IMPORT_INVALID

    def __init__(self, row_errors: list[tuple[int, str]]) -> None:
        self.row_errors = row_errors
        first = "; ".join(f"line {n}: {m}" for n, m in row_errors[:3])
        more = f" (and {len(row_errors) - 3} more)" if len(row_errors) > 3 else ""
        super().__init__(
            f"Nothing was imported: {len(row_errors)} row error(s): {first}{more}.",
            remedy="Fix the rows listed and import the file again.",
        )


class PairsFileError(KioskError):
    """A pairs list (calibration, accuracy bench) is unreadable or malformed: which file, which
    line, what is wrong."""

    code = ErrorCode.PAIRS_FILE

    @classmethod
    def at_lines(cls, path, problems: list[tuple[int, str]]) -> "PairsFileError":
        """The error for ``problems``, (line number or 0 for the whole file, what is wrong)."""
        first = "; ".join(f"line {n}: {m}" if n else m for n, m in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return cls(f"The pairs file {path} cannot be used: {first}{more}.",
                   remedy="Fix it: a header line a,b,same, then one pair per line: image path, image path, "
                          "1 (same person) or 0.")


class PinError(KioskError):
    code = ErrorCode.PIN


class LockedOutError(KioskError):
    code = ErrorCode.LOCKED_OUT

    def __init__(self, seconds_left: float, what: str = "PIN entry") -> None:
        self.seconds_left = seconds_left
        super().__init__(
            f"{what} is locked for {int(seconds_left) + 1} more second(s) after repeated wrong PINs.",
            remedy="Wait, use another way in, or ask staff.",
        )


class ImageError(KioskError):
    code = ErrorCode.IMAGE


class FaceQualityError(KioskError):
    """No usable face; ``reason`` is a :class:`kiosk.biometrics.quality.Reason` value."""

    code = ErrorCode.FACE_QUALITY

    def __init__(self, reason: str, message: str, remedy: str = "") -> None:
        self.reason = reason
        super().__init__(message, remedy=remedy)


class EnrollmentError(KioskError):
    code = ErrorCode.ENROLLMENT


class DuplicateFaceError(EnrollmentError):
    code = ErrorCode.DUPLICATE_FACE


class ConsentError(KioskError):
    code = ErrorCode.CONSENT


class FaceNotAllowedError(KioskError):
    """Face features are disabled here (site type, settings or member state)."""

    code = ErrorCode.FACE_NOT_ALLOWED


class FacePausedError(FaceNotAllowedError):
    """Face checks for this member (``member_no``), or on this kiosk (None), are paused after
    repeated failed face tries. The PIN is not affected. Exit status 3 on the command line."""

    code = ErrorCode.FACE_PAUSED
    exit_status = 3

    def __init__(self, seconds_left: float, member_no: str | None) -> None:
        self.seconds_left = seconds_left
        self.member_no = member_no
        who = f"for member {member_no}" if member_no else "on this kiosk"
        super().__init__(f"Face checks {who} are paused for {int(seconds_left) + 1} more second(s) after repeated "
                         "failed face tries.", remedy="Use the PIN, or ask staff.")


class CameraError(KioskError):
    code = ErrorCode.CAMERA


class EngineError(KioskError):
    code = ErrorCode.ENGINE


class LivenessModelError(EngineError):
    """A vendored liveness model is missing or is not the expected file."""

    code = ErrorCode.LIVENESS_MODEL


class GuardianError(ConsentError):
    """This person cannot consent for this pass. Subclasses say why."""

    code = ErrorCode.GUARDIAN


class GuardianSameAsChildError(GuardianError):
    code = ErrorCode.GUARDIAN_SAME


class GuardianNotAdultError(GuardianError):
    code = ErrorCode.GUARDIAN_NOT_ADULT


class GuardianPassInvalidError(GuardianError):
    code = ErrorCode.GUARDIAN_PASS_INVALID


class GuardianNameError(GuardianError):
    code = ErrorCode.GUARDIAN_NAME


class PassNotValidError(KioskError):
    """The claimed pass is not valid today (not yet, or no longer)."""

    code = ErrorCode.PASS_INVALID


class PermissionDeniedError(KioskError):
    """The staff member's role may not do this."""

    code = ErrorCode.PERMISSION_DENIED


class ProofRefusedError(PermissionDeniedError):
    """A proof of who the visitor is that is not for this member, was not issued by this
    kiosk, has lapsed or was spent (kiosk.domain.proofs)."""

    code = ErrorCode.PROOF_REFUSED


class StaffError(KioskError):
    """A staff account could not be created, changed or checked."""

    code = ErrorCode.STAFF


class ExportError(KioskError):
    """An audit export could not be written."""

    code = ErrorCode.EXPORT


class RevocationListError(KioskError):
    """A file offered as a face-pass revocation list is not one of this site's (nothing was imported)."""

    code = ErrorCode.REVOCATION_LIST


class MaintenanceError(KioskError):
    """Backup, restore, key rotation or a purge could not be completed."""

    code = ErrorCode.MAINTENANCE


class ReportError(KioskError):
    """The filing report could not be written."""

    code = ErrorCode.REPORT


class SiteError(KioskError):
    """The site store (PostgreSQL) cannot be reached or refused this kiosk; the kiosk goes on
    deciding on its own store, and what it records waits in its outbox."""

    code = ErrorCode.SITE


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

    code = ErrorCode.PASS_REFUSED

    def __init__(self, reason: Refusal) -> None:
        self.reason = reason
        message, remedy = _REFUSALS[reason]
        super().__init__(message, remedy=remedy)
