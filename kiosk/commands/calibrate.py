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


def cmd_calibrate(args: argparse.Namespace) -> int:
    from kiosk.app import make_engine
    from kiosk.calibrate import calibrate, read_pairs
    from kiosk.config import Settings
    from kiosk.domain.faces import FaceService
    from kiosk.errors import KioskError

    if not args.images.is_dir():
        raise KioskError(f"No image folder at {args.images}.", remedy="Pass --images DIR, the folder the pair paths are relative to.")
    pairs = read_pairs(args.pairs)
    settings = Settings()
    if args.data_dir:  # use this kiosk's own settings (quality gate, current threshold) when given
        from kiosk.commands.core import open_kiosk

        with open_kiosk(args) as k:
            settings = k.settings
    engine = make_engine(settings)
    faces = FaceService(store=None, engine=engine, settings=lambda: settings)  # type: ignore[arg-type]
    result = calibrate(faces, pairs, args.images, ProgressBar("encoding images"))
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
        return 0
    s = result["summary"]
    fmt = lambda v: "n/a" if v is None else f"{v:.4f}"  # noqa: E731
    print(f"{'a':<40} {'b':<40} same distance  note")
    for r in result["pairs"]:
        d = "-" if r["distance"] is None else f"{r['distance']:.4f}"
        print(f"{r['a'][:40]:<40} {r['b'][:40]:<40} {r['same']:<4} {d:<9} {r['reason'] or ''}")
    print()
    print(f"images: {s['images']}, without a template: {s['fta_images']}, pairs compared: {s['pairs_compared']}")
    print(f"TAR at FAR 1%: {fmt(s['tar_at_far_0.01'])}   TAR at FAR 0.1%: {fmt(s['tar_at_far_0.001'])}   EER: {fmt(s['eer'])}")
    print(f"recommended threshold: {fmt(s['recommended_threshold'])} ({s['basis']}); current: {s['current_threshold']:.2f}")
    if s["recommended_threshold"] is not None:
        print("set it with: kiosk settings set match_threshold VALUE")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("calibrate", parents=[common], help="choose the match threshold on your own photos")
    p.add_argument("--pairs", type=Path, required=True, help="CSV with header a,b,same (paths relative to --images)")
    p.add_argument("--images", type=Path, required=True, help="folder holding the images")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.set_defaults(func=cmd_calibrate)
