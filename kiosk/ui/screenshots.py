"""Render every registered screen in every language to ``<screen>-<lang>.png``.

Uses a throwaway data folder, the fake engine and no camera at all (``still`` mode), so a
screenshot can never contain a camera frame or a face (rule 5): the face screen shows a
neutral drawn preview.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import NoReturn

from kiosk.errors import CameraError, NotFoundError
from kiosk.files import write_private
from kiosk.ui.i18n import LANGUAGES

SIZE = (1280, 800)


def _no_camera(spec: object) -> NoReturn:
    raise CameraError("Screenshots never open a camera.")


def _png(pixmap, path: Path) -> bytes:
    """The screen as a PNG file's bytes, rendered in memory."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buf, "PNG"):
        raise OSError(f"could not render {path.name}")
    buf.close()
    return bytes(data.data())


def on_screen(window, size: tuple[int, int]) -> None:
    """Show ``window`` as on a screen of ``size`` (it never grows past it)."""
    from PySide6.QtCore import QSize

    window.fit_screen(QSize(*size))
    window.resize(*size)


def show_screen(window, screen, *, large: bool = False):
    """Put ``window`` in ``screen``'s state in normal looks (or large text), and let it settle.
    Returns the window that shows the screen when it is another one (the staff console)."""
    from kiosk.ui.pages.staff.shots import settle

    window.large_button.setChecked(False)
    window.contrast_button.setChecked(False)
    other = screen.setup(window)
    if large:
        window.large_button.setChecked(True)
    settle(window, 3)
    return other


def render(out_dir: Path, names: list[str] | None = None, languages: tuple[str, ...] = ("en", "zh_CN")) -> list[Path]:
    from kiosk.app import create
    from kiosk.biometrics.fake import FakeEngine
    from kiosk.demo import DemoInfo, populate
    from kiosk.ui.discovery import discover
    from kiosk.ui.main import application, build_window
    from kiosk.ui.registry import SCREENSHOTS

    for lang in languages:
        if lang not in LANGUAGES:
            raise NotFoundError(f"There is no language {lang!r}.", remedy=f"Use one of: {', '.join(LANGUAGES)}.")
    _app = application()  # held while the screens render
    discover()
    unknown = [n for n in names or [] if n not in SCREENSHOTS]
    if unknown:
        raise NotFoundError(f"There is no screen called {', '.join(unknown)}.",
                            remedy=f"Use one of: {', '.join(sorted(SCREENSHOTS))}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        kiosk = create(Path(tmp) / "data", engine=FakeEngine(), init=True)
        window = None
        try:
            populate(kiosk)
            window = build_window(kiosk, open_source=_no_camera, language=languages[0], demo=DemoInfo(Path(tmp)),
                                  inactivity_ms=3_600_000, still=True, gate=lambda method: True)
            on_screen(window, SIZE)
            window.show()
            for lang in languages:
                window.default_language = lang  # Welcome resets to it: else every Welcome is the first language
                window.set_language(lang)
                for name, screen in SCREENSHOTS.items():
                    if names and name not in names:
                        continue
                    on_screen(window, screen.size or SIZE)
                    other = show_screen(window, screen)  # a screen of another window (the staff console) is returned
                    shown = other if other is not None else window
                    path = out_dir / f"{name}-{lang}.png"
                    try:
                        write_private(path, _png(shown.grab(), path))  # 0600, atomic, never through a link
                    finally:
                        if other is not None:
                            other.close_shot()
                        if screen.after is not None:
                            screen.after(window)
                    written.append(path)
                    if screen.size:
                        on_screen(window, SIZE)
        finally:
            if window is not None:
                window.shutdown()
                window.hide()
                window.deleteLater()
            kiosk.close()
    return written
