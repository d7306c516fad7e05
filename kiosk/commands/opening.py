"""Opening the kiosk named on the command line: what every command that reads or changes records starts with."""

from __future__ import annotations

import argparse


def open_kiosk(args: argparse.Namespace, *, init: bool = False, engine=None):
    from kiosk.app import create

    return create(args.data_dir, key_file=args.key_file, engine=engine, init=init)
