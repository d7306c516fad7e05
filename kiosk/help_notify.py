"""A help request reaches a person away from the kiosk: the same two mechanisms as the gate
output (:mod:`kiosk.gate`), for a pager or a chat bridge.

* ``off`` (default): the request is an alert in the staff area only.
* ``command``: ``help_notify_command`` is split like a shell would and run without a shell,
  with a timeout and a clean environment (``PATH``, a locale and the request:
  ``KIOSK_EVENT``, ``KIOSK_SITE``, ``KIOSK_SCREEN``, ``KIOSK_ALERT``; never the database
  key); exit status 0 is success.
* ``http``: a JSON ``{"event": "help_requested", "site", "screen", "alert", "ts"}`` POST to
  ``help_notify_url`` with a hard total deadline; any 2xx status is success.

What goes out says where help is needed (the site and the screen), never who: no member
number, no name, nothing biometric; staff see who asked in the staff area. Sending never
raises: the outcome is audited (``help_notified`` / ``help_notify_failed``, or
``help_notify_tested`` for the settings screen's test) and returned.
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from kiosk.audit_events import AuditEvent
from kiosk.config import HelpNotifyMode, Settings
from kiosk.gate import TIMEOUT_S, _describe, _post, clean_environment

log = logging.getLogger("kiosk.help_notify")


@dataclass(frozen=True)
class NotifyResult:
    ok: bool
    mode: str
    message: str  # short, for staff; never a secret
    elapsed_s: float


class HelpNotifier:
    def __init__(self, store, settings: Callable[[], Settings], *, timeout_s: float = TIMEOUT_S,
                 run: Callable = subprocess.run, post: Callable[[str, bytes, float], int] = _post,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self._settings = settings
        self.timeout_s = timeout_s
        self._run, self._post, self._clock = run, post, clock

    def send(self, screen: str, alert_id: int | None, actor: str = "visitor") -> NotifyResult:
        """Tell the configured pager or bridge that help is needed on ``screen``."""
        result = self._try("help_requested", screen, alert_id)
        if result.mode == "off":
            return result
        try:
            if result.ok:
                log.info("help notification sent (%s): %s", result.mode, result.message)
                self.store.audit.append(AuditEvent.HELP_NOTIFIED, actor, None, mode=result.mode, alert=alert_id)
            else:
                log.error("help notification failed (%s): %s", result.mode, result.message)
                self.store.audit.append(AuditEvent.HELP_NOTIFY_FAILED, actor, None, mode=result.mode, alert=alert_id,
                                        reason=result.message[:300])
        except Exception:
            log.exception("could not audit the help notification")
        return result

    def test(self, actor: str) -> NotifyResult:
        """One test message for staff checking the wiring, audited as ``help_notify_tested``."""
        result = self._try("test", "settings", None)
        self.store.audit.append(AuditEvent.HELP_NOTIFY_TESTED, actor, None, mode=result.mode, ok=result.ok,
                                reason=result.message[:300])
        return result

    def _try(self, event: str, screen: str, alert_id: int | None) -> NotifyResult:
        start = self._clock()
        mode = "off"
        try:
            s = self._settings()
            mode = s.help_notify_mode
            request = {"event": event, "site": s.site_name, "screen": screen, "alert": alert_id,
                       "ts": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            message, ok = self._signal(s, request), True
        except Exception as exc:  # noqa: BLE001 - never into the visitor flow
            ok, message = False, str(_describe(exc)).replace("gate controller", "notification URL").replace(
                "gate command", "notification command")
        return NotifyResult(ok, mode, message, round(self._clock() - start, 3))

    def _signal(self, s: Settings, request: dict) -> str:
        if s.help_notify_mode == HelpNotifyMode.COMMAND:
            return self._command(s.help_notify_command, request)
        if s.help_notify_mode == HelpNotifyMode.HTTP:
            return self._http(s.help_notify_url, request)
        return "off (the staff area only)"

    def _command(self, command: str, request: dict) -> str:
        argv = shlex.split(command)
        if not argv:
            raise ValueError("help_notify_command is empty")
        env = clean_environment() | {"KIOSK_EVENT": request["event"], "KIOSK_SITE": request["site"],
                                     "KIOSK_SCREEN": request["screen"], "KIOSK_ALERT": str(request["alert"] or "")}
        done = self._run(argv, shell=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, timeout=self.timeout_s, check=False, env=env)
        if done.returncode != 0:
            err = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"{argv[0]} exited with status {done.returncode}" + (f": {err[-1][:120]}" if err else ""))
        return f"{argv[0]} ran"

    def _http(self, url: str, request: dict) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("help_notify_url is not an http(s) URL")
        status = self._post(url, json.dumps(request).encode(), self.timeout_s)
        if not 200 <= status < 300:
            raise RuntimeError(f"the notification URL answered HTTP {status}")
        return f"HTTP {status}"
