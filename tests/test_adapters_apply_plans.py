"""The Word and WPS adapters carry out a plan exactly as the plan says, on generated materials.

Materials are drawn from the parts writers put in the file (tests/test_material_parts.py: any
subset of the aspects, typed numbers running on or leaving the writer's gap, 原因剖析 and 整改措施
present or not, measures as 一是…, 1./2., headings over paragraphs or unnumbered, every back
matter); a plan fills in what is missing and adds remedies; node carries it out in both adapters
against their test doubles (tests/js/apply_plans.mjs, the way the pane does: renumbering, then
the insertions). Each document must read, paragraph for paragraph, as the plan applied to the
text — back matter last, aspects in order, numbers running on — and a re-check must find no
numbering finding the input did not have."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from addin_server.checks import check
from addin_server.model import Document
from addin_server.render.plan import plan_fill
import requires
from test_material_parts import (BACK_MATTERS, CN, FRAMEWORK, MEASURES, PREAMBLE, PROBLEMS, TITLE_BLOCK, applied, material,
                                 selections)

SCRIPT = Path(__file__).parent / "js" / "apply_plans.mjs"
MEASURE_FORMS = {
    "items": MEASURES,
    "dotted": ["1.加强理论武装，每月集中学习2次。", "2.改进工作作风，每季度走访2次。"],
    "headed": ["（一）加强理论武装", "坚持每月集中学习2次，年底前读完3本原著。",
               "（二）改进工作作风", "每季度到联系村走访不少于2次。"],
    "unnumbered": ["加强理论武装，每月集中学习2次。", "改进工作作风，每季度走访2次。"],
}


@st.composite
def cases(draw):
    aspects = draw(st.lists(st.integers(0, 4), min_size=1, max_size=5, unique=True).map(sorted))
    gap = draw(st.booleans())   # the writer numbered by framework place, leaving gaps
    number = (lambda k: f"（{CN[aspects[k]]}）") if gap else (lambda k: f"（{CN[k]}）")
    back = draw(st.sampled_from(sorted(BACK_MATTERS)))
    texts = material(aspects, back=back,
                     causes=draw(st.booleans()), measures=draw(st.booleans()),
                     measure_lines=MEASURE_FORMS[draw(st.sampled_from(sorted(MEASURE_FORMS)))], number=number)
    closing = len(texts) - len(BACK_MATTERS[back])
    if BACK_MATTERS[back][:1] and BACK_MATTERS[back][0].startswith("以上") and draw(st.booleans()):
        # The closing typed on at the end of the last paragraph: the plan splits it off.
        texts = [*texts[:closing - 1], texts[closing - 1] + texts[closing], *texts[closing + 1:]]
    chosen = selections(draw(st.integers(0, 3)))
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True, selections=chosen)
    return texts, plan


def node_with_xmldom():
    """Node.js, with the XML parser the Word double reads OOXML with outside the browser."""
    requires.node_module("@xmldom/xmldom")
    return requires.tool("node", "nodejs")


def run_adapters(batch):
    node = node_with_xmldom()
    payload = [{"paragraphs": [{"text": t} for t in texts], "plan": plan.to_dict()} for texts, plan in batch]
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(payload, ensure_ascii=False),
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(cases(), min_size=25, max_size=25))
def test_word_and_wps_carry_out_every_plan_as_planned(batch):
    for (texts, plan), result in zip(batch, run_adapters(batch)):
        expected = applied(texts, plan)
        assert "error" not in result, (result, plan.summary)
        assert result["word"] == expected, plan.summary
        assert result["wps"] == expected, plan.summary
        back = next(v for v in BACK_MATTERS.values() if v and texts[-len(v):] == v) if any(
            v and texts[-len(v):] == v for v in BACK_MATTERS.values()) else []
        assert expected[len(expected) - len(back):] == back
        heads = [t[:3] for t in expected[len(TITLE_BLOCK):] if t.startswith("（") and t.endswith("方面")]
        assert heads == [f"（{c}）" for c in CN[:len(heads)]]
        before = {f.code for f in check(Document.from_texts(texts), FRAMEWORK).findings if f.code.startswith("numbering")}
        after = {f.code for f in check(Document.from_texts(expected), FRAMEWORK).findings if f.code.startswith("numbering")}
        assert after <= before, plan.summary


@st.composite
def soft_broken(draw):
    """A generated material as pasted from a chat window or a web page: runs of its paragraphs
    joined into one with soft line breaks (Shift+Enter), remedies chosen or not."""
    texts, _ = draw(cases())
    glued, k = [], 0
    while k < len(texts):
        n = draw(st.integers(1, 4))
        glued.append("\v".join(texts[k:k + n]))
        k += n
    return texts, glued, selections(draw(st.integers(0, 3)))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(soft_broken(), min_size=25, max_size=25))
def test_on_soft_broken_materials_both_panes_put_every_line_where_it_goes_without_soft_breaks(batch):
    # Planned on the text as the pane reads it (a soft break as "\n"), carried out in both panes:
    # read line by line, each document is the same material written without soft breaks, filled
    # in — the paragraphs cut where the parts go, a glued closing split off before them.
    plans = [plan_fill(Document.from_texts([g.replace("\v", "\n") for g in glued]), FRAMEWORK, add_missing=True,
                       selections=chosen) for _, glued, chosen in batch]
    results = run_adapters([(glued, plan) for (_, glued, _), plan in zip(batch, plans)])
    for (texts, glued, chosen), plan, result in zip(batch, plans, results):
        assert "error" not in result, (result, plan.summary, glued)
        expected = applied(texts, plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True, selections=chosen))
        for host in ("word", "wps"):
            assert [line for p in result[host] for line in p.split("\n")] == expected, (host, glued, plan.summary)


def test_a_plan_that_cuts_a_soft_broken_paragraph():
    # The last measure and the closing lines in one paragraph (Shift+Enter): the remedy goes in
    # where the measure's line ends. Both panes cut the paragraph there (WPS replaces the break;
    # Word moves the lines after it, with their runs, into a paragraph of their own).
    from addin_server.remedies.library import list_remedies
    from addin_server.render.remedies import Selection

    texts = ["组织生活会个人对照检查材料", "一、存在问题\v（一）发挥先锋模范作用情况\v1.对新理论新要求的学习停留在读原文、记笔记。",
             "二、整改措施\v一是坚持每周安排固定时间自学，推动学用贯通。\v以上对照检查，请同志们批评指正。\v王建华\v2026年1月5日"]
    remedy = list_remedies("zuzhi-shenghuohui")[0]
    # Planned on the text as the pane reads it (readParagraphs gives a soft break as "\n").
    plan = plan_fill(Document.from_texts([t.replace("\v", "\n") for t in texts]), "zuzhi-shenghuohui",
                     add_missing=False, selections=[Selection(remedy.dimension, remedy.id)])
    assert [(i.after, i.cut.soft_breaks_before(i.anchor_text), i.cut.at_soft_break(i.anchor_text))
            for i in plan.insertions] == [(2, 1, True)]
    node = node_with_xmldom()
    payload = [{"paragraphs": [{"text": t} for t in texts], "plan": plan.to_dict(), "refusals": True}]
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(payload, ensure_ascii=False),
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)
    remedy_text = plan.insertions[0].paragraphs[0].text
    expected = [texts[0], texts[1].replace("\v", "\n"), "二、整改措施\n一是坚持每周安排固定时间自学，推动学用贯通。",
                remedy_text, "以上对照检查，请同志们批评指正。\n王建华\n2026年1月5日"]
    assert result["wps"] == expected, result
    assert result["word"] == expected, result


def test_word_lists_restart_under_a_new_aspect_as_under_the_writers():
    # The writer's items are Word lists starting at 1. under each aspect heading; the aspect the
    # plan inserts gets a list of its own (Paragraph.startNewList, numbered like the model), so
    # its items read 1. 2., not 3. 4. on from the aspect before; the inserted heading, made from
    # the last listed item, is moved out of that list; the aspects after it keep their own 1. 2.
    from addin_server.model import Paragraph

    aspects = [0, 1, 3]
    paragraphs, lists = [{"text": t} for t in [*TITLE_BLOCK, "一、存在问题"]], {}
    for k, i in enumerate(aspects):
        paragraphs.append({"text": f"（{CN[k]}）{FRAMEWORK.dimensions[i].title}"})
        lists[k + 1] = {"levels": {"0": [0, "."]}}
        first, second = PROBLEMS[i].split("二是")
        paragraphs += [{"text": first.removeprefix("一是"), "listId": k + 1}, {"text": second, "listId": k + 1}]
    paragraphs += [{"text": t} for t in BACK_MATTERS["closing_signature_date"]]
    # Planned on the document as the pane reads it: each listed item with Word's number.
    labels = {}
    for p in paragraphs:
        if "listId" in p:
            labels[id(p)] = f"{sum(1 for q in paragraphs[:paragraphs.index(p)] if q.get('listId') == p['listId']) + 1}."
    document = Document(tuple(Paragraph(i, p["text"], is_list_item="listId" in p, list_label=labels.get(id(p), ""))
                              for i, p in enumerate(paragraphs)))
    plan = plan_fill(document, FRAMEWORK, add_missing=True)
    inserted = [p for i in plan.insertions for p in i.paragraphs if p.role == "item"]
    assert inserted and inserted[0].new_list, plan.summary
    node = node_with_xmldom()
    payload = [{"paragraphs": paragraphs, "plan": plan.to_dict(), "lists": lists}]
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(payload, ensure_ascii=False),
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)
    assert "error" not in result, result
    read = result["word"]
    assert [t for _, t in read] == applied([p["text"] for p in paragraphs], plan)
    new_heading = next(k for k, (_, t) in enumerate(read) if t.endswith(FRAMEWORK.dimensions[2].title))
    assert read[new_heading][0] == "", read   # the heading is not an item of the list before it
    items_after = [n for n, _ in read[new_heading + 1:new_heading + 1 + len([p for p in plan.insertions[0].paragraphs if p.role == "item"])]]
    assert items_after and items_after == [f"{n}." for n in range(1, len(items_after) + 1)], read
    # Every run of listed items, inserted or the writer's, under an aspect or a new section,
    # counts from 1.
    runs, run = [], []
    for number, _ in read:
        if number:
            run.append(number)
        elif run:
            runs, run = [*runs, run], []
    assert len(runs) == 7 and all(r == [f"{n}." for n in range(1, len(r) + 1)] for r in runs), \
        json.dumps(read, ensure_ascii=False)


def test_a_new_section_heading_joins_the_writers_chinese_numbered_list_and_continues_it():
    # The section headings are a Word list numbered in Chinese counting (一、 二、, not typed):
    # the missing 三、整改措施 is made like 一、存在问题 and joined to that list
    # (Paragraph.attachToList), so Word numbers it 三、 in the writer's own style — nothing typed.
    # (Restarting such a list is what Word's JavaScript API cannot do: List.setLevelNumbering has
    # no Chinese style; see CONTRIBUTING.)
    from addin_server.model import Paragraph

    paragraphs = [{"text": t} for t in [*TITLE_BLOCK, PREAMBLE]]
    paragraphs.append({"text": "存在问题", "listId": 1})
    for k, problems in enumerate(PROBLEMS):
        paragraphs += [{"text": f"（{CN[k]}）{FRAMEWORK.dimensions[k].title}"}, {"text": problems}]
    paragraphs += [{"text": "原因剖析", "listId": 1}, {"text": "一是理论武装不够深入，以学促干的自觉性不足。"}]
    paragraphs += [{"text": t} for t in BACK_MATTERS["closing_date"]]
    lists = {1: {"levels": {"0": {"numbering": "ChineseCounting", "format": [0, "、"]}}}}
    labels = {len(TITLE_BLOCK) + 1: "一、", len(paragraphs) - 4: "二、"}
    document = Document(tuple(Paragraph(i, p["text"], is_list_item="listId" in p, list_label=labels.get(i, ""))
                              for i, p in enumerate(paragraphs)))
    plan = plan_fill(document, FRAMEWORK, add_missing=True)
    heading = next(p for i in plan.insertions for p in i.paragraphs if p.role == "section")
    assert heading.text == "整改措施", plan.summary   # no number typed: the list numbers it
    node = node_with_xmldom()
    payload = [{"paragraphs": paragraphs, "plan": plan.to_dict(), "lists": lists}]
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(payload, ensure_ascii=False),
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)
    assert "error" not in result, result
    read = result["word"]
    assert [t for _, t in read] == applied([p["text"] for p in paragraphs], plan)
    assert [(n, t) for n, t in read if n] == [("一、", "存在问题"), ("二、", "原因剖析"), ("三、", "整改措施")], read
