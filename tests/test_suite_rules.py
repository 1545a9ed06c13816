"""The suite's own rules (tests/conftest.py, tests/requires.py).

It tests the working tree: this process and the command-line and server processes the tests
start import addin_server from the checkout, whatever copy is installed. And a skip cannot hide
in CI, shown on a small suite in a fresh pytest process: locally a missing requirement skips
with what is missing; with CI=true it fails, naming it, and only a test that does not apply to
the platform may still skip.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import addin_server

pytest_plugins = ["pytester"]

TESTS = Path(__file__).resolve().parent
CHECKOUT = TESTS.parent
WHERE = "import addin_server, pathlib; print(pathlib.Path(addin_server.__file__).resolve())"


def _interpreters() -> list[str]:
    """This interpreter (`python -m addin_server`) and the one the `addin-server` script runs."""
    found = [sys.executable]
    script = shutil.which("addin-server")
    if script:
        first = Path(script).read_bytes()[:300].split(b"\n", 1)[0]
        if first.startswith(b"#!"):
            found.append(first[2:].decode().strip().split()[0])
    return found


def test_the_suite_and_its_subprocesses_import_the_working_tree(tmp_path):
    assert Path(addin_server.__file__).resolve() == CHECKOUT / "addin_server" / "__init__.py"
    for python in _interpreters():
        done = subprocess.run([python, "-c", WHERE], capture_output=True, text=True, cwd=tmp_path,
                              timeout=60, check=True)
        assert Path(done.stdout.strip()) == CHECKOUT / "addin_server" / "__init__.py", python

SMALL_SUITE = {
    "test_needs": '''
import pytest
import requires

def test_missing_tool():
    requires.tool("no-such-tool-for-this-test", "no-such-package")

def test_missing_node_module():
    requires.node_module("no-such-node-module-for-this-test")

def test_plain_skip():
    pytest.skip("skipped for no stated reason")

@pytest.mark.skipif(True, reason=requires.not_on_this_platform("POSIX only"))
def test_other_platform():
    pass

def test_runs():
    assert True
''',
    "test_module_needs": '''
import requires

requires.shared("no-such-folder-for-this-test")

def test_never_collected():
    pass
''',
}


@pytest.fixture
def small_suite(pytester, monkeypatch):
    monkeypatch.delenv("ADDIN_SERVER_TEST_SHARED", raising=False)
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(requires=(TESTS / "requires.py").read_text(encoding="utf-8"), **SMALL_SUITE)
    return pytester


def test_locally_missing_requirements_skip_with_what_is_missing(small_suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = small_suite.runpytest_subprocess("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=5)
    result.stdout.fnmatch_lines(["*`no-such-tool-for-this-test` is missing (Debian: apt-get install "
                                 "no-such-package)*"])
    assert result.ret == 0


def test_in_ci_every_skip_but_a_platform_one_fails_naming_what_is_missing(small_suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = small_suite.runpytest_subprocess("-rs", "-p", "no:cacheprovider")
    # The module that cannot be collected is one error; it does not stop the other tests.
    result.assert_outcomes(passed=1, failed=3, skipped=1, errors=1)
    output = result.stdout.str()
    assert output.count("CI=true: this test may not skip in CI.") >= 4, output
    for named in ("the Node module no-such-node-module-for-this-test is missing",
                  "`no-such-tool-for-this-test` is missing", "skipped for no stated reason",
                  "no-such-folder-for-this-test is missing"):
        assert named in output, named
    assert result.ret != 0
