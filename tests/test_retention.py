"""Retention purge (exactly the expired templates, explicit ``now``), its daily schedule,
the filing counter, and the site profile rule (banned site: no face, PIN still works)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from kiosk.biometrics.fake import draw_face
from kiosk.errors import FaceNotAllowedError
from kiosk.maintenance import last_purge, next_purge_at, purge, purge_if_due, refresh_expiries
from kiosk.policy.filing import filing_status, filing_status_for
from kiosk.policy.site import site_status
from tests.ui_helpers import enroll_encodings, enroll_fake_face

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=timezone.utc)


def put_template(k, member_no: str, expires: datetime, last_used: datetime | None = None) -> None:
    consent = k.store.consents.add(member_no=member_no, notice_version="t", notice_sha256="0" * 64, given_by="self",
                                   age_band="14_or_older", method="test", language="en")
    k.store.templates.put(member_no, np.random.default_rng(len(member_no)).normal(size=128), "fake_v1",
                          expires.isoformat(timespec="seconds"), consent)
    if last_used is not None:
        k.store.templates.touch(member_no, last_used.isoformat(timespec="seconds"), expires.isoformat(timespec="seconds"))


def test_purge_removes_exactly_the_expired(kiosk_app):
    k = kiosk_app
    put_template(k, "M001", NOW - timedelta(days=1))
    put_template(k, "M002", NOW)  # expires this very second: gone
    put_template(k, "M003", NOW + timedelta(seconds=1))
    put_template(k, "M004", NOW + timedelta(days=100))
    assert purge(k, NOW, actor="tester") == 2
    assert sorted(i.member_no for i in k.store.templates.all_info()) == ["M003", "M004"]
    rec = list(k.store.audit.records(event="purge"))[-1]
    assert rec.detail == {"count": 2} and rec.actor == "tester"
    assert k.store.consents.for_member("M001")  # consent records stay as proof
    assert purge(k, NOW + timedelta(seconds=1)) == 1


def test_purge_applies_a_shortened_pass(kiosk_app):
    k = kiosk_app
    put_template(k, "M001", NOW + timedelta(days=300), last_used=NOW - timedelta(days=10))
    k.store.members.upsert_many([{"member_no": "M001", "display_name": "Alice Adult", "birth_date": "1980-05-01",
                                  "valid_until": "2027-04-01", "card_id": "CARD001"}])
    # pass ended 2 months ago; grace 30 days: the template must go although its stored expiry is later
    assert purge(k, NOW) == 1
    assert k.store.templates.info("M001") is None


def test_refresh_never_extends(kiosk_app):
    k = kiosk_app
    put_template(k, "M001", NOW + timedelta(days=5), last_used=NOW)
    assert refresh_expiries(k.store, k.settings, NOW) == 0
    assert k.store.templates.info("M001").expires == (NOW + timedelta(days=5)).isoformat(timespec="seconds")


def test_purge_if_due_runs_daily(kiosk_app):
    k = kiosk_app
    assert last_purge(k.store) is None and next_purge_at(k.store, NOW) == NOW
    assert purge_if_due(k, NOW) == 0
    assert last_purge(k.store) == NOW
    assert purge_if_due(k, NOW + timedelta(hours=23)) is None
    put_template(k, "M001", NOW + timedelta(hours=2))
    assert purge_if_due(k, NOW + timedelta(days=1)) == 1
    assert next_purge_at(k.store) == NOW + timedelta(days=2)


def test_filing_counter_warns_from_80_percent(kiosk_app):
    s = kiosk_app.settings.replace(filing_threshold=10)
    assert filing_status_for(7, s).level == "ok"
    assert filing_status_for(8, s).level == "warning" and "Prepare" in filing_status_for(8, s).message
    assert filing_status_for(10, s).level == "reached"
    assert filing_status_for(0, kiosk_app.settings).threshold == 100_000
    put_template(kiosk_app, "M001", NOW + timedelta(days=1))
    assert filing_status(kiosk_app.store, s).people_with_templates == 1


@pytest.mark.parametrize("site_type", ["toilet", "hotel_room", "changing_room", "bathhouse", "dormitory_bedroom"])
def test_banned_site_type_blocks_face_but_not_pin(kiosk_app, site_type):
    k = kiosk_app
    enc = [k.faces.encode_still(draw_face(40)) for _ in range(3)]
    enroll_encodings(k, "M001", enc)
    assert k.faces.has_face("M001")
    k.save_settings(k.settings.replace(site_type=site_type), actor="tester")
    assert not k.faces.has_face("M001")
    with pytest.raises(FaceNotAllowedError, match="not allowed at a site"):
        k.faces.check_allowed()
    with pytest.raises(FaceNotAllowedError):
        k.faces.verify("M001", enc[0])
    assert k.pins.check("M001", "1234") is True  # PIN keeps working
    status = site_status(k.settings)
    assert not status.face_allowed and "card and PIN keep working" in status.banner


def test_site_profile_completeness(kiosk_app):
    s = kiosk_app.settings
    assert site_status(s).missing == ("operator_name", "operator_contact", "site_name")
    s = s.replace(operator_name="Zoo", operator_contact="+86 10 1234", site_name="North gate")
    assert site_status(s).complete and site_status(s).banner is None


def test_a_pass_valid_until_9999_does_not_stop_the_purge(kiosk_app):
    k = kiosk_app
    k.store.members.upsert_many([{"member_no": "M009", "display_name": "Forever", "birth_date": None,
                                  "valid_until": "9999-12-31", "card_id": None}])
    enroll_fake_face(k, "M009")
    assert k.store.templates.info("M009").expires < "9999"
    assert purge(k, NOW) == 0
    assert purge(k, NOW + timedelta(days=4 * 365)) == 1


def test_purge_is_one_unit_of_work(kiosk_app, monkeypatch):
    k = kiosk_app
    for no in ("M001", "M002"):
        put_template(k, no, NOW - timedelta(days=1))
    later = NOW
    monkeypatch.setattr(k.store.audit, "append", lambda *a, **kw: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        purge(k, later)
    assert k.store.templates.count() == 2 and last_purge(k.store) is None
