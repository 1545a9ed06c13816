"""The real-world .docx corpus in ../shared/corpus/docx and what its SOURCES.tsv notes predict the
reader must do with each file. Importing this never skips; `require()` does (a failure in CI)."""
from __future__ import annotations

import csv
import functools
from pathlib import Path

import requires
from addin_server.readers.errors import (
    EncryptedDocumentError,
    MissingPartError,
    NotDocxError,
    UnsafeXmlError,
)

DIRECTORY = requires.SHARED / "corpus" / "docx"
SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


def require() -> Path:
    return requires.shared("corpus", "docx")


@functools.cache
def notes() -> dict[str, str]:
    """File name → its SOURCES.tsv note (empty without the corpus)."""
    sources = DIRECTORY / "SOURCES.tsv"
    if not sources.is_file():
        return {}
    with sources.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row.get("note") or "" for row in csv.DictReader(handle, delimiter="\t")}


def files(max_bytes: int | None = None) -> list[Path]:
    """The corpus's Word files by name (none without the corpus), optionally only the small ones."""
    if not DIRECTORY.is_dir():
        return []
    return sorted(p for p in DIRECTORY.iterdir() if p.suffix.lower() in SUFFIXES
                  and (max_bytes is None or p.stat().st_size <= max_bytes))


def expected_outcome(name: str):
    """The DocumentError subclass the reader must raise for corpus file `name`, from its note, or
    None: the reader must give a Document."""
    note = notes().get(name, "")
    if "encrypted" in note:
        return EncryptedDocumentError
    if "XXE" in note or "DOCTYPE" in note:
        return UnsafeXmlError
    if "no word/document.xml" in note:
        return MissingPartError
    if "BadZipFile" in note:
        return NotDocxError
    return None
