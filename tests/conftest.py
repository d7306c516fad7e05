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
