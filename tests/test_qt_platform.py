"""kiosk doctor: the Qt platform plugin loads (checked in a child process), and a missing
system library is named with the Debian package to install."""

from __future__ import annotations

import subprocess

from kiosk import qt_platform
from kiosk.doctor import check_qt_platform

XCB_FAILURE = """\
qt.core.library: "/x/PySide6/Qt/plugins/platforms/libqxcb.so" cannot load: Cannot load library \
/x/PySide6/Qt/plugins/platforms/libqxcb.so: (libxcb-cursor.so.0: cannot open shared object file: No such file or directory)
qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin.
qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though it was found.
"""
LDD = """\
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms1.so.1 => /lib/x86_64-linux-gnu/libxcb-keysyms.so.1 (0x00007f)
\tlibxcb-keysyms.so.1 => not found
"""


def fake_run(probe_rc: int, probe_out: str, ldd_out: str = ""):
    def run(argv, **kw):
        out = ldd_out if argv[0] == "ldd" else probe_out
        return subprocess.CompletedProcess(argv, probe_rc if argv[0] != "ldd" else 0, stdout=out, stderr="")
    return run


def test_the_missing_library_and_its_package_are_named():
    check = check_qt_platform("xcb", run=fake_run(134, XCB_FAILURE))
    assert not check.ok and "libxcb-cursor.so.0" in check.message
    assert check.fix == "sudo apt install libxcb-cursor0"


def test_ldd_lists_every_missing_library_when_the_loader_names_none():
    check = check_qt_platform("xcb", run=fake_run(134, 'qt.qpa.plugin: Could not load the Qt platform plugin "xcb"', LDD))
    assert not check.ok
    assert check.fix == "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"


def test_no_display_is_not_a_missing_library():
    out = "qt.qpa.xcb: could not connect to display \nqt.qpa.plugin: Could not load the Qt platform plugin \"xcb\""
    check = check_qt_platform("xcb", run=fake_run(134, out))
    assert check.ok and "no display" in check.message


def test_the_platform_follows_the_session():
    assert qt_platform.platform_wanted({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert qt_platform.platform_wanted({"WAYLAND_DISPLAY": "wayland-0"}) == "wayland"
    assert qt_platform.platform_wanted({"DISPLAY": ":0"}) == "xcb"


def test_every_library_the_plugins_need_has_a_package_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for pkg in set(qt_platform.X11_PACKAGES.values()) | set(qt_platform.WAYLAND_PACKAGES.values()):
        assert pkg in readme, pkg


def test_the_offscreen_plugin_really_loads_in_a_child_process():
    check = check_qt_platform("offscreen")
    assert check.ok, check.message
