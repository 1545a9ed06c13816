import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# Test helper modules (materials.py, hostile.py) are imported by name from any test folder.
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

SHARED = TESTS.parent.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present next to the repository")
    return SHARED
