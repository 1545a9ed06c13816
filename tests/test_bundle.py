"""`addin-server bundle`: an offline (内网) install folder. The round trip for Linux: the bundle is
made (this step downloads from PyPI), then install.sh installs from it into a fresh environment
with the network denied to pip (a network namespace of its own where `unshare -n` works, and in
any case no index, no configured mirrors and an unreachable proxy), the server starts from it and
checks a material. The Windows bundle is made and its contents checked (Windows does not run here)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

import materials as M
from requires import CHECKOUT, not_on_this_platform
from addin_server.bundle import Target, compatible_platforms, missing_requirements

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason=not_on_this_platform("install.sh"))


def _wheel(folder: Path, name: str, version: str, requires: list[str]) -> None:
    """A minimal real wheel (only what missing_requirements reads: its name and METADATA)."""
    dist = f"{name.replace('-', '_')}-{version}"
    with zipfile.ZipFile(folder / f"{dist}-py3-none-any.whl", "w") as archive:
        archive.writestr(f"{dist}.dist-info/METADATA", "\n".join(
            ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
             *(f"Requires-Dist: {r}" for r in requires)]) + "\n")


def test_requirements_are_walked_with_the_targets_markers(tmp_path):
    # pip evaluates markers on the machine it runs on; the target's decide what the folder needs.
    _wheel(tmp_path, "addin-server", "1.0", ["click>=8", "tomli>=2; python_version < '3.11'"])
    _wheel(tmp_path, "click", "8.1.0", ['colorama; platform_system == "Windows"',
                                        "rich; extra == 'fancy'"])
    windows_310 = Target(("win_amd64",), "3.10")
    assert missing_requirements(tmp_path, windows_310) == ["colorama", "tomli>=2"]
    assert missing_requirements(tmp_path, Target(("manylinux_2_28_x86_64",), "3.12")) == []
    _wheel(tmp_path, "colorama", "0.4.6", [])
    _wheel(tmp_path, "tomli", "1.0", [])          # too old for tomli>=2
    assert missing_requirements(tmp_path, windows_310) == ["tomli>=2"]


def test_a_glibc_target_accepts_wheels_for_older_glibc():
    platforms = compatible_platforms(["manylinux_2_28_aarch64", "win_amd64"])
    assert platforms[0] == "manylinux_2_28_aarch64"
    assert "manylinux_2_17_aarch64" in platforms and "manylinux_2_5_aarch64" in platforms
    assert "manylinux_2_29_aarch64" not in platforms and platforms[-1] == "win_amd64"


def _bundle(tmp_path_factory, *args) -> Path:
    folder = tmp_path_factory.mktemp("bundle") / "离线安装包"
    result = subprocess.run([sys.executable, "-m", "addin_server", "bundle", "-o", str(folder), *args],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder


def _system_python() -> str:
    """The interpreter a new user has: the base of the environment running the tests."""
    base = Path(getattr(sys, "_base_executable", "") or sys.executable)
    return str(base if base.is_file() else shutil.which("python3"))


def _denied_network_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "ADDIN_SERVER_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"),
               PIP_CONFIG_FILE=os.devnull,          # not this machine's mirrors and find-links
               PIP_NO_INDEX="1", PIP_NO_CACHE_DIR="1", PIP_DEFAULT_TIMEOUT="5", PIP_RETRIES="0",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9")
    return env


def _network_denied_prefix() -> list[str]:
    """`unshare -n` (a network namespace with no interfaces up) where this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.fixture(scope="module")
def linux_bundle(tmp_path_factory):
    version = subprocess.run([_system_python(), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    return _bundle(tmp_path_factory, "--python-version", version)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_offline_install_from_the_bundle_serves_and_checks(linux_bundle, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = _denied_network_env(home)
    env["PYTHON"] = _system_python()
    denied = _network_denied_prefix()
    # The denial is real: pip cannot fetch anything from anywhere in this environment.
    probe = subprocess.run([*denied, env["PYTHON"], "-m", "pip", "download", "--no-deps",
                            "--dest", str(tmp_path / "probe"), "--index-url", "https://pypi.org/simple",
                            "six"], capture_output=True, text=True, env={**env, "PIP_NO_INDEX": ""},
                           timeout=120)
    assert probe.returncode != 0, probe.stdout

    installed = subprocess.run([*denied, "sh", str(linux_bundle / "install.sh"), "3000"],
                               capture_output=True, text=True, env=env, timeout=600)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert "离线安装" in installed.stdout
    root = home / ".local" / "share" / "addin-server"
    server = root / "venv" / "bin" / "addin-server"
    assert server.is_file()
    autostart = (home / ".config" / "autostart" / "addin-server.desktop").read_text(encoding="utf-8")
    assert f'Exec="{server}" serve --port 3000' in autostart
    publish = (home / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons" / "publish.xml").read_text(encoding="utf-8")
    assert 'url="https://localhost:3000/wps/"' in publish
    ca = home / ".config" / "addin-server" / "certs" / "ca.crt"
    assert ca.is_file()

    # The installed server, run from the new environment (not this checkout), checks a material.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "serve.log", "w+b")
    process = subprocess.Popen([str(server), "serve", "--port", str(port)], cwd=home, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        context = ssl.create_default_context(cafile=str(ca))
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.seek(0) or log.read().decode()
            try:
                with urllib.request.urlopen(f"https://localhost:{port}/healthz", context=context,
                                            timeout=5) as response:
                    assert response.status == 200
                    break
            except (urllib.error.URLError, ConnectionError, ssl.SSLError, OSError):
                assert time.monotonic() < deadline, "the installed server did not answer"
                time.sleep(0.3)
        request = urllib.request.Request(
            f"https://localhost:{port}/api/check",
            data=json.dumps({"paragraphs": M.pane_json(M.complete())}).encode("utf-8"),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, context=context, timeout=60) as response:
            report = json.loads(response.read())
        assert report["framework"] and report["dimensions"]
        assert all(d["present"] for d in report["dimensions"]), report["dimensions"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    where = subprocess.run([str(root / "venv" / "bin" / "python"), "-c",
                            "import addin_server; print(addin_server.__file__)"],
                           capture_output=True, text=True, env=env, cwd=home).stdout
    assert str(root) in where and str(CHECKOUT) not in where

    # The command line from the same environment, on a .docx
    material = tmp_path / "材料.docx"
    material.write_bytes(M.build_docx(M.complete()))
    checked = subprocess.run([str(server), "check", str(material)], capture_output=True, text=True,
                             env=env, cwd=home, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The server and the command read the lexicon and the segmentation trie the wheel ships (made
    # when the bundle built it): neither was built into the user's cache folder.
    cache = home / ".cache" / "addin-server"
    built = [p.name for p in cache.glob("*") if p.name.startswith(("proof-lexicon-", "jieba-dictionary-"))]
    assert not built, built

    removed = subprocess.run(["sh", str(linux_bundle / "uninstall.sh")], capture_output=True,
                             text=True, env=env, timeout=120)
    assert removed.returncode == 0, removed.stderr
    assert not root.exists() and not ca.exists()
    assert 'duizhao-jiancha' not in (home / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"
                                     / "publish.xml").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_windows_bundle_has_windows_wheels_and_the_scripts(tmp_path_factory):
    folder = _bundle(tmp_path_factory, "--platform", "win_amd64", "--python-version", "3.10")
    names = [p.name for p in (folder / "wheels").glob("*.whl")]
    assert any(n.startswith("addin_server-") for n in names)
    for compiled in ("lxml", "numpy", "cryptography", "rjieba", "psutil"):
        wheel = next((n for n in names if n.lower().startswith(compiled + "-")), None)
        assert wheel and wheel.endswith("win_amd64.whl"), (compiled, wheel)
    assert not [n for n in names if "linux" in n]
    # Python 3.10 needs backports the building machine (3.11+) does not: taken with the target's markers.
    assert any(n.startswith("tomli-") for n in names) and any(n.startswith("exceptiongroup-") for n in names)
    assert missing_requirements(folder / "wheels", Target(("win_amd64",), "3.10")) == []
    for script in ("install.ps1", "uninstall.ps1", "install.cmd", "uninstall.cmd", "README.txt"):
        assert (folder / script).is_file()
    assert "python=3.10" in (folder / "target.txt").read_text(encoding="utf-8")


def test_bundle_refuses_a_folder_with_files_in_it(tmp_path):
    (tmp_path / "别人的文件.txt").write_text("x", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "addin_server", "bundle", "-o", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "输出文件夹不是空的" in result.stderr
    assert (tmp_path / "别人的文件.txt").read_text(encoding="utf-8") == "x"


def test_bundle_outside_a_checkout_asks_for_the_servers_wheel(tmp_path, monkeypatch):
    import addin_server.bundle as bundle

    monkeypatch.setattr(bundle, "checkout_root", lambda: None)   # as when installed from a wheel
    with pytest.raises(bundle.BundleError, match="--wheel"):
        bundle.make_bundle(tmp_path / "out", Target((), "3.11"))
    with pytest.raises(bundle.BundleError, match="找不到 --wheel"):
        bundle.make_bundle(tmp_path / "out2", Target((), "3.11"), wheel=tmp_path / "无.whl")
