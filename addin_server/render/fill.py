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
from ..checks.soft_breaks import SOFT_BREAKS
from .fixes import apply_edits, character_elements
from .plan import NewParagraph, Plan, PlanError, framework_for, plan_fill
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
    # The soft breaks the plan cuts paragraphs at, found before any text changes.
    breaks = {id(i): _soft_break(elements[i.after], model.paragraphs[i.after].text, i.split)
              for i in plan.insertions if i.split is not None}
    # The writer's typed numbers after an inserted heading first: only those characters change.
    apply_edits(elements, model, non_overlapping(r.edit for r in plan.renumber))
    heading_styles = _heading_style_ids(document)
    body = document.element.body
    tails: dict[int, object] = {}   # a cut paragraph → the w:p holding its last line now
    for insertion in plan.insertions:
        if insertion.split is not None:
            anchor, place = _cut_at(breaks[id(insertion)]), "after"
            tails[insertion.after] = anchor.getnext()   # the later lines, after any earlier cut
        elif insertion.after >= 0:
            anchor, place = tails.get(insertion.after, elements[insertion.after]), "after"
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


def _soft_break(p, text: str, split: int):
    """The element (w:br, w:cr) of the `split`-th soft line break (0: the first) of `p`, whose
    text as read is `text`."""
    chars = character_elements(p)
    found = [k for k, c in enumerate(text) if c in SOFT_BREAKS]
    if len(chars) != len(text) or split >= len(found):
        raise PlanError(_CANNOT_CUT, "add_missing")
    element, _ = chars[found[split]]
    if element.tag not in (_qn("w:br"), _qn("w:cr")):
        raise PlanError(_CANNOT_CUT, "add_missing")
    return element


_CANNOT_CUT = ("这份材料的一段里用软回车（Shift+Enter）分了行，新内容要插在其中两行之间，但这一处无法自动分段；"
               "请先在 Word 中用“替换”把 ^l（手动换行符）全部替换为 ^p（段落标记），再补写")


def _cut_at(br):
    """Cut the paragraph holding the soft break `br` in two there, as pressing Enter in place of
    the break would: the runs before it stay in the paragraph, those after it go, unchanged and
    in order, into a new paragraph right after it with the same paragraph properties; the break
    itself is dropped (a run holding text on both sides of it is parted into two runs with its
    formatting). Returns the first half (the paragraph itself)."""
    run = br.getparent()
    p = run.getparent()
    if run.tag != _qn("w:r") or p is None or p.tag != _qn("w:p"):
        raise PlanError(_CANNOT_CUT, "add_missing")   # inside a hyperlink, a field, a content control
    second = copy.deepcopy(p)
    for child in list(second):
        if child.tag != _qn("w:pPr"):
            second.remove(child)
    ppr = p.find(_qn("w:pPr"))
    if ppr is not None:
        # A section break ends the section at the paragraph's end: it goes with the second half.
        for sect in ppr.findall(_qn("w:sectPr")):
            ppr.remove(sect)
    # The run's content after the break goes into a run of its own, with the run's properties.
    after_in_run = []
    sibling = br.getnext()
    while sibling is not None:
        after_in_run.append(sibling)
        sibling = sibling.getnext()
    following = []
    sibling = run.getnext()
    while sibling is not None:
        following.append(sibling)
        sibling = sibling.getnext()
    run.remove(br)
    if after_in_run:
        tail_run = copy.deepcopy(run)
        for child in list(tail_run):
            if child.tag != _qn("w:rPr"):
                tail_run.remove(child)
        for child in after_in_run:
            tail_run.append(child)   # moved, not copied
        second.append(tail_run)
    if all(child.tag == _qn("w:rPr") for child in run):
        p.remove(run)   # the break stood in a run of its own
    for child in following:
        second.append(child)         # moved, in order
    p.addnext(second)
    return p


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
