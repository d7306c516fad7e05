"""Face-pass operations: carrying the site's revocation list between kiosks (consent references
and member numbers, authenticated with the site key; never biometric data)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.app import Kiosk


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
