"""A site of kiosks on PostgreSQL: one membership, one set of lockouts, one audit trail.

Each kiosk goes on deciding on its own SQLCipher store; the operations never talk to the
server. This package replicates: an outbox filled by triggers (:mod:`kiosk.site.outbox`),
a change log on the server (:mod:`kiosk.site.server`), and an exchange that pushes, uploads
the audit trail and pulls (:mod:`kiosk.site.sync`) by written rules (:mod:`kiosk.site.apply`).

A standalone kiosk (no ``site.json`` in its data folder) never imports psycopg.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import SiteError
from kiosk.site import link as links
from kiosk.site import outbox, server
from kiosk.site.link import Seat, SiteLink
from kiosk.site.sync import SyncResult, kiosk_version, open_link, queued, sync_once

if TYPE_CHECKING:
    from kiosk.core import Kiosk

__all__ = ["Seat", "SiteLink", "SyncResult", "KioskState", "ChainState", "create_site", "issue_join_code", "join_site",
           "site_status", "sync", "verify_site_audit", "load_link"]


def load_link(data_dir: Path) -> SiteLink | None:
    return links.load(data_dir)


def _require_link(data_dir: Path) -> SiteLink:
    link = links.load(data_dir)
    if link is None:
        raise SiteError(f"The kiosk in {data_dir} is not part of a site.",
                        remedy="Join one with 'kiosk site join URL --name NAME' (a code from an administrator).")
    return link


def refuse_office_seat(data_dir: Path) -> None:
    """The visitor kiosk never starts on an office console seat's folder: it has no camera and no gate."""
    link = links.load(data_dir)
    if link is not None and link.office:
        raise SiteError(f"{data_dir} is the office console seat {link.name!r} of a site: it has no camera and no gate.",
                        remedy=f"Open it with 'kiosk console --data-dir {data_dir}'; a gate needs a folder of its own.")


def _install(kiosk: "Kiosk", link: SiteLink) -> None:
    data_dir = kiosk.paths.data_dir
    with kiosk.store.transaction() as c:
        if outbox.installed(c):
            raise SiteError(f"The kiosk in {data_dir} belongs to a site already.",
                            remedy="A kiosk joins one site once; use a new data folder for another site.")
        outbox.install(c, link.kiosk_id, snapshot=True)
        links.save(data_dir, link)  # inside the transaction: a failed write leaves no half-joined kiosk


def create_site(kiosk: "Kiosk", admin_url: str, name: str, site_name: str) -> SiteLink:
    """Create the site's schema and roles on the database ``admin_url`` names (as its owner,
    the password from PGPASSWORD or the URL), and make this kiosk its first member: its
    members, staff accounts (its administrators are the site's first ones), consents,
    revocations and shared settings become the site's. Its current site key becomes the
    site's template key: the server learns only its id; other kiosks import the key itself
    from this kiosk's 'kiosk site-key export'."""
    from kiosk.domain.site_keys import SiteKeyring

    key = SiteKeyring(kiosk.paths.data_dir).current(create=True)  # the site's template key: this kiosk's
    with server.connect(admin_url) as conn:
        server.create_schema(conn, site_name, key.name)
        code = server.issue_code(conn)
    return _join_with_code(kiosk, admin_url, code, name)


def issue_join_code(admin_url: str, hours: int = 24) -> str:
    """A one-time join code (as the database's owner), valid ``hours``."""
    with server.connect(admin_url) as conn:
        return server.issue_code(conn, hours=hours)


def join_site(kiosk: "Kiosk", url: str, code: str, name: str, *, office: bool = False) -> SiteLink:
    """Join the site at ``url`` as ``name`` with a one-time code; this kiosk's records join the
    site's. ``office``: as the office's staff console seat (no camera, no gate, no visitor screens)."""
    return _join_with_code(kiosk, url, code, name, office=office)


def _join_with_code(kiosk: "Kiosk", url: str, code: str, name: str, *, office: bool = False) -> SiteLink:
    data_dir = kiosk.paths.data_dir
    if links.load(data_dir) is not None:
        raise SiteError(f"The kiosk in {data_dir} belongs to a site already.",
                        remedy="A kiosk joins one site once; use a new data folder for another site.")
    role, secret = server.split_code(code)
    bare = links.strip_password(url)
    with server.connect(bare, user=role, password=secret) as conn:
        kiosk_id, password = server.register(conn, role, name, kiosk_version(), office=office)
    link = SiteLink(bare, role, kiosk_id, name, password, Seat.OFFICE if office else Seat.GATE)
    _install(kiosk, link)
    return link


def sync(kiosk: "Kiosk") -> SyncResult:
    """One exchange with the site (push, audit upload, pull)."""
    return sync_once(kiosk.store, _require_link(kiosk.paths.data_dir))


@dataclass(frozen=True)
class KioskState:
    kiosk_id: int
    name: str
    last_contact: str | None
    queued: int
    version: str | None
    last_seq: int
    audit_seq: int
    seat: Seat
    online: bool  # a gate: its screen's heartbeat and its exchanges; an office seat: its exchanges


def site_status(kiosk: "Kiosk") -> tuple[list[KioskState], int, int]:
    """Every kiosk of the site as the server knows it, the server's last change, and this
    kiosk's own queued changes (counted here: it may not have reached the server)."""
    import psycopg

    from kiosk.site.console import online

    link = _require_link(kiosk.paths.data_dir)
    head = ("SELECT kiosk_id, name, to_char(last_contact AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
            "queued, version, last_seq, audit_seq, ")
    with open_link(link) as conn:
        for seat, beat in (("seat", "heartbeat"), ("NULL", "heartbeat"), ("NULL", "NULL")):
            try:  # a site set up before seats had kinds (every one a gate), or before kiosks reported health
                rows = conn.execute(head + f"{seat}, last_contact, {beat}, now() FROM kiosks ORDER BY kiosk_id").fetchall()
                break
            except psycopg.errors.UndefinedColumn:
                continue
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]  # type: ignore[index]
    out = []
    for *first, seat, contact, beat, now in rows:
        kind = Seat.of(seat)
        out.append(KioskState(*first, kind, online(kind, contact, beat, now)))  # type: ignore[misc, call-arg]
    return out, int(top), queued(kiosk.store)


@dataclass(frozen=True)
class ChainState:
    kiosk_id: int
    name: str
    records: int
    ok: bool
    problem: str


def verify_site_audit(kiosk: "Kiosk") -> list[ChainState]:
    """Check every kiosk's chain as the server holds it: complete from record 1, each record's
    hash over its contents and its predecessor, the head each kiosk last reported; and this
    kiosk's own chain record for record against its store (where its HMAC seals are checked)."""
    from kiosk.store.chain import GENESIS, record_hash

    link = _require_link(kiosk.paths.data_dir)
    out = []
    with open_link(link) as conn:
        kiosks = conn.execute("SELECT kiosk_id, name, audit_seq, audit_hash FROM kiosks ORDER BY kiosk_id").fetchall()
        for kiosk_id, name, head_seq, head_hash in kiosks:
            rows = conn.execute("SELECT seq, ts, event, actor, subject, detail, prev_hash, hash FROM audit "
                                "WHERE kiosk_id = %s ORDER BY seq", (kiosk_id,)).fetchall()
            problem, prev = "", GENESIS
            for i, (seq, ts, event, actor, subject, detail, prev_hash, h) in enumerate(rows, start=1):
                if seq != i:
                    problem = f"record {i} is missing"
                elif prev_hash != prev or record_hash(prev_hash, seq, ts, event, actor, subject, detail) != h:
                    problem = f"record {seq} does not match its hash or its predecessor"
                if problem:
                    break
                prev = h
            if not problem and len(rows) < head_seq:
                problem = f"the kiosk reported {head_seq} records, the server holds {len(rows)}"
            if not problem and head_seq and rows[head_seq - 1][7] != head_hash:
                problem = f"record {head_seq} is not the one the kiosk reported"
            if not problem and kiosk_id == link.kiosk_id:
                local = {r[0]: r[1] for r in kiosk.store.query("SELECT seq, hash FROM audit")}
                differs = [r[0] for r in rows if local.get(r[0]) != r[7]]
                if differs:
                    problem = f"record {differs[0]} differs from this kiosk's own trail"
            out.append(ChainState(kiosk_id, name, len(rows), not problem, problem))
    return out
