"""One exchange with the site (push, audit upload, pull) and the worker that repeats it.

Push: the outbox's rows go to ``changes`` in one server transaction, each under its
``(kiosk_id, kiosk_seq)``; only after the server's COMMIT are they deleted here. A push that
dies in between is sent again and the server adds nothing (the pair is unique): exactly once.

Pull: the changes after the last seen ``seq`` (other kiosks' only; this kiosk's own were
applied when they were made) are applied in one local transaction that also stores the new
last seen ``seq``: a pull that dies is repeated from the same place.

The store's lock is held only while reading the outbox and while applying, never during a
network round trip, so a visitor's check never waits on the server.
"""

from __future__ import annotations

import json
import logging
import os
import select
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from kiosk.domain import boot
from kiosk.domain.face_tries import FaceTries
from kiosk.domain.site_keys import SiteKeyring
from kiosk.errors import SiteError
from kiosk.site import outbox, server
from kiosk.site.apply import Applier, face_unseen, parse
from kiosk.site.link import SiteLink

if TYPE_CHECKING:
    import psycopg

    from kiosk.store.db import Store

log = logging.getLogger("kiosk.site")
BATCH = 500
_old_schema_told = threading.Event()  # said once per process
LAST_CONTACT = "last_contact"  # site_state: when this kiosk last completed an exchange (its own clock, epoch s)
LAST_CONTACT_BOOT = "last_contact_boot"  # ... and on the machine's running time (kiosk.domain.boot)


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    applied: int
    audit_uploaded: int
    queued: int
    last_seq: int


def kiosk_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiosk")
    except PackageNotFoundError:
        return "unknown"


def state(store: "Store", key: str, default: str = "") -> str:
    rows = store.query("SELECT value FROM site_state WHERE key = ?", (key,))
    return rows[0][0] if rows else default


def queued(store: "Store") -> int:
    return int(store.query("SELECT count(*) FROM site_outbox")[0][0])


def open_link(link: SiteLink) -> "psycopg.Connection":
    return server.connect(link.url, user=link.role, password=link.secret())


def _renumber_after_restore(store: "Store", conn: "psycopg.Connection", link: SiteLink) -> None:
    """A kiosk restored from a backup numbers its outbox from where the backup stood, below
    numbers the server already holds from it. The first waiting change is compared with the
    server's change of the same number: the same change (sent, the answer lost) stays as it
    is; another one moves the whole outbox above the server's numbers, so that nothing new is
    taken for a repeat and dropped."""
    first = store.query("SELECT id, tbl, op, body, made FROM site_outbox ORDER BY id LIMIT 1")
    if not first:
        return
    oid, tbl, op, body, made = first[0]
    there = conn.execute("SELECT tbl, op, body, made FROM changes WHERE kiosk_id = %s AND kiosk_seq = %s",
                         (link.kiosk_id, oid)).fetchone()
    local = json.loads(body)  # a sealed template's change carries more than its outbox row: compare what both hold
    if there is None or ((there[0], there[1], there[3]) == (tbl, op, made)
                         and all(there[2].get(k) == v for k, v in local.items())):
        return
    top = int(conn.execute("SELECT coalesce(max(kiosk_seq), 0) FROM changes WHERE kiosk_id = %s",
                           (link.kiosk_id,)).fetchone()[0])  # type: ignore[index]
    with store.transaction() as c:
        offset = top + int(c.execute("SELECT coalesce(max(id), 0) FROM site_outbox").fetchone()[0])
        c.execute("UPDATE site_outbox SET id = id + ?", (offset,))
        c.execute("UPDATE site_withdrawals SET outbox_id = outbox_id + ? WHERE seq IS NULL", (offset,))
        c.execute("UPDATE sqlite_sequence SET seq = (SELECT max(id) FROM site_outbox) WHERE name = 'site_outbox'")
    log.warning("site outbox renumbered above %d: this kiosk's store went back (restored from a backup)", top)


def _sealed(store: "Store", oid: int, body: str) -> str:
    """A template's change as it leaves the kiosk: sealed under the site's template key. A
    template gone meanwhile (withdrawn, or replaced by a later one waiting in the outbox) leaves
    as a bare notice; so does one this kiosk cannot seal (it lacks the site's key, which the
    enrollment refuses): never in clear, and the server keeps one sealed copy per template."""
    from kiosk.domain.site_templates import seal, template_key

    b = json.loads(body)
    if store.query("SELECT 1 FROM site_outbox WHERE rowkey = ? AND id > ? LIMIT 1", ("templates:" + b["member_no"], oid)):
        return json.dumps({**b, "gone": True})
    rows = store.query("SELECT t.template, t.model_id, t.expires, coalesce(m.gid, ? || ':' || t.consent_id) "
                       "FROM face_templates t LEFT JOIN site_rowmap m ON m.tbl = 'consents' "
                       "AND m.local_id = t.consent_id WHERE t.member_no = ?", (state(store, "kiosk_id"), b["member_no"]))
    if not rows or rows[0][3] != b["consent"]:
        return json.dumps({**b, "gone": True})
    key = template_key(store, store.paths.data_dir)
    if key is None:
        log.warning("a site template was not sent: this kiosk does not hold the site's template key")
        return json.dumps({**b, "unsealed": "no site key"})
    template, model_id, expires, _ = rows[0]
    return json.dumps(seal(key, b["member_no"], b["consent"], bytes(template), model_id, expires))


def push(store: "Store", conn: "psycopg.Connection", link: SiteLink) -> int:
    """Send the outbox, batch by batch; returns how many changes were sent."""
    total = 0
    _renumber_after_restore(store, conn, link)
    while True:
        rows = store.query("SELECT id, tbl, op, body, base_seq, made FROM site_outbox ORDER BY id LIMIT ?", (BATCH,))
        if not rows:
            return total
        params = [(link.kiosk_id, oid, base_seq, tbl, op, _sealed(store, oid, body) if tbl == "face_templates" else body,
                   made) for oid, tbl, op, body, base_seq, made in rows]  # sealed before the site's lock is taken
        seqs: dict[int, int] = {}
        # One flight (pipeline): the server runs lock, inserts and commit back to back, so the lock
        # that orders every kiosk's pushes is held for the server's work only, never across a
        # round trip to a kiosk that a busy machine may not schedule for a while.
        with conn.pipeline(), conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (server.PUSH_LOCK,))
            cur = conn.cursor()
            cur.executemany(
                "INSERT INTO changes (kiosk_id, kiosk_seq, base_seq, tbl, op, body, made) "
                "VALUES (%s, %s, %s, %s, %s, %s::jsonb, %s) ON CONFLICT (kiosk_id, kiosk_seq) DO NOTHING RETURNING seq",
                params, returning=True)
        for (_, oid, *_rest), _result in zip(params, cur.results()):
            got = cur.fetchone()
            if got is not None:
                seqs[oid] = int(got[0])
        missing = [p[1] for p in params if p[1] not in seqs]  # sent before, the answer was lost: the server kept the first
        if missing:
            with conn.transaction():
                seqs.update(conn.execute("SELECT kiosk_seq, seq FROM changes WHERE kiosk_id = %s AND kiosk_seq = ANY(%s)",
                                         (link.kiosk_id, missing)).fetchall())
        keys = dict(store.query("SELECT id, rowkey FROM site_outbox WHERE id BETWEEN ? AND ? AND rowkey IS NOT NULL",
                                (rows[0][0], rows[-1][0])))
        with store.transaction() as c:  # the server committed: now the outbox lets go of them
            for oid, rowkey in keys.items():
                c.execute("INSERT INTO site_pushed (rowkey, seq) VALUES (?, ?) ON CONFLICT(rowkey) DO UPDATE SET "
                          "seq = max(seq, excluded.seq)", (rowkey, seqs[oid]))
            for oid, tbl, op, body, _, _ in rows:
                if tbl == "consents" and op == "insert":
                    c.execute("UPDATE site_rowmap SET seq = ? WHERE tbl = 'consents' AND gid = ?",
                              (seqs[oid], json.loads(body)["gid"]))
                elif tbl == "consents" and op == "withdraw":
                    c.execute("UPDATE site_withdrawals SET seq = ? WHERE outbox_id = ?", (seqs[oid], oid))
            c.execute("DELETE FROM site_outbox WHERE id <= ?", (rows[-1][0],))
        total += len(rows)


def upload_audit(store: "Store", conn: "psycopg.Connection", link: SiteLink) -> int:
    """Append this kiosk's audit records the server does not have yet (its chain, whole)."""
    total = 0
    while True:
        sent = int(state(store, "audit_seq", "0"))
        rows = store.query("SELECT seq, ts, event, actor, subject, detail, prev_hash, hash, key_id, mac FROM audit "
                           "WHERE seq > ? ORDER BY seq LIMIT ?", (sent, BATCH))
        if not rows:
            return total
        with conn.transaction():
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO audit (kiosk_id, seq, ts, event, actor, subject, detail, prev_hash, hash, key_id, mac) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (kiosk_id, seq) DO NOTHING",
                    [(link.kiosk_id, *r) for r in rows])
        with store.transaction() as c:
            c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES ('audit_seq', ?)", (str(rows[-1][0]),))
            c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES ('audit_hash', ?)", (rows[-1][7],))
        total += len(rows)


def pull(store: "Store", conn: "psycopg.Connection", link: SiteLink, clock: Callable[[], float] = time.time
         ) -> tuple[int, int]:
    """Apply the other kiosks' changes; returns (changes read, changes applied)."""
    read = applied = 0
    settings = store.settings.load()
    while True:
        last = int(state(store, "last_seq", "0"))
        with conn.transaction():
            rows = conn.execute("SELECT seq, kiosk_id, base_seq, tbl, op, body FROM changes WHERE seq > %s "
                                "ORDER BY seq LIMIT %s", (last, BATCH)).fetchall()
        if not rows:
            return read, applied
        with conn.transaction():  # read now: the local transaction below never waits on the server
            unseen = {ch.seq: face_unseen(conn, link.kiosk_id, ch) for ch in map(parse, rows)
                      if ch.op == "face_reset" and ch.kiosk_id != link.kiosk_id}
        with store.transaction() as c:
            if int(state(store, "last_seq", "0")) != last:
                continue  # another process on this data folder pulled meanwhile
            c.execute("INSERT INTO site_applying (id) VALUES (1)")
            applier = Applier(c, link.kiosk_id, settings.pin_max_failures, settings.pin_lock_base_s, clock,
                              SiteKeyring(store.paths.data_dir),
                              face_limit=FaceTries(store, lambda: settings, clock).limit(),
                              face_window_s=FaceTries.WINDOW_S)
            applier.face_unseen = unseen
            for row in rows:
                change = parse(row)
                if change.kiosk_id != link.kiosk_id:
                    applier.apply(change)
                    applied += 1
            c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES ('last_seq', ?)", (str(rows[-1][0]),))
            c.execute("DELETE FROM site_pushed WHERE seq <= ?", (rows[-1][0],))  # nothing earlier can arrive now
            c.execute("DELETE FROM site_applying")
        read += len(rows)


def report_health(store: "Store", conn: "psycopg.Connection", link: SiteLink) -> None:
    """This kiosk's health for the staff console: its screen's last heartbeat, camera, face
    engine and screen in view (a kind, never who), and liveness refusals in the last 24 hours.
    A server whose schema predates these columns keeps the exchange going without them."""
    import psycopg

    from kiosk.domain.heartbeat import REFUSALS_WINDOW, last_beat

    beat = last_beat(store)
    since = (datetime.now(timezone.utc) - REFUSALS_WINDOW).isoformat(timespec="seconds")
    refusals = int(store.query("SELECT count(*) FROM audit WHERE event = 'liveness_refused' AND ts >= ?", (since,))[0][0])
    try:
        with conn.transaction():
            conn.execute("UPDATE kiosks SET heartbeat = %s, camera = %s, engine = %s, screen = %s, liveness_refusals = %s "
                         "WHERE kiosk_id = %s", (beat.at if beat else None, beat.camera if beat else None,
                                                 beat.engine if beat else None, beat.screen if beat else None,
                                                 refusals, link.kiosk_id))
    except psycopg.errors.UndefinedColumn:
        if not _old_schema_told.is_set():
            _old_schema_told.set()
            log.warning("the site's server has no columns for kiosk health: the staff console shows this kiosk "
                        "without them until the site's schema is brought up to date")


_ensured: "weakref.WeakSet[Store]" = weakref.WeakSet()


def _ensure_triggers(store: "Store") -> None:
    """Once per open store: the outbox triggers of this version exist (a kiosk that joined
    with an older version gains the new ones)."""
    if store not in _ensured:
        with store.transaction() as c:
            outbox.ensure_triggers(c)
        _ensured.add(store)


def site_templates(store: "Store", conn: "psycopg.Connection", link: SiteLink,
                   clock: Callable[[], float] = time.time) -> None:
    """The site's template key (its id, published by the server), the templates that waited
    for it, and the filing counter: this kiosk's own templates in kiosk storage reported to the
    site, the other kiosks' read back (the count of people with a template across the site)."""
    key_id, others = conn.execute(
        "SELECT (SELECT template_key FROM site), (SELECT coalesce(sum(templates), 0) FROM kiosks "
        "WHERE kiosk_id <> %s)", (link.kiosk_id,)).fetchone()  # type: ignore[misc]
    own = int(store.query("SELECT count(*) FROM face_templates WHERE member_no NOT IN "
                          "(SELECT member_no FROM site_templates)")[0][0])
    conn.execute("UPDATE kiosks SET templates = %s WHERE kiosk_id = %s AND templates IS DISTINCT FROM %s",
                 (own, link.kiosk_id, own))
    fresh = {"template_key": key_id, "other_kiosk_templates": str(others)}
    fresh = {k: v for k, v in fresh.items() if v and state(store, k) != v}
    keyring = SiteKeyring(store.paths.data_dir)
    waiting = [b for (b,) in store.query("SELECT body FROM site_sealed")  # only those whose key is here now
               if keyring.get(bytes.fromhex(json.loads(b)["key"])) is not None]
    if not (fresh or waiting):
        return  # nothing new: the store is not written
    with store.transaction() as c:
        for k, v in fresh.items():
            c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES (?, ?)", (k, v))
        if waiting:
            c.execute("INSERT INTO site_applying (id) VALUES (1)")
            applier = Applier(c, link.kiosk_id, 0, 0, clock, keyring)
            for body in waiting:
                applier.place(json.loads(body))
            c.execute("DELETE FROM site_applying")


def sync_once(store: "Store", link: SiteLink, conn: "psycopg.Connection | None" = None,
              clock: Callable[[], float] = time.time, *, report: bool = True) -> SyncResult:
    """Push, upload the audit trail, pull, and (``report``, or when anything moved) report this
    kiosk's state to the site and note the contact in its store."""
    own = conn is None
    conn = conn or open_link(link)
    try:
        _ensure_triggers(store)
        pushed = push(store, conn, link)
        uploaded = upload_audit(store, conn, link)
        read, applied = pull(store, conn, link, clock)
        site_templates(store, conn, link, clock)
        waiting, last = queued(store), int(state(store, "last_seq", "0"))
        if not (report or pushed or uploaded or read):
            return SyncResult(pushed, read, applied, uploaded, waiting, last)
        with conn.transaction():
            conn.execute("UPDATE kiosks SET last_contact = now(), queued = %s, version = %s, last_seq = %s, "
                         "audit_seq = %s, audit_hash = %s WHERE kiosk_id = %s",
                         (waiting, kiosk_version(), last, int(state(store, "audit_seq", "0")),
                          state(store, "audit_hash") or None, link.kiosk_id))
        if not link.office:  # an office console seat has no screen, camera or face engine to report
            report_health(store, conn, link)
        with store.transaction() as c:
            c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES (?, ?)", (LAST_CONTACT, repr(clock())))
            c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES (?, ?)", (LAST_CONTACT_BOOT, boot.stamp()))
        return SyncResult(pushed, read, applied, uploaded, waiting, last)
    except SiteError:
        raise
    except Exception as exc:
        import psycopg

        if isinstance(exc, psycopg.Error):
            raise SiteError(f"The exchange with the site stopped: {server.one_line(exc)}.",
                            remedy="Nothing was lost: the changes wait in this kiosk's outbox and go with the next "
                                   "exchange.") from None
        raise
    finally:
        if own:
            conn.close()


def seconds_since_contact(store: "Store", clock: Callable[[], float] = time.time) -> float | None:
    """Seconds since this kiosk last completed an exchange with its site, as noted in its store
    (None: never), on the machine's running time when the contact was noted since its last start."""
    since = boot.seconds_since(state(store, LAST_CONTACT_BOOT) or None)
    if since is not None:
        return since
    text = state(store, LAST_CONTACT)
    return max(0.0, clock() - float(text)) if text else None


class SyncWorker:
    """Exchanges with the site in its own thread: at once when the site announces a change
    (LISTEN) and when this kiosk commits one (its store's commit listeners), and at least every
    ``interval`` seconds (for changes another process made in the same data folder). A failed
    exchange is logged in one line and tried again; the kiosk never waits on it."""

    REPORT_S = 30.0  # how often an idle kiosk reports its contact to the site and notes it in its store

    RETRY_S = 2.0  # after a failed exchange (the link is down, the server refused)

    def __init__(self, store: "Store", link: SiteLink, interval: float = 2.0, clock: Callable[[], float] = time.time,
                 on_exchange: Callable[[SyncResult], None] | None = None) -> None:
        self.store, self.link, self.interval, self.clock = store, link, interval, clock
        self.on_exchange = on_exchange  # called in the worker's thread after each completed exchange (the bench)
        self.last_contact: float | None = None  # this process's last completed exchange (clock seconds)
        self._reported = 0.0
        self._stop = threading.Event()
        self._wake = threading.Event()  # this kiosk committed something: exchange now
        self._wake_r, self._wake_w = os.pipe()  # ... and the byte that ends the wait for the site's notifications
        for fd in (self._wake_r, self._wake_w):
            os.set_blocking(fd, False)  # a full pipe never stalls a commit; an empty one never stalls the exchange
        self._pipe_lock = threading.Lock()
        self._pipe_open = True
        self._thread = threading.Thread(target=self._run, name="site-sync", daemon=True)
        self.last_error: str | None = None
        self.exchanges = 0

    def start(self) -> "SyncWorker":
        self.store.commit_listeners.append(self._committed)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._committed in self.store.commit_listeners:
            self.store.commit_listeners.remove(self._committed)
        self._stop.set()
        self._wake.set()
        self._poke()
        self._thread.join(timeout)
        if not self._thread.is_alive():
            with self._pipe_lock:
                if self._pipe_open:
                    self._pipe_open = False
                    os.close(self._wake_r)
                    os.close(self._wake_w)

    def _committed(self) -> None:
        if threading.current_thread() is not self._thread and not self._wake.is_set():  # the exchange's own writes wake nothing
            self._wake.set()
            self._poke()

    def _poke(self) -> None:
        with self._pipe_lock:
            if self._pipe_open:
                try:
                    os.write(self._wake_w, b"!")
                except BlockingIOError:  # bytes are waiting already: the exchange wakes all the same
                    pass

    def _drain(self) -> None:
        try:
            while os.read(self._wake_r, 4096):
                pass
        except BlockingIOError:
            pass

    def _wait(self, listener: "psycopg.Connection") -> None:
        """Until the site announces a change, this kiosk commits one, or ``interval`` passes:
        one ``select`` on the LISTEN connection's socket and the wake pipe, no polling."""
        if self._wake.is_set():
            return
        ready, _, _ = select.select([listener.fileno(), self._wake_r], [], [], self.interval)
        if listener.fileno() in ready:
            for _ in listener.notifies(timeout=0.0):  # read what arrived; the exchange reads the changes
                pass

    def _run(self) -> None:
        listener = conn = None
        while not self._stop.is_set():
            try:
                if conn is None:
                    conn = open_link(self.link)
                    listener = server.connect(self.link.url, user=self.link.role, password=self.link.secret(),
                                              autocommit=True)
                    listener.execute(f"LISTEN {server.CHANNEL}")
                now = self.clock()
                report = now - self._reported >= self.REPORT_S
                self._wake.clear()  # a commit from now on calls for another exchange
                self._drain()
                result = sync_once(self.store, self.link, conn, self.clock, report=report)
                if self.on_exchange is not None:
                    self.on_exchange(result)
                if report:
                    self._reported = now
                self.last_contact = now
                self.exchanges += 1
                self.last_error = None
                assert listener is not None
                self._wait(listener)
            except Exception as exc:  # noqa: BLE001  # the link is down or the server refused: try again later
                message = server.one_line(exc)
                if message != self.last_error:
                    log.warning("site exchange failed: %s", message)
                self.last_error = message
                for c in (conn, listener):
                    if c is not None:
                        try:
                            c.close()
                        except Exception:  # noqa: BLE001  # a broken link's close may fail too
                            pass
                conn = listener = None
                self._stop.wait(self.RETRY_S)
        for c in (conn, listener):
            if c is not None:
                c.close()
