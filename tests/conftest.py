"""Fixtures: every test gets a fresh data folder; Qt runs offscreen without a display."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KIOSK_DB_KEY", None)

FACES = next((p / "shared" / "faces" for p in Path(__file__).resolve().parents[1:] if (p / "shared" / "faces").is_dir()),
             Path(__file__).resolve().parents[1].parent / "shared" / "faces")  # ../shared, also from a worktree
SAMPLE_CSV = (
    "member_no,display_name,birth_date,valid_until,card_id\n"
    "M001,Alice Adult,1980-05-01,2030-12-31,CARD001\n"
    "M002,Bob Birthless,,2030-12-31,CARD002\n"
    "M003,Cathy Child,2018-03-03,2030-12-31,\n"
    "M004,Dan Guardian,1975-01-01,2030-12-31,CARD004\n"
)


def faces_dir() -> Path:
    if not FACES.is_dir():
        pytest.skip(f"test portraits not found at {FACES} (../shared/faces beside the repository)")
    return FACES


@pytest.fixture
def faces() -> Path:
    return faces_dir()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def fake_engine():
    from kiosk.biometrics.fake import FakeEngine

    return FakeEngine()


@pytest.fixture
def kiosk_app(data_dir, fake_engine):
    """A kiosk with the fake engine, four members (PIN 1234 for M001-M004)."""
    from kiosk.app import create
    from kiosk.domain.members import import_members

    k = create(data_dir, engine=fake_engine, init=True)
    import_members(k.store, SAMPLE_CSV)
    for no in ("M001", "M002", "M003", "M004"):
        k.pins.set(no, "1234")
    yield k
    k.close()


@pytest.fixture(scope="session")
def dlib_engine():
    from kiosk.biometrics.dlib_engine import DlibEngine

    e = DlibEngine()
    e.load()
    return e


@pytest.fixture(autouse=True)
def no_leaked_threads():
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for t in leaked:
        t.join(timeout=2)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"test left threads running: {still}"


#: Qt's own top-level widgets, which Qt makes and keeps for itself (a tooltip's label, a
#: combo box's popup container); never a widget of the kiosk's
QT_INTERNAL_WIDGETS = frozenset({"QTipLabel", "QComboBoxPrivateContainer"})


def _qt_key(obj) -> int:
    import shiboken6

    return shiboken6.getCppPointer(obj)[0]


@pytest.fixture(autouse=True)
def no_leaked_qt_objects():
    """As napari's fixtures do: a test fails when a QThread it started is still running, a
    QTimer it started is still active, or a top-level widget it created is still alive after
    it (widgets closed by qtbot get their deferred deletion first). Leaked objects are then
    stopped and deleted, so one leak does not spill into the next test."""
    import gc

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer
    from PySide6.QtWidgets import QApplication

    threads: list[QThread] = []
    timers: list[QTimer] = []
    start_thread, start_timer = QThread.start, QTimer.start

    def thread_start(self, *args, **kwargs):
        threads.append(self)
        return start_thread(self, *args, **kwargs)

    def timer_start(self, *args, **kwargs):
        timers.append(self)
        return start_timer(self, *args, **kwargs)

    app = QApplication.instance()
    before = {_qt_key(w) for w in QApplication.topLevelWidgets()} if app is not None else set()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QThread, "start", thread_start)
        patch.setattr(QTimer, "start", timer_start)
        yield
    problems = []
    running = [t for t in threads if shiboken6.isValid(t) and t.isRunning()]
    for t in running:  # a worker finishing its last frame gets the moment it needs to see its stop flag
        t.wait(2000)
    problems += [f"QThread {t.objectName() or t!r} still running" for t in running if t.isRunning()]
    if QApplication.instance() is None:
        assert not problems, "test left Qt objects behind: " + "; ".join(problems)
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for t in timers:
        if shiboken6.isValid(t) and t.isActive():
            problems.append(f"QTimer {t.objectName() or ''} ({t.interval()} ms, parent "
                            f"{type(t.parent()).__name__}) still active")
            t.stop()
    leaked = [w for w in QApplication.topLevelWidgets()
              if _qt_key(w) not in before and type(w).__name__ not in QT_INTERNAL_WIDGETS
              and w.metaObject().className() not in QT_INTERNAL_WIDGETS]
    for w in leaked:
        problems.append(f"top-level widget {type(w).__name__} {w.objectName()!r} still alive")
        w.close()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not problems, "test left Qt objects behind: " + "; ".join(problems)
