"""Face-pass operations: carrying the site's revocation list between kiosks (consent references
and member numbers, authenticated with the site key; never biometric data), the site keys
that seal the passes, and printing a member's pass.

The site keys live in a file beside the database, so a key change cannot share a transaction
with its audit record: the file changes first, and its record follows at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.audit_events import AuditEvent
from kiosk.domain import pass_codes
from kiosk.domain.site_keys import SiteKey
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.ops.faces import PassCheck

if TYPE_CHECKING:
    from kiosk.core import Kiosk


@dataclass(frozen=True)
class RevocationsResult:
    path: str
    entries: int  # export: entries written; import: entries that were new here


def export_revocations(kiosk: "Kiosk", actor: Actor, path: Path) -> RevocationsResult:
    """Write this kiosk's revocation list to ``path`` (audited as ``revocations_exported``)."""
    authorise(actor, Action.CARRY_REVOCATIONS)
    out = Path(path).expanduser()
    with kiosk.store.transaction():
        n = kiosk.passes.export_revocations(out, actor=actor.name)
    return RevocationsResult(str(out), n)


def import_revocations(kiosk: "Kiosk", actor: Actor, path: Path) -> RevocationsResult:
    """Add another kiosk's list of this site (never removes an entry; audited as ``revocations_imported``)."""
    authorise(actor, Action.CARRY_REVOCATIONS)
    source = Path(path).expanduser()
    with kiosk.store.transaction():
        n = kiosk.passes.import_revocations(source, actor=actor.name)
    return RevocationsResult(str(source), n)


@dataclass(frozen=True)
class SiteKeyInfo:
    """A site key as staff see it: its id and dates, never its secret."""

    name: str
    created: str
    retired: str | None  # None for the current key


def _info(key: SiteKey) -> SiteKeyInfo:
    return SiteKeyInfo(key.name, key.created, key.retired)


def site_keys(kiosk: "Kiosk", actor: Actor) -> tuple[SiteKeyInfo, ...]:
    authorise(actor, Action.MANAGE_SITE_KEYS)
    return tuple(_info(key) for key in kiosk.passes.keyring.keys())


def export_site_keys(kiosk: "Kiosk", actor: Actor, path: Path, passphrase: str) -> int:
    """Write every site key, wrapped with ``passphrase``, for the site's other kiosks; returns
    how many (audited as ``site_key_exported``)."""
    authorise(actor, Action.MANAGE_SITE_KEYS)
    n = kiosk.passes.keyring.export(Path(path).expanduser(), passphrase)  # slow (argon2id): outside a transaction
    kiosk.store.audit.append(AuditEvent.SITE_KEY_EXPORTED, actor.name, None, keys=n)
    return n


@dataclass(frozen=True)
class SiteKeyImport:
    current: SiteKeyInfo  # the key current here now (the file's current key when it changed anything)
    changed: bool  # False: every key of the file was here already (nothing changed)


def import_site_keys(kiosk: "Kiosk", actor: Actor, path: Path, passphrase: str) -> SiteKeyImport:
    """Join the site of an exported key file: its current key becomes current here (audited as
    ``site_key_imported``). A key id already here with other key material is refused and
    nothing changes; the same keys again change nothing (audited with ``changed`` false)."""
    authorise(actor, Action.MANAGE_SITE_KEYS)
    result = kiosk.passes.keyring.import_(Path(path).expanduser(), passphrase)  # slow (argon2id), as above
    kiosk.store.audit.append(AuditEvent.SITE_KEY_IMPORTED, actor.name, None, current=result.current.name, changed=result.changed)
    return SiteKeyImport(_info(result.current), result.changed)


@dataclass(frozen=True)
class SiteKeyRotation:
    current: SiteKeyInfo
    grace_days: int  # passes sealed under the older keys keep working this long


def rotate_site_key(kiosk: "Kiosk", actor: Actor) -> SiteKeyRotation:
    """Make a new site key current (audited as ``site_key_rotated``)."""
    authorise(actor, Action.MANAGE_SITE_KEYS)
    with kiosk.store.transaction():
        new = kiosk.passes.keyring.rotate()
        grace = kiosk.settings.site_key_grace_days
        kiosk.store.audit.append(AuditEvent.SITE_KEY_ROTATED, actor.name, None, current=new.name, grace_days=grace)
    return SiteKeyRotation(_info(new), grace)


@dataclass(frozen=True)
class Revocation:
    kind: str  # "member" or "consent"
    ref: str
    at: str


def revocation_list(kiosk: "Kiosk", actor: Actor) -> tuple[Revocation, ...]:
    authorise(actor, Action.CARRY_REVOCATIONS)
    return tuple(Revocation(kind, ref, at) for kind, ref, at in kiosk.passes.revocations())


def print_face_pass(kiosk: "Kiosk", actor: Actor, member_no: str, code: str, out: Path) -> PassCheck:
    """Write the face pass a member brings as PNG or PDF, for printing: only a valid pass of this
    member and this site (audited as ``pass_printed``). The kiosk keeps no copy of any pass."""
    authorise(actor, Action.PRINT_PASS, member_no)
    with kiosk.store.transaction():
        sealed = kiosk.passes.open(code, member_no)
        pass_codes.save_qr(code, Path(out).expanduser())
        kiosk.store.audit.append(AuditEvent.PASS_PRINTED, actor.name, member_no, consent_ref=str(sealed.consent))
    return PassCheck(sealed.member_no, sealed.expires, str(sealed.consent))
