"""The site's template keys: what seals face passes, shared by every kiosk of a site.

The keyring lives in the data folder (``site-keys.json``, mode 0600), apart from the
database key. One key is current (new passes are sealed with it); rotating makes a new
one current and retires the old one, whose passes keep working for the configured grace
period and are then refused with "renew". ``export_keyring`` wraps the whole keyring
with a passphrase (argon2id, then AES-256-GCM) so that another kiosk can join the site.

The keyring file is read only when it is private to the kiosk user (0600): one readable by
group or others is refused with the chmod that fixes it, as it may already have been copied.
An export is read with key-derivation settings inside :data:`KDF_LIMITS`, so that one guess
at an export, honest or crafted, costs this kiosk at most about a second and 256 MB. The
passphrase of an export must be strong by zxcvbn's estimate (:func:`check_passphrase`).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.errors import ConfigError, KioskError, PassRefusedError, Refusal, WrongKeyError
from kiosk.files import check_target, write_private
from kiosk.inputs import loads, read_json
from kiosk.store.keys import write_key_file

FILE_NAME = "site-keys.json"
EXPORT_FORMAT = "kiosk-site-keys"
KDF = {"name": "argon2id", "time_cost": 3, "memory_kib": 65536, "parallelism": 1}
PASSPHRASE_ENV = "KIOSK_SITE_PASSPHRASE"
#: zxcvbn's score (0-4) a passphrase must reach. An export leaves the kiosk (a USB stick, a
#: mail), so whoever copies it can guess offline without limit: score 4 means at least 10^10
#: guesses by zxcvbn's estimate, about 80 core-years at 0.25 s of CPU per guess (the export's
#: argon2id cost). Score 3 (10^8) would be under one core-year: a month on ten cores.
MIN_SCORE = 4
_ZXCVBN_MAX = 72  # zxcvbn refuses longer input; a longer passphrase is judged by its first 72 characters
_HINTS = ["kiosk", "site", "key", "keys", "passphrase", "password", "export", "zoo", "museum"]
#: What an importer accepts: at most 192 MiB of memory, and time_cost x memory_kib at most
#: twice the export's own (3 x 64 MiB), so that one guess costs this kiosk at most about a
#: second of CPU and 256 MB of memory, the process included (measured: README, "Site keys").
KDF_LIMITS = {"time_cost": (1, 48), "memory_kib": (8192, 196608), "parallelism": (1, 4)}
KDF_WORK_MAX = 2 * 3 * 65536  # time_cost * memory_kib
_KEYRING_MAX = 1 << 20  # a keyring of a few keys is a few hundred bytes


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
    if (not keys or any(len(k.key_id) != 4 or len(k.secret) != 32 for k in keys) or sum(k.retired is None for k in keys) != 1
            or len({k.key_id for k in keys}) != len(keys)):  # one key per id: the id on a pass names one key
        raise ConfigError(f"{source} is not a valid site keyring.", remedy="Restore it from a site-key export.")
    return keys


@dataclass(frozen=True)
class KeyImport:
    current: SiteKey  # the key current here now
    changed: bool  # False: every key of the file was here already, with the same material


class SiteKeyring:
    """The keys in ``data_dir/site-keys.json``. Created with its first key on first use."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FILE_NAME

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def keys(self) -> list[SiteKey]:
        if not self.path.exists() and not self.path.is_symlink():
            return []
        return _from_json(read_private_keyring(self.path), str(self.path))

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
        check_target(out)  # refused before the slow key derivation
        text = json.dumps(wrap(_to_json(keys).encode(), passphrase))
        try:
            write_private(out, text)  # 0600, atomic, never through a link or a planted temporary file
        except OSError as exc:
            raise KioskError(f"Cannot write {out}: {exc.strerror or exc}.", remedy="Choose a folder you can write to.") from None
        return len(keys)

    def import_(self, path: Path, passphrase: str) -> KeyImport:
        """Join the site in ``path``: its keys are added and its current key becomes current here;
        this kiosk's own keys are kept, retired (their passes keep their grace period).

        A key id of the file that is already here with other key material is refused, and
        nothing changes: the id is printed on every pass, so a file that reused it could
        otherwise replace the key that opens them. A file whose keys are all here already
        (the same export again, or an older one) changes nothing."""
        wrapped = read_json(Path(path), "a site-key export", max_bytes=MAX_EXPORT_BYTES)  # bounded: size and depth
        incoming = _from_json(unwrap(wrapped, passphrase).decode(), str(path))
        here = {k.key_id: k for k in self.keys()}
        clash = [k.name for k in incoming if k.key_id in here and here[k.key_id].secret != k.secret]
        if clash:
            raise KioskError(
                f"{path} holds site key {', '.join(clash)} with other key material than this kiosk's key of that id; "
                "nothing was imported.",
                remedy="Import only exports made by this site's kiosks; if this kiosk belongs to another site, "
                       "ask its administrator.")
        if all(k.key_id in here for k in incoming):  # this kiosk's current key stays current
            return KeyImport(next(k for k in here.values() if k.retired is None), changed=False)
        new_current = next(k for k in incoming if k.retired is None)
        ids = {k.key_id for k in incoming}
        own = [k if k.retired else replace(k, retired=_now()) for k in here.values() if k.key_id not in ids]
        self._save(own + incoming)
        return KeyImport(new_current, changed=True)


def read_private_keyring(path: Path) -> str:
    """The keyring's text: a regular file (not a link) of the kiosk user, readable by nobody else."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"The site keyring {path} is not a regular file.",
                              remedy="Restore it from a site-key export ('kiosk site-key import').")
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            raise ConfigError(f"The site keyring {path} is readable by other users (mode {mode:o}); it was not used.",
                              remedy=f"Run 'chmod 600 {path}' (and rotate the site key if others may have copied it).")
        if st.st_uid != os.getuid():
            raise ConfigError(f"The site keyring {path} belongs to another user; it was not used.",
                              remedy=f"Run 'chown' on {path} to give it to the kiosk user.")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(_KEYRING_MAX + 1)
    except OSError as exc:
        raise ConfigError(f"Cannot read the site keyring {path}: {exc.strerror}.",
                          remedy="Check the data folder and its permissions.") from None
    if len(data) > _KEYRING_MAX:
        raise ConfigError(f"The site keyring {path} is far too long.", remedy="Restore it from a site-key export.")
    return data.decode("utf-8", errors="replace")


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase that zxcvbn scores below :data:`MIN_SCORE`, with its advice in one line."""
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:_ZXCVBN_MAX], user_inputs=_HINTS)
    if result["score"] >= MIN_SCORE:
        return
    feedback = result.get("feedback") or {}
    advice = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
    said = " ".join(a.strip() for a in advice if a and a.strip()) or "Add another word or two. Uncommon words are better."
    raise KioskError(f"The passphrase is too easy to guess (strength {result['score']} of 4, "
                              f"at least {MIN_SCORE} needed). {said}",
                              remedy="Choose another passphrase.")


def kdf_in_limits(kdf: dict) -> bool:
    """The argon2id settings are within what an importer spends on one guess (:data:`KDF_LIMITS`)."""
    try:
        values = {name: kdf[name] for name in KDF_LIMITS}
    except (KeyError, TypeError):
        return False
    if not all(type(v) is int for v in values.values()):  # never a float, a string or a bool
        return False
    return (all(lo <= values[name] <= hi for name, (lo, hi) in KDF_LIMITS.items())
            and values["time_cost"] * values["memory_kib"] <= KDF_WORK_MAX)


def _kek(passphrase: str, salt: bytes, kdf: dict) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    if not kdf_in_limits(kdf):  # never spend more than the limits on one guess, whoever asks
        raise KioskError("The key-derivation settings are beyond what this kiosk accepts.",
                         remedy="Use the file made by 'kiosk site-key export'.")
    return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=int(kdf["time_cost"]),
                           memory_cost=int(kdf["memory_kib"]), parallelism=int(kdf["parallelism"]), hash_len=32,
                           type=Type.ID)


def wrap(secret: bytes, passphrase: str) -> dict:
    check_passphrase(passphrase)
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
        salt, nonce = base64.b64decode(head["salt"]), base64.b64decode(wrapped["nonce"])
        box = base64.b64decode(wrapped["sealed"])
        if len(salt) < 8 or len(nonce) != 12:
            raise ValueError("salt or nonce")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise KioskError("This file is not a site-key export.", remedy="Use the file made by 'kiosk site-key export'.") from None
    if not kdf_in_limits(kdf):
        limits = ", ".join(f"{name} {lo}-{hi}" for name, (lo, hi) in KDF_LIMITS.items())
        raise KioskError(f"The export's key-derivation settings are beyond what this kiosk accepts ({limits}, "
                         f"time_cost x memory_kib at most {KDF_WORK_MAX}); nothing was tried.",
                         remedy="Export the keys again with 'kiosk site-key export' (it writes settings within these).")
    try:
        return AESGCM(_kek(passphrase, salt, kdf)).decrypt(nonce, box, json.dumps(head, sort_keys=True).encode())
    except MemoryError:
        raise KioskError("Not enough memory to derive the key of this export.",
                         remedy="Close other programs and try again.") from None
    except (InvalidTag, ValueError):
        raise WrongKeyError("Wrong passphrase, or the file was altered.", remedy="Type the passphrase used for the export.") from None
