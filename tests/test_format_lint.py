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
    body_font = [f for f in by_code(findings, "format.font") if "公文正文" in f.message]
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
    assert "16 磅（三号）" in by_code(findings, "format.size")[0].message


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
    body = [f for f in by_code(findings, "format.font") if "公文正文" in f.message]
    assert len(body) == 1 and "中文字体为 宋体，" in body[0].message


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
