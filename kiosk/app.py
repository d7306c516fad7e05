"""The composition root: the one place that wires settings, store, engine and services.

:func:`create` opens the kiosk's core (store, engine, services); :func:`create_runtime`
(or :func:`build_runtime` around an open kiosk) adds what a running kiosk needs: the
encoder, the gate, the retention purge schedule and the runtime status for staff.
Everything else receives its collaborators, so tests pass a fake engine, a fake gate, a
clock or a temporary data folder here and get the same kiosk.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kiosk.biometrics.engine import FaceEngine
from kiosk.config import Paths, Settings, default_data_dir
from kiosk.domain.faces import FaceService
from kiosk.domain.members import Pins
from kiosk.domain.proofs import ProofLedger, keypad_limit
from kiosk.liveness.check import LivenessCheck
from kiosk.liveness.passive import PassiveModel
from kiosk.domain.passes import PassService
from kiosk.runtime import PurgeSchedule, RuntimeStatus
from kiosk.store.db import Store, open_store
from kiosk.camera.encoder import Encoder, InProcessEncoder, ProcessEncoder


@dataclass
class Kiosk:
    paths: Paths
    store: Store
    engine: FaceEngine
    clock: Callable[[], datetime] | None = None  # None: the wall clock (UTC); tests inject one
    #: how to build the engine again in another process (set when :func:`create` built it)
    engine_factory: Callable[[], FaceEngine] | None = None
    faces: FaceService = field(init=False)
    pins: Pins = field(init=False)
    passive_model: PassiveModel = field(default_factory=PassiveModel)  # loads on first use (sha256 checked)
    passes: PassService = field(init=False)
    proofs: ProofLedger = field(init=False)  # who visitors proved to be: issued by the checking ops, spent by check-in
    _settings: Settings | None = field(default=None, init=False, repr=False)
    _settings_version: tuple[int, int] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.passes = PassService(self)
        self.proofs = ProofLedger(lambda: keypad_limit(self.settings))
        self.faces = FaceService(self.store, self.engine, lambda: self.settings, self.clock, self.passes)
        s = self.settings
        self.pins = Pins(self.store, s.pin_max_failures, s.pin_lock_base_s)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self.refresh_settings()
        assert self._settings is not None
        return self._settings

    def refresh_settings(self) -> bool:
        """Read the settings again if the database changed since they were read (``kiosk
        settings set`` or staff at another kiosk process on the same data folder): one
        ``PRAGMA`` when nothing changed. True when the settings differ from those held."""
        with self.store.lock:
            version = self.store.version()
            if self._settings is not None and version == self._settings_version:
                return False
            settings = self.store.settings.load()
            self._settings_version = version
        if settings == self._settings:
            return False  # another table changed: what was built from the settings stays as it is
        self._use(settings)
        return True

    def _use(self, settings: Settings) -> None:
        """Hold ``settings``; what was built from the old ones follows (everything else reads
        :attr:`settings` when it needs a value)."""
        self._settings = settings
        if hasattr(self, "pins"):
            self.pins.max_failures, self.pins.lock_base_s = settings.pin_max_failures, settings.pin_lock_base_s
        if hasattr(self.engine, "live_min_face_fraction"):  # the detector's scale for live frames
            setattr(self.engine, "live_min_face_fraction", settings.min_face_fraction)

    def save_settings(self, settings: Settings, actor: str) -> dict:
        with self.store.transaction():  # the settings and their audit records: all or nothing
            changed = self.store.settings.save(settings)
            for name, (old, new) in changed.items():
                self.store.audit.append("setting_changed", actor, name, old=str(old)[:200], new=str(new)[:200])
        self._use(settings)
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


def make_encoder(kiosk: Kiosk) -> Encoder:
    """The encoder for the capture pipeline. An engine the composition root built itself (the
    dlib engine: it holds the GIL for its whole encoding) encodes in a supervised child process
    that builds its own; an engine handed in (a fake, a test's) encodes on the caller's thread."""
    if kiosk.engine_factory is not None:
        return ProcessEncoder(kiosk.engine_factory).start()  # models load in the child meanwhile
    return InProcessEncoder(kiosk.engine)


def make_gate(kiosk: Kiosk) -> Callable[[str], bool]:
    """gate(method) -> opened; audited and alerted by :class:`kiosk.gate.Gate` when it fails."""
    from kiosk.gate import Gate

    gate = Gate(kiosk.store, lambda: kiosk.settings)
    return lambda method: gate.open(method).ok


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class KioskRuntime:
    """A running kiosk: its core and everything the screens need besides. Close it once."""

    kiosk: Kiosk
    encoder: Encoder
    gate: Callable[[str], bool]
    purge: PurgeSchedule
    status: RuntimeStatus
    clock: Callable[[], datetime]

    def close(self) -> None:
        try:
            self.encoder.close()
        finally:
            self.kiosk.close()


def build_runtime(kiosk: Kiosk, *, encoder: Encoder | None = None, gate: Callable[[str], bool] | None = None,
                  clock: Callable[[], datetime] | None = None) -> KioskRuntime:
    """The runtime around an open kiosk; what is not given is chosen here."""
    now = clock or kiosk.clock or utc_now
    return KioskRuntime(kiosk, encoder or make_encoder(kiosk), gate or make_gate(kiosk), PurgeSchedule(now),
                        RuntimeStatus(now), now)


def create(
    data_dir: Path | None = None,
    *,
    key_file: Path | None = None,
    engine: FaceEngine | None = None,
    engine_factory: Callable[[], FaceEngine] | None = None,
    init: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> Kiosk:
    """Open (with ``init``, create) the kiosk in ``data_dir``. The engine's models load lazily.
    Without ``engine`` the kiosk builds its own with ``engine_factory`` (default: the dlib engine
    with the stored settings), and the same factory builds the encoder child's engine."""
    paths = Paths(Path(data_dir) if data_dir else default_data_dir(), key_file)
    store = open_store(paths, create=init)
    try:
        factory: Callable[[], FaceEngine] | None = None
        if engine is None:
            factory = engine_factory or functools.partial(make_engine, store.settings.load())
            engine = factory()
        return Kiosk(paths, store, engine, clock, factory)
    except BaseException:
        store.close()
        raise


def create_runtime(
    data_dir: Path | None = None,
    *,
    key_file: Path | None = None,
    engine: FaceEngine | None = None,
    encoder: Encoder | None = None,
    gate: Callable[[str], bool] | None = None,
    init: bool = False,
    clock: Callable[[], datetime] | None = None,
) -> KioskRuntime:
    """:func:`create` and :func:`build_runtime` in one: what ``kiosk`` (the full-screen kiosk) runs."""
    kiosk = create(data_dir, key_file=key_file, engine=engine, init=init, clock=clock)
    try:
        return build_runtime(kiosk, encoder=encoder, gate=gate, clock=clock)
    except BaseException:
        kiosk.close()
        raise


def create_console(data_dir: Path | None = None, *, key_file: Path | None = None, engine: FaceEngine | None = None,
                   clock: Callable[[], datetime] | None = None) -> KioskRuntime:
    """What ``kiosk console`` (the staff area in the office) runs on: one kiosk's data folder,
    no camera, no encoder child and no gate (a console never opens one). The face models are
    never loaded: no staff screen compares faces."""
    kiosk = create(data_dir, key_file=key_file, engine=engine, clock=clock)
    try:
        return build_runtime(kiosk, encoder=InProcessEncoder(kiosk.engine), gate=lambda method: False, clock=clock)
    except BaseException:
        kiosk.close()
        raise
