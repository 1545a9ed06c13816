"""The remedy library (整改措施): original measure paragraphs per framework dimension, as data.

`data/<framework-id>.toml` holds, per file, the parameter definitions shared by its remedies
(`[parameters.<name>]`: type str|int|date, label, default, required) and the remedies
(`[[remedies]]`: id, dimension, title, text, parameters = [names], keywords, optional
`defaults = {name = value}` overriding a shared default for that remedy). The text is a Jinja
template whose variables are exactly the declared parameter names, e.g. {{完成时限}}; loading
checks that, and every error names the file and the field.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import regexes
from .. import placeholders
from ..text import clean_text
from ..datafiles import DataFileError, LoadProblem, load_toml, require, shipped_files
from ..frameworks import FrameworkError, get_framework
from ..frameworks.registry import remedy_files
from .themes import MAX_BORROWED, affinity, theme_scores

PARAMETER_TYPES = ("str", "int", "date")
# Parameters with a conventional meaning: the 整改清单 table reads them when a remedy declares them.
DEADLINE = "完成时限"
OWNER = "责任人"
MAX_TEXT_VALUE = 60
MAX_INT_VALUE = 10_000
_LINE_JOIN = regexes.compile(r"[ \t]*\r?\n\s*")
_ID = regexes.compile(r"^[a-z0-9][a-z0-9-]*$")


class RemedyDataError(DataFileError):
    """A remedy data file is malformed; names the file and the field."""


class UnknownRemedyError(LookupError):
    def __init__(self, remedy_id: str, message: str | None = None):
        super().__init__(message or f"没有“{remedy_id}”这条整改措施 / unknown remedy {remedy_id!r}")
        self.remedy_id = remedy_id


class RemedyParameterError(ValueError):
    """Parameters missing or invalid when filling a remedy; lists every one of them."""

    def __init__(self, missing=(), invalid: Mapping[str, str] | None = None,
                 remedy_id: str | None = None, index: int | None = None,
                 labels: Mapping[str, str] | None = None):
        self.missing = list(missing)
        self.invalid = dict(invalid or {})
        self.remedy_id = remedy_id
        self.index = index  # position in a list of selections, when filling several
        self.labels = dict(labels or {})  # parameter name → its label in the form
        parts_zh, parts_en = [], []
        if self.missing:
            parts_zh.append("缺少参数（请填写）：" + "、".join(f"“{self.labels.get(n, n)}”" for n in self.missing))
            parts_en.append("missing parameters: " + ", ".join(self.missing))
        if self.invalid:
            parts_zh.append("参数无效：" + "；".join(f"{k}（{v}）" for k, v in self.invalid.items()))
            parts_en.append("invalid parameters: " + "; ".join(f"{k} ({v})" for k, v in self.invalid.items()))
        where = "所选整改措施"  # the id stays in the English half: no internal ids in Chinese messages
        if index is not None:
            where = f"第 {index + 1} 条{where}"
        self.problems_zh = "；".join(parts_zh)  # without the 「第 N 条」, for a front end that says which
        self.message_zh = f"{where}：{self.problems_zh}"
        self.message_en = f"remedy {remedy_id or ''}: {'; '.join(parts_en)}".strip()
        super().__init__(f"{self.message_zh} / {self.message_en}")

    def missing_message(self, name: str) -> str:
        """The field error of a required parameter left empty, in the form's words."""
        return f"请填写“{self.labels.get(name, name)}”（必填）"

    def to_dict(self) -> dict:
        return {"code": "remedy.parameters", "remedy_id": self.remedy_id, "index": self.index,
                "missing": self.missing, "invalid": self.invalid,
                "message_zh": self.message_zh, "message_en": self.message_en}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # str | int | date
    label: str
    default: str | int | dt.date | None
    required: bool = True

    def to_dict(self) -> dict:
        default = self.default.isoformat() if isinstance(self.default, dt.date) else self.default
        return {"name": self.name, "type": self.type, "label": self.label, "default": default,
                "required": self.required}

    def convert(self, value) -> str:
        """The value as it is written into the text; ValueError (Chinese) when it does not fit."""
        if self.type == "int":
            if isinstance(value, bool):
                raise ValueError("须为整数")
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            if not isinstance(value, int):
                raise ValueError("须为整数")
            if not 0 <= value <= MAX_INT_VALUE:
                raise ValueError(f"须在0到{MAX_INT_VALUE}之间")
            return str(value)
        if self.type == "date":
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value.strip())
                except ValueError:
                    raise ValueError("须为日期，格式如2025-06-30") from None
            if isinstance(value, dt.datetime):
                value = value.date()
            if not isinstance(value, dt.date):
                raise ValueError("须为日期，格式如2025-06-30")
            return f"{value.year}年{value.month}月{value.day}日"
        if not isinstance(value, str):
            raise ValueError("须为文字")
        text = clean_text(value)
        if not text:
            raise ValueError("不能为空")
        if len(text) > MAX_TEXT_VALUE:
            raise ValueError(f"不超过{MAX_TEXT_VALUE}字")
        return text


@dataclass(frozen=True)
class Remedy:
    id: str  # "<framework-id>.<slug>", unique across the library
    framework_id: str
    dimension: str
    title: str  # the lead sentence, e.g. 建立个人学习清单
    text: str  # Jinja template over the parameters
    parameters: tuple[Parameter, ...]
    keywords: tuple[str, ...]

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.parameters if p.default is not None}

    def to_dict(self) -> dict:
        return {"id": self.id, "framework_id": self.framework_id, "dimension": self.dimension,
                "title": self.title, "text": self.text,
                "parameters": [p.to_dict() for p in self.parameters],
                "keywords": list(self.keywords)}


@functools.lru_cache(maxsize=1)
def _jinja_env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Plain text out (the renderer escapes for XML); sandboxed because maintainers edit the data.
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined,
                                keep_trailing_newline=False)


@functools.lru_cache(maxsize=None)
def _compiled(text: str):
    return _jinja_env().from_string(text)


def template_variables(text: str) -> set[str]:
    """The variables a remedy text uses (TemplateSyntaxError when it is not valid Jinja)."""
    from jinja2 import meta

    return set(meta.find_undeclared_variables(_jinja_env().parse(text)))


def fill(remedy: Remedy, params: Mapping | None = None) -> str:
    """The remedy's text with `params` filled in.

    A parameter not given takes its declared default. One given empty is the writer leaving the
    field blank: a required one is a RemedyParameterError ("请填写…"), an optional one stays in
    the text as a visible 【请填写：…】 placeholder that the checker reports — never a silent
    default. A value that ends with the word the text already puts after it is normalised
    (「6月底前」 before 「前完成」 gives 「6月底前完成」, not 「6月底前前完成」).
    Names `remedy` does not declare are ignored, so one set of values (单位, 完成时限…) can be
    passed to every remedy of a selection.
    """
    params = params or {}
    if not isinstance(params, Mapping):
        raise RemedyParameterError(invalid={"params": "须为参数名到取值的映射"}, remedy_id=remedy.id)
    values, missing, invalid = {}, [], {}
    for parameter in remedy.parameters:
        value = params.get(parameter.name)
        if value is None:
            value = parameter.default
        if value is None or (isinstance(value, str) and not value.strip()):
            if parameter.required:
                missing.append(parameter.name)
            else:
                values[parameter.name] = placeholders.make(parameter.label)
            continue
        try:
            values[parameter.name] = without_repeated_word(
                parameter.convert(value), followers(remedy.text, parameter.name))
        except ValueError as exc:
            invalid[parameter.name] = str(exc)
    if missing or invalid:
        raise RemedyParameterError(missing, invalid, remedy_id=remedy.id,
                                   labels={p.name: p.label for p in remedy.parameters})
    return _compiled(remedy.text).render(values).strip()


@functools.lru_cache(maxsize=4096)
def followers(text: str, name: str) -> tuple[str, ...]:
    """The text that directly follows each {{name}} slot in a remedy text."""
    return tuple(m.group(1) for m in re.finditer(r"\{\{\s*" + re.escape(name) + r"\s*\}\}([^{\s]{0,4})", text))


def without_repeated_word(value: str, following: tuple[str, ...]) -> str:
    """`value` without a trailing word (up to 3 characters) that the text puts right after it."""
    for after in following:
        for size in (3, 2, 1):
            word = after[:size]
            if len(word) == size and len(value) > size and value.endswith(word):
                return value[:-size].rstrip()
    return value


# ------------------------------------------------------------------------------------------------
# Loading and validation


def _require(table: Mapping, key: str, kind, field: str, source: str, default=...):
    return require(table, key, kind, field, source, default, RemedyDataError)


def _parse_default(kind: str, value, field: str, source: str):
    if value is None:
        return None
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise RemedyDataError("must be an integer for an int parameter", field, source)
    if kind == "date" and not (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        raise RemedyDataError("must be a TOML date (2025-06-30) for a date parameter", field, source)
    if kind == "str" and (not isinstance(value, str) or not value.strip()):
        raise RemedyDataError("must be a non-empty string for a str parameter", field, source)
    return value


def _parse_parameters(table: Mapping, source: str) -> dict[str, Parameter]:
    parameters = {}
    for name, spec in table.items():
        field = f"parameters.{name}"
        if not name.isidentifier():
            raise RemedyDataError("must be a valid identifier (letters, digits, _; Chinese works)",
                                  field, source)
        if not isinstance(spec, Mapping):
            raise RemedyDataError("must be a table", field, source)
        kind = _require(spec, "type", str, f"{field}.type", source)
        if kind not in PARAMETER_TYPES:
            raise RemedyDataError(f"must be one of {', '.join(PARAMETER_TYPES)}", f"{field}.type", source)
        unknown = set(spec) - {"type", "label", "default", "required"}
        if unknown:
            raise RemedyDataError(f"unknown keys {sorted(unknown)}", field, source)
        parameters[name] = Parameter(
            name=name, type=kind, label=_require(spec, "label", str, f"{field}.label", source, name),
            default=_parse_default(kind, spec.get("default"), f"{field}.default", source),
            required=_require(spec, "required", bool, f"{field}.required", source, True))
    return parameters


def parse_remedies(data: Mapping, source: str = "<data>") -> tuple[Remedy, ...]:
    if not isinstance(data, Mapping):
        raise RemedyDataError("must be a table", "<root>", source)
    framework_id = _require(data, "framework", str, "framework", source)
    try:
        framework = get_framework(framework_id)
    except FrameworkError:
        raise RemedyDataError(f"unknown framework {framework_id!r}", "framework", source) from None
    shared = _parse_parameters(_require(data, "parameters", dict, "parameters", source, {}), source)
    entries = _require(data, "remedies", list, "remedies", source)
    remedies, seen = [], set()
    for i, entry in enumerate(entries):
        path = f"remedies[{i}]"
        if not isinstance(entry, Mapping):
            raise RemedyDataError("must be a table", path, source)
        unknown = set(entry) - {"id", "dimension", "title", "text", "parameters", "keywords",
                                "defaults"}
        if unknown:
            raise RemedyDataError(f"unknown keys {sorted(unknown)}", path, source)
        slug = _require(entry, "id", str, f"{path}.id", source)
        if not _ID.match(slug):
            raise RemedyDataError("must be lower-case letters, digits and hyphens", f"{path}.id", source)
        if slug in seen:
            raise RemedyDataError(f"duplicate id {slug!r}", f"{path}.id", source)
        seen.add(slug)
        dimension = _require(entry, "dimension", str, f"{path}.dimension", source)
        if framework.dimension(dimension) is None:
            known = ", ".join(d.key for d in framework.dimensions)
            raise RemedyDataError(f"unknown dimension {dimension!r} (known: {known})",
                                  f"{path}.dimension", source)
        title = _require(entry, "title", str, f"{path}.title", source).strip()
        # Chinese has no spaces between words: lines of a multi-line string join without one.
        text = _LINE_JOIN.sub("", _require(entry, "text", str, f"{path}.text", source)).strip()
        names = _require(entry, "parameters", list, f"{path}.parameters", source, [])
        keywords = _require(entry, "keywords", list, f"{path}.keywords", source)
        for j, keyword in enumerate(keywords):
            if not isinstance(keyword, str) or not keyword.strip():
                raise RemedyDataError("must be a non-empty string", f"{path}.keywords[{j}]", source)
        if not keywords:
            raise RemedyDataError("must list at least one keyword", f"{path}.keywords", source)
        overrides = _require(entry, "defaults", dict, f"{path}.defaults", source, {})
        parameters = []
        for j, name in enumerate(names):
            if name not in shared:
                raise RemedyDataError(f"parameter {name!r} is not defined under [parameters]",
                                      f"{path}.parameters[{j}]", source)
            parameter = shared[name]
            if name in overrides:
                parameter = Parameter(parameter.name, parameter.type, parameter.label,
                                      _parse_default(parameter.type, overrides[name],
                                                     f"{path}.defaults.{name}", source),
                                      parameter.required)
            parameters.append(parameter)
        stray = set(overrides) - set(names)
        if stray:
            raise RemedyDataError(f"defaults for undeclared parameters {sorted(stray)}",
                                  f"{path}.defaults", source)
        try:
            used = template_variables(text)
        except Exception as exc:  # jinja2.TemplateSyntaxError, imported lazily
            raise RemedyDataError(f"not a valid template: {exc}", f"{path}.text", source) from None
        if used - set(names):
            raise RemedyDataError(f"uses undeclared parameters {sorted(used - set(names))}",
                                  f"{path}.text", source)
        if set(names) - used:
            raise RemedyDataError(f"declares parameters its text does not use "
                                  f"{sorted(set(names) - used)}", f"{path}.parameters", source)
        remedies.append(Remedy(id=f"{framework.id}.{slug}", framework_id=framework.id,
                               dimension=dimension, title=title, text=text,
                               parameters=tuple(parameters),
                               keywords=tuple(k.strip() for k in keywords)))
    return tuple(remedies)


def load_remedy_file(path) -> tuple[Remedy, ...]:
    path = Path(path)
    return parse_remedies(load_toml(path, RemedyDataError), path.name)


@functools.lru_cache(maxsize=1)
def _shipped_library() -> dict[str, Remedy]:
    library: dict[str, Remedy] = {}
    for path in shipped_files(__package__):
        for remedy in load_remedy_file(path):
            if remedy.id in library:
                raise RemedyDataError(f"duplicate remedy id {remedy.id!r}", "id", path.name)
            library[remedy.id] = remedy
    return library


@functools.lru_cache(maxsize=4)
def _with_folders(files: tuple) -> tuple[dict[str, Remedy], tuple]:
    """The shipped remedies and those of the organisation and user folders' remedy files
    (`files`: (origin, path, mtime, size) from the framework registry). A broken file is skipped
    and listed, never fatal: the folders are not the package."""
    library = dict(_shipped_library())
    problems = []
    for origin, path, *_ in files:
        try:
            remedies = load_remedy_file(path)
            taken = next((r.id for r in remedies if r.id in library), None)
            if taken:
                raise RemedyDataError(f"duplicate remedy id {taken!r}", "id", Path(path).name)
        except (RemedyDataError, OSError) as exc:
            problems.append(LoadProblem(origin, str(path), str(exc)))
            continue
        library.update((r.id, r) for r in remedies)
    return library, tuple(problems)


def _library() -> dict[str, Remedy]:
    files = remedy_files()
    return _with_folders(files)[0] if files else _shipped_library()


def load_problems() -> tuple[LoadProblem, ...]:
    """Remedy files in the organisation or user folder that were skipped, and why."""
    files = remedy_files()
    return _with_folders(files)[1] if files else ()


def all_remedies() -> tuple[Remedy, ...]:
    return tuple(_library().values())


def list_remedies(framework_id: str | None = None, dimension_key: str | None = None) -> list[Remedy]:
    """A framework's remedies in library order, optionally one dimension's only.

    An aspect without remedies of its own (a framework a user made) gets remedies written for
    other frameworks' aspects of the same themes (themes.py), re-addressed to it.
    Raises FrameworkError for an unknown framework and for a dimension it does not have.
    """
    framework = get_framework(framework_id)
    if dimension_key is not None and framework.dimension(dimension_key) is None:
        known = ", ".join(d.key for d in framework.dimensions)
        raise FrameworkError(f"未知的方面 / unknown dimension {dimension_key!r} (known: {known})",
                             field="dimension", source=framework.id)
    keys = [dimension_key] if dimension_key is not None else [d.key for d in framework.dimensions]
    out = []
    for key in keys:
        own = [r for r in _library().values() if r.framework_id == framework.id and r.dimension == key]
        out.extend(own or _borrowed(framework, key))
    return out


def applicable_remedy(framework, dimension_key: str, remedy_id: str) -> Remedy:
    """The remedy `remedy_id` as it applies to this framework's aspect (its own, or borrowed by
    theme); UnknownRemedyError when it is not one of that aspect's remedies."""
    remedy = next((r for r in list_remedies(framework.id, dimension_key) if r.id == remedy_id), None)
    if remedy is None:
        get_remedy(remedy_id)   # unknown altogether: that error
        raise UnknownRemedyError(remedy_id, f"所选整改措施不属于当前框架的这个对照方面，请重新推荐后再选用 / "
                                            f"remedy {remedy_id} is not one of {framework.id}/{dimension_key}")
    return remedy


def _aspect_text(dimension) -> str:
    return "".join((dimension.title, *dimension.synonyms, dimension.guidance))


@functools.lru_cache(maxsize=4096)
def _remedy_themes(remedy: Remedy) -> dict[str, float]:
    # The remedy's own words say what it answers; the aspect it was written for only hints
    # (2024's 担当 aspect also names 清正廉洁, which its remedies do not treat).
    scores = theme_scores("".join((remedy.title, *remedy.keywords)))
    aspect = get_framework(remedy.framework_id).dimension(remedy.dimension)
    for name, weight in theme_scores(aspect.title if aspect else "").items():
        scores[name] = scores.get(name, 0.0) + ASPECT_HINT * weight
    return scores


ASPECT_HINT = 0.25


@functools.lru_cache(maxsize=256)
def _borrowed_for(framework_id: str, aspect_text: str, dimension_key: str,
                  library_key: int) -> tuple[Remedy, ...]:
    from dataclasses import replace

    wanted = theme_scores(aspect_text)
    scored = []
    for position, remedy in enumerate(_library().values()):
        if remedy.framework_id == framework_id:
            continue
        score = affinity(wanted, _remedy_themes(remedy))
        if score > 0:
            scored.append((-score, -get_framework(remedy.framework_id).year, position, remedy))
    scored.sort(key=lambda s: s[:3])
    return tuple(replace(r, framework_id=framework_id, dimension=dimension_key)
                 for *_, r in scored[:MAX_BORROWED])


def _borrowed(framework, dimension_key: str) -> list[Remedy]:
    # Keyed by the aspect's wording too: a user framework replaced under the same id re-ranks.
    library = _library()
    # The library's identity is part of the key: a changed remedy folder is a new (cached) dict.
    return list(_borrowed_for(framework.id, _aspect_text(framework.dimension(dimension_key)), dimension_key,
                              id(library)))


def get_remedy(remedy_id: str) -> Remedy:
    try:
        return _library()[remedy_id]
    except (KeyError, TypeError):
        raise UnknownRemedyError(remedy_id) from None
