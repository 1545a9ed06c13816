"""Suggest remedies for the problems a writer listed under a dimension: BM25, explained.

Each remedy of the dimension is a small document made of its keywords (counted twice: they say
which problems it answers) and its text. The query is the problem items' words. The score is
Okapi BM25 with a non-negative idf (the collection is a handful of remedies, where the classic
idf turns negative for common words). `matched_terms` lists the shared words, strongest first,
so the pane can say why a remedy is proposed.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..frameworks import Framework, get_framework
from ..text import normalize, tokenize
from .library import Remedy, list_remedies

K1 = 1.2
B = 0.75
KEYWORD_WEIGHT = 2
_TEMPLATE_TAG = re.compile(r"{{.*?}}|{%.*?%}")


class Suggestion(NamedTuple):
    """A ranked remedy; a plain (remedy, score, matched_terms) tuple with a JSON form."""

    remedy: Remedy
    score: float
    matched_terms: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"remedy": self.remedy.to_dict(), "score": round(self.score, 4),
                "matched_terms": list(self.matched_terms)}


@dataclass(frozen=True)
class _Index:
    remedies: tuple[Remedy, ...]
    term_counts: tuple[Counter, ...]
    lengths: tuple[int, ...]
    document_frequency: Counter
    keywords: frozenset[str]  # whole keyword phrases, matched verbatim in the problem text

    @property
    def average_length(self) -> float:
        return sum(self.lengths) / len(self.lengths) if self.lengths else 0.0


def _remedy_terms(remedy: Remedy) -> Counter:
    counts = Counter(tokenize(_TEMPLATE_TAG.sub("", remedy.text)))
    counts.update(tokenize(remedy.title))
    for keyword in remedy.keywords:
        words = tokenize(keyword)
        counts.update({w: KEYWORD_WEIGHT for w in words})
        if keyword not in words:
            counts[keyword] += KEYWORD_WEIGHT
    return counts


@functools.lru_cache(maxsize=256)
def _index(framework_id: str, dimension_key: str, wording: str) -> _Index:
    # `wording` (the aspect's title) is part of the key: a user framework replaced under the same
    # id with other aspects gets its remedies chosen again.
    remedies = tuple(list_remedies(framework_id, dimension_key))
    counts = tuple(_remedy_terms(r) for r in remedies)
    frequency = Counter(term for c in counts for term in c)
    return _Index(remedies, counts, tuple(sum(c.values()) for c in counts), frequency,
                  frozenset(k for r in remedies for k in r.keywords))


def _query_terms(index: _Index, problem_texts: Iterable[str]) -> Counter:
    terms = Counter()
    for text in problem_texts:
        if not isinstance(text, str):
            raise TypeError("problem_texts must be strings")
        terms.update(tokenize(text))
        folded = normalize(text)
        terms.update(k for k in index.keywords if k in folded)
    return terms


def rank_remedies(framework: Framework | str | None, dimension_key: str,
                  problem_texts: Iterable[str]) -> list[Suggestion]:
    """The dimension's remedies, best match first; ties (and no problem text) keep library order.

    Each result unpacks as (remedy, score, matched_terms).
    """
    if not isinstance(framework, Framework):
        framework = get_framework(framework)
    dimension = framework.dimension(dimension_key)
    index = _index(framework.id, dimension_key, dimension.title if dimension else "")
    if isinstance(problem_texts, str):
        problem_texts = [problem_texts]
    query = _query_terms(index, problem_texts)
    n, average = len(index.remedies), index.average_length or 1.0
    results = []
    for position, (remedy, counts, length) in enumerate(
            zip(index.remedies, index.term_counts, index.lengths)):
        contributions = {}
        for term, query_count in query.items():
            tf = counts.get(term, 0)
            if not tf:
                continue
            df = index.document_frequency[term]
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            weight = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
            contributions[term] = idf * weight * query_count
        score = sum(contributions.values())
        matched = tuple(t for t, _ in sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0])))
        results.append((-score, position, Suggestion(remedy, score, matched)))
    results.sort(key=lambda r: (r[0], r[1]))
    return [suggestion for _, _, suggestion in results]
