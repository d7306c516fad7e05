"""How this kiosk reaches its site: ``site.json`` in the data folder (0600, written through
:func:`kiosk.files.write_private`): the URL without a password, the kiosk's own role and id,
its password, and the seat it holds (``seat``: a gate, or the office's staff console; a file
written before seats had kinds is a gate's). ``KIOSK_SITE_PASSWORD`` in the environment
replaces the file's password (the file then need not hold one). Neither ever appears in argv
or a log line.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from kiosk.errors import SiteError
from kiosk.files import write_private

FILE_NAME = "site.json"
PASSWORD_ENV = "KIOSK_SITE_PASSWORD"


class Seat(str, Enum):
    """What a member of a site is: a gate (camera, visitor screens) or an office console seat
    (staff only, no camera, no gate). The server's ``kiosks.seat`` is NULL for a gate."""

    GATE = "gate"
    OFFICE = "office"

    @classmethod
    def of(cls, value: object) -> "Seat":
        return cls.OFFICE if value == cls.OFFICE.value else cls.GATE


@dataclass(frozen=True)
class SiteLink:
    url: str
    role: str
    kiosk_id: int
    name: str
    password: str = ""
    seat: Seat = Seat.GATE

    @property
    def office(self) -> bool:
        return self.seat is Seat.OFFICE

    def secret(self) -> str:
        return os.environ.get(PASSWORD_ENV) or self.password

    def __repr__(self) -> str:  # never the password
        return (f"SiteLink(url={self.url!r}, role={self.role!r}, kiosk_id={self.kiosk_id}, name={self.name!r}, "
                f"seat={self.seat.value!r})")


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def load(data_dir: Path) -> SiteLink | None:
    """The site link of this data folder; None for a standalone kiosk."""
    path = path_in(data_dir)
    if not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SiteError(f"{path} can be read by other users (mode {mode:o}); it holds the kiosk's site password.",
                        remedy=f"Run 'chmod 600 {path}' and ask an administrator whether to issue a new join code.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SiteLink(str(data["url"]), str(data["role"]), int(data["kiosk_id"]), str(data["name"]),
                        str(data.get("password", "")), Seat(data.get("seat", "gate")))
    except (ValueError, KeyError, TypeError) as exc:
        raise SiteError(f"{path} is not a site link ({exc}).", remedy="Join the site again with a new code.") from None


def save(data_dir: Path, link: SiteLink) -> Path:
    return write_private(path_in(data_dir), json.dumps({**asdict(link), "seat": link.seat.value}, indent=1))


def strip_password(url: str) -> str:
    """The URL without a password (libpq takes it from the link or the environment)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = (parts.username or "") + "@" + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
