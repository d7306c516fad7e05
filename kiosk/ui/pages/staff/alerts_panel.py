"""The dashboard's alerts: help requests, locked PINs, repeated face failures, failed gate
signals and refused liveness checks, newest first, in local time; staff acknowledge them.

The staff area polls the open alerts while someone is signed in (:meth:`StaffPage.poll_alerts`)
and hands them to :meth:`AlertsPanel.show_alerts`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.alerts import Alert, AlertKind, GateProblem, GateProblemCode, NoteCode
from kiosk.ui.localtime import local_time
from kiosk.ui.pages.staff.common import fill, table
from kiosk.ui.widgets import button, label, set_text


class AlertsPanel(QWidget):
    acknowledge = Signal(int)  # the alert id

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("alerts-panel")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(6)
        self.caption = label("body")
        self.caption.setObjectName("alerts-caption")
        self.caption.setStyleSheet("font-size: 20px; font-weight: 600;")
        col.addWidget(self.caption)
        self.ack_button = button()  # the owner places it (beside its other actions)
        self.ack_button.setObjectName("alerts-acknowledge")
        self.ack_button.clicked.connect(self._acknowledge)
        self.table = table(4, "alerts-table")
        self.table.setMinimumHeight(130)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        col.addWidget(self.table, 1)
        self.empty = label("hint")
        self.empty.setObjectName("alerts-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.empty, 1)  # in the table's place when there is nothing to list
        self.alerts: list[Alert] = []
        self.retranslate_ui()

    def kind_text(self, kind: AlertKind) -> str:
        return {
            AlertKind.HELP_REQUESTED: self.tr("A visitor asks for help"),
            AlertKind.PIN_LOCKED: self.tr("PIN locked after wrong tries"),
            AlertKind.FACE_FAILURES: self.tr("Face check failed repeatedly"),
            AlertKind.GATE_FAILED: self.tr("The gate did not open"),
            AlertKind.LIVENESS_REFUSED: self.tr("Liveness check refused"),
        }[kind]

    def detail_text(self, alert: Alert) -> str:
        parts = []
        if alert.repeats > 1:
            parts.append(self.tr("%n time(s), last at %1", "", alert.repeats)
                         .replace("%1", local_time(alert.last_at, today=datetime.now().astimezone().date())))
        if alert.note:
            parts.append(self.note_text(alert))
        return " · ".join(parts)

    def note_text(self, alert: Alert) -> str:
        """The note in the staff's language, from its code and fields (one table per code)."""
        note = alert.detail
        if note is None:
            return ""
        match note.code:
            case NoteCode.ASKED_ON_SCREEN:
                return self.tr("Asked on the screen: %1").replace("%1", self.screen_name(note.screen))
            case NoteCode.WRONG_PINS_ACROSS_MEMBERS:
                return self.tr("Wrong PINs for several members at this kiosk")
            case NoteCode.LIVENESS_REFUSED:
                flow = self.tr("face check") if note.flow == "verify" else self.tr("face set-up")
                return self.tr("%1: %2").replace("%1", flow).replace("%2", self.refusal_text(note.reason))
            case NoteCode.FACE_TRIES:
                tries = [self.try_text(t) for t in note.tries]
                text = self.tr("Tries: %1").replace("%1", self.tr(", ").join(tries)) if tries else ""
                if note.used_up:
                    text = (text + self.tr("; ") if text else "") + self.tr("the visitor used up this visit's face tries")
                return text
            case NoteCode.GATE_FAILED if note.problem is not None:
                return self.tr("%1: %2").replace("%1", self.gate_mode(note.mode)).replace(
                    "%2", self.gate_problem(note.problem))
        return str(note)  # words the kiosk did not write stay as they are

    def screen_name(self, code: str) -> str:
        names = {
            "welcome": self.tr("Welcome"), "claim": self.tr("member number"), "method": self.tr("choice of check"),
            "pin": self.tr("PIN"), "pin-locked": self.tr("PIN paused"), "face": self.tr("face check"),
            "result-success": self.tr("check passed"), "result-failure": self.tr("check failed"),
            "camera-unavailable": self.tr("camera unavailable"), "notice": self.tr("face notice"),
            "consent": self.tr("consent"), "age": self.tr("age question"), "guardian": self.tr("parent or guardian"),
            "enroll-capture": self.tr("face set-up"), "receipt": self.tr("set-up receipt"), "mydata": self.tr("My data"),
            "mydata-deleted": self.tr("face data deleted"),
        }
        return names.get(code, code)

    def refusal_text(self, code: str) -> str:
        return {"timeout": self.tr("the head turns were not finished in time"), "face_lost": self.tr("the face was lost"),
                "second_face": self.tr("a second face was in view"),
                "passive": self.tr("the picture did not pass the passive check"),
                "wrong_turn": self.tr("the head moved the wrong way more than once"),
                "jump": self.tr("the picture jumped between frames (a cut, as in a slideshow)"),
                "face_changed": self.tr("not the member's face on every checked frame")}.get(code, code)

    def try_text(self, code: str) -> str:
        """One failed face try's reason (``no_match``, ``liveness:<code>``, ``timeout``, ``abandoned``)."""
        if code.startswith("liveness:"):
            return self.tr("liveness: %1").replace("%1", self.refusal_text(code.partition(":")[2]))
        return {"no_match": self.tr("no match"), "timeout": self.tr("timed out"),
                "abandoned": self.tr("left before the end")}.get(code, code)

    def gate_mode(self, code: str) -> str:
        return {"log": self.tr("log only"), "command": self.tr("gate command"), "http": self.tr("gate controller")}.get(code, code)

    def gate_problem(self, problem: GateProblem) -> str:
        """Why the gate did not open, from its code; a program's own words stay as they are."""
        forms = {
            GateProblemCode.COMMAND_TIMEOUT: self.tr("the gate command did not finish within %1 s"),
            GateProblemCode.COMMAND_NOT_FOUND: self.tr("the gate command was not found: %1"),
            GateProblemCode.HTTP_STATUS: self.tr("the gate controller answered HTTP %1"),
            GateProblemCode.UNREACHABLE: self.tr("the gate controller cannot be reached: %1"),
            GateProblemCode.HTTP_TIMEOUT: self.tr("the gate controller did not answer in time"),
            GateProblemCode.EXIT_STATUS: self.tr("%1 ended with status %2%3"),
            GateProblemCode.NO_COMMAND: self.tr("no gate command is set"),
            GateProblemCode.NOT_A_URL: self.tr("the gate controller URL is not an http(s) URL"),
            GateProblemCode.OTHER: "%1",
        }
        args = list(problem.args)
        if problem.code is GateProblemCode.EXIT_STATUS and len(args) > 2:
            args[2] = ": " + args[2] if args[2] else ""
        out = forms[problem.code]
        for i, arg in enumerate(args, 1):
            out = out.replace(f"%{i}", arg)
        return out.replace("%3", "")

    def retranslate_ui(self) -> None:
        set_text(self.ack_button, self.tr("Acknowledge"), self.tr("Acknowledge the selected alert"))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("What"), self.tr("Member"), self.tr("Details")])
        self.empty.setText(self.tr("No open alerts."))
        self.show_alerts(self.alerts)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_alerts(self, alerts: list[Alert]) -> None:
        selected = self.selected()
        self.alerts = list(alerts)
        n = len(self.alerts)
        self.caption.setText(self.tr("Alerts: %n open", "", n) if n else self.tr("Alerts"))
        today = datetime.now().astimezone().date()
        fill(self.table, [(local_time(a.raised_at, today=today), self.kind_text(a.kind), a.member_no or "",
                           self.detail_text(a)) for a in self.alerts])
        self.table.setVisible(n > 0)
        self.empty.setVisible(n == 0)
        self.ack_button.setVisible(n > 0)
        if selected is not None:
            self.select(selected.id)
        self._selection_changed()

    def selected(self) -> Alert | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        return self.alerts[rows[0].row()] if rows and rows[0].row() < len(self.alerts) else None

    def select(self, alert_id: int) -> None:
        for i, a in enumerate(self.alerts):
            if a.id == alert_id:
                self.table.selectRow(i)

    def _selection_changed(self) -> None:
        self.ack_button.setEnabled(self.selected() is not None)

    def _acknowledge(self) -> None:
        alert = self.selected()
        if alert is not None:
            self.acknowledge.emit(alert.id)
