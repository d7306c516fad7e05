"""The audit head counter: the trail's head (record number and hash), sealed with the audit key
and kept in two places outside the database, so that a database put back to an earlier state
(its tail cut off, or an older copy of the file) or rewritten and sealed again is caught.

- the audit key file (``kiosk.audit``) carries it as its ``head`` line;
- the data folder carries it in ``audit-head.txt``, beside the audit anchor file. (The anchor
  file is only ever appended to; the counter changes with every record, so it has a file of
  its own instead of a line per record.)

Each transaction that adds audit records writes the counter twice: before its ``COMMIT`` with
the new head as *pending* (the committed head stays), after it with the new head alone. A kill
between the two leaves a counter naming both heads, and the database matches one of them,
whichever side of the ``COMMIT`` the kill came; the next open completes the counter. So the
only slack is the one transaction in flight at a crash, and only while the counter names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import CorruptDatabaseError
from kiosk.store.keys import read_private_file, write_private_file

if TYPE_CHECKING:
    from kiosk.store.audit_keys import AuditKeys

FILE_NAME = "audit-head.txt"
_NONE = "-"
_LINE = re.compile(r"head (\d+) ([0-9a-f]{64}) (\d+|-) ([0-9a-f]{64}|-) ([1-9][0-9]{0,5}) ([0-9a-f]{64})")
_MAX = 1024

Head = tuple[int, str]  # (record number, its hash): (0, GENESIS) for an empty trail


@dataclass(frozen=True)
class Counter:
    """The head the database last committed and, while a transaction is in flight (or was cut
    short by a kill), the head it is about to commit."""

    committed: Head
    pending: Head | None
    key_id: int
    mac: str

    def heads(self) -> tuple[Head, ...]:
        return (self.committed,) if self.pending is None else (self.committed, self.pending)

    def line(self) -> str:
        p = self.pending or (_NONE, _NONE)
        return f"head {self.committed[0]} {self.committed[1]} {p[0]} {p[1]} {self.key_id} {self.mac}"


def _parts(committed: Head, pending: Head | None) -> tuple[object, ...]:
    p = pending or (_NONE, _NONE)
    return ("counter", committed[0], committed[1], p[0], p[1])


def seal(ring: "AuditKeys", committed: Head, pending: Head | None = None) -> Counter:
    mac = ring.mac(ring.current_id, *_parts(committed, pending))
    assert mac is not None
    return Counter(committed, pending, ring.current_id, mac)


def genuine(ring: "AuditKeys", counter: Counter) -> bool:
    return ring.matches(counter.mac, counter.key_id, *_parts(counter.committed, counter.pending))


def parse(line: str) -> Counter | None:
    """A counter line, or None when ``line`` is not one."""
    m = _LINE.fullmatch(line.strip())
    if m is None or (m[3] == _NONE) != (m[4] == _NONE):
        return None
    pending = None if m[3] == _NONE else (int(m[3]), m[4])
    return Counter((int(m[1]), m[2]), pending, int(m[5]), m[6])


def path_in(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def read_file(path: Path) -> Counter | None:
    """The data folder's counter; None when there is no file."""
    if not path.exists():
        return None
    counter = parse(read_private_file(path, "The audit head file", _MAX))
    if counter is None:
        raise CorruptDatabaseError(f"The audit head file {path} holds no audit head.",
                               remedy="Restore it from a copy of the data folder, or run 'kiosk audit verify'.")
    return counter


def write_file(path: Path, counter: Counter, *, sync_dir: bool = True) -> None:
    write_private_file(path, counter.line() + "\n", sync_dir=sync_dir)
