"""What the staff console shows of a site, read on a kiosk of that site.

* every kiosk as the server knows it: online or offline, last contact, queued changes, and
  the health it reports at each exchange (camera, face engine, liveness refusals in 24 h); an
  office console seat has no camera, face engine or visitor screen: it is online from its
  exchanges alone and never counts as a gate;
* which kiosk each open help request came from (an alert's site-wide id is ``KIOSK:ID``);
* how many people have face data set up at each kiosk and on the whole site: the open face
  consents given there (templates never leave their kiosk; consents and withdrawals reach
  every kiosk of the site, so this kiosk's store holds them all).

When the server does not answer, the kiosks are shown as last seen (kept in this kiosk's
store) with the time of this kiosk's last completed exchange: the console goes on with its
own data. Counts only: never who has face data, never a template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Callable

from kiosk.domain import heartbeat
from kiosk.domain.alerts import AlertKind
from kiosk.errors import SiteError
from kiosk.site import server
from kiosk.site.link import Seat, SiteLink
from kiosk.site.sync import LAST_CONTACT, queued, state

if TYPE_CHECKING:
    import psycopg

    from kiosk.core import Kiosk

#: a kiosk is online when its screen ran and it reached the site within this many seconds (an
#: idle kiosk reports every 30 s: three reports missed make it offline)
OFFLINE_AFTER_S = 90
CACHE_KEY = "console_kiosks"  # site_state: the kiosks as last read from the server
CONNECT_TIMEOUT_S = 2


def online(seat: Seat, last_contact: datetime | None, beat: datetime | None, now: datetime) -> bool:
    """A gate is online when its screen ran and it reached the site within ``OFFLINE_AFTER_S``;
    an office console seat (no visitor screen, no heartbeat) when it reached the site."""
    limit = timedelta(seconds=OFFLINE_AFTER_S)
    needed = (last_contact,) if seat is Seat.OFFICE else (last_contact, beat)
    return all(t is not None and now - t <= limit for t in needed)


class Reach(str, Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"  # the site does not answer: as last seen


@dataclass(frozen=True)
class SiteKiosk:
    kiosk_id: int
    name: str
    reach: Reach
    last_contact: datetime | None  # aware
    queued: int
    camera: str  # idle | worked | failed | unknown (never reported)
    engine: str  # unknown | loading | ready | restarting | failed
    liveness_refusals: int | None  # in the last 24 hours; None: never reported
    help_open: int
    faces_set_up: int  # people with an open face consent given at this kiosk
    this_kiosk: bool
    seat: Seat = Seat.GATE

    @property
    def office(self) -> bool:
        return self.seat is Seat.OFFICE


@dataclass(frozen=True)
class SiteView:
    kiosks: tuple[SiteKiosk, ...]
    reachable: bool
    last_contact: datetime | None  # this kiosk's last completed exchange with the site
    help_from: dict[int, str]  # open help request (local alert id) -> the kiosk's name
    faces_total: int  # people with an open face consent anywhere on the site

    @property
    def help_open(self) -> int:
        return sum(k.help_open for k in self.kiosks)

    @property
    def gates(self) -> tuple[SiteKiosk, ...]:
        return tuple(k for k in self.kiosks if not k.office)


def _kiosk_of(gid: str) -> int | None:
    head = gid.split(":", 1)[0]
    return int(head) if head.isdigit() else None


class SiteReader:
    """Reads the site for the console over one connection, opened again after a failure. Used
    from one thread at a time; close it once."""

    def __init__(self, link: SiteLink) -> None:
        self.link = link
        self._conn: "psycopg.Connection | None" = None

    def read(self, kiosk: "Kiosk", now: datetime | None = None) -> "SiteView":
        return read_site(kiosk, self.link, now, self._rows)

    def _rows(self) -> tuple[list[dict], datetime]:
        import psycopg

        if self._conn is None:
            self._conn = server.connect(self.link.url, user=self.link.role, password=self.link.secret(),
                                        timeout=CONNECT_TIMEOUT_S)
        try:
            return _server_rows(self._conn)
        except psycopg.Error as exc:
            self.close()
            raise SiteError(f"The site's server stopped answering: {server.one_line(exc)}.",
                            remedy="The console shows the kiosks as last seen; it tries again by itself.") from None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001  # a broken link's close may fail too
                pass


def _server_rows(conn: "psycopg.Connection") -> tuple[list[dict], datetime]:
    import psycopg

    for health, seat in (("heartbeat, camera, engine, liveness_refusals", "seat"),
                         ("heartbeat, camera, engine, liveness_refusals", "NULL"), ("NULL, NULL, NULL, NULL", "NULL")):
        try:  # a site set up before seats had kinds (every one a gate), or before kiosks reported their health
            rows = conn.execute(f"SELECT kiosk_id, name, last_contact, queued, {health}, now(), {seat} "
                                "FROM kiosks ORDER BY kiosk_id").fetchall()
            break
        except psycopg.errors.UndefinedColumn:
            continue
    now = rows[0][8] if rows else datetime.now(timezone.utc)
    iso = lambda t: t.isoformat() if t is not None else None  # noqa: E731
    return [{"kiosk_id": r[0], "name": r[1], "last_contact": iso(r[2]), "queued": r[3], "heartbeat": iso(r[4]),
             "camera": r[5], "engine": r[6], "refusals": r[7], "seat": r[9]} for r in rows], now


def _parse(t: str | None) -> datetime | None:
    return datetime.fromisoformat(t) if t else None


def _rows_once(link: SiteLink) -> tuple[list[dict], datetime]:
    reader = SiteReader(link)
    try:
        return reader._rows()
    finally:
        reader.close()


def read_site(kiosk: "Kiosk", link: SiteLink, now: datetime | None = None,
              server_rows: "Callable[[], tuple[list[dict], datetime]] | None" = None) -> SiteView:
    """The site as the console shows it (see the module's text); never raises for an
    unreachable server. ``server_rows`` reads the kiosks table (a :class:`SiteReader`'s open
    connection; by default a connection of its own)."""
    store = kiosk.store
    try:
        rows, server_now = (server_rows or (lambda: _rows_once(link)))()
        reachable = True
        text = json.dumps(rows, sort_keys=True)
        if state(store, CACHE_KEY) != text:
            with store.transaction() as c:
                c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES (?, ?)", (CACHE_KEY, text))
    except SiteError:
        reachable, server_now = False, None
        rows = json.loads(state(store, CACHE_KEY) or "[]")
    if not any(r["kiosk_id"] == link.kiosk_id for r in rows):  # never read from the server yet
        rows.append({"kiosk_id": link.kiosk_id, "name": link.name, "last_contact": None, "queued": 0,
                     "heartbeat": None, "camera": None, "engine": None, "refusals": None,
                     "seat": Seat.OFFICE.value if link.office else None})
    now = now or datetime.now(timezone.utc)
    with store.transaction():
        help_rows = store.query("SELECT a.id, r.gid FROM alerts a LEFT JOIN site_rowmap r ON r.tbl = 'alerts' AND "
                                "r.local_id = a.id WHERE a.kind = ? AND a.acknowledged_at IS NULL",
                                (AlertKind.HELP_REQUESTED.value,))
        consents = store.query("SELECT r.gid, c.member_no FROM consents c JOIN site_rowmap r ON r.tbl = 'consents' "
                               "AND r.local_id = c.id WHERE c.withdrawn_at IS NULL")
        own_queued = queued(store)
        contact = state(store, LAST_CONTACT)
        own_beat = heartbeat.last_beat(store)
    last_contact = datetime.fromtimestamp(float(contact), timezone.utc) if contact else None
    faces: dict[int, set[str]] = {}
    for gid, member_no in consents:
        faces.setdefault(_kiosk_of(gid) or 0, set()).add(member_no)
    helps: dict[int, int] = {}
    origin: dict[int, int] = {}
    for alert_id, gid in help_rows:
        k = (_kiosk_of(gid) or 0) if gid else link.kiosk_id  # no site id: raised here before the kiosk joined
        helps[k] = helps.get(k, 0) + 1
        origin[alert_id] = k
    kiosks = []
    for r in rows:
        mine = r["kiosk_id"] == link.kiosk_id
        seat = link.seat if mine else Seat.of(r.get("seat"))  # a cache written before seats had kinds: gates
        contact_at, beat_at = _parse(r["last_contact"]), _parse(r["heartbeat"])
        camera, engine = r["camera"] or "unknown", r["engine"] or "unknown"
        if reachable and server_now is not None:
            reach = Reach.ONLINE if online(seat, contact_at, beat_at, server_now) else Reach.OFFLINE
        elif mine and seat is Seat.OFFICE:  # the site is away from this console seat: it is offline itself
            reach, contact_at = Reach.OFFLINE, last_contact
        elif mine:  # the site is away, this kiosk is not: its own heartbeat says whether its screen runs
            fresh_beat = own_beat is not None and abs((now - own_beat.at).total_seconds()) <= heartbeat.OFFLINE_AFTER_S
            reach = Reach.ONLINE if fresh_beat else Reach.OFFLINE
            contact_at = last_contact
            if own_beat is not None:
                camera, engine = own_beat.camera, own_beat.engine
        else:
            reach = Reach.UNKNOWN
        kiosks.append(SiteKiosk(r["kiosk_id"], r["name"], reach, contact_at, own_queued if mine else int(r["queued"]),
                                camera, engine, r["refusals"], helps.get(r["kiosk_id"], 0),
                                len(faces.get(r["kiosk_id"], ())), mine, seat))
    names = {k.kiosk_id: k.name for k in kiosks}
    return SiteView(tuple(kiosks), reachable, last_contact,
                    {a: names.get(k, "") for a, k in origin.items()},
                    len(set().union(*faces.values())) if faces else 0)
