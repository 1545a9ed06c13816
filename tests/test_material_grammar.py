"""Property tests of every writing flow over materials drawn from the grammar (material_grammar.py).

For each generated material — complete or half-written, in each shape writers produce — the
plan (render/plan.py), the .docx file flow (render/fill.py), the command line and the API must:
keep every original paragraph, byte for byte and in order (only a typed number may change, by
the plan's own renumbering); put remedies after the last measure and before the back matter;
put a missing section at its place in the body and a missing aspect inside 存在问题 in the
framework's order; keep the numbers consistent; and leave nothing for the re-check to find that
the input did not have. The check itself must find the parts the ground truth says are there,
and never take back matter for an item or a measure.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from lxml import etree

import material_grammar as G
from addin_server import create_app
from addin_server.checks import check
from addin_server.checks.structure import analyze
from addin_server.frameworks import get_framework
from addin_server.model import Document, Paragraph
from addin_server.readers import read_docx
from addin_server.remedies.library import list_remedies
from addin_server.render.fill import fill_docx
from addin_server.render.plan import PlanError, plan_fill
from addin_server.render.remedies import Selection, resolve_selections

ROOT = Path(__file__).resolve().parent.parent   # this checkout, for the command line

# A property runs all its examples in one test: a few minutes when they pass, longer when a
# failure is being shrunk (each shrink step of the command line is a new process).
pytestmark = pytest.mark.timeout(1200)

# In CI the same materials every run (a red run names a fault, not a draw); elsewhere new ones
# each run, so the grammar keeps looking: what it finds goes in tests/GRAMMAR_FAILURES.md until fixed.
SETTINGS = dict(deadline=None, derandomize=os.environ.get("CI") == "true",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])



def examples(n: int) -> int:
    """`n` examples, times GRAMMAR_SCALE when set (a local run that keeps looking longer)."""
    return max(1, round(n * float(os.environ.get("GRAMMAR_SCALE", "1"))))


# Findings about numbers, placement and correspondence: the product's own insertions must add none.
RECHECK_CODES = ("numbering.skipped", "numbering.repeated", "section.out_of_order", "section.duplicated",
                 "dimension.out_of_order", "dimension.duplicated", "dimension.unrecognised",
                 "remedy.unmatched", "section.empty", "dimension.empty")


def _usable_remedies(framework_id: str) -> list:
    """The framework's remedies that take their parameters' defaults (as a click in the pane does)."""
    framework = get_framework(framework_id)
    usable = []
    for remedy in list_remedies(framework_id):
        try:
            resolve_selections(framework, [Selection(remedy.dimension, remedy.id)])
        except Exception:   # a parameter without a default: the writer must fill it in first
            continue
        usable.append(remedy)
    return usable


REMEDIES = {f: _usable_remedies(f) for f in ("nianhui-2025", "nianhui-2024", "zhuti-2023", "zuzhi-shenghuohui")}


@dataclass(frozen=True)
class Request:
    """What the writer asks for: the missing parts (True: all; a list: those) and remedies."""

    add_missing: bool | tuple[str, ...]
    selections: tuple[Selection, ...]

    def wanted(self, material: G.Material) -> set[str]:
        if self.add_missing is True:
            return material.missing_parts
        return set(self.add_missing or ())


@st.composite
def requests(draw, material: G.Material) -> Request:
    missing = sorted(material.missing_parts)
    choice = draw(st.sampled_from(["all", "some", "none"] if missing else ["none"]))
    if choice == "all":
        add_missing = True
    elif choice == "some":
        add_missing = tuple(draw(st.lists(st.sampled_from(missing), min_size=1, max_size=len(missing), unique=True)))
    else:
        add_missing = False
    pool = REMEDIES[material.framework_id]
    chosen = draw(st.lists(st.sampled_from(pool), max_size=3, unique_by=lambda r: r.id,
                           min_size=0 if add_missing else 1))
    return Request(add_missing, tuple(Selection(r.dimension, r.id) for r in chosen))


# ---- the output of a plan, paragraph by paragraph ----------------------------------------------

@dataclass(frozen=True)
class Out:
    old: int | None          # the original paragraph's index; None for a new one
    part: str | None         # a new paragraph's part: "section:causes", "dimension:x", "remedies"
    role: str | None         # a new paragraph's role (section | dimension | item)
    text: str
    level: int = 0           # a new paragraph's heading level (1, 2; 0 body text: a run-in aspect too); a 整改清单 cell: its column
    # An original cut by the plan inside a line (a closing sentence glued to its end): "head" the
    # part that stays before the new paragraphs, "tail" the closing after them; "" not cut there.
    piece: str = ""
    line: int = 0            # an original paragraph cut at a soft break: its first line here


def renumber_edits(plan) -> list:
    """The plan's edits of typed numbers after an insertion (plan.renumber), as (paragraph,
    start, end, replacement); none when the plan has no such field."""
    edits = getattr(plan, "renumber", None) or ()
    out = []
    for e in edits:
        if isinstance(e, dict):
            out.append((e["paragraph"], e["start"], e["end"], e["replacement"]))
        else:
            edit = getattr(e, "edit", e)
            out.append((edit.paragraph, edit.start, edit.end, edit.replacement))
    return out


def _apply(text: str, edits) -> str:
    for _, start, end, replacement in sorted(edits, key=lambda e: e[1], reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _parts_of(insertion, selections: int) -> list[str]:
    """The part each new paragraph of `insertion` belongs to (parts follow one another; the
    remedies, when there, are the last `selections` paragraphs)."""
    parts = list(insertion.parts)
    if set(parts) == {"remedies"}:
        return ["remedies"] * len(insertion.paragraphs)   # a remedy may be a heading and its paragraph
    count = len(insertion.paragraphs)
    tail = selections if "remedies" in parts else 0
    heads = [p for p in parts if p != "remedies"]
    out, current = [], None
    for k, paragraph in enumerate(insertion.paragraphs):
        if k >= count - tail:
            out.append("remedies")
            continue
        if paragraph.role in ("section", "dimension") and heads and heads[0].startswith(paragraph.role):
            current = heads.pop(0)
        out.append(current)
    return out


SOFT_BREAKS = "\n\v"


def _lines_before(text: str, offset: int) -> int:
    return sum(1 for c in text[:offset] if c in SOFT_BREAKS)


def cut_of(insertion) -> tuple[int, int, bool] | None:
    """The insertion's cut of its anchor (at, resume, at a soft break), from a Plan or the API's JSON."""
    cut = getattr(insertion, "cut", None)
    if isinstance(cut, dict):
        return cut["at"], cut["resume"], cut["softBreak"]
    return None if cut is None else (cut.at, cut.resume, cut.at_soft_break(insertion.anchor_text))


CHECKLIST = "checklist"   # the part of a row added to the attached 整改清单


def checklist_of(plan):
    """The plan's rows for the attached 整改清单 as (last_row, rows), from a Plan or the API's JSON."""
    found = getattr(plan, "checklist", None)
    if found is None:
        return None
    if isinstance(found, dict):
        return found["lastRow"], [tuple(r) for r in found["rows"]]
    return found.last_row, list(found.rows)


def planned_output(texts: list[str], plan, selections: int, document: Document | None = None) -> list[Out]:
    """`texts` with the plan carried out: its insertions after their anchors (inside an anchor
    they split: the head before them, the tail after), its renumbering, and the rows it adds to
    the attached 整改清单 after that table's last paragraph (`document` tells the cells)."""
    edits: dict[int, list] = {}
    for edit in renumber_edits(plan):
        edits.setdefault(edit[0], []).append(edit)
    after: dict[int, list[Out]] = {}
    inside: dict[int, dict[tuple, list[Out]]] = {}   # paragraph → its cuts → the new ones there
    for insertion in plan.insertions:
        cut = cut_of(insertion)
        for paragraph, part in zip(insertion.paragraphs, _parts_of(insertion, selections)):
            new = Out(None, part, paragraph.role, paragraph.text, getattr(paragraph, "level", 0))
            if cut is None:
                after.setdefault(insertion.after, []).append(new)
            else:
                inside.setdefault(insertion.after, {}).setdefault(cut, []).append(new)
    checklist = checklist_of(plan)
    if checklist is not None:
        last = checklist[0]
        while document is not None and last + 1 < len(texts) and document.paragraphs[last + 1].in_table:
            last += 1
        after.setdefault(last, []).extend(
            Out(None, CHECKLIST, None, cell, column) for row in checklist[1] for column, cell in enumerate(row))
    out = list(after.get(-1, []))
    for i, text in enumerate(texts):
        text = _apply(text, edits.get(i, []))
        # Cut: each piece with the new ones after it, then the rest; a cut at a soft break takes
        # out that break (the pieces are lines), one inside a line only blanks (head and tail).
        start, piece = 0, ""
        for (at, resume, soft), new in sorted(inside.get(i, {}).items()):
            dropped = text[at:resume]
            assert not dropped.strip() and (not soft or dropped in SOFT_BREAKS), f"a cut drops text: {dropped!r}"
            out.append(Out(i, None, None, text[start:at], piece="" if soft else "head", line=_lines_before(text, start)))
            out += new
            start, piece = resume, "" if soft else "tail"
        out.append(Out(i, None, None, text[start:], piece=piece, line=_lines_before(text, start)))
        out += after.get(i, [])
    return out


def part_positions(rendered: G.Rendered, out: list[Out]) -> dict[int, int]:
    """Where each part of the material is in `out`: its paragraph's place, or — for a paragraph
    cut at soft breaks — the place of the piece holding the part's line."""
    pieces: dict[int, list[tuple[int, str, int]]] = {}
    for k, o in enumerate(out):
        if o.old is not None:
            pieces.setdefault(o.old, []).append((o.line, o.piece, k))
    positions = {}
    for i, hold in enumerate(rendered.holds):
        line = 0
        for j in hold:
            part = rendered.material.parts[j]
            here = [(first, piece, k) for first, piece, k in pieces[i] if first <= line]
            # A paragraph split before a glued closing: the closing in the tail, and the lines
            # after it (a signature, a date typed on soft breaks); the rest in the head.
            fitting = [k for first, piece, k in here
                       if (piece in ("", "tail") if part.glued else piece != "tail" or first < line)]
            positions[j] = max(fitting or [k for *_, k in here])
            line += part.text.count("\n") + 1
    return positions


# ---- the invariants ----------------------------------------------------------------------------

def assert_renumbering_touches_only_numbers(rendered: G.Rendered, plan) -> None:
    for paragraph, start, end, replacement in renumber_edits(plan):
        text = rendered.document.paragraphs[paragraph].text
        line_start = text.rfind("\n", 0, start) + 1
        number = G.leading_number(text[line_start:])
        assert number is not None, f"renumbering a paragraph without a typed number: {text!r}"
        assert G.leading_number(replacement + text[end:]) is not None, (text, replacement)
        assert start >= line_start and end <= line_start + 6, f"renumbering more than the number: {text!r}"


def assert_placed(rendered: G.Rendered, out: list[Out], request: Request) -> None:
    """Where each new paragraph landed, against the ground truth of the original paragraphs."""
    material, framework = rendered.material, rendered.material.framework
    section_order = [s.key for s in framework.sections]
    aspect_order = [d.key for d in framework.dimensions]
    parts_of = [[material.parts[k] for k in hold] for hold in rendered.holds]
    position = part_positions(rendered, out)
    new = [(k, o) for k, o in enumerate(out) if o.old is None and o.part != CHECKLIST]

    def old_positions(predicate):
        return [position[j] for j, p in enumerate(material.parts) if predicate(p)]

    back = old_positions(lambda p: p.role in G.BACK_MATTER)
    front = old_positions(lambda p: p.role in G.FRONT_MATTER)
    for k, o in new:
        assert not back or k < min(back), f"「{o.text}」 put after the back matter (closing, signature, date, 附件)"
        assert not front or k > max(front), f"「{o.text}」 put into the front matter (title, preamble)"
    for i in [i for i, ps in enumerate(parts_of) if any(p.glued for p in ps)]:
        # New paragraphs after a paragraph ending with the glued closing: it is split, the
        # closing after them (the back matter check above).
        first = next(j for j, o in enumerate(out) if o.old == i)
        if len([o for o in out if o.old == i and not o.piece]) > 1:
            continue   # cut at soft breaks: where the closing landed is the back matter check's
        if any(k > first for k, _ in new):
            # (Its other pieces, "": cut at a soft break too, new aspects after its first line.)
            assert [o.piece for o in out if o.old == i and o.piece] == ["head", "tail"], (
                "new paragraphs go after a paragraph ending with the closing sentence, not split off")

    grouped = material.measure_form == "grouped" and "measures" in material.sections
    remedy_aspects = [s.dimension for s in request.selections]
    for k, o in new:
        if o.part == "remedies" and grouped:
            # Measures grouped by aspect: a remedy at the end of its aspect's group (before the
            # next group), one whose aspect has no group after the last measure. Which remedy a
            # paragraph is: the remedies come in the order chosen, one or two paragraphs each.
            groups = {p.aspect for p in material.parts if p.role == G.MEASURE_HEADING}
            mine = [a for a in remedy_aspects if a in groups]
            body = old_positions(lambda p: p.section is not None)
            if not mine:
                assert k > max(body), f"remedy 「{o.text}」 is not after the last measure"
                continue
            ends = {a: max(old_positions(lambda p, a=a: p.section == "measures" and p.aspect == a)) for a in groups}
            starts = {a: min(old_positions(lambda p, a=a: p.section == "measures" and p.aspect == a)) for a in groups}
            placed = [a for a in mine if ends[a] < k and all(not (ends[a] < starts[b] < k) for b in groups)]
            assert placed or k > max(body), f"remedy 「{o.text}」 is neither at the end of its aspect's group nor after the last measure"
        elif o.part == "remedies":
            body = old_positions(lambda p: p.section is not None)
            assert k > max(body), f"remedy 「{o.text}」 is not after the last measure"
        elif o.part and o.part.startswith("section:") and o.role == "section":
            key = o.part.split(":")[1]
            before = old_positions(lambda p: p.section in section_order[:section_order.index(key)])
            later = old_positions(lambda p: p.section in section_order[section_order.index(key) + 1:])
            assert not before or k > max(before), f"section 「{o.text}」 put before a section that precedes it"
            assert not later or k < min(later), f"section 「{o.text}」 put after a section that follows it"
        elif o.part and o.part.startswith("dimension:") and o.role == "dimension":
            key = o.part.split(":")[1]
            at = aspect_order.index(key)
            heading = old_positions(lambda p: p.role == G.SECTION_HEADING and p.section == "problems")
            # (The aspect's parts in 存在问题: measures grouped by aspect name it too.)
            before = old_positions(lambda p: p.aspect in aspect_order[:at] and p.section == "problems")
            later = old_positions(lambda p: p.aspect in aspect_order[at + 1:] and p.section == "problems")
            after_problems = old_positions(lambda p: p.section in section_order[section_order.index("problems") + 1:])
            assert k > max(heading), f"aspect 「{o.text}」 is not inside 存在问题"
            assert not before or k > max(before), f"aspect 「{o.text}」 put before an aspect that precedes it"
            assert not later or k < min(later), f"aspect 「{o.text}」 put after an aspect that follows it"
            assert not after_problems or k < min(after_problems), f"aspect 「{o.text}」 put after 存在问题"
            for j, other in new:
                if other.role == "section" and other.part and section_order.index(other.part.split(":")[1]) > \
                        section_order.index("problems"):
                    assert k < j, f"aspect 「{o.text}」 put after the new section 「{other.text}」"
    if grouped:
        # Each chosen remedy whose aspect has a group: a new paragraph between that group's last
        # measure and the next group.
        groups = {p.aspect for p in material.parts if p.role == G.MEASURE_HEADING}
        ends = {a: max(old_positions(lambda p, a=a: p.section == "measures" and p.aspect == a)) for a in groups}
        starts = {a: min(old_positions(lambda p, a=a: p.section == "measures" and p.aspect == a)) for a in groups}
        for a in {a for a in remedy_aspects if a in groups}:
            following = [starts[b] for b in groups if starts[b] > ends[a]]
            assert any(o.part == "remedies" and ends[a] < k and (not following or k < min(following)) for k, o in new), (
                f"no remedy at the end of the group of {a}")
    # New aspects among themselves in the framework's order.
    inserted = [o.part.split(":")[1] for _, o in new if o.role == "dimension" and o.part]
    assert inserted == sorted(inserted, key=aspect_order.index), f"new aspects out of order: {inserted}"


def assert_checklist_rows(rendered: G.Rendered, plan, request: Request) -> None:
    """With remedies inserted into a material whose 附件 has the 整改清单 table, a row each: 序号
    continued from the table's last, the measure in the 整改措施 column."""
    material = rendered.material
    cells = [p for p in material.parts if p.role == G.TABLE_CELL]
    inserted = any("remedies" in i.parts or "section:measures" in i.parts for i in plan.insertions)
    found = checklist_of(plan)
    if not (cells and request.selections and inserted) or rendered.shape in ("soft",):
        return
    assert found is not None, "remedies inserted, the 整改清单 not kept in step"
    _, rows = found
    assert len(rows) == len(request.selections)
    width = len(G.TABLE_HEADER)
    last = max(int(c.text) for c in cells if c.column == 0 and c.text.isdigit())
    assert [r[0] for r in rows] == [str(n) for n in range(last + 1, last + 1 + len(rows))]
    measure = G.TABLE_HEADER.index("整改措施")
    assert all(len(r) == width and r[measure] for r in rows), rows


def _sequence(numbers) -> list:
    return [n for n in numbers if n is not None]


def assert_numbering(rendered: G.Rendered, out: list[Out], labels: list[str] | None, complete_request: bool,
                     remedies: int) -> None:
    """The typed numbers (or Word's, given `labels` of the output) of the section headings, the
    aspect headings and the measures count 1, 2, 3… in order after the insertion (strictly rising
    where the writer's draft left a gap the request did not fill); remedies under 整改措施 written
    as （一）headings come as such headings."""
    material = rendered.material
    parts_of = [[material.parts[k] for k in hold] for hold in rendered.holds]
    heading_measures = material.measure_form == "heading" and "measures" in material.sections

    def number(k, o):
        return G.leading_number((labels[k] if labels else "") or o.text)

    sequences: dict[str, list] = {"sections": [], "aspects": [], "measures": []}
    numbered_remedies = 0
    for k, o in enumerate(out):
        if o.old is not None:
            ps = [p for p in parts_of[o.old] if not p.glued]   # a glued closing is no number's
            if o.piece == "tail" or len(ps) != 1 or not ps[0].number:
                continue
            kind = {G.SECTION_HEADING: "sections", G.ASPECT_HEADING: "aspects", G.RUN_IN: "aspects",
                    G.MEASURE_HEADING: "measures", G.MEASURE: "measures"}.get(ps[0].role)
            if kind:
                sequences[kind].append((o.text, number(k, o)))
            continue
        kind = {"section": "sections", "dimension": "aspects"}.get(o.role)
        if o.part == "remedies" or (o.part == "section:measures" and o.role == "item"):
            kind = "measures"
        if kind == "aspects" and material.aspect_form == "run-in":
            continue
        if kind:
            found = number(k, o)
            if kind == "measures" and heading_measures and found is None:
                continue     # a measure's own paragraph under its （N） heading
            numbered_remedies += o.part == "remedies"
            sequences[kind].append((o.text, found))
    if material.measure_form == "grouped" and "measures" in material.sections:
        # Measures grouped under the aspects' headings: the headings count （一）（二）… and the
        # 一是 of each group from 一, a remedy's own included (its group's next, or a heading of
        # the groups' kind over its 一是 for an aspect without a group).
        heads, groups = [], []
        for k, o in enumerate(out):
            if o.old is not None:
                ps = [p for p in parts_of[o.old] if not p.glued]
                role = ps[0].role if len(ps) == 1 and o.piece != "tail" else None
            else:
                role = None if o.part != "remedies" else (
                    G.MEASURE_HEADING if (number(k, o) or ("",))[0] == "（一）" else G.MEASURE)
            if role == G.MEASURE_HEADING:
                heads.append(number(k, o))
                groups.append([])
            elif role == G.MEASURE and groups and (o.old is None or parts_of[o.old][0].section == "measures"):
                groups[-1].append(number(k, o))
        assert heads and all(h is not None and h[0] == "（一）" for h in heads), f"group headings: {heads}"
        assert [h[1] for h in heads] == list(range(1, len(heads) + 1)), f"group headings not （一）（二）…: {heads}"
        for group in groups:
            assert group and all(n is not None and n[0] == "一是" for n in group), f"a group's measures: {group}"
            assert [n[1] for n in group] == list(range(1, len(group) + 1)), f"a group not 一是, 二是…: {group}"
        sequences["measures"] = []
    if material.measure_form == "lead" and "measures" in material.sections:
        typed = [text for text, number in sequences["measures"] if number is not None]
        assert not typed, f"整改措施 written without numbers get numbered ones: {typed}"
        sequences["measures"] = []
    if heading_measures and remedies:
        assert numbered_remedies == remedies, (
            f"整改措施 are （一）headings each with a paragraph, the {remedies} remedies are not: {sequences['measures']}")
    for kind, written in sequences.items():
        values = [v for _, v in written]
        if not written:
            continue
        # The writer's own numbers without a gap: what is inserted keeps them without one (a
        # section left unwritten keeps no number — 「一、存在问题」 then a remedy's 「二、整改措施」).
        own = [number(k, o) for k, o in enumerate(out) if o.old is not None and o.piece != "tail"
               and any(p.role == {"sections": G.SECTION_HEADING}.get(kind) and p.number and not p.glued
                       for p in parts_of[o.old])]
        no_gap = own and all(v is not None for v in own) and [v[1] for v in own] == list(range(1, len(own) + 1))
        assert all(v is not None for v in values), f"{kind}: a new one without a number among numbered ones: {written}"
        forms = {v[0] for v in values}
        assert len(forms) == 1, f"{kind}: numbered in different forms: {written}"
        counted = [v[1] for v in values]
        if complete_request or kind == "measures" or (kind == "sections" and no_gap):
            assert counted == list(range(1, len(counted) + 1)), f"{kind} not numbered 1, 2, 3…: {written}"
        else:
            assert counted == sorted(set(counted)), f"{kind} numbers repeat or fall: {written}"


def recheck_codes(report) -> Counter:
    return Counter(f.code for f in report.findings if f.code in RECHECK_CODES)


def assert_recheck_clean(before_report, after_report, request: Request, material: G.Material) -> None:
    new = recheck_codes(after_report) - recheck_codes(before_report)
    if "measures" not in material.sections:
        # Without 整改措施 the input's problems were matched against nothing; once the section is
        # there (the writer asked for it), which problems still lack a measure is news, not a fault.
        new.pop("remedy.unmatched", None)
    assert not new, "the re-check finds in the product's own output: " + "；".join(
        f"{f.code}: {f.message}" for f in after_report.findings if f.code in new)
    present = {f"dimension:{d.key}" for d in after_report.dimensions if d.present} | {
        f"section:{s.key}" for s in after_report.sections if s.present}
    asked = request.wanted(material)
    if request.selections and "section:measures" in material.missing_parts:
        asked = asked | {"section:measures"}
    assert asked <= present, f"still reported missing after the insertion: {sorted(asked - present)}"


def expect_plan_error(rendered: G.Rendered, request: Request, error: PlanError) -> None:
    """Only a soft-broken material may refuse, and only for an aspect that would go between two
    lines of one paragraph (the message says to replace ^l with ^p)."""
    assert rendered.shape in ("soft", "softbreak"), f"refused: {error}"
    assert any(p.startswith("dimension:") for p in request.wanted(rendered.material)), f"refused: {error}"
    assert "软回车" in str(error)


def run_plan_invariants(rendered: G.Rendered, request: Request, document_after: Document | None = None,
                        plan=None):
    """Plan `rendered` (unless `plan` is given), check the plan and its output; returns the plan and
    the output (None when refused)."""
    material = rendered.material
    if plan is None:
        try:
            plan = plan_fill(rendered.document, material.framework_id, add_missing=request.add_missing,
                             selections=list(request.selections))
        except PlanError as error:
            expect_plan_error(rendered, request, error)
            return None, None
    note(f"plan: {[(i.after, i.parts, [p.text[:14] for p in i.paragraphs]) for i in plan.insertions]}")
    assert set(plan.missing) == material.missing_parts
    assert_renumbering_touches_only_numbers(rendered, plan)
    texts = [p.text for p in rendered.document.paragraphs]
    out = planned_output(texts, plan, len(request.selections), rendered.document)
    assert_checklist_rows(rendered, plan, request)
    assert_placed(rendered, out, request)
    complete_request = request.add_missing is True or not (material.missing_parts - request.wanted(material))
    labels = [p.list_label for p in document_after.paragraphs] if document_after is not None else None
    if rendered.shape not in ("soft", "softbreak") and (labels is not None or rendered.shape != "auto"):
        assert_numbering(rendered, out, labels, complete_request, len(request.selections))
    return plan, out


def _show(material: G.Material) -> None:
    note("material:\n" + "\n".join(f"  {k:2} {p.role:16} {p.text}" for k, p in enumerate(material.parts)))


# ---- 1. the plan on the document model ----------------------------------------------------------

@settings(max_examples=examples(220), **SETTINGS)
@given(st.data(), G.materials(), st.sampled_from(G.MODEL_SHAPES))
def test_plan_puts_every_part_in_its_place(data, material, shape):
    _show(material)
    request = data.draw(requests(material))
    note(f"shape: {shape}; request: {request}")
    rendered = G.to_model(material, shape)
    plan, out = run_plan_invariants(rendered, request)
    if plan is None or shape in ("auto", "soft"):
        return   # Word's numbers and soft-broken lines are checked on the .docx read back
    after = model_after(rendered, out)
    assert_recheck_clean(check(rendered.document, material.framework_id), check(after, material.framework_id),
                         request, material)


def model_after(rendered: G.Rendered, out: list[Out]) -> Document:
    """The model after the insertion: the writer's paragraphs as they were (table cells stay
    cells), each new one a plain paragraph — in the styled shape styled like its level."""
    paragraphs = []
    for k, o in enumerate(out):
        if o.old is not None:
            old = rendered.document.paragraphs[o.old]
            paragraphs.append(Paragraph(k, o.text, old.style, old.outline_level, old.is_list_item, old.in_table,
                                        old.list_label, old.table_column))
        elif o.part == CHECKLIST:
            paragraphs.append(Paragraph(k, o.text, in_table=True, table_column=o.level))
        else:
            level = (o.level or None) if rendered.shape == "styled" else None
            paragraphs.append(Paragraph(k, o.text, f"Heading {level}" if level else "", level))
    return Document(tuple(paragraphs))


# ---- 2. the check's recognition ----------------------------------------------------------------

@settings(max_examples=examples(150), **SETTINGS)
@given(G.materials(), st.sampled_from(G.MODEL_SHAPES))
def test_check_finds_the_parts_that_are_there_and_never_counts_back_matter(material, shape):
    _show(material)
    note(f"shape: {shape}")
    rendered = G.to_model(material, shape)
    report = check(rendered.document, material.framework_id)
    present_aspects = {d.key for d in report.dimensions if d.present}
    assert present_aspects == set(material.aspects), (
        f"aspects found {sorted(present_aspects)}, written {sorted(material.aspects)}")
    required = {s.key for s in report.sections if s.required and s.present}
    assert required == {k for k in material.sections if k in ("problems", "causes", "measures")}
    if material.complete:
        assert not [f for f in report.findings if f.code in ("section.missing", "dimension.missing")]
    # Paragraphs wholly back matter; one ending with a glued closing is the body's up to it.
    back = {i for i, hold in enumerate(rendered.holds)
            if all(material.parts[k].role in G.BACK_MATTER for k in hold)}
    glued = [i for i, hold in enumerate(rendered.holds) if any(material.parts[k].glued for k in hold)]
    if glued and shape != "soft":
        st = analyze(rendered.document, material.framework)
        assert st.back.glued and st.back.glued[0] == glued[0], f"the closing typed on the last paragraph is not found: {st.back}"
        closing = next(material.parts[k] for k in rendered.holds[glued[0]] if material.parts[k].glued)
        items = [i.text for d in st.dimensions for i in d.items] + [i.text for i in st.measures]
        assert not [t for t in items if closing.text[:5] in t.replace(",", "，")], "the glued closing read as part of an item"
    for d in report.dimensions:
        counted = set(d.items) & back
        assert not counted, f"back matter counted as a problem of {d.key}: {counted}"
    measures = next(s for s in report.sections if s.key == "measures")
    if measures.present and back:
        assert measures.end_paragraph < min(back), (
            f"整改措施 runs on into the back matter: 「{rendered.document.paragraphs[measures.end_paragraph].text}」")
    for f in report.findings:
        if f.code == "remedy.unmatched" and f.paragraph is not None:
            assert f.paragraph not in back, f"back matter read as a problem: {f.message}"


# ---- 3. the .docx file flow -----------------------------------------------------------------------

def body_paragraphs(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [etree.tostring(p, encoding="utf-8") for p in root.iter(qn("w:p"))]


def text_pieces(paragraph: bytes) -> list[tuple[bytes, str]]:
    """Every w:t of a w:p in order, with its run's properties (bytes)."""
    out = []
    for t in etree.fromstring(paragraph).iter(qn("w:t")):
        rpr = t.getparent().find(qn("w:rPr"))
        out.append((etree.tostring(rpr) if rpr is not None else b"", t.text or ""))
    return out


def assert_originals_kept(before: bytes, after: bytes, renumbered: set[int], cut: set[int] = frozenset()) -> None:
    """Every w:p of `before` is in `after` byte for byte and in order (the renumbered ones by
    text only, checked by the caller; one cut at a soft break by its runs: every piece of its
    text with its formatting, in order — a renumbered piece by its formatting)."""
    old, new = body_paragraphs(before), body_paragraphs(after)
    position = 0
    pieces = [piece for paragraph in new for piece in text_pieces(paragraph)]
    at = 0
    for k, paragraph in enumerate(old):
        if k in cut:
            for rpr, text in text_pieces(paragraph):
                while at < len(pieces) and (pieces[at][0] != rpr or (k not in renumbered and pieces[at][1] != text)):
                    at += 1
                assert at < len(pieces), f"the writer's 「{text}」 in paragraph {k} lost its text or formatting"
                at += 1
            continue
        if k in renumbered:
            continue
        while position < len(new) and new[position] != paragraph:
            position += 1
        assert position < len(new), f"original paragraph {k} was changed, lost or moved"
        position += 1


def check_file_flow(material: G.Material, shape: str, request: Request, filled: bytes, data: bytes,
                    plan=None) -> None:
    """The invariants on a filled .docx read back, `plan` the plan it carried out (None: made
    again from the input, as the CLI and the API make it)."""
    before = read_docx(data)
    rendered = G.Rendered(material, shape, before, G.docx_holds(material, shape))
    if plan is None:
        plan = plan_fill(before, material.framework_id, add_missing=request.add_missing,
                         selections=list(request.selections))
    after = read_docx(filled)
    plan, out = run_plan_invariants(rendered, request, after, plan)
    assert [p.text for p in after.paragraphs] == [o.text for o in out], "the file is not what the plan says"
    # The renumbered, the split and the soft-cut ones by text only (the file's text is the
    # plan's, above); a soft-cut one by its runs too.
    assert_originals_kept(data, filled, {e[0] for e in renumber_edits(plan)}
                          | {i.after for i in plan.insertions if cut_of(i)},
                          {i.after for i in plan.insertions if cut_of(i) and cut_of(i)[2]})
    assert_recheck_clean(check(before, material.framework_id), check(after, material.framework_id),
                         request, material)


@settings(max_examples=examples(120), **SETTINGS)
@given(st.data(), G.materials(), st.sampled_from(G.DOCX_SHAPES))
def test_fill_docx_in_every_shape(data, material, shape):
    fill_through_the_file_flow(data, material, shape)


def fill_through_the_file_flow(data, material, shape) -> None:
    """A drawn request carried out on the material as a .docx of `shape`: a refusal must be one
    the material calls for, a fill must pass the file flow's invariants (check_file_flow)."""
    _show(material)
    request = data.draw(requests(material))
    note(f"shape: {shape}; request: {request}")
    source = G.to_docx(material, shape)
    try:
        result = fill_docx(source, material.framework_id, add_missing=request.add_missing,
                           selections=list(request.selections))
    except PlanError as error:
        expect_plan_error(G.Rendered(material, shape, read_docx(source), G.docx_holds(material, shape)),
                          request, error)
        return
    check_file_flow(material, shape, request, result.data, source, result.plan)


# ---- 4. the API and the command line ---------------------------------------------------------------

def pane_paragraphs(document: Document) -> list[dict]:
    """The document as the task pane sends it (Word's outline level 10 for body text)."""
    return [{"text": p.text, "style": p.style or "Normal", "outlineLevel": p.outline_level or 10,
             "isListItem": p.is_list_item, "listString": p.list_label, "tableNestingLevel": int(p.in_table),
             **({"tableColumn": p.table_column} if p.table_column is not None else {})}
            for p in document.paragraphs]


class _JsonPlan:
    """A plan as /api/fill/plan returns it, read like render.plan.Plan."""

    def __init__(self, body: dict):
        self.missing = body["missing"]
        self.renumber = body.get("renumber") or ()
        self.checklist = body.get("checklist")
        self.insertions = [SimpleNamespace(after=i["after"], cut=i.get("cut"), parts=tuple(i["parts"]), paragraphs=[
            SimpleNamespace(**p) for p in i["paragraphs"]]) for i in body["insertions"]]


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


@settings(max_examples=examples(40), **SETTINGS)
@given(st.data(), G.materials(), st.sampled_from(("typed", "styled", "auto")))
def test_api_fill_plan(client, data, material, shape):
    _show(material)
    request = data.draw(requests(material))
    rendered = G.to_model(material, shape)
    body = {"framework": material.framework_id, "paragraphs": pane_paragraphs(rendered.document),
            "selections": [{"dimension": s.dimension, "remedy_id": s.remedy_id} for s in request.selections]}
    if request.add_missing is True:
        body["add_missing"] = True
    elif request.add_missing:
        body["parts"] = list(request.add_missing)
    response = client.post("/api/fill/plan", json=body)
    assert response.status_code == 200, response.get_json()
    plan = _JsonPlan(response.get_json())
    plan_, out = run_plan_invariants(rendered, request, plan=plan)
    if shape == "typed":
        assert_recheck_clean(check(rendered.document, material.framework_id),
                             check(model_after(rendered, out), material.framework_id), request, material)


def _upload_form(material: G.Material, request: Request, source: bytes) -> dict:
    form = {"file": (io.BytesIO(source), "我的材料.docx"), "framework": material.framework_id,
            "remedy": [f"{s.dimension}={s.remedy_id}" for s in request.selections]}
    if request.add_missing is True:
        form["add_missing"] = "true"
    elif request.add_missing:
        form["parts"] = list(request.add_missing)
    return form


@settings(max_examples=examples(30), **SETTINGS)
@given(st.data(), G.materials(), st.sampled_from(G.DOCX_SHAPES))
def test_api_fill_docx(client, data, material, shape):
    """/api/fill/docx/plan (what the page shows before writing) then /api/fill/docx: the file
    is what that plan says, and the plan keeps every invariant."""
    _show(material)
    request = data.draw(requests(material))
    note(f"shape: {shape}; request: {request}")
    source = G.to_docx(material, shape)
    shown = client.post("/api/fill/docx/plan", content_type="multipart/form-data",
                        data=_upload_form(material, request, source))
    response = client.post("/api/fill/docx?download=1", content_type="multipart/form-data",
                           data=_upload_form(material, request, source))
    if response.status_code == 400 and "软回车" in response.get_json()["error"]["message"]:
        assert shown.status_code == 400 and shown.get_json()["error"]["message"] == response.get_json()["error"]["message"]
        rendered = G.Rendered(material, shape, read_docx(source), G.docx_holds(material, shape))
        expect_plan_error(rendered, request, PlanError(response.get_json()["error"]["message"], "parts"))
        return
    assert response.status_code == 200, response.get_json()
    assert shown.status_code == 200, shown.get_json()
    check_file_flow(material, shape, request, response.data, source, _JsonPlan(shown.get_json()))


@settings(max_examples=examples(6), **SETTINGS)
@given(st.data(), G.materials(complete=False), st.sampled_from(G.DOCX_SHAPES))
def test_cli_fill(tmp_path_factory, data, material, shape):
    _show(material)
    request = data.draw(requests(material))
    assume(request.add_missing is not False or request.selections)
    note(f"shape: {shape}; request: {request}")
    folder = tmp_path_factory.mktemp("fill")
    source = folder / "材料.docx"
    source.write_bytes(G.to_docx(material, shape))
    args = ["--framework", material.framework_id]
    if request.add_missing is True:
        args.append("--add-missing")
    elif request.add_missing:
        for part in request.add_missing:
            args += ["--part", part]
    for s in request.selections:
        args += ["--remedy", f"{s.dimension}={s.remedy_id}"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "addin_server", "fill", str(source), *args,
                           "-o", str(folder / "补写.docx")], capture_output=True, text=True, timeout=120,
                          cwd=folder, env=env)
    if done.returncode == 2 and "软回车" in done.stderr:
        rendered = G.Rendered(material, shape, read_docx(source.read_bytes()), G.docx_holds(material, shape))
        expect_plan_error(rendered, request, PlanError(done.stderr, "add_missing"))
        return
    assert done.returncode == 0, done.stderr
    check_file_flow(material, shape, request, (folder / "补写.docx").read_bytes(), source.read_bytes())


# ---- 5. measures grouped by aspect (writer27) ------------------------------------------------------
# Drawn now and then by every test above; here always, so their invariants are held on many.

@settings(max_examples=examples(60), **SETTINGS)
@given(st.data(), G.materials(grouped=True), st.sampled_from(("typed", "styled")))
def test_plan_with_measures_grouped_by_aspect(data, material, shape):
    _show(material)
    assert material.measure_form == "grouped"
    request = data.draw(requests(material))
    note(f"shape: {shape}; request: {request}")
    rendered = G.to_model(material, shape)
    plan, out = run_plan_invariants(rendered, request)
    if plan is None:
        return
    assert_recheck_clean(check(rendered.document, material.framework_id),
                         check(model_after(rendered, out), material.framework_id), request, material)


@settings(max_examples=examples(25), **SETTINGS)
@given(st.data(), G.materials(grouped=True), st.sampled_from(G.DOCX_SHAPES))
def test_fill_docx_with_measures_grouped_by_aspect(data, material, shape):
    fill_through_the_file_flow(data, material, shape)


# ---- 6. a material set out as one table of columns (writer27) -------------------------------------

TABLE_STRUCTURAL = ("section.missing", "section.duplicated", "section.out_of_order", "section.empty",
                    "dimension.duplicated", "dimension.out_of_order", "dimension.unrecognised")


@settings(max_examples=examples(40), **SETTINGS)
@given(st.data(), G.column_tables(), st.sampled_from(("styled", "plain")))
def test_a_table_of_columns_through_every_flow(data, table, shape):
    """Rows the aspects, columns the sections: the check reads every row's aspect and each
    column's section; 补写 has nothing to add when every aspect has its row, and refuses in plain
    Chinese (the file untouched) when one has none — paragraphs would go into a cell; a remedy is
    a new row of that table (序号 continued, its 方面 named, the measure in 整改措施), nothing else
    changes, and the re-check raises no new structural finding."""
    import docx

    note(f"table: {table}")
    framework_id = table.framework_id
    source = G.column_table_docx(table, shape)
    before = read_docx(source)
    report = check(before, framework_id)
    assert {d.key for d in report.dimensions if d.present} == set(table.aspects)
    codes = Counter(f.code for f in report.findings)
    said = [(f.code, f.message) for f in report.findings if f.code in TABLE_STRUCTURAL]
    assert not said, said
    assert bool(codes["dimension.missing"]) == bool(table.missing), codes

    if table.missing:
        with pytest.raises(PlanError) as refused:
            fill_docx(source, framework_id, add_missing=True)
        assert "表格" in str(refused.value)
        assert all(get_framework(framework_id).dimension(k).title in str(refused.value) for k in table.missing)
    else:
        plan = plan_fill(before, framework_id, add_missing=True)
        assert not plan.insertions and not plan.renumber and plan.checklist is None

    pool = [r for r in REMEDIES[framework_id] if r.dimension in table.aspects]
    assume(pool)
    chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique_by=lambda r: r.id))
    result = fill_docx(source, framework_id, add_missing=False,
                       selections=[Selection(r.dimension, r.id) for r in chosen])
    written, filled = docx.Document(io.BytesIO(source)), docx.Document(io.BytesIO(result.data))
    grid = filled.tables[0]
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    assert rows[:1 + len(table.rows)] == [list(table.header), *map(list, table.rows)], "the writer's rows changed"
    new = rows[1 + len(table.rows):]
    assert len(new) == len(chosen), new
    aspect = table.header.index(next(h for h in table.header if h in G.ASPECT_COLUMNS))
    measure = table.header.index("整改措施")
    framework = get_framework(framework_id)

    def names(key: str) -> list[str]:
        return [*framework.dimension(key).names, framework.dimension(key).title]

    for n, row in enumerate(new, len(table.rows) + 1):
        assert row[0] == str(n) and row[measure].strip(), row
    # Each new row names the aspect of one of the remedies (the rows in the framework's order).
    named = sorted(next((k for k in {r.dimension for r in chosen} if any(
        name in row[aspect] or row[aspect].strip("在方面") in name for name in names(k))), None) for row in new)
    assert named == sorted(r.dimension for r in chosen), (named, [row[aspect] for row in new])
    assert [p.text for p in filled.paragraphs] == [p.text for p in written.paragraphs], "paragraphs outside the table changed"
    after = check(read_docx(result.data), framework_id)
    again = Counter(f.code for f in after.findings)
    assert not any(again[c] for c in TABLE_STRUCTURAL), again
    assert {d.key for d in after.dimensions if d.present} == set(table.aspects)


@settings(max_examples=examples(30), **SETTINGS)
@given(data=st.data(), material=G.materials())
def test_problems_as_a_table_under_each_aspect(data, material):
    """Each aspect's problems a table (序号 | 问题 | 具体表现) under its heading, as some writers set
    them out (trial 4, u03): the check reads a row a problem (the header row and the 序号 no
    text of the writer's, no finding quoting them); 补写 puts the missing aspects and sections as
    paragraphs outside the tables, the tables unchanged; the re-check finds nothing missing."""
    import docx

    assume(material.aspect_form in ("（一）", "1.", "一是")
           and any(p.role == G.PROBLEM for p in material.parts))
    header = data.draw(st.sampled_from(G.PROBLEM_TABLE_HEADERS))
    note(f"material: {material.texts()}")
    source = G.problem_table_docx(material, header)
    report = check(read_docx(source), material.framework_id)
    rows = Counter(p.aspect for p in material.parts if p.role == G.PROBLEM)
    found = {d.key: len(d.items) for d in report.dimensions if d.present}
    assert found == {k: rows[k] for k in material.aspects}, (found, rows)
    quoted = [f.message for f in report.findings if any(f"「{h}」" in f.message for h in header)]
    assert not quoted, quoted
    missing = {f.code for f in report.findings} & {"dimension.missing", "section.missing"}
    assert bool(missing) == bool(material.missing_parts), (missing, material.missing_parts)

    if not material.missing_parts:
        return
    result = fill_docx(source, material.framework_id, add_missing=True)
    written, filled = docx.Document(io.BytesIO(source)), docx.Document(io.BytesIO(result.data))
    assert [[c.text for c in row.cells] for t in filled.tables for row in t.rows] == \
        [[c.text for c in row.cells] for t in written.tables for row in t.rows], "a table changed"
    after = check(read_docx(result.data), material.framework_id)
    still = {f.code for f in after.findings} & {"dimension.missing", "section.missing"}
    assert not still, [f.message for f in after.findings if f.code in still]
