"""The composition root: the one place that wires settings, store, engine and services.

:func:`create` opens the kiosk's core (store, engine, services); :func:`create_runtime`
(or :func:`build_runtime` around an open kiosk) adds what a running kiosk needs: the
encoder, the gate, the retention purge schedule and the runtime status for staff.
Everything else receives its collaborators, so tests pass a fake engine, a fake gate, a
clock or a temporary data folder here and get the same kiosk.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kiosk.biometrics.engine import FaceEngine
from kiosk.camera.encoder import Encoder, InProcessEncoder, ProcessEncoder
from kiosk.config import Paths, Settings, default_data_dir
from kiosk.core import Kiosk, StoredSettings
from kiosk.domain.faces import FaceService
from kiosk.domain.members import Pins
from kiosk.domain.passes import PassService
from kiosk.domain.proofs import ProofLedger, keypad_limit
from kiosk.runtime import PurgeSchedule, RuntimeStatus
from kiosk.store.db import Store, open_store

if TYPE_CHECKING:
    from kiosk.site.sync import SyncWorker


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
    site: "SyncWorker | None" = None  # the exchange with the site, on a kiosk of a site (kiosk.site)

    def close(self) -> None:
        try:
            if self.site is not None:
                self.site.stop()
            self.encoder.close()
        finally:
            self.kiosk.close()


def build_runtime(kiosk: Kiosk, *, encoder: Encoder | None = None, gate: Callable[[str], bool] | None = None,
                  clock: Callable[[], datetime] | None = None) -> KioskRuntime:
    """The runtime around an open kiosk; what is not given is chosen here."""
    now = clock or kiosk.clock or utc_now
    return KioskRuntime(kiosk, encoder or make_encoder(kiosk), gate or make_gate(kiosk), PurgeSchedule(now),
                        RuntimeStatus(now), now, start_site_sync(kiosk))


def start_site_sync(kiosk: Kiosk) -> "SyncWorker | None":
    """On a kiosk of a site (``site.json`` in its data folder), the exchange with the site in its
    own thread; a standalone kiosk imports nothing of the site."""
    if not (kiosk.paths.data_dir / "site.json").exists():
        return None
    from kiosk.site import load_link
    from kiosk.site.sync import SyncWorker

    link = load_link(kiosk.paths.data_dir)
    return SyncWorker(kiosk.store, link).start() if link is not None else None


def refuse_office_seat(data_dir: Path | None) -> None:
    """Raises :class:`kiosk.errors.SiteError` for the folder of a site's office console seat (no
    camera, no gate): the visitor kiosk never runs there. A standalone kiosk imports nothing of the site."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    if (folder / "site.json").exists():
        from kiosk.site import refuse_office_seat as refuse

        refuse(folder)


def assemble(paths: Paths, store: Store, engine: FaceEngine, clock: Callable[[], datetime] | None = None,
             engine_factory: Callable[[], FaceEngine] | None = None) -> Kiosk:
    """The kiosk over an open store: each service built with the collaborators it uses."""
    settings = StoredSettings(store)
    passes = PassService(paths.data_dir, store, settings)
    proofs = ProofLedger(lambda: keypad_limit(settings()))
    faces = FaceService(store, engine, settings, clock, passes)
    s = settings()
    pins = Pins(store, s.pin_max_failures, s.pin_lock_base_s)
    return Kiosk(paths, store, engine, settings, faces, pins, passes, proofs, clock, engine_factory)


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
        return assemble(paths, store, engine, clock, factory)
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
    """:func:`create` and :func:`build_runtime` in one: what ``kiosk`` (the full-screen kiosk) runs.
    Refuses an office console seat's folder (:func:`refuse_office_seat`)."""
    refuse_office_seat(data_dir)
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
