"""Database key: a random 256-bit key, from the environment, a key file, or created once."""

from __future__ import annotations

import logging
import os
import re
import secrets
import stat
from pathlib import Path

from kiosk.errors import KeyMissingError, WrongKeyError
from kiosk.files import fsync_dir, write_private  # noqa: F401 (fsync_dir: callers that name it here)

ENV_VAR = "KIOSK_DB_KEY"
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_KEY_FILE_MAX = 256  # a key file holds 64 hex digits and a newline; read no more than this
log = logging.getLogger(__name__)


def tighten(path: Path, what: str) -> None:
    """A key or database file readable by group or others is made private (0600), and said so."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if mode & 0o077:
        os.chmod(path, mode & 0o700)
        log.warning("%s %s was readable by other users (mode %o); it is now %o.", what, path, mode, mode & 0o700)


def read_private_file(path: Path, what: str, limit: int) -> str:
    """The text of ``path``: a regular file of at most ``limit`` bytes, made private first.
    ``what`` names it in errors ("The key file", "The audit key file")."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise WrongKeyError(f"{what} {path} is not a regular file.",
                                remedy="Point --key-file at the kiosk's key file (64 hex characters).")
        tighten(path, what)
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise WrongKeyError(f"Cannot read {what.lower()} {path}: {exc.strerror}.",
                            remedy="Check the path and its permissions.") from None
    if len(data) > limit:
        raise WrongKeyError(f"{what} {path} is far too long.",
                            remedy="Point --key-file at the kiosk's key file (64 hex characters).")
    return data.decode("ascii", errors="replace")


def read_key_file(path: Path) -> str:
    """The key in ``path``: a regular file, at most a few hundred bytes, made private."""
    return parse_key(read_private_file(path, "The key file", _KEY_FILE_MAX), str(path))


def parse_key(text: str, source: str) -> str:
    key = text.strip()
    if not _HEX64.match(key):
        raise WrongKeyError(
            f"The database key from {source} is not 64 hexadecimal characters.",
            remedy=f"Supply the 256-bit key as 64 hex characters (in {ENV_VAR} or the key file).",
        )
    return key.lower()


def write_private_file(path: Path, text: str, *, sync_dir: bool = True) -> None:
    """Write ``text`` to ``path`` with mode 0600 from the first byte, atomically and durably,
    never through a link or a planted temporary file (:func:`kiosk.files.write_private`);
    without ``sync_dir`` the caller makes the rename durable with :func:`fsync_dir`."""
    write_private(path, text, sync_dir=sync_dir)


def write_key_file(path: Path, key: str) -> None:
    """Write ``key`` to ``path`` with mode 0600, atomically (never a half-written key)."""
    write_private_file(path, key + "\n")


def resolve_key(key_file: Path, *, explicit_key_file: bool, db_exists: bool, create: bool) -> tuple[str, str]:
    """Return ``(hex_key, source)``.

    Order: ``KIOSK_DB_KEY``, then the key file. A new key is created only when
    ``create`` is set and no database exists yet, so an existing database is never
    paired with a fresh key (which would make it look corrupt).
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return parse_key(env, ENV_VAR), ENV_VAR
    if key_file.exists():
        return read_key_file(key_file), str(key_file)
    if db_exists or explicit_key_file or not create:
        raise KeyMissingError(
            f"No database key: {ENV_VAR} is not set and the key file {key_file} does not exist.",
            remedy=f"Restore the key file from your backup or set {ENV_VAR}; the database was left untouched.",
        )
    key = secrets.token_hex(32)
    write_key_file(key_file, key)
    return key, str(key_file)
