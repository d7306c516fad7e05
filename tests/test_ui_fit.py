"""Every page fits its screen: in both languages, in normal and large text, on a 1280x800 and a
1024x768 landscape screen and an 800x1280 portrait kiosk, each page shows its whole instruction
and every action. A label or button shown smaller than its text needs, a field too narrow for
its placeholder, a widget outside the window (or cut at the side of a scrolling body) or a
window larger than its screen fails the test, and so does a part that must stay in view (the
time left while the visitor turns their head, the field being typed into, the staff's "Log
out") scrolled away or cut. Pages are reached through the screenshots' set-ups (``kiosk
screenshots``), one window per combination. The staff console is checked the same way, with
a message in its message bar."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.fit import problems

SIZES = [(1280, 800), (1024, 768), (800, 1280)]


def pages_to_check() -> list[str]:
    """Every visitor screen, those of setting up face and of "my data" too (the staff area has
    its own layout)."""
    from kiosk.ui.discovery import discover
    from kiosk.ui.registry import SCREENSHOTS

    discover()
    return [name for name, s in SCREENSHOTS.items() if s.area in ("visitor", "enrollment")]


@pytest.fixture
def make_window(qtbot, data_dir):
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.demo import DemoInfo, populate
    from kiosk.ui.main import build_window
    from kiosk.ui.screenshots import _no_camera

    k = create(data_dir, engine=FakeEngine(), init=True)
    populate(k)
    made = []

    def make(lang: str, size: tuple[int, int]):
        from kiosk.ui.screenshots import on_screen

        w = build_window(k, open_source=_no_camera, language=lang, demo=DemoInfo(data_dir), inactivity_ms=3_600_000,
                         still=True, gate=lambda method: True)
        made.append(w)
        on_screen(w, size)
        w.show()
        qtbot.waitExposed(w)
        return w

    yield make
    for w in made:
        w.shutdown()
        w.deleteLater()
    qtbot.wait(10)
    k.close()


#: the combinations every run checks: the hardest of each screen size (the whole matrix of 12
#: takes about a minute and a half each here, so it runs with KIOSK_FIT_ALL=1)
EVERY_RUN = {("zh_CN", True, (1280, 800)), ("en", True, (800, 1280)), ("zh_CN", False, (1024, 768))}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_page_fits(make_window, lang, large, size):
    if (lang, large, size) not in EVERY_RUN and not os.environ.get("KIOSK_FIT_ALL"):
        pytest.skip("one of the twelve combinations: set KIOSK_FIT_ALL=1 for the whole matrix")
    from kiosk.ui.registry import SCREENSHOTS
    from kiosk.ui.screenshots import show_screen

    window = make_window(lang, size)
    screen = QRect(0, 0, *size)
    found = []
    for name in pages_to_check():
        show_screen(window, SCREENSHOTS[name], large=large)
        found += [f"{name}: {p}" for p in problems(window, screen)]
    assert window.maximumSize() == QSize(*size)
    assert not found, f"{lang} {'large' if large else 'normal'} text {size[0]}x{size[1]}:\n" + "\n".join(found)


#: the office console's screens: its dashboard with the kiosks table, without and with a help request
CONSOLE_SCREENS = ("console-dashboard", "console-alert")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_staff_console_fits_with_a_message_shown(make_window, lang, size):
    """The staff console (``kiosk console``) signed in, on its dashboard with the kiosks table
    and a message in its message bar: every text whole, and "Log out" in view (before, the
    message pushed it out of view at 1280x800). The console has no large text: it is read at
    a desk, in the office."""
    from PySide6.QtCore import QCoreApplication

    from kiosk.ui.pages.staff.shot_setup import settle
    from kiosk.ui.registry import SCREENSHOTS
    from kiosk.ui.screenshots import show_screen

    window = make_window(lang, size)
    found = []
    for name in CONSOLE_SCREENS:
        console = show_screen(window, SCREENSHOTS[name])
        try:
            assert console.staff.logout_button.isVisible()  # signed in
            console.show_message(QCoreApplication.translate(
                "Console", "The site's audit chains cannot be checked now: the site does not answer."))
            settle(console, 3)
            assert console.message_bar.isVisible()
            found += [f"{name}: {p}" for p in problems(console, QRect(0, 0, *size))]
        finally:
            console.close_shot()
    assert not found, f"{lang} {size[0]}x{size[1]}:\n" + "\n".join(found)


def test_the_check_finds_a_cut_label_a_cut_button_and_a_widget_off_the_window(qtbot):
    """The check itself: each kind of clipping is reported (else the test above proves nothing)."""
    from kiosk.ui.widgets import button, label

    top = QWidget()
    qtbot.addWidget(top)
    lay = QVBoxLayout(top)
    cut = label("body")
    cut.setText("A sentence long enough to need several lines at this narrow width, and more.")
    cut.setFixedSize(120, 20)
    squeezed = QPushButton("A button with a long text")
    squeezed.setFixedWidth(60)
    lay.addWidget(cut)
    lay.addWidget(squeezed)
    off = QLabel("off", top)
    top.resize(300, 200)
    top.show()
    off.move(290, 10)
    off.show()
    qtbot.waitExposed(top)
    found = "\n".join(problems(top))
    assert "QLabel" in found and "high" in found
    assert "QPushButton" in found and "needs" in found
    assert "outside the window" in found
    wraps = button()
    wraps.setText("A button with a long text that breaks into lines")
    lay.addWidget(wraps)
    squeezed.hide()
    cut.hide()
    off.hide()
    top.resize(200, 400)
    qtbot.waitUntil(lambda: "\n" in wraps.shown_text())
    assert problems(top) == []  # a kiosk button breaks its text into lines instead of cutting it
    assert wraps.text() == "A button with a long text that breaks into lines"


def test_the_window_never_grows_past_its_screen(make_window):
    """Large text on a page whose content needs more room than a small screen has: the window
    stays at the screen's size (before, it grew to 1280x816 on an 800-pixel screen and stayed)."""
    from kiosk.ui.registry import SCREENSHOTS
    from kiosk.ui.screenshots import show_screen

    window = make_window("zh_CN", (1024, 768))
    for name in ("liveness-challenge", "consent", "guardian", "welcome"):
        show_screen(window, SCREENSHOTS[name], large=True)
        assert window.width() <= 1024 and window.height() <= 768, (name, window.size())
    show_screen(window, SCREENSHOTS["welcome"])
    assert window.size() == QSize(1024, 768)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_staff_sign_in_fits_a_portrait_screen_in_large_text(make_window, lang):
    """The staff PIN pad on an 800x1280 portrait kiosk in large text: the keypad goes below the
    field instead of beside it, so nothing is wider than the screen."""
    from kiosk.ui.registry import SCREENSHOTS
    from kiosk.ui.screenshots import show_screen

    window = make_window(lang, (800, 1280))
    show_screen(window, SCREENSHOTS["staff-login"], large=True)
    found = problems(window, QRect(0, 0, 800, 1280))
    assert window.width() <= 800, window.size()
    assert not found, f"{lang}:\n" + "\n".join(found)


def test_the_check_finds_a_kept_widget_or_the_typed_field_scrolled_away(qtbot):
    """Below the fold of a scrolling body is allowed for reading matter, not for a widget kept
    in view (the time left on a head-turn step) nor for the field being typed into."""
    from PySide6.QtWidgets import QLineEdit

    from kiosk.ui.fit import keep_in_view
    from kiosk.ui.pages.base import touch_scroll_area
    from kiosk.ui.widgets import label

    top = QWidget()
    qtbot.addWidget(top)
    area = touch_scroll_area()
    QVBoxLayout(top).addWidget(area)
    content = QWidget()
    lay = QVBoxLayout(content)
    filler = label("body")
    filler.setText("Reading matter")
    filler.setMinimumHeight(400)
    kept = label("hint")
    kept.setText("Time left: 5 seconds")
    field = QLineEdit()
    lay.addWidget(filler)
    lay.addWidget(kept)
    lay.addWidget(field)
    area.setWidget(content)
    top.resize(300, 200)
    top.show()
    qtbot.waitExposed(top)
    assert problems(top) == []  # below the fold, the scroll bar shows there is more
    keep_in_view(kept)
    assert "kept in view" in "\n".join(problems(top))
    field.setFocus()
    qtbot.waitUntil(lambda: top.focusWidget() is field)
    assert "the field being typed into" in "\n".join(problems(top))
    area.ensureWidgetVisible(kept, 0, 0)  # scrolled to it: the field shows, the label too
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert problems(top) == []


def test_the_check_finds_widgets_of_one_layout_drawn_over_each_other(qtbot):
    """A layout squeezed below what its widgets need (the window may not grow past its screen)
    draws one over the other: the picture of the camera step under "Use my PIN instead"."""
    from kiosk.ui.preview import Preview
    from kiosk.ui.widgets import button

    top = QWidget()
    qtbot.addWidget(top)
    top.resize(300, 200)
    page = QWidget(top)  # laid out in the room it is given, as a page in a window at its screen's size
    lay = QVBoxLayout(page)
    picture = Preview(oval=True)
    picture.setMinimumSize(100, 240)
    below = button()
    below.setText("Use my PIN instead")
    lay.addWidget(picture)
    lay.addWidget(below)
    page.setGeometry(0, 0, 300, 200)
    top.show()
    qtbot.waitExposed(top)
    assert "overlap" in "\n".join(problems(top))
    picture.setMinimumSize(100, 60)
    qtbot.waitUntil(lambda: problems(top) == [])


@pytest.mark.parametrize("lang,large,size", [("zh_CN", True, (1280, 800)), ("en", False, (1280, 800)),
                                             ("en", True, (800, 1280))])
def test_the_notice_keeps_each_bottom_button_on_one_line(make_window, lang, large, size):
    """The notice's "Next: my answer" sits beside Back, Help and Start over while all four fit
    on one line each; where they do not (Chinese in large text), it takes a row of its own above
    them, rather than break "返回" or "重新开始" over two lines."""
    from kiosk.domain.session import State
    from kiosk.ui.registry import SCREENSHOTS
    from kiosk.ui.screenshots import show_screen

    window = make_window(lang, size)
    show_screen(window, SCREENSHOTS["notice"], large=large)
    page = window.pages[State.NOTICE]
    buttons = [b for b in (page.back_button, page.help_button, page.cancel_button, page.next_button) if b.isVisible()]
    assert page.next_button in buttons
    assert [b.shown_text() for b in buttons if "\n" in b.shown_text()] == []
    assert not problems(window, QRect(0, 0, *size))
    in_nav = page._nav_layout.indexOf(page.next_button) >= 0
    assert in_nav is (lang == "en" and not large)
