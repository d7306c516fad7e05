"""Start-up: a member lookup never waits behind the face models; a slow answer shows a busy
indicator instead of a screen that seems dead."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from kiosk.biometrics.fake import FakeEngine
from kiosk.domain.session import State
from tests.test_ui_flows import TIMEOUT, state_is
from tests.ui_helpers import Camera


class SlowLoadingEngine(FakeEngine):
    """Loads its models only when the test says so (like dlib's seconds at start-up)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.loading = threading.Event()

    def load(self) -> None:
        self.loading.set()
        if not self.release.wait(30):
            raise TimeoutError("the test never released the models")


@pytest.fixture
def fake_engine():
    return SlowLoadingEngine()


@pytest.fixture
def window(qtbot, kiosk_app, fake_engine):
    from kiosk.ui.main import build_window

    w = build_window(kiosk_app, open_source=Camera().open, language="en", gate=lambda m: True)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    fake_engine.release.set()
    w.shutdown()
    w.deleteLater()
    qtbot.wait(10)


def type_member_number(qtbot, w, number: str) -> None:
    qtbot.mouseClick(w.pages[State.WELCOME].start_button, Qt.MouseButton.LeftButton)
    page = w.pages[State.CLAIM]
    qtbot.keyClicks(page.field, number)
    qtbot.keyClick(page.field, Qt.Key.Key_Return)


def test_member_lookup_is_not_blocked_by_model_loading(qtbot, window, fake_engine):
    from kiosk.ui.main import load_models

    ready = []
    load_models(window, on_ready=lambda: ready.append(True), on_failed=lambda exc: ready.append(exc))
    assert fake_engine.loading.wait(10), "the models never started loading"
    type_member_number(qtbot, window, "M001")
    qtbot.waitUntil(state_is(window, State.METHOD), timeout=TIMEOUT)  # answered while the models still load
    assert not ready and not fake_engine.release.is_set()
    fake_engine.release.set()
    qtbot.waitUntil(lambda: ready == [True], timeout=TIMEOUT)


def test_a_slow_answer_shows_the_busy_indicator(qtbot, window):
    held = threading.Event()
    window.ctx.db.submit(lambda: held.wait(30))  # the database is busy with something long
    type_member_number(qtbot, window, "M001")
    qtbot.waitUntil(lambda: window.busy.isVisible(), timeout=TIMEOUT)
    assert window.busy.text.text() == "One moment, please…" and window.busy.accessibleName()
    box, win = window.busy.geometry(), window.rect()
    assert win.contains(box), (box, win)
    assert window.machine.state is State.CLAIM
    held.set()
    qtbot.waitUntil(state_is(window, State.METHOD), timeout=TIMEOUT)
    assert not window.busy.isVisible() and not window.busy.spinner.turn.isActive()


class RecordingEngine(FakeEngine):
    """Says which of its models were loaded."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def load_detector(self) -> None:
        self.loads.append("detector")

    def load(self) -> None:
        self.loads.append("all")


def test_beside_an_encoder_child_the_ui_process_loads_only_the_detector(qtbot, kiosk_app):
    """dlib's models hold Python's GIL while they load (seconds under load): the UI process never
    loads them when its encodings run in the encoder child."""
    from kiosk.camera.encoder import InProcessEncoder, ProcessEncoder
    from kiosk.ui.main import build_window, load_models
    from tests.encoder_engine import ScriptedEngine

    engine = RecordingEngine()
    kiosk_app.engine = engine

    def load_with(encoder) -> list[object]:
        w = build_window(kiosk_app, open_source=Camera().open, language="en", gate=lambda m: True, encoder=encoder)
        ready: list[object] = []
        try:
            load_models(w, on_ready=lambda: ready.append(True), on_failed=ready.append)
            qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
        finally:
            w.shutdown()
            w.deleteLater()
        return ready

    with ProcessEncoder(ScriptedEngine).start() as child:
        assert load_with(child) == [True]
    assert engine.loads == ["detector"]
    assert load_with(InProcessEncoder(engine)) == [True]
    assert engine.loads[1:] and set(engine.loads[1:]) == {"all"}  # encodings on this process's threads need every model


def test_the_dlib_engine_builds_its_hog_detector_only_when_a_still_needs_it():
    import numpy as np

    from kiosk.biometrics.dlib_engine import DlibEngine
    from kiosk.biometrics.engine import Mode

    beside_a_child = DlibEngine()
    beside_a_child.load_detector()  # the UI process beside the encoder child: ready without dlib's models
    assert beside_a_child.loaded and beside_a_child._encoder is None and beside_a_child._detector is None
    engine = DlibEngine()
    engine.load()
    assert engine.loaded and engine._detector is None  # the live path (YuNet) never needs it
    assert engine.detect(np.full((240, 320, 3), 128, np.uint8), Mode.STILL) == []  # no face: HOG's second chance
    assert engine._detector is not None
