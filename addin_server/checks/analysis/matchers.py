"""A framework's section and aspect names, compiled once per framework and thesaurus, and how
close a heading's words are to each aspect's wording; the kinds of evidence that tell a heading to
be an aspect.

May use: the frameworks (their names and the thesaurus), numbering.py's folding.
"""
from __future__ import annotations

import re

from ... import regexes
from ...frameworks import Framework, current_thesaurus
from ...frameworks.names import bigrams, closeness, heading_core
from ...frameworks.thesaurus import Thesaurus
from ...lru import LruCache
from .. import numbering as nb

# Words that may stand before a dimension's name: "在理论学习方面", "带头增强党性…", "关于…".
_LEAD_WORDS = "在|关于|对照|围绕|聚焦|带头|是否|从|就"

# How a heading was told to be an aspect, strongest evidence first, and how the report says it.
NAME, DERIVED, THESAURUS, CLOSE, ORDER = "name", "derived", "thesaurus", "close", "order"

EVIDENCE = {
    NAME: "按方面名称对应",
    DERIVED: "按框架表述的简称对应",
    THESAURUS: "按同义表述对应",
    CLOSE: "按相近标题对应",
    ORDER: "按顺序对应",
}

# Frameworks whose compiled patterns are kept: every known one, and a few being made.
MATCHERS_CACHE_SIZE = 64


class Matchers:
    """Patterns for one framework's section and dimension names, compiled once."""

    def __init__(self, framework: Framework, words: Thesaurus):
        self.section_names = {}
        for section in framework.sections:
            for name in section.names:
                self.section_names.setdefault(nb.fold(name), section.key)
        self.dimension_names = {}
        # How a name was come by: the framework's own (the wording's stem, the file's synonyms)
        # or derived from the wording (names.derive_names): the report says which.
        self.name_evidence = {}
        for dim in framework.dimensions:
            own = {nb.fold(n) for n in dim.names[:1 + len(dim.synonyms)]}
            for name in dim.names:
                folded = nb.fold(name)
                self.dimension_names.setdefault(folded, dim.key)
                self.name_evidence.setdefault(folded, NAME if folded in own else DERIVED)
        self.sections = _alternation(self.section_names)
        self.role_keys = {}
        for section in framework.sections:
            self.role_keys.setdefault(section.role, section.key)
        self.dimensions = _alternation(self.dimension_names)
        self.short_heading = regexes.compile(
            rf"(?:{_LEAD_WORDS}){{0,2}}(?:{self.dimensions.pattern})(?=方面|情况|上|$)")
        self.run_in = regexes.compile(
            rf"(?:{_LEAD_WORDS}){{0,2}}(?:{self.dimensions.pattern})(?:方面|情况|上)?"
            r"(?:存在的问题|存在问题|存在的不足|的问题|主要问题)?[,:.。，：]"
        )
        # The same opening after a sentence end: "……。在担当作为方面，一是……".
        self.run_in_mid = regexes.compile(r"(?<=[。;；])" + self.run_in.pattern)
        # The names in the thesaurus' one form of each word (造福群众 → 为民造福): a heading in
        # other words of the genre is matched in that form too.
        self.words = words
        self.canonical_names = {}
        for name, key in self.dimension_names.items():
            self.canonical_names.setdefault(words.canonical(name), key)
        self.canonical = _alternation(self.canonical_names)
        self.order = tuple(d.key for d in framework.dimensions)
        # Character pairs of each name as written and in the thesaurus' form (党性锤炼 is 党性修养
        # there, and 「锤炼品格」 still shares 锤炼 with it as written).
        self.name_grams = {d.key: tuple(dict.fromkeys(
            bigrams(form) for n in (*d.names, heading_core(d.title))
            for form in (nb.fold(n), words.canonical(nb.fold(n)))))
            for d in framework.dimensions}

    def named(self, segment: str) -> list[tuple[str, str]]:
        """(aspect key, evidence) for each aspect `segment` names, in order: by a name, else in
        the thesaurus' form of its words."""
        found = [(self.dimension_names[f.group()], self.name_evidence[f.group()])
                 for f in self.dimensions.finditer(segment)]
        if not found:
            found = [(self.canonical_names[f.group()], THESAURUS)
                     for f in self.canonical.finditer(self.words.canonical(segment))]
        return list({key: (key, how) for key, how in reversed(found)}.values())[::-1]


def _alternation(names: dict[str, str]) -> re.Pattern:
    # Longest first, so "政治纪律和政治规矩" wins over "政治纪律" at the same position.
    ordered = sorted(names, key=len, reverse=True)
    return regexes.compile("|".join(re.escape(n) for n in ordered))


# Keyed by the framework itself (its value, not its address: a framework made and dropped may
# leave its address to another with other aspects) and the thesaurus in use.
_cache = LruCache(MATCHERS_CACHE_SIZE)


def matchers_for(framework: Framework) -> Matchers:
    words = current_thesaurus()
    key = (framework, words)
    found = _cache.get(key)
    if found is None:
        found = Matchers(framework, words)
        _cache.put(key, found)
    return found


# A heading matches an aspect by its wording when most of what it says is said by one aspect's
# names, and clearly more than by any other aspect's.
FUZZY_MIN = 0.5

FUZZY_MARGIN = 0.15


def closest_dimension(text: str, m: Matchers) -> tuple[str | None, float, float]:
    """The aspect whose names say most of `text` (a heading without numbering), its closeness
    and the runner-up's."""
    key, best, second = closeness_ranking(text, m)[:3]
    return key, best, second


def closeness_ranking(text: str, m: Matchers) -> tuple[str | None, float, float, dict[str, float]]:
    core = heading_core(text)
    forms = dict.fromkeys((core, m.words.canonical(core)))
    scores = {key: max(closeness(form, grams) for form in forms) for key, grams in m.name_grams.items()}
    scored = sorted(((s, key) for key, s in scores.items()), reverse=True)
    if not scored or scored[0][0] == 0:
        return None, 0.0, 0.0, scores
    return scored[0][1], scored[0][0], scored[1][0] if len(scored) > 1 else 0.0, scores
