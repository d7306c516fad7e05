"""Work around a PySide6 6.12.0 bug on Python < 3.12: every call of a void Qt method from
Python drops one reference to ``None`` that it never took (6.12 assumes the immortal
``None`` of Python 3.12+). On 3.11 ``None``'s count falls with every click and repaint
until the interpreter aborts with "none_dealloc" (tests: at exit; a kiosk: after hours).

The fix is to run on Python >= 3.12 or a PySide6 without the bug; until then we make
``None``, ``True`` and ``False`` effectively immortal, as 3.12 does, by giving them a huge
reference count. Applied once, only for the affected combination.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40


def apply() -> bool:
    import PySide6

    if sys.version_info >= (3, 12) or not PySide6.__version__.startswith("6.12."):
        return False
    if getattr(sys, "_kiosk_pyside_refcount_fix", False):
        return True
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    sys._kiosk_pyside_refcount_fix = True
    return True
