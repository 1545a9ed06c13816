"""Findings and the report: what every check produces and every front end shows.

Each finding code is declared once in CODES with its default severity and a short description,
so the pane, the CLI, the annotated .docx and the batch report speak the same language.

Messages are for the writer: plain Chinese saying what is wrong and what to do, quoting the text
concerned (quote()), never a code, a score or an internal id; those go to `details` and the JSON.
Paragraph numbers in the JSON (`paragraph`, `end_paragraph`, Edit.paragraph) are 0-based indexes
into the document's paragraphs; every front end shows them to people 1-based (「第 3 段」).
"""
from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field

from .verdict import SEVERITY_LABELS, Verdict, verdict_of

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Adding a code? Give it a row in tests/test_messages.py (MESSAGE_CASES): the test iterates over
# CODES and fails for a code without one, so every message is checked for plain, actionable Chinese.
CODES: dict[str, tuple[str, str]] = {
    "section.missing": (ERROR, "缺少必备部分（存在问题、原因剖析、整改措施）"),
    "section.out_of_order": (WARNING, "主要部分的顺序与惯例不符"),
    "section.empty": (ERROR, "部分只有标题、没有内容"),
    "section.duplicated": (WARNING, "同一部分出现了两次"),
    "dimension.missing": (ERROR, "缺少框架要求的对照方面"),
    "dimension.duplicated": (WARNING, "同一对照方面出现了两次"),
    "dimension.out_of_order": (WARNING, "对照方面的顺序与框架不一致"),
    "dimension.empty": (ERROR, "对照方面只有标题、没有具体问题"),
    "dimension.unrecognised": (WARNING, "存在问题中的标题对应不上框架的任何对照方面"),
    "items.too_few": (WARNING, "对照方面列出的问题条目少于要求"),
    "numbering.skipped": (WARNING, "序号跳号"),
    "numbering.repeated": (WARNING, "序号重复"),
    "placeholder.unfilled": (ERROR, "仍有未替换的填写提示"),
    "placeholder.filler": (WARNING, "疑似未替换的占位文字（如 XXX、×××）"),
    "remedy.unmatched": (WARNING, "问题没有对应的整改措施"),
    "document.empty": (ERROR, "文档没有正文内容"),
    # Writing lint (checks/lint.py); each can be switched off by code.
    "lint.halfwidth_punctuation": (WARNING, "中文句子中使用了半角标点"),
    "lint.unpaired_marks": (WARNING, "引号或括号不成对"),
    "lint.document_number_brackets": (WARNING, "文号年份未使用六角括号〔〕"),
    "lint.doubled_punctuation": (WARNING, "标点重复或连用"),
    "lint.problem_as_achievement": (WARNING, "存在问题写成了成绩"),
    "lint.problem_as_suggestion": (WARNING, "存在问题写成了对他人的建议"),
    "lint.paragraph_too_long": (INFO, "段落过长"),
    # Proofreading (checks/proof/, rule files in checks/proof/data/); each switchable by code.
    "proof.typo": (WARNING, "错别字"),
    "proof.garbled": (WARNING, "字词错乱（颠倒、多字、同音误用）"),
    "proof.doubled": (WARNING, "字词重复"),
    "proof.formulation": (WARNING, "规范表述有误（固定提法的用词、完整和顺序）"),
    "proof.outdated_reference": (WARNING, "提法与材料年度不符（党代会、全会、五年规划）"),
    "proof.number": (WARNING, "数字用法不规范（GB/T 15835）"),
    "proof.marks": (WARNING, "标点符号用法不规范（GB/T 15834）"),
    "proof.skipped": (INFO, "段落过长，没有做校对"),
    "length.too_short": (WARNING, "全文字数少于框架建议"),
    "length.too_long": (WARNING, "全文字数超过框架建议"),
    # Substance (checks/substance/, knowledge in checks/substance/data/): advice on what the
    # material says, what 督导组 send materials back for; each switchable by code.
    "content.generic": (INFO, "问题没有具体事实，大而空"),
    "content.praise_as_problem": (INFO, "以表扬代批评，或问题中成绩谈得多"),
    "content.blames_others": (INFO, "个人材料查摆的是他人的问题"),
    "content.cause_restates": (INFO, "原因剖析只是重复问题，没有讲根源"),
    "content.measure_vague": (INFO, "整改措施没有具体做法、时限和责任人"),
    # .docx format against GB/T 9704 (review/format_lint.py; needs the file, not only the text).
    "format.page_size": (WARNING, "纸张不是 A4"),
    "format.page_margins": (WARNING, "页边距与 GB/T 9704 不符"),
    "format.font": (WARNING, "字体与 GB/T 9704 不符"),
    "format.size": (WARNING, "字号与 GB/T 9704 不符"),
    "format.line_spacing": (INFO, "行距与 GB/T 9704 不符"),
    # Batch review (review/batch.py): found by comparing materials, not in one material alone.
    "review.similar": (WARNING, "与其他材料大段相同"),
    "review.carried_over": (WARNING, "照搬上年度问题"),
    "review.boilerplate": (INFO, "与本批多份材料句子雷同（千篇一律）"),
}


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
    # How its heading was told to be this aspect (structure.EVIDENCE: name, derived, thesaurus,
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
