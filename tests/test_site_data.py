"""A site's shared data beyond members and consents, on a real PostgreSQL server: the staff
PIN pad's lockout counted site-wide, settings shared site-wide with camera and gate values kept
per kiosk, face templates kept at the site (sealed under the site key) and the site-wide
filing counter. Exchanges are real ``kiosk site ...`` processes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.domain.proofs import ProofMethod
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


PASSPHRASE = "tapir quinoa lantern voltage orchard"
KEY_ENV = {"KIOSK_SITE_PASSPHRASE": PASSPHRASE}


def share_site_key(tmp_path, source, *targets) -> None:
    """The administrator's way: 'site-key export' at a kiosk of the site, 'site-key import' at another."""
    export = tmp_path / "site-keys.export"
    if not export.exists():
        kiosk(source, "site-key", "export", "--out", str(export), env=KEY_ENV)
    for data in targets:
        kiosk(data, "site-key", "import", str(export), env=KEY_ENV)


def enroll_random(k, member_no: str, seed: int):
    """An enrollment as the store records it, with a template no other test uses."""
    import numpy as np

    from tests.test_site import enroll

    template = np.random.default_rng(seed).standard_normal(128).astype(np.float32)
    cid = enroll(k, member_no)
    info = k.store.templates.info(member_no)
    k.store.templates.put(member_no, template, info.model_id, info.expires, cid)
    return template


def site_storage(tmp_path, pg_server, site_url, *names):
    folders = make_site(tmp_path, pg_server, site_url, *names)
    share_site_key(tmp_path, folders[0], *folders[1:])
    kiosk(folders[0], "settings", "set", "template_storage", "site")
    sync(*folders)
    return folders


def sealed_on_server(pg_server, site_url, member_no: str) -> list[dict]:
    import psycopg

    with psycopg.connect(site_url, password=pg_server.password, autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT body FROM changes WHERE tbl = 'face_templates' "
                                           "AND body->>'member_no' = %s AND body ? 'sealed'", (member_no,))]


def test_the_notice_in_site_storage_says_where_the_template_is_in_both_languages():
    from kiosk.config import Settings
    from kiosk.domain.notice import NOTICE_VERSION, SITE_SUFFIX, render_notice

    s = Settings().replace(template_storage="site", operator_name="Zoo", operator_contact="desk")
    en, zh = (render_notice(s, "M001", "2027-01-01", lang) for lang in ("en", "zh_CN"))
    assert en.version == zh.version == NOTICE_VERSION + SITE_SUFFIX
    assert "each kiosk of this site keeps it" in en.section("where").body
    assert "sealed copy that it cannot open" in en.section("where").body
    assert "每台设备" in zh.section("where").body and "无法打开" in zh.section("where").body
    parent = render_notice(s, "M003", "2027-01-01", "en", for_guardian=True)
    assert parent.section("where").body == en.section("where").body  # it speaks to a parent as well
    kiosk_mode = render_notice(s.replace(template_storage="kiosk"), "M001", "2027-01-01", "en")
    assert kiosk_mode.version == NOTICE_VERSION and "Only on this kiosk" in kiosk_mode.section("where").body


def test_site_storage_is_refused_at_a_standalone_kiosk_in_one_line(tmp_path):
    data = tmp_path / "alone"
    kiosk(data, "init")
    r = kiosk(data, "settings", "set", "template_storage", "site", check=False)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "part of a site" in r.stderr
    with open_kiosk(data) as k:
        assert k.store.settings.load().template_storage == "kiosk"


def test_a_template_enrolled_in_site_storage_works_at_every_gate_and_a_withdrawal_deletes_it_everywhere(
        tmp_path, pg_server, site_url):
    import numpy as np

    a, b, c = site_storage(tmp_path, pg_server, site_url, "Main gate", "North gate", "South gate")
    with open_kiosk(a) as ka:
        template = enroll_random(ka, "M001", 1)
    sync(a, b, c)
    (body,) = sealed_on_server(pg_server, site_url, "M001")
    for data in (b, c):
        with open_kiosk(data) as k:
            assert np.array_equal(k.store.templates.get("M001"), template), data.name
            assert k.faces.has_face("M001"), data.name
    from kiosk import ops
    from kiosk.domain.mydata import my_data

    with open_kiosk(b) as kb:  # My data says where the template is
        assert my_data(kb, "M001").storage == "site" and my_data(kb, "M002").storage == "kiosk"
    with open_kiosk(c) as kc:  # the member withdraws at the South gate
        receipt = ops.forget_face(kc, ops.Actor.visitor("M001"), "M001", proof=kc.proofs.issue("M001", ProofMethod.PIN))
        assert receipt.storage == "site" and receipt.had_template
        assert kc.store.templates.get("M001") is None
    sync(c, a, b)
    for data in (a, b, c):
        with open_kiosk(data) as k:
            assert k.store.templates.get("M001") is None, data.name
            assert not k.faces.has_face("M001")
    assert sealed_on_server(pg_server, site_url, "M001") == []  # erased from the server's change log too
    # kiosk storage keeps working in a site: a template enrolled so stays at its kiosk
    kiosk(b, "settings", "set", "template_storage", "kiosk")
    sync(b, a)
    with open_kiosk(a) as ka:
        enroll_random(ka, "M002", 2)
    sync(a, b)
    with open_kiosk(b) as kb:
        assert kb.store.templates.get("M002") is None
    assert sealed_on_server(pg_server, site_url, "M002") == []


@pytest.mark.parametrize("first", ["enrolling", "withdrawing"])
def test_a_withdrawal_wins_over_a_site_enrollment_made_at_the_same_time_elsewhere(tmp_path, pg_server, site_url,
                                                                                   first):
    a, b = site_storage(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        enroll_random(ka, "M001", 3)
    sync(a, b)
    with open_kiosk(b) as kb:  # the member withdraws at B ...
        assert kb.faces.has_face("M001")
        kb.faces.forget("M001")
    with open_kiosk(a) as ka:  # ... while A, not having heard of it, enrolls a new face
        enroll_random(ka, "M001", 4)
    sync(*((a, b, a) if first == "enrolling" else (b, a, b)))
    for data in (a, b):
        with open_kiosk(data) as k:
            assert k.store.templates.get("M001") is None, data.name
    assert sealed_on_server(pg_server, site_url, "M001") == []
    # a new enrollment after the withdrawal was seen, then a second one replacing it: the last stands everywhere
    import numpy as np

    with open_kiosk(a) as ka:
        enroll_random(ka, "M001", 5)
        template = enroll_random(ka, "M001", 6)
    sync(a, b)
    with open_kiosk(b) as kb:
        assert np.array_equal(kb.store.templates.get("M001"), template)
    assert len(sealed_on_server(pg_server, site_url, "M001")) == 1  # the replaced one was erased


def test_a_kiosk_without_the_site_key_keeps_site_templates_sealed_until_it_imports_it(tmp_path, pg_server, site_url):
    import numpy as np

    from kiosk.domain.site_templates import require_site_storage
    from kiosk.errors import ConfigError

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    r = kiosk(b, "settings", "set", "template_storage", "site", check=False)  # B has not imported the key
    assert r.returncode == 2 and "does not hold the site's template key" in r.stderr and r.stderr.count("\n") == 1
    kiosk(a, "settings", "set", "template_storage", "site")
    with open_kiosk(a) as ka:
        template = enroll_random(ka, "M003", 7)
    sync(a, b)
    with open_kiosk(b) as kb:
        assert kb.store.settings.load().template_storage == "site"  # the setting is the site's
        assert kb.store.templates.get("M003") is None  # sealed: it waits for the key
        assert kb.store.query("SELECT count(*) FROM site_sealed")[0][0] == 1
        with pytest.raises(ConfigError, match="does not hold the site's template key"):
            require_site_storage(kb.store, b)  # and B refuses site enrollments until it has it
    share_site_key(tmp_path, a, b)
    sync(b)
    with open_kiosk(b) as kb:
        assert np.array_equal(kb.store.templates.get("M003"), template)
        assert kb.store.query("SELECT count(*) FROM site_sealed")[0][0] == 0


def test_the_filing_counter_counts_the_people_with_a_template_across_the_site(tmp_path, pg_server, site_url):
    from kiosk import ops
    from kiosk.policy.filing import filing_status
    from kiosk.reports import filing_report

    a, b = make_site(tmp_path, pg_server, site_url, "Main gate", "North gate")
    with open_kiosk(a) as ka:
        enroll_random(ka, "M001", 21)  # kiosk storage: only at the Main gate
    with open_kiosk(b) as kb:
        enroll_random(kb, "M002", 22)  # kiosk storage: only at the North gate
    sync(a, b, a)
    share_site_key(tmp_path, a, b)
    kiosk(a, "settings", "set", "template_storage", "site")
    with open_kiosk(a) as ka:
        enroll_random(ka, "M003", 23)  # site storage: at every kiosk, counted once
    sync(a, b, a)
    for data in (a, b):
        with open_kiosk(data) as k:
            f = filing_status(k.store, k.store.settings.load())
            assert (f.people_with_templates, f.this_kiosk) == (3, 2), data.name
            assert "Across the site, 3 people have a face template" in f.message and "This kiosk holds 2." in f.message
            report = filing_report(k)
            assert "People with a face template across the site (the filing count) | 3" in report
            assert "of which held at this kiosk | 2" in report
            assert "Template storage: at the site." in report
            snapshot = ops.dashboard_snapshot(k, ops.Actor.cli(), verify_chain=False)
            assert snapshot.filing.people_with_templates == 3
    with open_kiosk(b) as kb:  # a withdrawal at one gate: the count falls everywhere
        kb.faces.forget("M003")
    sync(b, a, b)
    for data in (a, b):
        with open_kiosk(data) as k:
            f = filing_status(k.store, k.store.settings.load())
            assert (f.people_with_templates, f.this_kiosk) == (2, 1), data.name
