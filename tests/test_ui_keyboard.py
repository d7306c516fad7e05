"""Qt's on-screen keyboard: in the visitor's language (pinyin in Chinese), never for a field
typed on the kiosk's own keypad, and never over the field being typed."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtWidgets import QLineEdit

from kiosk.domain.session import State
from kiosk.ui.keyboard import KEYBOARD_LOCALES, _settings_qml
from kiosk.ui.widgets import wants_keyboard
from tests.test_ui_flows import camera, gate_calls, window  # noqa: F401

READ_BACK = (b"import QtQuick\nimport QtQuick.VirtualKeyboard.Settings\n"
             b"QtObject { property string locale: VirtualKeyboardSettings.locale; "
             b"property var active: VirtualKeyboardSettings.activeLocales }\n")

def _create(engine: QQmlEngine, qml: bytes):
    component = QQmlComponent(engine)
    component.setData(qml, QUrl())
    obj = component.create()
    assert obj is not None, [e.toString() for e in component.errors()]
    obj.setParent(engine)  # kept until the engine goes
    return obj

def test_the_keyboard_settings_take_the_kiosk_language(qtbot):
    """The QML the kiosk runs in the keyboard's engine sets the locale the keyboard opens in."""
    engine = QQmlEngine()
    for lang, locale in (("zh_CN", "zh_CN"), ("en", "en_GB")):
        assert KEYBOARD_LOCALES[lang] == locale
        _create(engine, _settings_qml(locale))
        seen = _create(engine, READ_BACK)
        assert seen.property("locale") == locale
        active = seen.property("active")
        assert list(active.toVariant() if hasattr(active, "toVariant") else active) == ["zh_CN", "en_GB"]
    engine.deleteLater()

def test_the_keyboard_follows_a_language_switch(qtbot, window):
    keyboard = window.ctx.translations.keyboard
    window.set_language("zh_CN")
    assert keyboard.locale == "zh_CN"
    window.set_language("en")
    assert keyboard.locale == "en_GB"

def test_no_pin_or_number_field_brings_up_the_free_text_keyboard(qtbot, window):

    typed_on_keypads = []
    for state, page in window.pages.items():
        for f in page.findChildren(QLineEdit):
            secret = f.echoMode() == QLineEdit.EchoMode.Password
            if secret or f.objectName() in ("claim-field", "guardian-number"):
                typed_on_keypads.append(f.objectName())
                assert not wants_keyboard(f), (state, f.objectName())
    assert len(typed_on_keypads) >= 5, typed_on_keypads  # visitor PIN, guardian PIN, staff PIN, staff sign-in, new PIN

def test_pinned_answers_step_aside_while_the_keyboard_is_up_and_come_back(qtbot, window):
    window.machine.force(State.PIN, member_no="M001")
    page = window.pages[State.PIN]
    pinned = [page.keypad, page.back_button, page.cancel_button, page.help_button]
    assert all(w.isVisibleTo(page) for w in pinned)
    page.make_room_for_keyboard(400)
    assert page.contentsMargins().bottom() == 400 and not any(w.isVisibleTo(page) for w in pinned)
    page.make_room_for_keyboard(0)
    assert page.contentsMargins().bottom() == 0 and all(w.isVisibleTo(page) for w in pinned)
