"""Liveness refusals in the audit trail and, for staff, as an alert. No Qt.

The record says which flow, for which claimed member, and why the check did not succeed
(a :class:`~kiosk.liveness.challenge.Refusal` code). Never a frame, a landmark or a score.
"""

from __future__ import annotations

from kiosk.audit_events import AuditEvent
from kiosk.domain.alerts import AlertKind, AlertNote, raise_alert
from kiosk.liveness.challenge import Refusal

EVENT = AuditEvent.LIVENESS_REFUSED


def record_refusal(store, member_no: str | None, flow: str, refusal: Refusal | str, actor: str = "visitor",
                   *, alert: bool = True) -> None:
    """Audit one refused liveness check (``flow``: "verify" or "enroll") and raise the
    LIVENESS_REFUSED alert for staff (repeats for the same member count on the open alert).
    ``alert=False``: a face try's refusal, which the try's own alert carries."""
    reason = Refusal(refusal).value
    with store.transaction():  # the record and the alert commit together
        store.audit.append(EVENT, actor, member_no, flow=flow, reason=reason)
        if alert:
            raise_alert(store, AlertKind.LIVENESS_REFUSED, member_no=member_no, note=AlertNote.liveness(flow, reason), actor=actor)


def refusals_since(store, since_iso: str) -> int:
    """How many liveness checks were refused since ``since_iso`` (for the staff dashboard)."""
    return int(store.query("SELECT count(*) FROM audit WHERE event = ? AND ts >= ?", (EVENT, since_iso))[0][0])
