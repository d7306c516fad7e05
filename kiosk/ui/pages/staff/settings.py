"""Settings (administrators): site profile, face matching and retention, liveness, what
visitors meet at the kiosk (languages, time limits, sound, PIN pauses, pass scanner) and the
gate output. Values are parsed with ``Settings.coerce`` and checked with ``Settings.validate``
before anything is saved; ``ops.change_settings`` merges what staff changed into the stored
settings and audits each change. Quality-gate and
decision-rule figures stay with ``kiosk settings set`` and ``kiosk calibrate``: they are
measured, not chosen at a screen."""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from kiosk import ops
from kiosk.config import (
    GATE_MODES,
    HELP_NOTIFY_MODES,
    LIVENESS_MODES,
    NUMERIC_BOUNDS,
    SITE_TYPES,
    TEMPLATE_STORAGE,
    SettingProblem,
    Settings,
    SettingsError,
)
from kiosk.domain.staff import Permission, StaffSession
from kiosk.errors import ConfigError
from kiosk.ui.pages.staff.common import StaffScreen, field, show_status, staff_error, status_label
from kiosk.ui.pages.staff.setting_problems import problem_text
from kiosk.ui.pages.staff.site_banner import site_type_name
from kiosk.ui.widgets import button, label, set_text

TEXT_FIELDS = ("operator_name", "operator_name_zh", "operator_contact", "site_name", "gate_command", "gate_url",
               "help_notify_command", "help_notify_url")
NUMBERS = tuple(NUMERIC_BOUNDS)  # bounded numeric inputs: a value outside the range cannot be typed
CHECKS = ("public_place", "face_enabled", "duplicate_check", "pass_scanner", "liveness_nods")
CHOICES = ("site_type", "languages", "gate_mode", "template_storage", "liveness", "help_notify_mode")
#: a field enabled only while another setting needs it: field -> (setting, the values that need it)
NEEDS = {
    "gate_command": ("gate_mode", ("command",)),
    "gate_url": ("gate_mode", ("http",)),
    "help_notify_command": ("help_notify_mode", ("command",)),
    "help_notify_url": ("help_notify_mode", ("http",)),
    "liveness_passive_threshold": ("liveness", ("passive", "both")),
    "liveness_passive_frames": ("liveness", ("passive", "both")),
    "liveness_turn": ("liveness", ("challenge", "both")),
    "liveness_challenge_s": ("liveness", ("challenge", "both")),
    "liveness_nods": ("liveness", ("challenge", "both")),
    "site_key_grace_days": ("template_storage", ("pass",)),
    "duplicate_threshold": ("duplicate_check", (True,)),
}
LANGUAGE_CHOICES = (("zh_CN", "en"), ("en", "zh_CN"), ("zh_CN",), ("en",))
SECTIONS = (("operator_name", "operator_name_zh", "operator_contact", "site_name", "site_type", "public_place"),
            ("face_enabled", "template_storage", "match_threshold", "face_retries", "duplicate_check",
             "duplicate_threshold", "grace_days_after_pass", "idle_retention_days", "site_key_grace_days",
             "filing_threshold", "audit_anchor_hours"),
            ("languages", "inactivity_s", "reading_inactivity_s", "still_there_s", "sound_volume", "pass_scanner",
             "gate_mode", "gate_command", "gate_url", "help_notify_mode", "help_notify_command", "help_notify_url"),
            ("pin_max_failures", "pin_lock_base_s", "liveness", "liveness_passive_threshold", "liveness_passive_frames",
             "liveness_turn", "liveness_challenge_s", "liveness_nods"))


def save(kiosk, session: StaffSession, changes: dict[str, object], shown: Settings | None) -> tuple[str, ...]:
    return ops.change_settings(kiosk, ops.Actor.staff(session), changes, shown).changed


class Stepper(QWidget):
    """A bounded number for a touch screen: big − and + keys beside a field that accepts only
    numbers in range (typed on the on-screen keyboard's number layout, or stepped)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        lo, hi = NUMERIC_BOUNDS[name]
        if isinstance(getattr(Settings(), name), float):
            decimal = QDoubleSpinBox()
            decimal.setDecimals(3 if lo < 0.01 else 2)  # the passive threshold's calibrated point lies under 0.01
            decimal.setSingleStep(0.01)
            decimal.setRange(lo, hi)
            self.box: QSpinBox | QDoubleSpinBox = decimal
        else:
            whole = QSpinBox()
            whole.setGroupSeparatorShown(True)
            whole.setSingleStep(1000 if hi >= 1_000_000 else 1)
            whole.setRange(int(lo), int(hi))
            self.box = whole
        self.box.setObjectName(f"setting-{name}")
        self.box.setProperty("role", "stepper")  # its own arrows hidden (the style sheet): the keys beside it step
        self.box.setKeyboardTracking(False)
        self.box.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.box.setMinimumWidth(200)
        self.minus, self.plus = button("key"), button("key")
        self.minus.setObjectName(f"setting-{name}-down")
        self.plus.setObjectName(f"setting-{name}-up")
        for b, step in ((self.minus, self.box.stepDown), (self.plus, self.box.stepUp)):
            b.setAutoRepeat(True)
            b.clicked.connect(step)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.minus)
        row.addWidget(self.box)
        row.addWidget(self.plus)
        row.addStretch(1)
        self.retranslate_ui()

    def value(self) -> float | int:
        return self.box.value()

    def setValue(self, value: float | int) -> None:  # noqa: N802 - like Qt's
        if not math.isfinite(value):  # NaN or infinity is no value: the field keeps the one it has
            return
        if isinstance(self.box, QSpinBox):
            self.box.setValue(int(value))
        else:
            self.box.setValue(value)

    def setAccessibleName(self, text: str) -> None:  # noqa: N802 - the field is what a reader announces
        self.box.setAccessibleName(text)
        self.box.lineEdit().setAccessibleName(text)

    def retranslate_ui(self) -> None:
        translate = QCoreApplication.translate
        set_text(self.minus, "−", translate("SettingsScreen", "Less"))
        set_text(self.plus, "+", translate("SettingsScreen", "More"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def combo(name: str) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    c.setMinimumHeight(64)
    c.setStyleSheet("font-size: 20px;")
    return c


class SettingsScreen(StaffScreen):
    name = "settings"
    permissions = (Permission.CHANGE_SETTINGS,)

    def build(self) -> None:
        #: each setting's control, by kind; ``inputs`` holds them all, by setting
        self.texts = {name: field(f"setting-{name}") for name in TEXT_FIELDS}
        self.steppers = {name: Stepper(name) for name in NUMBERS}
        self.checks: dict[str, QCheckBox] = {}
        for name in CHECKS:
            check = QCheckBox()
            check.setObjectName(f"setting-{name}")
            check.setMinimumHeight(64)
            check.setStyleSheet("QCheckBox { font-size: 20px; } QCheckBox::indicator { width: 36px; height: 36px; }")
            self.checks[name] = check
        self.combos = {name: combo(f"setting-{name}") for name in CHOICES}
        self.inputs: dict[str, QWidget] = {**self.texts, **self.steppers, **self.checks, **self.combos}
        self.labels: dict[str, QLabel] = {}
        for name in {setting for setting, _ in NEEDS.values()}:
            if name in self.checks:
                self.checks[name].toggled.connect(self._needs_changed)
            else:
                self.combos[name].currentIndexChanged.connect(self._needs_changed)
        self.test_button = button()
        self.test_button.setObjectName("settings-test-gate")
        self.test_button.clicked.connect(self.test_gate)
        self.test_result = status_label("settings-test-gate-result")
        self.notify_button = button()
        self.notify_button.setObjectName("settings-test-help-notify")
        self.notify_button.clicked.connect(self.test_help_notify)
        self.notify_result = status_label("settings-test-help-notify-result")
        tabs = QHBoxLayout()
        self.tabs = []
        self.sections = QStackedWidget()
        for i, names in enumerate(SECTIONS):
            b = button("toggle")
            b.setObjectName(f"settings-tab-{i}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, n=i: self.show_section(n))
            self.tabs.append(b)
            tabs.addWidget(b)
            page = QWidget()
            grid = QGridLayout(page)
            grid.setContentsMargins(0, 0, 16, 0)  # room for the scroll bar
            grid.setHorizontalSpacing(16)
            grid.setVerticalSpacing(10)
            for r, name in enumerate(names):
                lab = label("hint")
                lab.setStyleSheet("font-size: 19px;")
                lab.setBuddy(self.inputs[name])
                lab.setFixedWidth(330)
                self.labels[name] = lab
                grid.addWidget(lab, r, 0)
                grid.addWidget(self.inputs[name], r, 1)
            if "gate_mode" in names:
                rows = len(names)
                for r, (test_button, result) in enumerate(((self.test_button, self.test_result),
                                                           (self.notify_button, self.notify_result))):
                    test_row = QHBoxLayout()
                    test_row.addWidget(test_button)
                    test_row.addWidget(result, 1)
                    grid.addLayout(test_row, rows + r, 1)
                names = names + ("test", "notify")
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(len(names), 1)
            scroll = QScrollArea()  # a long section scrolls (its bar); the tabs and Save stay put
            scroll.setObjectName(f"settings-section-{i}")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            # it takes the height it is given: its content's height never makes the staff screen grow
            scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            scroll.setWidget(page)
            self.sections.addWidget(scroll)
        self.reset_button, self.save_button = button(), button("primary")
        self.reset_button.setObjectName("settings-reset")
        self.save_button.setObjectName("settings-save")
        self.reset_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self.save)
        self.box.addLayout(tabs)
        self.message = status_label("settings-message")
        self.message.setStyleSheet("font-size: 18px;")
        actions = QHBoxLayout()  # under the tabs, beside what saving said: always in view, whatever scrolls below
        actions.addWidget(self.message, 1)
        actions.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addLayout(actions)
        self.box.addWidget(self.sections, 1)
        self.show_section(0)

    def show_section(self, index: int) -> None:
        self.sections.setCurrentIndex(index)
        for i, b in enumerate(self.tabs):
            b.setChecked(i == index)

    def retranslate_ui(self) -> None:
        texts = {
            "operator_name": self.tr("Operator name"), "operator_contact": self.tr("Operator contact"),
            "operator_name_zh": self.tr("Operator name in Chinese (optional)"),
            "site_name": self.tr("Site name"), "site_type": self.tr("Site type"), "public_place": self.tr("Public place"),
            "face_enabled": self.tr("Face verification"), "match_threshold": self.tr("Match threshold (0.2–0.7, lower is stricter)"),
            "grace_days_after_pass": self.tr("Days kept after the pass ends (0–365)"),
            "idle_retention_days": self.tr("Days kept since last use (1–1095)"),
            "filing_threshold": self.tr("Filing threshold (people)"), "languages": self.tr("Languages"),
            "audit_anchor_hours": self.tr("Audit anchor every (1–720 hours, 0 = off)"),
            "inactivity_s": self.tr("Visitor inactivity timeout (10–600 s)"), "gate_mode": self.tr("Gate output"),
            "gate_command": self.tr("Gate command"), "gate_url": self.tr("Gate controller URL"),
            "help_notify_mode": self.tr("Help requests also go to"),
            "help_notify_command": self.tr("Help notification command"),
            "help_notify_url": self.tr("Help notification URL (pager or chat bridge)"),
            "template_storage": self.tr("Where face templates are kept"),
            "face_retries": self.tr("Face tries per visit (1–5)"),
            "duplicate_check": self.tr("Duplicate check at set-up"),
            "duplicate_threshold": self.tr("Duplicate threshold (0.2–0.7, higher finds more)"),
            "site_key_grace_days": self.tr("Days older passes work after a site key change (0–730)"),
            "reading_inactivity_s": self.tr("Time to read the notice and My data (30–900 s)"),
            "still_there_s": self.tr("“Are you still there?” countdown (5–120 s)"),
            "sound_volume": self.tr("Result sound volume (0 = off, up to 100)"),
            "pass_scanner": self.tr("Pass scanner"),
            "pin_max_failures": self.tr("Wrong PINs before entry pauses (3–10)"),
            "pin_lock_base_s": self.tr("First PIN pause (10–3600 s, longer after more)"),
            "liveness": self.tr("Liveness check (photo, screen and mask refusal)"),
            "liveness_passive_threshold": self.tr("Passive check threshold (0.005–0.99, higher refuses more people)"),
            "liveness_passive_frames": self.tr("Frames the passive check averages (1–30)"),
            "liveness_turn": self.tr("Head turn that counts (0.08–0.4 eye distances)"),
            "liveness_challenge_s": self.tr("Time for each head movement (4–30 s)"),
            "liveness_nods": self.tr("Head movements asked for"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
            self.inputs[name].setAccessibleName(text)
        self.checks["public_place"].setText(self.tr("Open to the public"))
        self.checks["face_enabled"].setText(self.tr("Offered (always optional)"))
        self.checks["duplicate_check"].setText(self.tr("One face on one pass only"))
        self.checks["pass_scanner"].setText(self.tr("A hardware scanner is fitted (no camera for codes)"))
        self.checks["liveness_nods"].setText(self.tr("Nods (up, down) as well as turns"))
        current = self._current()
        self._fill_combos()
        if current is not None:
            self._select(current)
        for b, text in zip(self.tabs, (self.tr("Site profile"), self.tr("Face and retention"), self.tr("Kiosk and gate"),
                                       self.tr("PIN and liveness"))):
            set_text(b, text)
        set_text(self.reset_button, self.tr("Undo"), self.tr("Undo changes"))
        set_text(self.save_button, self.tr("Save"))
        set_text(self.test_button, self.tr("Test gate"), self.tr("Signal the gate once with the values shown"))
        set_text(self.notify_button, self.tr("Send a test"),
                 self.tr("Send one test help notification with the values shown"))

    def _fill_combos(self) -> None:
        site, langs, gate = self.combos["site_type"], self.combos["languages"], self.combos["gate_mode"]
        storage, liveness, notify = self.combos["template_storage"], self.combos["liveness"], self.combos["help_notify_mode"]
        for c in (site, langs, gate, storage, liveness, notify):
            c.blockSignals(True)
            c.clear()
        for t in SITE_TYPES:
            site.addItem(site_type_name(t), t)
        names = {"zh_CN": "中文", "en": "English"}
        for choice in LANGUAGE_CHOICES:
            text = " + ".join(names[x] for x in choice)
            if len(choice) > 1:
                text += "  " + self.tr("(starts in %1)").replace("%1", names[choice[0]])
            langs.addItem(text, choice)
        for mode, text in zip(GATE_MODES, (self.tr("Log only (no gate connected)"), self.tr("Run a command"),
                                           self.tr("POST to a local controller URL"))):
            gate.addItem(text, mode)
        for where, text in zip(TEMPLATE_STORAGE, (self.tr("On this kiosk (encrypted database)"),
                                                  self.tr("On the member's pass (sealed; no kiosk keeps one)"),
                                                  self.tr("At the site (sealed under the site key; every gate "
                                                          "of the site can check)"))):
            storage.addItem(text, where)
        for mode, text in zip(LIVENESS_MODES, (self.tr("Off (photos are not refused)"), self.tr("Passive check only"),
                                               self.tr("Head-turn challenge only"), self.tr("Both (recommended)"))):
            liveness.addItem(text, mode)
        for mode, text in zip(HELP_NOTIFY_MODES, (self.tr("The staff area only"), self.tr("Run a command"),
                                                  self.tr("POST to a local URL (pager or chat bridge)"))):
            notify.addItem(text, mode)
        for c in (site, langs, gate, storage, liveness, notify):
            c.blockSignals(False)

    def _current(self) -> Settings | None:
        return getattr(self, "shown_settings", None)

    def _select(self, s: Settings) -> None:
        for name in CHOICES:
            c = tuple(s.languages) if name == "languages" else getattr(s, name)
            box = self.combos[name]
            box.setCurrentIndex(max(0, box.findData(c)))

    def refresh(self) -> None:
        s = self.ctx.settings
        self.shown_settings = s
        for name in TEXT_FIELDS:
            self.texts[name].setText(str(getattr(s, name)))
        for name in CHECKS:
            self.checks[name].setChecked(bool(getattr(s, name)))
        for name in NUMBERS:
            self.steppers[name].setValue(getattr(s, name))
        self._select(s)
        self._needs_changed()
        self.message.clear()
        self.test_result.clear()
        self.notify_result.clear()

    def clear(self) -> None:
        for name in TEXT_FIELDS:
            self.texts[name].clear()
        self.shown_settings = None
        self.message.clear()
        self.test_result.clear()
        self.notify_result.clear()

    def collect(self) -> Settings:
        """The settings as typed; raises ConfigError listing every problem."""
        changes, problems = self._typed()
        shown = self.shown_settings
        if shown is not None:  # only what staff changed on screen: a value changed meanwhile elsewhere
            changes = {k: v for k, v in changes.items() if v != getattr(shown, k)}  # (the command line) stays
        new = dataclasses.replace(self.ctx.settings, **changes)  # unparsable values keep their saved value here
        try:
            new.validate()
        except SettingsError as exc:
            problems += exc.problems
        if problems:
            raise SettingsError(problems)
        return new

    def _typed(self) -> tuple[dict[str, object], list[SettingProblem]]:
        """Every value on screen, parsed, and the problems of those that cannot be parsed."""
        changes: dict[str, object] = {}
        problems: list[SettingProblem] = []
        for name in TEXT_FIELDS:
            try:
                changes[name] = Settings.coerce(name, self.texts[name].text().strip())
            except SettingsError as exc:
                problems += exc.problems
        for name in NUMBERS:
            box = self.steppers[name].box
            value = self.steppers[name].value()
            decimals = box.decimals() if isinstance(box, QDoubleSpinBox) else 0
            changes[name] = round(value, decimals) if isinstance(value, float) else int(value)
        for name in CHECKS:
            changes[name] = self.checks[name].isChecked()
        for name in CHOICES:
            changes[name] = self.combos[name].currentData()
        return changes, problems

    def _needs_changed(self, *_args) -> None:
        """Fields that only matter in some modes are enabled only there (gate command / URL,
        the liveness checks' figures, the site key's grace, the duplicate threshold)."""
        for name, (setting, values) in NEEDS.items():
            value = self.checks[setting].isChecked() if setting in self.checks else self.combos[setting].currentData()
            self.inputs[name].setEnabled(value in values)
            self.labels[name].setEnabled(value in values)
        self.test_result.clear()
        self.notify_result.clear()

    def test_gate(self) -> None:
        """Signal the gate once with the values on screen (saved or not)."""
        try:
            new = self.collect()
        except ConfigError as exc:
            show_status(self.message, self._problems(exc), error=True)
            return
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.area.staff)
        show_status(self.test_result, self.tr("Signalling the gate…"))
        self.test_button.setEnabled(False)

        def done(result) -> None:
            self.test_button.setEnabled(True)
            if result.ok:
                show_status(self.test_result, self.tr("The gate answered: %1 (%2 s).").replace("%1", result.message)
                            .replace("%2", f"{result.elapsed_s:.2f}"))
            else:
                show_status(self.test_result, self.tr("The gate did not answer: %1").replace("%1", result.message),
                            error=True)

        def failed(exc, _text) -> None:
            self.test_button.setEnabled(True)
            show_status(self.test_result, staff_error(exc), error=True)

        self.area.run(lambda: ops.run_gate_test(kiosk, actor, new), done, failed)

    def test_help_notify(self) -> None:
        """Send one test help notification with the values on screen (saved or not); audited."""
        try:
            new = self.collect()
        except ConfigError as exc:
            show_status(self.message, self._problems(exc), error=True)
            return
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.area.staff)
        show_status(self.notify_result, self.tr("Sending a test…"))
        self.notify_button.setEnabled(False)

        def done(result) -> None:
            self.notify_button.setEnabled(True)
            if result.mode == "off":
                show_status(self.notify_result, self.tr("Help requests go to the staff area only: nothing to send."))
            elif result.ok:
                show_status(self.notify_result, self.tr("The test was sent: %1 (%2 s).").replace("%1", result.message)
                            .replace("%2", f"{result.elapsed_s:.2f}"))
            else:
                show_status(self.notify_result, self.tr("The test was not sent: %1").replace("%1", result.message),
                            error=True)

        def failed(exc, _text) -> None:
            self.notify_button.setEnabled(True)
            show_status(self.notify_result, staff_error(exc), error=True)

        self.area.run(lambda: ops.run_help_notify_test(kiosk, actor, new), done, failed)

    def save(self) -> None:
        """Check the values on screen, then hand what staff changed to ``ops.change_settings``,
        which merges it into the stored settings (a change made elsewhere meanwhile stays)."""
        try:
            self.collect()
        except ConfigError as exc:
            show_status(self.message, self._problems(exc), error=True)
            return
        changes, _ = self._typed()
        kiosk, session, shown = self.ctx.kiosk, self.area.staff, self.shown_settings
        show_status(self.message, self.tr("Saving…"))
        self.area.run(lambda: save(kiosk, session, changes, shown), self._saved,
                      lambda exc, _t: show_status(self.message, self._problems(exc) if isinstance(exc, SettingsError)
                                                  else staff_error(exc), error=True))

    def _saved(self, changed: tuple[str, ...]) -> None:
        self.refresh()
        show_status(self.message, self.tr("Saved: %n change(s), each recorded in the audit trail.", "", len(changed))
                    if changed else self.tr("Nothing changed."))
        self.area.update_banner()
        if self.area._visitor_idle_ms is not None:
            self.area._visitor_idle_ms = self.ctx.settings.inactivity_s * 1000
        window = self.window()
        if hasattr(window, "retranslate_ui"):
            window.retranslate_ui()  # the site name in the header

    def _problems(self, exc: ConfigError) -> str:
        lines = [self.tr("Not saved. Please correct:")]
        first = None
        if not isinstance(exc, SettingsError):
            return "\n".join(lines + ["• " + staff_error(exc)])
        for problem in exc.problems:
            name = problem.setting
            if first is None and name in self.labels:
                first = name
                self.show_section(next(i for i, names in enumerate(SECTIONS) if name in names))
            lines.append("• " + problem_text(problem, self.labels))  # the label, never the internal name
        return "\n".join(lines)
