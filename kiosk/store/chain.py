"""Verification of the audit trail, with a diagnosis of the first problem and of which check found it.

Four checks, in this order:

- **hash link**: each record's SHA-256 covers the previous record's hash, its own number and
  its content, so a changed, inserted, removed or re-ordered record breaks the chain;
- **HMAC**: each record is also sealed with an HMAC under an audit key that is kept beside the
  key file, never in the database (:mod:`kiosk.store.audit_keys`). Someone holding only the
  database key can recompute the hashes but not the seals;
- **head**: the head marker (``audit_head``: count, last number, last hash, sealed too) is
  written with every record, so removing the *last* records is seen;
- **counter**: the head (record number and hash) is also kept outside the database, sealed,
  in the audit key file and in the data folder, and moved with every transaction that adds
  records (:mod:`kiosk.store.counter_sync`): a database put back to an earlier copy, cut short,
  or rewritten and sealed again with both keys no longer matches it;
- **anchor**: someone holding both keys (and able to write the counter's files) could still
  rewrite everything. Against that, the
  head (record number and hash) is exported as an anchor (``kiosk audit anchor``, and in the
  filing report) and kept elsewhere; ``kiosk audit verify --anchor FILE`` checks that the
  record it names still has that hash, i.e. that history up to it is unchanged. The running
  kiosk also appends one to ``audit-anchors.txt`` in its data folder on a schedule
  (:mod:`kiosk.domain.audit_anchors`); every check of the trail checks each of those too,
  except anchors kept before a restore that name records of the history it replaced (the
  restore's marker in that file says where the restored trail ends; see :class:`Replaced`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Callable, Sequence

from kiosk.store.anchor_files import Anchor

if TYPE_CHECKING:
    from kiosk.store.audit_keys import AuditKeys
    from kiosk.store.db import Store

GENESIS = "0" * 64
_SHIFT = 5  # how far to look for renumbered records when diagnosing
ROTATED = "audit_key_rotated"  # the only event that may start sealing under a newer key
SEALED = "audit_sealed"  # the plain chain of an older database was sealed, on an administrator's command
RESTORE_STARTED, RESTORED = "restore_started", "restored"  # a restore's intent (in the restored file) and outcome


def record_hash(prev_hash: str, seq: int, ts: str, event: str, actor: str, subject: str | None, detail: str) -> str:
    payload = json.dumps([prev_hash, seq, ts, event, actor, subject, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def head_parts(count: int, last_seq: int, last_hash: str) -> tuple[str, int, int, str]:
    """What the head marker's HMAC covers."""
    return ("head", count, last_seq, last_hash)


class Check(Enum):
    """Which check found the problem."""

    HASH_LINK = "hash link"
    HMAC = "HMAC"
    HEAD = "head"
    COUNTER = "counter"
    ANCHOR = "anchor"


@dataclass(frozen=True)
class Replaced:
    """Anchors kept before a restore that name records after the restored trail's end: they
    vouch for the history that restore replaced, which this trail no longer holds."""

    restore: Anchor  # the restore's marker: when, and the restore record it names
    anchors: tuple[Anchor, ...]

    @property
    def base_seq(self) -> int:
        """The restored trail's last record before the restore."""
        return self.restore.seq - 1


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain check. ``problem`` is None, or one of ``modified``,
    ``inserted``, ``removed``, ``unsealed``, ``head_missing``, ``counter_mismatch``, ``anchor_mismatch``;
    ``check`` says which check found it."""

    ok: bool
    records: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None
    message: str = ""
    check: Check | None = None
    head_seq: int = 0
    anchors: int = 0  # anchors checked and matched
    newest_anchor: Anchor | None = None  # of those, the one naming the latest record
    replaced: tuple[Replaced, ...] = ()  # anchors of a history a restore replaced (not checked)


def _fail(records: int, head_hash: str, seq: int | None, problem: str, message: str,
          check: Check = Check.HASH_LINK) -> ChainReport:
    return ChainReport(False, records, head_hash, seq, problem, f"{check.value} check failed: {message}", check)


def _diagnose_mismatch(row: tuple, n: int, head: str) -> ChainReport:
    """Record ``row`` does not hash to its stored hash under its own number."""
    seq, ts, event, actor, subject, detail, prev_hash, stored = row[:8]
    for k in range(1, _SHIFT + 1):
        if record_hash(prev_hash, seq - k, ts, event, actor, subject, detail) == stored:
            return _fail(n, head, seq - k, "inserted",
                         f"record {seq - k} was inserted: the record now numbered {seq} was originally {seq - k}")
        if record_hash(prev_hash, seq + k, ts, event, actor, subject, detail) == stored:
            return _fail(n, head, seq, "removed",
                         f"{k} record(s) were removed at record {seq} and the rest renumbered")
    return _fail(n, head, seq, "modified", f"record {seq} was modified")


def _seal_problem(row: tuple, prev_key: int | None, ring: "AuditKeys", n: int, head: str) -> ChainReport | None:
    seq, event, stored, key_id, mac = row[0], row[2], row[7], row[8], row[9]
    if mac is None or key_id is None:
        return _fail(n, head, seq, "inserted", f"record {seq} carries no HMAC seal (the kiosk did not write it)",
                     Check.HMAC)
    if key_id not in ring.keys:
        return _fail(n, head, seq, "unsealed",
                     f"record {seq} is sealed with audit key {key_id}, which is not in {ring.path}", Check.HMAC)
    if not ring.matches(mac, key_id, stored):
        return _fail(n, head, seq, "modified",
                     f"record {seq} does not match its HMAC seal (rewritten without the audit key)", Check.HMAC)
    if prev_key is not None and key_id != prev_key and (key_id < prev_key or event != ROTATED):
        return _fail(n, head, seq, "modified",
                     f"record {seq} changes to audit key {key_id} without a key rotation record", Check.HMAC)
    return None


def _tables(store: "Store") -> set[str]:
    return {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


def verify_chain(store: "Store", ring: "AuditKeys | None", anchor: Anchor | None = None,
                 kept: Sequence[Anchor] = (), counter: Callable[[tuple[int, str]], str | None] | None = None
                 ) -> ChainReport:
    """Walk the whole trail once; report the first problem and the check that found it. Then
    ``counter`` (what is wrong between the head and the audit head counter, if anything); the
    anchors (``anchor``, then the ``kept`` ones, oldest first) are checked last: the first one
    that no longer matches is named."""
    tables = _tables(store)
    if "audit" not in tables:
        return _fail(0, "", None, "head_missing", "the audit table is missing", Check.HEAD)
    rows = store.query("SELECT seq, ts, event, actor, subject, detail, prev_hash, hash, key_id, mac "
                       "FROM audit ORDER BY seq")
    n = len(rows)
    if "audit_head" not in tables:
        return _fail(n, "", None, "head_missing", "the audit head table is missing (dropped)", Check.HEAD)
    head_rows = store.query("SELECT count, last_seq, last_hash, key_id, mac FROM audit_head WHERE id = 1")
    if not head_rows:
        return _fail(n, "", None, "head_missing", "the audit head marker is missing (the trail was tampered with)",
                     Check.HEAD)
    if ring is None:
        return _fail(n, "", None, "unsealed", "no audit key to check the seals with", Check.HMAC)
    head_count, head_seq, head_hash, head_key, head_mac = head_rows[0]
    prev, expected, prev_key = GENESIS, 1, None
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
        sealed = _seal_problem(row, prev_key, ring, n, head_hash)
        if sealed is not None:
            return sealed
        prev, expected, prev_key = row[7], seq + 1, row[8]
    last_seq = expected - 1
    if last_seq < head_seq:
        span = f"{last_seq + 1}-{head_seq}" if head_seq > last_seq + 1 else str(head_seq)
        return _fail(n, head_hash, last_seq + 1, "removed", f"the last record(s) {span} were removed", Check.HEAD)
    if prev != head_hash or n != head_count:
        return _fail(n, head_hash, last_seq, "modified", f"record {last_seq} was replaced (it does not match the head marker)",
                     Check.HEAD)
    if not ring.matches(head_mac, head_key, *head_parts(head_count, head_seq, head_hash)):
        return _fail(n, head_hash, None, "modified", "the head marker does not match its HMAC seal", Check.HEAD)
    wrong = counter((head_seq, head_hash)) if counter is not None else None
    if wrong is not None:
        return _fail(n, head_hash, head_seq, "counter_mismatch", wrong, Check.COUNTER)
    return _check_anchors(rows, n, head_hash, head_seq, anchor, kept)


def _check_anchors(rows: list[tuple], n: int, head_hash: str, head_seq: int, anchor: Anchor | None,
                   kept: Sequence[Anchor]) -> ChainReport:
    """The anchor given (always checked), then the kept ones in the order they were written:
    each must match, except those a later restore marker shows to name the replaced history."""
    checked: list[Anchor] = []
    if anchor is not None:
        bad = _anchor_problem(rows, anchor, n, head_hash, _restores_since(kept, anchor))
        if bad is not None:
            return bad
        checked.append(anchor)
    replaced: dict[Anchor, list[Anchor]] = {}
    for i, a in enumerate(kept):
        twice = next((m for m in kept[:i] if a.restore and m.restore and (m.seq, m.hash) == (a.seq, a.hash)), None)
        if twice is not None:  # the kiosk keeps one marker per restore, when the restored file first opens
            return _fail(n, head_hash, a.seq, "anchor_mismatch",
                         f"the restore marker on {a.source} names the same restore as the one on {twice.source}",
                         Check.ANCHOR)
        by = _replaced_by(kept, i, a)
        if by is not None:
            replaced.setdefault(by, []).append(a)
            continue
        bad = _anchor_problem(rows, a, n, head_hash)
        if bad is not None:
            return bad
        checked.append(a)
    matched = f", {len(checked)} anchor(s) match" if checked else ""
    if replaced:
        matched += f", {sum(map(len, replaced.values()))} of a history replaced by a restore"
    return ChainReport(True, n, head_hash, None, None, f"{n} records, chain intact{matched}", None, head_seq,
                       len(checked), max(checked, key=lambda a: a.seq, default=None),
                       tuple(Replaced(m, tuple(a)) for m, a in replaced.items()))


def _replaced_by(kept: Sequence[Anchor], index: int, anchor: Anchor) -> Anchor | None:
    """The restore that replaced the history ``anchor`` (line ``index`` of the kept anchors)
    vouches for: the first restore marker kept after it whose restored trail ends before the
    record it names. Only anchors kept earlier (by line and by time) than a marker can belong
    to the history it replaced; the marker itself is checked like any anchor, so a marker that
    does not name this trail's own restore record excuses nothing."""
    for marker in kept[index + 1:]:
        if marker.restore and anchor.seq >= marker.seq and _not_after(anchor.made_at, marker.made_at):
            return marker
    return None


def _restores_since(kept: Sequence[Anchor], anchor: Anchor) -> str:
    """For an anchor kept elsewhere that no longer matches: the restores that may explain it."""
    told = [f"a restore at {m.made_at} replaced the history after record {m.seq - 1}"
            for m in kept if m.restore and anchor.seq >= m.seq]
    return f" ({'; '.join(told)})" if told else ""


def _not_after(earlier: str, later: str) -> bool:
    try:
        return datetime.fromisoformat(earlier) <= datetime.fromisoformat(later)
    except ValueError:
        return False


def _anchor_problem(rows: list[tuple], anchor: Anchor, n: int, head: str, note: str = "") -> ChainReport | None:
    what = "restore marker" if anchor.restore else "anchor"
    when = ", ".join(x for x in (f"made {anchor.made_at}" if anchor.made_at else "", anchor.source) if x)
    when = f" ({what} {when})" if when else ""
    if not 1 <= anchor.seq <= len(rows):
        return _fail(n, head, anchor.seq, "anchor_mismatch",
                     f"record {anchor.seq} named by the {what}{when} no longer exists{note}", Check.ANCHOR)
    if rows[anchor.seq - 1][7] != anchor.hash:
        return _fail(n, head, anchor.seq, "anchor_mismatch",
                     f"record {anchor.seq} no longer has the hash of the {what}{when}: "
                     f"the history up to it was rewritten{note}", Check.ANCHOR)
    if anchor.sealed and rows[anchor.seq - 1][2] != SEALED:
        return _fail(n, head, anchor.seq, "anchor_mismatch",
                     f"record {anchor.seq} named by the sealing marker{when} is not the record of a sealing", Check.ANCHOR)
    if anchor.restore and not _restore_recorded(rows, anchor):
        return _fail(n, head, anchor.seq, "anchor_mismatch",
                     f"record {anchor.seq} named by the {what}{when} is not the start of a restore "
                     "that the trail records at that time", Check.ANCHOR)
    return None


def _restore_recorded(rows: list[tuple], marker: Anchor) -> bool:
    """The marker names a ``restore_started`` record, and the ``restored`` outcome that follows
    it was written after the marker (the marker is written first, when the restored file first
    opens): so the marker's time lies between the two sealed records."""
    started = rows[marker.seq - 1]
    if started[2] != RESTORE_STARTED or not _not_after(started[1], marker.made_at):
        return False
    for row in rows[marker.seq:]:
        if row[2] == RESTORED and _detail(row[5]).get("intent") == marker.seq:
            return _not_after(marker.made_at, row[1])
    return False


def plain_chain_problem(rows: Sequence[tuple], kept: Sequence[Anchor]) -> str | None:
    """For sealing an older trail: the first break of its plain hash chain, or the first anchor
    kept in the data folder that it no longer holds (None: neither). ``rows`` are (seq, ts,
    event, actor, subject, detail, prev_hash, hash), in order."""
    prev = GENESIS
    for expected, row in enumerate(rows, 1):
        if row[0] != expected:
            return f"record {expected} is missing"
        if row[6] != prev or record_hash(row[6], *row[:6]) != row[7]:
            return f"record {expected} does not follow the chain"
        prev = row[7]
    for a in kept:
        if not a.restore and (not 1 <= a.seq <= len(rows) or rows[a.seq - 1][7] != a.hash):
            return f"record {a.seq} no longer has the hash the anchor on {a.source} names"
    return None


def _detail(text: str) -> dict:
    try:
        detail = json.loads(text)
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}
