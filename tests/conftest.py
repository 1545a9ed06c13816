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

import requires  # noqa: E402  (needs TESTS on sys.path)

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
    return requires.shared()


# ---- CI cannot hide a skip -------------------------------------------------------------------
# With CI=true every skip is a failure naming its reason (a missing tool, Node module, Python
# module or ../shared; see tests/requires.py), except a test that does not apply to the platform.

def pytest_configure(config):
    if requires.IN_CI:
        # A test module that cannot even be collected (a module-level requirement) is reported
        # with all the others instead of stopping the run at the first one.
        config.option.continue_on_collection_errors = True


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def _skip_fails_in_ci(report) -> None:
    if not (requires.IN_CI and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    if not reason.startswith(requires.NOT_THIS_PLATFORM):
        report.outcome = "failed"
        report.longrepr = f"CI=true: this test may not skip in CI. {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _skip_fails_in_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _skip_fails_in_ci(outcome.get_result())


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
