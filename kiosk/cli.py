"""Command line: ``kiosk [--demo]`` starts the kiosk; subcommands administer it.

Every command exits non-zero with one clear line on error. Command modules add
their own sub-parsers through ``register(subparsers)``; see ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from kiosk.errors import KioskError

#: Modules that contribute sub-commands (each has ``register(subparsers)``).
COMMAND_MODULES = [
    "kiosk.commands.core",
    "kiosk.commands.calibrate",
    "kiosk.commands.admin",
    "kiosk.commands.screenshots",
    "kiosk.commands.bench",
    "kiosk.commands.pad",
    "kiosk.commands.passes",
    "kiosk.commands.console",
    "kiosk.commands.site",
]


def common_options(default: object = None) -> argparse.ArgumentParser:
    """--data-dir and --key-file, accepted before or after the sub-command."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--data-dir", type=Path, default=default, help="data folder (default: the platform's user data folder)")
    p.add_argument("--key-file", type=Path, default=default, help="database key file (default: DATA_DIR/kiosk.key; or set KIOSK_DB_KEY)")
    return p


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiosk")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__.splitlines()[0], parents=[common_options()])
    common = common_options(argparse.SUPPRESS)  # sub-commands must not reset what came before them
    parser.add_argument("--version", action="version", version=f"kiosk {_version()}")
    parser.add_argument("--demo", action="store_true", help="run on a throwaway demo data folder with demo members and a file camera")
    parser.add_argument("--camera", default=None, help="webcam index, video file or image file (looped)")
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument("--windowed", action="store_true",
                        help="a normal window instead of full-screen kiosk mode (the demo's default)")
    screen.add_argument("--fullscreen", action="store_true",
                        help="full-screen kiosk mode, locked (the default without --demo)")
    parser.add_argument("--hide-cursor", action="store_true", help="no mouse pointer (touch screens); or KIOSK_HIDE_CURSOR=1")
    parser.add_argument("--lang", default=None, choices=["zh_CN", "en"],
                        help="start-up language (default: the settings'; the demo's: the machine's locale)")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # start, time, exit (kiosk bench)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def _log_to_data_folder(args: argparse.Namespace):
    """``kiosk.log`` in the data folder (when it exists; the demo's throwaway folder has none).
    The kiosk itself also logs to standard error (the journal)."""
    import logging

    from kiosk import logs
    from kiosk.config import Paths, default_data_dir

    if getattr(args, "demo", False):
        return None
    if args.command is None:
        logging.basicConfig(level=logging.INFO, format=logs.FORMAT)
    handler = logs.attach(Paths(Path(args.data_dir) if args.data_dir else default_data_dir()).log_file)
    logging.getLogger("kiosk").info("kiosk %s", args.command or "started")  # the command's name, never its arguments
    return handler


def main(argv: list[str] | None = None) -> int:
    """Run one command. Whatever happens, the user gets one line on standard error, never a
    traceback: a KioskError (its own exit status, 2 unless it says otherwise), a file-system
    error (the path and the reason in words), Ctrl-C (exit status 130)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None and not args.demo:  # one line, before the log and the display
            from kiosk.app import refuse_office_seat

            refuse_office_seat(args.data_dir)
        handler = _log_to_data_folder(args)
        try:
            return _run(args)
        finally:
            from kiosk import logs

            logs.detach(handler)
    except KeyboardInterrupt:
        _quiet_interrupts()
        print("kiosk: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # stdout closed early (e.g. piped into head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KioskError as exc:
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except OSError as exc:
        print(f"kiosk: error: {os_error_line(exc)}", file=sys.stderr)
        return 2


def entry() -> None:
    """The ``kiosk`` program (console script and ``python -m kiosk``): :func:`main`, then exit.
    After Ctrl-C everything has been closed while the stack unwound; the process then ends at
    once with status 130, so a late signal during interpreter shutdown cannot turn into a
    traceback or a death by SIGINT."""
    code = main()
    if code == 130:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(130)
    raise SystemExit(code)


def _quiet_interrupts() -> None:
    """A second Ctrl-C while the first one is being answered exits quietly too."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (main() called from a test's thread)
        pass


def os_error_line(exc: OSError) -> str:
    """A file-system error in one line: what failed, on which path, why in words."""
    from kiosk.inputs import describe_os_error

    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    where = " and ".join(str(os.fsdecode(p)) for p in paths) if paths else "a file"
    return f"Cannot use {where}: {describe_os_error(exc)}. Check the path and its permissions."


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            from kiosk.errors import DisplayError
            from kiosk.qt_platform import startup_problem

            problem = startup_problem()  # Qt would abort the process instead of saying so
            if problem:
                raise DisplayError(problem)
            from kiosk.ui.main import run_kiosk  # Qt only when the kiosk itself starts

            return run_kiosk(args)
        return int(args.func(args) or 0)
    except Exception as exc:
        if type(exc).__module__.startswith("sqlcipher3"):
            # a page fails its HMAC or the file is malformed: damage, not a bug to show as a traceback
            print(f"kiosk: error: The database file is damaged ({exc}). Restore it from a backup "
                  "('kiosk restore FILE'); the damaged file was not changed.", file=sys.stderr)
            return 2
        raise
