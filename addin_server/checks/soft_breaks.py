"""A material written with soft line breaks (Shift+Enter, or pasted from a web page or a chat)
instead of paragraphs: its headings and items stand on lines of one paragraph.

The checker reads a document paragraph by paragraph, so such a material would look like one huge
paragraph with no sections. Here a paragraph is cut at each soft break that starts a line the way
a new paragraph starts — with numbering (一、 （一） 1.), an item mark (一是), an aspect's opening
as the analysis reads one (◆ ……, 【……】, 对照……的要求，: analysis.marks.aspect_opening), or a short name
line after a finished sentence (存在问题) — into lines checked as paragraphs; the report is then told
in the document's own paragraphs again (each finding, status and fix edit moved to the paragraph
and offset it came from). A break anywhere else (a two-line title, a name wrapped by a PDF paste)
is left to the ordinary reading.
"""
from __future__ import annotations

import dataclasses

from .. import regexes
from ..model import Document, Paragraph
from .report import Edit, Finding, Report
from .material_parts import announces_attachment, is_closing, is_date_line, looks_like_title
from .analysis.lines import text_reading
from .analysis.marks import opens_an_aspect

# A soft line break as the readers give it: "\n" from the .docx reader, "\v" from Office.js.
SOFT_BREAKS = "\n\v"
_BREAK = regexes.compile(f"[{SOFT_BREAKS}]")
_ENDS_SENTENCE = regexes.compile(r"[。：；！？.:;!?]\s*$")
# A line that can stand as a heading of its own: short, with no sentence inside it.
MAX_NAME_LINE = 16
# A numbered heading naming an aspect in full (a framework's official titles run to about 35).
MAX_ASPECT_HEADING_LINE = 48
_ASPECT_ENDINGS = ("方面", "情况", "问题", "不足", "差距")
_INNER_FULL_STOP = regexes.compile(r"[。！？!?；;]")
_MID_CLAUSE = regexes.compile(r"[、，,和与及]\s*$")


def _starts_a_paragraph(line: str, before: str) -> bool:
    folded, prefix, starts_with_item, _ = text_reading(line)   # folding drops leading spaces
    if not folded:
        return False
    if prefix is not None or starts_with_item:
        return True
    if _MID_CLAUSE.search(before):
        # 「（一）在带头强化政治忠诚、⏎提高政治能力方面」: a long heading (or sentence) the writer
        # broke to balance its lines, at a mark that joins, not ends, what comes before (its
        # second line ends as an aspect's opening does, but opens none).
        return False
    if opens_an_aspect(line):
        return True
    if _heading_line(before):
        return True   # 「二、原因剖析⏎理论武装还不够扎实……」: a heading stands on a line of its own
    if is_date_line(folded) or is_closing(folded) or announces_attachment(folded):
        return True   # the back matter's lines (a signature's date, the closing sentence, 附件：…)
    return (len(folded) <= MAX_NAME_LINE and not _ENDS_SENTENCE.search(folded[:-1])
            and bool(_ENDS_SENTENCE.search(before)))


def _heading_line(line: str) -> bool:
    """A numbered or aspect-naming heading alone on its line: short, no sentence in it."""
    folded, prefix, starts_with_item, short_phrase = text_reading(line)
    if not folded or _ENDS_SENTENCE.search(folded):
        return False
    if not short_phrase:
        # A numbered aspect heading longer than a short phrase, named in full with a comma in it
        # (「一是带头严守政治纪律和政治规矩，维护党的团结统一方面存在的问题」): numbered, no full
        # stop, ending on what the aspect is about.
        return ((prefix is not None or starts_with_item) and len(folded) <= MAX_ASPECT_HEADING_LINE
                and not _INNER_FULL_STOP.search(folded) and folded.rstrip(":：").endswith(_ASPECT_ENDINGS))
    return (prefix is not None or folded.rstrip(":").endswith(("方面", "情况")) or opens_an_aspect(line)
            or looks_like_title(folded))


@dataclasses.dataclass(frozen=True)
class Lines:
    """The document with its soft-broken paragraphs cut into lines, and where each line was."""

    document: Document
    origin: tuple[tuple[int, int], ...]   # line index → (paragraph index, offset in its text)
    original: Document

    def paragraph(self, line: int | None) -> int | None:
        return None if line is None else self.origin[line][0]

    def edit(self, edit: Edit) -> Edit:
        paragraph, offset = self.origin[edit.paragraph]
        return Edit(paragraph, edit.start + offset, edit.end + offset, edit.replacement)

    def finding(self, finding: Finding) -> Finding:
        fix = finding.fix
        if fix is not None:
            fix = dataclasses.replace(fix, edits=tuple(self.edit(e) for e in fix.edits))
        return dataclasses.replace(finding, paragraph=self.paragraph(finding.paragraph),
                                   end_paragraph=self.paragraph(finding.end_paragraph), fix=fix)

    def report(self, report: Report) -> Report:
        """`report`, made on the lines, in the document's own paragraphs."""
        sections = tuple(dataclasses.replace(s, paragraph=self.paragraph(s.paragraph),
                                             end_paragraph=self.paragraph(s.end_paragraph))
                         for s in report.sections)
        dimensions = tuple(dataclasses.replace(d, paragraph=self.paragraph(d.paragraph),
                                               end_paragraph=self.paragraph(d.end_paragraph),
                                               items=tuple(self.paragraph(i) for i in d.items))
                           for d in report.dimensions)
        return dataclasses.replace(report, sections=sections, dimensions=dimensions,
                                   findings=tuple(self.finding(f) for f in report.findings),
                                   paragraph_count=len(self.original.paragraphs),
                                   char_count=self.original.char_count)


def split_lines(document: Document) -> Lines | None:
    """The document cut at the soft breaks that start paragraphs; None when there are none (the
    usual case: nothing is copied)."""
    if not any(("\n" in p.text or "\v" in p.text) for p in document.paragraphs):
        return None
    paragraphs: list[Paragraph] = []
    origin: list[tuple[int, int]] = []
    cut_any = False
    for p in document.paragraphs:
        starts = [0]
        if "\n" in p.text or "\v" in p.text:
            for m in _BREAK.finditer(p.text):
                line_end = m.end()
                following = _BREAK.search(p.text, line_end)
                line = p.text[line_end:following.start() if following else len(p.text)]
                if _starts_a_paragraph(line, p.text[starts[-1]:m.start()]):
                    starts.append(line_end)
        if len(starts) == 1:
            paragraphs.append(dataclasses.replace(p, index=len(paragraphs)))
            origin.append((p.index, 0))
            continue
        cut_any = True
        ends = starts[1:] + [len(p.text)]
        for k, (start, end) in enumerate(zip(starts, ends)):
            text = p.text[start:end]
            if k + 1 < len(starts):
                text = text[:-1]   # the break itself ends the line
            first = k == 0
            # The paragraph's own heading level and list number belong to its first line.
            paragraphs.append(Paragraph(len(paragraphs), text, p.style,
                                        p.outline_level if first else None,
                                        p.is_list_item and first, p.in_table,
                                        p.list_label if first else ""))
            origin.append((p.index, start))
    if not cut_any:
        return None
    return Lines(Document(tuple(paragraphs)), tuple(origin), document)
