"""The composition root builds the running kiosk: encoder, gate, purge schedule, runtime status,
all on one injected clock (no test waits for the wall clock)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from kiosk import ops
from kiosk.biometrics.engine import Mode
from kiosk.biometrics.fake import FakeEngine, draw_face
from kiosk.camera.encoder import EncoderState, InProcessEncoder, ProcessEncoder, face_region
from kiosk.domain.members import import_members
from kiosk.domain.session import Event, State
from kiosk.runtime import CameraStatus
from tests.conftest import SAMPLE_CSV
from tests.ui_helpers import enroll_fake_face

ROOT = Path(__file__).resolve().parents[1]


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_the_runtime_is_built_in_one_place_on_one_clock(data_dir):
    from kiosk.app import create_runtime

    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))
    gate_calls: list[str] = []
    rt = create_runtime(data_dir, engine=FakeEngine(), init=True, clock=clock,
                        gate=lambda method: gate_calls.append(method) is None)
    try:
        assert isinstance(rt.encoder, InProcessEncoder)  # an engine handed in encodes in this process
        assert rt.gate("pin") and gate_calls == ["pin"]
        assert rt.kiosk.faces.clock() == clock.now  # the services see the same clock
        rt.status.note(State.FACE, State.PASSED, Event.FACE_MATCH)
        assert rt.status.camera is CameraStatus.WORKED and rt.status.camera_at == "2026-03-01T09:00:00+00:00"
        rt.status.engine_failed(RuntimeError("model file missing"))
        assert rt.status.engine_error == "model file missing"
    finally:
        rt.close()


def test_the_purge_schedule_runs_on_the_injected_clock(data_dir):
    from kiosk.app import create_runtime

    start = datetime.now(timezone.utc)
    clock = Clock(start)
    rt = create_runtime(data_dir, engine=FakeEngine(), init=True, clock=clock)
    try:
        k = rt.kiosk
        import_members(k.store, SAMPLE_CSV)
        enroll_fake_face(k, "M001")
        def run_if_due():
            return ops.purge_expired(k, ops.Actor.system(), rt.purge.clock(), only_if_due=True)

        first = run_if_due()
        assert first is not None and first.count == 0  # never purged before: due at once
        assert run_if_due() is None  # not again on the same day
        expires = k.store.templates.info("M001").expires
        clock.now = datetime.fromisoformat(expires) + timedelta(days=1)  # past the expiry, without waiting
        later = run_if_due()
        assert later is not None and later.count == 1 and k.store.templates.info("M001") is None
        assert later.at == clock.now.isoformat(timespec="seconds")
        assert rt.purge.interval_s == 3600
    finally:
        rt.close()


def test_an_engine_the_root_builds_encodes_in_a_supervised_child(data_dir):
    from kiosk.app import create, make_encoder

    k = create(data_dir, engine_factory=FakeEngine, init=True)
    enc = make_encoder(k)
    try:
        assert isinstance(enc, ProcessEncoder) and k.engine_factory is FakeEngine
        enc.wait_ready()
        frame = draw_face(40)
        box = k.engine.detect(frame, Mode.LIVE)[0]
        region, region_box = face_region(frame, box)  # all the child is sent
        assert np.allclose(enc.encode(frame, box), k.engine.encode(region, region_box, Mode.LIVE))
        assert enc.health().state is EncoderState.READY
    finally:
        enc.close()
        k.close()


def test_no_screen_adds_attributes_to_the_window():
    """The window builds its own parts; other modules only set attributes it declares itself."""
    own = set(re.findall(r"self\.(\w+)(?:, self\.\w+)*\s*=", (ROOT / "kiosk/ui/window.py").read_text()))
    own |= {name for line in re.findall(r"self\.\w+(?:, self\.\w+)+\s*=", (ROOT / "kiosk/ui/window.py").read_text())
            for name in re.findall(r"self\.(\w+)", line)}
    outside = {}
    for path in (ROOT / "kiosk/ui").rglob("*.py"):
        if path.name == "window.py":
            continue
        for name in re.findall(r"\bwindow(?:\(\))?\.(\w+)\s*=(?!=)", path.read_text()):
            outside.setdefault(name, path.name)
    assert {n: f for n, f in outside.items() if n not in own} == {}


def test_the_window_purges_on_the_runtime_clock(qtbot, kiosk_app):
    """The kiosk's hourly check runs the purge with the runtime's clock: a template that expires
    in a year is purged when the clock says a year and a day have passed."""
    from kiosk.app import build_runtime
    from kiosk.ui.main import build_window

    enroll_fake_face(kiosk_app, "M001")
    expires = datetime.fromisoformat(kiosk_app.store.templates.info("M001").expires)
    rt = build_runtime(kiosk_app, gate=lambda m: True, clock=Clock(expires + timedelta(days=1)))
    w = build_window(rt, language="en", open_source=lambda spec: None)
    try:
        w.maintenance.start()
        qtbot.waitUntil(lambda: kiosk_app.store.templates.info("M001") is None, timeout=10_000)
        assert w.maintenance.timer.isActive()
    finally:
        w.shutdown()
        w.deleteLater()

