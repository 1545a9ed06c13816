"""Recognising how writers number headings and items: 一、 （一） 1. （1） ① 一是 第一 首先.

Text is folded first (full-width ASCII → half-width, spaces and line breaks removed) so one set
of patterns serves full-width and half-width brackets alike. Patterns are compiled once here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import regexes
from ..lru import LruCache
from ..text import to_simplified

CN_DIGITS = "零一二三四五六七八九十"
_CN = "[一二三四五六七八九十]{1,3}"

# Full-width ASCII (！ to ～) → ASCII, ideographic space dropped with the other spaces below.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: None, 0x20: None, 0x09: None, 0x0A: None, 0x0B: None, 0x0D: None, 0xA0: None,
              0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None})

# Kinds of numbering, from the outermost level inwards.
L1, L2, L3, L4, CIRCLED, ITEM = "一、", "（一）", "1.", "（1）", "①", "一是"
HEADING_KINDS = (L1, L2, L3, L4)

# After a number and a dot, what makes the dot a label's and not a decimal point: no digit, or
# a date the sentence opens with (「3.6月底前完成……」「2.2026年起……」: no quantity is 3.6 months,
# that is 「3.6个月」). Shared with the renumbering of typed labels (render/plan.py).
LABEL_DOT_END = r"(?!\d)|(?=(?:\d{4}年|(?:1[0-2]|0?[1-9])月(?!份?\d)))"
_PREFIX = regexes.compile(
    rf"(?P<l1>^(?:第(?P<l1p>{_CN})部分|(?P<l1n>{_CN})(?:、|\.(?:{LABEL_DOT_END}))))"
    rf"|(?P<l2>^\((?P<l2n>{_CN})\))"
    rf"|(?P<l3>^(?P<l3n>\d{{1,2}})(?:[、]|\.(?:{LABEL_DOT_END})))"
    r"|(?P<l4>^\((?P<l4n>\d{1,2})\))"
    r"|(?P<circ>^(?P<circn>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# 一是 / 第一， / 首先 … at the start of a sentence anywhere in a paragraph, or after a 【……】 label.
_ITEM = regexes.compile(
    rf"(?:^|(?<=[。;!?；！？,:，：】]))(?:(?P<shi>{_CN})是|第(?P<di>{_CN})[,、:，：]|其(?P<qi>{_CN})[,、:，：]"
    r"|(?P<seq>首先|其次|再次|最后)[,、:，：])"
)
_BREAK_BEFORE_ITEM = regexes.compile(
    rf"[\r\n\v]+(?=[ \t\u3000]*(?:{_CN}是|第{_CN}[,、:，：]|首先|其次|再次|最后))")
_SEQ_WORDS = {"首先": 1, "其次": 2, "再次": 3}
_SENTENCE_END = regexes.compile(r"[。:;!?；：！？]")


# str.translate looks every character of a non-ASCII string up in the table (~50 ns each, a
# tenth of a whole check). Chinese text needs only a few of the mappings — its commas, brackets,
# colons and spaces — and str.replace does those in C; the full table is used only when another
# foldable character is present. Each mapping is one character to ASCII or to nothing, and no
# output is itself mapped, so the order of the steps does not change the result.
_COMMON = "，（）：；！？．\u3000 "
_COMMON_FOLDS = tuple((c, "" if _FOLD[ord(c)] is None else chr(_FOLD[ord(c)])) for c in _COMMON)
_OTHER_FOLDABLE = regexes.compile("[" + re.escape("".join(chr(c) for c in _FOLD if chr(c) not in _COMMON)) + "]")


def fold(text: str) -> str:
    # Materials typed in traditional characters (Hong Kong, Taiwan, Macao; a converted copy)
    # match names written in simplified ones; one character for one keeps the offsets.
    text = to_simplified(text)
    if "\n" in text or "\v" in text or "\r" in text:
        # A soft line break before 一是/首先… separates a heading from its items like a full stop;
        # any other break (text pasted from PDF) may fall mid-word and is simply removed.
        text = _BREAK_BEFORE_ITEM.sub("。", text)
    for char, folded in _COMMON_FOLDS:
        if char in text:
            text = text.replace(char, folded)
    if _OTHER_FOLDABLE.search(text):
        text = text.translate(_FOLD)
    return text


_DROPPED = regexes.compile("[" + "".join(re.escape(chr(c)) for c, v in _FOLD.items() if v is None) + "]")


def written_offsets(text: str) -> list[int] | None:
    """For each position of fold(text) (and its end), the position in `text` it comes from; None
    when folding keeps every position (no spaces or breaks: most Chinese text). Folding maps one
    character to one or drops it, and turns a run of breaks before 一是 into one 。."""
    if not _DROPPED.search(text):
        return None
    runs = {m.start(): m.end() for m in _BREAK_BEFORE_ITEM.finditer(text)} if (
        "\n" in text or "\v" in text or "\r" in text) else {}
    out, i = [], 0
    while i < len(text):
        if i in runs:
            out.append(i)
            i = runs[i]
        elif _DROPPED.match(text, i):
            i += 1
        else:
            out.append(i)
            i += 1
    out.append(len(text))
    return out


def cn_to_int(token: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if "十" not in token:
        return CN_DIGITS.index(token) if len(token) == 1 else 0
    tens, _, ones = token.partition("十")
    return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)


@dataclass(frozen=True, slots=True)
class Prefix:
    kind: str
    number: int
    end: int      # where the text after the numbering starts (in the folded text)


def heading_prefix(folded: str) -> Prefix | None:
    m = _PREFIX.match(folded)
    if not m:
        return None
    if m["l1"]:
        return Prefix(L1, cn_to_int(m["l1p"] or m["l1n"]), m.end())
    if m["l2"]:
        return Prefix(L2, cn_to_int(m["l2n"]), m.end())
    if m["l3"]:
        return Prefix(L3, int(m["l3n"]), m.end())
    if m["l4"]:
        return Prefix(L4, int(m["l4n"]), m.end())
    return Prefix(CIRCLED, _CIRCLED.index(m["circn"]) + 1, m.end())


@dataclass(frozen=True, slots=True)
class ItemMark:
    number: int | None   # None for 最后, whose place in the sequence is not a number
    start: int
    end: int


def item_marks(folded: str, start: int = 0) -> tuple[ItemMark, ...]:
    """The item marks (一是, 第一, 首先…) of `folded` from `start` on.

    Kept per text: recognition analyses one material against every framework, and the pane
    checks it again after every edit, so the same paragraphs are read many times over."""
    if len(folded) > CACHED_TEXT_MAX_CHARS:
        return _item_marks(folded, start)
    key = (folded, start)
    marks = _MARKS.get(key)
    if marks is None:
        marks = _item_marks(folded, start)
        _MARKS.put(key, marks)
    return marks


def _item_marks(folded: str, start: int) -> tuple[ItemMark, ...]:
    marks = []
    for m in _ITEM.finditer(folded, start):
        if m["seq"]:
            number = _SEQ_WORDS.get(m["seq"])
        else:
            number = cn_to_int(m["shi"] or m["di"] or m["qi"])
        marks.append(ItemMark(number, m.start(), m.end()))
    return tuple(marks)


# Texts whose readings are kept, and the longest kept: memory stays bounded (see lru.py).
TEXT_CACHE_SIZE = 4096
CACHED_TEXT_MAX_CHARS = 2000
_MARKS = LruCache(TEXT_CACHE_SIZE)


def clear_caches() -> None:
    _MARKS.clear()


def head_segment(folded: str, start: int = 0, limit: int = 40) -> str:
    """The heading part of a paragraph: up to the first sentence end, at most `limit` chars."""
    m = _SENTENCE_END.search(folded, start, start + limit + 1)
    return folded[start: m.start() if m else start + limit]
