"""What a test needs from the machine beyond the Python test extras: a command-line tool, a Node
module, a Python package, the shared material folder beside the checkout.

Each helper returns the thing or stops the test, naming what is missing and how to get it. Locally
that is a skip with the reason; in CI (`CI=true`) tests/conftest.py turns every such skip into a
failure, so a green CI run cannot hide a test that did not run. The one skip CI accepts is a test
that does not apply to the platform at all (`not_on_this_platform`), such as POSIX signals on
Windows.
"""
from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

# ../shared beside the checkout (the real materials and corpus); a git worktree or a CI clone
# elsewhere points to it with this variable.
SHARED_VARIABLE = "ADDIN_SERVER_TEST_SHARED"
SHARED = Path(os.environ.get(SHARED_VARIABLE) or CHECKOUT.parent / "shared")

# The prefix of the only skip reason CI lets through (see tests/conftest.py).
NOT_THIS_PLATFORM = "not on this platform: "


def not_on_this_platform(reason: str) -> str:
    """A skip reason for a test that cannot apply here (not a missing tool): CI accepts it."""
    return NOT_THIS_PLATFORM + reason


def missing(what: str, how: str) -> NoReturn:
    """Stop the test: `what` is not on this machine; `how` says how to get it."""
    pytest.skip(f"{what} is missing ({how})", allow_module_level=True)


def tool(name: str, package: str) -> str:
    """The path of command-line tool `name` (Debian package `package`)."""
    found = shutil.which(name)
    if found is None:
        missing(f"the command `{name}`", f"Debian: apt-get install {package}")
    return found


def executable(path: str | Path, package: str) -> Path:
    """A tool that must be at a fixed path (Debian's Chromium for Playwright)."""
    path = Path(path)
    if not path.exists():
        missing(str(path), f"Debian: apt-get install {package}")
    return path


def node_module(name: str) -> Path:
    """node_modules/`name` in the checkout, with Node.js itself."""
    tool("node", "nodejs")
    folder = CHECKOUT / "node_modules" / name
    if not folder.is_dir():
        missing(f"the Node module {name}", "run `npm ci` in the repository root")
    return folder


def module(name: str):
    """Python module `name` from the test extras."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing(f"the Python module {name} ({error})", "pip install -e '.[test]'")


def shared(*parts: str) -> Path:
    """A folder or file inside ../shared (the real materials and corpus)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(str(path), f"put the shared folder beside the checkout or set {SHARED_VARIABLE}")
    return path
