"""Gate output: log, command (no shell, timeout), HTTP POST; failures audited, never raised."""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from kiosk.gate import Gate


def gate_for(k, timeout_s: float = 5.0, **kw):
    return Gate(k.store, lambda: k.settings, timeout_s=timeout_s, **kw)


def last(k, event):
    return list(k.store.audit.records(event=event))[-1]


def test_log_only_by_default(kiosk_app):
    r = gate_for(kiosk_app).open("pin")
    assert r.ok and r.mode == "log"
    assert last(kiosk_app, "gate_opened").detail == {"mode": "log", "method": "pin"}


def test_command_runs_without_a_shell(kiosk_app, tmp_path):
    marker = tmp_path / "opened; touch pwned"
    cmd = f"{sys.executable} -c \"import pathlib,sys; pathlib.Path(sys.argv[1]).write_text('x')\" '{marker}'"
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="command", gate_command=cmd), actor="t")
    r = gate_for(kiosk_app).open("face")
    assert r.ok, r.message
    assert marker.exists() and not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("cmd, expect", [
    (f"{sys.executable} -c \"import sys; sys.stderr.write('relay jammed'); sys.exit(3)\"", "status 3: relay jammed"),
    ("/nonexistent/gate-opener", "not found"),
    (f"{sys.executable} -c \"import time; time.sleep(5)\"", "did not finish within"),
])
def test_command_failure_is_audited_and_reported(kiosk_app, cmd, expect):
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="command", gate_command=cmd), actor="t")
    r = gate_for(kiosk_app, timeout_s=0.5).open("card")
    assert not r.ok and expect in r.message
    rec = last(kiosk_app, "gate_failed")
    assert rec.detail["mode"] == "command" and expect in rec.detail["reason"]


def test_runner_exception_never_escapes(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="command", gate_command="x"), actor="t")

    def boom(*a, **k):
        raise MemoryError("odd")

    assert not gate_for(kiosk_app, run=boom).open().ok


class _Handler(BaseHTTPRequestHandler):
    status = 200
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Handler.seen.append(json.loads(body))
        self.send_response(_Handler.status)
        self.end_headers()

    def log_message(self, *a):
        pass


@pytest.fixture
def controller():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    _Handler.seen, _Handler.status = [], 200
    yield f"http://127.0.0.1:{server.server_port}/open"
    server.shutdown()
    server.server_close()
    t.join(2)


def test_http_post(kiosk_app, controller):
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="http", gate_url=controller, site_name="North"), actor="t")
    r = gate_for(kiosk_app).open("face")
    assert r.ok and r.message == "HTTP 200"
    assert _Handler.seen[0]["event"] == "open" and _Handler.seen[0]["site"] == "North"
    assert "M001" not in json.dumps(_Handler.seen)  # no member data to the gate


def test_http_error_status_is_a_failure(kiosk_app, controller):
    _Handler.status = 500
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="http", gate_url=controller), actor="t")
    r = gate_for(kiosk_app).open("pin")
    assert not r.ok and "500" in r.message and last(kiosk_app, "gate_failed")


def test_http_unreachable(kiosk_app):
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="http", gate_url="http://127.0.0.1:9/open"), actor="t")
    r = gate_for(kiosk_app, timeout_s=1).open("pin")
    assert not r.ok and "cannot be reached" in r.message
