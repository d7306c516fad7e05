"""Face templates kept at the site (``template_storage = site``): sealed under the site key.

A template enrolled at a kiosk of a site in site storage is sealed (AES-256-GCM under the
site's template key, a key of the site keyring :mod:`kiosk.domain.site_keys`) before it
leaves the kiosk, so the site's server holds only ciphertext. The associated data binds the
sealed template to its member, its consent and its expiry, so that a sealed template moved
onto another member's row, or given a later expiry, does not open.

Every kiosk of the site opens the templates it receives into its own encrypted store, where
the face check reads them as it reads its own: a visitor's check never waits on the server,
works offline, and a withdrawal deletes the local copy at once (:mod:`kiosk.site.apply`).

The site's template key is the one whose id the site's server publishes (a key id is not
secret: it is printed on every face pass); a kiosk learns it at each exchange and must hold
that key (``kiosk site-key import``, from an export of a kiosk of the site) to use site storage.
"""

from __future__ import annotations

import base64
from pathlib import Path

from kiosk.domain.site_keys import SiteKey, SiteKeyring
from kiosk.errors import ConfigError
from kiosk.store.db import Store

SITE_LINK_FILE = "site.json"  # kiosk.site.link.FILE_NAME: a data folder holding it belongs to a site
_AAD = b"kiosk-site-template/1"


def site_state(store: Store, key: str) -> str | None:
    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_state'"):
        return None
    rows = store.query("SELECT value FROM site_state WHERE key = ?", (key,))
    return rows[0][0] if rows else None


def is_site_template(store: Store, member_no: str) -> bool:
    """The member's template here is the site's (site storage), not this kiosk's own."""
    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_templates'"):
        return False
    return bool(store.query("SELECT 1 FROM site_templates WHERE member_no = ?", (member_no,)))


def template_key(store: Store, data_dir: Path) -> SiteKey | None:
    """The site's template key, when this kiosk holds it (None otherwise)."""
    key_id = site_state(store, "template_key")
    if not key_id:
        return None
    return SiteKeyring(data_dir).get(bytes.fromhex(key_id))


def require_site_storage(store: Store, data_dir: Path) -> SiteKey:
    """The key to seal with, or a one-line refusal saying what is missing."""
    if not (Path(data_dir) / SITE_LINK_FILE).exists():
        raise ConfigError("Site storage of face templates needs a kiosk that is part of a site.",
                          remedy="Join a site first ('kiosk site join'), or keep template_storage kiosk or pass.")
    key = template_key(store, data_dir)
    if key is None:
        key_id = site_state(store, "template_key")
        raise ConfigError(f"This kiosk does not hold the site's template key{f' {key_id}' if key_id else ''}.",
                          remedy="Import it from a kiosk of the site: 'kiosk site-key export' there, "
                                 "'kiosk site-key import FILE' here, then 'kiosk site sync'.")
    return key


def _aad(member_no: str, consent: str, model_id: str, expires: str, key_id: bytes) -> bytes:
    return b"\0".join([_AAD, member_no.encode(), consent.encode(), model_id.encode(), expires.encode(), key_id])


def seal(key: SiteKey, member_no: str, consent: str, template: bytes, model_id: str, expires: str) -> dict:
    """The body of a site change that carries a template: ciphertext and what it is bound to."""
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    box = AESGCM(key.secret).encrypt(nonce, template, _aad(member_no, consent, model_id, expires, key.key_id))
    return {"member_no": member_no, "consent": consent, "model_id": model_id, "expires": expires,
            "key": key.name, "nonce": base64.b64encode(nonce).decode(), "sealed": base64.b64encode(box).decode()}


def open_sealed(keyring: SiteKeyring, body: dict) -> bytes | None:
    """The template a change carries; None when this kiosk lacks its key. Raises
    :class:`ValueError` when the ciphertext or what it is bound to was altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key_id = bytes.fromhex(body["key"])
    key = keyring.get(key_id)
    if key is None:
        return None
    try:
        return AESGCM(key.secret).decrypt(base64.b64decode(body["nonce"]), base64.b64decode(body["sealed"]),
                                          _aad(body["member_no"], body["consent"], body["model_id"], body["expires"],
                                               key_id))
    except InvalidTag:
        raise ValueError("a sealed template does not open under its key: altered") from None
