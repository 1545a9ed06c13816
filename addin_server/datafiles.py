"""Shipped data files (TOML in a package's `data/` folder) and their validation errors.

Frameworks and the remedy library are both maintained as data; they share how files are found,
parsed and how a wrong field is reported, so an error always reads "file:field: what is wrong".
"""
from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class DataFileError(ValueError):
    """A data file is malformed; names the file (`source`) and the field."""

    def __init__(self, message: str, field: str | None = None, source: str | None = None):
        where = ":".join(x for x in (source, field) if x)
        super().__init__(f"{where}: {message}" if where else message)
        self.field = field
        self.source = source


def load_toml(path, error: type[DataFileError] = DataFileError) -> dict:
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"not valid TOML: {exc}", source=path.name) from exc


def shipped_files(package: str) -> Iterator[Path]:
    """The `data/*.toml` files installed with `package`, in name order."""
    data_dir = resources.files(package) / "data"
    for entry in sorted(data_dir.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with resources.as_file(entry) as path:
                yield path


def require(table: Mapping, key: str, kind, field: str, source: str, default=...,
            error: type[DataFileError] = DataFileError):
    """`table[key]` checked against `kind` (a type or tuple); strings must not be blank."""
    if key not in table:
        if default is ...:
            raise error("is required", field, source)
        return default
    value = table[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise error(f"must be of type {names}", field, source)
    if isinstance(value, str) and not value.strip():
        raise error("must not be empty", field, source)
    return value
