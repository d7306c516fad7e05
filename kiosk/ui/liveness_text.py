"""Words and arrows for the liveness check on the face step pages (both languages).

The preview is mirrored, so the visitor's left is the screen's left: the arrow for "turn to
your left" points left. A refusal never blames the visitor: it says the check did not
succeed and offers the other ways in.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.liveness.challenge import Refusal, Step

ARROWS = {Step.LEFT: "←", Step.RIGHT: "→", Step.UP: "↑", Step.DOWN: "↓", Step.CENTRE: "◉"}


def prompt(step: Step) -> str:
    texts = {
        Step.LEFT: QCoreApplication.translate("Liveness", "Slowly turn your head to your left"),
        Step.RIGHT: QCoreApplication.translate("Liveness", "Slowly turn your head to your right"),
        Step.UP: QCoreApplication.translate("Liveness", "Slowly tilt your head up"),
        Step.DOWN: QCoreApplication.translate("Liveness", "Slowly tilt your head down"),
        Step.CENTRE: QCoreApplication.translate("Liveness", "Now look straight at the camera"),
    }
    return texts[Step(step)]


def refusal_hint(reason: Refusal | str) -> str:
    """What happened, in words that blame no one (one text per refusal code)."""
    texts = {
        Refusal.TIMEOUT: QCoreApplication.translate("Liveness", "The head movement asked for was not seen in time."),
        Refusal.FACE_LOST: QCoreApplication.translate("Liveness", "The face went out of view during the check."),
        Refusal.SECOND_FACE: QCoreApplication.translate("Liveness", "Someone else was in view during the check."),
        Refusal.PASSIVE: QCoreApplication.translate("Liveness", "The camera picture was not clear enough for the check."),
        Refusal.WRONG_TURN: QCoreApplication.translate("Liveness", "The head moved in other directions than the ones asked for."),
        Refusal.JUMP: QCoreApplication.translate("Liveness", "The picture changed too suddenly. Please move slowly."),
        Refusal.FACE_CHANGED: QCoreApplication.translate("Liveness", "The camera did not see one face all through the check."),
    }
    return texts[Refusal(reason)]


def step_progress(done: int, total: int) -> str:
    """"Step 2 of 3" for the step the visitor is on."""
    return QCoreApplication.translate("Liveness", "Step %1 of %2").replace("%1", str(min(done + 1, total))).replace("%2", str(total))


def refused(reason: Refusal | str | None = None) -> str:
    """The refusal for the visitor; with the code, what happened too."""
    text = QCoreApplication.translate(
        "Liveness", "The check that a person is in front of the camera did not succeed. This happens sometimes, "
        "for example in strong light, or when turning the head is hard.")
    try:
        return text if not reason else text + " " + refusal_hint(reason)
    except ValueError:  # a code this kiosk does not know: the general text alone
        return text

