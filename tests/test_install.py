"""Installing as a new user does: the README's first command from a clean copy of the checkout with
the Python on PATH and nothing made beforehand (downloads from PyPI: it runs in CI, which has the
network), and the README, CONTRIBUTING and .ci/run agreeing with each other."""
from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from requires import CHECKOUT, not_on_this_platform

README = CHECKOUT / "README.md"
CI_RUN = CHECKOUT / ".ci" / "run"


def readme_block(language: str) -> list[str]:
    """The lines of the README's first ```language block."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^```{language}\n(.*?)^```", text, re.S | re.M)
    assert match, f"README.md has no ```{language} block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def clean_copy(destination: Path) -> Path:
    """What a clone of this checkout holds (tracked files and new files not ignored), with the
    working tree's edits: no .venv, no build output, no node_modules."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=CHECKOUT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, listed):
        source = CHECKOUT / os.fsdecode(name)
        if not source.is_file() or source.is_symlink():
            continue   # a deleted tracked file, or the node_modules link of a worktree
        target = destination / os.fsdecode(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return destination


def system_environment(**extra: str) -> dict:
    """The environment of a new user's shell: no virtual environment active (the one running
    these tests is taken off PATH), no PYTHONPATH pointing at the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME") and not k.startswith("ADDIN_SERVER_")}
    venv_bin = str(Path(sys.prefix) / ("Scripts" if sys.platform == "win32" else "bin"))
    if sys.prefix != sys.base_prefix:
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if p and os.path.realpath(p) != os.path.realpath(venv_bin))
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ci_runs_the_readme_test_line_in_its_own_environment():
    first, second = readme_block("bash")[:2]
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . ")
    assert second.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install -e ")
    # .ci/run's own extraction, run on the README as CI runs it
    sed = re.search(r"^test_command=\$\(sed -n '(.*)' README\.md\)$", CI_RUN.read_text(), re.M)
    assert sed, ".ci/run no longer extracts the test command with sed"
    extracted = subprocess.run(["sed", "-n", sed.group(1), str(README)], capture_output=True,
                               text=True, check=True).stdout.strip()
    assert extracted == "pip install -e '.[test]' && npm ci && pytest"
    assert second.split("  #")[0].rstrip().endswith(extracted)


def test_contributing_installs_the_packages_ci_installs():
    ci = re.search(r"^packages=\((.*)\)$", CI_RUN.read_text(), re.M).group(1).split()
    contributing = (CHECKOUT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    apt = re.search(r"^sudo apt-get install (.*?)(?:  +#.*)?$", contributing, re.M).group(1).split()
    assert set(ci) <= set(apt), f"CONTRIBUTING's apt line misses {set(ci) - set(apt)}"


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.skipif(sys.platform == "win32", reason=not_on_this_platform("the README's bash line"))
def test_readme_first_command_on_a_fresh_copy_reaches_healthz(tmp_path):
    """The first line exactly as written, in bash, from a clean copy: it makes .venv with the
    python3 on PATH, installs from PyPI, makes the certificates and serves. Only the port (and the
    config folder, so the developer's own certificates are not touched) come from the environment,
    as a user may set them (docs/configuration.md): 3000 may be busy on a shared machine."""
    line = readme_block("bash")[0]
    copy = clean_copy(tmp_path / "checkout")
    port = free_port()
    config = tmp_path / "config"
    log = open(tmp_path / "install.log", "w+b")
    process = subprocess.Popen(["bash", "-c", line], cwd=copy, stdout=log, stderr=subprocess.STDOUT,
                               env=system_environment(ADDIN_SERVER_PORT=str(port),
                                                      ADDIN_SERVER_CONFIG_DIR=str(config)),
                               start_new_session=True)

    def output() -> str:
        log.flush()
        log.seek(0)
        return log.read().decode("utf-8", "replace")[-4000:]

    try:
        deadline = time.monotonic() + 780
        while True:
            assert process.poll() is None, f"the command ended ({process.returncode}):\n{output()}"
            assert time.monotonic() < deadline, f"no /healthz within 13 minutes:\n{output()}"
            ca = config / "certs" / "ca.crt"
            if ca.is_file():
                try:
                    context = ssl.create_default_context(cafile=str(ca))
                    with urllib.request.urlopen(f"https://localhost:{port}/healthz", timeout=5,
                                                context=context) as response:
                        assert response.status == 200
                        break
                except (urllib.error.URLError, ConnectionError, ssl.SSLError, OSError):
                    pass
            time.sleep(1)
        assert (copy / ".venv" / "bin" / "addin-server").is_file()   # installed into .venv
        assert "对照检查助手服务已启动" in output()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
