"""Qt's on-screen keyboard speaks the visitor's language: pinyin in Chinese, British English
in English, and it follows a language switch at the kiosk.

The keyboard (``QT_IM_MODULE=qtvirtualkeyboard``) lives in its own Qt Quick window, made the
first time it opens, and takes its language from ``VirtualKeyboardSettings`` in that window's
QML engine; widgets cannot reach that singleton any other way. Each time the keyboard opens,
and at each language switch while it exists, the kiosk sets it there. Without the on-screen
keyboard (a desk with a real keyboard, the offscreen tests) there is nothing to set.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickView  # imported before the keyboard opens, so Python sees its window as one

log = logging.getLogger(__name__)

#: the keyboard's locale for each kiosk language (its layouts: pinyin for zh_CN)
KEYBOARD_LOCALES = {"zh_CN": "zh_CN", "en": "en_GB"}
INPUT_VIEW_CLASS = "QtVirtualKeyboard::InputView"


def keyboard_window() -> QWindow | None:
    """The on-screen keyboard's window, once it has opened."""
    for window in QGuiApplication.topLevelWindows():
        if window.metaObject().className() == INPUT_VIEW_CLASS:
            return window
    return None


def _settings_qml(locale: str) -> bytes:
    locales = ", ".join(f"'{x}'" for x in KEYBOARD_LOCALES.values())
    return ("import QtQuick\nimport QtQuick.VirtualKeyboard.Settings\n"
            "QtObject { Component.onCompleted: { "
            f"VirtualKeyboardSettings.activeLocales = [{locales}]; VirtualKeyboardSettings.locale = '{locale}' }} }}\n"
            ).encode()


class KeyboardLanguage(QObject):
    """Keeps the on-screen keyboard in the kiosk's language (see the module's docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = KEYBOARD_LOCALES["en"]
        self.applied: str | None = None  # the locale last set on the keyboard (None: not yet)
        QGuiApplication.inputMethod().visibleChanged.connect(self._opened)

    def set_language(self, lang: str) -> None:
        self.locale = KEYBOARD_LOCALES[lang]
        self.applied = None  # set it again, even over a language the visitor chose on the keyboard itself
        self.apply()

    def _opened(self) -> None:
        if QGuiApplication.inputMethod().isVisible():
            self.apply()

    def apply(self) -> None:
        window = keyboard_window()
        if window is None or self.applied == self.locale:
            return
        if not isinstance(window, QQuickView):
            log.warning("the on-screen keyboard's window is not a Qt Quick view: its language cannot be set")
            return
        component = QQmlComponent(window.engine())
        component.setData(_settings_qml(self.locale), QUrl())
        setter = component.create()
        if setter is None:
            log.warning("the on-screen keyboard's language could not be set: %s",
                        "; ".join(e.toString() for e in component.errors()))
            return
        setter.deleteLater()
        self.applied = self.locale
