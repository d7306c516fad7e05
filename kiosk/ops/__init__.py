"""Operations: every use case of the kiosk as one function (Qt-free).

Each operation checks the actor's permission itself, runs as one unit of work (one store
transaction that its audit records join) and returns a frozen, typed result. The UI and the
command line call these; they never change the store themselves.
"""

from kiosk.ops.admin import (
    Calibration,
    SettingsResult,
    ThresholdResult,
    apply_calibrated_threshold,
    change_settings,
    dashboard_snapshot,
    save_settings,
)
from kiosk.ops.alerts import acknowledge_alert, open_alerts
from kiosk.ops.anchors import AnchorResult, SealResult, anchor_audit, seal_audit
from kiosk.ops.auth import Action, Actor, ActorRole, authorise
from kiosk.ops.claim import ClaimResult, lookup_claim
from kiosk.ops.console import faces_set_up, help_waiting, kiosk_overview, record_heartbeat
from kiosk.ops.faces import (
    EnrollResult,
    FaceAttempt,
    FaceAttemptResult,
    FaceAvailability,
    FaceDecision,
    FaceTryEnd,
    FaceTryResult,
    ForgetResult,
    PassCheck,
    PurgeResult,
    begin_face_try,
    check_face_pass,
    complete_enrollment,
    decide_face_try,
    end_face_try,
    enroll_with_consent,
    face_availability,
    forget_face,
    judge_face,
    purge_expired,
    record_face_attempt,
    revoke_face,
    verify_face,
)
from kiosk.ops.gate import run_gate_test, run_help_notify_test
from kiosk.ops.members import (
    ImportResult,
    MemberRow,
    PinOutcome,
    PinResult,
    count_members,
    import_members,
    reset_pin,
    search_members,
    set_member_active,
    unlock_face,
    unlock_pin,
    verify_by_pin,
)
from kiosk.ops.passes import (
    Revocation,
    RevocationsResult,
    SiteKeyImport,
    SiteKeyInfo,
    SiteKeyRotation,
    export_revocations,
    export_site_keys,
    import_revocations,
    import_site_keys,
    print_face_pass,
    revocation_list,
    rotate_site_key,
    site_keys,
)
from kiosk.ops.photos import photo_encoding
from kiosk.ops.records import (
    AuditAnchor,
    AuditKeyResult,
    AuditPage,
    AuditReport,
    DatabaseInfo,
    GateInfo,
    audit_page,
    backup_database,
    check_backup_file,
    database_info,
    export_audit,
    export_audit_anchor,
    export_filing_report,
    gate_status,
    read_audit_anchor,
    restore_database,
    rotate_audit_key,
    rotate_database_key,
    verify_audit,
)
from kiosk.ops.setup import (
    AGE_OF_CONSENT,
    AgeBand,
    AgeResult,
    GuardianByMember,
    GuardianByStaff,
    GuardianResult,
    GuardianVia,
    agree_to_notice,
    consent_in_person,
    declare_age,
    identify_guardian,
    notice_at_desk,
    show_notice,
    start_enrollment,
)
from kiosk.ops.staff import (
    PadState,
    SignIn,
    SignInResult,
    SignOutReason,
    add_staff,
    list_staff,
    staff_pad_state,
    staff_sign_in,
    staff_sign_out,
)
from kiosk.ops.visitor import (
    FaceFlow,
    PinStatus,
    ask_staff,
    my_data,
    notify_help,
    pin_status,
    record_liveness_refusal,
    report_face_tries_used,
)

__all__ = [
    "Action", "Actor", "ActorRole", "authorise", "ClaimResult", "lookup_claim",
    "EnrollResult", "FaceAttempt", "FaceAttemptResult", "ForgetResult", "PurgeResult", "complete_enrollment",
    "enroll_with_consent", "forget_face", "judge_face", "purge_expired", "record_face_attempt", "revoke_face",
    "FaceTryEnd", "FaceTryResult", "begin_face_try", "end_face_try", "FaceDecision", "decide_face_try",
    "PassCheck", "check_face_pass", "verify_face", "FaceAvailability", "face_availability", "photo_encoding",
    "ImportResult", "MemberRow", "PinOutcome", "PinResult", "count_members", "import_members", "reset_pin", "search_members",
    "set_member_active", "unlock_face", "unlock_pin", "verify_by_pin",
    "SettingsResult", "change_settings", "dashboard_snapshot", "save_settings",
    "Calibration", "ThresholdResult", "apply_calibrated_threshold",
    "acknowledge_alert", "open_alerts", "run_gate_test", "run_help_notify_test", "notify_help",
    "faces_set_up", "help_waiting", "kiosk_overview", "record_heartbeat", "AnchorResult", "anchor_audit", "SealResult",
    "seal_audit",
    "AuditPage", "AuditReport", "GateInfo", "audit_page", "backup_database", "check_backup_file", "export_audit", "export_filing_report",
    "gate_status", "rotate_database_key", "verify_audit", "DatabaseInfo", "database_info",
    "AuditAnchor", "AuditKeyResult", "export_audit_anchor", "read_audit_anchor", "restore_database", "rotate_audit_key",
    "PadState", "SignIn", "SignInResult", "SignOutReason", "staff_pad_state", "staff_sign_in", "staff_sign_out",
    "add_staff", "list_staff",
    "FaceFlow", "PinStatus", "ask_staff", "my_data", "pin_status", "record_liveness_refusal", "report_face_tries_used",
    "AGE_OF_CONSENT", "AgeBand", "AgeResult", "GuardianByMember", "GuardianByStaff", "GuardianResult", "GuardianVia", "agree_to_notice",
    "consent_in_person", "declare_age", "identify_guardian", "notice_at_desk", "show_notice", "start_enrollment",
    "RevocationsResult", "export_revocations", "import_revocations",
    "Revocation", "SiteKeyImport", "SiteKeyInfo", "SiteKeyRotation", "export_site_keys", "import_site_keys", "print_face_pass",
    "revocation_list", "rotate_site_key", "site_keys",
]
