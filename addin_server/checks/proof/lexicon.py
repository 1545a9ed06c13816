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

import array
import functools
import hashlib
import importlib.util
import marshal
import math
import mmap
import os
import struct
import sys
import threading
import time
from pathlib import Path

import marisa_trie

from ... import regexes
from ...resources import cached_files, fingerprint, package_folder
from ...datafiles import load_toml, shipped_files
from ... import segmentation

_SURROGATE = regexes.compile("[\ud800-\udfff]")
WORDS = Path(__file__).resolve().parent / "words"
# The count a genre word gets in the dictionary (贯彻 has 7,000, 部署 4,000): enough for the
# segmentation to prefer it, as a writer of the genre reads it, over its characters one by one.
GENRE_COUNT = 3000
_CJK_RUN = regexes.compile(r"[\u4e00-\u9fff]{2,}")
# A term the project's own texts set off: 「…」, “…”, 《…》 or a list item of a data file.
_QUOTED = regexes.compile(r"[「“‘《]([\u4e00-\u9fff]{2,8})[」”’》]")


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


def genre_words() -> frozenset[str]:
    """The genre's words and the project's own terms (`_read_genre_words`)."""
    return compiled()["genre_words"]


def _read_genre_words() -> frozenset[str]:
    """The genre file's words, collocations and compounds (each head with each tail) and the
    project's own terms: a list item of a data file that is one run of 2-8 Chinese characters
    (「三个敬畏」 among the 四个意识's items) or a term its texts quote."""
    data = load_toml(WORDS / "genre.toml")
    words = set(data.get("words", ())) | set(data.get("collocations", ()))
    for compound in data.get("compounds", ()):
        words.update(head + tail for head in compound["heads"] for tail in compound["tails"])
    for text, item in project_texts():
        if item and 2 <= len(text) <= 8 and _CJK_RUN.fullmatch(text):
            words.add(text)
        words.update(_QUOTED.findall(text))
    return frozenset(words)


def _read_genre_bigram_counts() -> dict[str, int]:
    """How often each pair of neighbouring Chinese characters occurs in the project's texts
    (the genre's character bigram model), each genre word counted once more."""
    counts: dict[str, int] = {}
    runs = list(_read_genre_words())
    for text, _ in project_texts():
        runs += _CJK_RUN.findall(text)
    for run in runs:
        for i in range(len(run) - 1):
            pair = run[i:i + 2]
            counts[pair] = counts.get(pair, 0) + 1
    return counts


@functools.lru_cache(maxsize=1)
def genre_word_pairs() -> frozenset[str]:
    """The pairs of neighbouring characters inside the genre's words (学纪, 审减, 担责): a
    character forming one with its neighbour is the genre's vocabulary, not a slip. (Pairs the
    project's running text writes across words, 能够|不断's 够不, are no such evidence.)"""
    return frozenset(w[i:i + 2] for w in genre_words() for i in range(len(w) - 1))


def genre_bigrams() -> dict[str, int]:
    """The pairs the genre writes, with how often (`_read_genre_bigram_counts`): a character
    that forms one with its neighbour is the genre's, not a slip."""
    return compiled()["genre_bigrams"]


def _read_dictionary() -> tuple[dict[str, int], float, frozenset[str]]:
    freq: dict[str, int] = {}
    verbs, verbal_nouns, phrases, set_phrases = set(), set(), set(), set()
    with open(segmentation.jieba_dictionary_path(), encoding="utf-8") as f:
        for line in f:
            word, count, *tag = line.split()
            freq[word] = int(count)
            if tag and tag[0] in ("v", "vn"):
                verbs.add(word)
                if tag[0] == "vn":
                    verbal_nouns.add(word)
            elif tag and tag[0] in PHRASE_TAGS and len(word) == 4:
                phrases.add(word)
                if tag[0] == "l":
                    set_phrases.add(word)
    # In order: what is built from the counts (the completions' word lists) is then the same in
    # every process, whatever the string hashing (the wheel ships one build for every run).
    for word in sorted(_read_genre_words()):
        if freq.get(word, 0) < GENRE_COUNT:
            freq[word] = GENRE_COUNT
    _VERBAL_NOUNS[:] = [verbal_nouns]
    _PHRASES[:] = [phrases, set_phrases]
    return freq, math.log(sum(freq.values())), frozenset(verbs)


_VERBAL_NOUNS: list[set[str]] = []   # read with the dictionary, kept by the compiled lexicon
_PHRASES: list[set[str]] = []

# jieba's tags of the fixed phrases: 成语 (i: 严阵以待, 弄虚作假) and 习用语 (l: 有法必依,
# 联席会议, 分工负责, 体制改革 — the set phrases official prose is made of).
PHRASE_TAGS = ("i", "l")


def _read_phrase_masks(phrases, genre) -> list[str]:
    """Keys "弄?作假\t虚" of the fixed four-character phrases — jieba's idioms and set phrases
    (PHRASE_TAGS) and the genre's four-character words (形式主义, 民主集中, 疫情防控) — each under
    its four one-character masks, for a trie a written four-character stretch looks up with its
    suspect character masked: which characters would complete a phrase there."""
    out = []
    for word in sorted(set(phrases) | {w for w in genre if len(w) == 4}):
        if all("\u4e00" <= c <= "\u9fff" for c in word):
            out += [f"{word[:i]}?{word[i + 1:]}\t{word[i]}" for i in range(4)]
    return out


def _read_phrase_homophones(phrases, genre, freq, homophones: list[str], reading_of) -> list[str]:
    """Keys "练习会议\t联席会议" of the set phrases (jieba's `l`, 联席会议, 体制改革, 人事档案) and
    the genre's four-character words, each with one half typed as a whole word of the same
    reading (练习 for 联席): two words side by side where one phrase was meant. Only where the
    stretch as written is no dictionary word of its own."""
    by_reading: dict[str, list[str]] = {}
    for key in homophones:
        reading_, word = key.split("\t")
        by_reading.setdefault(reading_, []).append(word)
    out = []
    for phrase in sorted(set(phrases) | {w for w in genre if len(w) == 4}):
        for at in (0, 2):
            half = phrase[at:at + 2]
            sounds = f"{reading_of.get(half[0])} {reading_of.get(half[1])}"
            for typed in by_reading.get(sounds, ()):
                written = phrase[:at] + typed + phrase[at + 2:]
                if typed != half and freq.get(written, 0) < 5:
                    out.append(f"{written}\t{phrase}")
    return out


def phrase_stretches():
    """The four-character stretches `phrase_homophone` answers for (练习会议), as a memory-
    mapped trie: `four in` it costs a lookup, and nothing is read or built at start (a Python set
    of them took 30 ms to make, which a one-shot check would wait for). Ask it of Chinese
    characters only (a lone surrogate cannot be encoded for the trie)."""
    return compiled()["phrase_stretches"]


def stretch_halves() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the second words of the stretches of `phrase_stretches` (练习 and 会议 of
    练习会议; 10,000 and 9,000 words): a pair of neighbouring words is asked of the trie only
    where its first word is among the first and its second among the second — one pair in five.
    Python sets made once from two strings kept in the compiled lexicon (about 1 ms)."""
    c = compiled()
    kept = c.get("stretch_half_sets")
    if kept is None:
        firsts, seconds = c["stretch_halves"]
        kept = c["stretch_half_sets"] = (
            frozenset(firsts[i:i + 2] for i in range(0, len(firsts), 2)),
            frozenset(seconds[i:i + 2] for i in range(0, len(seconds), 2)))
    return kept


def is_phrase_stretch(four: str) -> bool:
    """Whether `phrase_homophone` answers for the four characters (`phrase_stretches`)."""
    try:
        return four in phrase_stretches()
    except (UnicodeEncodeError, SystemError, ValueError):
        return False   # a lone surrogate a damaged document brings: no phrase holds one


def phrase_homophone(four: str) -> str | None:
    """The set phrase `four` (two words as written) stands for, one of its words typed as a
    word of the same reading (练习会议 → 联席会议), or None."""
    if not is_phrase_stretch(four):
        return None
    keys = compiled()["phrase_homophones"].keys(four + "\t")
    return keys[0][5:] if len(keys) == 1 else None   # two phrases: no telling which was meant


def phrase_fills(mask: str) -> str:
    """The characters that complete the four-character `mask` ("弄?作假") as a fixed phrase
    of `_read_phrase_masks` ("虚"), as a string; "" where none does. Most masks complete none:
    asked first of a trie of the masks alone (`in`, a third of the cost of listing a prefix's
    keys), both memory-mapped."""
    c = compiled()
    if mask not in c["phrase_mask_keys"]:
        return ""
    return "".join(k[-1] for k in c["phrase_masks"].keys(mask + "\t"))


def is_phrase(word: str) -> bool:
    """Whether `word` is one of the fixed four-character phrases of `_read_phrase_masks`."""
    return len(word) == 4 and word[3] in phrase_fills(word[:3] + "?")


def is_verbal_noun(word: str) -> bool:
    """Whether jieba's dictionary tags the word as a verb used as a noun (vn: 工作, 管理)."""
    return word in compiled()["verbal_nouns"]


# Lookups kept by Counts (each ~1 µs in the trie, ~0.05 µs kept): enough for the words of many
# materials, bounded whatever is uploaded (emptied when full).
COUNTS_KEPT = 200_000
_MISSING = object()


class Counts:
    """jieba's word counts (with the genre's words) read from a memory-mapped marisa trie of
    the compiled lexicon's words and an array of their counts by the trie's key id: nothing to
    parse at start (a dict of 350,000 words takes 0.2-0.5 s to load). A key trie answers a word's
    id, and the ids and counts of the words starting a text in one walk (`iter_prefixes_with_ids`),
    several times faster than a RecordTrie, whose `prefixes` has to look each word up again for
    its value. Answers `get`, `in`, `[]` and `items` as the dict it stands for; the answers looked
    up are kept in a bounded dict (the proofreader asks about the same words and prefixes again
    and again: every candidate's window is segmented), `forget()` empties it."""

    __slots__ = ("_trie", "_ids", "_counts", "_kept", "_kept_prefixes", "_kept_logs")

    def __init__(self, trie: marisa_trie.Trie, counts):
        self._trie = trie
        self._ids = trie.get
        self._counts = counts     # array("I") of each word's count, by its key id in the trie
        self._kept: dict[str, int | None] = {}
        self._kept_prefixes: dict[str, tuple[tuple[str, int], ...]] = {}
        self._kept_logs: dict[str, tuple[tuple[int, float], ...]] = {}

    @classmethod
    def of(cls, counts: dict[str, int]) -> "Counts":
        """Counts of a dict (built in memory: `_in_memory`, `save`)."""
        trie = marisa_trie.Trie(counts)
        values = array.array("I", bytes(4 * len(trie)))
        for word, n in counts.items():
            values[trie[word]] = n
        return cls(trie, values)

    def forget(self) -> None:
        self._kept.clear()
        self._kept_prefixes.clear()
        self._kept_logs.clear()

    def _lookup(self, word: str):
        # marisa-trie misreads a key holding NUL and cannot encode a lone surrogate: no
        # dictionary word holds either, whatever a damaged document brings.
        if "\x00" in word:
            return None
        try:
            found = self._ids(word)
        except (UnicodeEncodeError, SystemError, ValueError, struct.error):
            return None
        return None if found is None else self._counts[found]

    def _count(self, word: str):
        """The word's count, or None when the dictionary does not hold it."""
        kept = self._kept
        count = kept.get(word, _MISSING)
        if count is _MISSING:
            count = self._lookup(word)
            if len(kept) >= COUNTS_KEPT:
                kept.clear()
            kept[word] = count
        return count

    def get(self, word: str, default=None):
        # _count inline: the hottest call (a first check looks up ~1,300 new words a 3,000
        # characters, and asks about kept ones several times as often).
        kept = self._kept
        count = kept.get(word, _MISSING)
        if count is _MISSING:
            count = self._lookup(word)
            if len(kept) >= COUNTS_KEPT:
                kept.clear()
            kept[word] = count
        return default if count is None else count

    def __contains__(self, word: str) -> bool:
        return self._count(word) is not None

    def __getitem__(self, word: str) -> int:
        count = self._count(word)
        if count is None:
            raise KeyError(word)
        return count

    def items(self):
        counts = self._counts
        return ((word, counts[i]) for word, i in self._trie.iteritems())

    def prefix_log_counts(self, text: str) -> tuple[tuple[int, float], ...]:
        """(length, log of the count) of the words that start `text` (for the unigram model)."""
        kept = self._kept_logs.get(text)
        if kept is None:
            log, counts = math.log, self._counts
            try:   # _prefix_ids inline (~700 new texts a first check of 3,000 characters)
                found = list(self._trie.iter_prefixes_with_ids(
                    text[:text.index("\x00")] if "\x00" in text else text))
            except (UnicodeEncodeError, SystemError, ValueError, struct.error):
                found = ()   # a lone surrogate: no word of the dictionary starts there
            kept = tuple([(len(word), log(counts[i])) for word, i in found])
            if len(self._kept_logs) >= COUNTS_KEPT:
                self._kept_logs.clear()
            self._kept_logs[text] = kept
        return kept

    def prefix_counts(self, text: str) -> tuple[tuple[str, int], ...]:
        """The words that start `text`, with their counts."""
        kept = self._kept_prefixes.get(text)
        if kept is not None:
            return kept
        counts = self._counts
        found = tuple([(word, counts[i]) for word, i in self._prefix_ids(text)])
        if len(self._kept_prefixes) >= COUNTS_KEPT:
            self._kept_prefixes.clear()
        self._kept_prefixes[text] = found
        return found

    def words_starting(self, text: str) -> tuple[tuple[str, int], ...]:
        """The words that start `text`, with their counts, as `get` answers each of its
        beginnings: a lone surrogate ends the text as a NUL does (`prefix_counts` finds none
        in a text holding one anywhere, as the segmentation score has always read it)."""
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            text = text[:exc.start]
        return self.prefix_counts(text)

    def _prefix_ids(self, text: str):
        """(word, key id) of the words that start `text`, shortest first."""
        cut = text[:text.index("\x00")] if "\x00" in text else text
        try:
            return list(self._trie.iter_prefixes_with_ids(cut))
        except (UnicodeEncodeError, SystemError, ValueError, struct.error):
            return ()   # a lone surrogate: no word of the dictionary starts there


def _dictionary() -> tuple[dict[str, int], float, frozenset[str]]:
    c = compiled()
    return c["freq"], c["log_total"], c["verbs"]


def forget_counts() -> None:
    """Empty the kept lookups of the word and prose counts (for a benchmark of a first check)."""
    if _compiled:
        for name in ("freq", "news"):
            if isinstance(_compiled[0][name], Counts):
                _compiled[0][name].forget()
    # The few characters around a change, asked again for every candidate of one place.
    prose_log_probability.cache_clear()


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
    stretch shows up as single characters instead of being glued into an invented word; then
    neighbouring words that together make one of the genre's words are joined (学|纪 → 学纪,
    组织生活|会 → 组织生活会). Joined afterwards rather than added to the segmenter: a second
    segmenter with its own dictionary costs a cold start more than half a second."""
    return lambda text: _join_genre_words(segmentation.cut(text, hmm=False))


@functools.lru_cache(maxsize=1)
def _genre_prefixes() -> frozenset[str]:
    return frozenset(w[:i] for w in genre_words() for i in range(1, len(w)))


def _join_genre_words(words: list[str]) -> list[str]:
    genre = genre_words()
    prefixes = _genre_prefixes()
    out = []
    i, n = 0, len(words)
    while i < n:
        joined, best = words[i], None
        j = i + 1
        # Only while what is joined so far begins a genre word (most words begin none).
        while j < n and joined in prefixes:
            joined += words[j]
            if joined in genre:
                best = j
            j += 1
        if best is None:
            out.append(words[i])
            i += 1
        else:
            out.append("".join(words[i:best + 1]))
            i = best + 1
    return out


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


def reversed_rarities() -> frozenset[str]:
    """Two-character words the dictionary counts at most 3 times whose reverse it counts at
    least 1,000 times (实落 / 落实): likely written back to front."""
    return compiled()["reversed"]


def _read_reversed_rarities(freq) -> frozenset[str]:
    return frozenset(w for w, n in freq.items()
                     if len(w) == 2 and n <= 3 and w[0] != w[1] and freq.get(w[::-1], 0) >= 1000)


def verb_compounds() -> frozenset[str]:
    """Rare three-character words (count ≤ 20) made of a common verb and one character
    (学习机 = 学习 + 机): where a clause ends in one, a character may have been dropped."""
    return compiled()["verb_compounds"]


def _read_verb_compounds(freq, verbs) -> frozenset[str]:
    return frozenset(w for w, n in freq.items()
                     if len(w) == 3 and n <= 20 and freq.get(w[:2], 0) >= 1000 and w[:2] in verbs)


@functools.lru_cache(maxsize=20000)
def reading(char: str) -> str:
    """The toneless pinyin of a character (its most common reading): from the compiled lexicon
    for the common characters and every other ideograph of the basic blocks, from pypinyin
    (imported only then: ~0.2 s) for the rest."""
    known = compiled()["reading_of"].get(char)
    if known is not None:
        return known
    code = ord(char) if len(char) == 1 else -1
    for i, (first, last, _) in enumerate(compiled()["block_readings"]):
        if first <= code <= last:
            return _block_readings(i)[code - first]
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0]


def best_segmentation_score(text: str, unknown_penalty: float = 6.0) -> tuple[float, int]:
    """Log-probability of the best dictionary segmentation of a short string (jieba's own
    unigram model) and how many single characters it leaves."""
    freq, log_total = frequencies()
    n = len(text)
    unknown = -log_total - unknown_penalty
    inf = -math.inf
    # best[j] is (score, singles) of the best segmentation of text[:j], as two lists.
    scores = [0.0] + [inf] * n
    singles = [0] * (n + 1)
    log_counts = freq.prefix_log_counts
    kept = freq._kept_logs.get   # prefix_log_counts' first step, inline: most are kept
    for i in range(n):
        score = scores[i]
        if score == inf:
            continue
        here = singles[i]
        single = False
        # The dictionary words starting here, found in one trie walk (not one lookup a length).
        key = text[i:i + 8]
        words = kept(key)
        for length, log_count in log_counts(key) if words is None else words:
            j = i + length
            # The same sum in the same order as jieba's model: the same floats to the last bit.
            cand = score + log_count - log_total
            if length == 1:
                single = True
            if cand > scores[j]:
                scores[j], singles[j] = cand, here + (length == 1)
        if not single and score + unknown > scores[i + 1]:
            scores[i + 1], singles[i + 1] = score + unknown, here + 1
    return scores[n], singles[n]


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


def common_chars() -> dict[str, int]:
    """The COMMON_CHARS characters that weigh most in the dictionary (a character's weight: the
    summed count of the words it is in), with their weights."""
    return compiled()["common"]


def _read_common_chars(freq) -> dict[str, int]:
    weight: dict[str, int] = {}
    for word, count in freq.items():
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                weight[ch] = weight.get(ch, 0) + count
    top = sorted(weight, key=weight.__getitem__, reverse=True)[:COMMON_CHARS]
    return {ch: weight[ch] for ch in top}


def _by_reading() -> dict[str, tuple[str, ...]]:
    """The common characters by their most common reading (a writer types the reading of the
    word meant and picks a character the input method offers for it)."""
    return compiled()["by_reading"]


# Ideographs whose readings the compiled lexicon keeps, so that a name or an old text's rare
# character is read without pypinyin's dictionaries (0.2 s to load): CJK Unified Ideographs, its
# Extension A and the compatibility ideographs.
IDEOGRAPH_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _read_block_readings() -> list[tuple[int, int, str]]:
    """Each block's readings as pypinyin gives them one character at a time, one a line (a
    character it cannot read stands for itself, as lazy_pinyin returns it)."""
    from pypinyin import Style, lazy_pinyin  # only when the compiled lexicon is built

    out = []
    for first, last in IDEOGRAPH_BLOCKS:
        chars = [chr(c) for c in range(first, last + 1)]
        readings = lazy_pinyin(chars, style=Style.NORMAL)
        if len(readings) == len(chars) and not any("\n" in r for r in readings):
            out.append((first, last, "\n".join(readings)))
    return out


@functools.lru_cache(maxsize=len(IDEOGRAPH_BLOCKS))
def _block_readings(index: int) -> list[str]:
    return compiled()["block_readings"][index][2].split("\n")


def _read_by_reading(common) -> dict[str, tuple[str, ...]]:
    from pypinyin import Style, lazy_pinyin  # only when the compiled lexicon is built

    chars = list(common)
    index: dict[str, list[str]] = {}
    for ch, r in zip(chars, lazy_pinyin(chars, style=Style.NORMAL)):
        index.setdefault(r, []).append(ch)
    return {r: tuple(found) for r, found in index.items()}


def _read_other_readings(common, reading_of) -> dict[str, tuple[str, ...]]:
    """The readings of each common character besides its most common one (pypinyin's
    heteronyms, toneless)."""
    from pypinyin import Style, pinyin  # only when the compiled lexicon is built

    out = {}
    for ch in common:
        rs = tuple(dict.fromkeys(r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
                                 if r != reading_of.get(ch)))
        if rs:
            out[ch] = rs
    return out


def _shapes() -> dict[str, str]:
    return compiled()["shapes"]


def _read_shapes() -> dict[str, str]:
    """The look-alike table, made symmetric: 纪 lists 纯 among its closest, so 纯 lists 纪."""
    out: dict[str, str] = {}
    for line in (WORDS / "shapes.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, alike = line.split("\t")
            out[ch] = out.get(ch, "") + "".join(a for a in alike if a not in out.get(ch, ""))
            for a in alike:
                if ch not in out.get(a, ""):
                    out[a] = out.get(a, "") + ch
    return out


def _read_confusions() -> dict[str, dict[str, int]]:
    """words/confusions.tsv: {written: {meant: how often}} (scripts/build_confusions.py)."""
    out: dict[str, dict[str, int]] = {}
    for line in (WORDS / "confusions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            written, meant, n = line.split("\t")
            out.setdefault(written, {})[meant] = int(n)
    return out


def learned(char: str) -> dict[str, int]:
    """The characters real official documents were found to write `char` for, with how often
    (the confusion set learned from a training split of real slips, words/confusions.tsv)."""
    return compiled()["confusions"].get(char, _NONE)


_NONE: dict[str, int] = {}


# The word meant must be this many times commoner than the word written (重大 than 肿大): one
# about as common (检测 for 监测) is as likely right.
LEARNED_WORD_RATIO = 3


def learned_words():
    """The two- and three-character dictionary words one character of which, changed for one
    real documents were found to write it for (words/confusions.tsv), writes a word
    LEARNED_WORD_RATIO times commoner, counted at least PAIRS_MIN_COUNT times (肿大 → 重大,
    懂事 → 董事): a set made with the compiled lexicon, so a material's words cost a lookup
    each."""
    return compiled()["learned_words"]


def _read_learned_words(freq, confusions) -> list[str]:
    out = []
    for word, count in freq.items():
        if 2 <= len(word) <= 3:
            for i, ch in enumerate(word):
                if any(freq.get(word[:i] + m + word[i + 1:], 0)
                       > max(PAIRS_MIN_COUNT, LEARNED_WORD_RATIO * count)
                       for m in confusions.get(ch, ())):
                    out.append(word)
                    break
    return out


def paired_words():
    """The two-character dictionary words (counted PAIRS_MIN_COUNT times) one character of
    which, changed for one real documents were found to write it for (words/confusions.tsv),
    writes another such word (检查 and 检察, 心里 and 心理, 传到 and 传导): both are right
    somewhere, and only the words around them say which is meant here. A Python set made once
    from the compiled lexicon's trie (about 1,300 words, 0.5 ms): asked about every two-character
    word of a material, where a trie lookup costs ten times a set's."""
    c = compiled()
    kept = c.get("paired_word_set")
    if kept is None:
        kept = c["paired_word_set"] = frozenset(c["paired_words"])
    return kept


def _read_paired_words(freq, confusions) -> list[str]:
    out = []
    for word, count in freq.items():
        if len(word) == 2 and count >= PAIRS_MIN_COUNT:
            if any(freq.get(word[:i] + m + word[i + 1:], 0) >= PAIRS_MIN_COUNT
                   for i, ch in enumerate(word) for m in confusions.get(ch, ())):
                out.append(word)
    return out


@functools.lru_cache(maxsize=8192)
def confusion_map(char: str) -> dict[str, str]:
    """{character meant: how it is confused ("sound", "fuzzy", "shape")} for a written one."""
    return dict(confusables(char))


def confusion(written: str, meant: str) -> str | None:
    """How `meant` may have been confused for `written`, or None."""
    return confusion_map(written).get(meant)


@functools.lru_cache(maxsize=8192)
def confusables(char: str) -> tuple[tuple[str, str], ...]:
    """The common characters a writer may have meant where `char` is written, each with how it
    is confused: "sound" (the same reading), "fuzzy" (a reading the input method confuses:
    zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing), "shape" (a look-alike, 己/已) or "learned"
    (neither, but written for it in real documents: words/confusions.tsv)."""
    by_reading = _by_reading()
    out: dict[str, str] = {}
    mine = reading(char)
    # Every reading either character has (重 zhong/chong, 呆 dai/ai): the input method offers a
    # character under each of its readings.
    others = compiled()["other_readings"]
    by_other = compiled()["by_other_reading"]
    for r in (mine, *others.get(char, ())):
        for ch in (*by_reading.get(r, ()), *by_other.get(r, ())):
            out.setdefault(ch, "sound")
    for f in fuzzy_readings(mine):
        for ch in by_reading.get(f, ()):
            out.setdefault(ch, "fuzzy")
    for ch in _shapes().get(char, ""):
        out.setdefault(ch, "shape")
    for ch in learned(char):
        if ch in common_chars():   # a rare one is meant where it is written
            out.setdefault(ch, "learned")
    out.pop(char, None)
    return tuple(out.items())


# A missing character is looked for among the words at least this common.
COMPLETION_COUNT = 1000


def _two_char_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    return compiled()["completions"]


def _read_two_char_index(freq) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    first: dict[str, list[str]] = {}
    last: dict[str, list[str]] = {}
    for word, count in freq.items():
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


def pair_index(min_count: int) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """For the two-character words counted at least `min_count` times: the characters that
    follow each character in one, and those that precede it."""
    c = compiled()
    if c["pairs_min_count"] == min_count:
        return c["pairs"]
    return _other_pair_index(min_count)


@functools.lru_cache(maxsize=4)
def _other_pair_index(min_count: int):
    return _read_pair_index(frequencies()[0], min_count)


@functools.lru_cache(maxsize=8192)
def char_set(chars: str) -> frozenset[str]:
    """The characters of one of the indexes' strings (`pair_index`'s, kept as strings for a
    quick start) as a set, made once a string."""
    return frozenset(chars)


def triple_index(min_count: int) -> dict[str, frozenset[str]]:
    """For the three-character words counted at least `min_count` times, keyed by the word with
    one character masked ("按?定"… "?规定", "按规?"), the characters that fill the mask."""
    c = compiled()
    if c["pairs_min_count"] == min_count:
        return c["triples"]
    return _read_triple_index(frequencies()[0], min_count)


def _read_triple_index(freq, min_count: int) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for word, count in freq.items():
        if len(word) == 3 and count >= min_count:
            for i in range(3):
                index.setdefault(word[:i] + "?" + word[i + 1:], set()).add(word[i])
    # Strings rather than sets: `ch in s` answers as fast, and a string is read back from the
    # compiled lexicon at once where a set has every character made and hashed (a cold start).
    return {k: "".join(sorted(v)) for k, v in index.items()}


def _read_pair_index(freq, min_count: int):
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for word, count in freq.items():
        if len(word) == 2 and count >= min_count:
            after.setdefault(word[0], set()).add(word[1])
            before.setdefault(word[1], set()).add(word[0])
    return ({c: "".join(sorted(v)) for c, v in after.items()},
            {c: "".join(sorted(v)) for c, v in before.items()})


def genre_contexts() -> dict[str, tuple[tuple[str, str, int], ...]]:
    return compiled()["contexts"]


@functools.lru_cache(maxsize=1)
def genre_context_chars() -> dict[str, frozenset[str]]:
    """For each mask of `genre_contexts`, the characters its stretches have in the masked place."""
    return {mask: frozenset(pair[mask.index("?")] for pair, _, _ in found)
            for mask, found in genre_contexts().items()}


def _read_genre_contexts(genre) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Every two-character stretch of a genre word of three or more characters, under each of
    its two one-character masks: {"机?": (("机制", "工作机制", 2), …)}. A written word that
    differs from such a stretch by one character is looked up by its masks."""
    index: dict[str, list[tuple[str, str, int]]] = {}
    for word in sorted(genre):
        if len(word) < 3:
            continue
        for i in range(len(word) - 1):
            pair = word[i:i + 2]
            for mask in (pair[0] + "?", "?" + pair[1]):
                index.setdefault(mask, []).append((pair, word, i))
    return {mask: tuple(found) for mask, found in index.items()}


# A whole word typed by its reading and the input method's first offer taken (强化 typed
# qiang hua, 墙画 picked): the common two-character words are indexed by their two readings.
HOMOPHONE_WORD_COUNT = 50


def _read_homophone_words(freq, reading_of) -> list[str]:
    """Keys "qiang hua\t强化" of the two-character words counted HOMOPHONE_WORD_COUNT times or
    more whose characters are both common, for a trie the readings look up by prefix."""
    out = []
    for word, count in freq.items():
        if len(word) == 2 and count >= HOMOPHONE_WORD_COUNT:
            a, b = reading_of.get(word[0]), reading_of.get(word[1])
            if a and b:
                out.append(f"{a} {b}\t{word}")
    return out


# A real word the input method may have offered for another of the same reading (桂花 for
# 规划): counted at most REAL_WORD_MAX_FREQ times in the dictionary and REAL_WORD_MAX_PROSE
# times in official prose, where one of its HOMOPHONES_TRIED commonest homophones is commoner in
# the dictionary and REAL_WORD_PROSE_RATIO times commoner in official prose.
REAL_WORD_MAX_FREQ = 1000
REAL_WORD_MAX_PROSE = 20
REAL_WORD_PROSE_RATIO = 10
HOMOPHONES_TRIED = 4


def real_word_suspects() -> frozenset[str]:
    """The two-character words a homophone far commoner in official prose may have been meant
    for (桂花, 暴涨, 计数): a set made with the compiled lexicon, so a material's words cost a
    lookup each — a Python set, made once from its trie: three thousand words, asked about for
    every two-character word of a material, where a trie lookup costs twenty times a set's."""
    c = compiled()
    kept = c.get("real_word_suspect_set")
    if kept is None:
        kept = c["real_word_suspect_set"] = frozenset(c["real_word_suspects"])
    return kept


def real_word_readings(word: str) -> tuple[str, ...]:
    """The homophones `word` may stand for (it is in real_word_suspects): commoner in the
    dictionary, REAL_WORD_PROSE_RATIO times commoner in official prose (kept with the compiled
    lexicon as "word\treading" keys: a prefix lookup, nothing computed a material)."""
    prefix = word + "\t"
    return tuple(key[len(prefix):] for key in compiled()["real_word_readings"].keys(prefix))


def _read_real_word_readings(freq, homophones: list[str], news: dict[str, int]) -> list[str]:
    """Keys "桂花\t规划" of the real-word suspects and the homophones each may stand for."""
    by_reading: dict[str, list[str]] = {}
    for key in homophones:
        reading, word = key.split("\t")
        by_reading.setdefault(reading, []).append(word)
    out = []
    for words in by_reading.values():
        if len(words) < 2:
            continue
        words.sort(key=lambda w: (-freq[w], w))
        for word in words:
            count, prose = freq[word], news.get(word, 0)
            if count > REAL_WORD_MAX_FREQ or prose > REAL_WORD_MAX_PROSE:
                continue
            tried = [c for c in words if c != word][:HOMOPHONES_TRIED]
            out += [f"{word}\t{c}" for c in tried
                    if freq[c] > count and news.get(c, 0) + 1 >= (prose + 1) * REAL_WORD_PROSE_RATIO]
    return out


@functools.lru_cache(maxsize=8192)
def homophone_words(pair: str) -> tuple[str, ...]:
    """The common two-character words read as `pair` is read (itself excluded), commonest
    first."""
    return tuple(sorted(_homophone_words(pair), key=frequencies()[0].get, reverse=True))


def _homophone_words(pair: str) -> list[str]:
    readings = compiled()["reading_of"]
    a, b = readings.get(pair[0]), readings.get(pair[1])
    if not a or not b:
        return []
    prefix = f"{a} {b}\t"
    return [k[len(prefix):] for k in compiled()["homophones"].keys(prefix)
            if k[len(prefix):] != pair]


# ---------------------------------------------------------------- the language model of prose

def _read_news_counts() -> tuple[list[tuple[str, int]], int]:
    """words/news-bigrams.tsv: character and character-pair counts of official prose."""
    rows, total = [], 0
    for line in (WORDS / "news-bigrams.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# total\t"):
            total = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            key, n = line.split("\t")
            rows.append((key, int(n)))
    return rows, total


# The prior weight of a character's own frequency in the estimate of what follows another
# (a Dirichlet prior): a pair never seen after a common character is improbable, after a rare
# one (seen a few times in all) merely unknown.
NEWS_PRIOR = 200.0


@functools.lru_cache(maxsize=65536)
def prose_log_probability(text: str) -> float:
    """The log-probability of the character transitions of `text` by the character-bigram model
    of official prose (words/news-bigrams.tsv), interpolated with character frequencies;
    transitions to or from a character that is not Chinese are not counted. Kept: the few
    characters around a place are asked again for each of its candidates (`forget_counts`)."""
    c = compiled()
    counts, total = c["news"], c["news_total"]
    get = counts.get
    out = 0.0
    for a, b in zip(text, text[1:]):
        if not ("\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff"):
            continue
        p_b = (get(b, 0) + 0.5) / (total + 5000)
        out += math.log((get(a + b, 0) + NEWS_PRIOR * p_b) / (get(a, 0) + NEWS_PRIOR))
    return out


def prose_association(before: str, char: str) -> float:
    """How much likelier official prose writes `char` after `before` than anywhere (the log of
    P(char | before) / P(char), by the character-bigram model of words/news-bigrams.tsv): what
    the neighbour says about the character, without how common the character is."""
    c = compiled()
    get, total = c["news"].get, c["news_total"]
    return prose_log_probability(before + char) - math.log((get(char, 0) + 0.5) / (total + 5000))


def prose_attested(word: str, min_count: int) -> bool:
    """Whether every pair of neighbouring characters of `word` is written at least `min_count`
    times in the official prose of words/news-bigrams.tsv."""
    get = compiled()["news"].get
    return all(get(word[i:i + 2], 0) >= min_count for i in range(len(word) - 1))


def warm() -> None:
    """Read everything the proofreader consults (the compiled lexicon and the segmenter): what
    a first check would otherwise wait for."""
    compiled()
    # A server segments far more than a one-shot command: the whole dictionary, loaded now.
    segmentation.load_whole_dictionary()
    _dictionary_cut()("预热")


# ---------------------------------------------------------------- the compiled lexicon

# Raise when what `_build` makes changes shape: a cache of the old shape is then rebuilt.
COMPILED_VERSION = 12
PAIRS_MIN_COUNT = 50  # the spelling rule's min_word_count as shipped


def _build() -> dict:
    """Everything the proofreader derives from jieba's dictionary, pypinyin, the look-alike
    table and the genre's texts (about 3 s of work), as plain values marshal can store (and the
    word counts, which `_load_or_build` stores as a trie)."""
    freq, log_total, verbs = _read_dictionary()
    genre = _read_genre_words()
    common = _read_common_chars(freq)
    by_reading = _read_by_reading(common)
    reading_of = {ch: r for r, chars in by_reading.items() for ch in chars}
    other_readings = _read_other_readings(common, reading_of)
    by_other: dict[str, list[str]] = {}
    for ch, rs in other_readings.items():
        for r in rs:
            by_other.setdefault(r, []).append(ch)
    news = _read_news_counts()
    confusions = _read_confusions()
    homophones = _read_homophone_words(freq, reading_of)
    phrase_masks = _read_phrase_masks(_PHRASES[0], genre)
    phrase_homophones_ = _read_phrase_homophones(_PHRASES[1], genre, freq, homophones, reading_of)
    real_word_readings_ = _read_real_word_readings(freq, homophones, dict(news[0]))
    return {
        "version": COMPILED_VERSION, "freq": freq, "log_total": log_total, "verbs": verbs,
        "genre_words": genre, "genre_longest": max(map(len, genre)),
        "genre_bigrams": _read_genre_bigram_counts(), "common": common,
        "by_reading": by_reading, "shapes": _read_shapes(),
        "reading_of": reading_of, "block_readings": _read_block_readings(),
        "homophones": homophones,
        "real_word_readings": real_word_readings_,
        "real_word_suspects": sorted({key.split("\t")[0] for key in real_word_readings_}),
        "news": dict(news[0]), "news_total": news[1], "other_readings": other_readings,
        "by_other_reading": {r: tuple(chars) for r, chars in by_other.items()},
        "reversed": _read_reversed_rarities(freq), "verb_compounds": _read_verb_compounds(freq, verbs),
        "completions": _read_two_char_index(freq), "pairs_min_count": PAIRS_MIN_COUNT,
        "pairs": _read_pair_index(freq, PAIRS_MIN_COUNT), "contexts": _read_genre_contexts(genre),
        "triples": _read_triple_index(freq, PAIRS_MIN_COUNT),
        "verbal_nouns": sorted(_VERBAL_NOUNS[0]), "confusions": confusions, "learned_words": _read_learned_words(freq, confusions),
        "phrase_masks": phrase_masks,
        "phrase_mask_keys": sorted({key.split("\t")[0] for key in phrase_masks}),
        "paired_words": _read_paired_words(freq, confusions),
        "phrase_homophones": phrase_homophones_,
        "phrase_stretches": sorted({key[:4] for key in phrase_homophones_}),
        "stretch_halves": ("".join(sorted({key[:2] for key in phrase_homophones_})),
                           "".join(sorted({key[2:4] for key in phrase_homophones_}))),
    }


def _sources() -> list[tuple[str, Path, bool]]:
    """The files the compiled lexicon is made from (for `resources.fingerprint`): this code, the
    genre's word files, the shipped data files, jieba's dictionary and pypinyin's files (by
    version and size). A change to any of them makes another lexicon."""
    out = [("lexicon.py", Path(__file__), True)]
    out += [(f"words/{p.name}", p, True) for p in sorted(WORDS.iterdir())
            if p.suffix in (".toml", ".tsv")]
    for name in ("addin_server.frameworks", "addin_server.remedies", "addin_server.checks.proof"):
        out += [(f"{name}/{p.name}", p, True) for p in shipped_files(name)]
    jieba = package_folder("jieba")
    out += [("jieba/__init__.py", jieba / "__init__.py", True),
            ("jieba/dict.txt", Path(segmentation.jieba_dictionary_path()), False)]
    pypinyin = package_folder("pypinyin")
    out += [(f"pypinyin/{p.name}", p, p.name == "__init__.py") for p in sorted(pypinyin.iterdir())
            if p.suffix in (".py", ".json")]
    return out


def file_name() -> str:
    """The compiled lexicon's main file name, made from what it is made from (`_sources`) and
    COMPILED_VERSION: the same wherever the package is installed, so the one made when the
    wheel was built (shipped in the package) is found by it."""
    key = hashlib.sha1(repr((COMPILED_VERSION, fingerprint(_sources()))).encode()).hexdigest()[:16]
    return f"proof-lexicon-{key}.marshal"


def cache_path() -> Path:
    """Where a first run keeps the compiled lexicon it builds: the user's cache folder."""
    return cached_files(file_name())[-1]


# Large sets of words kept as memory-mapped marisa tries beside the compiled lexicon (nothing to
# read at start); `word in trie` answers as a set does.
_TRIE_SETS = ("homophones", "verbs", "learned_words", "verbal_nouns", "real_word_suspects",
              "real_word_readings", "phrase_masks", "phrase_mask_keys", "paired_words",
              "phrase_homophones", "phrase_stretches")

_compiled: list[dict] = []
_compiling = threading.Lock()


def compiled() -> dict:
    """The compiled lexicon: read from the package (made when its wheel was built) or the
    user's cache (~0.2 s), or built (~3 s) and kept in the cache for the next run. A cache that cannot be read or written is only a slower start. A check that
    arrives while the server's start-up thread is reading it waits for that read."""
    if _compiled:
        return _compiled[0]
    with _compiling:
        if not _compiled:
            _compiled.append(_load_or_build())
    return _compiled[0]


def _load_or_build() -> dict:
    try:
        places = cached_files(file_name())
    except OSError:
        return _in_memory(_build())
    for path in places:   # shipped with the package, then the user's cache folder
        try:
            return _read(path)
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass
    data = _build()
    path = places[-1]
    if not save(data, path):
        return _in_memory(data)  # an unwritable cache folder: this run keeps what it built
    for stale in path.parent.glob("proof-lexicon-*"):
        if stale.stem != path.stem and not stale.name.endswith(".part"):
            try:
                # Made from sources that have changed since — unless another install of the
                # server (an upgrade, a second checkout) wrote it lately and may still read it.
                if time.time() - stale.stat().st_mtime > STALE_AFTER_SECONDS:
                    stale.unlink()
            except OSError:
                pass  # in use by another process (Windows): removed by a later start
    try:
        return _read(path)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return _in_memory(data)  # removed meanwhile by another process: keep what was built


def _read(path: Path) -> dict:
    """The compiled lexicon kept at `path` and beside it; raises if it is not there whole."""
    with open(path, "rb") as f:
        data = marshal.loads(f.read())  # far faster than marshal.load(f)
    if data.get("version") != COMPILED_VERSION:
        raise ValueError(f"{path}: version {data.get('version')}")
    data["freq"] = _mapped_counts(path.with_suffix(".marisa"), path.with_suffix(".counts"))
    for name in _TRIE_SETS:
        data[name] = _mapped_trie(path.with_suffix("." + name))
    data["news"] = _mapped_counts(path.with_suffix(".news"), path.with_suffix(".news-counts"))
    return data


def save(data: dict, path: Path) -> bool:
    """Keep what `_build` made at `path` (the marshal file) and beside it (the tries); False if
    the folder cannot be written. The main file is written last, so a reader that finds it
    finds the rest."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Each file written whole under a temporary name, then renamed: a concurrent reader
        # sees the old file or the new one, never half of one.
        part = path.with_suffix(f".{os.getpid()}.part")
        _save_counts(data["freq"], part, path.with_suffix(".marisa"), path.with_suffix(".counts"))
        for name in _TRIE_SETS:
            marisa_trie.Trie(data[name]).save(str(part))
            os.replace(part, path.with_suffix("." + name))
        _save_counts(data["news"], part, path.with_suffix(".news"), path.with_suffix(".news-counts"))
        with open(part, "wb") as f:
            # marshal's version 4 (Python 3.4 on) reads on any later Python: the wheel's file
            # may be made by another Python than the one that runs it.
            marshal.dump({k: v for k, v in data.items()
                          if k not in ("freq", "news", *_TRIE_SETS)}, f, 4)
        os.replace(part, path)
    except OSError:
        return False
    return True


def build_into(folder: Path) -> Path:
    """Build the compiled lexicon and keep it in `folder` under the name a run looks for (the
    wheel's build: prebuild.py); returns its main file."""
    path = Path(folder) / file_name()
    if not save(_build(), path):
        raise OSError(f"cannot write the proofreading lexicon into {folder}")
    return path


# A compiled lexicon of other sources is removed once nobody has written it for this long.
STALE_AFTER_SECONDS = 7 * 24 * 3600


def _in_memory(data: dict) -> dict:
    data["freq"] = Counts.of(data["freq"])
    for name in _TRIE_SETS:
        if not isinstance(data[name], marisa_trie.Trie):
            data[name] = marisa_trie.Trie(data[name])
    if isinstance(data["news"], dict):
        data["news"] = Counts.of(data["news"])
    return data


def _mapped_trie(path: Path):
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


def _save_counts(counts: dict[str, int], part: Path, trie_path: Path, counts_path: Path) -> None:
    """The words as a key trie at `trie_path` and their counts by key id at `counts_path`
    (unsigned 32-bit, little-endian, whatever the building machine)."""
    built = Counts.of(counts)
    built._trie.save(str(part))
    os.replace(part, trie_path)
    values = array.array("I", built._counts)
    if sys.byteorder == "big":
        values.byteswap()
    part.write_bytes(values.tobytes())
    os.replace(part, counts_path)


def _mapped_counts(trie_path: Path, counts_path: Path) -> Counts:
    """The counts memory-mapped like the trie (the pages shared by a server's workers, nothing
    read at start); on a big-endian machine read and swapped."""
    trie = _mapped_trie(trie_path)
    if sys.byteorder == "little":
        with open(counts_path, "rb") as f:
            counts = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)).cast("I")
    else:
        counts = array.array("I")
        counts.frombytes(counts_path.read_bytes())
        counts.byteswap()
    if len(counts) != len(trie):
        raise ValueError(f"{counts_path}: {len(counts)} counts for {len(trie)} words")
    return Counts(trie, counts)
