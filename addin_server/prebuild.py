"""Made when the wheel is built (setup.py's build_py runs `build`): what the first run after
installing would otherwise build into the user's cache folder — the proofreading lexicon and the
segmentation dictionary's trie, ~5 s of work, derived only from the package's own data files and
jieba's and pypinyin's. They are written into the built package's `prebuilt/` folder
(resources.SHIPPED_CACHE) under the names the running server looks for (each name carries the key
of what the file is made from), so a new user's very first check reads them.

A file whose key no longer matches (another jieba or pypinyin installed beside the package than
the wheel was built with) is simply not found: the first run then builds into the user's cache as
before. The regular expressions' programs (regexes.py) are not made here: they are CPython's
compiler's output for one interpreter version, and the wheel may be installed on another.

    python -m addin_server.prebuild FOLDER      # what build_py does, by hand
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import segmentation
from .checks.proof import lexicon


def build(folder: Path) -> list[Path]:
    """Write the derived data into `folder`; returns the files in it."""
    lexicon.build_into(folder)
    segmentation.build_into(folder)
    return sorted(p for p in Path(folder).iterdir() if p.is_file())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    for path in build(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
