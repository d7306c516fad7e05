"""Encrypted local store (SQLCipher through sqlcipher3, accessed with sqlite-utils)."""

from kiosk.store.db import Store, open_store

__all__ = ["Store", "open_store"]
