"""Alert operations for staff: see the open alerts, acknowledge one. Raising an alert is
done where the event happens (see :mod:`kiosk.domain.alerts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain import alerts as domain
from kiosk.domain.alerts import Alert
from kiosk.ops.auth import Action, Actor, authorise

if TYPE_CHECKING:
    from kiosk.core import Kiosk


def open_alerts(kiosk: "Kiosk", actor: Actor, limit: int = 100) -> list[Alert]:
    """The open alerts, most recent activity first (frozen records: no biometric data, no PIN)."""
    authorise(actor, Action.VIEW_ALERTS)
    return domain.open_alerts(kiosk.store, limit)


def acknowledge_alert(kiosk: "Kiosk", actor: Actor, alert_id: int) -> Alert:
    """Mark an alert as seen to by this staff member (audited with the alert)."""
    authorise(actor, Action.ACKNOWLEDGE_ALERT)
    return domain.acknowledge(kiosk.store, alert_id, actor.name)
