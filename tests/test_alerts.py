"""Alerts for staff: raised with a time, listed while open, acknowledged; each audited.
PIN lockouts and gate failures raise them where they happen. Never biometric data or a PIN."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kiosk.domain import alerts
from kiosk.domain.alerts import (
    AlertKind,
    AlertNote,
    GateProblem,
    GateProblemCode,
    acknowledge,
    open_alerts,
    open_count,
    raise_alert,
)
from kiosk.errors import LockedOutError, NotFoundError
from kiosk.gate import Gate

T0 = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)


def events(k, name):
    return [r for r in k.store.audit.records(event=name)]


def test_raise_list_acknowledge(kiosk_app):
    store = kiosk_app.store
    help_ = raise_alert(store, AlertKind.HELP_REQUESTED, member_no="M001", at=T0)
    failed = GateProblem(GateProblemCode.EXIT_STATUS, ("relay", "3", ""))
    gate = raise_alert(store, AlertKind.GATE_FAILED, note=AlertNote.gate("command", failed), at=T0 + timedelta(minutes=1))
    assert help_.kind is AlertKind.HELP_REQUESTED and help_.raised_at == T0 and help_.open
    assert [a.id for a in open_alerts(store)] == [gate.id, help_.id]  # most recent first
    assert open_count(store) == 2

    done = acknowledge(store, help_.id, actor="Sam", at=T0 + timedelta(minutes=2))
    assert not done.open and done.acknowledged_by == "Sam" and done.acknowledged_at == T0 + timedelta(minutes=2)
    assert [a.id for a in open_alerts(store)] == [gate.id]
    acknowledge(store, help_.id, actor="Kim")  # twice: nothing changes, no second record
    assert alerts.get(store, help_.id).acknowledged_by == "Sam"

    raised = events(kiosk_app, "alert_raised")
    assert [(r.subject, r.detail["kind"]) for r in raised] == [("M001", "help_requested"), (None, "gate_failed")]
    acked = events(kiosk_app, "alert_acknowledged")
    assert [(r.actor, r.subject, r.detail["alert"]) for r in acked] == [("Sam", "M001", help_.id)]
    assert kiosk_app.store.audit.report().ok


def test_a_repeat_counts_on_the_open_alert(kiosk_app):
    store = kiosk_app.store
    first = raise_alert(store, AlertKind.HELP_REQUESTED, member_no="M001", at=T0)
    again = raise_alert(store, AlertKind.HELP_REQUESTED, member_no="M001", at=T0 + timedelta(seconds=30))
    other = raise_alert(store, AlertKind.HELP_REQUESTED, member_no="M002", at=T0 + timedelta(seconds=40))
    assert again.id == first.id and again.repeats == 2 and again.raised_at == T0
    assert again.last_at == T0 + timedelta(seconds=30)
    assert other.id != first.id and open_count(store) == 2
    acknowledge(store, first.id, "Sam")
    later = raise_alert(store, AlertKind.HELP_REQUESTED, member_no="M001")
    assert later.id not in (first.id, other.id) and later.repeats == 1
    assert len(events(kiosk_app, "alert_raised")) == 4


def test_unknown_alert_and_naive_time_are_refused(kiosk_app):
    with pytest.raises(NotFoundError):
        acknowledge(kiosk_app.store, 999, "Sam")
    with pytest.raises(ValueError):
        raise_alert(kiosk_app.store, AlertKind.FACE_FAILURES, member_no="M001", at=datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        raise_alert(kiosk_app.store, "not a kind")


def test_every_kind_can_be_stored(kiosk_app):
    for kind in AlertKind:
        raise_alert(kiosk_app.store, kind, member_no="M003")
    assert {a.kind for a in open_alerts(kiosk_app.store)} == set(AlertKind)


def test_a_pin_lockout_raises_an_alert(kiosk_app):
    pins = kiosk_app.pins
    for _ in range(pins.max_failures - 1):
        assert not pins.check("M002", "0000")
    assert open_count(kiosk_app.store) == 0
    assert not pins.check("M002", "0000")  # this one locks
    [alert] = open_alerts(kiosk_app.store)
    assert alert.kind is AlertKind.PIN_LOCKED and alert.member_no == "M002" and alert.note is None
    with pytest.raises(LockedOutError):
        pins.check("M002", "1234")
    assert open_count(kiosk_app.store) == 1


def test_a_failed_gate_signal_raises_an_alert_and_a_working_one_does_not(kiosk_app):
    gate = Gate(kiosk_app.store, lambda: kiosk_app.settings)
    assert gate.open("pin").ok
    assert open_count(kiosk_app.store) == 0
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="command", gate_command="/nonexistent/opener"), "t")
    assert not gate.open("pin").ok
    assert not gate.open("card").ok
    [alert] = open_alerts(kiosk_app.store)
    assert alert.kind is AlertKind.GATE_FAILED and alert.repeats == 2
    assert alert.note.startswith("command: ") and "not found" in alert.note


def test_alerts_hold_no_biometric_data_and_no_pin(kiosk_app):
    cols = {c.name for c in kiosk_app.store.db["alerts"].columns}
    assert cols == {"id", "kind", "raised_at", "last_at", "repeats", "member_no", "note",
                    "acknowledged_at", "acknowledged_by"}
    long = raise_alert(kiosk_app.store, AlertKind.GATE_FAILED, note="x" * 5000)
    assert len(long.note) == alerts.NOTE_MAX


def test_an_alert_that_cannot_be_audited_is_not_stored(kiosk_app, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kiosk_app.store.audit, "append", broken)
    with pytest.raises(RuntimeError):
        raise_alert(kiosk_app.store, AlertKind.HELP_REQUESTED, member_no="M001")
    assert open_count(kiosk_app.store) == 0
