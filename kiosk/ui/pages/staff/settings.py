"""Settings (administrators): site profile, matching, retention, languages, inactivity and
gate output. Values are parsed with ``Settings.coerce`` and checked with
``Settings.validate`` before anything is saved; ``ops.save_settings`` audits each change."""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QDoubleSpinBox, QGridLayout, QHBoxLayout,
                               QSpinBox, QStackedWidget, QWidget)

from kiosk import ops
from kiosk.config import NUMERIC_BOUNDS, SITE_TYPES, Settings
from kiosk.domain.staff import Permission, StaffSession
from kiosk.errors import ConfigError
from kiosk.ui.pages.staff.common import StaffScreen, field, show_status, staff_error, status_label
from kiosk.ui.pages.staff.setting_problems import problem_text
from kiosk.ui.pages.staff.site_banner import site_type_name
from kiosk.ui.widgets import button, label, set_text

TEXT_FIELDS = ("operator_name", "operator_name_zh", "operator_contact", "site_name", "gate_command", "gate_url")
NUMBERS = tuple(NUMERIC_BOUNDS)  # bounded numeric inputs: a value outside the range cannot be typed
GATE_FIELDS = {"gate_command": "command", "gate_url": "http"}  # enabled only in their gate mode
CHECKS = ("public_place", "face_enabled")
LANGUAGE_CHOICES = (("zh_CN", "en"), ("en", "zh_CN"), ("zh_CN",), ("en",))
GATE_MODES = ("log", "command", "http")
SECTIONS = (("operator_name", "operator_name_zh", "operator_contact", "site_name", "site_type", "public_place"),
            ("face_enabled", "match_threshold", "grace_days_after_pass", "idle_retention_days", "filing_threshold"),
            ("languages", "inactivity_s", "gate_mode", "gate_command", "gate_url"))


def save(kiosk, session: StaffSession, new: Settings) -> tuple[str, ...]:
    return ops.save_settings(kiosk, ops.Actor.staff(session), new).changed


class Stepper(QWidget):
    """A bounded number for a touch screen: big − and + keys beside a field that accepts only
    numbers in range (typed on the on-screen keyboard's number layout, or stepped)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        lo, hi = NUMERIC_BOUNDS[name]
        if isinstance(getattr(Settings(), name), float):
            self.box: QAbstractSpinBox = QDoubleSpinBox()
            self.box.setDecimals(2)
            self.box.setSingleStep(0.01)
        else:
            self.box = QSpinBox()
            self.box.setGroupSeparatorShown(True)
            self.box.setSingleStep(1000 if hi >= 1_000_000 else 1)
        self.box.setRange(lo, hi)
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
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, object] = {}
        for name in TEXT_FIELDS:
            self.inputs[name] = field(f"setting-{name}")
        for name in NUMBERS:
            self.inputs[name] = Stepper(name)
        for name in CHECKS:
            box = QCheckBox()
            box.setObjectName(f"setting-{name}")
            box.setMinimumHeight(64)
            box.setStyleSheet("QCheckBox { font-size: 20px; } QCheckBox::indicator { width: 36px; height: 36px; }")
            self.inputs[name] = box
        self.inputs["site_type"] = combo("setting-site_type")
        self.inputs["languages"] = combo("setting-languages")
        self.inputs["gate_mode"] = combo("setting-gate_mode")
        self.inputs["gate_mode"].currentIndexChanged.connect(self._gate_mode_changed)
        self.test_button = button()
        self.test_button.setObjectName("settings-test-gate")
        self.test_button.clicked.connect(self.test_gate)
        self.test_result = status_label("settings-test-gate-result")
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
            grid.setContentsMargins(0, 0, 0, 0)
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
                test_row = QHBoxLayout()
                test_row.addWidget(self.test_button)
                test_row.addWidget(self.test_result, 1)
                grid.addLayout(test_row, len(names), 1)
                names = names + ("test",)
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(len(names), 1)
            self.sections.addWidget(page)
        tabs.addStretch(1)
        self.reset_button, self.save_button = button(), button("primary")
        self.reset_button.setObjectName("settings-reset")
        self.save_button.setObjectName("settings-save")
        self.reset_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self.save)
        tabs.addWidget(self.reset_button)
        tabs.addWidget(self.save_button)
        self.box.addLayout(tabs)
        self.box.addWidget(self.sections, 1)
        self.message = status_label("settings-message")
        self.message.setStyleSheet("font-size: 18px;")
        self.box.addWidget(self.message)
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
            "inactivity_s": self.tr("Visitor inactivity timeout (10–600 s)"), "gate_mode": self.tr("Gate output"),
            "gate_command": self.tr("Gate command"), "gate_url": self.tr("Gate controller URL"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
            self.inputs[name].setAccessibleName(text)
        self.inputs["public_place"].setText(self.tr("Open to the public"))
        self.inputs["face_enabled"].setText(self.tr("Offered (always optional)"))
        current = self._current()
        self._fill_combos()
        if current is not None:
            self._select(current)
        for b, text in zip(self.tabs, (self.tr("Site profile"), self.tr("Face and retention"), self.tr("Kiosk and gate"))):
            set_text(b, text)
        set_text(self.reset_button, self.tr("Undo"), self.tr("Undo changes"))
        set_text(self.save_button, self.tr("Save"))
        set_text(self.test_button, self.tr("Test gate"), self.tr("Signal the gate once with the values shown"))

    def _fill_combos(self) -> None:
        site, langs, gate = self.inputs["site_type"], self.inputs["languages"], self.inputs["gate_mode"]
        for c in (site, langs, gate):
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
        for c in (site, langs, gate):
            c.blockSignals(False)

    def _current(self) -> Settings | None:
        return getattr(self, "shown_settings", None)

    def _select(self, s: Settings) -> None:
        for name, c in (("site_type", s.site_type), ("languages", tuple(s.languages)), ("gate_mode", s.gate_mode)):
            box = self.inputs[name]
            box.setCurrentIndex(max(0, box.findData(c)))

    def refresh(self) -> None:
        s = self.ctx.settings
        self.shown_settings = s
        for name in TEXT_FIELDS:
            self.inputs[name].setText(str(getattr(s, name)))
        for name in CHECKS:
            self.inputs[name].setChecked(bool(getattr(s, name)))
        for name in NUMBERS:
            self.inputs[name].setValue(getattr(s, name))
        self._select(s)
        self._gate_mode_changed()
        self.message.clear()
        self.test_result.clear()

    def clear(self) -> None:
        for name in TEXT_FIELDS:
            self.inputs[name].clear()
        self.shown_settings = None
        self.message.clear()
        self.test_result.clear()

    def collect(self) -> Settings:
        """The settings as typed; raises ConfigError listing every problem."""
        base = self.ctx.settings
        changes, problems = {}, []
        for name in TEXT_FIELDS:
            try:
                changes[name] = Settings.coerce(name, self.inputs[name].text().strip())
            except ConfigError as exc:
                problems.append(exc.message.rstrip("."))
        for name in NUMBERS:
            value = self.inputs[name].value()
            changes[name] = round(value, 2) if isinstance(value, float) else int(value)
        for name in CHECKS:
            changes[name] = self.inputs[name].isChecked()
        for name in ("site_type", "languages", "gate_mode"):
            changes[name] = self.inputs[name].currentData()
        new = dataclasses.replace(base, **changes)  # unparsable values keep their saved value here
        try:
            new.validate()
        except ConfigError as exc:
            problems += exc.message.removeprefix("Invalid settings: ").rstrip(".").split("; ")
        if problems:
            raise ConfigError("Invalid settings: " + "; ".join(problems) + ".", remedy="Correct the values and save again.")
        return new

    def _gate_mode_changed(self, *_args) -> None:
        mode = self.inputs["gate_mode"].currentData()
        for name, needs in GATE_FIELDS.items():
            self.inputs[name].setEnabled(mode == needs)
            self.labels[name].setEnabled(mode == needs)
        self.test_result.clear()

    def test_gate(self) -> None:
        """Signal the gate once with the values on screen (saved or not)."""
        try:
            new = self.collect()
        except ConfigError as exc:
            show_status(self.message, self._problems(exc), error=True)
            return
        kiosk, actor = self.ctx.kiosk, ops.Actor.staff(self.area.session)
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

    def save(self) -> None:
        try:
            new = self.collect()
        except ConfigError as exc:
            show_status(self.message, self._problems(exc), error=True)
            return
        kiosk, session = self.ctx.kiosk, self.area.session
        show_status(self.message, self.tr("Saving…"))
        self.area.run(lambda: save(kiosk, session, new), self._saved,
                      lambda exc, _t: show_status(self.message, staff_error(exc), error=True))

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
        text = exc.message.removeprefix("Invalid settings: ").rstrip(".")
        first = None
        for problem in text.split("; "):
            m = re.match(r"(\w+)", problem)
            name = m.group(1) if m else ""
            if first is None and name in self.labels:
                first = name
                self.show_section(next(i for i, names in enumerate(SECTIONS) if name in names))
            lines.append("• " + problem_text(problem, self.labels))  # the label, never the internal name
        return "\n".join(lines)
