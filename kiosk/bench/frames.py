"""Bench frames, built in memory: 640x480 portraits, their variants, and a file-camera clip."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from kiosk.biometrics.engine import FaceEngine, Mode
from kiosk.biometrics.quality import assess
from kiosk.config import Settings

W, H = 640, 480
PORTRAITS = ("obama-480p.jpg", "obama-720p.jpg", "obama_small.jpg", "obama1.jpg", "obama2.jpg")
TEMPLATE_PHOTO = "obama.jpg"  # another photo of the same person: the enrolled template
OTHER_PERSON = "biden.jpg"


def faces_dir(explicit: Path | None = None) -> Path | None:
    """``explicit``, else shared/faces beside the repository (or beside one of its parent
    folders, as from a git worktree), or beside the working folder."""
    repo = Path(__file__).resolve().parents[2]
    beside = [p / "shared" / "faces" for p in repo.parents] + [Path.cwd().parent / "shared" / "faces"]
    for d in ([explicit] if explicit else []) + beside:
        if d is not None and d.is_dir():
            return d
    return None


def _read(path: Path) -> np.ndarray | None:
    """A portrait through the hardened photo reader; None when it is not a usable image."""
    from kiosk.camera.still import read_image
    from kiosk.errors import ImageError

    try:
        return read_image(path)
    except ImageError:
        return None


def frame_around_face(img: np.ndarray, box, fraction: float = 0.45) -> np.ndarray:
    """A 640x480 frame, cut from ``img``, in which the face is ``fraction`` of the height."""
    top, right, bottom, left = box
    side = max(1, int((bottom - top) / fraction))
    cy, cx = (top + bottom) // 2, (left + right) // 2
    pad = cv2.copyMakeBorder(img, side, side, side, side, cv2.BORDER_REPLICATE)
    y0, x0 = cy - side // 2 + side, cx - side * 2 // 3 + side
    crop = pad[y0 : y0 + side, x0 : x0 + side * 4 // 3]
    return cv2.resize(crop, (W, H), interpolation=cv2.INTER_AREA if side > H else cv2.INTER_LINEAR)


def variants(frame: np.ndarray, n: int, seed: int = 0) -> list[np.ndarray]:
    """``n`` slightly different frames (small shifts and sensor noise), as a camera would give."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        dx, dy = rng.integers(-4, 5, size=2)
        m = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
        moved = cv2.warpAffine(frame, m, (W, H), borderMode=cv2.BORDER_REPLICATE)
        noise = rng.normal(0, 2.0, moved.shape)
        out.append(np.clip(moved + noise, 0, 255).astype(np.uint8))
    return out


@dataclass
class BenchFrames:
    source: str  # where the faces came from (printed by the bench)
    frames: list[np.ndarray]  # 640x480 frames whose face passes the live quality gate
    template_photo: np.ndarray | None  # another photo of the same person
    other_person: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)


def load(engine: FaceEngine, settings: Settings, n: int, faces: Path | None = None) -> BenchFrames:
    d = faces_dir(faces)
    bases, notes, photos, d_name = [], [], [], ""
    if d is not None:
        photos = [(p, img) for p in PORTRAITS if (img := _read(d / p)) is not None]
    else:
        try:
            import matplotlib.cbook

            sample = _read(Path(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)))
            photos = [("grace_hopper.jpg", sample)] if sample is not None else []
            d_name = "matplotlib's sample data (../shared/faces not found)"
        except Exception:  # noqa: BLE001 - no sample photo: the bench runs on the drawn frames alone
            photos = []
    used = []
    for name, img in photos:
        boxes = engine.detect(img, Mode.STILL)
        if boxes:
            frame = frame_around_face(img, max(boxes, key=lambda b: b[2] - b[0]))
            if assess(frame, engine.detect(frame, Mode.LIVE), settings, Mode.LIVE).ok:
                bases.append(frame)
                used.append(name)
    source = f"{d if d is not None else d_name} ({', '.join(used)})"
    if not bases:
        notes.append("no usable portrait: synthetic frames without a face; encode, match and decision are not measured")
        rng = np.random.default_rng(0)
        frames = [rng.integers(0, 255, (H, W, 3), np.uint8) for _ in range(n)]
        return BenchFrames("synthetic (generated in memory)", frames, None, None, notes)
    frames = [v for i, b in enumerate(bases) for v in variants(b, max(1, n // len(bases)), seed=i)]
    frames = [f for f in frames if assess(f, engine.detect(f, Mode.LIVE), settings, Mode.LIVE).ok] or bases
    template = _read(d / TEMPLATE_PHOTO) if d is not None else None
    other = _read(d / OTHER_PERSON) if d is not None else None
    if template is None:
        notes.append("no second photo of the same person: the template is taken from the clip's own first frame")
    return BenchFrames(source, frames[:n], template, other, notes)


def clip(frames: list[np.ndarray], lead_in: int, length: int) -> list[np.ndarray]:
    """A file-camera clip: ``lead_in`` frames with nobody in front of the camera, then the face."""
    rng = np.random.default_rng(1)
    empty = [np.clip(110 + rng.normal(0, 2.0, (H, W, 3)), 0, 255).astype(np.uint8) for _ in range(2)]
    return [empty[i % 2] for i in range(lead_in)] + [frames[i % len(frames)] for i in range(length)]
