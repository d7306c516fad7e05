"""The staff area: the single session state STAFF with its own inner navigation.

Sign-in (PIN pad) -> a rail of screens the signed-in role may open (dashboard, members,
audit trail, settings, reports). Inactivity (STAFF_IDLE_S, the window's idle timer with a
longer interval while staff are here) and "Log out" go back to the welcome screen; both
are audited, as is leaving kiosk mode (administrators only).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import ops
from kiosk.domain.alerts import Alert, AlertKind
from kiosk.domain.session import Event, State
from kiosk.domain.staff import STAFF_IDLE_S, Permission, StaffSession
from kiosk.errors import PermissionDeniedError
from kiosk.ui.fit import keep_in_view
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.staff.audit import AuditScreen
from kiosk.ui.pages.staff.common import ConfirmBar, StaffScreen, staff_error
from kiosk.ui.pages.staff.dashboard import DashboardScreen
from kiosk.ui.pages.staff.login import LoginScreen
from kiosk.ui.pages.staff.members import MembersScreen
from kiosk.ui.pages.staff.reports import ReportsScreen
from kiosk.ui.pages.staff.settings import SettingsScreen
from kiosk.ui.pages.staff.site_banner import site_banner_text
from kiosk.ui.registry import page
from kiosk.ui.widgets import button, label, set_text, timer

log = logging.getLogger(__name__)
ALERTS_POLL_MS = 5000  #: how often the open alerts are read while staff are signed in
SCREENS: tuple[type[StaffScreen], ...] = (DashboardScreen, MembersScreen, AuditScreen, SettingsScreen, ReportsScreen)


@page(State.STAFF)
class StaffPage(Page):
    show_back = False
    show_cancel = False

    def build(self) -> None:
        self.title.hide()  # the rail shows where staff are; the login screen has its own title
        self.session: StaffSession | None = None
        self.idle_ms = STAFF_IDLE_S * 1000
        self._visitor_idle_ms: int | None = None
        self.who = label("hint")
        self.who.setObjectName("staff-who")
        self.who.setMaximumWidth(220)
        self.logout_button = button()
        self.logout_button.setObjectName("staff-logout")
        self.logout_button.clicked.connect(self.exit_staff)
        keep_in_view(self.logout_button)  # staff can always leave, whatever the screen shows
        self.leave_button = button("danger")
        self.leave_button.setObjectName("leave-kiosk")
        self.leave_button.setFixedWidth(220)
        self.leave_button.clicked.connect(self._ask_leave)
        self.banner = label("banner")
        self.banner.setObjectName("staff-site-banner")
        self.banner.hide()
        self.body.addWidget(self.banner)
        self.leave_confirm = ConfirmBar("leave-kiosk-confirm")  # at the top: always in view when asked
        self.body.addWidget(self.leave_confirm)
        self.stack = QStackedWidget()
        self.stack.currentChanged.connect(self._size_to_current)
        self.body.addWidget(self.stack, 1)
        self.login = LoginScreen(self)
        self.stack.addWidget(self.login)
        self.shell = QWidget()
        row = QHBoxLayout(self.shell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(20)
        rail = self.rail = QVBoxLayout()
        rail.setSpacing(10)
        self.screens: dict[str, StaffScreen] = {}
        self.nav: dict[str, QPushButton] = {}
        self.screen_stack = QStackedWidget()
        for cls in SCREENS:
            screen = cls(self)
            self.screens[cls.name] = screen
            self.screen_stack.addWidget(screen)
            b = button("toggle")
            b.setObjectName(f"nav-{cls.name}")
            b.setCheckable(True)
            b.setFixedWidth(220)
            b.setStyleSheet("padding: 2px 12px;")  # 68 px high: five fit beside any screen
            b.clicked.connect(lambda _=False, n=cls.name: self.show_screen(n))
            self.nav[cls.name] = b
            rail.addWidget(b)
        rail.addStretch(1)
        rail.addWidget(self.who)
        rail.addWidget(self.logout_button)
        rail.addSpacing(16)
        rail.addWidget(self.leave_button)  # its own place, apart from the screens
        row.addLayout(rail)
        row.addWidget(self.screen_stack, 1)
        self.stack.addWidget(self.shell)
        self._size_to_current()
        self.picker: QFileDialog | None = None
        self.alerts: list[Alert] = []
        self._help_seen: dict[int, int] | None = None  # alert id -> repeats announced; None: not loaded yet
        self.alerts_timer = timer(self, ALERTS_POLL_MS, self.poll_alerts)
        self.alert_listeners: list = []  # called with the open alerts each time they are read (the console)
        self.ctx.machine.subscribe(self._on_transition)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        set_text(self.logout_button, self.tr("Log out"), self.tr("Log out and return to the visitor screen"))
        set_text(self.leave_button, self.tr("Leave kiosk mode"), self.tr("Leave kiosk mode and close the kiosk"))
        self.who.setAccessibleName(self.tr("Signed in"))
        self.nav_texts = {"dashboard": self.tr("Dashboard"), "members": self.tr("Members"), "audit": self.tr("Audit trail"),
                          "settings": self.tr("Settings"), "reports": self.tr("Reports and backup")}
        self._nav_texts()
        self._show_who()
        self.update_banner()

    # -- life cycle --------------------------------------------------------------------
    def enter(self) -> None:
        idle = getattr(self.window(), "idle_timer", None)
        if idle is not None and not self.ctx.still:
            self._visitor_idle_ms = idle.interval()
            idle.setInterval(self.idle_ms)  # the window starts the timer right after enter()
        if self.session is not None:  # only when forced STAFF -> STAFF (tests, screenshots)
            self._on_transition(State.STAFF, State.WELCOME, Event.DONE)
        self._show_who()
        self.stack.setCurrentWidget(self.login)
        self.login.refresh()
        self.update_banner()

    def leave(self) -> None:
        self._stop_alerts()
        idle = getattr(self.window(), "idle_timer", None)
        if idle is not None and self._visitor_idle_ms is not None:
            idle.setInterval(self._visitor_idle_ms)
            self._visitor_idle_ms = None
        self._close_picker()
        self.login.clear()
        for screen in self.screens.values():
            screen.clear()

    def wipe(self) -> None:
        self.login.clear()

    def first_focus(self):
        return self.login.field if self.session is None else self.nav["dashboard"]

    def _on_transition(self, old: State, new: State, event: Event) -> None:
        if old is State.STAFF and new is not State.STAFF and self.session is not None:
            self._stop_alerts()
            session, self.session = self.session, None
            reason = ops.SignOutReason.INACTIVITY if event is Event.TIMEOUT else ops.SignOutReason.LOGOUT
            kiosk = self.ctx.kiosk
            self.ctx.db.submit(lambda: ops.staff_sign_out(kiosk, session, reason), any_session=True)

    # -- sign-in and navigation ----------------------------------------------------------
    def signed_in(self, session: StaffSession) -> None:
        if self.ctx.machine.state is not State.STAFF:
            return
        self.session = session
        self._help_seen = None  # what is open at sign-in is listed, not announced
        self._show_who()
        for screen_name, b in self.nav.items():
            b.setVisible(self.may_open(screen_name))
        self.stack.setCurrentWidget(self.shell)
        self.show_screen("dashboard")
        if self.can(Permission.VIEW_DASHBOARD):
            self.poll_alerts()
            if not self.ctx.still:
                self.alerts_timer.start()

    def may_leave_kiosk(self) -> bool:
        """Administrators at a kiosk (not at the office console, which has no kiosk mode)."""
        return self.can(Permission.LEAVE_KIOSK) and hasattr(self.window(), "leave_kiosk")

    def may_open(self, name: str) -> bool:
        screen = self.screens.get(name)
        return bool(self.session and screen and any(self.session.can(p) for p in screen.permissions))

    def show_screen(self, name: str) -> bool:
        if not self.may_open(name):
            for b in self.nav.values():
                b.setChecked(b.isChecked() and b.isVisible())
            self.ctx.notify(self.tr("Your role may not open this screen. Ask an administrator."))
            return False
        for n, b in self.nav.items():
            b.setChecked(n == name)
        screen = self.screens[name]
        self.screen_stack.setCurrentWidget(screen)
        self.stack.setCurrentWidget(self.shell)
        self.nav[name].setFocus()
        screen.refresh()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's
        super().resizeEvent(event)
        self.login.orient()  # the window turned portrait or landscape

    def _size_to_current(self, _index: int = 0) -> None:
        """The stack is as wide as the part shown, not its widest part: the PIN pad fits a
        portrait screen although the signed-in area, with its menu, needs more room."""
        current = self.stack.currentWidget()
        for i in range(self.stack.count()):
            w = self.stack.widget(i)
            policy = QSizePolicy.Policy.Preferred if w is current else QSizePolicy.Policy.Ignored
            if w is not None:
                w.setSizePolicy(policy, policy)
        self.stack.updateGeometry()

    def current_screen(self) -> StaffScreen:
        if self.stack.currentWidget() is self.login or self.session is None:
            return self.login
        screen = self.screen_stack.currentWidget()
        return screen if isinstance(screen, StaffScreen) else self.login

    @property
    def staff(self) -> StaffSession:
        """The staff member signed in: the screens act only for one."""
        if self.session is None:
            raise PermissionDeniedError("No staff member is signed in.", remedy="Sign in with your staff PIN.")
        return self.session

    @property
    def dashboard(self) -> DashboardScreen:
        screen = self.screens["dashboard"]
        assert isinstance(screen, DashboardScreen)
        return screen

    def can(self, permission: Permission) -> bool:
        return self.session is not None and self.session.can(permission)

    def actor(self) -> str:
        return self.session.name if self.session else "staff"

    def run(self, fn, on_done=None, on_error=None) -> None:
        """Staff work on the executor; errors (with their detail) go to the message bar."""
        self.ctx.run(fn, on_done, on_error or (lambda exc, _text: self.ctx.notify(staff_error(exc))),
                     executor=self.ctx.staff_db)

    def exit_staff(self) -> None:
        if self.ctx.machine.state is State.STAFF:
            self.ctx.fire(Event.STAFF_EXIT)  # the transition listener audits the logout

    def _ask_leave(self) -> None:
        self.leave_confirm.ask(self.tr("Leave kiosk mode and close the kiosk?"), self.leave_kiosk)

    def leave_kiosk(self) -> None:
        """Administrators only: audit the logout, then end kiosk mode."""
        if not self.can(Permission.LEAVE_KIOSK):
            self.ctx.notify(self.tr("Only an administrator may leave kiosk mode."))
            return
        session, self.session = self.staff, None
        leave, kiosk = getattr(self.window(), "leave_kiosk"), self.ctx.kiosk  # a kiosk's window (see may_leave_kiosk)
        self.ctx.db.submit(lambda: ops.staff_sign_out(kiosk, session, ops.SignOutReason.LEAVE_KIOSK),
                           lambda _r: leave(), lambda _e: leave(), any_session=True)

    # -- alerts ------------------------------------------------------------------------------
    def poll_alerts(self) -> None:
        """Read the open alerts (on the executor) and show them; announce new help requests."""
        if self.session is None or not self.can(Permission.VIEW_DASHBOARD):
            return
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.session)
        self.ctx.db.submit(lambda: ops.open_alerts(kiosk, actor), self._alerts_loaded,
                           lambda exc: log.error("could not read the alerts: %s", exc))

    @property
    def alerts_listed(self) -> bool:
        """The open alerts were read since sign-in (later help requests are announced)."""
        return self._help_seen is not None

    def acknowledge_alert(self, alert_id: int) -> None:
        if self.session is None:
            return
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.session)
        self.run(lambda: ops.acknowledge_alert(kiosk, actor, alert_id), lambda _a: self.poll_alerts())

    def _alerts_loaded(self, alerts: list[Alert]) -> None:
        if self.session is None:
            return
        seen = self._help_seen
        fresh = seen is not None and any(a.kind is AlertKind.HELP_REQUESTED and seen.get(a.id, 0) < a.repeats
                                         for a in alerts)
        self.alerts = alerts
        self._help_seen = {a.id: a.repeats for a in alerts if a.kind is AlertKind.HELP_REQUESTED}
        self.dashboard.alerts.show_alerts(alerts)
        self._nav_texts()
        for listener in self.alert_listeners:
            listener(alerts)
        if fresh:
            self.ctx.notify(self.tr("A visitor asks for help: see the alerts on the dashboard."))
            QApplication.beep()

    def _stop_alerts(self) -> None:
        self.alerts_timer.stop()
        self.alerts, self._help_seen = [], None
        self.dashboard.alerts.show_alerts([])
        self._nav_texts()
        for listener in self.alert_listeners:
            listener([])

    # -- texts -----------------------------------------------------------------------------
    def _nav_texts(self) -> None:
        for name, b in self.nav.items():
            text = self.nav_texts[name]
            if name == "dashboard" and self.alerts:
                n = len(self.alerts)
                set_text(b, self.tr("Dashboard (%1)").replace("%1", str(n)),
                         self.tr("Dashboard, %n open alert(s)", "", n))
                continue
            set_text(b, text)

    def _show_who(self) -> None:
        self.leave_button.setVisible(self.may_leave_kiosk())
        if self.session is None:
            self.who.setText("")
            self.logout_button.hide()
            self.leave_confirm.dismiss()
            return
        role = self.tr("Administrator") if self.session.role.value == "administrator" else self.tr("Operator")
        self.who.setText(self.session.name + "\n" + role)
        self.logout_button.show()

    def update_banner(self) -> None:
        text = site_banner_text(self.ctx.settings)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # -- embedded file browser (no separate windows on a kiosk) ------------------------------
    def pick_file(self, start: str, *, save: bool, filters: str, chosen) -> None:
        self._close_picker()
        back_to = self.stack.currentWidget()
        start_dir = str(Path(start).expanduser().parent) if start else str(Path.home())
        dlg = QFileDialog(self, self.tr("Choose a file"), start_dir, filters)
        dlg.setObjectName("staff-file-picker")
        dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        if start and (save or Path(start).expanduser().is_file()):
            dlg.selectFile(start)  # never preselect a missing file to open: accept() would warn in a pop-up
        dlg.setWindowFlags(Qt.WindowType.Widget)  # a plain child widget, not a separate window
        dlg.fileSelected.connect(chosen)
        dlg.finished.connect(lambda _r: self._close_picker(back_to))
        self.picker = dlg
        self.stack.addWidget(dlg)
        self.stack.setCurrentWidget(dlg)
        dlg.show()

    def _close_picker(self, back_to: QWidget | None = None) -> None:
        dlg, self.picker = self.picker, None
        if dlg is None:
            return
        self.stack.removeWidget(dlg)
        dlg.hide()
        dlg.deleteLater()
        if back_to is not None:
            self.stack.setCurrentWidget(back_to)
