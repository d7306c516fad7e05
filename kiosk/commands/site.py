"""``kiosk site ...``: a site of kiosks on PostgreSQL (create, code, join, status, sync).

Passwords never go on the command line: the database owner's comes from ``PGPASSWORD`` (or a
``~/.pgpass`` file), a join code from ``KIOSK_SITE_JOIN_CODE`` or typed at the prompt, and
each kiosk keeps its own in ``site.json`` (0600) in its data folder.
"""

from __future__ import annotations

import argparse
import getpass
import os

from kiosk.commands.opening import open_kiosk

CODE_ENV = "KIOSK_SITE_JOIN_CODE"


def cmd_site_create(args: argparse.Namespace) -> int:
    from kiosk import site

    with open_kiosk(args) as k:
        link = site.create_site(k, args.url, args.name, args.site_name or args.name)
        result = site.sync(k)
    print(f"Site created; this kiosk joined it as {link.name!r} (kiosk {link.kiosk_id}) and sent "
          f"{result.pushed} record(s). Its administrators are the site's. Issue join codes with 'kiosk site code URL'.")
    return 0


def cmd_site_code(args: argparse.Namespace) -> int:
    from kiosk import site

    code = site.issue_join_code(args.url, args.hours)
    print(code)
    print(f"One-time join code, valid {args.hours} h. At the new kiosk: {CODE_ENV}=CODE kiosk site join URL --name NAME",
          file=__import__("sys").stderr)
    return 0


def cmd_site_join(args: argparse.Namespace) -> int:
    from kiosk import site

    code = os.environ.get(CODE_ENV) or getpass.getpass("Join code: ")
    with open_kiosk(args, init=args.console) as k:  # an office seat's folder is made here
        link = site.join_site(k, args.url, code, args.name, office=args.console)
        result = site.sync(k)
    if link.office:
        print(f"Joined the site as the office console seat {link.name!r} (kiosk {link.kiosk_id}): sent "
              f"{result.pushed}, received {result.applied} change(s). Open it with "
              f"'kiosk console --data-dir {k.paths.data_dir}'.")
        return 0
    print(f"Joined the site as {link.name!r} (kiosk {link.kiosk_id}): sent {result.pushed}, "
          f"received {result.applied} change(s).")
    return 0


def cmd_site_sync(args: argparse.Namespace) -> int:
    from kiosk import site

    with open_kiosk(args) as k:
        r = site.sync(k)
    print(f"Sent {r.pushed} change(s) and {r.audit_uploaded} audit record(s); received {r.pulled} change(s), "
          f"applied {r.applied}; {r.queued} waiting; last change {r.last_seq}.")
    return 0


def cmd_site_status(args: argparse.Namespace) -> int:
    from kiosk import site

    with open_kiosk(args) as k:
        kiosks, top, own_queue = site.site_status(k)
    print(f"{'id':>3}  {'name':<24} {'seat':<14} {'state':<7} {'last contact (UTC)':<21} {'queued':>6} {'behind':>6}  "
          "version")
    for s in kiosks:
        seat = "office console" if s.seat is site.Seat.OFFICE else "gate"
        print(f"{s.kiosk_id:>3}  {s.name[:24]:<24} {seat:<14} {'online' if s.online else 'offline':<7} "
              f"{s.last_contact or 'never':<21} {s.queued:>6} {top - s.last_seq:>6}  {s.version or '?'}")
    gates = [s for s in kiosks if s.seat is site.Seat.GATE]
    offices = len(kiosks) - len(gates)
    print(f"{len(gates)} gate(s), {sum(not s.online for s in gates)} offline; {offices} office console(s); "
          f"last change {top}; {own_queue} change(s) of this kiosk waiting to be sent.")
    return 0


def register(sub, common) -> None:
    ps = sub.add_parser("site", parents=[common], help="a site of kiosks on PostgreSQL")
    ssub = ps.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    p = ssub.add_parser("create", parents=[common],
                        help="create the site's schema and roles (as the database's owner; password in PGPASSWORD) "
                             "and make this kiosk its first one")
    p.add_argument("url", help="postgresql://OWNER@HOST:PORT/DATABASE[?sslmode=verify-full&sslrootcert=FILE]")
    p.add_argument("--name", required=True, help="this kiosk's name, e.g. \"Main gate\"")
    p.add_argument("--site-name", default=None, help="the site's name (default: the kiosk's)")
    p.set_defaults(func=cmd_site_create)
    p = ssub.add_parser("code", parents=[common], help="issue a one-time join code (as the database's owner)")
    p.add_argument("url")
    p.add_argument("--hours", type=int, default=24, help="how long the code is valid (default 24)")
    p.set_defaults(func=cmd_site_code)
    p = ssub.add_parser("join", parents=[common],
                        help=f"join a site with a one-time code ({CODE_ENV}, or typed at the prompt)")
    p.add_argument("url", help="postgresql://HOST:PORT/DATABASE[?sslmode=verify-full&sslrootcert=FILE]")
    p.add_argument("--name", required=True, help="this kiosk's name, e.g. \"North gate\", or \"Office\"")
    p.add_argument("--console", action="store_true",
                   help="join as the office's staff console seat: a data folder (made here if new) for "
                        "'kiosk console', with no camera and no gate")
    p.set_defaults(func=cmd_site_join)
    p = ssub.add_parser("sync", parents=[common], help="one exchange with the site: send, then receive")
    p.set_defaults(func=cmd_site_sync)
    p = ssub.add_parser("status", parents=[common],
                        help="every gate's and office console's state, last contact, queued changes and version")
    p.set_defaults(func=cmd_site_status)
