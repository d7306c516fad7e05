"""``kiosk console``: the staff area as a desktop application for the office.

Windowed, no camera, no visitor flow, on one kiosk's data folder, or on the folder of a
site's office console seat (``kiosk site join URL --name Office --console``: the site's
members, staff, settings, alerts and audit, with no camera and no gate of its own). Staff
sign in with their staff account (the staff PIN, as at the kiosk) and use the kiosk's own
staff screens: dashboard with the alerts, members, the audit trail, settings and reports.

Above them, always in view and before anyone signs in:

* the kiosk(s): online or offline from the heartbeat the running kiosk writes every few
  seconds, last contact, camera, face engine, liveness refusals (24 h), open help requests;
* live help requests: the store is read every ``POLL_MS``; a new help request plays the
  alert sound at once, and once staff are signed in a banner says who asked, at which kiosk,
  on which screen, with an "Acknowledge" button there (audited, as on the dashboard).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.domain.alerts import Alert, AlertKind
from kiosk.domain.heartbeat import KioskStatus
from kiosk.domain.session import Event, SessionMachine, State
from kiosk.domain.staff import STAFF_IDLE_S, Permission
from kiosk.errors import CameraError
from kiosk.ui.context import UiContext
from kiosk.ui.executor import DbExecutor
from kiosk.ui.i18n import Translations
from kiosk.ui.localtime import local_time
from kiosk.ui.pages.staff.area import StaffPage
from kiosk.ui.pages.staff.common import fill, table
from kiosk.ui.sound import Sound, Sounds
from kiosk.ui.theme import CALM, style_sheet
from kiosk.ui.widgets import button, label, qapp, set_text, timer

if TYPE_CHECKING:
    from kiosk.site import ChainState
    from kiosk.site.console import SiteReader

log = logging.getLogger(__name__)
SITE_ROW_PX = 28  # the site's kiosk rows
SITE_ROWS = 3  # kiosk rows in view at once; more scroll
POLL_MS = 1000  # how often the console reads the kiosks and the open alerts
ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel}


def _no_camera() -> NoReturn:
    raise CameraError("The staff console has no camera.")


class KiosksPanel(QWidget):
    """One row per kiosk: online or offline, last contact, camera, face engine, refusals, help."""

    def __init__(self, site: bool = False) -> None:
        super().__init__()
        self.setObjectName("console-kiosks")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.site = site
        self.site_line = label("hint", self)  # the console puts it under its title
        self.site_line.setObjectName("console-site")
        self.site_line.hide()
        self.table = table(10 if site else 7, "console-kiosks-table")  # its header says what it is: no caption above it
        self.table.setFixedHeight(84)
        if site:
            self.table.verticalHeader().setDefaultSectionSize(SITE_ROW_PX)  # read at a desk, not tapped
        col.addWidget(self.table)
        self.kiosks: list[KioskStatus] = []
        self.view = None
        self.chains: dict[int, ChainState] = {}  # kiosk id -> its audit chain as last checked (signed-in staff only)

    def retranslate_ui(self) -> None:
        translate = QCoreApplication.translate
        self.cameras = {"idle": translate("Console", "not used yet"), "worked": translate("Console", "working"),
                        "failed": translate("Console", "failed"), "unknown": translate("Console", "unknown")}
        self.engines = {"ready": translate("Console", "ready"), "loading": translate("Console", "loading"),
                        "restarting": translate("Console", "restarting"), "failed": translate("Console", "failed"),
                        "unknown": translate("Console", "unknown")}
        if self.site:
            self.table.setHorizontalHeaderLabels([
                translate("Console", "Kiosk"), translate("Console", "State"), translate("Console", "Last contact"),
                translate("Console", "Queued"), translate("Console", "Camera"),
                translate("Console", "Face engine"), translate("Console", "Liveness refusals (24 h)"),
                translate("Console", "Help"), translate("Console", "Faces set up"),
                translate("Console", "Audit chain")])
            if self.view is not None:
                self.show_site(self.view)
            return
        self.table.setHorizontalHeaderLabels([
            translate("Console", "Kiosk"), translate("Console", "State"), translate("Console", "Last contact"),
            translate("Console", "Camera"), translate("Console", "Face engine"),
            translate("Console", "Liveness refusals (24 h)"), translate("Console", "Help requests")])
        self.show_kiosks(self.kiosks)

    def show_site(self, view) -> None:
        """The kiosks of a site (:class:`kiosk.site.console.SiteView`), with the site's own line above."""
        from kiosk.site.console import OFFLINE_AFTER_S

        translate = QCoreApplication.translate
        self.view = view
        today = datetime.now().astimezone().date()
        office = any(k.this_kiosk and k.office for k in view.kiosks)  # the console runs on an office seat
        if view.reachable:
            gates = view.gates  # an office console seat is no kiosk of the count
            online = sum(k.reach.value == "online" for k in gates)
            text = (translate("Console", "%1 of %2 kiosks online (offline after %3 s without contact)")
                    .replace("%1", str(online)).replace("%2", str(len(gates))).replace("%3", str(OFFLINE_AFTER_S))
                    + " · " + translate("Console", "faces set up on the site: %1").replace("%1", str(view.faces_total)))
        elif view.last_contact is not None:
            text = (translate("Console", "Site unreachable since %1: the kiosks are shown as last seen; this "
                                         "console's own data is up to date.") if office else
                    translate("Console", "Site unreachable since %1: the other kiosks are shown as last seen; this "
                                         "kiosk's own data is up to date.")).replace(
                "%1", local_time(view.last_contact, seconds=True, today=today))
        elif office:
            text = translate("Console", "Site unreachable: this console has not reached it yet.")
        else:
            text = translate("Console", "Site unreachable: this kiosk has not reached it yet; its own data is up to date.")
        self.site_line.setText(text)
        self.site_line.setStyleSheet("" if view.reachable else f"color: {CALM.error}; font-weight: 600;")  # hint-sized
        reach = {"online": translate("Console", "online"), "offline": translate("Console", "offline"),
                 "unknown": translate("Console", "not known")}
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 4
                                  + SITE_ROW_PX * min(SITE_ROWS, max(1, len(view.kiosks))))
        fill(self.table, [self._site_row(k, reach[k.reach.value], today) for k in view.kiosks])

    def _site_row(self, k, reach: str, today) -> tuple[str, ...]:
        """One kiosk of the site; an office console seat has no camera, face engine, liveness
        check or visitor to ask for help: those cells stay empty."""
        translate = QCoreApplication.translate
        if k.office:
            name = k.name + " " + (translate("Console", "(this office console)") if k.this_kiosk
                                   else translate("Console", "(office console)"))
        else:
            name = k.name + (" " + translate("Console", "(this kiosk)") if k.this_kiosk else "")
        contact = (local_time(k.last_contact, seconds=True, today=today) if k.last_contact
                   else translate("Console", "never"))
        if k.office:
            return (name, reach, contact, str(k.queued), "—", "—", "—", "—", "—", self._chain_text(k.kiosk_id))
        return (name, reach, contact, str(k.queued), self.cameras.get(k.camera, k.camera),
                self.engines.get(k.engine, k.engine), "—" if k.liveness_refusals is None else str(k.liveness_refusals),
                str(k.help_open), str(k.faces_set_up), self._chain_text(k.kiosk_id))

    def _chain_text(self, kiosk_id: int) -> str:
        translate = QCoreApplication.translate
        c = self.chains.get(kiosk_id)
        if c is None:
            return translate("Console", "not checked")
        if c.ok:
            return translate("Console", "whole (%1 records)").replace("%1", str(c.records))
        return translate("Console", "broken: %1").replace("%1", c.problem)

    def show_chains(self, chains) -> None:
        """Each kiosk's audit chain as the server holds it (:func:`kiosk.site.verify_site_audit`)."""
        self.chains = {c.kiosk_id: c for c in chains}
        if self.view is not None:
            self.show_site(self.view)

    def clear_chains(self) -> None:
        if self.chains:
            self.chains = {}
            if self.view is not None:
                self.show_site(self.view)

    def show_kiosks(self, kiosks: list[KioskStatus]) -> None:
        translate = QCoreApplication.translate
        self.kiosks = list(kiosks)
        cameras, engines = self.cameras, self.engines
        today = datetime.now().astimezone().date()
        fill(self.table, [(k.name, translate("Console", "online") if k.online else translate("Console", "offline"),
                           local_time(k.last_contact, seconds=True, today=today) if k.last_contact else translate("Console", "never"),
                           cameras.get(k.camera, k.camera), engines.get(k.engine, k.engine), str(k.liveness_refusals),
                           str(k.help_open)) for k in self.kiosks])


class ConsoleWindow(QWidget):
    """The office console around one :class:`StaffPage` (the kiosk's own staff screens)."""

    def __init__(self, ctx: UiContext, *, poll_ms: int = POLL_MS) -> None:
        super().__init__()
        self.ctx = ctx
        self.machine = ctx.machine
        self.setObjectName("console")
        ctx.notify = self.show_message
        self.sounds = Sounds(lambda: max(ctx.settings.sound_volume, 30), self)  # the office hears it even if muted
        if not ctx.still:
            ctx.play_sound = self.sounds.play
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 8, 24, 4)
        outer.setSpacing(6)
        head = QHBoxLayout()  # the title, a help request when one is open, the language
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(16)
        self.brand = label("brand", wrap=False)
        self.help_banner = label("error")
        self.help_banner.setObjectName("console-help")
        self.help_banner.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.help_ack = button("primary")
        self.help_ack.setObjectName("console-help-acknowledge")
        self.help_ack.clicked.connect(self.acknowledge_help)
        self.lang_button = button("toggle")
        self.lang_button.setObjectName("language")
        self.lang_button.clicked.connect(self.toggle_language)
        for b in (self.help_ack, self.lang_button):
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        titles = QVBoxLayout()  # the title (or the help request) with the site's own line under it
        titles.setContentsMargins(0, 0, 0, 0)
        titles.setSpacing(0)
        titles.addWidget(self.brand)
        titles.addWidget(self.help_banner)
        head.addLayout(titles, 1)
        head.addWidget(self.help_ack)
        head.addWidget(self.lang_button)
        outer.addLayout(head)
        self.site_link = self._site_link()
        self.site_db = DbExecutor(name="site") if self.site_link is not None else None  # never waits behind staff work
        self.site_reader: SiteReader | None = None  # its connection to the site's server, opened on the site's thread
        self.kiosks = KiosksPanel(site=self.site_link is not None)
        self.chains_button = button()
        self.chains_button.setObjectName("console-verify-chains")
        self.chains_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.chains_button.clicked.connect(self.verify_chains)
        self.chains_button.hide()
        head.insertWidget(head.count() - 1, self.chains_button)
        if self.site_link is not None:
            titles.addWidget(self.kiosks.site_line)
        outer.addWidget(self.kiosks)
        self.message_bar = label("error")
        self.message_bar.setObjectName("message-bar")
        self.message_bar.hide()
        account = QHBoxLayout()  # a message, then who is signed in and "Log out" (see _account_in_row)
        account.setContentsMargins(0, 0, 0, 0)
        account.setSpacing(16)
        account.addWidget(self.message_bar, 1)
        outer.addLayout(account)
        self._message_timer = timer(self, 8000, self.message_bar.hide, single=True)
        self.staff = StaffPage(ctx)
        self.staff.outer.setContentsMargins(0, 4, 0, 0)  # the console's own margins hold it
        self.staff.alerts_timer.setInterval(poll_ms)
        self._kiosk_cards_in_table()
        self._account_in_row(account)
        self.settings_note = label("hint")
        self.settings_note.setObjectName("console-settings-scope")
        if self.site_link is not None:  # whose settings these are: the site's, or this kiosk's hardware
            self.staff.screens["settings"].box.insertWidget(0, self.settings_note)
        else:
            self.settings_note.setParent(self)
            self.settings_note.hide()
        self.staff.alert_listeners.append(self._alerts_read)
        outer.addWidget(self.staff, 1)
        self.status: list[KioskStatus] = []
        self.site_view = None  # the site as last read (kiosk.site.console.SiteView)
        self.help_alert: Alert | None = None
        self._help_heard: int | None = None  # open help requests last read (None: not read yet)
        self.poll = timer(self, poll_ms, self.refresh)
        self.idle_timer = timer(self, STAFF_IDLE_S * 1000, self._idle, single=True)  # the staff area's own limit
        self.machine.subscribe(self._on_state)
        qapp().installEventFilter(self)
        self._shut_down = False
        self.setStyleSheet(style_sheet(False, False))
        self.machine.fire(Event.STAFF_ENTER)
        self.retranslate_ui()

    def _site_link(self):
        """The site link of a kiosk of a site (the console then shows the whole site); None otherwise."""
        if self.ctx.runtime.site is None:
            return None
        return self.ctx.runtime.site.link

    def _account_in_row(self, row: QHBoxLayout) -> None:
        """Who is signed in and "Log out" sit beside the message bar, above the staff screens,
        always in view: under the kiosks table and a message, the screens' rail has less height
        than at the kiosk, and "Log out" at its foot would be pushed out of view."""
        staff = self.staff
        for w in (staff.who, staff.logout_button):
            staff.rail.removeWidget(w)
            row.addWidget(w, 0, Qt.AlignmentFlag.AlignVCenter)
        staff.logout_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def _kiosk_cards_in_table(self) -> None:
        """The dashboard's camera and face engine cards would describe the console itself: the
        kiosks' own are in the table above; an office console seat has no gate output either.
        The other cards close up, three to a row."""
        dashboard = self.staff.dashboard
        cards, grid = dashboard.cards, dashboard.grid
        gone = ("camera", "engine", "gate") if self.site_link is not None and self.site_link.office else ("camera", "engine")
        for name in gone:
            grid.removeWidget(cards[name])
            cards[name].hide()
        rest = [name for name in cards if name not in gone]
        for name in rest:
            grid.removeWidget(cards[name])
        for i, name in enumerate(rest):
            grid.addWidget(cards[name], i // 3, i % 3)
        grid.setColumnStretch(3, 0)

    # -- texts ------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        translate = QCoreApplication.translate
        site = self.ctx.settings.site_name
        title = translate("Console", "Staff console")
        self.brand.setText(title + (" · " + site if site else ""))
        self.setWindowTitle(self.brand.text())
        other = "English" if self.ctx.translations.language == "zh_CN" else "中文"
        set_text(self.lang_button, other, translate("Console", "Switch language to %1").replace("%1", other))
        set_text(self.help_ack, translate("Console", "Acknowledge"),
                 translate("Console", "Acknowledge this help request: someone is going"))
        set_text(self.chains_button, translate("Console", "Check audit chains"),
                 translate("Console", "Check every kiosk's audit chain as the site's server holds it"))
        self.kiosks.retranslate_ui()
        if self.site_link is not None and self.site_link.office:
            self.settings_note.setText(translate(
                "Console", "Every setting here is the site's and reaches every kiosk, except camera, gate, help "
                           "notification, pass scanner and sound: each kiosk keeps its own, set at that kiosk."))
        elif self.site_link is not None:
            self.settings_note.setText(translate(
                "Console", "Camera, gate, help notification, pass scanner and sound settings apply to %1 only; "
                           "every other setting is the site's and reaches every kiosk.").replace("%1", self.site_link.name))
        self._show_help()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def toggle_language(self) -> None:
        self.ctx.translations.set_language("en" if self.ctx.translations.language == "zh_CN" else "zh_CN")
        QApplication.processEvents()
        self.retranslate_ui()

    def show_message(self, text: str) -> None:
        self.message_bar.setText(text)
        self.message_bar.show()
        self._message_timer.start()

    # -- the staff area inside ----------------------------------------------------------------
    def _on_state(self, old: State, new: State, event: Event) -> None:
        if new is State.STAFF:
            self.staff.enter()
            self.idle_timer.start()
            focus = self.staff.first_focus()
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif old is State.STAFF:
            self.staff.leave()
            self._show_site_actions()
            self.idle_timer.stop()
            if not self._shut_down:  # signed out: the sign-in again (the console has no visitor screen)
                QTimer.singleShot(0, self, lambda: self.machine.state is State.WELCOME
                                  and self.machine.fire(Event.STAFF_ENTER))

    def _idle(self) -> None:
        if self.ctx.waiting:
            self.idle_timer.start()
            return
        if self.machine.state is State.STAFF and self.staff.session is not None:
            self.machine.fire(Event.TIMEOUT)  # audited as a sign-out for inactivity

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY and self.idle_timer.isActive():
            self.idle_timer.start()
        return False

    # -- kiosks and live alerts ------------------------------------------------------------------
    def start(self) -> None:
        self.refresh()
        self.poll.start()

    def refresh(self) -> None:
        kiosk = self.ctx.kiosk
        if self.site_db is not None:
            self._read_site()
            if self.staff.session is not None:
                self.staff.poll_alerts()
            self._show_site_actions()
            return
        self.ctx.db.submit(lambda: ops.kiosk_overview(kiosk, ops.Actor.system()), self._kiosks_read,
                           lambda exc: log.error("could not read the kiosks: %s", exc), any_session=True)
        if self.staff.session is not None:
            self.staff.poll_alerts()

    def _kiosks_read(self, kiosks: list[KioskStatus]) -> None:
        self.status = kiosks
        self.kiosks.show_kiosks(kiosks)
        self._help_count(sum(k.help_open for k in kiosks))

    def _help_count(self, waiting: int) -> None:
        if self._help_heard is not None and waiting > self._help_heard:
            self.ctx.play_sound(Sound.ALERT)  # heard in the office, signed in or not
            if self.staff.session is None:
                self.show_message(QCoreApplication.translate(
                    "Console", "A visitor asks for help: sign in to see who and where."))
        self._help_heard = waiting

    def _read_site(self) -> None:
        if self.site_db is None or self.site_db.pending:  # one read at a time: a slow server never piles them up
            return
        from kiosk.site.console import SiteReader

        if self.site_reader is None:
            self.site_reader = SiteReader(self.site_link)
        kiosk, reader = self.ctx.kiosk, self.site_reader
        self.site_db.submit(lambda: reader.read(kiosk), self._site_read,
                            lambda exc: log.error("could not read the site: %s", exc), any_session=True)

    def _show_site_actions(self) -> None:
        allowed = self.site_db is not None and self.staff.can(Permission.VIEW_AUDIT)
        self.chains_button.setVisible(allowed)
        if not allowed:
            self.kiosks.clear_chains()  # what staff checked leaves with them

    def _site_read(self, view) -> None:
        self.site_view = view
        self.kiosks.show_site(view)
        self._help_count(view.help_open)
        self._show_help()

    def _show_site_line(self) -> None:
        """Under the title; an open help request takes its place unless the site is unreachable."""
        view = self.site_view
        if view is not None:
            self.kiosks.site_line.setVisible(not (view.reachable and self.help_banner.isVisible()))

    def verify_chains(self) -> None:
        """Every kiosk's audit chain as the server holds it (staff who may read the audit trail)."""
        if self.site_db is None or not self.staff.can(Permission.VIEW_AUDIT):
            return
        from kiosk.site import verify_site_audit

        kiosk = self.ctx.kiosk
        self.chains_button.setEnabled(False)
        self.site_db.submit(lambda: verify_site_audit(kiosk), self.kiosks.show_chains,
                            lambda exc: self.show_message(QCoreApplication.translate(
                                "Console", "The site's audit chains cannot be checked now: the site does not answer.")),
                            any_session=True, on_settled=lambda: self.chains_button.setEnabled(True))

    def _alerts_read(self, alerts: list[Alert]) -> None:
        helps = [a for a in alerts if a.kind is AlertKind.HELP_REQUESTED]
        self.help_alert = helps[0] if helps else None  # the latest activity first
        self._show_help()

    def _show_help(self) -> None:
        a = self.help_alert
        self.help_banner.setVisible(a is not None)
        self.help_ack.setVisible(a is not None)
        if a is None:
            self.help_banner.clear()
            self.brand.setVisible(True)
            self._show_site_line()
            return
        translate = QCoreApplication.translate
        panel = self.staff.dashboard.alerts
        where = panel.note_text(a) if a.note else ""
        if self.site_db is not None:
            if self.site_view is None or a.id not in self.site_view.help_from:
                self.help_banner.hide()  # arrived a moment ago: shown once the site's read says from where
                self.help_ack.hide()
                self._show_site_line()
                self._read_site()
                return
            kiosk = self.site_view.help_from[a.id] or translate("Console", "a kiosk of the site")
        else:
            kiosk = self.status[0].name if self.status else ""
        who = (translate("Console", "member %1").replace("%1", a.member_no) if a.member_no
               else translate("Console", "a visitor without a member number"))
        text = translate("Console", "Help requested at %1 by %2, %3").replace("%1", kiosk).replace("%2", who).replace(
            "%3", local_time(a.last_at, today=datetime.now().astimezone().date()))
        self.help_banner.setText(text + ("\n" + where if where else ""))
        self.brand.setVisible(False)  # the request takes the title's place until it is acknowledged
        self._show_site_line()

    def acknowledge_help(self) -> None:
        if self.help_alert is not None:
            self.staff.acknowledge_alert(self.help_alert.id)

    # -- closing --------------------------------------------------------------------------------
    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        self.poll.stop()
        self.idle_timer.stop()
        self._message_timer.stop()
        qapp().removeEventFilter(self)
        if self.machine.state is State.STAFF:
            self.machine.fire(Event.STAFF_EXIT)  # a signed-in session is signed out (audited)
        self.staff.leave()
        self.ctx.db.shutdown()
        if self.site_db is not None:
            self.site_db.shutdown()
        if self.site_reader is not None:
            self.site_reader.close()
        self.ctx.translations.uninstall()

    def close_shot(self) -> None:
        """After a screenshot: the demo session was never signed in, so nothing is signed out."""
        self.staff.session = None
        self.shutdown()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        event.accept()


def build_console(runtime, *, language: str | None = None, still: bool = False, poll_ms: int = POLL_MS) -> ConsoleWindow:
    """The console around a runtime (:func:`kiosk.app.create_console`); its owner closes it."""
    from kiosk.ui.main import application

    app = application()
    machine = SessionMachine()
    translations = Translations(app)
    translations.set_language(language or runtime.kiosk.settings.languages[0])
    ctx = UiContext(runtime=runtime, machine=machine, db=DbExecutor(lambda: machine.generation, name="db-staff"),
                    translations=translations, open_camera=_no_camera, still=still)
    return ConsoleWindow(ctx, poll_ms=poll_ms)


def run_console(args) -> int:
    from kiosk.app import create_console

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from kiosk.ui.main import application

    app = application()
    runtime = create_console(args.data_dir, key_file=args.key_file)
    try:
        window = build_console(runtime, language=args.lang)
        window.resize(1280, 800)
        window.show()
        window.start()
        code = app.exec()
        window.shutdown()
        return code
    finally:
        runtime.close()


# -- screenshots (fake data only: the demo members, a demo session) -----------------------------
def shot_console(window, *, help_from: str | None = None) -> ConsoleWindow:
    """A console over the screenshot kiosk's data, signed in as the demo administrator, after
    the kiosk wrote its heartbeat (and, with ``help_from``, a demo member asked for help there).
    The caller clears earlier alerts first."""
    import time as _time

    from kiosk.domain.staff import Role, StaffSession

    kiosk = window.ctx.kiosk

    def prepare() -> None:
        ops.record_heartbeat(kiosk, ops.Actor.system(), camera="worked", engine="ready", screen=help_from or "welcome")
        if help_from:
            ops.ask_staff(kiosk, ops.Actor.visitor("1003"), help_from)

    window.ctx.db.call_sync(prepare)
    console = build_console(window.ctx.runtime, language=window.ctx.translations.language, still=True)
    console.resize(window.size())
    console.show()

    def settle() -> None:
        for _ in range(4):
            console.ctx.db.call_sync(lambda: None)
            QApplication.processEvents()

    settle()
    now = _time.time()
    console.staff.signed_in(StaffSession(0, "Demo administrator", Role.ADMINISTRATOR, now, now))
    console.refresh()
    settle()
    return console
