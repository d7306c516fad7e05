"""Face tries in the real window (pytest-qt, fake engine, frames in memory only): refused
liveness checks and face steps left early count against the claimed member across visits;
once the count pauses face checks, face is no longer offered for that member and the PIN
still is (rule 11)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from kiosk.domain.face_tries import TryEnd
from kiosk.domain.session import Event, State
from kiosk.ui.messages import face_paused_text
from tests.test_ui_enroll import type_pin
from tests.test_ui_liveness import TIMEOUT, camera, k, wait_state, window  # noqa: F401
from tests.ui_helpers import enroll_fake_face


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def claim(qtbot, w, member_no="M001") -> None:
    click(qtbot, w.pages[State.WELCOME].start_button)
    field = w.pages[State.CLAIM].field
    qtbot.keyClicks(field, member_no)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_state(qtbot, w, State.METHOD)


def long_pause(k) -> None:
    """Pauses on the wall clock that no slow test machine outlasts."""
    k.save_settings(k.settings.replace(pin_lock_base_s=3600), "test")


def counted(k) -> list[str]:
    return [r.detail["reason"] for r in k.store.audit.records(event="face_try_failed") if r.subject == "M001"]


def test_after_repeated_liveness_refusals_face_is_no_longer_offered_and_the_pin_still_is(qtbot, window, k, camera):
    long_pause(k)
    enroll_fake_face(k)  # the fake engine's drawn face is a still picture: it never turns, and the check refuses it
    limit = 2 * k.settings.face_retries
    for n in range(1, limit + 1):  # a new visit each time: cancelling and claiming again gives no fresh tries
        claim(qtbot, window)
        method = window.pages[State.METHOD]
        assert method.face_button.isVisible() and not method.paused_note.isVisible()
        click(qtbot, method.face_button)
        wait_state(qtbot, window, State.FAILED)
        assert counted(k) == ["liveness:timeout"] * n  # never turns its head; stored before the result page shows
        click(qtbot, window.pages[State.FAILED].cancel_button)
        wait_state(qtbot, window, State.WELCOME)
    assert camera.opened == limit
    [paused] = k.store.audit.records(event="face_paused")
    assert paused.subject == "M001" and paused.detail["failures"] == limit
    claim(qtbot, window)
    method = window.pages[State.METHOD]
    assert not method.face_button.isVisible()
    assert method.paused_note.isVisible() and method.paused_note.text() == face_paused_text()
    assert method.pin_button.isVisible() and method.staff_button.isVisible()
    click(qtbot, method.pin_button)
    wait_state(qtbot, window, State.PIN)
    type_pin(qtbot, window)
    wait_state(qtbot, window, State.PASSED)  # the PIN, at no cost
    assert camera.opened == limit  # the camera never started for the paused member


def test_the_last_counted_try_of_a_visit_says_face_is_paused(qtbot, window, k):
    long_pause(k)
    enroll_fake_face(k)
    limit = 2 * k.settings.face_retries
    for _ in range(limit - 1):
        k.faces.tries.end("M001", TryEnd.TIMEOUT)  # earlier visits timed out
    claim(qtbot, window)
    click(qtbot, window.pages[State.METHOD].face_button)
    wait_state(qtbot, window, State.FAILED)
    failed = window.pages[State.FAILED]
    assert window.machine.session.face_paused and not failed.again_button.isVisible()
    assert failed.retries.text() == face_paused_text() and failed.pin_button.isVisible()


def open_face_step(qtbot, w) -> None:
    click(qtbot, w.pages[State.METHOD].face_button)
    qtbot.waitUntil(lambda: w.pages[State.FACE].open_try == "M001", timeout=TIMEOUT)  # the camera started


def test_every_way_out_of_the_face_step_is_recorded_and_counted(qtbot, window, k, camera):
    long_pause(k)
    enroll_fake_face(k)
    camera.frames = [np.zeros((480, 640, 3), np.uint8)]  # nobody in view: the step would wait for its timeout
    face = window.pages[State.FACE]
    claim(qtbot, window)
    exits = [lambda: face.back_button, lambda: face.help_button, lambda: face.pin_button]
    for n, button in enumerate(exits, 1):
        open_face_step(qtbot, window)
        click(qtbot, button())
        qtbot.waitUntil(lambda: len(counted(k)) == n, timeout=TIMEOUT)
        if window.machine.state is State.ASK_STAFF:
            click(qtbot, window.pages[State.ASK_STAFF].back_button)
        elif window.machine.state is State.PIN:
            click(qtbot, window.pages[State.PIN].back_button)
        wait_state(qtbot, window, State.METHOD)
    open_face_step(qtbot, window)
    click(qtbot, face.cancel_button)  # "Start over"
    qtbot.waitUntil(lambda: len(counted(k)) == 4, timeout=TIMEOUT)
    claim(qtbot, window)
    open_face_step(qtbot, window)
    window.machine.fire(Event.TIMEOUT)  # what the inactivity timeout fires
    qtbot.waitUntil(lambda: len(counted(k)) == 5, timeout=TIMEOUT)
    assert counted(k) == ["abandoned"] * 5
    claim(qtbot, window)
    open_face_step(qtbot, window)
    click(qtbot, face.back_button)  # the sixth: the count now pauses face checks
    qtbot.waitUntil(lambda: len(counted(k)) == 6, timeout=TIMEOUT)
    opened = camera.opened
    click(qtbot, window.pages[State.METHOD].face_button)  # still on screen from before the count was stored
    qtbot.waitUntil(lambda: window.pages[State.METHOD].paused_note.isVisible(), timeout=TIMEOUT)
    assert window.machine.state is State.METHOD and not window.pages[State.METHOD].face_button.isVisible()
    assert camera.opened == opened  # refused before the camera started
    assert camera.open_now == 0


def test_counted_tries_and_pauses_read_as_sentences_for_staff(qapp):
    from kiosk.domain.audit_export import AuditRecord
    from kiosk.ui.pages.staff.audit_text import AuditText

    def rec(event, subject, **detail):
        return AuditRecord(7, "2026-12-06T09:30:00+00:00", event, "visitor", subject, detail, "0" * 64, "a" * 64)

    words = AuditText()
    assert words.sentence(rec("face_try_failed", "M001", reason="liveness:passive", failures=2)) == \
        "Member M001: a face try did not pass (liveness check refused: passive); 2 counted in the last hour."
    assert words.sentence(rec("face_try_failed", "M001", reason="abandoned", failures=3)) == \
        "Member M001: a face try did not pass (left before the end); 3 counted in the last hour."
    assert words.sentence(rec("face_paused", "M001", seconds=30, failures=6)) == \
        "Face checks for member M001 paused for 30 s after 6 failed tries."
    assert words.sentence(rec("face_paused", None, seconds=60, failures=30, scope="kiosk")) == \
        "Face checks paused at this kiosk for 60 s after failed tries."
