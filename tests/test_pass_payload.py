"""The sealed face pass: format, size, quantisation, and every refusal with its reason."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from kiosk.domain import pass_codes, pass_payload
from kiosk.domain.pass_payload import ConsentRef, dequantise, quantise
from kiosk.domain.passes import PassService
from kiosk.domain.site_keys import SiteKeyring
from kiosk.errors import PassRefusedError, Refusal

rng = np.random.default_rng(13)


def template() -> np.ndarray:
    return (rng.normal(0, 0.09, 128)).astype(np.float32)


def refusal(fn) -> Refusal:
    with pytest.raises(PassRefusedError) as err:
        fn()
    assert "\n" not in str(err.value) and err.value.remedy  # one clear line with a remedy
    return err.value.reason


@pytest.fixture
def passes(kiosk_app):
    return PassService(kiosk_app.paths.data_dir, kiosk_app.store, kiosk_app.stored_settings)


def issue(passes, member="M001", t=None, expires=None):
    expires = expires or (date.today() + timedelta(days=365)).isoformat()
    return passes.issue(member, template() if t is None else t, 7, expires)


def test_quantisation_error_is_at_most_half_a_step():
    t = template()
    scale, q = quantise(t)
    assert q.dtype == np.int8 and np.abs(q).max() == 127
    assert np.abs(dequantise(scale, q) - t).max() <= scale / 2 + 1e-7
    with pytest.raises(ValueError):
        quantise(np.full(128, np.nan, np.float32))


def test_payload_is_small_and_round_trips(passes):
    t = template()
    issued = issue(passes, "M001", t)
    assert issued.size <= 240 and pass_payload.MAX_BYTES <= 240
    opened = passes.open(issued.code, "M001")
    assert opened.member_no == "M001" and opened.consent == passes.consent_ref(7)
    assert np.abs(opened.template - t).max() < 0.003
    assert opened.expires.isoformat() == issued.expires
    assert passes.header(issued.code).member_no == "M001"  # readable without the key


def test_longest_member_number_fits():
    key = bytes(32)
    payload = pass_payload.seal(b"abcd", key, "X" * 32, template(), issued=datetime.now(timezone.utc),
                                expires=date(2030, 1, 1), consent=ConsentRef(1, 2))
    assert len(payload) == pass_payload.MAX_BYTES <= 240


def test_copied_to_another_member_is_refused(passes):
    code = issue(passes, "M001").code
    assert refusal(lambda: passes.open(code, "M002")) is Refusal.OTHER_MEMBER


def test_edited_member_number_is_tampering(passes):
    payload = bytearray(pass_codes.from_text(issue(passes, "M001").code))
    payload[6:10] = b"M002"  # the clear member number, as if copied onto M002's pass
    assert refusal(lambda: passes.open(bytes(payload), "M002")) is Refusal.TAMPERED


def test_every_flipped_bit_is_refused_with_a_reason(passes):
    payload = pass_codes.from_text(issue(passes, "M001").code)
    for i in range(len(payload)):
        for bit in (0, 7):
            bad = bytearray(payload)
            bad[i] ^= 1 << bit
            with pytest.raises(PassRefusedError):
                passes.open(bytes(bad), "M001")


def test_random_garbage_never_raises_anything_else(passes):
    good = issue(passes).code
    r = random.Random(5)
    samples = ["", "KP1:", "KP1:A", "hello", "KP1:" + "Z" * 400, good[:-3], good + "00", good.lower(), "KP2:" + good[4:]]
    for _ in range(300):
        chars = list(good)
        for _ in range(r.randint(1, 5)):
            chars[r.randrange(4, len(chars))] = r.choice(pass_codes.ALPHABET)
        samples.append("".join(chars))
        samples.append("KP1:" + "".join(r.choice(pass_codes.ALPHABET) for _ in range(r.randint(0, 330))))
    for s in samples:
        try:
            passes.open(s, "M001")
        except PassRefusedError:
            pass
    assert passes.open(good.lower(), "M001").member_no == "M001"  # scanners may change case


def test_expired_pass_is_refused(passes):
    code = issue(passes, expires=(date.today() - timedelta(days=1)).isoformat()).code
    err = pytest.raises(PassRefusedError, passes.open, code, "M001").value
    assert err.reason is Refusal.EXPIRED and "renew" in str(err)


def test_other_sites_key_is_refused(kiosk_app, tmp_path, passes):
    from kiosk.app import create

    other = create(tmp_path / "other", engine=kiosk_app.engine, init=True)
    try:
        code = PassService(other.paths.data_dir, other.store, other.stored_settings).issue("M001", template(), 1, "2030-01-01").code
    finally:
        other.close()
    issue(passes)  # this kiosk has its own site key
    assert refusal(lambda: passes.open(code, "M001")) is Refusal.OTHER_SITE


def test_no_site_key_yet(kiosk_app, tmp_path, passes):
    from kiosk.app import create

    other = create(tmp_path / "other", engine=kiosk_app.engine, init=True)
    try:
        code = PassService(other.paths.data_dir, other.store, other.stored_settings).issue("M001", template(), 1, "2030-01-01").code
    finally:
        other.close()
    assert refusal(lambda: passes.open(code, "M001")) is Refusal.NO_SITE_KEY


def test_revoked_consent_and_member(passes):
    first = issue(passes).code
    ref = str(passes.open(first).consent)
    assert passes.revoke("consent", ref, "test")
    assert refusal(lambda: passes.open(first, "M001")) is Refusal.REVOKED
    second = passes.issue("M002", template(), 8, "2030-01-01").code
    passes.revoke("member", "M002", "test")
    assert refusal(lambda: passes.open(second, "M002")) is Refusal.REVOKED
    later = datetime.now(timezone.utc) + timedelta(seconds=2)
    third = passes.issue("M002", template(), 9, "2030-01-01", now=later).code  # issued after the withdrawal
    assert passes.open(third, "M002").member_no == "M002"
    assert all("template" not in str(row) for row in passes.revocations())


def test_rotation_keeps_old_passes_through_the_grace_period(passes, kiosk_app):
    old = issue(passes).code
    keyring = SiteKeyring(kiosk_app.paths.data_dir)
    first = keyring.current()
    new = keyring.rotate()
    assert keyring.current() == new and new.key_id != first.key_id
    assert passes.open(old, "M001")  # within the grace period
    assert pass_codes.from_text(issue(passes).code)[1:5] == new.key_id
    grace = kiosk_app.settings.site_key_grace_days
    after = datetime.now(timezone.utc) + timedelta(days=grace + 1)
    err = pytest.raises(PassRefusedError, passes.open, old, "M001", after).value
    assert err.reason is Refusal.KEY_RETIRED and "renew" in str(err)


def test_keyring_file_is_private(passes, kiosk_app):
    issue(passes)
    path = SiteKeyring(kiosk_app.paths.data_dir).path
    assert path.stat().st_mode & 0o777 == 0o600


def test_template_storage_setting_is_validated():
    from kiosk.config import Settings
    from kiosk.errors import ConfigError

    assert Settings().template_storage == "kiosk"
    assert Settings().replace(template_storage="pass").templates_on_pass
    with pytest.raises(ConfigError, match="template_storage"):
        Settings().replace(template_storage="cloud")
    with pytest.raises(ConfigError, match="site_key_grace_days"):
        Settings().replace(site_key_grace_days=-1)
