"""Keeping the audit head counter (:mod:`kiosk.store.audit_counter`) in step with the database,
and checking the database against it.

The counter only ever moves along the trail it already names: a transaction writes the new head
only when the head it started from is one the counter names, with a genuine seal. A database
put back, cut short or rewritten therefore never gets a counter that vouches for it; the
counter stays where it was and ``kiosk audit verify`` names the difference. All writes happen
while the database's write lock is held (inside ``BEGIN IMMEDIATE``), so two processes never
interleave them, and the key ring is always read again before it is written.
"""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from kiosk.audit_events import AuditEvent
from kiosk.errors import KioskError
from kiosk.store import audit_counter, audit_keys
from kiosk.store.audit_counter import Counter, Head
from kiosk.store.chain import GENESIS
from kiosk.store.keys import fsync_dir

if TYPE_CHECKING:
    from kiosk.store.db import Store

log = logging.getLogger(__name__)


class Mode(Enum):
    FULL = "full"  # the live database: pending before COMMIT, committed after
    PENDING = "pending"  # a restored copy not yet in place: its head stays pending until it is opened
    OFF = "off"  # a backup being checked: it writes nothing


def db_head(store: "Store") -> Head | None:
    """The head marker's record number and hash; None when there is none (or no table: a trail
    tampered with, for verify to describe)."""
    try:
        rows = store.query("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
    except sqlcipher3.Error:
        return None
    return (rows[0][0], rows[0][1]) if rows else None


def folder_path(store: "Store") -> Path:
    return audit_counter.path_in(store.paths.data_dir)


def _ring(store: "Store") -> audit_keys.AuditKeys:
    assert store.audit_keys is not None
    return audit_keys.load(store.audit_keys.path)  # as it is now: keys and counter


def _copies(store: "Store") -> tuple[audit_keys.AuditKeys, Counter | None, Counter | None]:
    ring = _ring(store)
    return ring, ring.counter, audit_counter.read_file(folder_path(store))


def _write(store: "Store", ring: audit_keys.AuditKeys, in_ring: Counter | None, in_folder: Counter | None) -> None:
    """Each copy written atomically; each folder's renames made durable once (usually both
    files share the data folder)."""
    folders: set[Path] = set()
    if in_ring is not None:
        audit_keys.write_counter(ring.path, in_ring, sync_dir=False)
        folders.add(ring.path.parent)
    if in_folder is not None:
        audit_counter.write_file(folder_path(store), in_folder, sync_dir=False)
        folders.add(folder_path(store).parent)
    for folder in folders:
        fsync_dir(folder)


def before_commit(store: "Store", base: Head) -> None:
    """The transaction adds records after ``base``: name its new head as pending."""
    head = db_head(store)
    if head is None or head == base or store.counter_mode is Mode.OFF:
        return
    ring, in_ring, in_folder = _copies(store)
    new: list[Counter | None] = []
    for c in (in_ring, in_folder):
        if store.counter_mode is Mode.PENDING:  # a restore: the live database's head stays committed
            keep = c.committed if c is not None and audit_counter.genuine(ring, c) else head
            new.append(audit_counter.seal(ring, keep, head))  # a checked backup, restored by an administrator
        elif c is None or not audit_counter.genuine(ring, c):
            new.append(None)  # never start or launder a counter here (see start())
        elif base in c.heads():
            new.append(audit_counter.seal(ring, base, head))
        else:
            new.append(None)  # the trail left the counter's history: it stays, and verify says so
    try:
        _write(store, ring, *new)
    except OSError as exc:
        raise KioskError(f"Cannot write the audit head counter: {exc.strerror}; nothing was recorded.",
                         remedy="Free disk space or fix the permissions of the data folder and the key file's folder.") from None


def settle_quietly(store: "Store") -> None:
    """:func:`settle` after a ``COMMIT``: the change stands whatever happens here; a counter left
    pending is completed by the next transaction or the next open."""
    try:
        settle(store)
    except (OSError, KioskError) as exc:
        log.warning("the audit head counter was left pending: %s", exc)


def settle(store: "Store") -> None:
    """After a ``COMMIT`` (or on opening, after a kill): a counter naming the database's head
    beside another names that head alone. Under the write lock, like every counter write."""
    if store.counter_mode is not Mode.FULL:
        return
    with store.transaction():
        head = db_head(store)
        if head is None:
            return
        ring, in_ring, in_folder = _copies(store)
        new = [audit_counter.seal(ring, head)
               if c is not None and c.pending is not None and head in c.heads() and audit_counter.genuine(ring, c)
               else None for c in (in_ring, in_folder)]
        if any(new):
            _write(store, ring, *new)


def start(store: "Store") -> None:
    """On opening a sealed trail: complete a counter cut short by a kill; start counting where
    neither place has a counter yet (a new kiosk, or one from before the counter); bring a copy
    restored from an older backup up to the other (:func:`_catch_up`). A missing copy is never
    made from the other: that is for verify to name."""
    try:
        ring, in_ring, in_folder = _copies(store)
        if in_ring is None and in_folder is None:
            with store.transaction():
                head = db_head(store)
                if head is not None:
                    counter = audit_counter.seal(ring, head)
                    _write(store, ring, counter, counter)
            return
        settle(store)
        _catch_up(store)
    except (OSError, KioskError) as exc:  # verify names what is wrong with the counter
        log.warning("the audit head counter was not updated on opening: %s", exc)


def _catch_up(store: "Store") -> None:
    """One copy names the database's head exactly; the other, genuine too, an earlier record of
    the same history (the audit key file, or the data folder, restored from an older backup).
    The database is then the one the kiosk last committed, and the older copy is brought up to
    it, audited (``audit_counter_restored``). A copy that names another history stays as it is."""
    with store.transaction():
        head = db_head(store)
        ring, in_ring, in_folder = _copies(store)
        if head is None or in_ring is None or in_folder is None:
            return
        exact = [c is not None and audit_counter.genuine(ring, c) and c.heads() == (head,) for c in (in_ring, in_folder)]
        if exact.count(True) != 1:
            return
        behind, name = (in_folder, audit_counter.FILE_NAME) if exact[0] else (in_ring, ring.path.name)
        if not audit_counter.genuine(ring, behind) or behind.pending is not None or behind.committed[0] >= head[0]:
            return
        seq, old_hash = behind.committed
        rows = store.query("SELECT hash FROM audit WHERE seq = ?", (seq,))
        if (rows[0][0] if rows else GENESIS) != old_hash:
            return
        now = audit_counter.seal(ring, head)
        _write(store, ring, *((None, now) if exact[0] else (now, None)))
        store.audit.append(AuditEvent.AUDIT_COUNTER_RESTORED, "system", None, file=name, from_seq=seq, to_seq=head[0])


def problem(store: "Store", head: Head) -> str | None:
    """What is wrong between the database's head and the counters (None: both name it)."""
    try:
        ring, in_ring, in_folder = _copies(store)
    except KioskError as exc:
        return exc.message
    for c, where in ((in_ring, f"the audit key file {ring.path.name}"),
                     (in_folder, f"{audit_counter.FILE_NAME} in the data folder")):
        if c is None:
            return f"the audit head counter in {where} is missing"
        if not audit_counter.genuine(ring, c):
            return f"the audit head counter in {where} does not match its seal"
        if head not in c.heads():
            return _differs(head, c, where)
    return None


def _differs(head: Head, c: Counter, where: str) -> str:
    named = max(h[0] for h in c.heads())
    said = f"the counter in {where} names record {named}"
    if head[0] < c.committed[0]:
        return f"the trail ends at record {head[0]} but {said}: records after {head[0]} were removed"
    if head[0] > named:
        return (f"the trail goes on to record {head[0]} but {said}: records after it were added "
                "without the kiosk counting them, or the trail was rewritten")
    return f"record {head[0]} does not have the hash {said} for it: the history up to it was rewritten"
