"""Synthesise the kiosk's result sounds (short sine tones, no samples) into this folder.

    uv run python assets/sounds/make_sounds.py

success.wav: two rising notes (C5, G5); failure.wav: two falling, softer notes (E4, C4);
alert.wav (the staff console: a visitor asks for help): three quick A5 notes, twice.
22,050 Hz, mono, 16 bit, with short fades so nothing clicks. See LICENSE.txt.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
HERE = Path(__file__).resolve().parent


def tone(freq: float, ms: int, volume: float, fade_ms: int = 12) -> list[int]:
    n, fade = RATE * ms // 1000, RATE * fade_ms // 1000
    out = []
    for i in range(n):
        envelope = min(1.0, i / fade, (n - i) / fade)
        out.append(int(32767 * volume * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    return out


def write(name: str, samples: list[int]) -> Path:
    path = HERE / name
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


def main() -> None:
    gap = [0] * (RATE * 30 // 1000)
    print(write("success.wav", tone(523.25, 120, 0.35) + gap + tone(783.99, 200, 0.35)))
    print(write("failure.wav", tone(329.63, 160, 0.25) + gap + tone(261.63, 260, 0.25)))
    three = (tone(880.0, 90, 0.3) + gap) * 3
    print(write("alert.wav", three + [0] * (RATE * 150 // 1000) + three))


if __name__ == "__main__":
    main()
