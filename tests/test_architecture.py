"""Checked contracts: the core never imports Qt; the commands change records only through
operations; importing kiosk is quick and loads no model."""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import kiosk

ROOT = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    """Every kiosk module outside kiosk.ui (and the CLI commands that start the UI lazily)."""
    names = []
    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if info.name.startswith("kiosk.ui") or info.name == "kiosk.__main__":
            continue
        names.append(info.name)
    return names


def test_core_modules_import_without_qt():
    mods = core_modules()
    assert "kiosk.store.db" in mods and "kiosk.domain.faces" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt loaded by the core: {out.stdout}"


def test_import_linter_contract():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a dev dependency"
    out = subprocess.run([exe], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def command_sources() -> list[Path]:
    return sorted((ROOT / "kiosk" / "commands").rglob("*.py"))


def test_commands_write_no_audit_record_and_open_no_transaction_themselves():
    """A command that changed records itself would bypass the operation's permission check and
    its unit of work (import-linter sees imports, not calls on an open kiosk: hence this scan)."""
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in command_sources()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ".audit.append(" in line or ".transaction(" in line]
    assert not found, "commands must call kiosk.ops instead:\n" + "\n".join(found)


#: the open kiosk's services and store: operations use them, commands call the operations
KIOSK_SERVICES = frozenset({"faces", "store", "pins", "passes"})


def services_reached(source: str) -> list[tuple[int, str]]:
    """(line, ``name.service``) for every use of a kiosk service in ``source``, whatever the
    open kiosk is called (imports such as ``kiosk.domain.faces`` are module names, not uses;
    ``args`` is argparse's namespace, whose options may share a service's name)."""
    return sorted((node.lineno, f"{ast.unparse(node.value)}.{node.attr}") for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute) and node.attr in KIOSK_SERVICES
            and not (isinstance(node.value, ast.Name) and node.value.id == "args"))


def test_service_scan_finds_a_command_reaching_past_the_operations():
    source = ("from kiosk.domain.faces import read_image\n"
              "def cmd(args):\n"
              "    with open_kiosk(args) as kiosk:\n"
              "        kiosk.faces.check_allowed()\n"
              "        print(kiosk.store.key_source, args.faces)\n")
    assert services_reached(source) == [(4, "kiosk.faces"), (5, "kiosk.store")]


def test_commands_reach_faces_store_pins_and_passes_only_through_operations():
    """A command that read or encoded through the kiosk's services would skip the operation's
    permission check and its consistent view: the operations are the commands' only way in."""
    found = [f"{path.relative_to(ROOT)}:{n}: {use}"
             for path in command_sources()
             for n, use in services_reached(path.read_text(encoding="utf-8"))]
    assert not found, "commands must call kiosk.ops instead:\n" + "\n".join(found)


def test_import_is_fast_and_loads_no_model():
    code = (
        "import time, sys; t = time.perf_counter(); import kiosk.app, kiosk.cli; "
        "print(time.perf_counter() - t); "
        "print(any(m in sys.modules for m in ('dlib', 'face_recognition', 'PySide6')))"
    )
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    seconds, loaded = out.stdout.split()
    assert loaded == "False"
    float(seconds)  # the time itself is reported by `kiosk bench`, not asserted here
