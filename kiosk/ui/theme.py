"""The look: one style sheet built from a palette and a text scale.

Widgets carry a ``role`` property (``primary``, ``danger``, ``choice``, ``secondary``, ``key``, ``title``,
``body``, ``hint``, ``error``, ``banner``); the sheet styles roles, never single widgets.

Large text (``LARGE_TEXT``) makes every text on the visitor pages 1.5 times as large, keys and
the Start button included; buttons grow with their text. The header and the DEMO banner keep
their size, so the switch back stays where it was.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_TOUCH_PX = 64  # >= 60 px touch targets
LARGE_TEXT = 1.5


@dataclass(frozen=True)
class Palette:
    window: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    border: str
    focus: str
    error: str
    success: str
    banner: str
    on_banner: str


CALM = Palette("#F4F6F8", "#FFFFFF", "#1B2430", "#4A5566", "#1F5FAF", "#FFFFFF", "#C9D2DE", "#E8A500",
               "#B3261E", "#1E7B3A", "#FFF3C4", "#5A4300")
HIGH_CONTRAST = Palette("#000000", "#000000", "#FFFFFF", "#FFFFFF", "#FFFF00", "#000000", "#FFFFFF", "#00FFFF",
                        "#FF8080", "#80FF80", "#FFFF00", "#000000")


def style_sheet(high_contrast: bool = False, large_text: bool = False) -> str:
    p = HIGH_CONTRAST if high_contrast else CALM
    k = LARGE_TEXT if large_text else 1.0

    def px(n: float) -> str:
        return f"{int(round(n * k))}px"

    bw = "3px" if high_contrast else "2px"
    return f"""
QWidget {{ background: {p.window}; color: {p.text}; font-size: {px(22)}; }}
QWidget#header, QWidget#footer {{ background: {p.surface}; border-bottom: 1px solid {p.border}; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {px(40)}; font-weight: 600; }}
QLabel[role="subtitle"] {{ font-size: {px(28)}; font-weight: 600; }}
QLabel[role="body"] {{ font-size: {px(24)}; }}
QLabel[role="hint"] {{ font-size: {px(20)}; color: {p.muted}; }}
QLabel[role="error"] {{ font-size: {px(24)}; color: {p.error}; font-weight: 600; }}
QLabel[role="success"] {{ font-size: {px(48)}; color: {p.success}; font-weight: 700; }}
QLabel[role="banner"] {{ background: {p.banner}; color: {p.on_banner}; font-size: 18px; padding: 6px 16px; }}
QLabel[role="brand"] {{ font-size: 22px; font-weight: 600; }}
QPushButton {{
    min-height: {MIN_TOUCH_PX}px; padding: 8px 24px; border-radius: 12px;
    background: {p.surface}; color: {p.text}; border: {bw} solid {p.border}; font-size: {px(24)};
}}
QPushButton:pressed {{ background: {p.border}; }}
QPushButton:focus {{ border: 4px solid {p.focus}; }}
QPushButton:disabled {{ color: {p.muted}; border-style: dashed; }}
QPushButton[role="answer"] {{ border-width: 4px; }}  /* as thick as its focus ring: an equal pair stays equal */
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; font-weight: 600; }}
QPushButton[role="primary"]:focus {{ border: 4px solid {p.focus}; }}
QPushButton[role="danger"] {{ background: {p.surface}; color: {p.error}; border-color: {p.error}; font-weight: 600; }}
QPushButton[role="choice"] {{ min-height: 72px; font-size: {px(28)}; font-weight: 600; text-align: left; padding-left: 32px; }}
QPushButton[role="choice"][emphasis="primary"] {{ background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; }}
QPushButton[role="choice"][emphasis="primary"]:focus {{ border: 4px solid {p.focus}; }}
QPushButton[role="key"] {{ min-height: {MIN_TOUCH_PX}px; min-width: 96px; font-size: {px(30)}; font-weight: 600; padding: 0px 4px; }}
QPushButton[role="start"] {{ min-height: {px(110)}; font-size: {px(32)}; font-weight: 600;
    background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; }}
QPushButton[role="start"]:focus {{ border: 4px solid {p.focus}; }}
QPushButton[role="toggle"] {{ min-width: 64px; font-size: {px(20)}; padding: 8px 16px; }}
QWidget#header QPushButton[role="toggle"] {{ font-size: 20px; padding: 2px 16px; }}
QPushButton[role="toggle"]:checked {{ background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; }}
QPushButton[role="link"] {{ border: none; background: transparent; color: {p.primary}; text-decoration: underline; }}
QPushButton[role="link"]:focus {{ border: 4px solid {p.focus}; }}
QLineEdit {{
    min-height: {MIN_TOUCH_PX}px; font-size: {px(34)}; padding: 4px 16px; border-radius: 10px;
    background: {p.surface}; color: {p.text}; border: {bw} solid {p.border};
}}
QLineEdit:focus {{ border: 4px solid {p.primary}; }}
QLineEdit:disabled {{ background: {p.window}; color: {p.muted}; border-style: dashed; }}
QAbstractSpinBox {{
    min-height: {MIN_TOUCH_PX}px; font-size: {px(26)}; border-radius: 10px;
    background: {p.surface}; color: {p.text}; border: {bw} solid {p.border};
}}
QAbstractSpinBox:focus {{ border: 4px solid {p.primary}; }}
QAbstractSpinBox[role="stepper"]::up-button, QAbstractSpinBox[role="stepper"]::down-button {{ width: 0; border: none; }}
QAbstractSpinBox QLineEdit {{ min-height: 0; padding: 0 12px; border: none; background: transparent; font-size: {px(26)}; }}
QScrollBar:vertical {{ width: 14px; background: {p.window}; border: none; }}
QScrollBar::handle:vertical {{ background: {p.border}; border-radius: 7px; min-height: 48px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QWidget#busy {{ background: {p.surface}; border: {bw} solid {p.border}; border-radius: 16px; }}
QProgressBar {{ min-height: 20px; max-height: 20px; border-radius: 10px; background: {p.border}; border: none; }}
QProgressBar::chunk {{ border-radius: 10px; background: {p.primary}; }}
"""
