"""Each change and its audit record are one unit of work: when the audit record cannot be
written, nothing of the change stays (and the other way round)."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from tests.ui_helpers import enroll_fake_face


def _failing_audit(store, monkeypatch, event: str) -> None:
    real = store.audit.append

    def append(name, *args, **kwargs):
        if name == event:
            raise OSError("disk full")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(store.audit, "append", append)


def test_forget_keeps_everything_when_its_audit_record_fails(kiosk_app, monkeypatch):
    enroll_fake_face(kiosk_app, "M001")
    _failing_audit(kiosk_app.store, monkeypatch, "face_deleted")
    with pytest.raises(OSError):
        kiosk_app.faces.forget("M001", actor="cli")
    assert kiosk_app.store.templates.info("M001") is not None
    assert all(c.withdrawn_at is None for c in kiosk_app.store.consents.for_member("M001"))


def test_settings_change_keeps_nothing_when_its_audit_record_fails(kiosk_app, monkeypatch):
    _failing_audit(kiosk_app.store, monkeypatch, "setting_changed")
    with pytest.raises(OSError):
        kiosk_app.save_settings(kiosk_app.settings.replace(match_threshold=0.45), actor="cli")
    default = Settings().match_threshold
    assert kiosk_app.store.settings.load().match_threshold == default and kiosk_app.settings.match_threshold == default
