"""Numbering: headings 一、（一）1.（1） and items 一是/二是 must count up without gaps or repeats."""
from __future__ import annotations

from . import numbering as nb
from .report import Finding, quote
from .analysis.lines import MAX_HEADING_CHARS
from .analysis.marks import line_marks
from .structure import Structure


def check_numbering(st: Structure):
    counters: dict[str, int] = {}
    # The back matter (a 整改清单's rows 1, 2, 3…, a date) numbers nothing of the material's.
    lines = st.lines[:st.back.start] if st.back.start is not None else st.lines
    headings = [line for line in lines if line.index != st.title_paragraph and line.folded
                and _numbers_a_heading(line)]
    numbered = {line.index for line in headings}
    nesting = _nesting_of(headings)
    # Aspects numbered with item marks (「一是廉洁自律方面」 over items （1）（2）): a sequence of
    # their own, outside everything numbered within them.
    aspect_marks = {d.start for d in st.dimensions if d.numbering == nb.ITEM}
    aspect_starts = {d.start for d in st.dimensions}
    carried = 0   # the start of this line that ends an item mark of the line before
    # Items numbered straight across the aspects (一是…三是 under the first, 四是… under the
    # second) are one sequence the writer chose, as good as each aspect starting at 一是: the
    # last item number before an aspect opens, which its first item may continue.
    before_aspect = None
    for line in lines:
        head, carried = carried, 0
        if line.index in aspect_starts:
            before_aspect = counters.get(nb.ITEM)
        if line.index == st.title_paragraph or not line.folded:
            continue
        if line.index in aspect_marks and not line.prefix:
            before_aspect = None   # its items are numbered inside it, from 一 or （1）
            mark = nb.item_marks(line.folded[:6])[0]
            for inner in [k for k in counters if k not in (nb.L1, ASPECT)]:
                del counters[inner]
            if mark.number is not None:
                yield from _step(counters, ASPECT, mark.number, line.index, st)
            marks, carried = line_marks(st.lines, line.index, mark.end, head)
            for inner_mark in marks:
                if inner_mark.number is not None:
                    yield from _step(counters, nb.ITEM, inner_mark.number, line.index, st)
            continue
        if line.index in numbered:
            kind = PART if line.prefix.kind == nb.L1 and line.folded.startswith("第") else line.prefix.kind
            # A heading restarts the numbering of every level inside it, and of items.
            for inner in list(counters):
                if nesting(inner) > nesting(kind):
                    del counters[inner]
            yield from _step(counters, kind, line.prefix.number, line.index, st,
                             _delimiter(line.folded[:line.prefix.end]))
            start = line.prefix.end
        else:
            start = 0
        if (line.heading_like and not line.prefix) or line.index in aspect_starts:
            # An aspect's opening, a heading or run in (「【……方面】一是……」), starts its items at 一是.
            counters.pop(nb.ITEM, None)
        marks, carried = line_marks(st.lines, line.index, start, head)
        for mark in marks:
            if mark.number is None:
                continue
            if nb.ITEM not in counters and before_aspect is not None and mark.number == before_aspect + 1:
                counters[nb.ITEM] = mark.number
            else:
                yield from _step(counters, nb.ITEM, mark.number, line.index, st)
            before_aspect = None


ASPECT = "aspect"   # an aspect heading numbered 一是/二是
# 「第一部分 存在的问题」: a sequence of its own around everything, so that the 一、二、 of the aspects
# inside a part count on their own (the reader gives both the kind 一、).
PART = "第一部分"


def _numbers_a_heading(line) -> bool:
    return bool(line.prefix) and (line.heading_like or line.prefix.kind in (nb.L3, nb.L4, nb.CIRCLED)
                                  or _run_in_heading(line))


def _nesting_of(headings):
    """How deep each kind of heading number lies in this document: 一、 0, （一） 1, 1. 2, （1） 3
    as GB/T 9704 has them — unless the writer's own outermost headings use a deeper kind
    (「1.存在的问题」 over 「（一）……方面」): then the kinds nest in the order the document first
    uses them. Circled numbers and 一是 stay innermost."""
    first_seen = list(dict.fromkeys(line.prefix.kind for line in headings
                                    if line.prefix.kind in nb.HEADING_KINDS))
    if first_seen == sorted(first_seen, key=nb.HEADING_KINDS.index):
        return _nesting
    order = first_seen + [k for k in nb.HEADING_KINDS if k not in first_seen]
    return lambda kind: order.index(kind) if kind in order else _nesting(kind)


def _run_in_heading(line) -> bool:
    """「（一）在……方面。一是……」: a numbered heading with its items run on in one paragraph is
    long, but its number still belongs to the heading sequence (else （二） reads as the first)."""
    head = nb.head_segment(line.folded, line.prefix.end, MAX_HEADING_CHARS)
    return len(head) < MAX_HEADING_CHARS and line.prefix.end + len(head) < len(line.folded)


def _nesting(kind: str) -> int:
    """一、 0, （一） 1, 1. 2, （1） 3, ① 4, 一是 5: deeper kinds are numbered inside shallower ones."""
    if kind == ASPECT:
        return 0.5   # inside a section (一、), around all that its aspect numbers
    if kind == PART:
        return -1    # around everything
    if kind in nb.HEADING_KINDS:
        return nb.HEADING_KINDS.index(kind)
    return len(nb.HEADING_KINDS) + (kind == nb.ITEM)


def _delimiter(prefix: str) -> str | None:
    """The mark after a heading's number as the writer typed it (「1、」 rather than 「1.」)."""
    return prefix[-1:] if prefix[-1:] in ("、", ".") else None


def _step(counters: dict[str, int], kind: str, number: int, index: int, st: Structure,
          delimiter: str | None = None):
    previous = counters.get(kind, 0)
    counters[kind] = number
    if number != previous and number <= previous + 1:
        return
    written = label(kind, number, delimiter)
    expected = label(kind, previous + 1, delimiter)
    where = quote(st.document.paragraphs[index].text, 16)
    if number == previous:
        yield Finding("numbering.repeated",
                      f"{where}中的序号「{written}」与上一个重复，请改为「{expected}」（后面的序号依次顺延）",
                      index, index)
    elif not previous and st.document.paragraphs[index].list_label:
        # Word's (or WPS's) own numbering continues an earlier list: nothing typed to change.
        yield Finding("numbering.skipped",
                      f"{where}：自动编号没有从头开始，接着上一个列表编成了「{written}」，请右键单击这一段，"
                      f"选“重新开始于 1”（WPS 文字中为“重新开始编号”）", index, index)
    else:
        yield Finding("numbering.skipped",
                      f"{where}：序号跳号，「{label(kind, previous, delimiter)}」之后是「{written}」，请补上「{expected}」或改正序号"
                      if previous else f"{where}：序号没有从头开始，第一个是「{written}」，请改为「{expected}」",
                      index, index)


def label(kind: str, number: int, delimiter: str | None = None) -> str:
    """The numbering as a writer types it: （三）, 3., 三是…; `delimiter` the writer's own mark
    after 一 or 3 (一. / 3、) where it is not the usual one."""
    cn = _cn(number)
    return {PART: f"第{cn}部分", nb.L1: f"{cn}{delimiter or '、'}", nb.L2: f"（{cn}）", nb.L3: f"{number}{delimiter or '.'}",
            nb.L4: f"（{number}）", nb.CIRCLED: f"第 {number} 项", nb.ITEM: f"{cn}是", ASPECT: f"{cn}是"}[kind]


def _cn(number: int) -> str:
    digits = nb.CN_DIGITS
    if number <= 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
