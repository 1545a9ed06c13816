"""Pass 2 of the analysis: the marks of a line, read whatever the framework. How a line opens an
aspect — its numbering or heading style, a bullet (◆), a label (【……】), 第一，, a run-in opening
(对照……的要求，在……方面，) — and which part of it is the aspect's name; and its item marks
(一是, 第一, 首先 …) with a mark a hard return cut in two.

May use: lines.py, numbering.py. Knows nothing of a framework's names (that is matchers.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ... import regexes
from ...lru import LruCache
from .. import numbering as nb
from .lines import (MAX_HEADING_CHARS, MAX_PLAIN_HEADING, PLAIN_HEADING_END, TRAILING_PUNCT, Line, body_start,
                    text_reading)

# Typed bullets writers put before an aspect: 「◆ 政治忠诚方面」.
BULLETS = "◆●■▲★☆※◇□△▶►"

# Kinds of opening besides a heading's numbering or style (Line.kind).
ORDINAL = "第一"     # 「第一，【……方面】一是……」: paragraphs opened by 第一/第二 …

LABEL = "【】"        # 「【政治忠诚方面】一是……」

RUN_IN = "对照"       # 「对照……的要求，」「在……方面，」「在……上，」: opens a paragraph of body text

PLAIN = "方面"        # 「政治忠诚方面」: a heading line without numbering

_PLAIN_HEADING_END = PLAIN_HEADING_END
GLUED_PLAIN_HEADING = 30

_LABEL = regexes.compile(r"【([^【】]{2,40})】[,:.。;]?")

# What may follow an aspect's name in its heading: 「……方面存在的问题」.
_ASPECT_TAIL = regexes.compile(r"(?:存在的主要问题|存在的问题|存在问题|的问题|存在的不足|的差距)$")

_ORDINAL = regexes.compile(r"第([一二三四五六七八九十]{1,3})[,、:.]")

# Folded text: ，：； are , : ;.
_RUN_IN_OPENING = regexes.compile(
    r"(?P<lead>对照|在|关于|围绕|聚焦)(?P<name>[^,:;。.【】]{2,40}?)(?P<tail>的要求|要求|方面|上)"
    r"(?:存在的主要问题|存在的问题|存在问题|的问题|存在的不足|的差距)?[,:]")

# Where a heading's name ends when its first item follows on the same line (glued), or it runs on
# into a sentence: a sentence end, an item mark, 方面/情况/要求 followed by a comma.
_HEADING_END = regexes.compile(r"[。:;!?]|(?<=方面|情况|要求)[,]|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[,、]"
                          r"|(?:首先|其次)[,、]|【")


@dataclass(frozen=True, slots=True)
class AspectOpening:
    kind: str | None    # Line.kind, a bullet, ORDINAL, LABEL or RUN_IN
    name_start: int     # the name part of the opening in the folded text
    name_end: int
    body_from: int      # where what follows the opening starts
    # Marked as an aspect's opening whatever it names (numbering, a bullet, a label, 对照……的要求,
    # ……方面): when it names no aspect it is reported; a weaker opening (在……上，) only counts
    # when it names one.
    marked: bool = True


def _label(folded: str, start: int):
    """A 【……】 label at `start`; not a 【请填写：…】 prompt of a scaffold."""
    label = _LABEL.match(folded, start)
    return label if label and not label.group(1).startswith("请") else None


_OPENINGS = LruCache(nb.TEXT_CACHE_SIZE)

_NO_OPENING = AspectOpening(None, 0, 0, 0, False)


def clear_caches() -> None:
    """Forget every opening read so far."""
    _OPENINGS.clear()


def heading_part(folded: str, start: int, limit: int = MAX_HEADING_CHARS) -> int:
    """Where the heading that starts at `start` ends: its first sentence end, or the first item
    glued to it (「（二）……方面一是……」), at most `limit` characters on."""
    found = _HEADING_END.search(folded, start + 1, start + limit + 1)
    return found.start() if found else min(len(folded), start + limit)


def aspect_opening(line: Line) -> AspectOpening | None:
    """How `line` opens an aspect, if it does: its mark and the name part (not yet matched
    against any framework). Kept per line: recognition reads the same lines for every framework."""
    if not line.folded:
        return None
    found = _OPENINGS.get(line)
    if found is None:
        found = _read_opening(line) or _NO_OPENING
        _OPENINGS.put(line, found)
    return None if found is _NO_OPENING else found


def _read_opening(line: Line) -> AspectOpening | None:
    folded = line.folded
    if not folded:
        return None
    if line.starts_with_item:
        ordinal = _ORDINAL.match(folded)
        if ordinal:
            return _labelled_or_run_in(folded, ordinal.end(), ORDINAL)
        # 「一是廉洁自律方面」 alone on its line (or before a colon), its items （1）（2） below:
        # aspects numbered with item marks.
        mark = nb.item_marks(folded[:6])[0]
        end = heading_part(folded, mark.end, 48)
        name = _ASPECT_TAIL.sub("", folded[mark.end:end].rstrip(":"))
        if name.endswith(("方面", "情况")) and (end == len(folded) or folded[end] == ":") and len(name) <= 40:
            return AspectOpening(nb.ITEM, mark.end, mark.end + len(name), end)
        return None
    if folded[0] in BULLETS:
        start = 1
        while start < len(folded) and folded[start] in BULLETS:
            start += 1
        inner = _labelled_or_run_in(folded, start, folded[0])
        if inner:
            return inner
        end = heading_part(folded, start)
        return AspectOpening(folded[0], start, end, end)
    start = body_start(line)
    if line.kind and (line.heading_like or line.prefix):
        label = _label(folded, start)
        if label:
            return AspectOpening(line.kind, label.start(1), label.end(1), label.end())
        end = heading_part(folded, start)
        return AspectOpening(line.kind, start, end, end, line.heading_like or end < len(folded))
    found = _labelled_or_run_in(folded, start, None)
    if found is None:
        # An unnumbered heading (bold in WPS, or numbered by a Word bullet that is not in the
        # text) that names an aspect's kind of thing: 「政治忠诚方面」「党性修养提高情况」, alone on
        # its line or with the first item glued on (「政治忠诚方面：一是……」).
        end = heading_part(folded, 0, MAX_PLAIN_HEADING)
        text = folded[:end].rstrip(TRAILING_PUNCT)
        # A heading alone on its line may be as long as the longest wording with 存在的问题; one
        # with its first item glued on only as long as before (a sentence cut at 40 characters
        # may end 「……这方面」).
        limit = MAX_PLAIN_HEADING if end == len(folded) else GLUED_PLAIN_HEADING
        if (line.heading_like or end < len(folded)) and len(text) <= limit and (
                _PLAIN_HEADING_END.search(text)):
            return AspectOpening(PLAIN, 0, len(text), end)
    return found


def opens_an_aspect(text: str) -> bool:
    """Whether a line of text, read on its own, opens an aspect by a mark (a bullet, a label,
    第一，【……】, 对照……的要求，在……上，): where a soft line break starts a new paragraph (soft_breaks.py)."""
    folded, prefix, starts_with_item, short_phrase = text_reading(text)
    line = Line(0, folded, prefix, None, bool(folded) and not starts_with_item and short_phrase,
                starts_with_item)
    opening = aspect_opening(line)
    return opening is not None and opening.kind is not None


def _labelled_or_run_in(folded: str, start: int, kind: str | None) -> AspectOpening | None:
    """A 【……】 label or a run-in opening at `start`, as an opening of `kind` (its own when None)."""
    label = _label(folded, start)
    if label:
        return AspectOpening(kind or LABEL, label.start(1), label.end(1), label.end())
    run_in = _RUN_IN_OPENING.match(folded, start)
    if run_in:
        marked = run_in["lead"] == "对照" or run_in["tail"] in ("方面", "的要求")
        return AspectOpening(kind or RUN_IN, run_in.start("name"), run_in.end("name"), run_in.end(), marked)
    if kind == ORDINAL or (kind and kind in BULLETS):
        # 「第一，政治忠诚方面：一是……」: a short name closed by 方面/情况 and a sentence mark.
        end = heading_part(folded, start, 30)
        if end < len(folded) and folded[start:end].rstrip(",").endswith(("方面", "情况")):
            return AspectOpening(kind, start, end, end)
    return None


def heading_span(line: Line, opening: AspectOpening) -> tuple[int, int]:
    """The heading of an opening as the writer would name the aspect: with its numbering
    (「（二）安全生产方面」), or only the name when it is marked otherwise (a bullet, 【……】,
    第一，, 对照……的要求，)."""
    labelled = line.folded[opening.name_start - 1:opening.name_start] == "【"
    start = 0 if opening.kind == line.kind and not labelled else opening.name_start
    return start, opening.name_end


# The longest item mark (第十二，) less one: what of a line's end can begin a mark the next
# line ends.
_MARK_TAIL = 4


def line_marks(lines, index: int, offset: int = 0, carried: int = 0,
               last: int | None = None) -> tuple[list[nb.ItemMark], int]:
    """The item marks of line `index` from `offset` on, and how many characters at the start of
    the next line its last mark takes. A hard return (a PDF's printed lines) may cut a mark in
    two, 「…不深。二」/「是学用…」: begun at the end of this line and ended in the next, which
    carries the text on, it is this line's (its end past the line's text). `carried`: the
    characters at this line's start that end a mark of the line before; `last`: the last line
    the mark may run into."""
    text = lines[index].folded
    marks = [mk for mk in nb.item_marks(text, offset) if mk.start >= carried]
    last = len(lines) - 1 if last is None else last
    if index < last and lines[index + 1].continues:
        joined = text + lines[index + 1].folded[:_MARK_TAIL]
        for mk in nb.item_marks(joined, max(offset, len(text) - _MARK_TAIL)):
            if mk.start < len(text) < mk.end:
                return marks + [mk], mk.end - len(text)
    return marks, 0
