"""``kiosk console --data-dir DIR``: the staff area as a desktop application for the office
(windowed, no camera, no visitor flow) on one kiosk's data folder."""

from __future__ import annotations

import argparse


def cmd_console(args: argparse.Namespace) -> int:
    from kiosk.ui.console import run_console  # Qt only when the console itself starts

    return run_console(args)


def register(sub, common) -> None:
    p = sub.add_parser("console", parents=[common],
                       help="the staff area for the office: kiosk state, live help requests, members, audit, "
                            "reports and settings (windowed, no camera)")
    p.add_argument("--lang", default=None, choices=["zh_CN", "en"], help="start-up language")
    p.set_defaults(func=cmd_console)
