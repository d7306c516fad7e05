"""The site's template keys: what seals face passes, shared by every kiosk of a site.

The keyring lives in the data folder (``site-keys.json``, mode 0600), apart from the
database key. One key is current (new passes are sealed with it); rotating makes a new
one current and retires the old one, whose passes keep working for the configured grace
period and are then refused with "renew". ``export_keyring`` wraps the whole keyring
with a passphrase (argon2id, then AES-256-GCM) so that another kiosk can join the site.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.errors import ConfigError, KioskError, PassRefusedError, Refusal, WrongKeyError
from kiosk.inputs import loads, read_json
from kiosk.store.keys import write_key_file

FILE_NAME = "site-keys.json"
EXPORT_FORMAT = "kiosk-site-keys"
KDF = {"name": "argon2id", "time_cost": 3, "memory_kib": 65536, "parallelism": 1}
PASSPHRASE_ENV = "KIOSK_SITE_PASSPHRASE"
MIN_PASSPHRASE = 10


@dataclass(frozen=True)
class SiteKey:
    key_id: bytes  # 4 bytes, written on every pass
    secret: bytes  # 32 bytes
    created: str
    retired: str | None = None  # when another key became current

    @property
    def name(self) -> str:
        return self.key_id.hex()

    def usable(self, grace_days: int, now: datetime) -> bool:
        return self.retired is None or now < datetime.fromisoformat(self.retired) + timedelta(days=grace_days)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _new_key() -> SiteKey:
    return SiteKey(secrets.token_bytes(4), secrets.token_bytes(32), _now())


MAX_EXPORT_BYTES = 1024 * 1024  #: a site-key export holds a few keys: a larger file is not one


def _to_json(keys: list[SiteKey]) -> str:
    return json.dumps({"format": 1, "keys": [
        {"id": k.name, "secret": k.secret.hex(), "created": k.created, "retired": k.retired} for k in keys]})


def _from_json(text: str, source: str) -> list[SiteKey]:
    data = loads(text, source, "a site keyring", error=ConfigError)  # bounded depth: even a decrypted keyring
    try:
        keys = [SiteKey(bytes.fromhex(k["id"]), bytes.fromhex(k["secret"]), str(k["created"]), k.get("retired"))
                for k in data["keys"]]
    except (ValueError, KeyError, TypeError):
        raise ConfigError(f"{source} is not a site keyring.", remedy="Restore it from a site-key export.") from None
    if not keys or any(len(k.key_id) != 4 or len(k.secret) != 32 for k in keys) or sum(k.retired is None for k in keys) != 1:
        raise ConfigError(f"{source} is not a valid site keyring.", remedy="Restore it from a site-key export.")
    return keys


class SiteKeyring:
    """The keys in ``data_dir/site-keys.json``. Created with its first key on first use."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FILE_NAME

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def keys(self) -> list[SiteKey]:
        if not self.path.exists():
            return []
        return _from_json(self.path.read_text(encoding="utf-8"), str(self.path))

    def _save(self, keys: list[SiteKey]) -> None:
        write_key_file(self.path, _to_json(keys))

    def current(self, create: bool = True) -> SiteKey:
        keys = self.keys()
        if not keys:
            if not create:
                raise PassRefusedError(Refusal.NO_SITE_KEY)
            keys = [_new_key()]
            self._save(keys)
        return next(k for k in keys if k.retired is None)

    def get(self, key_id: bytes) -> SiteKey | None:
        return next((k for k in self.keys() if k.key_id == key_id), None)

    def rotate(self) -> SiteKey:
        """Make a new key current; the old one is retired now (its passes work through the grace)."""
        keys = [k if k.retired else replace(k, retired=_now()) for k in self.keys()]
        new = _new_key()
        self._save(keys + [new])
        return new

    # -- joining a site ---------------------------------------------------------------
    def export(self, out: Path, passphrase: str) -> int:
        keys = self.keys()
        if not keys:
            raise KioskError("This kiosk has no site key yet.", remedy="Run 'kiosk site-key rotate' or enroll a pass first.")
        write_key_file(out, json.dumps(wrap(_to_json(keys).encode(), passphrase)))
        return len(keys)

    def import_(self, path: Path, passphrase: str) -> SiteKey:
        """Join the site in ``path``: its keys are added and its current key becomes current here;
        this kiosk's own keys are kept, retired (their passes keep their grace period)."""
        wrapped = read_json(Path(path), "a site-key export", max_bytes=MAX_EXPORT_BYTES)  # bounded: size and depth
        incoming = _from_json(unwrap(wrapped, passphrase).decode(), str(path))
        ids = {k.key_id for k in incoming}
        own = [k if k.retired else replace(k, retired=_now()) for k in self.keys() if k.key_id not in ids]
        self._save(own + incoming)
        return next(k for k in incoming if k.retired is None)


def _kek(passphrase: str, salt: bytes, kdf: dict) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=int(kdf["time_cost"]),
                           memory_cost=int(kdf["memory_kib"]), parallelism=int(kdf["parallelism"]), hash_len=32,
                           type=Type.ID)


def wrap(secret: bytes, passphrase: str) -> dict:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KioskError(f"The passphrase is too short (at least {MIN_PASSPHRASE} characters).",
                         remedy="Choose a longer passphrase.")
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use

    salt, nonce = os.urandom(16), os.urandom(12)
    head = {"format": EXPORT_FORMAT, "version": 1, "kdf": KDF, "salt": base64.b64encode(salt).decode()}
    aad = json.dumps(head, sort_keys=True).encode()
    box = AESGCM(_kek(passphrase, salt, KDF)).encrypt(nonce, secret, aad)
    return head | {"nonce": base64.b64encode(nonce).decode(), "sealed": base64.b64encode(box).decode()}


def unwrap(wrapped: dict, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        head = {k: wrapped[k] for k in ("format", "version", "kdf", "salt")}
        if head["format"] != EXPORT_FORMAT or head["version"] != 1 or head["kdf"].get("name") != "argon2id":
            raise ValueError(head["format"])
        kdf = head["kdf"]
        if not (1 <= int(kdf["time_cost"]) <= 20 and 8192 <= int(kdf["memory_kib"]) <= 1 << 21 and 1 <= int(kdf["parallelism"]) <= 8):
            raise ValueError("kdf parameters out of range")
        salt, nonce = base64.b64decode(head["salt"]), base64.b64decode(wrapped["nonce"])
        box = base64.b64decode(wrapped["sealed"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise KioskError("This file is not a site-key export.", remedy="Use the file made by 'kiosk site-key export'.") from None
    try:
        return AESGCM(_kek(passphrase, salt, kdf)).decrypt(nonce, box, json.dumps(head, sort_keys=True).encode())
    except (InvalidTag, ValueError):
        raise WrongKeyError("Wrong passphrase, or the file was altered.", remedy="Type the passphrase used for the export.") from None
