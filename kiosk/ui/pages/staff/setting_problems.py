"""Settings problems in the staff member's language. ``Settings.validate`` raises each problem as a
typed value (:class:`kiosk.config.SettingProblem`); the settings screen shows the field's label and
the rule of the problem's code, translated from ONE table, never the internal name."""

from __future__ import annotations

from typing import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from kiosk.config import ProblemCode, SettingProblem


def _number(x: float | None) -> str:
    return str(int(x)) if x is not None and float(x).is_integer() else str(x)


def _needs(problem: SettingProblem) -> str:
    if problem.value == "bool":
        return QCoreApplication.translate("SettingProblems", "must be yes or no")
    if problem.value in ("int", "float"):
        return QCoreApplication.translate("SettingProblems", "must be a number")
    return QCoreApplication.translate("SettingProblems", "has the wrong kind of value")


def _by_mode(problem: SettingProblem) -> str:
    if problem.setting.startswith("help_notify_"):
        return QCoreApplication.translate("SettingProblems", "is needed for the chosen help notification")
    return QCoreApplication.translate("SettingProblems", "is needed for the chosen gate output")


# the rule of each problem code, in the current language
RULES: dict[ProblemCode, Callable[[SettingProblem], str]] = {
    ProblemCode.WRONG_TYPE: _needs,
    ProblemCode.UNREADABLE: _needs,
    ProblemCode.NOT_FINITE: lambda p: QCoreApplication.translate("SettingProblems", "must be a number"),
    ProblemCode.TOO_LONG: lambda p: QCoreApplication.translate(
        "SettingProblems", "may have at most %1 characters").replace("%1", _number(p.high)),
    ProblemCode.OUT_OF_RANGE: lambda p: QCoreApplication.translate(
        "SettingProblems", "must be between %1 and %2").replace("%1", _number(p.low)).replace("%2", _number(p.high)),
    ProblemCode.NOT_A_CHOICE: lambda p: QCoreApplication.translate("SettingProblems", "must be one of the offered choices"),
    ProblemCode.NEEDED: _by_mode,
    ProblemCode.NOT_A_URL: lambda p: QCoreApplication.translate("SettingProblems", "must start with http:// or https://"),
    ProblemCode.BRIGHTNESS_ORDER: lambda p: QCoreApplication.translate(
        "SettingProblems", "this value is outside what is allowed"),
    ProblemCode.NO_LANGUAGE: lambda p: QCoreApplication.translate("SettingProblems", "needs at least one language"),
}


def problem_text(problem: SettingProblem, labels: Mapping[str, object]) -> str:
    """One line for one problem: "<label>: <rule>", both in the current language."""
    return _label(problem.setting, labels) + QCoreApplication.translate("SettingProblems", ": ") + RULES[problem.code](problem)


def _label(name: str, labels: Mapping[str, object]) -> str:
    lab = labels.get(name)
    if lab is not None and lab.text():  # type: ignore[attr-defined]  # a QLabel
        return lab.text()  # type: ignore[attr-defined]
    return QCoreApplication.translate("SettingProblems", "A setting on another screen")
