"""Applying the site's changes to this kiosk's store, by the written conflict rules.

Changes arrive in the server's order and are applied in one local transaction, with the
outbox's triggers off (``site_applying``) and the last seen ``seq`` stored in it. The rules:

1. **A withdrawal wins over an enrollment made at the same time elsewhere.** A consent and a
   withdrawal of the same member are concurrent when neither kiosk had seen the other's change
   (the change's ``base_seq`` is the last ``seq`` its kiosk had pulled). Then the consent ends
   withdrawn at every kiosk, and the template it covered is deleted where it is stored.
2. **Lockout failures add up.** Wrong PINs (members' and the staff PIN pad's) and failed face
   checks travel as increments; a kiosk adds them to its own count and locks as soon as the sum
   reaches the limit, the moment the increment arrives (not at its own next failure).
3. **A removal from the membership list wins.** Only an ``active`` change touches a member's
   ``active``; an import or PIN change made elsewhere never re-activates a removed member.
4. **Otherwise the server's order decides**: a later change to the same row replaces an
   earlier one. A row this kiosk changed and has not pushed yet keeps its value (its own change
   comes later in the server's order, and every kiosk applies it).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.members import lock_delay
from kiosk.domain.staff import PAD_KEY, PAD_LOCK_BASE_S, PAD_MAX_FAILURES
from kiosk.site.outbox import ALERT_COLS, CONSENT_COLS, LOCAL_SETTINGS, MEMBER_COLS, STAFF_COLS

if TYPE_CHECKING:
    from kiosk.domain.site_keys import SiteKeyring

log = logging.getLogger("kiosk.site")


@dataclass(frozen=True)
class Change:
    seq: int
    kiosk_id: int
    base_seq: int
    tbl: str
    op: str
    body: dict


class Applier:
    """Applies changes inside an open transaction of ``conn`` (triggers already suppressed)."""

    def __init__(self, conn, kiosk_id: int, max_failures: int, lock_base_s: int, clock=time.time,
                 keyring: "SiteKeyring | None" = None, *, face_limit: int = 0, face_window_s: float = 3600) -> None:
        self.c = conn
        self.keyring = keyring  # opens the templates kept at the site
        self.me = kiosk_id
        self.max_failures = max_failures
        self.lock_base_s = lock_base_s
        self.clock = clock
        self.face_limit = face_limit  # a member's counted face failures before face checks pause (0: count only)
        self.face_unseen: dict[int, int] = {}  # a face_reset's seq -> failures its kiosk had not seen (face_unseen)
        self.face_window_s = face_window_s
        self.seq = 0  # the change being applied

    def pending(self, rowkey: str) -> bool:
        """This kiosk changed the row after the change being applied: not sent yet, or sent and
        later in the server's order. Its own change is the one that stands."""
        if self.c.execute("SELECT 1 FROM site_outbox WHERE rowkey = ? LIMIT 1", (rowkey,)).fetchone() is not None:
            return True
        return self.c.execute("SELECT 1 FROM site_pushed WHERE rowkey = ? AND seq > ?",
                              (rowkey, self.seq)).fetchone() is not None

    def apply(self, ch: Change) -> None:
        self.seq = ch.seq
        getattr(self, f"_{ch.tbl}_{ch.op}")(ch, ch.body)

    # members ---------------------------------------------------------------------------
    def _member_exists(self, member_no: str) -> bool:
        return self.c.execute("SELECT 1 FROM members WHERE member_no = ?", (member_no,)).fetchone() is not None

    def _members_upsert(self, ch: Change, b: dict) -> None:
        if self.pending("members:" + b["member_no"]):
            return
        if self._member_exists(b["member_no"]):
            self._members_update(ch, b)  # never touches active (rule 3)
            return
        cols = MEMBER_COLS + ["active"]
        self.c.execute(f"INSERT INTO members ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                       [b.get(k) for k in cols])

    def _members_update(self, ch: Change, b: dict) -> None:
        if self.pending("members:" + b["member_no"]) or not self._member_exists(b["member_no"]):
            return
        cols = [c for c in MEMBER_COLS if c not in ("member_no", "created")]
        self.c.execute(f"UPDATE members SET {', '.join(f'{k} = ?' for k in cols)} WHERE member_no = ?",
                       [b.get(k) for k in cols] + [b["member_no"]])

    def _members_active(self, ch: Change, b: dict) -> None:
        if not b["active"] or not self.pending("active:" + b["member_no"]):
            self.c.execute("UPDATE members SET active = ? WHERE member_no = ?", (int(b["active"]), b["member_no"]))

    def _members_pin_failed(self, ch: Change, b: dict) -> None:
        row = self.c.execute("SELECT pin_failures, pin_locked_until FROM members WHERE member_no = ?",
                             (b["member_no"],)).fetchone()
        if row is None:
            return
        failures = row[0] + int(b["delta"])
        delay = lock_delay(failures, self.max_failures, self.lock_base_s)
        until = max(row[1], self.clock() + delay) if delay else row[1]
        self.c.execute("UPDATE members SET pin_failures = ?, pin_locked_until = ? WHERE member_no = ?",
                       (failures, until, b["member_no"]))

    def _members_pin_reset(self, ch: Change, b: dict) -> None:
        self.c.execute("UPDATE members SET pin_failures = 0, pin_locked_until = 0 WHERE member_no = ?", (b["member_no"],))

    # consents (rule 1) -----------------------------------------------------------------
    def _local_id(self, tbl: str, gid: str) -> int | None:
        row = self.c.execute("SELECT local_id FROM site_rowmap WHERE tbl = ? AND gid = ?", (tbl, gid)).fetchone()
        return row[0] if row else None

    def _consents_insert(self, ch: Change, b: dict) -> None:
        if self._local_id("consents", b["gid"]) is not None or not self._member_exists(b["member_no"]):
            return
        withdrawn = b.get("withdrawn_at")
        if withdrawn is None:
            later = self.c.execute(  # a withdrawal of this member that this consent's kiosk had not seen
                "SELECT 1 FROM site_withdrawals WHERE member_no = ? AND (seq IS NULL OR seq > ?) LIMIT 1",
                (b["member_no"], ch.base_seq)).fetchone()
            if later:
                withdrawn = b["given_at"]
        values = {**{k: b.get(k) for k in CONSENT_COLS}, "withdrawn_at": withdrawn}
        local_id = self.c.execute(f"INSERT INTO consents ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                                  list(values.values())).lastrowid
        self.c.execute("INSERT INTO site_rowmap (tbl, local_id, gid, seq) VALUES ('consents', ?, ?, ?)",
                       (local_id, b["gid"], ch.seq))

    def _consents_withdraw(self, ch: Change, b: dict) -> None:
        member_no, at = b["member_no"], b["withdrawn_at"]
        self.c.execute("INSERT INTO site_withdrawals (member_no, seq) VALUES (?, ?)", (member_no, ch.seq))
        named = self._local_id("consents", b["gid"])
        concurrent = [r[0] for r in self.c.execute(  # consents the withdrawing kiosk had not seen
            "SELECT c.id FROM consents c JOIN site_rowmap m ON m.tbl = 'consents' AND m.local_id = c.id "
            "WHERE c.member_no = ? AND c.withdrawn_at IS NULL AND (m.seq IS NULL OR m.seq > ?) "
            "AND m.gid NOT LIKE ?",  # the withdrawing kiosk's own consents it had seen: a re-enrollment's stands
            (member_no, ch.base_seq, f"{ch.kiosk_id}:%"))]
        ids = sorted({*concurrent, *([named] if named is not None else [])})
        for consent_id in ids:
            self.c.execute("UPDATE consents SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL", (at, consent_id))
        self.c.execute("DELETE FROM face_templates WHERE member_no = ? AND consent_id IN "
                       "(SELECT id FROM consents WHERE withdrawn_at IS NOT NULL)", (member_no,))
        self.c.execute("DELETE FROM site_sealed WHERE member_no = ? AND consent IN (SELECT m.gid FROM site_rowmap m "
                       "JOIN consents c ON m.tbl = 'consents' AND m.local_id = c.id WHERE c.withdrawn_at IS NOT NULL)",
                       (member_no,))

    # templates kept at the site (rule 1 holds: a withdrawn consent's template is never opened)
    def _face_templates_put(self, ch: Change, b: dict) -> None:
        if "sealed" not in b or self.pending("templates:" + b["member_no"]):
            return  # gone before it was sent, or erased by a withdrawal; or this kiosk's own later one stands
        self.place(b)

    def place(self, b: dict) -> bool:
        """Open a sealed template into this kiosk's store under its consent; one whose key is not
        here yet waits sealed in ``site_sealed``. False when it was not placed."""
        from kiosk.domain.site_templates import open_sealed

        consent_id = self._local_id("consents", b["consent"])
        self.c.execute("DELETE FROM site_sealed WHERE member_no = ?", (b["member_no"],))
        if consent_id is None or self.c.execute("SELECT 1 FROM consents WHERE id = ? AND withdrawn_at IS NULL",
                                                (consent_id,)).fetchone() is None:
            return False  # its consent is withdrawn here (a withdrawal wins), or never arrived
        try:
            template = open_sealed(self.keyring, b) if self.keyring is not None else None
        except ValueError:  # altered on the way or on the server: never used, and the pull goes on
            log.warning("a site template of member %s did not open under its key: it was altered; not used",
                        b["member_no"])
            return False
        if template is None:
            log.warning("a site template of key %s waits: this kiosk does not hold that site key", b.get("key"))
            self.c.execute("INSERT OR REPLACE INTO site_sealed (member_no, consent, body) VALUES (?, ?, ?)",
                           (b["member_no"], b["consent"], json.dumps(b)))
            return False
        now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(self.clock()))
        self.c.execute("INSERT OR REPLACE INTO face_templates (member_no, template, model_id, created, last_used, "
                       "expires, consent_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (b["member_no"], template, b["model_id"], now, now, b["expires"], consent_id))
        self.c.execute("INSERT OR REPLACE INTO site_templates (member_no) VALUES (?)", (b["member_no"],))
        return True

    # the rest: server order ------------------------------------------------------------
    def _pass_revocations_insert(self, ch: Change, b: dict) -> None:
        self.c.execute("INSERT OR IGNORE INTO pass_revocations (kind, ref, revoked_at) VALUES (?, ?, ?)",
                       (b["kind"], b["ref"], b["revoked_at"]))

    def _staff_upsert(self, ch: Change, b: dict) -> None:
        if self.pending("staff:" + b["name"]):
            return
        self.c.execute(f"INSERT INTO staff ({', '.join(STAFF_COLS)}) VALUES ({', '.join('?' * len(STAFF_COLS))}) "
                       "ON CONFLICT(name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash, "
                       "active = excluded.active", [b.get(k) for k in STAFF_COLS])

    def _settings_upsert(self, ch: Change, b: dict) -> None:
        if b["key"] in LOCAL_SETTINGS or self.pending("settings:" + b["key"]):
            return
        self.c.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (b["key"], b["value"]))

    def _alerts_upsert(self, ch: Change, b: dict) -> None:
        if self.pending("alerts:" + b["gid"]):
            return
        local_id = self._local_id("alerts", b["gid"])
        values = [b.get(k) for k in ALERT_COLS]
        if local_id is None:
            local_id = self.c.execute(f"INSERT INTO alerts ({', '.join(ALERT_COLS)}) VALUES "
                                      f"({', '.join('?' * len(ALERT_COLS))})", values).lastrowid
            self.c.execute("INSERT INTO site_rowmap (tbl, local_id, gid, seq) VALUES ('alerts', ?, ?, ?)",
                           (local_id, b["gid"], ch.seq))
        else:
            self.c.execute(f"UPDATE alerts SET {', '.join(f'{k} = ?' for k in ALERT_COLS)} WHERE id = ?",
                           values + [local_id])

    def _meta_face_failed(self, ch: Change, b: dict) -> None:
        key = b["key"]
        if not key.startswith("face_throttle:"):
            return
        row = self.c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        failures, start, until = _throttle(row[0] if row else None)
        now = self.clock()
        if not start or (now - start >= self.face_window_s and until <= now):  # as a local failure would count
            failures, start = 0, now
        failures += int(b["delta"])
        delay = lock_delay(failures, self.face_limit, self.lock_base_s) if self.face_limit else 0.0
        until = max(until, now + delay) if delay else until
        self.c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, f"{failures}:{start}:{until}"))

    def _meta_face_reset(self, ch: Change, b: dict) -> None:
        """The member's face matched at another gate, or staff there ended the pause: the count
        starts again here too, from the failures that kiosk had not seen when it cleared it
        (``face_unseen``, read from the server before the local transaction) and this kiosk's own
        failures still in its outbox. So every kiosk ends with the same count, and a failure
        made at the same time elsewhere is never forgotten."""
        key = b["key"]
        if not key.startswith("face_throttle:"):
            return
        waiting = self.c.execute("SELECT coalesce(sum(json_extract(body, '$.delta')), 0) FROM site_outbox WHERE "
                                 "tbl = 'meta' AND op = 'face_failed' AND json_extract(body, '$.key') = ?",
                                 (key,)).fetchone()[0]
        failures = int(self.face_unseen.get(ch.seq, 0)) + int(waiting)
        now = self.clock()
        delay = lock_delay(failures, self.face_limit, self.lock_base_s) if self.face_limit and failures else 0.0
        self.c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                       (key, f"{failures}:{now if failures else 0}:{now + delay if delay else 0}"))

    def _meta_staff_pad_failed(self, ch: Change, b: dict) -> None:
        row = self.c.execute("SELECT value FROM meta WHERE key = ?", (PAD_KEY,)).fetchone()
        failures, _, until = (row[0] if row else "0:0").partition(":")
        total = int(failures) + int(b["delta"])
        delay = lock_delay(total, PAD_MAX_FAILURES, PAD_LOCK_BASE_S)
        locked = max(float(until or 0), self.clock() + delay) if delay else float(until or 0)
        self.c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (PAD_KEY, f"{total}:{locked}"))

    def _meta_staff_pad_reset(self, ch: Change, b: dict) -> None:
        self.c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '0:0')", (PAD_KEY,))


def face_unseen(conn, me: int, ch: Change) -> int:
    """The failures of the member a ``face_reset`` clears that its kiosk had not seen when it
    cleared them, as far as this kiosk (``me``) has them by now: the other kiosks' failures
    between the last change it had pulled and the reset, and this kiosk's own pushed later."""
    row = conn.execute(
        "SELECT coalesce(sum((body->>'delta')::int), 0) FROM changes WHERE tbl = 'meta' AND op = 'face_failed' "
        "AND body->>'key' = %s AND ((seq > %s AND seq < %s AND kiosk_id <> %s) OR (kiosk_id = %s AND seq > %s))",
        (ch.body.get("key"), ch.base_seq, ch.seq, ch.kiosk_id, me, ch.seq)).fetchone()
    return int(row[0]) if row else 0


def _throttle(text: str | None) -> tuple[int, float, float]:
    try:
        failures, start, until = (text or "0:0:0").split(":")
        return int(failures), float(start), float(until)
    except ValueError:
        return 0, 0.0, 0.0


def parse(row: tuple) -> Change:
    seq, kiosk_id, base_seq, tbl, op, body = row
    return Change(int(seq), int(kiosk_id), int(base_seq), tbl, op, body if isinstance(body, dict) else json.loads(body))
