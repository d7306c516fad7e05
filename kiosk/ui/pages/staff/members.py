"""Members: find a member, revoke their face data, set a new PIN, deactivate; and the CSV
import (see :mod:`kiosk.ui.pages.staff.members_import`). Operators may find members and
revoke face data; the rest is for administrators."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.domain.staff import Permission, StaffSession
from kiosk.ui.pages.staff.common import (
    ConfirmBar,
    StaffScreen,
    field,
    fill,
    show_status,
    staff_error,
    status_label,
    table,
)
from kiosk.ui.pages.staff.members_import import ImportPanel
from kiosk.ui.pages.staff.members_pin import NewPinPanel
from kiosk.ui.widgets import button, set_text


def search(kiosk, session: StaffSession, text: str) -> list[tuple]:
    """On the executor: rows for the table. Whether a template exists, never the template."""
    return [(m.member_no, m.display_name, m.valid_until, m.active, m.has_face, m.card_id, m.has_pin, m.pin_locked,
             m.face_paused)
            for m in ops.search_members(kiosk, ops.Actor.staff(session), text)]


def revoke(kiosk, session: StaffSession, member_no: str) -> bool:
    return ops.revoke_face(kiosk, ops.Actor.staff(session), member_no).had_template


def set_pin(kiosk, session: StaffSession, member_no: str, pin: str) -> None:
    ops.reset_pin(kiosk, ops.Actor.staff(session), member_no, pin)


def unlock(kiosk, session: StaffSession, member_no: str) -> bool:
    return ops.unlock_pin(kiosk, ops.Actor.staff(session), member_no)


def unpause_face(kiosk, session: StaffSession, member_no: str) -> bool:
    return ops.unlock_face(kiosk, ops.Actor.staff(session), member_no)


def set_active(kiosk, session: StaffSession, member_no: str, active: bool) -> None:
    ops.set_member_active(kiosk, ops.Actor.staff(session), member_no, active)


class MembersScreen(StaffScreen):
    name = "members"
    permissions = (Permission.REVOKE_FACE, Permission.MANAGE_MEMBERS)

    def build(self) -> None:
        tabs = QHBoxLayout()
        self.find_tab, self.import_tab = button("toggle"), button("toggle")
        for b, name in ((self.find_tab, "members-find-tab"), (self.import_tab, "members-import-tab")):
            b.setObjectName(name)
            b.setCheckable(True)
            tabs.addWidget(b)
        tabs.addSpacing(12)
        self.find_tab.clicked.connect(lambda: self._tab(0))
        self.import_tab.clicked.connect(lambda: self._tab(1))
        self.box.addLayout(tabs)
        self.pages = QStackedWidget()
        self.box.addWidget(self.pages, 1)
        find = QWidget()
        col = QVBoxLayout(find)
        col.setContentsMargins(0, 0, 0, 0)
        row = tabs  # the search sits beside the tabs: one row less on a 800 px screen
        self.query = field("members-search")
        self.query.returnPressed.connect(self.refresh)
        self.search_button = button("primary")
        self.search_button.setObjectName("members-search-go")
        self.search_button.clicked.connect(self.refresh)
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        row.addStretch(0)  # takes the room of the search while importing
        self.table = table(7, "members-table")
        self.table.itemSelectionChanged.connect(self._selected_changed)
        col.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.revoke_button, self.active_button = button(), button()
        self.unlock_button, self.pin_button, self.unpause_button = button(), button(), button()
        self.unpause_button.setObjectName("members-unpause-face")
        self.unpause_button.clicked.connect(self._unpause)
        self.revoke_button.setObjectName("members-revoke")
        self.active_button.setObjectName("members-active")
        self.unlock_button.setObjectName("members-unlock-pin")
        self.pin_button.setObjectName("members-set-pin")
        self.revoke_button.clicked.connect(self._ask_revoke)
        self.active_button.clicked.connect(self._ask_active)
        self.unlock_button.clicked.connect(self._unlock)
        self.pin_button.clicked.connect(self._open_pin_panel)
        for w in (self.revoke_button, self.active_button):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(self.unpause_button)
        actions.addWidget(self.unlock_button)
        actions.addWidget(self.pin_button)
        col.addLayout(actions)
        self.confirm = ConfirmBar("members-confirm")
        col.addWidget(self.confirm)
        self.message = status_label("members-message")
        col.addWidget(self.message)
        self.pages.addWidget(find)
        self.importer = ImportPanel(self)
        self.pages.addWidget(self.importer)
        self.pin_panel = NewPinPanel()
        self.pin_panel.chosen.connect(self._set_pin)
        self.pin_panel.cancelled.connect(lambda: self._tab(0))
        self.pages.addWidget(self.pin_panel)
        self.rows: list[tuple] = []
        self._tab(0)

    def retranslate_ui(self) -> None:
        set_text(self.find_tab, self.tr("Find members"))
        set_text(self.import_tab, self.tr("Import CSV"))
        self.query.setPlaceholderText(self.tr("Member number, name or card"))
        self.query.setAccessibleName(self.tr("Search members"))
        set_text(self.search_button, self.tr("Search"))
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Name"), self.tr("Valid until"), self.tr("Status"),
                                              self.tr("Face data"), self.tr("Card"), self.tr("PIN")])
        set_text(self.revoke_button, self.tr("Revoke face data"))
        set_text(self.unlock_button, self.tr("Unlock PIN"), self.tr("Unlock the selected member's PIN"))
        set_text(self.pin_button, self.tr("Set new PIN…"), self.tr("Set a new PIN for the selected member"))
        set_text(self.unpause_button, self.tr("End face pause"),
                 self.tr("Let the selected member try their face again now, after you checked who they are"))
        self._selected_changed()
        self._fill()

    def refresh(self) -> None:
        admin = self.area.can(Permission.MANAGE_MEMBERS)
        self.import_tab.setVisible(admin)
        for w in (self.active_button, self.pin_button, self.unlock_button, self.unpause_button):
            w.setVisible(admin)
        if not admin or self.pages.currentIndex() == 2:
            self._tab(0)  # a half-typed new PIN is never shown again
        kiosk, session, text = self.ctx.kiosk, self.area.staff, self.query.text()
        self.area.run(lambda: search(kiosk, session, text), self._found)

    def _tab(self, index: int) -> None:
        """0: find members, 1: import, 2: a new PIN for the selected member (part of finding)."""
        if index != 2:
            self.pin_panel.clear()
        self.pages.setCurrentIndex(index)
        self.query.setVisible(index == 0)
        self.search_button.setVisible(index == 0)
        self.find_tab.setChecked(index in (0, 2))
        self.import_tab.setChecked(index == 1)

    def _found(self, rows: list[tuple]) -> None:
        self.rows = rows
        self._fill()
        self._selected_changed()

    def _fill(self) -> None:
        yes, no, paused = self.tr("stored"), self.tr("none"), self.tr("stored, paused")
        fill(self.table, [(r[0], r[1], r[2], self.tr("active") if r[3] else self.tr("inactive"),
                           (paused if r[8] else yes) if r[4] else no, r[5],
                           self._pin_state(r)) for r in self.rows])

    def _pin_state(self, row: tuple) -> str:
        return self.tr("locked") if row[7] else self.tr("set") if row[6] else self.tr("not set")

    def selected(self) -> tuple | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def select(self, member_no: str) -> None:
        for i, r in enumerate(self.rows):
            if r[0] == member_no:
                self.table.selectRow(i)

    def _selected_changed(self) -> None:
        row = self.selected()
        self.revoke_button.setEnabled(bool(row and row[4]))
        self.active_button.setEnabled(row is not None)
        self.pin_button.setEnabled(row is not None)
        self.unlock_button.setEnabled(bool(row and row[7]))
        self.unpause_button.setEnabled(bool(row and row[8]))
        set_text(self.active_button, self.tr("Activate") if row and not row[3] else self.tr("Deactivate"))
        self.confirm.dismiss()

    def clear(self) -> None:
        self.query.clear()
        self._tab(0)
        self.rows = []
        self._fill()
        self.message.clear()
        self.confirm.dismiss()
        self.importer.clear()

    # -- actions -----------------------------------------------------------------------
    def _ask_revoke(self) -> None:
        row = self.selected()
        if row:
            self.confirm.ask(self.tr("Delete the face data of %1 now? Their consent is marked withdrawn.").replace("%1", row[0]),
                             lambda: self._do(revoke, row[0], done=self.tr("Face data of %1 deleted.").replace("%1", row[0])))

    def _ask_active(self) -> None:
        row = self.selected()
        if row and row[3]:
            self.confirm.ask(self.tr("Deactivate %1? Their pass will be refused.").replace("%1", row[0]),
                             lambda: self._do(set_active, row[0], False, done=self.tr("%1 deactivated.").replace("%1", row[0])))
        elif row:
            self._do(set_active, row[0], True, done=self.tr("%1 activated.").replace("%1", row[0]))

    def _unlock(self) -> None:
        row = self.selected()
        if row:
            self._do(unlock, row[0], done=self.tr("The PIN of %1 is unlocked: they can try again now.").replace("%1", row[0]))

    def _unpause(self) -> None:
        row = self.selected()
        if row:
            self._do(unpause_face, row[0],
                     done=self.tr("Face checks of %1 can start again now.").replace("%1", row[0]))

    def _open_pin_panel(self) -> None:
        row = self.selected()
        if row:
            self.message.clear()
            self.pin_panel.start(row[0], row[1])
            self._tab(2)

    def _set_pin(self, member_no: str, pin: str) -> None:
        self._tab(0)
        self._do(set_pin, member_no, pin,
                 done=self.tr("New PIN set for %1 (and unlocked). Tell the member in person.").replace("%1", member_no))

    def _do(self, fn, *args, done: str) -> None:
        kiosk, session = self.ctx.kiosk, self.area.staff
        show_status(self.message, QCoreApplication.translate("MembersScreen", "Working…"))
        member_no = args[0]

        def finished(_result) -> None:
            show_status(self.message, done)
            text = self.query.text()

            def shown(rows) -> None:
                self._found(rows)
                self.select(member_no)

            self.area.run(lambda: search(kiosk, session, text), shown)

        self.area.run(lambda: fn(kiosk, session, *args), finished,
                      lambda exc, _t: show_status(self.message, staff_error(exc), error=True))
