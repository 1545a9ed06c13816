"""An offline (内网) installation folder: the server's wheel, every dependency's wheel for the target
platform and Python, and the install scripts. Installing from it needs no network:

    pip install --no-index --find-links wheels addin-server

Wheels come from `pip download --only-binary=:all: --platform … --python-version …` (pip's own way
to fetch for another machine). Two things pip leaves to us:

- A dependency published only as a source archive (jieba) has no wheel to download: it is built
  here with `pip wheel`, and kept only if the result is pure Python (runs on any platform).
- pip evaluates environment markers against the machine it runs on, not the target
  (`colorama; platform_system == "Windows"`, which click needs on Windows, is skipped when the
  bundle is made on Linux). So the folder's requirements are walked again with the target's
  markers, and whatever is missing is fetched, until nothing is.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from email.parser import Parser
from importlib import resources
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

WHEELS_DIR = "wheels"
TARGET_FILE = "target.txt"
DISTRIBUTION = "addin-server"
# Rounds of "fetch, then look for what the target's markers still need" before giving up.
MAX_ROUNDS = 8
# Not part of the source a wheel is built from (build output, environments, the browser tests'
# Node modules and screenshots, version control).
_NOT_SOURCE = (".git", "build", "dist", "*.egg-info", "node_modules", ".venv", "__pycache__",
               "test-artifacts", ".pytest_cache", ".hypothesis")
_NO_DISTRIBUTION = re.compile(r"No matching distribution found for ([A-Za-z0-9._-]+)")


class BundleError(Exception):
    """Something the person making the bundle can act on; the message says what (in Chinese)."""


@dataclass(frozen=True)
class Target:
    """The machine the bundle is for: pip's --platform values and the Python version."""
    platforms: tuple[str, ...]          # empty: this machine's
    python_version: str                 # "3.12"

    def pip_arguments(self) -> list[str]:
        args = ["--only-binary=:all:", "--python-version", self.python_version]
        if self.platforms:
            args += ["--implementation", "cp"]
            for platform in compatible_platforms(self.platforms):
                args += ["--platform", platform]
        return args

    def marker_environment(self) -> dict:
        """PEP 508 marker values of the target (from its platform tag), for requirement markers."""
        env = dict(default_environment())
        major, minor = self.python_version.split(".")[:2]
        env.update(python_version=f"{major}.{minor}", python_full_version=f"{major}.{minor}.0",
                   implementation_name="cpython", platform_python_implementation="CPython")
        if not self.platforms:
            return env
        tag = self.platforms[0]
        if tag.startswith("win"):
            machine = {"win32": "x86", "win_amd64": "AMD64", "win_arm64": "ARM64"}.get(tag, "AMD64")
            env.update(sys_platform="win32", platform_system="Windows", os_name="nt",
                       platform_machine=machine)
        elif tag.startswith("macosx"):
            env.update(sys_platform="darwin", platform_system="Darwin", os_name="posix",
                       platform_machine="arm64" if tag.endswith("arm64") else "x86_64")
        else:   # manylinux / musllinux / linux
            machine = tag.split("_", 2)[-1] if tag.startswith("linux_") else re.sub(
                r"^(many|musl)linux(_\d+_\d+|\d+)_", "", tag)
            env.update(sys_platform="linux", platform_system="Linux", os_name="posix",
                       platform_machine=machine)
        env.update(platform_release="", platform_version="")
        return env


_MANYLINUX = re.compile(r"^manylinux_2_(\d+)_(\w+)$")
# glibc 2.5 is manylinux1, the oldest tag wheels carry
_OLDEST_GLIBC_MINOR = 5


def compatible_platforms(platforms) -> list[str]:
    """The platform tags a target accepts. A glibc 2.N system runs wheels for every older glibc
    (manylinux_2_M, M ≤ N), but pip takes --platform literally, so those are named too."""
    out: list[str] = []
    for platform in platforms:
        match = _MANYLINUX.match(platform)
        if match:
            newest, arch = int(match.group(1)), match.group(2)
            out += [f"manylinux_2_{minor}_{arch}" for minor in range(newest, _OLDEST_GLIBC_MINOR - 1, -1)]
        else:
            out.append(platform)
    return list(dict.fromkeys(out))


@dataclass
class Bundle:
    folder: Path
    wheels: list[Path] = field(default_factory=list)
    built_here: list[str] = field(default_factory=list)   # sdist-only packages made into wheels


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if it does (pip wheel builds from it)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "setup.cfg").is_file() and (root / "pyproject.toml").is_file() else None


def _pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)


def _server_wheel(wheels: Path, wheel: Path | None) -> Path:
    if wheel is not None:
        if not wheel.is_file():
            raise BundleError(f"找不到 --wheel 指定的文件：{wheel}")
        target = wheels / wheel.name
        shutil.copyfile(wheel, target)
        return target
    root = checkout_root()
    if root is None:
        raise BundleError("找不到本服务的源代码目录，无法生成它的安装包（wheel）。请在源代码目录中运行，"
                          "或用 --wheel 指定 addin_server-*.whl（在源代码目录运行 pip wheel --no-deps . 可得到）。")
    with tempfile.TemporaryDirectory() as scratch:
        # Built from a copy: setuptools leaves build/ in the tree it builds, and a file deleted
        # from the source would still be in an old build/ and so in the wheel.
        source = Path(scratch) / "source"
        shutil.copytree(root, source, symlinks=False, ignore=shutil.ignore_patterns(*_NOT_SOURCE))
        result = _pip("wheel", "--no-deps", "--wheel-dir", str(wheels), str(source))
    if result.returncode != 0:
        raise BundleError(f"生成本服务的 wheel 失败：\n{result.stderr[-2000:]}")
    found = sorted(wheels.glob("addin_server-*.whl"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise BundleError("pip wheel 没有生成 addin_server 的 wheel。")
    return found[-1]


def _build_pure_wheel(requirement: str, wheels: Path, bundle: Bundle) -> None:
    """A package published only as a source archive: build its wheel here; keep it only if it is
    pure Python (a compiled one would be for this machine, not the target)."""
    before = set(wheels.glob("*.whl"))
    result = _pip("wheel", "--no-deps", "--no-binary", ":all:", "--wheel-dir", str(wheels), requirement)
    made = sorted(set(wheels.glob("*.whl")) - before)
    if result.returncode != 0 or not made:
        raise BundleError(f"{requirement} 没有适用于目标平台的 wheel，从源代码构建也失败了：\n"
                          f"{result.stderr[-2000:]}")
    for path in made:
        _, _, _, tags = parse_wheel_filename(path.name)
        if not all(tag.abi == "none" and tag.platform == "any" for tag in tags):
            path.unlink()
            raise BundleError(f"{requirement} 没有适用于目标平台的 wheel，且它含有需编译的代码，"
                              "只能在目标平台上构建。请在与目标相同的系统上生成离线安装包。")
    bundle.built_here.append(requirement)


def _download(requirements: list[str], wheels: Path, target: Target, bundle: Bundle) -> None:
    """pip download of `requirements` and their dependencies into `wheels` (which it also reads)."""
    for _ in range(MAX_ROUNDS):
        result = _pip("download", "--dest", str(wheels), "--find-links", str(wheels),
                      *target.pip_arguments(), *requirements)
        if result.returncode == 0:
            return
        missing = _NO_DISTRIBUTION.search(result.stderr)
        if not missing:
            raise BundleError(f"pip download 失败（需要能访问 PyPI 或单位的镜像）：\n{result.stderr[-2000:]}")
        _build_pure_wheel(_requirement_of(missing.group(1), result.stderr), wheels, bundle)
    raise BundleError("依赖下载反复失败，已停止：\n" + result.stderr[-2000:])


def _requirement_of(name: str, stderr: str) -> str:
    """The failing requirement with its version range as pip printed it ("jieba>=0.42")."""
    match = re.search(rf"No matching distribution found for ({re.escape(name)}[^\s]*)", stderr)
    return match.group(1) if match else name


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist()
                    if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode("utf-8"))


def missing_requirements(wheels: Path, target: Target) -> list[str]:
    """Requirements of the folder's wheels, under the target's markers, no wheel there satisfies."""
    available: dict[str, list[str]] = {}
    for path in wheels.glob("*.whl"):
        name, version, _, _ = parse_wheel_filename(path.name)
        available.setdefault(name, []).append(str(version))
    environment = target.marker_environment()
    missing: list[str] = []
    seen: set[tuple[str, str]] = set()
    queue = [(canonicalize_name(DISTRIBUTION), "")]
    by_name = {parse_wheel_filename(p.name)[0]: p for p in wheels.glob("*.whl")}
    while queue:
        name, extra = queue.pop()
        if (name, extra) in seen or name not in by_name:
            continue
        seen.add((name, extra))
        for line in _metadata(by_name[name]).get_all("Requires-Dist") or ():
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": extra}):
                continue
            if not requirement.marker and extra:
                continue   # already taken with extra ""
            dependency = canonicalize_name(requirement.name)
            versions = available.get(dependency, [])
            if not any(requirement.specifier.contains(v, prereleases=True) for v in versions):
                missing.append(str(requirement).split(";")[0].strip())
                continue
            for wanted_extra in ("", *sorted(requirement.extras)):
                queue.append((dependency, wanted_extra))
    return sorted(set(missing))


def install_scripts() -> list[tuple[str, bytes]]:
    """(name, content) of the install scripts shipped in addin_server/installers."""
    folder = resources.files("addin_server.installers")
    return [(item.name, item.read_bytes()) for item in sorted(folder.iterdir(), key=lambda i: i.name)
            if item.name.endswith((".ps1", ".cmd", ".sh", ".txt"))]


def make_bundle(folder: Path, target: Target, wheel: Path | None = None) -> Bundle:
    """Fill `folder` (created; must be empty or new) with wheels/ and the install scripts."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BundleError(f"输出文件夹不是空的：{folder}。请指定一个新的或空的文件夹。")
    wheels = folder / WHEELS_DIR
    wheels.mkdir(parents=True, exist_ok=True)
    bundle = Bundle(folder)
    server = _server_wheel(wheels, wheel)
    requirements = [str(server)]
    for _ in range(MAX_ROUNDS):
        _download(requirements, wheels, target, bundle)
        requirements = missing_requirements(wheels, target)
        if not requirements:
            break
    else:
        raise BundleError("仍缺少依赖：" + "、".join(requirements))
    for name, content in install_scripts():
        (folder / name).write_bytes(content)
    # install.ps1 / install.sh compare the machine's Python with this before installing.
    (folder / TARGET_FILE).write_text(
        f"python={target.python_version}\nplatform={','.join(target.platforms) or 'this machine'}\n",
        encoding="utf-8")
    bundle.wheels = sorted(wheels.glob("*.whl"))
    return bundle
