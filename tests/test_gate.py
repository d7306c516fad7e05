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

    def do_POST(self):
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


def test_the_gate_program_gets_a_clean_environment(kiosk_app, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DB_KEY", "ab" * 32)
    out = tmp_path / "env.json"
    cmd = f"{sys.executable} -c \"import json,os,sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))\" '{out}'"
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="command", gate_command=cmd), actor="t")
    assert gate_for(kiosk_app).open("pin").ok
    seen = json.loads(out.read_text())
    assert not any(k.startswith("KIOSK") for k in seen) and "ab" * 32 not in json.dumps(seen)


@pytest.fixture
def trickling_controller():
    """Answers one byte at a time, far slower than any deadline, until the test ends."""
    import socket

    stop = threading.Event()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" * 100:
                if stop.wait(0.05):
                    return
                conn.sendall(bytes([byte]))

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/open"
    stop.set()
    t.join(5)
    server.close()


def test_a_trickling_controller_meets_a_hard_deadline(kiosk_app, trickling_controller):
    kiosk_app.save_settings(kiosk_app.settings.replace(gate_mode="http", gate_url=trickling_controller), actor="t")
    r = gate_for(kiosk_app, timeout_s=1.0).open("pin")
    assert not r.ok and "did not answer in time" in r.message
    assert r.elapsed_s < 30  # the controller would have trickled for more than 30 s
