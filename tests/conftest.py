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

# Never the developer's own config: their config.toml, certificates or frameworks installed in
# their user folder would change what the tests see. Tests needing a config dir set their own.
OWN_CONFIG_DIR = "ADDIN_SERVER_CONFIG_DIR" not in os.environ
if OWN_CONFIG_DIR:
    import atexit
    import shutil
    import tempfile

    os.environ["ADDIN_SERVER_CONFIG_DIR"] = tempfile.mkdtemp(prefix="addin-server-test-config-")
    atexit.register(shutil.rmtree, os.environ["ADDIN_SERVER_CONFIG_DIR"], True)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present next to the repository")
    return SHARED


@pytest.fixture(autouse=True)
def _no_user_frameworks_left_behind():
    """Frameworks a test saves (through the API, the CLI or the registry) into the session's user
    folder are removed after it, so they cannot change what later tests recognise."""
    yield
    folder = Path(os.environ["ADDIN_SERVER_CONFIG_DIR"]) / "frameworks"
    if OWN_CONFIG_DIR and folder.is_dir() and any(folder.iterdir()):
        for path in folder.iterdir():
            path.unlink(missing_ok=True)
        from addin_server.frameworks import registry

        registry.reload()
