"""Parse and validate framework files (TOML, one per framework).

A maintainer adds a meeting type by adding a file; nothing in the code names a dimension.
Validation errors name the file and the field so a typo is found without reading code. Where the
files are found (the package, an organisation folder, the user's folder) is registry.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import regexes
from ..datafiles import DataFileError, Fields, load_toml
from ..finding_codes import CODES
from .names import derive_names

SECTION_ROLES = ("problems", "causes", "measures", "other")
# Where a framework comes from; a user's own file may replace neither of the others' ids.
ORIGINS = ("shipped", "organisation", "user")
# Not a framework: "choose the framework from the document" (checks.recognise).
AUTO = "auto"
# fullmatch: `$` would also match before a trailing newline (「x⏎」 would name the file 「x⏎.toml」).
_ID = regexes.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# Names Windows keeps for devices, with or without an extension (con, CON.aux, com1.toml):
# a framework file by that name cannot be created or opened there.
_WINDOWS_RESERVED = regexes.compile(r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?", re.IGNORECASE)


class FrameworkError(DataFileError):
    """A framework file is malformed, or an unknown framework id was asked for."""


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str
    title: str
    synonyms: tuple[str, ...]
    guidance: str

    # Names derived from the official wording (names.derive_names), computed once at load.
    derived: tuple[str, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of naming the dimension: the official title's stem first, then the file's
        synonyms, then the names a writer may shorten the wording to."""
        stem = _strip_suffix(self.title)
        return tuple(dict.fromkeys((stem, *self.synonyms, *self.derived)))


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
    source: str = ""                 # where the aspects were published (a notice, a news report)
    origin: str = "shipped"          # one of ORIGINS: set by the registry that loaded the file
    path: str = field(default="", compare=False)   # the file it was loaded from

    def with_origin(self, origin: str, path: str = "") -> "Framework":
        return replace(self, origin=origin, path=path)

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
                {"key": d.key, "title": d.title, "synonyms": list(d.synonyms), "guidance": d.guidance,
                 "names": list(d.names)}
                for d in self.dimensions
            ],
            "sections": [
                {"key": s.key, "role": s.role, "title": s.title, "synonyms": list(s.synonyms),
                 "required": s.required}
                for s in self.sections
            ],
            "disabled_checks": list(self.disabled_checks),
            "document_title": self.document_title,
            "source": self.source,
            "origin": self.origin,
        }


def _strip_suffix(title: str) -> str:
    for suffix in ("方面", "情况"):
        if title.endswith(suffix) and len(title) > len(suffix) + 1:
            return title[: -len(suffix)]
    return title


class _Fields(Fields):
    """Typed access to one table of a framework file, naming the field on error."""

    error = FrameworkError


def parse_framework(data: dict, source: str = "<data>") -> Framework:
    root = _Fields(data, "", source)
    length = _Fields(root.get("length", dict, {}), "length", source)
    dimensions = tuple(
        Dimension(key=t.text("key"), title=t.text("title"), synonyms=t.texts("synonyms"),
                  guidance=t.text("guidance", ""), derived=derive_names(t.text("title")))
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
    framework_id = root.text("id")
    if not _ID.fullmatch(framework_id) or framework_id == AUTO or framework_id.endswith("."):
        raise FrameworkError("只能用字母、数字、“.”“_”“-”（至多 64 个，不以“.”结尾），且不能是 auto / "
                             "must be letters, digits, '.', '_' or '-' (at most 64), not 'auto'",
                             "id", source)
    if _WINDOWS_RESERVED.fullmatch(framework_id):
        raise FrameworkError(f"“{framework_id}”是 Windows 保留的设备名，不能用作文件名，请换一个 id / "
                             "a name Windows reserves for devices", "id", source)
    disabled_checks = root.texts("disabled_checks")
    for i, code in enumerate(disabled_checks):
        if code not in CODES:
            raise FrameworkError(f"unknown finding code {code!r}", f"disabled_checks[{i}]", source)
    return Framework(
        id=framework_id, title=root.text("title"), meeting_type=root.text("meeting_type"),
        year=root.get("year", int), description=root.text("description", ""),
        is_default=root.get("default", bool, False), min_items=min_items,
        min_length=min_length, max_length=max_length,
        dimensions=dimensions, sections=tuple(sections), disabled_checks=disabled_checks,
        source=root.text("source", ""),
    )


def load_framework_file(path) -> Framework:
    path = Path(path)
    return parse_framework(load_toml(path, FrameworkError), path.name)
