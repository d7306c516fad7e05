"""Audit records as sentences staff can read, in their language, and the detail of one record.

The stored record (and the CSV / JSON export) keeps the event code and the raw detail; only
the screen uses these sentences. Every event the kiosk writes has a sentence here (a test
checks the source for ``audit.append("...")``); an unknown one still reads as a sentence.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject

from kiosk.domain.alerts import AlertKind
from kiosk.domain.audit_export import AuditRecord
from kiosk.ui.localtime import local_date, local_time


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
        self._events: dict[str, Callable[[AuditRecord], str]] = {
            "verify": lambda r: _fill(self.tr("Member %1 checked in with %2.") if d(r, "outcome") == "pass"
                                      else self.tr("Member %1: the %2 check failed."), m(r), self.method(d(r, "method"))),
            "enrolled": lambda r: _fill(self.tr("Face template stored for member %1 (consent no. %2, kept until %3)."),
                                        m(r), d(r, "consent_id"), local_date(d(r, "expires", None))),
            "enroll_refused_duplicate": lambda r: _fill(
                self.tr("Face set-up refused for member %1: this face is already enrolled for member %2."), m(r), d(r, "other")),
            "face_deleted": lambda r: _fill(self.tr("Face data of member %1 deleted (%2)."), m(r), self.reason(d(r, "reason"))),
            "consent_given": lambda r: _fill(self.tr("Consent to face verification given for member %1 by a parent or guardian.")
                                             if d(r, "by") == "guardian"
                                             else self.tr("Member %1 consented to face verification."), m(r)),
            "consent_ended": lambda r: _fill(self.tr("Consent of member %1 ended (%2)."), m(r), d(r, "reason")),
            "guardian_identified": lambda r: _fill(self.tr("Parent or guardian of member %1 identified (%2)."), m(r),
                                                   d(r, "guardian")),
            "pin_locked": lambda r: _fill(self.tr("PIN of member %1 locked for %2 s after %3 wrong tries."), m(r),
                                          int(float(d(r, "seconds", 0))), d(r, "failures")),
            "pin_paused": lambda r: _fill(self.tr("PIN entry paused at this kiosk for %1 s after wrong PINs."),
                                          int(float(d(r, "seconds", 0)))),
            "face_try_failed": lambda r: _fill(self.tr("Member %1: a face try did not pass (%2); %3 counted in the last "
                                                       "hour."), m(r), self.try_reason(d(r, "reason")), d(r, "failures")),
            "face_paused": lambda r: _fill(self.tr("Face checks for member %1 paused for %2 s after %3 failed tries.")
                                           if r.subject else self.tr("Face checks paused at this kiosk for %2 s after "
                                                                     "failed tries."),
                                           r.subject, int(float(d(r, "seconds", 0))), d(r, "failures")),
            "pin_refused": lambda r: _fill(self.tr("Member %1: a PIN was refused while PIN entry was paused.")
                                           if d(r, "reason") == "paused" else self.tr("Member %1: a wrong PIN was typed."),
                                           m(r)),
            "liveness_refused": lambda r: _fill(self.tr("Member %1: the liveness check refused the face (%2)."), m(r),
                                                self.liveness_reason(d(r, "reason"))),
            "pin_set": lambda r: _fill(self.tr("New PIN set for member %1."), m(r)),
            "pin_unlocked": lambda r: _fill(self.tr("PIN of member %1 unlocked."), m(r)),
            "member_activated": lambda r: _fill(self.tr("Member %1 activated."), m(r)),
            "member_deactivated": lambda r: _fill(self.tr("Member %1 deactivated: their pass is refused."), m(r)),
            "members_imported": lambda r: self.tr("%n member(s) imported or updated.", "", int(d(r, "count", 0))),
            "purge": lambda r: self.tr("Retention purge: %n face template(s) deleted.", "", int(d(r, "count", 0))),
            "gate_opened": lambda r: _fill(self.tr("Gate opened after a %1 check (%2)."), self.method(d(r, "method")),
                                           self.gate_mode(d(r, "mode"))),
            "gate_tested": lambda r: _fill(self.tr("Gate output tested (%1): it answered.") if d(r, "ok")
                                           else self.tr("Gate output tested (%1): no answer (%2)."),
                                           self.gate_mode(d(r, "mode")), d(r, "reason")),
            "gate_failed": lambda r: _fill(self.tr("The gate did not open (%1): %2"), self.gate_mode(d(r, "mode")),
                                           d(r, "reason")),
            "help_notified": lambda r: _fill(self.tr("The help request was sent on (%1)."), self.gate_mode(d(r, "mode"))),
            "help_notify_failed": lambda r: _fill(self.tr("The help request could not be sent on (%1): %2"),
                                                  self.gate_mode(d(r, "mode")), d(r, "reason")),
            "help_notify_tested": lambda r: _fill(self.tr("Help notification tested (%1): it was sent.") if d(r, "ok")
                                                  else self.tr("Help notification tested (%1): not sent (%2)."),
                                                  self.gate_mode(d(r, "mode")), d(r, "reason")),
            "alert_raised": lambda r: _fill(self.tr("Alert for staff: %1 (member %2).") if r.subject
                                            else self.tr("Alert for staff: %1."), self.alert(d(r, "kind")), r.subject),
            "alert_acknowledged": lambda r: _fill(self.tr("Alert acknowledged: %1 (member %2).") if r.subject
                                                  else self.tr("Alert acknowledged: %1."), self.alert(d(r, "kind")), r.subject),
            "staff_help_requested": lambda r: _fill(self.tr("A visitor (member %1) asked for staff.") if r.subject
                                                    else self.tr("A visitor asked for staff."), r.subject),
            "staff_login": lambda r: _fill(self.tr("%1 signed in.") if d(r, "outcome") == "pass"
                                           else self.tr("A wrong staff PIN was typed."), r.actor),
            "staff_logout": lambda r: _fill(self.tr("%1 signed out (%2)."), r.actor, self.reason(d(r, "reason"))),
            "staff_added": lambda r: _fill(self.tr("Staff account %1 added (%2)."), r.subject, self.role(d(r, "role"))),
            "staff_pin_reset": lambda r: _fill(self.tr("New staff PIN for %1."), r.subject),
            "staff_activated": lambda r: _fill(self.tr("Staff account %1 activated."), r.subject),
            "staff_deactivated": lambda r: _fill(self.tr("Staff account %1 deactivated."), r.subject),
            "setting_changed": lambda r: _fill(self.tr('Setting "%1" changed from %2 to %3.'), r.subject,
                                               self.value(d(r, "old")), self.value(d(r, "new"))),
            "threshold_calibrated": lambda r: _fill(self.tr("Match threshold calibrated: %1 → %2."), d(r, "old"), d(r, "new")),
            "backup": lambda r: _fill(self.tr("Encrypted backup started (%1)."), d(r, "file")),
            "backup_completed": lambda r: _fill(self.tr("Encrypted backup written (%1)."), d(r, "file")),
            "backup_failed": lambda r: _fill(self.tr("The encrypted backup %1 failed or was interrupted."), d(r, "file")),
            "restore_started": lambda r: _fill(self.tr("Restore from the backup %1 started."), d(r, "file")),
            "key_rotation_started": lambda r: self.tr("Database key rotation started."),
            "key_rotation_failed": lambda r: self.tr("Database key rotation did not complete; the old key still opens "
                                                     "the database."),
            "restored": lambda r: _fill(self.tr("Database restored from the backup %1."), d(r, "file")),
            "key_rotated": lambda r: self.tr("Database key replaced (rotated)."),
            "audit_sealed": lambda r: _fill(self.tr("Audit trail sealed with the audit key (%1 earlier records)."),
                                            d(r, "records")),
            "audit_key_rotated": lambda r: _fill(self.tr("Audit key replaced: records from here on are sealed with key %1."),
                                                 d(r, "to_key")),
            "audit_counter_restored": lambda r: _fill(self.tr("The audit head counter in %1, restored from an older copy "
                                                              "(record %2), was brought up to record %3."),
                                                      d(r, "file"), d(r, "from_seq"), d(r, "to_seq")),
            "audit_anchor_exported": lambda r: _fill(self.tr("Audit anchor exported (record %1)."), d(r, "seq")),
            "audit_anchor_written": lambda r: _fill(self.tr("Audit anchor kept in %1 (record %2)."), d(r, "file"),
                                                    d(r, "seq")),
            "report_exported": lambda r: _fill(self.tr("Filing report exported (%1)."), d(r, "format")),
            "audit_exported": lambda r: _fill(self.tr("%n audit record(s) exported (%1).", "", int(d(r, "count", 0))),
                                              d(r, "format")),
            "pass_printed": lambda r: _fill(self.tr("Face pass written for member %1."), m(r)),
            "pass_revoked": lambda r: _fill(self.tr("Face pass revoked (%1)."), d(r, "ref")),
            "revocations_exported": lambda r: self.tr("%n pass revocation(s) exported.", "", int(d(r, "entries", 0))),
            "revocations_imported": lambda r: self.tr("%n pass revocation(s) imported.", "", int(d(r, "entries", 0))),
            "site_key_exported": lambda r: self.tr("Site keys exported for the site's other kiosks."),
            "site_key_imported": lambda r: _fill(self.tr("Site keys imported (current key %1)."), d(r, "current")),
            "site_key_rotated": lambda r: _fill(self.tr("New site key %1; older passes work for %2 more days."),
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
        self._names = {
            "verify": self.tr("identity check"), "enrolled": self.tr("face set up"),
            "enroll_refused_duplicate": self.tr("face set-up refused (duplicate)"),
            "face_deleted": self.tr("face data deleted"), "consent_given": self.tr("consent given"),
            "consent_ended": self.tr("consent ended"), "guardian_identified": self.tr("guardian identified"),
            "pin_locked": self.tr("PIN locked"), "pin_paused": self.tr("PIN entry paused"),
            "pin_refused": self.tr("PIN refused"), "face_try_failed": self.tr("face try failed"),
            "face_paused": self.tr("face checks paused"), "pin_set": self.tr("PIN set"),
            "pin_unlocked": self.tr("PIN unlocked"), "member_activated": self.tr("member activated"),
            "member_deactivated": self.tr("member deactivated"), "members_imported": self.tr("members imported"),
            "purge": self.tr("retention purge"), "gate_opened": self.tr("gate opened"),
            "gate_tested": self.tr("gate tested"), "gate_failed": self.tr("gate failed"),
            "help_notified": self.tr("help request sent on"), "help_notify_failed": self.tr("help request not sent on"),
            "help_notify_tested": self.tr("help notification tested"), "alert_raised": self.tr("alert raised"),
            "alert_acknowledged": self.tr("alert acknowledged"), "staff_help_requested": self.tr("help requested"),
            "staff_login": self.tr("staff sign-in"), "staff_logout": self.tr("staff sign-out"),
            "staff_added": self.tr("staff account added"), "staff_pin_reset": self.tr("staff PIN reset"),
            "staff_activated": self.tr("staff account activated"),
            "staff_deactivated": self.tr("staff account deactivated"), "setting_changed": self.tr("setting changed"),
            "threshold_calibrated": self.tr("threshold calibrated"), "backup": self.tr("backup started"),
            "backup_completed": self.tr("backup written"), "backup_failed": self.tr("backup failed"),
            "restore_started": self.tr("restore started"), "key_rotation_started": self.tr("key rotation started"),
            "key_rotation_failed": self.tr("key rotation failed"), "restored": self.tr("restored"),
            "key_rotated": self.tr("database key rotated"), "audit_sealed": self.tr("audit trail sealed"),
            "audit_key_rotated": self.tr("audit key rotated"), "audit_anchor_exported": self.tr("audit anchor exported"),
            "audit_anchor_written": self.tr("audit anchor kept"), "report_exported": self.tr("filing report exported"),
            "audit_exported": self.tr("audit trail exported"), "pass_printed": self.tr("face pass written"),
            "pass_revoked": self.tr("face pass revoked"), "revocations_exported": self.tr("revocations exported"),
            "revocations_imported": self.tr("revocations imported"), "site_key_exported": self.tr("site keys exported"),
            "site_key_imported": self.tr("site keys imported"), "site_key_rotated": self.tr("site key rotated"),
            "liveness_refused": self.tr("liveness check refused"),
        }

    @property
    def events(self) -> frozenset[str]:
        return frozenset(self._events)

    def sentence(self, r: AuditRecord) -> str:
        fn = self._events.get(r.event)
        if fn is None:
            return _fill(self.tr('Event "%1" (see the details).'), r.event)
        try:
            return fn(r)
        except (TypeError, ValueError):  # an odd detail never hides the record
            return _fill(self.tr('Event "%1" (see the details).'), r.event)

    def event_name(self, event: str) -> str:
        """For the event filter: a short name in the staff's language (the code, made
        readable, for an event this version does not know)."""
        return self._names.get(event) or event.replace("_", " ")

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
            if r.event == "face_try_failed":
                return self.try_reason(text)
            return self.liveness_reason(text) if r.event == "liveness_refused" else self.reason(text)
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
        return {"withdrawn": self.tr("consent withdrawn"), "revoked": self.tr("revoked by staff"), "revoked_by_staff": self.tr("revoked by staff"),
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
