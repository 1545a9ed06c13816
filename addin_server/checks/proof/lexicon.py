"""What the proofreader knows of Chinese words: jieba's dictionary (words and their frequencies)
joined by the genre's own vocabulary, its segmentation, pypinyin's readings and look-alike
characters.

Everything ships with the installed packages; nothing is downloaded. The dictionary (350,000
words, about 0.4 s to read) is loaded once, on first use.

The genre's vocabulary (`words/genre.toml`: 担责, 学纪知纪, 三个敬畏, 固本培元 …) and every term
the project's own frameworks, remedies and rule files write (`project_words`) join jieba's
dictionary with at least GENRE_COUNT, so they segment as words and are never taken for slips.
"""
from __future__ import annotations

import functools
import math
import os
import re
from pathlib import Path

from ...datafiles import load_toml, shipped_files

_SURROGATE = re.compile("[\ud800-\udfff]")
WORDS = Path(__file__).resolve().parent / "words"
# The count a genre word gets in the dictionary (贯彻 has 7,000, 部署 4,000): enough for the
# segmentation to prefer it, as a writer of the genre reads it, over its characters one by one.
GENRE_COUNT = 3000
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# A term the project's own texts set off: 「…」, “…”, 《…》 or a list item of a data file.
_QUOTED = re.compile(r"[「“‘《]([\u4e00-\u9fff]{2,8})[」”’》]")


def _strings(value, keys: bool = False):
    """Every string value of a parsed TOML document (not its keys: a rule file's swap table is
    keyed by the wrong forms), with whether it stands as an item of a list."""
    if isinstance(value, str):
        yield value, False
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, str):
                yield v, True
            else:
                yield from _strings(v)


@functools.lru_cache(maxsize=1)
def project_texts() -> tuple[tuple[str, bool], ...]:
    """The strings of the shipped frameworks, remedies and proofreading rules (text we wrote
    and ship), each with whether it is a list item."""
    out = []
    for package in ("addin_server.frameworks", "addin_server.remedies",
                    "addin_server.checks.proof"):
        for path in shipped_files(package):
            out.extend(_strings(load_toml(path)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def genre_words() -> frozenset[str]:
    """The genre file's words and collocations and the project's own terms: a list item of a
    data file that is one run of 2-8 Chinese characters (「三个敬畏」 among the 四个意识's
    items) or a term its texts quote."""
    data = load_toml(WORDS / "genre.toml")
    words = set(data.get("words", ())) | set(data.get("collocations", ()))
    for text, item in project_texts():
        if item and 2 <= len(text) <= 8 and _CJK_RUN.fullmatch(text):
            words.add(text)
        words.update(_QUOTED.findall(text))
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def genre_bigram_counts() -> dict[str, int]:
    """How often each pair of neighbouring Chinese characters occurs in the project's texts
    (the genre's character bigram model), each genre word counted once more."""
    counts: dict[str, int] = {}
    runs = list(genre_words())
    for text, _ in project_texts():
        runs += _CJK_RUN.findall(text)
    for run in runs:
        for i in range(len(run) - 1):
            pair = run[i:i + 2]
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def genre_bigrams() -> dict[str, int]:
    """The pairs the genre writes: a character that forms one with its neighbour is the
    genre's, not a slip."""
    return genre_bigram_counts()


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], float, frozenset[str]]:
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    freq: dict[str, int] = {}
    verbs = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, count, *tag = line.split()
            freq[word] = int(count)
            if tag and tag[0] in ("v", "vn"):
                verbs.add(word)
    for word in genre_words():
        if freq.get(word, 0) < GENRE_COUNT:
            freq[word] = GENRE_COUNT
    return freq, math.log(sum(freq.values())), frozenset(verbs)


def frequencies() -> tuple[dict[str, int], float]:
    """jieba's dict.txt as {word: count} and the log of the total count."""
    freq, log_total, _ = _dictionary()
    return freq, log_total


def is_verb(word: str) -> bool:
    """Whether jieba's dictionary tags the word as a verb (v, vn)."""
    return word in _dictionary()[2]


def frequency(word: str) -> int:
    return frequencies()[0].get(word, 0)


@functools.lru_cache(maxsize=1)
def _dictionary_cut():
    """Segmentation by the dictionary alone (no HMM guessing of unknown words), so a garbled
    stretch shows up as single characters instead of being glued into an invented word."""
    freq = frequencies()[0]
    try:
        import rjieba
    except ImportError:  # pragma: no cover - platforms without the rjieba wheel
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for word in genre_words():
            tokenizer.add_word(word, freq[word])
        return lambda text: tokenizer.lcut(text, HMM=False)
    # A segmenter of its own: the genre's words are added to it, not to the one other checks use.
    segmenter = rjieba.Jieba()
    for word in genre_words():
        segmenter.add_word(word, freq[word], None)
    return lambda text: segmenter.cut(text, False)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word of `text`, covering it exactly."""
    out, i = [], 0
    try:
        words = _dictionary_cut()(text)
    except UnicodeError:
        # A lone surrogate (a broken emoji pasted from the web) cannot be handed to the Rust
        # segmenter; the same-length stand-in keeps every offset.
        words = _dictionary_cut()(_SURROGATE.sub("\ufffd", text))
    for word in words:
        out.append((i, i + len(word), word))
        i += len(word)
    return out


@functools.lru_cache(maxsize=1)
def reversed_rarities() -> frozenset[str]:
    """Two-character words the dictionary counts at most 3 times whose reverse it counts at
    least 1,000 times (实落 / 落实): likely written back to front."""
    freq = frequencies()[0]
    return frozenset(w for w, n in freq.items()
                     if len(w) == 2 and n <= 3 and w[0] != w[1] and freq.get(w[::-1], 0) >= 1000)


@functools.lru_cache(maxsize=1)
def verb_compounds() -> frozenset[str]:
    """Rare three-character words (count ≤ 20) made of a common verb and one character
    (学习机 = 学习 + 机): where a clause ends in one, a character may have been dropped."""
    freq = frequencies()[0]
    return frozenset(w for w, n in freq.items()
                     if len(w) == 3 and n <= 20 and freq.get(w[:2], 0) >= 1000 and is_verb(w[:2]))


@functools.lru_cache(maxsize=20000)
def reading(char: str) -> str:
    """The toneless pinyin of a character (its most common reading)."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0]


def best_segmentation_score(text: str, unknown_penalty: float = 6.0) -> tuple[float, int]:
    """Log-probability of the best dictionary segmentation of a short string (jieba's own
    unigram model) and how many single characters it leaves."""
    freq, log_total = frequencies()
    n = len(text)
    unknown = -log_total - unknown_penalty
    best = [(0.0, 0)] + [(-math.inf, 0)] * n
    for i in range(n):
        score, singles = best[i]
        if score == -math.inf:
            continue
        for j in range(i + 1, min(n, i + 8) + 1):
            count = freq.get(text[i:j])
            if count:
                s = score + math.log(count) - log_total
            elif j == i + 1:
                s = score + unknown
            else:
                continue
            cand = (s, singles + (j == i + 1))
            if cand[0] > best[j][0]:
                best[j] = cand
    return best[n]


# ---------------------------------------------------------------- confusable characters

# Initials and finals a pinyin input method lets a writer confuse (模糊音): a slip typed as
# zhi for zi, lan for nan, qing for qin picks a character of the other reading.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))
COMMON_CHARS = 5000


def fuzzy_readings(syllable: str) -> frozenset[str]:
    """The readings an input method confuses with `syllable` (itself excluded)."""
    out = set()
    for a, b in _FUZZY_INITIALS:
        for x, y in ((a, b), (b, a)):
            if syllable.startswith(x) and not (x == "z" and syllable[:2] in ("zh",)) \
                    and not (x in ("c", "s") and syllable[:2] in ("ch", "sh")):
                out.add(y + syllable[len(x):])
    for a, b in _FUZZY_FINALS:
        for x, y in ((a, b), (b, a)):
            if syllable.endswith(x):
                out.add(syllable[:-len(x)] + y)
    out.discard(syllable)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def common_chars() -> dict[str, int]:
    """The COMMON_CHARS characters that weigh most in the dictionary (a character's weight: the
    summed count of the words it is in), with their weights."""
    weight: dict[str, int] = {}
    for word, count in frequencies()[0].items():
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                weight[ch] = weight.get(ch, 0) + count
    top = sorted(weight, key=weight.__getitem__, reverse=True)[:COMMON_CHARS]
    return {ch: weight[ch] for ch in top}


@functools.lru_cache(maxsize=1)
def _by_reading() -> dict[str, tuple[str, ...]]:
    """The common characters by their most common reading (a writer types the reading of the
    word meant and picks a character the input method offers for it)."""
    from pypinyin import Style, lazy_pinyin

    chars = list(common_chars())
    index: dict[str, list[str]] = {}
    for ch, r in zip(chars, lazy_pinyin(chars, style=Style.NORMAL)):
        index.setdefault(r, []).append(ch)
    return {r: tuple(found) for r, found in index.items()}


@functools.lru_cache(maxsize=1)
def _shapes() -> dict[str, str]:
    out = {}
    for line in (WORDS / "shapes.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, alike = line.split("\t")
            out[ch] = alike
    return out


@functools.lru_cache(maxsize=8192)
def confusables(char: str) -> tuple[tuple[str, str], ...]:
    """The common characters a writer may have meant where `char` is written, each with how it
    is confused: "sound" (the same reading), "fuzzy" (a reading the input method confuses:
    zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing) or "shape" (a look-alike, 己/已)."""
    by_reading = _by_reading()
    out: dict[str, str] = {}
    mine = reading(char)
    for ch in by_reading.get(mine, ()):
        out.setdefault(ch, "sound")
    for f in fuzzy_readings(mine):
        for ch in by_reading.get(f, ()):
            out.setdefault(ch, "fuzzy")
    for ch in _shapes().get(char, ""):
        out.setdefault(ch, "shape")
    out.pop(char, None)
    return tuple(out.items())


# A missing character is looked for among the words at least this common.
COMPLETION_COUNT = 1000


@functools.lru_cache(maxsize=1)
def _two_char_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    first: dict[str, list[str]] = {}
    last: dict[str, list[str]] = {}
    for word, count in frequencies()[0].items():
        if len(word) == 2 and count >= COMPLETION_COUNT and word[0] != word[1] \
                and "\u4e00" <= word[0] <= "\u9fff" and "\u4e00" <= word[1] <= "\u9fff":
            first.setdefault(word[0], []).append(word)
            last.setdefault(word[1], []).append(word)
    return ({c: tuple(ws) for c, ws in first.items()}, {c: tuple(ws) for c, ws in last.items()})


def words_starting_with(char: str) -> tuple[str, ...]:
    """The common two-character words (count ≥ COMPLETION_COUNT) that start with `char`."""
    return _two_char_index()[0].get(char, ())


def words_ending_with(char: str) -> tuple[str, ...]:
    return _two_char_index()[1].get(char, ())


@functools.lru_cache(maxsize=4)
def pair_index(min_count: int) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """For the two-character words counted at least `min_count` times: the characters that
    follow each character in one, and those that precede it."""
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for word, count in frequencies()[0].items():
        if len(word) == 2 and count >= min_count:
            after.setdefault(word[0], set()).add(word[1])
            before.setdefault(word[1], set()).add(word[0])
    return ({c: frozenset(v) for c, v in after.items()},
            {c: frozenset(v) for c, v in before.items()})


@functools.lru_cache(maxsize=1)
def genre_contexts() -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Every two-character stretch of a genre word of three or more characters, under each of
    its two one-character masks: {"机?": (("机制", "工作机制", 2), …)}. A written word that
    differs from such a stretch by one character is looked up by its masks."""
    index: dict[str, list[tuple[str, str, int]]] = {}
    for word in genre_words():
        if len(word) < 3:
            continue
        for i in range(len(word) - 1):
            pair = word[i:i + 2]
            for mask in (pair[0] + "?", "?" + pair[1]):
                index.setdefault(mask, []).append((pair, word, i))
    return {mask: tuple(found) for mask, found in index.items()}


def warm() -> None:
    """Read everything the proofreader consults (the dictionary, the segmenter, readings and
    look-alikes): what a first check would otherwise wait for."""
    frequencies()
    _dictionary_cut()("预热")
    genre_bigrams()
    reversed_rarities()
    verb_compounds()
    _by_reading()
    _shapes()
    _two_char_index()
    genre_contexts()
