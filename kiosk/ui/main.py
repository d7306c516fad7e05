"""Start the kiosk: the window around the runtime that :mod:`kiosk.app` builds (the one
composition root), with its executors, camera opener and languages."""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kiosk.domain.proofs import keypad_limit
from kiosk.domain.session import SessionMachine
from kiosk.ui.context import UiContext
from kiosk.ui.executor import DbExecutor
from kiosk.ui.i18n import Translations
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.app import KioskRuntime
    from kiosk.camera.source import FrameSource
    from kiosk.core import Kiosk

log = logging.getLogger(__name__)
FONT_FAMILIES = ["Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans", "sans-serif"]


def application() -> QApplication:
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setAutoSipEnabled(False)  # the window opens the on-screen keyboard for free-text fields only
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    app.setFont(font)
    return app


def build_window(
    kiosk: "Kiosk | KioskRuntime",
    *,
    camera: object = 0,
    open_source: Callable[[Any], FrameSource] | None = None,
    language: str | None = None,
    gate: Callable[[str], bool] | None = None,
    demo=None,
    encoder=None,
    inactivity_ms: int | None = None,
    face_timeout_s: float = 20.0,
    still: bool = False,
) -> KioskWindow:
    """The window around a runtime (:func:`kiosk.app.create_runtime`). Tests and screenshots
    pass an open kiosk and fakes instead; the composition root builds the rest of the runtime
    (:func:`kiosk.app.build_runtime`), and its owner closes it."""
    from kiosk.app import KioskRuntime, build_runtime

    opener: Callable[[Any], FrameSource]
    if open_source is not None:
        opener = open_source
    else:
        from kiosk.camera.source import open_source as opener
    runtime = kiosk if isinstance(kiosk, KioskRuntime) else build_runtime(kiosk, encoder=encoder, gate=gate)
    kiosk = runtime.kiosk
    app = application()
    machine = SessionMachine(face_retries=kiosk.settings.face_retries, proof_s=keypad_limit(kiosk.settings),
                             clock=lambda: kiosk.proofs.clock())
    translations = Translations(app)
    translations.set_language(language or kiosk.settings.languages[0])
    ctx = UiContext(
        runtime=runtime,
        machine=machine,
        db=DbExecutor(lambda: machine.generation, name="db-visitor"),
        staff_db=DbExecutor(lambda: machine.generation, name="db-staff"),
        models=DbExecutor(name="models"),
        gate_executor=DbExecutor(name="gate"),
        translations=translations,
        open_camera=lambda: opener(camera),
        demo=demo,
        face_timeout_s=face_timeout_s,
        still=still,
    )
    return KioskWindow(ctx, default_language=language, inactivity_ms=inactivity_ms)


def load_models(window, *, demo=None, on_ready=None, on_failed=None) -> None:
    """Load the face models on their own executor (``ctx.models``), never the database's, so
    that a member lookup at start-up is answered at once. The demo's enrolment encodes there
    too; only its few writes go through the database executor."""
    ctx = window.ctx
    kiosk, encoder = ctx.kiosk, ctx.encoder
    models = ctx.models or ctx.db

    def load() -> object:
        elsewhere = encodes_elsewhere(encoder)
        if elsewhere and hasattr(kiosk.engine, "load_detector"):
            kiosk.engine.load_detector()  # dlib's models hold the GIL while they load: only the child loads them
        else:
            kiosk.engine.load()
        encoder.wait_ready()
        if demo is not None:
            from kiosk.demo import demo_face_encoding

            return demo_face_encoding(kiosk, encoder if elsewhere else None)
        return None

    def loaded(encoding) -> None:
        if demo is None:
            if on_ready:
                on_ready()
            return
        from kiosk.demo import store_demo_face

        ctx.db.submit(lambda: store_demo_face(kiosk, demo, encoding), lambda _: on_ready and on_ready(),
                      on_failed, any_session=True)

    models.submit(load, loaded, on_failed, any_session=True)


def encodes_elsewhere(encoder) -> bool:
    """True when ``encoder`` encodes in its own process, so this one never loads the encoder's models."""
    from kiosk.camera.encoder import ProcessEncoder

    return isinstance(encoder, ProcessEncoder)


@functools.cache
def _process_start() -> float:
    try:
        import psutil  # imported before the first screen: importing it later would stall the UI

        return psutil.Process().create_time()
    except Exception:  # noqa: BLE001 - no process start time: count from now
        return time.time() - time.perf_counter()


def _since_start() -> float:
    return time.time() - _process_start()


def quit_on_signals(app: QApplication) -> None:
    """SIGTERM (systemd stop: exit status 0) and SIGINT (Ctrl-C: 130) end the event loop, so the database closes cleanly
    and the demo folder is removed. Python runs signal handlers only between bytecodes, so a
    timer hands control to the interpreter a few times a second."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda s, _f: app.exit(130 if s == signal.SIGINT else 0))  # exit(): the window vetoes close
    tick = QTimer(app)
    tick.timeout.connect(lambda: None)
    tick.start(250)


def wants_full_screen(args) -> bool:
    """The kiosk is locked full screen (``--windowed`` for a window); the demo opens in a window
    a new user can close (``--fullscreen`` for the locked kiosk)."""
    if getattr(args, "fullscreen", False):
        return True
    return not (args.demo or args.windowed)


def run_kiosk(args) -> int:
    from kiosk.app import build_runtime, create_runtime

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    smoke = bool(getattr(args, "smoke", False))
    _process_start()
    windowed = smoke or not wants_full_screen(args)
    if not windowed:  # a touch kiosk has no keyboard: Qt's on-screen keyboard for free text
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    app = application()
    demo = None
    if args.demo:
        from kiosk.demo import create_demo

        kiosk, demo = create_demo()
        camera = args.camera if args.camera is not None else demo.camera_spec
        demo.still_camera = args.camera is None
        runtime = build_runtime(kiosk)
    else:
        runtime = create_runtime(args.data_dir, key_file=args.key_file)
        camera = args.camera if args.camera is not None else 0
    language = args.lang
    if demo is not None and language is None:
        from kiosk.demo import locale_language

        language = locale_language()
    window = build_window(runtime, camera=camera, language=language, demo=demo)
    window.maintenance.start()  # retention purge now (if due) and an hourly check; purges at most daily
    if getattr(args, "hide_cursor", False) or os.environ.get("KIOSK_HIDE_CURSOR") == "1":
        from PySide6.QtCore import Qt

        app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    heartbeat = None
    if smoke:  # the longest time the UI thread could not answer, from the first screen to models ready
        from kiosk.ui.heartbeat import Heartbeat

        heartbeat = Heartbeat(app)
    window.show_kiosk(windowed=windowed)
    app.processEvents()
    if heartbeat is not None:
        heartbeat.start()
    first_screen_s = _since_start()
    times: dict[str, float] = {"first_screen_s": round(first_screen_s, 3)}

    def ready(_=None) -> None:
        times["models_ready_s"] = round(_since_start(), 3)
        log.info("face models ready after %.2f s", times["models_ready_s"])
        if heartbeat is not None:
            times["ui_block_ms_max"] = heartbeat.stop()
            print(json.dumps(times), flush=True)
            QTimer.singleShot(0, window.leave_kiosk)

    def failed(exc: BaseException) -> None:
        log.error("face models could not load: %s", exc)
        runtime.status.engine_failed(exc)  # shown to staff on the dashboard
        if smoke:
            print(json.dumps({**times, "models_ready_s": None, "error": str(exc)}), flush=True)
            QTimer.singleShot(0, window.leave_kiosk)

    load_models(window, demo=demo, on_ready=ready, on_failed=failed)
    quit_on_signals(app)
    try:
        rc = app.exec()
    finally:
        window.shutdown()
        runtime.close()
        if demo is not None:
            demo.cleanup()
    if smoke and not times.get("models_ready_s"):
        return rc or 1
    return rc
