"""Shipped data files (TOML in a package's `data/` folder) and their validation errors.

Frameworks and the remedy library are both maintained as data; they share how files are found,
parsed and how a wrong field is reported, so an error always reads "file:field: what is wrong".
"""
from __future__ import annotations

import sys
import re
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
        # message: "中文 / English" for people; message_zh is the half the pane and the CLI show.
        where = ":".join(x for x in (source, field) if x)
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message  # without the file and field: what a request's error says
        self.field = field
        self.source = source

    @property
    def message_zh(self) -> str:
        return self.message.split(" / ")[0]


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


class Fields:
    """Typed access to one table of a data file, naming the field on error.

    `path` is where the table sits in the file ("dimensions[2]", "swap.截止"), so an error reads
    "file:dimensions[2].title: is required". Subclasses set `error` to their own DataFileError.
    """

    error: type[DataFileError] = DataFileError

    def __init__(self, table, path: str, source: str):
        if not isinstance(table, dict):
            raise self.error("must be a table", path or "<root>", source)
        self.table, self.path, self.source = table, path, source

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind, default=...):
        return require(self.table, key, kind, self.name(key), self.source, default, self.error)

    def text(self, key: str, default=...) -> str:
        return self.get(key, str, default)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of non-blank strings (optional: empty when absent), each stripped."""
        values = self.get(key, list, [])
        for i, v in enumerate(values):
            if not isinstance(v, str) or not v.strip():
                raise self.error("must be a non-empty string", f"{self.name(key)}[{i}]", self.source)
        return tuple(v.strip() for v in values)

    def tables(self, key: str) -> list:
        """A required, non-empty list of tables, each as the same kind of `Fields`."""
        values = self.get(key, list)
        if not values:
            raise self.error("must list at least one entry", self.name(key), self.source)
        return [type(self)(v, f"{self.name(key)}[{i}]", self.source) for i, v in enumerate(values)]

    def regex(self, key: str, default=None) -> re.Pattern | None:
        text = self.get(key, str, None)
        if text is None:
            return default
        try:
            return re.compile(text)
        except re.error as exc:
            raise self.error(f"is not a valid regular expression: {exc}", self.name(key),
                             self.source) from None
