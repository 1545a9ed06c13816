"""The substance checks' knowledge files: cue words, fact patterns and roots, as data.

Each file is TOML naming the `check` it feeds (a `content.*` or `review.*` code of finding_codes.CODES)
and that check's fields (SCHEMA below). Files are read from the package (`data/`), then the
organisation folder (`substance_dir` in the settings), then the user folder (`substance/` in
the user config dir). A later file with the same name replaces an earlier one (an organisation
changes a shipped file by shipping one of the same name); a file of another name adds to the
check: its lists are appended, its numbers replace. A broken shipped file is a bug (raised); a
broken organisation or user file is reported as "file:field: what is wrong" and skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ... import regexes
from ...datafiles import DataFileError, Fields, load_toml, shipped_files
from ...finding_codes import CODES, SEVERITIES

FOLDER = "substance"   # the user's files: <user config dir>/substance/*.toml

# kind of each field: "patterns" (list of regular expressions), "regex" (one), "words" (list of
# strings), "text" (a string), "int", "share" (a number from 0 to 1).
SCHEMA: dict[str, dict[str, str]] = {
    "content.generic": {"not_facts": "patterns", "facts": "patterns", "named": "patterns",
                        "generic_modifiers": "words", "name_breakers": "text",
                        "indefinite": "words",
                        "min_facts": "int"},
    "content.praise_as_problem": {"disguised": "patterns", "negated_by": "regex", "undone_by": "regex",
                                  "lost_by": "regex",
                                  "achievement": "patterns", "shortfall": "patterns", "turn": "regex",
                                  "measured_by": "regex",
                                  "virtue": "patterns", "negated_loss": "patterns",
                                  "virtue_turn": "regex", "mild": "patterns", "grave": "regex", "borne_by": "regex", "noticed": "patterns",
                                  "max_achievement_share": "share"},
    "content.blames_others": {"collective_title": "regex", "person_title": "regex", "others": "patterns",
                              "governed_by": "regex", "self_words": "regex", "self_acting": "regex",
                              "witnessing": "regex", "tasked_by": "regex", "frame": "regex", "perceiving": "regex", "own_omission": "regex",
                              "staff": "regex", "modifier_of": "regex", "subject_span": "int", "participle": "regex", "handled_by": "regex",
                              "passive": "regex", "sanctioned_by": "regex", "quality_of": "regex",
                              "attributed_to": "regex", "handed_to": "regex", "pronoun": "regex", "unit_conduct": "regex", "own_management": "regex",
                              "leading_clauses": "int",
                              "min_clauses": "int"},
    "content.cause_restates": {"roots": "patterns", "root_label": "regex", "analysed_by": "regex",
                               "min_restated_share_listed": "share", "min_restated_share": "share",
                               "min_restated_share_with_root": "share",
                               "min_words": "int"},
    "content.measure_vague": {"deadlines": "patterns", "owners": "patterns", "actions": "patterns"},
    "review.boilerplate": {"min_chars": "int", "min_materials": "int", "min_share": "share",
                           "not_copying_materials": "int", "not_copying_share": "share"},
}


# Fields whose regular expression must name a group the check reads (root_label's `heading`: the
# root as a heading, every other match being a marker).
GROUPS: dict[tuple[str, str], str] = {("content.cause_restates", "root_label"): "heading"}


class KnowledgeError(DataFileError):
    """A substance knowledge file is malformed; names the file and the field."""


class _Table(Fields):
    error = KnowledgeError


@dataclass(frozen=True)
class Knowledge:
    """What the checks know: per check code, its fields (lists of compiled patterns, words,
    numbers) and the level (severity) it reports at."""
    fields: dict
    levels: dict
    errors: tuple[str, ...] = ()
    sources: tuple[tuple[str, str, str], ...] = ()   # (file name, origin, check) of each file read

    def of(self, code: str) -> dict:
        return self.fields.get(code, {})

    def severity(self, code: str) -> str:
        return self.levels.get(code) or CODES[code][0]


def parse(data: dict, source: str) -> tuple[str, str, dict]:
    """(check code, level, fields) of one file, validated."""
    root = _Table(data, "", source)
    code = root.text("check")
    if code not in SCHEMA:
        raise KnowledgeError(f"unknown check {code!r} (known: {', '.join(SCHEMA)})", "check", source)
    level = root.get("level", str, "")
    if level and level not in SEVERITIES:
        raise KnowledgeError(f"must be one of {', '.join(SEVERITIES)}", "level", source)
    schema = SCHEMA[code]
    classes = _classes(root, data, source)
    unknown = set(data) - set(schema) - {"check", "level", "classes"}
    if unknown:
        raise KnowledgeError(f"unknown key(s) {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(schema)})", sorted(unknown)[0], source)
    out = {}
    for key, kind in schema.items():
        if key not in data:
            continue
        if kind == "patterns":
            out[key] = tuple(_compile(_fill(p, classes, f"{key}[{i}]", source), f"{key}[{i}]", source)
                             for i, p in enumerate(root.texts(key)))
        elif kind == "regex":
            text = root.text(key)
            out[key] = (_compile(_fill(text, classes, key, source), key, source) if _CLASS.search(text)
                        else root.regex(key))
            group = GROUPS.get((code, key))
            if group is not None and group not in out[key].groupindex:
                raise KnowledgeError(f"must name the group (?P<{group}>…)", key, source)
        elif kind == "words":
            out[key] = root.texts(key)
        elif kind == "text":
            out[key] = root.text(key)
        elif kind == "int":
            value = root.get(key, int)
            if value < 0:
                raise KnowledgeError("must be >= 0", key, source)
            out[key] = value
        else:
            value = root.get(key, (int, float))
            if not 0 <= value <= 1:
                raise KnowledgeError("must be between 0 and 1", key, source)
            out[key] = float(value)
    return code, level, out


# A class named in a pattern: {every}. Not a repetition count ({0,8}: digits).
_CLASS = re.compile(r"\{([a-z_]+)\}")


def _classes(root: "_Table", data: dict, source: str) -> dict[str, str]:
    """The file's `classes` table: names of the parts its patterns are made of (「{every}…{oneself}」
    — an every-word, then the writer's own hand), each a regular expression, checked to compile."""
    table = data.get("classes", {})
    if not isinstance(table, dict):
        raise KnowledgeError("must be a table of name = regular expression", "classes", source)
    for name, text in table.items():
        if not isinstance(text, str) or not re.fullmatch(r"[a-z_]+", name):
            raise KnowledgeError("must be a regular expression named in lower case", f"classes.{name}", source)
        _compile(text, f"classes.{name}", source)
    return table


def _fill(text: str, classes: dict[str, str], field: str, source: str) -> str:
    """`text` with each {name} replaced by its class, as a group."""
    def one(m):
        if m.group(1) not in classes:
            raise KnowledgeError(f"names an unknown class {{{m.group(1)}}} "
                                 f"(known: {', '.join(classes) or 'none'})", field, source)
        return "(?:" + classes[m.group(1)] + ")"
    return _CLASS.sub(one, text)


def _compile(text: str, field: str, source: str) -> re.Pattern:
    try:
        return regexes.compile(text)
    except re.error as exc:
        raise KnowledgeError(f"is not a valid regular expression: {exc}", field, source) from None


def load_file(path) -> tuple[str, str, dict]:
    path = Path(path)
    return parse(load_toml(path, KnowledgeError), path.name)


def load(folders=()) -> Knowledge:
    """The shipped files, then each (origin, folder) in turn (see the module docstring)."""
    by_name: dict[str, tuple[str, str, dict]] = {}
    origin_of: dict[str, str] = {}
    for path in shipped_files(__package__):
        by_name[path.name] = load_file(path)
        origin_of[path.name] = "shipped"
    errors = []
    for origin, folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                by_name[path.name] = load_file(path)
                origin_of[path.name] = origin
            except (DataFileError, OSError) as exc:
                errors.append(f"{origin} {path}: {exc}")
    fields: dict[str, dict] = {code: {} for code in SCHEMA}
    levels: dict[str, str] = {}
    for code, level, values in by_name.values():
        merged = fields[code]
        for key, value in values.items():
            if SCHEMA[code][key] in ("patterns", "words") and key in merged:
                merged[key] = merged[key] + value
            else:
                merged[key] = value
        if level:
            levels[code] = level
    sources = tuple((name, origin_of[name], code) for name, (code, _, _) in by_name.items())
    return Knowledge(fields, levels, tuple(errors), sources)
