"""Coverage-guided fuzzing of the .docx reader with atheris, for long local runs.

    pip install atheris
    python -m bench.fuzz_docx -max_total_time=600 [-rss_limit_mb=1024] [CORPUS_DIR ...]

The seeds are the materials from tests/materials.py and the crafted files from tests/hostile.py
(written to a temporary corpus directory; nothing else is written), plus any directories given.
libFuzzer mutates them; an input fails when the reader raises anything other than a DocumentError,
takes longer than libFuzzer's -timeout (default 5 s here), or exceeds -rss_limit_mb. The checker
runs on every document the reader returns. The hypothesis-based version of this target runs in CI
(tests/test_fuzz_docx.py).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _seed_corpus(directory: Path) -> None:
    tests = str(REPO / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import hostile
    import materials

    seeds = {"complete.docx": materials.build_docx(materials.complete()),
             "table.docx": materials.build_docx(materials.complete()[:6], table_rows=[["（一）", "一是"]])}
    for name, (build, _) in hostile.CASES.items():
        data = build()
        if len(data) <= 256 * 1024:  # libFuzzer's default -max_len keeps inputs small anyway
            seeds[f"hostile-{name}.bin"] = data
    for name, data in seeds.items():
        (directory / name).write_bytes(data)


def main() -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris")

    with atheris.instrument_imports():
        from addin_server.checks import check
        from addin_server.readers import read_docx
        from addin_server.readers.errors import DocumentError

    def target(data: bytes) -> None:
        try:
            document = read_docx(data)
        except DocumentError:
            return
        check(document)

    seeds = tempfile.TemporaryDirectory(prefix="docx-fuzz-seeds-")
    _seed_corpus(Path(seeds.name))
    # libFuzzer writes new interesting inputs into the first corpus directory: the caller's, or
    # the temporary seed directory (removed at exit) when none is given.
    argv = [sys.argv[0], "-timeout=5", "-max_len=262144", *sys.argv[1:], seeds.name]
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
