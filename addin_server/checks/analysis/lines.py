"""Pass 1 of the analysis: lines. Each paragraph folded once, its heading number and opening item
mark read (numbering.py), and what the paragraphs around it say of it: a page number between two
halves of a sentence, a line a hard return cut off (a PDF's printed lines), a table row of column
titles. Framework-independent: recognition reads the lines once for every framework.

May use: the document model, numbering.py. Knows nothing of frameworks, sections or aspects.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from ... import regexes
from ...lru import LruCache
from ...model import Document
from .. import numbering as nb

# A heading is short; a paragraph longer than this is body text even if it starts with 一、.
MAX_HEADING_CHARS = 60

TRAILING_PUNCT = ".。:：;；,，!！ "


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph as the analysis sees it: folded text and its numbering."""

    index: int
    folded: str
    prefix: nb.Prefix | None
    outline_level: int | None
    heading_like: bool
    starts_with_item: bool
    # The rest of the paragraph before, which a hard return cut off (a PDF's printed lines).
    continues: bool = False
    # A later cell of a problem's table row (序号 | 问题 | 具体表现): the facts of the problem the
    # row's first cell states, marks in it (一是……二是……) included — the row is one problem.
    in_row: bool = False

    @property
    def kind(self) -> str | None:
        """How the paragraph is marked as a heading: its numbering, else its heading level."""
        if self.prefix:
            return self.prefix.kind
        return f"h{self.outline_level}" if self.outline_level else None


# An unnumbered heading naming an aspect's kind of thing closes so: 「政治忠诚方面」「党性修养提高
# 情况」「……方面存在的问题」; no sentence ends so. Up to MAX_PLAIN_HEADING characters: the longest
# aspect wording (27, 2024's 「带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新方面」) with 在 and
# 存在的问题 is 33.
PLAIN_HEADING_END = regexes.compile(r"(?:方面|情况)(?:存在的突出问题|存在的主要问题|存在的问题|存在问题|的问题)?$")
MAX_PLAIN_HEADING = 40
_INNER_STOP = regexes.compile(r"[。;；]")


def read_line(p) -> Line:
    folded, prefix, starts_with_item, short_phrase = text_reading(p.text)
    if prefix is None and p.list_label:
        # Word's automatic numbering shows the number in front of the text, which starts after it.
        shown = text_reading(p.list_label)[1]
        if shown is not None:
            prefix = nb.Prefix(shown.kind, shown.number, 0)
    heading_like = bool(folded) and not starts_with_item and (
        p.outline_level is not None
        or (prefix is not None and prefix.kind in nb.HEADING_KINDS and len(folded) <= MAX_HEADING_CHARS)
        or short_phrase
    )
    return Line(p.index, folded, prefix, p.outline_level, heading_like, starts_with_item)


def text_reading(text: str) -> tuple[str, nb.Prefix | None, bool, bool]:
    """What a paragraph's text alone says: (folded text, its heading number, whether it opens
    with an item mark, whether it is a short phrase without an inner full stop). Kept per text
    like the item marks (numbering.py): the pane re-checks a mostly unchanged material."""
    if len(text) > nb.CACHED_TEXT_MAX_CHARS:
        return _read_text(text)
    found = _READINGS.get(text)
    if found is None:
        found = _read_text(text)
        _READINGS.put(text, found)
    return found


def _read_text(text: str) -> tuple[str, nb.Prefix | None, bool, bool]:
    folded = nb.fold(text)
    opening = nb.item_marks(folded[:6])
    # A short phrase, or a longer one that closes as an aspect heading does (unnumbered in a bold
    # line or a table's 方面 column).
    # (Without a comma: a sentence's clauses, 「……，对照先进典型找差距，这方面……」, are no heading.)
    short_phrase = (len(folded) <= 30 or (len(folded) <= MAX_PLAIN_HEADING and "," not in folded and "，" not in folded
                                          and PLAIN_HEADING_END.search(folded) is not None)) \
        and not _INNER_STOP.search(folded, 0, len(folded) - 1)
    return folded, nb.heading_prefix(folded), bool(opening) and opening[0].start == 0, short_phrase


_READINGS = LruCache(nb.TEXT_CACHE_SIZE)


def clear_caches() -> None:
    """Forget every text read so far."""
    _READINGS.clear()


def body_start(line: Line) -> int:
    return line.prefix.end if line.prefix else 0


def read_lines(document: Document) -> tuple[Line, ...]:
    """Each paragraph folded and its numbering read: the part of the analysis that does not
    depend on the framework (recognition analyses one document against every framework)."""
    lines = [read_line(p) for p in document.paragraphs]
    for i, line in enumerate(lines):
        if line.folded and _PAGE_NUMBER.match(line.folded):
            # A page number a PDF paste left between two halves of a sentence: not text at all.
            lines[i] = dataclasses.replace(line, folded="", prefix=None, heading_like=False,
                                           starts_with_item=False)
    _demote_table_header_cells(lines, document)
    _read_problem_rows(lines, document)
    width = _printed_width(lines)
    previous = None
    for i, line in enumerate(lines):
        if not line.folded.strip():
            if not document.paragraphs[i].text.strip():
                previous = None   # an empty paragraph ends whatever came before
            continue
        plain = (not line.prefix and not line.starts_with_item and line.outline_level is None
                 and not document.paragraphs[i].is_list_item)   # Word numbers a new paragraph
        continues = plain and previous is not None and _wrapped_on(previous, line, width)
        if continues or (plain and line.heading_like and width and _full_line(line, width)):
            lines[i] = dataclasses.replace(line, heading_like=False, continues=continues)
        previous = lines[i]
    return tuple(lines)


# A table row of short cells (序号 | 存在问题 | 整改措施 | 完成时限 | 责任人): column titles, not headings.
MAX_CELL_TITLE = 8

MIN_TITLE_CELLS = 3


def _demote_table_header_cells(lines: list, document: Document) -> None:
    """A run of at least MIN_TITLE_CELLS short, unnumbered paragraphs in a table is a row of
    column titles (an appended 整改清单's header, say): its 存在问题 / 整改措施 name columns, not
    sections of the material."""
    paragraphs = document.paragraphs

    def cell_title(i: int) -> bool:
        ln = lines[i]
        return (paragraphs[i].in_table and not ln.prefix and not ln.starts_with_item
                and 0 < len(ln.folded.strip()) <= MAX_CELL_TITLE and not _CLAUSE_MARKS.search(ln.folded))

    i = 0
    while i < len(lines):
        if not cell_title(i):
            i += 1
            continue
        j = i
        while j < len(lines) and cell_title(j):
            j += 1
        if j - i >= MIN_TITLE_CELLS:
            for k in range(i, j):
                lines[k] = dataclasses.replace(lines[k], heading_like=False)
        i = j


# A table of problems set out in rows under an aspect (序号 | 问题 | 具体表现): its header names
# columns, not problems; each row is one problem, its 序号 the row's number and its later cells
# the problem's facts. (Not a table naming measures or causes: the 整改措施 table and a material
# laid out in columns are read by their columns, render/plan.py and table_layout.py.)
_ROW_NUMBER = regexes.compile(r"\s*[(（]?\d{1,3}[)）.、]?\s*$")
_NUMBER_TITLE = regexes.compile(r"序号|编号|序")
_OTHER_COLUMNS = regexes.compile(r"措施|整改|举措|原因|根源|剖析|时限|责任")


def _table_rows(document: Document, start: int):
    """The rows of the table starting at paragraph `start` (a row a list of cells, a cell a list
    of paragraph indices), and the paragraph after it."""
    paragraphs = document.paragraphs
    rows, i, last = [], start, -1
    while i < len(paragraphs) and paragraphs[i].in_table and paragraphs[i].table_column is not None:
        column = paragraphs[i].table_column
        if not rows or column < last or (column == 0 and last > 0):
            rows.append([])
            last = -1
        if column != last:
            rows[-1].append([])
        rows[-1][-1].append(i)
        last = column
        i += 1
    return rows, i


def _read_problem_rows(lines: list, document: Document) -> None:
    paragraphs = document.paragraphs
    i = 0
    while i < len(lines):
        if not (paragraphs[i].in_table and paragraphs[i].table_column == 0):
            i += 1
            continue
        rows, after = _table_rows(document, i)
        header = [" ".join(paragraphs[k].text for k in cell).strip() for cell in rows[0]]
        if (len(rows) >= 2 and len(header) >= 3 and _NUMBER_TITLE.fullmatch(header[0])
                and not any(_OTHER_COLUMNS.search(h) for h in header)
                and all(len(h) <= MAX_CELL_TITLE for h in header)
                and all(len(row) >= 2 and _ROW_NUMBER.fullmatch(
                    " ".join(paragraphs[k].text for k in row[0]) or "0") for row in rows[1:])):
            for cell in rows[0]:
                for k in cell:
                    lines[k] = dataclasses.replace(lines[k], folded="", prefix=None, heading_like=False,
                                                   starts_with_item=False)
            for row in rows[1:]:
                for k in row[0]:
                    lines[k] = dataclasses.replace(lines[k], folded="", prefix=None, heading_like=False,
                                                   starts_with_item=False)
                for cell in row[2:]:
                    for k in cell:
                        if lines[k].folded.strip():
                            lines[k] = dataclasses.replace(lines[k], prefix=None, heading_like=False,
                                                           starts_with_item=False, continues=True, in_row=True)
        i = max(after, i + 1)


# A page number on a line of its own: "- 3 -", "— 3 —", "3", "第3页", "第3页 共8页", "3/8".
_PAGE_NUMBER = regexes.compile(r"\s*(?:[-—–－~]*\s*\d{1,3}\s*[-—–－~]*|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")

# What ends a sentence (folded: full-width marks become ASCII) or a paragraph that stops there.
_SENTENCE_END = ".。!?;:…"

_CLOSERS = "”’」』)）]"

# Marks of running text; not 、, which headings use too (带头干事创业、担当作为方面).
_CLAUSE_MARKS = regexes.compile(r"[,.。;:!?]")

# Without a printed width to go by, a line cut off mid-sentence is this long at least.
MIN_WRAPPED_LINE = 16


def _unfinished(line: Line) -> bool:
    text = line.folded.rstrip()
    # A closing 】 ends a 【请填写：…】 placeholder or a bracketed note: nothing runs on from it.
    return bool(text) and not text.endswith("】") and text.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END


def _full_line(line: Line, width: int) -> bool:
    """A line as long as the PDF's printed line that stops mid-sentence: running text."""
    return len(line.folded.rstrip()) >= width - 1 and _unfinished(line)


def _printed_width(lines) -> int | None:
    """When the paragraphs are a PDF's printed lines (every paragraph cut at the same width and
    carried on in the next), that width in characters; None for a document written as one.

    Counted over lines that stop mid-sentence with the next line carrying on (no numbering of its
    own): in a paste most lines are such and share one length; in a written document they are
    few and of every length.
    """
    texts = [ln for ln in lines if ln.folded.strip()]
    cut = Counter(len(a.folded.rstrip()) for a, b in zip(texts, texts[1:])
                  if _unfinished(a) and not b.prefix and not b.starts_with_item)
    if not cut:
        return None
    width = max(cut, key=lambda w: (cut[w - 1] + cut[w] + cut[w + 1], w))
    share = cut[width - 1] + cut[width] + cut[width + 1]
    if share < 5 or share < 0.3 * len(texts):
        return None
    # No printed line is much longer than the page is wide (half-width digits and letters let a
    # line hold a few more characters). A written material whose unnumbered headings happen to
    # share a length (理论学习方面, 政治素养方面…) has body paragraphs far longer than them.
    longer = sum(1 for ln in texts if len(ln.folded.rstrip()) > width * PRINTED_LINE_SLACK + 1)
    return width if longer <= MAX_LONGER_SHARE * len(texts) else None


# A pasted line may be this much longer than the printed width; and so many of a paste's lines
# may be longer still (a title or a table row pasted whole).
PRINTED_LINE_SLACK = 1.25

MAX_LONGER_SHARE = 0.15


def _wrapped_on(previous: Line, line: Line, width: int | None) -> bool:
    """Whether `line` is the rest of `previous`, a sentence a hard return cut off (text pasted
    from a PDF, or typed with a return at each line's end): then it is body text, not a short
    heading, however short it is.

    With the paste's printed width known, `previous` is a full line stopping mid-sentence. Without
    it, `previous` is a longer line of body text stopping mid-sentence and `line` reads as running
    text (a comma, a full stop) rather than a bare name such as 存在问题, which stays a heading
    candidate even after an unfinished paragraph.
    """
    if previous.outline_level is not None or not _unfinished(previous):
        return False
    if previous.prefix and previous.prefix.kind in nb.HEADING_KINDS and previous.heading_like:
        return False   # a numbered heading broken over two paragraphs: _broken_heading's case
    if width:
        return _full_line(previous, width)
    # A trailing colon is a heading's own ("存在问题："), not running text.
    return len(previous.folded.rstrip()) >= MIN_WRAPPED_LINE and bool(
        _CLAUSE_MARKS.search(line.folded.rstrip().rstrip(":")))
