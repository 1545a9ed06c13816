"""The analysis of a material: title, main sections, aspects and their items, front and back
matter — the Structure every rule builds on.

`analyze()` runs the passes in order, each a module of analysis/ that reads only what the passes
before it found:

    lines      analysis/lines.py     each paragraph folded, its heading number and item mark read
    marks      analysis/marks.py     how a line opens an aspect (numbering, bullet, 【】, 对照……)
    sections   analysis/sections.py  the main sections' headings and blocks
    (back matter, front matter: material_parts.py — the back matter ends the body)
    aspects    analysis/aspects.py   the aspects of the problems section
    items      analysis/items.py     each aspect's problems, the measures

The framework's names are compiled once (analysis/matchers.py). The analysis is linear in the
document: each paragraph is folded once and tried against patterns compiled once per framework.
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

from .. import regexes
from ..frameworks import Framework
from ..model import Document
from ..placeholders import PATTERN as PLACEHOLDER, blank
from . import material_parts as parts
from . import numbering as nb
from .analysis import lines as lines_pass
from .analysis import marks
from .analysis.aspects import locate_aspects
from .analysis.items import DimensionBlock, Item, aspect_blocks, measure_items
from .analysis.lines import TRAILING_PUNCT, Line, read_line, read_lines
from .analysis.marks import aspect_opening, heading_span
from .analysis.matchers import matchers_for
from .analysis.sections import Block, first_section, problems_region, section_blocks, section_headings
from .report import Edit

__all__ = ["Block", "DimensionBlock", "Item", "Line", "RunningParagraph", "Structure", "analyze",
           "clear_caches", "heading_texts"]


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

    def aspects_as_sections(self) -> bool:
        """Whether the aspects stand as the material's top-level parts, numbered 一、二、 as its
        sections are, with no 存在问题 heading over them (a 组织生活会 material's 「一、学习贯彻党的
        创新理论情况」…「四、发挥先锋模范作用情况」「五、努力方向」): then they are its 存在问题 — no
        heading is missing, and a section added after them is numbered on from theirs."""
        if len(self.dimensions) < 2 or self.section("problems") is not None:
            return False
        kinds = {self.lines[d.start].prefix.kind if self.lines[d.start].prefix else None for d in self.dimensions}
        return kinds == {nb.L1}

    def unmatched_heading_texts(self) -> tuple[str, ...]:
        """The headings in 存在问题 that name no aspect, as written."""
        return heading_texts(dataclasses.replace(self, dimensions=()))

    def section(self, role_or_key: str) -> Block | None:
        """The first section with this key or role."""
        return first_section(self.sections, self.framework, role_or_key)

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
            lines[i] = read_line(paragraphs[i])

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


def heading_texts(st: "Structure") -> tuple[str, ...]:
    """The aspect headings of 存在问题 as written, named or not, in order (a glued first item, a
    soft line break's next line left out): what a framework made from the material takes."""
    spans = {(b.start, b.heading) for b in st.dimensions}
    for index in st.unmatched_headings:
        opening = aspect_opening(st.lines[index])
        if opening is not None:
            spans.add((index, heading_span(st.lines[index], opening)))
    out = []
    for index, (start, end) in sorted(spans):
        text = st.document.paragraphs[index].text
        offsets = nb.written_offsets(text)
        if offsets:
            start, end = offsets[min(start, len(offsets) - 1)], offsets[min(end, len(offsets) - 1)]
        written = text[start:end].strip().rstrip(TRAILING_PUNCT).strip()
        if written and written not in out:
            out.append(written)
    return tuple(out)


def clear_caches() -> None:
    """Forget every text read so far (benchmarks of a first check; memory is bounded anyway)."""
    lines_pass.clear_caches()
    marks.clear_caches()
    nb.clear_caches()


# What a heading over the aspects says when it heads 存在问题 in the writer's own words
# (「检视剖析的问题」「对照检查发现的突出问题」「查摆出的不足和差距」).
_PROBLEMS_WORDS = regexes.compile(r"问题|不足|差距|查摆|检视|短板")


def _heading_over_aspects(lines, places, sections, framework) -> int | None:
    """The paragraph right above the first aspect heading when it heads them: no 存在问题 was
    found, it is a heading a level above the aspects' (「一、」 over 「（一）」, or outline level 1
    over 2) that no section's words name, and it speaks of problems (_PROBLEMS_WORDS)."""
    if first_section(sections, framework, "problems") is not None:
        return None
    first = min(p.start for p in places)
    i = first - 1
    while i >= 0 and not lines[i].folded.strip():
        i -= 1
    if i < 0 or any(b.start == i for b in sections):
        return None
    above, aspect = lines[i], lines[first]
    kinds = nb.HEADING_KINDS
    higher = (above.prefix is not None and aspect.prefix is not None
              and above.prefix.kind in kinds and aspect.prefix.kind in kinds
              and kinds.index(above.prefix.kind) < kinds.index(aspect.prefix.kind)) or (
        above.outline_level is not None and aspect.outline_level is not None
        and above.outline_level < aspect.outline_level)
    if higher and above.heading_like and len(above.folded) <= 30 and _PROBLEMS_WORDS.search(above.folded):
        return i
    return None


def analyze(document: Document, framework: Framework, lines: tuple[Line, ...] | None = None) -> Structure:
    """The material's parts, pass by pass; each pass is a module of analysis/ and reads only what
    the passes before it found."""
    m = matchers_for(framework)
    # 1–2. Lines: each paragraph folded, its number and marks read (framework-independent, so
    # recognition reads them once for every framework).
    if lines is None:
        lines = read_lines(document)
    paragraphs = document.paragraphs
    title = parts.title_index(lines)
    # 3. Sections: their headings…
    heads = section_headings(lines, m, title)
    starts = sorted({i for i, _ in heads})
    # …the back matter (closing sentence, signature, date, attachment) after the last of them,
    # which ends the body — and so every section — before it…
    back = parts.find_back_matter(lines, paragraphs, starts[-1] if starts else (title if title is not None else -1))
    body_end = back.start - 1 if back.start is not None else len(lines) - 1
    # …and each section's block of paragraphs.
    sections = section_blocks(lines, heads, body_end)
    # The aspects and items are read without a closing sentence glued to the body's last paragraph.
    item_lines = parts.without_glued_closing(lines, back)
    # 4. Aspects: in the problems section (or before the other sections when it has no heading).
    region = problems_region(sections, framework, title, body_end)
    places, unmatched, dominant = locate_aspects(item_lines, m, region) if region[0] <= region[1] else ((), (), None)
    over = _heading_over_aspects(lines, places, sections, framework) if places else None
    if over is not None:
        # The writer's own words for 存在问题 (「一、检视剖析的问题」) over the aspects: it is that
        # section's heading, and the aspects are looked for under it.
        heads = sorted([*heads, (over, next(s.key for s in framework.sections if s.role == "problems"))])
        sections = section_blocks(lines, heads, body_end)
        region = problems_region(sections, framework, title, body_end)
        places, unmatched, dominant = locate_aspects(item_lines, m, region)
        starts = sorted({i for i, _ in heads})
    # 5. Items: each aspect's problems and the measures (from the end of the heading as written).
    dimensions = aspect_blocks(item_lines, places, dominant)
    measures_block = first_section(sections, framework, "measures")
    measures = measure_items(item_lines, measures_block,
                             len(lines[measures_block.start].folded) if measures_block else 0)
    # 6. Front matter: what stands between the title and the first heading.
    first_heading = min([*(i for i in starts if i <= body_end), *(d.start for d in dimensions)], default=None)
    front = parts.find_front_matter(lines, paragraphs, title, first_heading)
    return Structure(document, framework, lines, title, sections,
                     region if region[0] <= region[1] else None, dimensions, measures,
                     unmatched, front, back)
