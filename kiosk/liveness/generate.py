"""Attack items for ``kiosk pad-eval --live``, built from a folder of people's photos (no Qt).

``generate(FROM, OUT, engine, per_species=50, seed=0)`` takes the people in ``FROM/images/<Person>/``
who have at least two photos. The first photo (by name) is the *enrolled* photo; the others
make the presentation. It writes, into ``OUT`` only::

    OUT/bench.json                       which --from folder the manifests' paths are relative to
    OUT/<species>/<item>/manifest.json   {"species", "kind", "enrolled", "photos", "fps", "seed", ...}
    OUT/<species>/<item>/left.avi ...    a prompt-following item: one clip per challenge step
    OUT/<species>/<item>/left-2.avi ...  and, for :data:`RETRIED` species, a second try, further
    OUT/<species>/<item>/clip.avi        a plain item: one clip

Species (:data:`SPECIES`): ``real`` (bona fide: the depth-model surrogate of
:mod:`kiosk.liveness.surrogate`), ``slideshow``, ``warped`` (a perspective tilt, or the nose
slid and half the face squeezed), ``mirrored`` (one turned photo and its mirror image),
``swap`` (somebody else turns; the member's photo appears for 0.6 s in between), ``print``
and ``replay`` (a phone screen with moire and bezel); and, only when asked by name, the
residual risk ``screen_turn`` (the surrogate's head turns played on that phone screen,
following the prompts: a colour camera is not expected to stop it). Clips are MJPG .avi at 15 fps,
320x240 (see :data:`kiosk.liveness.attacks.W`). Photos are never copied: a manifest names them relative to ``FROM``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from kiosk.biometrics.engine import FaceEngine, Mode
from kiosk.errors import KioskError
from kiosk.liveness import attacks, surrogate
from kiosk.liveness.challenge import yaw_cue

FPS = 15.0
#: the challenge steps a prompt-following item has a clip for (named as the challenge's steps)
STEPS = ("left", "right", "up", "down", "centre")
BONA_FIDE = "real"
PROMPT_FOLLOWING = ("real", "slideshow", "warped", "mirrored", "swap")
PLAIN = ("print", "replay")
SPECIES = PROMPT_FOLLOWING + PLAIN
#: measured, not a target: what a colour camera does not stop (built only when asked by name)
RESIDUAL = ("screen_turn",)
#: species whose items hold a second try for each turn (``left-2.avi``, ``right-2.avi``), further than the
#: first (:data:`~kiosk.liveness.surrogate.RETRY_REACH`): a person, or an attacker, whose movement
#: was not counted tries again further. A mirrored photo cannot go further; a swap is judged on identity
RETRIED = ("real", "slideshow", "warped", "screen_turn")
MOVES = ("left", "right")  # the turns (nods are off by default)
PLAIN_CLIP = "clip.avi"
MANIFEST = "manifest.json"
BENCH_FILE = "bench.json"
#: a photo counts as facing the camera when its nose offset (in eye distances) is at most this:
#: the surrogate and the flat attacks start from it as a visitor starts facing the camera
FRONTAL_CUE = 0.08
IMAGE_EXT = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class Person:
    name: str
    photos: tuple[str, ...]  # relative to the --from folder, sorted; the first is enrolled


def people(root: Path, minimum: int = 2) -> list[Person]:
    """People of ``root/images/<Person>/`` (or ``root/<Person>/``) with at least ``minimum`` photos."""
    base = root / "images" if (root / "images").is_dir() else root
    found = []
    for d in sorted(p for p in base.iterdir() if p.is_dir()):
        photos = sorted(f.relative_to(root).as_posix() for f in d.iterdir() if f.suffix.lower() in IMAGE_EXT)
        if len(photos) >= minimum:
            found.append(Person(d.name, tuple(photos)))
    return found


class Framer:
    """Photos framed as at the kiosk (W x H, the face 45 % of the height), with the landmarks
    the live detector finds on the framed picture; None where a photo has no usable face, or
    has a second face in the framed picture (a news photo's bystander would stop the check
    for a reason that is not liveness, and the bench measures liveness)."""

    def __init__(self, engine: FaceEngine, root: Path, single: bool = True) -> None:
        self.engine, self.root, self.single = engine, root, single
        self._cache: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}

    def __call__(self, rel: str) -> tuple[np.ndarray, np.ndarray] | None:
        if rel not in self._cache:
            self._cache.clear()  # one person at a time: keep memory small
            self._cache[rel] = self._frame(rel)
        return self._cache[rel]

    def _frame(self, rel: str):
        img = cv2.imdecode(np.fromfile(str(self.root / rel), np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            return None
        faces = self.engine.detect_faces(img, Mode.STILL)
        if not faces:
            return None
        best = max(faces, key=lambda f: f.height)
        frame = attacks.frame_photo(img, best.box)
        live = self.engine.detect_faces(frame, Mode.LIVE)
        if not live or (self.single and len(live) > 1):
            return None
        return frame, np.array(max(live, key=lambda f: f.height).landmarks, np.float64)


def write_clip(path: Path, frames: list[np.ndarray], fps: float = FPS) -> None:
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (w, h))
    if not writer.isOpened():
        raise KioskError(f"{path} could not be written as an MJPG video.", remedy="Check the output folder.")
    try:
        for f in frames:
            writer.write(f)
    finally:
        writer.release()


def _framed_all(framer: Framer, photos: tuple[str, ...]) -> list[tuple[str, np.ndarray, np.ndarray]]:
    out = []
    for rel in photos:
        got = framer(rel)
        if got is not None:
            out.append((rel, *got))
    return out


def build_item(
    species: str, person: Person, framer: Framer, seed: int, other: Person | None = None
) -> tuple[dict, dict[str, list[np.ndarray]]] | None:
    """(manifest, {clip file: frames}) for one item of ``species`` from ``person``, or None when
    the person's photos give no usable face."""
    rng = np.random.default_rng(seed)
    attack_photos = _framed_all(framer, person.photos[1:])
    if not attack_photos or framer(person.photos[0]) is None:
        return None
    manifest: dict[str, object] = {"species": species, "kind": "plain" if species in PLAIN else "prompt-following",
                "enrolled": person.photos[0], "fps": FPS, "seed": seed}
    clips: dict[str, list[np.ndarray]] = {}
    if species == "mirrored":  # the most turned photo
        rel, frame, lm = max(attack_photos, key=lambda a: abs(yaw_cue(a[2])))
    else:  # the most frontal one, if it faces the camera
        rel, frame, lm = min(attack_photos, key=lambda a: abs(yaw_cue(a[2])))
        if abs(yaw_cue(lm)) > FRONTAL_CUE:
            return None
    manifest["photos"] = [rel]
    further = surrogate.RETRY_REACH
    if species == BONA_FIDE:
        clips = {f"{s}.avi": attacks.bona_fide_step(frame, lm, s, FPS, seed + i) for i, s in enumerate(STEPS)}
        clips |= {f"{s}-2.avi": attacks.bona_fide_step(frame, lm, s, FPS, seed + 10 + i, further) for i, s in enumerate(MOVES)}
    elif species == "slideshow":
        clips = {f"{s}.avi": attacks.slideshow_step(frame, lm, s, FPS) for s in STEPS}
        clips |= {f"{s}-2.avi": attacks.slideshow_step(frame, lm, s, FPS, further) for s in MOVES}
    elif species == "warped":
        piecewise = bool(seed % 2)
        manifest["warp"] = "nose slid, half the face squeezed" if piecewise else "perspective tilt"
        clips = {f"{s}.avi": attacks.warped_step(frame, lm, s, FPS, seed + i, piecewise) for i, s in enumerate(STEPS)}
        clips |= {f"{s}-2.avi": attacks.warped_step(frame, lm, s, FPS, seed + 10 + i, piecewise, further)
                  for i, s in enumerate(MOVES)}
    elif species == "mirrored":
        cue = yaw_cue(lm)
        manifest["photo_turn"] = round(cue, 3)
        clips = {f"{s}.avi": attacks.mirrored_step(frame, lm, cue, s, FPS, seed + i) for i, s in enumerate(STEPS)}
    elif species == "swap":
        if other is None:
            raise ValueError("a swap item needs somebody else")
        got = [a for a in _framed_all(framer, other.photos) if abs(yaw_cue(a[2])) <= FRONTAL_CUE]
        if not got:
            return None
        orel, oframe, olm = got[0]
        manifest["photos"] = [rel, orel]
        member = attacks.align_to(frame, lm, olm)
        clips = {f"{s}.avi": attacks.swap_step(oframe, olm, member, s, FPS, seed + i) for i, s in enumerate(STEPS)}
    elif species == "screen_turn":
        clips = {f"{s}.avi": attacks.screen_turn_step(frame, lm, s, FPS, seed + i, seed) for i, s in enumerate(STEPS)}
        clips |= {f"{s}-2.avi": attacks.screen_turn_step(frame, lm, s, FPS, seed + 10 + i, seed, further)
                  for i, s in enumerate(MOVES)}
    elif species == "print":
        manifest["held"] = "moved as a plane" if seed % 2 else "held still"
        clips = {PLAIN_CLIP: attacks.print_clip(frame, lm, FPS, seed)}
    elif species == "replay":
        clips = {PLAIN_CLIP: attacks.replay_clip(frame, lm, FPS, seed)}
    else:
        raise ValueError(f"unknown species {species!r}")
    return manifest, {name: attacks.camera(frames, rng) for name, frames in clips.items()}


def generate(root: Path, out: Path, engine: FaceEngine, *, per_species: int = 50, seed: int = 0,
             species: tuple[str, ...] = SPECIES, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Write ``per_species`` items of each of ``species`` into ``out``; returns items written per species.
    People are shuffled with ``seed``; each species starts at another place in the list, so
    that the species do not all use the same people."""
    root, out = Path(root).resolve(), Path(out)
    everyone = people(root)
    if len(everyone) < 2:
        raise KioskError(f"{root} has fewer than two people with two photos or more.",
                            remedy="Give a folder of images/<Person>/<photo>.jpg with several people.")
    order = list(np.random.default_rng(seed).permutation(len(everyone)))
    framer = Framer(engine, root)
    out.mkdir(parents=True, exist_ok=True)
    (out / BENCH_FILE).write_text(json.dumps({"from": str(root), "seed": seed, "per_species": per_species,
                                              "fps": FPS, "steps": list(STEPS)}, indent=1))
    written: dict[str, int] = {}
    total, done = per_species * len(species), 0
    for k, sp in enumerate(species):
        written[sp] = 0
        start = k * per_species
        tried = 0
        while written[sp] < per_species and tried < len(everyone):
            idx = order[(start + tried) % len(everyone)]
            other = everyone[order[(start + tried + len(everyone) // 2) % len(everyone)]]
            person, item_seed = everyone[idx], seed * 100_000 + k * 1000 + tried
            tried += 1
            built = build_item(sp, person, framer, item_seed, other)
            if built is None:
                continue
            manifest, clips = built
            folder = out / sp / f"{written[sp]:03d}_{person.name}"
            folder.mkdir(parents=True, exist_ok=True)
            for name, frames in clips.items():
                write_clip(folder / name, frames)
            (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
            written[sp] += 1
            done += 1
            if progress is not None:
                progress(done, total)
    return written


def passive_stills(root: Path, out: Path, engine: FaceEngine, *, seed: int = 0, limit: int | None = None) -> dict[str, int]:
    """A labelled folder for ``kiosk pad-eval --dir`` (the passive check alone): every photo of
    ``root`` framed as at the kiosk (``real/``), and as a print still (``print/``) and on a phone
    screen (``replay/``), one frame each. Written into ``out`` only."""
    root = Path(root).resolve()
    base = root / "images" if (root / "images").is_dir() else root
    photos = sorted(p.relative_to(root).as_posix() for p in base.rglob("*") if p.suffix.lower() in IMAGE_EXT)
    photos = photos[:limit] if limit else photos
    framer = Framer(engine, root, single=False)  # the passive check judges the largest face, as pad-eval does
    counts = {"real": 0, "print": 0, "replay": 0}
    for d in counts:
        (out / d).mkdir(parents=True, exist_ok=True)
    for i, rel in enumerate(photos):
        got = framer(rel)
        if got is None:
            continue
        frame, lm = got
        rng = np.random.default_rng(seed * 100_000 + i)
        name = rel.replace("/", "_").rsplit(".", 1)[0] + ".png"
        stills = {"real": frame, "print": attacks.print_clip(frame, lm, FPS, seed + i, seconds=1 / FPS)[0],
                  "replay": attacks.replay_clip(frame, lm, FPS, seed + i, seconds=1 / FPS)[0]}
        for d, img in stills.items():
            cv2.imwrite(str(out / d / name), attacks.camera([img], rng)[0])
            counts[d] += 1
    return counts
