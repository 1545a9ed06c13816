"""Where the top-level data folders `templates/` and `manifest/` are found, and the cache folder
(user_cache_dir) where data derived from the installed packages is kept between runs.

Installed, they are the packages `addin_server.templates` and `addin_server.manifest` (setup.cfg
maps them). In a source checkout run with `python -m addin_server` from the repository root, the
source package shadows the installed one and those two folders stand beside it instead.
"""
from __future__ import annotations

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
    """Where data the server derives from its installed packages is kept between runs (the
    compiled proofreading lexicon, the segmentation dictionary's trie, regexes' programs): $ADDIN_SERVER_CACHE_DIR,
    else the platform's cache folder. Removing it only costs the next start the time to rebuild."""
    if os.environ.get("ADDIN_SERVER_CACHE_DIR"):
        return Path(os.environ["ADDIN_SERVER_CACHE_DIR"])
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "addin-server"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "addin-server"
