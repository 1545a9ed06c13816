"""Load and validate framework files (TOML, one per framework) shipped in `data/`.

A maintainer adds a meeting type by adding a file; nothing in the code names a dimension.
Validation errors name the file and the field so a typo is found without reading code.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..datafiles import DataFileError, load_toml, require, shipped_files

SECTION_ROLES = ("problems", "causes", "measures", "other")


class FrameworkError(DataFileError):
    """A framework file is malformed, or an unknown framework id was asked for."""


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    title: str
    synonyms: tuple[str, ...]
    guidance: str

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of naming the dimension, the official title's stem first."""
        stem = _strip_suffix(self.title)
        return tuple(dict.fromkeys((stem, *self.synonyms)))


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    role: str
    title: str
    synonyms: tuple[str, ...]
    required: bool

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.title, *self.synonyms)))


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: str
    meeting_type: str
    year: int
    description: str
    is_default: bool
    min_items: int
    min_length: int
    max_length: int
    dimensions: tuple[Dimension, ...]
    sections: tuple[Section, ...]
    # Finding codes this framework switches off (e.g. a lint rule that does not suit its genre).
    disabled_checks: tuple[str, ...] = ()

    def section(self, role: str) -> Section | None:
        return next((s for s in self.sections if s.role == role), None)

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    @property
    def document_title(self) -> str:
        """The title a material written for this framework carries (the scaffold's default)."""
        # Framework titles carry a note in brackets, "（六个方面）", that a document title does not.
        meeting = re.sub(r"[（(][^）)]*[）)]\s*$", "", self.title).strip()
        # Broken where the meaning breaks, as the standard asks of multi-line titles.
        return f"{meeting}\n个人对照检查材料"

    def to_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "meeting_type": self.meeting_type,
            "year": self.year, "description": self.description, "default": self.is_default,
            "min_items": self.min_items,
            "length": {"min": self.min_length, "max": self.max_length},
            "dimensions": [
                {"key": d.key, "title": d.title, "synonyms": list(d.synonyms), "guidance": d.guidance}
                for d in self.dimensions
            ],
            "sections": [
                {"key": s.key, "role": s.role, "title": s.title, "synonyms": list(s.synonyms),
                 "required": s.required}
                for s in self.sections
            ],
            "disabled_checks": list(self.disabled_checks),
            "document_title": self.document_title,
        }


def _strip_suffix(title: str) -> str:
    for suffix in ("方面", "情况"):
        if title.endswith(suffix) and len(title) > len(suffix) + 1:
            return title[: -len(suffix)]
    return title


class _Fields:
    """Typed access to one table of a framework file, naming the field on error."""

    def __init__(self, table: dict, path: str, source: str):
        if not isinstance(table, dict):
            raise FrameworkError("must be a table", path or "<root>", source)
        self.table, self.path, self.source = table, path, source

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind, default=...):
        return require(self.table, key, kind, self._name(key), self.source, default, FrameworkError)

    def text(self, key: str, default=...) -> str:
        return self.get(key, str, default)

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        for i, v in enumerate(values):
            if not isinstance(v, str) or not v.strip():
                raise FrameworkError("must be a non-empty string", f"{self._name(key)}[{i}]", self.source)
        return tuple(v.strip() for v in values)

    def tables(self, key: str) -> list["_Fields"]:
        values = self.get(key, list)
        if not values:
            raise FrameworkError("must list at least one entry", self._name(key), self.source)
        return [_Fields(v, f"{self._name(key)}[{i}]", self.source) for i, v in enumerate(values)]


def parse_framework(data: dict, source: str = "<data>") -> Framework:
    root = _Fields(data, "", source)
    length = _Fields(root.get("length", dict, {}), "length", source)
    dimensions = tuple(
        Dimension(key=t.text("key"), title=t.text("title"), synonyms=t.texts("synonyms"),
                  guidance=t.text("guidance", ""))
        for t in root.tables("dimensions")
    )
    sections = []
    for t in root.tables("sections"):
        role = t.text("role")
        if role not in SECTION_ROLES:
            raise FrameworkError(f"must be one of {', '.join(SECTION_ROLES)}", f"{t.path}.role", source)
        sections.append(Section(key=t.text("key"), role=role, title=t.text("title"),
                                synonyms=t.texts("synonyms"), required=t.get("required", bool, False)))
    for kind, items in (("dimensions", dimensions), ("sections", sections)):
        keys = [x.key for x in items]
        dup = next((k for k in keys if keys.count(k) > 1), None)
        if dup:
            raise FrameworkError(f"duplicate key {dup!r}", kind, source)
    for role in ("problems", "causes", "measures"):
        if sum(s.role == role for s in sections) > 1:
            raise FrameworkError(f"more than one section with role {role!r}", "sections", source)
    if not any(s.role == "problems" for s in sections):
        raise FrameworkError("needs a section with role 'problems'", "sections", source)
    min_items = root.get("min_items", int, 2)
    min_length, max_length = length.get("min", int, 0), length.get("max", int, 100_000)
    if min_items < 0:
        raise FrameworkError("must be >= 0", "min_items", source)
    if not 0 <= min_length <= max_length:
        raise FrameworkError("needs 0 <= min <= max", "length", source)
    disabled_checks = root.texts("disabled_checks")
    from ..checks.report import CODES  # late: keeps the loader importable on its own
    for i, code in enumerate(disabled_checks):
        if code not in CODES:
            raise FrameworkError(f"unknown finding code {code!r}", f"disabled_checks[{i}]", source)
    return Framework(
        id=root.text("id"), title=root.text("title"), meeting_type=root.text("meeting_type"),
        year=root.get("year", int), description=root.text("description", ""),
        is_default=root.get("default", bool, False), min_items=min_items,
        min_length=min_length, max_length=max_length,
        dimensions=dimensions, sections=tuple(sections), disabled_checks=disabled_checks,
    )


def load_framework_file(path) -> Framework:
    path = Path(path)
    return parse_framework(load_toml(path, FrameworkError), path.name)


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Framework]:
    frameworks: dict[str, Framework] = {}
    for path in shipped_files(__package__):
        fw = load_framework_file(path)
        if fw.id in frameworks:
            raise FrameworkError(f"duplicate framework id {fw.id!r}", "id", path.name)
        frameworks[fw.id] = fw
    return frameworks


def list_frameworks() -> list[Framework]:
    """Shipped frameworks, the default first, then newest year first."""
    return sorted(_shipped().values(), key=lambda f: (not f.is_default, -f.year, f.id))


def default_framework() -> Framework:
    return list_frameworks()[0]


def get_framework(framework_id: str | None = None) -> Framework:
    if not framework_id:
        return default_framework()
    try:
        return _shipped()[framework_id]
    except KeyError:
        known = ", ".join(sorted(_shipped()))
        raise FrameworkError(f"未知的框架 / unknown framework {framework_id!r} (known: {known})",
                             field="framework") from None
