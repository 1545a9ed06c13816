"""Locate a material's parts: title, main sections, dimension sections and their items.

`analyze()` is the single pass every rule builds on. It is linear in the document: each paragraph
is folded once and tried against a few patterns that are compiled once per framework.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from ..frameworks import Framework, current_thesaurus
from ..frameworks.thesaurus import Thesaurus
from ..lru import LruCache
from ..frameworks.names import bigrams, closeness, heading_core
from ..model import Document
from ..placeholders import PATTERN as PLACEHOLDER, blank, only_placeholder
from . import material_parts as parts
from . import numbering as nb
from .report import Edit

# A heading is short; a paragraph longer than this is body text even if it starts with 一、.
MAX_HEADING_CHARS = 60
# Words that may stand before a dimension's name: "在理论学习方面", "带头增强党性…", "关于…".
_LEAD_WORDS = "在|关于|对照|围绕|聚焦|带头|是否|从|就"
_TRAILING_PUNCT = ".。:：;；,，!！ "

# How a heading was told to be an aspect, strongest evidence first, and how the report says it.
NAME, DERIVED, THESAURUS, CLOSE, ORDER = "name", "derived", "thesaurus", "close", "order"
EVIDENCE = {
    NAME: "按方面名称对应",
    DERIVED: "按框架表述的简称对应",
    THESAURUS: "按同义表述对应",
    CLOSE: "按相近标题对应",
    ORDER: "按顺序对应",
}


@dataclass(frozen=True, slots=True)
class Item:
    paragraph: int
    ordinal: int | None
    text: str
    placeholder: bool = False   # nothing but a 【请填写：…】: not written yet


@dataclass(frozen=True, slots=True)
class Block:
    key: str
    start: int            # heading paragraph
    end: int              # last paragraph of the block, inclusive
    has_body: bool = True


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

    @property
    def kind(self) -> str | None:
        """How the paragraph is marked as a heading: its numbering, else its heading level."""
        if self.prefix:
            return self.prefix.kind
        return f"h{self.outline_level}" if self.outline_level else None


@dataclass(frozen=True, slots=True)
class RunningParagraph:
    """A paragraph as the writer meant it: one of the model's, or several that hard returns cut
    apart (a PDF's printed lines) joined again. Rules that read text paragraph by paragraph read
    these, so a word, a pair of quotes or a doubled mark cut at a line's end is seen whole;
    `paragraph_at` and `edit` take offsets in `text` back to the model's paragraphs."""

    indices: tuple[int, ...]   # the model's paragraphs joined, in order
    text: str
    starts: tuple[int, ...]    # where each of them begins in `text`

    @property
    def index(self) -> int:
        return self.indices[0]

    def _part(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1 if len(self.starts) > 1 else 0

    def paragraph_at(self, offset: int) -> int:
        return self.indices[self._part(offset)]

    def edit(self, start: int, end: int, replacement: str) -> Edit | None:
        """The edit of [start, end) of `text` in its model paragraph; None when the span runs
        over a line break (no one paragraph holds it)."""
        k = self._part(start)
        limit = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        if end > limit:
            return None
        return Edit(self.indices[k], start - self.starts[k], end - self.starts[k], replacement)

    def edits(self, spans) -> tuple[Edit, ...] | None:
        """Edits for (start, end, replacement) spans; None if any cannot be made."""
        out = tuple(self.edit(*span) for span in spans)
        return None if any(e is None for e in out) else out


@dataclass(frozen=True, slots=True)
class Structure:
    document: Document
    framework: Framework
    lines: tuple[Line, ...]
    title_paragraph: int | None
    sections: tuple[Block, ...]               # every recognised section heading, in document order
    problems_region: tuple[int, int] | None   # paragraphs where dimensions are looked for
    dimensions: tuple[DimensionBlock, ...]    # every dimension heading in the problems region
    measures: tuple[Item, ...]
    # Headings in the problems region, marked like the aspect headings, that name no aspect.
    unmatched_headings: tuple[int, ...] = ()
    # What stands before and after the body (material_parts.py): never items, problems or measures.
    front: parts.FrontMatter = parts.FrontMatter()
    back: parts.BackMatter = parts.BackMatter()

    def heading_texts(self) -> tuple[str, ...]:
        """Its aspect headings in 存在问题 as written, named or not (see heading_texts)."""
        return heading_texts(self)

    def unmatched_heading_texts(self) -> tuple[str, ...]:
        """The headings in 存在问题 that name no aspect, as written."""
        return heading_texts(dataclasses.replace(self, dimensions=()))

    def section(self, role_or_key: str) -> Block | None:
        """The first section with this key or role."""
        return _first_section(self.sections, self.framework, role_or_key)

    def dimension(self, key: str) -> DimensionBlock | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def running_paragraphs(self) -> list[RunningParagraph]:
        """The paragraphs with each one a hard return cut joined to its continuation lines
        (page-number lines in between left out); otherwise one for one with the model's."""
        # Each run gathered as lists and joined once: a PDF's text of thousands of cut lines
        # makes one run, and joining line by line would copy it once a line (n² characters).
        runs: list[tuple[list[int], list[str]]] = []
        for line, p in zip(self.lines, self.document.paragraphs):
            if line.continues and runs:
                runs[-1][0].append(p.index)
                runs[-1][1].append(p.text)
            elif line.folded or not p.text.strip():
                runs.append(([p.index], [p.text]))
        out: list[RunningParagraph] = []
        for indices, texts in runs:
            starts, at = [], 0
            for text in texts:
                starts.append(at)
                at += len(text)
            out.append(RunningParagraph(tuple(indices), "".join(texts), tuple(starts)))
        return out

    def without_placeholders(self) -> "Structure":
        """The structure over what the writer has written: each placeholder blanked (as many
        ideographic spaces, so offsets into the text stay), items that are only a placeholder
        left out, the others without theirs. Itself when there is no placeholder."""
        paragraphs = list(self.document.paragraphs)
        changed = [i for i, p in enumerate(paragraphs) if "【" in p.text and PLACEHOLDER.search(p.text)]
        if not changed:
            return self
        lines = list(self.lines)
        for i in changed:
            paragraphs[i] = dataclasses.replace(paragraphs[i], text=blank(paragraphs[i].text))
            lines[i] = _line(paragraphs[i])

        def written_items(items):
            return tuple(dataclasses.replace(item, text=PLACEHOLDER.sub("", item.text))
                         for item in items if not item.placeholder)

        return dataclasses.replace(
            self, document=Document(tuple(paragraphs)), lines=tuple(lines),
            dimensions=tuple(dataclasses.replace(d, items=written_items(d.items)) for d in self.dimensions),
            measures=written_items(self.measures))

    def written(self, item: Item) -> str:
        """An item's text as the writer wrote it (items carry folded text: no spaces, half-width
        brackets), for quoting it back and for the report's item texts."""
        paragraphs, lines = self.document.paragraphs, self.lines
        if not 0 <= item.paragraph < len(lines) or not item.text:
            return item.text
        folded = lines[item.paragraph].folded
        start = folded.find(item.text[:min(len(item.text), 24)])
        if start < 0:
            # Begun late in its line and carried on in the next ones (a PDF's printed lines, a
            # mark cut by a hard return: line_marks): the line's end is the item's beginning.
            start = next((k for k in range(max(0, len(folded) - len(item.text)), len(folded))
                          if item.text.startswith(folded[k:])), -1)
        if start < 0:
            return item.text
        end = min(len(folded), start + len(item.text))
        original = paragraphs[item.paragraph].text
        offsets = nb.written_offsets(original)
        parts = [original[offsets[start]:offsets[end]] if offsets else original[start:end]]
        # An item continued in the following paragraphs (a PDF's printed lines) carries their
        # folded text: as written, up to where the item ends (the next one may start mid-line).
        left, j = len(item.text) - (end - start), item.paragraph + 1
        while left > 0 and j < len(lines):
            folded, text = lines[j].folded, paragraphs[j].text
            if len(folded) <= left:
                parts.append(text if folded else "")   # a page number's line holds no text
            else:
                offsets = nb.written_offsets(text)
                parts.append(text[:offsets[left]] if offsets else text[:left])
            left -= len(folded)
            j += 1
        return "".join(parts)


# Frameworks whose compiled patterns are kept: every known one, and a few being made.
MATCHERS_CACHE_SIZE = 64


class _Matchers:
    """Patterns for one framework's section and dimension names, compiled once."""

    def __init__(self, framework: Framework, words: Thesaurus):
        self.section_names = {}
        for section in framework.sections:
            for name in section.names:
                self.section_names.setdefault(nb.fold(name), section.key)
        self.dimension_names = {}
        # How a name was come by: the framework's own (the wording's stem, the file's synonyms)
        # or derived from the wording (names.derive_names): the report says which.
        self.name_evidence = {}
        for dim in framework.dimensions:
            own = {nb.fold(n) for n in dim.names[:1 + len(dim.synonyms)]}
            for name in dim.names:
                folded = nb.fold(name)
                self.dimension_names.setdefault(folded, dim.key)
                self.name_evidence.setdefault(folded, NAME if folded in own else DERIVED)
        self.sections = _alternation(self.section_names)
        self.role_keys = {}
        for section in framework.sections:
            self.role_keys.setdefault(section.role, section.key)
        self.dimensions = _alternation(self.dimension_names)
        self.short_heading = re.compile(
            rf"(?:{_LEAD_WORDS}){{0,2}}(?:{self.dimensions.pattern})(?=方面|情况|上|$)")
        self.run_in = re.compile(
            rf"(?:{_LEAD_WORDS}){{0,2}}(?:{self.dimensions.pattern})(?:方面|情况|上)?"
            r"(?:存在的问题|存在问题|存在的不足|的问题|主要问题)?[,:.。，：]"
        )
        # The same opening after a sentence end: "……。在担当作为方面，一是……".
        self.run_in_mid = re.compile(r"(?<=[。;；])" + self.run_in.pattern)
        # The names in the thesaurus' one form of each word (造福群众 → 为民造福): a heading in
        # other words of the genre is matched in that form too.
        self.words = words
        self.canonical_names = {}
        for name, key in self.dimension_names.items():
            self.canonical_names.setdefault(words.canonical(name), key)
        self.canonical = _alternation(self.canonical_names)
        self.order = tuple(d.key for d in framework.dimensions)
        # Character pairs of each name as written and in the thesaurus' form (党性锤炼 is 党性修养
        # there, and 「锤炼品格」 still shares 锤炼 with it as written).
        self.name_grams = {d.key: tuple(dict.fromkeys(
            bigrams(form) for n in (*d.names, heading_core(d.title))
            for form in (nb.fold(n), words.canonical(nb.fold(n)))))
            for d in framework.dimensions}

    def named(self, segment: str) -> list[tuple[str, str]]:
        """(aspect key, evidence) for each aspect `segment` names, in order: by a name, else in
        the thesaurus' form of its words."""
        found = [(self.dimension_names[f.group()], self.name_evidence[f.group()])
                 for f in self.dimensions.finditer(segment)]
        if not found:
            found = [(self.canonical_names[f.group()], THESAURUS)
                     for f in self.canonical.finditer(self.words.canonical(segment))]
        return list({key: (key, how) for key, how in reversed(found)}.values())[::-1]


def _alternation(names: dict[str, str]) -> re.Pattern:
    # Longest first, so "政治纪律和政治规矩" wins over "政治纪律" at the same position.
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in ordered))


# Keyed by the framework itself (its value, not its address: a framework made and dropped may
# leave its address to another with other aspects) and the thesaurus in use.
_cache = LruCache(MATCHERS_CACHE_SIZE)


def _matchers(framework: Framework) -> _Matchers:
    words = current_thesaurus()
    key = (framework, words)
    found = _cache.get(key)
    if found is None:
        found = _Matchers(framework, words)
        _cache.put(key, found)
    return found


_INNER_STOP = re.compile(r"[。;；]")


def _line(p) -> Line:
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
    short_phrase = len(folded) <= 30 and not _INNER_STOP.search(folded, 0, len(folded) - 1)
    return folded, nb.heading_prefix(folded), bool(opening) and opening[0].start == 0, short_phrase


_READINGS = LruCache(nb.TEXT_CACHE_SIZE)


def clear_caches() -> None:
    """Forget every text read so far (benchmarks of a first check; memory is bounded anyway)."""
    _READINGS.clear()
    _OPENINGS.clear()
    nb.clear_caches()


def _body_start(line: Line) -> int:
    return line.prefix.end if line.prefix else 0


def _section_keys(line: Line, m: _Matchers) -> list[str]:
    """The sections this paragraph is the heading of (usually one; "问题及原因" names two).

    A section heading is heading-like and, once numbering and trailing punctuation are removed,
    consists essentially of section names. A dimension heading such as
    "（一）理论学习方面存在的问题" is not a section heading.
    """
    if not line.heading_like or line.starts_with_item:
        return []
    text = line.folded[_body_start(line):].rstrip(_TRAILING_PUNCT)
    if not text or len(text) > 30 or m.dimensions.search(text):
        return []
    joined = _joined_section_keys(text, m)
    if joined:
        return joined
    found = list(m.sections.finditer(text))
    if not found:
        return []
    marked = line.kind is not None
    extra = len(text) - sum(len(f.group()) for f in found)
    if extra > (12 if marked else 8) or (not marked and found[0].start() > 2):
        return []
    return list(dict.fromkeys(m.section_names[f.group()] for f in found))


# Two sections in one heading: 「存在的主要问题及原因」「问题及原因」. Either side is a section name,
# or, beside the other, the bare word of its role (问题, 原因), with a few words before it.
_JOINERS = re.compile("及其|及|和|与")
_ROLE_WORDS = (("问题", "problems"), ("原因", "causes"), ("措施", "measures"))


def _joined_section_keys(text: str, m: _Matchers) -> list[str]:
    parts = _JOINERS.split(text)
    if len(parts) != 2:
        return []
    keys = []
    for part in parts:
        key = m.section_names.get(part)
        if key is None:
            role = next((r for word, r in _ROLE_WORDS
                         if part.endswith(word) and len(part) <= len(word) + 3), None)
            key = m.role_keys.get(role)
        if key is None:
            return []
        keys.append(key)
    return list(dict.fromkeys(keys)) if len(set(keys)) == 2 else []


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: Line
    key: str
    kind: str | None      # how the opening is marked (Line.kind, a bullet, …); None: run in mid-text
    body_from: int        # where the text after the heading part starts
    evidence: str = NAME  # how the aspect was told (EVIDENCE)
    closeness: float = 1.0   # for CLOSE and ORDER: how close the heading's words are to the aspect's
    heading: tuple[int, int] = (0, 0)   # the heading as the writer would name it, in the folded text

    @property
    def fuzzy(self) -> bool:
        return self.evidence not in (NAME, DERIVED)


# ---- what opens an aspect ---------------------------------------------------------------------
# One reading, whatever the framework, used by the analysis and by `problem_headings` (a framework
# made from a material): where a paragraph's aspect opening is and which part of it is the name.

# Typed bullets writers put before an aspect: 「◆ 政治忠诚方面」.
BULLETS = "◆●■▲★☆※◇□△▶►"
# Kinds of opening besides a heading's numbering or style (Line.kind).
ORDINAL = "第一"     # 「第一，【……方面】一是……」: paragraphs opened by 第一/第二 …
LABEL = "【】"        # 「【政治忠诚方面】一是……」
RUN_IN = "对照"       # 「对照……的要求，」「在……方面，」「在……上，」: opens a paragraph of body text
PLAIN = "方面"        # 「政治忠诚方面」: a heading line without numbering
_PLAIN_HEADING_END = re.compile(r"(?:方面|情况)(?:存在的问题|存在问题|的问题)?$")
MAX_PLAIN_HEADING = 30
_LABEL = re.compile(r"【([^【】]{2,40})】[,:.。;]?")
# What may follow an aspect's name in its heading: 「……方面存在的问题」.
_ASPECT_TAIL = re.compile(r"(?:存在的主要问题|存在的问题|存在问题|的问题|存在的不足|的差距)$")
_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})[,、:.]")
# Folded text: ，：； are , : ;.
_RUN_IN_OPENING = re.compile(
    r"(?P<lead>对照|在|关于|围绕|聚焦)(?P<name>[^,:;。.【】]{2,40}?)(?P<tail>的要求|要求|方面|上)"
    r"(?:存在的主要问题|存在的问题|存在问题|的问题|存在的不足|的差距)?[,:]")
# Where a heading's name ends when its first item follows on the same line (glued), or it runs on
# into a sentence: a sentence end, an item mark, 方面/情况/要求 followed by a comma.
_HEADING_END = re.compile(r"[。:;!?]|(?<=方面|情况|要求)[,]|[一二三四五六七八九十]是|第[一二三四五六七八九十]{1,3}[,、]"
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
    start = _body_start(line)
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
        text = folded[:end].rstrip(_TRAILING_PUNCT)
        if (line.heading_like or end < len(folded)) and len(text) <= MAX_PLAIN_HEADING and (
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


def _heading_span(line: Line, opening: AspectOpening) -> tuple[int, int]:
    """The heading of an opening as the writer would name the aspect: with its numbering
    (「（二）安全生产方面」), or only the name when it is marked otherwise (a bullet, 【……】,
    第一，, 对照……的要求，)."""
    labelled = line.folded[opening.name_start - 1:opening.name_start] == "【"
    start = 0 if opening.kind == line.kind and not labelled else opening.name_start
    return start, opening.name_end


def heading_texts(st: "Structure") -> tuple[str, ...]:
    """The aspect headings of 存在问题 as written, named or not, in order (a glued first item, a
    soft line break's next line left out): what a framework made from the material takes."""
    spans = {(b.start, b.heading) for b in st.dimensions}
    for index in st.unmatched_headings:
        opening = aspect_opening(st.lines[index])
        if opening is not None:
            spans.add((index, _heading_span(st.lines[index], opening)))
    out = []
    for index, (start, end) in sorted(spans):
        text = st.document.paragraphs[index].text
        offsets = nb.written_offsets(text)
        if offsets:
            start, end = offsets[min(start, len(offsets) - 1)], offsets[min(end, len(offsets) - 1)]
        written = text[start:end].strip().rstrip(_TRAILING_PUNCT).strip()
        if written and written not in out:
            out.append(written)
    return tuple(out)


def _dimension_candidates(line: Line, m: _Matchers, opening: AspectOpening | None = None) -> list[_Candidate]:
    """The dimensions this paragraph opens (usually one), or [] when it merely mentions one.

    A heading may name two aspects (「（三）联系服务群众、发挥先锋模范作用情况」); a body paragraph
    may open a second aspect after a sentence end (「……。在担当作为方面，一是……」).
    """
    if not line.folded:
        return []
    found = _opening(line, m, opening)
    # A later aspect run in mid-paragraph: only in body text, where a heading's rest is items.
    if not (line.heading_like and line.kind):
        at = found[-1].body_from if found else 0
        mid = m.run_in_mid.search(line.folded, at)
        if mid:
            name = m.dimensions.search(mid.group())
            key = m.dimension_names[name.group()]
            if not any(c.key == key for c in found):
                found.append(_Candidate(line, key, None, mid.end(), m.name_evidence[name.group()],
                                        heading=(mid.start(), mid.end() - 1)))
    return found


def _opening(line: Line, m: _Matchers, opening: AspectOpening | None = None) -> list[_Candidate]:
    folded = line.folded
    opening = opening or aspect_opening(line)
    if opening is not None:
        segment = folded[opening.name_start:opening.name_end]
        named = m.named(segment)
        # An opening only as strong as a plain sentence's (在……上，) names an aspect by its names.
        if named and (opening.marked or named[0][1] != THESAURUS):
            return [_Candidate(line, key, opening.kind, opening.body_from, how,
                               heading=_heading_span(line, opening)) for key, how in named]
    if line.starts_with_item:
        return []
    start = _body_start(line)
    # An opening that names the dimension first: "在理论学习方面，…", "理论学习方面存在的问题".
    found = m.run_in.match(folded, start)
    if found:
        name = m.dimensions.search(found.group())
        return [_Candidate(line, m.dimension_names[name.group()], line.kind, found.end(),
                           m.name_evidence[name.group()], heading=(0, found.end() - 1))]
    if line.heading_like and len(folded) - start <= 30:
        segment = folded[start:].rstrip(_TRAILING_PUNCT)
        # A plain short line is a heading only when the name is followed by 方面/情况/上 or nothing:
        # "理论学习方面还有差距" is one, the sentence "理论学习抓得不紧。" is not.
        found = m.short_heading.match(segment)
        if found and len(segment) - found.end() <= 12:
            name = m.dimensions.search(found.group())
            return [_Candidate(line, m.dimension_names[name.group()], line.kind, len(folded),
                               m.name_evidence[name.group()], heading=(0, len(folded)))]
    return []


# A heading matches an aspect by its wording when most of what it says is said by one aspect's
# names, and clearly more than by any other aspect's.
FUZZY_MIN = 0.5
FUZZY_MARGIN = 0.15


def closest_dimension(text: str, m: _Matchers) -> tuple[str | None, float, float]:
    """The aspect whose names say most of `text` (a heading without numbering), its closeness
    and the runner-up's."""
    key, best, second = _closeness_ranking(text, m)[:3]
    return key, best, second


def _closeness_ranking(text: str, m: _Matchers) -> tuple[str | None, float, float, dict[str, float]]:
    core = heading_core(text)
    forms = dict.fromkeys((core, m.words.canonical(core)))
    scores = {key: max(closeness(form, grams) for form in forms) for key, grams in m.name_grams.items()}
    scored = sorted(((s, key) for key, s in scores.items()), reverse=True)
    if not scored or scored[0][0] == 0:
        return None, 0.0, 0.0, scores
    return scored[0][1], scored[0][0], scored[1][0] if len(scored) > 1 else 0.0, scores


def _broken_heading(lines, line: Line, m: _Matchers, last: int) -> _Candidate | None:
    """A heading whose name a PDF paste broke over two paragraphs (「（五）工作作」 「风方面」): the
    heading and the start of the next paragraph together name the aspect."""
    if line.index + 1 > last or line.folded[-1:] in _TRAILING_PUNCT:
        return None
    following = lines[line.index + 1]
    if not following.folded or following.prefix or following.starts_with_item:
        return None
    joined = Line(line.index, line.folded + following.folded[:MAX_HEADING_CHARS], line.prefix,
                  line.outline_level, True, False)
    found = _opening(joined, m)
    if not found:
        return None
    # The aspect's items start in the next paragraph; the heading paragraph has none.
    return _Candidate(line, found[0].key, line.kind, len(line.folded), found[0].evidence,
                      heading=(0, len(line.folded)))


def _fuzzy_candidate(line: Line, m: _Matchers, opening: AspectOpening | None = None) -> _Candidate | None:
    """An aspect heading whose words are close to one aspect's wording (CLOSE)."""
    opening = opening or aspect_opening(line)
    if opening is None:
        return None
    segment = line.folded[opening.name_start:opening.name_end]
    key, best, second = closest_dimension(segment, m)
    if key is None or best < FUZZY_MIN or best - second < FUZZY_MARGIN:
        return None
    return _Candidate(line, key, opening.kind, opening.body_from, CLOSE, best, _heading_span(line, opening))


def _items(lines: tuple[Line, ...], start: int, end: int, body_from: int,
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
        marks, carried = line_marks(lines, line.index, offset, carried, end)
        prefix = line.prefix if line.prefix and line.prefix.kind != heading_kind else None
        if prefix and line.index != start:
            pieces.append([line.index, prefix.number, text])
            marks = [mk for mk in marks if mk.start >= prefix.end]
            if marks:
                pieces[-1][2] = text[:marks[0].start]
        elif not marks and text[offset:].strip():
            if pieces:
                pieces[-1][2] += text
            unmarked.append(_item(line.index, None, text[offset:]))
        for i, mk in enumerate(marks):
            stop = marks[i + 1].start if i + 1 < len(marks) else len(text)
            if i == 0 and mk.start > offset and pieces and not prefix:
                pieces[-1][2] += text[offset:mk.start]
            pieces.append([line.index, mk.number, text[mk.start:stop]])
    if not pieces:
        return tuple(unmarked)
    return tuple(_item(p, n, t) for p, n, t in pieces)


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


def _item(paragraph: int, ordinal: int | None, text: str) -> Item:
    return Item(paragraph, ordinal, text, only_placeholder(text))


def read_lines(document: Document) -> tuple[Line, ...]:
    """Each paragraph folded and its numbering read: the part of the analysis that does not
    depend on the framework (recognition analyses one document against every framework)."""
    lines = [_line(p) for p in document.paragraphs]
    for i, line in enumerate(lines):
        if line.folded and _PAGE_NUMBER.match(line.folded):
            # A page number a PDF paste left between two halves of a sentence: not text at all.
            lines[i] = dataclasses.replace(line, folded="", prefix=None, heading_like=False,
                                           starts_with_item=False)
    _demote_table_header_cells(lines, document)
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


# A page number on a line of its own: "- 3 -", "— 3 —", "3", "第3页", "第3页 共8页", "3/8".
_PAGE_NUMBER = re.compile(r"\s*(?:[-—–－~]*\s*\d{1,3}\s*[-—–－~]*|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
# What ends a sentence (folded: full-width marks become ASCII) or a paragraph that stops there.
_SENTENCE_END = ".。!?;:…"
_CLOSERS = "”’」』)）]"
# Marks of running text; not 、, which headings use too (带头干事创业、担当作为方面).
_CLAUSE_MARKS = re.compile(r"[,.。;:!?]")
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


def analyze(document: Document, framework: Framework, lines: tuple[Line, ...] | None = None) -> Structure:
    m = _matchers(framework)
    if lines is None:
        lines = read_lines(document)
    last = len(lines) - 1
    paragraphs = document.paragraphs

    title = parts.title_index(lines)
    heads: list[tuple[int, str]] = []
    for ln in lines:
        if ln.index != title:
            heads.extend((ln.index, key) for key in _section_keys(ln, m))
    heads = _same_level_heads(heads, lines)
    starts = sorted({i for i, _ in heads})
    # The back matter (closing sentence, signature, date, attachment) follows the last heading;
    # the body — and so every section — ends before it.
    back = parts.find_back_matter(lines, paragraphs, starts[-1] if starts else (title if title is not None else -1))
    body_end = back.start - 1 if back.start is not None else last
    heads = [(i, key) for i, key in heads if i <= body_end]
    starts = [i for i in starts if i <= body_end]
    sections = []
    for i, key in heads:
        nxt = next((s for s in starts if s > i), body_end + 1)
        has_body = any(ln.folded for ln in lines[i + 1:nxt])
        sections.append(Block(key, i, nxt - 1, has_body))
    sections = tuple(sections)

    problems, causes, measures_block = (_first_section(sections, framework, role)
                                        for role in ("problems", "causes", "measures"))
    if problems:
        region = (problems.start + 1, problems.end)
    else:
        later = [b.start for b in (causes, measures_block) if b]
        region = ((title + 1 if title is not None else 0), (min(later) - 1 if later else body_end))
    dimensions, unmatched = _locate_dimensions(lines, m, region) if region[0] <= region[1] else ((), ())
    first_heading = min([*starts, *(d.start for d in dimensions)], default=None)
    front = parts.find_front_matter(lines, paragraphs, title, first_heading)

    measure_items: tuple[Item, ...] = ()
    if measures_block and measures_block.has_body:
        # From the heading (which holds no item), so the first measure's own number counts as
        # an item mark like the others' (「1.坚持……」 then 「2.紧盯……」).
        measure_items = _items(lines, measures_block.start, measures_block.end,
                               len(lines[measures_block.start].folded), None)
    return Structure(document, framework, lines, title, sections,
                     region if region[0] <= region[1] else None, dimensions, measure_items,
                     unmatched, front, back)


def _same_level_heads(heads: list[tuple[int, str]], lines) -> list[tuple[int, str]]:
    """The section headings, without one numbered a level deeper than the others after them:
    a measure's own heading 「（二）以案为鉴学纪知纪守纪」 under 「四、整改措施」 names the cases
    section's words but is a heading inside a section, not a section of its own."""
    kinds = [lines[i].prefix.kind for i, _ in heads if lines[i].prefix and lines[i].prefix.kind in nb.HEADING_KINDS]
    if len(set(kinds)) < 2:
        return heads
    main = max(set(kinds), key=lambda kind: (kinds.count(kind), -nb.HEADING_KINDS.index(kind)))
    first_main = next(i for i, _ in heads if lines[i].prefix and lines[i].prefix.kind == main)
    deeper = nb.HEADING_KINDS[nb.HEADING_KINDS.index(main) + 1:]
    return [(i, key) for i, key in heads
            if not (i > first_main and lines[i].prefix and lines[i].prefix.kind in deeper)]


def _locate_dimensions(lines, m: _Matchers, region) -> tuple[tuple[DimensionBlock, ...], tuple[int, ...]]:
    """The aspect blocks of the problems region, and the headings in it that name no aspect.

    Evidence, strongest first: a name of the aspect; a name derived from its wording; the
    thesaurus' form of the words; words close to the wording; the heading's place (ORDER)."""
    lo, hi = region
    span = lines[lo:hi + 1]
    openings = {ln.index: aspect_opening(ln) for ln in span}
    candidates = [c for ln in span for c in _dimension_candidates(ln, m, openings[ln.index])]
    # Headings (numbered, styled, bulleted …) set the kind before run-in openings of body text,
    # which are taken wherever they stand.
    marked = [o.kind for o in openings.values() if o is not None and o.kind and o.marked]
    kinds = ([c.kind for c in candidates if c.kind and c.kind != RUN_IN]
             or [c.kind for c in candidates if c.kind] or [k for k in marked if k != RUN_IN] or marked)
    # dict.fromkeys keeps first-seen order, so ties go to the kind met first, in every process.
    dominant = max(dict.fromkeys(kinds), key=lambda k: (kinds.count(k), -_depth(k))) if kinds else None
    # The aspect headings: the openings marked like most of them (a heading line, not body text
    # numbered the same way).
    heads = [ln for ln in span if _is_head(ln, openings[ln.index], dominant)]
    # Headings marked like the aspect headings that named no aspect: close to one's wording, they
    # are that aspect (「（二）党性锤炼方面」); otherwise the writer should hear about them.
    named = {c.line.index for c in candidates}
    unmatched = []
    for ln in heads:
        if ln.index not in named:
            found = _broken_heading(lines, ln, m, hi) or _fuzzy_candidate(ln, m, openings[ln.index])
            if found:
                candidates.append(found)
            else:
                unmatched.append(ln)
    candidates.extend(_by_order(heads, unmatched, candidates, openings, m))
    ordered = {c.line.index for c in candidates if c.evidence == ORDER}
    unmatched = [ln.index for ln in unmatched if ln.index not in ordered]
    candidates.sort(key=lambda c: (c.line.index, c.body_from))
    accepted = [c for c in candidates if c.kind in (dominant, None, RUN_IN)]
    # Other paragraphs marked like the dimension headings end a dimension too ("（七）其他").
    boundaries = sorted({c.line.index for c in accepted} | {ln.index for ln in heads})
    blocks = []
    for c in accepted:
        nxt = next((b for b in boundaries if b > c.line.index), hi + 1)
        end = nxt - 1
        items = _items(lines, c.line.index, end, c.body_from, dominant)
        has_body = bool(lines[c.line.index].folded[c.body_from:].strip(_TRAILING_PUNCT)) or any(
            ln.folded for ln in lines[c.line.index + 1:end + 1])
        numbering = c.kind if c.kind in nb.HEADING_KINDS or c.kind == nb.ITEM or (c.kind or "").startswith("h") else None
        blocks.append(DimensionBlock(c.key, c.line.index, end, items, has_body, numbering, c.fuzzy,
                                     c.evidence, c.closeness, c.heading))
    return tuple(blocks), tuple(unmatched)


def _is_head(line: Line, opening: AspectOpening | None, dominant: str | None) -> bool:
    if opening is None or dominant is None or opening.kind != dominant or not opening.marked:
        return False
    # A numbered or styled heading is a short line, or its heading part is (its first item glued on).
    return line.heading_like or opening.kind in (ORDINAL, LABEL, RUN_IN, PLAIN) or (
        opening.name_end - opening.name_start <= MAX_HEADING_CHARS // 2 and opening.name_end < len(line.folded))


def _by_order(heads, unmatched, candidates, openings, m: _Matchers) -> list[_Candidate]:
    """ORDER: when the material has as many aspect headings as the framework has aspects, each
    named one at its own place, a heading named by nothing takes the aspect at its place when its
    words say something of that aspect and no more of another (「（二）在补钙壮骨、锤炼品格上」 for
    固本培元、增强党性: 锤炼), and no other heading names it. Only when most headings are placed so:
    a material of another meeting type with as many headings is left alone."""
    if not unmatched or len(heads) != len(m.order):
        return []
    place = {ln.index: i for i, ln in enumerate(heads)}
    claimed = set()
    for c in candidates:
        at = place.get(c.line.index)
        if at is not None and c.key != m.order[at]:
            return []   # a heading at another aspect's place: the order is not the framework's
        claimed.add(c.key)
    taken, supported = [], len(heads) - len(unmatched)
    for ln in unmatched:
        key = m.order[place[ln.index]]
        opening = openings[ln.index]
        _, best, _, scores = _closeness_ranking(ln.folded[opening.name_start:opening.name_end], m)
        if key in claimed or scores.get(key, 0.0) < best or best == 0:
            # Contradicted (its aspect is named elsewhere, its words say another one), or its words
            # say nothing of the aspect at its place (「数字化转型方面」 for 工作作风): reported.
            continue
        supported += 1
        taken.append(_Candidate(ln, key, opening.kind, opening.body_from, ORDER, scores.get(key, 0.0),
                                _heading_span(ln, opening)))
    return taken if 2 * supported > len(heads) else []


def _first_section(sections, framework: Framework, role_or_key: str) -> Block | None:
    keys = {s.key for s in framework.sections if s.role == role_or_key} or {role_or_key}
    return next((b for b in sections if b.key in keys), None)


def _depth(kind: str) -> int:
    if kind in nb.HEADING_KINDS:
        return nb.HEADING_KINDS.index(kind) + 1
    return int(kind[1:]) if kind.startswith("h") else 9
