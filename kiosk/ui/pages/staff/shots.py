"""Screenshots of the staff area (fake data only: the demo members and a demo session)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from kiosk.domain import alerts
from kiosk.domain.alerts import AlertKind, AlertNote, GateProblem, GateProblemCode
from kiosk.ui.pages.staff.shot_setup import fresh_staff_area, settle, signed_in
from kiosk.ui.registry import screenshot


@screenshot("staff-login", area="staff")
def _login(window) -> None:
    fresh_staff_area(window)
    settle(window)


def _acknowledge_all(store) -> None:
    for a in alerts.open_alerts(store):
        alerts.acknowledge(store, a.id, "Demo administrator")


def _raise_demo_alerts(store) -> None:
    """Made-up alerts a few minutes old (the shots reuse one data folder: start afresh)."""
    _acknowledge_all(store)
    now = datetime.now(timezone.utc)
    ago = lambda minutes: now - timedelta(minutes=minutes)  # noqa: E731
    failed = GateProblem(GateProblemCode.EXIT_STATUS, ("gate-opener", "2", ""))
    alerts.raise_alert(store, AlertKind.GATE_FAILED, note=AlertNote.gate("command", failed), at=ago(41))
    alerts.raise_alert(store, AlertKind.PIN_LOCKED, member_no="1002", at=ago(17))
    alerts.face_try_failed(store, "1001", "liveness:passive", at=ago(10))  # one alert carries the visit's tries
    alerts.face_try_failed(store, "1001", "no_match", at=ago(9))
    alerts.raise_alert(store, AlertKind.HELP_REQUESTED, member_no="1003", note=AlertNote.asked_on("pin"), at=ago(4))
    alerts.raise_alert(store, AlertKind.HELP_REQUESTED, member_no="1003", note=AlertNote.asked_on("pin"), at=ago(2))


@screenshot("dashboard", area="staff")
def _dashboard(window) -> None:
    store = window.ctx.kiosk.store
    window.ctx.db.call_sync(lambda: _acknowledge_all(store))
    signed_in(window, "dashboard")


def _heard_from_site(store, minutes_ago: float | None) -> None:
    """The screenshots' kiosk as a kiosk of a site last heard from ``minutes_ago`` (None: a
    kiosk of no site again): the contact the site's exchange notes in the store."""
    with store.transaction() as c:
        if minutes_ago is None:
            c.execute("DROP TABLE IF EXISTS site_state")
            return
        c.execute("CREATE TABLE IF NOT EXISTS site_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        c.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES ('last_contact', ?)",
                  (repr(time.time() - minutes_ago * 60),))


def _back_to_no_site(window) -> None:
    store = window.ctx.kiosk.store
    window.ctx.db.call_sync(lambda: _heard_from_site(store, None))


@screenshot("kiosk-offline", area="staff", after=_back_to_no_site)
def _kiosk_offline(window) -> None:
    """A kiosk of a site that has not reached its server for 20 minutes: face use is paused
    (a withdrawal made at another gate might not have reached it), card and PIN go on, and the
    dashboard says why."""
    store = window.ctx.kiosk.store
    window.ctx.db.call_sync(lambda: _heard_from_site(store, 20))
    signed_in(window, "dashboard")


@screenshot("alerts", area="staff")
def _alerts(window) -> None:
    store = window.ctx.kiosk.store
    window.ctx.db.call_sync(lambda: _raise_demo_alerts(store))
    area = signed_in(window, "dashboard")
    area.screens["dashboard"].alerts.select(alerts.open_alerts(store)[0].id)


@screenshot("members", area="staff")
def _members(window) -> None:
    area = signed_in(window, "members")
    area.screens["members"].select("1002")


@screenshot("audit", area="staff")
def _audit(window) -> None:
    area = signed_in(window, "audit")
    area.screens["audit"].table.selectRow(0)  # the detail view beside the list


@screenshot("settings", area="staff")
def _settings(window) -> None:
    signed_in(window, "settings")


@screenshot("reports", area="staff")
def _reports(window) -> None:
    area = signed_in(window, "reports")
    screen = area.screens["reports"]
    screen.report_path.edit.setText("/media/usb/filing-report.html")
    screen.backup_path.edit.setText("/media/usb/kiosk-backup.db")


@screenshot("members-new-pin", area="staff")
def _members_new_pin(window) -> None:
    area = signed_in(window, "members")
    screen = area.screens["members"]
    screen.select("1002")
    screen.pin_button.click()
    screen.pin_panel.field.setText("2580")
    screen.pin_panel.keypad.submitted.emit()  # first entry done: the panel asks for it again
    screen.pin_panel.field.setText("25")


@screenshot("settings-retention", area="staff")
def _settings_retention(window) -> None:
    area = signed_in(window, "settings")
    area.screens["settings"].show_section(1)


@screenshot("settings-gate", area="staff")
def _settings_gate(window) -> None:
    screen = signed_in(window, "settings").screens["settings"]
    screen.show_section(2)
    mode = screen.inputs["gate_mode"]
    mode.setCurrentIndex(mode.findData("http"))  # typed, not saved: the URL field is the one enabled
    screen.inputs["gate_url"].setText("http://192.168.1.20:8080/open")


@screenshot("settings-liveness", area="staff")
def _settings_liveness(window) -> None:
    screen = signed_in(window, "settings").screens["settings"]
    screen.show_section(3)
    mode = screen.inputs["liveness"]
    mode.setCurrentIndex(mode.findData("passive"))  # typed, not saved: the head-turn figures are the ones disabled


@screenshot("console-dashboard", area="console")
def _console_dashboard(window):
    """The office console: the kiosk online (its heartbeat), the dashboard of its staff area."""
    from kiosk.ui.console import shot_console

    store = window.ctx.kiosk.store
    window.ctx.db.call_sync(lambda: _acknowledge_all(store))
    return shot_console(window)


@screenshot("console-alert", area="console")
def _console_alert(window):
    """A demo member asked for help on the PIN screen: who, where and when, to acknowledge."""
    from kiosk.ui.console import shot_console

    store = window.ctx.kiosk.store
    window.ctx.db.call_sync(lambda: _acknowledge_all(store))
    return shot_console(window, help_from="pin")
