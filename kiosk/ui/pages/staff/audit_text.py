"""Audit records as sentences staff can read, in their language, and the detail of one record.

The stored record (and the CSV / JSON export) keeps the event code and the raw detail; only
the screen uses these sentences. Every event the kiosk writes has a sentence here (a test
checks every :class:`AuditEvent`); an unknown one still reads as a sentence.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject

from kiosk.audit_events import AuditEvent
from kiosk.domain.alerts import AlertKind
from kiosk.domain.audit_export import AuditRecord
from kiosk.ui.localtime import local_date, local_time


def _known(event: str) -> AuditEvent | None:
    """The event named ``event``, or None for one this version does not know."""
    try:
        return AuditEvent(event)
    except ValueError:
        return None


def _fill(text: str, *values: object) -> str:
    for i, v in enumerate(values, 1):
        text = text.replace(f"%{i}", "" if v is None else str(v))
    return text


class AuditText(QObject):
    """``sentence(record)`` and ``details(record)``; texts in the "AuditText" context."""

    def __init__(self) -> None:
        super().__init__()
        d = lambda r, key, default="": r.detail.get(key, default)  # noqa: E731
        m = lambda r: r.subject or self.tr("unknown")  # noqa: E731
        self._events: dict[AuditEvent, Callable[[AuditRecord], str]] = {
            AuditEvent.VERIFY: lambda r: _fill(self.tr("Member %1 checked in with %2.") if d(r, "outcome") == "pass"
                                      else self.tr("Member %1: the %2 check failed."), m(r), self.method(d(r, "method"))),
            AuditEvent.ENROLLED: lambda r: _fill(self.tr("Face template stored for member %1 (consent no. %2, kept until %3)."),
                                        m(r), d(r, "consent_id"), local_date(d(r, "expires", None))),
            AuditEvent.ENROLL_REFUSED_DUPLICATE: lambda r: _fill(
                self.tr("Face set-up refused for member %1: this face is already enrolled for member %2."), m(r), d(r, "other")),
            AuditEvent.FACE_DELETED: lambda r: _fill(self.tr("Face data of member %1 deleted (%2)."), m(r), self.reason(d(r, "reason"))),
            AuditEvent.CONSENT_GIVEN: lambda r: _fill(self.tr("Consent to face verification given for member %1 by a parent or guardian.")
                                             if d(r, "by") == "guardian"
                                             else self.tr("Member %1 consented to face verification."), m(r)),
            AuditEvent.CONSENT_ENDED: lambda r: _fill(self.tr("Consent of member %1 ended (%2)."), m(r), d(r, "reason")),
            AuditEvent.GUARDIAN_IDENTIFIED: lambda r: _fill(self.tr("Parent or guardian of member %1 identified (%2)."), m(r),
                                                   d(r, "guardian")),
            AuditEvent.PIN_LOCKED: lambda r: _fill(self.tr("PIN of member %1 locked for %2 s after %3 wrong tries."), m(r),
                                          int(float(d(r, "seconds", 0))), d(r, "failures")),
            AuditEvent.PIN_PAUSED: lambda r: _fill(self.tr("PIN entry paused at this kiosk for %1 s after wrong PINs."),
                                          int(float(d(r, "seconds", 0)))),
            AuditEvent.FACE_TRY_FAILED: lambda r: _fill(self.tr("Member %1: a face try did not pass (%2); %3 counted in the last "
                                                       "hour."), m(r), self.try_reason(d(r, "reason")), d(r, "failures")),
            AuditEvent.FACE_PAUSED: lambda r: _fill(self.tr("Face checks for member %1 paused for %2 s after %3 failed tries.")
                                           if r.subject else self.tr("Face checks paused at this kiosk for %2 s after "
                                                                     "failed tries."),
                                           r.subject, int(float(d(r, "seconds", 0))), d(r, "failures")),
            AuditEvent.PIN_REFUSED: lambda r: _fill(self.tr("Member %1: a PIN was refused while PIN entry was paused.")
                                           if d(r, "reason") == "paused" else self.tr("Member %1: a wrong PIN was typed."),
                                           m(r)),
            AuditEvent.LIVENESS_REFUSED: lambda r: _fill(self.tr("Member %1: the liveness check refused the face (%2)."), m(r),
                                                self.liveness_reason(d(r, "reason"))),
            AuditEvent.PIN_SET: lambda r: _fill(self.tr("New PIN set for member %1."), m(r)),
            AuditEvent.PIN_UNLOCKED: lambda r: _fill(self.tr("PIN of member %1 unlocked."), m(r)),
            AuditEvent.FACE_UNPAUSED: lambda r: _fill(self.tr("Face checks of member %1 may start again: staff ended "
                                                      "the pause."), m(r)),
            AuditEvent.MEMBER_ACTIVATED: lambda r: _fill(self.tr("Member %1 activated."), m(r)),
            AuditEvent.MEMBER_DEACTIVATED: lambda r: _fill(self.tr("Member %1 deactivated: their pass is refused."), m(r)),
            AuditEvent.MEMBERS_IMPORTED: lambda r: self.tr("%n member(s) imported or updated.", "", int(d(r, "count", 0))),
            AuditEvent.PURGE: lambda r: self.tr("Retention purge: %n face template(s) deleted.", "", int(d(r, "count", 0))),
            AuditEvent.GATE_OPENED: lambda r: _fill(self.tr("Gate opened after a %1 check (%2)."), self.method(d(r, "method")),
                                           self.gate_mode(d(r, "mode"))),
            AuditEvent.GATE_TESTED: lambda r: _fill(self.tr("Gate output tested (%1): it answered.") if d(r, "ok")
                                           else self.tr("Gate output tested (%1): no answer (%2)."),
                                           self.gate_mode(d(r, "mode")), d(r, "reason")),
            AuditEvent.GATE_FAILED: lambda r: _fill(self.tr("The gate did not open (%1): %2"), self.gate_mode(d(r, "mode")),
                                           d(r, "reason")),
            AuditEvent.HELP_NOTIFIED: lambda r: _fill(self.tr("The help request was sent on (%1)."), self.gate_mode(d(r, "mode"))),
            AuditEvent.HELP_NOTIFY_FAILED: lambda r: _fill(self.tr("The help request could not be sent on (%1): %2"),
                                                  self.gate_mode(d(r, "mode")), d(r, "reason")),
            AuditEvent.HELP_NOTIFY_TESTED: lambda r: _fill(self.tr("Help notification tested (%1): it was sent.") if d(r, "ok")
                                                  else self.tr("Help notification tested (%1): not sent (%2)."),
                                                  self.gate_mode(d(r, "mode")), d(r, "reason")),
            AuditEvent.ALERT_RAISED: lambda r: _fill(self.tr("Alert for staff: %1 (member %2).") if r.subject
                                            else self.tr("Alert for staff: %1."), self.alert(d(r, "kind")), r.subject),
            AuditEvent.ALERT_ACKNOWLEDGED: lambda r: _fill(self.tr("Alert acknowledged: %1 (member %2).") if r.subject
                                                  else self.tr("Alert acknowledged: %1."), self.alert(d(r, "kind")), r.subject),
            AuditEvent.STAFF_HELP_REQUESTED: lambda r: _fill(self.tr("A visitor (member %1) asked for staff.") if r.subject
                                                    else self.tr("A visitor asked for staff."), r.subject),
            AuditEvent.STAFF_LOGIN: lambda r: _fill(self.tr("%1 signed in.") if d(r, "outcome") == "pass"
                                           else self.tr("A wrong staff PIN was typed."), r.actor),
            AuditEvent.STAFF_LOGOUT: lambda r: _fill(self.tr("%1 signed out (%2)."), r.actor, self.reason(d(r, "reason"))),
            AuditEvent.STAFF_ADDED: lambda r: _fill(self.tr("Staff account %1 added (%2)."), r.subject, self.role(d(r, "role"))),
            AuditEvent.STAFF_PIN_RESET: lambda r: _fill(self.tr("New staff PIN for %1."), r.subject),
            AuditEvent.STAFF_ACTIVATED: lambda r: _fill(self.tr("Staff account %1 activated."), r.subject),
            AuditEvent.STAFF_DEACTIVATED: lambda r: _fill(self.tr("Staff account %1 deactivated."), r.subject),
            AuditEvent.SETTING_CHANGED: lambda r: _fill(self.tr('Setting "%1" changed from %2 to %3.'), r.subject,
                                               self.value(d(r, "old")), self.value(d(r, "new"))),
            AuditEvent.THRESHOLD_CALIBRATED: lambda r: _fill(self.tr("Match threshold calibrated: %1 → %2."), d(r, "old"), d(r, "new")),
            AuditEvent.BACKUP: lambda r: _fill(self.tr("Encrypted backup started (%1)."), d(r, "file")),
            AuditEvent.BACKUP_COMPLETED: lambda r: _fill(self.tr("Encrypted backup written (%1)."), d(r, "file")),
            AuditEvent.BACKUP_FAILED: lambda r: _fill(self.tr("The encrypted backup %1 failed or was interrupted."), d(r, "file")),
            AuditEvent.RESTORE_STARTED: lambda r: _fill(self.tr("Restore from the backup %1 started."), d(r, "file")),
            AuditEvent.KEY_ROTATION_STARTED: lambda r: self.tr("Database key rotation started."),
            AuditEvent.KEY_ROTATION_FAILED: lambda r: self.tr("Database key rotation did not complete; the old key still opens "
                                                     "the database."),
            AuditEvent.RESTORED: lambda r: _fill(self.tr("Database restored from the backup %1."), d(r, "file")),
            AuditEvent.KEY_ROTATED: lambda r: self.tr("Database key replaced (rotated)."),
            AuditEvent.AUDIT_SEALED: lambda r: _fill(self.tr("Audit trail sealed with the audit key (%1 earlier records)."),
                                            d(r, "records")),
            AuditEvent.AUDIT_KEY_ROTATED: lambda r: _fill(self.tr("Audit key replaced: records from here on are sealed with key %1."),
                                                 d(r, "to_key")),
            AuditEvent.AUDIT_COUNTER_RESTORED: lambda r: _fill(self.tr("The audit head counter in %1, restored from an older copy "
                                                              "(record %2), was brought up to record %3."),
                                                      d(r, "file"), d(r, "from_seq"), d(r, "to_seq")),
            AuditEvent.AUDIT_ANCHOR_EXPORTED: lambda r: _fill(self.tr("Audit anchor exported (record %1)."), d(r, "seq")),
            AuditEvent.AUDIT_ANCHOR_WRITTEN: lambda r: _fill(self.tr("Audit anchor kept in %1 (record %2)."), d(r, "file"),
                                                    d(r, "seq")),
            AuditEvent.REPORT_EXPORTED: lambda r: _fill(self.tr("Filing report exported (%1)."), d(r, "format")),
            AuditEvent.AUDIT_EXPORTED: lambda r: _fill(self.tr("%n audit record(s) exported (%1).", "", int(d(r, "count", 0))),
                                              d(r, "format")),
            AuditEvent.PASS_PRINTED: lambda r: _fill(self.tr("Face pass written for member %1."), m(r)),
            AuditEvent.PASS_REVOKED: lambda r: _fill(self.tr("Face pass revoked (%1)."), d(r, "ref")),
            AuditEvent.REVOCATIONS_EXPORTED: lambda r: self.tr("%n pass revocation(s) exported.", "", int(d(r, "entries", 0))),
            AuditEvent.REVOCATIONS_IMPORTED: lambda r: self.tr("%n pass revocation(s) imported.", "", int(d(r, "entries", 0))),
            AuditEvent.SITE_KEY_EXPORTED: lambda r: self.tr("Site keys exported for the site's other kiosks."),
            AuditEvent.SITE_KEY_IMPORTED: lambda r: _fill(self.tr("Site keys imported (current key %1)."), d(r, "current")),
            AuditEvent.SITE_KEY_ROTATED: lambda r: _fill(self.tr("New site key %1; older passes work for %2 more days."),
                                                d(r, "current"), d(r, "grace_days")),
        }

        self._keys = {
            "method": self.tr("How"), "outcome": self.tr("Outcome"), "reason": self.tr("Reason"),
            "mode": self.tr("Output"), "flow": self.tr("Step"), "failures": self.tr("Failed tries counted"),
            "seconds": self.tr("Pause (seconds)"), "consent_id": self.tr("Consent number"),
            "expires": self.tr("Kept until"), "screen": self.tr("Screen"), "alert": self.tr("Alert number"),
            "kind": self.tr("Alert"), "repeats": self.tr("Times"), "count": self.tr("Number"),
            "file": self.tr("File"), "format": self.tr("Format"), "old": self.tr("Old value"),
            "new": self.tr("New value"), "ok": self.tr("Answered"), "by": self.tr("Given by"),
            "guardian": self.tr("Parent or guardian"), "other": self.tr("Other member"),
            "was_locked": self.tr("Was locked"), "role": self.tr("Role"), "records": self.tr("Records"),
            "to_key": self.tr("New key"), "from_key": self.tr("Old key"), "seq": self.tr("Record number"),
            "ref": self.tr("Reference"), "entries": self.tr("Entries"), "current": self.tr("Current key"),
            "grace_days": self.tr("Days older passes still work"), "check_in": self.tr("Checking in"),
            "scope": self.tr("Applies to"), "notice_version": self.tr("Notice version"),
            "language": self.tr("Language"), "age_band": self.tr("Age"), "site_type": self.tr("Site type"),
        }
        self._names: dict[AuditEvent, str] = {
            AuditEvent.VERIFY: self.tr("identity check"), AuditEvent.ENROLLED: self.tr("face set up"),
            AuditEvent.ENROLL_REFUSED_DUPLICATE: self.tr("face set-up refused (duplicate)"),
            AuditEvent.FACE_DELETED: self.tr("face data deleted"), AuditEvent.CONSENT_GIVEN: self.tr("consent given"),
            AuditEvent.CONSENT_ENDED: self.tr("consent ended"), AuditEvent.GUARDIAN_IDENTIFIED: self.tr("guardian identified"),
            AuditEvent.PIN_LOCKED: self.tr("PIN locked"), AuditEvent.PIN_PAUSED: self.tr("PIN entry paused"),
            AuditEvent.PIN_REFUSED: self.tr("PIN refused"), AuditEvent.FACE_TRY_FAILED: self.tr("face try failed"),
            AuditEvent.FACE_PAUSED: self.tr("face checks paused"), AuditEvent.PIN_SET: self.tr("PIN set"),
            AuditEvent.PIN_UNLOCKED: self.tr("PIN unlocked"),
            AuditEvent.FACE_UNPAUSED: self.tr("face pause ended"), AuditEvent.MEMBER_ACTIVATED: self.tr("member activated"),
            AuditEvent.MEMBER_DEACTIVATED: self.tr("member deactivated"), AuditEvent.MEMBERS_IMPORTED: self.tr("members imported"),
            AuditEvent.PURGE: self.tr("retention purge"), AuditEvent.GATE_OPENED: self.tr("gate opened"),
            AuditEvent.GATE_TESTED: self.tr("gate tested"), AuditEvent.GATE_FAILED: self.tr("gate failed"),
            AuditEvent.HELP_NOTIFIED: self.tr("help request sent on"), AuditEvent.HELP_NOTIFY_FAILED: self.tr("help request not sent on"),
            AuditEvent.HELP_NOTIFY_TESTED: self.tr("help notification tested"), AuditEvent.ALERT_RAISED: self.tr("alert raised"),
            AuditEvent.ALERT_ACKNOWLEDGED: self.tr("alert acknowledged"), AuditEvent.STAFF_HELP_REQUESTED: self.tr("help requested"),
            AuditEvent.STAFF_LOGIN: self.tr("staff sign-in"), AuditEvent.STAFF_LOGOUT: self.tr("staff sign-out"),
            AuditEvent.STAFF_ADDED: self.tr("staff account added"), AuditEvent.STAFF_PIN_RESET: self.tr("staff PIN reset"),
            AuditEvent.STAFF_ACTIVATED: self.tr("staff account activated"),
            AuditEvent.STAFF_DEACTIVATED: self.tr("staff account deactivated"), AuditEvent.SETTING_CHANGED: self.tr("setting changed"),
            AuditEvent.THRESHOLD_CALIBRATED: self.tr("threshold calibrated"), AuditEvent.BACKUP: self.tr("backup started"),
            AuditEvent.BACKUP_COMPLETED: self.tr("backup written"), AuditEvent.BACKUP_FAILED: self.tr("backup failed"),
            AuditEvent.RESTORE_STARTED: self.tr("restore started"), AuditEvent.KEY_ROTATION_STARTED: self.tr("key rotation started"),
            AuditEvent.KEY_ROTATION_FAILED: self.tr("key rotation failed"), AuditEvent.RESTORED: self.tr("restored"),
            AuditEvent.KEY_ROTATED: self.tr("database key rotated"), AuditEvent.AUDIT_SEALED: self.tr("audit trail sealed"),
            AuditEvent.AUDIT_KEY_ROTATED: self.tr("audit key rotated"), AuditEvent.AUDIT_ANCHOR_EXPORTED: self.tr("audit anchor exported"),
            AuditEvent.AUDIT_ANCHOR_WRITTEN: self.tr("audit anchor kept"), AuditEvent.REPORT_EXPORTED: self.tr("filing report exported"),
            AuditEvent.AUDIT_EXPORTED: self.tr("audit trail exported"), AuditEvent.PASS_PRINTED: self.tr("face pass written"),
            AuditEvent.PASS_REVOKED: self.tr("face pass revoked"), AuditEvent.REVOCATIONS_EXPORTED: self.tr("revocations exported"),
            AuditEvent.REVOCATIONS_IMPORTED: self.tr("revocations imported"), AuditEvent.SITE_KEY_EXPORTED: self.tr("site keys exported"),
            AuditEvent.SITE_KEY_IMPORTED: self.tr("site keys imported"), AuditEvent.SITE_KEY_ROTATED: self.tr("site key rotated"),
            AuditEvent.LIVENESS_REFUSED: self.tr("liveness check refused"),
            AuditEvent.AUDIT_COUNTER_RESTORED: self.tr("audit counter restored"),
        }

    @property
    def events(self) -> frozenset[AuditEvent]:
        return frozenset(self._events)

    def sentence(self, r: AuditRecord) -> str:
        known = _known(r.event)
        fn = self._events.get(known) if known is not None else None
        if fn is None:
            return _fill(self.tr('Event "%1" (see the details).'), r.event)
        try:
            return fn(r)
        except (TypeError, ValueError):  # an odd detail never hides the record
            return _fill(self.tr('Event "%1" (see the details).'), r.event)

    def event_name(self, event: str) -> str:
        """For the event filter: a short name in the staff's language (the code, made
        readable, for an event this version does not know)."""
        known = _known(event)
        return (self._names.get(known) if known is not None else None) or event.replace("_", " ")

    def actor(self, name: str) -> str:
        """Who did it: the kiosk's own actors in words; staff names as they are."""
        return {"visitor": self.tr("visitor"), "system": self.tr("the kiosk (automatic)"),
                "cli": self.tr("command line"), "staff": self.tr("staff")}.get(name, name)

    def details(self, r: AuditRecord) -> str:
        """Every stored field of one record, for the detail view (times local and UTC)."""
        lines = [
            self.sentence(r),
            "",
            _fill(self.tr("Record no. %1"), r.seq),
            _fill(self.tr("Time: %1 (stored as %2)"), local_time(r.ts, seconds=True), r.ts),
            _fill(self.tr("Event: %1 (code %2)"), self.event_name(r.event), r.event),
            _fill(self.tr("By: %1"), self.actor(r.actor)),
        ]
        if r.subject:
            lines.append(_fill(self.tr("Subject: %1"), r.subject))
        for key in sorted(r.detail):
            lines.append(_fill(self.tr("%1: %2"), self.detail_key(key), self.detail_value(r, key)))
        lines.append(_fill(self.tr("Hash: %1…"), r.hash[:16]))
        return "\n".join(lines)

    def detail_key(self, key: str) -> str:
        return self._keys.get(key) or key.replace("_", " ")

    def detail_value(self, r: AuditRecord, key: str) -> str:
        """A stored detail in words: codes named, yes/no, local dates; other values as stored."""
        v = r.detail[key]
        if v in ("", None):
            return "—"
        if isinstance(v, bool):
            return self.tr("yes") if v else self.tr("no")
        text = str(v)
        if key == "method":
            return self.method(text)
        if key == "mode":
            return self.gate_mode(text)
        if key == "kind":
            return self.alert(text)
        if key == "role":
            return self.role(text)
        if key == "outcome":
            return {"pass": self.tr("passed"), "fail": self.tr("not passed"), "refused": self.tr("refused")}.get(text, text)
        if key == "flow":
            return {"verify": self.tr("face check"), "enroll": self.tr("face set-up")}.get(text, text)
        if key == "reason":
            if r.event == AuditEvent.FACE_TRY_FAILED:
                return self.try_reason(text)
            return self.liveness_reason(text) if r.event == AuditEvent.LIVENESS_REFUSED else self.reason(text)
        if key == "by":
            return {"self": self.tr("the member"), "guardian": self.tr("a parent or guardian")}.get(text, text)
        if key == "expires":
            return local_date(text)
        return text

    # -- words used inside sentences ---------------------------------------------------------
    def value(self, v: object) -> str:
        return self.tr("(empty)") if v in ("", None) else str(v)

    def method(self, code: str) -> str:
        return {"pin": self.tr("PIN"), "face": self.tr("face"), "card": self.tr("card"), "staff": self.tr("staff"),
                "qr": self.tr("pass code")}.get(code, code or self.tr("unknown"))

    def gate_mode(self, code: str) -> str:
        return {"log": self.tr("log only"), "command": self.tr("command"), "http": self.tr("HTTP"),
                "off": self.tr("staff area only")}.get(code, code)

    def role(self, code: str) -> str:
        return {"operator": self.tr("operator"), "administrator": self.tr("administrator")}.get(code, code)

    def reason(self, code: str) -> str:
        return {"withdrawn": self.tr("consent withdrawn"), "revoked": self.tr("revoked by staff"),
                "revoked_by_staff": self.tr("revoked by staff"),
                "staff_cli": self.tr("revoked by staff"), "expired": self.tr("expired"),
                "logout": self.tr("logged out"), "inactivity": self.tr("inactivity"),
                "leave_kiosk": self.tr("left kiosk mode")}.get(code, code)

    def liveness_reason(self, code: str) -> str:
        return {"timeout": self.tr("the head turns were not finished in time"), "face_lost": self.tr("the face was lost"),
                "second_face": self.tr("a second face was in view"),
                "passive": self.tr("the picture did not pass the passive check")}.get(code, code)

    def try_reason(self, code: str) -> str:
        """Why a face try counted: no match, a refused liveness check (with its code), a timeout, left early."""
        if code.startswith("liveness:"):
            return _fill(self.tr("liveness check refused: %1"), code.partition(":")[2])
        return {"no_match": self.tr("no match"), "timeout": self.tr("timed out"),
                "abandoned": self.tr("left before the end")}.get(code, code)

    def alert(self, code: str) -> str:
        try:
            kind = AlertKind(code)
        except ValueError:
            return code
        return {
            AlertKind.HELP_REQUESTED: self.tr("a visitor asks for help"),
            AlertKind.PIN_LOCKED: self.tr("PIN locked"),
            AlertKind.FACE_FAILURES: self.tr("repeated face failures"),
            AlertKind.GATE_FAILED: self.tr("the gate did not open"),
            AlertKind.LIVENESS_REFUSED: self.tr("liveness check refused"),
        }[kind]
