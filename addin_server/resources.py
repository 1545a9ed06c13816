"""Where the top-level data folders `templates/` and `manifest/` are found, and where data derived
from the installed packages is kept between runs: made when the wheel was built
(shipped_cache_dir, read only) or by a first run (user_cache_dir).

Installed, they are the packages `addin_server.templates` and `addin_server.manifest` (setup.cfg
maps them). In a source checkout run with `python -m addin_server` from the repository root, the
source package shadows the installed one and those two folders stand beside it instead.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
from importlib import resources
from pathlib import Path

TOP_LEVEL_DATA = ("templates", "manifest")


def data_folder(name: str):
    if name not in TOP_LEVEL_DATA:
        raise ValueError(f"unknown data folder {name!r}")
    try:
        return resources.files(f"addin_server.{name}")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / name
        if not folder.is_dir():
            raise
        return folder


def user_cache_dir() -> Path:
    """Where data the server derives from its installed packages is kept between runs (regexes'
    programs; the compiled proofreading lexicon and the segmentation dictionary's trie when the
    package does not ship them: shipped_cache_dir): $ADDIN_SERVER_CACHE_DIR, else the platform's
    cache folder. Removing it only costs the next start the time to rebuild."""
    if os.environ.get("ADDIN_SERVER_CACHE_DIR"):
        return Path(os.environ["ADDIN_SERVER_CACHE_DIR"])
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "addin-server"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "addin-server"


# The folder of the installed package where the wheel's build (setup.py's build_py, prebuild.py)
# writes what a first run would otherwise build into user_cache_dir. Absent from a source checkout.
SHIPPED_CACHE = "prebuilt"


def shipped_cache_dir() -> Path:
    """Where the installed package ships the derived data made when its wheel was built, under
    the same names as in user_cache_dir. Read first, never written at run time."""
    return Path(__file__).resolve().parent / SHIPPED_CACHE


def cached_files(name: str) -> tuple[Path, Path]:
    """Where the kept file `name` (its name carries the key of what it was made from) may be, in
    the order to try: shipped with the package, then in the user's cache folder (where a first
    run builds it when neither holds it whole)."""
    return shipped_cache_dir() / name, user_cache_dir() / name


def package_folder(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"package {name} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def fingerprint(files) -> list:
    """What identifies derived data's sources, the same wherever the package is installed (so a
    file made when the wheel was built is recognised at run time): for each (name, path, whole),
    the name, the file's size and, if `whole`, a digest of its contents. A dependency's large
    data file is named by its size and the dependency's version file (whole), not read through:
    ~20 ms of hashing jieba's dictionary on every start."""
    out = []
    for name, path, whole in files:
        data = Path(path).read_bytes() if whole else None
        size = len(data) if data is not None else Path(path).stat().st_size
        out.append((name, size, hashlib.sha1(data).hexdigest() if data is not None else None))
    return out
