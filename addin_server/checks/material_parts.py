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

import dataclasses
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import regexes
from ..config import KnowledgeFolders
from ..datafiles import DataFileError, Fields, LoadProblem, compile_regex, load_toml
from ..linear_regex import LinearRegexError

# A closing sentence says the report is over and asks for criticism: 「以上对照检查，如有不妥之处，
# 恳请同志们批评指正。」「以上是我的对照检查，请同志们批评帮助。」「恳请大家提出宝贵意见。」 Its
# wordings, and the 整改清单's column words, are data: back_matter.toml beside this module, to which
# an organisation's folder (`back_matter_dir`) and the user's (<user config dir>/back_matter/) add.
SHIPPED = "back_matter.toml"
FOLDER = "back_matter"   # the user's files: <user config dir>/back_matter/*.toml
# What a 整改清单 column holds, by its header; "progress" (完成情况, 进展) is a column of how each
# measure is getting on, left empty in a new row and never read as another kind (「完成情况」 is
# no deadline, 「整改成效」 no measure).
CHECKLIST_KINDS = ("number", "deadline", "owner", "measure", "problem", "aspect", "progress")


class BackMatterDataError(DataFileError):
    """A back-matter words file is not as this module needs it (the file and field named)."""


@dataclass(frozen=True, slots=True)
class BackMatterWords:
    closing: re.Pattern            # a closing sentence's opening, matched at its start
    ask: re.Pattern                # its asking for criticism, anywhere in it
    columns: tuple[tuple[str, re.Pattern], ...]   # a 整改清单 column's kind by its header's words
    post: re.Pattern | None = None # a post in a byline's 「单位职务」, where the unit ends
    # The expressions as written, for a file from a folder to add to.
    openings: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()
    # Files from the organisation or user folder that were skipped, and why (catalogue.py).
    problems: tuple[LoadProblem, ...] = ()
    # (file name, origin) of every file read, the shipped one first.
    sources: tuple[tuple[str, str], ...] = ()


def parse_words(data: dict, source: str, base: BackMatterWords | None = None,
                linear: bool = False) -> BackMatterWords:
    """The words of a back-matter file (BackMatterDataError naming the field). With `base` (the
    words read so far) every list is optional and adds to base's: closing wordings after its
    own, checklist columns before its own (the first kind that matches wins, so a file's own
    column words decide). `linear`: a file from a folder, its expressions run by RE2."""
    root = _Fields(data, "", source, linear)
    closing = _Fields(root.get("closing", dict, {}), "closing", source, linear)
    byline = _Fields(root.get("byline", dict, {}), "byline", source, linear)

    def alternatives(key: str, known: tuple[str, ...], table: _Fields = closing,
                     required: bool = True) -> tuple[str, ...]:
        found = table.texts(key)
        if not found and base is None and required:
            raise BackMatterDataError("至少要写一个表达式 / must list at least one expression", table.name(key), source)
        for i, text in enumerate(found):
            try:
                compile_regex(text, linear)
            except (re.error, LinearRegexError) as exc:
                raise BackMatterDataError(f"不是可用的正则表达式：{exc} / is not a valid regular expression",
                                          f"{table.name(key)}[{i}]", source) from None
        return known + tuple(t for t in found if t not in known)

    columns = []
    if base is None or "checklist_columns" in root.table:
        for table in root.tables("checklist_columns"):
            kind = table.text("kind")
            if kind not in CHECKLIST_KINDS:
                raise BackMatterDataError(f"须为以下之一：{'、'.join(CHECKLIST_KINDS)} / must be one of {', '.join(CHECKLIST_KINDS)}",
                                          table.name("kind"), source)
            columns.append((kind, table.regex("words")))
    openings = alternatives("openings", base.openings if base else ())
    asks = alternatives("asks", base.asks if base else ())
    # Posts are optional: without them a byline's unit is its whole text.
    posts = alternatives("posts", base.posts if base else (), byline, required=False)
    # A folder file's expressions run by RE2, and so the wordings joined with them.
    return BackMatterWords(compile_regex("^(?:" + "|".join(f"(?:{t})" for t in openings) + ")", linear),
                           compile_regex("|".join(f"(?:{t})" for t in asks), linear),
                           tuple(columns) + (base.columns if base else ()),
                           compile_regex("|".join(f"(?:{t})" for t in posts) or r"[^\s\S]", linear),
                           openings, asks, posts,
                           base.problems if base else (), base.sources if base else ())


class _Fields(Fields):
    error = BackMatterDataError


@functools.lru_cache(maxsize=1)
def shipped_words() -> BackMatterWords:
    with resources.as_file(resources.files(__package__) / SHIPPED) as path:
        words = parse_words(load_toml(path, BackMatterDataError), path.name)
    return dataclasses.replace(words, sources=((SHIPPED, "shipped"),))


def load_words(found=()) -> BackMatterWords:
    """The shipped words, then each (origin, folder)'s *.toml files in name order adding to them;
    a file that does not read is skipped and listed in `problems` with its file and field."""
    words, problems = shipped_words(), []
    for origin, folder in found:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml"))[:MAX_FILES_PER_FOLDER]:
            try:
                added = parse_words(load_toml(path, BackMatterDataError), path.name, words, linear=True)
            except (DataFileError, OSError) as exc:
                problems.append(LoadProblem(origin, str(path), str(exc)))
                continue
            words = dataclasses.replace(added, sources=words.sources + ((path.name, origin),))
    return dataclasses.replace(words, problems=tuple(problems))


_folders = KnowledgeFolders("back_matter_dir", FOLDER, load_words)
use_settings = _folders.use_settings
folders = _folders.folders


def words() -> BackMatterWords:
    """The words in use: read on first use and again when a folder's files change
    (datafiles.FolderReading)."""
    return _folders.get()


def reload() -> BackMatterWords:
    _folders.forget()
    return words()


def load_problems() -> tuple[LoadProblem, ...]:
    return words().problems


MAX_FILES_PER_FOLDER = 200
MAX_CLOSING_CHARS = 80
MAX_BARE_CLOSING_CHARS = 16   # a closing glued to the body without asking for criticism, at most

_CN_YEAR = "〇零一二三四五六七八九○Ｏ"
# A date line: 「2026年1月8日」「二〇二六年一月八日」「2026年1月」「2026.1.8」, alone on its line.
_DATE = regexes.compile(
    rf"^[(（]?(?:\d{{4}}|[{_CN_YEAR}]{{4}})\s*年\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"(?:\s*(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日)?[)）]?$"
    r"|^[(（]?\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?[)）]?$")
# An attachment's heading: 「附件：整改清单」「附件1」「附：问题整改清单」「附件」.
_ATTACHMENT = regexes.compile(r"^附(?:件|表)?\s*[0-9一二三四五六七八九十]?\s*(?:[:：]|$|[0-9一二三四五六七八九十]?\s*$)"
                         r"|^附(?:件|表)\s*[0-9一二三四五六七八九十]*\s*[:：]?.{0,24}(?:清单|台账|一览表|明细)$")
# A list's title standing alone above an appended table: 「整改清单」「问题清单和整改措施清单」.
_LIST_TITLE = regexes.compile(r"^.{0,20}(?:清单|台账|一览表)$")
# A signature line: a name, a post and a name, a unit; short, no sentence inside.
MAX_SIGNATURE_CHARS = 24
MAX_SIGNATURE_LINES = 3
_SENTENCE_MARKS = regexes.compile(r"[,，。.;；!！?？、]")
_NOT_SIGNATURE = regexes.compile(r"方面|问题|原因|措施|整改|剖析|情况|不足|差距|根源")
# A line that is only a placeholder for the name or the date (「【请填写：姓名】」「【请填写：日期，如……】」),
# as the scaffold and writers' own templates end a material: the signature or the date to come.
_NAME_PLACEHOLDER = regexes.compile(r"^【\s*请填写\s*[:：]?\s*(?:姓名|署名|单位|职务|落款)[^】【]*】$")
_DATE_PLACEHOLDER = regexes.compile(r"^【\s*请填写\s*[:：]?\s*(?:日期|时间|年月日|成文日期)[^】【]*】$")
# 「（此件不公开）」「（本材料仅供……）」: a note on the document itself.
_NOTE = regexes.compile(r"^[(（][^()（）]{2,20}[)）]$")
# The front matter: a title's own words, a name / post line, a unit line.
_TITLE_WORDS = regexes.compile(r"对照检查|检视剖析|剖析材料|发言提纲|检查材料|个人剖析|发言材料|对照检视|检视材料")
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
    # A closing sentence the writer put at the end of the body's last paragraph rather than on a
    # line of its own: (paragraph, offset in its folded line where the closing begins). That
    # paragraph is the body's (its text before the offset); what is inserted after the body goes
    # before the closing, the paragraph split there.
    glued: tuple[int, int] | None = None

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
                "date": list(self.date), "attachment": self.attachment,
                "glued": list(self.glued) if self.glued else None}


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
    found = words()
    return bool(found.closing.match(text)) and bool(found.ask.search(text) or text.startswith("以上"))


# Where a sentence ends inside a line, and the closing quotes / brackets that may follow its mark.
_SENTENCE_END = regexes.compile(r"[。！？!?][”’」』)）]*\s*")


def closing_tail(folded: str) -> int | None:
    """Where a closing sentence glued to the end of a body line begins (「……五是……。以上对照检查，
    请同志们批评指正。」: the offset of 以上 in `folded`); None when the line ends without one, or
    is a closing sentence as a whole (is_closing). The earliest sentence from which the rest of
    the line reads as a closing one, so a closing of two sentences is taken whole."""
    text = folded.rstrip()
    for m in _SENTENCE_END.finditer(text):
        rest = text[m.end():]
        # A body's last sentence opening with 以上 (「以上情况表明……」) is the body's unless it
        # asks for criticism or is as short as 「以上是我的对照检查。」.
        if rest and is_closing(rest) and (words().ask.search(rest) or len(rest) <= MAX_BARE_CLOSING_CHARS):
            return m.end()
    return None


def without_glued_closing(lines, back: BackMatter):
    """`lines` with the glued closing sentence (back.glued) cut off its line, for reading the
    body's items: the closing is never part of the last problem or measure."""
    if back.glued is None:
        return lines
    index, at = back.glued
    cut = list(lines)
    cut[index] = dataclasses.replace(lines[index], folded=lines[index].folded[:at])
    return tuple(cut)


def is_date_line(folded: str) -> bool:
    text = folded.strip()
    return bool(_DATE.match(text.replace(" ", "").rstrip("。.")) or _DATE_PLACEHOLDER.match(text))


def _in_columns(paragraph) -> bool:
    """In a table cell other than a row's first: a 整改清单's 责任人 or 完成时限, never the
    material's own closing lines (a material written whole in a one-cell table has those in
    the cell)."""
    return paragraph.in_table and bool(paragraph.table_column)


def _signature_like(line, paragraph) -> bool:
    text = line.folded.strip()
    if _NAME_PLACEHOLDER.match(text):
        return True
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
    glued = None
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
    if i > floor and not _in_columns(paragraphs[i]):
        # The body's last line: its last sentences may be the closing, typed on without a return.
        tail = closing_tail(lines[i].folded)
        if tail is not None:
            glued = (i, tail)
    if pending and (date or closing or glued):
        # A short line counts as a signature only after the closing sentence (or beside a date
        # with none): one before the closing is the body's.
        first_closing = min(closing) if closing else -1
        signature = [k for k in pending if k > first_closing]
    found = closing + signature + date
    if attachment is not None:
        found.append(attachment)
    if not found:
        return BackMatter(glued=glued)
    start = min(found)
    while start - 1 > floor and not lines[start - 1].folded.strip():
        start -= 1   # the empty lines and page breaks before it go with it
    return BackMatter(start, tuple(sorted(closing)), tuple(sorted(signature)), tuple(sorted(date)),
                      attachment, glued)


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


# The meeting a material says it was written for, in its title or first sentence:
# 「2025年度民主生活会」「二〇二四年度专题民主生活会」「2023年主题教育专题民主生活会」「支部组织生活会」.
# The year is the meeting's own (a 2024年度 meeting is held in January 2025, and its date line says
# 2025), so only the words before the body are read, never a date line.
_STATED_MEETING = regexes.compile(
    rf"((?:19|20)\d\d|[{_CN_YEAR}]{{4}})\s*年(?:度)?[^，。；：,;:]{{0,16}}?(民主生活会|组织生活会)"
    r"|(民主生活会|组织生活会)")
# The digits of a year written in characters (_CN_YEAR, as a date line's): 二〇二五 → 2025.
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0"}
# How far into the document a stated meeting is looked for: the title block and the preamble's
# first sentences, before any heading of the body.
STATED_MEETING_LINES = 8


@dataclass(frozen=True, slots=True)
class StatedMeeting:
    """「2025年度民主生活会」 as read from the front: the year (None: not said) and the kind."""

    year: int | None
    meeting_type: str


def stated_meeting(lines) -> StatedMeeting | None:
    """The meeting the title block or preamble names, before the first numbered heading."""
    seen = 0
    for ln in lines:
        text = ln.folded.strip()
        if not text:
            continue
        if ln.prefix or seen >= STATED_MEETING_LINES:
            break
        seen += 1
        for m in _STATED_MEETING.finditer(text):
            if m.group(1):
                digits = "".join(_CHINESE_DIGITS.get(c, c) for c in m.group(1))
                return StatedMeeting(int(digits), m.group(2))
            return StatedMeeting(None, m.group(3))
    return None


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


# ---- the attached 整改清单 table ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Checklist:
    """The attachment's 整改清单 table, by paragraph index: each row the first paragraph of each
    of its cells (rows[0] the header), and what each column holds (CHECKLIST_KINDS, by the
    header's words in back_matter.toml; None a column the product does not fill)."""

    columns: tuple[str | None, ...]
    rows: tuple[tuple[int, ...], ...]

    @property
    def last_row(self) -> tuple[int, ...]:
        return self.rows[-1]

    def column(self, kind: str) -> int | None:
        return self.columns.index(kind) if kind in self.columns else None


def column_kind(header: str) -> str | None:
    text = header.strip()
    return next((kind for kind, header in words().columns if header.search(text)), None) if text else None


def find_checklist(lines, paragraphs, back: BackMatter) -> Checklist | None:
    """The 整改清单 of the attachment (`back`): its first table, when its header names a measure
    column (整改措施) and one more the product knows; None otherwise (no attachment, a table the
    pane read without its cells' places, another kind of table)."""
    if back.attachment is None:
        return None
    return find_rows_table(lines, paragraphs, back.attachment)


def find_rows_table(lines, paragraphs, start: int) -> Checklist | None:
    """The first table after paragraph `start` written as a 整改清单 (a header naming a measure
    column and one more the product knows, one row a measure): the attachment's, or the
    整改措施 a writer sets out as a table (序号 | 问题 | 措施 | 时限) in the body."""
    # The header row starts at the cell before the first second-column cell: a material written
    # whole in a one-cell table has its own lines (the 附件 heading too) in column 0 before it.
    second = next((i for i in range(start + 1, len(lines))
                   if paragraphs[i].in_table and paragraphs[i].table_column == 1), None)
    if second is None or paragraphs[second - 1].table_column != 0:
        return None
    rows: list[list[int]] = []
    column = None
    started = False
    for i in range(second - 1, len(lines)):
        p = paragraphs[i]
        if not p.in_table:
            if started:
                break
            continue
        if p.table_column is None:
            return None
        started = True
        if p.table_column == 0 and (column is None or column > 0):
            rows.append([])
        if not rows:
            return None   # a table read from its middle
        if p.table_column != column or not rows[-1]:
            rows[-1].append(i)   # a cell's first paragraph (its others follow in the same column)
        column = p.table_column
    if len(rows) < 1:
        return None
    columns = tuple(column_kind(lines[i].folded) for i in rows[0])
    known = [c for c in columns if c and c != "progress"]
    if "measure" not in columns or len(known) < 2 or len(set(known)) != len(known):
        return None
    width = len(columns)
    if any(len(row) != width for row in rows[1:]):
        return None   # merged cells: the rows are not the header's
    return Checklist(columns, tuple(tuple(row) for row in rows))
