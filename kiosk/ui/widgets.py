"""Small building blocks: role-styled buttons and labels, and the on-screen keypad."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)


def qapp() -> QApplication:
    """The running application: windows and screens exist only inside one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication is running")
    return app


class WrapButton(QPushButton):
    """A push button whose text breaks into lines when the button is narrower than it (large
    text, a portrait screen, a longer translation): never cut, never elided. ``text()`` is the
    whole text; ``shown_text()`` the text as broken into lines. It asks for the height its
    lines need at the width it gets (height for width), and may shrink to its longest word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # may get less than its one-line width
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:  # noqa: N802
        self._text = text
        QPushButton.setText(self, self._broken(self.width()) if self.isVisible() else text)
        self.updateGeometry()

    def text(self) -> str:
        return self._text

    def shown_text(self) -> str:
        return QPushButton.text(self)

    def _frame(self, lines: int = 1, width: int = 0) -> QSize:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)  # as QPushButton.sizeHint measures: the text's lines, then the style's frame
        inner = QSize(width, self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, "\n".join(["X"] * lines)).height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, opt, inner, self)

    def _lines(self, room: int) -> list[str]:
        out: list[str] = []
        fm = self.fontMetrics()
        for para in self._text.split("\n"):
            if fm.horizontalAdvance(para) <= room:  # measured as sizeHint measures it: one line
                out.append(para)
                continue
            layout = QTextLayout(para, self.font())
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(max(1, room))
                out.append(para[line.textStart(): line.textStart() + line.textLength()].rstrip())
            layout.endLayout()
        return out or [""]

    def _room(self, width: int) -> int:
        # the padding and border (measured around a wide text, so a min-width never counts); the
        # contents rectangle is a few pixels narrower than they say (the focus frame)
        return width - (self._frame(1, 1000).width() - 1000) - 6 - (self.iconSize().width() + 4 if not self.icon().isNull() else 0)

    def _broken(self, width: int) -> str:
        return "\n".join(self._lines(self._room(width)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm = self.fontMetrics()
        longest = max((fm.horizontalAdvance(w) for w in self._lines(1)), default=0)
        frame = self._frame(1, longest)
        return QSize(frame.width() + 6 + (self.iconSize().width() + 4 if not self.icon().isNull() else 0),
                     self.sizeHint().height())  # never lower than its lines: that would cut them

    def sizeHint(self) -> QSize:  # noqa: N802
        """As wide as the whole text on one line (each paragraph); as high as the lines shown."""
        fm = self.fontMetrics()
        whole = max(fm.horizontalAdvance(p) for p in (self._text or "XXXX").split("\n"))
        icon = self.iconSize().width() + 4 if not self.icon().isNull() else 0
        return QSize(self._frame(1, whole).width() + 8 + icon, self._frame(QPushButton.text(self).count("\n") + 1).height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        lines = len(self._lines(self._room(width)))
        return self._frame(lines).height()

    def resizeEvent(self, event) -> None:  # noqa: N802
        broken = self._broken(event.size().width())
        if broken != QPushButton.text(self):
            QPushButton.setText(self, broken)
            self.updateGeometry()
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        # a text set while hidden (a language switch on another page) breaks at the width it is shown at
        broken = self._broken(self.width())
        if broken != QPushButton.text(self):
            QPushButton.setText(self, broken)
            self.updateGeometry()
        super().showEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setText(self._text)  # large text: the lines break again


class HintField(QLineEdit):
    """A text field never narrower than its placeholder (what to type), large text included."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        if self.placeholderText():
            frame = self.width() - self.contentsRect().width() if self.width() > 0 else 40
            margins = self.textMargins()
            need = self.fontMetrics().horizontalAdvance(self.placeholderText()) + frame + margins.left() \
                + margins.right() + 8
            hint.setWidth(max(hint.width(), need))
        return hint

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()


def button(role: str = "", parent: QWidget | None = None, *, focus: Qt.FocusPolicy = Qt.FocusPolicy.StrongFocus) -> QPushButton:
    b = WrapButton(parent)
    if role:
        b.setProperty("role", role)
    b.setFocusPolicy(focus)
    b.setAutoDefault(False)
    return b


def label(role: str = "body", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    lab = QLabel(parent)
    lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


def set_text(widget: QLabel | QPushButton | QLineEdit, text: str, name: str | None = None) -> None:
    """Set a control's text and its accessible name (screen readers) in one go."""
    widget.setText(text)
    widget.setAccessibleName(name or text.replace("&", ""))


def keypad_only(field: QLineEdit) -> QLineEdit:
    """A field typed on an on-screen keypad (or by a scanner): Qt's on-screen keyboard never
    opens over the keypad for it. Free-text fields (names, staff settings) keep it."""
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return field


def wants_keyboard(obj: object) -> bool:
    """A tapped widget that should bring up the on-screen keyboard: an editable text field
    that takes input-method text (not a keypad field)."""
    return (isinstance(obj, QLineEdit) and not obj.isReadOnly()
            and obj.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled))


class ReflowRow(QWidget):
    """Buttons side by side while they fit, one under the other when they do not (large text)."""

    def __init__(self, *widgets: QWidget, spacing: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self.widgets = widgets
        for w in widgets:
            self.box.addWidget(w)
        self.box.addStretch(1)

    def _fits(self, width: int) -> bool:
        needed = sum(w.sizeHint().width() for w in self.widgets if not w.isHidden())
        return needed + self.box.spacing() * (len(self.widgets) - 1) <= width

    def resizeEvent(self, event) -> None:  # noqa: N802
        direction = QBoxLayout.Direction.LeftToRight if self._fits(event.size().width()) else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)

    def minimumSizeHint(self):  # noqa: N802
        hint = super().minimumSizeHint()
        hint.setWidth(max((w.minimumSizeHint().width() for w in self.widgets), default=0))
        return hint


#: row by row, three keys a row: the same on every keypad (visitor, guardian and staff PINs)
KEYPAD_LAYOUT = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete")


class Keypad(QWidget):
    """Digits 0-9, Clear and Delete in the telephone layout every PIN screen shares (1-2-3 on
    top, 0 at the bottom centre between Clear and Delete), typing into a QLineEdit. Keys take Tab focus
    but not click focus, so a barcode scanner typing into the field is never interrupted.
    ``ok_key`` (emits ``submitted``) is for the caller to place, e.g. beside the field."""

    submitted = Signal()

    @property
    def target(self) -> QLineEdit:
        return self._target

    @target.setter
    def target(self, field: QLineEdit) -> None:
        self._target = keypad_only(field)

    def __init__(self, target: QLineEdit, parent: QWidget | None = None, *, with_ok: bool = True) -> None:
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(10)  # four rows of keys: keep them on screen beside a field and a message
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: dict[str, QPushButton] = {}
        for i, name in enumerate(KEYPAD_LAYOUT):
            self._key(grid, name, i // 3, i % 3)
        self.clear_key, self.delete_key = self.keys["clear"], self.keys["delete"]
        self.ok_key: QPushButton | None = None
        if with_ok:
            self.ok_key = button("primary", focus=Qt.FocusPolicy.TabFocus)
            self.ok_key.clicked.connect(self.submitted)
        self.retranslate_ui()

    def _key(self, grid: QGridLayout, name: str, row: int, col: int) -> QPushButton:
        b = button("key", focus=Qt.FocusPolicy.TabFocus)
        b.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # one short line: its own height
        b.clicked.connect(lambda _=False, n=name: self._press(n))
        grid.addWidget(b, row, col)
        self.keys[name] = b
        if name.isdigit():
            b.setText(name)
            b.setAccessibleName(name)
        return b

    def _press(self, name: str) -> None:
        if name == "clear":
            self.target.clear()
        elif name == "delete":  # the last digit, even when a refused number is selected
            self.target.deselect()
            self.target.end(False)
            self.target.backspace()
        else:
            self.target.insert(name)

    @property
    def ok_button(self) -> QPushButton:
        """The OK key, for a keypad built with one (``with_ok``)."""
        if self.ok_key is None:
            raise RuntimeError("this keypad was built without an OK key")
        return self.ok_key

    def retranslate_ui(self) -> None:
        set_text(self.clear_key, QCoreApplication.translate("Keypad", "Clear"))
        set_text(self.delete_key, QCoreApplication.translate("Keypad", "⌫"),
                 QCoreApplication.translate("Keypad", "Delete last digit"))
        if self.ok_key is not None:
            set_text(self.ok_key, QCoreApplication.translate("Keypad", "OK"), QCoreApplication.translate("Keypad", "Confirm"))

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def timer(parent, interval_ms: int, slot, *, single: bool = False):
    """A QTimer owned by ``parent`` (so it dies with it); start it yourself."""
    from PySide6.QtCore import QTimer

    t = QTimer(parent)
    t.setInterval(interval_ms)
    t.setSingleShot(single)
    t.timeout.connect(slot)
    return t
