"""Plain face_recognition, used as its README teaches, on the same frames and clip.

``face_recognition`` loads every model and may call ``quit()`` when it is imported, so it
is imported here, inside the functions, and only by the bench.
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from kiosk.bench.measure import decode_jpeg, ms, rate
from kiosk.camera.source import MemorySource
from kiosk.errors import CameraError


def _api():
    import face_recognition

    return face_recognition


def per_frame(frames: list[np.ndarray], template: np.ndarray | None, threshold: float) -> dict:
    """decode + face_locations (HOG, upsample 1, full frame) + face_encodings + distance, per frame."""
    fr = _api()
    t = []
    for frame in frames:
        jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])[1]
        t0 = time.perf_counter()
        rgb = cv2.cvtColor(decode_jpeg(jpeg), cv2.COLOR_BGR2RGB)
        locs = fr.face_locations(rgb)
        encs = fr.face_encodings(rgb, locs)
        if template is not None and encs:
            bool((fr.face_distance(encs, template) <= threshold).any())
        t.append(time.perf_counter() - t0)
    return ms(t)


def decisions(clip: list[np.ndarray], lead_in: int, template: np.ndarray, threshold: float, needed: int, trials: int) -> dict:
    """The README's loop on the file camera: newest frame, locate, encode, compare; ``needed`` matches in a row."""
    fr = _api()
    lat, fps = [], []
    for _ in range(trials):
        src = MemorySource(clip, 30.0, realtime=True, loop=False)
        streak, shown = 0, []
        while streak < needed:
            try:
                frame = src.read()
            except CameraError:  # the clip ended without a decision
                break
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            encs = fr.face_encodings(rgb, fr.face_locations(rgb))
            hit = bool(encs) and bool((fr.face_distance(encs, template) <= threshold).any())
            streak = streak + 1 if hit else 0
            shown.append(time.monotonic())  # its preview shows the frame it has just processed
        end, face_at = time.monotonic(), src.pacer.due_time(lead_in)
        if streak >= needed:
            lat.append(end - face_at)
        fps.append(rate([s for s in shown if s >= face_at]))
    return {"decision": ms(lat), "preview_fps": round(float(np.median(fps)), 1)}
