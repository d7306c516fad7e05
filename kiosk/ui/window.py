"""The kiosk window: header (language, large text, high contrast), DEMO banner, and a
QStackedWidget with one page per session state. Full screen it is locked down (no close, no
Escape); in a window (the demo's default) closing it ends the kiosk. It never grows past its
screen: pages shrink, wrap and scroll instead."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk import ops
from kiosk.config import Liveness
from kiosk.domain.idle import IdleLimits, IdleWatch, Phase
from kiosk.domain.proofs import keypad_limit
from kiosk.domain.session import Event, State, setup_step
from kiosk.ui.busy import BusyIndicator
from kiosk.ui.context import UiContext
from kiosk.ui.discovery import discover
from kiosk.ui.help_call import HelpWatch
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.staff.entry import RetentionTimer, StaffEntry, answer_help
from kiosk.ui.registry import PAGES
from kiosk.ui.settings_watch import SettingsWatch
from kiosk.ui.sound import Sounds
from kiosk.ui.still_there import StillTherePrompt
from kiosk.ui.theme import style_sheet
from kiosk.ui.widgets import button, label, qapp, set_text, timer, wants_keyboard

log = logging.getLogger(__name__)
ACTIVITY_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


class KioskWindow(QWidget):
    def __init__(self, ctx: UiContext, *, default_language: str | None = None, inactivity_ms: int | None = None) -> None:
        """``default_language``: the language each visitor starts in; None follows the
        settings' first language."""
        super().__init__()
        self.ctx = ctx
        self.machine = ctx.machine
        self._fixed_language = default_language
        self.default_language = default_language or ctx.settings.languages[0]
        self.high_contrast = self.large_text = False
        self.demo_faces: frozenset[str] | None = None  # the demo members with face data now (None: not read yet)
        self._may_close = False
        self.full_screen = False  # set by show_kiosk: the locked kiosk, or a window that closes
        self._shut_down = False
        self.setObjectName("kiosk")
        self.setWindowTitle("Kiosk")
        ctx.notify = self.show_message
        self.sounds = Sounds(lambda: ctx.settings.sound_volume, self)
        if not ctx.still:  # screenshots stay silent
            ctx.play_sound = self.sounds.play
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # the pages' minimum sizes never resize the window: it stays within its screen (fit_screen)
        outer.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        outer.addWidget(self._build_header())
        self.demo_banner = label("banner")
        self.demo_banner.setObjectName("demo-banner")
        self.demo_banner.setVisible(ctx.demo is not None)
        outer.addWidget(self.demo_banner)
        self.message_bar = label("error")
        self.message_bar.setObjectName("message-bar")
        self.message_bar.setContentsMargins(64, 8, 64, 0)
        self.message_bar.hide()
        outer.addWidget(self.message_bar)
        self._message_timer = timer(self, 8000, self.message_bar.hide, single=True)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        discover()
        self.pages: dict[State, Page] = {}
        missing = [s.value for s in State if s not in PAGES]
        if missing:
            raise RuntimeError(f"no page for state(s) {', '.join(missing)}: add one under kiosk/ui/pages/")
        for state in State:
            page = PAGES[state](ctx)
            self.pages[state] = page
            self.stack.addWidget(page)  # the page scrolls its own body; its actions stay pinned
        self.busy = BusyIndicator(self)
        ctx.busy = self.busy.waiting
        self.machine.subscribe(self._on_state)
        QGuiApplication.inputMethod().visibleChanged.connect(self._make_room_for_keyboard)
        qapp().focusChanged.connect(self._keyboard_for_focus)
        # the staff area's own limit (it sets the interval while it is shown)
        self.idle_timer = timer(self, 30000, self._on_idle, single=True)
        self.idle_timer.setInterval(ctx.settings.inactivity_s * 1000)
        # visitors: asked "Are you still there?" before anything is wiped
        self._inactivity_ms = inactivity_ms
        self.idle = IdleWatch(self._idle_limits())
        self.idle_tick = timer(self, 250, self._check_idle)
        self.still_there = StillTherePrompt(self)
        self.still_there.still_here.connect(self._still_here)
        self.still_there.start_over.connect(self._start_over)
        qapp().installEventFilter(self)
        # hidden staff entry (long-press top-left / Ctrl+Alt+S); the retention purge once started
        self.staff_entry = StaffEntry(self)
        self.staff_corner, self.staff_shortcut = self.staff_entry.corner, self.staff_entry.shortcut
        self.maintenance = RetentionTimer(self)
        # settings changed elsewhere (the command line, another kiosk process) reach this window
        self.settings_watch = SettingsWatch(self)
        self.settings_watch.changed.connect(self.follow_settings)
        if not ctx.still:
            self.settings_watch.start()
        # the heartbeat for the staff console, and staff's way in while a help request is open
        self.help_watch = HelpWatch(self)
        if not ctx.still:
            self.help_watch.start()
        self.apply_style()
        self.retranslate_ui()
        self.stack.setCurrentWidget(self.pages[self.machine.state])

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("header")
        rows = QVBoxLayout(header)
        rows.setContentsMargins(24, 8, 24, 8)
        row = QHBoxLayout()
        rows.addLayout(row)
        self.brand = label("brand", wrap=False)
        row.addWidget(self.brand)
        row.addStretch(1)
        self.lang_button = button("toggle")
        self.lang_button.setObjectName("language")
        self.lang_button.clicked.connect(self.toggle_language)
        self.large_button = button("toggle")
        self.large_button.setObjectName("large-text")
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button = button("toggle")
        self.contrast_button.setObjectName("high-contrast")
        self.contrast_button.setCheckable(True)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        self.staff_call_button = button("primary")
        self.staff_call_button.setObjectName("staff-call")
        self.staff_call_button.hide()
        self.staff_call_button.clicked.connect(lambda: answer_help(self))
        for b in (self.lang_button, self.large_button, self.contrast_button):
            row.addWidget(b)
        rows.addWidget(self.staff_call_button)  # a line of its own: the visitor's buttons keep their room
        return header

    def show_staff_call(self) -> None:
        """While a help request is open, staff see their way in on every screen."""
        self.staff_call_button.setVisible(self.help_watch.staff_wanted)

    # -- texts and looks -------------------------------------------------------
    def retranslate_ui(self) -> None:
        translate = QCoreApplication.translate
        site = self.ctx.settings.site_name
        self.brand.setText(site or translate("Window", "Visitor check-in"))
        other = "English" if self.ctx.translations.language == "zh_CN" else "中文"
        set_text(self.lang_button, other, translate("Window", "Switch language to %1").replace("%1", other))
        set_text(self.large_button, translate("Window", "A+ Large text"))
        set_text(self.contrast_button, translate("Window", "◐ High contrast"))
        set_text(self.staff_call_button, translate("Window", "Staff: help requested"),
                 translate("Window", "Staff: a visitor asked for help. Open the staff area (staff PIN)"))
        if self.ctx.demo is not None:
            self.demo_banner.setText(self.demo_text())

    def demo_text(self) -> str:
        translate = QCoreApplication.translate
        people: list[str] = []
        for m in self.ctx.demo.members if self.ctx.demo is not None else ():
            text = translate("Window", "No. %1 %2, PIN %3").replace("%1", m.member_no).replace("%2", m.display_name)
            text = text.replace("%3", m.pin)
            if (m.member_no in self.demo_faces) if self.demo_faces is not None else m.face:
                text += translate("Window", " (face set up)")
            people.append(text)
        if getattr(self.ctx.demo, "staff", ()):  # the staff area's demo PIN
            from kiosk.ui.pages.staff.entry import demo_staff_text

            people.append(demo_staff_text(self.ctx.demo))
        text = translate("Window", "DEMO with test data only.") + "   " + "  ·  ".join(people)
        if self.full_screen:
            pins = ", ".join(st.pin for st in getattr(self.ctx.demo, "staff", ()))
            text += "\n" + translate("Window", "To leave full screen: press Ctrl+Alt+S, enter the staff PIN %1, "
                                      "then choose Leave kiosk mode.").replace("%1", pins)
        else:
            text += "\n" + translate("Window", "To leave the demo, close this window.")
        if getattr(self.ctx.demo, "still_camera", False) and self.ctx.settings.liveness != Liveness.OFF:
            text += "\n" + translate("Window", "The demo camera shows a still photo, so face checks fail the liveness "
                                      "check here, as they should. Use --camera 0 with a webcam, or the PIN.")
        return text

    def follow_demo_faces(self) -> None:
        """The demo banner says "face set up" only while the member's face data is there."""
        if self.ctx.demo is None:
            return
        kiosk, numbers = self.ctx.kiosk, tuple(m.member_no for m in self.ctx.demo.members)

        def read() -> frozenset[str]:
            return ops.faces_set_up(kiosk, ops.Actor.system(), numbers)

        def seen(faces: frozenset[str]) -> None:
            self.demo_faces = faces
            self.demo_banner.setText(self.demo_text())

        self.ctx.db.submit(read, seen, lambda exc: log.error("demo banner not updated: %s", exc), any_session=True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def toggle_language(self) -> None:
        self.set_language("en" if self.ctx.translations.language == "zh_CN" else "zh_CN")

    def set_language(self, lang: str) -> None:
        self.ctx.translations.set_language(lang)
        QApplication.processEvents()  # deliver LanguageChange now
        self.retranslate_ui()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        self.apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.apply_style()

    def apply_style(self) -> None:
        self.setStyleSheet(style_sheet(self.high_contrast, self.large_text))

    def show_message(self, text: str) -> None:
        self.message_bar.setText(text)
        self.message_bar.show()
        self._message_timer.start()

    # -- navigation --------------------------------------------------------------
    def _on_state(self, old: State, new: State, event: Event) -> None:
        log.info("screen %s -> %s (%s)", old.value, new.value, event.value)  # never who
        if old in self.pages and old is not new:
            self.pages[old].leave()
        if new is State.WELCOME:
            self._reset_for_next_visitor()
        if new in (State.WELCOME, State.MY_DATA_DELETED, State.RECEIPT):
            self.follow_demo_faces()
        self.message_bar.hide()
        page = self.pages[new]
        self.stack.setCurrentWidget(page)
        if page.scroll_area is not None:
            page.scroll_area.verticalScrollBar().setValue(0)  # each visit starts at the top
        page.show_step(setup_step(self.machine.session, new))
        page.enter()
        focus = page.first_focus()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, QGuiApplication.inputMethod().hide)  # each screen starts without it
        self.still_there.hide()
        if self.ctx.still:  # screenshots: no help request carries over from one shot to the next
            self.help_watch.waiting = 0
        self.show_staff_call()
        # the new screen is laid out now, before a tap can land on where its buttons will be
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.idle.enter(new)
        if new is State.STAFF:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()
        if self.idle.limits.limit_for(new) is None or self.ctx.still:
            self.idle_tick.stop()
        else:
            self.idle_tick.start()

    def _make_room_for_keyboard(self) -> None:
        """Qt's on-screen keyboard (``QT_IM_MODULE=qtvirtualkeyboard``) covers the lower part
        of the screen: pad the page by its height and scroll the field above it."""
        im = QGuiApplication.inputMethod()
        page = self.current_page()
        keyboard = im.keyboardRectangle() if im.isVisible() else None
        for p in self.pages.values():  # a page left while the keyboard was up gets its answers back
            p.make_room_for_keyboard(int(keyboard.height()) if keyboard and p is page else 0)
        focus = QApplication.focusWidget()
        if keyboard is None or focus is None or page.scroll_area is None or not page.scroll_area.isAncestorOf(focus):
            return

        area = page.scroll_area

        def scroll() -> None:
            area.ensureWidgetVisible(focus, 24, 24)

        QTimer.singleShot(0, scroll)

    def _keyboard_for_focus(self, _old, new) -> None:
        """A PIN or number field typed on the kiosk's own keypad never sits under the free-text keyboard."""
        if isinstance(new, QLineEdit) and not wants_keyboard(new) and QGuiApplication.inputMethod().isVisible():
            QGuiApplication.inputMethod().hide()

    def current_page(self) -> Page:
        return self.pages[self.machine.state]

    def follow_settings(self) -> None:
        """Apply settings that changed while the kiosk runs: what each screen reads from
        ``ctx.settings`` follows by itself; this is what was built from them."""
        s = self.ctx.settings
        self.machine.face_retries = s.face_retries  # from the next visitor on
        if self.machine.state is State.WELCOME:
            self.machine.session.face_retries = s.face_retries  # this session has no visitor yet
        self.idle.limits = self._idle_limits()
        self.machine.proof_s = self.machine.session.proof_s = keypad_limit(s)  # a proof's life: at once
        if self._fixed_language is None and s.languages[0] != self.default_language:
            old, self.default_language = self.default_language, s.languages[0]
            if self.machine.state is State.WELCOME and self.ctx.translations.language == old:
                self.set_language(self.default_language)  # nobody chose the language on screen
        self.retranslate_ui()  # the site name; the demo's liveness line
        staff = self.pages.get(State.STAFF)
        if staff is not None and hasattr(staff, "update_banner"):
            staff.update_banner()

    def _reset_for_next_visitor(self) -> None:
        self.follow_settings()  # staff may have changed them here
        self.settings_watch.check()  # ... or elsewhere: those apply when the database answers
        for page in self.pages.values():
            page.wipe()
        self.large_button.setChecked(False)
        self.contrast_button.setChecked(False)
        if self.ctx.translations.language != self.default_language:
            self.set_language(self.default_language)

    def _on_idle(self) -> None:
        if self.ctx.waiting:  # still answering the last touch (a staff PIN check): idle counts from the answer
            self.idle_timer.start()
            return
        if self.machine.state is not State.WELCOME:
            log.info("inactivity: back to welcome")
            self.machine.fire(Event.TIMEOUT)

    def _idle_limits(self) -> IdleLimits:
        limits = IdleLimits.from_settings(self.ctx.settings)
        if self._inactivity_ms is not None:  # screenshots and tests
            s = self._inactivity_ms / 1000
            limits = IdleLimits(s, max(s, limits.reading_s), limits.prompt_s)
        return limits

    def camera_guiding(self) -> bool:
        """The current page's camera is guiding a face or reading a pass."""
        guiding = getattr(self.current_page(), "camera_guiding", None)
        return bool(guiding and guiding())

    def _check_idle(self) -> None:
        status = self.idle.check(guiding=self.camera_guiding())
        if status.phase is Phase.ASKING:
            self.still_there.ask(status.seconds_left)
        elif status.phase is Phase.EXPIRED:
            self._start_over(timeout=True)
        elif self.still_there.isVisible():
            self.still_there.hide()

    def _still_here(self) -> None:
        self.idle.touch()
        self.still_there.hide()
        focus = self.current_page().first_focus()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _start_over(self, timeout: bool = False) -> None:
        self.still_there.hide()
        if self.machine.state is not State.WELCOME:
            if timeout:
                log.info("inactivity: nobody answered, back to welcome")
            self.machine.fire(Event.TIMEOUT if timeout else Event.CANCEL)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.still_there.setGeometry(self.rect())
        super().resizeEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY_EVENTS:
            if self.idle_timer.isActive():
                self.idle_timer.start()
            if not self.still_there.isVisible():
                self.idle.touch()  # while asking, only an answer (or a tap beside it) counts
        if event.type() == QEvent.Type.MouseButtonRelease and wants_keyboard(obj):
            # Qt shows the on-screen keyboard for a tap on any line edit when autoSip is on;
            # the kiosk turns that off and asks for it only for free-text fields
            QTimer.singleShot(0, QGuiApplication.inputMethod().show)
        return False

    # -- lockdown ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # leaving is a staff action
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._may_close or (self.isVisible() and self._closable):
            event.accept()
        else:
            event.ignore()

    _closable = False

    def show_kiosk(self, windowed: bool = False) -> None:
        """Full screen and locked (the kiosk), or a window that closes like any other (the demo)."""
        self.full_screen = not windowed
        self._closable = windowed
        screen = QApplication.primaryScreen()
        if windowed:
            room = screen.availableGeometry().size() if screen is not None else QSize(1280, 800)
            self.fit_screen(room)
            self.resize(min(1280, room.width()), min(800, room.height()))
            self.retranslate_ui()  # the demo banner says how to leave
            self.show()
        else:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            if screen is not None:  # without a window manager, full screen alone keeps the default size
                self.fit_screen(screen.geometry().size())
                self.setGeometry(screen.geometry())
            self.retranslate_ui()
            self.showFullScreen()
        if screen is not None:  # a screen resized (rotated, another resolution) keeps the window on it
            screen.geometryChanged.connect(lambda _: self._refit(screen))

    def _refit(self, screen) -> None:
        self.fit_screen(screen.geometry().size() if self.full_screen else screen.availableGeometry().size())
        if self.full_screen:
            self.setGeometry(screen.geometry())

    def fit_screen(self, size: QSize) -> None:
        """Never larger than ``size`` (the screen): a page whose content does not fit wraps and
        scrolls instead of growing the window past the screen's edge, for every later visitor."""
        self.setMaximumSize(size)
        if self.width() > size.width() or self.height() > size.height():
            self.resize(min(self.width(), size.width()), min(self.height(), size.height()))

    def leave_kiosk(self) -> None:
        """The staff action that ends kiosk mode (the staff UI calls this after its checks)."""
        self.shutdown()
        self._may_close = True
        self.close()
        qapp().quit()

    def shutdown(self) -> None:
        """Stop every page's camera and timer and the executor (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.idle_timer.stop()
        self.idle_tick.stop()
        self.maintenance.stop()
        self.settings_watch.stop()
        self.help_watch.stop()
        self._message_timer.stop()
        self.busy.stop()
        qapp().removeEventFilter(self)
        try:
            qapp().focusChanged.disconnect(self._keyboard_for_focus)
        except (RuntimeError, TypeError):
            pass  # already disconnected (shutdown runs more than once)
        for page in self.pages.values():
            page.leave()
            stop = getattr(page, "shutdown", None)
            if stop:
                stop()
        for executor in self.ctx.executors():
            executor.shutdown()
        self.ctx.translations.uninstall()
