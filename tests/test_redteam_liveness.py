"""Red team: ordinary photos of a member, played through the kiosk's live pipeline (real
detector, real encoder, the member's template from another photo of them) by an attacker who
follows every prompt. None may verify. One test per attack species.

The camera here shows, for whatever step the challenge asks, what answers it best: the
photo turned that way, a warp animated towards it, the mirror image. By default a few
people from ../shared/lfw-devtrain; ``KIOSK_REDTEAM_LONG=1`` plays 50 per species.
Frames live in memory only.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import cv2
import numpy as np
from liveness_helpers import TickClock, shared

from kiosk.bench.frames import frame_around_face
from kiosk.bench.margins import half_squeezed, nose_slid, turned_photo
from kiosk.biometrics.engine import Mode, distance
from kiosk.camera.source import Interrupted
from kiosk.config import Settings
from kiosk.domain.faces import read_image
from kiosk.liveness.challenge import Step, yaw_cue
from kiosk.liveness.check import LivenessCheck
from kiosk.pipeline import CapturePipeline

LONG = os.environ.get("KIOSK_REDTEAM_LONG") == "1"
PEOPLE = 50 if LONG else 3


class PromptCamera:
    """A camera whose picture answers the challenge's current prompt: ``lead_in`` frames of
    the attacker's "centre" picture, then for each step its clip, played and then held. A
    clip is played to its end before the next one starts (a person finishes a movement;
    switching mid-clip would be a cut)."""

    fps = 15.0

    def __init__(self, check: LivenessCheck, clips: dict[str, list[np.ndarray]], lead_in: int = 8) -> None:
        self.check, self.clips, self.lead_in = check, clips, lead_in
        self.step, self.i, self.frames, self.done = None, 0, 0, 0
        self._wake = threading.Event()

    def read(self) -> np.ndarray:
        if self._wake.is_set():
            self._wake.clear()
            raise Interrupted
        self.frames += 1
        ch = self.check.challenge
        step = "centre" if self.frames <= self.lead_in or ch.passed else ch.prompt.value
        ended = self.step is None or self.i >= len(self.clips[self.step])
        if ended and (step != self.step or ch.done != self.done):  # a new prompt, or the same one asked again
            self.step, self.i, self.done = step, 0, ch.done
        clip = self.clips[self.step]
        self.i += 1
        return clip[min(self.i - 1, len(clip) - 1)].copy()

    def interrupt(self) -> None:
        self._wake.set()

    def close(self) -> None:
        pass


def people(min_photos: int = 2) -> list[list[Path]]:
    root = shared("lfw-devtrain") / "images"
    found = [sorted(d.glob("*.jpg")) for d in sorted(root.iterdir()) if d.is_dir()]
    return [p for p in found if len(p) >= min_photos]


def framed(engine, path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """The photo framed as at the kiosk, and its landmarks (None unless one face is found)."""
    img = read_image(path)
    faces = engine.detect_faces(img, Mode.STILL)
    if len(faces) != 1:
        return None
    frame = frame_around_face(img, faces[0].box, 0.45)
    live = engine.detect_faces(frame, Mode.LIVE)
    return (frame, np.asarray(live[0].landmarks, np.float64)) if len(live) == 1 else None


def play(engine, clips_for, photos: list[Path]) -> str | None:
    """Enroll the member from their first photo and play the attack built from the others;
    the outcome kind (None when the person's photos are unusable)."""
    enrolled = framed(engine, photos[0])
    if enrolled is None:
        return None
    template = engine.encode(enrolled[0], engine.detect_faces(enrolled[0], Mode.STILL)[0].box, Mode.STILL)
    clips = clips_for(engine, photos[1:] if len(photos) > 1 else photos)
    if clips is None:
        return None
    s = Settings().replace(liveness="challenge", liveness_challenge_s=4)
    check = LivenessCheck.from_settings(s, None)
    pipe = CapturePipeline(PromptCamera(check, clips), engine, s, needed=2, clock=TickClock(1 / 30), timeout_s=60,
                           judge=lambda enc: distance(enc, template) < s.match_threshold, liveness=check)
    return pipe.run(threading.Event(), lambda f: None, lambda st: None).kind


def run_species(engine, clips_for, min_photos: int = 2) -> tuple[int, int]:
    accepted = played = 0
    for photos in people(min_photos):
        if played >= PEOPLE:
            break
        kind = play(engine, clips_for, photos)
        if kind is None:
            continue
        played += 1
        accepted += kind == "match"
    return accepted, played


def animate(make, n: int = 10) -> list[np.ndarray]:
    """A warp grown smoothly from nothing to its full amount over ``n`` frames."""
    return [make(k / n) for k in range(n + 1)]


def slideshow_clips(engine, photos):
    """The member's photos, each held up when the prompt asks for the turn it shows best."""
    shots = [f for f in (framed(engine, p) for p in photos) if f is not None]
    if len(shots) < 2:
        return None

    def cue(lm):
        eyes, mouth = (lm[0] + lm[1]) / 2, (lm[3] + lm[4]) / 2
        return yaw_cue(lm), float((lm[2] - eyes) @ (mouth - eyes) / max(1e-6, (mouth - eyes) @ (mouth - eyes)))

    cues = [cue(lm) for _, lm in shots]
    best = {Step.LEFT: max(range(len(shots)), key=lambda i: cues[i][0]),
            Step.RIGHT: min(range(len(shots)), key=lambda i: cues[i][0]),
            Step.DOWN: max(range(len(shots)), key=lambda i: cues[i][1]),
            Step.UP: min(range(len(shots)), key=lambda i: cues[i][1]),
            Step.CENTRE: min(range(len(shots)), key=lambda i: abs(cues[i][0]))}
    return {step.value: [shots[i][0]] for step, i in best.items()}


def warp_clips(engine, photos):
    """One frontal photo, warped towards each prompt: turned or tilted in perspective, the
    nose slid sideways, half the face squeezed."""
    shot = framed(engine, photos[0])
    if shot is None:
        return None
    frame, lm = shot
    return {"centre": [frame],
            "left": animate(lambda a: nose_slid(turned_photo(frame, 30 * a), lm, 0.25 * a)),
            "right": animate(lambda a: half_squeezed(nose_slid(turned_photo(frame, -30 * a), lm, -0.25 * a), lm, 1 - 0.4 * a)),
            "up": animate(lambda a: turned_photo(frame, 0, 35 * a)),
            "down": animate(lambda a: turned_photo(frame, 0, -35 * a))}


def mirror_clips(engine, photos):
    """A photo of the member looking to one side and its mirror image: one for each side."""
    shots = [f for f in (framed(engine, p) for p in photos) if f is not None]
    if not shots:
        return None
    frame, lm = max(shots, key=lambda s: abs(yaw_cue(s[1])))
    flipped = cv2.flip(frame, 1)
    towards_right, towards_left = (frame, flipped) if yaw_cue(lm) > 0 else (flipped, frame)
    return {"centre": [frame], "left": [towards_right], "right": [towards_left], "up": [frame], "down": [flipped]}


def test_a_slideshow_of_the_member_s_photos_never_verifies(dlib_engine):
    accepted, played = run_species(dlib_engine, slideshow_clips, min_photos=4)
    assert played >= min(PEOPLE, 2) and accepted == 0, (accepted, played)


def test_a_warped_frontal_photo_never_verifies(dlib_engine):
    accepted, played = run_species(dlib_engine, warp_clips)
    assert played >= min(PEOPLE, 2) and accepted == 0, (accepted, played)


def test_a_turned_photo_and_its_mirror_image_never_verify(dlib_engine):
    accepted, played = run_species(dlib_engine, mirror_clips)
    assert played >= min(PEOPLE, 2) and accepted == 0, (accepted, played)
