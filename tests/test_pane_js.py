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
