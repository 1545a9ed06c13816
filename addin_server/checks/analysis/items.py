"""Pass 5 of the analysis: the items. Each aspect's problems and the measures, one per item mark
(一是, 第一, 首先, a number unlike the heading's), a paragraph without a mark continuing the item
before it; a block without marks has one item a paragraph.

May use: lines.py, marks.py (item marks across a line break), aspects.py's places.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...placeholders import only_placeholder
from .aspects import AspectPlace
from .lines import Line
from .marks import line_marks
from .sections import Block


@dataclass(frozen=True, slots=True)
class Item:
    paragraph: int
    ordinal: int | None
    text: str
    placeholder: bool = False   # nothing but a 【请填写：…】: not written yet


@dataclass(frozen=True, slots=True)
class DimensionBlock:
    key: str
    start: int
    end: int
    items: tuple[Item, ...]
    has_body: bool
    numbering: str | None = None   # the numbering kind of its heading, e.g. "（一）"
    fuzzy: bool = False            # named by a heading close to the aspect's wording, not by a name
    evidence: str = "name"         # how the heading was told to be this aspect: one of EVIDENCE
    closeness: float = 1.0         # for "close" and "order": how close its words are to the aspect's
    heading: tuple[int, int] = (0, 0)   # its heading as written, in the folded text of `start`


def read_items(lines: tuple[Line, ...], start: int, end: int, body_from: int,
               heading_kind: str | None) -> tuple[Item, ...]:
    """Problem or measure items between paragraphs `start` and `end` (inclusive).

    An item starts at 一是/第一/首先… anywhere in a sentence-initial position, or at a paragraph
    numbered differently from the enclosing heading. Paragraphs without a mark continue the item
    before them; when a block has no marks at all, each paragraph is an item.
    """
    pieces: list[list] = []   # [paragraph, ordinal, text]
    unmarked: list[Item] = []
    carried = 0   # characters at the start of this line that end a mark begun on the line before
    for line in lines[start:end + 1]:
        offset = body_from if line.index == start else 0
        text = line.folded
        if line.index == start and offset >= len(text):
            carried = 0
            continue
        marks, carried = line_marks(lines, line.index, offset, carried, end) if not line.in_row else ([], 0)
        prefix = line.prefix if line.prefix and line.prefix.kind != heading_kind else None
        if prefix and line.index != start:
            pieces.append([line.index, prefix.number, text])
            marks = [mk for mk in marks if mk.start >= prefix.end]
            if marks:
                pieces[-1][2] = text[:marks[0].start]
        elif not marks and text[offset:].strip():
            if pieces:
                pieces[-1][2] += text
            if line.in_row and unmarked:
                # (a table row's later cells: the facts of the problem its first cell states)
                unmarked[-1] = _item(unmarked[-1].paragraph, None, unmarked[-1].text + text[offset:])
            else:
                unmarked.append(_item(line.index, None, text[offset:]))
        for i, mk in enumerate(marks):
            stop = marks[i + 1].start if i + 1 < len(marks) else len(text)
            if i == 0 and mk.start > offset and pieces and not prefix:
                pieces[-1][2] += text[offset:mk.start]
            pieces.append([line.index, mk.number, text[mk.start:stop]])
    if not pieces:
        return tuple(unmarked)
    return tuple(_item(p, n, t) for p, n, t in pieces)


def _item(paragraph: int, ordinal: int | None, text: str) -> Item:
    return Item(paragraph, ordinal, text, only_placeholder(text))


def aspect_blocks(lines, places: tuple[AspectPlace, ...], dominant: str | None) -> tuple[DimensionBlock, ...]:
    """Each aspect with its items: from its heading's text on, items marked otherwise than the
    aspect headings (`dominant`)."""
    return tuple(DimensionBlock(p.key, p.start, p.end, read_items(lines, p.start, p.end, p.body_from, dominant),
                                p.has_body, p.numbering, p.fuzzy, p.evidence, p.closeness, p.heading)
                 for p in places)


def measure_items(lines, measures: Block | None, heading_end: int) -> tuple[Item, ...]:
    """The items of the measures section, read from `heading_end` (the end of its heading's text)
    on."""
    if not (measures and measures.has_body):
        return ()
    # From the heading (which holds no item), so the first measure's own number counts as
    # an item mark like the others' (「1.坚持……」 then 「2.紧盯……」).
    return read_items(lines, measures.start, measures.end, heading_end, None)
