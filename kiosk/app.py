"""The composition root: the one place that wires settings, store, engine and services.

Everything else receives its collaborators, so tests pass a fake engine or a
temporary data folder here and get the same kiosk.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kiosk.biometrics.engine import FaceEngine
from kiosk.config import Paths, Settings, default_data_dir
from kiosk.domain.faces import FaceService
from kiosk.domain.members import Pins
from kiosk.liveness.check import LivenessCheck
from kiosk.liveness.passive import PassiveModel
from kiosk.domain.passes import PassService
from kiosk.store.db import Store, open_store

if TYPE_CHECKING:
    from kiosk.camera.encoder import Encoder


@dataclass
class Kiosk:
    paths: Paths
    store: Store
    engine: FaceEngine
    clock: Callable[[], datetime] | None = None  # None: the wall clock (UTC); tests inject one
    faces: FaceService = field(init=False)
    pins: Pins = field(init=False)
    passive_model: PassiveModel = field(default_factory=PassiveModel)  # loads on first use (sha256 checked)
    passes: PassService = field(init=False)
    _settings: Settings | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.passes = PassService(self)
        self.faces = FaceService(self.store, self.engine, lambda: self.settings, self.clock, self.passes)
        s = self.settings
        self.pins = Pins(self.store, s.pin_max_failures, s.pin_lock_base_s)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self.store.settings.load()
        return self._settings

    def save_settings(self, settings: Settings, actor: str) -> dict:
        with self.store.transaction():  # the settings and their audit records: all or nothing
            changed = self.store.settings.save(settings)
            for name, (old, new) in changed.items():
                self.store.audit.append("setting_changed", actor, name, old=str(old)[:200], new=str(new)[:200])
        self._settings = settings
        self.pins.max_failures, self.pins.lock_base_s = settings.pin_max_failures, settings.pin_lock_base_s
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


def make_engine(settings: Settings | None = None) -> FaceEngine:
    from kiosk.biometrics.dlib_engine import DlibEngine

    s = settings or Settings()
    return DlibEngine(live_min_face_fraction=s.min_face_fraction)


def make_encoder(kiosk: Kiosk) -> "Encoder":
    """The encoder for the capture pipeline: the dlib engine encodes in a supervised child
    process (it holds the GIL for its whole encoding); any other engine on the caller's thread."""
    from kiosk.camera.encoder import InProcessEncoder, ProcessEncoder

    if type(kiosk.engine).__module__ == "kiosk.biometrics.dlib_engine":
        settings = kiosk.settings
        return ProcessEncoder(functools.partial(make_engine, settings)).start()  # models load in the child meanwhile
    return InProcessEncoder(kiosk.engine)


def create(
    data_dir: Path | None = None,
    *,
    key_file: Path | None = None,
    engine: FaceEngine | None = None,
    init: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> Kiosk:
    """Open (with ``init``, create) the kiosk in ``data_dir``. The engine's models load lazily."""
    paths = Paths(Path(data_dir) if data_dir else default_data_dir(), key_file)
    store = open_store(paths, create=init)
    try:
        eng = engine or make_engine(store.settings.load())
        return Kiosk(paths, store, eng, clock)
    except BaseException:
        store.close()
        raise
