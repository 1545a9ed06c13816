"""Small explicit examples of faults the material grammar (material_grammar.py) found on random
draws, each kept as it was found so it stays fixed."""
from __future__ import annotations

import io
import zipfile

from docx.oxml.ns import qn
from lxml import etree

import material_grammar as G
from addin_server.checks import check
from addin_server.readers import read_docx
from addin_server.remedies.library import list_remedies
from addin_server.render.fill import fill_docx
from addin_server.render.plan import plan_fill
from addin_server.render.remedies import Selection

P = G.Part


def _soft_material(soft_back: bool = True) -> G.Material:
    parts = (P("组织生活会个人对照检查材料", G.TITLE),
             P("一、存在问题", G.SECTION_HEADING, "problems", level=1, number="一、"),
             P("（一）发挥先锋模范作用情况", G.ASPECT_HEADING, "problems", "vanguard", 2, "（一）"),
             P("1.对新理论新要求的学习停留在读原文、记笔记。", G.PROBLEM, "problems", "vanguard", 0, "1."),
             P("二、整改措施", G.SECTION_HEADING, "measures", level=1, number="二、"),
             P("一是坚持每周安排固定时间自学，推动学用贯通。", G.MEASURE, "measures"),
             P("以上对照检查，请同志们批评指正。", G.CLOSING),
             P("王建华", G.SIGNATURE), P("2026年1月5日", G.DATE))
    return G.Material("zuzhi-shenghuohui", parts, ("vanguard",), ("problems", "measures"), "（一）", "1.", "一是",
                      False, soft_back)


def soft_cut(insertion) -> int | None:
    """How many soft breaks of its anchor come before the one the insertion cuts (None: it cuts
    at none)."""
    cut = insertion.cut
    return cut.soft_breaks_before(insertion.anchor_text) if cut and cut.at_soft_break(insertion.anchor_text) else None


def _runs(data: bytes) -> list[tuple[bytes, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    out = []
    for t in root.iter(qn("w:t")):
        rpr = t.getparent().find(qn("w:rPr"))
        out.append((etree.tostring(rpr) if rpr is not None else b"", t.text))
    return out


def test_a_remedy_goes_in_where_the_last_measure_line_ends_inside_a_soft_broken_paragraph():
    # The last measure and the closing lines share one paragraph (Shift+Enter throughout): the
    # plan refused. The remedy goes in at the break that ends the measure's line; the paragraph
    # is cut there and nothing of it changes but that break.
    material = _soft_material()
    source = G.to_docx(material, "softbreak")
    before = read_docx(source)
    measures_and_closing = before.paragraphs[2].text
    remedy = list_remedies("zuzhi-shenghuohui")[0]
    result = fill_docx(source, "zuzhi-shenghuohui", add_missing=False,
                       selections=[Selection(remedy.dimension, remedy.id)])
    (insertion,) = result.plan.insertions
    assert (insertion.after, soft_cut(insertion)) == (2, 1)   # after 「一是……」, the paragraph's 2nd break
    assert "结束语" in insertion.where
    texts = [p.text for p in read_docx(result.data).paragraphs]
    assert texts[2] == "二、整改措施\n一是坚持每周安排固定时间自学，推动学用贯通。"
    assert texts[3].startswith("二是")
    assert texts[4] == "以上对照检查，请同志们批评指正。\n王建华\n2026年1月5日"
    assert texts[2] + "\n" + texts[4] == measures_and_closing
    assert [r for r in _runs(result.data) if not r[1].startswith("二是")] == _runs(source)
    # The re-check finds the closing lines as back matter, not a measure.
    report = check(read_docx(result.data), "zuzhi-shenghuohui")
    assert not [f for f in report.findings if f.code in ("numbering.skipped", "numbering.repeated")]


def test_a_closing_typed_on_at_the_end_of_a_line_inside_a_soft_broken_paragraph_stays_after_the_remedy():
    # Found by the panes' property test on soft-broken materials: the closing typed on at the end
    # of the last measure's line, the signature and date on lines after it, all one paragraph.
    # The remedy went in at the break after the closing (after it, as in the first report of
    # issue 22); now the paragraph is cut before the closing, which keeps its lines after it.
    from dataclasses import replace

    material = _soft_material()
    parts = list(material.parts)
    parts[6] = replace(parts[6], glued=True)
    source = G.to_docx(replace(material, parts=tuple(parts)), "softbreak")
    remedy = list_remedies("zuzhi-shenghuohui")[0]
    result = fill_docx(source, "zuzhi-shenghuohui", add_missing=False,
                       selections=[Selection(remedy.dimension, remedy.id)])
    (insertion,) = result.plan.insertions
    assert insertion.cut is not None and not insertion.cut.at_soft_break(insertion.anchor_text)
    assert any("另起一段" in line for line in result.plan.summary)
    texts = [p.text for p in read_docx(result.data).paragraphs]
    assert texts[2] == "二、整改措施\n一是坚持每周安排固定时间自学，推动学用贯通。"
    assert texts[3].startswith("二是")
    assert texts[4] == "以上对照检查，请同志们批评指正。\n王建华\n2026年1月5日"
    assert [r for r in _runs(result.data) if not r[1].startswith("二是")] == _runs(source)


def test_a_missing_aspect_goes_between_two_lines_of_the_problems_paragraph():
    # 「一、存在问题⏎（一）……⏎1.……」 in one paragraph, an aspect missing before （一）: it used to be
    # refused with advice to replace ^l by ^p; the paragraph is cut after 「一、存在问题」 now.
    material = _soft_material(soft_back=False)
    plan = plan_fill(G.to_model(material, "soft").document, "zuzhi-shenghuohui", add_missing=["dimension:learning"])
    (insertion,) = plan.insertions
    assert (insertion.after, soft_cut(insertion)) == (1, 0)
    # The API's older form of the same cut, kept for existing clients.
    assert insertion.to_dict()["split"] == 0 and insertion.to_dict()["closingCut"] is None
    assert insertion.to_dict()["cut"]["softBreak"] is True
    result = fill_docx(G.to_docx(material, "softbreak"), "zuzhi-shenghuohui", add_missing=["dimension:learning"])
    texts = [p.text for p in read_docx(result.data).paragraphs]
    assert texts[1] == "一、存在问题" and texts[2].startswith("（一）学习")
    assert texts[2 + len(insertion.paragraphs)] == "（二）发挥先锋模范作用情况\n1.对新理论新要求的学习停留在读原文、记笔记。"


def test_an_attachment_heading_ending_a_soft_broken_paragraph_makes_the_table_an_attachment():
    # 「……⏎附件：整改清单」 ending the problems' paragraph, then the 整改清单 table: its 整改措施
    # column was read as the material's own 整改措施 (the table read by columns).
    parts = (P("2024年度民主生活会个人对照检查材料", G.TITLE),
             P("一、存在问题", G.SECTION_HEADING, "problems", level=1, number="一、"),
             P("（一）带头履行全面从严治党政治责任方面", G.ASPECT_HEADING, "problems", "strict_governance", 2, "（一）"),
             P("一是对新理论新要求的学习停留在读原文、记笔记，结合分管工作深入思考不够。", G.PROBLEM, "problems",
               "strict_governance", 0, "一是"),
             P("附件：整改清单", G.ATTACHMENT),
             *[P(cell, G.TABLE_CELL, row=r, column=c) for r, row in enumerate(
                 [G.TABLE_HEADER, ("1", "学习停留", "每周自学", "2026年6月底前", "本人")]) for c, cell in enumerate(row)])
    material = G.Material("nianhui-2024", parts, ("strict_governance",), ("problems",), "（一）", "一是", "一是",
                          False, True)
    report = check(G.to_model(material, "soft").document, "nianhui-2024")
    assert {s.key for s in report.sections if s.present and s.required} == {"problems"}


def test_a_rectification_table_after_a_material_written_in_a_one_cell_table_is_an_attachment():
    # Found by the grammar (shape table): the material in a one-cell table, then 「附件：整改清单」 and
    # its table. The reader's model does not tell the two tables apart, so the material's lines and
    # the header's 「序号」 made one "header cell", and the 整改清单 was read as the material's own
    # columns (存在问题 | 整改措施) — until a section was inserted, when the re-check changed its mind.
    parts = (P("2024年度民主生活会个人对照检查材料", G.TITLE),
             P("一、存在问题", G.SECTION_HEADING, "problems", level=1, number="一、"),
             P("附件：整改清单", G.ATTACHMENT),
             *[P(cell, G.TABLE_CELL, row=r, column=c) for r, row in enumerate(
                 [G.TABLE_HEADER, ("1", "学习停留", "每周自学", "2026年6月底前", "本人")]) for c, cell in enumerate(row)])
    material = G.Material("nianhui-2024", parts, (), ("problems",), "（一）", "一是", "一是", False)
    report = check(read_docx(G.to_docx(material, "table")), "nianhui-2024")
    assert {s.key for s in report.sections if s.present} == {"problems"}
    assert "section.empty" in {f.code for f in report.findings}


def test_a_part_goes_before_the_page_break_that_opens_the_attachment():
    # Found by the grammar (shape soft): 「一、存在问题⏎[page break]⏎附件：整改清单」 in one paragraph —
    # the new aspects went in after the page break (the blank lines read with the heading's line),
    # i.e. after the back matter. They go in where the heading's text ends.
    parts = (P("2024年度民主生活会个人对照检查材料", G.TITLE),
             P("一、存在问题", G.SECTION_HEADING, "problems", level=1, number="一、"),
             P("\n", G.PAGE_BREAK), P("附件：整改清单", G.ATTACHMENT),
             *[P(cell, G.TABLE_CELL, row=r, column=c) for r, row in enumerate(
                 [G.TABLE_HEADER, ("1", "学习停留", "每周自学", "2026年6月底前", "本人")]) for c, cell in enumerate(row)])
    material = G.Material("nianhui-2024", parts, (), ("problems",), "（一）", "一是", "一是", False, True)
    plan = plan_fill(G.to_model(material, "soft").document, "nianhui-2024", add_missing=["dimension:political_discipline"])
    assert [(i.after, soft_cut(i)) for i in plan.insertions] == [(1, 0)]
    result = fill_docx(G.to_docx(material, "softbreak"), "nianhui-2024", add_missing=["dimension:political_discipline"])
    texts = [p.text for p in read_docx(result.data).paragraphs]
    assert texts[1] == "一、存在问题" and texts[2].startswith("（一）") and texts[5] == "\n\n附件：整改清单"


def test_a_run_in_aspect_is_opened_with_a_name_without_a_comma():
    # Found by the grammar (shape typed, run-in aspects): the new aspect opened 「在带头严守政治纪律和
    # 政治规矩，维护党的团结统一方面，一是……」 — the opening ends at its first comma as a reader reads
    # it, and the re-check then lost the writer's 【履行全面从严治党政治责任方面】 (「一是」 repeated).
    from addin_server.model import Document

    texts = ["2024年度民主生活会个人对照检查材料", "根据上级关于召开本次会议的通知要求，现将有关情况报告如下：", "一、存在问题",
             "在勇于担责、敢于创新方面，一是对新理论新要求的学习停留在读原文、记笔记，结合分管工作深入思考不够。",
             "【履行全面从严治党政治责任方面】一是对新理论新要求的学习停留在读原文、记笔记，结合分管工作深入思考不够。"]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2024", add_missing=["dimension:political_discipline"])
    (insertion,) = plan.insertions
    (new,) = insertion.paragraphs
    assert new.text.startswith("在严守政治纪律和政治规矩方面，一是")
    after = texts[:3] + [new.text] + texts[3:]
    report = check(Document.from_texts(after), "nianhui-2024")
    assert [d.key for d in report.dimensions if d.present] == ["political_discipline", "dare_to_act", "strict_governance"]
    assert not [f for f in report.findings if f.code.startswith("numbering")]


def _with_cases_section(first_title: str, second_title: str) -> list[str]:
    """A 2025 material with a 典型案例剖析 section, its measures two titles over paragraphs."""
    return ["2025年度民主生活会个人对照检查材料", "一、存在问题", "（一）带头强化政治忠诚、提高政治能力方面",
            "一是对新理论新要求的学习停留在读原文、记笔记。", "二、典型案例剖析", "对照通报的反面典型案例，深刻认识到权力观扭曲的危害。",
            "三、原因剖析", "一是理论武装还不够扎实。", "四、整改措施", first_title,
            "坚持每周安排固定时间自学。", second_title, "每年组织分管领域干部学习党纪。",
            "以上对照检查，请同志们批评指正。"]


def _measures_end_and_codes(texts: list[str]) -> tuple[int, set[str]]:
    from addin_server.model import Document

    report = check(Document.from_texts(texts), "nianhui-2025")
    measures = next(s for s in report.sections if s.key == "measures")
    return measures.end_paragraph, {f.code for f in report.findings}


def test_a_remedy_heading_under_the_measures_is_not_the_cases_section():
    # Found by the grammar: the remedy 「以案为鉴学纪知纪守纪」 inserted as the measure heading
    # 「（二）以案为鉴学纪知纪守纪」 under 「四、整改措施」 was read as a second 典型案例剖析 section.
    end, codes = _measures_end_and_codes(_with_cases_section("（一）在强化理论武装上下功夫", "（二）以案为鉴学纪知纪守纪"))
    assert "section.duplicated" not in codes and end == 12


def test_an_unnumbered_remedy_title_under_the_measures_is_not_the_cases_section():
    # Found by the grammar (seed 94): measures written as unnumbered titles over their
    # paragraphs; the remedy's title 「以案为鉴学纪知纪守纪」 names the cases section's words, but the
    # writer numbers the sections 一、二、…, and that section is already there.
    texts = _with_cases_section("在强化理论武装上下功夫", "以案为鉴学纪知纪守纪")
    end, codes = _measures_end_and_codes(texts)
    assert "section.duplicated" not in codes and end == 12
    # A section the writer really wrote twice, numbered like the others, is still reported.
    _, codes = _measures_end_and_codes(texts[:11] + ["五、典型案例剖析", "又一段案例。"])
    assert "section.duplicated" in codes


def test_new_aspects_move_on_the_numbers_of_the_writers_own_aspect_headings():
    # Found trying a writer's draft: two of its aspects were worded by the writer and named no
    # aspect of the framework; 补写 put （二）…（五） before the writer's （二）, which kept its
    # number, so the material had two （二）.
    from addin_server.model import Document

    texts = ["2025年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）在带头强化政治忠诚、提高政治能力方面。一是学习不够系统。",
             "（二）在锤炼过硬作风、推动高质量发展方面。一是调研不够深入。",
             "（三）在严守纪律规矩、廉洁自律方面。一是监督偏软。",
             "二、原因剖析", "一是理想信念有所松懈。", "三、整改措施", "1.加强理论武装。",
             "以上对照检查，请同志们批评指正。"]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2025", add_missing=True)
    renumbered = {r.before[:3]: r.after[:3] for r in plan.renumber}
    new_numbers = [p.text[:3] for i in plan.insertions for p in i.paragraphs if p.text.startswith("（")]
    assert new_numbers == ["（二）", "（三）", "（四）", "（五）"]
    assert renumbered == {"（二）": "（六）", "（三）": "（七）"}


def test_a_missing_aspect_among_numbered_run_in_aspects_is_one_paragraph_like_theirs():
    # Found trying a writer's draft: each aspect one paragraph 「（一）在……方面。一是……二是……」; the
    # missing one went in as a heading with its items in paragraphs of their own.
    from addin_server.model import Document

    texts = ["2025年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）在带头强化政治忠诚、提高政治能力方面。一是学习不够系统。二是政治敏锐性不强。",
             "（二）在带头固本培元、增强党性方面。一是调研不够深入。二是改革推进不力。",
             "（三）在带头干事创业、担当作为方面。一是遇到难题绕着走。二是监督偏软。",
             "二、原因剖析", "一是理想信念有所松懈。", "三、整改措施", "1.加强理论武装。"]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2025", add_missing=["dimension:three_reverences"])
    (insertion,) = plan.insertions
    (paragraph,) = insertion.paragraphs
    assert insertion.after == 3
    assert paragraph.text.startswith("（三）在带头敬畏人民、敬畏组织、敬畏法纪方面。一是【请填写")
    assert "二是【请填写" in paragraph.text
    assert [(r.before[:3], r.after[:3]) for r in plan.renumber] == [("（三）", "（四）")]
    assert insertion.label == "补写“（三）在带头敬畏人民、敬畏组织、敬畏法纪方面。”"
