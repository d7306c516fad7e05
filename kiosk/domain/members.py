"""Member import (CSV) and PIN checks (argon2id, lockout with a growing delay)."""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.audit_events import AuditEvent
from kiosk.domain.alerts import AlertKind, AlertNote, NoteCode, raise_alert
from kiosk.domain.throttle import Throttle
from kiosk.errors import ImportValidationError, KioskError, LockedOutError, NotFoundError, PinError
from kiosk.store.db import Store

HEADER = ["member_no", "display_name", "birth_date", "valid_until", "card_id"]
_MEMBER_NO = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # NUL, line breaks inside a field, escapes...
MAX_CSV_BYTES = 64 * 1024 * 1024  # some 500,000 members
_PIN = re.compile(r"^[0-9]{4,8}$")

# argon2id with RFC 9106's low-memory profile (64 MiB would stall a kiosk's PIN screen)
_hasher = PasswordHasher(time_cost=3, memory_cost=19 * 1024, parallelism=1)


def hash_pin(pin: str) -> str:
    if not _PIN.match(pin):
        raise PinError("A PIN is 4 to 8 digits.", remedy="Choose a PIN of 4 to 8 digits.")
    return _hasher.hash(pin)


_NO_PIN_HASH: list[str] = []  # a hash of nothing anyone can type, for members without a PIN


def pin_matches(pin_hash: str | None, pin: str) -> bool:
    """Check ``pin`` against ``pin_hash`` in the same time whether or not a PIN is set, so the
    answer's speed does not tell who has one."""
    if not _NO_PIN_HASH:
        _NO_PIN_HASH.append(_hasher.hash("no PIN is set"))
    try:
        return _hasher.verify(pin_hash or _NO_PIN_HASH[0], pin) and bool(pin_hash)
    except (VerificationError, InvalidHashError):
        return False


def lock_delay(failures: int, max_failures: int, base_s: int) -> float:
    """Seconds of lockout after ``failures`` wrong PINs: none below the limit, then doubling."""
    if failures < max_failures:
        return 0.0
    return float(min(base_s * 2 ** (failures - max_failures), 24 * 3600))


def _parse_date(text: str, field: str, required: bool) -> tuple[str | None, str | None]:
    text = text.strip()
    if not text:
        return None, (f"{field} is empty" if required else None)
    try:
        return date.fromisoformat(text).isoformat(), None
    except ValueError:
        return None, f"{field} {text!r} is not an ISO date (YYYY-MM-DD)"


def parse_members_csv(data: bytes | str) -> list[dict]:
    """Validate a membership list; raise :class:`ImportValidationError` listing every bad row."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportValidationError([(1, f"the file is not UTF-8 ({exc.reason} at byte {exc.start})")]) from None
    reader = csv.reader(io.StringIO(data, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportValidationError([(1, "the file is empty")]) from None
    except csv.Error as exc:
        raise ImportValidationError([(1, f"unreadable CSV: {exc}")]) from None
    if header != HEADER:
        raise ImportValidationError([(1, f"the header must be {','.join(HEADER)}")])
    rows: list[dict] = []
    errors: list[tuple[int, str]] = []
    seen_no: dict[str, int] = {}
    seen_card: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(HEADER):
                errors.append((line, f"expected {len(HEADER)} fields, found {len(cells)}"))
                continue
            if any(_CONTROL.search(c) for c in cells):
                errors.append((line, "a field holds a control character (NUL, a line break, an escape...)"))
                continue
            no, name, birth, valid, card = (c.strip() for c in cells)
            problems = []
            if not _MEMBER_NO.match(no):
                problems.append(f"member_no {no!r} must be 1-32 letters, digits, '-' or '_'")
            elif no in seen_no:
                problems.append(f"member_no {no} repeats line {seen_no[no]}")
            if not name or len(name) > 120:
                problems.append("display_name must be 1-120 characters")
            birth_iso, err = _parse_date(birth, "birth_date", required=False)
            problems += [err] if err else []
            valid_iso, err = _parse_date(valid, "valid_until", required=True)
            problems += [err] if err else []
            if card:
                if len(card) > 64:
                    problems.append("card_id is longer than 64 characters")
                elif card in seen_card:
                    problems.append(f"card_id {card} repeats line {seen_card[card]}")
            if birth_iso and birth_iso > date.today().isoformat():
                problems.append("birth_date is in the future")
            if problems:
                errors.append((line, "; ".join(problems)))
                continue
            seen_no[no] = line
            if card:
                seen_card[card] = line
            rows.append(
                {"member_no": no, "display_name": name, "birth_date": birth_iso, "valid_until": valid_iso, "card_id": card or None}
            )
    except csv.Error as exc:
        errors.append((reader.line_num, f"unreadable CSV: {exc}"))
    if errors:
        raise ImportValidationError(errors)
    return rows


def read_csv_file(path: Path) -> bytes:
    """The bytes of a membership list: a regular file of sensible size."""
    try:
        if not path.is_file():
            raise KioskError(f"{path} is not a regular file.", remedy="Choose the membership list (a CSV file).")
        with open(path, "rb") as f:
            data = f.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise KioskError(f"Cannot read {path}: {exc.strerror}.", remedy="Check the file path.") from None
    if len(data) > MAX_CSV_BYTES:
        raise KioskError(f"{path} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB.",
                         remedy="Split the membership list into smaller files.")
    return data


#: the columns an import sets, in the order :meth:`kiosk.store.repos.Members.listed` reads them
LISTED = ("display_name", "birth_date", "valid_until", "card_id")


def claim_clashes(store: Store | None, rows: list[dict], listed: dict[str, tuple] | None = None) -> list[tuple[int, str]]:
    """A claim names one member only: a card id belongs to one member and is nobody else's
    member number (a visitor typing their number must never reach another member's card).
    ``listed``: the store's members as :meth:`~kiosk.store.repos.Members.listed` read them
    (else they are read from ``store``)."""
    if listed is None:
        assert store is not None
        listed = store.members.listed()
    card_of = {no: row[3] for no, row in listed.items()}
    card_of.update({r["member_no"]: r["card_id"] for r in rows})
    owner: dict[str, str] = {}
    clashes = []
    for member_no, card in card_of.items():
        if not card:
            continue
        if card in owner and owner[card] != member_no:
            clashes.append((0, f"card_id {card} already belongs to member {owner[card]}, not {member_no}"))
        owner[card] = member_no
        if card != member_no and card in card_of:
            clashes.append((0, f"card_id {card} of member {member_no} is the member number of another member"))
    return clashes


def read_members(source: Path | bytes | str) -> list[dict]:
    """Read and validate a membership list without touching the store (it may be large: the
    kiosk does this before it takes the store for the import's short transaction)."""
    return parse_members_csv(read_csv_file(source) if isinstance(source, Path) else source)


@dataclass(frozen=True)
class ImportPlan:
    """An import worked out against a snapshot of the store's members: what to write, and
    what refuses it. Valid only while nothing has been written since the snapshot."""

    rows: list[dict]
    changed: list[dict]  # new, or different from the snapshot
    clashes: list[tuple[int, str]]


def plan_import(rows: list[dict], listed: dict[str, tuple]) -> ImportPlan:
    changed = [r for r in rows if listed.get(r["member_no"]) != tuple(r[c] for c in LISTED)]
    return ImportPlan(rows, changed, claim_clashes(None, rows, listed))


def import_members(store: Store, source: Path | bytes | str | list[dict] | ImportPlan, actor: str = "cli") -> int:
    """Import or update members (``source``: a file, its contents, :func:`read_members`' rows,
    or a plan made on a snapshot that is still the store); all rows or none."""
    if isinstance(source, ImportPlan):
        plan = source
    else:
        rows = source if isinstance(source, list) else read_members(source)
        plan = ImportPlan(rows, rows, claim_clashes(store, rows))
    if plan.clashes:
        raise ImportValidationError(plan.clashes)
    store.members.upsert_many(plan.changed)
    store.audit.append(AuditEvent.MEMBERS_IMPORTED, actor, count=len(plan.rows))
    return len(plan.rows)


class Pins:
    """PIN setting and checking with lockout; the lockout is stored, so restarts don't reset it."""

    #: wrong PINs across all members in ``KIOSK_WINDOW_S`` before PIN entry pauses kiosk-wide
    KIOSK_FAILURES_PER_MEMBER_LIMIT = 3
    KIOSK_WINDOW_S = 600

    def __init__(self, store: Store, max_failures: int = 5, lock_base_s: int = 30, clock=time.time) -> None:
        self.store = store
        self.max_failures = max_failures
        self.lock_base_s = lock_base_s
        self.clock = clock

    @property
    def kiosk_throttle(self) -> Throttle:
        return Throttle(self.store, "pin_kiosk_throttle", self.KIOSK_FAILURES_PER_MEMBER_LIMIT * self.max_failures,
                        self.lock_base_s, self.KIOSK_WINDOW_S, self.clock)

    def set(self, member_no: str, pin: str, actor: str = "cli") -> None:
        if self.store.members.get(member_no) is None:
            raise NotFoundError(f"No member {member_no}.", remedy="Check the number or import the membership list.")
        self.store.members.set_pin_state(member_no, pin_hash=hash_pin(pin), failures=0, locked_until=0)
        self.store.audit.append(AuditEvent.PIN_SET, actor, member_no)

    def seconds_locked(self, member_no: str) -> float:
        _, _, until = self.store.members.pin_state(member_no)
        return max(0.0, until - self.clock(), self.kiosk_throttle.seconds_locked())

    def _admit(self, member_no: str) -> tuple[str | None, int]:
        """The member's PIN hash and failures so far, unless PIN entry is locked (the member's, or the kiosk's)."""
        pin_hash, failures, until = self.store.members.pin_state(member_no)
        now = self.clock()
        if until > now:
            raise LockedOutError(until - now)
        paused = self.kiosk_throttle.seconds_locked()
        if paused > 0:
            raise LockedOutError(paused, "PIN entry on this kiosk")
        return pin_hash, failures

    def attempt(self, member_no: str, pin: str) -> "PinAttempt":
        """The slow part of a PIN check, the hash, done before any transaction: a check holds no
        lock of the store while argon2 runs, so this kiosk's screens and its exchange with the
        site never wait behind it. :meth:`settle` decides, inside the transaction."""
        try:
            pin_hash, _ = self._admit(member_no)
        except LockedOutError:
            return PinAttempt(member_no, pin, None, None)  # settle refuses (or hashes, if the lock ended meanwhile)
        return PinAttempt(member_no, pin, pin_hash, pin_matches(pin_hash, pin))

    def settle(self, attempt: "PinAttempt") -> bool:
        """True on the right PIN. Raises :class:`LockedOutError` while locked (this member, or
        PIN entry on the whole kiosk after many wrong PINs across members). Judged on the state
        as it is now: a lock set since the attempt (another try here, or failures at other
        gates of the site) refuses it, and a PIN changed since is checked afresh."""
        member_no = attempt.member_no
        with self.store.transaction():
            pin_hash, failures = self._admit(member_no)
            if attempt.matched is None or pin_hash != attempt.pin_hash:
                matched = pin_matches(pin_hash, attempt.pin)  # rare: the state moved since the attempt
            else:
                matched = attempt.matched
            if matched:
                self.store.members.set_pin_state(member_no, failures=0, locked_until=0)
                return True
            kiosk_delay = self.kiosk_throttle.failed()
            if kiosk_delay:
                self.store.audit.append(AuditEvent.PIN_PAUSED, "visitor", None, seconds=kiosk_delay)
                raise_alert(self.store, AlertKind.PIN_LOCKED, note=AlertNote(NoteCode.WRONG_PINS_ACROSS_MEMBERS))
            failures += 1
            delay = lock_delay(failures, self.max_failures, self.lock_base_s)
            now = self.clock()
            self.store.members.set_pin_state(member_no, failures=failures, locked_until=now + delay if delay else 0)
            if delay:
                self.store.audit.append(AuditEvent.PIN_LOCKED, "visitor", member_no, failures=failures, seconds=delay)
                raise_alert(self.store, AlertKind.PIN_LOCKED, member_no=member_no)
            return False

    def check(self, member_no: str, pin: str) -> bool:
        """:meth:`attempt` then :meth:`settle` (the hash runs under the caller's transaction, if any)."""
        return self.settle(self.attempt(member_no, pin))


@dataclass(frozen=True)
class PinAttempt:
    """A PIN hashed against the member's stored hash, not yet counted (:meth:`Pins.settle`)."""

    member_no: str
    pin: str = field(repr=False)
    pin_hash: str | None = field(repr=False)  # the hash it was checked against; None: locked at the attempt
    matched: bool | None


def set_member_active(store: Store, member_no: str, active: bool, actor: str = "cli") -> None:
    """Activate or deactivate a member (staff action, audited). A deactivated member's pass
    is refused at the claim and their face is not offered; the template expires as usual."""
    if store.members.get(member_no) is None:
        raise NotFoundError(f"No member {member_no}.", remedy="Check the number or import the membership list.")
    store.members.set_active(member_no, active)
    store.audit.append(AuditEvent.MEMBER_ACTIVATED if active else AuditEvent.MEMBER_DEACTIVATED, actor, member_no)
