"""Where the top-level data folders `templates/` and `manifest/` are found.

Installed, they are the packages `addin_server.templates` and `addin_server.manifest` (setup.cfg
maps them). In a source checkout run with `python -m addin_server` from the repository root, the
source package shadows the installed one and those two folders stand beside it instead.
"""
from __future__ import annotations

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
