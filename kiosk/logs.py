"""The kiosk's own log: ``kiosk.log`` in the data folder, rotated, private, without personal data.

What goes in: start-up, screen changes (never who), the gate, purges, camera and engine
trouble, key and file warnings. What never does: faces, templates, PINs, names, member
numbers or card ids, nor staff names; who did what is the audit trail's job. Log messages
are written so, and tests run real operations and scan the file for them.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

MAX_BYTES = 1024 * 1024
BACKUPS = 3  # kiosk.log, kiosk.log.1 .. .3: at most 4 MB
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating log file that is private (0600) from its first byte, whatever the umask."""

    def _open(self):  # type: ignore[override]
        return open(self.baseFilename, self.mode, encoding=self.encoding,
                    opener=lambda path, flags: os.open(path, flags, 0o600))


def attach(log_file: Path, level: int = logging.INFO) -> logging.Handler | None:
    """Log to ``log_file`` (its folder must exist: never creates a data folder). Replaces the
    kiosk log handler of a previous call, so one process writes one log. Returns the handler."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _PrivateRotatingFile)]:
        root.removeHandler(old)
        old.close()
    if not log_file.parent.is_dir():
        return None
    handler = _PrivateRotatingFile(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    if log_file.exists():
        os.chmod(log_file, 0o600)
    return handler


def detach(handler: logging.Handler | None) -> None:
    """Stop logging to the file of :func:`attach` (a command that has finished)."""
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
