"""The completeness checker on original materials written the many ways writers write them."""
from __future__ import annotations

import re

import pytest

import materials as M
from addin_server.checks import analyze, check
from addin_server.frameworks import get_framework
from addin_server.model import Document, Paragraph
from addin_server.readers import read_paragraphs


def run(paras, framework=None, **kw):
    return check(read_paragraphs(M.pane_json(paras)), framework, **kw)


def codes(report):
    return [f.code for f in report.findings]


def present(report):
    return {d.key for d in report.dimensions if d.present}


ALL_SIX = {"theory", "politics", "ability", "responsibility", "style", "integrity"}


def test_complete_material_has_no_findings():
    # The sample is far shorter than a real material; the length lint is tested in test_lint.py.
    # Its items are short and name few facts, as the substance checks (test_substance.py) say.
    from addin_server.finding_codes import CODES

    substance = {c for c in CODES if c.startswith("content.")}
    report = run(M.complete(), disabled={"length.too_short", *substance})
    assert report.complete
    assert report.findings == ()
    assert present(report) == ALL_SIX
    assert [d.item_count for d in report.dimensions] == [3, 2, 3, 2, 3, 2]
    assert report.title == M.TITLE
    assert all(s.present for s in report.sections if s.required)


def test_items_point_at_their_paragraphs():
    paras = M.complete()
    report = run(paras)
    theory = report.dimensions[0]
    assert paras[theory.paragraph][0] == "（一）理论学习方面"
    assert [paras[i][0][:2] for i in theory.items] == ["一是", "二是", "三是"]
    assert theory.item_texts[0].startswith("一是学习的系统性不强。")


def test_without_heading_styles_the_numbering_is_enough():
    report = run(M.unstyled(M.complete()))
    assert report.complete and present(report) == ALL_SIX


@pytest.mark.parametrize("key", sorted(ALL_SIX))
def test_each_missing_dimension_is_reported(key):
    report = run(M.without_dimension(key))
    missing = [f for f in report.findings if f.code == "dimension.missing"]
    assert [f.dimension for f in missing] == [key]
    assert missing[0].severity == "error" and not report.complete
    assert key not in present(report)


def test_synonyms_and_half_width_brackets():
    paras = M.complete()
    renamed = {
        "（二）政治素质方面": "(二)政治素养方面存在的问题",
        "（三）能力本领方面": "(三)在履职本领方面",
        "（五）工作作风方面": "(五)作风建设方面",
        "（六）廉洁自律方面": "(六)廉洁从政方面存在的问题",
    }
    paras = [(renamed.get(t, t), s) for t, s in paras]
    report = run(M.unstyled(paras))
    assert present(report) == ALL_SIX, report.findings
    assert report.complete


def test_run_in_openings_without_headings():
    """Dimensions written as the first words of a body paragraph: "在理论学习方面，一是…"."""
    paras = [(M.TITLE, None), (M.PREAMBLE, None), ("一、存在的主要问题", None)]
    for key, (heading, items) in M.PROBLEMS.items():
        paras.append((f"在{heading}，" + "".join(items), None))
    paras += [("二、原因分析", None), *[(c, None) for c in M.CAUSES],
              ("三、努力方向和整改措施", None), *[(m, None) for m in M.MEASURES]]
    report = run(paras)
    assert present(report) == ALL_SIX
    assert [d.item_count for d in report.dimensions] == [3, 2, 3, 2, 3, 2]
    assert report.complete, report.findings


def test_heading_and_items_in_one_paragraph():
    paras = [(M.TITLE, None), ("一、存在问题", None)]
    for n, (heading, items) in zip("一二三四五六", M.PROBLEMS.values()):
        paras.append((f"（{n}）{heading}。" + "".join(items), None))
    paras += [("二、原因剖析", None), (M.CAUSES[0], None), ("三、整改措施", None), (M.MEASURES[0], None)]
    report = run(paras)
    assert present(report) == ALL_SIX
    assert report.dimensions[0].item_count == 3


def test_dimension_only_mentioned_elsewhere_does_not_count():
    paras = M.without_dimension("integrity")
    # 廉洁自律 is mentioned in a cause and a measure, and inside another dimension's item.
    paras = [(t.replace("三是自我要求有所放松。", "三是对廉洁自律方面的要求有所放松。"), s) for t, s in paras]
    paras.insert(5, ("四是在廉洁自律方面，对自己要求也还不够严。", None))
    report = run(paras)
    assert "integrity" not in present(report)
    assert "dimension.missing" in codes(report)


def test_out_of_order_dimension():
    paras = M.complete()
    start = next(i for i, (t, _) in enumerate(paras) if t == "（二）政治素质方面")
    block = paras[start:start + 3]           # heading + two items
    del paras[start:start + 3]
    at = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    paras[at:at] = block
    report = run(paras)
    out = [f for f in report.findings if f.code == "dimension.out_of_order"]
    assert [f.dimension for f in out] == ["politics"]
    assert present(report) == ALL_SIX


def test_duplicated_dimension_and_numbering_repeat():
    paras = M.complete()
    at = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    paras[at:at] = [("（六）廉洁自律方面", "Heading 2"), ("一是又写了一遍。二是还写了一遍。", None)]
    report = run(paras)
    assert "dimension.duplicated" in codes(report)
    assert "numbering.repeated" in codes(report)


def test_numbering_gap_in_headings_and_items():
    paras = [(t.replace("（四）担当作为", "（五）担当作为").replace("（五）工作作风", "（六）工作作风")
              .replace("（六）廉洁自律", "（七）廉洁自律"), s) for t, s in M.complete()]
    paras = [(t.replace("三是调查研究深度不够", "四是调查研究深度不够"), s) for t, s in paras]
    report = run(paras)
    skipped = [f for f in report.findings if f.code == "numbering.skipped"]
    assert len(skipped) == 2
    assert any("（三）" in f.message and "（五）" in f.message for f in skipped)
    assert any("二是" in f.message and "四是" in f.message for f in skipped)


@pytest.mark.parametrize("gap", [False, True])
def test_sections_numbered_1_2_3_over_aspects_numbered_like_chapters(gap):
    # 「1.存在的问题」 over 「（一）理论学习方面」: the writer's outermost numbers are 1. 2. 3., the
    # aspects' （一）… inside them, so 「2.原因剖析」 follows 「1.」 — and a real gap is still one.
    top = {"一、存在问题": "1.存在问题", "二、原因剖析": "2.原因剖析",
           "三、整改措施": "4.整改措施" if gap else "3.整改措施"}
    report = run([(top.get(t, t), s) for t, s in M.complete()])
    numbering = [(f.code, f.message) for f in report.findings if f.code.startswith("numbering.")]
    assert numbering == ([("numbering.skipped", numbering[0][1])] if gap else []), numbering
    assert not gap or ("「2.」" in numbering[0][1] and "「4.」" in numbering[0][1])
    assert present(report) == ALL_SIX


def test_a_numbering_finding_writes_the_numbers_as_the_writer_does():
    paras = M.unstyled(M.complete())
    at = next(i for i, (t, _) in enumerate(paras) if t == "三、整改措施")
    paras[at + 1:] = [("1、制定个人学习计划，系统研读原著。", None), ("3、每月到基层调研一次，听取意见。", None)]
    skipped = [f.message for f in run(paras).findings if f.code == "numbering.skipped"]
    assert skipped and "「1、」之后是「3、」，请补上「2、」" in skipped[0], skipped


def test_missing_sections_and_order():
    paras = M.complete()
    cut = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    stop = next(i for i, (t, _) in enumerate(paras) if t == "三、整改措施")
    report = run(paras[:cut] + paras[stop:])
    missing = [f for f in report.findings if f.code == "section.missing"]
    assert len(missing) == 1 and "原因剖析" in missing[0].message

    swapped = paras[:cut] + paras[stop:] + paras[cut:stop]
    assert "section.out_of_order" in codes(run(swapped))


def test_empty_section_and_empty_dimension():
    paras = M.complete()
    stop = next(i for i, (t, _) in enumerate(paras) if t == "三、整改措施")
    report = run(paras[:stop + 1])
    assert "section.empty" in codes(report)
    paras = [p for p in M.complete() if not p[0].startswith(("一是攻坚", "二是开拓"))]
    report = run(paras)
    empty = [f for f in report.findings if f.code == "dimension.empty"]
    assert [f.dimension for f in empty] == ["responsibility"]


def test_too_few_items():
    paras = [p for p in M.complete() if not p[0].startswith("二是对身边人")]
    report = run(paras)
    few = [f for f in report.findings if f.code == "items.too_few"]
    assert [f.dimension for f in few] == ["integrity"]
    assert few[0].severity == "warning"


def test_placeholders_left():
    from addin_server import placeholders

    paras = M.complete()
    paras.insert(2, (placeholders.make("简述会前学习和征求意见情况"), None))
    paras.insert(5, ("一是XXX同志反映的问题。", None))
    report = run(paras)
    unfilled = [f for f in report.findings if f.code == "placeholder.unfilled"]
    assert [f.paragraph for f in unfilled] == [2]
    assert not report.complete
    assert "placeholder.filler" in codes(report)


def test_disabled_codes_are_not_reported():
    report = run(M.without_dimension("style"), disabled={"dimension.missing"})
    assert "dimension.missing" not in codes(report)


def test_main_sections_written_differently():
    paras = [(t.replace("一、存在问题", "一、查摆的主要问题").replace("二、原因剖析", "二、问题产生的根源")
              .replace("三、整改措施", "三、下一步整改措施"), s) for t, s in M.complete()]
    report = run(paras)
    assert report.complete, report.findings


@pytest.mark.parametrize("heading", ["一、问题及原因", "一、存在的主要问题及原因", "一、存在的问题及其原因",
                                     "一、存在的问题和原因分析"])
def test_one_heading_for_problems_and_their_causes(heading):
    # The causes written into each aspect or after them under one heading: both sections there.
    paras = [(heading if t == "一、存在问题" else t, s) for t, s in M.complete()
             if t != "二、原因剖析"]
    report = run(paras)
    assert {s.key: s.present for s in report.sections}["causes"], heading
    assert present(report) == ALL_SIX
    assert "section.missing" not in codes(report)


@pytest.mark.parametrize("text, keys", [
    ("问题及原因", ["problems", "causes"]), ("存在的主要问题及原因", ["problems", "causes"]),
    ("原因及整改措施", ["causes", "measures"]), ("问题和不足", []), ("理论学习和问题", []),
    ("问题及问题", []), ("存在问题", []),
])
def test_a_joined_heading_names_two_sections_only_with_two_roles(text, keys):
    from addin_server.checks.analysis import sections
    from addin_server.checks.analysis.matchers import matchers_for

    matchers = matchers_for(get_framework("zhuti-2023"))
    assert sections._joined_section_keys(text, matchers) == keys


def test_dimension_heading_containing_section_words_is_not_a_section():
    paras = [(t.replace("（一）理论学习方面", "（一）理论学习方面存在的问题"), s) for t, s in M.complete()]
    report = run(paras)
    assert report.complete
    assert [f for f in report.findings if f.code == "section.duplicated"] == []


def test_outline_levels_without_numbering():
    """Headings marked only by Word heading styles, numbering left to Word's list feature."""
    paras = [(t.split("）", 1)[-1].split("、", 1)[-1] if s and s.startswith("Heading") else t, s)
             for t, s in M.complete()]
    report = run(paras)
    assert present(report) == ALL_SIX
    assert report.complete, report.findings


def test_other_frameworks():
    paras = [("2024年度民主生活会对照检查材料", None), ("一、存在问题", None),
             ("（一）带头严守政治纪律和政治规矩，维护党的团结统一方面", None),
             ("一是对重大事项请示报告的程序执行不够严格。", None), ("二是对不良言论的斗争不够坚决。", None),
             ("（二）在增强党性、严守纪律、砥砺作风方面", None),
             ("一是参加支部组织生活有时以会代学。", None), ("二是对八项规定精神的学习不够经常。", None),
             ("（三）在勇于担责、敢于创新方面", None),
             ("一是面对改革难题有畏难情绪。", None), ("二是创新举措不多。", None),
             ("（四）履行全面从严治党政治责任方面", None),
             ("一是对分管领域廉政风险排查不细。", None), ("二是谈话提醒不经常。", None),
             ("二、原因剖析", None), ("一是党性锻炼有所放松。", None),
             ("三、整改措施", None), ("一是完善请示报告制度。", None)]
    report = run(paras, "nianhui-2024")
    assert report.complete, report.findings
    assert [d.item_count for d in report.dimensions] == [2, 2, 2, 2]
    assert not run(paras, "zhuti-2023").complete   # under the six-aspect framework: not the six
    auto = run(paras)                              # recognised from the headings
    assert auto.framework_id == "nianhui-2024" and auto.recognition.fits


def test_member_framework_with_arabic_headings():
    paras = [("个人对照检查材料", None), ("一、存在的问题", None),
             ("1.学习贯彻党的创新理论情况", None), ("学习停留在读文件、记笔记，结合岗位思考少。", None),
             ("2.党性修养提高情况", None), ("有时把自己混同于普通群众，党员意识不强。", None),
             ("3.联系服务群众情况", None), ("对社区群众的困难了解不多。", None),
             ("4.发挥先锋模范作用情况", None), ("在急难险重任务面前主动请缨不多。", None),
             ("二、原因剖析", None), ("放松了主观世界的改造。", None),
             ("三、整改措施", None), ("每周固定学习时间，每月参加一次志愿服务。", None)]
    report = run(paras, "zuzhi-shenghuohui")
    assert report.complete, report.findings
    assert [d.item_count for d in report.dimensions] == [1, 1, 1, 1]


def test_text_inside_a_table_counts():
    paras = [Paragraph(i, t, in_table=True) for i, t in enumerate(M.texts(M.complete()))]
    report = check(Document(tuple(paras)))
    assert report.complete


def test_empty_document():
    report = check(Document(()))
    assert "document.empty" in codes(report)
    assert not report.complete
    report = check(Document.from_texts(["", "  "]))
    assert "document.empty" in codes(report)


def test_measures_are_exposed_for_correspondence():
    st = analyze(read_paragraphs(M.pane_json(M.complete())), get_framework("zhuti-2023"))
    assert len(st.measures) == len(M.MEASURES)
    assert st.measures[0].ordinal == 1


def test_report_serialises():
    d = run(M.complete()).to_dict()
    assert d["complete"] is True and d["framework"] == "zhuti-2023"
    assert set(d["counts"]) == {"error", "warning", "info"}
    assert d["dimensions"][0]["items"] and isinstance(d["dimensions"][0]["items"], list)


def test_json_reader_rejects_bad_shapes():
    from addin_server.readers.errors import InvalidParagraphsError, TooLargeError

    with pytest.raises(InvalidParagraphsError):
        read_paragraphs({"text": "x"})
    with pytest.raises(InvalidParagraphsError):
        read_paragraphs([{"style": "Normal"}])
    with pytest.raises(TooLargeError):
        read_paragraphs([{"text": "x"}] * 11, max_paragraphs=10)
    doc = read_paragraphs([{"text": "一、存在问题", "style": "标题 1", "outlineLevel": 10}, "正文"])
    assert doc.paragraphs[0].outline_level == 1 and doc.paragraphs[1].outline_level is None


def _material(problems_heading, dimension_heading, causes_heading, measures_heading,
              preface=()):
    """The complete material rewritten with other headings; `dimension_heading(n, title)`."""
    paras = [(M.TITLE, None), *preface, (M.PREAMBLE, None)]
    if problems_heading:
        paras.append((problems_heading, None))
    for i, (heading, items) in enumerate(M.PROBLEMS.values(), 1):
        paras.append((dimension_heading(i, heading), None))
        paras.extend((item, None) for item in items)
    paras += [(causes_heading, None), *[(c, None) for c in M.CAUSES],
              (measures_heading, None), *[(m, None) for m in M.MEASURES]]
    return paras


CN = " 一二三四五六七八九十"


@pytest.mark.parametrize("variant", [
    ("一、存在的主要问题", lambda n, t: f"（{CN[n]}）在{t}存在的差距。", "二、产生问题的原因分析",
     "三、今后的努力方向"),
    ("一、对照检查情况", lambda n, t: f"{n}.在{t}", "二、剖析问题产生的根源", "三、下一步努力方向及整改措施"),
    ("一、查摆问题", lambda n, t: f"({CN[n]}){t}：", "二、原因剖析", "三、整改措施"),
    ("一、存在问题", lambda n, t: f"（{CN[n]}）关于{t.replace('方面', '')}", "二、问题根源剖析",
     "三、整改方向和措施"),
    (None, lambda n, t: f"{CN[n]}、{t}存在的问题", "七、原因剖析", "八、整改措施"),
    ("一、存在的差距", lambda n, t: f"{n}.{t}", "二、深挖问题根源", "三、整改思路和措施"),
    ("一、查摆出的问题", lambda n, t: f"（{CN[n]}）{t}", "二、产生原因分析", "三、下一步打算"),
])
def test_writing_variants(variant):
    problems, dim, causes, measures = variant
    report = run(_material(problems, dim, causes, measures))
    assert present(report) == ALL_SIX, [f.message for f in report.findings]
    assert [d.item_count for d in report.dimensions] == [3, 2, 3, 2, 3, 2]
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == []


def test_report_on_last_year_first_and_title_repeated():
    preface = [(M.TITLE, None), ("一、上年度民主生活会整改措施落实情况", None),
               ("上年度查摆的五个问题已整改完成四个，剩余一个正在按计划推进。", None)]
    paras = _material("二、存在问题", lambda n, t: f"（{CN[n]}）{t}", "三、原因剖析", "四、整改措施",
                      preface=preface)
    report = run(paras)
    assert report.complete, report.findings
    last = next(s for s in report.sections if s.key == "last_year")
    assert last.present and not last.required


def test_combined_causes_and_measures_heading():
    paras = _material("一、存在问题", lambda n, t: f"（{CN[n]}）{t}", "二、原因剖析", "三、整改措施")
    paras = [(t, s) for t, s in paras if t != "三、整改措施"]
    paras = [("二、原因剖析及整改措施" if t == "二、原因剖析" else t, s) for t, s in paras]
    report = run(paras)
    assert not [f for f in report.findings if f.code == "section.missing"]


def test_hard_line_breaks_and_spaces_inside_headings():
    paras = [(t.replace("（三）能力本领方面", "（ 三 ）能力\n本领方面").replace("二、原因剖析", "二、原因 剖析"), s)
             for t, s in M.unstyled(M.complete())]
    report = run(paras)
    assert report.complete and present(report) == ALL_SIX


def test_soft_line_breaks_between_heading_and_items():
    """Word's soft breaks (\\v from Office.js, \\n from the .docx reader) separate a heading from items."""
    paras = [(M.TITLE, None), ("一、存在问题", None)]
    for n, (heading, items) in zip("一二三四五六", M.PROBLEMS.values()):
        paras.append((f"（{n}）{heading}\v" + "\n".join(items), None))
    paras += [("二、原因剖析", None), (M.CAUSES[0], None), ("三、整改措施", None), (M.MEASURES[0], None)]
    report = run(paras)
    assert present(report) == ALL_SIX
    assert [d.item_count for d in report.dimensions] == [3, 2, 3, 2, 3, 2]


def test_short_sentence_naming_a_dimension_is_not_a_heading():
    paras = M.complete()
    at = next(i for i, (t, _) in enumerate(paras) if t == "（二）政治素质方面") + 1
    paras.insert(at, ("理论学习抓得不紧。", None))   # a short body sentence under 政治素质
    report = run(paras)
    assert "dimension.duplicated" not in codes(report)
    assert "dimension.out_of_order" not in codes(report)


def test_long_run_in_dimension_headings_count_in_the_numbering():
    """「（一）在……方面。一是……」 written as one long paragraph still numbers the headings: the
    next, shorter （二） is not reported as the first number."""
    texts = ["一、存在的问题",
             "（一）在强化政治忠诚、提高政治能力方面。一是对党的创新理论学得不够系统，常常满足于读原文、"
             "记要点。二是对意识形态领域的新动向分析研判不够及时。",
             "（二）在固本培元、增强党性方面。一是党性锻炼有所放松。二是批评不足。",
             "（四）在干事创业、担当作为方面。一是遇到难题绕着走。二是标准不高。",
             "二、原因剖析", "一是理想信念有所弱化。", "三、整改措施", "一是加强理论学习。"]
    report = check(Document.from_texts(texts), "nianhui-2025")
    numbering = [f for f in report.findings if f.code.startswith("numbering.")]
    assert [(f.code, f.paragraph) for f in numbering] == [("numbering.skipped", 3)], numbering


def _summary(report, *leave_out):
    return (report.complete, sorted(c for c in codes(report) if c not in leave_out),
            [(d.key, d.present, d.item_count) for d in report.dimensions],
            [(s.key, s.present) for s in report.sections])


@pytest.mark.parametrize("framework_id", ["zhuti-2023", "nianhui-2024", "nianhui-2025", "zuzhi-shenghuohui"])
def test_a_pdf_paste_reads_as_the_material_it_was(framework_id):
    # Every printed line a paragraph, page numbers in between: the short last line of a sentence
    # is not a heading, the page number is not text, an item goes on over the hard returns — so
    # numbering, items and problem↔measure pairs come out as for the material itself.
    framework = get_framework(framework_id)
    written = M.half_written(framework, skip={framework.dimensions[2].key})
    as_written = [(t, None) for t, _ in written]
    pasted = M.pdf_paste(written, width=23, page_every=7)
    assert len(pasted) > 2 * len(as_written)
    assert _summary(run(pasted, framework_id)) == _summary(run(as_written, framework_id))


def test_pdf_paste_of_the_complete_material_finds_nothing_new():
    assert _summary(run(M.pdf_paste(M.complete()))) == _summary(run(M.unstyled(M.complete())))


def test_unnumbered_headings_of_one_length_are_not_a_pdf_paste():
    # No numbers, no styles, no 一是: 理论学习方面, 政治素质方面… all six characters long and
    # each followed by running text. They share a length as a PDF's printed lines do, but the
    # paragraphs after them are far longer than such a "page": a written material.
    # A short material: each aspect's problems in one paragraph, as a first draft has them.
    material = []
    for text, style in M.complete():
        plain = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[一二三四五六七八九十]是)", "", text)
        if style is None and material and material[-1][1] == "item":
            material[-1] = (material[-1][0] + plain, "item")
        else:
            material.append((plain, "item" if style is None else None))
    material = [(t, None) for t, _ in material]
    assert len(material) < 25
    report = run(material)
    assert all(s.present for s in report.sections if s.required), report.sections
    assert all(d.present for d in report.dimensions), [(d.key, d.present) for d in report.dimensions]


def test_an_item_mark_cut_by_a_printed_line_end_still_starts_an_item():
    # A PDF's line ends fall anywhere, also between 二 and 是 (or 第二 and its comma): at every
    # printed width the items, their numbering and the pairs come out as written.
    material = []   # each aspect's items run on in one paragraph, as writers often write them
    for text, style in M.unstyled(M.complete()):
        if material and re.match("[一二三四五六七八九十]是", text) and re.match("[一二三四五六七八九十]是", material[-1][0]):
            material[-1] = (material[-1][0] + text, None)
        else:
            material.append((text, style))
    as_written = _summary(run(material))
    cut = 0
    for width in range(14, 41):
        pasted = M.pdf_paste(material, width=width, page_every=10_000)
        cut += sum(1 for (a, _), (b, _) in zip(pasted, pasted[1:])
                   if a[-1:] in "一二三四五六七八九十" and b[:1] in "是，、")
        assert _summary(run(pasted)) == as_written, width
    assert cut >= 3, "some widths must cut a mark in two"


@pytest.mark.parametrize("heading", ["存在问题", "存在问题："])
def test_a_bare_heading_after_an_unfinished_paragraph_is_still_a_heading(heading):
    # 「……现报告如下」 without its full stop, then 存在问题 as a plain line: a name, not the rest
    # of the sentence (it carries no punctuation of running text).
    paras = M.unstyled(M.complete())
    paras[1] = (paras[1][0].rstrip("。"), None)
    paras[2] = (heading, None)
    report, before = _summary(run(paras)), _summary(run(M.unstyled(M.complete())))
    assert ("problems", True) in report[3]
    assert report[2:] == before[2:]
    # Only the 一、 the line lost is reported (二、原因剖析 follows a heading without a number).
    assert [c for c in report[1] if c not in before[1]] == ["numbering.skipped"]


def test_text_rules_read_a_sentence_whole_across_hard_returns():
    # Line ends of a PDF paste fall anywhere: inside a quotation, between two marks, inside a word.
    sentence = ("对照要求查摆，我在学习贯彻上还有差距，对“两个维护”的认识停留在口头上，"
                "落实中央布署时标准不高，对群众的诉求回应不及时，调研走访偏少。")
    width = sentence.index("维护")                      # a line ends inside the quotation
    material = M.unstyled(M.complete())
    material.insert(4, (sentence, None))
    pasted = M.pdf_paste(material, width=width, page_every=10_000)
    report = run(pasted, disabled={"length.too_short"})
    assert "lint.unpaired_marks" not in codes(report)        # “两个 / 维护” is one pair
    (typo,) = [f for f in report.findings if f.code == "proof.typo"]
    # Reported on the line where 布署 stands, with a fix in that line's own offsets.
    line = next(i for i, (t, _) in enumerate(pasted) if "布署" in t)
    assert typo.paragraph == line and pasted[line - 1][0].endswith("“两个")
    (edit,) = typo.fix.edits
    assert (edit.paragraph, pasted[line][0][edit.start:edit.end], edit.replacement) == (line, "布", "部")

    cut = M.pdf_paste([(sentence.replace("偏少。", "偏少，，工作不实。"), None)] + material,
                      width=sentence.index("偏少") + 3, page_every=10_000)
    assert cut[0][0].endswith("偏少，") and cut[1][0].startswith("，")
    (doubled,) = [f for f in run(cut).findings if f.code == "lint.doubled_punctuation"]
    assert doubled.paragraph == 0 and doubled.fix is None   # the marks are on two lines: no one-line edit


@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "plain"])
def test_word_automatic_numbering_reads_as_typed_numbering(styled):
    paras = M.complete() if styled else M.unstyled(M.complete())
    # An extra heading naming no aspect, numbered by Word like the others.
    at = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    paras = paras[:at] + [("（七）其他方面的问题", None), ("一是有时工作标准不高。", None)] + paras[at:]
    auto = check(read_paragraphs(M.auto_numbered_json(paras)))
    typed = run(paras)
    assert _summary(auto) == _summary(typed)
    assert "dimension.unrecognised" in codes(auto)


def test_list_string_through_the_api_schema():
    from addin_server.api.schemas import ParagraphList

    field = ParagraphList()
    loaded = field.deserialize([{"text": "理论学习方面", "isListItem": True, "listString": "（一）"}])
    assert loaded[0]["listString"] == "（一）"
    (line,) = analyze(read_paragraphs(loaded), get_framework("zhuti-2023")).lines
    assert (line.prefix.kind, line.prefix.number, line.prefix.end) == ("（一）", 1, 0)


def test_a_material_on_soft_broken_lines_reads_as_its_paragraphs():
    # Shift+Enter (or a paste from a web page) put every heading and item on a line of one
    # paragraph: checked line by line, reported in the document's own paragraphs.
    paras = M.unstyled(M.complete())
    paras[-1] = (paras[-1][0].replace("精简", "精减") + "，布署到位。", None)   # a typo on the last line
    two_line_title = ("市财政局党组书记" + M.TITLE[4:10] + "\n" + M.TITLE[10:], None)
    one = [two_line_title, paras[1], ("\n".join(t for t, _ in paras[2:]), None)]
    report, written = run(one), run([two_line_title] + paras[1:])
    assert _summary(report) == _summary(written)
    assert report.paragraph_count == 3 and report.title == two_line_title[0].strip()
    assert all(f.paragraph in (None, 0, 1, 2) for f in report.findings)
    assert all(d.paragraph == 2 for d in report.dimensions if d.present)
    (typo,) = [f for f in report.findings if f.code == "proof.typo"]
    (edit,) = typo.fix.edits
    text = one[2][0]
    assert edit.paragraph == 2 and text[edit.start:edit.end] == "布"
    fixed = text[:edit.start] + edit.replacement + text[edit.end:]
    assert fixed.endswith("部署到位。") and fixed.count("\n") == text.count("\n")


def test_soft_breaks_inside_a_title_or_a_sentence_are_left_alone():
    from addin_server.checks.soft_breaks import split_lines

    document = read_paragraphs(M.pane_json([
        ("2025年度民主生活会\n个人对照检查材料", None),
        ("我在学习上用力不够，对新思想新要求\n理解不深，联系实际不够。", None)]))
    assert split_lines(document) is None


def test_soft_broken_aspect_heading_named_in_full_stands_on_its_own_line():
    # Found by the material grammar: a numbered aspect heading longer than a short phrase, with a
    # comma in it, and its first problem on the next soft-broken line were read as one line —
    # the aspect was then reported missing.
    from addin_server.checks.soft_breaks import split_lines

    heading = "一是带头严守政治纪律和政治规矩，维护党的团结统一方面存在的问题"
    problem = "对新理论新要求的学习停留在读原文、记笔记，结合分管工作深入思考不够。"
    document = read_paragraphs(M.pane_json([("一、存在问题\n" + heading + "\n" + problem, None)]))
    assert [p.text for p in split_lines(document).document.paragraphs] == ["一、存在问题", heading, problem]


def test_soft_broken_back_matter_puts_the_attachment_heading_on_its_own_line():
    # Found by the material grammar: 「王建华⏎2026年1月5日⏎附件：整改清单」 in one paragraph kept the
    # attachment heading on the date's line, so neither the date nor the signature was back matter.
    from addin_server.checks.soft_breaks import split_lines

    document = read_paragraphs(M.pane_json([("一、存在问题", None), ("王建华\n2026年1月5日\n附件：整改清单", None)]))
    assert [p.text for p in split_lines(document).document.paragraphs] == [
        "一、存在问题", "王建华", "2026年1月5日", "附件：整改清单"]


def test_an_appended_rectification_table_names_columns_not_sections():
    # A 整改清单 pasted after 整改措施: its header row 序号 | 存在问题 | 整改措施 | 完成时限 | 责任人 is a
    # row of column titles, not a second 存在问题 and 整改措施.
    from addin_server.readers import read_docx

    paras = M.unstyled(M.complete()) + [("附：整改清单", None)]
    table = [["序号", "存在问题", "整改措施", "完成时限", "责任人"],
             ["1", "学习不够系统", "制定年度学习计划", "2026年6月", "本人"],
             ["2", "调研不够深入", "每季度到基层蹲点", "2026年12月", "本人"]]
    with_table = check(read_docx(M.build_docx(paras, table_rows=table)))
    without = check(read_docx(M.build_docx(paras)))
    assert not [f for f in with_table.findings if f.code == "section.duplicated"]
    # The table's 完成时限 and 责任人 do give the last measure a time and an owner.
    assert _summary(with_table, "content.measure_vague") == _summary(without, "content.measure_vague")


def test_a_material_laid_out_as_a_table_of_columns_is_read_column_by_column():
    from addin_server.readers import read_docx

    head = [(M.TITLE, None), (M.PREAMBLE, None)]
    rows = [["对照方面", "存在问题", "整改措施"]]
    prose = head + [("一、存在问题", None)]
    for (heading, items), measure in zip(M.PROBLEMS.values(), M.MEASURES):
        rows.append([heading, "".join(items), measure])
        prose += [(heading, None), *((item, None) for item in items)]
    prose += [("二、整改措施", None), *((m, None) for m in M.MEASURES)]
    table = check(read_docx(M.build_docx(head, table_rows=rows)))
    written = check(read_docx(M.build_docx(prose)))

    def shape(report):
        return ([(s.key, s.present) for s in report.sections],
                [(d.key, d.present, d.item_count) for d in report.dimensions])

    assert shape(table) == shape(written)
    assert all(d.present for d in table.dimensions)
    # Reported in the document's own paragraphs: the aspects' cells, in the table after the preamble.
    assert all(d.paragraph >= 2 for d in table.dimensions)
    assert not {"dimension.missing", "numbering.repeated", "numbering.skipped"} & set(codes(table))

    # Each row numbering its measures from 一是 again: grouped under the row's aspect, no repeats.
    per_row = [rows[0]] + [[a, p, "一是" + m[2:]] for a, p, m in rows[1:]]
    assert not {"numbering.repeated", "numbering.skipped"} & set(codes(check(read_docx(
        M.build_docx(head, table_rows=per_row)))))

    # The pane sends the same table as paragraphs with TableCell.cellIndex as tableColumn.
    pane = [*M.pane_json(head)] + [
        {"text": text, "tableNestingLevel": 1, "tableColumn": column}
        for row in rows for column, text in enumerate(row)]
    assert shape(check(read_paragraphs(pane))) == shape(written)

    from addin_server.render.plan import PlanError, plan_fill
    with pytest.raises(PlanError, match="表格分栏"):
        plan_fill(read_docx(M.build_docx(head, table_rows=rows)), "zhuti-2023")


def test_items_numbered_straight_across_the_aspects_are_one_sequence():
    # 一是…三是 under the first aspect, 四是… under the second: the writer numbers the items of
    # 存在问题 as one list (a reviewer's trial found a skipped-number warning under every aspect).
    paras, count = [], 0
    for text, style in M.complete():
        if style == "Heading 2" or (style and style.startswith("Heading 1")):
            paras.append((text, style))
            continue
        m = re.match(r"^([一二三四五六七八九十]+)是", text)
        if m and any(t == "一、存在问题" for t, _ in paras) and not any(t == "二、原因剖析" for t, _ in paras):
            count += 1
            text = label_cn(count) + "是" + text[m.end():]
        paras.append((text, style))
    assert count > 6
    report = run(paras)
    assert not [f.message for f in report.findings if f.code.startswith("numbering.")]
    # A real gap in the straight count is still one.
    gap = [(t.replace(label_cn(5) + "是", label_cn(6) + "是", 1) if t.startswith(label_cn(5) + "是") else t, s)
           for t, s in paras]
    assert [f.code for f in run(gap).findings if f.code.startswith("numbering.")]


def label_cn(n: int) -> str:
    from addin_server.checks.sequence import _cn
    return _cn(n)
