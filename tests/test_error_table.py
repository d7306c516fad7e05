"""One error table: every KioskError lives in kiosk/errors.py with an ErrorCode, and every code
has a visitor text and a staff text, translated; the staff area shows the staff text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kiosk import errors
from kiosk.errors import ErrorCode, KioskError

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
STAFF_AREA_CODES = (ErrorCode.WRONG_KEY, ErrorCode.KEY_MISSING, ErrorCode.CORRUPT_DB, ErrorCode.AUDIT_SEAL,
                    ErrorCode.SCHEMA_TOO_NEW,
                    ErrorCode.CONFIG, ErrorCode.SETTINGS, ErrorCode.DISPLAY, ErrorCode.MAINTENANCE, ErrorCode.REPORT, ErrorCode.EXPORT,
                    ErrorCode.PERMISSION_DENIED, ErrorCode.STAFF, ErrorCode.IMPORT_INVALID, ErrorCode.PROTECTED_FILE)


def error_classes() -> list[type[KioskError]]:
    found = []
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, KioskError):
            found.append(value)
    return found


def sample(cls: type[KioskError]) -> KioskError:
    """One instance of each error class, with whatever its constructor needs."""
    if cls is errors.ImportValidationError:
        return cls([(2, "bad date")])
    if cls is errors.LockedOutError:
        return cls(42.0)
    if cls is errors.FaceQualityError:
        return cls("no_face", "No face.")
    if cls is errors.PassRefusedError:
        return cls(errors.Refusal.TAMPERED)
    if cls is errors.SettingsError:
        from kiosk.config import ProblemCode, SettingProblem

        return cls([SettingProblem(ProblemCode.OUT_OF_RANGE, "match_threshold", 0.1, 0.9)])
    if cls is errors.FacePausedError:
        return cls(42.0, "M001")
    return cls("Detail for staff.", remedy="A remedy.")


def test_every_code_belongs_to_exactly_one_error_class():
    by_code: dict[ErrorCode, list[str]] = {}
    for cls in error_classes():
        assert isinstance(cls.code, ErrorCode), f"{cls.__name__}.code is not an ErrorCode"
        by_code.setdefault(cls.code, []).append(cls.__name__)
    assert set(by_code) == set(ErrorCode)
    assert {code: names for code, names in by_code.items() if len(names) > 1} == {}


def test_no_error_class_is_defined_outside_errors_py():
    names = {cls.__name__ for cls in error_classes()}
    outside = []
    for path in (ROOT / "kiosk").rglob("*.py"):
        if path.name == "errors.py" and path.parent.name == "kiosk":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & names:
                    outside.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert outside == []


def test_no_message_registry_is_filled_by_import_side_effects():
    """The table is built once from one explicit list: nothing may add to it later."""
    for path in (ROOT / "kiosk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "EXTRA_MESSAGES" not in text and "STAFF_MESSAGES" not in text, path
    pytest.importorskip("PySide6")
    from kiosk.ui.messages import ERROR_TEXTS

    with pytest.raises(TypeError):
        ERROR_TEXTS[ErrorCode.ERROR] = ERROR_TEXTS[ErrorCode.PIN]  # type: ignore[index]


def test_the_table_refuses_a_code_given_twice():
    from kiosk.ui.messages import build_table

    with pytest.raises(ValueError, match="PIN"):
        build_table([(ErrorCode.PIN, "a", "b"), (ErrorCode.NOT_FOUND, "c", "d"), (ErrorCode.PIN, "e", "f")])


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_code_has_a_visitor_and_a_staff_text_in_each_language(qapp, lang):
    from kiosk.ui.i18n import Translations
    from kiosk.ui.messages import ERROR_TEXTS, Audience, error_message

    assert set(ERROR_TEXTS) == set(ErrorCode)
    t = Translations(qapp)
    try:
        t.set_language(lang)
        for cls in error_classes():
            exc = sample(cls)
            for audience in Audience:
                text = error_message(exc, audience)
                assert text.strip(), (cls.__name__, audience)
                if lang == "zh_CN":
                    assert CJK.search(text), f"{cls.__name__} {audience.value}: not translated: {text!r}"
                else:
                    assert not CJK.search(text), text
    finally:
        t.set_language("en")


def test_staff_area_errors_say_what_is_wrong_not_the_visitor_fallback(qapp):
    from kiosk.ui.messages import Audience, error_message
    from kiosk.ui.pages.staff.common import staff_error

    fallback = error_message(KioskError("x"), Audience.VISITOR)
    assert "another way in" in fallback
    for code in STAFF_AREA_CODES:
        cls = next(c for c in error_classes() if c.code is code)
        exc = sample(cls)
        staff = staff_error(exc)
        assert "another way in" not in staff, code
        assert staff.startswith(error_message(exc, Audience.STAFF)) and staff.endswith(str(exc))
    assert staff_error(errors.WrongKeyError("k")).startswith("The database key does not open this database.")
    assert staff_error(errors.StaffError("s")).startswith("The staff account could not be changed.")
    assert staff_error(errors.PermissionDeniedError("p")).startswith("Your role may not do this.")
    # the visitor never sees a database error as "use another way in": every way in needs the database
    assert error_message(errors.CorruptDatabaseError("c")) == "This kiosk cannot check passes right now. Please ask staff."
    # the set-up-face flow keeps its own words for the same codes
    assert error_message(errors.PermissionDeniedError("p")).startswith("This staff account cannot do this.")


def test_the_staff_area_shows_the_staff_text(qtbot, kiosk_app):
    """A database error raised by staff work reaches the staff message bar as the staff text."""
    from kiosk.domain.session import Event, State
    from kiosk.domain.staff import StaffAccounts
    from kiosk.ui.main import build_window
    from tests.ui_helpers import Camera

    StaffAccounts(kiosk_app.store).add("Ada Admin", "administrator", "111111")
    w = build_window(kiosk_app, camera="memory", open_source=Camera().open, language="en", face_timeout_s=3.0,
                     gate=lambda method: True)
    w.set_language("zh_CN")
    shown: list[str] = []
    w.ctx.notify = shown.append
    try:
        w.machine.fire(Event.STAFF_ENTER)
        area = w.pages[State.STAFF]

        def fail() -> None:
            raise errors.SchemaTooNewError("The database has schema 99.", remedy="Upgrade the kiosk software.")

        area.run(fail)
        qtbot.waitUntil(lambda: bool(shown), timeout=8000)
        assert shown[0].startswith("此数据库由更新版本的自助机创建。"), shown
        assert "schema 99" in shown[0] and "换一种方式" not in shown[0]
    finally:
        w.set_language("en")  # the translators are the application's: leave it as found
        w.shutdown()
        w.deleteLater()
        qtbot.wait(10)
