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


def list_items(root: Path) -> dict[str, list[Path]]:
    if not root.is_dir():
        raise KioskError(f"No folder at {root}.", remedy="Give --dir a folder holding real/ and one folder per attack type.")
    folders = {}
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(p for p in sub.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
        if files:
            folders[sub.name] = files
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
