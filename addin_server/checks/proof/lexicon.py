"""What the proofreader knows of Chinese words: jieba's dictionary (words and their frequencies),
its segmentation, and pypinyin's readings.

Everything ships with the installed packages; nothing is downloaded. The dictionary (350,000
words, about 0.4 s to read) is loaded once, on first use.
"""
from __future__ import annotations

import functools
import math
import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


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
    try:
        import rjieba
    except ImportError:  # pragma: no cover - platforms without the rjieba wheel
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        return lambda text: jieba.lcut(text, HMM=False)
    return lambda text: rjieba.cut(text, False)


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
