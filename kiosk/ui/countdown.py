"""Countdown and count texts shown to visitors (the time left on a step, tries left).

lupdate recognises ``%n`` plurals only in ``self.tr(text, "", n)``, so they live on one
QObject here and pages call the functions below.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class Counts(QObject):
    def time_left(self, seconds: int) -> str:
        return self.tr("Time left: %n second(s)", "", seconds)


_counts: Counts | None = None


def counts() -> Counts:
    global _counts
    if _counts is None:
        _counts = Counts()
    return _counts


def time_left(seconds: int) -> str:
    return counts().time_left(seconds)
