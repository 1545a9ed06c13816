import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
CHECKOUT = TESTS.parent
# Test helper modules (materials.py, hostile.py) are imported by name from any test folder.
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
# The suite tests the working tree, not whatever copy of addin_server is installed: the checkout
# goes first on sys.path here and, for the subprocesses the tests start (CLI, real server), on
# PYTHONPATH.
if sys.path[0] != str(CHECKOUT):
    sys.path.insert(0, str(CHECKOUT))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(CHECKOUT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])

SHARED = TESTS.parent.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present next to the repository")
    return SHARED
