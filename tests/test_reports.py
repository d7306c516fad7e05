"""The filing / impact-assessment report and the dashboard snapshot."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kiosk.biometrics.fake import draw_face
from kiosk.domain.notice import NOTICE_VERSION
from kiosk.ops.dashboard import EngineState, EngineStatus, snapshot
from kiosk.reports import filing_report, write_filing_report
from kiosk.runtime import CameraStatus
from tests.ui_helpers import enroll_encodings


@pytest.fixture
def configured(kiosk_app):
    k = kiosk_app
    k.save_settings(k.settings.replace(operator_name="Zoo <Ltd>", operator_contact="privacy@zoo.example",
                                       site_name="North gate", filing_threshold=1), actor="t")
    enc = [k.faces.encode_still(draw_face(40)) for _ in range(3)]
    enroll_encodings(k, "M001", enc)
    return k


def test_markdown_report_contents(configured):
    md = filing_report(configured, "md")
    for needle in ("Zoo <Ltd>", "privacy@zoo.example", "North gate", "zoo", "Purpose", "People with a stored face template | 1",
                   "Filing threshold | 1", f"version {NOTICE_VERSION}", "Retention", "Security measures", "SQLCipher",
                   "argon2id", "Data-handling procedure", "Impact assessment", "chain", "1:1"):
        assert needle in md, needle
    assert "本" in md or "人脸" in md  # the Chinese notice is included too
    assert "1234" not in md  # no PIN


def test_html_report_is_escaped(configured, tmp_path):
    path = write_filing_report(configured, tmp_path / "filing.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Zoo &lt;Ltd&gt;" in text and "Zoo <Ltd>" not in text
    assert list(configured.store.audit.records(event="report_exported"))[-1].detail == {"kind": "filing", "format": "html"}


def test_report_for_banned_site(configured):
    configured.save_settings(configured.settings.replace(site_type="changing_room"), actor="t")
    md = filing_report(configured)
    assert "face features are switched off" in md


def test_dashboard_snapshot(configured):
    now = datetime(2027, 1, 1, tzinfo=timezone.utc)
    s = snapshot(configured, engine=EngineStatus(EngineState.READY), camera=CameraStatus.FAILED, now=now)
    assert s.members == 4 and s.filing.people_with_templates == 1 and s.filing.level == "reached"
    assert s.chain_ok is True and s.next_expiry and s.next_purge == now.isoformat(timespec="seconds")
    assert any("Camera" in w for w in s.warnings) and any("filing threshold" in w for w in s.warnings)
    with pytest.raises(AttributeError):
        s.members = 5  # frozen
    text = repr(s)
    assert "argon2" not in text and "1234" not in text


def test_dashboard_shows_tampering(configured):
    with configured.store.transaction() as c:
        c.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    s = snapshot(configured)
    assert s.chain_ok is False and s.warnings[0].startswith("Audit trail tampered")
    assert snapshot(configured, verify_chain=False).chain_ok is None


def test_dashboard_states_are_typed(kiosk_app):
    """The screen reads kinds, never English prose: the engine's state, the camera's, an overdue purge."""
    from datetime import timedelta

    from kiosk import ops

    now = datetime(2027, 1, 1, tzinfo=timezone.utc)
    ops.purge_expired(kiosk_app, ops.Actor.system(), now - timedelta(days=2))
    s = snapshot(kiosk_app, engine=EngineStatus(EngineState.FAILED, "model file missing"), now=now, verify_chain=False)
    assert s.engine.state is EngineState.FAILED and s.camera is CameraStatus.IDLE and s.purge_overdue
    assert "Face engine: model file missing." in s.warnings
    assert not snapshot(kiosk_app, now=now - timedelta(hours=36), verify_chain=False).purge_overdue


def test_report_states_what_rgb_liveness_stops_and_what_it_does_not(configured):
    md = filing_report(configured)
    assert "liveness check (both) passes" in md and "prints" in md and "slideshows" in md
    assert "replayed on a screen" in md and "infrared or depth camera" in md
    configured.save_settings(configured.settings.replace(liveness="off"), actor="t")
    assert "liveness check is switched OFF" in filing_report(configured)
