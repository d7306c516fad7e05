"""Whether Qt's platform plugin (xcb on X11, wayland) loads on this machine, and which
Debian package to install when a library it needs is missing.

The check starts a child Python that creates a ``QGuiApplication`` (a crash there must not
take ``kiosk doctor`` down) and, when that fails, lists the plugin's libraries that the
dynamic loader cannot find (``ldd``). This module itself never imports Qt.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable, Mapping

#: What the platform plugins load, by shared-object name -> Debian package (bookworm names).
X11_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1", "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
WAYLAND_PACKAGES: dict[str, str] = {
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
COMMON_PACKAGES: dict[str, str] = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0", "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0", "libpulse.so.0": "libpulse0",
}
PACKAGES = {**COMMON_PACKAGES, **X11_PACKAGES, **WAYLAND_PACKAGES}
#: The plugin file and the Qt library behind it, per platform.
PLUGIN_FILES = {"xcb": ("plugins/platforms/libqxcb.so", "lib/libQt6XcbQpa.so.6"),
                "wayland": ("plugins/platforms/libqwayland.so", "lib/libQt6WaylandClient.so.6")}

_PROBE = ("import sys\n"
          "from PySide6.QtGui import QGuiApplication\n"
          "app = QGuiApplication(sys.argv[:1])\n"
          "print('platform=' + app.platformName())\n")
_MISSING = re.compile(r"(lib[\w.+-]+\.so[\w.]*)(?::| =>) (?:cannot open shared object file|not found)")


def platform_wanted(env: dict[str, str] | None = None) -> str:
    """The plugin the kiosk will use here: QT_QPA_PLATFORM, else wayland in a Wayland
    session, else xcb."""
    values: Mapping[str, str] = os.environ if env is None else env
    if values.get("QT_QPA_PLATFORM"):
        return values["QT_QPA_PLATFORM"].split(":")[0].split(";")[0]
    return "wayland" if values.get("WAYLAND_DISPLAY") else "xcb"


def missing_libraries(text: str) -> list[str]:
    """Shared objects named as missing in loader or ``ldd`` output, in order, once each."""
    seen: list[str] = []
    for name in _MISSING.findall(text):
        if name not in seen:
            seen.append(name)
    return seen


def packages_for(libraries: list[str]) -> list[str]:
    out: list[str] = []
    for lib in libraries:
        pkg = PACKAGES.get(lib, f"(the package with {lib})")
        if pkg not in out:
            out.append(pkg)
    return out


def qt_dir() -> Path | None:
    """PySide6's Qt folder, found without importing Qt."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "Qt"


def ldd_missing(platform: str, run: Callable = subprocess.run, qt: Path | None = None) -> list[str]:
    """The plugin's libraries that the loader cannot find (empty when ldd is absent)."""
    qt = qt or qt_dir()
    if qt is None or platform not in PLUGIN_FILES:
        return []
    text = ""
    for rel in PLUGIN_FILES[platform]:
        path = qt / rel
        if path.exists():
            try:
                text += run(["ldd", str(path)], capture_output=True, text=True, timeout=20).stdout
            except (OSError, subprocess.SubprocessError):
                return []
    return missing_libraries(text)


def probe(platform: str, run: Callable = subprocess.run, timeout: float = 60) -> tuple[bool, str]:
    """Start Qt with ``platform`` in a child process: (loaded, what it printed)."""
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "QT_DEBUG_PLUGINS": "1"}
    try:
        done = run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return False, f"Qt did not start within {timeout:g} s"
    except OSError as exc:
        return False, str(exc)
    out = (done.stdout or "") + (done.stderr or "")
    return done.returncode == 0 and "platform=" in out, out


def diagnose(platform: str | None = None, run: Callable = subprocess.run) -> tuple[bool, str, str]:
    """(loads, what happened, what to do) for ``kiosk doctor``."""
    platform = platform or platform_wanted()
    loaded, out = probe(platform, run)
    if loaded:
        return True, f"the Qt platform plugin {platform} loads", ""
    missing = missing_libraries(out) or ldd_missing(platform, run)
    if missing:
        return (False, f"the Qt platform plugin {platform} cannot load: {', '.join(missing)} missing",
                "sudo apt install " + " ".join(packages_for(missing)))
    if "could not connect to display" in out or "Failed to create wl_display" in out:
        return True, (f"the Qt platform plugin {platform} and its libraries load; there is no display to connect to "
                      "from here (start the kiosk in the desktop session)"), ""
    lines = [ln.strip() for ln in out.splitlines() if ln.strip() and "qt.core" not in ln and "QFactoryLoader" not in ln]
    return (False, f"Qt cannot start with the platform plugin {platform}: {lines[-1] if lines else 'no output'}",
            "Run 'QT_DEBUG_PLUGINS=1 uv run kiosk --demo --windowed' to see why; the README lists the system libraries.")


#: The environment variable each platform plugin connects through.
DISPLAY_VARIABLES = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}
#: Plugins that need no display and load without a system library of their own.
NO_DISPLAY_PLATFORMS = ("offscreen", "minimal")
MORE = "'kiosk doctor' explains more."


def startup_problem(env: Mapping[str, str] | None = None, run: Callable = subprocess.run) -> str | None:
    """Before the kiosk creates its window: one line saying what is missing (no display, a
    platform plugin that cannot load), or None when Qt will start. Qt itself would abort the
    process instead (exit 134). The plugin is probed in a child process, as for ``kiosk doctor``."""
    values: Mapping[str, str] = os.environ if env is None else env
    platform = platform_wanted(dict(values))
    if platform in NO_DISPLAY_PLATFORMS:
        return None
    variable = DISPLAY_VARIABLES.get(platform)
    if variable and not values.get(variable):
        return (f"There is no display to open the kiosk on ({variable} is not set): start it in the desktop "
                f"session, or set QT_QPA_PLATFORM. {MORE}")
    loaded, out = probe(platform, run)
    if loaded:
        return None
    missing = missing_libraries(out) or ldd_missing(platform, run)
    if missing:
        return (f"Qt's platform plugin {platform} cannot load: {', '.join(missing)} missing "
                f"(sudo apt install {' '.join(packages_for(missing))}). {MORE}")
    if "could not connect to display" in out or "Failed to create wl_display" in out:
        return (f"There is no display {values.get(variable or '', '')} to connect to (is the desktop session "
                f"running, and may this user use it?). {MORE}").replace("display  to", "display to")
    return f"Qt cannot start with the platform plugin {platform}. {MORE}"
