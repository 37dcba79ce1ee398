"""The layers of docs/architecture.md, machine-checked: core/, analysis/, sim/ and io/ never touch Qt.

Two proofs: a static one (no module of those layers imports a Qt binding or
pyqtgraph, or reaches up into gui/ or commands/) and a dynamic one (importing
the command line, the io package, the loop engine and every pure module in a
fresh interpreter leaves every Qt binding out of ``sys.modules``).  The order
of all seven layers is checked by ``lint-imports``; here also: no import
cycle anywhere, every gui module uses Qt, no module over 500 lines.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cld_editor"
PURE_LAYERS = ("core", "analysis", "sim", "io")
QT_MODULES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "pyqtgraph", "qtpy")
UPPER_LAYERS = ("gui", "commands")


def _pure_modules() -> list[Path]:
    return sorted(p for layer in PURE_LAYERS for p in (PACKAGE / layer).rglob("*.py") if "__pycache__" not in p.parts)


def _absolute(module: str, level: int, path: Path) -> str:
    """Resolve a relative import (``from ..gui import x``) against the module's package."""
    if level == 0:
        return module
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def layer_violations(source: str, path: Path) -> list[str]:
    tree = ast.parse(source, str(path))
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, path)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            # importlib.import_module("PySide6...") or __import__("pyqtgraph")
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in {"import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                targets = [node.args[0].value]
        for target in targets:
            top = target.split(".")[0]
            if top in QT_MODULES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports {target}")
            parts = target.split(".")
            if len(parts) > 1 and parts[0] == "cld_editor" and parts[1] in UPPER_LAYERS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: reaches up into {target}")
    return found


def test_every_pure_layer_has_modules():
    layers = {p.relative_to(PACKAGE).parts[0] for p in _pure_modules()}
    assert {"core", "analysis", "io"} <= layers


def test_pure_layers_import_no_qt_statically():
    problems = [v for path in _pure_modules() for v in layer_violations(path.read_text(encoding="utf-8"), path)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("snippet", [
    "import PySide6.QtCore",
    "from PySide6 import QtWidgets",
    "import pyqtgraph as pg",
    "import shiboken6",
    "from ..gui.canvas import Canvas",
    "import importlib\nimportlib.import_module('PySide6.QtGui')",
])
def test_the_static_check_catches(snippet):
    assert layer_violations(snippet, PACKAGE / "io" / "example.py")


_PROBE = """
import importlib, json, pkgutil, sys
import cld_editor.cli, cld_editor.io, cld_editor.analysis.loops
first = sorted(m for m in sys.modules if m.split('.')[0] in QT)
import cld_editor
failed = {}
for layer in ("core", "analysis", "sim", "io"):
    package = importlib.import_module("cld_editor." + layer)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # a module that cannot import is reported, not hidden
            failed[info.name] = repr(exc)
print(json.dumps({"first": first, "all": sorted(m for m in sys.modules if m.split('.')[0] in QT),
                  "failed": failed}))
"""


def test_importing_the_pure_layers_loads_no_qt():
    code = f"QT = {QT_MODULES!r}\n{_PROBE}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["first"] == [], "cli, io or analysis.loops imported Qt"
    assert report["all"] == [], f"a pure module imported Qt: {report['all'][:5]}"
    assert report["failed"] == {}, report["failed"]


def _imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    """The project modules ``name`` imports at run time (imports under ``if TYPE_CHECKING:`` do not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    typing_only = {id(sub) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) for sub in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - (node.level - 1)] + [node.module or ""]) if node.level \
                else node.module or ""
            base = base.rstrip(".")
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return (found & modules) - {name}


def test_no_module_imports_itself_in_a_circle():
    """Not even through an import inside a function: each part can be read, tested and moved on its own."""
    paths = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    graph = {name: _imports_of(path, name, set(paths)) for name, path in paths.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(name):] + [name]))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, trail + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_every_gui_module_uses_qt():
    """Logic that needs no Qt belongs to a lower layer, where it is tested without a window."""
    gui = PACKAGE / "gui"
    qt_free = []
    for path in sorted(gui.rglob("*.py")):
        if path.name == "__init__.py" or "__pycache__" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and not node.level}
        if not any(name.split(".")[0] in QT_MODULES for name in names):
            qt_free.append(str(path.relative_to(ROOT)))
    assert qt_free == [], f"modules in gui/ without Qt (move them to core, analysis, sim or io): {qt_free}"


def test_modules_stay_small_and_gui_shows_its_structure():
    """No module over 500 lines (split along a real seam first); gui/ keeps its parts in subpackages."""
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
    top = sorted(p.name for p in (PACKAGE / "gui").glob("*.py"))
    assert len(top) <= 10, top


def test_every_command_line_module_is_in_the_layer_contracts():
    # A new cli_<command>.py outside the contracts would escape both the layer order and the
    # "gui imports nothing from the command line" rule without anyone noticing.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c for c in config if c["type"] == "layers")["layers"]
    top = {name.strip() for name in layers[0].split(":")}
    forbidden = set(next(c for c in config if c.get("source_modules") == ["cld_editor.gui"])["forbidden_modules"])
    modules = {f"cld_editor.{p.stem}" for p in PACKAGE.glob("cli*.py")}
    assert modules <= top, sorted(modules - top)
    assert modules <= forbidden, sorted(modules - forbidden)
