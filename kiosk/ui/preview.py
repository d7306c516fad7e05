"""The live preview: the newest frame (already mirrored and small), a guide oval, and a
soft mask outside it. Holds one QImage in memory; ``clear()`` forgets it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class Preview(QWidget):
    def __init__(self, oval: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.oval = oval
        self.image: QImage | None = None
        self.oval_color = QColor("#FFFFFF")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("camera preview")

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def set_ok(self, ok: bool) -> None:
        self.oval_color = QColor("#4CD07D" if ok else "#FFFFFF")
        self.update()

    def clear(self) -> None:
        self.image = None
        self.oval_color = QColor("#FFFFFF")
        self.update()

    def oval_rect(self) -> QRectF:
        r = QRectF(self.rect())
        h = r.height() * 0.78
        w = h * 0.74
        return QRectF(r.center().x() - w / 2, r.center().y() - h / 2, w, h)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(r, 16, 16)
        p.setClipPath(clip)
        if self.image is not None and not self.image.isNull():
            scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            target = QRectF((r.width() - scaled.width()) / 2, (r.height() - scaled.height()) / 2, scaled.width(), scaled.height())
            p.drawImage(target, self.image)
        else:
            g = QLinearGradient(r.topLeft(), r.bottomLeft())
            g.setColorAt(0, QColor("#5B6B7F"))
            g.setColorAt(1, QColor("#37414F"))
            p.fillRect(r, g)
        if self.oval:
            outside = QPainterPath()
            outside.addRect(r)
            hole = QPainterPath()
            hole.addEllipse(self.oval_rect())
            p.fillPath(outside.subtracted(hole), QColor(0, 0, 0, 110))
            p.setPen(QPen(self.oval_color, 6))
            p.drawEllipse(self.oval_rect())
        p.end()
