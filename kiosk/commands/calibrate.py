"""`kiosk calibrate --pairs PAIRS.csv --images DIR [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


class ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal, else sparse lines)."""

    def __init__(self, label: str, stream=None) -> None:
        self.label, self.stream, self.start = label, stream or sys.stderr, time.monotonic()
        self.tty = self.stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        pct = int(100 * done / max(1, total))
        if self.tty:
            bar = "#" * (pct // 4)
            eta = (time.monotonic() - self.start) / max(1, done) * (total - done)
            self.stream.write(f"\r{self.label} [{bar:<25}] {done}/{total} {pct:3d}% eta {eta:4.0f}s")
            if done == total:
                self.stream.write("\n")
        elif pct // 10 != self.last // 10 or done == total:
            self.stream.write(f"{self.label}: {done}/{total} ({pct}%)\n")
        self.last = pct
        self.stream.flush()


def _fmt(v) -> str:
    return "n/a" if v is None else f"{v:.4f}"


def print_summary(s: dict, out=None) -> None:
    """The human-readable summary: the same figures as the JSON, under the same names."""
    p = lambda *a: print(*a, file=out or sys.stdout)  # noqa: E731
    p(f"images: {s['images']}, without a template: {s['images_without_template']}")
    for reason, n in s["images_without_template_by_reason"].items():
        p(f"  {reason:<16} {n}")
    miss = s["pairs_without_template"]
    p(f"pairs: {s['pairs']}, with a photo without a template: {miss['genuine']} same-person, {miss['impostor']} different-person")
    p("")
    p(f"{'':<34}{'generalised':>14}{'compared pairs only':>22}")
    g, c = s["generalised"], s["compared_pairs_only"]
    rows = [("same-person pairs", "genuine_pairs"), ("different-person pairs", "impostor_pairs"),
            ("TAR at FAR 1%", "tar_at_far_0.01"), ("  threshold", "threshold_at_far_0.01"),
            ("TAR at FAR 0.1%", "tar_at_far_0.001"), ("  threshold", "threshold_at_far_0.001"), ("EER", "eer"),
            (f"TAR at current threshold {s['current_threshold']:.2f}", "tar_at_current_threshold"),
            (f"FAR at current threshold {s['current_threshold']:.2f}", "far_at_current_threshold")]
    for label, key in rows:
        gv, cv = g[key], c[key]
        fmt = (lambda v: str(v)) if key.endswith("_pairs") else _fmt
        p(f"{label:<34}{fmt(gv):>14}{fmt(cv):>22}")
    p("generalised: a pair with a photo without a template counts as a failed comparison (ISO/IEC 19795-1)")
    p("")
    p(f"recommended threshold: {_fmt(s['recommended_threshold'])} ({s['basis']}); current: {s['current_threshold']:.2f}")


def _apply(args: argparse.Namespace, s: dict) -> None:
    from kiosk import ops
    from kiosk.commands.opening import open_kiosk

    c, g = s["compared_pairs_only"], s["generalised"]
    calibration = ops.Calibration(
        s["recommended_threshold"] if s["can_apply"] else None, s["basis"], c["genuine_pairs"], c["impostor_pairs"],
        s["images_without_template"], g["tar_at_far_0.001"], g["tar_at_far_0.01"])
    with open_kiosk(args) as k:
        r = ops.apply_calibrated_threshold(k, ops.Actor.cli(), calibration)
    print(f"match_threshold set to {r.new:.4f} (was {r.old:.2f}); recorded in the audit trail.", file=sys.stderr)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from kiosk.app import make_engine
    from kiosk.calibrate import calibrate, read_pairs, require_images
    from kiosk.config import Settings
    from kiosk.domain.faces import FaceService
    from kiosk.errors import KioskError

    if not args.images.is_dir():
        raise KioskError(f"No image folder at {args.images}.", remedy="Pass --images DIR, the folder the pair paths are relative to.")
    pairs = read_pairs(args.pairs)
    require_images(pairs, args.images, args.pairs)  # exit status 3: a wrong folder is not a set of bad photos
    settings = Settings()
    if args.data_dir or args.apply:  # use this kiosk's own settings (quality gate, current threshold)
        from kiosk.commands.opening import open_kiosk

        with open_kiosk(args) as k:
            settings = k.settings
    engine = make_engine(settings)
    faces = FaceService(store=None, engine=engine, settings=lambda: settings)  # type: ignore[arg-type]
    result = calibrate(faces, pairs, args.images, ProgressBar("encoding images"))
    s = result["summary"]
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
    else:
        if args.pairs_table:
            print(f"{'a':<40} {'b':<40} same distance  note")
            for r in result["pairs"]:
                d = "-" if r["distance"] is None else f"{r['distance']:.4f}"
                print(f"{r['a'][:40]:<40} {r['b'][:40]:<40} {r['same']:<4} {d:<9} {r['reason'] or ''}")
            print()
        print_summary(s)
        if s["can_apply"] and not args.apply:
            print("apply it with: kiosk calibrate ... --apply (or kiosk settings set match_threshold VALUE)")
    if args.apply:
        _apply(args, s)
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("calibrate", parents=[common], help="choose the match threshold on your own photos")
    p.add_argument("--pairs", type=Path, required=True, help="CSV with header a,b,same (paths relative to --images)")
    p.add_argument("--images", type=Path, required=True, help="folder holding the images")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--pairs-table", action="store_true", help="also list every pair with its distance (table output)")
    p.add_argument("--apply", action="store_true",
                   help="write the recommended threshold to this kiosk's settings (audited); refused with too few pairs")
    p.set_defaults(func=cmd_calibrate)
