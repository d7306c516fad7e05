"""Gate output on a successful check: log only (default), run a command, or POST to a URL.

:meth:`Gate.open` never raises into the visitor flow: a failure is logged, audited and
returned as a :class:`GateResult` with ``ok=False``; the UI then tells the visitor to
see staff and shows ``result.message`` to staff. The gate is told only "open": no
member number, no name, nothing biometric.

* ``command``: ``gate_command`` is split like a shell would (``shlex``) but run without
  a shell, as an argument list, with a timeout and a clean environment (``PATH`` and a
  locale only: never the database key); exit status 0 is success.
* ``http``: a JSON ``{"event": "open", "site": ..., "ts": ...}`` POST to ``gate_url``
  with a hard total deadline (a controller that trickles its answer byte by byte is
  abandoned at the deadline); any 2xx status is success. Redirects are not followed.

The UI calls :meth:`Gate.open` on its slow-work executor, never the database's, so a hung
gate never delays the next visitor's lookup.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from kiosk.audit_events import AuditEvent
from kiosk.config import GateMode, Settings
from kiosk.domain.alerts import AlertKind, AlertNote, GateProblem, GateProblemCode, raise_alert

log = logging.getLogger("kiosk.gate")
TIMEOUT_S = 5.0


@dataclass(frozen=True)
class GateResult:
    ok: bool
    mode: str
    message: str  # short, for staff; never a secret
    elapsed_s: float
    problem: GateProblem | None = None  # why the gate did not open, typed (the message words it)


class _GateFault(Exception):
    def __init__(self, problem: GateProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a gate controller has no business redirecting
        return None


def _post_once(url: str, body: bytes, timeout: float) -> int:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req, timeout=timeout) as resp:
            resp.read(4096)
            return resp.status
    except urllib.error.HTTPError as exc:  # an answer all the same: close its connection now
        exc.close()
        return exc.code


def _post(url: str, body: bytes, timeout: float) -> int:
    """POST with a hard total deadline: socket timeouts alone restart on every byte."""
    answer: list = []

    def call() -> None:
        try:
            answer.append(_post_once(url, body, timeout))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            answer.append(exc)

    worker = threading.Thread(target=call, name="kiosk-gate-post", daemon=True)
    worker.start()
    worker.join(timeout)
    if not answer:
        raise TimeoutError(f"no complete answer within {timeout:g} s")
    if isinstance(answer[0], BaseException):
        raise answer[0]
    return answer[0]


def clean_environment() -> dict[str, str]:
    """What a gate program gets to see: a search path and a locale, never a key."""
    return {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


class Gate:
    def __init__(
        self,
        store,
        settings: Callable[[], Settings],
        *,
        timeout_s: float = TIMEOUT_S,
        run: Callable = subprocess.run,
        post: Callable[[str, bytes, float], int] = _post,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._settings = settings
        self.timeout_s = timeout_s
        self._run, self._post, self._clock = run, post, clock

    def open(self, method: str = "unknown", actor: str = "visitor") -> GateResult:
        """Signal the gate after a successful check by ``method`` (card, pin, face, staff)."""
        result = self._try()
        self._record(result, method, actor)
        return result

    def test(self, actor: str) -> GateResult:
        """Signal the gate once for staff checking the wiring: audited as ``gate_tested``; a
        failure is reported to them, not raised as an alert (they are looking at it)."""
        result = self._try()
        log.info("gate test (%s): %s %s", result.mode, "ok" if result.ok else "failed", result.message)  # who: audit
        self.store.audit.append(AuditEvent.GATE_TESTED, actor, None, mode=result.mode, ok=result.ok, reason=result.message[:300])
        return result

    def _try(self) -> GateResult:
        start = self._clock()
        mode, problem = "log", None
        try:
            s = self._settings()
            mode = s.gate_mode
            message, ok = self._signal(s), True
        except Exception as exc:  # noqa: BLE001 - never into the visitor flow
            problem = _describe(exc)
            ok, message = False, str(problem)
        return GateResult(ok, mode, message, round(self._clock() - start, 3), problem)

    def _signal(self, s: Settings) -> str:
        if s.gate_mode == GateMode.COMMAND:
            return self._command(s.gate_command)
        if s.gate_mode == GateMode.HTTP:
            return self._http(s)
        return "logged (no gate connected)"

    def _command(self, command: str) -> str:
        argv = shlex.split(command)
        if not argv:
            raise _GateFault(GateProblem(GateProblemCode.NO_COMMAND))
        done = self._run(argv, shell=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, timeout=self.timeout_s, check=False, env=clean_environment())
        if done.returncode != 0:
            err = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise _GateFault(GateProblem(GateProblemCode.EXIT_STATUS,
                                         (argv[0], str(done.returncode), err[-1][:120] if err else "")))
        return f"{argv[0]} ran"

    def _http(self, s: Settings) -> str:
        if not s.gate_url.startswith(("http://", "https://")):
            raise _GateFault(GateProblem(GateProblemCode.NOT_A_URL))
        body = json.dumps({"event": "open", "site": s.site_name,
                           "ts": datetime.now(timezone.utc).isoformat(timespec="seconds")}).encode()
        status = self._post(s.gate_url, body, self.timeout_s)
        if not 200 <= status < 300:
            raise _GateFault(GateProblem(GateProblemCode.HTTP_STATUS, (str(status),)))
        return f"HTTP {status}"

    def _record(self, r: GateResult, method: str, actor: str) -> None:
        try:
            if r.ok:
                log.info("gate opened (%s, %s): %s", r.mode, method, r.message)
                self.store.audit.append(AuditEvent.GATE_OPENED, actor, None, mode=r.mode, method=method)
            else:
                log.error("gate output failed (%s, %s): %s", r.mode, method, r.message)
                self.store.audit.append(AuditEvent.GATE_FAILED, actor, None, mode=r.mode, method=method, reason=r.message[:300])
                raise_alert(self.store, AlertKind.GATE_FAILED, actor=actor,
                            note=AlertNote.gate(r.mode, r.problem or GateProblem(GateProblemCode.OTHER, (r.message,))))
        except Exception:
            log.exception("could not audit the gate output")


def _describe(exc: Exception) -> GateProblem:
    if isinstance(exc, _GateFault):
        return exc.problem
    if isinstance(exc, subprocess.TimeoutExpired):
        return GateProblem(GateProblemCode.COMMAND_TIMEOUT, (f"{exc.timeout:g}",))
    if isinstance(exc, FileNotFoundError):
        return GateProblem(GateProblemCode.COMMAND_NOT_FOUND, (str(exc.filename),))
    if isinstance(exc, urllib.error.HTTPError):
        return GateProblem(GateProblemCode.HTTP_STATUS, (str(exc.code),))
    if isinstance(exc, urllib.error.URLError):
        return GateProblem(GateProblemCode.UNREACHABLE, (str(exc.reason),))
    if isinstance(exc, TimeoutError):
        return GateProblem(GateProblemCode.HTTP_TIMEOUT)
    return GateProblem(GateProblemCode.OTHER, (f"{type(exc).__name__}: {exc}"[:300],))
