"""The running kiosk's heartbeat: every few seconds it writes when it last ran, its camera's
and face engine's state and the screen in view (a kind, never who) into the store's ``meta``
table. A staff console on the same data folder (or, later, a site store fed from it) reads
it to show the kiosk online or offline.

Typical use::

    beat(store, Beat(at, camera="worked", engine="ready", screen="pin"))
    status = kiosk_status(store, now)  # online, last contact, camera, engine, refusals, help open
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from kiosk.domain.alerts import AlertKind

KEY = "heartbeat"
EVERY_S = 2  #: how often the running kiosk writes its heartbeat (and reads whether help is awaited)
OFFLINE_AFTER_S = 10  #: no heartbeat for this long: the kiosk counts as offline
REFUSALS_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Beat:
    at: datetime  # aware
    camera: str  # idle | worked | failed
    engine: str  # unknown | loading | ready | restarting | failed
    screen: str  # the visitor screen in view (a state's name)

    def text(self) -> str:
        return json.dumps({"at": self.at.astimezone(timezone.utc).isoformat(timespec="seconds"),
                           "camera": self.camera[:20], "engine": self.engine[:20], "screen": self.screen[:30]},
                          separators=(",", ":"))

    @classmethod
    def parse(cls, text: str) -> "Beat | None":
        try:
            d = json.loads(text)
            at = datetime.fromisoformat(d["at"])
            return cls(at if at.tzinfo else at.replace(tzinfo=timezone.utc), str(d["camera"]), str(d["engine"]),
                       str(d["screen"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class KioskStatus:
    """One kiosk as the console shows it (no names, no PINs, nothing biometric)."""

    name: str  # the site name, or the data folder's name
    online: bool
    last_contact: datetime | None  # aware, UTC; None: never ran since the heartbeat existed
    camera: str
    engine: str
    screen: str
    liveness_refusals: int  # in the last 24 hours
    help_open: int  # open help requests


def beat(store, b: Beat) -> None:
    store.meta.set(KEY, b.text())


def last_beat(store) -> Beat | None:
    text = store.meta.get(KEY)
    return Beat.parse(text) if text else None


def help_open(store) -> int:
    return store.query("SELECT count(*) FROM alerts WHERE kind = ? AND acknowledged_at IS NULL",
                       (AlertKind.HELP_REQUESTED.value,))[0][0]


def kiosk_status(store, name: str, now: datetime) -> KioskStatus:
    b = last_beat(store)
    since = (now - REFUSALS_WINDOW).astimezone(timezone.utc).isoformat(timespec="seconds")
    refusals = store.query("SELECT count(*) FROM audit WHERE event = 'liveness_refused' AND ts >= ?", (since,))[0][0]
    online = b is not None and abs((now - b.at).total_seconds()) <= OFFLINE_AFTER_S
    return KioskStatus(name, online, b.at if b else None, b.camera if b else "unknown",
                       b.engine if b else "unknown", b.screen if b else "", refusals, help_open(store))
