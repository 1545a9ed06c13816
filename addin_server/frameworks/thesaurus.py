"""The genre's words that say the same thing, as data: 造福群众 ≈ 为民造福, 遵规守纪 ≈ 严守纪律,
清正廉洁 ≈ 廉洁自律, 政绩导向 ≈ 政绩观, 扛牢 ≈ 扛起 ….

A heading that words an aspect in other words of the genre than the framework names it with is
matched after both are put in one form (`Thesaurus.canonical`: each word replaced by the first
word of its group). The shipped groups are `thesaurus.toml` beside this module; an organisation
or a user adds groups in a file of the same format (a `thesaurus` list, no `dimensions`) in the
frameworks folders (registry.py). Errors name the file and the field.

The same files hold the genre's *topics* (`topics.toml`, a `topics` list of named word lists):
looser than the thesaurus, words with which a problem and a measure speak of the same thing
(主题党日 ↔ 支部活动, 补学 ↔ 研读). The correspondence check reads them (checks/correspondence.py).
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
SHIPPED_TOPICS = "topics.toml"
# A topic word stands inside a problem's word or a measure's text; longer ones are phrases.
MAX_TOPIC_WORD_CHARS = 8


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


def parse_topics(data: dict, source: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The (name, words) topics of a file's `topics` list, validated; () when it has none."""
    if "topics" not in data:
        return ()
    topics = []
    for table in _Fields(data, "", source).tables("topics"):
        name = table.text("name")
        if not name.strip():
            raise ThesaurusError("must name the topic", table.name("name"), source)
        words = table.texts("words")
        if not words:
            raise ThesaurusError("must list at least one word", table.name("words"), source)
        for i, word in enumerate(words):
            if not MIN_WORD_CHARS <= len(word) <= MAX_TOPIC_WORD_CHARS or re.search(r"\s", word):
                raise ThesaurusError(f"must be {MIN_WORD_CHARS} to {MAX_TOPIC_WORD_CHARS} characters "
                                     "without spaces", f"{table.name('words')}[{i}]", source)
        topics.append((name.strip(), tuple(dict.fromkeys(words))))
    return tuple(topics)


def parse_fillers(data: dict, source: str) -> tuple[str, ...]:
    """The file's `fillers`: words of the genre that say nothing of a topic (没有, 情况, 措施)."""
    words = _Fields(data, "", source).texts("fillers")
    for i, word in enumerate(words):
        if not MIN_WORD_CHARS <= len(word) <= MAX_TOPIC_WORD_CHARS or re.search(r"\s", word):
            raise ThesaurusError(f"must be {MIN_WORD_CHARS} to {MAX_TOPIC_WORD_CHARS} characters "
                                 "without spaces", f"fillers[{i}]", source)
    return words


def parse_file_data(data: dict, source: str):
    """A thesaurus file's word groups, topics and fillers (any may be absent)."""
    groups = parse_groups(data, source) if "thesaurus" in data else ()
    return groups, parse_topics(data, source), parse_fillers(data, source)


def is_thesaurus_data(data: dict) -> bool:
    """Whether a file of the frameworks folders is a thesaurus file (word groups, topics or
    both) rather than a framework."""
    return (any(isinstance(data.get(key), list) for key in ("thesaurus", "topics", "fillers"))
            and "dimensions" not in data)


@dataclass(frozen=True, eq=False)
class Thesaurus:
    """Word groups merged (a group sharing a word with an earlier one joins it), and the one form
    every word of a group is compared in."""

    groups: tuple[tuple[str, ...], ...]
    topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fillers: frozenset[str] = frozenset()

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


@functools.lru_cache(maxsize=1)
def shipped_topics() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """The shipped topics and fillers (topics.toml)."""
    with resources.as_file(resources.files(__package__) / SHIPPED_TOPICS) as path:
        data = load_toml(path, ThesaurusError)
    return parse_topics(data, SHIPPED_TOPICS), parse_fillers(data, SHIPPED_TOPICS)


def combined(*extra) -> Thesaurus:
    """The shipped groups, topics and fillers and those of the organisation's and the user's
    files (each a (groups, topics, fillers) triple as `parse_file_data` gives it), in that order."""
    groups = shipped_groups()
    topics, fillers = shipped_topics()
    for more_groups, more_topics, more_fillers in extra:
        groups += tuple(more_groups)
        topics += tuple(more_topics)
        fillers += tuple(more_fillers)
    return Thesaurus(groups, topics, frozenset(fillers))
