"""Filling the writer's own document (render/plan.py, render/fill.py, `addin-server fill`,
/api/fill/*): missing parts at their places, remedies numbered on from the last measure, every
other paragraph untouched — on half-written materials of every framework and in the .docx shapes
writers produce (heading styles, plain, Word automatic numbering, WPS-style runs, a table)."""
from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from addin_server import create_app
from addin_server.checks import check
from addin_server.frameworks import get_framework, list_frameworks
from addin_server.model import Document, Paragraph
from addin_server.readers import read_docx
from addin_server.remedies.library import fill, list_remedies, parse_remedies
from addin_server.render.fill import fill_docx
from addin_server.render.plan import PlanError, framework_for, numbering_like, plan_fill
from addin_server.render.remedies import Selection, SelectionError, parse_selection
from materials import CN, half_written as material, stem

FRAMEWORKS = [f.id for f in list_frameworks()]
SHAPES = ("styles", "plain", "numbering", "wps", "table")

def _numbered(text: str) -> str:
    """The text without its written （一） numbering: Word's automatic numbering shows it."""
    return text.split("）", 1)[1] if text.startswith("（") else text


def build(paras, shape: str, comment: bool = False) -> bytes:
    """The material as a .docx of the given shape, made with python-docx."""
    document = docx.Document()
    container = document
    if shape == "table":
        table = document.add_table(rows=2, cols=1)
        table.cell(0, 0).text = "个人对照检查材料"
        container = table.cell(1, 0)
    first = True
    for text, kind in paras:
        if shape == "table" and first:
            paragraph = container.paragraphs[0]
            paragraph.add_run(text)
            first = False
        elif shape == "styles":
            style = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}.get(kind)
            paragraph = container.add_paragraph(text, style=style) if style else container.add_paragraph(text)
        elif shape == "numbering" and kind == "h2":
            paragraph = container.add_paragraph(_numbered(text), style="List Number")
        elif shape == "wps" and kind in ("title", "h1", "h2"):
            paragraph = container.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
            _east_asian_font(run, "黑体" if kind == "h1" else "楷体_GB2312")
        elif shape == "wps":
            # WPS exports: no styles, a bold lead sentence, the rest in 仿宋 at 三号 (16 pt).
            paragraph = container.add_paragraph()
            lead, _, rest = text.partition("。")
            for part, bold in ((lead + "。", True), (rest, False)):
                if part:
                    run = paragraph.add_run(part)
                    run.bold = bold
                    run.font.size = docx.shared.Pt(16)
                    _east_asian_font(run, "仿宋_GB2312")
        else:
            paragraph = container.add_paragraph(text)
        if comment and kind == "h1":
            document.add_comment(paragraph.runs, text="这一部分请再充实。", author="审核人")
            comment = False
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _east_asian_font(run, name: str) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def body_paragraphs(data: bytes) -> list[bytes]:
    """Each w:p of the main part, serialised: equal bytes mean equal text, runs and formatting."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return [etree.tostring(p, encoding="utf-8") for p in root.iter(qn("w:p"))]


def assert_untouched(before: bytes, after: bytes, inserted: int) -> None:
    """Every paragraph of `before` is in `after`, in order and byte for byte; only `inserted`
    new ones came in between."""
    old, new = body_paragraphs(before), body_paragraphs(after)
    assert len(new) == len(old) + inserted
    position = 0
    for paragraph in old:
        while position < len(new) and new[position] != paragraph:
            position += 1
        assert position < len(new), "an original paragraph was changed or lost"
        position += 1


def texts(data: bytes) -> list[str]:
    return [p.text for p in read_docx(data).paragraphs]


def first_remedy(framework, dimension):
    return next(r for r in list_remedies(framework.id) if r.dimension == dimension.key)


# ---- the plan --------------------------------------------------------------------------------

@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_remedies_continue_the_measures_at_their_number(framework_id):
    framework = get_framework(framework_id)
    paras = material(framework, measures=4)
    document = Document.from_texts([t for t, _ in paras])
    chosen = [first_remedy(framework, d) for d in framework.dimensions[:2]]
    plan = plan_fill(document, framework, add_missing=False,
                     selections=[Selection(r.dimension, r.id) for r in chosen])
    (insertion,) = plan.insertions
    assert insertion.after == len(paras) - 1  # after the last measure, not at the end of a heading
    assert [p.text[:2] for p in insertion.paragraphs] == ["五是", "六是"]
    assert all(p.like == len(paras) - 1 for p in insertion.paragraphs)
    assert not any(p.role == "section" for p in insertion.paragraphs)  # no second 整改措施 heading
    assert chosen[0].title in insertion.paragraphs[0].text


@pytest.mark.parametrize("written, expected", [
    ("1. 加强学习。", "3."), ("2．加强学习。", "3．"), ("（1）加强学习。", "（3）"), ("(一)加强学习", "(三)"),
    ("第一，加强学习。", "第三，"), ("其一，加强学习。", "其三，"), ("①加强学习", "③"),
    ("一、加强学习", "三、"), ("一是加强学习。", "三是"), ("加强学习。", None),
])
def test_numbering_is_continued_in_the_writers_own_style(written, expected):
    assert numbering_like(written, 3) == expected


def test_measures_numbered_1_2_continue_with_3():
    framework = get_framework("zhuti-2023")
    paras = [t for t, _ in material(framework, measures=0)] + ["1．制定学习计划，按月检查。", "2．改进调研方式，每季度下基层。"]
    plan = plan_fill(Document.from_texts(paras), framework, add_missing=False,
                     selections=[Selection("theory", first_remedy(framework, framework.dimensions[0]).id)])
    assert plan.insertions[0].paragraphs[0].text.startswith("3．")


def test_measures_numbered_by_word_get_no_written_number():
    # Word's automatic numbering shows 1. 2. (the pane's listString); the text has none, and a
    # remedy made like the last measure is numbered 3. by Word, so nothing is typed in front.
    from addin_server.model import Paragraph

    framework = get_framework("zhuti-2023")
    texts_ = [t for t, _ in material(framework, measures=0)] + ["制定学习计划，按月检查。", "改进调研方式，每季度下基层。"]
    labels = {len(texts_) - 2: "1.", len(texts_) - 1: "2."}
    document = Document(tuple(Paragraph(i, t, is_list_item=i in labels, list_label=labels.get(i, ""))
                              for i, t in enumerate(texts_)))
    remedy = first_remedy(framework, framework.dimensions[0])
    plan = plan_fill(document, framework, add_missing=False, selections=[Selection("theory", remedy.id)])
    ((new,),) = [i.paragraphs for i in plan.insertions]
    assert new.like == len(texts_) - 1 and new.text.startswith(remedy.title[:4])


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_a_missing_dimension_goes_between_its_neighbours(framework_id):
    framework = get_framework(framework_id)
    missing = framework.dimensions[3] if len(framework.dimensions) > 4 else framework.dimensions[2]
    paras = material(framework, skip={missing.key})
    plan = plan_fill(Document.from_texts([t for t, _ in paras]), framework)
    assert plan.missing == (f"dimension:{missing.key}",)
    (insertion,) = plan.insertions
    heading, *items = insertion.paragraphs
    position = framework.dimensions.index(missing)
    assert heading.text.startswith(f"（{CN[position]}）") and stem(missing) in heading.text
    assert heading.text.endswith("方面")  # worded like its siblings
    previous = f"（{CN[position - 1]}）"
    # After the previous dimension's last item, i.e. right before the next dimension's heading.
    assert paras[insertion.after + 1][0].startswith(f"（{CN[position + 1]}）")
    assert paras[insertion.after][1] == "body" and any(
        t.startswith(previous) for t, _ in paras[:insertion.after])
    assert [p.text[:2] for p in items] == ["一是", "二是"] and all("【请填写：" in p.text for p in items)
    assert heading.like is not None and paras[heading.like][1] == "h2"


def test_missing_section_goes_at_its_place_and_only_asked_parts_are_added():
    framework = get_framework("zhuti-2023")
    paras = [(t, k) for t, k in material(framework) if not t.startswith("二、原因剖析")
             and not t.startswith(("一是理论武装", "二是宗旨意识"))]
    document = Document.from_texts([t for t, _ in paras])
    plan = plan_fill(document, framework, add_missing=["section:causes"])
    (insertion,) = plan.insertions
    assert insertion.paragraphs[0].text == "二、原因剖析"
    assert paras[insertion.after + 1][0] == "三、整改措施"
    with pytest.raises(PlanError) as caught:
        plan_fill(document, framework, add_missing=["dimension:theory"])
    assert "无需补写" in str(caught.value)
    with pytest.raises(PlanError):
        plan_fill(document, framework, add_missing=["dimension:nonsense"])


def test_without_measures_the_remedies_come_with_their_section_after_the_causes():
    framework = get_framework("zhuti-2023")
    paras = [t for t, _ in material(framework)]
    cut = paras.index("三、整改措施")
    plan = plan_fill(Document.from_texts(paras[:cut]), framework, add_missing=False,
                     selections=[Selection("theory", first_remedy(framework, framework.dimensions[0]).id)])
    (insertion,) = plan.insertions
    assert insertion.after == cut - 1
    assert [p.text[:6] for p in insertion.paragraphs][0] == "三、整改措施"
    assert insertion.paragraphs[1].text.startswith("一是")


_MEETINGS = [f for f in list_frameworks() if f.meeting_type == "民主生活会"]


@pytest.mark.parametrize("stated, written", [(a, b) for a in _MEETINGS for b in _MEETINGS if a is not b],
                         ids=lambda f: f.id)
def test_fill_auto_inserts_what_the_check_lists_when_headings_fit_poorly(stated, written):
    """A title stating one year's meeting over two aspects written in another year's words: the
    check names a framework and lists what is missing; a fill with "auto" must insert exactly
    that, not some other framework's aspects (a writer reads the check, then clicks 补写)."""
    paras = [f"{stated.year}年度民主生活会个人对照检查材料", "一、存在问题",
             f"（一）在{written.dimensions[0].title}。", "一是理论学习不够系统，2024年只读了3本书。",
             f"（二）在{written.dimensions[1].title}。", "一是执行请示报告制度不严，8月外出未书面报备。",
             "二、原因剖析", "一是理想信念有所松懈。", "以上对照检查，恳请同志们批评指正。"]
    document = Document.from_texts(paras)
    report = check(document, "auto")
    framework = framework_for(document, "auto")
    assert framework.id == report.framework_id
    listed = {f"dimension:{d.key}" for d in report.dimensions if not d.present}
    listed |= {f"section:{s.key}" for s in report.sections if s.required and not s.present}
    plan = plan_fill(document, framework)
    assert set(plan.missing) == listed


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_a_new_heading_takes_the_siblings_frame_not_its_own_words(framework_id):
    """The writer's heading words its aspect their own way (「在带头……、抓好落实方面。」): a new
    aspect's heading takes its frame (在……方面。) and its own title, never the sibling's words, and
    the plan's summary names each new heading with the number it is written with."""
    framework = get_framework(framework_id)
    first = framework.dimensions[0]
    paras = ["个人对照检查材料", "一、存在问题", f"（一）在{first.names[0]}、抓好落实方面。",
             "一是理论学习不够系统，2024年只读了3本书。", "二、原因剖析", "一是理想信念有所松懈。",
             "三、整改措施", "一是每月读一本原著。"]
    document = Document.from_texts(paras)
    plan = plan_fill(document, framework)
    headings = [p.text for i in plan.insertions for p in i.paragraphs if p.role == "dimension"]
    assert len(headings) == len(framework.dimensions) - 1
    for text in headings:
        assert "抓好落实" not in text and "带头带头" not in text and "在在" not in text
        assert text.startswith("（") and text.endswith("。")
    summary = "\n".join(plan.summary)
    assert all(f"补写“{text}”" in summary for text in headings)
    filled = check(Document.from_texts(apply_plan_texts(paras, plan)), framework)
    assert all(d.present or d.unfilled_count for d in filled.dimensions)


def apply_plan_texts(paras, plan) -> list[str]:
    """The texts after the plan: renumbered in place (indexes as planned), then the new
    paragraphs inserted from the last anchor up."""
    out = list(paras)
    for r in plan.renumber:
        out[r.edit.paragraph] = r.after
    for insertion in sorted(plan.insertions, key=lambda i: -i.after):
        out[insertion.after + 1:insertion.after + 1] = [p.text for p in insertion.paragraphs]
    return out


def test_new_items_are_made_like_written_body_text_never_like_a_long_title():
    """Problems run on in their aspects' heading paragraphs (「（一）在……方面。一是……」) and no
    measures yet: the new 整改措施 items are made like a written cause item, not like the title
    (long, centred and bold) nor like the closing sentence or the date."""
    framework = get_framework("nianhui-2025")
    first, second = framework.dimensions[:2]
    paras = ["县农业农村局党组书记、局长张建华2025年度民主生活会个人对照检查材料（征求意见稿）",
             "根据县委通知要求，本人认真学习，广泛征求意见，深入查摆问题，现报告如下。",
             "一、存在的主要问题",
             f"（一）在{first.title}。一是理论学习不够系统，2024年只读了3本书。",
             f"（二）在{second.title}。一是执行请示报告制度不严，8月外出未书面报备。",
             "二、问题产生的原因", "一是理想信念有所松懈，放松了理论武装。", "二是党性修养锤炼不够。",
             "以上对照检查，恳请同志们批评指正。", "张建华", "2025年1月8日"]
    plan = plan_fill(Document.from_texts(paras), framework, add_missing=["section:measures"])
    (insertion,) = plan.insertions
    items = [p for p in insertion.paragraphs if p.role == "item"]
    assert items and {p.like for p in items} == {6}


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_aspects_as_the_top_level_parts_are_the_problems_and_numbers_run_on_from_them(framework_id):
    """「一、学习贯彻党的创新理论情况」…「四、发挥先锋模范作用情况」「五、努力方向」: the aspects are
    the material's parts, numbered as sections are — they are 存在问题 (no heading is missing), and
    a missing 原因剖析 goes after the last of them, numbered on from it, the measures after it
    moved on by one."""
    framework = get_framework(framework_id)
    n = len(framework.dimensions)
    paras = [f"{framework.year}年度个人对照检查材料", "按照通知要求，本人认真对照检查，现报告如下。"]
    for k, dimension in enumerate(framework.dimensions):
        paras += [f"{CN[k]}、{dimension.names[0]}方面", f"问题{k + 1}。今年3月参加专题学习时，我只读了原文，没有结合工作思考。"]
    paras += [f"{CN[n]}、整改措施", "1.每月精读一篇原著，12月底前完成读书笔记。",
              "以上对照检查，恳请同志们批评指正。", "2025年1月15日"]
    document = Document.from_texts(paras)
    report = check(document, framework)
    problems = next(s for s in report.sections if s.role == "problems")
    assert problems.present and problems.paragraph == 2
    missing = [f for f in report.findings if f.code == "section.missing"]
    (message,) = [f.message for f in missing]
    assert message.startswith(
        f"缺少“{next(s.title for s in framework.sections if s.role == 'causes')}”部分，请补写这一部分，"
        f"放在「{CN[n - 1]}、{framework.dimensions[-1].names[0]}方面」部分之后、「{CN[n]}、整改措施」部分之前")
    plan = plan_fill(document, framework)
    (insertion,) = plan.insertions
    assert insertion.after == 2 + 2 * n - 1
    assert insertion.paragraphs[0].text.startswith(f"{CN[n]}、")
    assert [r.after[:2] for r in plan.renumber] == [f"{CN[n + 1]}、"]
    filled = apply_plan_texts(paras, plan)
    after = check(Document.from_texts(filled), framework)
    assert all(s.present for s in after.sections if s.required)
    assert not [f for f in after.findings if f.code.startswith(("section.", "numbering."))]


@pytest.mark.parametrize("heading, heads", [
    ("一、检视剖析的问题", True), ("一、对照检查发现的突出问题", True), ("一、查摆出的不足和差距", True),
    ("一、基本情况", False),            # over the aspects, but no words of problems
])
def test_the_writers_own_heading_over_the_aspects_heads_the_problems(heading, heads):
    framework = get_framework("zhuti-2023")
    paras = ["主题教育专题民主生活会对照检查材料", "按照通知要求，本人深入查摆问题，现报告如下。", heading]
    for k, dimension in enumerate(framework.dimensions):
        paras += [f"（{CN[k]}）{dimension.names[0]}方面", "一是今年3月参加专题学习时，我只读了原文。",
                  "二是全年只下基层调研5次。"]
    paras += ["二、原因剖析", "一是理想信念有所松懈。", "三、整改措施", "一是每月精读一篇原著。"]
    report = check(Document.from_texts(paras), framework)
    problems = next(s for s in report.sections if s.role == "problems")
    assert (problems.present and problems.paragraph == 2) is heads
    assert bool([f for f in report.findings if f.code == "section.missing"]) is not heads
    assert all(d.present for d in report.dimensions)


def test_a_closing_typed_on_a_measure_numbered_by_its_style_leaves_the_list(tmp_path):
    """Measures in Word's 「List Number」 style (numbered by the style, not the paragraph), the
    closing typed on at the end of the last: cut off to go after the new remedies, it is no item —
    LibreOffice prints no number before it."""
    framework = get_framework("zhuti-2023")
    document = docx.Document()
    document.add_paragraph("一、存在问题")
    for k, dimension in enumerate(framework.dimensions):
        document.add_paragraph(f"（{CN[k]}）{dimension.names[0]}方面")
        document.add_paragraph("一是今年3月参加专题学习时，我只读了原文。")
        document.add_paragraph("二是全年只下基层调研5次。")
    document.add_paragraph("二、原因剖析")
    document.add_paragraph("一是理想信念有所松懈。")
    document.add_paragraph("三、整改措施")
    document.add_paragraph("每月精读一篇原著，年底前作专题发言2次。", style="List Number")
    document.add_paragraph("每季度到基层调研不少于3次。以上对照检查，请同志们批评指正。", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    dimension = framework.dimensions[0]
    result = fill_docx(buffer.getvalue(), framework, add_missing=False,
                       selections=[Selection(dimension.key, first_remedy(framework, dimension).id)])
    model = read_docx(result.data)
    closing = next(p for p in model.paragraphs if p.text.startswith("以上对照检查"))
    assert closing.list_label == "" and model.paragraphs[closing.index - 1].list_label == "3."
    (tmp_path / "filled.docx").write_bytes(result.data)
    subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path),
                    str(tmp_path / "filled.docx")], check=True, capture_output=True, timeout=180)
    lines = (tmp_path / "filled.txt").read_text(encoding="utf-8-sig").splitlines()
    closing_line = next(line for line in lines if "以上对照检查" in line)
    assert closing_line.strip().startswith("以上对照检查"), closing_line   # not 「4. 以上……」


def test_only_the_heading_is_added_when_the_dimensions_are_there():
    framework = get_framework("nianhui-2024")
    paras = [t for t, _ in material(framework) if t != "一、存在问题"]
    plan = plan_fill(Document.from_texts(paras), framework)
    (insertion,) = plan.insertions
    assert [p.text for p in insertion.paragraphs] == ["一、存在问题"]
    assert paras[insertion.after + 1].startswith("（一）")


def test_an_empty_document_is_planned_whole():
    plan = plan_fill(Document.from_texts([""]), "zhuti-2023")
    assert plan.empty_document
    assert [p.text for i in plan.insertions for p in i.paragraphs if p.role == "section"] == [
        "一、存在问题", "二、原因剖析", "三、整改措施"]


# ---- the file flow, in every shape ------------------------------------------------------------

def _fill_case(framework_id: str, shape: str):
    framework = get_framework(framework_id)
    missing = framework.dimensions[2]
    paras = material(framework, skip={missing.key})
    data = build(paras, shape, comment=True)
    remedy = first_remedy(framework, framework.dimensions[0])
    result = fill_docx(data, framework, add_missing=True, selections=[Selection(remedy.dimension, remedy.id)])
    return framework, missing, data, result


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_fill_docx_inserts_at_their_places_and_leaves_the_rest_alone(framework_id, shape):
    framework, missing, data, result = _fill_case(framework_id, shape)
    assert_untouched(data, result.data, result.plan.paragraph_count)
    after = texts(result.data)
    report = check(read_docx(result.data), framework)
    status = {d.key: d for d in report.dimensions}
    assert status[missing.key].present and status[missing.key].unfilled_count == 2
    assert status[missing.key].item_count == 0  # placeholders are not written items
    order = [status[d.key].paragraph for d in framework.dimensions]
    assert order == sorted(order)  # the inserted dimension sits between its neighbours
    measures = next(s for s in report.sections if s.role == "measures")
    assert after[measures.end_paragraph].startswith("五是")
    assert not [f for f in report.findings if f.code in ("numbering.skipped", "numbering.repeated",
                                                        "dimension.out_of_order", "section.duplicated")]
    # Comments survive.
    with zipfile.ZipFile(io.BytesIO(result.data)) as package:
        assert "这一部分请再充实。" in package.read("word/comments.xml").decode("utf-8")


def test_new_paragraphs_take_the_formatting_of_their_siblings_in_wps_runs():
    framework, missing, data, result = _fill_case("zhuti-2023", "wps")
    document = docx.Document(io.BytesIO(result.data))
    paragraphs = {p.text: p for p in document.paragraphs}
    heading = next(p for t, p in paragraphs.items() if t.startswith("（三）"))
    assert heading.runs[0].bold is True
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    item = next(p for t, p in paragraphs.items() if t.startswith("一是【请填写"))
    # The body look: the run that carries most of the sibling's text (not its bold lead).
    assert not item.runs[0].bold and item.runs[0].font.size == docx.shared.Pt(16)
    assert item.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_a_run_in_aspect_gets_a_bold_opening_like_its_siblings(framework_id):
    """「（一）在……方面。」 bold, its 一是…… plain, in one paragraph: a new aspect's opening is bold,
    its placeholder items plain, whatever number the opening is renumbered to."""
    framework = get_framework(framework_id)
    first, *_ , last = framework.dimensions
    document = docx.Document()
    document.add_paragraph("个人对照检查材料")
    document.add_paragraph("一、存在问题")
    for n, dimension in ((1, first), (2, last)):
        p = document.add_paragraph()
        p.add_run(f"（{CN[n - 1]}）在{dimension.names[0]}方面。").bold = True
        p.add_run("一是理论学习不够系统，2024年只读了3本书。二是调研偏少，全年只下乡5次。")
    for text in ("二、原因剖析", "一是理想信念有所松懈。", "三、整改措施", "一是每月读一本原著。"):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    result = fill_docx(buffer.getvalue(), framework, add_missing=True)
    filled = docx.Document(io.BytesIO(result.data))
    new = [p for p in filled.paragraphs if "【请填写" in p.text and p.text.startswith("（")]
    assert len(new) == len(framework.dimensions) - 2
    for p in new:
        opening, items = p.runs[0], p.runs[1]
        assert opening.bold is True and opening.text.startswith("（") and opening.text.endswith("。")
        assert not items.bold and items.text.startswith("一是【请填写")


def test_word_automatic_numbering_numbers_on():
    framework, missing, data, result = _fill_case("zhuti-2023", "numbering")
    document = docx.Document(io.BytesIO(result.data))
    inserted = next(p for p in document.paragraphs if p.text.startswith(stem(missing)))
    assert inserted.style.name == "List Number"  # Word gives it the list's next number
    assert not inserted.text.startswith("（")  # no written number on top of Word's own


def test_a_new_paragraph_never_takes_a_section_break_from_its_model():
    framework = get_framework("zhuti-2023")
    paras = material(framework, skip={"ability"})
    document = docx.Document(io.BytesIO(build(paras, "styles")))
    model = next(p for p in document.paragraphs if p.text.startswith("（二）"))
    ppr = model._p.get_or_add_pPr()
    ppr.append(copy.deepcopy(document.sections[0]._sectPr))
    buffer = io.BytesIO()
    document.save(buffer)
    result = fill_docx(buffer.getvalue(), framework, add_missing=True)
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:sectPr") == 2  # the model's own and the body's, no copy


def test_nothing_missing_gives_the_input_back():
    framework = get_framework("zhuti-2023")
    data = build(material(framework), "styles")
    result = fill_docx(data, framework, add_missing=True)
    assert not result.changed and result.data == data


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_libreoffice_opens_every_filled_shape(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "render_pages.py"
    spec = importlib.util.spec_from_file_location("render_pages", script)
    render_pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_pages)
    if not render_pages.soffice_path():
        pytest.skip("soffice not installed (Debian: libreoffice-writer)")
    paths = []
    for shape in SHAPES:
        _, _, _, result = _fill_case("zhuti-2023", shape)
        path = tmp_path / f"filled-{shape}.docx"
        path.write_bytes(result.data)
        paths.append(path)
    pdfs = render_pages.docx_to_pdf(paths, tmp_path, timeout=300)
    assert len(pdfs) == len(SHAPES)
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF"), pdf.name


# ---- remedy parameters ------------------------------------------------------------------------

def test_parameters_are_honest():
    (remedy,) = parse_remedies({
        "framework": "zhuti-2023",
        "parameters": {"完成时限": {"type": "str", "label": "完成时限", "default": "年底"},
                       "单位": {"type": "str", "label": "单位", "required": False}},
        "remedies": [{"id": "x", "dimension": "theory", "title": "t", "keywords": ["学习"],
                      "text": "{{完成时限}}前在{{单位}}完成。", "parameters": ["完成时限", "单位"]}]})
    # Not given: the default. Given with the word the text already has: normalised.
    assert fill(remedy, {"单位": "本处"}) == "年底前在本处完成。"
    assert fill(remedy, {"完成时限": "6月底前", "单位": "本处"}) == "6月底前在本处完成。"
    # A required field left empty is an error naming its label; an optional one a placeholder.
    with pytest.raises(Exception) as caught:
        fill(remedy, {"完成时限": " ", "单位": "本处"})
    assert caught.value.missing == ["完成时限"] and "请填写" in caught.value.missing_message("完成时限")
    assert fill(remedy, {"完成时限": "9月底"}) == "9月底前在【请填写：单位】完成。"


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_default_deadlines_do_not_repeat_across_a_page_of_measures(framework_id):
    """One remedy per dimension with the defaults: no deadline in more than half the paragraphs."""
    framework = get_framework(framework_id)
    deadlines = []
    for dimension in framework.dimensions:
        for remedy in list_remedies(framework.id, dimension.key):
            if remedy.parameter("完成时限"):
                deadlines.append(remedy.parameter("完成时限").default)
    assert len(set(deadlines)) >= 3
    assert max(deadlines.count(d) for d in set(deadlines)) <= len(deadlines) / 2


def test_remedy_specs_as_the_command_line_writes_them():
    assert parse_selection("theory=theory-study-plan,完成时限=6月底,单位=本处") == Selection(
        "theory", "theory-study-plan", {"完成时限": "6月底", "单位": "本处"})
    for bad in ("theory", "=x", "theory=x,时限"):
        with pytest.raises(SelectionError):
            parse_selection(bad)


# ---- the command line and the API ---------------------------------------------------------------

def _command(name: str, *args, cwd):
    return subprocess.run([sys.executable, "-m", "addin_server", name, *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _cli(*args, cwd):
    return _command("fill", *args, cwd=cwd)


def test_cli_fills_an_empty_document_with_the_whole_material_as_the_pane_does(tmp_path):
    """`fill --add-missing` on an empty .docx gives what the pane and the page insert there: the
    rendered scaffold, title to date line — which then checks as complete with places to fill."""
    docx.Document().save(tmp_path / "空白.docx")
    done = _cli("空白.docx", "--add-missing", "--framework", "nianhui-2025", "-o", "材料.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "文档是空的" in done.stdout and "结束语、署名和日期" in done.stdout
    texts = [p.text for p in docx.Document(tmp_path / "材料.docx").paragraphs if p.text]
    assert texts[0].startswith("2025年度民主生活会") and texts[-3].startswith("以上对照检查")
    report = check(read_docx((tmp_path / "材料.docx").read_bytes()), "nianhui-2025")
    assert report.verdict.state == "to_fill"
    assert {f.code for f in report.findings} == {"placeholder.unfilled"}


def test_cli_fills_and_refuses_to_write_over_its_input(tmp_path):
    framework = get_framework("zhuti-2023")
    source = tmp_path / "材料.docx"
    source.write_bytes(build(material(framework, skip={"ability"}), "plain"))
    original = source.read_bytes()
    refused = _cli(source, "--add-missing", "-o", tmp_path / "." / "材料.docx", cwd=tmp_path)
    assert refused.returncode == 2 and "不能写到输入文件" in refused.stderr
    assert source.read_bytes() == original

    done = _cli(source, "--add-missing", "--remedy", "theory=theory-study-plan,完成时限=6月底前",
                "-o", tmp_path / "补写.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "（三）能力本领方面" in done.stdout and "插入 1 条整改措施" in done.stdout
    filled = texts((tmp_path / "补写.docx").read_bytes())
    assert filled[-1].startswith("五是") and "6月底前完成" in filled[-1] and "前前" not in filled[-1]
    assert source.read_bytes() == original

    empty = _cli(source, "--remedy", "theory=theory-study-plan,完成时限=", "-o", tmp_path / "x.docx", cwd=tmp_path)
    assert empty.returncode == 2 and "请填写" in empty.stderr and not (tmp_path / "x.docx").exists()


@pytest.fixture
def client():
    return create_app().test_client()


def test_fill_docx_endpoint_returns_the_same_document_completed(client):
    framework = get_framework("nianhui-2024")
    data = build(material(framework, skip={framework.dimensions[1].key}), "wps")
    remedy = first_remedy(framework, framework.dimensions[0])
    response = client.post("/api/fill/docx?download=1", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), "我的材料.docx"), "framework": framework.id, "add_missing": "true",
        "remedy": [f"{remedy.dimension}={remedy.id}"]})
    assert response.status_code == 200
    assert "%E5%B7%B2%E8%A1%A5%E5%86%99" in response.headers["Content-Disposition"]  # 已补写
    plan = plan_fill(read_docx(data), framework, selections=[Selection(remedy.dimension, remedy.id)])
    assert_untouched(data, response.data, plan.paragraph_count)

    bad = client.post("/api/fill/docx", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), "a.docx"), "framework": framework.id,
        "remedy": [f"{remedy.dimension}={remedy.id},完成时限="]})
    assert bad.status_code == 400
    assert any("请填写" in m for ms in bad.get_json()["error"]["fields"].values() for m in ms)
    legacy = client.post("/api/fill/docx", content_type="multipart/form-data", data={
        "file": (io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 600), "old.doc"), "add_missing": "true"})
    assert 400 <= legacy.status_code < 500 and legacy.get_json()["error"]["message"]


def test_fill_plan_endpoint_and_its_field_errors(client):
    framework = get_framework("zuzhi-shenghuohui")
    paras = [{"text": t, "style": "Normal", "outlineLevel": 10} for t, _ in material(framework)]
    remedy = first_remedy(framework, framework.dimensions[0])
    ok = client.post("/api/fill/plan", json={"framework": framework.id, "paragraphs": paras,
                                             "selections": [{"dimension": remedy.dimension, "remedy_id": remedy.id}]})
    assert ok.status_code == 200
    (insertion,) = ok.get_json()["insertions"]
    assert insertion["after"] == len(paras) - 1 and insertion["anchorText"] == paras[-1]["text"]
    assert insertion["paragraphs"][0]["text"].startswith("五是")

    required = client.post("/api/fill/plan", json={"framework": framework.id, "paragraphs": paras, "selections": [
        {"dimension": remedy.dimension, "remedy_id": remedy.id,
         "params": {p.name: "" for p in remedy.parameters}}]})
    assert required.status_code == 400
    fields = required.get_json()["error"]["fields"]
    assert fields and all(k.startswith("selections.0.params.") for k in fields)
    assert all("请填写" in m[0] for m in fields.values())

    present = client.post("/api/fill/plan", json={"framework": framework.id, "paragraphs": paras,
                                                  "parts": [f"dimension:{framework.dimensions[0].key}"]})
    assert present.status_code == 400 and "parts.0" in present.get_json()["error"]["fields"]


def test_openapi_documents_the_fill_endpoints(client):
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/fill/plan" in spec["paths"] and "/api/fill/docx" in spec["paths"]
    assert "multipart/form-data" in spec["paths"]["/api/fill/docx"]["post"]["requestBody"]["content"]


# ---- placeholders are not content -------------------------------------------------------------

def test_placeholder_text_is_neither_counted_nor_linted_nor_matched():
    framework = get_framework("zhuti-2023")
    paras = [t for t, _ in material(framework)]
    at = paras.index("（二）" + stem(framework.dimensions[1]) + "方面")
    # A dimension whose items are only placeholders, one with a half-width comma inside.
    paras[at + 1] = "一是【请填写：先概括问题,再写事实】"
    paras[at + 2] = "二是【请填写：第二个问题】"
    report = check(Document.from_texts(paras), framework)
    status = report.dimensions[1]
    assert (status.item_count, status.unfilled_count) == (0, 2)
    codes = [(f.code, f.paragraph) for f in report.findings]
    assert ("placeholder.unfilled", at + 1) in codes
    assert not [c for c in codes if c[1] in (at + 1, at + 2) and c[0] != "placeholder.unfilled"]
    assert not any(f.code == "items.too_few" and f.dimension == framework.dimensions[1].key
                   for f in report.findings)


def test_an_item_partly_written_is_quoted_without_its_placeholder():
    framework = get_framework("zhuti-2023")
    paras = [t for t, _ in material(framework)]
    at = paras.index("（三）" + stem(framework.dimensions[2]) + "方面")
    paras[at + 1] = "一是 调研 不深入【请填写：写明具体表现】"
    report = check(Document.from_texts(paras), framework)
    assert report.dimensions[2].item_count == 2  # written, though not finished
    assert all("请填写" not in text for d in report.dimensions for text in d.item_texts)
    quoted = [f.message for f in report.findings if f.paragraph == at + 1 and f.code != "placeholder.unfilled"]
    assert all("请填写" not in m for m in quoted)


@pytest.mark.parametrize("requested", [{"framework": "auto"}, {}], ids=["auto", "absent"])
def test_fill_recognises_the_framework_when_asked_for_auto(client, requested):
    framework = get_framework("zuzhi-shenghuohui")
    paras = [{"text": t} for t, _ in material(framework, skip={framework.dimensions[1].key})]
    plan = client.post("/api/fill/plan", json={**requested, "paragraphs": paras, "add_missing": True})
    assert plan.status_code == 200 and plan.get_json()["framework"] == framework.id
    assert plan.get_json()["missing"] == [f"dimension:{framework.dimensions[1].key}"]


def _remedies_cli(*args, cwd):
    return _command("remedies", *args, cwd=cwd)


def test_remedies_command_lists_and_ranks_the_ids_fill_takes(tmp_path):
    framework = get_framework("nianhui-2024")
    source = tmp_path / "材料.docx"
    source.write_bytes(build(material(framework, skip={framework.dimensions[1].key}), "plain"))
    original = source.read_bytes()

    listed = _remedies_cli(source, "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert data["framework"] == "nianhui-2024"          # recognised from the headings, as check does
    aspects = {a["key"]: a for a in data["dimensions"]}
    assert [a["key"] for a in data["dimensions"]] == [d.key for d in framework.dimensions]
    assert aspects[framework.dimensions[1].key]["present"] is False
    first = aspects[framework.dimensions[0].key]
    assert first["present"] and first["problems"] == 2
    # Ranked by the problems written: the first has matched words, scores never rise down the list.
    scores = [r["score"] for r in first["remedies"]]
    assert scores[0] > 0 and first["remedies"][0]["matched_terms"] and scores == sorted(scores, reverse=True)
    assert source.read_bytes() == original

    # An id as listed goes straight into fill --remedy.
    key, remedy = first["key"], first["remedies"][0]
    assert not remedy["id"].startswith("nianhui-2024.")
    params = ",".join(f"{p['name']}=甲" for p in remedy["parameters"] if p["type"] == "str")
    spec = f"{key}={remedy['id']}" + (f",{params}" if params else "")
    done = _cli(source, "--remedy", spec, "-o", tmp_path / "补写.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr

    text = _remedies_cli("--framework", "zuzhi-shenghuohui", cwd=tmp_path)
    assert text.returncode == 0 and "addin-server fill 材料.docx --remedy" in text.stdout
    for d in get_framework("zuzhi-shenghuohui").dimensions:
        assert f"方面：{d.key}" in text.stdout

    unknown = _remedies_cli("--framework", "zuzhi-shenghuohui", "--dimension", "nope", cwd=tmp_path)
    assert unknown.returncode == 2 and "不在所选框架中" in unknown.stderr and "learning" in unknown.stderr
    wrong = _cli(source, "--remedy", f"{key}=no-such-remedy", "-o", tmp_path / "x.docx", cwd=tmp_path)
    assert wrong.returncode == 2 and "addin-server remedies 材料.docx" in wrong.stderr


def test_a_material_on_soft_broken_lines_gets_remedies_after_its_last_line():
    framework = get_framework("zhuti-2023")
    paras = [t for t, _ in material(framework, skip={"ability"}, measures=4)]
    document = Document.from_texts([paras[0], paras[1], "\n".join(paras[2:])])
    remedy = first_remedy(framework, framework.dimensions[0])
    plan = plan_fill(document, framework, add_missing=False, selections=[Selection("theory", remedy.id)])
    (insertion,) = plan.insertions
    assert insertion.after == 2 and insertion.anchor_text == document.paragraphs[2].text
    assert insertion.paragraphs[0].text.startswith("五是") and insertion.paragraphs[0].like == 2
    # A missing aspect goes between two lines of the one paragraph: in there, where the line of
    # the aspect before it ends (the host cuts the paragraph at that soft break).
    (aspect,) = plan_fill(document, framework, add_missing=True).insertions
    lines = document.paragraphs[2].text.split("\n")
    assert aspect.after == 2 and aspect.parts == ("dimension:ability",)
    split = aspect.cut.soft_breaks_before(aspect.anchor_text)
    assert aspect.cut.at_soft_break(aspect.anchor_text)
    assert lines[split].startswith(paras[2:][split]) and lines[split + 1].startswith("（")


def test_new_aspects_inserted_together_each_number_their_items_from_1():
    # Found by the material grammar (shape autonum): the writer's items are Word lists restarted
    # under each aspect; three aspects inserted at one place read back 1. 2., 3. 4., 5. 6. and the
    # new 整改措施 went on from the new 原因剖析 (4. 5. …) — each new list must start at 1.
    import material_grammar as G

    parts = (G.Part("组织生活会个人对照检查材料", G.TITLE),
             G.Part("一、存在问题", G.SECTION_HEADING, "problems", level=1, number="一、", auto="section"),
             G.Part("（一）发挥先锋模范作用情况", G.ASPECT_HEADING, "problems", "vanguard", 2, "（一）", "aspect"),
             G.Part("1.对新理论新要求的学习停留在读原文、记笔记。", G.PROBLEM, "problems", "vanguard", 0, "1.", "item"))
    material = G.Material("zuzhi-shenghuohui", parts, ("vanguard",), ("problems",), "（一）", "1.", "一是", False)
    source = G.to_docx(material, "autonum")
    result = fill_docx(source, "zuzhi-shenghuohui", add_missing=True)
    after = read_docx(result.data)
    labels = [p.list_label for p in after.paragraphs]
    texts_after = [p.text for p in after.paragraphs]
    runs, current = [], None
    for text, label in zip(texts_after, labels):
        if label.endswith(".") and label[:-1].isdigit():
            if current is None:
                current = []
                runs.append(current)
            current.append(int(label[:-1]))
        elif text.strip():
            current = None
    assert len(runs) >= 5 and all(run == list(range(1, len(run) + 1)) for run in runs), runs
    assert not [f for f in check(after, "zuzhi-shenghuohui").findings if f.code == "numbering.skipped"]
