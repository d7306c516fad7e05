"""Operations: every use case of the kiosk as one function (Qt-free).

Each operation checks the actor's permission itself, runs as one unit of work (one store
transaction that its audit records join) and returns a frozen, typed result. The UI and the
command line call these; they never change the store themselves.
"""

from kiosk.ops.auth import Action, Actor, ActorRole, authorise
from kiosk.ops.faces import (
    EnrollResult,
    FaceAttempt,
    FaceAttemptResult,
    ForgetResult,
    PurgeResult,
    complete_enrollment,
    enroll_with_consent,
    forget_face,
    purge_expired,
    record_face_attempt,
    revoke_face,
)
from kiosk.ops.members import (
    ImportResult,
    MemberRow,
    PinOutcome,
    PinResult,
    import_members,
    reset_pin,
    search_members,
    set_member_active,
    unlock_pin,
    verify_by_pin,
)
from kiosk.ops.admin import SettingsResult, dashboard_snapshot, save_settings
from kiosk.ops.alerts import acknowledge_alert, open_alerts
from kiosk.ops.gate import run_gate_test

__all__ = [
    "Action", "Actor", "ActorRole", "authorise",
    "EnrollResult", "FaceAttempt", "FaceAttemptResult", "ForgetResult", "PurgeResult", "complete_enrollment",
    "enroll_with_consent", "forget_face", "purge_expired", "record_face_attempt", "revoke_face",
    "ImportResult", "MemberRow", "PinOutcome", "PinResult", "import_members", "reset_pin", "search_members",
    "set_member_active", "unlock_pin", "verify_by_pin",
    "SettingsResult", "dashboard_snapshot", "save_settings",
    "acknowledge_alert", "open_alerts", "run_gate_test",
]
