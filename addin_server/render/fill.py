"""The file flow: the writer's own .docx back with the missing parts and chosen remedies inserted.

For the standalone page, WPS users and the command line, as word.js insertParagraphs is for the
pane: both carry out the same plan (render/plan.py). Each new paragraph is built after the
paragraph it is planned `like` — its paragraph properties (style, indents, spacing, Word's
automatic numbering, so a numbered list numbers on) and the character formatting of its main run
— and inserted right after its anchor. Nothing else is touched: every other paragraph keeps its
XML, and comments, headers, footers and the rest of the package stay as they were.
"""
from __future__ import annotations

import copy
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..frameworks import Framework
from ..readers import read_docx
from ..review.paragraph_map import model_to_elements, open_docx, text_runs
from ..checks.report import non_overlapping
from .fixes import apply_edits
from .plan import NewParagraph, Plan, framework_for, plan_fill
from .remedies import Selection

# Paragraph properties a copy must not take over: a section break that ends at the model
# paragraph, and tracked-change records of the model's own history.
_NOT_COPIED_PPR = ("w:sectPr", "w:pPrChange")
_NOT_COPIED_RPR = ("w:rPrChange", "w:ins", "w:del", "w:moveFrom", "w:moveTo")


@dataclass(frozen=True)
class FillResult:
    data: bytes           # the filled .docx (the input's bytes when nothing was inserted)
    plan: Plan

    @property
    def changed(self) -> bool:
        return bool(self.plan.insertions)


def fill_docx(data: bytes, framework: Framework | str | None = None, *,
              add_missing: bool | Iterable[str] = True, selections: Sequence[Selection] = (),
              items_per_dimension: int | None = None, max_paragraphs: int | None = None) -> FillResult:
    """Insert into the .docx `data` what `plan_fill` plans for it. Raises the readers'
    DocumentError for files it cannot open, PlanError, and the remedy errors of plan_fill."""
    limits = {"max_paragraphs": max_paragraphs} if max_paragraphs else {}
    model = read_docx(data, **limits)  # validates the untrusted bytes before python-docx parses them
    framework = framework_for(model, framework)
    options = {"items_per_dimension": items_per_dimension} if items_per_dimension else {}
    plan = plan_fill(model, framework, add_missing=add_missing, selections=selections, **options)
    if not plan.insertions:
        return FillResult(data, plan)
    document = open_docx(data)
    elements = model_to_elements(document, len(model.paragraphs))
    # The writer's typed numbers after an inserted heading first: only those characters change.
    apply_edits(elements, model, non_overlapping(r.edit for r in plan.renumber))
    heading_styles = _heading_style_ids(document)
    body = document.element.body
    for insertion in plan.insertions:
        if insertion.after >= 0:
            anchor, place = elements[insertion.after], "after"
        elif elements:
            anchor, place = elements[0], "before"
        else:
            anchor, place = None, "end"
        restarted: dict[str, str] = {}   # the model's Word list → the new one started from 1
        for paragraph in insertion.paragraphs:
            model_p = elements[paragraph.like] if paragraph.like is not None else None
            new = _new_paragraph(paragraph, model_p, heading_styles)
            _number_in_list(document, new, paragraph.new_list, restarted)
            if place == "after":
                anchor.addnext(new)
                anchor = new
            elif place == "before":
                anchor.addprevious(new)
            else:
                sect = body.find(_qn("w:sectPr"))
                if sect is not None:
                    sect.addprevious(new)
                else:
                    body.append(new)
    out = io.BytesIO()
    document.save(out)
    return FillResult(out.getvalue(), plan)


def _number_in_list(document, p, new_list: bool, restarted: dict) -> None:
    """A new paragraph copied from a Word-numbered one stays in its model's list, unless the plan
    starts a new list there (a new aspect's first item): then it, and the items after it that
    were modelled on the same list, go into a copy of the list that starts again at 1. Each
    start is a list of its own: three new aspects in one insertion are three lists (1. 2. each
    time), not one running on (1. 2., 3. 4., 5. 6.)."""
    num_id = p.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}/{_qn('w:numId')}")
    if num_id is None:
        return
    old = num_id.get(_qn("w:val"))
    if new_list:
        ilvl = p.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}/{_qn('w:ilvl')}")
        level = int(ilvl.get(_qn("w:val"))) if ilvl is not None and str(ilvl.get(_qn("w:val"))).isdigit() else 0
        fresh = _restarted_copy(document, old, level)
        if fresh is not None:
            restarted[old] = fresh
    if old in restarted:
        num_id.set(_qn("w:val"), restarted[old])


def _restarted_copy(document, num_id: str, ilvl: int) -> str | None:
    """A new w:num of the same abstract list as `num_id`, restarting level `ilvl` at 1."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
    num = next((n for n in numbering.num_lst if str(n.numId) == str(num_id)), None)
    if num is None:
        return None
    fresh = numbering.add_num(num.abstractNumId.val)
    fresh.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
    return str(fresh.numId)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _heading_style_ids(document) -> dict[int, str]:
    """Style ids of the document's own Heading 1 / Heading 2, for a new heading without a model."""
    from docx.enum.style import WD_STYLE_TYPE

    found = {}
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        name = (style.name or "").lower().replace(" ", "")
        for level in (1, 2):
            if name in (f"heading{level}", f"标题{level}"):
                found.setdefault(level, style.style_id)
    return found


def _main_run(model_p):
    """The run that carries most of the model paragraph's text: its look is the paragraph's body
    look (a bold lead sentence in WPS exports is the shorter run)."""
    best, best_len = None, -1
    for run in text_runs(model_p):
        length = sum(len(t.text or "") for t in run.iter(_qn("w:t")))
        if length > best_len:
            best, best_len = run, length
    return best


def _new_paragraph(paragraph: NewParagraph, model_p, heading_styles: dict[int, str]):
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    run_props = None
    if model_p is not None:
        ppr = model_p.find(_qn("w:pPr"))
        if ppr is not None:
            ppr = copy.deepcopy(ppr)
            for tag in _NOT_COPIED_PPR:
                for old in ppr.findall(_qn(tag)):
                    ppr.remove(old)
            mark = ppr.find(_qn("w:rPr"))
            if mark is not None:
                for tag in _NOT_COPIED_RPR:
                    for old in mark.findall(_qn(tag)):
                        mark.remove(old)
            p.append(ppr)
        main = _main_run(model_p)
        if main is not None and main.find(_qn("w:rPr")) is not None:
            run_props = copy.deepcopy(main.find(_qn("w:rPr")))
            for tag in _NOT_COPIED_RPR:
                for old in run_props.findall(_qn(tag)):
                    run_props.remove(old)
    elif paragraph.level in heading_styles:
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(_qn("w:val"), heading_styles[paragraph.level])
        ppr.append(style)
        p.append(ppr)
    elif paragraph.level:
        # No heading style and nothing to copy: a bold line with its outline level, so the
        # reader and Word's navigation pane still see a heading.
        ppr = OxmlElement("w:pPr")
        outline = OxmlElement("w:outlineLvl")
        outline.set(_qn("w:val"), str(paragraph.level - 1))
        ppr.append(outline)
        p.append(ppr)
        run_props = OxmlElement("w:rPr")
        run_props.append(OxmlElement("w:b"))
    run = OxmlElement("w:r")
    if run_props is not None:
        run.append(run_props)
    text = OxmlElement("w:t")
    text.text = paragraph.text
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(text)
    p.append(run)
    return p
