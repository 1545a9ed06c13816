"""setup.cfg names its packages one by one: a new folder of the package missing from the list is
left out of the wheel, and the installed server fails on its first import (the checks' analysis
passes were, once). This test finds any folder of addin_server the list does not name."""
from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_folder_of_the_package_is_listed_in_setup_cfg():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = {line.strip() for line in config["options"]["packages"].splitlines()
              if line.strip() and not line.strip().startswith("#")}
    folders = {".".join(path.relative_to(ROOT).parts)
               for path in (ROOT / "addin_server").rglob("*")
               if path.is_dir() and "__pycache__" not in path.parts and any(path.iterdir())}
    assert not folders - listed, f"add to setup.cfg's packages: {sorted(folders - listed)}"
