"""Who is acting, and what each kind of actor may do. Every operation checks this itself.

A *visitor* acts only on the member they claimed (and, where it matters, proved with a PIN);
an *operator* helps visitors; an *administrator* manages the kiosk; the *system* is the
kiosk's own schedule (the retention purge). The command line runs as an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.domain.proofs import Proof, ProofLedger
from kiosk.domain.staff import ROLE_PERMISSIONS, Permission, PermissionDeniedError, Role, StaffSession


class ActorRole(Enum):
    VISITOR = "visitor"
    OPERATOR = "operator"
    ADMINISTRATOR = "administrator"
    SYSTEM = "system"


class Action(Enum):
    CLAIM = "claim to be a member"
    VERIFY_PIN = "verify by PIN"
    FACE_ATTEMPT = "record a face attempt"
    ENROLL_FACE = "enroll a face"
    FORGET_FACE = "delete face data"
    VIEW_OWN_DATA = "see what is stored about a member"
    REVOKE_FACE = "revoke face data"
    RESET_PIN = "reset a PIN"
    UNLOCK_PIN = "unlock a PIN"
    UNLOCK_FACE = "end a face pause"
    SEARCH_MEMBERS = "search members"
    MANAGE_MEMBERS = "manage members"
    IMPORT_MEMBERS = "import members"
    CHANGE_SETTINGS = "change settings"
    VIEW_DASHBOARD = "view the dashboard"
    PURGE = "purge expired templates"
    ANCHOR_AUDIT = "keep an audit anchor"
    VIEW_ALERTS = "see alerts"
    ACKNOWLEDGE_ALERT = "acknowledge an alert"
    ASK_STAFF = "call staff"
    VIEW_AUDIT = "see the audit trail"
    EXPORT_AUDIT = "export the audit trail"
    EXPORT_REPORT = "export the filing report"
    BACKUP = "back up the database"
    ROTATE_KEY = "rotate the database key"
    CARRY_REVOCATIONS = "export or import the face-pass revocation list"
    MANAGE_STAFF = "manage staff accounts"
    ROTATE_AUDIT_KEY = "rotate the audit key"
    SEAL_AUDIT = "seal an older, unsealed audit trail"
    RESTORE = "restore a backup"
    MANAGE_SITE_KEYS = "manage the site keys of face passes"
    PRINT_PASS = "print a member's face pass"
    HEARTBEAT = "record the running kiosk's heartbeat"


_VISITOR = frozenset({Action.CLAIM, Action.VERIFY_PIN, Action.FACE_ATTEMPT, Action.ENROLL_FACE, Action.FORGET_FACE,
                      Action.VIEW_OWN_DATA, Action.ASK_STAFF})
#: the staff permission (kiosk.domain.staff) each action needs; None: the visitor's own, never staff's.
#: Staff actors' rights are derived from this and the staff roles' table, so the two cannot drift.
STAFF_PERMISSION: dict[Action, Permission | None] = {
    Action.CLAIM: None, Action.VERIFY_PIN: None, Action.FACE_ATTEMPT: None, Action.FORGET_FACE: None,
    Action.ASK_STAFF: None,
    Action.ENROLL_FACE: Permission.MANAGE_MEMBERS, Action.VIEW_OWN_DATA: Permission.MANAGE_MEMBERS,
    Action.REVOKE_FACE: Permission.REVOKE_FACE,
    Action.RESET_PIN: Permission.MANAGE_MEMBERS, Action.UNLOCK_PIN: Permission.MANAGE_MEMBERS,
    Action.UNLOCK_FACE: Permission.MANAGE_MEMBERS,
    Action.SEARCH_MEMBERS: Permission.HELP_VISITORS, Action.MANAGE_MEMBERS: Permission.MANAGE_MEMBERS,
    Action.IMPORT_MEMBERS: Permission.MANAGE_MEMBERS, Action.PRINT_PASS: Permission.MANAGE_MEMBERS,
    Action.PURGE: Permission.MANAGE_MEMBERS,
    Action.CHANGE_SETTINGS: Permission.CHANGE_SETTINGS, Action.HEARTBEAT: Permission.CHANGE_SETTINGS,
    Action.VIEW_DASHBOARD: Permission.VIEW_DASHBOARD, Action.VIEW_ALERTS: Permission.VIEW_DASHBOARD,
    Action.ACKNOWLEDGE_ALERT: Permission.HELP_VISITORS,
    Action.VIEW_AUDIT: Permission.VIEW_AUDIT, Action.EXPORT_AUDIT: Permission.EXPORT_AUDIT,
    Action.ANCHOR_AUDIT: Permission.EXPORT_AUDIT, Action.SEAL_AUDIT: Permission.EXPORT_AUDIT,
    Action.ROTATE_AUDIT_KEY: Permission.ROTATE_KEY,
    Action.EXPORT_REPORT: Permission.REPORTS,
    Action.BACKUP: Permission.BACKUP_RESTORE, Action.RESTORE: Permission.BACKUP_RESTORE,
    Action.CARRY_REVOCATIONS: Permission.BACKUP_RESTORE,
    Action.ROTATE_KEY: Permission.ROTATE_KEY, Action.MANAGE_SITE_KEYS: Permission.ROTATE_KEY,
    Action.MANAGE_STAFF: Permission.MANAGE_STAFF,
}


def _staff_actions(role: Role) -> frozenset[Action]:
    return frozenset(a for a in Action if STAFF_PERMISSION[a] in ROLE_PERMISSIONS[role])


ALLOWED: dict[ActorRole, frozenset[Action]] = {
    ActorRole.VISITOR: _VISITOR,
    ActorRole.OPERATOR: _staff_actions(Role.OPERATOR),
    ActorRole.ADMINISTRATOR: _staff_actions(Role.ADMINISTRATOR),
    ActorRole.SYSTEM: frozenset({Action.PURGE, Action.ANCHOR_AUDIT, Action.VIEW_DASHBOARD, Action.HEARTBEAT}),
}


@dataclass(frozen=True)
class Actor:
    """``name`` is what the audit trail records (never a PIN); ``member_no`` binds a visitor."""

    role: ActorRole
    name: str
    member_no: str | None = None

    @classmethod
    def visitor(cls, member_no: str | None, name: str = "visitor") -> "Actor":
        return cls(ActorRole.VISITOR, name, member_no)

    @classmethod
    def at_desk(cls, member_no: str) -> "Actor":
        """A member checked at the staff desk by a command: the member acts for themselves and
        the command line is only the channel, so the audit trail says "cli"."""
        return cls.visitor(member_no, name="cli")

    @classmethod
    def staff(cls, session: StaffSession) -> "Actor":
        return cls(ActorRole(session.role.value), session.name)

    @classmethod
    def cli(cls, name: str = "cli") -> "Actor":
        return cls(ActorRole.ADMINISTRATOR, name)

    @classmethod
    def system(cls) -> "Actor":
        return cls(ActorRole.SYSTEM, "system")


def authorise(actor: Actor, action: Action, member_no: str | None = None) -> None:
    """Raise :class:`PermissionDeniedError` unless ``actor`` may do ``action`` (to ``member_no``)."""
    allowed = action in ALLOWED[actor.role]
    if allowed and actor.role is ActorRole.VISITOR and member_no is not None:
        allowed = actor.member_no == member_no  # a visitor acts on their own record only
    if not allowed:
        raise PermissionDeniedError(f"{actor.name} ({actor.role.value}) may not {action.value}.",
                                    remedy="Ask an administrator.")


def authorise_own(actor: Actor, action: Action, member_no: str, proofs: ProofLedger, proof: Proof | None) -> None:
    """As :func:`authorise`, for an operation on one member's own record: a visitor must also
    bring ``proof``, the unlapsed proof of this member that their PIN or face brought (typing a
    member number proves nothing). Staff act by their role alone."""
    authorise(actor, action, member_no)
    if actor.role is ActorRole.VISITOR:
        proofs.check(proof, member_no)
