"""Verification of the audit trail, with a diagnosis of the first problem and of which check found it.

Four checks, in this order:

- **hash link**: each record's SHA-256 covers the previous record's hash, its own number and
  its content, so a changed, inserted, removed or re-ordered record breaks the chain;
- **HMAC**: each record is also sealed with an HMAC under an audit key that is kept beside the
  key file, never in the database (:mod:`kiosk.store.audit_keys`). Someone holding only the
  database key can recompute the hashes but not the seals;
- **head**: the head marker (``audit_head``: count, last number, last hash, sealed too) is
  written with every record, so removing the *last* records is seen;
- **anchor**: someone holding both keys could still rewrite everything. Against that, the
  head (record number and hash) is exported as an anchor (``kiosk audit anchor``, and in the
  filing report) and kept elsewhere; ``kiosk audit verify --anchor FILE`` checks that the
  record it names still has that hash, i.e. that history up to it is unchanged. The running
  kiosk also appends one to ``audit-anchors.txt`` in its data folder on a schedule
  (:mod:`kiosk.domain.audit_anchors`); every check of the trail checks each of those too.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.store.audit_keys import AuditKeys
    from kiosk.store.db import Store

GENESIS = "0" * 64
_SHIFT = 5  # how far to look for renumbered records when diagnosing
ROTATED = "audit_key_rotated"  # the only event that may start sealing under a newer key
SEALED = "audit_sealed"  # the plain chain of an older database was sealed when it was upgraded


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
    ANCHOR = "anchor"


@dataclass(frozen=True)
class Anchor:
    """A record number and its hash, kept outside the kiosk."""

    seq: int
    hash: str
    made_at: str = ""
    source: str = ""  # where it was kept, e.g. "line 3 of audit-anchors.txt"


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain check. ``problem`` is None, or one of ``modified``,
    ``inserted``, ``removed``, ``unsealed``, ``head_missing``, ``anchor_mismatch``;
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
                 kept: Sequence[Anchor] = ()) -> ChainReport:
    """Walk the whole trail once; report the first problem and the check that found it. The
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
    anchors = ([anchor] if anchor is not None else []) + list(kept)
    for a in anchors:
        bad = _anchor_problem(rows, a, n, head_hash)
        if bad is not None:
            return bad
    matched = f", {len(anchors)} anchor(s) match" if anchors else ""
    return ChainReport(True, n, head_hash, None, None, f"{n} records, chain intact{matched}", None, head_seq,
                       len(anchors))


def _anchor_problem(rows: list[tuple], anchor: Anchor, n: int, head: str) -> ChainReport | None:
    when = ", ".join(x for x in (f"made {anchor.made_at}" if anchor.made_at else "", anchor.source) if x)
    when = f" (anchor {when})" if when else ""
    if not 1 <= anchor.seq <= len(rows):
        return _fail(n, head, anchor.seq, "anchor_mismatch",
                     f"record {anchor.seq} named by the anchor{when} no longer exists", Check.ANCHOR)
    if rows[anchor.seq - 1][7] != anchor.hash:
        return _fail(n, head, anchor.seq, "anchor_mismatch",
                     f"record {anchor.seq} no longer has the hash of the anchor{when}: "
                     "the history up to it was rewritten", Check.ANCHOR)
    return None


# -- anchors as files ---------------------------------------------------------------
_ANCHOR_TEXT = re.compile(r"record (\d+), head hash ([0-9a-f]{64})")
_ANCHOR_MAX = 4 * 1024 * 1024  # a filing report may serve as the anchor


def anchor_line(seq: int, head_hash: str) -> str:
    """How an anchor reads in a report: ``read_anchor`` finds it again in any text file."""
    return f"record {seq}, head hash {head_hash}"


def anchor_json(report: ChainReport, made_at: str) -> str:
    return json.dumps({"kiosk_audit_anchor": 1, "seq": report.head_seq, "hash": report.head_hash,
                       "records": report.records, "made_at": made_at}, indent=2) + "\n"


def read_anchor(path: Path) -> Anchor:
    """An anchor from ``kiosk audit anchor`` (JSON) or from any text holding an anchor line
    (the filing report); the last one in the file counts."""
    try:
        with open(path, "rb") as f:
            text = f.read(_ANCHOR_MAX).decode("utf-8", errors="replace")
    except OSError as exc:
        raise KioskError(f"Cannot read the anchor file {path}: {exc.strerror}.", remedy="Check the path.") from None
    try:
        data = json.loads(text)
        if isinstance(data, dict) and data.get("kiosk_audit_anchor") == 1:
            seq, hsh = data["seq"], data["hash"]
            if isinstance(seq, int) and isinstance(hsh, str) and re.fullmatch(r"[0-9a-f]{64}", hsh):
                return Anchor(seq, hsh, str(data.get("made_at", "")))
    except (ValueError, KeyError):
        pass
    found = _ANCHOR_TEXT.findall(text)
    if not found:
        raise KioskError(f"{path} holds no audit anchor.",
                         remedy="Use a file made by 'kiosk audit anchor --out FILE', or a filing report.")
    seq, hsh = found[-1]
    return Anchor(int(seq), hsh)


# -- the anchors the running kiosk keeps ------------------------------------------------
_KEPT_LINE = re.compile(r"(\S+) record (\d+), head hash ([0-9a-f]{64})")


def kept_anchor_line(made_at: str, seq: int, head_hash: str) -> str:
    """One line of the kiosk's anchor file: when, then the anchor as reports print it."""
    return f"{made_at} {anchor_line(seq, head_hash)}"


def read_kept_anchors(path: Path) -> list[Anchor]:
    """Every anchor of the kiosk's anchor file, oldest first; none when there is no file."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise KioskError(f"Cannot read the audit anchors in {path}: {exc.strerror}.",
                         remedy="Check the file's permissions; it belongs to the kiosk's data folder.") from None
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _KEPT_LINE.fullmatch(line.strip())
        if m:
            kept.append(Anchor(int(m[2]), m[3], m[1], f"line {number} of {path.name}"))
    return kept
