"""A help request reaches a person away from the kiosk: the configured notification (a
command, or a POST to a local URL) carries where help is needed, never who; the settings are
validated like the gate's; the staff test is audited; the heartbeat shows the kiosk alive."""

from __future__ import annotations

import json
import sys
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from kiosk import ops
from kiosk.domain.alerts import open_alerts
from kiosk.errors import ConfigError


class _Pager(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def pager():
    _Pager.received = []
    server = HTTPServer(("127.0.0.1", 0), _Pager)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/page", _Pager.received
    server.shutdown()
    server.server_close()
    thread.join(5)


def audit(kiosk, event):
    return list(kiosk.store.audit.records(event=event))


def use(kiosk, **settings):
    kiosk.save_settings(kiosk.settings.replace(**settings), "test")


def test_a_help_request_is_posted_to_a_local_url(kiosk_app, pager):
    url, received = pager
    use(kiosk_app, help_notify_mode="http", help_notify_url=url, site_name="Zoo north gate")
    visitor = ops.Actor.visitor("M002")
    alert = ops.ask_staff(kiosk_app, visitor, "pin")
    result = ops.notify_help(kiosk_app, visitor, "pin", alert.id)
    assert result.ok and result.message == "HTTP 204"
    [(path, ctype, body)] = received
    assert path == "/page" and ctype == "application/json"
    assert body["event"] == "help_requested" and body["site"] == "Zoo north gate"
    assert body["screen"] == "pin" and body["alert"] == alert.id
    assert "M002" not in json.dumps(body)  # where help is needed, never who
    [rec] = audit(kiosk_app, "help_notified")
    assert rec.detail["mode"] == "http" and rec.detail["alert"] == alert.id
    assert [a.id for a in open_alerts(kiosk_app.store)] == [alert.id]  # the staff area has it too


def test_a_help_request_runs_a_command(kiosk_app, tmp_path):
    out = tmp_path / "paged.txt"
    script = ("import os, sys; open(sys.argv[1], 'w').write("
              "os.environ['KIOSK_EVENT'] + ' ' + os.environ['KIOSK_SCREEN'] + ' ' + os.environ['KIOSK_ALERT'])")
    use(kiosk_app, help_notify_mode="command", help_notify_command=f'{sys.executable} -c "{script}" {out}')
    alert = ops.ask_staff(kiosk_app, ops.Actor.visitor(None), "welcome")
    assert ops.notify_help(kiosk_app, ops.Actor.visitor(None), "welcome", alert.id).ok
    assert out.read_text() == f"help_requested welcome {alert.id}"


def test_a_failing_notification_is_audited_and_never_raises(kiosk_app):
    use(kiosk_app, help_notify_mode="command", help_notify_command="/nonexistent/pager")
    result = ops.notify_help(kiosk_app, ops.Actor.visitor(None), "claim", None)
    assert not result.ok and "not found" in result.message
    [rec] = audit(kiosk_app, "help_notify_failed")
    assert "not found" in rec.detail["reason"]


def test_off_sends_nothing_and_records_nothing(kiosk_app):
    assert kiosk_app.settings.help_notify_mode == "off"
    result = ops.notify_help(kiosk_app, ops.Actor.visitor(None), "claim", None)
    assert result.ok and result.mode == "off"
    assert not audit(kiosk_app, "help_notified") and not audit(kiosk_app, "help_notify_failed")


def test_the_settings_are_validated_like_the_gate(kiosk_app):
    base = kiosk_app.settings
    for bad in ({"help_notify_mode": "email"}, {"help_notify_mode": "command"},
                {"help_notify_mode": "http", "help_notify_url": "ftp://pager"}):
        with pytest.raises(ConfigError):
            base.replace(**bad)
    base.replace(help_notify_mode="http", help_notify_url="http://127.0.0.1:9/x")


def test_the_staff_test_is_audited_and_needs_an_administrator(kiosk_app, pager):
    from kiosk.domain.staff import StaffAccounts

    url, received = pager
    accounts = StaffAccounts(kiosk_app.store)
    accounts.add("Ada Admin", "administrator", "111111")
    accounts.add("Otto Operator", "operator", "222222")
    admin = ops.Actor.staff(ops.staff_sign_in(kiosk_app, "111111").session)
    chosen = kiosk_app.settings.replace(help_notify_mode="http", help_notify_url=url)
    result = ops.run_help_notify_test(kiosk_app, admin, chosen)
    assert result.ok and received[0][2]["event"] == "test"
    [rec] = audit(kiosk_app, "help_notify_tested")
    assert rec.actor == "Ada Admin" and rec.detail["ok"] is True
    assert kiosk_app.settings.help_notify_mode == "off"  # tested, not saved
    operator = ops.Actor.staff(ops.staff_sign_in(kiosk_app, "222222").session)
    with pytest.raises(Exception, match="may not"):
        ops.run_help_notify_test(kiosk_app, operator, chosen)


def test_the_heartbeat_shows_the_kiosk_online_then_offline(kiosk_app):
    system = ops.Actor.system()
    t0 = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)
    [before] = ops.kiosk_overview(kiosk_app, system, t0)
    assert not before.online and before.last_contact is None
    ops.record_heartbeat(kiosk_app, system, camera="worked", engine="ready", screen="pin", now=t0)
    [now] = ops.kiosk_overview(kiosk_app, system, t0 + timedelta(seconds=4))
    assert now.online and now.last_contact == t0 and now.camera == "worked" and now.screen == "pin"
    [later] = ops.kiosk_overview(kiosk_app, system, t0 + timedelta(seconds=30))
    assert not later.online and later.last_contact == t0
    ops.ask_staff(kiosk_app, ops.Actor.visitor(None), "welcome")
    assert ops.help_waiting(kiosk_app, system) == 1
