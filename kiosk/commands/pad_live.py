"""`kiosk pad-eval --generate OUT --from PHOTOS` and `kiosk pad-eval --live DIR [--json]`:
the attack bench (items built from photos, played through the kiosk's whole live check)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--live", type=Path, metavar="DIR",
                   help="play the attack items in DIR through the live check (liveness as configured, "
                        "the 1:1 match against each item's enrolled photo); APCER per species, BPCER")
    p.add_argument("--generate", type=Path, metavar="OUT",
                   help="write attack items (one folder per species) into OUT, built from --from")
    p.add_argument("--from", dest="photos", type=Path, metavar="PHOTOS",
                   help="folder of photos (images/<Person>/...) the items are built from or name")
    p.add_argument("--per-species", type=int, default=50, help="items per species for --generate (default 50)")
    p.add_argument("--seed", type=int, default=0, help="seed for --generate (default 0)")
    p.add_argument("--species", help="comma-separated species for --generate (default: all but the residual "
                                      "risk screen_turn, built only when named)")
    p.add_argument("--passive-stills", action="store_true",
                   help="with --generate: also write OUT/passive/{real,print,replay}/ stills for 'pad-eval --dir'")
    p.add_argument("--limit", type=int, help="with --live: at most this many items per species")
    p.add_argument("--timeout", type=float, default=30.0, help="with --live: clip seconds an item may take (default 30)")


def wants_bench(args: argparse.Namespace) -> bool:
    return getattr(args, "live", None) is not None or getattr(args, "generate", None) is not None


def run(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError

    if args.live is not None and args.generate is not None:
        raise KioskError("--live and --generate are separate runs.", remedy="Generate first, then play the items.")
    return cmd_generate(args) if args.generate is not None else cmd_live(args)


def _settings(args: argparse.Namespace):
    from kiosk.config import Settings

    if not args.data_dir:
        return Settings()
    from kiosk.commands.opening import open_kiosk

    with open_kiosk(args) as k:  # this kiosk's own liveness and match settings
        return k.settings


def cmd_generate(args: argparse.Namespace) -> int:
    from kiosk.app import make_engine
    from kiosk.commands.calibrate import ProgressBar
    from kiosk.errors import KioskError
    from kiosk.liveness.generate import RESIDUAL, SPECIES, generate, passive_stills

    if args.photos is None or not Path(args.photos).is_dir():
        raise KioskError("--generate needs --from, a folder of photos (images/<Person>/...).",
                         remedy="For example: --from ../shared/lfw-devtrain")
    species = tuple(s.strip() for s in args.species.split(",")) if args.species else SPECIES
    unknown = [s for s in species if s not in SPECIES + RESIDUAL]
    if unknown or args.per_species < 1:
        raise KioskError(f"Unknown species {', '.join(unknown)}." if unknown else "--per-species must be at least 1.",
                         remedy="Species: " + ", ".join(SPECIES + RESIDUAL) + ".")
    engine = make_engine(_settings(args))
    bar = ProgressBar("building attack items")
    written = generate(args.photos, args.generate, engine, per_species=args.per_species, seed=args.seed,
                       species=species, progress=bar)
    out = {"out": str(args.generate), "items": written}
    if args.passive_stills:
        out["passive_stills"] = passive_stills(args.photos, Path(args.generate) / "passive", engine, seed=args.seed)
    print(json.dumps(out))
    return 0


def _rate(v) -> str:
    return "n/a" if v is None else f"{100 * v:.1f} %"


def cmd_live(args: argparse.Namespace) -> int:
    from kiosk.app import make_engine
    from kiosk.bench.pad import photos_root, run_bench
    from kiosk.commands.calibrate import ProgressBar
    from kiosk.errors import KioskError

    if not Path(args.live).is_dir():
        raise KioskError(f"{args.live} is not a folder.", remedy="Give the folder that --generate wrote, or one laid out alike.")
    settings = _settings(args)
    photos = photos_root(args.live, args.photos)
    result = run_bench(args.live, photos, settings, make_engine(settings), timeout_s=args.timeout, limit=args.limit,
                       progress=None if args.json else ProgressBar("playing items"))
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
        return 0
    print(f"Attack bench on {args.live}: the whole live check (liveness {result['liveness']}) and the 1:1 match")
    print(f"{'species':<12} {'items':>5} {'no tmpl':>7} {'errors':>6}  {'rate':<14} outcomes")
    for folder, v in result["folders"].items():
        what = "BPCER" if folder == "real" else "APCER"
        outcomes = ", ".join(f"{k} {n}" for k, n in v["outcomes"].items())
        print(f"{folder:<12} {v['items']:>5} {v['no_template']:>7} {v['errors']:>6}  {what} {_rate(v['rate']):<8} {outcomes}")
    print("APCER: attack items accepted (matched and passed liveness); BPCER: bona fide items not accepted.")
    print(f"{'item':<44} outcome")
    for i in result["items"]:
        why = f"{i['outcome']} ({i['refusal']})" if i["refusal"] else i["outcome"]
        print(f"{i['folder'] + '/' + i['name']:<44} {why}  [{i['seconds']} s: {i['clips']}]")
    return 0
