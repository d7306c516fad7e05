"""Registries the rest of the UI plugs into: pages (one per session state) and screenshots.

Modules anywhere under :mod:`kiosk.ui.pages` are imported by
:func:`kiosk.ui.discovery.discover`, so a new page or screenshot is one new file there;
nothing else needs to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from kiosk.domain.session import State

if TYPE_CHECKING:
    from kiosk.ui.pages.base import Page
    from kiosk.ui.window import KioskWindow

PAGES: dict[State, type["Page"]] = {}


@dataclass(frozen=True)
class Screen:
    name: str
    setup: Callable[["KioskWindow"], None]
    area: str
    #: the screen it is taken on, when not the usual 1280x800 (a portrait kiosk: 800x1280)
    size: tuple[int, int] | None = None
    #: undoes what the setup put into the screenshots' kiosk, once the screen is taken
    after: Callable[["KioskWindow"], None] | None = None


SCREENSHOTS: dict[str, Screen] = {}


def page(state: State) -> Callable[[type["Page"]], type["Page"]]:
    """Class decorator: ``@page(State.PIN) class PinPage(Page): ...``."""

    def register(cls: type["Page"]) -> type["Page"]:
        if state in PAGES and PAGES[state] is not cls:
            raise ValueError(f"two pages for state {state.value}: {PAGES[state].__name__} and {cls.__name__}")
        cls.state = state
        PAGES[state] = cls
        return cls

    return register


def screenshot(name: str, area: str = "visitor", size: tuple[int, int] | None = None,
               after: Callable[["KioskWindow"], None] | None = None) -> Callable[[Callable], Callable]:
    """Function decorator: ``@screenshot("pin")`` on ``def setup(window)`` that puts the
    window into the state to capture (use ``window.machine.force(...)`` and fake data only).
    A setup that shows another window (the staff console) returns it; it has ``close_shot()``.
    ``after(window)`` undoes what the setup stored, so the screens taken after it do not show it."""

    def register(fn: Callable[["KioskWindow"], None]) -> Callable[["KioskWindow"], None]:
        if name in SCREENSHOTS and SCREENSHOTS[name].setup is not fn:
            raise ValueError(f"screenshot {name!r} is registered twice")
        SCREENSHOTS[name] = Screen(name, fn, area, size, after)
        return fn

    return register
