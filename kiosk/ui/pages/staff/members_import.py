"""Member import from the site's membership list (CSV): a preview first, every bad row
listed with its line number, and nothing imported while any row is bad (all or nothing).
The file is read once; the import uses exactly the bytes that were previewed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.domain.members import HEADER, parse_members_csv, read_csv_file
from kiosk.domain.staff import StaffSession
from kiosk.errors import ImportValidationError
from kiosk.ui.pages.staff.common import PathField, fill, show_status, staff_error, status_label, table
from kiosk.ui.widgets import button, label, set_text

PREVIEW_ROWS = 50


def preview(path: str) -> tuple[bytes, list[dict]]:
    """On the executor: read and validate; raises ImportValidationError with every bad row."""
    data = read_csv_file(Path(path).expanduser())
    return data, parse_members_csv(data)


def do_import(kiosk, session: StaffSession, data: bytes) -> int:
    return ops.import_members(kiosk, ops.Actor.staff(session), data).count


class ImportPanel(QWidget):
    def __init__(self, screen) -> None:
        super().__init__()
        self.owner, self.area = screen, screen.area
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.lead = label("hint")
        self.path = PathField(self.area, "import-path", save=False, filters="CSV (*.csv);;* (*)")
        row = QHBoxLayout()
        self.preview_button, self.import_button = button(), button("primary")
        self.preview_button.setObjectName("import-preview")
        self.import_button.setObjectName("import-go")
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self.do_import)
        row.addWidget(self.path, 1)
        row.addWidget(self.preview_button)
        row.addWidget(self.import_button)
        self.summary = status_label("import-summary")
        self.errors = status_label("import-errors")
        self.errors.setProperty("role", "error")
        self.errors.setStyleSheet("font-size: 18px;")
        self.table = table(len(HEADER), "import-table")
        col.addWidget(self.lead)
        col.addLayout(row)
        col.addWidget(self.summary)
        col.addWidget(self.errors)
        col.addWidget(self.table, 1)
        self.data: bytes | None = None
        self.rows: list[dict] = []
        self.retranslate_ui()
        self.clear()

    def retranslate_ui(self) -> None:
        self.lead.setText(self.tr("The file needs the columns %1 (UTF-8). Check the preview, then import. "
                                  "Nothing is imported while any row has an error.").replace("%1", ",".join(HEADER)))
        self.path.edit.setPlaceholderText(self.tr("Path of the CSV file"))
        self.path.edit.setAccessibleName(self.tr("CSV file to import"))
        set_text(self.preview_button, self.tr("Preview"))
        set_text(self.import_button, self.tr("Import"))
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Name"), self.tr("Birth date"), self.tr("Valid until"),
                                              self.tr("Card")])

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def clear(self) -> None:
        self.data, self.rows = None, []
        self.path.edit.clear()
        self.summary.clear()
        self.errors.clear()
        self.errors.hide()
        fill(self.table, [])
        self.import_button.setEnabled(False)

    def preview(self) -> None:
        path = self.path.text()
        self.data, self.rows = None, []
        self.import_button.setEnabled(False)
        self.errors.hide()
        fill(self.table, [])
        if not path:
            show_status(self.summary, self.tr("Type or choose the path of a CSV file."), error=True)
            return
        show_status(self.summary, self.tr("Reading…"))
        self.area.run(lambda: preview(path), self._previewed, self._refused)

    def _previewed(self, result) -> None:
        self.data, self.rows = result
        fill(self.table, [tuple(r[h] for h in HEADER) for r in self.rows[:PREVIEW_ROWS]])
        text = self.tr("%1 rows are ready to import. Nothing is stored until you press Import.").replace("%1", str(len(self.rows)))
        if len(self.rows) > PREVIEW_ROWS:
            text += " " + self.tr("The first %1 are shown.").replace("%1", str(PREVIEW_ROWS))
        show_status(self.summary, text)
        self.import_button.setEnabled(bool(self.rows))

    def _refused(self, exc: BaseException, _text: str) -> None:
        self.data, self.rows = None, []
        self.import_button.setEnabled(False)
        if isinstance(exc, ImportValidationError):
            show_status(self.summary, self.tr("Nothing can be imported: %1 row(s) have errors. Fix them and preview again.")
                        .replace("%1", str(len(exc.row_errors))), error=True)
            lines = [self.tr("Line %1: %2").replace("%1", str(n)).replace("%2", m) if n else m
                     for n, m in exc.row_errors[:12]]
            if len(exc.row_errors) > 12:
                lines.append(self.tr("… and %1 more.").replace("%1", str(len(exc.row_errors) - 12)))
            self.errors.setText("\n".join(lines))
            self.errors.show()
        else:
            show_status(self.summary, staff_error(exc), error=True)

    def do_import(self) -> None:
        if self.data is None:
            return
        data, session, kiosk = self.data, self.area.session, self.owner.ctx.kiosk
        self.import_button.setEnabled(False)
        show_status(self.summary, self.tr("Importing…"))
        self.area.run(lambda: do_import(kiosk, session, data), self._imported, self._refused)

    def _imported(self, n: int) -> None:
        self.data, self.rows = None, []
        fill(self.table, [])
        show_status(self.summary, self.tr("%1 members imported or updated.").replace("%1", str(n)))
