"""Recognising the framework a material follows, and finding its aspects as writers really write.

The materials here are written for these tests (original sentences, one per framework); each
shape changes how the same material is put on the page, not what it says.
"""
from __future__ import annotations

import pytest

import materials as M
from addin_server.checks import check
from addin_server.checks.structure import analyze
from addin_server.checks.recognise import recognise
from addin_server.frameworks import get_framework, parse_framework
from addin_server.frameworks.names import derive_names, heading_core
from addin_server.model import Document, Paragraph
from addin_server.readers import read_docx

# ---- an original 2025 material -------------------------------------------------------------

HEADINGS_2025 = [
    "（一）在带头强化政治忠诚、提高政治能力方面",
    "（二）在带头固本培元、增强党性方面",
    "（三）在带头敬畏人民、敬畏组织、敬畏法纪方面",
    "（四）在带头干事创业、担当作为方面",
    "（五）在带头坚决扛起管党治党责任方面",
]
ITEMS_2025 = [
    ["一是对上级部署的领会停留在文件层面，传达时照本宣科多，结合本地实际研究少。",
     "二是对网络上个别歪曲政策的言论只做了删帖处理，没有组织有针对性的解读。"],
    ["一是自学时间常被事务挤占，读原著断断续续，学习笔记有半年没有更新。",
     "二是参加支部组织生活有时请假，以普通党员身份谈体会不够。"],
    ["一是到服务窗口听取群众意见的次数偏少，对排队时间长的问题跟进不紧。",
     "二是向组织报告个人有关事项时，对子女工作变动情况说明不够及时。"],
    ["一是对历史遗留的土地纠纷存在等上级政策的想法，迟迟没有提出化解办法。",
     "二是推进营商环境改革时沿用老办法多，主动对标先进地区少。"],
    ["一是抓分管部门党风廉政建设满足于开会部署，专题研究只有一次。",
     "二是对下属干部的苗头性问题提醒不及时，存在当老好人的想法。"],
]
TAIL_2025 = [
    ("二、原因剖析", "Heading 1"),
    ("一是理想信念的“总开关”拧得不够紧，对自我改造的紧迫性认识不足。", None),
    ("二是宗旨意识有所淡化，坐在办公室想问题多，到一线解决问题少。", None),
    ("三、整改措施", "Heading 1"),
    ("一是把学习贯彻党的创新理论作为首要任务，每月精读一个专题。", None),
    ("二是每季度到服务窗口和村组走访，对群众反映的问题建账办理。", None),
]


def material_2025(headings=HEADINGS_2025, items=ITEMS_2025, style="Heading 2"):
    paras = [("2025年度民主生活会个人对照检查材料", "Title"),
             ("按照本次民主生活会的要求，我认真学习会议指定的材料，广泛听取意见，对照五个带头查找差距，"
              "现报告如下。", None),
             ("一、存在的主要问题", "Heading 1")]
    for heading, lines in zip(headings, items):
        paras.append((heading, style))
        paras.extend((line, None) for line in lines)
    return paras + TAIL_2025


def doc(paras) -> Document:
    return read_docx(M.build_docx(paras))


def keys_present(report):
    return [d.key for d in report.dimensions if d.present]


ALL_2025 = ["political_loyalty", "party_spirit", "three_reverences", "dare_to_act", "strict_governance"]


# ---- the 2025 framework --------------------------------------------------------------------

def test_2025_framework_is_shipped_with_its_source_and_optional_sections():
    fw = get_framework("nianhui-2025")
    assert [d.title for d in fw.dimensions] == [
        "带头强化政治忠诚、提高政治能力方面", "带头固本培元、增强党性方面",
        "带头敬畏人民、敬畏组织、敬畏法纪方面", "带头干事创业、担当作为方面", "带头坚决扛起管党治党责任方面"]
    assert "新华社" in fw.source and fw.origin == "shipped"
    optional = {s.key for s in fw.sections if not s.required}
    assert {"last_year", "opinions", "cases"} <= optional
    order = [s.key for s in fw.sections]
    assert order.index("problems") < order.index("cases") < order.index("causes")


def test_auto_recognises_2025_and_says_why():
    report = check(doc(material_2025()))
    assert report.framework_id == "nianhui-2025"
    rec = report.recognition
    assert rec.fits and not rec.fuzzy and rec.matched == rec.total == 5
    assert rec.reason.startswith("按文中标题识别为2025年度民主生活会（五个带头）：5 个方面标题全部吻合")
    assert rec.runner_up is not None and rec.runner_up.id != "nianhui-2025"
    assert rec.runner_up_score < rec.score
    assert keys_present(report) == ALL_2025
    assert report.complete, [f.message for f in report.findings if f.severity == "error"]
    data = report.to_dict()["recognition"]
    assert data["framework"] == "nianhui-2025" and data["fits"] is True and data["headings"] == []


def test_a_named_framework_has_no_recognition():
    report = check(doc(material_2025()), "nianhui-2025")
    assert report.recognition is None and report.to_dict()["recognition"] is None


def test_checked_against_an_old_framework_the_2025_material_is_incomplete():
    report = check(doc(material_2025()), "zhuti-2023")
    assert sum(f.code == "dimension.missing" for f in report.findings) >= 4


SHORTENED_2025 = ["（一）政治忠诚方面", "（二）固本培元、增强党性方面", "（三）在“三个敬畏”方面",
                  "（四）担当作为方面", "（五）管党治党方面"]


def test_shortened_headings_derived_from_the_wording():
    report = check(doc(material_2025(SHORTENED_2025)))
    assert report.framework_id == "nianhui-2025" and keys_present(report) == ALL_2025


# ---- .docx shapes --------------------------------------------------------------------------

def _plain(paras):
    return [(t, None) for t, _ in paras]


def _word_numbering(paras):
    """Word's automatic numbering: 一、 and （一） are drawn by Word, not in the text."""
    out = []
    for text, style in paras:
        if style in ("Heading 1", "Heading 2"):
            text = text.split("、", 1)[-1] if style == "Heading 1" else text.split("）", 1)[-1]
        out.append((text, style))
    return out


def _soft_breaks(paras):
    """Each aspect heading glued to its first item by a soft line break (Shift+Enter)."""
    out, i = [], 0
    while i < len(paras):
        text, style = paras[i]
        if style == "Heading 2":
            out.append((text + "\n" + paras[i + 1][0], None))
            i += 2
            continue
        out.append((text, style))
        i += 1
    return out


MATERIAL_2024 = [
    ("2024年度民主生活会个人对照检查材料", "Title"), ("现将本人对照检查情况报告如下。", None),
    ("一、存在的问题", "Heading 1"),
    ("（一）在严守政治纪律和政治规矩方面", "Heading 2"),
    ("一是传达上级会议精神时有时只念文件，没有结合分管工作提出落实办法。", None),
    ("二是对个别干部在工作群里转发不实信息的情况，提醒批评不够及时。", None),
    ("（二）在增强党性、严守纪律、砥砺作风方面", "Heading 2"),
    ("一是参加党纪学习时记笔记多、对照检查少。", None), ("二是到基层调研事先打招呼，看到的多是准备好的点。", None),
    ("（三）在勇于担责、敢于创新方面", "Heading 2"),
    ("一是对信访积案存在怕出错的想法，推进不快。", None), ("二是改进审批流程的办法不多，创新措施落地慢。", None),
    ("（四）在履行全面从严治党政治责任方面", "Heading 2"),
    ("一是对分管科室的廉政风险点排查不细。", None), ("二是对身边工作人员的日常管理偏松。", None),
    *TAIL_2025]

MATERIAL_MEMBER = [
    ("党员个人对照检查材料", "Title"), ("按照支部安排，现将个人检视情况报告如下。", None),
    ("一、存在的问题", "Heading 1"),
    ("（一）学习贯彻党的创新理论情况", "Heading 2"),
    ("一是学习多靠手机浏览，系统读原著少。", None), ("二是学习体会停留在摘抄，联系岗位思考不深。", None),
    ("（二）党性修养提高情况", "Heading 2"),
    ("一是有时把自己等同于普通职工，党员标准降低。", None), ("二是开展批评时怕伤和气，点问题不具体。", None),
    ("（三）联系服务群众情况", "Heading 2"),
    ("一是到社区报到后参加志愿服务次数不多。", None), ("二是对窗口群众的咨询解答不够耐心。", None),
    ("（四）发挥先锋模范作用情况", "Heading 2"),
    ("一是在急难险重任务面前主动请缨不够。", None), ("二是业务学习劲头不足，示范带动作用不强。", None),
    *TAIL_2025]

FRAMEWORK_MATERIALS = {
    "nianhui-2025": (material_2025, ALL_2025),
    "nianhui-2024": (lambda: list(MATERIAL_2024),
                     ["political_discipline", "party_spirit", "dare_to_act", "strict_governance"]),
    "zhuti-2023": (M.complete, list(M.PROBLEMS)),
    "zuzhi-shenghuohui": (lambda: list(MATERIAL_MEMBER),
                          ["learning", "party_spirit", "serving_people", "vanguard"]),
}
SHAPES = {"heading-styles": lambda p: p, "plain": _plain, "word-numbering": _word_numbering,
          "soft-breaks": _soft_breaks}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("framework_id", FRAMEWORK_MATERIALS)
def test_every_framework_in_docx_shapes(framework_id, shape):
    build, expected = FRAMEWORK_MATERIALS[framework_id]
    report = check(doc(SHAPES[shape](build())))
    assert report.framework_id == framework_id, report.recognition.reason
    assert keys_present(report) == expected
    assert report.recognition.fits and report.recognition.matched == len(expected)


def test_2025_inside_a_table():
    body = material_2025()
    rows = [[t] for t, _ in body[2:]]
    report = check(read_docx(M.build_docx(body[:2], table_rows=rows)))
    assert report.framework_id == "nianhui-2025" and keys_present(report) == ALL_2025


def test_2025_wps_style_bold_runs_split_words():
    """WPS exports: no styles, headings bold with per-run East Asian fonts, words split across runs."""
    import io

    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    for text, style in material_2025():
        p = document.add_paragraph()
        pieces = [text[i:i + 3] for i in range(0, len(text), 3)] if style else [text]
        for piece in pieces:
            run = p.add_run(piece)
            run.bold = bool(style)
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体" if style else "仿宋_GB2312")
    out = io.BytesIO()
    document.save(out)
    report = check(read_docx(out.getvalue()))
    assert report.framework_id == "nianhui-2025" and keys_present(report) == ALL_2025


# ---- choosing among all frameworks ---------------------------------------------------------

MEMBER = [("个人对照检查材料", None), ("一、存在的问题", None),
          ("（一）学习贯彻党的创新理论情况", None), ("一是学习多停留在读文件，结合岗位思考不多。", None),
          ("二是参加集中学习时记笔记多、发言少。", None),
          ("（二）党性修养提高情况", None), ("一是对自己要求有所放松，党员意识不够强。", None),
          ("二是批评和自我批评放不开。", None),
          ("（三）联系服务群众、发挥先锋模范作用情况", None),
          ("一是到社区报到后参加志愿服务次数不多。二是在急难险重任务中主动请缨不够。", None),
          ("二、原因剖析", None), ("一是理论学习的自觉性不强。", None),
          ("三、整改措施", None), ("一是每周安排固定时间学习。", None)]


@pytest.mark.parametrize("paras, expected", [
    (M.complete(), "zhuti-2023"),
    (material_2025(), "nianhui-2025"),
    (MEMBER, "zuzhi-shenghuohui"),
], ids=["2023", "2025", "member"])
def test_auto_chooses_right_among_all_frameworks(paras, expected):
    rec = recognise(doc(paras))
    assert rec.framework.id == expected and rec.fits, rec.reason


def test_two_aspects_under_one_heading_are_both_present():
    report = check(doc(MEMBER))
    assert keys_present(report) == ["learning", "party_spirit", "serving_people", "vanguard"]


def test_none_fits_says_so_and_hands_back_the_headings():
    paras = [("个人对照检查材料", None), ("一、存在的问题", None),
             ("（一）安全生产监管方面", None), ("一是对汛期隐患排查不细。二是督查流于形式。", None),
             ("（二）项目资金管理方面", None), ("一是拨付审核把关不严。二是绩效评价走过场。", None),
             ("（三）数字政务建设方面", None), ("一是数据共享推进慢。二是系统重复建设。", None),
             ("二、原因剖析", None), ("一是责任意识不强。", None), ("三、整改措施", None), ("一是建立台账。", None)]
    rec = recognise(doc(paras))
    assert not rec.fits
    assert "对不上" in rec.reason and "新建" in rec.reason
    assert rec.headings == ("（一）安全生产监管方面", "（二）项目资金管理方面", "（三）数字政务建设方面")


def test_an_empty_document_uses_the_default_and_does_not_fit():
    rec = recognise(Document.from_texts([""]))
    assert not rec.fits and rec.headings == () and "默认" in rec.reason


# ---- detection as writers really write -----------------------------------------------------

def test_second_aspect_run_in_mid_paragraph():
    paras = material_2025()
    i = paras.index((HEADINGS_2025[3], "Heading 2"))
    # The 4th aspect's heading is gone; its opening runs on after the 3rd aspect's last sentence.
    third_last = paras[i - 1][0]
    paras[i - 1] = (third_last + "在担当作为方面，" + ITEMS_2025[3][0], None)
    del paras[i:i + 2]
    report = check(doc(paras))
    assert keys_present(report) == ALL_2025


def test_traditional_characters_are_folded():
    from addin_server.text import _traditional

    table, _ = _traditional()
    assert "黨".translate(table) == "党"
    trad = [("（一）在帶頭強化政治忠誠、提高政治能力方面", None), ("一是學習不深。二是落實不夠。", None),
            ("（二）在帶頭固本培元、增強黨性方面", None), ("一是黨性鍛煉不經常。二是組織生活不規範。", None),
            ("（三）在「三個敬畏」方面", None), ("一是聯繫群眾不夠。二是報告不及時。", None),
            ("（四）在幹事創業、擔當作為方面", None), ("一是遇到難題繞著走。二是創新不足。", None),
            ("（五）在管黨治黨責任方面", None), ("一是一崗雙責落實不到位。二是監督偏軟。", None)]
    paras = [("個人對照檢查材料", None), ("一、存在的問題", None), *trad,
             ("二、原因剖析", None), ("一是理想信念鬆懈。", None), ("三、整改措施", None), ("一是加強學習。", None)]
    report = check(Document.from_texts([t for t, _ in paras]))
    assert report.framework_id == "nianhui-2025" and keys_present(report) == ALL_2025


def test_a_name_broken_by_a_hard_line_break_from_a_pdf():
    texts = ["个人对照检查材料", "一、存在问题", "（一）理论学习方面", "一是学得不深。二是用得不够。",
             "（二）政治素质方面", "一是敏锐性不强。二是执行打折扣。", "（三）能力本领方面", "一是本领不足。二是方法不多。",
             "（四）担当作为方面", "一是畏难。二是守成。", "（五）工作作\n风方面", "一是会多。二是调研少。",
             "（六）廉洁自律方面", "一是要求放松。二是管身边人不严。",
             "二、原因剖析", "一是放松学习。", "三、整改措施", "一是加强学习。"]
    report = check(Document.from_texts(texts))
    assert report.framework_id == "zhuti-2023"
    assert "style" in keys_present(report)
    # The break as a paragraph mark: the name runs on into the next paragraph.
    at = texts.index("（五）工作作\n风方面")
    split = texts[:at] + ["（五）工作作", "风方面存在的问题。一是会多。二是调研少。"] + texts[at + 2:]
    report = check(Document.from_texts(split))
    assert report.framework_id == "zhuti-2023" and "style" in keys_present(report)
    assert not [f for f in report.findings if f.code == "dimension.unrecognised"]


def test_last_years_section_naming_old_aspects_is_not_counted():
    paras = material_2025()
    last_year = [("一、2024年度民主生活会整改措施落实情况", "Heading 1"),
                 ("上年度对照“严守政治纪律和政治规矩”“勇于担责、敢于创新”等四个方面查摆的问题已全部整改。", None),
                 ("（一）带头严守政治纪律和政治规矩方面", "Heading 2"), ("已完成请示报告制度的修订。", None)]
    renumbered = [(t.replace("一、存在的主要问题", "二、存在的主要问题"), s) for t, s in paras]
    paras = renumbered[:2] + last_year + renumbered[2:]
    report = check(doc(paras))
    assert report.framework_id == "nianhui-2025", report.recognition.reason
    assert keys_present(report) == ALL_2025


def test_a_heading_naming_no_aspect_is_its_own_finding_with_the_closest_aspect():
    headings = list(HEADINGS_2025)
    headings[4] = "（五）在党风廉政建设和履行管党职责方面"
    # As many headings as aspects, the others in place: the fifth takes the fifth aspect by its place.
    report = check(doc(material_2025(headings)), "nianhui-2025")
    assert not [f for f in report.findings if f.code == "dimension.unrecognised"]
    fifth = report.dimensions[4]
    assert fifth.present and fifth.evidence == "order" and fifth.evidence_note == "按顺序对应"
    # One heading more: no place to go by, so the heading is reported with its closest aspect.
    items = ITEMS_2025 + [["一是对统筹发展和安全的研判不够。", "二是应急预案演练走过场。"]]
    report = check(doc(material_2025(headings + ["（六）在统筹发展和安全方面"], items)), "nianhui-2025")
    found = [f for f in report.findings if f.code == "dimension.unrecognised"]
    assert len(found) == 2 and "（五）在党风廉政建设和履行管党职责方面" in found[0].message
    assert found[0].dimension == "strict_governance" and "最接近" in found[0].message


# ---- names from the wording alone ----------------------------------------------------------

def test_names_derived_from_the_wording():
    assert heading_core("在“三个敬畏”方面") == "三个敬畏"
    assert "三个敬畏" in derive_names("带头敬畏人民、敬畏组织、敬畏法纪")
    assert "政绩观" in derive_names("带头树立和践行正确政绩观")
    assert {"固本培元", "增强党性"} <= set(derive_names("带头固本培元、增强党性方面"))


NEW_2026 = parse_framework({
    "id": "test-2026", "title": "2026年度民主生活会（测试）", "meeting_type": "民主生活会", "year": 2026,
    "sections": [{"key": "problems", "role": "problems", "title": "存在问题", "required": True},
                 {"key": "causes", "role": "causes", "title": "原因剖析", "required": True},
                 {"key": "measures", "role": "measures", "title": "整改措施", "required": True}],
    "dimensions": [{"key": f"a{i}", "title": t} for i, t in enumerate([
        "带头树立和践行正确政绩观", "带头深化理论武装、筑牢信仰之基", "带头密切联系群众、践行初心使命",
        "带头严守纪律规矩、保持清正廉洁"])],
})


ITEMS_2026 = ["一是重显绩轻潜绩。二是考核导向偏差。", "一是学习浮于表面。二是学用脱节。",
              "一是下基层少。二是解决问题慢。", "一是请示报告不规范。二是廉洁要求放松。"]


def material_2026(headings) -> list[str]:
    body = [line for pair in zip(headings, ITEMS_2026) for line in pair]
    return ["个人对照检查材料", "一、存在的问题", *body,
            "二、原因剖析", "一是党性修养不够。", "三、整改措施", "一是加强学习。"]


def test_a_framework_from_aspect_lines_alone_recognises_shortened_headings():
    texts = material_2026(["（一）政绩观方面", "（二）理论武装方面", "（三）联系群众方面", "（四）纪律规矩方面"])
    document = Document.from_texts(texts)
    rec = recognise(document, [NEW_2026, get_framework("nianhui-2025"), get_framework("zhuti-2023")])
    assert rec.framework.id == "test-2026" and rec.fits and rec.matched == 4, rec.reason


def test_fuzzy_heading_is_reported_as_such():
    texts = material_2026(["（一）政绩观方面", "（二）信仰之基方面", "（三）践行初心方面", "（四）清正廉洁的纪律要求方面"])
    st = analyze(Document.from_texts(texts), NEW_2026)
    assert [(b.key, b.fuzzy) for b in st.dimensions] == [
        ("a0", False), ("a1", False), ("a2", True), ("a3", False)]   # 践行初心 is close, not a name
    rec = recognise(Document.from_texts(texts), [NEW_2026, get_framework("zhuti-2023")])
    assert rec.framework.id == "test-2026" and rec.fuzzy
    assert rec.reason.startswith("按相近标题识别为2026年度民主生活会（测试）") and "1 个为相近标题" in rec.reason
    report = check(Document.from_texts(texts), NEW_2026)
    assert [d.fuzzy for d in report.dimensions] == [False, False, True, False]


def test_paragraph_model_from_pane_json_is_recognised_too():
    from addin_server.readers import read_paragraphs

    document = read_paragraphs(M.pane_json(material_2025()))
    assert isinstance(document.paragraphs[0], Paragraph)
    assert recognise(document).framework.id == "nianhui-2025"


# ---- the meeting the title names -------------------------------------------------------------

# Two headings the writer worded in their own way, each sharing words with an aspect of the 2023
# framework (政治, 廉洁自律), and one 2025 heading as issued: the headings alone lean to 2023.
OWN_WORDED_2025 = [
    "（一）在带头强化政治忠诚、提高政治能力方面",
    "（二）在锤炼政治品格、推动高质量发展方面",
    "（三）在严守纪律规矩、廉洁自律方面",
]


def _titled(title: str, headings) -> list:
    paras = material_2025(headings, ITEMS_2025[:len(headings)])
    return [(title, "Title")] + paras[1:]


def test_the_year_in_the_title_weighs_for_that_years_framework():
    assert recognise(doc(_titled("其他材料", OWN_WORDED_2025))).framework.id != "nianhui-2025", \
        "the case no longer leans elsewhere by its headings: the test proves nothing"
    found = recognise(doc(_titled("2025年度民主生活会个人对照检查材料", OWN_WORDED_2025)))
    assert found.framework.id == "nianhui-2025"
    assert "写明是2025年度民主生活会" in found.reason and "按2025年度民主生活会（五个带头）检查" in found.reason


def test_headings_that_clearly_follow_another_framework_still_decide():
    """A material copied from last year keeps last year's aspects under this year's title."""
    paras = material_2025()
    headings_2024 = [f"（{n}）{d.title}" for n, d in zip("一二三四", get_framework("nianhui-2024").dimensions)]
    copied = _titled("2025年度民主生活会个人对照检查材料", headings_2024)
    assert recognise(doc(copied)).framework.id == "nianhui-2024"
    assert paras  # the 2025 material itself is untouched


@pytest.mark.parametrize("text, year, kind", [
    ("2025年度民主生活会个人对照检查材料", 2025, "民主生活会"),
    ("二〇二四年度专题民主生活会对照检查材料", 2024, "民主生活会"),
    ("第三党支部2025年度组织生活会个人发言提纲", 2025, "组织生活会"),
    ("民主生活会对照检查材料", None, "民主生活会"),
])
def test_stated_meeting_read_from_the_title(text, year, kind):
    from addin_server.checks.analysis.lines import read_lines
    from addin_server.checks.material_parts import stated_meeting
    stated = stated_meeting(read_lines(doc([(text, "Title")])))
    assert (stated.year, stated.meeting_type) == (year, kind)
