"""``kiosk pad-eval --live DIR``: attack items played through the kiosk's own live check (no Qt).

DIR holds one folder per species (``real/`` is bona fide, every other folder an attack
species), and in each, one folder per item with a ``manifest.json``::

    {"species": "slideshow", "kind": "prompt-following", "enrolled": "images/P/P_0001.jpg", "fps": 15}

``enrolled`` is relative to the folder of photos the items were made from (``DIR/bench.json``
says which, or ``--from``). A *prompt-following* item holds one clip per challenge step
(``left.avi``, ``right.avi``, ``up.avi``, ``down.avi``, ``centre.avi``) and may hold further
tries (``left-2.avi``...: played when the challenge still asks the same step after the first
try played, as a person whose turn was not counted turns further); a *plain* item holds
``clip.avi``. Any video OpenCV reads will do.

For each item, in a throwaway data folder: the enrolled photo is enrolled through the
enrollment path for photos (consent at the desk, the enrollment encoding); then the item is
played as the camera of :class:`~kiosk.pipeline.CapturePipeline` with the liveness check the
settings ask for and the member's 1:1 match, as ``kiosk verify --camera`` does; then the face
is forgotten. A prompt-following item plays the clip of the step the challenge shows (read
from the pipeline's status), switching at the end of a clip (each clip starts and ends facing
the camera, as a person does between two prompts). Time is the clip's own (frames / fps), so
the bench does not run in real time, and no frame is read while an encode runs, so about
every frame that passes the quality gate is encoded (a fast encoder: the most favourable case
for a short-lived attack).

Rates (ISO/IEC 30107-3): APCER per attack species = attack items accepted / attack items
played; BPCER = bona fide items not accepted / bona fide items played. Items whose enrolled
photo gives no template are counted apart. Frames live in memory only (rule 5).
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from kiosk.camera.source import Interrupted
from kiosk.config import Settings
from kiosk.errors import CameraError, KioskError
from kiosk.liveness.generate import BENCH_FILE, BONA_FIDE, MANIFEST, PLAIN_CLIP

MEMBER = "B0001"
MEMBERS_CSV = "member_no,display_name,birth_date,valid_until,card_id\nB0001,Bench Member,1980-01-01,2099-12-31,\n"


@dataclass(frozen=True)
class Item:
    folder: str  # the species
    name: str
    path: Path
    manifest: dict

    @property
    def prompt_following(self) -> bool:
        return self.manifest.get("kind") == "prompt-following" or not (self.path / PLAIN_CLIP).is_file()


def find_items(root: Path) -> list[Item]:
    """Every item under ``root`` (species folders, then item folders with a manifest), sorted."""
    found = []
    for sp in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        for d in sorted(p for p in sp.iterdir() if p.is_dir() and (p / MANIFEST).is_file()):
            try:
                manifest = json.loads((d / MANIFEST).read_text())
            except (OSError, ValueError) as exc:
                raise KioskError(f"{d / MANIFEST} is not readable JSON ({exc}).",
                                 remedy="Each item's manifest.json needs at least \"enrolled\".") from None
            if not isinstance(manifest, dict) or not isinstance(manifest.get("enrolled"), str):
                raise KioskError(f"{d / MANIFEST} names no enrolled photo.",
                                 remedy="Each item's manifest.json needs \"enrolled\": a photo path relative to --from.")
            found.append(Item(sp.name, d.name, d, manifest))
    return found


def photos_root(root: Path, explicit: Path | None) -> Path:
    """The folder the manifests' photo paths are relative to."""
    if explicit is not None:
        return Path(explicit)
    bench = Path(root) / BENCH_FILE
    if bench.is_file():
        try:
            return Path(json.loads(bench.read_text())["from"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    raise KioskError(f"{root} does not say which folder its enrolled photos are in.",
                     remedy=f"Give --from FOLDER, or write {{\"from\": FOLDER}} into {root / BENCH_FILE}.")


class FrameClock:
    """Time as the clip gives it: frames read / fps (read as often as the pipeline likes)."""

    def __init__(self, fps: float) -> None:
        self.fps, self.frames = fps, 0

    def __call__(self) -> float:
        return self.frames / self.fps


class ItemCamera:
    """A file camera for one item. ``want`` is the step whose clip plays next (set from the
    pipeline's status); a clip plays to its end before the next starts. A plain item loops its
    one clip. ``read`` waits while an encode runs (:class:`LockstepEncoder`), so that about
    every good frame is encoded, whatever the machine's speed."""

    def __init__(self, item: Item, clock: FrameClock, max_frames: int) -> None:
        self.item, self.clock, self.max_frames = item, clock, max_frames
        self.fps = clock.fps  # the clip's own rate
        self.want = "centre"
        self.asked = 0  # how many steps the challenge had counted when ``want`` was asked
        self._tries: tuple[tuple[int, str], int] = ((-1, ""), 0)  # (step asked, clips played for it)
        self.played: list[str] = []  # clips in the order they were played
        self._cap: cv2.VideoCapture | None = None
        self._wake = threading.Event()
        self._idle = threading.Condition()
        self._busy = 0
        self._decided = False  # the encode thread has its outcome: it takes no more frames

    # lockstep with the encode thread: a frame is read only while no encode runs
    def encoding(self, running: bool) -> None:
        with self._idle:
            self._busy += 1 if running else -1
            self._idle.notify_all()

    def _clip(self) -> Path:
        """The clip of the step asked now; when the same step is still asked after its clip
        played, its next try (``left-2.avi``...) if the item has one, else the last again."""
        if not self.item.prompt_following:
            return self.item.path / PLAIN_CLIP
        key = (self.asked, self.want)
        tries = self._tries[1] + 1 if self._tries[0] == key else 1
        self._tries = (key, tries)
        for n in range(tries, 1, -1):
            path = self.item.path / f"{self.want}-{n}.avi"
            if path.is_file():
                return path
        path = self.item.path / f"{self.want}.avi"
        return path if path.is_file() else self.item.path / "centre.avi"

    def _next_frame(self) -> np.ndarray:
        for _ in range(3):
            if self._cap is None:
                clip = self._clip()
                self._cap = cv2.VideoCapture(str(clip))
                if not self._cap.isOpened():
                    raise CameraError(f"{clip} could not be opened as a video.", remedy="Check the item's clips.")
                self.played.append(clip.stem)
            ok, frame = self._cap.read()
            if ok and frame is not None:
                return frame
            self._cap.release()
            self._cap = None  # the clip ended: the next one is the step asked now
        raise CameraError(f"{self.item.path} has a clip without readable frames.", remedy="Check the item's clips.")

    def read(self) -> np.ndarray:
        with self._idle:
            self._idle.wait_for(lambda: self._busy == 0 or self._decided or self._wake.is_set())
        if self._wake.is_set():
            self._wake.clear()
            raise Interrupted
        if self.clock.frames >= self.max_frames:
            raise CameraError("The item played for longer than the bench allows.", remedy="")
        frame = self._next_frame()
        self.clock.frames += 1
        return frame

    def interrupt(self) -> None:
        """The encode thread has decided (the pipeline's only caller of ``interrupt``)."""
        self._wake.set()
        with self._idle:
            self._decided = True
            self._idle.notify_all()

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class LockstepEncoder:
    """The pipeline's encoder for the bench: the engine's live encoding, on the pipeline's
    encode thread, telling the camera when it runs."""

    def __init__(self, engine, camera: ItemCamera) -> None:
        self.engine, self.camera = engine, camera

    def encode(self, frame: np.ndarray, box) -> np.ndarray:
        from kiosk.biometrics.engine import Mode

        self.camera.encoding(True)
        try:
            return self.engine.encode(frame, box, Mode.LIVE)
        finally:
            self.camera.encoding(False)


@dataclass(frozen=True)
class ItemResult:
    folder: str
    name: str
    outcome: str  # the pipeline's outcome kind, or "no_template"
    refusal: str | None  # the liveness refusal code when the outcome is liveness_failed
    seconds: float  # clip time played
    clips: str  # the clips played, in order (e.g. "centre left centre right")

    @property
    def accepted(self) -> bool:
        return self.outcome == "match"


def play_item(kiosk, item: Item, photos: Path, timeout_s: float) -> ItemResult:
    """One item: enroll its photo, play it through the live pipeline, forget the face."""
    from kiosk import ops
    from kiosk.errors import FaceQualityError
    from kiosk.pipeline import CapturePipeline, Kind

    cli, actor = ops.Actor.cli(), ops.Actor.at_desk(MEMBER)
    try:
        encoding = ops.photo_encoding(kiosk, cli, MEMBER, photos / item.manifest["enrolled"], ops.FaceFlow.ENROLL)
    except FaceQualityError:
        return ItemResult(item.folder, item.name, "no_template", None, 0.0, "")
    draft = ops.consent_in_person(kiosk, cli, MEMBER, declared_14_or_older=True, method="staff_cli")
    ops.enroll_with_consent(kiosk, cli, draft, [encoding], liveness="not_checked")
    try:
        fps = float(item.manifest.get("fps", 15.0))
        clock = FrameClock(fps)
        cam = ItemCamera(item, clock, max_frames=int((timeout_s + 5) * fps))

        def judge(enc):
            return ops.judge_face(kiosk, actor, MEMBER, enc)

        def on_status(status) -> None:
            ch = status.liveness.challenge if status.liveness is not None else None
            if ch is not None and ch.step is not None:
                cam.want, cam.asked = getattr(ch.step, "value", str(ch.step)), ch.done
            else:
                cam.want = "centre"

        s = kiosk.settings
        pipe = CapturePipeline(cam, kiosk.engine, s, needed=s.verify_frames, judge=judge, timeout_s=timeout_s,
                               clock=clock, encoder=LockstepEncoder(kiosk.engine, cam), liveness=kiosk.liveness_check())
        outcome = pipe.run(threading.Event(), lambda frame: None, on_status)
        kind = outcome.kind.value
        refusal = outcome.message if outcome.kind is Kind.LIVENESS_FAILED else None
        if outcome.kind is Kind.CAMERA_FAILED:
            kind = "timeout"
        return ItemResult(item.folder, item.name, kind, refusal, round(clock(), 2), " ".join(cam.played))
    finally:
        ops.revoke_face(kiosk, cli, MEMBER, "withdrawn")  # the template goes at once


def summarise(results: list[ItemResult], settings: Settings) -> dict:
    per: dict[str, dict] = {}
    for folder in sorted({r.folder for r in results}, key=lambda f: (f != BONA_FIDE, f)):
        got = [r for r in results if r.folder == folder]
        played = [r for r in got if r.outcome != "no_template"]
        if folder == BONA_FIDE:
            errors = sum(1 for r in played if not r.accepted)
        else:
            errors = sum(1 for r in played if r.accepted)
        reasons = Counter(r.refusal or r.outcome for r in played if not r.accepted)
        per[folder] = {"items": len(got), "no_template": len(got) - len(played), "errors": errors,
                       "rate": errors / len(played) if played else None,
                       "outcomes": dict(sorted(Counter(r.refusal or r.outcome for r in played).items())),
                       "refusals": dict(sorted(reasons.items()))}
    return {
        "liveness": settings.liveness,
        "passive_threshold": settings.liveness_passive_threshold,
        "match_threshold": settings.match_threshold,
        "bpcer": per[BONA_FIDE]["rate"] if BONA_FIDE in per else None,
        "apcer": {f: v["rate"] for f, v in per.items() if f != BONA_FIDE},
        "folders": per,
        "items": [{"folder": r.folder, "name": r.name, "outcome": r.outcome, "refusal": r.refusal,
                   "accepted": r.accepted, "seconds": r.seconds, "clips": r.clips} for r in results],
    }


def run_bench(root: Path, photos: Path, settings: Settings, engine, *, timeout_s: float = 30.0,
              limit: int | None = None, progress: Callable[[int, int], None] | None = None) -> dict:
    """Play every item under ``root`` (at most ``limit`` per species) and summarise."""
    from kiosk import ops
    from kiosk.app import create

    items = find_items(root)
    if limit:
        kept: Counter = Counter()
        items = [i for i in items if (kept.update([i.folder]) or kept[i.folder] <= limit)]
    if not items:
        raise KioskError(f"{root} holds no items (species folders with item folders and their manifest.json).",
                         remedy="Generate items with 'kiosk pad-eval --generate OUT --from PHOTOS', or see the README.")
    results = []
    with tempfile.TemporaryDirectory(prefix="kiosk-padbench-") as tmp:
        kiosk = create(Path(tmp) / "data", engine=engine, init=True)
        try:
            kiosk.save_settings(settings, "cli")
            ops.import_members(kiosk, ops.Actor.cli(), MEMBERS_CSV)
            for n, item in enumerate(items, 1):
                results.append(play_item(kiosk, item, Path(photos), timeout_s))
                if progress is not None:
                    progress(n, len(items))
        finally:
            kiosk.close()
    return summarise(results, settings)
