"""Verification of the audit trail's hash chain, with a diagnosis of the first problem.

Each record's hash covers the previous record's hash, its own number and its content,
so a changed, inserted, removed or re-ordered record breaks the chain. Removing the
*last* records leaves a shorter chain that is still consistent; the head marker
(``audit_head``: record count, last number and last hash, written in the same
transaction as every append) catches that. Someone holding the database key can
rewrite the whole chain *and* the head; against that, note the head hash printed by
``kiosk audit verify`` somewhere outside the kiosk (the filing report includes it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store.db import Store

GENESIS = "0" * 64
_SHIFT = 5  # how far to look for renumbered records when diagnosing


def record_hash(prev_hash: str, seq: int, ts: str, event: str, actor: str, subject: str | None, detail: str) -> str:
    payload = json.dumps([prev_hash, seq, ts, event, actor, subject, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain check. ``problem`` is None, or one of
    ``modified``, ``inserted``, ``removed``, ``head_missing``."""

    ok: bool
    records: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None
    message: str = ""


def _fail(records: int, head_hash: str, seq: int | None, problem: str, message: str) -> ChainReport:
    return ChainReport(False, records, head_hash, seq, problem, message)


def _diagnose_mismatch(row: tuple, n: int, head: str) -> ChainReport:
    """Record ``row`` does not hash to its stored hash under its own number."""
    seq, ts, event, actor, subject, detail, prev_hash, stored = row
    for k in range(1, _SHIFT + 1):
        if record_hash(prev_hash, seq - k, ts, event, actor, subject, detail) == stored:
            return _fail(n, head, seq - k, "inserted",
                         f"record {seq - k} was inserted: the record now numbered {seq} was originally {seq - k}")
        if record_hash(prev_hash, seq + k, ts, event, actor, subject, detail) == stored:
            return _fail(n, head, seq, "removed",
                         f"{k} record(s) were removed at record {seq} and the rest renumbered")
    return _fail(n, head, seq, "modified", f"record {seq} was modified")


def verify_chain(store: "Store") -> ChainReport:
    """Walk the whole trail once; report the first modified, inserted or removed record."""
    head_rows = store.query("SELECT count, last_seq, last_hash FROM audit_head WHERE id = 1")
    rows = store.query("SELECT seq, ts, event, actor, subject, detail, prev_hash, hash FROM audit ORDER BY seq")
    n = len(rows)
    if not head_rows:
        return _fail(n, "", None, "head_missing", "the audit head marker is missing (the trail was tampered with)")
    head_count, head_seq, head_hash = head_rows[0]
    prev, expected = GENESIS, 1
    for row in rows:
        seq = row[0]
        if seq > head_seq:
            return _fail(n, head_hash, seq, "inserted", f"record {seq} was inserted after the last recorded one ({head_seq})")
        if seq != expected:
            last = f"{expected}-{seq - 1}" if seq - 1 > expected else str(expected)
            return _fail(n, head_hash, expected, "removed", f"record(s) {last} were removed")
        if record_hash(row[6], seq, *row[1:6]) != row[7]:
            return _diagnose_mismatch(row, n, head_hash)
        if row[6] != prev:
            # the record itself is intact, so what stands before it is not the original
            return _fail(n, head_hash, seq - 1, "modified",
                         f"record {seq - 1} was replaced or inserted: record {seq} does not follow it")
        prev, expected = row[7], seq + 1
    last_seq = expected - 1
    if last_seq < head_seq:
        span = f"{last_seq + 1}-{head_seq}" if head_seq > last_seq + 1 else str(head_seq)
        return _fail(n, head_hash, last_seq + 1, "removed", f"the last record(s) {span} were removed")
    if prev != head_hash or n != head_count:
        return _fail(n, head_hash, last_seq, "modified", f"record {last_seq} was replaced (it does not match the head marker)")
    return ChainReport(True, n, head_hash, None, None, f"{n} records, chain intact")
