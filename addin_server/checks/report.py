"""Findings and the report: what every check produces and every front end shows.

Each finding code is declared once in CODES (finding_codes.py) with its default severity and a
short description, so the pane, the CLI, the annotated .docx and the batch report speak the same language.

Messages are for the writer: plain Chinese saying what is wrong and what to do, quoting the text
concerned (quote()), never a code, a score or an internal id; those go to `details` and the JSON.
Paragraph numbers in the JSON (`paragraph`, `end_paragraph`, Edit.paragraph) are 0-based indexes
into the document's paragraphs; every front end shows them to people 1-based (「第 3 段」).
"""
from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field

from ..finding_codes import CODES, ERROR, SEVERITIES
from .verdict import SEVERITY_LABELS, Verdict, verdict_of

QUOTE_CHARS = 20


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """「text」 as written (surrounding spaces trimmed), cut to `limit` characters with an ellipsis,
    so a message can show the writer which words it is about."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"「{text}」"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace characters [start, end) of one paragraph's text *as written* (not folded) with
    `replacement`. Offsets count Python str characters (code points); front ends working in
    UTF-16 (Office.js) convert. An insertion has start == end."""
    paragraph: int
    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict:
        return {"paragraph": self.paragraph, "start": self.start, "end": self.end,
                "replacement": self.replacement}


def non_overlapping(edits) -> list[Edit]:
    """`edits` in document order without those that overlap one kept before them (two fixes
    touching the same characters: the second waits for a re-check), so they can be applied in
    any front end from the last to the first without shifting each other's offsets."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.paragraph, e.start, e.end)):
        last = kept[-1] if kept else None
        if last is not None and last.paragraph == e.paragraph and (
                e.start < last.end or (e.start == last.start and e.start == e.end)):
            continue
        kept.append(e)
    return kept


def apply_to_text(text: str, edits) -> str:
    """`text` with the edits (all of this paragraph, as given by non_overlapping) applied."""
    pieces, last = [], 0
    for e in sorted(edits, key=lambda e: e.start):   # joined once: linear in the text and edits
        pieces += (text[last:e.start], e.replacement)
        last = e.end
    pieces.append(text[last:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Fix:
    """A finding's repair, as ruff has it: edits of spans, and whether applying them without a
    look is safe (a mechanical change) or not (a suggestion the writer should confirm)."""
    edits: tuple[Edit, ...]
    safe: bool = True
    label: str = ""                    # what the button says, e.g. 「改为“部署”」

    def to_dict(self) -> dict:
        return {"edits": [e.to_dict() for e in self.edits], "safe": self.safe, "label": self.label}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    paragraph: int | None = None       # first paragraph the finding refers to (index in the model)
    end_paragraph: int | None = None   # last paragraph of the range, inclusive
    dimension: str | None = None       # dimension key, when the finding concerns one
    severity: str = ""
    fix: Fix | None = None             # a machine-applicable repair, when there is one
    details: str | None = None         # the technical line (scores, shared words) kept out of message
    # The text the finding is about, as written, when a front end acts on it: remedy.unmatched
    # carries its problem, so 「为此写措施」 can rank remedies for it and quote it in the measure.
    subject: str | None = None

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"undeclared finding code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code][0])

    def to_dict(self) -> dict:
        # Spelled out: dataclasses.asdict deep-copies field by field, a tenth of a small API call.
        return {"code": self.code, "message": self.message, "paragraph": self.paragraph,
                "end_paragraph": self.end_paragraph, "dimension": self.dimension,
                "severity": self.severity, "severity_label": SEVERITY_LABELS[self.severity],
                "fix": self.fix.to_dict() if self.fix is not None else None,
                "details": self.details, "subject": self.subject}


@dataclass(frozen=True, slots=True)
class DimensionStatus:
    key: str
    title: str
    present: bool
    paragraph: int | None = None       # the dimension's heading (or run-in opening) paragraph
    end_paragraph: int | None = None   # last paragraph before the next dimension or section
    item_count: int = 0                # written items (placeholder-only ones are unfilled_count)
    items: tuple[int, ...] = ()        # paragraph index of each written problem item
    item_texts: tuple[str, ...] = ()   # each item's text as written, for ranking remedies against it
    fuzzy: bool = False                # found by a heading close to the wording (相近标题)
    unfilled_count: int = 0            # items that are still only a 【请填写：…】 (not counted above)
    # How its heading was told to be this aspect (analysis.matchers.EVIDENCE: name, derived, thesaurus,
    # close, order) and the same in plain Chinese (「按顺序对应」); None when it is missing.
    evidence: str | None = None
    evidence_note: str | None = None

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "present": self.present,
                "paragraph": self.paragraph, "end_paragraph": self.end_paragraph,
                "item_count": self.item_count, "items": list(self.items),
                "item_texts": list(self.item_texts), "fuzzy": self.fuzzy,
                "unfilled_count": self.unfilled_count, "evidence": self.evidence,
                "evidence_note": self.evidence_note}


@dataclass(frozen=True, slots=True)
class SectionStatus:
    key: str
    role: str
    title: str
    required: bool
    present: bool
    paragraph: int | None = None
    end_paragraph: int | None = None

    def to_dict(self) -> dict:
        return {"key": self.key, "role": self.role, "title": self.title, "required": self.required,
                "present": self.present, "paragraph": self.paragraph,
                "end_paragraph": self.end_paragraph}


@dataclass(frozen=True, slots=True)
class Report:
    framework_id: str
    sections: tuple[SectionStatus, ...]
    dimensions: tuple[DimensionStatus, ...]
    findings: tuple[Finding, ...]
    paragraph_count: int = 0
    char_count: int = 0
    title: str | None = None           # the material's title line, when one was recognised
    stats: dict = field(default_factory=dict)
    # How the framework was chosen (frameworks.Recognition) when the check was asked to
    # recognise it; None when a framework was named.
    recognition: object = None

    @property
    def complete(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def verdict(self) -> Verdict:
        """Where the writer stands, in one line, and the findings grouped by what to do."""
        return verdict_of(self.findings)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def to_dict(self) -> dict:
        return {
            "framework": self.framework_id,
            "complete": self.complete,
            "title": self.title,
            "paragraph_count": self.paragraph_count,
            "char_count": self.char_count,
            "counts": self.counts(),
            "verdict": self.verdict.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "dimensions": [d.to_dict() for d in self.dimensions],
            "findings": [f.to_dict() for f in self.findings],
            "stats": dict(self.stats),
            "recognition": self.recognition.to_dict() if self.recognition is not None else None,
        }


def relocated(finding: Finding, run, start: int) -> Finding:
    """`finding`, made on the joined text of a structure.RunningParagraph, placed on the model
    paragraph holding offset `start`, its fix's edits mapped there (dropped when one of them
    runs over a line break)."""
    fix = finding.fix
    if fix is not None:
        edits = run.edits([(e.start, e.end, e.replacement) for e in fix.edits])
        fix = dataclasses.replace(fix, edits=edits) if edits else None
    return dataclasses.replace(finding, paragraph=run.paragraph_at(start), fix=fix)
