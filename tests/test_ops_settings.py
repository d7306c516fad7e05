"""Changing settings is one operation (``ops.change_settings``): it reads the stored settings,
applies only what the caller changed, validates, writes and audits in one transaction."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from kiosk import ops
from kiosk.config import ProblemCode, Settings, SettingsError
from kiosk.errors import ConfigError, PermissionDeniedError

CLI = ops.Actor.cli()


def on_screen(shown: Settings, **typed: object) -> dict[str, object]:
    """Every value a settings screen sends: those it showed, with staff's edits."""
    return {f.name: getattr(shown, f.name) for f in dataclasses.fields(Settings)} | typed


def settings_set(data_dir, name: str, value: str) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "settings", "set", name, value],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def changed_records(k) -> list[tuple[str | None, str]]:
    return [(r.subject, r.actor) for r in k.store.audit.records(event="setting_changed")]


def test_a_change_made_elsewhere_between_showing_and_saving_is_kept(kiosk_app, data_dir):
    shown = kiosk_app.settings
    settings_set(data_dir, "site_name", "Riverside Zoo")  # another process, while the screen shows the old name
    settings_set(data_dir, "inactivity_s", "45")
    assert kiosk_app.settings.site_name == shown.site_name  # this kiosk has not read them yet
    result = ops.change_settings(kiosk_app, CLI, on_screen(shown, sound_volume=15, face_retries=2), shown)
    assert result.changed == ("face_retries", "sound_volume")
    stored = kiosk_app.store.settings.load()
    assert (stored.site_name, stored.inactivity_s, stored.sound_volume, stored.face_retries) == (
        "Riverside Zoo", 45, 15, 2)
    assert kiosk_app.settings == stored  # the kiosk holds what it stored
    assert changed_records(kiosk_app)[-2:] == [("face_retries", "cli"), ("sound_volume", "cli")]


def test_without_what_was_shown_every_value_given_is_a_change(kiosk_app, data_dir):
    settings_set(data_dir, "site_name", "Riverside Zoo")
    assert ops.change_settings(kiosk_app, CLI, {"sound_volume": 15}).changed == ("sound_volume",)
    assert ops.change_settings(kiosk_app, CLI, {"sound_volume": 15}).changed == ()  # already so: nothing audited
    stored = kiosk_app.store.settings.load()
    assert (stored.site_name, stored.sound_volume) == ("Riverside Zoo", 15)
    assert [s for s, _ in changed_records(kiosk_app)].count("sound_volume") == 1


def test_invalid_values_refuse_with_their_problems_and_write_nothing(kiosk_app):
    before, records = kiosk_app.store.settings.load(), kiosk_app.store.audit.count()
    shown = kiosk_app.settings
    with pytest.raises(SettingsError) as refused:
        ops.change_settings(kiosk_app, CLI, on_screen(shown, sound_volume=1000, gate_mode="pigeon", site_name="Zoo"),
                            shown)
    problems = {(p.code, p.setting) for p in refused.value.problems}
    assert problems == {(ProblemCode.OUT_OF_RANGE, "sound_volume"), (ProblemCode.NOT_A_CHOICE, "gate_mode")}
    assert kiosk_app.store.settings.load() == before and kiosk_app.settings == before  # not even the valid name
    assert kiosk_app.store.audit.count() == records


def test_an_unknown_setting_or_an_actor_without_the_right_writes_nothing(kiosk_app):
    before, records = kiosk_app.store.settings.load(), kiosk_app.store.audit.count()
    with pytest.raises(ConfigError, match="Unknown setting 'volume'"):
        ops.change_settings(kiosk_app, CLI, {"volume": 3, "sound_volume": 15})
    with pytest.raises(PermissionDeniedError):
        ops.change_settings(kiosk_app, ops.Actor.visitor("M001"), {"sound_volume": 15})
    assert kiosk_app.store.settings.load() == before and kiosk_app.store.audit.count() == records
