"""The checked document back, with a Word comment at each finding and nothing else changed.

A reviewer returns this file to the writer, who sees each remark beside the paragraph it is about
in Word's comment pane. Only comment range markers, comment reference runs and the comments part
are added; the text, formatting and paragraph structure stay as they were (tests compare the body
text and the paragraph count before and after).
"""
from __future__ import annotations

import io
from typing import Iterable

from ..checks.verdict import SEVERITY_LABELS
from ..checks.report import Finding
from ..readers import read_docx
from .paragraph_map import model_to_elements, open_docx, text_runs

AUTHOR = "对照检查助手"
INITIALS = "DZJC"



def comment_text(finding: Finding) -> str:
    """What the writer reads in Word's comment pane: the severity and the message (no codes)."""
    label = SEVERITY_LABELS.get(finding.severity, finding.severity)
    return f"【{label}】{finding.message}"


def annotate_docx(data: bytes, report, extra_findings: Iterable[Finding] = ()) -> bytes:
    """`data` with one comment per finding of `report` (and of `extra_findings`, e.g. the format
    lint's), anchored at the finding's paragraph range; findings without a paragraph go on the
    first paragraph that has text. Raises readers' DocumentError for files it cannot open."""
    model = read_docx(data)  # validates the untrusted bytes before python-docx parses them
    document = open_docx(data)
    elements = model_to_elements(document, len(model.paragraphs))
    findings = [*report.findings, *extra_findings]
    if not findings:
        return data
    fallback = next((i for i, p in enumerate(model.paragraphs) if p.text.strip()), 0)
    if not elements:
        # Nothing the reader counts as a paragraph (an empty body, or content it cannot see):
        # hold the comments on the body's first w:p, and only when there is none add one empty
        # paragraph, the least change that gives a comment something to point at.
        from docx.oxml.ns import qn

        body = document.element.body
        first = next(body.iter(qn("w:p")), None)
        elements = [first if first is not None else document.add_paragraph()._p]
    for finding in findings:
        start = finding.paragraph if finding.paragraph is not None else fallback
        end = finding.end_paragraph if finding.end_paragraph is not None else start
        first, last = _anchor_runs(document, elements, start, end)
        document.add_comment([first, last], text=comment_text(finding), author=AUTHOR,
                             initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _anchor_runs(document, elements: list, start: int, end: int):
    """First and last run of the paragraph range; an empty paragraph gets an empty run, which
    adds no text, so the comment has something to hold on to."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    start = min(max(start, 0), len(elements) - 1)
    end = min(max(end, start), len(elements) - 1)
    first_p, last_p = elements[start], elements[end]
    first_runs, last_runs = text_runs(first_p), text_runs(last_p)
    if not first_runs:
        first_runs = [Paragraph(first_p, None).add_run()._r]
        if first_p is last_p:
            last_runs = first_runs
    if not last_runs:
        last_runs = [Paragraph(last_p, None).add_run()._r]
    return Run(first_runs[0], None), Run(last_runs[-1], None)
