"""Face-pass codes: the text form (``KP1:`` + base45, RFC 9285) that keyboard-wedge scanners
type, and the QR code that holds the same text (segno, error correction M, alphanumeric mode).

Base45 uses only the QR code's alphanumeric characters, so the QR code stays small and a
scanner that types a US keyboard layout produces exactly the same text.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from kiosk.errors import KioskError, PassRefusedError, Refusal
from kiosk.files import check_target, write_private

PREFIX = "KP1:"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
MAX_QR_VERSION = 11
MAX_TEXT = 400  # longer than any pass code; scanners and text fields may cut at this


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        out += [ALPHABET[n % 45], ALPHABET[n // 45 % 45], ALPHABET[n // 2025]]
    if len(data) % 2:
        out += [ALPHABET[data[-1] % 45], ALPHABET[data[-1] // 45]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    """Bytes of a base45 text; ``ValueError`` on any character or group that is not valid."""
    try:
        values = [_VALUE[c] for c in text]
    except KeyError:
        raise ValueError("not base45") from None
    if len(values) % 3 == 1:
        raise ValueError("base45 length")
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        n = sum(v * 45 ** k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise ValueError("base45 group")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise ValueError("base45 group")
            out.append(n)
    return bytes(out)


def looks_like_pass(text: str) -> bool:
    return text.strip().upper().startswith(PREFIX)


def to_text(payload: bytes) -> str:
    return PREFIX + b45encode(payload)


def from_text(text: str) -> bytes:
    """The payload in a scanned or typed code, or ``PassRefusedError(UNREADABLE)``."""
    t = text.strip()
    if len(t) > MAX_TEXT or not t.upper().startswith(PREFIX):
        raise PassRefusedError(Refusal.UNREADABLE)
    try:
        return b45decode(t[len(PREFIX):].upper())
    except ValueError:
        raise PassRefusedError(Refusal.UNREADABLE) from None


# -- QR codes -------------------------------------------------------------------------------
def qr(text: str):
    """The segno QR code for a pass code (error correction M, never above version 11)."""
    import segno

    code = segno.make_qr(text, error="m", boost_error=False, mode="alphanumeric")
    if int(code.version) > MAX_QR_VERSION:
        raise KioskError(f"The pass code needs QR version {code.version}.", remedy="Use a shorter member number.")
    return code


def qr_image(text: str, scale: int = 4, border: int = 4) -> np.ndarray:
    """The QR code as a grey image in memory (uint8, 0 black / 255 white)."""
    import cv2

    buf = io.BytesIO()
    qr(text).save(buf, kind="png", scale=scale, border=border)
    image = cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None  # segno always writes a valid PNG
    return np.asarray(image, np.uint8)


QR_SUFFIXES = (".png", ".pdf")


def check_qr_output(out: Path) -> None:
    """Refuse, before anything is done, a pass output the kiosk cannot write: a suffix other
    than .png or .pdf, a link, a folder, or a place where no file can be created."""
    out = Path(out)
    if out.suffix.lower() not in QR_SUFFIXES:
        raise KioskError(f"Cannot write {out.name}: only .png and .pdf are supported.", remedy="Use FILE.png or FILE.pdf.")
    check_target(out)
    folder = out.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folders still to be made: the nearest existing one must take them
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise KioskError(f"Cannot write {out}: {folder} is not a folder this user can write to.",
                         remedy="Choose a folder you can write to.")


def qr_bytes(text: str, kind: str, scale: int = 8) -> bytes:
    """The code as a PNG or PDF file's bytes (in memory; nothing else is on the page but the code)."""
    buf = io.BytesIO()
    qr(text).save(buf, kind=kind, scale=scale, border=4)
    return buf.getvalue()


def save_qr(text: str, out: Path, scale: int = 8) -> Path:
    """Write the code as PNG or PDF (by suffix): 0600, atomically, never through a link
    (:func:`kiosk.files.write_private`)."""
    out = Path(out)
    check_qr_output(out)
    data = qr_bytes(text, out.suffix.lower()[1:], scale)
    try:
        write_private(out, data)
    except OSError as exc:
        raise KioskError(f"Cannot write {out}: {exc.strerror or exc}.", remedy="Choose a folder you can write to.") from None
    return out


def detector():
    """OpenCV's ArUco-based QR detector: on pass codes (version 10-11) held up to a 640x480
    camera it reads small and slightly turned codes that the classic detector misses."""
    import cv2

    return cv2.QRCodeDetectorAruco()


def decode_frame(frame: np.ndarray, qr_detector=None) -> str | None:
    """The text of a QR code in a camera frame (BGR or grey), or None."""
    import cv2

    qr_detector = qr_detector or detector()
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    text, _, _ = qr_detector.detectAndDecode(gray)
    return text.strip() or None


def read_code_file(path: Path) -> str:
    """The pass code in an image file (PNG of the code, a photo of it). The file goes through
    the hardened photo reader: an empty file, a non-image or a decompression bomb is refused
    from its header, before anything is decoded."""
    from kiosk.camera.still import read_image

    text = decode_frame(read_image(Path(path)))
    if not text:
        raise PassRefusedError(Refusal.UNREADABLE)
    return text
