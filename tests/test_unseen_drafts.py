"""The unseen drafts (tests/fixtures/unseen_drafts): each draft run through every writing flow
(check, fill --add-missing and fill --remedy on the command line and through /api/fill/docx),
judged as its writer judges it (tests/unseen_trial.py); and small explicit examples of the
faults those drafts found, each kept so it stays fixed.

The drafts' .docx files are in the folder (`generate.py` makes them again; two shapes need
LibreOffice), so the trial needs nothing but the product."""
from __future__ import annotations

import pytest

import unseen_trial as T
from addin_server.checks import check
from addin_server.model import Document
from addin_server.remedies.library import list_remedies
from addin_server.render.plan import plan_fill
from addin_server.render.remedies import Selection


@pytest.fixture(scope="module")
def api_client():
    from addin_server import create_app

    return create_app().test_client()


@pytest.mark.parametrize("draft", T.DRAFTS, ids=[d["name"] for d in T.DRAFTS])
def test_each_unseen_draft_comes_out_as_its_writer_expects(draft, tmp_path, api_client):
    outcome = T.trial(draft, tmp_path, api_client)
    assert outcome.right, "\n".join(outcome.problems)


def test_the_drafts_cover_what_issue_22_names():
    shapes = {d["shape"] for d in T.DRAFTS}
    assert {"styled", "plain", "wps", "word_numpr", "word_numpr_measures", "word_heading_numbering",
            "soft", "table", "lo_html", "lo_roundtrip"} <= shapes
    # Trial 3's shapes, and a draft on an organisation's own framework besides the shipped ones.
    assert {"wps_autonum", "lo_html_br", "boxed_headings", "tracked", "lo_textbox", "docxtpl", "pdf_lines",
            "sdt"} <= shapes
    assert {d["framework"] for d in T.DRAFTS} == {"nianhui-2025", "nianhui-2024", "zhuti-2023",
                                                  "zuzhi-shenghuohui", "org-shuiwu-zuzhi-2025"}
    assert sum(d["finished"] for d in T.DRAFTS) >= 8 and sum(not d["finished"] for d in T.DRAFTS) >= 7
    roles = {role for d in T.DRAFTS for role, _ in d["blocks"]}
    assert {"closing", "signature", "date", "attach_head", "table", "measure_head", "name", "dateline"} <= roles


# ---- faults the drafts found ------------------------------------------------------------------

_MEASURES_2024 = ["2024年度民主生活会个人对照检查材料", "一、存在问题",
                  "（一）带头严守政治纪律和政治规矩，维护党的团结统一方面",
                  "一是对党纪学习教育的成果运用不够，对校外培训治理中的纪律要求掌握不全面。",
                  "二是维护班子团结的主动性不够，在教师编制调配上顾全大局少。",
                  "二、原因剖析", "一是纪律规矩意识有所松懈。", "三、整改措施",
                  "1.逐条对照纪律处分条例查找分管工作的风险点，3月底前形成风险清单。",
                  "2.坚持每月至少到农村学校调研2次。",
                  "3.6月底前完成课后服务改革方案修订并在全县推开。",
                  "4.每学期对分管学校食堂采购开展1次专项检查。",
                  "以上对照检查，请同志们批评指正。"]


def test_a_measure_numbered_3_that_opens_with_a_month_is_numbered_3():
    # d03: 「3.6月底前完成……」 was read as the decimal 3.6, so the check reported 「2.」 followed
    # by 「4.」 (numbering.skipped) and the next measure was numbered 「4.」 again.
    report = check(Document.from_texts(_MEASURES_2024), "nianhui-2024")
    assert not [f for f in report.findings if f.code.startswith("numbering")]
    remedy = list_remedies("nianhui-2024", "political_discipline")[0]
    plan = plan_fill(Document.from_texts(_MEASURES_2024), "nianhui-2024", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    (insertion,) = plan.insertions
    assert insertion.after == 11 and insertion.paragraphs[0].text.startswith("5.")
    # A decimal stays a decimal: 「3.5个百分点」 opens no item numbered 3.
    texts = _MEASURES_2024[:10] + ["3.5个百分点的差距还没有补上。"] + _MEASURES_2024[11:]
    report = check(Document.from_texts(texts), "nianhui-2024")
    assert any(f.code == "numbering.skipped" for f in report.findings)


def test_a_name_in_the_name_line_or_the_signature_is_not_taken_for_a_slip():
    # d05: 「陈静」 under the title and as the signature was reported as 「沉静」之误（同音）.
    texts = ["2025年度组织生活会个人对照检查材料", "第三党支部  陈静",
             "按照支部的安排，我对照党员标准查找了自身差距，现作如下对照检查。", "一、存在问题",
             "（一）学习贯彻党的创新理论方面", "一是学习的主动性不够，个人自学少。",
             "二是认真贯彻上级决策部属不够。", "二、原因剖析",
             "一是理论学习的自觉性不强。", "三、整改措施", "一是每月读1本理论书籍并写读书笔记。",
             "恳请大家提出宝贵意见。", "陈静", "2025年1月"]
    report = check(Document.from_texts(texts), "zuzhi-shenghuohui")
    slips = [f for f in report.findings if f.code in ("proof.typo", "proof.garbled")]
    # The body is still proofread: only the slip in prose (部属 → 部署) is reported.
    assert [f.paragraph for f in slips] == [6] and "部署" in slips[0].message


def test_a_section_headed_but_not_written_gets_its_body_under_the_heading():
    # d16: 「二、原因剖析」 straight followed by 「三、整改措施」 — the check said 请补写这一部分,
    # and 补写缺少的部分 answered that nothing was missing.
    texts = ["××县委办公室领导班子2025年度民主生活会对照检查材料".replace("××", "青山"), "一、存在问题",
             "（一）在带头强化政治忠诚、提高政治能力方面", "一是中心组学习有时以读文件代替研讨。",
             "二是贯彻上级部署跟踪问效不够。", "二、原因剖析", "三、整改措施",
             "一是完善理论学习中心组学习制度。", "以上对照检查，恳请同志们批评指正。", "二〇二六年一月十日"]
    document = Document.from_texts(texts)
    plan = plan_fill(document, "nianhui-2025", add_missing=True)
    assert "section:causes" in plan.missing
    body = next(i for i in plan.insertions if "section:causes" in i.parts)
    assert body.after == 5 and all("【请填写" in p.text for p in body.paragraphs)
    assert not any(p.text.endswith("原因剖析") for p in body.paragraphs)   # no second heading
    assert any("原因剖析的内容" in line for line in plan.summary)
    # Asked for by its part id, as 「在此补写」 does.
    assert plan_fill(document, "nianhui-2025", add_missing=["section:causes"]).insertions


def _measures_as_table(attachment: bool = False) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in ["2025年度民主生活会个人对照检查材料", "一、存在问题", "（一）在带头强化政治忠诚、提高政治能力方面",
                 "一是贯彻落实上级决策部署有时满足于发文件、开会议。", "二是政治敏锐性还不够强。", "二、原因剖析",
                 "一是理论武装还不够深入。", "三、整改措施", "针对查摆出的问题，本人制定整改措施如下："]:
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([["序号", "整改事项", "整改措施", "完成时限"],
                             ["1", "决策部署落实不到位", "对上级决策部署建立台账，每季度自查一次。", "2026年底"],
                             ["2", "政治敏锐性不强", "每季度研判一次本系统舆情。", "2026年底"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("以上对照检查，请同志们批评指正。")
    document.add_paragraph("2026年1月9日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_remedy_for_measures_set_out_as_a_table_is_a_new_row_of_that_table():
    # d11: the remedy went in as an unnumbered paragraph after the table, as if the table were
    # not the measures. It is their last row's successor: 6 | … | the measure | its deadline.
    from addin_server.readers import read_docx
    from addin_server.render.fill import fill_docx

    data = _measures_as_table()
    remedy = list_remedies("nianhui-2025", "political_loyalty")[0]
    result = fill_docx(data, "nianhui-2025", add_missing=False, selections=[Selection(remedy.dimension, remedy.id)])
    assert not result.plan.insertions and result.plan.checklist.place == "measures"
    assert result.plan.summary[0].startswith("在整改措施表格末尾增加 1 行（序号 3），写明新措施")
    assert all("按默认值填入了" in line for line in result.plan.summary[1:])
    texts = [p.text for p in read_docx(result.data).paragraphs]
    before = [p.text for p in read_docx(data).paragraphs]
    row = texts[len(before) - 2:len(before) + 2]
    assert texts[:len(before) - 2] == before[:-2] and texts[-2:] == before[-2:]   # back matter last
    # 整改事项: the problem the measure answers, in short form, as the writer's rows name theirs.
    assert row[0] == "3" and row[1] and remedy.title.rstrip("。") in row[2] and row[3]
    # The 整改事项 column is the problem's, not a second measure column.
    from addin_server.checks.material_parts import column_kind

    assert column_kind("整改事项") == "problem" and column_kind("整改措施") == "measure"


def _with_attachment(title: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in [title, "一、存在问题", "（一）在带头强化政治忠诚、提高政治能力方面",
                 "一是中心组学习有时以读文件代替研讨。", "二是贯彻上级部署跟踪问效不够。", "二、原因剖析",
                 "一是理论武装还不够深入。", "三、整改措施", "一是完善理论学习中心组学习制度。",
                 "以上对照检查，请同志们批评指正。", "2026年1月12日", "附件：整改清单"]:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=5)
    for r, row in enumerate([["序号", "存在问题", "整改措施", "完成时限", "责任人"],
                             ["1", "专题研讨偏少", "每次集体学习安排专题研讨", "长期坚持", "党组书记"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("title, owner", [("中共青山县交通运输局党组班子2025年度民主生活会对照检查材料", ""),
                                          # The writer's own row names the writer: it is copied.
                                          ("2025年度民主生活会个人对照检查材料", "党组书记")])
def test_a_new_checklist_row_of_a_team_material_leaves_its_owner_to_the_writer(title, owner):
    # d02: a 班子's 整改清单 names posts (党组书记、分管副局长); the new row said 「本人」.
    from addin_server.readers import read_docx

    remedy = list_remedies("nianhui-2025", "political_loyalty")[0]
    plan = plan_fill(read_docx(_with_attachment(title)), "nianhui-2025", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    (row,) = plan.checklist.rows
    assert plan.checklist.place == "attachment" and row[0] == "2" and row[4] == owner


def test_an_aspect_headed_but_not_written_gets_its_placeholder_problems_under_the_heading():
    # The same for an aspect: 「（二）……」 straight followed by 「（三）……」 is dimension.empty, and
    # 补写 puts the placeholders for its problems under the writer's heading, nothing renumbered.
    texts = ["2025年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）在带头强化政治忠诚、提高政治能力方面", "一是中心组学习有时以读文件代替研讨。", "二是贯彻上级部署跟踪问效不够。",
             "（二）在带头固本培元、增强党性方面",
             "（三）在带头敬畏人民、敬畏组织、敬畏法纪方面", "一是群众诉求回应不及时。", "二是请示报告不严格。",
             "二、原因剖析", "一是理论武装还不够深入。", "三、整改措施", "一是完善学习制度。", "以上对照检查，请同志们批评指正。"]
    document = Document.from_texts(texts)
    assert any(f.code == "dimension.empty" for f in check(document, "nianhui-2025").findings)
    plan = plan_fill(document, "nianhui-2025", add_missing=["dimension:party_spirit"])
    (insertion,) = plan.insertions
    assert insertion.after == 5 and not plan.renumber
    assert [p.text[:3] for p in insertion.paragraphs] == ["一是【", "二是【"]


# ---- faults the second trial's drafts found (writer26) -----------------------------------------

def test_a_contents_list_of_the_section_headings_is_not_the_sections():
    # n03: 「一、存在问题」「二、原因剖析」「三、整改措施」 listed under a 说明 before the body were
    # taken for the sections: each reported empty and duplicated, the aspects looked for in the
    # empty first one, and a 2024 material recognised as 2025.
    body = ["2024年度民主生活会个人对照检查材料", "说明：本材料分为以下三个部分。",
            "一、存在问题", "二、原因剖析", "三、整改措施",
            "按照通知要求，我认真查摆了问题，现报告如下。", "一、存在问题",
            "（一）带头严守政治纪律和政治规矩，维护党的团结统一方面", "一是学习党纪不够深入。",
            "（二）带头增强党性、严守纪律、砥砺作风方面", "一是调研不深入。",
            "（三）带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新方面", "一是改革顾虑多。",
            "（四）带头履行全面从严治党政治责任方面", "一是廉政风险防控不紧。",
            "二、原因剖析", "一是纪律规矩意识有所松懈。", "三、整改措施", "一是每月到学校调研2次。",
            "以上对照检查，请同志们批评指正。"]
    report = check(Document.from_texts(body), "auto")
    assert report.framework_id == "nianhui-2024"
    assert not [f for f in report.findings if f.code.startswith(("section.", "dimension."))], report.findings
    assert [s.paragraph for s in report.sections if s.required] == [6, 15, 17]
    remedy = list_remedies("nianhui-2024", "party_spirit")[0]
    plan = plan_fill(Document.from_texts(body), "nianhui-2024", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    (insertion,) = plan.insertions
    assert insertion.after == 18 and insertion.paragraphs[0].text.startswith("二是")
    # Headings one after the other that are not said again stay sections (d16: 原因剖析 empty).
    report = check(Document.from_texts(body[:2] + body[5:16] + body[17:]), "nianhui-2024")
    assert [f.code for f in report.findings if f.code.startswith("section.")] == ["section.empty"]


def _problem_cause_measure_table() -> Document:
    from addin_server.model import Paragraph

    head = ["2025年度组织生活会个人对照检查材料", "一、存在问题、原因及整改措施", "我查摆出的问题、原因和措施如下表："]
    rows = [["序号", "方面", "存在问题", "原因分析", "整改措施"],
            ["1", "学习贯彻党的创新理论方面", "学习的主动性不够，个人自学少。", "学习自觉性不强。", "每月读1本理论书籍并写读书笔记。"],
            ["2", "党性修养提高方面", "批评与自我批评不够大胆。", "党员意识淡化。", "在支部会议上主动开展批评。"],
            ["3", "联系服务群众方面", "家访只做了3次。", "宗旨意识不强。", "本学期家访全覆盖。"],
            ["4", "发挥先锋模范作用方面", "承担教研任务有推脱的想法。", "标准不高。", "主动承担公开课。"]]
    paragraphs = [Paragraph(i, t) for i, t in enumerate(head)]
    for row in rows:
        for column, text in enumerate(row):
            paragraphs.append(Paragraph(len(paragraphs), text, in_table=True, table_column=column))
    for text in ["以上对照检查，请同志们批评指正。", "2026年1月"]:
        paragraphs.append(Paragraph(len(paragraphs), text))
    return Document(tuple(paragraphs))


def test_one_heading_naming_every_section_over_a_table_of_columns():
    # n04: 「一、存在问题、原因及整改措施」 over a 方面 | 存在问题 | 原因分析 | 整改措施 table was
    # read as two sections out of order (problems and measures, not causes), 补写 added a second
    # 「二、原因剖析」, and a remedy's new row named a measure of the writer's as its problem.
    document = _problem_cause_measure_table()
    report = check(document, "auto")
    assert report.framework_id == "zuzhi-shenghuohui"
    assert not [f for f in report.findings if f.code in T.STRUCTURAL], report.findings
    assert {s.key: s.paragraph for s in report.sections if s.required} == {"problems": 5, "causes": 6, "measures": 7}
    assert not plan_fill(document, "zuzhi-shenghuohui", add_missing=True).insertions
    remedy = list_remedies("zuzhi-shenghuohui", "learning")[0]
    plan = plan_fill(document, "zuzhi-shenghuohui", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    (row,) = plan.checklist.rows
    # 序号 | 方面 (the aspect as the writer heads it) | its problem (its first clause: the rows'
    # problems here are short) | 原因 left to the writer | measure
    assert row[:4] == ("5", "学习贯彻党的创新理论方面", "学习的主动性不够", "")
    assert remedy.title.rstrip("。") in row[4]


def test_a_heading_naming_three_sections_names_each():
    from addin_server.checks.analysis.lines import read_line
    from addin_server.checks.analysis.matchers import matchers_for
    from addin_server.checks.analysis.sections import section_keys
    from addin_server.frameworks import get_framework
    from addin_server.model import Paragraph

    m = matchers_for(get_framework("nianhui-2025"))
    keys = lambda text: section_keys(read_line(Paragraph(0, text)), m)  # noqa: E731
    assert keys("一、存在问题、原因及整改措施") == ["problems", "causes", "measures"]
    assert keys("一、存在的主要问题及原因") == ["problems", "causes"]
    assert keys("（二）在带头固本培元、增强党性方面") == []


def test_a_name_closing_a_list_with_deng_is_not_a_slip_and_a_known_slip_is_found():
    # n02: 「到贺家湾、欧阳坪等偏远村组调研」 was reported as 「坪等」 for 「平等」 (同音) — the 等
    # closes the list of the writer's place names; and 「历行节约」 (厉行节约) was missed.
    from addin_server.checks.proof import proofread_text

    assert not proofread_text("践行“四下基层”不够经常，到贺家湾、欧阳坪等偏远村组调研只有两次。")
    assert not proofread_text("到马蹄岭、石门坎等水库巡查不够经常。")
    # The 等 of a list further back does not cover a slip later in the sentence.
    (hit,) = proofread_text("对张三、李四等同志的意见建议坚持男女坪等。")
    assert "平等" in hit.message
    (hit,) = proofread_text("执行财经纪律不够严格，历行节约的要求落实不到位。")
    assert "厉行节约" in hit.message


def test_two_rows_of_one_aspect_in_a_table_of_columns_are_one_aspect():
    # n04 after a remedy: the new row 5 names 「学习贯彻党的创新理论方面」 again, as a writer's
    # second problem of an aspect does; the re-check said the aspect was written twice. A row with
    # the aspect cell empty (merged with the one above) goes on the row before's aspect too.
    from addin_server.model import Paragraph

    document = _problem_cause_measure_table()
    paragraphs = list(document.paragraphs[:-2])
    for column, text in enumerate(["5", "学习贯彻党的创新理论方面", "理论联系实际不够。", "", "每季度写1篇体会。"]):
        paragraphs.append(Paragraph(len(paragraphs), text, in_table=True, table_column=column))
    for column, text in enumerate(["6", "", "参加志愿服务少。", "", "每季度报到服务2次。"]):
        paragraphs.append(Paragraph(len(paragraphs), text, in_table=True, table_column=column))
    for p in document.paragraphs[-2:]:
        paragraphs.append(Paragraph(len(paragraphs), p.text))
    report = check(Document(tuple(paragraphs)), "zuzhi-shenghuohui")
    assert not [f for f in report.findings if f.code in T.STRUCTURAL], report.findings
    counts = {d.key: len(d.items) for d in report.dimensions}
    assert counts == {"learning": 3, "party_spirit": 1, "serving_people": 1, "vanguard": 1}, counts


def test_a_table_of_columns_under_a_heading_naming_one_section_is_read_by_its_columns():
    # x6: 「一、对照检查情况」 (a name of 存在问题) over 序号 | 对照方面 | 存在问题 | 原因剖析 | 整改措施
    # | 责任领导 | 完成时限: the check said 原因剖析 and 整改措施 were missing, 补写 added them after
    # the table, and a remedy made a second 整改措施 section instead of a row of the table.
    from addin_server.model import Paragraph

    document = _problem_cause_measure_table()
    paragraphs = [Paragraph(0, "县商务局领导班子2025年度组织生活会对照检查材料"), Paragraph(1, "一、对照检查情况")]
    for p in document.paragraphs[3:]:
        paragraphs.append(Paragraph(len(paragraphs), p.text.replace("方面", "方面") if p.text != "方面" else "对照方面",
                                    in_table=p.in_table, table_column=p.table_column))
    document = Document(tuple(paragraphs))
    report = check(document, "zuzhi-shenghuohui")
    assert not [f for f in report.findings if f.code in T.STRUCTURAL], report.findings
    assert not plan_fill(document, "zuzhi-shenghuohui", add_missing=True).insertions
    remedy = list_remedies("zuzhi-shenghuohui", "vanguard")[0]
    plan = plan_fill(document, "zuzhi-shenghuohui", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    assert not plan.insertions and plan.checklist.place == "measures"
    (row,) = plan.checklist.rows
    assert row[:2] == ("5", "发挥先锋模范作用方面") and row[2] == "承担教研任务有推脱的想法"


def test_a_new_checklist_row_names_its_problem_as_short_as_the_writers_rows():
    # n10: the writer's 整改清单 names problems by short labels (「专题研讨偏少」); the new row said
    # the problem's whole first sentence. Now its first clause; longer rows keep it whole.
    from addin_server.readers import read_docx

    data = _with_attachment("2025年度民主生活会个人对照检查材料")
    remedy = next(r for r in list_remedies("nianhui-2025", "political_loyalty"))
    problem = "中心组学习有时以读文件代替研讨，全年专题研讨只有4次"
    selection = Selection(remedy.dimension, remedy.id, problem=problem)
    (row,) = plan_fill(read_docx(data), "nianhui-2025", add_missing=False, selections=[selection]).checklist.rows
    assert row[1] == "中心组学习有时以读文件代替研讨"
    from addin_server.render.plan import _as_short_as

    assert _as_short_as(problem, ["这一行的问题写得很长，有二十多个字，写明了事实和后果"]) == problem


def test_the_products_own_remedies_raise_no_proofreading_finding():
    # Trial 2, d04 re-checked after its remedy: the product's own measure 「每学完一个专题」 was
    # reported as 「学完」 for 「学院」 (形近). What the product writes into a material must read clean.
    from addin_server.checks.proof import proofread_text
    from addin_server.frameworks import list_frameworks
    from addin_server.render.remedies import resolve_selections

    found = []
    for framework in list_frameworks():
        for dimension in framework.dimensions:
            for remedy in list_remedies(framework.id, dimension.key):
                (filled,) = resolve_selections(framework, [Selection(remedy.dimension, remedy.id)])
                found += [(remedy.id, hit.message) for hit in proofread_text(f"{filled.title}。{filled.text}")]
    assert not found, found


def test_a_remedy_after_measure_headings_each_over_numbered_items_is_a_heading_of_its_own():
    # x11: 整改措施 as （一）… headings, each over 1. 2.; the remedy went in as 「3.」 under the last
    # heading (a measure of another aspect under 「（四）压实管党治党责任」). It is 「（五）title」 over
    # 「1.text」, as the writer's.
    texts = ["2024年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）带头严守政治纪律和政治规矩，维护党的团结统一方面", "一是学习党纪不够深入。", "二是请示报告不及时。",
             "二、原因剖析", "一是纪律规矩意识有所松懈。", "三、整改措施",
             "（一）严守纪律规矩", "1.逐条对照条例查找风险点。", "2.形成风险清单。",
             "（二）压实管党治党责任", "1.每学期专项检查1次。", "2.每季度听取汇报。",
             "以上对照检查，请同志们批评指正。"]
    remedy = list_remedies("nianhui-2024", "political_discipline")[0]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2024", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    (insertion,) = plan.insertions
    assert insertion.after == 13
    heading, body = insertion.paragraphs
    assert heading.text == "（三）" + remedy.title.rstrip("。") and body.text.startswith("1.")
    # Measures that are 1. 2. items alone still run on: 3.
    flat = texts[:8] + ["1.逐条对照条例查找风险点。", "2.每季度听取汇报。"] + texts[-1:]
    (insertion,) = plan_fill(Document.from_texts(flat), "nianhui-2024", add_missing=False,
                             selections=[Selection(remedy.dimension, remedy.id)]).insertions
    assert [p.text[:2] for p in insertion.paragraphs] == ["3."]


@pytest.mark.parametrize("owners, expected", [(["王立新", "王立新"], "王立新"),
                                              (["党组书记", "分管副局长"], "【请填写：责任人】")])
def test_a_new_measure_ends_with_its_owner_and_time_as_the_writers_do(owners, expected):
    # x10: every measure of the writer's ends 「（责任人：王立新；完成时限：2026年6月底）」; the new one
    # had no such ending. Now the same: the owner every measure names (else a prompt), its time.
    texts = ["2025年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）在带头强化政治忠诚、提高政治能力方面", "一是学习不够深入。", "二是请示报告不及时。",
             "二、原因剖析", "一是理论武装不够深入。", "三、整改措施",
             f"一是每月集中自学两个半天。（责任人：{owners[0]}；完成时限：2026年6月底）",
             f"二是严格执行请示报告制度。（责任人：{owners[1]}；完成时限：2026年12月底）",
             "以上对照检查，请同志们批评指正。"]
    remedy = list_remedies("nianhui-2025", "political_loyalty")[0]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2025", add_missing=False,
                     selections=[Selection(remedy.dimension, remedy.id)])
    (paragraph,) = plan.insertions[0].paragraphs
    assert paragraph.text.startswith("三是") and paragraph.text.endswith(f"（责任人：{expected}；完成时限：长期坚持）")
    # Measures without such an ending get none.
    bare = texts[:8] + ["一是每月集中自学两个半天。", "二是严格执行请示报告制度。"] + texts[-1:]
    (paragraph,) = plan_fill(Document.from_texts(bare), "nianhui-2025", add_missing=False,
                             selections=[Selection(remedy.dimension, remedy.id)]).insertions[0].paragraphs
    assert "责任人" not in paragraph.text[-20:]


def test_new_paragraphs_open_with_the_spaces_the_writer_indents_by():
    # x12: every paragraph of the writer's opens with 「　　」 (typed indentation); the new aspect,
    # its items and the new measure were flush left.
    texts = ["2025年度民主生活会个人对照检查材料", "　　一、存在问题",
             "　　（一）在带头强化政治忠诚、提高政治能力方面", "　　一是学习不够深入。",
             "　　二、原因剖析", "　　一是理论武装不够深入。", "　　三、整改措施", "　　一是每月集中自学两个半天。",
             "　　以上对照检查，请同志们批评指正。"]
    remedy = list_remedies("nianhui-2025", "political_loyalty")[0]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2025", add_missing=["dimension:party_spirit"],
                     selections=[Selection(remedy.dimension, remedy.id)])
    new = [p.text for i in plan.insertions for p in i.paragraphs]
    assert len(new) >= 4 and all(t.startswith("　　") and not t.startswith("　　　") for t in new), new
    assert [t for t in new if t.startswith("　　二是把")]


def test_parts_and_the_aspects_inside_them_count_on_their_own():
    # x13: 「第一部分  存在的问题」 over aspects 一、二、…: both are read as numbers of the kind 一、, so
    # 「一、在带头……」 was reported as repeating 「第一部分」.
    texts = ["2025年度民主生活会个人对照检查材料", "第一部分  存在的问题",
             "一、在带头强化政治忠诚、提高政治能力方面", "（1）学习不够深入。", "二、在带头固本培元、增强党性方面",
             "（1）党性锻炼放松。", "第二部分  原因剖析", "（1）理论武装不够深入。", "第三部分  整改措施",
             "（1）每月集中自学两个半天。", "以上对照检查，请同志们批评指正。"]
    report = check(Document.from_texts(texts), "nianhui-2025")
    assert not [f for f in report.findings if f.code.startswith("numbering")], report.findings
    texts[8] = "第四部分  整改措施"
    (finding,) = [f for f in check(Document.from_texts(texts), "nianhui-2025").findings if f.code.startswith("numbering")]
    assert finding.code == "numbering.skipped" and "第三部分" in finding.message


def test_a_remedy_goes_to_its_aspects_group_where_the_measures_are_grouped_by_aspect():
    # x14: 整改措施 under the aspects' own headings, 一是… each; a remedy for the first aspect went
    # after the last group as 「（六）……」. It goes at the end of its aspect's group, 二是.
    texts = ["2025年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）在带头强化政治忠诚、提高政治能力方面", "一是学习不够深入。",
             "（二）在带头坚决扛起管党治党责任方面", "一是监督偏软。", "二、原因剖析", "一是理论武装不够深入。",
             "三、整改措施", "（一）在带头强化政治忠诚、提高政治能力方面", "一是每月集中自学两个半天。",
             "（二）在带头坚决扛起管党治党责任方面", "一是每季度听取一次汇报。", "二是开展廉政谈话。",
             "以上对照检查，请同志们批评指正。"]
    picks = [Selection(k, list_remedies("nianhui-2025", k)[0].id)
             for k in ("political_loyalty", "strict_governance", "party_spirit")]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2025", add_missing=False, selections=picks)
    placed = {i.after: [p.text[:2] for p in i.paragraphs] for i in plan.insertions}
    # Its own group's: 二是 after 10, 三是 after 13; the aspect without a group after the last
    # measure, a heading of the groups' kind over its text.
    assert placed[10] == ["二是"] and placed[13][:2] == ["三是", "（三"], placed
    # Measure headings of their own (naming no aspect) are no groups: the remedy after the last.
    own = texts[:9] + ["（一）强化理论武装", "一是每月集中自学两个半天。", "（二）从严管党治党", "一是开展廉政谈话。"] + texts[-1:]
    (insertion,) = plan_fill(Document.from_texts(own), "nianhui-2025", add_missing=False, selections=picks[:1]).insertions
    assert insertion.after == 12


# ---- faults left from the second trial, fixed in the third (writer27) ---------------------------

_ONLY_PROBLEMS = ["2025年度民主生活会个人对照检查材料", "县商务局副局长 林晓峰", "一、存在问题",
                  "（一）在带头强化政治忠诚、提高政治能力方面", "一是学习不够深入，自学笔记只有两万字。",
                  "（二）在带头固本培元、增强党性方面", "一是党性锻炼有所放松，两次没有参加主题党日。"]


def test_each_missing_section_is_placed_where_it_goes_when_both_are_missing():
    # n08: with 原因剖析 and 整改措施 both missing, the check put 整改措施 「放在「一、存在问题」部分之后」
    # too — where 原因剖析 goes. Each is told its own place; 整改措施 also before the closing lines.
    messages = [f.message for f in check(Document.from_texts(_ONLY_PROBLEMS), "nianhui-2025").findings
                if f.code == "section.missing"]
    assert messages == ["缺少“原因剖析”部分，请补写这一部分，放在「一、存在问题」部分之后",
                        "缺少“整改措施”部分，请补写这一部分，放在要补写的“原因剖析”部分之后"], messages
    closed = _ONLY_PROBLEMS + ["以上对照检查，请同志们批评指正。", "林晓峰", "2026年1月8日"]
    (measures,) = [f.message for f in check(Document.from_texts(closed), "nianhui-2025").findings
                   if f.code == "section.missing" and "整改措施" in f.message]
    assert measures.endswith("放在要补写的“原因剖析”部分之后、结束语和落款之前"), measures
    # Only 原因剖析 missing: after 存在问题 and before the writer's 整改措施.
    with_measures = _ONLY_PROBLEMS + ["二、整改措施", "一是每月集中自学两个半天。"]
    (causes,) = [f.message for f in check(Document.from_texts(with_measures), "nianhui-2025").findings
                 if f.code == "section.missing"]
    assert causes.endswith("放在「一、存在问题」部分之后、「二、整改措施」部分之前"), causes


def _docx_of(texts: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_remedy_then_the_missing_parts_and_the_other_way_round_read_right():
    # n08: a remedy on a draft with only 存在问题 made 「三、整改措施」, keeping 二 for the 原因剖析
    # not yet written: the document read 一、… 三、 and the re-check said 序号跳号. A section left
    # unwritten now keeps no number (「二、整改措施」); 补写 then puts 「二、原因剖析」 at its place and
    # moves 整改措施 on to 三. Either order ends in the same outline.
    from addin_server.readers import read_docx
    from addin_server.render.fill import fill_docx

    pick = Selection("political_loyalty", list_remedies("nianhui-2025", "political_loyalty")[0].id)
    closed = _ONLY_PROBLEMS + ["以上对照检查，请同志们批评指正。", "林晓峰", "2026年1月8日"]
    source = _docx_of(closed)

    def headings(data: bytes) -> list[str]:
        return [p.text for p in read_docx(data).paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、")]

    remedied = fill_docx(source, "nianhui-2025", add_missing=False, selections=[pick]).data
    assert headings(remedied) == ["一、存在问题", "二、整改措施"]
    codes = {f.code for f in check(read_docx(remedied), "nianhui-2025").findings}
    assert "numbering.skipped" not in codes and "section.missing" in codes
    both = fill_docx(remedied, "nianhui-2025", add_missing=True).data
    other = fill_docx(fill_docx(source, "nianhui-2025", add_missing=True).data, "nianhui-2025",
                      add_missing=False, selections=[pick]).data
    for data in (both, other):
        texts = [p.text for p in read_docx(data).paragraphs]
        assert headings(data) == ["一、存在问题", "二、原因剖析", "三、整改措施"], headings(data)
        assert texts[-3:] == closed[-3:], texts[-3:]
        report = check(read_docx(data), "nianhui-2025")
        assert not {f.code for f in report.findings} & {"numbering.skipped", "section.missing", "section.out_of_order"}
    # Both at once: the two sections numbered on from 一.
    once = fill_docx(source, "nianhui-2025", add_missing=True, selections=[pick]).data
    assert headings(once) == ["一、存在问题", "二、原因剖析", "三、整改措施"]


def test_a_new_heading_whose_number_moves_on_is_told_by_its_new_number():
    # t07: two aspects missing, the first inserted before the writer's typed （三）: the second new
    # one is numbered （六） in the document, but the preview said 「补写“（五）廉洁自律方面。”」.
    texts = ["主题教育专题民主生活会个人对照检查材料", "一、存在问题",
             "（一）理论学习方面。一是学习的系统性不够。二是学用结合不紧。",
             "（二）政治素质方面。一是政治判断力有差距。二是斗争精神不足。",
             "（三）担当作为方面。一是攻坚克难的勇气不足。二是创新不够。",
             "（四）工作作风方面。一是调研不够深入。二是文山会海仍多。",
             "二、原因剖析", "一是理论学习不够深入。", "三、整改措施", "一是每周安排半天自学时间。",
             "以上对照检查，请同志们批评指正。"]
    plan = plan_fill(Document.from_texts(texts), "zhuti-2023", add_missing=True)
    told = {i.after: i.label for i in plan.insertions}
    written = {i.after: i.paragraphs[0].text for i in plan.insertions}
    assert written[3].startswith("（三）能力本领") and "“（三）能力本领" in told[3], told
    assert written[5].startswith("（六）廉洁自律") and "“（六）廉洁自律" in told[5], told
    assert [r.after[:5] for r in plan.renumber] == ["（四）担当", "（五）工作"]


def test_a_new_run_in_aspect_opens_with_a_lead_in_the_writers_lead_look():
    # t07: aspects as paragraphs opening with a bold lead 「（一）理论学习方面。」 then the items in
    # plain type; the inserted 「（三）能力本领方面。一是【请填写…】」 was plain throughout (seen in the PNG).
    import io

    import docx

    from addin_server.render.fill import fill_docx

    document = docx.Document()
    for text in ["主题教育专题民主生活会个人对照检查材料", "一、存在问题"]:
        document.add_paragraph().add_run(text).bold = True
    for lead, body in [("（一）理论学习方面。", "一是学习的系统性不够。二是学用结合不紧。"),
                       ("（二）政治素质方面。", "一是政治判断力有差距。二是斗争精神不足。"),
                       ("（三）担当作为方面。", "一是攻坚克难的勇气不足。二是创新不够。"),
                       ("（四）工作作风方面。", "一是调研不够深入。二是文山会海仍多。"),
                       ("（五）廉洁自律方面。", "一是对小节重视不够。二是对家属教育不够。")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(body)
    for text in ["二、原因剖析", "一是理论学习不够深入。", "三、整改措施", "一是每周安排半天自学时间。"]:
        document.add_paragraph(text)
    source = io.BytesIO()
    document.save(source)
    filled = docx.Document(io.BytesIO(fill_docx(source.getvalue(), "zhuti-2023", add_missing=True).data))
    new = next(p for p in filled.paragraphs if p.text.startswith("（三）能力本领方面。"))
    runs = [r for r in new.runs if r.text]
    assert runs[0].text == "（三）能力本领方面。" and runs[0].bold, [(r.text[:8], r.bold) for r in runs]
    assert all(not r.bold for r in runs[1:]) and runs[1].text.startswith("一是")
    # The writer's own run-in after it is renumbered in its bold lead, its look kept.
    theirs = next(p for p in filled.paragraphs if "担当作为方面" in p.text)
    assert theirs.runs[0].bold and theirs.runs[0].text == "（四）担当作为方面。"


def test_measures_grouped_by_aspect_as_the_grammar_found_them():
    # Found by the grammar's grouped measures (trial 3): one group is a grouping when it opens
    # 整改措施 with its heading alone; a remedy of an aspect without a group makes one group headed
    # by the aspect, its measures 一是、二是 — not a heading of each remedy's title.
    head = ["2024年度民主生活会个人对照检查材料", "一、存在问题", "（一）带头严守政治纪律和政治规矩，维护党的团结统一方面",
            "一是学习停留在读原文、记笔记。", "二、整改措施", "（一）带头严守政治纪律和政治规矩，维护党的团结统一方面",
            "一是坚持每周安排固定时间自学。"]
    picks = [Selection("political_discipline", "nianhui-2024.pd-decisions"),
             Selection("party_spirit", "nianhui-2024.ps-discipline-study"),
             Selection("party_spirit", "nianhui-2024.ps-four-styles")]
    (insertion,) = plan_fill(Document.from_texts(head), "nianhui-2024", add_missing=False, selections=picks).insertions
    texts = [p.text for p in insertion.paragraphs]
    assert insertion.after == 6 and texts[0].startswith("二是"), texts
    assert texts[1] == "（二）带头增强党性、严守纪律、砥砺作风方面" and texts[2].startswith("一是") and texts[3].startswith("二是")
    assert "新增一组" in insertion.label
    # A bold-lead measure naming an aspect (「服务群众。坚持……」) is a measure, not a group.
    leads = ["组织生活会个人对照检查材料", "一、存在问题", "在学习贯彻党的创新理论方面，一是学习不深。",
             "在联系服务群众方面，一是服务不够。", "二、原因剖析", "一是理论武装不够。", "三、整改措施",
             "服务群众。坚持每周安排固定时间自学，推动学用贯通。", "以上对照检查，恳请同志们批评指正。"]
    (insertion,) = plan_fill(Document.from_texts(leads), "zuzhi-shenghuohui", add_missing=False,
                             selections=[Selection("learning", "zuzhi-shenghuohui.learning-daily")]).insertions
    assert insertion.after == 7 and len(insertion.paragraphs) == 1


# ---- faults the fourth trial's drafts found (writer28) ------------------------------------------

def _docx_with_problem_tables(rows_by_aspect) -> bytes:
    """A 2024 material whose aspects each hold their problems as a table 序号 | 问题 | 具体表现."""
    import io

    import docx

    document = docx.Document()
    for text in ["2024年度民主生活会个人对照检查材料", "一、存在问题"]:
        document.add_paragraph(text)
    for heading, rows in rows_by_aspect:
        document.add_paragraph(heading)
        table = document.add_table(rows=len(rows) + 1, cols=3)
        for c, title in enumerate(["序号", "问题", "具体表现"]):
            table.cell(0, c).text = title
        for r, (problem, facts) in enumerate(rows, 1):
            table.cell(r, 0).text = str(r)
            table.cell(r, 1).text = problem
            table.cell(r, 2).text = facts
    for text in ["二、原因剖析", "一是纪律规矩意识有所松懈，认为有制度管着就行。", "三、整改措施",
                 "1.每季度抽查执法大队案卷不少于10件，发现程序问题及时纠正。",
                 "2.每月到农贸市场蹲点调研1次，听取经营户意见。", "以上对照检查，请同志们批评指正。"]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_table_of_problems_under_an_aspect_is_read_a_row_a_problem():
    """u03: each aspect's problems a table 序号 | 问题 | 具体表现. Every cell was an item — the
    header's 「序号」「问题」「具体表现」 reported as problems without a measure and without facts,
    the 具体表现 apart from its 问题. Now a row is one problem (its 序号 its number, its later
    cells its facts); the header row names columns."""
    from addin_server.readers import read_docx

    data = _docx_with_problem_tables([
        ("（一）带头严守政治纪律和政治规矩，维护党的团结统一方面",
         [("执法监督不严", "对执法大队办案程序监督不严，年内有2起案件因程序瑕疵被撤销。"),
          ("调研不深", "到农贸市场检查多是走一圈，听经营户说困难少。")]),
    ])
    report = check(read_docx(data), "nianhui-2024")
    [aspect] = [d for d in report.dimensions if d.present]
    assert len(aspect.items) == 2
    quoted = " ".join(f.message for f in report.findings)
    assert "「序号」" not in quoted and "「具体表现」" not in quoted and "「问题」" not in quoted
    # Both rows are answered by their measures: a row's facts count with its headline.
    assert not [f for f in report.findings if f.code == "remedy.unmatched"]


def test_a_heading_a_writer_broke_after_a_joining_mark_stays_one_heading():
    """u08: 「（一）在带头强化政治忠诚、⏎提高政治能力方面」 (Shift+Enter to balance the lines) was
    cut into two lines, the first taken as the heading: a new aspect lost the writer's 「在……方面」
    frame (「（四）带头干事创业、担当作为方面」) and messages quoted half the heading."""
    texts = ["2025年度民主生活会个人对照检查材料", "一、存在问题",
             "（一）在带头强化政治忠诚、\n提高政治能力方面", "一是理论学习不够系统，自学笔记只有两万字。",
             "（二）在带头固本培元、\n增强党性方面", "一是有两次没有按时参加所在支部的主题党日。",
             "（三）在带头敬畏人民、敬畏组织、\n敬畏法纪方面", "一是对12345热线转办事项督办不力。",
             "（五）在带头坚决扛起管党治党责任方面", "一是对分管科室的党风廉政建设过问得少。",
             "二、原因剖析", "一是理论武装还不够深入。", "三、整改措施", "一是每月集中自学两个半天。"]
    plan = plan_fill(Document.from_texts(texts), "nianhui-2025", add_missing=["dimension:dare_to_act"])
    [insertion] = plan.insertions
    assert insertion.paragraphs[0].text == "（四）在带头干事创业、担当作为方面"
    message = next(f.message for f in check(Document.from_texts(texts), "nianhui-2025").findings
                   if f.code == "dimension.missing")
    assert "敬畏组织、 敬畏法" in message   # the quote goes on past the break


ZUZHI_OWN_HEADINGS = ["2025年度组织生活会党员个人对照检查材料", "一、存在问题",
                      "（一）在政治理论学习方面", "一是参加支部集中学习多，个人自学少，读原著原文少。",
                      "（二）在组织观念方面", "一是有两次支部主题党日因值班请假，事后没有及时补学。",
                      "（三）在发挥党员作用方面", "一是流感高峰期间加班排班时有过推脱的想法。",
                      "（四）在遵守纪律规矩方面", "一是有几次外出参加培训没有按规定提前报备。",
                      "二、原因剖析", "一是理论学习的自觉性不强。", "三、整改措施", "一是每周自学不少于2小时。"]


def test_missing_aspects_are_held_back_where_the_writers_own_headings_may_hold_them():
    """u07: a branch member's own headings 学习 / 组织 / 作用 / 纪律. 补写 inserted the three
    aspects the framework does not find before the writer's three it cannot name and renumbered
    those （五）（六）（七）: seven aspects, each said twice. It now holds them back and says why;
    one asked for by name still goes in."""
    document = Document.from_texts(ZUZHI_OWN_HEADINGS)
    plan = plan_fill(document, "zuzhi-shenghuohui")
    assert not plan.insertions and not plan.renumber
    assert set(plan.missing) == {"dimension:party_spirit", "dimension:serving_people", "dimension:vanguard"}
    [held] = plan.held
    assert "3 个标题" in held and "“联系服务群众情况”" in held and held in plan.summary
    asked = plan_fill(document, "zuzhi-shenghuohui", add_missing=["dimension:serving_people"])
    assert [i.parts for i in asked.insertions] == [("dimension:serving_people",)] and not asked.held
    # One heading of the writer's own beside three missing aspects: they are inserted as before.
    fewer = ZUZHI_OWN_HEADINGS[:4] + ZUZHI_OWN_HEADINGS[8:]
    assert len(plan_fill(Document.from_texts(fewer), "zuzhi-shenghuohui").insertions) >= 1


def test_a_held_plan_says_why_on_the_command_line(tmp_path):
    import io

    import docx

    document = docx.Document()
    for text in ZUZHI_OWN_HEADINGS:
        document.add_paragraph(text)
    source = tmp_path / "材料.docx"
    document.save(source)
    result = T.run_cli("fill", str(source), "--add-missing", "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 0
    assert "可能就写在这些标题下" in result.stdout and "没有插入任何内容" in result.stdout
    assert not (tmp_path / "out.docx").exists()
