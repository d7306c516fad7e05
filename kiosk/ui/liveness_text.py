"""Words and arrows for the liveness check on the face step pages (both languages).

The preview is mirrored, so the visitor's left is the screen's left: the arrow for "turn to
your left" points left. A refusal never blames the visitor: it says the check did not
succeed and offers the other ways in.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.liveness.challenge import Step

ARROWS = {Step.LEFT: "←", Step.RIGHT: "→", Step.CENTRE: "◉"}


def prompt(step: Step) -> str:
    texts = {
        Step.LEFT: QCoreApplication.translate("Liveness", "Slowly turn your head to your left"),
        Step.RIGHT: QCoreApplication.translate("Liveness", "Slowly turn your head to your right"),
        Step.CENTRE: QCoreApplication.translate("Liveness", "Now look straight at the camera"),
    }
    return texts[Step(step)]


def step_progress(done: int, total: int) -> str:
    """"Step 2 of 3" for the step the visitor is on."""
    return QCoreApplication.translate("Liveness", "Step %1 of %2").replace("%1", str(min(done + 1, total))).replace("%2", str(total))


def refused() -> str:
    return QCoreApplication.translate(
        "Liveness", "The check that a person is in front of the camera did not succeed. This happens sometimes, "
        "for example in strong light, or when turning the head is hard.")

