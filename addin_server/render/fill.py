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

from lxml import etree

from ..frameworks import Framework
from ..readers import read_docx
from ..review.paragraph_map import model_to_elements, open_docx, text_runs
from ..checks.report import non_overlapping
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
        return bool(self.plan.insertions or self.plan.checklist is not None and self.plan.checklist.rows)


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
    result = FillResult(data, plan)
    if not result.changed:
        return result
    document = open_docx(data)
    elements = model_to_elements(document, len(model.paragraphs))
    # The writer's typed numbers after an inserted heading first: only those characters change.
    apply_edits(elements, model, non_overlapping(r.edit for r in plan.renumber))
    heading_styles = _heading_style_ids(document)
    body = document.element.body
    tails: dict[int, object] = {}   # a paragraph cut before → the w:p holding its last part
    cut_before: dict[int, int] = {}  # → where in the paragraph's text that part begins
    for insertion in plan.insertions:
        tail = None
        if insertion.cut is not None and insertion.after >= 0:
            # Inside the paragraph: cut in two there, the new paragraphs between the halves.
            anchor, place = tails.get(insertion.after, elements[insertion.after]), "after"
            done = cut_before.get(insertion.after, 0)
            tail = _split_paragraph(anchor, insertion.cut.at - done, insertion.cut.resume - done)
            cut_before[insertion.after] = insertion.cut.resume
            tails[insertion.after] = tail
        elif insertion.after >= 0:
            anchor, place = tails.get(insertion.after, elements[insertion.after]), "after"
            anchor = _after_a_table_of_columns(anchor)
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
        if tail is not None:
            anchor.addnext(tail)
    if plan.checklist is not None:
        _add_checklist_rows(elements[plan.checklist.last_row], plan.checklist.rows)
    out = io.BytesIO()
    document.save(out)
    return FillResult(out.getvalue(), plan)


def _after_a_table_of_columns(anchor):
    """Where paragraphs planned after `anchor` go: after the table when it is in the last row of
    a table of columns (an aspect's problems as rows 序号 | 问题 | 具体表现 — a
    paragraph in a cell would become part of that problem's facts); `anchor` itself elsewhere,
    in a one-cell table too (a material written whole in one cell goes on in it)."""
    cell = next(anchor.iterancestors(_qn("w:tc")), None)
    if cell is None:
        return anchor
    table = next(cell.iterancestors(_qn("w:tbl")))
    rows = table.findall(_qn("w:tr"))
    if not any(len(row.findall(_qn("w:tc"))) > 1 for row in rows):
        return anchor
    return table if rows and cell.getparent() is rows[-1] else anchor


def _add_checklist_rows(cell_paragraph, rows) -> None:
    """Rows after the table row holding `cell_paragraph`, each a copy of that row (its borders,
    widths and the look of each cell's first paragraph and run) with the given text in each
    cell; a cell merged down from the row above starts afresh."""
    row = next((a for a in cell_paragraph.iterancestors(_qn("w:tr"))), None)
    if row is None:
        return
    anchor = row
    for texts in rows:
        new = copy.deepcopy(row)
        for cell, text in zip(new.findall(_qn("w:tc")), texts):
            merge = cell.find(f"{_qn('w:tcPr')}/{_qn('w:vMerge')}")
            if merge is not None:
                merge.getparent().remove(merge)
            paragraphs = cell.findall(_qn("w:p"))
            for extra in paragraphs[1:]:
                cell.remove(extra)
            _set_cell_text(paragraphs[0], text)
        anchor.addnext(new)
        anchor = new


def _element(tag: str):
    """A new WordprocessingML element of python-docx's element classes. python-docx is imported
    here, not at the top: the server's app factory imports this module, and loading python-docx
    there would lengthen every start and the CLI's cold check, which never write a file."""
    from docx.oxml import OxmlElement

    return OxmlElement(tag)


def _set_cell_text(p, text: str) -> None:
    """The cell paragraph `p` holding only `text`, in the look of its first run."""
    runs = [child for child in p if child.tag != _qn("w:pPr")]
    first = next((r for r in runs if r.tag == _qn("w:r")), None)
    props = copy.deepcopy(first.find(_qn("w:rPr"))) if first is not None and first.find(_qn("w:rPr")) is not None else None
    for child in runs:
        p.remove(child)
    if text:
        p.append(_run(text, props))


def _split_paragraph(p, head_end: int, tail_start: int):
    """Split paragraph `p` as pressing Enter there would: `p` keeps its text up to `head_end`
    (offsets in the reader's text of it), a new paragraph with its properties holds the text
    from `tail_start` on — its runs moved with their own formatting, the one the split falls in
    cut in two, nothing retyped; what lies between (a soft break) is dropped. Returns the new
    paragraph, not yet in the document. A section break ending at `p` goes with the tail, which
    now ends there."""
    chars = character_elements(p)
    if not 0 <= head_end <= tail_start <= len(chars) or any(
            i is not None and not el.text[i].isspace() for el, i in chars[head_end:tail_start]):
        raise PlanError(_CANNOT_CUT, "add_missing")   # the file is not as the plan read it
    content = [child for child in p if child.tag != _qn("w:pPr")]

    def holder(k: int) -> int:
        """The place in `content` of the child of `p` holding character k."""
        el = chars[k][0]
        return next(n for n, child in enumerate(content) if child is el or child in el.iterancestors())

    last_head = holder(head_end - 1) if head_end > 0 else -1
    first_tail = holder(tail_start) if tail_start < len(chars) else len(content)
    base = sum(1 for k in range(len(chars)) if holder(k) < first_tail)   # characters before it
    tail = copy.deepcopy(p)
    tail_content = [child for child in tail if child.tag != _qn("w:pPr")]
    # Whole children go to one side: up to the one holding the head's last character to the
    # head (zero-width marks between the halves with it), from the tail's first one to the tail.
    for child in content[last_head + 1:]:
        p.remove(child)
    for child in tail_content[:first_tail]:
        tail.remove(child)
    _keep_characters(p, 0, head_end)
    _keep_characters(tail, tail_start - base, None)
    ppr = p.find(_qn("w:pPr"))
    if ppr is not None:
        for old in ppr.findall(_qn("w:sectPr")):
            ppr.remove(old)
    tail_ppr = tail.find(_qn("w:pPr"))
    if tail_ppr is not None:
        # The closing sentence is no item: it leaves the measures' Word list (the head keeps it)
        # — also a list its style numbers (「List Number」, 「编号」): numId 0 switches that off.
        numbered = tail_ppr.find(_qn("w:numPr")) is not None
        for old in tail_ppr.findall(_qn("w:numPr")):
            tail_ppr.remove(old)
        if numbered or tail_ppr.find(_qn("w:pStyle")) is not None:
            _no_numbering(tail_ppr)
    return tail


def _no_numbering(ppr) -> None:
    """`<w:numPr><w:numId w:val="0"/></w:numPr>` in its place in w:pPr (after w:pStyle, w:keepNext,
    w:keepLines, w:pageBreakBefore, w:framePr, w:widowControl — the schema's order)."""
    num_pr = _element("w:numPr")
    num_id = _element("w:numId")
    num_id.set(_qn("w:val"), "0")
    num_pr.append(num_id)
    before = {_qn(t) for t in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore",
                               "w:framePr", "w:widowControl")}
    at = sum(1 for child in ppr if child.tag in before)
    ppr.insert(at, num_pr)


def _keep_characters(p, start: int, end: int | None) -> None:
    """Only the characters [start, end) of paragraph `p` stay: the others' text cut from their
    w:t, their tabs and breaks removed, and runs left with nothing in them taken out."""
    chars = character_elements(p)
    end = len(chars) if end is None else end
    gone: dict = {}
    for k, (el, i) in enumerate(chars):
        if start <= k < end:
            continue
        if i is None:
            el.getparent().remove(el)
        else:
            gone.setdefault(el, set()).add(i)
    for el, cut in gone.items():
        el.text = "".join(ch for i, ch in enumerate(el.text or "") if i not in cut)
        if el.text != el.text.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for run in list(p.iter(_qn("w:r"))):
        shown = [child for child in run if child.tag != _qn("w:rPr")]
        if all(child.tag == _qn("w:t") and not child.text for child in shown):
            run.getparent().remove(run)


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
    p = _element("w:p")
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
        ppr = _element("w:pPr")
        style = _element("w:pStyle")
        style.set(_qn("w:val"), heading_styles[paragraph.level])
        ppr.append(style)
        p.append(ppr)
    elif paragraph.level:
        # No heading style and nothing to copy: a bold line with its outline level, so the
        # reader and Word's navigation pane still see a heading.
        ppr = _element("w:pPr")
        outline = _element("w:outlineLvl")
        outline.set(_qn("w:val"), str(paragraph.level - 1))
        ppr.append(outline)
        p.append(ppr)
        run_props = _element("w:rPr")
        run_props.append(_element("w:b"))
    lead_props = _lead_props(model_p, run_props) if paragraph.lead and model_p is not None else None
    if lead_props is not None:
        # A run-in aspect: its opening in the look of the model's opening, its items in the body's.
        p.append(_run(paragraph.text[:paragraph.lead], lead_props))
        p.append(_run(paragraph.text[paragraph.lead:], run_props))
    else:
        p.append(_run(paragraph.text, run_props))
    return p


def _run(text: str, props):
    run = _element("w:r")
    if props is not None:
        run.append(copy.deepcopy(props))
    t = _element("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def _lead_props(model_p, body_props):
    """The look of the model paragraph's opening — its first run with text — when it differs from
    the body's (a bold 「（一）在……方面。」 before plain items); None when it does not."""
    first = next(iter(text_runs(model_p)), None)
    props = first.find(_qn("w:rPr")) if first is not None else None
    if props is None:
        return None
    props = copy.deepcopy(props)
    for tag in _NOT_COPIED_RPR:
        for old in props.findall(_qn(tag)):
            props.remove(old)
    same = body_props is not None and etree.tostring(props) == etree.tostring(body_props)
    return None if same or not len(props) else props
