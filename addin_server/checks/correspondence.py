"""Problem ↔ measure correspondence: does each listed problem have a 整改措施 item that answers it?

Reviewers send back materials whose measures do not answer the problems (整改措施要对着问题). The
score is meant to be explained to a writer, so it is deliberately simple:

    overlap(problem, measure) = Σ idf(w) over the problem's content words found in the measure
                                ──────────────────────────────────────────────────────────────
                                Σ idf(w) over the problem's content words

    score = overlap × DIMENSION_FACTOR   when the measure names the problem's dimension
                                         ("在廉洁自律上作表率"), else overlap

Words come from `text.tokenize` (jieba, stopwords removed). IDF is computed over the document's
own problem items and its measures taken together as one text (the problem words that some
measure matches, as the overlap reads them), so words every item uses weigh little and the
specific ones ("停车难", "汛期") decide. Taken so, the check is monotone: inserting a measure
(「为此写措施」) lowers only the weight of words no measure matched, which contribute nothing to
any existing pair, so no problem loses its answer. Counted measure by measure, a new measure
lowered every shared word's weight and a problem answered narrowly lost its answer
(tests/test_problem_measure.py; the labelled figures are the same either way). Naming the dimension multiplies rather than adds, so a measure that only
names the dimension answers nothing by itself.

A problem is answered when
  1. some measure scores at least MATCH_THRESHOLD — on the problem as written, or on the problem
     read with its elaboration (the facts after the headline) weighing at most ELABORATION_SHARE
     times its headline, so that a long sentence of facts no measure need repeat does not dilute
     what a measure takes up of the headline and the facts; or
  1b. some measure contains at least HEADLINE_THRESHOLD of the problem's headline words (the same
     weighted overlap over its first sentence, which states the problem, while the elaboration
     after it dilutes rule 1), or
  2. a measure that answers another problem of the same dimension (rule 1) shares some words
     with it (overlap ≥ SIBLING_OVERLAP): writers often give one measure per dimension, worded
     after its first problem.
Measures may answer several problems, so every problem is compared with every measure. The
constants were tuned on tests/fixtures/correspondence_labelled.json; see docs/correspondence.md.

Topics (frameworks/topics.toml, extendable from the organisation's and user's folders): writers
group measures by theme, in their own words, so a problem's word also counts TOPIC_WEIGHT when
the measure speaks of its topic otherwise (主题党日 ↔ 支部活动 ↔ 党内政治生活); each topic a pair
shares counts once, as the problem's weightiest topic word. The genre's fillers (没有, 情况, 参加 …)
are not counted as the problem's words at all. A topic match is a property of the pair, and the
words a pair may credit join the measures' text for the IDF, so the check stays monotone.
"""
from __future__ import annotations

import functools
import math
import re
import threading
from collections import Counter, OrderedDict
from itertools import chain
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from .. import regexes
from ..frameworks import current_thesaurus
from ..text import normalize, tokenize
from .report import Finding, quote
from .soft_breaks import split_lines
from .structure import analyze

MATCH_THRESHOLD = 0.14
# Naming the problem's dimension strengthens, but never replaces, shared words.
DIMENSION_FACTOR = 1.5
# Rule 2: a dimension's own measure needs only some shared words to answer its other problems.
SIBLING_OVERLAP = 0.05
# Words shorter than this carry no topic ("学" from "全面学"); two characters is a Chinese word.
MIN_WORD_CHARS = 2
GIST_MAX_CHARS = 40
PARTIAL_WEIGHT = 0.5
# Rule 1b: a measure that takes up most of the problem's headline (its first sentence, which
# states the problem; the rest elaborates and dilutes rule 1's overlap) answers it.
HEADLINE_THRESHOLD = 0.5
HEADLINE_MIN_WORDS = 2
# Rule 1 also reads a long problem with its elaboration (the facts after the headline) weighing at
# most this many times the headline: 2 let a measure answer another aspect's problem through one
# shared fact (the teacher's test material); 3–6 leave every labelled set's figures as they were.
ELABORATION_SHARE = 4.0
# A problem's word counts this much when the measure speaks of the same topic in other words
# (主题党日 ↔ 支部活动; frameworks/topics.toml): writers group measures by theme, in their words.
TOPIC_WEIGHT = 0.75

_ORDINAL = regexes.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）.、．]|\d+[.、．])\s*")
_GIST_END = regexes.compile(r"[。；;！？!?]")
_CLAUSE_MARKS = "，,、：:"


def _headline(problem) -> str:
    return normalize(gist(problem.text))


def headline(text: str) -> str:
    """The problem's first sentence, which states it, without the 一是/（一）/1. marker and the
    punctuation around it; the first sentence that has words when the first has none (an item
    opening 「一是：。」), and "" only for a text without any."""
    body = _ORDINAL.sub("", text.strip(), count=1)
    for sentence in _GIST_END.split(body):
        # An item run on with the next one (「一是……，二是……」) ends in that comma.
        head = sentence.strip().strip(_CLAUSE_MARKS).strip()
        if head:
            return head
    return ""


def gist(text: str) -> str:
    """The problem's headline cut to GIST_MAX_CHARS: what messages quote and rule 1b reads."""
    head = headline(text)
    return head if len(head) <= GIST_MAX_CHARS else head[:GIST_MAX_CHARS] + "…"


# jieba is most of the cost of a check (~15 ms for a 12,000-character material). The pane re-checks
# the same document after every edit, so almost every item's words are already known; the cache
# (in memory only, bounded) turns a re-check into lookups. Values are immutable frozensets.
CONTENT_WORDS_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=CONTENT_WORDS_CACHE_SIZE)
def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in tokenize(text) if len(w) >= MIN_WORD_CHARS)


class Idf:
    """BM25-style inverse document frequency over a small set of texts (always positive)."""

    def __init__(self, word_sets: Sequence[frozenset[str]]):
        self.n = len(word_sets)
        self.df = Counter(chain.from_iterable(word_sets))

    def __call__(self, word: str) -> float:
        return self._of_df(self.df.get(word, 0))

    def _of_df(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def weights(self, words: Iterable[str]) -> dict[str, float]:
        """{word: idf(word)}; the weight depends only on the word's count, so it is computed once
        per distinct count rather than once per word."""
        by_df: dict[int, float] = {}
        out = {}
        df = self.df
        for w in words:
            d = df.get(w, 0)
            weight = by_df.get(d)
            if weight is None:
                weight = by_df[d] = self._of_df(d)
            out[w] = weight
        return out


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    overlap: float
    shared: tuple[str, ...]      # the problem's content words found in the measure, most specific first
    names_dimension: bool
    related: tuple[str, ...] = ()  # the problem's words whose topic the measure speaks of otherwise,
                                   # as the problem writes them

    def explain(self) -> str:
        parts = []
        if self.shared:
            parts.append("共同词语：" + "、".join(self.shared[:5]))
        if self.related:
            parts.append("同一主题的说法：" + "、".join(self.related[:5]))
        if self.names_dimension:
            parts.append("措施提到了该方面")
        return "；".join(parts) or "没有共同词语"


def names_dimension(text: str, dimension) -> bool:
    """Whether a measure names the dimension (its title stem or a synonym of at least 2 chars)."""
    if dimension is None:
        return False
    return _names_in(normalize(text), dimension)


def _names_in(folded: str, dimension) -> bool:
    return dimension is not None and any(name in folded for name in _naming_words(dimension))


@functools.lru_cache(maxsize=256)
def _naming_words(dimension) -> tuple[str, ...]:
    # Dimension.names is derived on each access; a check asks it problems × measures times.
    return tuple(name for name in dimension.names if len(name) >= 2)


def score(problem: frozenset[str], measure: frozenset[str], idf: Idf, named: bool = False,
          measure_text: str = "") -> Score:
    """How well a measure answers a problem (see the module docstring).

    jieba splits the same words differently in different sentences ("不敢批评" → 批评, "开展批评"
    kept whole), so a problem word also counts when it occurs verbatim in the measure's text, and
    counts PARTIAL_WEIGHT when it merely contains one of the measure's words ("党员意识" ⊃ "党员").
    """
    weights = idf.weights(problem)
    match = _matches(problem, _MeasureView(measure, measure_text))
    overlap = _overlap(_getter(problem), sum(map(weights.__getitem__, problem)),
                       _contributions(weights, match))
    return _score(problem, overlap, frozenset(match), weights, named)


# The pane re-checks an unchanged 整改措施 after every edit: fold each measure's text once.
@functools.lru_cache(maxsize=CONTENT_WORDS_CACHE_SIZE)
def _folded(text: str) -> str:
    return normalize(text)


class _MeasureView:
    """What scoring needs of a measure, computed once per measure rather than once per pair."""

    __slots__ = ("words", "folded", "topics")

    def __init__(self, words: frozenset[str], text: str, topics: "Topics | None" = None):
        self.words = words
        self.folded = _folded(text)
        self.topics = topics.of_text(self.folded) if topics is not None else frozenset()


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching `words`, the longest at a place, as a trie of characters."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    branches = []
    for c, rests in sorted(by_first.items()):
        longer = [r for r in rests if r]
        inner = _trie(longer) if longer else ""
        if not inner:
            branches.append(re.escape(c))
        elif "" in rests:
            branches.append(f"{re.escape(c)}(?:{inner})?")
        else:
            branches.append(f"{re.escape(c)}(?:{inner})")
    return "|".join(branches)


class Topics:
    """The genre's topics (frameworks/topics.toml and the organisation's and user's files), as
    the check reads them: which topics a text speaks of, and which of a problem's words stand in
    a topic's word it uses (jieba cuts 主题党日 into 主题 + 党日: both stand in it)."""

    def __init__(self, topics: tuple[tuple[str, tuple[str, ...]], ...], fillers=frozenset()):
        self.names = tuple(name for name, _ in topics)
        self.fillers = frozenset(normalize(w) for w in fillers)
        by_word: dict[str, set[int]] = {}
        for i, (_, words) in enumerate(topics):
            for w in words:
                by_word.setdefault(normalize(w), set()).add(i)
        self.by_word = {w: frozenset(ids) for w, ids in by_word.items()}
        # A lookahead finds the words starting at every place, overlapping ones too, the longest
        # at a place; the words as a trie behind a class of their first characters make it ~4×
        # faster than a plain alternation (a cold check reads every item of the material).
        first = "".join(sorted({w[0] for w in self.by_word}))
        self._pattern = (regexes.compile(f"(?=[{re.escape(first)}])(?=({_trie(self.by_word)}))")
                         if self.by_word else None)
        self._found: dict[str, tuple[str, ...]] = {}
        self._mentions: dict[str, tuple] = {}

    def forget_texts(self) -> None:
        self._found.clear()
        self._mentions.clear()

    def found(self, folded: str) -> tuple[str, ...]:
        """The topic words standing in a (normalized) text."""
        if self._pattern is None:
            return ()
        hit = self._found.get(folded)
        if hit is None:
            if len(self._found) > CONTENT_WORDS_CACHE_SIZE:
                self._found.clear()   # bounded, in memory only
            hit = self._found[folded] = tuple(dict.fromkeys(self._pattern.findall(folded)))
        return hit

    def of_text(self, folded: str) -> frozenset[int]:
        return frozenset(chain.from_iterable(self.by_word[w] for w in self.found(folded)))

    def mentions(self, words: frozenset[str], folded: str
                 ) -> tuple[tuple[str, frozenset[int], frozenset[str]], ...]:
        """(topic word, its topics, the problem's words standing in it or containing it) for each
        topic word of the text that some of its words stand in. `words` are the content words of
        the text `folded` (so the text is the key of the bounded cache: the pane re-checks
        unchanged problems after every edit)."""
        out = self._mentions.get(folded)
        if out is not None:
            return out
        mentions = []
        for t in self.found(folded):
            tokens = frozenset(w for w in words if w in t or t in w)
            if tokens:
                mentions.append((t, self.by_word[t], tokens))
        if len(self._mentions) > CONTENT_WORDS_CACHE_SIZE:
            self._mentions.clear()
        out = self._mentions[folded] = tuple(mentions)
        return out


_topics_made: "list[Topics]" = []   # for clear_caches(): the texts each one has seen


@functools.lru_cache(maxsize=4)
def _topics_of(thesaurus) -> Topics:
    topics = Topics(thesaurus.topics, thesaurus.fillers)
    _topics_made[:] = [*_topics_made[-3:], topics]
    return topics


def current_topics() -> Topics:
    return _topics_of(current_thesaurus())


# A problem word up to this long is matched partially through the set of its substrings (C-level
# set intersection with the measure's words); longer tokens (long Latin or digit runs) scan the
# measure's words instead, so the work stays linear in their length.
_SUBSTRING_SET_MAX = 8


@functools.lru_cache(maxsize=4 * CONTENT_WORDS_CACHE_SIZE)
def _parts(word: str) -> frozenset[str] | None:
    """Substrings of `word` of at least MIN_WORD_CHARS characters, or None for long tokens."""
    n = len(word)
    if n > _SUBSTRING_SET_MAX:
        return None
    return frozenset(word[i:j] for i in range(n - MIN_WORD_CHARS + 1)
                     for j in range(i + MIN_WORD_CHARS, n + 1))


def _matches(words: Iterable[str], measure: _MeasureView) -> dict[str, float]:
    """{word: 1.0 when found in the measure, PARTIAL_WEIGHT when it contains one of the measure's
    words}; words that match neither way are left out."""
    found = {}
    measure_words, folded = measure.words, measure.folded
    for w in words:
        if w in measure_words or (folded and w in folded):
            found[w] = 1.0
        else:
            parts = _parts(w)
            if (not parts.isdisjoint(measure_words) if parts is not None
                    else any(len(m) >= MIN_WORD_CHARS and m in w for m in measure_words)):
                found[w] = PARTIAL_WEIGHT
    return found


def _contributions(weights: dict[str, float], match: dict[str, float]) -> dict[str, float]:
    """{word: match × idf} for every word of `weights`, 0.0 for those the measure does not match."""
    contrib = dict.fromkeys(weights, 0.0)
    for w, m in match.items():
        contrib[w] = m * weights[w]
    return contrib


def _getter(words: frozenset[str]):
    """A function giving a {word: value} table's values for `words`, in the set's own order."""
    if len(words) > 1:
        return itemgetter(*words)
    return lambda table: tuple(table[w] for w in words)


def _overlap(getter, total: float, contrib: dict[str, float]) -> float:
    """Σ match × idf over the problem's words, divided by Σ idf.

    Words are added in the problem set's own iteration order, the order of the original
    word-by-word loop (adding a 0.0 changes nothing), so every sum is the same to the last bit.
    """
    return sum(getter(contrib)) / total if total else 0.0


def _score(problem: frozenset[str], overlap: float, matched: frozenset[str], weights: dict,
           named: bool, related: tuple[str, ...] = ()) -> Score:
    shared = sorted(problem & matched, key=lambda w: (-weights[w], w))
    return Score(overlap * (DIMENSION_FACTOR if named else 1.0), overlap, tuple(shared), named,
                 related)


@dataclass(frozen=True, slots=True)
class Problem:
    paragraph: int
    text: str
    dimension: object | None = None   # frameworks.Dimension


@dataclass(frozen=True, slots=True)
class Measure:
    paragraph: int
    text: str


def _elaboration_weight(words: frozenset[str], head: frozenset[str], weights: dict) -> float:
    """How much each word after the headline counts: 1, unless the elaboration's words weigh
    more than ELABORATION_SHARE times the headline's, when they are scaled down to that share.
    A problem stated in a line and then told in facts (「学习的主动性不够强。平时忙于……读原著原文
    少，多是通过手机看解读文章……」) is answered by a measure on what it states and some of its
    facts (「加强理论学习，每月精读一篇原著」); counted whole, every fact a measure need not repeat
    dilutes the shared words below MATCH_THRESHOLD. Monotone in the measures: the scaled
    elaboration always weighs ELABORATION_SHARE × the headline, so a lower weight of a word no
    measure matched raises or keeps every overlap."""
    if len(head) < HEADLINE_MIN_WORDS:
        return 1.0
    head_total = sum(weights[w] for w in head)
    rest_total = sum(weights[w] for w in words - head)
    cap = ELABORATION_SHARE * head_total
    return cap / rest_total if rest_total > cap else 1.0


def _topic_words(text: str, fillers: frozenset[str]) -> frozenset[str]:
    """The problem's content words less the genre's fillers (topics.toml), which say nothing of
    what the problem is about."""
    words = content_words(text)
    return words - fillers if not fillers.isdisjoint(words) else words


class _Table:
    """Every problem scored against every measure.

    The figures the rules compare (value, overlap) are computed for all pairs up front with set
    operations; a full Score, whose shared words are sorted for display, only when asked for.
    Everything per word or per measure is computed once, not once per pair.
    """

    def __init__(self, problems: Sequence[Problem], measures: Sequence[Measure]):
        topics = current_topics()
        self.problem_words = problem_words = [_topic_words(p.text, topics.fillers) for p in problems]
        # The problem's own words that stand in its headline: no second segmentation needed.
        headline_words = [frozenset(w for w in words if w in head)
                          for words, head in zip(problem_words, map(_headline, problems))]
        measure_words = [content_words(m.text) for m in measures]
        views = [_MeasureView(mw, m.text, topics) for m, mw in zip(measures, measure_words)]
        all_words = frozenset().union(*problem_words)
        # A word matches a measure the same way whichever problem it comes from: decide it once.
        matches = [_matches(all_words, view) for view in views]
        # Matched by topic: a problem's word standing in a topic word of its text, where the
        # measure speaks of that topic in other words. Each topic the pair shares counts once, as
        # the problem's weightiest word of it (a problem naming 原著, 原文 and 读书 is not answered
        # three times over by one 学习): `by_topic` is {problem: {measure: {word: weight added}}}.
        mentions = [topics.mentions(words, _folded(p.text))
                    for p, words in zip(problems, problem_words)]
        self._topic_words = [tuple(t for t, _, _ in m) for m in mentions]
        # First the words some pair may credit, which the measures' text holds (see below): a
        # word's topics over all problems, and the measures that speak of one of them.
        word_topics: dict[str, frozenset[int]] = {}
        for problem_mentions in mentions:
            for _, ids, tokens in problem_mentions:
                for w in tokens:
                    word_topics[w] = word_topics[w] | ids if w in word_topics else ids
        topic_matched = {w for view in views if view.topics
                         for w, ids in word_topics.items() if not ids.isdisjoint(view.topics)}
        # The measures count as one text, holding the problem words some measure matches (see the
        # module docstring): a new measure then only lowers the weight of words no measure
        # matched, which raises or keeps every other problem's overlaps.
        idf = Idf(problem_words + [frozenset().union(*matches, topic_matched)])
        self.weights = weights = idf.weights(all_words)
        self.by_topic: list[dict[int, dict[str, float]]] = []
        # The words each measure takes up at least as well as a topic would.
        taken_up = [frozenset(w for w, m in match.items() if m >= TOPIC_WEIGHT) for match in matches]
        for problem_mentions in mentions:
            gained: dict[int, dict[str, float]] = {}
            if problem_mentions:
                problem_topics = frozenset().union(*(ids for _, ids, _ in problem_mentions))
                heaviest_first = sorted(problem_mentions, key=lambda m: (
                    -sum(weights[w] for w in m[2]), m[0]))
                for j, (view, match, full) in enumerate(zip(views, matches, taken_up)):
                    shared = problem_topics & view.topics
                    if not shared:
                        continue
                    added: dict[str, float] = {}
                    for _, ids, tokens in heaviest_first:
                        # A mention the measure already takes up word for word gains nothing
                        # and leaves the topic to the next one.
                        if ids.isdisjoint(shared) or tokens <= full:
                            continue
                        shared = shared - ids
                        for w in tokens - full:
                            if w not in added:
                                added[w] = TOPIC_WEIGHT - match.get(w, 0.0)
                        if not shared:
                            break
                    if added:
                        gained[j] = added
            self.by_topic.append(gained)
        self.matched: list[frozenset[str]] = []
        contribs = []
        for match in matches:
            contribs.append(_contributions(weights, match))
            self.matched.append(frozenset(match))
        named_by_dimension: dict = {}
        self.named: list[list[bool]] = []
        self.overlaps: list[list[float]] = []
        self.values: list[list[float]] = []
        self.headlines: list[list[float]] = []
        for p, words, head, by_topic in zip(problems, problem_words, headline_words, self.by_topic):
            named = named_by_dimension.get(p.dimension)
            if named is None:
                named = named_by_dimension[p.dimension] = [_names_in(v.folded, p.dimension)
                                                           for v in views]
            getter = _getter(words)
            total = sum(map(weights.__getitem__, words))
            overlaps = [_overlap(getter, total, contrib) for contrib in contribs]
            for j, added in by_topic.items():
                overlaps[j] += sum(a * weights[w] for w, a in added.items()) / total
            direct = overlaps
            elaboration = _elaboration_weight(words, head, weights)
            if elaboration < 1.0:
                # Rule 1 also on the problem read as its headline states it, its elaboration
                # scaled down (see _elaboration_weight); the better reading counts. Rule 2 (and
                # the score shown) keep the plain reading.
                direct = list(overlaps)
                rest = words - head
                head_getter, rest_getter = _getter(head), _getter(rest)
                short = (sum(map(weights.__getitem__, head))
                         + elaboration * sum(map(weights.__getitem__, rest)))
                for j, c in enumerate(contribs):
                    o = (sum(head_getter(c)) + elaboration * sum(rest_getter(c))) / short
                    if j in by_topic:
                        o += sum(a * weights[w] * (1.0 if w in head else elaboration)
                                 for w, a in by_topic[j].items()) / short
                    if o > direct[j]:
                        direct[j] = o
            self.named.append(named)
            self.overlaps.append(overlaps)
            self.values.append([o * DIMENSION_FACTOR if n else o * 1.0
                                for o, n in zip(direct, named)])
            if len(head) >= HEADLINE_MIN_WORDS:
                head_getter = _getter(head)
                head_total = sum(map(weights.__getitem__, head))
                heads = [_overlap(head_getter, head_total, c) for c in contribs]
                for j, added in by_topic.items():
                    heads[j] += sum(a * weights[w] for w, a in added.items() if w in head) / head_total
                self.headlines.append(heads)
            else:
                self.headlines.append([0.0] * len(contribs))

    def score(self, i: int, j: int) -> Score:
        related = self.by_topic[i].get(j, {})
        # Shown as the problem has it: 主题党日, not the 主题 jieba cut from it.
        found = self._topic_words[i]
        shown = tuple(dict.fromkeys(
            max((t for t in found if w in t), key=len, default=w) for w in sorted(related)))
        return _score(self.problem_words[i], self.overlaps[i][j], self.matched[j] - related.keys(),
                      self.weights, self.named[i][j], shown)

    def row(self, i: int) -> tuple[Score, ...]:
        return tuple(self.score(i, j) for j in range(len(self.matched)))


# The pane re-checks after every edit, and most edits leave the problems and measures as they
# were: the last few tables are kept (in memory only), keyed by what they are computed from.
TABLE_CACHE_SIZE = 8
_tables: "OrderedDict[tuple, _Table]" = OrderedDict()
_tables_lock = threading.Lock()


def _table(problems: Sequence[Problem], measures: Sequence[Measure]) -> _Table:
    key = (current_topics(), tuple((p.text, p.dimension) for p in problems),
           tuple(m.text for m in measures))
    with _tables_lock:
        table = _tables.get(key)
        if table is not None:
            _tables.move_to_end(key)
            return table
    table = _Table(problems, measures)
    with _tables_lock:
        _tables[key] = table
        while len(_tables) > TABLE_CACHE_SIZE:
            _tables.popitem(last=False)
    return table


@dataclass(frozen=True, slots=True)
class Assessment:
    problem: Problem
    answered_by: tuple[int, ...]      # indexes into the measures that answer the problem
    best: int | None                  # the best-scoring measure (answering or not)
    _table: _Table = field(repr=False, compare=False)
    _row: int = field(repr=False, compare=False)

    @property
    def matched(self) -> bool:
        return bool(self.answered_by)

    @property
    def scores(self) -> tuple[Score, ...]:
        """One per measure."""
        return self._table.row(self._row)

    def score(self, measure: int) -> Score:
        return self._table.score(self._row, measure)


def assess(problems: Sequence[Problem], measures: Sequence[Measure]) -> list[Assessment]:
    """For each problem, the measures that answer it (rules 1 and 2 of the module docstring)."""
    table = _table(problems, measures)
    direct = [{j for j, (v, h) in enumerate(zip(row, head))
               if v >= MATCH_THRESHOLD or h >= HEADLINE_THRESHOLD}
              for row, head in zip(table.values, table.headlines)]
    # How many problems of each dimension each measure answers directly: a problem's siblings'
    # measures are then those counted for someone other than itself (linear, not problems²).
    answered_in_dimension: dict[str, Counter] = {}
    for p, hits in zip(problems, direct):
        key = getattr(p.dimension, "key", None)
        if key is not None:
            answered_in_dimension.setdefault(key, Counter()).update(hits)
    results = []
    for i, (p, values, overlaps) in enumerate(zip(problems, table.values, table.overlaps)):
        answered = set(direct[i])
        key = getattr(p.dimension, "key", None)
        if key is not None:
            sibling_measures = {j for j, n in answered_in_dimension[key].items()
                                if n - (j in direct[i]) > 0}
            answered |= {j for j in sibling_measures if overlaps[j] >= SIBLING_OVERLAP}
        best = max(range(len(values)), key=values.__getitem__, default=None)
        results.append(Assessment(p, tuple(sorted(answered)), best, table, i))
    return results


def written_measures(structure) -> list[Measure]:
    """The document's measures (整改措施 items), as written."""
    return [Measure(i.paragraph, _original_text(structure, i)) for i in structure.measures
            if i.text.strip()]


def document_measures(document, framework) -> list[str]:
    """The measures of a whole document as written, read as the check reads them (a material on
    soft-broken lines line by line)."""
    lines = split_lines(document)
    structure = analyze(lines.document if lines is not None else document, framework)
    return [m.text for m in written_measures(structure)]


def unmatched_problems(structure) -> Iterator[Finding]:
    measures = written_measures(structure)
    if not measures:
        return  # a missing or empty 整改措施 section is reported by the section checks
    framework = structure.framework
    items = [(block, item) for block in structure.dimensions for item in block.items if item.text.strip()]
    problems = [Problem(item.paragraph, _original_text(structure, item), framework.dimension(block.key))
                for block, item in items]
    for (_, item), a in zip(items, assess(problems, measures)):
        if a.matched:
            continue
        details = None
        best = a.score(a.best) if a.best is not None else None
        if best is not None and best.shared:
            # In words (behind 「详情」): the score and the threshold stay in the code.
            details = (f"最接近的措施是第 {measures[a.best].paragraph + 1} 段"
                       f"{quote(measures[a.best].text, 16)}，{best.explain()}，还不足以算作对应")
        written = a.problem.text
        yield Finding(
            "remedy.unmatched",
            f"问题{quote(gist(written) or written, 30)}在整改措施中还没有对应的措施，"
            "请在“整改措施”部分补写针对它的措施",
            paragraph=a.problem.paragraph,
            dimension=a.problem.dimension.key if a.problem.dimension else None,
            details=details,
            subject=written,
        )


def _original_text(structure, item) -> str:
    """The item as written (items carry folded text; messages quote the writer's own): just this
    item when a paragraph holds several, and its continuation when a hard return (a PDF paste)
    carried it into the next paragraphs."""
    return structure.written(item)


RULES = (unmatched_problems,)


def clear_caches() -> None:
    """Forget every text seen so far (benchmarks of a first check; memory is bounded anyway)."""
    content_words.cache_clear()
    _folded.cache_clear()
    with _tables_lock:
        _tables.clear()
    for topics in _topics_made:
        topics.forget_texts()
    _parts.cache_clear()


def evaluate(materials: Iterable[dict], frameworks) -> dict:
    """Precision/recall on labelled materials (the fixture's format; `frameworks` maps an id to a
    Framework).

    Pair level: a pair is predicted a match when the measure is among those answering the problem.
    Flag level (what the rule reports): a problem is flagged when nothing answers it; a flag is
    right when the labels give the problem no answering measure.
    """
    pairs = dict.fromkeys(("tp", "fp", "fn", "tn"), 0)
    flags = dict.fromkeys(("tp", "fp", "fn", "tn"), 0)

    def count(table, predicted, actual):
        table[("t" if predicted == actual else "f") + ("p" if predicted else "n")] += 1

    for material in materials:
        fw = frameworks(material["framework"])
        problems = [Problem(i, p["text"], fw.dimension(p["dimension"]))
                    for i, p in enumerate(material["problems"])]
        measures = [Measure(i, m["text"]) for i, m in enumerate(material["measures"])]
        for raw, a in zip(material["problems"], assess(problems, measures)):
            answers = set(material["answers"][raw["id"]])
            for j, m in enumerate(material["measures"]):
                count(pairs, j in a.answered_by, m["id"] in answers)
            count(flags, not a.matched, not answers)

    def ratio(a, b):
        return a / b if b else 1.0

    return {
        "pair_precision": ratio(pairs["tp"], pairs["tp"] + pairs["fp"]),
        "pair_recall": ratio(pairs["tp"], pairs["tp"] + pairs["fn"]),
        "flag_precision": ratio(flags["tp"], flags["tp"] + flags["fp"]),
        "flag_recall": ratio(flags["tp"], flags["tp"] + flags["fn"]),
        "pairs": pairs, "flags": flags,
    }
