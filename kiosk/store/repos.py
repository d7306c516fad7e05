"""Table access. Plain data in and out; business rules live in ``kiosk.domain``."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np
import sqlcipher3

from kiosk.biometrics.engine import Gallery
from kiosk.config import Settings
from kiosk.errors import AuditSealError, KeyMissingError
from kiosk.store import audit_keys, counter_sync
from kiosk.store.anchor_files import Anchor, read_kept_anchors
from kiosk.store.audit_keys import AuditKeys
from kiosk.store.chain import (
    GENESIS,
    ROTATED,
    SEALED,
    ChainReport,
    Check,
    head_parts,
    plain_chain_problem,
    record_hash,
    verify_chain,
)
from kiosk.store.schema import TEMPLATE_BYTES

if TYPE_CHECKING:
    from kiosk.store.db import Store

def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Member:
    member_no: str
    display_name: str
    birth_date: str | None
    valid_until: str
    card_id: str | None
    has_pin: bool
    active: bool


_MEMBER_COLS = "member_no, display_name, birth_date, valid_until, card_id, pin_hash IS NOT NULL, active"


def _member(row: tuple) -> Member:
    return Member(row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]))


class _Repo:
    def __init__(self, store: "Store") -> None:
        self.store = store


class Members(_Repo):
    def listed(self, conn: sqlcipher3.Connection | None = None) -> dict[str, tuple]:
        """Every member's listed columns (name, birth date, validity, card), by number; read on
        ``conn`` (a reader of the last commit) when given, else on the store's connection."""
        sql = "SELECT member_no, display_name, birth_date, valid_until, card_id FROM members"
        rows = conn.execute(sql).fetchall() if conn is not None else self.store.query(sql)
        return {r[0]: tuple(r[1:]) for r in rows}

    def upsert_many(self, rows: Iterable[dict]) -> int:
        created = now_iso()
        params = [{**r, "created": created} for r in rows]
        with self.store.transaction() as c:
            c.executemany(
                "INSERT INTO members (member_no, display_name, birth_date, valid_until, card_id, created)"
                " VALUES (:member_no, :display_name, :birth_date, :valid_until, :card_id, :created)"
                " ON CONFLICT(member_no) DO UPDATE SET display_name=excluded.display_name,"
                " birth_date=excluded.birth_date, valid_until=excluded.valid_until, card_id=excluded.card_id"
                # an unchanged row is not written again (nor sent to a site's other kiosks)
                " WHERE display_name IS NOT excluded.display_name OR birth_date IS NOT excluded.birth_date"
                " OR valid_until IS NOT excluded.valid_until OR card_id IS NOT excluded.card_id",
                params,
            )
        return len(params)

    def get(self, member_no: str) -> Member | None:
        rows = self.store.query(f"SELECT {_MEMBER_COLS} FROM members WHERE member_no = ?", (member_no,))
        return _member(rows[0]) if rows else None

    def by_card(self, card_id: str) -> Member | None:
        rows = self.store.query(f"SELECT {_MEMBER_COLS} FROM members WHERE card_id = ?", (card_id,))
        return _member(rows[0]) if rows else None

    def search(self, text: str = "", limit: int = 200) -> list[Member]:
        like = f"%{text}%"
        rows = self.store.query(
            f"SELECT {_MEMBER_COLS} FROM members WHERE member_no LIKE ? OR display_name LIKE ? OR card_id LIKE ?"
            " ORDER BY member_no LIMIT ?",
            (like, like, like, limit),
        )
        return [_member(r) for r in rows]

    def count(self) -> int:
        return self.store.query("SELECT count(*) FROM members")[0][0]

    def card_owner(self, card_id: str) -> str | None:
        rows = self.store.query("SELECT member_no FROM members WHERE card_id = ?", (card_id,))
        return rows[0][0] if rows else None

    def pin_state(self, member_no: str) -> tuple[str | None, int, float]:
        row = self.store.query(
            "SELECT pin_hash, pin_failures, pin_locked_until FROM members WHERE member_no = ?", (member_no,)
        )[0]
        return row[0], row[1], row[2]

    def set_pin_state(self, member_no: str, *, pin_hash: str | None = None, failures: int, locked_until: float) -> None:
        with self.store.transaction() as c:
            if pin_hash is not None:
                c.execute("UPDATE members SET pin_hash = ? WHERE member_no = ?", (pin_hash, member_no))
            c.execute(
                "UPDATE members SET pin_failures = ?, pin_locked_until = ? WHERE member_no = ?",
                (failures, locked_until, member_no),
            )

    def set_active(self, member_no: str, active: bool) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE members SET active = ? WHERE member_no = ?", (int(active), member_no))


@dataclass(frozen=True)
class TemplateInfo:
    """What is stored about a member's face, without the template itself."""

    member_no: str
    model_id: str
    created: str
    last_used: str
    expires: str
    consent_id: int


class Templates(_Repo):
    def __init__(self, store: "Store") -> None:
        super().__init__(store)
        self._gallery: tuple[tuple[int, int], Gallery] | None = None  # (store version, gallery)

    def put(self, member_no: str, template: np.ndarray, model_id: str, expires: str, consent_id: int) -> None:
        blob = np.asarray(template, dtype=np.float32).reshape(128).tobytes()
        assert len(blob) == TEMPLATE_BYTES
        ts = now_iso()
        with self.store.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO face_templates (member_no, template, model_id, created, last_used, expires, consent_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (member_no, blob, model_id, ts, ts, expires, consent_id),
            )

    def get(self, member_no: str) -> np.ndarray | None:
        rows = self.store.query("SELECT template FROM face_templates WHERE member_no = ?", (member_no,))
        return np.frombuffer(rows[0][0], dtype=np.float32).copy() if rows else None

    def info(self, member_no: str) -> TemplateInfo | None:
        rows = self.store.query(
            "SELECT member_no, model_id, created, last_used, expires, consent_id FROM face_templates WHERE member_no = ?",
            (member_no,),
        )
        return TemplateInfo(*rows[0]) if rows else None

    def touch(self, member_no: str, last_used: str, expires: str) -> None:
        with self.store.transaction() as c:
            c.execute(
                "UPDATE face_templates SET last_used = ?, expires = ? WHERE member_no = ?", (last_used, expires, member_no)
            )

    def delete(self, member_no: str) -> bool:
        with self.store.transaction() as c:
            n = c.execute("DELETE FROM face_templates WHERE member_no = ?", (member_no,)).rowcount
        return n > 0

    def delete_expired(self, now: str) -> int:
        """Delete the expired templates and end their consents (the records stay, as proof)."""
        with self.store.transaction() as c:
            c.execute("UPDATE consents SET withdrawn_at = ? WHERE withdrawn_at IS NULL AND id IN"
                      " (SELECT consent_id FROM face_templates WHERE expires <= ?)", (now, now))
            n = c.execute("DELETE FROM face_templates WHERE expires <= ?", (now,)).rowcount
        return n

    def expired(self, now: str) -> list[str]:
        return [r[0] for r in self.store.query("SELECT member_no FROM face_templates WHERE expires <= ?", (now,))]

    def all_info(self) -> list[TemplateInfo]:
        rows = self.store.query("SELECT member_no, model_id, created, last_used, expires, consent_id FROM face_templates")
        return [TemplateInfo(*r) for r in rows]

    def count(self) -> int:
        return self.store.query("SELECT count(*) FROM face_templates")[0][0]

    def gallery(self) -> Gallery:
        """All templates for the enrollment duplicate check, cached while the database is
        unchanged (:meth:`Store.version`): a face enrolled or deleted by the command line while
        the kiosk runs counts at the kiosk's next check."""
        with self.store.lock:
            version = self.store.version()  # read before the rows: a change in between reloads next time
            if self._gallery is None or self._gallery[0] != version:
                rows = self.store.query("SELECT member_no, template FROM face_templates ORDER BY member_no")
                mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
                self._gallery = (version, Gallery([r[0] for r in rows], mat))
            return self._gallery[1]


@dataclass(frozen=True)
class Consent:
    id: int
    member_no: str
    notice_version: str
    notice_sha256: str
    given_by: str
    guardian_ref: str | None
    guardian_name: str | None
    age_band: str
    method: str
    language: str
    given_at: str
    withdrawn_at: str | None


class Consents(_Repo):
    _COLS = (
        "id, member_no, notice_version, notice_sha256, given_by, guardian_ref, guardian_name, age_band, method,"
        " language, given_at, withdrawn_at"
    )

    def add(self, **fields: object) -> int:
        fields.setdefault("given_at", now_iso())
        cols = ", ".join(fields)
        marks = ", ".join(f":{k}" for k in fields)
        with self.store.transaction() as c:
            return c.execute(f"INSERT INTO consents ({cols}) VALUES ({marks})", fields).lastrowid

    def get(self, consent_id: int) -> Consent | None:
        rows = self.store.query(f"SELECT {self._COLS} FROM consents WHERE id = ?", (consent_id,))
        return Consent(*rows[0]) if rows else None

    def for_member(self, member_no: str) -> list[Consent]:
        rows = self.store.query(f"SELECT {self._COLS} FROM consents WHERE member_no = ? ORDER BY id", (member_no,))
        return [Consent(*r) for r in rows]

    def withdraw(self, consent_id: int, at: str | None = None) -> None:
        with self.store.transaction() as c:
            c.execute(
                "UPDATE consents SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL", (at or now_iso(), consent_id)
            )


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: str
    active: bool


class StaffRepo(_Repo):
    def add(self, name: str, role: str, pin_hash: str) -> int:
        with self.store.transaction() as c:
            return c.execute(
                "INSERT INTO staff (name, role, pin_hash, created) VALUES (?, ?, ?, ?)", (name, role, pin_hash, now_iso())
            ).lastrowid

    def all(self) -> list[StaffMember]:
        return [StaffMember(r[0], r[1], r[2], bool(r[3])) for r in self.store.query("SELECT id, name, role, active FROM staff")]

    def pin_rows(self) -> list[tuple[int, str, str, str, int, float]]:
        return self.store.query(
            "SELECT id, name, role, pin_hash, pin_failures, pin_locked_until FROM staff WHERE active = 1"
        )

    def get(self, staff_id: int) -> StaffMember | None:
        rows = self.store.query("SELECT id, name, role, active FROM staff WHERE id = ?", (staff_id,))
        return StaffMember(rows[0][0], rows[0][1], rows[0][2], bool(rows[0][3])) if rows else None

    def by_name(self, name: str) -> StaffMember | None:
        rows = self.store.query("SELECT id FROM staff WHERE name = ?", (name,))
        return self.get(rows[0][0]) if rows else None

    def pin_state(self, staff_id: int) -> tuple[str, int, float]:
        row = self.store.query("SELECT pin_hash, pin_failures, pin_locked_until FROM staff WHERE id = ?", (staff_id,))[0]
        return row[0], row[1], row[2]

    def set_active(self, staff_id: int, active: bool) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE staff SET active = ? WHERE id = ?", (int(active), staff_id))

    def set_role(self, staff_id: int, role: str) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE staff SET role = ? WHERE id = ?", (role, staff_id))

    def set_pin_state(self, staff_id: int, *, failures: int, locked_until: float, pin_hash: str | None = None) -> None:
        with self.store.transaction() as c:
            if pin_hash is not None:
                c.execute("UPDATE staff SET pin_hash = ? WHERE id = ?", (pin_hash, staff_id))
            c.execute(
                "UPDATE staff SET pin_failures = ?, pin_locked_until = ? WHERE id = ?", (failures, locked_until, staff_id)
            )


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    ts: str
    event: str
    actor: str
    subject: str | None
    detail: dict
    prev_hash: str
    hash: str


class AuditLog(_Repo):
    """Append-only event trail: a hash chain, each record sealed with an HMAC under the audit
    key (:mod:`kiosk.store.audit_keys`). Never given templates, PINs or images."""

    FORBIDDEN_KEYS = frozenset({"template", "encoding", "pin", "image", "frame", "photo", "distance"})

    def append(self, event: str, actor: str = "system", subject: str | None = None, **detail: object) -> int:
        bad = self.FORBIDDEN_KEYS & set(detail)
        if bad:
            raise ValueError(f"audit detail may not carry {sorted(bad)}")
        with self.store.transaction() as c:
            # continue from the head marker, so a removed last record leaves a visible gap
            head = c.execute("SELECT last_seq, last_hash, count, key_id FROM audit_head WHERE id = 1").fetchone()
            if head is None:  # a sealed trail always has its head: never made up again from the records
                raise AuditSealError("The audit head marker is missing: the trail was tampered with; nothing was recorded.",
                                     remedy="Run 'kiosk audit verify', keep the database for investigation and "
                                            "restore the last good backup ('kiosk restore').")
            if self.store.counter_base is None:
                self.store.counter_base = (head[0], head[1])
            ring = self._ring(head[3])
            if head[3] is not None and head[3] != ring.current_id and event != ROTATED:
                # the key file gained a key but its rotation record was never written (a kill in between)
                head = self._insert(c, ring, head, ROTATED, "system", None,
                                    _detail({"from_key": head[3], "to_key": ring.current_id, "interrupted": True}))
            head = self._insert(c, ring, head, event, actor, subject, _detail(detail))
        return head[0]

    def _ring(self, head_key: int | None) -> AuditKeys:
        ring = self.store.audit_keys
        if ring is None:
            raise KeyMissingError("No audit key is loaded.", remedy="Open the database with open_store().")
        if head_key is not None and head_key > ring.current_id:  # another process rotated the audit key
            ring = self.store.audit_keys = audit_keys.load(ring.path)
        return ring

    @staticmethod
    def _insert(c, ring: AuditKeys, head: tuple, event: str, actor: str, subject: str | None, text: str) -> tuple:
        seq, prev, count, key_id = head[0] + 1, head[1], head[2] + 1, ring.current_id
        ts = now_iso()
        h = record_hash(prev, seq, ts, event, actor, subject, text)
        c.execute(
            "INSERT INTO audit (seq, ts, event, actor, subject, detail, prev_hash, hash, key_id, mac) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (seq, ts, event, actor, subject, text, prev, h, key_id, ring.mac(key_id, h)),
        )
        c.execute(
            "INSERT OR REPLACE INTO audit_head (id, count, last_seq, last_hash, key_id, mac) VALUES (1, ?, ?, ?, ?, ?)",
            (count, seq, h, key_id, ring.mac(key_id, *head_parts(count, seq, h))),
        )
        return seq, h, count, key_id

    def seal(self, actor: str, from_version: int) -> None:
        """Seal the plain hash chain of an older database under the current audit key (once, in
        the upgrade's transaction, on an administrator's explicit command), and record that this
        happened: the records before this point are only as trustworthy as the plain chain was at
        that moment. A plain chain that is broken, or that no longer holds an anchor the kiosk
        kept, is not sealed."""
        ring = self._ring(None)
        with self.store.transaction() as c:
            rows = c.execute("SELECT seq, ts, event, actor, subject, detail, prev_hash, hash FROM audit ORDER BY seq").fetchall()
            explicit = actor != "system"  # the administrator's command; "system": a new, empty database
            broken = plain_chain_problem(rows, read_kept_anchors(self.store.paths.audit_anchors)) \
                if rows or explicit else None
            if broken is not None:
                raise AuditSealError(f"The older audit trail does not verify ({broken}); it was not sealed.",
                                     remedy="Keep the database for investigation and restore a good backup.")
            key_id = ring.current_id
            for row in rows:
                c.execute("UPDATE audit SET key_id = ?, mac = ? WHERE seq = ?", (key_id, ring.mac(key_id, row[7]), row[0]))
            head = c.execute("SELECT count, last_seq, last_hash FROM audit_head WHERE id = 1").fetchone()
            if head is None:
                last = rows[-1] if rows else (0,) * 7 + (GENESIS,)
                head = (len(rows), last[0], last[7])
            c.execute("INSERT OR REPLACE INTO audit_head (id, count, last_seq, last_hash, key_id, mac) VALUES (1,?,?,?,?,?)",
                      (*head, key_id, ring.mac(key_id, *head_parts(*head))))
            if rows or explicit:
                self.append(SEALED, actor, None, records=len(rows), head_hash=head[2], key_id=key_id,
                            from_schema=from_version)

    def rotate_key(self, actor: str) -> int:
        """A new audit key seals every record from now on (older records keep theirs). The new
        key is written to the key ring first; its rotation record is the first record it seals
        (written here, or by the next append should the process die in between)."""
        with self.store.transaction():  # the key ring is written under the database's write lock only
            old = self._ring(None).current_id
            ring = self.store.audit_keys = audit_keys.rotate(self._ring(None))
            self.append(ROTATED, actor, None, from_key=old, to_key=ring.current_id)
        return ring.current_id

    def records(
        self, *, event: str | None = None, subject: str | None = None, since: str | None = None, limit: int | None = None
    ) -> Iterator[AuditRecord]:
        where, params = [], []
        for col, op, val in (("event", "=", event), ("subject", "=", subject), ("ts", ">=", since)):
            if val:
                where.append(f"{col} {op} ?")
                params.append(val)
        sql = "SELECT seq, ts, event, actor, subject, detail, prev_hash, hash FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for r in self.store.query(sql, tuple(params)):
            yield AuditRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7])

    def verify(self) -> tuple[bool, int | None, str]:
        """Check the chain. Returns (ok, first bad seq, explanation); see :meth:`report`."""
        r = self.report()
        return r.ok, r.first_bad_seq, r.message

    def report(self, anchor: Anchor | None = None, *, kept: bool = True) -> ChainReport:
        """Full check: hash links, HMAC seals, the head marker, an anchor when given and (with
        ``kept``) the audit head counter and every anchor the kiosk kept in its data folder."""
        try:
            anchors = read_kept_anchors(self.store.paths.audit_anchors) if kept else []
            counter = functools.partial(counter_sync.problem, self.store) if kept else None
            return verify_chain(self.store, self.store.audit_keys, anchor, anchors, counter)
        except sqlcipher3.Error as exc:  # a table altered beyond reading
            return ChainReport(False, 0, "", None, "head_missing", f"head check failed: the audit tables cannot be read ({exc})",
                               Check.HEAD)

    def count(self) -> int:
        return self.store.query("SELECT count(*) FROM audit")[0][0]


class SettingsRepo(_Repo):
    def load(self) -> Settings:
        data = {k: json.loads(v) for k, v in self.store.query("SELECT key, value FROM settings")}
        return Settings.from_dict(data)

    def save(self, settings: Settings) -> dict[str, tuple[object, object]]:
        """Store ``settings``; return the changed fields as {name: (old, new)}."""
        settings.validate()
        old = self.load().to_dict()
        new = settings.to_dict()
        changed = {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}
        with self.store.transaction() as c:
            for k in changed:
                c.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (k, json.dumps(new[k], ensure_ascii=False))
                )
        return changed


class Meta(_Repo):
    """Small operational state (last purge time, staff keypad lockout): key -> short text."""

    def get(self, key: str, default: str | None = None) -> str | None:
        rows = self.store.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set(self, key: str, value: str) -> None:
        with self.store.transaction() as c:
            c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _detail(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
