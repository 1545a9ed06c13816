"""Runs the pane's JavaScript unit tests (tests/js, Node's built-in runner + office-addin-mock), so
the one test command covers them. CI installs the node modules with `npm ci` first."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import requires
from addin_server import placeholders

ROOT = Path(__file__).resolve().parent.parent
PANE = ROOT / "addin_server" / "pane"


def test_javascript_unit_tests_pass():
    requires.node_module("office-addin-mock")
    requires.node_module("@xmldom/xmldom")  # the Word double's DOMParser in tests/js/word_cut.test.mjs
    node = requires.tool("node", "nodejs")
    result = subprocess.run(
        [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert re.search(r"^# fail 0$", result.stdout, re.M), result.stdout[-3000:]
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.M)
    assert passed and int(passed.group(1)) > 0, result.stdout[-3000:]
    # A skipped or to-do JavaScript test would otherwise pass here unseen.
    for outcome in ("skipped", "todo", "cancelled"):
        assert re.search(rf"^# {outcome} 0$", result.stdout, re.M), result.stdout[-3000:]


def test_pane_searches_for_the_placeholder_the_templates_write():
    """word.js finds placeholders by the prefix of placeholders.OPEN; the two must agree."""
    source = (PANE / "word.js").read_text(encoding="utf-8")
    prefix = re.search(r'export const PLACEHOLDER_PREFIX = "([^"]+)";', source).group(1)
    assert placeholders.OPEN.startswith(prefix)
    assert placeholders.PATTERN.match(placeholders.make("任意提示"))
    assert len(prefix) < 255  # Word's search limit


def test_pane_pages_have_no_inline_script_or_handlers():
    """The pane's CSP allows only 'self' and Office's CDN: inline code would be blocked in Word."""
    for page in PANE.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"{page.name}: inline script {tag}"
        scripts = re.findall(r'<script\b[^>]*src="([^"]+)"', html)
        for src in scripts:
            assert src.startswith("https://appsforoffice.microsoft.com/") or "://" not in src, src
        assert not re.search(r"\son[a-z]+\s*=", html), f"{page.name}: inline event handler"
        assert not re.search(r"\sstyle\s*=", html), f"{page.name}: inline style attribute"


# ---- the pane's modules: views and flows that import one way ----------------------------------

_IMPORT = re.compile(r'^\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|^\s*import\s*"([^"]+)"', re.M | re.S)


def _imports(module: Path) -> list[Path]:
    """The modules `module` imports statically (relative ES imports), as paths."""
    found = []
    for match in _IMPORT.finditer(module.read_text(encoding="utf-8")):
        spec = match.group(1) or match.group(2)
        assert spec.startswith("./") or spec.startswith("../"), f"{module.name}: import of {spec} (no build step)"
        found.append((module.parent / spec).resolve())
    return found


def _page_modules() -> dict[Path, list[Path]]:
    """Every module the pane's pages load, with what it imports: from each page's <script src>."""
    graph: dict[Path, list[Path]] = {}
    todo = []
    for page in PANE.glob("*.html"):
        for src in re.findall(r'<script\b[^>]*src="([^"]+)"', page.read_text(encoding="utf-8")):
            if "://" not in src:
                todo.append((PANE / src.removeprefix("/pane/")).resolve())
    while todo:
        module = todo.pop()
        if module in graph:
            continue
        assert module.is_file(), f"{module} is imported but does not exist"
        graph[module] = _imports(module)
        todo.extend(graph[module])
    return graph


def test_pane_modules_import_one_way():
    """No module of the pane imports one that (through others) imports it back: the cards use
    state.js and ui.js below them and tell each other through state.js, never in a circle."""
    graph = _page_modules()
    assert (PANE / "cards" / "report.js").resolve() in graph   # the walk reaches the cards
    done: set[Path] = set()

    def visit(module: Path, path: list[Path]) -> None:
        if module in path:
            cycle = path[path.index(module):] + [module]
            raise AssertionError("import cycle: " + " → ".join(p.relative_to(PANE).as_posix() for p in cycle))
        if module in done:
            return
        for imported in graph[module]:
            visit(imported, path + [module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_every_module_the_pages_load_is_installed():
    """A module left out of setup.cfg's package data would work from the checkout and break the
    installed pane (the server serves the package's files)."""
    import configparser
    from fnmatch import fnmatch

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    packages = set(config["options"]["packages"].split())
    package_data = {name: value.split() for name, value in config["options.package_data"].items()}
    for module in _page_modules():
        relative = module.relative_to(ROOT)
        package = ".".join(relative.parent.parts)
        assert package in packages, f"{relative}: its folder {package} is not in setup.cfg's packages"
        assert any(fnmatch(module.name, pattern) for pattern in package_data.get(package, ())), (
            f"{relative}: not in setup.cfg's package_data for {package}")


def test_the_cards_keep_no_state_of_their_own():
    """The pane's state is in one place (state.js): a card module holds no variable of its own."""
    cards = sorted((PANE / "cards").glob("*.js"))
    assert cards
    for card in cards:
        top_level = re.findall(r"^(?:export\s+)?(?:let|var)\s+\w+", card.read_text(encoding="utf-8"), re.M)
        assert not top_level, f"{card.name}: {top_level} — keep shared state in state.js"
