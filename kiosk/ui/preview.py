"""The live preview: the newest frame (already mirrored and small), a guide oval, and a
soft mask outside it. Holds one QImage in memory; ``clear()`` forgets it.

The pass reader uses it as a small code window: its image is only a few pixels wide (drawn
as a soft blur) and ``set_marker`` frames where a code was found."""

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
        self.marker: QRectF | None = None  # fractions of the (mirrored) picture
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("camera preview")

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def set_ok(self, ok: bool) -> None:
        self.oval_color = QColor("#4CD07D" if ok else "#FFFFFF")
        self.update()

    def set_marker(self, box: tuple[float, float, float, float] | None, mirror: bool = True) -> None:
        """Frame a found code; ``box`` is (x0, y0, x1, y1) in fractions of the camera frame."""
        if box is None:
            self.marker = None
        else:
            x0, y0, x1, y1 = box
            if mirror:
                x0, x1 = 1.0 - x1, 1.0 - x0
            self.marker = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.update()

    def clear(self) -> None:
        self.image = None
        self.marker = None
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
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # a tiny picture becomes a blur
        r = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(r, 16, 16)
        p.setClipPath(clip)
        if self.image is not None and not self.image.isNull():
            scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            target = QRectF((r.width() - scaled.width()) / 2, (r.height() - scaled.height()) / 2, scaled.width(), scaled.height())
            p.drawImage(target, self.image)
        else:
            target = r
            g = QLinearGradient(r.topLeft(), r.bottomLeft())
            g.setColorAt(0, QColor("#5B6B7F"))
            g.setColorAt(1, QColor("#37414F"))
            p.fillRect(r, g)
        if self.marker is not None:
            m = self.marker
            box = QRectF(target.x() + m.x() * target.width(), target.y() + m.y() * target.height(),
                         m.width() * target.width(), m.height() * target.height())
            p.setPen(QPen(QColor("#4CD07D"), 5))
            p.drawRoundedRect(box, 6, 6)
        if self.oval:
            outside = QPainterPath()
            outside.addRect(r)
            hole = QPainterPath()
            hole.addEllipse(self.oval_rect())
            p.fillPath(outside.subtracted(hole), QColor(0, 0, 0, 110))
            p.setPen(QPen(self.oval_color, 6))
            p.drawEllipse(self.oval_rect())
        p.end()
