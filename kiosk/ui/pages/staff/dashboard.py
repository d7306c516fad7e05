"""Dashboard: camera and engine, members, people with a face template against the filing
threshold (warning from 80 %), next retention purge, audit chain, gate output, site."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QProgressBar, QVBoxLayout

from kiosk import ops
from kiosk.camera.encoder import EncoderState
from kiosk.config import Liveness
from kiosk.domain.staff import Permission
from kiosk.ops.dashboard import DashboardStatus, EngineState, EngineStatus
from kiosk.policy.filing import OK, REACHED
from kiosk.runtime import CameraStatus
from kiosk.ui.localtime import local_time
from kiosk.ui.pages.staff.alerts_panel import AlertsPanel
from kiosk.ui.pages.staff.common import StaffScreen
from kiosk.ui.pages.staff.site_banner import site_banner_text, site_type_name
from kiosk.ui.widgets import button, label, set_text

CARDS = ("camera", "engine", "members", "filing", "purge", "audit", "gate", "site")


def load(kiosk, session, engine: EngineStatus, camera: CameraStatus) -> tuple[DashboardStatus, ops.GateInfo]:
    """On the executor (verifying the chain reads the whole trail)."""
    actor = ops.Actor.staff(session)
    status = ops.dashboard_snapshot(kiosk, actor, engine=engine, camera=camera)
    return status, ops.gate_status(kiosk, actor)


def short_time(iso: str | None) -> str:
    """Local time with the zone shown (the database keeps UTC)."""
    return local_time(iso)


class Card(QFrame):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"card-{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(12, 6, 12, 6)
        box.setSpacing(2)
        self.caption = label("hint")
        self.caption.setStyleSheet("font-size: 17px;")
        self.value = label("body")
        self.value.setObjectName(f"card-{name}-value")
        self.value.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.detail = label("hint")
        self.detail.setObjectName(f"card-{name}-detail")
        self.detail.setStyleSheet("font-size: 16px;")
        box.addWidget(self.caption)
        box.addWidget(self.value)
        box.addWidget(self.detail)
        box.addStretch(1)


class DashboardScreen(StaffScreen):
    name = "dashboard"
    permissions = (Permission.VIEW_DASHBOARD,)

    def build(self) -> None:
        self.warnings = label("error")
        self.warnings.setObjectName("dashboard-warnings")
        self.warnings.setStyleSheet("font-size: 19px;")
        self.box.addWidget(self.warnings)
        self.grid = grid = QGridLayout()
        grid.setSpacing(10)
        self.cards = {name: Card(name) for name in CARDS}
        for i, name in enumerate(CARDS):
            grid.addWidget(self.cards[name], i // 4, i % 4)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        self.box.addLayout(grid)
        self.alerts = AlertsPanel()
        self.alerts.acknowledge.connect(lambda alert_id: self.area.acknowledge_alert(alert_id))
        self.box.addWidget(self.alerts, 1)
        self.filing_bar = QProgressBar()
        self.filing_bar.setObjectName("filing-bar")
        self.filing_bar.setTextVisible(False)
        self.cards["filing"].box.insertWidget(2, self.filing_bar)
        row = QHBoxLayout()
        self.taken = label("hint")
        self.refresh_button = button()
        self.refresh_button.setObjectName("dashboard-refresh")
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.taken, 1)
        row.addWidget(self.alerts.ack_button)
        row.addWidget(self.refresh_button)
        self.box.addLayout(row)
        self.status: DashboardStatus | None = None
        self.gate: ops.GateInfo | None = None

    def retranslate_ui(self) -> None:
        captions = {"camera": self.tr("Camera"), "engine": self.tr("Face engine"), "members": self.tr("Members"),
                    "filing": self.tr("People with a face template"), "purge": self.tr("Retention purge"),
                    "audit": self.tr("Audit trail"), "gate": self.tr("Gate output"), "site": self.tr("Site")}
        for name, card in self.cards.items():
            card.caption.setText(captions[name])
        set_text(self.refresh_button, self.tr("Refresh"))
        self.show_status()

    def refresh(self) -> None:
        runtime = self.ctx.runtime.status
        engine = EngineStatus(EngineState.FAILED, runtime.engine_error) if runtime.engine_error else self._engine_state()
        camera = runtime.camera
        kiosk, session = self.ctx.kiosk, self.area.session
        self.area.run(lambda: load(kiosk, session, engine, camera), self._loaded)

    def _engine_state(self) -> EngineStatus:
        health = self.ctx.encoder.health()
        if health.state is EncoderState.FAILED:
            return EngineStatus(EngineState.FAILED, f"the face encoder keeps failing ({health.last_problem})")
        if health.state is EncoderState.RESTARTING:
            return EngineStatus(EngineState.RESTARTING, health.last_problem)
        if health.state is EncoderState.STARTING:
            return EngineStatus(EngineState.LOADING)  # the encoder child is still loading its models
        return EngineStatus(EngineState.READY if getattr(self.ctx.kiosk.engine, "loaded", True) else EngineState.LOADING)

    def _loaded(self, result) -> None:
        self.status, self.gate = result
        self.show_status()

    def clear(self) -> None:
        self.status = self.gate = None
        self.show_status()

    def show_status(self) -> None:
        s, g = self.status, self.gate
        if s is None:
            for card in self.cards.values():
                card.value.setText("…")
                card.detail.clear()
            self.warnings.clear()
            self.taken.clear()
            return
        c = self.cards
        runtime = self.ctx.runtime.status
        c["camera"].value.setText({CameraStatus.WORKED: self.tr("Worked"), CameraStatus.FAILED: self.tr("Failed")}
                                  .get(s.camera, self.tr("Off")))
        c["camera"].detail.setText(self.tr("Last face step: %1").replace("%1", short_time(runtime.camera_at))
                                   if runtime.camera_at else self.tr("Opens only during a visitor's face step."))
        engine_ok = s.engine.state is not EngineState.FAILED
        c["engine"].value.setText(self.tr("Ready") if s.engine.state is EngineState.READY
                                  else self.tr("Loading…") if engine_ok else self.tr("Error"))
        c["engine"].detail.setText(s.engine.problem if not engine_ok else self.liveness_text(s))
        n = QLocale().toString
        c["members"].value.setText(n(s.members))
        c["members"].detail.setText(self.tr("%1 active").replace("%1", n(s.active_members)))
        f = s.filing
        c["filing"].value.setText(self.tr("%1 of %2").replace("%1", n(f.people_with_templates)).replace("%2", n(f.threshold)))
        self.filing_bar.setRange(0, f.threshold)
        self.filing_bar.setValue(min(f.people_with_templates, f.threshold))
        c["filing"].detail.setText(
            self.tr("Filing threshold; warning from %1.").replace("%1", n(f.warn_at)) if f.this_kiosk is None else
            self.tr("Across the site; this kiosk holds %1. Warning from %2.").replace("%1", n(f.this_kiosk))
            .replace("%2", n(f.warn_at)))
        c["purge"].value.setText(short_time(s.next_purge))
        c["purge"].detail.setText(self.tr("Last purge: %1").replace("%1", short_time(s.last_purge)))
        c["audit"].value.setText(self.tr("Chain intact") if s.chain_ok else self.tr("TAMPERED") if s.chain_ok is False
                                 else self.tr("Not checked"))
        c["audit"].detail.setText(self.tr("%1 records").replace("%1", n(s.audit_records)))
        mode = {"log": self.tr("Log only"), "command": self.tr("Command"), "http": self.tr("HTTP")}.get(s.gate_mode, s.gate_mode)
        failing = bool(g and g.failed_at and not g.opened_since)
        c["gate"].value.setText(self.tr("%1: failing").replace("%1", mode) if failing else mode)
        c["gate"].detail.setText(self.tr("Last failure %1: %2").replace("%1", short_time(g.failed_at)).replace("%2", g.reason)
                                 if g and g.failed_at else self.tr("No failures."))
        c["site"].value.setText(site_type_name(s.site.site_type))
        c["site"].detail.setText(self.tr("Face features allowed") if s.site.face_allowed else self.tr("Face features banned"))
        self.warnings.setText("\n".join(self._warnings(s, failing)))
        self.taken.setText(self.tr("Updated %1").replace("%1", short_time(s.taken_at)))

    def liveness_text(self, s: DashboardStatus) -> str:
        mode = {"off": self.tr("off"), "passive": self.tr("passive check"), "challenge": self.tr("head-turn challenge"),
                "both": self.tr("passive check and head turns")}.get(s.liveness, s.liveness)
        return self.tr("Liveness: %1. Refused in the last 24 h: %2").replace("%1", mode).replace(
            "%2", QLocale().toString(s.liveness_refusals_24h))

    def _warnings(self, s: DashboardStatus, gate_failing: bool) -> list[str]:
        out = []
        if s.liveness == Liveness.OFF:
            out.append(self.tr("The liveness check is off: a photo held to the camera could pass face verification."))
        if s.chain_ok is False:
            out.append(self.tr("Audit trail tampered: %1").replace("%1", s.chain_message))
        f = s.filing
        if f.level == REACHED:
            out.append(self.tr("The filing threshold is reached: file with the regulator now."))
        elif f.level != OK:
            out.append(self.tr("%1 of the filing threshold is reached: prepare the filing.").replace("%1", f"{f.fraction:.0%}"))
        banner = site_banner_text(self.ctx.settings)
        if banner:
            out.append(banner)
        if s.site.missing:
            out.append(self.tr("Site profile incomplete: operator name, contact and site name are needed (see Settings)."))
        if s.engine.state is EngineState.FAILED:
            out.append(self.tr("The face engine did not load: face verification is unavailable."))
        if s.camera is CameraStatus.FAILED:
            out.append(self.tr("The camera failed during the last face step."))
        if gate_failing:
            out.append(self.tr("The gate output failed: visitors were told to see staff."))
        if s.purge_overdue:
            out.append(self.tr("The daily retention purge is overdue."))
        if s.face_paused_offline:
            out.append(self.tr("Face use is paused: this kiosk has not heard from the site for %n minute(s), so a "
                               "withdrawal made at another gate may not have reached it. Card and PIN go on.", "",
                               int(s.site_offline_minutes or 0)))
        return out
