"""The open kiosk: its data folder, store, engine, settings and domain services.

:class:`Kiosk` is what every operation in :mod:`kiosk.ops` takes. It lives in the core, below
the operations, so the layers above may import it; it builds nothing itself. The composition
root (:func:`kiosk.app.create`) builds each service with its collaborators (store, settings,
clock, engine) and hands them in, so a test can hand in another one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from kiosk.biometrics.engine import FaceEngine
from kiosk.config import Paths, Settings, TemplateStorage
from kiosk.domain.faces import FaceService
from kiosk.domain.members import Pins
from kiosk.domain.passes import PassService
from kiosk.domain.proofs import ProofLedger
from kiosk.domain.site_templates import require_site_storage
from kiosk.liveness.check import LivenessCheck
from kiosk.liveness.passive import PassiveModel
from kiosk.store.db import Store


class StoredSettings:
    """The settings as last read from the store; calling it returns them (read on first use).
    Services hold this callable, never a copy, so they follow every change."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._settings: Settings | None = None
        self._version: tuple[int, int] | None = None
        self._followers: list[Callable[[Settings], None]] = []

    def __call__(self) -> Settings:
        if self._settings is None:
            self.refresh()
        assert self._settings is not None
        return self._settings

    def follow(self, follower: Callable[[Settings], None]) -> None:
        """Call ``follower`` with the settings each time other settings are held."""
        self._followers.append(follower)

    def refresh(self) -> bool:
        """Read the settings again if the database changed since they were read (``kiosk
        settings set`` or staff at another kiosk process on the same data folder): one
        ``PRAGMA`` when nothing changed. True when the settings differ from those held."""
        with self.store.lock:
            version = self.store.version()
            if self._settings is not None and version == self._version:
                return False
            settings = self.store.settings.load()
            self._version = version
        if settings == self._settings:
            return False  # another table changed: what was built from the settings stays as it is
        self.use(settings)
        return True

    def use(self, settings: Settings) -> None:
        """Hold ``settings``; what was built from the old ones follows (everything else reads
        them when it needs a value)."""
        self._settings = settings
        for follower in self._followers:
            follower(settings)


@dataclass
class Kiosk:
    paths: Paths
    store: Store
    engine: FaceEngine
    stored_settings: StoredSettings
    faces: FaceService
    pins: Pins
    passes: PassService
    proofs: ProofLedger  # who visitors proved to be: issued by the checking ops, spent by check-in
    clock: Callable[[], datetime] | None = None  # None: the wall clock (UTC); tests inject one
    #: how to build the engine again in another process (set when :func:`kiosk.app.create` built it)
    engine_factory: Callable[[], FaceEngine] | None = None
    passive_model: PassiveModel = field(default_factory=PassiveModel)  # loads on first use (sha256 checked)

    def __post_init__(self) -> None:
        self.stored_settings.follow(self._follow)
        self._follow(self.settings)

    def _follow(self, settings: Settings) -> None:
        """What holds a copy of a setting follows: the PIN lock and the detector's scale for live frames."""
        self.pins.max_failures, self.pins.lock_base_s = settings.pin_max_failures, settings.pin_lock_base_s
        if hasattr(self.engine, "live_min_face_fraction"):
            setattr(self.engine, "live_min_face_fraction", settings.min_face_fraction)

    @property
    def settings(self) -> Settings:
        return self.stored_settings()

    def refresh_settings(self) -> bool:
        """See :meth:`StoredSettings.refresh`."""
        return self.stored_settings.refresh()

    def save_settings(self, settings: Settings, actor: str) -> dict:
        if settings.template_storage == TemplateStorage.SITE != self.store.settings.load().template_storage:
            require_site_storage(self.store, self.paths.data_dir)  # a kiosk of a site holding its key
        with self.store.transaction():  # the settings and their audit records: all or nothing
            changed = self.store.settings.save(settings)
            for name, (old, new) in changed.items():
                self.store.audit.append("setting_changed", actor, name, old=str(old)[:200], new=str(new)[:200])
        self.stored_settings.use(settings)
        return changed

    def liveness_check(self) -> LivenessCheck | None:
        """A fresh liveness check for one face step, as the settings say (None when off)."""
        return LivenessCheck.from_settings(self.settings, self.passive_model)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Kiosk":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
