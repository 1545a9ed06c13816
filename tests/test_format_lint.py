"""GB/T 9704 format lint on real .docx files built with python-docx."""
from __future__ import annotations

import io

import docx
import pytest
from docx.shared import Mm, Pt

import materials as M
from addin_server.readers.errors import NotDocxError
from addin_server.render import gbt9704 as G
from addin_server.review.format_lint import format_lint

ROLE_STYLES = {"Title": G.TITLE, "Heading 1": G.HEADING_1, "Heading 2": G.HEADING_2, None: G.BODY}


def conforming_document(paras=None):
    d = docx.Document()
    G.apply(d)
    for text, style in paras or M.complete():
        d.add_paragraph(text, style=ROLE_STYLES[style])
    return d


def save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_document_in_the_standard_format_passes():
    assert format_lint(save(conforming_document())) == []


def test_default_word_document_is_reported_per_role_and_range():
    findings = format_lint(M.build_docx(M.complete()))
    assert {f.code for f in findings} == {"format.page_size", "format.page_margins", "format.font",
                                          "format.size", "format.line_spacing"}
    body_font = [f for f in by_code(findings, "format.font") if f.message.split("：", 1)[1].startswith("正文应为")]
    assert len(body_font) == 1
    (f,) = body_font
    assert f.paragraph == 1 and f.end_paragraph == len(M.complete()) - 1
    assert "仿宋_GB2312" in f.message
    h1 = [f for f in by_code(findings, "format.font") if "一级标题" in f.message]
    assert h1 and "黑体" in h1[0].message and h1[0].paragraph == 2
    assert all(f.severity in ("warning", "info") for f in findings)


def test_margins_message_names_expected_values():
    d = conforming_document()
    d.sections[0].top_margin = Mm(25.4)
    (f,) = format_lint(save(d))
    assert f.code == "format.page_margins" and f.paragraph is None
    assert "上 25.4" in f.message and "上 37" in f.message


def test_margin_within_tolerance_is_accepted():
    d = conforming_document()
    d.sections[0].left_margin = Mm(28.8)
    assert format_lint(save(d)) == []


def test_letter_paper_is_reported():
    d = conforming_document()
    d.sections[0].page_width, d.sections[0].page_height = Mm(215.9), Mm(279.4)
    assert [f.code for f in format_lint(save(d))] == ["format.page_size"]


def test_direct_run_formatting_overrides_the_style():
    d = conforming_document()
    body = d.paragraphs[5]
    for run in body.runs:
        run.font.size = Pt(12)
        run.font.name = "宋体"
        run._r.get_or_add_rPr().get_or_add_rFonts().set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "宋体")
    findings = format_lint(save(d))
    assert [(f.code, f.paragraph, f.end_paragraph) for f in findings] == [
        ("format.font", 5, None), ("format.size", 5, None)]
    assert "12 磅" in by_code(findings, "format.size")[0].message
    assert "正文应为三号（16 磅）" in by_code(findings, "format.size")[0].message


def test_line_spacing_rules_are_described():
    d = conforming_document()
    d.paragraphs[4].paragraph_format.line_spacing = 1.5
    d.paragraphs[6].paragraph_format.line_spacing = Pt(G.PAGE.line_pitch_twips / 20 + 0.5)
    findings = format_lint(save(d))
    assert [(f.code, f.paragraph) for f in findings] == [("format.line_spacing", 4)]
    assert "1.5 倍行距" in findings[0].message and "固定值" in findings[0].message


def test_table_cells_are_not_format_checked():
    d = conforming_document()
    d.add_table(rows=1, cols=1).cell(0, 0).text = "表格里的文字"
    assert format_lint(save(d)) == []


def test_theme_font_is_resolved_through_the_theme():
    # python-docx's default template gives body text the theme's minor East Asian font (its
    # <a:ea> is empty, so the Simplified Chinese script font, 宋体, applies).
    findings = format_lint(M.build_docx([("一、存在问题", None), ("学习不够深入。", None)]))
    body = [f for f in by_code(findings, "format.font") if f.message.split("：", 1)[1].startswith("正文应为")]
    assert len(body) == 1 and "这里用的是 宋体，" in body[0].message


def test_unreadable_input_raises_the_readers_error():
    with pytest.raises(NotDocxError):
        format_lint(b"plain text, not a document")


def test_api_format_lint():
    from addin_server.app import create_app
    from addin_server.config import DEFAULTS

    app = create_app(DEFAULTS)
    app.testing = True
    client = app.test_client()

    def post(data, **form):
        return client.post("/api/lint/format", data={"file": (io.BytesIO(data), "a.docx"), **form},
                           content_type="multipart/form-data", base_url="https://localhost:3000")

    r = post(M.build_docx(M.complete()))
    assert r.status_code == 200
    codes = {f["code"] for f in r.get_json()["findings"]}
    assert "format.font" in codes and "format.page_margins" in codes
    r = post(M.build_docx(M.complete()), disabled=["format.font"])
    assert "format.font" not in {f["code"] for f in r.get_json()["findings"]}
    assert post(save(conforming_document())).get_json() == {"findings": []}
    r = post(b"plain text")
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "document.not_docx"


def test_disabled_codes_are_left_out():
    data = M.build_docx(M.complete())
    codes = {f.code for f in format_lint(data)}
    assert "format.page_size" in codes
    assert {f.code for f in format_lint(data, disabled=["format.page_size"])} == codes - {"format.page_size"}


def test_framework_as_check_takes_it_and_its_disabled_checks():
    import dataclasses

    from addin_server.frameworks import get_framework

    data = M.build_docx(M.complete())
    default = format_lint(data)
    # "auto" recognises the framework from the headings, as a check does; naming it gives the same.
    assert format_lint(data, "auto") == format_lint(data, "zhuti-2023") == default
    quiet = dataclasses.replace(get_framework("zhuti-2023"), disabled_checks=("format.font",))
    codes = {f.code for f in format_lint(data, quiet)}
    assert "format.font" not in codes and "format.size" in codes


# 公文 practice GB/T 9704 allows: a 楷体 name line under the title, run-in headings
# 「（一）理论武装不够深入。」 in 楷体 before body text in 仿宋, the closing signature and date.
KAITI = "楷体_GB2312"


def _set_east_asia(run, font):
    run._r.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", font)


def _run_in(d, lead, rest, lead_font=KAITI, rest_font=None):
    p = d.add_paragraph(style=G.BODY)
    _set_east_asia(p.add_run(lead), lead_font)
    run = p.add_run(rest)
    if rest_font:
        _set_east_asia(run, rest_font)
    return p


def practice_document(lead_font=KAITI, rest_font=None, name_font=KAITI):
    """A material as 公文 writers set it, run-in headings in 原因剖析 and 整改措施."""
    d = docx.Document()
    G.apply(d)
    paras = M.complete()
    causes, measures = paras.index(("二、原因剖析", "Heading 1")), paras.index(("三、整改措施", "Heading 1"))
    d.add_paragraph(paras[0][0], style=G.TITLE)
    _set_east_asia(d.add_paragraph(style=G.BODY).add_run("王  明"), name_font)
    for i, (text, style) in enumerate(paras[1:], start=1):
        if style is None and (causes < i < measures or i > measures):
            n = "一二三四五六"["一二三四五六".index(text[0])]
            lead, _, rest = text[2:].partition("。")
            _run_in(d, f"（{n}）{lead}。", rest, lead_font, rest_font)
        else:
            d.add_paragraph(text, style=ROLE_STYLES[style])
    d.add_paragraph("以上对照检查，不妥之处，请同志们批评指正。", style=G.BODY)
    d.add_paragraph("王明", style=G.BODY)
    d.add_paragraph("2025年1月10日", style=G.BODY)
    return d


def test_kaiti_name_line_and_run_in_headings_pass():
    assert format_lint(save(practice_document())) == []
    # The run-in heading in the body font (many writers leave it so) and a 仿宋 name line pass too.
    assert format_lint(save(practice_document(lead_font="仿宋_GB2312", name_font="仿宋"))) == []


def test_run_in_paragraph_all_in_kaiti_asks_for_fangsong_body_text():
    findings = format_lint(save(practice_document(rest_font=KAITI)))
    (f,) = findings
    assert f.code == "format.font" and f.end_paragraph is not None
    assert f.message.startswith("「（一）理想信念的根基需")
    assert "正文应为仿宋_GB2312" in f.message and "这里用的是 楷体_GB2312" in f.message
    assert "正文应为楷体" not in f.message


def test_wrong_run_in_heading_font_names_the_heading_font():
    findings = format_lint(save(practice_document(lead_font="宋体")))
    (f,) = [f for f in findings if "（一）理想信念" in f.message]
    assert f.end_paragraph is not None
    assert "段首的小标题应为楷体_GB2312或仿宋_GB2312" in f.message and "这里用的是 宋体" in f.message
    # A numbered item that is one sentence in 宋体 is told its own fonts.
    (item,) = [f for f in findings if "（一）制定个人学习计划" in f.message]
    assert "编号开头的这一段应为仿宋_GB2312或楷体_GB2312" in item.message


def test_name_line_in_songti_says_what_it_should_be():
    (f,) = format_lint(save(practice_document(name_font="宋体")))
    assert f.paragraph == 1 and f.message == "「王 明」：标题下的署名行应为仿宋_GB2312或楷体_GB2312（GB/T 9704），" \
                                             "这里用的是 宋体，请改字体（没有这种字体可用 仿宋）"


def test_a_body_sentence_after_the_title_is_not_a_name_line():
    d = conforming_document()
    p = d.paragraphs[1]
    for run in p.runs:
        _set_east_asia(run, KAITI)
    (f,) = format_lint(save(d))
    assert f.paragraph == 1 and "正文应为仿宋_GB2312" in f.message


def test_messages_are_plain_words():
    """No ASCII font names (SimHei, FangSong) nor style ids: the writer picks fonts by Chinese name."""
    import re

    findings = format_lint(M.build_docx(M.complete()))
    for f in findings:
        text = f.message.replace("GB/T 9704", "").replace("_GB2312", "")
        assert not re.search(r"[A-Za-z]{2,}", text), f.message


def test_date_line_is_body_text_and_named_so():
    d = practice_document()
    _set_east_asia(d.paragraphs[-1].runs[0], KAITI)
    (f,) = format_lint(save(d))
    assert f.message == ("「2025年1月10日」：成文日期应为仿宋_GB2312（GB/T 9704），这里用的是 楷体_GB2312，"
                         "请改字体（没有这种字体可用 仿宋）")
