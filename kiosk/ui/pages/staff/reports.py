"""Reports and backup (administrators): filing / impact-assessment report (Markdown or
HTML), encrypted backup, checking a backup before a restore, the face-pass revocation list
(export and import between the site's kiosks), and key rotation. (Leaving kiosk mode has its own place in the staff area's rail.)

Restore is deliberately not done inside the running kiosk: it replaces the database file,
which every service here holds open. The screen checks a backup (it opens with this
kiosk's key and its audit chain verifies, on a throwaway copy) and tells staff to restore
with ``kiosk restore FILE`` while the kiosk is stopped.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.domain.staff import Permission
from kiosk.ui.pages.staff.common import ConfirmBar, PathField, StaffScreen, show_status, staff_error, status_label
from kiosk.ui.registry import screenshot
from kiosk.ui.widgets import button, label, set_text


class ReportsScreen(StaffScreen):
    name = "reports"
    permissions = (Permission.REPORTS,)

    def build(self) -> None:
        outer, content = self.box, QWidget()  # the sections scroll; the confirmation and the result line stay in view
        self.scroll_area = QScrollArea()  # a plain one: a finger-following scroller would delay the buttons' presses
        self.scroll_area.setObjectName("reports-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)
        self.box = QVBoxLayout(content)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(10)
        outer.addWidget(self.scroll_area, 1)
        self.report_title, self.backup_title, self.restore_hint = label("subtitle"), label("subtitle"), label("hint")
        for lab in (self.report_title, self.backup_title):
            lab.setStyleSheet("font-size: 22px;")
        self.report_path = PathField(self.area, "report-path", save=True, filters="HTML (*.html);;Markdown (*.md)")
        self.md_button, self.html_button = button(), button()
        self.md_button.setObjectName("report-md")
        self.html_button.setObjectName("report-html")
        self.md_button.clicked.connect(lambda: self.report("md"))
        self.html_button.clicked.connect(lambda: self.report("html"))
        self._add_section(self.report_title, self.report_path, self.md_button, self.html_button)
        self.backup_path = PathField(self.area, "backup-path", save=True, filters="Backup (*.db);;* (*)")
        self.backup_button, self.check_button = button(), button()
        self.backup_button.setObjectName("backup-go")
        self.check_button.setObjectName("backup-check")
        self.backup_button.clicked.connect(self.backup)
        self.check_button.clicked.connect(self.check)
        self._add_section(self.backup_title, self.backup_path, self.backup_button, self.check_button)
        self.box.addWidget(self.restore_hint)
        self.revocations_title, self.revocations_hint = label("subtitle"), label("hint")
        self.revocations_title.setStyleSheet("font-size: 22px;")
        self.revocations_path = PathField(self.area, "revocations-path", save=True, filters="JSON (*.json);;* (*)")
        self.revocations_export, self.revocations_import = button(), button()
        self.revocations_export.setObjectName("revocations-export")
        self.revocations_import.setObjectName("revocations-import")
        self.revocations_export.clicked.connect(self.export_revocations)
        self.revocations_import.clicked.connect(self.import_revocations)
        self._add_section(self.revocations_title, self.revocations_path, self.revocations_export, self.revocations_import)
        self.box.addWidget(self.revocations_hint)
        row = QHBoxLayout()
        self.rotate_button = button()
        self.rotate_button.setObjectName("rotate-key")
        self.rotate_button.clicked.connect(self._ask_rotate)
        row.addWidget(self.rotate_button)
        row.addStretch(1)
        self.box.addSpacing(8)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.confirm = ConfirmBar("reports-confirm")
        outer.addWidget(self.confirm)
        self.message = status_label("reports-message")
        outer.addWidget(self.message)

    def _add_section(self, title, path_field, *actions) -> None:
        """A title, the file path on its own full-width line (long action labels never squeeze it), then the actions."""
        self.box.addWidget(title)
        self.box.addWidget(path_field)
        row = QHBoxLayout()
        for action in actions:
            row.addWidget(action)
        row.addStretch(1)
        self.box.addLayout(row)

    def retranslate_ui(self) -> None:
        self.report_title.setText(self.tr("Filing and impact-assessment report: save to"))
        self.report_path.edit.setAccessibleName(self.tr("Report file path"))
        set_text(self.md_button, self.tr("Export report as Markdown"), self.tr("Save the report as Markdown"))
        set_text(self.html_button, self.tr("Export report as HTML"), self.tr("Save the report as HTML"))
        self.backup_title.setText(self.tr("Encrypted backup of the database: file"))
        self.backup_path.edit.setAccessibleName(self.tr("Backup file path"))
        set_text(self.backup_button, self.tr("Save encrypted backup"), self.tr("Back up the database now"))
        set_text(self.check_button, self.tr("Check this backup"), self.tr("Check this backup file"))
        self.restore_hint.setText(self.tr("The backup stays encrypted with this kiosk's key; keep the key file safe as well. "
                                          "To restore, check the backup here, stop the kiosk and run: kiosk restore FILE"))
        self.revocations_title.setText(self.tr("Withdrawn face passes (revocation list): file"))
        self.revocations_path.edit.setAccessibleName(self.tr("Revocation list file path"))
        set_text(self.revocations_export, self.tr("Export revocation list"), self.tr("Save this kiosk's revocation list"))
        set_text(self.revocations_import, self.tr("Import revocation list"),
                 self.tr("Add a revocation list from another kiosk of this site"))
        self.revocations_hint.setText(self.tr("Carry it to the site's other kiosks so that they refuse withdrawn face passes "
                                              "too. It holds consent numbers and member numbers, no face data."))
        set_text(self.rotate_button, self.tr("Rotate the database key"))

    def refresh(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)
        today = date.today().isoformat()
        if not self.report_path.text():
            self.report_path.edit.setText(str(Path.home() / f"filing-report-{today}.html"))
        if not self.revocations_path.text():
            self.revocations_path.edit.setText(str(Path.home() / f"revocations-{today}.json"))
        if not self.backup_path.text():
            self.backup_path.edit.setText(str(Path.home() / f"kiosk-backup-{today}.db"))
        self.rotate_button.setVisible(self.area.can(Permission.ROTATE_KEY))

    def clear(self) -> None:
        self.report_path.edit.clear()
        self.backup_path.edit.clear()
        self.revocations_path.edit.clear()
        self.message.clear()
        self.confirm.dismiss()

    def _go(self, fn, done) -> None:
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.area.staff)
        show_status(self.message, self.tr("Working…"))
        self.area.run(lambda: fn(kiosk, actor), lambda result: show_status(self.message, done(result)),
                      lambda exc, _t: show_status(self.message, staff_error(exc), error=True))

    def report(self, fmt: str) -> None:
        path = str(Path(self.report_path.text() or "report").with_suffix("." + fmt))
        self.report_path.edit.setText(path)
        self._go(lambda k, a: ops.export_filing_report(k, a, Path(path), fmt),
                 lambda p: self.tr("Report saved to %1.").replace("%1", str(p)))

    def backup(self) -> None:
        path = self.backup_path.text()
        self._go(lambda k, a: ops.backup_database(k, a, Path(path)),
                 lambda p: self.tr("Encrypted backup saved to %1.").replace("%1", str(p)))

    def check(self) -> None:
        path = self.backup_path.text()
        self._go(lambda k, a: ops.check_backup_file(k, a, Path(path)),
                 lambda n: self.tr("The backup opens with this kiosk's key and its audit chain verifies (%1 records). "
                                   "To restore it, stop the kiosk and run: kiosk restore FILE").replace("%1", str(n)))

    def export_revocations(self) -> None:
        path = self.revocations_path.text()
        self._go(lambda k, actor: ops.export_revocations(k, actor, Path(path)), self.revocations_saved)

    def revocations_saved(self, r: ops.RevocationsResult) -> str:
        return self.tr("%n revocation(s) saved to %1.", "", r.entries).replace("%1", r.path)

    def import_revocations(self) -> None:
        path = self.revocations_path.text()
        self._go(lambda k, actor: ops.import_revocations(k, actor, Path(path)),
                 lambda r: self.tr("Revocation list imported from %1: %n new revocation(s).", "", r.entries)
                 .replace("%1", r.path))

    def _ask_rotate(self) -> None:
        self.confirm.ask(self.tr("Re-encrypt the database with a new key? Older backups will need the old key."),
                         lambda: self._go(ops.rotate_database_key, lambda r: self.tr("The key was rotated. Make a new backup and a copy of "
                                                                    "the new key file now.")))


@screenshot("reports-revocations", area="staff")
def _revocations_shot(window) -> None:
    """The revocation list section with the result line of an export (no file is written)."""
    from kiosk.domain.session import State
    from kiosk.ui.pages.staff.shot_setup import signed_in

    screen = signed_in(window, "reports").screens["reports"]
    screen.revocations_path.edit.setText("/media/usb/revocations.json")
    show_status(screen.message, screen.revocations_saved(ops.RevocationsResult("/media/usb/revocations.json", 3)))
    screen.scroll_area.widget().adjustSize()
    screen.scroll_area.ensureWidgetVisible(screen.revocations_hint, 0, 20)
    page = window.pages[State.STAFF].scroll_area  # the page around the staff area: down to the result line
    if page is not None:
        page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
