"""Face-pass codes: payload size, QR version, and decoding from a 640x480 camera frame.

The frame is made in memory: the pass's QR code, slightly turned and blurred, with sensor
noise, on a grey background, about as large as a phone screen held up to the kiosk camera.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

import cv2
import numpy as np

from kiosk.domain import pass_codes, pass_payload
from kiosk.domain.pass_payload import ConsentRef


def sample_code(member_no: str = "M000123", seed: int = 7) -> str:
    """A pass code of the real size, sealed under a throwaway key with a random template (no face)."""
    rng = np.random.default_rng(seed)
    t = rng.normal(0, 0.09, pass_payload.DIMENSIONS).astype(np.float32)
    key_id, key, nonce = (rng.bytes(n) for n in (4, 32, 12))
    payload = pass_payload.seal(key_id, key, member_no, t, issued=datetime(2026, 11, 28, tzinfo=timezone.utc),
                                expires=date(2030, 1, 1), consent=ConsentRef(0x3FA2C91B, 12345), nonce=nonce)
    return pass_codes.to_text(payload)


def camera_frame(code: str, height: int = 260, angle: float = 6.0, seed: int = 1) -> np.ndarray:
    """A 640x480 BGR frame with the code ``height`` pixels tall, turned by ``angle`` degrees."""
    rng = np.random.default_rng(seed)
    img = pass_codes.qr_image(code, scale=4)
    img = cv2.resize(img, (height, height), interpolation=cv2.INTER_AREA)
    frame = np.full((480, 640), 140, np.uint8)
    y, x = (480 - height) // 2, (640 - height) // 2 + 40
    frame[y:y + height, x:x + height] = img
    turn = cv2.getRotationMatrix2D((x + height / 2, y + height / 2), angle, 1.0)
    turned = cv2.warpAffine(frame, turn, (640, 480), borderValue=140)
    blurred = cv2.GaussianBlur(turned, (3, 3), 0.8)
    noisy = blurred.astype(np.int16) + rng.normal(0, 4, (480, 640)).astype(np.int16)
    return cv2.cvtColor(np.clip(noisy, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def measure(reps: int = 30) -> dict:
    code = sample_code()
    payload = pass_codes.from_text(code)
    frame = camera_frame(code)
    detector = pass_codes.detector()
    times, ok = [], 0
    for _ in range(reps):
        t0 = time.perf_counter()
        text = pass_codes.decode_frame(frame, detector)
        times.append((time.perf_counter() - t0) * 1000)
        ok += text == code
    times.sort()
    return {
        "pass_payload_bytes": len(payload),
        "pass_payload_bytes_max": pass_payload.MAX_BYTES,
        "pass_text_chars": len(code),
        "pass_qr_version": pass_codes.qr(code).version,
        "pass_qr_version_max": pass_codes.qr(sample_code("X" * 32)).version,
        "pass_decode_ms_p50": round(times[len(times) // 2], 2),
        "pass_decode_ms_p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
        "pass_decoded": f"{ok}/{reps}",
    }
