"""The package's modules import one way (docs/architecture.md).

Every module of addin_server is read with `ast` and every import is collected, at module level
and inside functions alike: an import hidden in a function still makes a circle, it only moves
the failure from start-up to the first call. The graph between the package's modules must have
no cycle; a function-level import of a package module is allowed only where LAZY_IMPORTS names it
and says why (never to dodge a cycle: the cycle test counts it anyway). The core — the document
model, the checks, the frameworks, the remedy library — reaches neither Flask nor python-docx,
by any path through the package.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "addin_server"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# (importing module or package prefix ending in ".", imported module) -> why it is imported in a
# function. Only start-up cost is a reason; a cycle never is.
LAZY_IMPORTS = {
    ("addin_server", "addin_server.app"):
        "importing the package stays cheap for the command line: Flask loads only when "
        "create_app() makes an application",
    ("addin_server.readers", "addin_server.readers.docx_file"):
        "the pane's paragraphs are read without lxml and python-docx loaded",
    ("addin_server.commands.", "*"):
        "the command line builds every subcommand's parser at start; each subcommand loads its "
        "engine (python-docx, Flask, the dictionaries) only when it runs",
}

# Modules that make up the core, by prefix: they and everything they import, at any level.
CORE = ("addin_server.model", "addin_server.checks", "addin_server.frameworks",
        "addin_server.remedies")
# The document's and the web's libraries the core must not reach (front ends and readers use them).
FRONT_END_LIBRARIES = ("flask", "flask_smorest", "werkzeug", "marshmallow", "docx", "docxtpl",
                       "lxml")


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str      # a module of the package, or an outside top-level name
    line: int
    in_function: bool


def _modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        modules[".".join(parts)] = (path, is_package)
    return modules


MODULES = _modules()


def _owning_module(name: str) -> str | None:
    """The package module `name` is (a module) or lives in (a name defined in a package)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports_of(module: str) -> list[Import]:
    path, is_package = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []

    def add(target: str, node, in_function: bool) -> None:
        if target.split(".")[0] == PACKAGE:
            owner = _owning_module(target)
            if owner and owner != module:
                found.append(Import(module, owner, node.lineno, in_function))
        else:
            found.append(Import(module, target.split(".")[0], node.lineno, in_function))

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name, child, in_function)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    source = ".".join(base + ([child.module] if child.module else []))
                else:
                    source = child.module or ""
                for alias in child.names:
                    # `from .pkg import mod` imports the module mod; `from .mod import name` the module.
                    submodule = f"{source}.{alias.name}"
                    add(submodule if submodule in MODULES else source, child, in_function)
            visit(child, in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


IMPORTS = [imp for module in MODULES for imp in _imports_of(module)]


def _graph() -> dict[str, set[str]]:
    """Module → the package modules its imports run. Importing a.b.c runs a/__init__ and
    a/b/__init__ first, so those count too — except the importer's own enclosing packages, which
    are already being imported when it runs."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for imp in IMPORTS:
        if imp.imported not in MODULES:
            continue
        graph[imp.importer].add(imp.imported)
        parts = imp.imported.split(".")
        for depth in range(1, len(parts)):
            parent = ".".join(parts[:depth])
            if parent in MODULES and not (imp.importer + ".").startswith(parent + "."):
                graph[imp.importer].add(parent)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as one circle
    through its modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_circle(graph, set(component)) for component in components]


def _circle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One path start → … → start inside a strongly connected component (breadth first)."""
    start = min(component)
    came_from = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & component):
            if nxt == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, node, start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return sorted(component)


def _lazy_reason(imp: Import) -> str | None:
    for (importer, imported), reason in LAZY_IMPORTS.items():
        matches_importer = (imp.importer.startswith(importer) if importer.endswith(".")
                            else imp.importer == importer)
        if matches_importer and imported in ("*", imp.imported):
            return reason
    return None


def test_the_walk_sees_the_package():
    assert len(MODULES) > 50
    assert "addin_server.checks.structure" in MODULES
    # The walk finds imports inside functions too (the command line loads engines lazily).
    assert any(imp.in_function and imp.imported in MODULES for imp in IMPORTS)


def test_no_import_cycles_between_the_packages_modules():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (function-level imports included):\n" + "\n".join(
        " → ".join(cycle) for cycle in cycles)


def test_a_submodule_import_runs_its_packages_init():
    graph = _graph()
    # checks/sections.py imports .structure: its own package's __init__ is not an edge of its own…
    assert "addin_server.checks" not in graph["addin_server.checks.sections"]
    # …but the API importing checks.report runs checks/__init__ first.
    assert "addin_server.checks" in graph["addin_server.api.check"]


def test_the_cycle_finder_finds_a_circle():
    # The finder itself, on a small graph: a → b → c → a beside d → a.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_package_import_inside_a_function_without_a_reason():
    hidden = [f"{imp.importer}:{imp.line} imports {imp.imported}" for imp in IMPORTS
              if imp.in_function and imp.imported in MODULES and _lazy_reason(imp) is None]
    assert not hidden, ("imports of the package's modules inside functions (move them to the top "
                        "of the module; if that makes a cycle, move the code to its layer):\n"
                        + "\n".join(hidden))


def test_every_allowed_lazy_import_is_still_there():
    for key in LAZY_IMPORTS:
        probe = [imp for imp in IMPORTS if imp.in_function and imp.imported in MODULES
                 and _lazy_reason(imp) == LAZY_IMPORTS[key]]
        assert probe, f"LAZY_IMPORTS lists {key}, which no longer happens: drop it"


def _closure(modules: set[str], graph: dict[str, set[str]]) -> set[str]:
    seen = set(modules)
    todo = list(modules)
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_core_reaches_neither_flask_nor_python_docx():
    core = {m for m in MODULES if m.startswith(CORE)}
    assert "addin_server.checks.structure" in core and "addin_server.remedies.library" in core
    reached = _closure(core, _graph())
    offending = [f"{imp.importer}:{imp.line} imports {imp.imported}"
                 for imp in IMPORTS if imp.importer in reached
                 and imp.imported in FRONT_END_LIBRARIES]
    assert not offending, "the core reaches a front end's library:\n" + "\n".join(offending)


def test_importing_the_core_and_render_planning_loads_no_front_end_library():
    # What a process that checks or plans a document has loaded once it has the engine.
    code = ("import sys, addin_server.checks, addin_server.remedies.library, addin_server.render.plan;"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FRONT_END_LIBRARIES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT.parent, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize("code, expected", [
    ("from . import b\n", "addin_server.x.b"),
    ("from .b import name\n", "addin_server.x.b"),
    ("def f():\n    from ..y import z\n", "addin_server.y"),
])
def test_relative_imports_resolve_to_the_module(code, expected, tmp_path, monkeypatch):
    fake = {"addin_server.x": (tmp_path / "x" / "__init__.py", True),
            "addin_server.x.a": (tmp_path / "x" / "a.py", False),
            "addin_server.x.b": (tmp_path / "x" / "b.py", False),
            "addin_server.y": (tmp_path / "y.py", False)}
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.py").write_text(code, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "MODULES", fake)
    assert [imp.imported for imp in _imports_of("addin_server.x.a")] == [expected]
