"""The audit key ring: the HMAC keys that seal the audit trail.

They are not the database key and are never stored in the database: someone who holds the
database key alone can no longer rewrite a record and recompute the chain. The ring lives
beside the key file (``kiosk.key`` -> ``kiosk.audit``), under the same rules (a regular
file, private to the kiosk user, written atomically). One line per key, ``<id> <64 hex>``;
rotation adds a line, so records sealed under an older key still verify. The file also carries
the audit head counter (one ``head`` line, :mod:`kiosk.store.audit_counter`), rewritten with
every transaction that adds records; the keys are read again from the file before each write,
so a key added by another process is never lost.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from kiosk.errors import KeyMissingError, WrongKeyError
from kiosk.store import audit_counter, keys
from kiosk.store.audit_counter import Counter

SUFFIX = ".audit"
_LINE = re.compile(r"^([1-9][0-9]{0,5}) ([0-9a-f]{64})$")
_RING_MAX = 64 * 1024  # some hundreds of rotations


def ring_path(key_file: Path) -> Path:
    """Where the audit keys of the database keyed by ``key_file`` (or by KIOSK_DB_KEY) live."""
    ring = key_file.with_name(key_file.stem + SUFFIX)
    return ring if ring != key_file else key_file.with_name(key_file.name + SUFFIX)


@dataclass(frozen=True)
class AuditKeys:
    """The ring: key id -> key. The highest id seals new records."""

    keys: Mapping[int, bytes] = field(repr=False)
    path: Path
    counter: Counter | None = None  # the head counter the file carried when it was read

    @property
    def current_id(self) -> int:
        return max(self.keys)

    def mac(self, key_id: int | None, *parts: object) -> str | None:
        """HMAC-SHA256 of ``parts`` under key ``key_id``; None when this ring lacks that key."""
        key = self.keys.get(key_id) if key_id is not None else None
        if key is None:
            return None
        message = "\x1f".join(str(p) for p in (key_id, *parts)).encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def matches(self, mac: str | None, key_id: int | None, *parts: object) -> bool:
        expected = self.mac(key_id, *parts)
        return expected is not None and mac is not None and hmac.compare_digest(expected, mac)


def _parse(text: str, path: Path) -> AuditKeys:
    ring: dict[int, bytes] = {}
    counter = None
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("head ") and counter is None:
            counter = audit_counter.parse(line)
            if counter is not None:
                continue
        m = _LINE.match(line.strip())
        if not m or int(m.group(1)) in ring:
            raise WrongKeyError(f"Line {n} of the audit key file {path} is not an audit key.",
                                remedy="Restore the audit key file from the backup of the key file.")
        ring[int(m.group(1))] = bytes.fromhex(m.group(2))
    if not ring:
        raise WrongKeyError(f"The audit key file {path} holds no key.",
                            remedy="Restore the audit key file from the backup of the key file.")
    return AuditKeys(MappingProxyType(ring), path, counter)


def load(path: Path) -> AuditKeys:
    """Read the ring (a regular, private file of bounded size; made private when it was not)."""
    if not path.exists():
        raise KeyMissingError(f"The audit key file {path} is missing.",
                              remedy="Restore it from the backup of the key file; the database was not changed.")
    return _parse(keys.read_private_file(path, "The audit key file", _RING_MAX), path)


def _write(path: Path, ring: Mapping[int, bytes], counter: Counter | None = None, *, sync_dir: bool = True) -> AuditKeys:
    lines = [f"{i} {k.hex()}" for i, k in sorted(ring.items())]
    if counter is not None:
        lines.append(counter.line())
    keys.write_private_file(path, "\n".join(lines) + "\n", sync_dir=sync_dir)
    return AuditKeys(MappingProxyType(dict(ring)), path, counter)


def create(path: Path) -> AuditKeys:
    """A new ring with one random key (only where there is none: never replaces a ring)."""
    if path.exists():
        return load(path)
    return _write(path, {1: secrets.token_bytes(32)})


def rotate(ring: AuditKeys) -> AuditKeys:
    """Add a fresh key; it seals every record from now on. The older keys stay for verification."""
    current = load(ring.path)  # the file as it is now, never an older copy in memory
    return _write(ring.path, {**current.keys, current.current_id + 1: secrets.token_bytes(32)}, current.counter)


def write_counter(path: Path, counter: Counter, *, sync_dir: bool = True) -> AuditKeys:
    """Carry ``counter`` as the file's head line; the keys are those in the file now."""
    current = load(path)
    return _write(path, current.keys, counter, sync_dir=sync_dir)
