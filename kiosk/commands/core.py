"""Core administration: init, members, enroll, verify, forget."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.commands.opening import open_kiosk
from kiosk.config import TemplateStorage
from kiosk.errors import ImportValidationError, KioskError


def cmd_init(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args, init=True) as k:
        db = ops.database_info(k, ops.Actor.cli())
        print(f"Kiosk data folder ready: {k.paths.data_dir} (key from {db.key_source}, schema v{db.schema_version})")
    return 0


def cmd_members_import(args: argparse.Namespace) -> int:
    from kiosk import ops

    k = open_kiosk(args)
    try:
        n = ops.import_members(k, ops.Actor.cli(), args.file).count
    except ImportValidationError as exc:  # every row listed once, then one line that sums up
        for line, msg in exc.row_errors:
            print(f"  line {line}: {msg}", file=sys.stderr)
        raise KioskError(f"Nothing was imported: {len(exc.row_errors)} row error(s), listed above.",
                         remedy="Fix those rows and import the file again.") from None
    finally:
        k.close()
    print(f"Imported {n} member(s).")
    return 0


def cmd_members_list(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        members = ops.search_members(k, ops.Actor.cli(), args.search or "", limit=args.limit)
        total = ops.count_members(k, ops.Actor.cli())
        print(f"{'member_no':<12} {'name':<24} {'valid_until':<11} {'card':<14} pin face")
        for m in members:
            face = "yes" if m.has_face else "-"
            print(f"{m.member_no:<12} {m.display_name[:24]:<24} {m.valid_until:<11} {(m.card_id or '-')[:14]:<14} "
                  f"{'yes' if m.has_pin else '-':<3} {face}")
        print(f"{len(members)} shown, {total} in all.")
    return 0


def cmd_members_pin(args: argparse.Namespace) -> int:
    import getpass

    pin = args.pin or getpass.getpass("New PIN (4-8 digits): ")
    from kiosk import ops

    with open_kiosk(args) as k:
        ops.reset_pin(k, ops.Actor.cli(), args.member_no, pin)
    print(f"PIN set for {args.member_no}.")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    """Staff-assisted enrollment from photos, with the member's consent given in person."""
    from kiosk import ops

    actor = ops.Actor.cli()
    if args.pass_out:
        from kiosk.domain import pass_codes

        pass_codes.check_qr_output(args.pass_out)  # a pass that cannot be written is refused before anything
    with open_kiosk(args) as k:
        ops.face_availability(k, actor, args.member_no, ops.FaceFlow.ENROLL)  # face not used here: refused first
        if not args.consent_given:
            raise KioskError(
                "Enrollment needs the member's consent to the notice.",
                remedy="Show the member the notice ('kiosk notice MEMBER_NO'), then pass --consent-given.",
            )
        draft = ops.consent_in_person(k, actor, args.member_no,
                                      declared_14_or_older=None if args.age is None else args.age >= ops.AGE_OF_CONSENT,
                                      method="staff_cli", language=args.lang, guardian_ref=args.guardian_ref,
                                      guardian_name=args.guardian_name)
        encodings = []
        for path in args.images:
            encodings.append(ops.photo_encoding(k, actor, args.member_no, path, ops.FaceFlow.ENROLL))
        if args.pass_out and not k.settings.templates_on_pass:
            raise KioskError("--pass-out needs pass mode.", remedy="Run 'kiosk settings set template_storage pass' first.")
        receipt = ops.enroll_with_consent(k, actor, draft, encodings, liveness="not_checked", pass_out=args.pass_out)
        if receipt.storage == TemplateStorage.PASS:
            return _print_pass(args, receipt)
        print(f"Enrolled {args.member_no} from {len(encodings)} photo(s); template kept until {receipt.expires} "
              f"(consent {receipt.consent_id}).")
        print("Liveness was not checked (photo files): audited as a staff-assisted enrollment, not liveness-checked.")
    return 0


def _print_pass(args: argparse.Namespace, receipt) -> int:
    """Pass mode: the code's text on stdout (for a scanner or a card printer); its QR code is in
    --pass-out, written by the enrollment before its records were committed."""
    print(receipt.pass_code)
    where = f"; code image in {args.pass_out}" if args.pass_out else ""
    print(f"Sealed the template of {args.member_no} onto a face pass (valid until {receipt.expires}, consent "
          f"{receipt.consent_id}){where}. Nothing biometric was stored on this kiosk.", file=sys.stderr)
    return 0


def pass_code_arg(value: str) -> str:
    """--pass: the code's text, or an image file of the code."""
    from kiosk.domain import pass_codes

    if pass_codes.looks_like_pass(value):
        return value.strip()
    path = Path(value)
    if not path.is_file():
        raise KioskError(f"--pass {value[:40]!r} is neither a pass code nor an image file.",
                         remedy="Give the text of the pass (KP1:...) or the PNG of its code.")
    return pass_codes.read_code_file(path)


def cmd_notice(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        print(ops.notice_at_desk(k, ops.Actor.cli(), args.member_no, args.lang).text)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.errors import PassRefusedError

    if args.camera is not None:
        if args.image is not None:
            raise KioskError("Give either a PHOTO or --camera SOURCE, not both.", remedy="See 'kiosk verify --help'.")
        from kiosk.commands.live_verify import cmd_verify_live

        return cmd_verify_live(args)
    if args.image is None:
        raise KioskError("Nothing to verify.", remedy="Give a PHOTO, or --camera SOURCE for the live pipeline with liveness.")
    from kiosk import ops

    actor = ops.Actor.at_desk(args.member_no)  # the member is checked; the command line is the channel
    with open_kiosk(args) as k:
        code = pass_code_arg(args.pass_code) if args.pass_code else None
        try:
            if code:
                ops.check_face_pass(k, actor, args.member_no, code)  # a bad pass is refused before the photo
            probe = ops.photo_encoding(k, actor, args.member_no, args.image, ops.FaceFlow.VERIFY)
            result = ops.verify_face(k, actor, args.member_no, probe, pass_code=code)
        except PassRefusedError as exc:  # audited by the operation
            print(f"refused ({exc.reason.value}): {exc}")
            return 1
    matched = result.outcome is ops.FaceAttempt.MATCH
    print("match" if matched else "no match")
    print("note: liveness was not checked (a photo file); 'kiosk verify MEMBER --camera SOURCE' runs the live "
          "pipeline with liveness.", file=sys.stderr)
    return 0 if matched else 1


def cmd_forget(args: argparse.Namespace) -> int:
    from kiosk import ops

    with open_kiosk(args) as k:
        deleted = ops.revoke_face(k, ops.Actor.cli(), args.member_no, reason="staff_cli").had_template
    print(f"Face data of {args.member_no} deleted." if deleted else f"{args.member_no} had no face data; consent marked withdrawn.")
    return 0


def age_arg(text: str) -> int:
    """--age: a whole number of years a person can be (argparse refuses anything else in one line)."""
    try:
        age = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of years") from None
    if not 0 <= age <= 130:
        raise argparse.ArgumentTypeError(f"{age} is not an age (0 to 130 years)")
    return age


def timeout_arg(text: str) -> float:
    """--timeout: seconds, more than 0 and at most 10 minutes (no NaN, no infinity)."""
    import math

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"{text} seconds: give more than 0 and at most 600")
    return seconds


def register(sub, common) -> None:
    p = sub.add_parser("init", parents=[common], help="create the data folder, key and database")
    p.set_defaults(func=cmd_init)

    members = sub.add_parser("members", parents=[common], help="membership list")
    msub = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    p = msub.add_parser("import", parents=[common], help="import or update members from a UTF-8 CSV")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_members_import)
    p = msub.add_parser("list", parents=[common], help="list members")
    p.add_argument("--search", default="")
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=cmd_members_list)
    p = msub.add_parser("set-pin", parents=[common], help="set a member's PIN")
    p.add_argument("member_no")
    p.add_argument("--pin", help="the PIN (asked for when omitted)")
    p.set_defaults(func=cmd_members_pin)

    p = sub.add_parser("enroll", parents=[common], help="enroll a member's face from photos (staff-assisted)")
    p.add_argument("member_no")
    p.add_argument("images", nargs="+", type=Path)
    p.add_argument("--consent-given", action="store_true", help="the member read the notice and agreed")
    p.add_argument("--age", type=age_arg, help="declared age when the birth date is unknown (0-130)")
    p.add_argument("--guardian-ref", help="guardian's member number or ID (under 14)")
    p.add_argument("--guardian-name", help="guardian's name (under 14)")
    p.add_argument("--lang", default="en", choices=["en", "zh_CN"], help="language the notice was shown in")
    p.add_argument("--pass-out", type=Path, help="pass mode: write the face pass's QR code here (.png or .pdf)")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("notice", parents=[common], help="print the consent notice for a member")
    p.add_argument("member_no")
    p.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    p.set_defaults(func=cmd_notice)

    p = sub.add_parser("verify", parents=[common], help="verify a photo against a member's template (liveness not checked), "
                       "or run the live pipeline with liveness on --camera SOURCE (exit 0 only on a match)")
    p.add_argument("member_no")
    p.add_argument("image", type=Path, nargs="?", help="a photo file (liveness is not checked)")
    p.add_argument("--camera", help="webcam index, video or image: the kiosk's live pipeline, liveness included")
    p.add_argument("--json", action="store_true", help="with --camera: one JSON object (outcome, reason, liveness)")
    p.add_argument("--timeout", type=timeout_arg, default=20.0,
                   help="with --camera: seconds before giving up (more than 0, at most 600; default 20)")
    p.add_argument("--pass", dest="pass_code", help="pass mode: the face pass, as text (KP1:...) or an image of its code")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("forget", parents=[common], help="delete a member's face data now")
    p.add_argument("member_no")
    p.set_defaults(func=cmd_forget)
