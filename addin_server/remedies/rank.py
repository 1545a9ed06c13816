"""Suggest remedies for the problems a writer listed under a dimension: BM25, explained.

Each remedy of the dimension is a small document made of its keywords (counted twice: they say
which problems it answers) and its text. The query is the problem items' words. The score is
Okapi BM25 with a non-negative idf (the collection is a handful of remedies, where the classic
idf turns negative for common words). `matched_terms` lists the shared words, strongest first,
so the pane can say why a remedy is proposed.

A remedy the document's 整改措施 already has is not proposed again (`existing_measures`): one of
its measures shares the remedy's strongest theme (themes.toml) and its words, by the overlap the
correspondence check reads (checks/correspondence.py: the share of the remedy's weighted words
found in the measure) — most of the remedy's title (TITLE_WRITTEN), or a good part of its whole
text (TEXT_WRITTEN). Measured on the shipped library: a remedy's own text, filled in with any
values, overlaps it ≥ 0.74; another remedy's text ≤ 0.28 (docs/correspondence.md).
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .. import regexes
from ..checks.correspondence import Idf, content_words, score
from ..frameworks import Framework, get_framework
from ..text import normalize, tokenize
from .library import Remedy, list_remedies
from .themes import theme_scores

K1 = 1.2
B = 0.75
KEYWORD_WEIGHT = 2
# A measure has a remedy when it takes up this share of the remedy's title's words…
TITLE_WRITTEN = 0.75
# …or this share of the words of its whole text (a remedy's own text ≥ 0.74, another's ≤ 0.28).
TEXT_WRITTEN = 0.5
_TEMPLATE_TAG = regexes.compile(r"{{.*?}}|{%.*?%}")


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


def _plain_text(remedy: Remedy) -> str:
    """The remedy's title and text without its template's parameter slots."""
    return f"{remedy.title}。{_TEMPLATE_TAG.sub('', remedy.text)}"


def _strongest_theme(text: str) -> str | None:
    scores = theme_scores(text)
    return max(scores, key=scores.get) if scores else None


def written_remedies(remedies: Iterable[Remedy], measures: Iterable[str]) -> set[str]:
    """The ids of `remedies` that one of `measures` (texts of the document's 整改措施) already
    has: same strongest theme and similar words (the module docstring)."""
    remedies = list(remedies)
    measures = [m for m in measures if isinstance(m, str) and m.strip()]
    if not remedies or not measures:
        return set()
    measure_words = [content_words(m) for m in measures]
    measure_themes = [set(theme_scores(m)) for m in measures]
    idf = Idf([content_words(_plain_text(r)) for r in remedies] + measure_words)
    written = set()
    for remedy in remedies:
        title, text = content_words(remedy.title), content_words(_plain_text(remedy))
        theme = _strongest_theme(_plain_text(remedy))
        for words, themes, measure in zip(measure_words, measure_themes, measures):
            if theme is not None and theme not in themes:
                continue
            if (score(title, words, idf, measure_text=measure).overlap >= TITLE_WRITTEN
                    or score(text, words, idf, measure_text=measure).overlap >= TEXT_WRITTEN):
                written.add(remedy.id)
                break
    return written


def rank_remedies(framework: Framework | str | None, dimension_key: str,
                  problem_texts: Iterable[str],
                  existing_measures: Iterable[str] = ()) -> list[Suggestion]:
    """The dimension's remedies, best match first; ties (and no problem text) keep library order.
    Remedies one of `existing_measures` (the document's measures, as written) already has are
    left out.

    Each result unpacks as (remedy, score, matched_terms).
    """
    if not isinstance(framework, Framework):
        framework = get_framework(framework)
    dimension = framework.dimension(dimension_key)
    index = _index(framework.id, dimension_key, dimension.title if dimension else "")
    written = written_remedies(index.remedies, existing_measures)
    if isinstance(problem_texts, str):
        problem_texts = [problem_texts]
    query = _query_terms(index, problem_texts)
    n, average = len(index.remedies), index.average_length or 1.0
    results = []
    for position, (remedy, counts, length) in enumerate(
            zip(index.remedies, index.term_counts, index.lengths)):
        if remedy.id in written:
            continue
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
        # Shown as the reason for the proposal: words, not the single characters (向, 早, 后) that
        # count towards the score but say nothing to the writer.
        matched = tuple(t for t, _ in sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0]))
                        if len(t) >= 2)
        results.append((-score, position, Suggestion(remedy, score, matched)))
    results.sort(key=lambda r: (r[0], r[1]))
    return [suggestion for _, _, suggestion in results]
