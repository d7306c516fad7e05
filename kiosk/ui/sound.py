"""Result sounds through QtMultimedia: a short rising tone for success, a softer falling one
for a failure (``assets/sounds/``, synthesised by the project, CC0). The volume is a
setting (``sound_volume``, 0 = off). QtMultimedia is loaded on the first sound, not at
start-up, and a kiosk without an audio device, or whose QtMultimedia cannot load (its audio
libraries missing), simply stays silent and says so once in the log."""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QUrl

log = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parents[1]
SOUND_DIRS = (_PACKAGE / "assets" / "sounds", _PACKAGE.parent / "assets" / "sounds")


class Sound(str, Enum):
    SUCCESS = "success"
    FAILURE = "failure"
    ALERT = "alert"  # the staff console: a visitor asks for help


def sound_file(sound: Sound) -> Path | None:
    for folder in SOUND_DIRS:
        path = folder / f"{sound.value}.wav"
        if path.is_file():
            return path
    return None


class Sounds(QObject):
    def __init__(self, volume: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.volume = volume  # () -> 0..100, read at each sound so a settings change applies at once
        self.effects: dict[Sound, object] = {}
        self.played: list[Sound] = []  # what was asked for (tests, the dashboard's health later)
        self.unavailable: str | None = None  # why no sound can play on this machine

    def effect(self, sound: Sound):
        """The sound's effect, or None where QtMultimedia cannot load."""
        if self.unavailable is not None:
            return None
        if sound not in self.effects:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except (ImportError, OSError) as exc:
                self.unavailable = str(exc) or type(exc).__name__
                log.warning("no sound: QtMultimedia cannot load (%s); `kiosk doctor` says what is missing",
                            self.unavailable)
                return None

            effect = QSoundEffect(self)
            path = sound_file(sound)
            if path is None:
                log.warning("sound file %s.wav is missing: no %s sound", sound.value, sound.value)
            else:
                effect.setSource(QUrl.fromLocalFile(str(path)))
            self.effects[sound] = effect
        return self.effects[sound]

    def play(self, sound: Sound) -> None:
        volume = max(0, min(100, int(self.volume())))
        if volume == 0:
            return
        effect = self.effect(sound)
        if effect is None:
            return
        effect.setVolume(volume / 100)
        effect.play()
        self.played.append(sound)
