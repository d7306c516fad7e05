"""Language switching: Qt's own translations plus every ``kiosk/i18n/*_<lang>.qm``.

Installing translators makes Qt send ``LanguageChange`` to every widget; pages answer
with ``retranslate_ui()``. English is the source language: its files hold only plural forms.
Each area (visitor, enrollment, staff, ...) ships its own ``<area>_<lang>.qm``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from kiosk.ui.keyboard import KeyboardLanguage

QM_DIR = Path(__file__).resolve().parents[1] / "i18n"
LANGUAGES = ("zh_CN", "en")


def qm_files(lang: str) -> list[Path]:
    return sorted(QM_DIR.glob(f"*_{lang}.qm"))


class Translations:
    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._installed: list[QTranslator] = []
        self.keyboard: KeyboardLanguage | None = None  # the on-screen keyboard's language, made with the first language

    def uninstall(self) -> None:
        """Take this window's translators off the application (when the window closes, so a
        window made after it starts from its own language, not this one's)."""
        for t in self._installed:
            self.app.removeTranslator(t)
        self._installed = []

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        self.uninstall()
        if lang != "en":
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt = QTranslator(self.app)
            if qt.load(f"qtbase_{lang}", qt_dir):
                self._installed.append(qt)
        for path in qm_files(lang):
            t = QTranslator(self.app)
            if t.load(str(path)):
                self._installed.append(t)
        for t in self._installed:
            self.app.installTranslator(t)
        QLocale.setDefault(QLocale(lang))
        self.language = lang
        if self.keyboard is None and isinstance(self.app, QGuiApplication):
            from kiosk.ui.keyboard import KeyboardLanguage

            self.keyboard = KeyboardLanguage(self.app)
        if self.keyboard is not None:
            self.keyboard.set_language(lang)
