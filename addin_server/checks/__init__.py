"""The checking engine: document model + framework → report.

`check()` analyses the structure once, then runs each rule in RULES over it. A rule is a
function `rule(structure) -> Iterable[Finding]`; its codes are declared in report.CODES.
"""
from __future__ import annotations

from ..frameworks import AUTO, Framework, configured_default, get_framework, recognise
from ..model import Document
from . import correspondence, lint, proof
from .dimensions import check_dimensions, check_unrecognised_headings
from .placeholders import check_placeholders
from .report import CODES, DimensionStatus, Finding, Report, SectionStatus
from .sections import check_sections
from .sequence import check_numbering
from .structure import Structure, analyze

RULES = (check_sections, check_dimensions, check_unrecognised_headings, check_numbering,
         check_placeholders, *correspondence.RULES, *lint.RULES, *proof.RULES)

__all__ = ["CODES", "Finding", "Report", "RULES", "Structure", "analyze", "check"]


def check(document: Document, framework: Framework | str | None = None,
          disabled=()) -> Report:
    """Check `document` against `framework`: a Framework, an id, "auto" (recognise it from the
    document's headings) or None (the configured default, which is "auto" unless pinned)."""
    recognition = None
    if framework is None:
        framework = configured_default()
    if framework == AUTO:
        recognition = recognise(document)
        framework, st = recognition.framework, recognition.structure
    else:
        if not isinstance(framework, Framework):
            framework = get_framework(framework)
        st = analyze(document, framework)
    disabled = frozenset(disabled) | frozenset(framework.disabled_checks)
    findings = []
    if "document.empty" not in disabled and not any(p.text.strip() for p in document.paragraphs):
        findings.append(Finding("document.empty", "文档还没有正文内容，请先插入框架或写入材料"))
    for rule in RULES:
        found = rule(st, disabled) if getattr(rule, "takes_disabled", False) else rule(st)
        findings.extend(f for f in found if f.code not in disabled)
    findings.sort(key=lambda f: (f.paragraph if f.paragraph is not None else -1,
                                 ("error", "warning", "info").index(f.severity)))
    return Report(
        framework_id=framework.id,
        sections=_section_statuses(st),
        dimensions=_dimension_statuses(st),
        findings=tuple(findings),
        paragraph_count=len(document.paragraphs),
        char_count=document.char_count,
        title=document.paragraphs[st.title_paragraph].text.strip()
        if st.title_paragraph is not None else None,
        recognition=recognition,
    )


def _section_statuses(st: Structure) -> tuple[SectionStatus, ...]:
    out = []
    for s in st.framework.sections:
        block = next((b for b in st.sections if b.key == s.key), None)
        out.append(SectionStatus(s.key, s.role, s.title, s.required, block is not None,
                                 block.start if block else None, block.end if block else None))
    return tuple(out)


def _dimension_statuses(st: Structure) -> tuple[DimensionStatus, ...]:
    out = []
    for d in st.framework.dimensions:
        block = st.dimension(d.key)
        if block is None:
            out.append(DimensionStatus(d.key, d.title, False))
        else:
            out.append(DimensionStatus(d.key, d.title, True, block.start, block.end,
                                       len(block.items), tuple(i.paragraph for i in block.items),
                                       tuple(st.written(i) for i in block.items), block.fuzzy))
    return tuple(out)
