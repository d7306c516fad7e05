"""What staff away from the kiosk see of it (the ``kiosk console``), and what the running
kiosk writes for them: its heartbeat, and whether a help request is still open."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from kiosk.domain import heartbeat
from kiosk.domain.heartbeat import Beat, KioskStatus
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.core import Kiosk


def record_heartbeat(kiosk: "Kiosk", actor: Actor, *, camera: str, engine: str, screen: str,
                     now: datetime | None = None) -> None:
    """The running kiosk says it is alive (not audited: it is a status, not a change)."""
    authorise(actor, Action.HEARTBEAT)
    heartbeat.beat(kiosk.store, Beat(now or datetime.now(timezone.utc), camera, engine, screen))


def help_waiting(kiosk: "Kiosk", actor: Actor) -> int:
    """How many help requests no one has acknowledged yet (a count: never who)."""
    authorise(actor, Action.VIEW_DASHBOARD)
    return heartbeat.help_open(kiosk.store)


def kiosk_overview(kiosk: "Kiosk", actor: Actor, now: datetime | None = None) -> list[KioskStatus]:
    """Every kiosk the console watches: for now the one whose data folder it opened."""
    authorise(actor, Action.VIEW_DASHBOARD)
    name = kiosk.settings.site_name or kiosk.paths.data_dir.name
    with kiosk.store.transaction():
        return [heartbeat.kiosk_status(kiosk.store, name, now or datetime.now(timezone.utc))]


def faces_set_up(kiosk: "Kiosk", actor: Actor, member_nos: tuple[str, ...]) -> frozenset[str]:
    """Which of these members have face data on this kiosk now (the demo banner's "face set
    up" follows a deletion). Member numbers only: no template, no date."""
    authorise(actor, Action.VIEW_DASHBOARD)
    with kiosk.store.transaction():
        return frozenset(m for m in member_nos if kiosk.faces.has_face(m))
