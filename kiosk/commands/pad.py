"""`kiosk pad-eval --dir DIR [--json]`: the passive liveness check on a labelled folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def largest_box(engine, frame):
    """The face the passive check judges in a still or clip frame: the largest one found by
    the detector the live pipeline uses (YuNet, with landmarks)."""
    from kiosk.biometrics.engine import Mode

    faces = engine.detect_faces(frame, Mode.STILL)
    return max(faces, key=lambda f: f.height * (f.box[1] - f.box[3])).box if faces else None


def _rate(v) -> str:
    return "n/a" if v is None else f"{100 * v:.1f} %"


def cmd_pad_eval(args: argparse.Namespace) -> int:
    from kiosk.commands import pad_live

    if pad_live.wants_bench(args):  # --live / --generate: the attack bench
        return pad_live.run(args)
    if args.dir is None:
        from kiosk.errors import KioskError

        raise KioskError("pad-eval needs --dir, --live or --generate.", remedy="See 'kiosk pad-eval --help'.")
    from kiosk.app import make_engine
    from kiosk.commands.calibrate import ProgressBar
    from kiosk.config import Settings
    from kiosk.liveness.evaluate import BONA_FIDE, evaluate
    from kiosk.liveness.passive import PassiveModel

    settings = Settings()
    if args.data_dir:  # this kiosk's own threshold and frame count
        from kiosk.commands.opening import open_kiosk

        with open_kiosk(args) as k:
            settings = k.settings
    threshold = settings.liveness_passive_threshold if args.threshold is None else args.threshold
    settings.replace(liveness_passive_threshold=threshold)  # validates the bound
    engine = make_engine(settings)
    model = PassiveModel()
    model.load()
    result = evaluate(args.dir, model, lambda f: largest_box(engine, f), threshold, settings.liveness_passive_frames,
                      ProgressBar("judging presentations"))
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
        return 0
    print(f"Passive presentation-attack check on {args.dir} (ISO/IEC 30107-3 terms)")
    print(f"threshold {threshold:.3f} on the mean bona fide score of up to {result['frames_per_item']} judged frame(s) per item")
    print(f"{'folder':<16} {'items':>5} {'no face':>7} {'errors':>6}  rate")
    for folder, v in result["folders"].items():
        what = "BPCER" if folder == BONA_FIDE else "APCER"
        print(f"{folder:<16} {v['items']:>5} {v['no_face']:>7} {v['errors']:>6}  {what} {_rate(v['rate'])}")
    print("APCER: attack presentations classified as bona fide; BPCER: bona fide presentations classified as attacks.")
    print("Items without a single face are left out of the rates. Far too few items make these rates meaningless: "
          "use hundreds per folder.")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("pad-eval", parents=[common],
                       help="evaluate the passive liveness check on a labelled folder (real/, print/, replay/, ...)")
    from kiosk.commands import pad_live

    p.add_argument("--dir", type=Path, help="folder with real/ and one folder per attack type, or a flat folder of "
                   "files labelled by a README table or by name (NAME_T1.jpg bona fide, NAME_F1.jpg attack)")
    p.add_argument("--threshold", type=float, help="threshold to apply (default: the kiosk's setting)")
    p.add_argument("--json", action="store_true", help="machine-readable result, with each item's score")
    pad_live.add_arguments(p)
    p.set_defaults(func=cmd_pad_eval)
