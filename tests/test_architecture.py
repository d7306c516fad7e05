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


#: Imports under ``if TYPE_CHECKING:`` are left out of the cycle checks: they never run, so
#: they cannot make the order of imports matter, and collaborators may name each other's types
#: (the store's repositories and the store). Every import that runs counts, at the top of a
#: module or inside a function.
#: The one package-level cycle kept, by edge: the screenshot of the office console (a page
#: module's fixture) opens the console window, which is built from the staff pages.
KNOWN_PACKAGE_EDGES = frozenset({("kiosk.ui.pages.staff.shots", "kiosk.ui.console")})


def import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("kiosk", exclude_type_checking_imports=True, cache_dir=None)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def package_cycles(graph: dict[str, set[str]], skip: frozenset[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """For each package, the cycles among its direct children (modules and subpackages), one
    child importing another when any module inside it does."""
    found = []
    packages = {m.rsplit(".", n)[0] for m in graph for n in range(1, m.count(".") + 1)}
    for package in sorted(packages):
        child = {m: f"{package}.{m[len(package) + 1:].split('.')[0]}" for m in graph if m.startswith(package + ".")}
        edges: dict[str, set[str]] = {c: set() for c in child.values()}
        for importer, owner in child.items():
            for imported in graph[importer]:
                if imported in child and child[imported] != owner and (importer, imported) not in skip:
                    edges[owner].add(child[imported])
        found += cycles(edges)
    return found


def test_cycle_finder_finds_a_cycle_and_passes_a_tree():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
    graph = {"k.p.x": {"k.q.y"}, "k.q.y": {"k.p.z"}, "k.p.z": set()}  # acyclic modules, cyclic packages
    assert cycles(graph) == [] and package_cycles(graph) == [["k.p", "k.q"]]


def test_no_module_imports_itself_through_others():
    found = cycles(import_graph())
    assert not found, "import cycles between modules:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_no_package_imports_itself_through_others():
    graph = import_graph()
    assert all(imported in graph[importer] for importer, imported in KNOWN_PACKAGE_EDGES), "a known edge is gone: drop it"
    found = package_cycles(graph, KNOWN_PACKAGE_EDGES)
    assert not found, "import cycles between packages:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_every_module_of_kiosk_is_in_a_layer():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    layered = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    top = {f"kiosk.{info.name}" for info in pkgutil.iter_modules(kiosk.__path__)}
    assert "kiosk.core" in top and "kiosk.ops" in top
    assert not top - layered, f"modules in no layer of pyproject.toml: {sorted(top - layered)}"
