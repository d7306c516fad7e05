"""A hung gate never holds the database executor: the next lookup is answered meanwhile."""

from __future__ import annotations

import threading

from kiosk.domain.session import State
from tests.test_ui_flows import TIMEOUT, state_is, type_pin
from tests.ui_helpers import Camera


def test_a_hung_gate_does_not_hold_the_database(qtbot, kiosk_app):
    from kiosk.ui.main import build_window

    release = threading.Event()
    entered = threading.Event()

    def hung_gate(method: str) -> bool:
        entered.set()
        release.wait(60)
        return True

    w = build_window(kiosk_app, camera="memory", open_source=Camera().open, language="en", gate=hung_gate)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    try:
        w.machine.force(State.PIN, member_no="M001")
        type_pin(qtbot, w, "1234")
        qtbot.waitUntil(entered.is_set, timeout=TIMEOUT)
        answered = []
        w.ctx.db.submit(lambda: kiosk_app.store.members.get("M002"), answered.append, any_session=True)
        qtbot.waitUntil(lambda: bool(answered), timeout=TIMEOUT)  # while the gate still hangs
        assert answered[0].member_no == "M002" and not release.is_set()
        release.set()
        qtbot.waitUntil(state_is(w, State.PASSED), timeout=TIMEOUT)
    finally:
        release.set()
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
