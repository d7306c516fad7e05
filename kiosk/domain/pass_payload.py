"""The face template sealed on the member's pass: a compact, versioned binary record.

Layout of format version 1 (big-endian)::

    in clear, authenticated as associated data
      1   format version (1)
      4   site key id
      1   n: length of the member number in UTF-8 (1-32)
      n   member number
      2   expiry: days since 2000-01-01
      12  nonce
    sealed with AES-256-GCM under the site's template key
      4   issue time: seconds since 2000-01-01 00:00 UTC
      8   consent reference: the enrolling kiosk's id (4) and its consent number (4)
      4   scale (float32)
      128 template, int8: value = q * scale
      16  authentication tag

The member number and expiry are readable without the key (a kiosk can claim the member
and say "expired" at once) but cannot be changed: they are part of the associated data.
178 bytes plus the member number, so at most 210. Only the site's kiosks can read the
template; nothing else here is biometric.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np

from kiosk.errors import PassRefusedError, Refusal

FORMAT_VERSION = 1
DIMENSIONS = 128
EPOCH = date(2000, 1, 1)
_EPOCH_DT = datetime(2000, 1, 1, tzinfo=timezone.utc)
_SEALED = struct.Struct(">IIIf")  # issue seconds, kiosk id, consent number, scale
_TAG = 16
_NONCE = 12
MAX_MEMBER_BYTES = 32
MAX_BYTES = 1 + 4 + 1 + MAX_MEMBER_BYTES + 2 + _NONCE + _SEALED.size + DIMENSIONS + _TAG


@dataclass(frozen=True)
class ConsentRef:
    """A consent, unique across a site: the enrolling kiosk's id and its consent number."""

    kiosk_id: int
    consent_no: int

    def __str__(self) -> str:
        return f"{self.kiosk_id:08x}-{self.consent_no}"

    @classmethod
    def parse(cls, text: str) -> "ConsentRef":
        kiosk, _, number = text.strip().partition("-")
        if len(kiosk) != 8 or not number.isdigit():
            raise ValueError(f"not a consent reference: {text!r}")
        return cls(int(kiosk, 16), int(number))


@dataclass(frozen=True)
class Header:
    """What anyone can read from a pass code (nothing biometric)."""

    version: int
    key_id: bytes
    member_no: str
    expires: date
    aad: bytes  # the bytes authenticated with the seal
    body: bytes  # nonce + ciphertext + tag


@dataclass(frozen=True)
class SealedPass:
    """The opened record. Holds the template: keep it in memory for one comparison only."""

    member_no: str
    key_id: bytes
    issued: datetime
    expires: date
    consent: ConsentRef
    template: np.ndarray  # float32, dequantised


def quantise(template: np.ndarray) -> tuple[float, np.ndarray]:
    """(scale, int8 values) with value ~= q * scale; the largest component maps to +-127."""
    t = np.asarray(template, np.float32).reshape(-1)
    if t.shape != (DIMENSIONS,) or not np.all(np.isfinite(t)):
        raise ValueError(f"a template has {DIMENSIONS} finite values")
    scale = float(np.float32(max(float(np.abs(t).max()), 1e-12) / 127.0))
    return scale, np.clip(np.rint(t / scale), -127, 127).astype(np.int8)


def dequantise(scale: float, q: np.ndarray) -> np.ndarray:
    return (q.astype(np.float32) * np.float32(scale)).astype(np.float32)


def _days(d: date) -> int:
    n = (d - EPOCH).days
    if not 0 <= n <= 0xFFFF:
        raise ValueError(f"date out of range: {d}")
    return n


def seal(key_id: bytes, key: bytes, member_no: str, template: np.ndarray, *, issued: datetime,
         expires: date, consent: ConsentRef, nonce: bytes | None = None) -> bytes:
    """The sealed record. ``nonce`` is for reproducible samples under a throwaway key only: a
    nonce must never repeat under a real site key, so real passes always get a random one."""
    member = member_no.encode("utf-8")
    if not 1 <= len(member) <= MAX_MEMBER_BYTES or len(key_id) != 4:
        raise ValueError("member number must be 1-32 bytes and the key id 4 bytes")
    aad = struct.pack(">B4sB", FORMAT_VERSION, key_id, len(member)) + member + struct.pack(">H", _days(expires))
    seconds = int((issued - _EPOCH_DT).total_seconds())
    scale, q = quantise(template)
    plain = _SEALED.pack(seconds, consent.kiosk_id, consent.consent_no, scale) + q.tobytes()
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use: kiosk start-up stays quick

    nonce = nonce or os.urandom(_NONCE)
    return aad + nonce + AESGCM(key).encrypt(nonce, plain, aad)


def peek(payload: bytes) -> Header:
    """The clear part, or :class:`PassRefusedError` (UNREADABLE / VERSION)."""
    if len(payload) < 6:
        raise PassRefusedError(Refusal.UNREADABLE)
    version, key_id, n = struct.unpack_from(">B4sB", payload)
    if version != FORMAT_VERSION:
        raise PassRefusedError(Refusal.VERSION if version > FORMAT_VERSION else Refusal.UNREADABLE)
    end = 6 + n + 2
    if not 1 <= n <= MAX_MEMBER_BYTES or len(payload) != end + _NONCE + _SEALED.size + DIMENSIONS + _TAG:
        raise PassRefusedError(Refusal.UNREADABLE)
    try:
        member_no = payload[6:6 + n].decode("utf-8")
    except UnicodeDecodeError:
        raise PassRefusedError(Refusal.TAMPERED) from None
    (days,) = struct.unpack_from(">H", payload, 6 + n)
    return Header(version, key_id, member_no, EPOCH + timedelta(days=days), payload[:end], payload[end:])


def unseal(header: Header, key: bytes) -> SealedPass:
    """Open the sealed part with the site key named in the header; TAMPERED when it fails."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce, sealed = header.body[:_NONCE], header.body[_NONCE:]
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, header.aad)
    except InvalidTag:
        raise PassRefusedError(Refusal.TAMPERED) from None
    seconds, kiosk_id, consent_no, scale = _SEALED.unpack_from(plain)
    if not np.isfinite(scale) or scale <= 0:
        raise PassRefusedError(Refusal.TAMPERED)
    template = dequantise(scale, np.frombuffer(plain, np.int8, DIMENSIONS, _SEALED.size))
    issued = _EPOCH_DT + timedelta(seconds=seconds)
    return SealedPass(header.member_no, header.key_id, issued, header.expires, ConsentRef(kiosk_id, consent_no), template)
