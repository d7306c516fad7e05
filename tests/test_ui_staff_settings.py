"""Settings: thresholds as bounded numbers, gate fields enabled only in their mode, and a
"Test gate" button that signals the gate with the values on screen (audited, no alert)."""

from __future__ import annotations

import re
import sys

import pytest

from kiosk.config import NUMERIC_BOUNDS, Settings
from kiosk.domain.alerts import open_count
from kiosk.errors import ConfigError
from tests.test_ui_staff import ADMIN, TIMEOUT, area, audit, click, enter, login, staff, window  # noqa: F401


@pytest.mark.parametrize("name", sorted(NUMERIC_BOUNDS))
def test_the_bounds_on_screen_are_the_ones_validated(name):
    lo, hi = NUMERIC_BOUNDS[name]
    step = 0.01 if isinstance(getattr(Settings(), name), float) else 1
    kind = type(getattr(Settings(), name))
    base = Settings().replace(reading_inactivity_s=900)  # reading screens wait at least as long as others
    base.replace(**{name: kind(lo)})
    base.replace(**{name: kind(hi)})
    for outside in (lo - step, hi + step):
        with pytest.raises(ConfigError):
            base.replace(**{name: kind(round(outside, 2))})


def settings_screen(qtbot, w):
    enter(qtbot, w)
    login(qtbot, w, ADMIN)
    a = area(w)
    a.show_screen("settings")
    s = a.screens["settings"]
    s.show_section(2)
    return s


def test_gate_fields_are_enabled_only_in_their_mode(qtbot, window):
    s = settings_screen(qtbot, window)
    mode, command, url = s.inputs["gate_mode"], s.inputs["gate_command"], s.inputs["gate_url"]
    assert mode.currentData() == "log" and not command.isEnabled() and not url.isEnabled()
    mode.setCurrentIndex(mode.findData("command"))
    assert command.isEnabled() and not url.isEnabled() and s.labels["gate_command"].isEnabled()
    mode.setCurrentIndex(mode.findData("http"))
    assert url.isEnabled() and not command.isEnabled() and not s.labels["gate_command"].isEnabled()


def test_test_gate_uses_the_values_on_screen(qtbot, window, kiosk_app):
    s = settings_screen(qtbot, window)
    mode = s.inputs["gate_mode"]
    mode.setCurrentIndex(mode.findData("command"))
    s.inputs["gate_command"].setText(f'{sys.executable} -c "import sys; sys.exit(0)"')
    click(qtbot, s.test_button)
    qtbot.waitUntil(lambda: "answered" in s.test_result.text(), timeout=TIMEOUT)
    [rec] = audit(kiosk_app, "gate_tested")
    assert rec.actor == "Ada Admin" and rec.detail["ok"] is True and rec.detail["mode"] == "command"
    assert kiosk_app.settings.gate_mode == "log"  # tested, not saved
    s.inputs["gate_command"].setText("/nonexistent/gate-opener")
    click(qtbot, s.test_button)
    qtbot.waitUntil(lambda: "did not answer" in s.test_result.text(), timeout=TIMEOUT)
    assert "not found" in s.test_result.text()
    assert audit(kiosk_app, "gate_tested")[-1].detail["ok"] is False
    assert open_count(kiosk_app.store) == 0 and not audit(kiosk_app, "gate_failed")  # staff are looking at it
    s.inputs["gate_command"].clear()
    click(qtbot, s.test_button)  # invalid as typed: the problem is listed, nothing is signalled
    assert "Gate command: is needed for the chosen gate output" in s.message.text() and len(audit(kiosk_app, "gate_tested")) == 2


#: every setting a visitor meets (directly or through the checks they go through) has a field on screen
VISITOR_SETTINGS = {
    "face_enabled", "match_threshold", "face_retries", "duplicate_check", "duplicate_threshold", "template_storage",
    "site_key_grace_days", "grace_days_after_pass", "idle_retention_days", "languages", "inactivity_s",
    "reading_inactivity_s", "still_there_s", "sound_volume", "pass_scanner", "pin_max_failures", "pin_lock_base_s",
    "liveness", "liveness_passive_threshold", "liveness_passive_frames", "liveness_turn", "liveness_challenge_s",
    "liveness_nods", "gate_mode", "gate_command", "gate_url", "operator_name", "operator_name_zh", "operator_contact", "site_type",
}


def test_every_visitor_setting_is_on_the_screen_with_a_label_in_both_languages(qtbot, window):
    from kiosk.ui.pages.staff.settings import SECTIONS

    s = settings_screen(qtbot, window)
    placed = [name for names in SECTIONS for name in names]
    assert VISITOR_SETTINGS <= set(placed) and len(placed) == len(set(placed))
    english = {name: s.labels[name].text() for name in placed}
    window.set_language("zh_CN")
    for name in placed:
        text = s.labels[name].text()
        assert text and text != english[name] and re.search(r"[\u4e00-\u9fff]", text), (name, text)
        assert s.inputs[name].accessibleName() or s.inputs[name].box.accessibleName(), name
    window.set_language("en")


def test_new_settings_save_through_ops_and_are_audited(qtbot, window, kiosk_app):
    s = settings_screen(qtbot, window)
    live = s.inputs["liveness"]
    assert live.currentData() == "both" and s.inputs["liveness_turn"].isEnabled()
    live.setCurrentIndex(live.findData("passive"))
    assert s.inputs["liveness_passive_threshold"].isEnabled() and not s.inputs["liveness_turn"].isEnabled()
    assert not s.inputs["liveness_challenge_s"].isEnabled() and not s.labels["liveness_turn"].isEnabled()
    s.inputs["liveness_passive_threshold"].setValue(0.62)
    s.inputs["sound_volume"].setValue(0)  # off
    s.inputs["reading_inactivity_s"].setValue(200)
    s.inputs["still_there_s"].setValue(30)
    s.inputs["pass_scanner"].setChecked(True)
    storage = s.inputs["template_storage"]
    assert not s.inputs["site_key_grace_days"].isEnabled()
    storage.setCurrentIndex(storage.findData("pass"))
    assert s.inputs["site_key_grace_days"].isEnabled()
    s.inputs["pin_max_failures"].setValue(4)
    click(qtbot, s.save_button)
    # the screen's answer, not the kiosk's settings: those change on the database thread before it
    qtbot.waitUntil(lambda: s.message.text().startswith("Saved"), timeout=TIMEOUT)
    got = kiosk_app.settings
    assert (got.liveness_passive_threshold, got.sound_volume, got.reading_inactivity_s, got.still_there_s,
            got.pass_scanner, got.template_storage, got.pin_max_failures) == (0.62, 0, 200, 30, True, "pass", 4)
    changed = {r.subject: r for r in audit(kiosk_app, "setting_changed")}
    assert set(changed) == {"liveness", "liveness_passive_threshold", "sound_volume", "reading_inactivity_s",
                            "still_there_s", "pass_scanner", "template_storage", "pin_max_failures"}
    assert changed["liveness"].actor == "Ada Admin" and changed["liveness"].detail["new"] == "passive"
    assert "8 change(s)" in s.message.text() or "8 changes" in s.message.text()


def test_saving_the_screen_keeps_a_change_made_elsewhere_meanwhile(qtbot, window, kiosk_app):
    """The settings screen was opened, then `kiosk settings set` changed another value (the
    running kiosk reads it again): saving the screen writes only what staff changed on it."""
    s = settings_screen(qtbot, window)
    assert kiosk_app.settings.sound_volume != 35
    elsewhere = kiosk_app.settings.replace(site_name="Lion Gate")
    kiosk_app.save_settings(elsewhere, "cli")  # as the command line would, seen by the running kiosk
    assert s.inputs["site_name"].text() != "Lion Gate"  # the open screen still shows the old name
    s.inputs["sound_volume"].setValue(35)
    click(qtbot, s.save_button)
    qtbot.waitUntil(lambda: s.message.text().startswith("Saved"), timeout=TIMEOUT)
    assert (kiosk_app.settings.site_name, kiosk_app.settings.sound_volume) == ("Lion Gate", 35)
    assert [r.subject for r in audit(kiosk_app, "setting_changed") if r.actor == "Ada Admin"] == ["sound_volume"]


def test_saving_the_screen_keeps_a_change_another_process_made_that_this_kiosk_has_not_read(
        qtbot, window, kiosk_app, data_dir):
    """`kiosk settings set` in another process changed a value this kiosk has not read yet:
    saving the screen merges what staff changed into the settings stored now, not into the
    ones the kiosk last read, so the other change stays."""
    import subprocess

    window.settings_watch.stop()  # the running kiosk does not read the database again by itself
    s = settings_screen(qtbot, window)
    done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "settings", "set",
                           "site_name", "Lion Gate"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert kiosk_app.settings.site_name != "Lion Gate" and s.inputs["site_name"].text() != "Lion Gate"
    s.inputs["sound_volume"].setValue(35)
    click(qtbot, s.save_button)
    qtbot.waitUntil(lambda: s.message.text().startswith("Saved"), timeout=TIMEOUT)
    stored = kiosk_app.store.settings.load()
    assert (stored.site_name, stored.sound_volume) == ("Lion Gate", 35)
    assert (kiosk_app.settings.site_name, s.inputs["site_name"].text()) == ("Lion Gate", "Lion Gate")
    assert [r.subject for r in audit(kiosk_app, "setting_changed") if r.actor == "Ada Admin"] == ["sound_volume"]
