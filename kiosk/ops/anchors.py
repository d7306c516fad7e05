"""The audit anchors the running kiosk keeps on its schedule (Qt-free): see
:mod:`kiosk.domain.audit_anchors`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Paths
from kiosk.domain.audit_anchors import anchor_due, append_anchor, keep_sealing_marker
from kiosk.errors import AuditSealError
from kiosk.ops.auth import Action, Actor, authorise
from kiosk.store.db import open_store
from kiosk.store.schema import KEYED_AUDIT

if TYPE_CHECKING:
    from kiosk.core import Kiosk


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


@dataclass(frozen=True)
class SealResult:
    records: int  # the records of the older trail that were sealed (1 to this number)
    seq: int  # the sealing record (``audit_sealed``)
    head_hash: str  # its hash, as the sealing marker in the anchor file names it
    from_schema: int
    anchors: Path


def seal_audit(paths: Paths, actor: Actor, now: datetime | None = None) -> SealResult:
    """Seal the plain hash chain of an older database (schema below the keyed audit) under a
    new audit key, on an administrator's explicit command: audited (``audit_sealed``, naming the
    records sealed and the schema version) and kept in the audit anchor file as a sealing
    marker. Refuses a trail that was sealed once already (its schema version went back), one
    whose plain chain does not verify, and one that no longer holds a kept anchor."""
    authorise(actor, Action.SEAL_AUDIT)
    now = now or datetime.now(timezone.utc)
    store = open_store(paths, seal_by=actor.name)  # the sealing is one unit with the upgrade
    try:
        kept = keep_sealing_marker(store, paths.audit_anchors, now)
        if kept is None or not kept[1]:
            where = f"; its sealing marker is {kept[0].source}" if kept else ""
            raise AuditSealError(f"The audit trail of {paths.db.name} is sealed already (schema version "
                                 f"{store.schema_version}, keyed from {KEYED_AUDIT}){where}.", remedy="Nothing to do.")
        marker = kept[0]
        detail = json.loads(store.query("SELECT detail FROM audit WHERE seq = ?", (marker.seq,))[0][0])
        return SealResult(int(detail.get("records", 0)), marker.seq, marker.hash,
                          int(detail.get("from_schema", 0)), paths.audit_anchors)
    finally:
        store.close()
