"""Update translation sources and compile them.

    uv run python i18n/update.py            # lupdate + lrelease for every area
    uv run python i18n/update.py --release  # lrelease only

An area is ``i18n/<area>.files`` (source globs) with ``i18n/<area>_<lang>.ts`` for each
language; compiled files go to ``kiosk/i18n/<area>_<lang>.qm``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
QM_DIR = ROOT / "kiosk" / "i18n"
#: zh_CN is a full translation; en holds only the plural forms ("1 second", "2 seconds").
LANGS = ("zh_CN", "en")
BIN = Path(sys.executable).parent


def area_sources(files: Path) -> list[str]:
    out: list[str] = []
    for line in files.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out += sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(line) if p.is_file())
    return out


def lupdate_args(files: Path, ts: Path) -> list[str]:
    plural_only = ["-pluralonly"] if ts.stem.endswith("_en") else []
    return [str(BIN / "pyside6-lupdate"), *area_sources(files), "-no-obsolete", "-locations", "none", *plural_only,
            "-ts", str(ts)]


def lupdate(files: Path, ts: Path) -> None:
    subprocess.run(lupdate_args(files, ts), cwd=ROOT, check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    QM_DIR.mkdir(exist_ok=True)
    for files in sorted(I18N.glob("*.files")):
        area = files.stem
        for lang in LANGS:
            ts = I18N / f"{area}_{lang}.ts"
            if "--release" not in argv:
                lupdate(files, ts)
            lrelease(ts, QM_DIR / f"{area}_{lang}.qm")
            print(f"{area}_{lang}: {ts.relative_to(ROOT)} -> kiosk/i18n/{area}_{lang}.qm")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
