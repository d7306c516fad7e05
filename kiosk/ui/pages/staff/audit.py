"""Audit trail: newest records first with filters (event, text, since), chain verification
(the first modified, inserted or removed record is shown and selected), export to CSV and
JSON (safe against spreadsheet formula injection; the export is itself audited)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QScrollArea

from kiosk import ops
from kiosk.domain.audit_export import AuditFilter, parse_when
from kiosk.domain.staff import Permission
from kiosk.ui.localtime import local_time, zone_caption
from kiosk.ui.pages.staff.audit_text import AuditText
from kiosk.ui.pages.staff.common import (
    PathField,
    StaffScreen,
    field,
    fill,
    show_status,
    staff_error,
    status_label,
    table,
)
from kiosk.ui.widgets import button, label, set_text

PAGE_SIZE = 200


def local_since(text: str) -> str:
    """A typed date means from local midnight that day; a full timestamp is taken as typed."""
    text = text.strip()
    if len(text) == 10:
        day = date.fromisoformat(parse_when(text))
        return datetime.combine(day, time(0)).astimezone().isoformat(timespec="seconds")
    return text


class AuditScreen(StaffScreen):
    name = "audit"
    permissions = (Permission.VIEW_AUDIT,)

    def build(self) -> None:
        filters = QHBoxLayout()
        self.event_choice = QComboBox()
        self.event_choice.setObjectName("audit-event")
        self.event_choice.setMinimumHeight(64)
        self.event_choice.setMinimumWidth(220)
        self.event_choice.setStyleSheet("font-size: 20px;")
        self.text = field("audit-text")
        self.since = field("audit-since")
        self.since.setMaximumWidth(270)
        self.apply_button = button("primary")
        self.apply_button.setObjectName("audit-apply")
        self.apply_button.clicked.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)
        self.since.returnPressed.connect(self.refresh)
        for w, stretch in ((self.event_choice, 0), (self.text, 1), (self.since, 0), (self.apply_button, 0)):
            filters.addWidget(w, stretch)
        self.box.addLayout(filters)
        self.words = AuditText()
        self.table = table(4, "audit-table")
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # elided; whole beside
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.detail = label("hint")
        self.detail.setObjectName("audit-detail")
        self.detail.setStyleSheet("font-size: 17px;")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setObjectName("audit-detail-view")
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(self.detail)
        self.detail_scroll.setFixedWidth(300)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addWidget(self.detail_scroll)
        self.box.addLayout(middle, 1)
        self.shown = status_label("audit-shown")
        row = QHBoxLayout()
        row.addWidget(self.shown, 1)
        self.box.addLayout(row)
        actions = QHBoxLayout()
        self.verify_button = button()
        self.verify_button.setObjectName("audit-verify")
        self.verify_button.clicked.connect(self.verify)
        self.path = PathField(self.area, "audit-export-path", save=True, filters="CSV (*.csv);;JSON (*.json)")
        self.csv_button, self.json_button = button(), button()
        self.csv_button.setObjectName("audit-export-csv")
        self.json_button.setObjectName("audit-export-json")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.json_button.clicked.connect(lambda: self.export("json"))
        row.addWidget(self.verify_button)
        actions.addWidget(self.path, 1)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.json_button)
        self.box.addLayout(actions)
        self.message = status_label("audit-message")
        self.box.addWidget(self.message)
        self.records: list = []
        self.events: list[str] = []
        self.total = 0

    def retranslate_ui(self) -> None:
        self._fill_events()
        if hasattr(self, "records"):
            self._fill()
        self.text.setPlaceholderText(self.tr("Text in actor, subject or detail"))
        self.text.setAccessibleName(self.tr("Search text"))
        self.since.setPlaceholderText(self.tr("Since YYYY-MM-DD"))
        self.since.setAccessibleName(self.tr("Since date"))
        set_text(self.apply_button, self.tr("Show"))
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Time (%1)").replace("%1", zone_caption()),
                                              self.tr("What happened"), self.tr("By")])
        self.detail_scroll.setAccessibleName(self.tr("Details of the selected record"))
        set_text(self.verify_button, self.tr("Verify chain"))
        self.path.edit.setPlaceholderText(self.tr("Export file path"))
        self.path.edit.setAccessibleName(self.tr("Export file path"))
        set_text(self.csv_button, self.tr("Export CSV"))
        set_text(self.json_button, self.tr("Export JSON"))
        self._show_count()

    def _fill_events(self) -> None:
        current = self.event_choice.currentData()
        self.event_choice.blockSignals(True)
        self.event_choice.clear()
        self.event_choice.addItem(self.tr("All events"), None)
        for name in self.events:
            self.event_choice.addItem(self.words.event_name(name), name)
        index = self.event_choice.findData(current)
        self.event_choice.setCurrentIndex(max(0, index))
        self.event_choice.blockSignals(False)
        self.event_choice.setAccessibleName(self.tr("Event"))

    def filter(self) -> AuditFilter:
        typed = self.since.text().strip()
        since: str | None = typed or None
        if typed:
            try:
                since = local_since(typed)
            except ValueError:
                pass  # load() refuses it with a clear message
        return AuditFilter(event=self.event_choice.currentData(), text=self.text.text().strip() or None, since=since)

    def refresh(self) -> None:
        can_export = self.area.can(Permission.EXPORT_AUDIT)
        for w in (self.path, self.csv_button, self.json_button):
            w.setVisible(can_export)
        if not self.path.text():
            self.path.edit.setText(str(Path.home() / f"audit-{date.today().isoformat()}.csv"))
        flt = AuditFilter(**{**self.filter().__dict__, "newest_first": True, "limit": PAGE_SIZE})
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.area.staff)
        self.area.run(lambda: ops.audit_page(kiosk, actor, flt), self._loaded,
                      lambda exc, _t: show_status(self.message, staff_error(exc), error=True))

    def _loaded(self, page: ops.AuditPage) -> None:
        self.records, self.total, self.events = list(page.records), page.total, list(page.events)
        self._fill_events()
        self._fill()
        self._show_count()

    def _fill(self) -> None:
        today = date.today()
        fill(self.table, [(r.seq, local_time(r.ts, seconds=True, today=today), self.words.sentence(r),
                           self.words.actor(r.actor))
                          for r in self.records])
        self._show_detail()

    def _show_detail(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        r = self.records[rows[0].row()] if rows and rows[0].row() < len(self.records) else None
        self.detail.setText(self.words.details(r) if r else self.tr("Select a record to see all it holds."))

    def _show_count(self) -> None:
        self.shown.setText(self.tr("Showing the newest %1 of %2 matching records.").replace("%1", str(len(self.records)))
                           .replace("%2", str(self.total)))

    def clear(self) -> None:
        self.records, self.total = [], 0
        self._fill()
        self.text.clear()
        self.since.clear()
        self.path.edit.clear()
        self.message.clear()

    def verify(self) -> None:
        show_status(self.message, self.tr("Verifying the whole chain…"))
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.area.staff)
        self.area.run(lambda: ops.verify_audit(kiosk, actor), self._verified,
                      lambda exc, _t: show_status(self.message, staff_error(exc), error=True))

    def _verified(self, report) -> None:
        if report.ok:
            show_status(self.message, self.tr("The audit chain is intact: %1 records verified.").replace("%1", str(report.records)))
            return
        where = self.tr("first bad record: no. %1").replace("%1", str(report.first_bad_seq)) if report.first_bad_seq else ""
        show_status(self.message, self.tr("The audit trail was tampered with (%1). %2").replace("%1", where or report.problem or "")
                    .replace("%2", report.message), error=True)
        for i, r in enumerate(self.records):
            if r.seq == report.first_bad_seq:
                self.table.selectRow(i)

    def export(self, fmt: str) -> None:
        path = self.path.text()
        if not path:
            show_status(self.message, self.tr("Type or choose where to save the export."), error=True)
            return
        if Path(path).suffix.lower() != "." + fmt:
            path = str(Path(path).with_suffix("." + fmt))
            self.path.edit.setText(path)
        kiosk, actor, flt = self.ctx.kiosk, ops.Actor.staff(self.area.staff), self.filter()
        show_status(self.message, self.tr("Exporting…"))
        self.area.run(lambda: ops.export_audit(kiosk, actor, Path(path), fmt, flt),
                      lambda n: show_status(self.message, self.tr("%1 records exported to %2.").replace("%1", str(n))
                                            .replace("%2", path)),
                      lambda exc, _t: show_status(self.message, staff_error(exc), error=True))
