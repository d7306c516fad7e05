"""Settings that regulation bounds (PRODUCT.md rules 6, 7, 9)."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.config import MAX_IDLE_RETENTION_DAYS, PRIVATE_SITE_TYPES, Settings
from kiosk.errors import ConfigError


def test_retention_since_last_use_is_capped_at_three_years():
    assert MAX_IDLE_RETENTION_DAYS <= 3 * 365  # BIPA §15(a)
    Settings().replace(idle_retention_days=MAX_IDLE_RETENTION_DAYS)
    with pytest.raises(ConfigError, match="idle_retention_days"):
        Settings().replace(idle_retention_days=MAX_IDLE_RETENTION_DAYS + 1)


def test_private_site_types_disallow_face():
    for site in PRIVATE_SITE_TYPES:
        assert not Settings(site_type=site).face_site_allowed
    assert Settings(site_type="zoo").face_site_allowed


def test_no_setting_estimates_attributes_or_removes_alternatives():
    """Rule 7: nothing configures attribute analysis; rule 1: nothing turns off PIN or staff help."""
    words = {w for name in Settings().to_dict() for w in name.split("_")}
    assert not words & {"age", "gender", "emotion", "ethnicity", "race", "attribute", "attributes", "only", "require",
                        "required", "disable"}
    assert not {"pin_enabled", "staff_help_enabled"} & set(Settings().to_dict())


def test_bad_values_are_refused_with_the_fix():
    with pytest.raises(ConfigError) as err:
        Settings().replace(match_threshold=0.9, gate_mode="http", gate_url="ftp://x")
    assert "match_threshold" in str(err.value) and "gate_url" in str(err.value) and "Correct the values" in str(err.value)


def test_settings_kinds_are_enums_stored_as_their_strings():
    """Kinds (liveness, template storage, gate and help modes, site type) are held as str enums:
    a stored or typed string becomes the enum member, and the stored form stays the same string."""
    from kiosk.config import GateMode, HelpNotifyMode, Liveness, SiteType, TemplateStorage

    s = Settings.from_dict({"liveness": "off", "template_storage": "pass", "gate_mode": "http",
                            "gate_url": "http://gate.invalid", "help_notify_mode": "command",
                            "help_notify_command": "true", "site_type": "museum"}).validate()
    assert (s.liveness, s.template_storage, s.gate_mode, s.help_notify_mode, s.site_type) == (
        Liveness.OFF, TemplateStorage.PASS, GateMode.HTTP, HelpNotifyMode.COMMAND, SiteType.MUSEUM)
    assert all(type(v) is not str for v in (s.liveness, s.template_storage, s.gate_mode, s.site_type))
    d = s.to_dict()
    assert type(d["liveness"]) is str and d["liveness"] == "off" and d["site_type"] == "museum"
    assert Settings.from_dict(d) == s and s.templates_on_pass


def test_validation_reads_every_range_from_the_one_table():
    """Each numeric setting just outside its range in config.RANGES is refused with that range."""
    from kiosk.config import RANGES, ProblemCode, SettingsError

    for name, (lo, hi) in RANGES.items():
        integer = isinstance(getattr(Settings(), name), int)
        for bad in (lo - 1 if integer else lo - 0.01, hi + 1 if integer else hi + 0.01):
            with pytest.raises(SettingsError) as e:
                dataclasses.replace(Settings(), **{name: bad}).validate()
            assert any(p.code is ProblemCode.OUT_OF_RANGE and p.setting == name and (p.low, p.high) == (lo, hi)
                       for p in e.value.problems), (name, bad, e.value.problems)
        dataclasses.replace(Settings(), **{name: lo}).validate()  # the bounds themselves are allowed
