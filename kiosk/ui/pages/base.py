"""The page base class: layout (title, body, actions, Back / Start over) and the page life cycle.

Layout: the title at the top; ``self.body`` (reading matter) in a scroll area that scrolls by
swiping (QScroller) when large text does not fit; ``self.answer_area`` (the page's answers:
Agree / Decline, OK, keypads) and the Back / Start over row pinned at the bottom, so that
large text never pushes an action below the fold. A page whose body must not scroll (a
camera picture) sets ``scrolls = False``.

Life cycle, called by the window: ``enter()`` when the page becomes current (the session
is up to date), ``leave()`` when another page takes over (stop cameras and timers here),
``wipe()`` when the session is wiped (clear typed digits, previews, messages).
Texts are set in ``retranslate_ui()``, which also runs on every ``LanguageChange``.

The field being typed into is always shown whole, its label above it: when it gets the focus,
and whenever the body is laid out again, the body scrolls to it (a keypad beside the body
types into a field the visitor could otherwise not see).
"""

from __future__ import annotations

from typing import ClassVar, Iterator

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.session import NO_HELP_STATES, Event, State
from kiosk.ui.context import UiContext
from kiosk.ui.widgets import button, label, set_text

SCROLL_MIN_PX = 60
SCROLL_BAR_PX = 14  # the theme's vertical scroll bar
BODY_MIN_SHARE = 0.3  # of the page's height, before the pinned answers join the scrolling body
SHOW_MARGIN_PX = 4  # above and below the field being typed into when the body scrolls to it
SIDE_MARGIN_PX = 64  # left and right of a page on a wide screen; narrower screens keep less (side_margin)


def side_margin(width: int) -> int:
    """The page's left and right margin at ``width``: the text gets the room on a small screen."""
    return SIDE_MARGIN_PX if width >= 1200 else 32 if width >= 960 else 20


class Page(QWidget):
    state: ClassVar[State]
    show_back: ClassVar[bool] = True
    show_cancel: ClassVar[bool] = True
    scrolls: ClassVar[bool] = True

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.state.value}")
        outer = QVBoxLayout(self)
        self.outer = outer
        outer.setContentsMargins(SIDE_MARGIN_PX, 16, SIDE_MARGIN_PX, 16)
        outer.setSpacing(12)
        self.title = label("title")
        self.title.setObjectName("title")
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        #: pinned to the right of the body (keypads): never scrolls
        self.side = QVBoxLayout()
        self.side.setSpacing(12)
        self.scroll_area: QScrollArea | None = None
        column = self.column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.step = label("hint", wrap=False)  # "Step 2 of 4" in the set-up flow
        self.step.setObjectName("step")
        self.step.hide()
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.step, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        column.addLayout(title_row)
        column.addLayout(self.body, 1)
        # the body beside its keypad; on a portrait screen the keypad goes under the body
        row = self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(48)
        if self.scrolls:
            self.scroll_area = touch_scroll_area()
            content = QWidget()
            content.setObjectName("page-content")
            content.setLayout(column)
            self.scroll_area.setWidget(content)
            # a scroll bar appearing narrows the body: lay it out again at the new width, else
            # wrapped text and buttons stay at the old width and are cut at the right
            self.scroll_area.verticalScrollBar().rangeChanged.connect(lambda *_: QTimer.singleShot(0, self, self.reflow))
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.connect(self._focus_moved)
            row.addWidget(self.scroll_area, 1)
        else:
            row.addLayout(column, 1)
        # the side column (a keypad) stays beside the body; it scrolls on its own only when large
        # text on a short screen makes it taller than the page (its scroll bar shows there is more)
        side_box = QWidget()
        side_box.setObjectName("side")
        side_box.setLayout(self.side)
        self.side.setContentsMargins(0, 0, 0, 0)
        self.side_scroll = touch_scroll_area()
        self.side_scroll.setObjectName("side-scroll")
        self.side_scroll.setWidget(side_box)
        row.addWidget(self.side_scroll)
        outer.addLayout(row, 1)
        #: pinned at the bottom above Back / Start over: the page's answers (they join the end of
        #: the scrolling body only when large text on a small screen leaves the body no room)
        self.actions_box = QWidget()
        self.actions_box.setObjectName("actions")
        self.answer_area = QVBoxLayout(self.actions_box)
        self.answer_area.setContentsMargins(0, 0, 0, 0)
        self.answer_area.setSpacing(12)
        outer.addWidget(self.actions_box)
        nav = QHBoxLayout()
        nav.setSpacing(16)
        # owned by the page, also on a page that shows none of them (its nav row is never laid out)
        self.back_button = button(parent=self)
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.on_back)
        self.cancel_button = button(parent=self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(lambda: self.ctx.fire(Event.CANCEL))
        self.help_button = button(parent=self)  # "Help / ask staff" on every visitor screen (rule 12)
        self.help_button.setObjectName("help")
        self.help_button.clicked.connect(lambda: self.ctx.fire(Event.ASK_STAFF))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.help_button)
        nav.addWidget(self.cancel_button)
        self.back_button.setVisible(self.show_back)
        self.cancel_button.setVisible(self.show_cancel)
        helpful = self.state not in NO_HELP_STATES
        self.help_button.setVisible(helpful)
        self._nav_layout = None
        if self.show_back or self.show_cancel or helpful:
            outer.addLayout(nav)
            self._nav_layout = nav
        self._pinned = (self.side, self.answer_area, nav)
        self.nav_extras: list[QWidget] = []  # a page's main button in the nav row (add_to_nav)
        self._stepped_aside: list[QWidget] = []
        self.build()
        self.side_scroll.setVisible(self.side.count() > 0)
        self.retranslate_ui()

    # -- to override -----------------------------------------------------------
    def build(self) -> None:
        """Create the widgets (texts come in retranslate_ui)."""

    def retranslate_ui(self) -> None:
        translate = QCoreApplication.translate
        set_text(self.back_button, translate("Page", "‹  Back"), translate("Page", "Back"))
        set_text(self.cancel_button, translate("Page", "Start over"))
        set_text(self.help_button, translate("Page", "? Help / ask staff"), translate("Page", "Help: ask a member of staff"))
        if getattr(self, "_step_shown", None) is not None:
            self.show_step(self._step_shown)

    def show_step(self, step: tuple[int, int] | None) -> None:
        """Set by the window before ``enter()``: where this screen is in a multi-step flow."""
        self._step_shown = step  # said again in the new language on a language switch
        self.step.setVisible(step is not None)
        if step is not None:
            text = QCoreApplication.translate("Page", "Step %1 of %2")
            self.step.setText(text.replace("%1", str(step[0])).replace("%2", str(step[1])))

    def enter(self) -> None:
        """The page became current."""

    def leave(self) -> None:
        """Another page took over: stop cameras, timers."""

    def wipe(self) -> None:
        """The session was wiped: forget typed input and anything shown about the visitor."""

    def on_back(self) -> None:
        self.ctx.fire(Event.BACK)

    def reflow(self) -> None:
        """Lay the scrolling body out at the width it is shown at (see ``__init__``)."""
        content = self.scroll_area.widget() if self.scroll_area is not None else None
        lay = content.layout() if content is not None else None
        if content is not None and lay is not None and lay.geometry().width() != content.width():
            lay.invalidate()
            lay.activate()
        self.show_field()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.scroll_area.widget() if self.scroll_area is not None else None
        if new is not None and content is not None and content.isAncestorOf(new):
            QTimer.singleShot(0, self, self.show_field)  # once the layout has placed it

    def show_field(self) -> None:
        """Scroll the body so the field being typed into is shown whole, with its label."""
        area = self.scroll_area
        content = area.widget() if area is not None else None
        field = self.focusWidget()
        if (area is None or content is None or not isinstance(field, QLineEdit) or not field.isVisible()
                or not content.isAncestorOf(field)):
            return
        labels = [lab for lab in content.findChildren(QLabel) if lab.buddy() is field and lab.isVisible()]
        bar, view = area.verticalScrollBar(), area.viewport().height()

        def span(widgets: list[QWidget]) -> tuple[int, int]:
            """The scroll positions that show ``widgets`` whole (from > to: they are taller than the view)."""
            tops = [w.mapTo(content, QPoint(0, 0)).y() for w in widgets]
            bottom = max(t + w.height() for t, w in zip(tops, widgets))
            return bottom + SHOW_MARGIN_PX - view, min(tops) - SHOW_MARGIN_PX

        low, high = span([*labels, field])
        if low > high:  # the label and the field do not both fit: the field does
            low, high = span([field])
        bar.setValue(min(max(bar.value(), low), max(low, high)))

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._fit(event.size())
        super().resizeEvent(event)

    def _fit(self, size=None) -> None:
        """Fit the page to its size: margins, keypad beside or under the body, where the
        answers go, the side column's room. Runs on a resize and after large text is switched."""
        size = size or self.size()
        margin = side_margin(size.width())
        m = self.outer.contentsMargins()
        if m.left() != margin:
            self.outer.setContentsMargins(margin, m.top(), margin, m.bottom())
        portrait = size.height() > size.width()
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.row.direction() != direction:
            self.row.setDirection(direction)
            self.row.setSpacing(16 if portrait else 48)
        self.place_nav_extras(size)
        self._place_actions(size)
        if self.side.count():  # as wide as the side column needs, and its scroll bar; never squeezed in height
            minimum = self.side.minimumSize()
            self.side_scroll.setMinimumWidth(minimum.width() + SCROLL_BAR_PX)
            box = self.side_scroll.widget()
            width = size.width() - 2 * margin - SCROLL_BAR_PX if portrait else minimum.width()
            if box is not None:
                box.setMinimumHeight(max(minimum.height(), self.side.totalHeightForWidth(width)
                                         if self.side.hasHeightForWidth() else 0))

    def _place_actions(self, size) -> None:
        """The answers stay pinned while the body keeps at least ``BODY_MIN_SHARE`` of the page;
        else they scroll with it, at its end, rather than squeeze (a cut answer is worse)."""
        if self.scroll_area is None:
            return
        width = size.width() - 2 * side_margin(size.width())
        box = self.actions_box
        lay = self.answer_area
        need = lay.heightForWidth(width) if lay.hasHeightForWidth() else lay.sizeHint().height()
        pinned = self.outer.indexOf(box) >= 0
        fits = need <= size.height() * (1 - BODY_MIN_SHARE) - self._nav_height(width)
        if fits and not pinned:
            self.column.removeWidget(box)
            at = self.outer.indexOf(self._nav_layout) if self._nav_layout is not None else self.outer.count()
            self.outer.insertWidget(at, box)
        elif not fits and pinned:
            self.outer.removeWidget(box)
            self.column.addWidget(box)
        else:
            return
        box.show()  # a layout shows a moved widget only later, from the event loop: a tap meanwhile would miss

    def place_nav_extras(self, size) -> None:
        """The page's main button sits in the nav row while every button of the row fits on one
        line; else it goes above the row, right-aligned, with the page's answers."""
        nav = self._nav_layout
        if nav is None or not self.nav_extras:
            return
        width = size.width() - 2 * side_margin(size.width())
        shown: list[QWidget] = [w for w in (self.back_button, self.help_button, self.cancel_button) if not w.isHidden()]
        shown += self.nav_extras  # hidden or not: the row keeps its place while the page loads
        one_line = sum(w.sizeHint().width() for w in shown) + nav.spacing() * max(0, len(shown) - 1)
        fits = one_line <= width
        for w in self.nav_extras:
            in_nav = nav.indexOf(w) >= 0
            if fits and not in_nav:
                self.answer_area.removeWidget(w)
                nav.addWidget(w)
            elif not fits and in_nav:
                nav.removeWidget(w)
                self.answer_area.addWidget(w, 0, Qt.AlignmentFlag.AlignRight)
            else:
                continue
            if not w.isHidden():
                w.show()

    def _nav_height(self, width: int) -> int:
        nav = self._nav_layout
        if nav is None:
            return 0
        return (nav.heightForWidth(width) if nav.hasHeightForWidth() else nav.sizeHint().height()) + self.outer.spacing()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self, self.reflow)  # resized while hidden (a language switch): the layout waited

    def make_room_for_keyboard(self, height: int) -> None:
        """While Qt's on-screen keyboard covers the lower ``height`` pixels, the pinned keypads,
        answers and Back / Start over step aside, so the field being typed stays in view above
        it (the keyboard has its own Enter and hide keys); they come back when it goes."""
        self.setContentsMargins(0, 0, 0, height)
        if height and not self._stepped_aside:
            self._stepped_aside = [w for lay in self._pinned for w in _widgets(lay) if not w.isHidden()]
            for w in self._stepped_aside:
                w.hide()
        elif not height:
            for w in self._stepped_aside:
                w.show()
            self._stepped_aside = []

    # -- helpers ---------------------------------------------------------------
    def first_focus(self) -> QWidget | None:
        """The widget that gets keyboard focus on enter (default: first focusable child)."""
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button's text or font changed its size: the nav row again
            self.place_nav_extras(self.size())
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._fit)  # large text or longer words: fit again once laid out
        super().changeEvent(event)



def _widgets(layout: QLayout) -> Iterator[QWidget]:
    """The widgets directly in ``layout`` and its nested layouts."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            yield widget
        elif inner is not None:
            yield from _widgets(inner)


def touch_scroll_area() -> QScrollArea:
    """A frameless, vertical-only scroll area that follows a finger (QScroller)."""
    area = QScrollArea()
    area.setObjectName("page-scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumHeight(SCROLL_MIN_PX)  # may shrink to this: the pinned answers come first
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area
