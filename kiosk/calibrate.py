"""Threshold calibration on the operator's own photos (Qt-free).

Each distinct image runs once through the kiosk's still-photo pipeline
(detect with upsampling fallback, dominant-face quality gate, encode); pairs then
cost a subtraction. Images without a template count as failures to acquire (FTA).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from kiosk.domain.faces import FaceService, read_image
from kiosk.errors import FaceQualityError, ImageError, MissingInputsError, PairsFileError
from kiosk.inputs import read_text


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: int


MAX_PAIRS_BYTES = 64 * 1024 * 1024  #: about a million pairs


def read_pairs(path: Path) -> list[Pair]:
    """The pairs of a CSV file (header a,b,same); :class:`PairsFileError` says which line is wrong."""
    text = read_text(Path(path), "a pairs file", MAX_PAIRS_BYTES, encoding="utf-8-sig")  # bounded
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise PairsFileError.at_lines(path, [(0, f"not a CSV file ({exc})")]) from None
    header = [h.strip() for h in rows[0]] if rows else []
    if header != ["a", "b", "same"]:
        raise PairsFileError.at_lines(path, [(1, f"the header is {','.join(header) or 'missing'}, not a,b,same")])
    pairs, errors = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != 3:
            errors.append((n, f"{len(row)} field(s) instead of 3"))
        elif not row[0].strip() or not row[1].strip():
            errors.append((n, "an image path is empty"))
        elif row[2].strip() not in ("0", "1"):
            errors.append((n, f"same is {row[2].strip()[:20]!r}, not 1 or 0"))
        else:
            pairs.append(Pair(row[0].strip(), row[1].strip(), int(row[2])))
    if errors:
        raise PairsFileError.at_lines(path, errors)
    if not pairs:
        raise PairsFileError.at_lines(path, [(0, "no pairs after the header")])
    return pairs


def missing_images(pairs: list[Pair], images_dir: Path) -> list[str]:
    """The images the pairs name that are not files under ``images_dir``, sorted."""
    return sorted(n for n in {p.a for p in pairs} | {p.b for p in pairs} if not (images_dir / n).is_file())


def require_images(pairs: list[Pair], images_dir: Path, pairs_path: Path) -> None:
    """Refuse (exit status 3) when images named in the pairs file are missing: a wrong
    ``--images`` folder must not be measured as a set of unreadable photos."""
    missing = missing_images(pairs, images_dir)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise MissingInputsError(f"{len(missing)} of the images named in {pairs_path} are not in {images_dir}: {shown}.",
                                 remedy="Check --images (the folder the pair paths are relative to) and the pairs file.")


def encode_images(
    faces: FaceService, images_dir: Path, names: list[str], progress: Callable[[int, int], None] = lambda i, n: None
) -> dict[str, np.ndarray | str]:
    """name -> template, or name -> reason code when no template could be made."""
    out: dict[str, np.ndarray | str] = {}
    for i, name in enumerate(names):
        try:
            out[name] = faces.encode_still(read_image(images_dir / name))
        except FaceQualityError as exc:
            out[name] = exc.reason
        except ImageError:
            out[name] = "unreadable"
        progress(i + 1, len(names))
    return out


def tar_at_far(genuine: np.ndarray, impostor: np.ndarray, far: float) -> tuple[float | None, float | None]:
    """True-accept rate at the largest threshold whose false-accept rate is <= far.

    A pair without a template has distance ``inf``: never accepted, but counted in the
    denominators (generalised rates); pass finite distances only for compared-pairs-only rates."""
    if not len(genuine) or not len(impostor):
        return None, None
    imp = np.sort(impostor)
    k = int(np.floor(far * len(imp)))  # number of impostors we may accept
    threshold = float(imp[k] - 1e-9) if k < len(imp) else float(imp[-1])
    if not np.isfinite(threshold):  # more pairs without a template than accepted impostors
        finite = imp[np.isfinite(imp)]
        threshold = float(finite[-1]) if len(finite) else 0.0
    return float(np.mean(genuine <= threshold)), threshold


def equal_error_rate(genuine: np.ndarray, impostor: np.ndarray) -> tuple[float | None, float | None]:
    if not len(genuine) or not len(impostor):
        return None, None
    candidates = np.unique(np.concatenate([genuine, impostor]))
    candidates = candidates[np.isfinite(candidates)]
    if not len(candidates):
        return None, None
    frr = np.array([np.mean(genuine > t) for t in candidates])
    far = np.array([np.mean(impostor <= t) for t in candidates])
    i = int(np.argmin(np.abs(frr - far)))
    return float((frr[i] + far[i]) / 2), float(candidates[i])


MIN_THRESHOLD, MAX_THRESHOLD = 0.2, 0.7  # the range Settings accepts
MIN_IMPOSTORS_FAR_01 = 1000  # different-person comparisons needed to resolve FAR 0.1 % (and to --apply)
MIN_IMPOSTORS_FAR_1 = 100
MIN_GENUINE_TO_APPLY = 50  # same-person comparisons needed before a threshold is applied


def recommend(thr_far_1pc: float | None, thr_far_01pc: float | None, impostors: int) -> tuple[float | None, str]:
    """The threshold for FAR <= 0.1 % when the data can resolve it (>= 1,000 compared
    different-person pairs), else for FAR <= 1 % (>= 100 pairs); never outside the range the
    kiosk accepts."""
    if impostors >= MIN_IMPOSTORS_FAR_01 and thr_far_01pc is not None:
        value, basis = thr_far_01pc, "FAR <= 0.1%"
    elif impostors >= MIN_IMPOSTORS_FAR_1 and thr_far_1pc is not None:
        value, basis = thr_far_1pc, f"FAR <= 1% (fewer than {MIN_IMPOSTORS_FAR_01:,} compared different-person pairs)"
    else:
        return None, f"too few compared different-person pairs ({impostors}; at least {MIN_IMPOSTORS_FAR_1} needed)"
    return round(min(MAX_THRESHOLD, max(MIN_THRESHOLD, value)), 4), basis


def rates(genuine: np.ndarray, impostor: np.ndarray, threshold: float) -> dict:
    """The figures for one set of comparisons (distances; ``inf`` where a template is missing)."""
    tar2, thr2 = tar_at_far(genuine, impostor, 0.01)
    tar3, thr3 = tar_at_far(genuine, impostor, 0.001)
    eer, _ = equal_error_rate(genuine, impostor)
    mean = lambda a: float(np.mean(a)) if len(a) else None  # noqa: E731
    return {
        "genuine_pairs": int(len(genuine)),
        "impostor_pairs": int(len(impostor)),
        "tar_at_far_0.01": tar2,
        "threshold_at_far_0.01": thr2,
        "tar_at_far_0.001": tar3,
        "threshold_at_far_0.001": thr3,
        "eer": eer,
        "tar_at_current_threshold": mean(genuine <= threshold),
        "far_at_current_threshold": mean(impostor <= threshold),
    }


def calibrate(faces: FaceService, pairs: list[Pair], images_dir: Path, progress=lambda i, n: None) -> dict:
    """Every image through the still pipeline once, then every pair.

    ``generalised`` counts a pair in which either photo has no template as a failed
    comparison (ISO/IEC 19795-1 generalised rates: what members at the gate live with);
    ``compared_pairs_only`` leaves those pairs out. The recommended threshold comes from the
    compared different-person pairs (the false-match rate of comparisons actually made)."""
    names = sorted({p.a for p in pairs} | {p.b for p in pairs})
    encoded = encode_images(faces, images_dir, names, progress)
    rows: list[dict] = []
    genuine: list[float] = []
    impostor: list[float] = []
    for p in pairs:
        ea, eb = encoded[p.a], encoded[p.b]
        reason = ea if isinstance(ea, str) else eb if isinstance(eb, str) else None
        dist = float(np.linalg.norm(ea - eb)) if not isinstance(ea, str) and not isinstance(eb, str) else None
        (genuine if p.same else impostor).append(np.inf if dist is None else dist)
        rows.append({"a": p.a, "b": p.b, "same": p.same, "distance": dist, "reason": reason})
    g, imp = np.array(genuine, np.float64), np.array(impostor, np.float64)
    current = faces.settings.match_threshold
    generalised, compared = rates(g, imp, current), rates(g[np.isfinite(g)], imp[np.isfinite(imp)], current)
    recommended, basis = recommend(compared["threshold_at_far_0.01"], compared["threshold_at_far_0.001"],
                                   compared["impostor_pairs"])
    by_reason: dict[str, int] = {}
    for v in encoded.values():
        if isinstance(v, str):
            by_reason[v] = by_reason.get(v, 0) + 1
    summary = {
        "images": len(names),
        "images_without_template": sum(by_reason.values()),
        "images_without_template_by_reason": dict(sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))),
        "pairs": len(pairs),
        "pairs_without_template": {"genuine": int(np.sum(~np.isfinite(g))), "impostor": int(np.sum(~np.isfinite(imp)))},
        "generalised": generalised,
        "compared_pairs_only": compared,
        "recommended_threshold": recommended,
        "basis": basis,
        "can_apply": recommended is not None and compared["impostor_pairs"] >= MIN_IMPOSTORS_FAR_01
        and compared["genuine_pairs"] >= MIN_GENUINE_TO_APPLY,
        "current_threshold": current,
    }
    return {"pairs": rows, "summary": summary}
