"""The audit anchors as files: an anchor exported to keep outside the kiosk (``kiosk audit
anchor``, or the anchor line of a filing report), and the file of anchors the running kiosk
keeps in its data folder, restore markers included (:mod:`kiosk.domain.audit_anchors`).
Checking them against the trail is :mod:`kiosk.store.chain`'s work."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import KioskError
from kiosk.inputs import loads, read_bytes
from kiosk.store.keys import fsync_dir

if TYPE_CHECKING:
    from kiosk.store.chain import ChainReport


@dataclass(frozen=True)
class Anchor:
    """A record number and its hash, kept outside the kiosk. A *restore marker* (``restore``)
    is the anchor a restore keeps of the restored trail's own ``restore_started`` record; a
    *sealing marker* (``sealed``) the anchor of the ``audit_sealed`` record an administrator's
    sealing of an older trail wrote."""

    seq: int
    hash: str
    made_at: str = ""
    source: str = ""  # where it was kept, e.g. "line 3 of audit-anchors.txt"
    restore: bool = False
    sealed: bool = False


# -- anchors as files ---------------------------------------------------------------
_ANCHOR_TEXT = re.compile(r"record (\d+), head hash ([0-9a-f]{64})")
_ANCHOR_MAX = 4 * 1024 * 1024  # a filing report may serve as the anchor


def anchor_line(seq: int, head_hash: str) -> str:
    """How an anchor reads in a report: ``read_anchor`` finds it again in any text file."""
    return f"record {seq}, head hash {head_hash}"


def anchor_json(report: "ChainReport", made_at: str) -> str:
    return json.dumps({"kiosk_audit_anchor": 1, "seq": report.head_seq, "hash": report.head_hash,
                       "records": report.records, "made_at": made_at}, indent=2) + "\n"


def read_anchor(path: Path) -> Anchor:
    """An anchor from ``kiosk audit anchor`` (JSON) or from any text holding an anchor line
    (the filing report); the last one in the file counts."""
    text = read_bytes(Path(path), "an audit anchor", _ANCHOR_MAX).decode("utf-8", errors="replace")  # bounded
    try:
        data = loads(text, str(path), "an audit anchor")  # bounded depth: a deep file is simply not an anchor
        if isinstance(data, dict) and data.get("kiosk_audit_anchor") == 1:
            seq, hsh = data["seq"], data["hash"]
            if isinstance(seq, int) and isinstance(hsh, str) and re.fullmatch(r"[0-9a-f]{64}", hsh):
                return Anchor(seq, hsh, str(data.get("made_at", "")))
    except (KioskError, KeyError):
        pass
    found = _ANCHOR_TEXT.findall(text)
    if not found:
        raise KioskError(f"{path} holds no audit anchor.",
                         remedy="Use a file made by 'kiosk audit anchor --out FILE', or a filing report.")
    seq, hsh = found[-1]
    return Anchor(int(seq), hsh)


# -- the anchors the running kiosk keeps ------------------------------------------------
_KEPT_LINE = re.compile(r"(\S+) (restored a backup: |sealed the older trail, [^:]{1,80}: )?"
                        r"record (\d+), head hash ([0-9a-f]{64})")
_RESTORE_WORDS = "restored a backup: "


def kept_anchor_line(made_at: str, seq: int, head_hash: str, *, restore: bool = False) -> str:
    """One line of the kiosk's anchor file: when, then the anchor as reports print it. A
    restore marker says so before the anchor of the restored trail's restore record."""
    return f"{made_at} {_RESTORE_WORDS if restore else ''}{anchor_line(seq, head_hash)}"


def sealing_line(made_at: str, seq: int, head_hash: str, records: int, schema: int, actor: str) -> str:
    """The sealing marker: when an older trail was sealed, which records (1 to ``records``, the
    plain chain as it stood), from which schema version, by whom, and the sealing record."""
    which = f"records 1-{records}" if records else "no records"
    who = re.sub(r"[^\w .@-]", "_", actor)[:40]
    return f"{made_at} sealed the older trail, {which} of schema {schema}, by {who}: {anchor_line(seq, head_hash)}"


def append_kept_line(path: Path, line: str) -> None:
    """Append one line to the kiosk's anchor file and flush it (and a new file's folder) to disk."""
    new = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if new:
        fsync_dir(path.parent)


def read_kept_anchors(path: Path) -> list[Anchor]:
    """Every anchor of the kiosk's anchor file, oldest first; none when there is no file."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise KioskError(f"Cannot read the audit anchors in {path}: {exc.strerror}.",
                         remedy="Check the file's permissions; it belongs to the kiosk's data folder.") from None
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _KEPT_LINE.fullmatch(line.strip())
        if m:
            kind = m[2] or ""
            kept.append(Anchor(int(m[3]), m[4], m[1], f"line {number} of {path.name}",
                               restore=kind == _RESTORE_WORDS, sealed=kind.startswith("sealed")))
    return kept
