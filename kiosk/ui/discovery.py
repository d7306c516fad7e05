"""Finding the pages and screenshots: the registries stay below the pages that fill them."""

from __future__ import annotations

import importlib
import pkgutil


def discover() -> None:
    """Import every module under kiosk.ui.pages (pages and screenshots register themselves)."""
    import kiosk.ui.pages as pkg

    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
