"""Shipped data files (TOML in a package's `data/` folder) and their validation errors.

Frameworks and the remedy library are both maintained as data; they share how files are found,
parsed and how a wrong field is reported, so an error always reads "file:field: what is wrong".
"""
from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import regexes
from . import linear_regex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A data file in the organisation or user folder that was skipped, and why (the message
    names the file and the field). Every kind of data file reports its own; catalogue.py lists
    them all."""
    origin: str
    path: str
    message: str

    def to_dict(self) -> dict:
        return {"origin": self.origin, "path": self.path, "message": self.message}


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


# Bounds of any data file (framework, remedy or rule file), shipped or dropped into an
# organisation or user folder: read like an upload, so one oversized or crafted file costs a
# clear error, not the server's memory or stack. The largest shipped file is ~17 KB and nests 3 deep.
MAX_DATA_FILE_BYTES = 1024 * 1024
MAX_NESTING = 16


def load_toml(path, error: type[DataFileError] = DataFileError) -> dict:
    path = Path(path)
    with open(path, "rb") as f:
        raw = f.read(MAX_DATA_FILE_BYTES + 1)
    if len(raw) > MAX_DATA_FILE_BYTES:
        raise error(f"文件过大（超过 {MAX_DATA_FILE_BYTES // 1024} KiB），已跳过，请拆成几个文件 / "
                    f"larger than {MAX_DATA_FILE_BYTES // 1024} KiB", source=path.name)
    return parse_toml(raw, path.name, error)


def parse_toml(raw: bytes | str, source: str, error: type[DataFileError] = DataFileError) -> dict:
    """TOML text as a table, nested at most MAX_NESTING deep, or `error` naming `source`."""
    too_deep = f"数组或表嵌套超过 {MAX_NESTING} 层，已跳过 / nested deeper than {MAX_NESTING}"
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if _deepest_bracket(text) > MAX_BRACKETS_OPEN:
            raise error(too_deep, source=source)
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"不是有效的 TOML 文件：{exc} / not valid TOML", source=source) from None
    except RecursionError:   # below MAX_BRACKETS_OPEN it cannot happen; never a traceback if it does
        raise error(too_deep, source=source) from None
    depth, field = _deepest(data)
    if depth > MAX_NESTING:
        raise error(f"数组或表嵌套超过 {MAX_NESTING} 层，已跳过 / nested deeper than {MAX_NESTING}",
                    field, source)
    return data


# tomllib parses nested arrays by recursion, so a file nested thousands deep must be refused
# before it is parsed. The scan below counts brackets in strings and comments too (an
# unclosed 「[」 in a rule's expression), so its bound is well above MAX_NESTING, which the
# parsed data is held to exactly.
MAX_BRACKETS_OPEN = 100


def _deepest_bracket(text: str) -> int:
    """An upper bound of how deep `[` and `{` nest, found in one pass."""
    if text.count("[") + text.count("{") <= MAX_BRACKETS_OPEN:
        return 0
    deepest = depth = 0
    for m in _BRACKET.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
        if depth > deepest:
            deepest = depth
            if deepest > MAX_BRACKETS_OPEN:
                break
    return deepest


_BRACKET = regexes.compile(r"[\[\]{}]")


def _deepest(data) -> tuple[int, str]:
    """How deep the parsed tables and arrays nest, and the path of the deepest (iteratively)."""
    deepest, where = 0, ""
    stack = [(data, 0, "")]
    while stack:
        value, depth, path = stack.pop()
        if depth > deepest:
            deepest, where = depth, path
        if depth > MAX_NESTING:
            break
        if isinstance(value, dict):
            stack.extend((v, depth + 1, f"{path}.{k}" if path else str(k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(value))
    return deepest, where


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


def compile_regex(text: str, linear: bool):
    """A data file's regular expression: by RE2 (linear_regex) when `linear` — every file from
    an organisation or user folder — else by `re` (the shipped files, whose expressions are
    tested to run in linear time: tests/test_linear_time.py). Raises re.error or
    linear_regex.LinearRegexError."""
    return linear_regex.compile(text) if linear else regexes.compile(text)


class OnFirstUse:
    """A shipped file's expression, compiled by `re` the first time a text needs it: a one-shot
    check compiles only the expressions its text reaches (most proofreading rules' triggers and
    contexts are in no paragraph), not every shipped one at start. Shipped expressions are
    tested to compile (tests/test_proofreading.py, tests/test_proofreading_speed.py) and to run
    in linear time, so nothing is deferred but time. Answers as the compiled re.Pattern does."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._compiled = None

    def _regex(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = regexes.compile(self.pattern)
        return self._compiled

    def search(self, text: str, *args):
        return self._regex().search(text, *args)

    def match(self, text: str, *args):
        return self._regex().match(text, *args)

    def fullmatch(self, text: str, *args):
        return self._regex().fullmatch(text, *args)

    def finditer(self, text: str, *args):
        return self._regex().finditer(text, *args)

    def sub(self, *args, **kwargs):
        return self._regex().sub(*args, **kwargs)


class Fields:
    """Typed access to one table of a data file, naming the field on error.

    `path` is where the table sits in the file ("dimensions[2]", "swap.截止"), so an error reads
    "file:dimensions[2].title: is required". Subclasses set `error` to their own DataFileError.
    `linear`: the file comes from an organisation or user folder, so its regular expressions
    are compiled by RE2 (compile_regex).
    """

    error: type[DataFileError] = DataFileError

    def __init__(self, table, path: str, source: str, linear: bool = False):
        if not isinstance(table, dict):
            raise self.error("must be a table", path or "<root>", source)
        self.table, self.path, self.source, self.linear = table, path, source, linear

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
        return [type(self)(v, f"{self.name(key)}[{i}]", self.source, self.linear)
                for i, v in enumerate(values)]

    def regex(self, key: str, default=None) -> re.Pattern | None:
        text = self.get(key, str, None)
        if text is None:
            return default
        try:
            return compile_regex(text, self.linear)
        except (re.error, linear_regex.LinearRegexError) as exc:
            raise self.error(f"is not a valid regular expression: {exc}", self.name(key),
                             self.source) from None


def folder_signature(found) -> tuple:
    """The folders ((origin, path) pairs) and their .toml files' names, sizes and times: a change
    means a data kind read from them (proofreading rules, substance knowledge) is read again."""
    files = []
    for origin, folder in found:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".toml"):
                        st = entry.stat()
                        files.append((origin, entry.name, st.st_mtime_ns, st.st_size))
        except OSError:
            pass  # a missing folder (or an unreachable share) holds nothing
    return tuple(str(f) for _, f in found), tuple(sorted(files))


# Where a data file comes from, as the pane and the CLI name it.
ORIGIN_LABELS = {"shipped": "内置", "organisation": "单位", "user": "个人"}


def origin_label(origin: str) -> str:
    """内置 / 单位 / 个人: where a framework, a rule or a knowledge file comes from."""
    return ORIGIN_LABELS.get(origin, origin)


RESCAN_SECONDS = 2.0


class FolderReading:
    """What a data kind's folders hold (proofreading rules, substance knowledge): read on first
    use and again when a folder's .toml files are added, changed or removed — looked at most
    every `rescan_seconds` — so a file dropped into a folder applies without a restart.
    `folders()` gives the (origin, path) pairs and `read(folders)` makes the value, each called
    only when needed."""

    def __init__(self, folders, read, rescan_seconds: float = RESCAN_SECONDS):
        self._folders = folders
        self._read = read
        self.rescan_seconds = rescan_seconds
        self._lock = threading.Lock()
        self._forget()

    def get(self):
        with self._lock:
            now = time.monotonic()
            if self._signature is not None and now - self._checked < self.rescan_seconds:
                return self._value
            found = self._folders()
            signature = folder_signature(found)
            if signature != self._signature:
                self._value = self._read(found)
                self._signature = signature
            self._checked = now
            return self._value

    def current(self):
        """The value read last, or None: without reading anything."""
        with self._lock:
            return self._value

    def forget(self) -> None:
        """Read the folders again on the next use (their place changed in the settings)."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        self._value = None
        self._signature = None
        self._checked = 0.0
