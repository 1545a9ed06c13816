"""The whole material, front to back (checks/material_parts.py and its use by the analysis and
the fill plan): the title block and preamble before the body, the closing sentence, signature,
date and attachment after it — never items, problems or measures, and nothing inserted after
them; parts planned at one place go in the material's order; typed numbers after an inserted
heading run on."""
from __future__ import annotations

import io

import docx
import pytest

from addin_server.checks import check
from addin_server.checks.report import apply_to_text
from addin_server.checks.structure import analyze
from addin_server.frameworks import get_framework
from addin_server.model import Document, Paragraph
from addin_server.readers import read_docx
from addin_server.remedies.library import list_remedies
from addin_server.render.fill import fill_docx
from addin_server.render.plan import plan_fill
from addin_server.render.remedies import Selection

FRAMEWORK = get_framework("nianhui-2025")
CN = "一二三四五六七八九十"

TITLE_BLOCK = ["中共某县农业农村局党组", "2025年度民主生活会", "个人对照检查材料", "某县农业农村局局长  王明", "（2026年1月）"]
PREAMBLE = "根据县委办公室关于召开2025年度民主生活会的通知要求，本人认真学习规定篇目，广泛征求意见，现将对照检查情况报告如下："
# Problems written for these tests, one per aspect, each with a fact a reviewer could check.
PROBLEMS = [
    "一是政治能力还有差距。去年分管的两项改革任务推进缓慢，对形势研判不够及时。二是执行请示报告制度不够严格，有1次重大事项报告滞后。",
    "一是党性锤炼抓得不紧。2025年参加支部组织生活缺席2次。二是自我批评不够深刻，谈心谈话时多谈工作少谈思想。",
    "一是联系群众不够经常。全年到联系村走访只有3次。二是对来信来访中反映的灌溉渠问题跟踪督办不够。",
    "一是攻坚克难的劲头有所减弱。高标准农田建设项目进度滞后于计划两个月。二是防范风险的预案不够细。",
    "一是管党治党责任压得不实。对分管科室的廉政风险点排查不够全面。二是对身边工作人员教育提醒不够经常。",
]
CAUSES = ["一是理论学习不够深入系统，学用脱节。", "二是党性修养有所放松，标准有所降低。", "三是宗旨意识有所淡化，服务意识不强。"]
MEASURES = ["一是加强理论武装，每月集中学习不少于2次，年底前完成3篇调研报告。",
            "二是改进工作作风，每季度到联系村走访不少于2次，建立问题台账。",
            "三是严守纪律规矩，6月底前完成分管科室廉政风险点排查。"]
BACK_MATTERS = {
    "none": [],
    "closing": ["以上对照检查，如有不妥之处，恳请同志们批评指正。"],
    "closing_date": ["以上对照检查，请同志们批评指正。", "2026年1月8日"],
    "closing_signature_date": ["以上是我的对照检查，请同志们批评帮助。", "王明", "2026年1月8日"],
    "two_line_closing": ["以上是我的个人对照检查，", "恳请大家提出宝贵意见。", "二〇二六年一月八日"],
    "signature_date": ["王明", "2026年1月8日"],
    "date_only": ["2026年1月8日"],
    "ask_only": ["恳请同志们批评指正。"],
    "attachment": ["以上对照检查，请同志们批评指正。", "王明", "2026年1月8日", "附件：整改清单"],
    "note": ["以上对照检查，请同志们批评指正。", "2026年1月8日", "（此件不公开）"],
}


def material(aspects=range(5), *, back="closing_signature_date", causes=True, measures=True,
             measure_lines=MEASURES, number=lambda k: f"（{CN[k]}）"):
    """A material's texts: the aspects given (their framework positions), numbered by `number`
    (their position among those written), with the back matter named."""
    texts = [*TITLE_BLOCK, PREAMBLE, "一、存在问题"]
    for k, i in enumerate(aspects):
        texts += [number(k) + FRAMEWORK.dimensions[i].title, PROBLEMS[i]]
    n = 1
    if causes:
        n += 1
        texts += [f"{CN[n - 1]}、原因剖析", *CAUSES]
    if measures:
        n += 1
        texts += [f"{CN[n - 1]}、整改措施", *measure_lines]
    return texts + BACK_MATTERS[back]


def applied(texts, plan):
    """The texts as a host leaves them: the renumbering first, then the insertions."""
    out = list(texts)
    for r in plan.renumber:
        out[r.edit.paragraph] = apply_to_text(out[r.edit.paragraph], [r.edit])
    for insertion in sorted(plan.insertions, key=lambda i: -i.after):
        assert insertion.anchor_text == (out[insertion.after] if insertion.after >= 0 else "")
        tail = []
        if insertion.cut:   # a closing glued to the anchor: after the new paragraphs
            out[insertion.after], tail = insertion.anchor_text[:insertion.cut.at], [insertion.tail]
        out[insertion.after + 1:insertion.after + 1] = [p.text for p in insertion.paragraphs] + tail
    return out


def selections(count=3):
    return [Selection(d.key, list_remedies(FRAMEWORK.id, d.key)[0].id) for d in FRAMEWORK.dimensions[:count]]


# ---- reading the parts -------------------------------------------------------------------------

@pytest.mark.parametrize("back", sorted(BACK_MATTERS))
def test_back_matter_is_found_and_ends_the_body(back):
    texts = material(back=back)
    st = analyze(Document.from_texts(texts), FRAMEWORK)
    tail = BACK_MATTERS[back]
    expected_start = len(texts) - len(tail) if tail else None
    assert st.back.start == expected_start
    measures = st.section("measures")
    assert measures.end == len(texts) - len(tail) - 1
    assert [i.paragraph for i in st.measures] == list(range(measures.start + 1, measures.end + 1))
    assert not any(st.back.role(i) is None for i in range(expected_start or len(texts), len(texts)))


def test_title_block_and_preamble_are_front_matter():
    texts = material()
    st = analyze(Document.from_texts(texts), FRAMEWORK)
    assert st.title_paragraph == 2
    assert set(st.front.lines) == {0, 1, 3, 4}
    assert st.front.preamble == (5,)


def test_a_short_last_measure_is_not_a_signature():
    texts = material(back="none", measure_lines=[*MEASURES, "四是加强作风建设"])
    st = analyze(Document.from_texts(texts), FRAMEWORK)
    assert st.back.start is None
    assert st.measures[-1].paragraph == len(texts) - 1


def test_an_attached_table_is_back_matter_and_its_rows_number_nothing():
    head = material(back="closing_date")
    rows = [["序号", "存在问题", "整改措施", "完成时限", "责任人"],
            ["1", "理论学习不够深入", "每月集中学习2次", "2026年6月", "王明"],
            ["2", "联系群众不够经常", "每季度走访2次", "长期坚持", "王明"]]
    paragraphs = [Paragraph(i, t) for i, t in enumerate(head)]
    paragraphs.append(Paragraph(len(paragraphs), "附件：整改清单"))
    for row in rows:
        for column, cell in enumerate(row):
            paragraphs.append(Paragraph(len(paragraphs), cell, in_table=True, table_column=column))
    document = Document(tuple(paragraphs))
    st = analyze(document, FRAMEWORK)
    assert st.back.attachment == len(head)
    assert st.section("measures").end == len(head) - 3
    report = check(document, FRAMEWORK)
    assert not [f for f in report.findings if f.code.startswith("numbering") or f.paragraph and f.paragraph >= len(head)]


def test_a_table_right_under_the_measures_heading_is_the_measures_not_an_attachment():
    texts = material(back="none", measures=False) + ["三、整改措施"]
    paragraphs = [Paragraph(i, t) for i, t in enumerate(texts)]
    for cell in ("一是每月集中学习2次，写出心得。", "二是每季度到联系村走访2次。"):
        paragraphs.append(Paragraph(len(paragraphs), cell, in_table=True, table_column=0))
    st = analyze(Document(tuple(paragraphs)), FRAMEWORK)
    assert st.back.start is None
    assert len(st.measures) == 2


# ---- writing before the back matter ----------------------------------------------------------

@pytest.mark.parametrize("back", sorted(BACK_MATTERS))
def test_remedies_go_after_the_last_measure_and_before_the_back_matter(back):
    texts = material(back=back)
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=False, selections=selections(3))
    (insertion,) = plan.insertions
    last_measure = len(texts) - len(BACK_MATTERS[back]) - 1
    assert insertion.after == last_measure
    assert [p.text[:2] for p in insertion.paragraphs] == ["四是", "五是", "六是"]
    after = applied(texts, plan)
    assert after[-len(BACK_MATTERS[back]):] == BACK_MATTERS[back] or not BACK_MATTERS[back]
    if BACK_MATTERS[back]:
        assert "之前" in insertion.where
    before = {f.code for f in check(Document.from_texts(texts), FRAMEWORK).findings}
    new = {f.code for f in check(Document.from_texts(after), FRAMEWORK).findings} - before
    assert not {c for c in new if c.startswith(("numbering", "section", "dimension"))}


@pytest.mark.parametrize("back", ["closing_date", "attachment", "none"])
def test_a_half_written_draft_gets_its_aspects_inside_the_problems_then_the_sections(back):
    texts = material(aspects=[0, 1], causes=False, measures=False, back=back)
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True)
    after = applied(texts, plan)
    headings = [t for t in after[len(TITLE_BLOCK):] if t.startswith(("（", "二、", "三、"))]
    assert headings == [f"（{CN[i]}）{d.title}" for i, d in enumerate(FRAMEWORK.dimensions)] + ["二、原因剖析", "三、整改措施"]
    tail = BACK_MATTERS[back]
    assert after[len(after) - len(tail):] == tail
    report = check(Document.from_texts(after), FRAMEWORK)
    assert all(d.present for d in report.dimensions) and all(s.present for s in report.sections if s.required)
    assert not [f for f in report.findings if f.code.startswith("numbering")]


def test_typed_numbers_after_an_inserted_aspect_run_on():
    # The writer numbered the aspects they wrote one after another: （三）（四） for the 4th and 5th.
    texts = material(aspects=[0, 1, 3, 4])
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True)
    assert [(r.edit.replacement, r.before[:3]) for r in plan.renumber] == [("（四）", "（三）"), ("（五）", "（四）")]
    assert any("改为" in line for line in plan.summary)
    after = applied(texts, plan)
    body = after[len(TITLE_BLOCK):]
    assert [t[:3] for t in body if t.startswith("（")] == [f"（{c}）" for c in CN[:5]]
    assert [t[3:] for t in body if t.startswith("（")] == [d.title for d in FRAMEWORK.dimensions]
    assert not [f for f in check(Document.from_texts(after), FRAMEWORK).findings if f.code.startswith("numbering")]


def test_a_gap_the_writer_left_is_filled_without_renumbering():
    texts = material(aspects=[0, 1, 3, 4], number=lambda k: f"（{CN[[0, 1, 3, 4][k]]}）")
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True)
    assert plan.renumber == ()
    assert [t[:3] for t in applied(texts, plan)[len(TITLE_BLOCK):] if t.startswith("（")] == [f"（{c}）" for c in CN[:5]]


def test_two_missing_aspects_and_a_section_all_number_on():
    texts = material(aspects=[0, 1, 3], causes=False)   # 一、存在问题 … 二、整改措施
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True)
    after = applied(texts, plan)[len(TITLE_BLOCK):]
    assert [t[:3] for t in after if t.startswith("（")] == [f"（{c}）" for c in CN[:5]]
    assert [t for t in after if t[1:2] == "、" and t[0] in CN] == ["一、存在问题", "二、原因剖析", "三、整改措施"]
    assert after[-3:] == BACK_MATTERS["closing_signature_date"]


@pytest.mark.parametrize("form", ["headed", "dotted", "unnumbered"])
def test_remedies_continue_the_measures_in_their_own_form(form):
    lines = {"headed": ["（一）加强理论武装", "坚持每月集中学习2次，年底前读完3本原著。",
                        "（二）改进工作作风", "每季度到联系村走访不少于2次。"],
             "dotted": ["1.加强理论武装，每月集中学习2次。", "2.改进工作作风，每季度走访2次。"],
             "unnumbered": ["加强理论武装，每月集中学习2次。", "改进工作作风，每季度走访2次。"]}[form]
    texts = material(measure_lines=lines)
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=False, selections=selections(2))
    (insertion,) = plan.insertions
    new = [p.text for p in insertion.paragraphs]
    if form == "headed":
        assert [p.role for p in insertion.paragraphs] == ["measure_heading", "item"] * 2
        assert new[0].startswith("（三）") and new[2].startswith("（四）") and len(new[0]) < 30
        assert insertion.paragraphs[0].like == len(texts) - 5 and insertion.paragraphs[1].like == len(texts) - 4
    elif form == "dotted":
        assert new[0].startswith("3.") and new[1].startswith("4.")
    else:
        assert not any(t[:2] in ("三是", "四是") or t[0].isdigit() for t in new)
    assert applied(texts, plan)[-3:] == BACK_MATTERS["closing_signature_date"]


# ---- the .docx file flow ---------------------------------------------------------------------

def _docx(texts) -> bytes:
    document = docx.Document()
    for text in texts:
        paragraph = document.add_paragraph()
        paragraph.add_run(text[:3]).bold = True     # the number in a run of its own, as WPS writes it
        paragraph.add_run(text[3:])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_file_flow_renumbers_only_the_numbers_and_inserts_before_the_back_matter():
    texts = material(aspects=[0, 1, 3, 4])
    data = _docx(texts)
    result = fill_docx(data, FRAMEWORK, add_missing=True, selections=selections(1))
    after = [p.text for p in read_docx(result.data).paragraphs]
    assert after[-3:] == BACK_MATTERS["closing_signature_date"]
    assert [t[:3] for t in after[len(TITLE_BLOCK):] if t.startswith("（")] == [f"（{c}）" for c in CN[:5]]
    assert "四是" in after[-4][:2]
    renumbered = docx.Document(io.BytesIO(result.data)).paragraphs
    heading = next(p for p in renumbered if p.text.endswith(FRAMEWORK.dimensions[3].title))
    assert heading.runs[0].text == "（四）" and heading.runs[0].bold   # the run kept its formatting


def test_a_material_written_in_a_one_cell_table_has_its_back_matter_in_the_cell():
    texts = material()
    document = Document(tuple(Paragraph(i, t, in_table=True, table_column=0) for i, t in enumerate(texts)))
    st = analyze(document, FRAMEWORK)
    assert st.back.start == len(texts) - 3
    plan = plan_fill(document, FRAMEWORK, add_missing=False, selections=selections(1))
    assert plan.insertions[0].after == len(texts) - 4


def test_the_last_row_of_a_material_in_columns_is_not_back_matter():
    texts = material(back="none", measures=False)
    paragraphs = [Paragraph(i, t) for i, t in enumerate(texts)]
    for column, cell in enumerate(("理论学习", "学习不够深入", "每月学习2次", "王明", "2026年6月")):
        paragraphs.append(Paragraph(len(paragraphs), cell, in_table=True, table_column=column))
    assert analyze(Document(tuple(paragraphs)), FRAMEWORK).back.start is None


def test_a_full_stop_typed_after_the_signature_and_date_keeps_them_back_matter():
    texts = material(back="none") + ["以上对照检查，请同志们批评指正。", "王明。", "2026年1月8日。"]
    st = analyze(Document.from_texts(texts), FRAMEWORK)
    assert st.back.start == len(texts) - 3 and st.back.signature == (len(texts) - 2,)


def test_measure_headings_whose_paragraphs_hold_items_of_their_own_are_continued_as_headings():
    lines = ["（一）在强化理论武装上下功夫", "一是每月集中学习2次。二是年底前读完3本原著。",
             "（二）在改进工作作风上下功夫", "一是每季度走访2次。二是建立问题台账。"]
    texts = material(measure_lines=lines)
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=False, selections=selections(1))
    new = plan.insertions[0].paragraphs
    assert [p.role for p in new] == ["measure_heading", "item"] and new[0].text.startswith("（三）")


def test_an_aspect_inserted_before_the_only_one_written_opens_the_numbers():
    texts = material(aspects=[4])          # the writer's only aspect, numbered （一）
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=["dimension:dare_to_act"])
    after = applied(texts, plan)[len(TITLE_BLOCK):]
    assert [t[:3] for t in after if t.startswith("（")] == ["（一）", "（二）"]
    assert not [f for f in check(Document.from_texts(applied(texts, plan)), FRAMEWORK).findings
                if f.code.startswith("numbering")]


def test_a_draft_with_an_attached_list_is_not_read_as_a_material_in_columns():
    texts = material(aspects=[0], causes=False, measures=False, back="none") + ["附件：整改清单"]
    paragraphs = [Paragraph(i, t) for i, t in enumerate(texts)]
    for row in (["序号", "存在问题", "整改措施", "完成时限", "责任人"], ["1", "学习不够深入", "每月学习2次", "2026年6月", "王明"]):
        for column, cell in enumerate(row):
            paragraphs.append(Paragraph(len(paragraphs), cell, in_table=True, table_column=column))
    report = check(Document(tuple(paragraphs)), FRAMEWORK)
    assert {s.key for s in report.sections if s.present and s.required} == {"problems"}


def test_aspects_numbered_with_item_marks_over_bracketed_items():
    texts = [*TITLE_BLOCK, PREAMBLE, "一、存在问题"]
    for k, i in enumerate([0, 1, 3]):
        texts += [f"{CN[k]}是{FRAMEWORK.dimensions[i].names[0]}方面", "（1）" + PROBLEMS[i][2:20] + "。", "（2）对照要求还有差距，去年有2项任务推进缓慢。"]
    texts += ["二、原因剖析", *CAUSES, "三、整改措施", *MEASURES, *BACK_MATTERS["closing_date"]]
    report = check(Document.from_texts(texts), FRAMEWORK)
    assert [d.present for d in report.dimensions] == [True, True, False, True, False]
    assert [d.item_count for d in report.dimensions if d.present] == [2, 2, 2]
    assert not [f for f in report.findings if f.code.startswith("numbering")]
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=True)
    after = applied(texts, plan)
    heads = [t for t in after if t.endswith("方面") and t[1] == "是"]
    assert [t[:2] for t in heads] == ["一是", "二是", "三是", "四是", "五是"]
    assert not [f for f in check(Document.from_texts(after), FRAMEWORK).findings if f.code.startswith("numbering")]


@pytest.mark.parametrize("missing", range(5))
def test_a_2025_draft_missing_one_aspect_is_recognised_as_2025_not_by_place_as_2024(missing):
    # Four headings, as many as 2024 has aspects: their places must not outweigh their names.
    texts = material(aspects=[i for i in range(5) if i != missing])
    report = check(Document.from_texts(texts), "auto")
    assert report.framework_id == "nianhui-2025"
    assert [d.present for d in report.dimensions] == [i != missing for i in range(5)]


# ---- a closing sentence typed on at the end of the last paragraph ------------------------------

# Closing sentences as writers type them on after the last measure's full stop, in wordings the
# recognition was not written from (material-anatomy: closing sentence), with what stays the body's.
GLUED = [
    ("以上对照检查，请同志们批评指正。", ""),
    ("以上发言，不妥之处请批评指正。", ""),
    ("如有不妥之处，恳请各位同志批评指正！", ""),
    ("以上是我的个人对照检查。", ""),
    ("恳请大家多提宝贵意见，谢谢！", "“回头看”。"),   # a quote closed before the closing
    ("敬请同志们提出批评意见。", ""),
]


@pytest.mark.parametrize("closing, quote_end", GLUED, ids=[g[0][:6] for g in GLUED])
def test_a_glued_closing_is_back_matter_and_the_remedies_go_before_it(closing, quote_end):
    last = MEASURES[-1][:-1] + ("，年底前开展" + quote_end if quote_end else "。")
    texts = material(back="date_only", measure_lines=[*MEASURES[:-1], last + closing])
    document = Document.from_texts(texts)
    st = analyze(document, FRAMEWORK)
    glued = len(texts) - 2
    assert st.back.glued and st.back.glued[0] == glued
    assert not any("批评" in i.text or "意见" in i.text or "以上" in i.text for i in st.measures)
    plan = plan_fill(document, FRAMEWORK, add_missing=False, selections=selections(2))
    (insertion,) = plan.insertions
    assert insertion.after == glued and insertion.tail == closing
    assert texts[glued][:insertion.cut.at] == last and not insertion.cut.at_soft_break(texts[glued])
    assert "结束语" in insertion.where and any("另起一段" in line for line in plan.summary)


def test_a_body_sentence_opening_with_yishang_is_not_a_closing():
    last = "三是严守纪律规矩，6月底前完成分管科室廉政风险点排查。以上措施我将逐项落实，确保取得实效，主动接受组织和群众监督。"
    texts = material(back="date_only", measure_lines=[*MEASURES[:-1], last])
    st = analyze(Document.from_texts(texts), FRAMEWORK)
    assert st.back.glued is None


def _docx_with_glued_closing_and_checklist(numbered_rows=2) -> bytes:
    """Written the way Word users do: headings styled, the closing typed on after the last
    measure in a run of its own look (italic), a date, then 附件：整改清单 and its table."""
    document = docx.Document()
    texts = material(back="none")
    for text in texts[:-1]:
        document.add_paragraph(text)
    last = document.add_paragraph()
    last.add_run(texts[-1]).bold = True
    last.add_run("以上对照检查，").italic = True
    last.add_run("请同志们批评指正。")
    document.add_paragraph("2026年1月8日")
    document.add_paragraph("附件：整改清单")
    rows = [("序号", "存在问题", "整改措施", "责任人", "完成时限")] + [
        (str(n), f"问题{n}", f"措施{n}", "王明", "2026年6月底前") for n in range(1, numbered_rows + 1)]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_file_flow_splits_the_glued_closing_and_adds_checklist_rows():
    data = _docx_with_glued_closing_and_checklist()
    before = read_docx(data)
    result = fill_docx(data, FRAMEWORK, add_missing=False, selections=selections(3))
    plan = result.plan
    assert any("整改清单末尾增加 3 行（序号 3 至 5）" in line for line in plan.summary), plan.summary
    filled = docx.Document(io.BytesIO(result.data))
    texts = [p.text for p in filled.paragraphs]
    last = MEASURES[-1]
    at = texts.index(last)
    # The writer's text, in order, unchanged: the measure, the new ones, the closing on its own.
    assert texts[:at + 1] == [p.text for p in before.paragraphs[:at]] + [last]
    assert [t[:2] for t in texts[at + 1:at + 4]] == ["四是", "五是", "六是"]
    assert texts[at + 4:at + 7] == ["以上对照检查，请同志们批评指正。", "2026年1月8日", "附件：整改清单"]
    # Each piece of the split kept its own look.
    measure_runs = filled.paragraphs[at].runs
    closing_runs = filled.paragraphs[at + 4].runs
    assert [r.bold for r in measure_runs] == [True]
    assert [(r.text, r.italic) for r in closing_runs] == [("以上对照检查，", True), ("请同志们批评指正。", None)]
    rows = [[c.text for c in row.cells] for row in filled.tables[0].rows]
    assert rows[:3] == [["序号", "存在问题", "整改措施", "责任人", "完成时限"],
                        ["1", "问题1", "措施1", "王明", "2026年6月底前"], ["2", "问题2", "措施2", "王明", "2026年6月底前"]]
    assert [r[0] for r in rows[3:]] == ["3", "4", "5"]
    # The measure written, the problem it answers named (or its aspect), the writer's 责任人 and
    # time copied where the remedy sets none (test_checklist_rows.py has each rule).
    assert all(r[2] and r[1] and r[3] == "王明" for r in rows[3:]), rows
    assert "责任人" in next(line for line in plan.summary if "整改清单" in line)
    titles = [p.text[2:].split("。")[0] for p in filled.paragraphs[at + 1:at + 4]]
    assert [r[2] for r in rows[3:]] == titles
    # Checked again: no finding the input did not have about numbers, placement or the back matter.
    codes = lambda document: {f.code for f in check(document, FRAMEWORK).findings}
    assert not {c for c in codes(read_docx(result.data)) - codes(before)
                if c.startswith(("numbering", "section", "dimension", "remedy"))}


def test_a_table_whose_header_names_no_measure_column_gets_no_rows():
    head = material(back="closing_date")
    paragraphs = [Paragraph(i, t) for i, t in enumerate(head)]
    paragraphs.append(Paragraph(len(paragraphs), "附件：征求意见情况"))
    for row in (["序号", "意见建议", "提出人"], ["1", "多到基层", "群众"]):
        for column, cell in enumerate(row):
            paragraphs.append(Paragraph(len(paragraphs), cell, in_table=True, table_column=column))
    plan = plan_fill(Document(tuple(paragraphs)), FRAMEWORK, add_missing=False, selections=selections(1))
    assert plan.checklist is None and not any("整改清单" in line for line in plan.summary)


def test_the_back_matter_words_are_data_checked_with_file_and_field_named():
    from addin_server.checks.material_parts import BackMatterDataError, parse_words, shipped_words
    from addin_server.datafiles import parse_toml

    assert shipped_words().closing.match("以上发言，请批评指正。")
    good = '[closing]\nopenings = ["以上"]\nasks = ["指正"]\n[[checklist_columns]]\nkind = "measure"\nwords = "措施"\n'
    assert parse_words(parse_toml(good, "mine.toml"), "mine.toml").ask.search("请指正")
    for bad, field in ((good.replace('kind = "measure"', 'kind = "remark"'), "checklist_columns[0].kind"),
                       (good.replace('openings = ["以上"]', 'openings = ["以上("]'), "closing.openings[0]"),
                       (good.replace('asks = ["指正"]', "asks = []"), "closing.asks")):
        with pytest.raises(BackMatterDataError) as error:
            parse_words(parse_toml(bad, "mine.toml"), "mine.toml")
        assert field in str(error.value) and "mine.toml" in str(error.value)
