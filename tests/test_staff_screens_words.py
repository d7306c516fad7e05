"""Staff screens: one alert per visitor that carries the face tries (not one per try plus one
more); the audit list and record details in words in both languages, times local."""

from __future__ import annotations

from kiosk import ops
from kiosk.domain.alerts import AlertKind, open_alerts
from tests.ui_helpers import enroll_fake_face

VISITOR = ops.Actor.visitor("M001")


def test_failed_face_tries_make_one_alert_that_carries_them(kiosk_app):
    enroll_fake_face(kiosk_app)
    ops.begin_face_try(kiosk_app, VISITOR, "M001")
    ops.end_face_try(kiosk_app, VISITOR, "M001", ops.FaceTryEnd.LIVENESS, "passive")
    ops.begin_face_try(kiosk_app, VISITOR, "M001")
    ops.record_face_attempt(kiosk_app, VISITOR, "M001", False)
    ops.begin_face_try(kiosk_app, VISITOR, "M001")
    ops.end_face_try(kiosk_app, VISITOR, "M001", ops.FaceTryEnd.TIMEOUT)
    ops.report_face_tries_used(kiosk_app, VISITOR, "M001")
    [alert] = open_alerts(kiosk_app.store)
    assert alert.kind is AlertKind.FACE_FAILURES and alert.member_no == "M001" and alert.repeats == 3
    assert alert.note == "tries: liveness:passive, no_match, timeout; used up"
    assert len(list(kiosk_app.store.audit.records(event="liveness_refused"))) == 1  # still audited


def test_the_alert_words_the_tries(qtbot, kiosk_app):
    from kiosk.domain.alerts import face_tries_used_up, face_try_failed
    from kiosk.ui.pages.staff.alerts_panel import AlertsPanel

    face_try_failed(kiosk_app.store, "M001", "liveness:passive")
    face_try_failed(kiosk_app.store, "M001", "no_match")
    face_tries_used_up(kiosk_app.store, "M001")
    panel = AlertsPanel()
    qtbot.addWidget(panel)
    [alert] = open_alerts(kiosk_app.store)
    assert panel.note_text(alert) == ("Tries: liveness: the picture did not pass the passive check, no match; "
                                      "the visitor used up this visit's face tries")
