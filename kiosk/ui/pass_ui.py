"""Face passes on screen: the translated reason for every refused pass, and the pass's QR code
as a picture (drawn from the code's text in memory; nothing is written anywhere)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel

from kiosk.domain import pass_codes
from kiosk.errors import Refusal


def refusal_message(reason: Refusal) -> str:
    texts = {
        Refusal.UNREADABLE: QCoreApplication.translate(
            "PassMessages", "This code could not be read as a face pass. Please scan it again, or use your card or PIN."),
        Refusal.VERSION: QCoreApplication.translate(
            "PassMessages", "This face pass is newer than this kiosk. Please use your card or PIN, or ask staff."),
        Refusal.OTHER_SITE: QCoreApplication.translate("PassMessages", "This face pass is from another site. Please use your card or PIN."),
        Refusal.TAMPERED: QCoreApplication.translate(
            "PassMessages", "This face pass is damaged or has been changed. Please use your card or PIN, and ask staff for a new one."),
        Refusal.OTHER_MEMBER: QCoreApplication.translate(
            "PassMessages", "This face pass belongs to someone else. Please use your own pass, card or PIN."),
        Refusal.EXPIRED: QCoreApplication.translate(
            "PassMessages", "This face pass has expired. Please renew it at the desk. Your card and PIN keep working."),
        Refusal.KEY_RETIRED: QCoreApplication.translate(
            "PassMessages", "This face pass is out of date. Please renew it at the desk. Your card and PIN keep working."),
        Refusal.REVOKED: QCoreApplication.translate(
            "PassMessages", "Face verification was withdrawn for this pass. Please use your card or PIN."),
        Refusal.NO_SITE_KEY: QCoreApplication.translate(
            "PassMessages", "This kiosk cannot read face passes yet. Please use your card or PIN, or ask staff."),
    }
    return texts[Refusal(reason)]


def qr_pixmap(code: str, size: int) -> QPixmap:
    """The pass's QR code at most ``size`` pixels square, every module the same whole number of pixels."""
    modules = pass_codes.qr(code).symbol_size(border=4)[0]
    grey = pass_codes.qr_image(code, scale=max(1, size // modules))
    h, w = grey.shape
    return QPixmap.fromImage(QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy())


class PassCode(QLabel):
    """A QR code on a white square (a quiet zone is part of the image)."""

    def __init__(self, size: int = 300) -> None:
        super().__init__()
        self.side = size
        self.setObjectName("pass-code")
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: white;")

    def show_code(self, code: str | None) -> None:
        if code:
            self.setPixmap(qr_pixmap(code, self.side))
            self.show()
        else:
            self.clear()
            self.hide()
