"""Settings problems in the staff member's language. ``Settings.validate`` words each problem
in English around the field's internal name (``inactivity_s must be between 10 and 600``);
the settings screen shows the field's label and a translated rule, never the internal name."""

from __future__ import annotations

import re
from typing import Callable, Mapping

from PySide6.QtCore import QCoreApplication


def _between(m: re.Match) -> str:
    return QCoreApplication.translate("SettingProblems", "must be between %1 and %2").replace("%1", m[2]).replace("%2", m[3])


def _at_most(m: re.Match) -> str:
    return QCoreApplication.translate("SettingProblems", "may have at most %1 characters").replace("%1", m[2])


def _needs(m: re.Match) -> str:
    if m[2] == "bool":
        return QCoreApplication.translate("SettingProblems", "must be yes or no")
    if m[2] in ("int", "float"):
        return QCoreApplication.translate("SettingProblems", "must be a number")
    return QCoreApplication.translate("SettingProblems", "has the wrong kind of value")


RULES: tuple[tuple[re.Pattern, Callable[[re.Match], str]], ...] = (
    (re.compile(r"^(\w+) must be between (\S+) and (\S+)$"), _between),
    (re.compile(r"^(\w+) must be at most (\d+) characters$"), _at_most),
    (re.compile(r"^(\w+) (?:must be|needs) an? (\w+)(?:, not .*)?$"), _needs),
    (re.compile(r"^(\w+) must be one of "),
     lambda m: QCoreApplication.translate("SettingProblems", "must be one of the offered choices")),
    (re.compile(r"^(\w+) must be positive$"),
     lambda m: QCoreApplication.translate("SettingProblems", "must be a positive number")),
    (re.compile(r"^(help_notify_\w+) is needed when "),
     lambda m: QCoreApplication.translate("SettingProblems", "is needed for the chosen help notification")),
    (re.compile(r"^(\w+) is needed when "),
     lambda m: QCoreApplication.translate("SettingProblems", "is needed for the chosen gate output")),
    (re.compile(r"^(\w+) must start with http:// or https://"),
     lambda m: QCoreApplication.translate("SettingProblems", "must start with http:// or https://")),
    (re.compile(r"^(\w+) must be a non-empty subset"),
     lambda m: QCoreApplication.translate("SettingProblems", "needs at least one language")),
)


def problem_text(problem: str, labels: Mapping[str, object]) -> str:
    """One line for one problem: "<label>: <rule>", both in the current language."""
    problem = problem.strip().rstrip(".")
    for pattern, rule in RULES:
        m = pattern.match(problem)
        if m:
            return _label(m[1], labels) + QCoreApplication.translate("SettingProblems", ": ") + rule(m)
    first = re.match(r"(\w+)", problem)
    name = first[1] if first else ""
    return _label(name, labels) + QCoreApplication.translate("SettingProblems", ": ") + QCoreApplication.translate(
        "SettingProblems", "this value is outside what is allowed")


def _label(name: str, labels: Mapping[str, object]) -> str:
    lab = labels.get(name)
    if lab is not None and lab.text():
        return lab.text()
    return QCoreApplication.translate("SettingProblems", "A setting on another screen")
