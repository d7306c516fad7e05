"""Settings that regulation bounds (PRODUCT.md rules 6, 7, 9)."""

from __future__ import annotations

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
