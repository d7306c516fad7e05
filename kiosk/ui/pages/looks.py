"""Screenshots of visitor pages as an elderly or low-vision visitor sees them: large text
(``-large``) and high contrast (``-contrast``), set up exactly like the plain screenshots; and
the face step on a portrait kiosk screen (800x1280)."""

from __future__ import annotations

from kiosk.ui.registry import SCREENSHOTS, screenshot


def _variant(base: str, *, large: bool = False, contrast: bool = False):
    def setup(window) -> None:
        SCREENSHOTS[base].setup(window)
        window.large_button.setChecked(large)  # after the set-up: Welcome would switch them off
        window.contrast_button.setChecked(contrast)

    return setup


for _name in ("notice", "consent", "pin", "claim", "method"):
    screenshot(f"{_name}-large")(_variant(_name, large=True))
screenshot("notice-contrast")(_variant("notice", contrast=True))
screenshot("welcome-large-contrast")(_variant("welcome", large=True, contrast=True))
screenshot("face-step-large")(_variant("liveness-challenge", large=True))  # the head-turn instruction, whole
screenshot("face-step-portrait", size=(800, 1280))(_variant("liveness-challenge"))
