"""What a material has around its body: front matter before it, back matter after it.

A real 对照检查材料 (shared research: material-anatomy) opens with a title block — a unit line, the
title on one or two lines, a name / post line, a date line 「（2026年1月）」 — and a preamble
(「根据……现将对照检查情况报告如下：」), and very often ends after its last measure with a closing
sentence (「以上对照检查，请同志们批评指正。」), a signature, a date, and an attachment (「附件：整改
清单」 and its table). None of these is a problem, a cause or a measure: the sections end where the
back matter begins, nothing is inserted after it, and its lines are neither items nor numbered
headings. Read from the folded lines (analysis/lines.py), framework-independent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A closing sentence says the report is over and asks for criticism: 「以上对照检查，如有不妥之处，
# 恳请同志们批评指正。」「以上是我的对照检查，请同志们批评帮助。」「恳请大家提出宝贵意见。」
_CLOSING = re.compile(
    r"^(?:以上(?:是|为|就是)?(?:我|本人|我们|班子)?(?:的)?(?:个人)?(?:对照检查|检视剖析|发言|剖析|汇报|检查|报告|材料|情况)"
    r"|(?:恳|敬|诚)?请(?:各位|同志们|大家|组织|与会同志|各位同志)"
    r"|(?:如有|若有|不妥|不当|不足|不到)之处"
    r"|谢谢(?:大家|各位)?"
    r"|欢迎(?:同志们|大家)"
    r")")
_CLOSING_ASK = re.compile(r"批评指正|批评帮助|提出(?:宝贵)?(?:意见|批评)|批评意见|帮助指正|不吝赐教|请指正|谢谢")
MAX_CLOSING_CHARS = 80

_CN_YEAR = "〇零一二三四五六七八九○Ｏ"
# A date line: 「2026年1月8日」「二〇二六年一月八日」「2026年1月」「2026.1.8」, alone on its line.
_DATE = re.compile(
    rf"^[(（]?(?:\d{{4}}|[{_CN_YEAR}]{{4}})\s*年\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"(?:\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日)?[)）]?$"
    r"|^[(（]?\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?[)）]?$")
# An attachment's heading: 「附件：整改清单」「附件1」「附：问题整改清单」「附件」.
_ATTACHMENT = re.compile(r"^附(?:件|表)?\s*[0-9一二三四五六七八九十]?\s*(?:[:：]|$|[0-9一二三四五六七八九十]?\s*$)"
                         r"|^附(?:件|表)\s*[0-9一二三四五六七八九十]*\s*[:：]?.{0,24}(?:清单|台账|一览表|明细)$")
# A list's title standing alone above an appended table: 「整改清单」「问题清单和整改措施清单」.
_LIST_TITLE = re.compile(r"^.{0,20}(?:清单|台账|一览表)$")
# A signature line: a name, a post and a name, a unit; short, no sentence inside.
MAX_SIGNATURE_CHARS = 24
MAX_SIGNATURE_LINES = 3
_SENTENCE_MARKS = re.compile(r"[,，。.;；!！?？、]")
_NOT_SIGNATURE = re.compile(r"方面|问题|原因|措施|整改|剖析|情况|不足|差距|根源")
# 「（此件不公开）」「（本材料仅供……）」: a note on the document itself.
_NOTE = re.compile(r"^[(（][^()（）]{2,20}[)）]$")
# The front matter: a title's own words, a name / post line, a unit line.
_TITLE_WORDS = re.compile(r"对照检查|检视剖析|剖析材料|发言提纲|检查材料|个人剖析|发言材料|对照检视|检视材料")
MAX_TITLE_CHARS = 50
MAX_FRONT_LINE_CHARS = 30


@dataclass(frozen=True, slots=True)
class BackMatter:
    """The material's end after its body, by paragraph index. `start` is the first paragraph of
    it (everything from there on is back matter); None when the material has none."""

    start: int | None = None
    closing: tuple[int, ...] = ()
    signature: tuple[int, ...] = ()
    date: tuple[int, ...] = ()
    attachment: int | None = None       # the attachment's first paragraph (its heading or table)

    def __contains__(self, index: int) -> bool:
        return self.start is not None and index >= self.start

    def role(self, index: int) -> str | None:
        """closing | signature | date | attachment | None (not back matter, or an empty line)."""
        if index in self.closing:
            return "closing"
        if index in self.signature:
            return "signature"
        if index in self.date:
            return "date"
        if self.attachment is not None and index >= self.attachment:
            return "attachment"
        return None

    def to_dict(self) -> dict:
        return {"start": self.start, "closing": list(self.closing), "signature": list(self.signature),
                "date": list(self.date), "attachment": self.attachment}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The title block before the body: the title's lines, a unit line above them, name / post
    and date lines below, and the preamble paragraphs up to the first heading."""

    title: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()          # unit, name / post and date lines of the title block
    preamble: tuple[int, ...] = ()

    @property
    def end(self) -> int:
        """The last paragraph of the front matter (-1: none)."""
        return max((*self.title, *self.lines, *self.preamble), default=-1)

    def to_dict(self) -> dict:
        return {"title": list(self.title), "lines": list(self.lines), "preamble": list(self.preamble)}


def is_closing(folded: str) -> bool:
    text = folded.strip()
    if not text or len(text) > MAX_CLOSING_CHARS:
        return False
    return bool(_CLOSING.match(text)) and bool(_CLOSING_ASK.search(text) or text.startswith("以上"))


def is_date_line(folded: str) -> bool:
    return bool(_DATE.match(folded.strip().replace(" ", "").rstrip("。.")))


def _in_columns(paragraph) -> bool:
    """In a table cell other than a row's first: a 整改清单's 责任人 or 完成时限, never the
    material's own closing lines (a material written whole in a one-cell table has those in
    the cell)."""
    return paragraph.in_table and bool(paragraph.table_column)


def _signature_like(line, paragraph) -> bool:
    text = line.folded.strip()
    text = text[:-1] if text[-1:] in "。." else text   # 「王明。」: a full stop typed out of habit
    return (0 < len(text) <= MAX_SIGNATURE_CHARS and not line.prefix and not line.starts_with_item
            and not _SENTENCE_MARKS.search(text) and not _NOT_SIGNATURE.search(text))


def find_back_matter(lines, paragraphs, floor: int) -> BackMatter:
    """The back matter after paragraph `floor` (the last heading of the body: nothing at or
    before it is back matter).

    From the end back: an attachment (an 附件 heading, or a table appended after a closing, a
    date or a list's title) with all that follows it; then dates, signature lines and closing
    sentences, in any order writers use (closing / signature / date), up to the first line that
    is none of them."""
    n = len(lines)
    attachment = _attachment_start(lines, paragraphs, floor)
    end = (attachment if attachment is not None else n) - 1
    closing, signature, date = [], [], []
    pending: list[int] = []      # signature-like lines, kept only beside a date or a closing
    i = end
    while i > floor:
        line = lines[i]
        text = line.folded.strip()
        if not text:
            i -= 1
            continue
        if _in_columns(paragraphs[i]):
            break
        if is_date_line(text) and not closing:
            date.append(i)
        elif is_closing(text):
            closing.append(i)
        elif closing and not is_closing(text):
            break
        elif (_signature_like(line, paragraphs[i]) or _NOTE.match(text)) and len(pending) < MAX_SIGNATURE_LINES:
            pending.append(i)
        else:
            break
        i -= 1
    if pending and (date or closing):
        # A short line counts as a signature only after the closing sentence (or beside a date
        # with none): one before the closing is the body's.
        first_closing = min(closing) if closing else -1
        signature = [k for k in pending if k > first_closing]
    found = closing + signature + date
    if attachment is not None:
        found.append(attachment)
    if not found:
        return BackMatter()
    start = min(found)
    while start - 1 > floor and not lines[start - 1].folded.strip():
        start -= 1   # the empty lines and page breaks before it go with it
    return BackMatter(start, tuple(sorted(closing)), tuple(sorted(signature)), tuple(sorted(date)),
                      attachment)


def announces_attachment(folded: str) -> bool:
    """Whether a line before a table makes it an attachment rather than the material's own
    columns: an 附件 heading, a list's title (整改清单), or the material's closing lines."""
    text = folded.strip()
    return bool(text) and (bool(_ATTACHMENT.match(text)) and len(text) <= 40
                           or bool(_LIST_TITLE.match(text)) and len(text) <= 30
                           or is_closing(text) or is_date_line(text))


def _attachment_start(lines, paragraphs, floor: int) -> int | None:
    """Where an attachment begins: the first 附件 heading after `floor`, or a table at the very
    end announced by a list's title or following a closing / date (not a table that is itself
    the last section's content)."""
    n = len(lines)
    for i in range(floor + 1, n):
        text = lines[i].folded.strip()
        if text and not _in_columns(paragraphs[i]) and len(text) <= 40 and _ATTACHMENT.match(text):
            return i
    # A trailing table: the run of table paragraphs that ends the document.
    j = n - 1
    while j > floor and not lines[j].folded.strip():
        j -= 1
    if j <= floor or not paragraphs[j].in_table:
        return None
    start = j
    while start - 1 > floor and (paragraphs[start - 1].in_table or not lines[start - 1].folded.strip()):
        start -= 1
    while start < j and not lines[start].folded.strip():
        start += 1
    before = start - 1
    while before > floor and not lines[before].folded.strip():
        before -= 1
    if before <= floor or paragraphs[before].in_table:
        return None
    text = lines[before].folded.strip()
    if not announces_attachment(text):
        return None
    return before if _LIST_TITLE.match(text) else start


def title_index(lines) -> int | None:
    """The title's paragraph: within the first three lines with text, a short one with a
    title's words (对照检查, 检视剖析, 发言提纲 …)."""
    head = [ln for ln in lines[:8] if ln.folded.strip()][:3]
    return next((ln.index for ln in head if looks_like_title(ln.folded) and not ln.prefix), None)


def looks_like_title(folded: str) -> bool:
    """A short line with a title's words (对照检查材料, 发言提纲 …) — not a numbered heading such as
    「一、对照检查情况」, which the caller tells apart by its number."""
    return bool(_TITLE_WORDS.search(folded)) and len(folded.strip()) <= MAX_TITLE_CHARS


def find_front_matter(lines, paragraphs, title: int | None, body_start: int | None) -> FrontMatter:
    """The title block (`title`: title_index) and the preamble before `body_start` (the first
    heading of the body; None: no recognised heading, so no preamble is told apart)."""
    n = len(lines)
    texts = [ln.folded.strip() for ln in lines]
    limit = n if body_start is None else body_start
    if title is None:
        first = next((i for i in range(limit) if texts[i]), limit)
        return FrontMatter(preamble=_preamble(lines, first, limit, texts) if body_start is not None else ())
    front_lines = [k for k in range(0, title) if texts[k] and len(texts[k]) <= MAX_FRONT_LINE_CHARS
                   and not _SENTENCE_MARKS.search(texts[k])]   # a unit line, the title's first line
    k = title + 1
    while k < limit and (not texts[k] or (len(texts[k]) <= MAX_FRONT_LINE_CHARS and not lines[k].prefix
                                          and not lines[k].starts_with_item
                                          and not _SENTENCE_MARKS.search(texts[k].strip("()（）")))):
        if texts[k]:
            front_lines.append(k)      # the title's second line, a name / post line, a date line
        k += 1
    preamble = _preamble(lines, k, limit, texts) if body_start is not None else ()
    return FrontMatter((title,), tuple(front_lines), preamble)


def _preamble(lines, start: int, limit: int, texts) -> tuple[int, ...]:
    """The body-text paragraphs between the title block and the first heading."""
    return tuple(i for i in range(start, limit) if texts[i] and not lines[i].heading_like)
