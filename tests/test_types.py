"""Every module type-checks, the screens included: ``uv run pytest`` runs mypy on the files
that ``[tool.mypy]`` in pyproject.toml names (``.ci/run`` also runs it on its own)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_module_is_mypy_clean():
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_checks_every_module():
    """The whole package is in the checked set, kiosk/ui included (no module can slip out)."""
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert conf["files"] == ["kiosk"] and "exclude" not in conf
