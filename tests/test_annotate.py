"""Annotated .docx: one Word comment per finding, at the right paragraph, nothing else changed."""
from __future__ import annotations

import copy
import io
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

import materials as M
from addin_server.checks import check
from addin_server.checks.report import Finding, Report
from addin_server.finding_codes import CODES
from addin_server.readers import read_docx
from addin_server.readers.errors import NotDocxError
from addin_server.review.annotate import AUTHOR, annotate_docx
from addin_server.review.paragraph_map import model_to_elements, open_docx

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in read_docx(data).paragraphs]


def comments(data: bytes):
    return list(docx.Document(io.BytesIO(data)).comments)


def commented_paragraphs(data: bytes) -> dict[int, list[str]]:
    """Model paragraph index → texts of the comments whose range starts in it."""
    d = docx.Document(io.BytesIO(data))
    by_id = {c.comment_id: c.text for c in d.comments}
    out = {}
    for index, p in enumerate(model_to_elements(d)):
        for start in p.iter(qn("w:commentRangeStart")):
            out.setdefault(index, []).append(by_id[int(start.get(qn("w:id")))])
    return out


def awkward_docx() -> bytes:
    """Paragraphs where a naive walk goes wrong: a table, a content control, a text box, a
    tracked deletion of a whole paragraph mark, a hyperlink and an empty paragraph."""
    d = docx.Document()
    d.add_paragraph("个人对照检查材料")
    d.add_paragraph("一、存在问题")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格中的问题,半角逗号"
    table.cell(0, 1).text = "第二格"
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>内容控件里的段落;也有半角</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>")
    d.element.body.insert(len(d.element.body) - 1, sdt)
    boxed = d.add_paragraph("带文本框的段落")
    box = parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} {WPS} {MC}><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:drawing><wp:inline><wp:extent cx=\"1\" cy=\"1\"/><wp:docPr id=\"1\" name=\"box\"/>"
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框中的文字</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r>")
    boxed._p.append(box)
    joined = d.add_paragraph("段落标记被删除的前半")
    joined._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:del w:id="9" w:author="x" w:date="2024-01-01T00:00:00Z"/></w:rPr>'))
    d.add_paragraph("后半,有半角逗号")
    link = d.add_paragraph()
    link._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w")} w:anchor="x"><w:r><w:t>超链接里的文字</w:t></w:r></w:hyperlink>'))
    d.add_paragraph("")
    d.add_paragraph("最后一段。。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_mapping_agrees_with_the_reader_on_awkward_documents():
    data = awkward_docx()
    model = read_docx(data)
    elements = model_to_elements(open_docx(data), len(model.paragraphs))
    assert len(elements) == len(model.paragraphs)
    texts = [p.text for p in model.paragraphs]
    assert "文本框中的文字" in texts and "段落标记被删除的前半后半,有半角逗号" in texts
    for element, paragraph in zip(elements, model.paragraphs):
        assert paragraph.text.startswith(Paragraph(element, None).text) or paragraph.text == ""


def test_round_trip_keeps_body_text_and_paragraph_count():
    data = awkward_docx()
    report = check(read_docx(data))
    assert report.findings
    out = annotate_docx(data, report)
    assert body_texts(out) == body_texts(data)
    before, after = docx.Document(io.BytesIO(data)), docx.Document(io.BytesIO(out))
    assert len(list(after.element.iter(qn("w:p")))) == len(list(before.element.iter(qn("w:p"))))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert len(comments(out)) == len(report.findings)


def test_each_comment_sits_at_its_findings_paragraph():
    data = awkward_docx()
    model = read_docx(data)
    report = check(model)
    out = annotate_docx(data, report)
    placed = commented_paragraphs(out)
    for f in report.findings:
        where = f.paragraph if f.paragraph is not None else 0
        assert any(f.message in text for text in placed.get(where, [])), (f, placed)
    # Table cell, content control, text box, joined paragraph and hyperlink all got theirs.
    index = {p.text: p.index for p in model.paragraphs}
    for text in ("表格中的问题,半角逗号", "内容控件里的段落;也有半角", "段落标记被删除的前半后半,有半角逗号"):
        assert index[text] in placed
    assert index["最后一段。。"] in placed


def test_comment_metadata():
    data = M.build_docx(M.complete() + [("问题较多,还有差距", None)])
    out = annotate_docx(data, check(read_docx(data)))
    cs = comments(out)
    assert cs and all(c.author == AUTHOR and c.initials for c in cs)
    # The writer reads the message in Chinese; codes are for the JSON, not for comments.
    assert any("半角逗号" in c.text and c.text.startswith("【建议修改】") for c in cs)
    assert not any("lint." in c.text or "dimension." in c.text for c in cs)


def test_ranges_and_empty_paragraphs_are_anchored():
    data = M.build_docx([("标题", None), ("", None), ("第三段", None), ("第四段", None)])
    report = Report("zhuti-2023", (), (), (
        Finding("document.empty", "空段落上的发现", paragraph=1),
        Finding("lint.paragraph_too_long", "跨段的发现", paragraph=2, end_paragraph=3),
        Finding("length.too_short", "全文的发现"),
    ))
    out = annotate_docx(data, report)
    assert body_texts(out) == body_texts(data)
    placed = commented_paragraphs(out)
    assert any("空段落上的发现" in t for t in placed[1])
    assert any("跨段的发现" in t for t in placed[2])
    assert any("全文的发现" in t for t in placed[0])
    d = docx.Document(io.BytesIO(out))
    end = next(d.element.iter(qn("w:commentRangeEnd")))
    assert end is not None


def test_no_findings_returns_the_file_unchanged():
    data = M.build_docx(M.complete())
    substance = {c for c in CODES if c.startswith("content.")}   # the sample's items name few facts
    report = check(read_docx(data), disabled={"length.too_short", *substance})
    assert report.findings == ()
    assert annotate_docx(data, report) == data


def test_unreadable_input_is_rejected_with_the_readers_error():
    with pytest.raises(NotDocxError):
        annotate_docx(b"not a docx", Report("zhuti-2023", (), (), ()))


def test_comments_part_is_declared():
    data = M.build_docx(M.complete() + [("还有差距,,", None)])
    out = annotate_docx(data, check(read_docx(data)))
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert "word/comments.xml" in z.namelist()
        assert "comments+xml" in z.read("[Content_Types].xml").decode()


def test_cli_check_annotate(tmp_path):
    src = tmp_path / "material.docx"
    src.write_bytes(M.build_docx(M.complete() + [("还有差距,,", None)]))
    out = tmp_path / "annotated.docx"
    result = subprocess.run([sys.executable, "-m", "addin_server", "check", str(src), "--annotate", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert comments(out.read_bytes())
    assert body_texts(out.read_bytes()) == body_texts(src.read_bytes())


def test_cli_check_annotate_unwritable_target(tmp_path):
    src = tmp_path / "material.docx"
    src.write_bytes(M.build_docx(M.complete()))
    result = subprocess.run([sys.executable, "-m", "addin_server", "check", str(src),
                             "--annotate", str(tmp_path / "missing" / "out.docx")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "无法写入" in result.stderr and "不存在" in result.stderr


# ---------------------------------------------------------------- API

def api_client():
    from addin_server.app import create_app
    from addin_server.config import DEFAULTS

    app = create_app(DEFAULTS)
    app.testing = True
    return app.test_client()


def post_annotated(client, data, query="", **form):
    return client.post(f"/api/check/docx/annotated{query}", data={"file": (io.BytesIO(data), "王芳 材料.docx"), **form},
                       content_type="multipart/form-data", base_url="https://localhost:3000")


def test_api_annotated_docx_as_base64_and_as_download():
    import base64

    client = api_client()
    data = M.build_docx(M.complete() + [("还有差距,,", None)])
    r = post_annotated(client, data)
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["filename"] == "王芳 材料-批注.docx"  # as the writer named it, safe on Windows
    out = base64.b64decode(body["base64"])
    assert body_texts(out) == body_texts(data) and comments(out)
    r = post_annotated(client, data, "?download=1", disabled=["length.too_short"])
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    assert len(comments(r.data)) == len(check(read_docx(data), disabled={"length.too_short"}).findings)


def test_api_annotated_docx_can_include_format_comments():
    import base64

    client = api_client()
    data = M.build_docx(M.complete())
    plain = base64.b64decode(post_annotated(client, data).get_json()["base64"])
    with_format = base64.b64decode(post_annotated(client, data, include_format="true").get_json()["base64"])
    texts = [c.text for c in comments(with_format)]
    assert len(texts) > len(comments(plain)) and any("正文应为仿宋_GB2312" in t for t in texts)


def test_api_annotated_docx_rejects_unreadable_uploads():
    r = post_annotated(api_client(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "document.legacy_doc"
    r = api_client().post("/api/check/docx/annotated", data={}, content_type="multipart/form-data",
                          base_url="https://localhost:3000")
    assert r.status_code == 400 and "file" in r.get_json()["error"]["fields"]


def test_document_without_paragraphs_gets_one_empty_paragraph_for_all_comments():
    data = M.build_docx([])
    assert read_docx(data).paragraphs == ()
    report = check(read_docx(data))
    out = annotate_docx(data, report)
    assert body_texts(out) == [""]
    assert len(comments(out)) == len(report.findings) > 0


def test_corpus_round_trips_or_is_rejected_clearly():
    """Every real-world .docx in ../shared/corpus: the reader's predicted rejection (its
    SOURCES.tsv note), or annotated with its text unchanged and one comment per located finding,
    and format-linted; never another exception. Files python-docx cannot open are refused with
    the reader's UnsupportedDocumentError, and they stay a small minority."""
    import corpus
    from addin_server.readers.errors import UnsupportedDocumentError
    from addin_server.review.format_lint import format_lint

    corpus.require()
    files = corpus.files()
    annotated, unsupported = 0, []
    for path in files:
        data = path.read_bytes()
        expected = corpus.expected_outcome(path.name)
        if expected is not None:
            with pytest.raises(expected):
                read_docx(data)
            continue
        model = read_docx(data)
        report = check(model)
        try:
            out = annotate_docx(data, report)
            format_lint(data)
        except UnsupportedDocumentError:
            unsupported.append(path.name)
            continue
        after = body_texts(out)
        assert after == [p.text for p in model.paragraphs] or (not model.paragraphs and after == [""]), path.name
        assert len(comments(out)) - len(comments(data)) == len(report.findings), path.name
        annotated += 1
    assert annotated >= 0.8 * len(files), (annotated, len(files), unsupported)