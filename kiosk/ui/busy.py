"""The busy indicator: when the kiosk takes longer than ``DELAY_MS`` to answer a tap, a calm
"One moment, please…" with a turning arc appears over the screen until the answer is in.
It never takes input (taps go through to the page, whose own guards ignore repeats)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.widgets import label, timer

DELAY_MS = 300


class Spinner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.angle = 0
        self.setFixedSize(48, 48)
        self.turn = timer(self, 80, self._step)

    def _step(self) -> None:
        self.angle = (self.angle + 30) % 360
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().windowText().color(), 6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawArc(QRectF(6, 6, 36, 36), -self.angle * 16, 270 * 16)
        p.end()


class BusyIndicator(QWidget):
    """A child of the window, centred over it; ``waiting(True/False)`` from ``UiContext.busy``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("busy")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 20, 32, 20)
        row.setSpacing(20)
        self.spinner = Spinner()
        self.text = label("subtitle", wrap=False)
        row.addWidget(self.spinner)
        row.addWidget(self.text)
        self.delay = timer(self, DELAY_MS, self._appear, single=True)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.text.setText(QCoreApplication.translate("Busy", "One moment, please…"))
        self.setAccessibleName(self.text.text())
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def waiting(self, on: bool) -> None:
        if on:
            if not self.isVisible() and not self.delay.isActive():
                self.delay.start()
        else:
            self.delay.stop()
            self.spinner.turn.stop()
            self.hide()

    def _appear(self) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move((parent.width() - self.width()) // 2, (parent.height() - self.height()) // 2)
        self.spinner.turn.start()
        self.show()
        self.raise_()

    def stop(self) -> None:
        self.waiting(False)
