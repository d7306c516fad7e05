"""The running kiosk's maintenance schedule keeps audit anchors on the runtime's clock
(injected here: nobody waits for a day, or for a second)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.store.anchor_files import read_kept_anchors
from tests.test_audit_anchors import T0

TIMEOUT = 8000


@pytest.fixture
def clock():
    return [T0]


@pytest.fixture
def window(qtbot, kiosk_app, clock):
    from kiosk.app import build_runtime
    from kiosk.camera.encoder import InProcessEncoder
    from kiosk.ui.main import build_window

    runtime = build_runtime(kiosk_app, encoder=InProcessEncoder(kiosk_app.engine), gate=lambda m: True,
                            clock=lambda: clock[0])
    w = build_window(runtime, camera="memory", open_source=lambda spec: None, language="en")
    yield w
    w.shutdown()
    w.deleteLater()
    runtime.encoder.close()


def test_the_schedule_keeps_an_anchor_when_one_is_due(qtbot, window, kiosk_app, clock):
    path = kiosk_app.paths.audit_anchors
    window.maintenance.start()  # start-up: no anchor yet, so one is due now
    qtbot.waitUntil(lambda: len(read_kept_anchors(path)) == 1, timeout=TIMEOUT)
    assert read_kept_anchors(path)[0].made_at == "2026-11-28T12:00:00+00:00"
    clock[0] = T0 + timedelta(hours=23)
    window.maintenance.check()  # the hourly check: not due yet
    qtbot.waitUntil(lambda: window.ctx.staff_db.pending == 0, timeout=TIMEOUT)  # the check has answered...
    assert len(read_kept_anchors(path)) == 1  # ...and kept nothing
    clock[0] = T0 + timedelta(hours=24)
    window.maintenance.check()
    qtbot.waitUntil(lambda: len(read_kept_anchors(path)) == 2, timeout=TIMEOUT)
    assert read_kept_anchors(path)[1].made_at == "2026-11-29T12:00:00+00:00"
    assert kiosk_app.store.audit.report().ok
