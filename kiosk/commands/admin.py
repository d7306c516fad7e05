"""Administration: staff, audit trail, purge, report, backup/restore, key rotation, settings, doctor."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kiosk.commands.opening import open_kiosk
from kiosk.errors import KioskError, PinError


def cmd_staff_add(args: argparse.Namespace) -> int:
    from kiosk import ops

    pin = args.pin
    if pin is None:
        pin = getpass.getpass("Staff PIN (6-8 digits): ")
        if getpass.getpass("Same PIN again: ") != pin:
            raise PinError("The two PINs differ.", remedy="Run the command again and type the same PIN twice.")
    with open_kiosk(args) as k:
        member = ops.add_staff(k, ops.Actor.cli(), args.name, args.role, pin)
    print(f"Staff account {member.name!r} ({member.role}) created.")
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        staff = ops.list_staff(k, ops.Actor.cli())
    print(f"{'id':>4}  {'name':<30} {'role':<14} active")
    for m in staff:
        print(f"{m.id:>4}  {m.name[:30]:<30} {m.role:<14} {'yes' if m.active else 'no'}")
    print(f"{len(staff)} staff account(s).")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from kiosk import ops
    from kiosk.commands.audit_text import verify_json, verify_lines

    anchor = ops.read_audit_anchor(args.anchor) if args.anchor else None
    with open_kiosk(args) as k:
        r = ops.verify_audit(k, ops.Actor.cli(), anchor)
    if args.json:
        print(verify_json(r))
    elif not r.ok:
        where = f" (first bad record: {r.first_bad_seq})" if r.first_bad_seq else ""
        print(f"kiosk: error: audit trail NOT intact: {r.message}{where}.", file=sys.stderr)
    else:
        print("\n".join(verify_lines(r, anchor.seq if anchor else None)))
    return (0 if r.ok else 1) or (_verify_site(args) if args.site else 0)


def _verify_site(args: argparse.Namespace) -> int:
    from kiosk import site

    with open_kiosk(args) as k:
        chains = site.verify_site_audit(k)
    for c in chains:
        line = f"kiosk {c.kiosk_id} ({c.name}): {c.records} record(s), " + ("intact" if c.ok else f"NOT intact: {c.problem}")
        print(line, file=sys.stdout if c.ok else sys.stderr)
    return 0 if all(c.ok for c in chains) else 1


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        anchor = ops.export_audit_anchor(k, ops.Actor.cli(), args.out)
    print(f"Anchor written to {args.out}: {anchor.line}. Keep it outside the kiosk; "
          f"'kiosk audit verify --anchor {args.out}' then finds any later rewrite of the history up to it.")
    return 0


def cmd_audit_rotate_key(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        result = ops.rotate_audit_key(k, ops.Actor.cli())
    print(f"Audit key {result.key_id} now seals new records; older records keep their keys in {result.key_ring}. "
          "Back up that file with the key file.")
    return 0


def cmd_audit_seal(args: argparse.Namespace) -> int:
    from kiosk import ops
    from kiosk.config import Paths, default_data_dir
    from kiosk.errors import AuditSealError

    if not args.i_understand:
        raise AuditSealError("Sealing vouches for an older trail as it stands now, with a new audit key; it is done once.",
                             remedy="Check the database is the kiosk's own, then run 'kiosk audit seal --i-understand'.")
    paths = Paths(Path(args.data_dir) if args.data_dir else default_data_dir(), args.key_file)
    result = ops.seal_audit(paths, ops.Actor.cli())  # on the closed database, before anything else opens it
    which = f"records 1-{result.records}" if result.records else "no records"
    print(f"Sealed the older audit trail ({which}, schema {result.from_schema}) at record {result.seq}; "
          f"the sealing is kept in {result.anchors}. Back up the audit key file with the key file.")
    return 0


def cmd_audit_export(args: argparse.Namespace) -> int:
    from kiosk import ops
    from kiosk.domain.audit_export import AuditFilter, check_range

    check_range(args.since, args.until)  # refused before anything is opened or written
    flt = AuditFilter(event=args.event, since=args.since, until=args.until)
    with open_kiosk(args) as k:
        n = ops.export_audit(k, ops.Actor.cli(), args.out, args.format, flt)
    print(f"Exported {n} audit record(s) to {args.out}.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        result = ops.purge_expired(k, ops.Actor.cli())  # not only when due: never None
    print(f"Purged {result.count if result else 0} expired face template(s).")
    return 0


def cmd_report_filing(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        path = ops.export_filing_report(k, ops.Actor.cli(), args.out, args.format)
    print(f"Filing report written to {path}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        path = ops.backup_database(k, ops.Actor.cli(), args.file)
    print(f"Encrypted backup written to {path}. Keep the key apart from it: the backup opens only with the key.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kiosk import ops
    from kiosk.app import create
    from kiosk.config import Paths, default_data_dir

    paths = Paths(Path(args.data_dir) if args.data_dir else default_data_dir(), args.key_file)
    result = ops.restore_database(paths, ops.Actor.cli(), args.file)  # on the closed database
    create(paths.data_dir, key_file=paths.key_file).close()  # it opens again
    kept = f"; the previous database was kept as {result.previous}" if result.previous else ""
    print(f"Restored {args.file} ({result.records} audit records verified){kept}.")
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        result = ops.rotate_database_key(k, ops.Actor.cli(), console=True)  # may show a new KIOSK_DB_KEY
    if result.new_env_key:
        print(result.new_env_key)
        print("The database is now encrypted with the key above (shown once). Update KIOSK_DB_KEY wherever it is "
              "set before the kiosk starts again. Backups made before today still need the old key.", file=sys.stderr)
    else:
        print(f"Key rotated; the new key is in {result.key_file}. Back up the new key file; backups made "
              "before today still need the old key.")
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    with open_kiosk(args) as k:
        data = k.settings.to_dict()
    width = max(len(n) for n in data)
    for name, value in data.items():
        shown = ",".join(value) if isinstance(value, list) else value
        print(f"{name:<{width}}  {shown}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from kiosk import ops
    from kiosk.config import Settings

    value = Settings.coerce(args.name, args.value)
    with open_kiosk(args) as k:
        changed = ops.change_settings(k, ops.Actor.cli(), {args.name: value}).changed
    print(f"{args.name} = {value}" if changed else f"{args.name} was already {value}.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk.config import Paths, default_data_dir
    from kiosk.doctor import run_checks

    paths = Paths(Path(args.data_dir) if args.data_dir else default_data_dir(), args.key_file)
    results = run_checks(paths, camera=args.camera)
    for c in results:
        print(f"[{'PASS' if c.ok else 'FAIL'}] {c.name}: {c.message}" + ("" if c.ok else f"\n       fix: {c.fix}"))
    failed = sum(not c.ok for c in results)
    print(f"{len(results) - failed} passed, {failed} failed.")
    return 1 if failed else 0


def _date(text: str) -> str:
    from kiosk.domain.audit_export import parse_when

    try:
        parse_when(text)
    except KioskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def register(sub, common) -> None:
    staff = sub.add_parser("staff", parents=[common], help="staff accounts")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    p = ssub.add_parser("add", parents=[common], help="create a staff account (the first administrator, for one)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["operator", "administrator"])
    p.add_argument("--pin", help="the 6-8 digit PIN, for scripts (asked for twice when omitted)")
    p.set_defaults(func=cmd_staff_add)
    p = ssub.add_parser("list", parents=[common], help="list staff accounts")
    p.set_defaults(func=cmd_staff_list)

    audit = sub.add_parser("audit", parents=[common], help="the audit trail")
    asub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = asub.add_parser("verify", parents=[common],
                        help="check hash links, HMAC seals and head (exit 1 when tampered with, saying which check failed)")
    p.add_argument("--anchor", type=Path, help="also check against an anchor kept earlier (from 'audit anchor' "
                                                "or a filing report)")
    p.add_argument("--json", action="store_true", help="the outcome as JSON on stdout (exit 1 when tampered with)")
    p.add_argument("--site", action="store_true", help="also check every kiosk's chain on the site's server")
    p.set_defaults(func=cmd_audit_verify)
    p = asub.add_parser("anchor", parents=[common], help="export the head (record number and hash) to keep elsewhere")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_audit_anchor)
    p = asub.add_parser("rotate-key", parents=[common], help="start sealing records under a new audit key (audited)")
    p.set_defaults(func=cmd_audit_rotate_key)
    p = asub.add_parser("seal", parents=[common],
                        help="seal the audit trail of a database from before sealed trails, once (audited, kept in the "
                             "anchor file; the kiosk never does it on its own)")
    p.add_argument("--i-understand", action="store_true",
                   help="the trail is vouched for as it stands now: use it only on the kiosk's own older database")
    p.set_defaults(func=cmd_audit_seal)
    p = asub.add_parser("export", parents=[common], help="export records as CSV (spreadsheet-safe) or JSON")
    p.add_argument("--format", choices=["csv", "json"], required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--event", help="only this event (e.g. verify, purge, staff_login)")
    p.add_argument("--since", type=_date, help="from this date (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, help="up to and including this date")
    p.set_defaults(func=cmd_audit_export)

    p = sub.add_parser("purge", parents=[common], help="delete expired face templates now")
    p.set_defaults(func=cmd_purge)

    report = sub.add_parser("report", parents=[common], help="reports for the regulator")
    rsub = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    p = rsub.add_parser("filing", parents=[common], help="filing / impact-assessment report (Markdown or HTML)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--format", choices=["md", "html"], help="default: from the file suffix (.html or else Markdown)")
    p.set_defaults(func=cmd_report_filing)

    p = sub.add_parser("backup", parents=[common], help="write an encrypted copy of the database")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[common], help="replace the database with a checked backup (kiosk stopped)")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("rotate-key", parents=[common], help="re-encrypt the database with a new random key")
    p.set_defaults(func=cmd_rotate_key)

    settings = sub.add_parser("settings", parents=[common], help="show or change settings")
    tsub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    p = tsub.add_parser("show", parents=[common], help="print every setting")
    p.set_defaults(func=cmd_settings_show)
    p = tsub.add_parser("set", parents=[common], help="change one setting (validated, audited)")
    p.add_argument("name")
    p.add_argument("value")
    p.set_defaults(func=cmd_settings_set)

    p = sub.add_parser("doctor", parents=[common], help="check this machine before opening the kiosk")
    p.add_argument("--camera", default="0", help="webcam index, video or image file (default 0)")
    p.set_defaults(func=cmd_doctor)
