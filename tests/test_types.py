"""The core type-checks: ``uv run pytest`` (what CI runs) runs mypy on the files that
``[tool.mypy]`` in pyproject.toml names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_core_is_mypy_clean():
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_checks_every_core_module():
    """Every module outside kiosk/ui is in the checked set (a new core module cannot slip out)."""
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert conf["files"] == ["kiosk"] and conf.get("exclude") == ["^kiosk/ui/"]
