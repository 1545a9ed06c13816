"""The checking engine: document model + framework → report.

`check()` analyses the structure once, then runs each rule in RULES over it. A rule is a
function `rule(structure) -> Iterable[Finding]`; its codes are declared in finding_codes.CODES.
Placeholders (【请填写：…】) are not content: the structure rules see them (an unfilled item is
reported, not counted), the writing rules (CONTENT_RULES: correspondence, lint, proofreading, substance) see the text with
every placeholder blanked, so nothing is computed from a template's hints.
"""
from __future__ import annotations

from ..cancel import checkpoint
from ..frameworks import AUTO, Framework, configured_default, get_framework
from ..model import Document
from . import correspondence, lint, proof, substance
from .dimensions import check_dimensions, check_unrecognised_headings
from .placeholders import check_placeholders
from .recognise import Recognition, recognise
from ..finding_codes import CODES
from .report import DimensionStatus, Finding, Report, SectionStatus
from .sections import check_sections
from .sequence import check_numbering
from .soft_breaks import split_lines
from .table_layout import column_layout
from .analysis.matchers import EVIDENCE
from .structure import Structure, analyze

STRUCTURE_RULES = (check_sections, check_dimensions, check_unrecognised_headings, check_numbering,
                   check_placeholders)
CONTENT_RULES = (*correspondence.RULES, *lint.RULES, *proof.RULES, *substance.RULES)
RULES = STRUCTURE_RULES + CONTENT_RULES

__all__ = ["CODES", "Finding", "Report", "RULES", "Structure", "analyze", "check",
           "problem_headings", "recognise_material", "resolve_framework"]


def resolve_framework(document: Document, framework: Framework | str | None = None):
    """(framework, structure, recognition) for `document`: `framework` as `check` takes it; the
    recognition is None unless the framework was recognised from the document ("auto")."""
    recognition = None
    if framework is None:
        framework = configured_default()
    if framework == AUTO:
        recognition = recognise(document)
        return recognition.framework, recognition.structure, recognition
    if not isinstance(framework, Framework):
        framework = get_framework(framework)
    return framework, analyze(document, framework), recognition


def check(document: Document, framework: Framework | str | None = None,
          disabled=()) -> Report:
    """Check `document` against `framework`: a Framework, an id, "auto" (recognise it from the
    document's headings) or None (the configured default, which is "auto" unless pinned).

    A material whose headings and items stand on soft-broken lines of one paragraph is checked
    line by line, one laid out as a table of columns column by column; either is reported in its
    own paragraphs (soft_breaks.py, table_layout.py)."""
    report = _check_lines(document, framework, disabled)
    by_columns = column_layout(document) if _sections_unread(report) else None
    if by_columns is not None:
        # A table of columns (table_layout.py) read column by column, when that finds the
        # sections the text alone lacks (an appended 整改清单 beside a written material does not).
        columns = by_columns.report(_check_lines(by_columns.document, framework, disabled))
        if _found(columns) > _found(report) or (
                _found(columns) == _found(report) and not _sections_unread(columns)):
            return columns
    return report


def _check_lines(document: Document, framework, disabled) -> Report:
    lines = split_lines(document)
    if lines is not None:
        return lines.report(_check(lines.document, framework, disabled))
    return _check(document, framework, disabled)


def recognise_material(document: Document, frameworks=None):
    """The framework `document` follows (recognise.Recognition), recognised from the material as
    a check reads it — soft line breaks, a table of columns — rather than paragraph by paragraph:
    what `check(document, "auto")` would choose. Its structure is that of the reading used."""
    lines = split_lines(document)
    recognition = recognise(lines.document if lines is not None else document, frameworks)
    st = recognition.structure
    required = [s.key for s in st.framework.sections if s.required]
    starts = {b.key: b.start for b in st.sections}
    if not all(key in starts for key in required) or len({starts[k] for k in required}) < len(required):
        by_columns = column_layout(document)
        if by_columns is not None:
            inner = split_lines(by_columns.document)
            columns = recognise(inner.document if inner is not None else by_columns.document, frameworks)
            if _found_headings(columns) >= _found_headings(recognition):
                recognition = columns
    return recognition


def problem_headings(document: Document, frameworks=None) -> tuple[str, ...]:
    """The material's own aspect headings in 存在问题 (named or not), in order, read exactly as a
    check reads the material — soft line breaks, a table of columns, headings glued to their
    first item, Word's numbering: what a framework made from the material (`frameworks new
    --from-docx`, the pane's 新建框架) takes as its aspects, so checking the same material with
    that framework finds every one of them."""
    return recognise_material(document, frameworks).structure.heading_texts()


def _sections_unread(report: Report) -> bool:
    """Whether the text read paragraph by paragraph leaves the required sections unread: one
    missing, or several under one heading (「存在问题、原因及整改措施」 over a table of columns)."""
    required = [s for s in report.sections if s.required]
    return not all(s.present for s in required) or len({s.paragraph for s in required}) < len(required)


def _found_headings(recognition) -> int:
    st = recognition.structure
    return len(st.sections) + len({b.start for b in st.dimensions} | set(st.unmatched_headings))


def _found(report: Report) -> int:
    return sum(s.present for s in report.sections) + sum(d.present for d in report.dimensions)


def _check(document: Document, framework: Framework | str | None, disabled) -> Report:
    framework, st, recognition = resolve_framework(document, framework)
    disabled = frozenset(disabled) | frozenset(framework.disabled_checks)
    findings = []
    if "document.empty" not in disabled and not any(p.text.strip() for p in document.paragraphs):
        findings.append(Finding("document.empty", "文档还没有正文内容，请先插入框架或写入材料"))
    content = st.without_placeholders()
    for rules, structure in ((STRUCTURE_RULES, st), (CONTENT_RULES, content)):
        for rule in rules:
            checkpoint()   # a check nobody waits for any more stops here (cancel.py)
            found = rule(structure, disabled) if getattr(rule, "takes_disabled", False) else rule(structure)
            findings.extend(f for f in found if f.code not in disabled)
    if any(f.code == "placeholder.unfilled" for f in findings):
        # Places still to fill: the material is not written yet, so not "too short" either (a
        # fresh scaffold reads 结构完整，还有 25 处待填写, nothing more).
        findings = [f for f in findings if f.code != "length.too_short"]
    findings.sort(key=lambda f: (f.paragraph if f.paragraph is not None else -1,
                                 ("error", "warning", "info").index(f.severity)))
    return Report(
        framework_id=framework.id,
        sections=_section_statuses(st),
        dimensions=_dimension_statuses(st, content),
        findings=tuple(findings),
        paragraph_count=len(document.paragraphs),
        char_count=document.char_count,
        title=document.paragraphs[st.title_paragraph].text.strip()
        if st.title_paragraph is not None else None,
        recognition=recognition,
    )


def _section_statuses(st: Structure) -> tuple[SectionStatus, ...]:
    out = []
    as_sections = st.aspects_as_sections()
    for s in st.framework.sections:
        block = next((b for b in st.sections if b.key == s.key), None)
        if block is None and s.role == "problems" and as_sections:
            # The aspects are the top-level parts: they are 存在问题, from the first to the last.
            first, last = st.dimensions[0], st.dimensions[-1]
            out.append(SectionStatus(s.key, s.role, s.title, s.required, True, first.start, last.end))
            continue
        out.append(SectionStatus(s.key, s.role, s.title, s.required, block is not None,
                                 block.start if block else None, block.end if block else None))
    return tuple(out)


def _dimension_statuses(st: Structure, content: Structure) -> tuple[DimensionStatus, ...]:
    """Each dimension with its written items (`content`: placeholders left out) and how many
    are still only a placeholder."""
    out = []
    for d in st.framework.dimensions:
        block = st.dimension(d.key)
        if block is None:
            out.append(DimensionStatus(d.key, d.title, False))
        else:
            written = content.dimension(d.key).items
            out.append(DimensionStatus(d.key, d.title, True, block.start, block.end,
                                       len(written), tuple(i.paragraph for i in written),
                                       tuple(content.written(i) for i in written), block.fuzzy,
                                       unfilled_count=len(block.items) - len(written),
                                       evidence=block.evidence, evidence_note=EVIDENCE[block.evidence]))
    return tuple(out)
