"""Face passes: ``site-key export/import/rotate``, ``revocations export/import/list``, ``pass print``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from kiosk.commands.opening import open_kiosk
from kiosk.errors import KioskError


def read_passphrase(confirm: bool) -> str:
    """From KIOSK_SITE_PASSPHRASE, else the terminal (typed twice when ``confirm``: a new
    passphrase, for an export), else one line of stdin: a pipe is read once, since a script
    that pipes a passphrase has it written down already and a second line would only repeat it."""
    from kiosk.domain.site_keys import PASSPHRASE_ENV

    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("Site passphrase: ")
        if confirm and getpass.getpass("Same passphrase again: ") != first:
            raise KioskError("The two passphrases differ.", remedy="Run the command again and type the same passphrase twice.")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line.strip():
        raise KioskError("No passphrase given.", remedy=f"Set {PASSPHRASE_ENV}, type it at the terminal, or pipe it on stdin.")
    return line.rstrip("\r\n")


def cmd_site_key_export(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        n = ops.export_site_keys(k, ops.Actor.cli(), args.out, read_passphrase(confirm=True))
    print(f"Site keys ({n}) written to {args.out}, wrapped with the passphrase. Import them on the site's other kiosks.")
    return 0


def cmd_site_key_import(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        result = ops.import_site_keys(k, ops.Actor.cli(), args.file, read_passphrase(confirm=False))
    if not result.changed:
        print(f"Nothing to import: every key of {args.file.name} is on this kiosk already (current site key "
              f"{result.current.name}).")
    else:
        print(f"This kiosk now belongs to the site of {args.file.name}: current site key {result.current.name}.")
    return 0


def cmd_site_key_rotate(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        r = ops.rotate_site_key(k, ops.Actor.cli())
    print(f"New site key {r.current.name} is current. Passes sealed before keep working for {r.grace_days} days, then "
          "need renewal. "
          "Export the keys again and import them on the site's other kiosks.")
    return 0


def cmd_site_key_show(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        keys = ops.site_keys(k, ops.Actor.cli())
    for key in keys:
        print(f"{key.name}  created {key.created}  " + ("current" if key.retired is None else f"retired {key.retired}"))
    print(f"{len(keys)} site key(s).")
    return 0


def cmd_revocations_export(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        n = ops.export_revocations(k, ops.Actor.cli(), args.out).entries
    print(f"{n} revocation(s) written to {args.out}.")
    return 0


def cmd_revocations_import(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        new = ops.import_revocations(k, ops.Actor.cli(), args.file).entries
    print(f"Imported {args.file}: {new} new revocation(s).")
    return 0


def cmd_revocations_list(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        rows = ops.revocation_list(k, ops.Actor.cli())
    for r in rows:
        print(f"{r.at}  {r.kind:<8} {r.ref}")
    print(f"{len(rows)} revocation(s).")
    return 0


def cmd_pass_print(args: argparse.Namespace) -> int:
    """Print (PNG or PDF) the face pass a member brings: from its text or a photo of its code.
    The kiosk keeps no copy of any pass, so the code always comes from the member."""
    from kiosk import ops
    from kiosk.commands.core import pass_code_arg

    with open_kiosk(args) as k:
        code = pass_code_arg(args.code)
        printed = ops.print_face_pass(k, ops.Actor.cli(), args.member_no, code, args.out)  # a valid pass of this member
    print(f"Face pass of {args.member_no} (valid until {printed.expires.isoformat()}) written to {args.out}.")
    return 0


def register(sub, common) -> None:
    ps = sub.add_parser("pass", parents=[common], help="face passes (pass mode)")
    psub = ps.add_subparsers(dest="pass_command", metavar="ACTION", required=True)
    p = psub.add_parser("print", parents=[common], help="write a member's face pass as PNG or PDF, for printing")
    p.add_argument("member_no")
    p.add_argument("--code", required=True, help="the pass: its text (KP1:...) or an image of its code (the receipt)")
    p.add_argument("--out", type=Path, required=True, help="FILE.png or FILE.pdf")
    p.set_defaults(func=cmd_pass_print)

    site = sub.add_parser("site-key", parents=[common], help="the site's template key for face passes")
    ssub = site.add_subparsers(dest="site_key_command", metavar="ACTION", required=True)
    p = ssub.add_parser("export", parents=[common], help="write the site keys wrapped with a passphrase (argon2id + AES-GCM)")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_site_key_export)
    p = ssub.add_parser("import", parents=[common], help="join this kiosk to the site of an exported key file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_site_key_import)
    p = ssub.add_parser("rotate", parents=[common], help="make a new site key current (old passes: grace period)")
    p.set_defaults(func=cmd_site_key_rotate)
    p = ssub.add_parser("show", parents=[common], help="list the key ids (never the keys)")
    p.set_defaults(func=cmd_site_key_show)

    rev = sub.add_parser("revocations", parents=[common], help="the face-pass revocation list (no biometric data)")
    rsub = rev.add_subparsers(dest="revocations_command", metavar="ACTION", required=True)
    p = rsub.add_parser("export", parents=[common], help="write the list for the site's other kiosks")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_revocations_export)
    p = rsub.add_parser("import", parents=[common], help="add another kiosk's list")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_revocations_import)
    p = rsub.add_parser("list", parents=[common], help="print the list")
    p.set_defaults(func=cmd_revocations_list)
