"""Made when the wheel is built (setup.py's build_py runs `build`): what the first run after
installing would otherwise build into the user's cache folder — the proofreading lexicon and the
segmentation dictionary's trie, ~5 s of work, derived only from the package's own data files and
jieba's and pypinyin's — and the regular expressions' programs a check compiles (~0.15 s of a
first one-shot check). They are written into the built package's `prebuilt/` folder
(resources.SHIPPED_CACHE) under the names the running server looks for (each name carries the key
of what the file is made from), so a new user's very first check reads them.

A file whose key no longer matches (another jieba or pypinyin installed beside the package than
the wheel was built with) is simply not found: the first run then builds into the user's cache as
before. The regular expressions' programs are CPython's compiler's output for one interpreter:
their key is that interpreter's version and its regex engine's, so they serve `pip install .`
(built and run by one Python) and are passed over by any other Python the wheel is installed on
(the offline bundle's target), which compiles and keeps its own as before (regexes.py).

    python -m addin_server.prebuild FOLDER      # what build_py does, by hand

build_py runs it with empty cache and configuration folders of its own (ADDIN_SERVER_CACHE_DIR,
ADDIN_SERVER_CONFIG_DIR) and no other ADDIN_SERVER_* setting: nothing of the building machine's
user (its rules, the programs its runs kept) goes into the wheel.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from . import regexes, segmentation
from .checks import check
from .checks.proof import lexicon
from .readers.json_paragraphs import read_paragraphs

# The packages a check runs in (the document model's readers, the checks and their data).
CORE = ("addin_server.readers", "addin_server.checks", "addin_server.frameworks",
        "addin_server.remedies")
# Paragraphs of the project's own texts checked to compile the checks' expressions (import-time
# ones and those the rules compile on first use).
SAMPLE_PARAGRAPHS = 400


def build(folder: Path) -> list[Path]:
    """Write the derived data into `folder`; returns the files in it."""
    folder = Path(folder)
    lexicon.build_into(folder)
    segmentation.build_into(folder)
    # The expressions the core's modules compile when imported (the .docx reader's among them),
    # then those a check compiles on first use.
    for package in CORE:
        for module in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
            try:
                importlib.import_module(module.name)
            except ImportError:
                pass   # needs a dependency the build environment does not have (lxml): its
                # expressions are compiled by the first run that imports it, as before
    texts = [text for text, _ in lexicon.project_texts()][:SAMPLE_PARAGRAPHS]
    check(read_paragraphs([{"text": text} for text in texts]))
    regexes.save(folder / regexes.file_name())
    return sorted(p for p in folder.iterdir() if p.is_file())


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
