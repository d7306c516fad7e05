"""The audit anchors the running kiosk keeps on its schedule (Qt-free): see
:mod:`kiosk.domain.audit_anchors`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.audit_anchors import anchor_due, append_anchor
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.app import Kiosk


@dataclass(frozen=True)
class AnchorResult:
    seq: int  # the record the anchor names (the head when it was written)
    head_hash: str
    at: str  # ISO time
    file: Path


def anchor_audit(kiosk: "Kiosk", actor: Actor, now: datetime | None = None, *,
                 only_if_due: bool = False) -> AnchorResult | None:
    """Append the verified head of the audit trail to the data folder's anchor file, with its
    audit record. With ``only_if_due`` (the kiosk's schedule) nothing happens while anchors are
    off or the last one is younger than ``audit_anchor_hours``."""
    authorise(actor, Action.ANCHOR_AUDIT)
    now = now or datetime.now(timezone.utc)
    path = kiosk.paths.audit_anchors
    with kiosk.store.transaction():  # no record slips in between the check and the line
        if only_if_due and not anchor_due(path, kiosk.settings.audit_anchor_hours, now):
            return None
        report = append_anchor(kiosk.store, path, now, actor.name)
    return AnchorResult(report.head_seq, report.head_hash, now.isoformat(timespec="seconds"), path)
