"""How wide a second face is beside the visitor's, on photos framed as at the kiosk.

``uv run python -m kiosk.bench.bystanders IMAGES [--json]``: every photo under ``IMAGES`` is
framed as ``kiosk bench --accuracy`` frames its clips (the photo's dominant face at 45 % of a
640x480 frame, :func:`kiosk.bench.frames.frame_around_face`), the live detector runs on the
frame, and for each frame with two faces or more the width of the second widest face over
the widest is counted. This is what :data:`kiosk.biometrics.visitor_face.BYSTANDER_RATIO`
was chosen on. Nothing is written: frames live in memory only (rule 5).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from kiosk.bench.accuracy import face_box
from kiosk.bench.frames import frame_around_face
from kiosk.biometrics.engine import FaceEngine, Mode
from kiosk.biometrics.visitor_face import choose, height, width
from kiosk.camera.still import read_image
from kiosk.config import Settings

EDGES = (0.0, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.0, 10.0)
CANDIDATES = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8)


def _summary(arr: np.ndarray) -> dict:
    hist = np.histogram(arr, bins=EDGES)[0] if len(arr) else np.zeros(len(EDGES) - 1, int)
    return {
        "percentiles": {p: round(float(np.percentile(arr, p)), 3) for p in (5, 25, 50, 75, 95)} if len(arr) else {},
        "histogram": {f"{lo:.2f}-{min(hi, 1.0):.2f}": int(n) for lo, hi, n in zip(EDGES, EDGES[1:], hist)},
        "crowded_at_ratio": {str(r): int((arr >= r).sum()) for r in CANDIDATES},
    }


def ratios(images: list[Path], engine: FaceEngine, settings: Settings) -> dict:
    """On every framed photo with 2+ faces: the second-widest / widest face width ratio, and the
    ratio the rule judges (the other face closest in size: the larger of its width and height
    ratios to the largest face's), with how many photos the setting leaves crowded."""
    widths: list[float] = []
    rule: list[float] = []
    framed = without_face = 0
    for path in images:
        img = read_image(path)
        box = face_box(engine, img, settings)
        if box is None:
            without_face += 1
            continue
        framed += 1
        faces = engine.detect_faces(frame_around_face(img, box), Mode.LIVE)
        if len(faces) < 2:
            continue
        w = sorted((width(f.box) for f in faces), reverse=True)
        widths.append(w[1] / max(1, w[0]))
        seen = choose(faces, settings.bystander_ratio)
        big = (seen.visitor or seen.competing[0]).box if seen.visitor is not None else max(
            (f.box for f in faces), key=lambda b: width(b) * height(b))
        rule.append(max(max(width(f.box) / max(1, width(big)), height(f.box) / max(1, height(big)))
                        for f in faces if f.box != big))
    return {
        "photos": len(images),
        "framed": framed,
        "without_a_face": without_face,
        "with_two_faces_or_more": len(widths),
        "second_widest_over_widest": _summary(np.array(widths, np.float64)),
        "closest_size_width_or_height": _summary(np.array(rule, np.float64)),
        "bystander_ratio": settings.bystander_ratio,
        "crowded_at_the_setting": int(sum(r >= settings.bystander_ratio for r in rule)),
    }


def main(argv: list[str] | None = None) -> int:
    from kiosk.app import make_engine

    p = argparse.ArgumentParser(prog="python -m kiosk.bench.bystanders", description=__doc__.splitlines()[0])
    p.add_argument("images", type=Path)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    settings = Settings()
    engine = make_engine(settings)
    engine.load()
    photos = sorted(q for q in args.images.rglob("*") if q.suffix.lower() in (".jpg", ".jpeg", ".png"))
    r = ratios(photos, engine, settings)
    if args.json:
        print(json.dumps(r, indent=2))
    else:
        print(f"{r['photos']} photos, {r['framed']} framed, {r['with_two_faces_or_more']} with two faces or more")
        for key in ("second_widest_over_widest", "closest_size_width_or_height"):
            print(f"{key}: {r[key]}")
        print(f"crowded at bystander_ratio {r['bystander_ratio']}: {r['crowded_at_the_setting']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
