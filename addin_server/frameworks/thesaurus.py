"""The genre's words that say the same thing, as data: 造福群众 ≈ 为民造福, 遵规守纪 ≈ 严守纪律,
清正廉洁 ≈ 廉洁自律, 政绩导向 ≈ 政绩观, 扛牢 ≈ 扛起 ….

A heading that words an aspect in other words of the genre than the framework names it with is
matched after both are put in one form (`Thesaurus.canonical`: each word replaced by the first
word of its group). The shipped groups are `thesaurus.toml` beside this module; an organisation
or a user adds groups in a file of the same format (a `thesaurus` list, no `dimensions`) in the
frameworks folders (registry.py). Errors name the file and the field.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from .. import regexes
from ..datafiles import DataFileError, Fields, load_toml

# A word shorter than this would turn up inside unrelated words; one longer is a sentence.
MIN_WORD_CHARS = 2
MAX_WORD_CHARS = 16
SHIPPED = "thesaurus.toml"


class ThesaurusError(DataFileError):
    """A thesaurus file is malformed; names the file and the field."""


class _Fields(Fields):
    error = ThesaurusError


def parse_groups(data: dict, source: str) -> tuple[tuple[str, ...], ...]:
    """The word groups of a thesaurus file's data, validated."""
    groups = []
    for table in _Fields(data, "", source).tables("thesaurus"):
        words = table.texts("words")
        if len(words) < 2:
            raise ThesaurusError("must list at least two words that say the same thing",
                                 table.name("words"), source)
        for i, word in enumerate(words):
            if not MIN_WORD_CHARS <= len(word) <= MAX_WORD_CHARS or re.search(r"\s", word):
                raise ThesaurusError(f"must be {MIN_WORD_CHARS} to {MAX_WORD_CHARS} characters without "
                                     "spaces", f"{table.name('words')}[{i}]", source)
        groups.append(tuple(dict.fromkeys(words)))
    return tuple(groups)


def is_thesaurus_data(data: dict) -> bool:
    """Whether a file of the frameworks folders is a thesaurus file rather than a framework."""
    return isinstance(data.get("thesaurus"), list) and "dimensions" not in data


@dataclass(frozen=True, eq=False)
class Thesaurus:
    """Word groups merged (a group sharing a word with an earlier one joins it), and the one form
    every word of a group is compared in."""

    groups: tuple[tuple[str, ...], ...]

    @functools.cached_property
    def _forms(self) -> dict[str, str]:
        forms: dict[str, str] = {}
        for group in self.groups:
            known = next((forms[w] for w in group if w in forms), None)
            canonical = known or group[0]
            for word in group:
                forms.setdefault(word, canonical)
        return forms

    @functools.cached_property
    def _pattern(self) -> re.Pattern | None:
        words = sorted(self._forms, key=len, reverse=True)   # the longest word at a place wins
        return regexes.compile("|".join(map(re.escape, words))) if words else None

    def canonical(self, text: str) -> str:
        """`text` with each word of a group replaced by the group's first word."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._forms[m.group()], text)


def load_file(path) -> tuple[tuple[str, ...], ...]:
    return parse_groups(load_toml(path, ThesaurusError), getattr(path, "name", str(path)))


@functools.lru_cache(maxsize=1)
def shipped_groups() -> tuple[tuple[str, ...], ...]:
    with resources.as_file(resources.files(__package__) / SHIPPED) as path:
        return load_file(path)


def combined(*extra_groups) -> Thesaurus:
    """The shipped groups and those of the organisation's and the user's files, in that order."""
    groups = shipped_groups()
    for more in extra_groups:
        groups += tuple(more)
    return Thesaurus(groups)
