"""The one way the kiosk writes a file: private, atomic, durable, and never through a link.

Every output (key files, the site keyring and its export, face-pass images, reports, audit
exports and anchors, backups, screenshots) goes through :func:`private_output` or
:func:`write_private`:

- the bytes go to a new temporary file in the target's folder, under a random name, created
  with ``O_CREAT | O_EXCL | O_NOFOLLOW`` and mode 0600 from its first byte (whatever the
  umask): a file or link planted at a guessable ``OUT.tmp`` is never opened, let alone
  written through;
- the temporary file is flushed to disk, then renamed over the target (``os.replace``), and
  the folder is synced, so a power cut leaves the old file or the new one, never half of one;
- a target that is a symbolic link, or anything but a regular file, is refused
  (:class:`~kiosk.errors.ProtectedFileError`). The rename would replace a link, not follow
  it, but an output whose name is a link is a mistake or an attack: it is said so.

Failures of the file system are raised as ``OSError`` (the caller says what it was writing);
the temporary file is removed.
"""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from kiosk.errors import ProtectedFileError

PRIVATE_MODE = 0o600
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def check_target(path: Path) -> None:
    """Refuse an output path that is a symbolic link or exists as anything but a regular file."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself will say what is wrong with the path
    if stat.S_ISLNK(st.st_mode):
        raise ProtectedFileError(f"{path} is a symbolic link; the kiosk never writes through a link.",
                                 remedy="Remove the link or choose another file name for the output.")
    if not stat.S_ISREG(st.st_mode):
        raise ProtectedFileError(f"{path} is not a regular file.", remedy="Choose another file name for the output.")


def temporary_name(path: Path) -> Path:
    """A random, hidden name beside ``path`` that nobody can have planted in advance."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")


@contextmanager
def private_output(path: Path | str, *, make_folder: bool = True, sync_dir: bool = True) -> Iterator[BinaryIO]:
    """Write ``path`` through the binary file this yields: the file appears, complete and 0600,
    when the block ends without an error; on an error nothing is left behind. Without
    ``sync_dir`` the caller makes the rename durable itself (:func:`fsync_dir`), e.g. once for
    several files of one folder."""
    path = Path(path)
    check_target(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    fd = os.open(tmp, _TMP_FLAGS, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)  # the umask may only have removed bits; make it exactly 0600
        with os.fdopen(fd, "wb") as out:
            fd = -1  # the file object owns it now
            yield out
            out.flush()
            os.fsync(out.fileno())
        check_target(path)  # a link planted while writing is refused too (the rename would replace it)
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync_dir:
        fsync_dir(path.parent)  # the rename itself survives a power cut


def write_private(path: Path | str, data: bytes | str, *, make_folder: bool = True, sync_dir: bool = True) -> Path:
    """Write ``data`` (text as UTF-8) to ``path``: mode 0600, atomically and durably, never
    through a link or a planted temporary file. Returns ``path``."""
    with private_output(path, make_folder=make_folder, sync_dir=sync_dir) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


def fsync_dir(folder: Path) -> None:
    """Make a file's creation, rename or removal in ``folder`` durable (best effort: some file
    systems cannot fsync a directory)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
