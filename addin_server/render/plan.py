"""What to insert into a writer's own material, and where: 补齐, not dump.

Writers open the pane on a half-written material. This module plans, from the document model
alone, the paragraphs that complete it at their places:

- a missing section (存在问题 / 原因剖析 / 整改措施): its heading and placeholder items, after the
  section that precedes it in the framework;
- a missing dimension: its heading and placeholder items after the dimension that precedes it
  (a missing （四） goes between （三） and （五）), numbered and worded like its siblings;
- chosen remedies: after the last measure of the existing 整改措施, numbered on from it in the
  document's own item style (五是 after 四是, 5. after 4.), no second heading.

Each new paragraph names a `like` paragraph: the sibling whose formatting it should take (a
sibling heading for a heading, a sibling item for an item). One plan serves every host: the Word
pane inserts it with word.js insertParagraphs, the file flow (render/fill.py) writes it into the
uploaded .docx. Pure: the model, the framework and the remedy library; no python-docx.
"""
from __future__ import annotations

import dataclasses

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import placeholders
from ..checks import numbering as nb
from ..checks.numbering import LABEL_DOT_END, cn_to_int
from ..checks.report import Edit, apply_to_text
from ..checks.structure import Structure, analyze
from ..checks.analysis.aspects import locate_aspects
from ..checks.analysis.items import DimensionBlock, aspect_blocks
from ..checks.analysis.matchers import matchers_for
from ..checks import recognise_material
from ..checks.correspondence import MATCH_THRESHOLD, Measure, Problem, assess, headline, written_measures
from ..checks.material_parts import find_checklist, find_rows_table
from ..checks.soft_breaks import SOFT_BREAKS, split_lines
from ..checks.substance import is_collective
from ..checks.table_layout import column_layout
from ..frameworks import AUTO, Framework, get_framework
from ..model import Document
from ..remedies.library import OWNER
from ..text import clean_text, inner_quotes
from .numerals import chinese_numeral
from .remedies import (DEFAULT_OWNER, DefaultsFilled, Selection, checklist_rows, defaults_filled, item_lead,
                       resolve_selections)
from .scaffold import CAUSE_HINTS, CAUSE_HINT_MORE, measure_hint, problem_hint

SECTION, DIMENSION, ITEM = "section", "dimension", "item"
# A measure's own numbered heading (「（三）严守纪律规矩」) where the writer's measures are
# headings each followed by a paragraph; the paragraph is an ITEM.
MEASURE_HEADING = "measure_heading"
# How many placeholder items a newly inserted dimension or section gets, at least.
MIN_NEW_ITEMS = 2

_CN = "一二三四五六七八九十"
# The writer's own numbering at the start of a paragraph, as written (full- or half-width).
_BRACKETED = re.compile(rf"^\s*([（(])([{_CN}]+|\d+)([)）])")
_DOTTED = re.compile(rf"^\s*([{_CN}]+|\d+)(?:(、)|([.．])(?:{LABEL_DOT_END}))")
_PART = re.compile(rf"^\s*第([{_CN}]+)部分")
_SHI = re.compile(rf"^\s*([{_CN}]+)是")
_DI = re.compile(rf"^\s*第([{_CN}]+)([，、,:：])")
_QI = re.compile(rf"^\s*其([{_CN}]+)([，、,:：])")
_CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED = re.compile(f"^\\s*([{_CIRCLED_DIGITS}])")


@dataclass(frozen=True)
class NewParagraph:
    text: str
    role: str               # section | dimension | item
    like: int | None        # index of the paragraph whose formatting it takes (None: none fits)
    level: int              # 1 section heading, 2 dimension heading, 0 body text
    # Numbered by Word like `like` but from 1 again: the first item of a new aspect where the
    # writer's Word lists restart under each heading (otherwise it would go on at 3., 4.).
    new_list: bool = False
    # A run-in aspect's opening (「（二）在……方面。」 before its 一是……): its length in `text`, so
    # that a host can give it the look of the model's own opening (bold, as writers set it) and
    # the items after it the body's look. 0: the paragraph has one look.
    lead: int = 0

    def to_dict(self) -> dict:
        return {"text": self.text, "role": self.role, "like": self.like, "level": self.level,
                "new_list": self.new_list, "lead": self.lead}


@dataclass(frozen=True)
class Insertion:
    """New paragraphs to go, in order, right after paragraph `after` (-1: the very start)."""

    after: int
    anchor_text: str        # the text of paragraph `after`, so a host can tell it moved
    parts: tuple[str, ...]  # what it adds: "section:causes", "dimension:ability", "remedies"
    label: str              # for people: 补写“（四）担当作为”
    paragraphs: tuple[NewParagraph, ...]
    where: str = ""         # for people: 在“三是……”之后、结束语“以上对照检查……”之前
    # The place is inside the anchor, which the host cuts in two there (Cut): where a closing
    # sentence was typed on at the end of the last measure, or where one line of a paragraph of
    # soft line breaks (Shift+Enter) ends. None: after the whole anchor.
    cut: Cut | None = None

    @property
    def tail(self) -> str:
        return self.anchor_text[self.cut.resume:] if self.cut else ""

    def to_dict(self) -> dict:
        cut, soft = self.cut, self.cut is not None and self.cut.at_soft_break(self.anchor_text)
        return {"after": self.after, "anchorText": self.anchor_text, "parts": list(self.parts),
                "label": self.label, "where": self.where,
                "cut": None if cut is None else {**cut.to_dict(self.anchor_text), "tail": self.tail},
                # The older form of `cut`, kept for the clients written against it: a cut at a soft
                # break as the number of soft breaks before it, another as closingCut.
                "split": cut.soft_breaks_before(self.anchor_text) if soft else None,
                "closingCut": None if cut is None or soft else {
                    "headEnd": cut.at, "tailStart": cut.resume, "tail": self.tail},
                "paragraphs": [p.to_dict() for p in self.paragraphs]}


@dataclass(frozen=True)
class Cut:
    """A paragraph cut in two before inserting, as pressing Enter there would: it keeps its text
    up to `at` (an offset in its text as planned, after the plan's renumbering); the text from
    `resume` on becomes a paragraph of its own after the inserted ones, every run keeping its text
    and look. What lies between — a soft line break (the line ends there), or the blanks before a
    closing sentence typed on after the last measure (「……三是……。以上对照检查，请同志们批评指正。」)
    — goes; nothing else does."""

    at: int
    resume: int

    def at_soft_break(self, text: str) -> bool:
        """Whether the cut takes out a soft line break: the paragraph's lines end there."""
        return any(c in SOFT_BREAKS for c in text[self.at:self.resume])

    def soft_breaks_before(self, text: str) -> int:
        return sum(1 for c in text[:self.at] if c in SOFT_BREAKS)

    def to_dict(self, text: str) -> dict:
        return {"at": self.at, "resume": self.resume, "softBreak": self.at_soft_break(text)}


@dataclass(frozen=True)
class Renumbering:
    """A typed number of one of the writer's headings changed so the numbers still run on after
    an inserted heading (「（三）践行宗旨……」 → 「（四）践行宗旨……」): only those characters.
    Word's and WPS's own lists renumber themselves and are never here."""

    edit: Edit              # of the document as read, before anything is inserted
    before: str             # the paragraph's text as planned
    after: str              # and with the new number

    def to_dict(self) -> dict:
        return {**self.edit.to_dict(), "expected": self.before, "after": self.after}


@dataclass(frozen=True)
class ChecklistRows:
    """Rows added at the end of the attachment's 整改清单 table, one per inserted remedy, made
    like its last row: `cells` the texts by column (序号 continued, the measure in the 整改措施
    column, 责任人 and 完成时限 where the table has them, the other columns left empty)."""

    last_row: int               # the paragraph of the last row's first cell
    anchor_text: str            # its text, so a host can tell the table changed
    rows: tuple[tuple[str, ...], ...]
    # The 责任人 written where neither the writer's rows nor the remedy named one (本人), or None.
    default_owner: str | None = None
    # The headers of the columns whose value was taken from the writer's rows, all alike there:
    # in every new row, and in some only (the others, a time of the remedy's own).
    copied: tuple[str, ...] = ()
    copied_in_some: tuple[str, ...] = ()
    # "attachment": the 整改清单 attached after the back matter, its rows besides the measures
    # inserted in the text; "measures": the writer's 整改措施 are themselves a table, the rows are
    # the new measures (nothing else is inserted for them).
    place: str = "attachment"

    @property
    def line(self) -> str:
        """For people: 「在附件整改清单末尾增加 3 行（序号 2 至 4）」."""
        numbers = [r[0] for r in self.rows if r and r[0]]
        said = ""
        if numbers:
            said = f"（序号 {numbers[0]}）" if len(numbers) == 1 else f"（序号 {numbers[0]} 至 {numbers[-1]}）"
        notes = []
        if self.copied:
            notes.append(f"{'、'.join(self.copied)}照原有各行填写")
        notes += [f"{header}：措施自定时限的按其时限，其余照原有各行填写" for header in self.copied_in_some]
        if self.default_owner:
            notes.append(f"责任人暂写“{self.default_owner}”，请按实际修改")
        notes = f"（{'；'.join(notes)}）" if notes else ""
        if self.place == "measures":
            return f"在整改措施表格末尾增加 {len(self.rows)} 行{said}，写明新措施{notes}"
        return f"并在附件整改清单末尾增加 {len(self.rows)} 行{said}，写明新措施{notes}"

    def to_dict(self) -> dict:
        return {"lastRow": self.last_row, "anchorText": self.anchor_text,
                "rows": [list(r) for r in self.rows], "line": self.line, "place": self.place}


@dataclass(frozen=True)
class Plan:
    framework_id: str
    empty_document: bool            # nothing written yet: insert the whole scaffold instead
    missing: tuple[str, ...]        # every part the document lacks (ids as in Insertion.parts)
    insertions: tuple[Insertion, ...]   # in document order
    # Typed numbers of the writer's headings after an inserted one, changed to run on. A host
    # applies these first, then the insertions (whose anchor_text is the anchor's text after).
    renumber: tuple[Renumbering, ...] = ()
    # Rows for the attached 整改清单, one per inserted remedy (None: no such table, or no remedies).
    checklist: ChecklistRows | None = None
    # The inserted remedies' parameters left at their defaults, a remedy each (none: every value chosen).
    defaults: tuple[DefaultsFilled, ...] = ()
    # Why parts that are missing were not planned, a line each for the writer (see held_aspects).
    held: tuple[str, ...] = ()

    @property
    def paragraph_count(self) -> int:
        return sum(len(i.paragraphs) for i in self.insertions)

    @property
    def summary(self) -> tuple[str, ...]:
        """What carrying out the plan does, a line each, in document order, for the writer to
        see before it happens."""
        lines = [f"{i.where}{i.label}" for i in self.insertions]
        # A cut at a soft break only makes the line a paragraph; one inside a line is said.
        lines += [f"结束语“{_short(i.tail)}”原与“{_short(i.anchor_text)}”在同一段，将另起一段，"
                  f"放在插入的内容之后（文字不变）" for i in self.insertions
                  if i.cut and not i.cut.at_soft_break(i.anchor_text)]
        if self.checklist is not None:
            lines.append(self.checklist.line)
        lines += [f"“{_short(r.before)}”改为“{_short(r.after)}”（序号顺延）" for r in self.renumber]
        lines += [d.line for d in self.defaults]
        lines += self.held
        return tuple(lines)

    def to_dict(self) -> dict:
        return {"framework": self.framework_id, "empty_document": self.empty_document,
                "missing": list(self.missing), "insertions": [i.to_dict() for i in self.insertions],
                "renumber": [r.to_dict() for r in self.renumber], "summary": list(self.summary),
                "checklist": None if self.checklist is None else self.checklist.to_dict(),
                "defaults": [d.to_dict() for d in self.defaults], "held": list(self.held),
                "paragraph_count": self.paragraph_count}


# A 整改清单 row gives a problem in short form: its headline, cut at a clause mark after this many.
ROW_PROBLEM_CHARS = 30


def _short_problem(text: str) -> str:
    """A problem as a 整改清单 row gives it: its headline without its item mark (「请示报告不够
    及时」), a long one cut at the first clause mark after ROW_PROBLEM_CHARS characters."""
    text = clean_text(text)
    found = typed_number(text)   # its item mark as typed (①, 第一，, 其一，), which headline leaves
    text = text[found[1]:].lstrip(" ，,、：:") if found else text
    head = headline(text) or text
    cut = next((i for i, c in enumerate(head) if c in "，,；;：:" and i >= ROW_PROBLEM_CHARS), None)
    return head[:cut] if cut is not None else head


# A 整改清单 whose rows name their problems by a label this short (「中心组学习流于形式」) gets a
# new row's problem as short: its first clause.
ROW_LABEL_CHARS = 16


def _as_short_as(problem: str, written: list[str]) -> str:
    """`problem` in the form of the writer's rows: its first clause where every row of theirs
    names its problem by a short label, else as it is."""
    labels = [cell for cell in written if cell]
    if not labels or any(len(cell) > ROW_LABEL_CHARS for cell in labels):
        return problem
    clause = re.split(r"[，,；;：:]", problem, maxsplit=1)[0]
    return clause if len(clause) >= 4 else problem


def _short(text: str, limit: int = 16) -> str:
    """Writer's text shown between “ and ” in a plan's lines: one line, cut, its quotes nested."""
    text = inner_quotes(" ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit] + "……"


class PlanError(ValueError):
    """A requested part is unknown or not missing; `field` names the request field."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


# ---- numbering like the writer's ---------------------------------------------------------------

def _numeral(token: str) -> bool:
    return not token.isdigit()


def numbering_like(raw: str, number: int) -> str | None:
    """The prefix `raw` opens with (一、 （三） 3. ① 二是 第二， 其二，), renumbered to `number`,
    keeping the writer's brackets, punctuation and digits; None when `raw` has no numbering."""
    text = raw or ""
    cn = chinese_numeral(number) if number <= 99 else str(number)
    if m := _BRACKETED.match(text):
        return f"{m[1]}{cn if _numeral(m[2]) else number}{m[3]}"
    if m := _PART.match(text):
        return f"第{cn}部分"
    if m := _DI.match(text):
        return f"第{cn}{m[2]}"
    if m := _QI.match(text):
        return f"其{cn}{m[2]}"
    if m := _SHI.match(text):
        return f"{cn}是"
    if m := _DOTTED.match(text):
        return f"{cn if _numeral(m[1]) else number}{m[2] or m[3]}"
    if (m := _CIRCLED.match(text)) and number <= len(_CIRCLED_DIGITS):
        return _CIRCLED_DIGITS[number - 1]
    return None


def _number_of(raw: str) -> int | None:
    found = typed_number(raw)
    return found[2] if found else None


def typed_number(raw: str) -> tuple[int, int, int, re.Pattern] | None:
    """(start, end, number, pattern) of the number a paragraph's text opens with as typed
    (「（三）」「3.」「第三部分」「三是」…), its span in `raw`; None when the text has none."""
    text = raw or ""
    for pattern in (_BRACKETED, _PART, _DI, _QI, _SHI, _DOTTED):
        m = pattern.match(text)
        if m:
            token = m[2] if pattern is _BRACKETED else m[1]
            number = int(token) if token.isdigit() else cn_to_int(token)
            start = len(text) - len(text.lstrip())
            return start, m.end(), number, pattern
    m = _CIRCLED.match(text)
    if m:
        return m.start(1), m.end(1), _CIRCLED_DIGITS.index(m[1]) + 1, _CIRCLED
    return None


def _strip_numbering(raw: str) -> str:
    text = raw.strip()
    for pattern in (_BRACKETED, _PART, _DI, _QI, _SHI, _DOTTED, _CIRCLED):
        m = pattern.match(text)
        if m:
            return text[m.end():].lstrip()
    return text


# ---- the planner -------------------------------------------------------------------------------

class _Planner:
    def __init__(self, document: Document, framework: Framework, items: int):
        self.document = document
        self.framework = framework
        self.st: Structure = analyze(document, framework)
        self.texts = [p.text for p in document.paragraphs]
        self.items = max(items, framework.min_items, 1)
        self.first_dimensions = {}
        for block in self.st.dimensions:
            self.first_dimensions.setdefault(block.key, block)
        self.first_sections = {}
        for block in self.st.sections:
            self.first_sections.setdefault(block.key, block)
        # A material set out as a table of columns (方面 | 存在问题 | 原因剖析 | 整改措施) under
        # headings that do not head each section: the table read column by column, as the check
        # reads it (table_layout), says which parts it holds; None for a material in paragraphs.
        self.by_columns: Structure | None = None
        self.columns = None
        if _sections_unheaded(self.st, framework):
            columns = column_layout(document)
            by_columns = analyze(columns.document, framework) if columns is not None else None
            if by_columns is not None and (len({b.key for b in by_columns.sections}) > len(self.first_sections)
                                           or not _sections_unheaded(by_columns, framework)):
                self.by_columns, self.columns = by_columns, columns

    # -- where

    def last_text(self, index: int, floor: int = -1) -> int:
        """The last paragraph at or before `index` (down to `floor`) that has text."""
        i = index
        while i > floor and not self.texts[i].strip():
            i -= 1
        return i

    def end_of_text(self) -> int:
        """The last paragraph of the body: before the back matter (closing sentence, signature,
        date, attachment), which nothing is ever inserted after."""
        back = self.st.back.start
        return self.last_text((len(self.texts) if back is None else back) - 1)

    def rank(self, part: str) -> int:
        """Where a part stands in a material, for parts planned at the same place: a missing
        aspect inside 存在问题 before the sections after it, remedies at the end of 整改措施."""
        kind, _, key = part.partition(":")
        keys = [s.key for s in self.framework.sections]
        roles = {s.key: s.role for s in self.framework.sections}
        if kind == "section":
            return keys.index(key) * 1000
        if kind == "dimension":
            problems = next((k for k in keys if roles[k] == "problems"), keys[0])
            order = [d.key for d in self.framework.dimensions]
            return keys.index(problems) * 1000 + 1 + order.index(key)
        measures = next((k for k in keys if roles[k] == "measures"), keys[-1])
        return keys.index(measures) * 1000 + 999

    # -- what the document lacks

    def in_columns(self, key: str) -> bool:
        """Whether a table of columns holds this section or aspect (a column, a row's 方面)."""
        return self.by_columns is not None and (
            any(b.key == key for b in self.by_columns.sections) or self.by_columns.dimension(key) is not None)

    def missing_sections(self):
        return [s for s in self.framework.sections
                if s.required and s.key not in self.first_sections and not self.in_columns(s.key)
                and not (s.role == "problems" and self.st.aspects_as_sections())]

    def missing_dimensions(self):
        return [d for d in self.framework.dimensions if d.key not in self.first_dimensions and not self.in_columns(d.key)]

    def empty_sections(self):
        """Required sections the writer has headed but not written (「二、原因剖析」 straight
        followed by 「三、整改措施」): their body is what is missing. Not 存在问题, whose body is
        its aspects (missing_dimensions)."""
        return [s for s in self.framework.sections if s.required and s.role != "problems"
                and s.key in self.first_sections and not self.first_sections[s.key].has_body
                and not self.in_columns(s.key)]

    def empty_dimensions(self):
        """Aspects headed but without a problem under them, when the aspects are headings (a
        run-in aspect opening its own paragraph has no heading to write under)."""
        if self.run_in_model() is not None:
            return []
        return [d for d in self.framework.dimensions
                if d.key in self.first_dimensions and not self.first_dimensions[d.key].has_body]

    # -- models to copy

    def section_heading_model(self) -> int | None:
        heads = [b.start for b in self.first_sections.values()]
        return min(heads) if heads else None

    def dimension_heading_model(self) -> int | None:
        heads = [b.start for b in self.first_dimensions.values()
                 if self.texts[b.start].strip() and b.end > b.start]
        return heads[0] if heads else None

    def body_model(self) -> int | None:
        """A paragraph of ordinary written text: the first problem item, else any long one."""
        for block in self.st.dimensions:
            for item in block.items:
                if item.paragraph != block.start:
                    return item.paragraph
        # Not a paragraph in one of Word's lists: a copy would join that list and renumber it
        # (the measures' （一） would read （九） after the new aspects' items).
        paragraphs = self.st.document.paragraphs
        for item in self.st.measures:
            if not paragraphs[item.paragraph].list_label:
                return item.paragraph
        # Then a written paragraph in a section's body (原因剖析's 一是……, when the problems run on
        # in their aspects' heading paragraphs), then any long one — never the title block nor
        # the back matter: a title can be long too, and is centred and bold.
        st = self.st
        headings = {b.start for b in st.sections} | {b.start for b in st.dimensions} | set(st.unmatched_headings)
        aside = set(st.front.title) | set(st.front.lines)
        if st.title_paragraph is not None:
            aside.add(st.title_paragraph)

        def plain(i: int) -> bool:
            return (i not in headings and i not in aside and i not in st.back
                    and not paragraphs[i].list_label and len(self.texts[i].strip()) > 10)
        first_body = min((b.start for b in st.sections), default=len(self.texts))
        for i in range(first_body, len(self.texts)):
            if plain(i):
                return i
        long = [i for i, t in enumerate(self.texts) if len(t.strip()) > 30 and plain(i)]
        return long[0] if long else None

    def item_model(self, items) -> tuple[int | None, str]:
        """The paragraph a new item is formatted like, and its text as written (for the marks)."""
        for item in items:
            raw = self.texts[item.paragraph]
            return item.paragraph, raw if numbering_like(raw, 1) else item.text
        model = self.body_model()
        return model, ""

    # -- building paragraphs

    def section_heading(self, section, number: int) -> NewParagraph:
        model = self.section_heading_model()
        prefix = numbering_like(self.texts[model], number) if model is not None else f"{chinese_numeral(number)}、"
        return NewParagraph(f"{prefix or ''}{section.title}", SECTION, model, 1)

    def dimension_heading(self, dimension, number: int) -> NewParagraph:
        model = self.dimension_heading_model()
        if model is None:
            return NewParagraph(f"（{chinese_numeral(number)}）{dimension.title}", DIMENSION, None, 2)
        raw = self.texts[model]
        prefix = numbering_like(raw, number) or ""
        return NewParagraph(prefix + self._worded_like(_strip_numbering(raw), dimension), DIMENSION,
                            model, 2)

    def _worded_like(self, sibling: str, dimension, sibling_block=None, run_in: bool = False) -> str:
        """The dimension's title worded like a sibling heading: 「在理论学习方面存在的问题」 gives
        「在担当作为方面存在的问题」; a sibling in the official wording gives the official title.
        In a run-in opening (「在……方面，一是……」) the name has no comma of its own: the opening
        ends at its comma, as a reader (and the check) reads it."""
        sibling_block = sibling_block or next(
            (b for b in self.st.dimensions if _strip_numbering(self.texts[b.start]) == sibling), None)
        if sibling_block is not None:
            other = self.framework.dimension(sibling_block.key)
            for name in sorted(other.names, key=len, reverse=True):
                at = sibling.find(name)
                frame = (sibling[:at], sibling[at + len(name):])
                if at >= 0 and len(sibling) <= 40 and not any(map(_has_own_words, frame)):
                    own = dimension.title if name == other.title else dimension.names[0]
                    if run_in:
                        own = _without_comma(dimension)
                    return sibling[:at] + own + sibling[at + len(name):]
        return _framed_like(sibling, dimension.title)

    def numbered_by_word(self, model: int | None) -> bool:
        """Whether `model` is numbered by Word's automatic numbering: a paragraph made like it
        gets its number from Word, so none is written into the text."""
        return model is not None and bool(self.st.document.paragraphs[model].list_label)

    def item_mark(self, model: tuple[int | None, str], n: int) -> str:
        like, raw = model
        if self.numbered_by_word(like):
            return ""
        return (numbering_like(raw, n) if raw else None) or f"{chinese_numeral(n)}是"

    def items_like(self, model: tuple[int | None, str], hints: Sequence[str], start: int = 1):
        like, raw = model
        out = []
        for n, hint in enumerate(hints, start):
            mark = self.item_mark(model, n)
            out.append(NewParagraph(f"{mark or ''}{placeholders.make(hint)}", ITEM, like, 0))
        return out

    def dimension_block(self, dimension, number: int) -> list[NewParagraph]:
        siblings = [i for b in self.first_dimensions.values() for i in b.items if i.paragraph != b.start]
        hint = problem_hint(dimension.guidance)
        run_in = self.run_in_model()
        if run_in is not None:
            # The writer's aspects open their own paragraphs (「在……方面，一是……」「【……方面】一是……」):
            # the new one likewise, its opening worded like theirs, its items run on after it.
            block, lead = run_in
            items = "".join(f"{chinese_numeral(n)}是{placeholders.make(hint)}" for n in range(1, self.items + 1))
            numbered = typed_number(lead)
            if numbered is not None:
                # 「（一）在……方面。一是……二是……」: the writer's number kept in its form.
                prefix = numbering_like(lead, number) or ""
                worded = self._worded_like(_strip_numbering(lead), dimension, block, run_in=True)
                if worded == dimension.title:
                    worded = f"{_without_comma(dimension)}。"
                return [NewParagraph(prefix + worded + items, DIMENSION, block.start, 0,
                                     lead=len(prefix + worded))]
            worded = self._worded_like(lead, dimension, block, run_in=True)
            if worded == dimension.title:   # the sibling's name not found in its opening
                worded = f"在{_without_comma(dimension)}方面，"
            return [NewParagraph(worded + items, DIMENSION, block.start, 0, lead=len(worded))]
        items = self.items_like(self.item_model(siblings), [hint] * self.items)
        if items and self.lists_restart_per_aspect():
            items[0] = dataclasses.replace(items[0], new_list=True)
        return [self.dimension_heading(dimension, number), *items]

    def run_in_model(self):
        """(the first aspect block, its opening as written) when the writer's aspects are run-in
        openings with their items in the same paragraph, else None."""
        for block in self.first_dimensions.values():
            raw = self.texts[block.start]
            folded = self.st.lines[block.start].folded
            first = next((i for i in block.items if i.paragraph == block.start), None)
            # The opening is what stands before the first item in the paragraph.
            end = folded.find(first.text[:8]) if first is not None and first.text else -1
            if end <= 0:
                return None
            offsets = nb.written_offsets(raw)
            lead = raw[:offsets[end]] if offsets else raw[:end]
            if self.st.document.paragraphs[block.start].list_label:
                return None
            if typed_number(lead) and any(i.paragraph != block.start for i in block.items):
                return None   # a numbered heading with only its first item glued on: a heading form
            return block, lead
        return None

    def lists_restart_per_aspect(self) -> bool:
        """Whether the writer's items are Word lists that start at 1 under each aspect heading
        (rather than one list running on through all the aspects)."""
        paragraphs = self.st.document.paragraphs
        firsts = [i for i in (next((i for i in b.items if i.paragraph != b.start), None) for b in self.st.dimensions)
                  if i is not None and paragraphs[i.paragraph].list_label]
        # Every aspect's list starts at 1 (a single aspect's too), or the writer started again at 1
        # under some later aspect: a new aspect's list starts at 1 as well. Only items numbered on
        # through all the aspects (one list, 1. 2. 3. 4.) make new items continue it.
        return bool(firsts) and (all(i.ordinal == 1 for i in firsts) or any(i.ordinal == 1 for i in firsts[1:]))

    def dimension_number(self, dimension) -> int:
        """The number a missing dimension gets: one more than the dimension before it, where the
        writer numbered it (else its place in the framework)."""
        order = [d.key for d in self.framework.dimensions]
        k = order.index(dimension.key)
        before = [self.first_dimensions[key] for key in order[:k] if key in self.first_dimensions]
        if before:
            number = _number_of(self.texts[before[-1].start])
            if number is not None:
                return number + 1 + sum(1 for key in order[order.index(before[-1].key) + 1:k])
        return k + 1

    def section_number(self, section, inserting: Iterable[str] | None = None) -> int:
        """The number a missing section gets: one more than the written section before it, and
        one more for each missing one between them that this plan inserts too (`inserting`: their
        keys; None, every one). A section left unwritten keeps no number: 「一、存在问题」 then a
        remedy's new 整改措施 is 「二、整改措施」, and 补写 of 原因剖析 later takes 二 and moves it on."""
        main = [s for s in self.framework.sections if s.role != "other"]
        k = main.index(section) if section in main else len(main)
        before = [self.first_sections[s.key] for s in main[:k] if s.key in self.first_sections]
        inserted = (lambda s: True) if inserting is None else (lambda s: s.key in set(inserting))  # noqa: E731
        if self.st.aspects_as_sections() and k > 0 and not before:
            # The aspects are the top-level parts (一、…四、): a section after them numbers on
            # from the last of them, and from the sections missing between that are inserted too.
            number = _number_of(self.texts[self.st.dimensions[-1].start])
            if number is not None:
                return number + 1 + sum(1 for s in main[1:k] if s.key not in self.first_sections and inserted(s))
        if before:
            number = _number_of(self.texts[before[-1].start])
            if number is not None:
                return number + 1 + sum(1 for s in main[main.index(
                    next(s for s in main if s.key == before[-1].key)) + 1:k]
                    if s.key not in self.first_sections and inserted(s))
        return 1 + sum(1 for s in main[:k] if s.key in self.first_sections or inserted(s))

    def section_body(self, section, remedies: list[NewParagraph] | None) -> list[NewParagraph]:
        if section.role == "problems":
            body = []
            for i, dimension in enumerate(self.framework.dimensions, 1):
                body.extend(self.dimension_block(dimension, i))
            return body
        if section.role == "measures" and remedies is not None:
            return self.new_list(remedies)
        model = self.item_model([i for b in self.first_dimensions.values() for i in b.items
                                 if i.paragraph != b.start])
        if section.role == "causes":
            n = max(self.items, 3)
            hints = [CAUSE_HINTS[j] if j < len(CAUSE_HINTS) else CAUSE_HINT_MORE for j in range(n)]
            return self.new_list(self.items_like(model, hints))
        if section.role == "measures":
            return self.new_list(self.items_like(model, [measure_hint(d) for d in self.framework.dimensions]))
        return self.new_list(self.items_like(model, [f"写明{section.title}"]))

    def new_list(self, items: list[NewParagraph]) -> list[NewParagraph]:
        """A new section's items, made like a problem item Word numbers: a list of their own,
        from 1 (not 3. 4. 5. on from the last aspect's)."""
        if items and self.numbered_by_word(items[0].like):
            items[0] = dataclasses.replace(items[0], new_list=True)
        return items

    def _anchor(self, order: list[str], key: str, present: dict) -> int | None:
        """Where a missing part goes among its present siblings (`order`: all keys in framework
        order): after the last paragraph of the one before it, else right before the one after
        it; None when no sibling is present."""
        k = order.index(key)
        before = [present[o] for o in order[:k] if o in present]
        if before:
            block = max(before, key=lambda b: b.start)
            return self.last_text(block.end, block.start - 1)
        after = [present[o] for o in order[k + 1:] if o in present]
        return min(b.start for b in after) - 1 if after else None

    def section_anchor(self, section) -> int:
        if section.role == "problems" and self.st.dimensions:
            return self.st.dimensions[0].start - 1   # only the heading is missing: right above them
        found = self._anchor([s.key for s in self.framework.sections], section.key, self.first_sections)
        return self.end_of_text() if found is None else found

    def dimension_anchor(self, dimension) -> int:
        found = self._anchor([d.key for d in self.framework.dimensions], dimension.key, self.first_dimensions)
        if found is not None:
            return found
        problems = self.st.section("problems")
        return self.last_text(problems.end, problems.start - 1) if problems else self.end_of_text()

    # -- the writer's numbers, kept running on

    def run_numbers_on(self, groups: dict[int, list]) -> tuple[Renumbering, ...]:
        """Keep typed heading numbers running on across what is inserted (`groups`: anchor →
        [(part, label, new paragraphs)], changed in place): within the aspects of 存在问题 and
        within the sections, each heading after an inserted one takes the number after the
        heading before it — the new one's as well as the writer's that follow it. Only typed
        numbers of the inserted heading's own form (（三）, 3., 三、…) are counted and changed."""
        out = []
        # The writer's own aspect headings that name no aspect of the framework keep their place
        # in the run of numbers too: a new （二） before the writer's （二） moves it on to （三）.
        aspects = [b.start for b in self.st.dimensions] + list(self.st.unmatched_headings)
        # Aspects standing as the top-level parts (一、…四、) are in the sections' run of numbers.
        sections = [b.start for b in self.st.sections] + (aspects if self.st.aspects_as_sections() else [])
        for role, existing in ((DIMENSION, aspects), (SECTION, sections)):
            new = [(after, k, paragraphs) for after, group in groups.items()
                   for _, _, paragraphs in group for k, p in enumerate(paragraphs) if p.role == role]
            if not new:
                continue
            # Final order: a new paragraph follows its anchor; those of one anchor keep theirs.
            order = sorted([((i, 0, 0), ("old", i)) for i in set(existing)]
                           + [((after, 1, n), ("new", (paragraphs, k)))
                              for n, (after, k, paragraphs) in enumerate(new)], key=lambda x: x[0])
            form = None
            previous = None
            started = False
            for _, (kind, ref) in order:
                if kind == "new":
                    paragraphs, k = ref
                    found = typed_number(paragraphs[k].text)
                    if found is None:
                        continue
                    form = form or found[3]
                    if found[3] is not form:
                        continue
                    # The first of its kind opens the run at 1 (the writer's headings after it
                    # then run on from it).
                    number = (previous + 1) if previous is not None else 1
                    if number != found[2]:
                        text = paragraphs[k].text
                        renumbered = numbering_like(text, number) + text[found[1]:]
                        lead = paragraphs[k].lead and paragraphs[k].lead + len(renumbered) - len(text)
                        paragraphs[k] = dataclasses.replace(paragraphs[k], text=renumbered, lead=lead)
                    previous, started = number, True
                    continue
                raw = self.texts[ref]
                found = typed_number(raw)
                if found is None or self.st.document.paragraphs[ref].list_label:
                    continue
                if form is not None and found[3] is not form:
                    continue
                if started and found[2] != previous + 1 and (form is None or found[3] is form):
                    start, end = found[0], found[1]
                    replacement = numbering_like(raw, previous + 1)
                    after = raw[:start] + replacement + raw[end:]
                    out.append(Renumbering(Edit(ref, start, end, replacement), raw, after))
                    previous = previous + 1
                else:
                    previous = found[2]
        return tuple(sorted(out, key=lambda r: r.edit.paragraph))

    # -- saying where, for people

    _BACK_ROLES = {"closing": "结束语", "signature": "署名", "date": "落款日期", "attachment": "附件"}

    def glued_tail(self, after: int) -> int | None:
        """Where in paragraph `after`'s text the closing sentence glued to its end begins (the
        back matter's `glued`, in the text as written); None when it has none."""
        glued = self.st.back.glued
        if glued is None or glued[0] != after:
            return None
        raw = self.texts[after]
        offsets = nb.written_offsets(raw)
        return offsets[glued[1]] if offsets else glued[1]

    def where(self, after: int) -> str:
        """「在“三是……”之后、结束语“以上对照检查……”之前」: where an insertion after paragraph
        `after` goes, by the text around it."""
        if after < 0:
            return "在文档开头"
        tail = self.glued_tail(after)
        if tail is not None:
            return f"在“{_short(self.texts[after][:tail])}”之后、结束语“{_short(self.texts[after][tail:])}”之前"
        before_text = f"在“{_short(self.texts[after])}”之后"
        following = next((i for i in range(after + 1, len(self.texts)) if self.texts[i].strip()), None)
        if following is None:
            return before_text + "、文末"
        role = self.st.back.role(following)
        name = self._BACK_ROLES.get(role, "")
        return f"{before_text}、{name}“{_short(self.texts[following])}”之前"

    # -- remedies

    def remedy_paragraphs(self, filled) -> tuple[int | None, list[NewParagraph]]:
        """The remedies numbered on from the last measure; the anchor is that measure's paragraph
        (None when there is no 整改措施 section to put them in)."""
        measures = self.st.section("measures")
        items = [i for i in self.st.measures if self.texts[i.paragraph].strip()]
        if measures is None:
            model = self.item_model([i for b in self.first_dimensions.values() for i in b.items
                                     if i.paragraph != b.start])
            start, anchor = 1, None
        elif items:
            last = items[-1]
            raw = self.texts[last.paragraph]
            model = (last.paragraph, raw if numbering_like(raw, 1) else last.text)
            number = last.ordinal if last.ordinal is not None else _number_of(model[1]) or len(items)
            start = number + 1
            anchor = self.last_text(measures.end, measures.start)
        else:
            model = self.item_model([])
            start, anchor = 1, measures.start
        like, raw = model
        paragraphs = []
        headed = self.measure_heading_form(measures) if items else None
        if headed is not None:
            start = (_number_of(self.texts[headed[0]]) or len(items)) + 1
            model = (headed[0], self.texts[headed[0]])
        unnumbered = bool(items) and all(i.ordinal is None for i in items) and not any(
            typed_number(self.texts[i.paragraph]) for i in items)
        annotate = self.measure_annotation(items)
        for n, item in enumerate(filled, start):
            mark = "" if unnumbered else self.item_mark(model, n)
            if annotate is not None:
                item = dataclasses.replace(item, text=item.text + annotate(item))
            if headed is not None:
                # 「（三）严守纪律规矩」 and its paragraph: the title as a heading like the
                # writer's, the text as a paragraph like theirs.
                heading, body = headed
                paragraphs.append(NewParagraph(mark + item.title.rstrip("。；;"), MEASURE_HEADING, heading, 0))
                first = self.item_mark((body, self.texts[body]), 1) if self.st.lines[body].prefix else ""
                paragraphs.append(NewParagraph(first + item.text, ITEM, body, 0))
            else:
                paragraphs.append(NewParagraph(mark + item_lead(item) + item.text, ITEM, like, 0))
        return anchor, paragraphs

    def measure_groups(self) -> dict[str, DimensionBlock]:
        """The writer's measures grouped under headings naming the aspects (「（一）在带头强化政治
        忠诚……方面」 then 一是……, as the problems are): each aspect's group, by its key; empty when
        the measures are not so grouped (headings of their own, 「（一）严守纪律规矩」, name none)."""
        measures = self.st.section("measures")
        if measures is None or measures.end <= measures.start or self.by_columns is not None:
            return {}   # (a table of columns: its rows are the groups, measures_table's)
        places, unmatched, dominant = locate_aspects(self.st.lines, matchers_for(self.framework),
                                                     (measures.start + 1, measures.end))
        blocks = aspect_blocks(self.st.lines, places, dominant)
        # One group is a grouping too (a half-written draft with one aspect, its measures under
        # that aspect's heading again) when it opens the section: no measure stands before it.
        # (A heading standing alone: a measure's bold lead naming an aspect, 「服务群众。坚持……」,
        # is no group.)
        opens = bool(blocks) and not any(self.texts[i].strip() for i in range(measures.start + 1, blocks[0].start)) \
            and _strip_numbering(self.texts[blocks[0].start]).strip(" \t\u3000：:，,。；;") == self.heading_words(blocks[0])
        # Never in a table's columns (a 方面 | 措施 table is measures_table's); a material written
        # whole in a one-cell table holds its groups in that cell's one column.
        in_columns = lambda b: any(self.document.paragraphs[i].table_column not in (None, 0)  # noqa: E731
                                   for i in range(b.start, b.end + 1))
        if not blocks or (len(blocks) < 2 and not opens) or unmatched or any(
                not b.items or in_columns(b) or not self.heads_as_problems(b) for b in blocks):
            return {}
        return {b.key: b for b in blocks}

    def heads_as_problems(self, block: DimensionBlock) -> bool:
        """Whether a heading in 整改措施 is its aspect's heading in 存在问题 again (the same words,
        or the one within the other): measure titles that happen to name an aspect
        (「（四）在严守纪律规矩上下功夫」) are not."""
        problem = self.st.dimension(block.key)
        if problem is None:
            return False
        here, there = nb.fold(self.heading_words(block)), nb.fold(self.heading_words(problem))
        return bool(here and there) and (here in there or there in here)

    def group_remedy_paragraphs(self, block: DimensionBlock, filled) -> tuple[int, list[NewParagraph]]:
        """Remedies of one aspect after the last measure of its group, numbered on from it."""
        items = [i for i in block.items if self.texts[i.paragraph].strip()]
        model = self.item_model(items[-1:])
        last = items[-1]
        number = last.ordinal if last.ordinal is not None else _number_of(model[1]) or len(items)
        annotate = self.measure_annotation(items)
        paragraphs = []
        for n, item in enumerate(filled, number + 1):
            ending = annotate(item) if annotate is not None else ""
            paragraphs.append(NewParagraph(self.item_mark(model, n) + item_lead(item) + item.text + ending,
                                           ITEM, model[0], 0))
        return self.last_text(block.end, block.start), paragraphs

    def new_group_paragraphs(self, groups: dict[str, DimensionBlock], filled) -> list[NewParagraph]:
        """Remedies of aspects that have no group yet, where the measures are grouped by aspect: a
        group of their own for each aspect (framework order), headed like the writer's groups
        with the aspect's heading as written in 存在问题 and numbered on from the last group, its
        measures numbered from 一是 as the groups' are — not each remedy a heading of its title."""
        last = max(groups.values(), key=lambda b: b.start)
        number = _number_of(self.texts[last.start])
        model = self.item_model([i for i in last.items if self.texts[i.paragraph].strip()][-1:])
        annotate = self.measure_annotation(last.items)
        order = [d.key for d in self.framework.dimensions]
        paragraphs: list[NewParagraph] = []
        for k, key in enumerate(sorted({f.selection.dimension for f in filled}, key=order.index), 1):
            raw = self.texts[last.start]
            mark = numbering_like(raw, number + k) if number is not None else None
            title = self.aspect_title(key)
            paragraphs.append(NewParagraph((mark or "") + title, MEASURE_HEADING, last.start, 0))
            mine = [f for f in filled if f.selection.dimension == key]
            for n, item in enumerate(mine, 1):
                ending = annotate(item) if annotate is not None else ""
                paragraphs.append(NewParagraph(self.item_mark(model, n) + item_lead(item) + item.text + ending,
                                               ITEM, model[0], 0))
        return paragraphs

    def indented_like(self, paragraph: NewParagraph) -> NewParagraph:
        """`paragraph` opening with the spaces its model paragraph opens with: a writer who
        indents by typing two 全角 spaces (「　　一是……」) has every paragraph so."""
        if paragraph.like is None or not 0 <= paragraph.like < len(self.texts):
            return paragraph
        indent = _INDENT.match(self.texts[paragraph.like])[0]
        if not indent or _INDENT.match(paragraph.text)[0]:
            return paragraph
        return dataclasses.replace(paragraph, text=indent + paragraph.text)

    def measure_annotation(self, items):
        """Where every measure of the writer's ends with its owner and time in brackets
        (「……。（责任人：王立新；完成时限：2026年6月底）」), a function giving a new measure the same
        ending: the owner named for it, or the one every measure names, else a prompt for the
        writer; its own time. None otherwise."""
        found = [_ANNOTATION.search(self.texts[i.paragraph].rstrip()) for i in items]
        if len(found) < 2 or not all(found):
            return None
        owners = {m["owner"].strip() for m in found}
        every = owners.pop() if len(owners) == 1 else ""
        owner_label, time_label = found[-1]["owner_label"], found[-1]["time_label"]

        def ending(item) -> str:
            named = clean_text(item.selection.owner or "") or clean_text(
                str((item.selection.params or {}).get(OWNER) or ""))
            owner = named or every or placeholders.make(owner_label)
            return f"（{owner_label}：{owner}；{time_label}：{item.deadline}）"
        return ending

    def measures_table(self):
        """The writer's 整改措施 set out as a table (序号 | 问题 | 措施 | 时限, a measure a row)
        inside the section, its last measure in it; None when they are paragraphs."""
        measures = self.st.section("measures")
        items = [i for i in self.st.measures if self.texts[i.paragraph].strip()]
        if measures is None and self.by_columns is not None and self.by_columns.section("measures"):
            # Their column's: the table from its header row (the column title's row).
            title = self.columns.origin[self.by_columns.section("measures").start][0]
            first = title
            while first > 0 and self.document.paragraphs[first - 1].in_table \
                    and (self.document.paragraphs[first - 1].table_column or 0) < (self.document.paragraphs[first].table_column or 0):
                first -= 1
            table = find_rows_table(self.st.lines, self.document.paragraphs, first - 1)
            return table if table is not None and len(table.rows) >= 2 else None
        if measures is None or not items or not self.document.paragraphs[items[-1].paragraph].in_table:
            return None
        table = find_rows_table(self.st.lines, self.document.paragraphs, measures.start)
        if table is None or len(table.rows) < 2 or max(table.last_row) > measures.end:
            return None
        return table

    def checklist_rows(self, filled, table=None) -> ChecklistRows | None:
        """A row per remedy for the attachment's 整改清单 (material_parts.find_checklist), made
        in its columns as the writer fills them; None when the material has no such table. With
        `table` (measures_table) the rows are the measures themselves: the measure column holds
        each one's text whole.

        - 序号 runs on from the last row's;
        - 整改措施: the measure in short form (its title), as 整改清单 rows repeat them;
        - 存在问题: the problem it answers in short form (answered_problems);
        - 完成时限: the remedy's own time where it sets one; otherwise the time every row of the
          writer's says (「长期坚持」 throughout), else 长期坚持;
        - 责任人: the one the writer named for it; otherwise the name every row of the writer's
          says (「张某」 throughout), else 本人 — in a 班子's material, whose rows name posts
          (党组书记、分管副局长) the product cannot know, the cell is left for the writer;
        - 完成情况 / 进展 (progress): empty, the measure is new;
        - another column (备注, 类别): what every row of the writer's says in it (two rows at least),
          else empty.
        """
        place = "attachment" if table is None else "measures"
        if table is None:
            table = find_checklist(self.st.lines, self.document.paragraphs, self.st.back)
        if table is None:
            return None
        last = table.last_row
        number_column = table.column("number")
        first = len(table.rows)   # the header is row 0: data rows 1 … n, the next n + 1
        if number_column is not None and len(table.rows) > 1:
            typed = re.match(r"\s*(\d+)", self.texts[last[number_column]])
            first = int(typed[1]) + 1 if typed else first
        written = [[self.texts[i].strip() for i in row] for row in table.rows[1:]]

        def uniform(column: int, at_least: int = 1) -> str:
            values = {row[column] for row in written}
            return values.pop() if len(written) >= at_least and len(values) == 1 else ""

        problems = self.answered_problems(filled)
        title = self.texts[self.st.title_paragraph] if self.st.title_paragraph is not None else None
        fallback_owner = "" if is_collective(title) else DEFAULT_OWNER
        rows, defaulted_owner, copied = [], False, Counter()
        for item, row, problem in zip(filled, checklist_rows(self.framework, filled, first), problems):
            named = clean_text(item.selection.owner or "") or clean_text(
                str((item.selection.params or {}).get(OWNER) or ""))
            cells = []
            for column, kind in enumerate(table.columns):
                if kind == "number":
                    cells.append(str(row["number"]))
                elif kind == "measure":
                    cells.append(item_lead(item) + item.text if place == "measures" else row["measure"])
                elif kind == "problem":
                    cells.append(_as_short_as(problem, [row[column] for row in written]))
                elif kind == "aspect":
                    cells.append(self.aspect_title(item.selection.dimension))
                elif kind == "deadline":
                    found = "" if item.own_deadline else uniform(column)
                    copied[column] += bool(found)
                    cells.append(found or row["deadline"])
                elif kind == "owner":
                    # A 班子's rows name each measure's post: one row's is no rule for the next.
                    found = "" if named else uniform(column, at_least=1 if fallback_owner else 2)
                    copied[column] += bool(found)
                    defaulted_owner |= not (named or found) and bool(fallback_owner)
                    cells.append(named or found or fallback_owner)
                elif kind == "progress":
                    cells.append("")   # a new measure has not got anywhere yet
                else:
                    found = uniform(column, at_least=2)
                    copied[column] += bool(found)
                    cells.append(found)
            rows.append(tuple(cells))
        def headers(columns) -> tuple[str, ...]:
            return tuple(" ".join(self.texts[table.rows[0][c]].split()) for c in sorted(columns))

        return ChecklistRows(last[0], self.texts[last[0]], tuple(rows), DEFAULT_OWNER if defaulted_owner else None,
                             headers(c for c, n in copied.items() if n == len(rows)),
                             headers(c for c, n in copied.items() if 0 < n < len(rows)), place)

    def answered_problems(self, filled) -> list[str]:
        """For each filled remedy, the problem of this document it answers, in the short form a
        整改清单 row gives it (its headline, 「请示报告不够及时」): the one it was chosen for
        (为此写措施); else, among its aspect's problem items, the one its text answers best
        (the correspondence check's score); else the aspect's only problem, or its only one no
        measure of the writer's answers yet; else the aspect's title as the writer headed it."""
        framework = self.framework
        st = self.problems_reading()
        items = [(block, item) for block in st.dimensions for item in block.items if item.text.strip()]
        problems = [Problem(item.paragraph, st.written(item), framework.dimension(block.key))
                    for block, item in items]
        written = written_measures(st)
        new = [Measure(-1, f"{item_lead(f)}{f.text}") for f in filled]
        assessed = assess(problems, written + new) if problems else []
        out = []
        for k, f in enumerate(filled):
            if clean_text(f.selection.problem or ""):
                out.append(_short_problem(f.selection.problem))
                continue
            key = f.selection.dimension
            mine = [a for a in assessed if getattr(a.problem.dimension, "key", None) == key]
            j = len(written) + k
            answering = sorted((a for a in mine if a.score(j).value >= MATCH_THRESHOLD),
                               key=lambda a: -a.score(j).value)
            open_ = [a for a in mine if not any(m < len(written) for m in a.answered_by)]
            if answering:
                chosen = answering[0]
            elif len(mine) == 1:
                chosen = mine[0]
            elif len(open_) == 1:
                chosen = open_[0]
            else:
                chosen = None
            out.append(_short_problem(chosen.problem.text) if chosen is not None else self.aspect_title(key))
        return out

    def problems_reading(self) -> Structure:
        """The structure whose aspects hold only the writer's problems: a table of columns read
        column by column (`by_columns`) — read paragraph by paragraph, an aspect's row would hold
        its causes and measures as problems under 「一、存在问题、原因及整改措施」. Otherwise the
        document's own."""
        return self.by_columns or self.st

    def aspect_title(self, key: str) -> str:
        """The aspect's heading as the writer wrote it, without its number (「带头干事创业、担当作为
        方面」); the framework's title where the document has no heading for it."""
        block = self.st.dimension(key)
        heading = self.heading_words(block) if block is not None else ""
        return heading or self.framework.dimension(key).title

    def heading_words(self, block: DimensionBlock) -> str:
        """An aspect block's heading as written, without its number and closing marks."""
        raw = self.texts[block.start]
        offsets = nb.written_offsets(raw)
        start, end = (offsets[k] for k in block.heading) if offsets else block.heading
        heading = raw[start:end]
        found = typed_number(heading)
        heading = heading[found[1]:] if found else heading
        return heading.strip(" \t\u3000：:，,。；;")

    def measure_heading_form(self, measures) -> tuple[int, int] | None:
        """(heading, body paragraph) when the writer's measures are short numbered headings each
        followed by its own paragraph (「（二）改进工作作风」 then the text, which may hold 一是…
        of its own): the last such heading and the paragraph after it; else None."""
        heads = [i for i in range(measures.start + 1, measures.end + 1)
                 if self.st.lines[i].heading_like and (self.st.lines[i].prefix or self.st.document.paragraphs[i].list_label)
                 and not self.st.lines[i].starts_with_item]
        if not heads:
            return None
        # Headings of one kind, the first one's: numbered items under them (1. 2.) are no headings.
        kind = self.st.lines[heads[0]].prefix.kind if self.st.lines[heads[0]].prefix else None
        if kind is not None:
            heads = [i for i in heads if self.st.lines[i].prefix and self.st.lines[i].prefix.kind == kind]
        last = heads[-1]
        body = next((i for i in range(last + 1, measures.end + 1) if self.texts[i].strip()), None)
        if body is None:
            return None
        if self.st.lines[body].prefix:
            # Items of its own under each heading (「（四）压实责任」 then 1. 2.): still the
            # headed form, when they number from 1 again under it, and the new heading's text is
            # item 1 of its own.
            firsts = [next((i for i in range(h + 1, measures.end + 1) if self.texts[i].strip()), None)
                      for h in heads]
            if len(heads) < 2 or not all(f is not None and self.st.lines[f].prefix is not None
                                         and self.st.lines[f].prefix.number == 1 for f in firsts):
                return None
            return last, body
        if not self.st.lines[body].folded.rstrip().endswith(("。", ".", "；", ";", "！", "!")):
            return None   # a sentence, not another short heading
        return last, body


# What a heading may hold around an aspect's name and still be only its frame: 「在……方面。」
# 「关于……方面存在的问题：」. Anything else beside the name (「、严守纪律规矩」 after 「增强党性」
# in 「在带头增强党性、严守纪律规矩方面」) is the writer's own wording of that aspect, which must
# not be carried into another aspect's heading.
_FRAME_WORDS = re.compile(r"(?:在|关于|对照|一是|方面|存在的?|的|主要|突出|问题|不足|差距|情况|"
                          r"[。：:．.，,；;【】〔〕\[\]（）()\s])*")
_BRACKETS = {"【": "】", "〔": "〕", "[": "]", "（": "）", "(": ")"}


def _has_own_words(part: str) -> bool:
    return _FRAME_WORDS.fullmatch(part) is None


def _framed_like(sibling: str, title: str) -> str:
    """`title` in the sibling heading's frame, when the sibling's own words cannot be swapped:
    its opening 在 and its closing 方面 with what follows (「在带头……方面。」 gives
    「在<title>方面。」, a title of its own 方面 keeping one)."""
    closer = _BRACKETS.get(sibling[:1])
    if closer and closer in sibling:
        # 「【……方面】」: the frame inside the brackets, the brackets and what follows them kept.
        inner, _, after = sibling[1:].partition(closer)
        return sibling[0] + _framed_like(inner, title) + closer + ("" if _has_own_words(after) else after)
    if "方面" not in sibling:
        return title
    opening = "在" if sibling.startswith("在") and "在" not in title[:3] else ""
    closing = sibling.rpartition("方面")[2]
    closing = "方面" + (closing if not _has_own_words(closing) else "")
    return opening + title.removesuffix("方面") + closing


def _without_comma(dimension) -> str:
    """The dimension's first name without a comma in it (「严守政治纪律和政治规矩」 for
    「带头严守政治纪律和政治规矩，维护党的团结统一」), for a run-in opening."""
    return next((n for n in dimension.names if not re.search(r"[，,；;]", n)), dimension.names[0])


def _heading_label(paragraphs: Sequence[NewParagraph]) -> str:
    """「补写“（三）在……方面”」: a new heading as it will be written, numbers run on. A run-in
    aspect is one paragraph: people are told its opening, not its placeholders."""
    return f"补写“{paragraphs[0].text.split(f'一是{placeholders.OPEN}', 1)[0]}”"


def _remedies_label(paragraphs: Sequence[NewParagraph]) -> str:
    """「插入 3 条整改措施（四是至六是）」: how many, and the numbers they take. Headings each over
    items of their own (a new aspect group: 「（二）带头增强党性……方面」 over 一是、二是) say the group."""
    heads = [p for p in paragraphs if p.role == MEASURE_HEADING]
    if heads and len(heads) < len(paragraphs) - len(heads):
        items = len(paragraphs) - len(heads)
        return f"插入 {items} 条整改措施，新增一组：" + "、".join(f"“{_short(p.text, 20)}”" for p in heads)
    numbered = [p for p in paragraphs if p.role == (MEASURE_HEADING if heads else ITEM)]
    marks = [p.text[found[0]:found[1]] for p in numbered if (found := typed_number(p.text))]
    label = f"插入 {len(numbered)} 条整改措施"
    if marks and len(marks) == len(numbered):
        label += f"，编号“{marks[0]}”" if len(marks) == 1 else f"，编号从“{marks[0]}”到“{marks[-1]}”"
    return label


def framework_for(document: Document, framework) -> Framework:
    """`framework` itself, or — for "auto" — the one the material is written for, recognised from
    its headings, the very one `check` reports. When the headings fit none well, that is still the
    one `check` names (the meeting the title states, or the closest), so that what the check lists
    as missing is what a fill inserts; with no heading matching any, recognition itself falls
    back to the default framework."""
    if isinstance(framework, Framework):
        return framework
    if framework == AUTO:
        return recognise_material(document).framework
    return get_framework(framework)


def part_title(framework: Framework, part: str) -> str:
    kind, _, key = part.partition(":")
    found = framework.dimension(key) if kind == "dimension" else next(
        (s for s in framework.sections if s.key == key), None)
    return found.title if found is not None else part


def part_ids(framework: Framework) -> list[str]:
    return ([f"section:{s.key}" for s in framework.sections if s.required]
            + [f"dimension:{d.key}" for d in framework.dimensions])


def _in_paragraphs(plan: Plan, lines) -> Plan:
    """`plan`, made on a soft-broken material's lines, in its paragraphs: a part that goes after
    the last line of a paragraph goes after that paragraph; one that goes after another of its
    lines goes inside it, where that line ends (Insertion.cut at that soft break)."""
    origin, texts = lines.origin, [p.text for p in lines.original.paragraphs]

    def place_after(line: int) -> tuple[int, int | None]:
        if line < 0:
            return line, None
        paragraph = origin[line][0]
        if line + 1 >= len(origin) or origin[line + 1][0] != paragraph:
            return paragraph, None
        # The break right after the line's text: empty lines after it (a page break before an
        # 附件 reads as one) belong with what follows, as the back matter's.
        text = lines.document.paragraphs[line].text
        end = origin[line][1] + len(text.rstrip(SOFT_BREAKS + " \t\u3000"))
        return paragraph, sum(1 for c in texts[paragraph][:end] if c in SOFT_BREAKS)

    # A renumbered line's edit in its paragraph; a paragraph of several renumbered lines gets
    # the text after all of them.
    edits = [lines.edit(r.edit) for r in plan.renumber]
    after_renumbering = {e.paragraph: apply_to_text(texts[e.paragraph], [x for x in edits if x.paragraph == e.paragraph])
                         for e in edits}
    renumber = tuple(Renumbering(e, texts[e.paragraph], after_renumbering[e.paragraph]) for e in edits)
    insertions = []
    for insertion in plan.insertions:
        after, soft = place_after(insertion.after)
        paragraphs = tuple(dataclasses.replace(p, like=None if p.like is None else origin[p.like][0])
                           for p in insertion.paragraphs)
        anchor_text = after_renumbering.get(after, texts[after]) if after >= 0 else ""
        cut = insertion.cut
        breaks = [k for k, c in enumerate(anchor_text) if c in SOFT_BREAKS]
        if cut is not None and soft is not None:
            # The closing typed on at the end of a line inside the paragraph (「……二是……。以上对照
            # 检查……」, then the signature and date on lines of their own): the paragraph is cut
            # before the closing, not at the break after it, so the closing — and the lines after
            # it — stay after the new paragraphs. Its offsets count from the start of the line (or
            # lines read as one) that ends at that break.
            end = breaks[soft] if soft < len(breaks) else len(anchor_text)
            start = anchor_text.rfind(insertion.anchor_text, 0, end)
            if start >= 0 and not anchor_text[start + len(insertion.anchor_text):end].strip():
                cut = Cut(start + cut.at, start + cut.resume)
            else:   # (the line is not where the paragraph says: cut at the break after it)
                cut = Cut(breaks[soft], breaks[soft] + 1)
        elif soft is not None:
            # At the soft break ending the line. Renumbering changes digits, never breaks: the
            # same break in the text.
            cut = Cut(breaks[soft], breaks[soft] + 1)
        elif cut is not None:
            # The line is its paragraph's last: its offsets count from the paragraph's end.
            from_end = len(insertion.anchor_text)
            cut = Cut(len(anchor_text) - (from_end - cut.at), len(anchor_text) - (from_end - cut.resume))
        insertions.append(dataclasses.replace(
            insertion, after=after, paragraphs=paragraphs, anchor_text=anchor_text, cut=cut))
    checklist = plan.checklist
    if checklist is not None:
        row = origin[checklist.last_row][0]
        checklist = dataclasses.replace(checklist, last_row=row, anchor_text=texts[row])
    return dataclasses.replace(plan, insertions=tuple(insertions), renumber=renumber, checklist=checklist)


# The spaces a writer types to indent a paragraph (「　　」, full-width; or ASCII spaces, tabs).
_INDENT = re.compile(r"[ \t\u3000]*")

# A measure's ending naming its owner and time: 「（责任人：王立新；完成时限：2026年6月底）」.
_ANNOTATION = re.compile(r"[（(]\s*(?P<owner_label>责任人|责任领导|牵头领导|责任单位)\s*[：:]\s*(?P<owner>[^；;，,）)]*)"
                         r"[；;，,]\s*(?P<time_label>完成时限|完成时间|整改时限|时限)\s*[：:]\s*[^）)]*[）)]$")


def _sections_unheaded(st: Structure, framework: Framework) -> bool:
    """Whether the required sections do not each have a heading of their own: one missing, or
    several under one heading (as checks._sections_unread says of a report)."""
    required = [s.key for s in framework.sections if s.required]
    starts = {b.key: b.start for b in reversed(st.sections)}
    return not all(k in starts for k in required) or len({starts[k] for k in required}) < len(required)


def plan_fill(document: Document, framework: Framework | str | None = None, *,
              add_missing: bool | Iterable[str] = True,
              selections: Sequence[Selection] = (),
              items_per_dimension: int = MIN_NEW_ITEMS) -> Plan:
    """Plan the insertions that complete `document`.

    add_missing: True for every missing part, False for none, or the part ids to add
    ("section:causes", "dimension:ability"; each must be missing, else PlanError).
    selections: remedies to add under 整改措施 (RemedyParameterError / SelectionError as when
    rendering them).
    """
    lines = split_lines(document)
    if lines is not None:
        # Planned on the lines its headings stand on, placed back in the document's paragraphs.
        plan = plan_fill(lines.document, framework_for(lines.document, framework),
                         add_missing=add_missing, selections=selections,
                         items_per_dimension=items_per_dimension)
        return _in_paragraphs(plan, lines)
    framework = framework_for(document, framework)
    planner = _Planner(document, framework, items_per_dimension)
    if planner.st.section("problems") is None and column_layout(document) is not None:
        raise PlanError("这份材料是按表格分栏写的（对照方面、存在问题、整改措施各占一列），新内容无法作为段落插入"
                        "表格的列中；请直接在表格里补写，或把表格内容改成正文段落后再补写", "add_missing")
    empty = not any(t.strip() for t in planner.texts)
    missing_sections = planner.missing_sections()
    # With the dimensions written but no 存在问题 heading, only the heading is missing.
    missing_dimensions = planner.missing_dimensions() if (planner.st.dimensions or planner.first_sections.get(
        next((s.key for s in framework.sections if s.role == "problems"), ""))) else []
    # Parts headed but empty: their body goes in under the writer's own heading.
    empty_sections, empty_dimensions = planner.empty_sections(), planner.empty_dimensions()
    missing = [f"section:{s.key}" for s in missing_sections] + [f"dimension:{d.key}" for d in missing_dimensions]
    missing += [f"section:{s.key}" for s in empty_sections] + [f"dimension:{d.key}" for d in empty_dimensions]
    if add_missing is True:
        wanted = set(missing)
    elif not add_missing:
        wanted = set()
    else:
        wanted = set()
        for i, part in enumerate(add_missing):
            if part not in part_ids(framework):
                raise PlanError(f"所选框架没有这一部分（{part}），请重新检查后再补写", f"add_missing.{i}")
            if part not in missing:
                raise PlanError(f"文档已有“{part_title(framework, part)}”，无需补写；请重新检查",
                                f"add_missing.{i}")
            wanted.add(part)

    held = ()
    if add_missing is True:
        kept = held_aspects(planner.st, missing_dimensions)
        if kept:
            held = (kept,)
            wanted -= {f"dimension:{d.key}" for d in missing_dimensions}
    # after, rank, part, label (or how to say it once the numbers have run on), paragraphs
    in_rows = [d for d in missing_dimensions if f"dimension:{d.key}" in wanted] if planner.by_columns is not None else []
    if in_rows:
        # The aspects are rows of a table of columns: a missing one is a row the writer adds in
        # the table (as paragraphs, it would go into one of the cells).
        names = "、".join(f"「{d.title}」" for d in in_rows)
        raise PlanError(f"这份材料的对照方面写在表格的各行里，缺少的{names}无法作为段落插入表格；"
                        "请在表格中按顺序为它们各加一行，写明存在问题、原因和整改措施，再重新检查", "add_missing")
    pending: list[tuple[int, int, str, object, list[NewParagraph]]] = []
    remedies_anchor, remedies, filled = None, None, []
    if selections:
        # Checked and filled once (resolve_selections): the paragraphs, the table rows, the defaults.
        filled = resolve_selections(framework, selections)
        # Measures grouped by aspect: each remedy at the end of its aspect's group; the others
        # (an aspect without a group) after the last measure, as ever.
        groups = planner.measure_groups()
        for key, block in groups.items():
            mine = [f for f in filled if f.selection.dimension == key]
            if mine:
                anchor, paragraphs = planner.group_remedy_paragraphs(block, mine)
                pending.append((anchor, planner.rank("remedies"), "remedies", _remedies_label(paragraphs), paragraphs))
        rest = [f for f in filled if f.selection.dimension not in groups]
        remedies_anchor, remedies = planner.remedy_paragraphs(rest) if rest else (None, [])
        if rest and groups:
            remedies = planner.new_group_paragraphs(groups, rest)

    inserting = [s.key for s in missing_sections if f"section:{s.key}" in wanted
                 or s.role == "measures" and remedies is not None]
    for section in missing_sections:
        part = f"section:{section.key}"
        with_remedies = section.role == "measures" and remedies is not None
        if part not in wanted and not with_remedies:
            continue
        heading = planner.section_heading(section, planner.section_number(section, inserting))
        if section.role == "problems" and planner.st.dimensions:
            body = []   # the dimensions are there: only the heading is missing
        else:
            body = planner.section_body(section, remedies if with_remedies else None)
        pending.append((planner.section_anchor(section), planner.rank(part), part, _heading_label,
                        [heading, *body]))
    for dimension in missing_dimensions:
        part = f"dimension:{dimension.key}"
        if part not in wanted:
            continue
        block = planner.dimension_block(dimension, planner.dimension_number(dimension))
        pending.append((planner.dimension_anchor(dimension), planner.rank(part), part, _heading_label, block))
    for section in empty_sections:
        part = f"section:{section.key}"
        if part not in wanted or section.role == "measures" and remedies is not None:
            continue   # an empty 整改措施 with remedies chosen: the remedies are its body
        block = planner.first_sections[section.key]
        pending.append((planner.last_text(block.end, block.start), planner.rank(part), part,
                        f"补写{section.title}的内容", planner.section_body(section, None)))
    for dimension in empty_dimensions:
        part = f"dimension:{dimension.key}"
        if part not in wanted:
            continue
        block = planner.first_dimensions[dimension.key]
        items = planner.dimension_block(dimension, 1)[1:]
        pending.append((planner.last_text(block.end, block.start), planner.rank(part), part,
                        f"补写{dimension.title}的问题", items))
    measures_table = planner.measures_table() if remedies is not None else None
    if remedies is not None and remedies_anchor is not None and measures_table is None:
        pending.append((remedies_anchor, planner.rank("remedies"), "remedies", _remedies_label(remedies), remedies))

    merged: dict[int, list] = {}
    for after, _, part, label, paragraphs in sorted(pending, key=lambda p: (p[0], p[1])):
        merged.setdefault(after, []).append((part, label, paragraphs))
    groups = {after: [(part, label, [planner.indented_like(p) for p in paragraphs])
                      for part, label, paragraphs in group]
              for after, group in merged.items()}
    renumber = planner.run_numbers_on(groups)   # numbers the new headings too, in place
    groups = {after: [(part, label if isinstance(label, str) else label(paragraphs), paragraphs)
                      for part, label, paragraphs in group] for after, group in groups.items()}
    renumbered = {r.edit.paragraph: r.after for r in renumber}

    def closing_cut(after: int, anchor_text: str) -> Cut | None:
        tail = planner.glued_tail(after) if after >= 0 else None
        if tail is None:
            return None
        at = len(anchor_text) - (len(planner.texts[after]) - tail)   # renumbering is before it
        return Cut(at, at)

    insertions = tuple(
        Insertion(after, anchor, tuple(p for p, _, _ in group), "；".join(label for _, label, _ in group),
                  tuple(par for _, _, pars in group for par in pars), planner.where(after), closing_cut(after, anchor))
        for after, group in sorted(groups.items())
        for anchor in [renumbered.get(after, planner.texts[after]) if after >= 0 else ""])
    inserts_remedies = remedies is not None and (measures_table is not None or any(
        "remedies" in i.parts or "section:measures" in i.parts for i in insertions))
    if measures_table is not None:
        # The measures are a table: the new ones are its rows (an attachment's 整改清单 besides
        # it is the writer's to extend; the plan grows one table).
        checklist = planner.checklist_rows(filled, measures_table)
    else:
        checklist = planner.checklist_rows(filled) if inserts_remedies else None
    defaults = defaults_filled(filled) if inserts_remedies else ()
    return Plan(framework.id, empty, tuple(missing), insertions, renumber, checklist, defaults, held)


def held_aspects(st: Structure, missing_dimensions) -> str:
    """Why the missing aspects are not inserted, or "" when they are: a writer whose 存在问题 has
    at least as many headings of its own that name no aspect of the framework (a branch's own
    「在组织观念方面」「在发挥党员作用方面」 for a 组织生活会) has likely written the missing aspects
    under them, in other words — new aspects beside them would say the same things twice and
    renumber the writer's. Asked for one by one (add_missing with the part ids), they are."""
    own = [st.document.paragraphs[i].text.strip() for i in st.unmatched_headings]
    if not missing_dimensions or len(own) < len(missing_dimensions):
        return ""
    names = "、".join(f"“{d.title}”" for d in missing_dimensions)
    return (f"“存在问题”中有 {len(own)} 个标题（“{_short(own[0], 16)}”等）对应不上“{st.framework.title}”的"
            f"对照方面，缺少的{names}可能就写在这些标题下，所以没有补写；请按框架的表述改写这些标题后再检查，"
            "或用文中标题新建框架；确需补写时，请逐项选择要补写的方面")
