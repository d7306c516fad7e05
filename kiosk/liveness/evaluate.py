"""Presentation-attack evaluation on a labelled folder, in ISO/IEC 30107-3 terms (no Qt).

The folder holds ``real/`` (bona fide presentations) and one folder per attack type
(``print/``, ``replay/``, ``mask/``...), each with images or short clips. Every item runs
through the kiosk's own passive check (the same crop, models and several-frame mean as at
the kiosk) and is classified against the threshold:

* APCER per attack type: the share of that type's attack presentations classified bona fide;
* BPCER: the share of bona fide presentations classified as attacks.

Items where no single face is found are counted apart (not in the rates). Frames are read
into memory only; the result holds file names, counts and scores, never images (rule 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import cv2
import numpy as np

from kiosk.biometrics.engine import Box
from kiosk.camera.source import IMAGE_SUFFIXES
from kiosk.camera.still import read_image
from kiosk.errors import ImageError, KioskError
from kiosk.liveness.passive import PassiveJudge, PassiveModel

BONA_FIDE = "real"
VIDEO_SUFFIXES = {".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v"}
MAX_CLIP_FRAMES = 300  # read at most this many frames of a clip looking for judged frames

#: find_box(frame_bgr) -> the one face's box, or None (no face, or more than one)
FindBox = Callable[[np.ndarray], Box | None]


@dataclass(frozen=True)
class Item:
    folder: str
    name: str
    score: float | None  # mean bona fide score over the judged frames; None: no single face found
    frames: int  # judged frames


def _frames(path: Path) -> Iterator[np.ndarray]:
    if path.suffix.lower() in IMAGE_SUFFIXES:
        try:
            yield read_image(path)  # the hardened photo reader: header and size checked before decoding
        except ImageError:
            pass  # not a usable image: the item counts as "no face"
        return
    cap = cv2.VideoCapture(str(path))
    try:
        for _ in range(MAX_CLIP_FRAMES):
            ok, frame = cap.read()
            if not ok or frame is None:
                return
            yield frame
    finally:
        cap.release()


def score_item(path: Path, model: PassiveModel, find_box: FindBox, frames: int) -> tuple[float | None, int]:
    """An image is one presentation judged once; a clip gives up to ``frames`` judged frames."""
    judge = PassiveJudge(model, 0.5, frames)  # the threshold is applied by the caller
    for frame in _frames(path):
        box = find_box(frame)
        if box is not None:
            judge.add(frame, box)
            if judge.verdict.judged >= frames:
                break
    return judge.mean_score, judge.verdict.judged


#: the attack "folder" of a flat folder whose files are labelled one by one
FLAT_ATTACK = "attack"
_NAME_LABEL = re.compile(r".*_([TF])\d*", re.IGNORECASE)  # image_T1.jpg: bona fide; image_F1.jpg: attack
_TABLE_ROW = re.compile(r"^\|\s*`?([^|`]+?)`?\s*\|\s*([^|]+?)\s*\|")


def _readme_labels(root: Path) -> dict[str, str]:
    """file name -> real/attack from a README table (| `file` | bona fide / attack ... |)."""
    from kiosk.inputs import read_text

    labels: dict[str, str] = {}
    for readme in (root / "README.md", root / "README.txt", root / "README"):
        if not readme.is_file():
            continue
        for line in read_text(readme, "a README", 1024 * 1024, error=KioskError).splitlines():
            m = _TABLE_ROW.match(line.strip())
            if m:
                label = m[2].lower()
                if label.startswith(("bona fide", "bona-fide", "real", "genuine", "live")):
                    labels[m[1].strip()] = BONA_FIDE
                elif label.startswith(("attack", "spoof", "fake", "print", "replay", "mask")):
                    labels[m[1].strip()] = FLAT_ATTACK
        break
    return labels


def _flat_items(root: Path) -> dict[str, list[Path]]:
    """A folder of files labelled one by one: by a README table, or by name (``*_T*`` bona
    fide, ``*_F*`` attack, as in Silent-Face-Anti-Spoofing's samples). Unlabelled files refuse."""
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
    labels = _readme_labels(root)
    folders: dict[str, list[Path]] = {}
    unlabelled = []
    for path in files:
        m = _NAME_LABEL.fullmatch(path.stem)
        label = labels.get(path.name) or (None if m is None else BONA_FIDE if m[1].upper() == "T" else FLAT_ATTACK)
        if label is None:
            unlabelled.append(path.name)
        else:
            folders.setdefault(label, []).append(path)
    if unlabelled:
        raise KioskError(f"{root}: {len(unlabelled)} file(s) without a label, e.g. {unlabelled[0]}.",
                         remedy="Sort the files into real/ and one folder per attack type, or label each one in a "
                                "README table (| `file` | bona fide / attack |) or by name (NAME_T1.jpg, NAME_F1.jpg).")
    return folders


def list_items(root: Path) -> dict[str, list[Path]]:
    """The items to judge, by folder: ``real/`` and one folder per attack type; or a flat
    folder of labelled files (a README table, or names ``*_T*`` / ``*_F*``), judged as
    ``real`` and ``attack``."""
    if not root.is_dir():
        raise KioskError(f"No folder at {root}.", remedy="Give --dir a folder holding real/ and one folder per attack type.")
    folders = {}
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(p for p in sub.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
        if files:
            folders[sub.name] = files
    if not folders:
        folders = _flat_items(root)
    if BONA_FIDE not in folders or len(folders) < 2:
        raise KioskError(
            f"{root} needs a real/ folder and at least one attack folder (print/, replay/, mask/...) with images or clips.",
            remedy="Sort the recorded presentations into those folders and run again.",
        )
    return folders


def evaluate(root: Path, model: PassiveModel, find_box: FindBox, threshold: float, frames: int,
             progress: Callable[[int, int], None] | None = None) -> dict:
    folders = list_items(root)
    total = sum(len(v) for v in folders.values())
    items: list[Item] = []
    for folder, paths in folders.items():
        for path in paths:
            score, judged = score_item(path, model, find_box, frames)
            items.append(Item(folder, path.name, score, judged))
            if progress:
                progress(len(items), total)
    per_folder = {}
    for folder in folders:
        got = [i for i in items if i.folder == folder]
        scores = [i.score for i in got if i.score is not None]
        if folder == BONA_FIDE:
            errors = sum(1 for s in scores if s < threshold)  # bona fide called an attack
        else:
            errors = sum(1 for s in scores if s >= threshold)  # attack called bona fide
        per_folder[folder] = {
            "items": len(got),
            "no_face": len(got) - len(scores),
            "errors": errors,
            "rate": errors / len(scores) if scores else None,
        }
    return {
        "threshold": threshold,
        "frames_per_item": frames,
        "bpcer": per_folder[BONA_FIDE]["rate"],
        "apcer": {f: v["rate"] for f, v in per_folder.items() if f != BONA_FIDE},
        "folders": per_folder,
        "items": [{"folder": i.folder, "name": i.name, "score": None if i.score is None else round(i.score, 4),
                   "judged_frames": i.frames} for i in items],
    }
