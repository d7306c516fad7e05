"""Gate operations for administrators: test the gate output with settings before saving them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.gate import Gate, GateResult
from kiosk.help_notify import HelpNotifier, NotifyResult
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.core import Kiosk


def run_gate_test(kiosk: "Kiosk", actor: Actor, settings: Settings | None = None, **gate_options) -> GateResult:
    """Signal the gate once with ``settings`` (as typed on the settings screen, not yet saved;
    the saved ones by default). Audited as ``gate_tested``; never raises an alert."""
    authorise(actor, Action.CHANGE_SETTINGS)
    chosen = (settings or kiosk.settings).validate()
    return Gate(kiosk.store, lambda: chosen, **gate_options).test(actor.name)


def run_help_notify_test(kiosk: "Kiosk", actor: Actor, settings: Settings | None = None,
                         **notifier_options) -> NotifyResult:
    """Send one test help notification with ``settings`` (as typed on the settings screen, not
    yet saved; the saved ones by default). Audited as ``help_notify_tested``."""
    authorise(actor, Action.CHANGE_SETTINGS)
    chosen = (settings or kiosk.settings).validate()
    return HelpNotifier(kiosk.store, lambda: chosen, **notifier_options).test(actor.name)
