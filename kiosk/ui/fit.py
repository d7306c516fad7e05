"""Does everything shown fit? Lists the texts on screen that are cut (a label, button or field
shown smaller than its text needs), the widgets that stick out of the window or, inside a
scrolling body, out of the side of the part shown, and the widgets of one layout drawn over
each other (a layout squeezed below what they need).

Used by the layout tests (every page, both languages, normal and large text, landscape and
portrait screens) and by ``kiosk screenshots --check``. A text in a scrolling body may lie
below the fold: the scroll bar shows that there is more. Two kinds of widget may not: one
marked with :func:`keep_in_view` (what a visitor reads while they cannot scroll, such as the
time left while they turn their head; what staff always need, such as "Log out"), and the
field being typed into (the keypad types into it: the visitor sees what they type).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

#: a pixel of rounding between a size hint and the geometry a layout gives
SLACK = 1
#: the dynamic property that marks a widget that must be shown whole, never scrolled away
KEEP_IN_VIEW = "keepInView"


def keep_in_view(*widgets: QWidget) -> None:
    """Mark ``widgets`` as always shown whole: never below the fold of a scrolling body."""
    for w in widgets:
        w.setProperty(KEEP_IN_VIEW, True)


def _on(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    text = (text or getattr(widget, "placeholderText", lambda: "")() or "").replace("\n", " ")
    return f"{type(widget).__name__}#{widget.objectName() or '-'} {text[:40]!r}"


def _scroll_view(widget: QWidget) -> QWidget | None:
    """The viewport of the innermost scroll area that holds ``widget``, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent.viewport()
        parent = parent.parentWidget()
    return None


def label_cut(lab: QLabel) -> str | None:
    text = lab.text()
    if not text or lab.pixmap() is not None and not lab.pixmap().isNull():
        return None
    if lab.wordWrap():
        need_w = lab.minimumSizeHint().width()  # the longest word (or CJK character run) on a line
        if need_w > lab.width() + SLACK:
            return f"needs {need_w} px wide, shown {lab.width()}"
        need = lab.heightForWidth(lab.width())
        if need > lab.height() + SLACK:
            return f"needs {need} px high at {lab.width()} wide, shown {lab.height()}"
        return None
    fm = lab.fontMetrics()
    lines = text.split("\n")
    room = lab.contentsRect().width() - 2 * lab.margin() - lab.indent() if lab.indent() > 0 else \
        lab.contentsRect().width() - 2 * lab.margin()
    need_w = max(fm.horizontalAdvance(line) for line in lines)
    if need_w > room + SLACK:
        return f"needs {need_w} px wide, has {room}"
    need_h = fm.size(0, text).height()
    if need_h > lab.contentsRect().height() + SLACK:
        return f"needs {need_h} px high, has {lab.contentsRect().height()}"
    return None


def button_cut(b: QPushButton) -> str | None:
    text = QPushButton.text(b).replace("&&", "&")  # as shown: a WrapButton breaks it into lines
    if not text:
        return None
    opt = QStyleOptionButton()
    b.initStyleOption(opt)
    room = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, b)
    fm = b.fontMetrics()
    lines = text.split("\n")
    need_w = max(fm.horizontalAdvance(line) for line in lines)
    if not b.icon().isNull():
        need_w += b.iconSize().width() + 4
    if need_w > room.width() + SLACK:
        return f"needs {need_w} px for its text, has {room.width()}"
    need_h = fm.size(Qt.TextFlag.TextShowMnemonic, text).height()
    if need_h > room.height() + SLACK:
        return f"needs {need_h} px high, has {room.height()}"
    return None


def field_cut(edit: QLineEdit) -> str | None:
    """A field's placeholder (what to type) is shown whole, and a line of text fits its height."""
    fm = edit.fontMetrics()
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4  # the frame's own 2 px each side
    hint = edit.placeholderText()
    if hint and not edit.text() and fm.horizontalAdvance(hint) > room + SLACK:
        return f"placeholder needs {fm.horizontalAdvance(hint)} px, has {room}"
    if fm.height() > edit.contentsRect().height() + SLACK:
        return f"needs {fm.height()} px high, has {edit.contentsRect().height()}"
    return None


def _shown_part(window: QWidget, widget: QWidget) -> QRect:
    """The part of the window where ``widget`` can be seen: the window, less what every scroll
    area around it hides."""
    shown = QRect(0, 0, window.width(), window.height())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            shown = shown.intersected(_on(window, parent.viewport()))
        parent = parent.parentWidget()
    return shown


def out_of_view(window: QWidget) -> list[str]:
    """The widgets marked :func:`keep_in_view`, and the field being typed into, that are not
    shown whole (a part of them scrolled away or cut by the window)."""
    found: list[str] = []
    focus = window.focusWidget()
    typing = focus if isinstance(focus, QLineEdit) and window.isAncestorOf(focus) else None
    for w in window.findChildren(QWidget):
        if (not w.isVisible() or w.isWindow() or w.width() <= 0 or w.height() <= 0
                or not (w.property(KEEP_IN_VIEW) or w is typing)):
            continue
        box, shown = _on(window, w), _shown_part(window, w)
        if not shown.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
            what = "the field being typed into" if w is typing else "kept in view"
            found.append(f"{_name(w)} ({what}) is not shown whole: {box.getRect()}, shown part {shown.getRect()}")
    return found


def _laid_out(parent: QWidget) -> list[QWidget]:
    """The visible widgets that ``parent``'s layout (and the layouts in it) places."""
    top = parent.layout()
    if top is None:
        return []
    layouts = [top, *top.findChildren(QLayout)]
    return [w for w in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible() and not w.isWindow() and w.width() > 0 and w.height() > 0
            and any(lay.indexOf(w) >= 0 for lay in layouts)]


def overlaps(window: QWidget) -> list[str]:
    """Widgets placed by one layout that lie over each other: a layout squeezed below what its
    widgets need (the window may not grow past its screen) draws one over the other."""
    found: list[str] = []
    for parent in [window, *window.findChildren(QWidget)]:
        if not parent.isVisible():
            continue
        placed = _laid_out(parent)
        for i, a in enumerate(placed):
            for b in placed[i + 1:]:
                common = a.geometry().intersected(b.geometry())
                if common.width() > SLACK and common.height() > SLACK:
                    found.append(f"{_name(a)} and {_name(b)} overlap: {a.geometry().getRect()}, {b.geometry().getRect()}")
    return found


def problems(window: QWidget, screen: QRect | None = None) -> list[str]:
    """What does not fit in ``window`` as it is shown now; ``screen`` (default: the window's
    own size) is the screen the window must stay within."""
    screen = screen or QRect(0, 0, window.width(), window.height())
    found: list[str] = []
    if window.width() > screen.width() or window.height() > screen.height():
        found.append(f"the window is {window.width()}x{window.height()} on a {screen.width()}x{screen.height()} screen")
    whole = QRect(0, 0, window.width(), window.height())
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or w.width() <= 0 or w.height() <= 0:
            continue
        box = _on(window, w)
        view = _scroll_view(w)
        parent = w.parentWidget()
        if (parent is not None and parent is not window and not isinstance(parent.parentWidget(), QAbstractScrollArea)
                and not QRect(0, 0, parent.width(), parent.height()).contains(w.geometry())):
            found.append(f"{_name(w)} is cut by {_name(parent)}: {w.geometry().getRect()} in {parent.size().toTuple()}")
            continue
        if view is None:
            if not whole.contains(box):
                found.append(f"{_name(w)} lies outside the window: {box.getRect()}")
                continue
        else:
            shown = _on(window, view)
            if box.left() < shown.left() - SLACK or box.right() > shown.right() + SLACK:
                found.append(f"{_name(w)} is cut at the side of its scrolling body: {box.getRect()} in {shown.getRect()}")
                continue
        cut = None
        if isinstance(w, QLabel):
            cut = label_cut(w)
        elif isinstance(w, QPushButton):
            cut = button_cut(w)
        elif isinstance(w, QLineEdit):
            cut = field_cut(w)
        if cut:
            found.append(f"{_name(w)} {cut}")
    return found + out_of_view(window) + overlaps(window)
