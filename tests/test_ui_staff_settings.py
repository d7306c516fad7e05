"""Settings: thresholds as bounded numbers, gate fields enabled only in their mode, and a
"Test gate" button that signals the gate with the values on screen (audited, no alert)."""

from __future__ import annotations

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
