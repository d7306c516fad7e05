"""The running kiosk follows the settings in its database.

``kiosk settings set`` (or staff at another kiosk process on the same data folder) writes the
settings table while this window runs. Every few seconds, and whenever a new visitor session
starts, the database executor asks :meth:`kiosk.core.Kiosk.refresh_settings`, which reads the
settings again only when the database's version moved (one ``PRAGMA`` otherwise). When they
changed, ``changed`` tells the window, which applies what it built from the old ones.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from kiosk.ui.widgets import timer

log = logging.getLogger(__name__)
SETTINGS_CHECK_MS = 2000


class SettingsWatch(QObject):
    changed = Signal()

    def __init__(self, window, interval_ms: int = SETTINGS_CHECK_MS) -> None:
        super().__init__(window)
        self.ctx = window.ctx
        self.timer = timer(self, interval_ms, self.check)
        self._asking = False
        self._again = False  # asked again while a question was out: its answer may predate the change

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        if self._asking:  # a question is out; it may have been read before the latest change
            self._again = True  # so ask once more when it is answered
            return
        kiosk = self.ctx.kiosk
        if self.ctx.db.submit(kiosk.refresh_settings, self._answered, self._failed, any_session=True) is not None:
            self._asking = True

    def _answered(self, changed: object) -> None:
        self._settle()
        if changed:
            log.info("settings changed in the database: applied")
            self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._settle()
        log.error("settings could not be read again: %s", exc)

    def _settle(self) -> None:
        self._asking = False
        if self._again:
            self._again = False
            self.check()
