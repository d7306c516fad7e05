"""``kiosk screenshots --out DIR``: every visitor (and later staff) screen in both languages."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def cmd_screenshots(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError

    if args.out.exists() and not args.out.is_dir():
        raise KioskError(f"--out {args.out} is a file; the screenshots go into a folder.",
                         remedy="Give a folder (it is created when missing).")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window flashes up; same pixels everywhere
    from kiosk.ui.screenshots import render

    langs = tuple(args.lang) if args.lang else ("en", "zh_CN")
    paths = render(args.out, args.screen or None, langs)
    for p in paths:
        print(p)
    print(f"{len(paths)} screenshot(s) written to {args.out}")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("screenshots", parents=[common], help="render every kiosk screen in both languages to PNG files")
    p.add_argument("--out", type=Path, required=True, help="folder for <screen>-<lang>.png")
    p.add_argument("--screen", action="append", help="only this screen (repeatable)")
    p.add_argument("--lang", action="append", choices=["en", "zh_CN"], help="only this language (repeatable)")
    p.set_defaults(func=cmd_screenshots)
