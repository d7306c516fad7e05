"""A site's shared data beyond members and consents, on a real PostgreSQL server: the staff
PIN pad's lockout counted site-wide, settings shared site-wide with camera and gate values kept
per kiosk, face templates kept at the site (sealed under the site key) and the site-wide
filing counter. Exchanges are real ``kiosk site ...`` processes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_site import kiosk, make_site, open_kiosk, pg_server, site_url, sync  # noqa: F401


def test_wrong_staff_pins_at_two_gates_add_up_to_one_lockout(tmp_path, pg_server, site_url):
    from kiosk.domain.staff import PAD_MAX_FAILURES, StaffAccounts
    from kiosk.errors import LockedOutError, PinError

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        for _ in range(PAD_MAX_FAILURES - 2):
            with pytest.raises(PinError):
                StaffAccounts(ka.store).login("000000")
        assert StaffAccounts(ka.store).seconds_locked() == 0
    sync(a, b)
    with open_kiosk(b) as kb:
        pad = StaffAccounts(kb.store)
        with pytest.raises(PinError):
            pad.login("000000")
        assert pad.seconds_locked() == 0  # four of the site's five
        with pytest.raises(PinError):
            pad.login("000000")  # the fifth wrong PIN of the site locks the pad
        with pytest.raises(LockedOutError):
            pad.login("000000")
    sync(b, a)
    with open_kiosk(a) as ka:
        assert StaffAccounts(ka.store).seconds_locked() > 0
        with pytest.raises(LockedOutError):
            StaffAccounts(ka.store).login("000000")


def test_a_site_wide_setting_reaches_every_kiosk_while_camera_and_gate_stay_per_kiosk(tmp_path, pg_server, site_url):
    a, b, c = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate", "South gate")
    with open_kiosk(b) as kb:  # North gate's own camera and gate
        kb.save_settings(replace(kb.settings, min_face_fraction=0.3, gate_mode="command", gate_command="/bin/true"),
                         "test")
    with open_kiosk(a) as ka:
        ka.save_settings(replace(ka.settings, match_threshold=0.5, idle_retention_days=200, min_face_fraction=0.2,
                                 gate_mode="http", gate_url="http://127.0.0.1:9/open"), "test")
    sync(b, a, b, c)
    with open_kiosk(a) as ka, open_kiosk(b) as kb, open_kiosk(c) as kc:
        for k in (ka, kb, kc):  # site-wide
            s = k.store.settings.load()
            assert (s.match_threshold, s.idle_retention_days) == (0.5, 200)
        sa, sb, sc = (k.store.settings.load() for k in (ka, kb, kc))
        assert (sa.min_face_fraction, sa.gate_mode, sa.gate_url) == (0.2, "http", "http://127.0.0.1:9/open")
        assert (sb.min_face_fraction, sb.gate_mode, sb.gate_command) == (0.3, "command", "/bin/true")
        assert (sc.min_face_fraction, sc.gate_mode) == (0.25, "log")  # South gate keeps its own defaults
