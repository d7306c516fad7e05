"""Times on screen: the kiosk's local zone, with the zone shown; the database keeps UTC."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timezone

import pytest

from kiosk.ui.localtime import local_date, local_time, offset, zone_caption, zone_name


def _set_tz(value: str | None) -> None:
    if value is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = value
    time.tzset()


@pytest.fixture
def shanghai():
    old = os.environ.get("TZ")
    _set_tz("Asia/Shanghai")
    yield
    _set_tz(old)


@pytest.fixture
def new_york():
    old = os.environ.get("TZ")
    _set_tz("America/New_York")
    yield
    _set_tz(old)


def test_utc_text_is_shown_in_local_time_with_the_zone(shanghai):
    assert local_time("2026-11-20T09:30:00+00:00") == "2026-11-20 17:30 CST"
    assert local_time("2026-11-20T09:30:00") == "2026-11-20 17:30 CST"  # naive: stored UTC
    assert local_time(datetime(2026, 11, 20, 9, 30, 5, tzinfo=timezone.utc), seconds=True) == "2026-11-20 17:30:05 CST"
    assert local_time("2026-11-20T20:00:00+00:00", today=date(2026, 11, 21)) == "04:00 CST"  # the next local day
    assert local_time(None) == "—" and local_time("") == "—"
    assert offset() == "UTC+08:00" and zone_caption() == "CST (UTC+08:00)"
    assert local_date("2026-11-20T20:00:00+00:00") == "2026-11-21" and local_date("2030-12-31") == "2030-12-31"


def test_daylight_saving_is_followed(new_york):
    assert local_time("2026-07-01T16:00:00+00:00") == "2026-07-01 12:00 EDT"
    assert local_time("2026-12-01T16:00:00+00:00") == "2026-12-01 11:00 EST"
    assert zone_name(datetime(2026, 7, 1, tzinfo=timezone.utc)) == "EDT"


def test_utc_kiosk():
    old = os.environ.get("TZ")
    _set_tz("UTC")
    try:
        assert local_time("2026-11-20T09:30:00+00:00") == "2026-11-20 09:30 UTC" and zone_caption() == "UTC"
    finally:
        _set_tz(old)
