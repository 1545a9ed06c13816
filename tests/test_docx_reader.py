"""The .docx reader: real files built with python-docx → the expected model; hostile files → the
specific error, quickly and without large allocations."""
from __future__ import annotations

import io
import random
import re
import struct
import time
import tracemalloc
import zipfile
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import hostile
from reference_walk import reference_read, without_labels
from addin_server.model import Paragraph
from addin_server.readers import docx_file, docx_stream, docx_styles, read_docx
from addin_server.readers.errors import (
    DocumentError,
    EncryptedDocumentError,
    MissingPartError,
    NotDocxError,
    TooLargeError,
)

W_NS = hostile.W_NS
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True, params=["tree", "streamed"])
def reading_mode(request, monkeypatch):
    """Every test here runs twice: main part held as one tree (the usual case), and streamed in
    batches of one block (how a large one is read), which must give the same model. Every
    Document read is also compared with the walk as it was before the fast walk
    (tests/reference_walk.py), so each test's file is an equivalence case too."""
    original = docx_file.read_docx
    mode = {"max_tree_markup": -1} if request.param == "streamed" else {}

    def read_and_compare(data, **limits):
        document = original(data, **{**mode, **limits})
        limits.pop("max_tree_markup", None)
        assert reference_read(data, **limits) == without_labels(document)
        return document

    monkeypatch.setattr(docx_file, "read_docx", read_and_compare)
    if request.param == "streamed":
        monkeypatch.setattr(docx_stream, "_STREAM_BATCH", 1)
    return request.param


def save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def only(document, text: str) -> Paragraph:
    found = [p for p in document.paragraphs if p.text == text]
    assert len(found) == 1, (text, texts(document))
    return found[0]


def append_xml(doc, xml: str) -> None:
    """Insert raw WordprocessingML before the body's section properties."""
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def rewrite(data: bytes, change) -> bytes:
    """Copy a package, passing each member through change(name, content) → (name, content) | None."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            result = change(info.filename, source.read(info))
            if result is not None:
                target.writestr(result[0], result[1])
    return out.getvalue()


# --------------------------------------------------------------------------- real documents


def test_headings_body_and_indices():
    doc = docx.Document()
    doc.add_heading("对照检查材料", 0)
    doc.add_heading("一、存在的问题", 1)
    doc.add_heading("（一）理论学习方面", 2)
    doc.add_paragraph("一是学习不够系统。")
    result = read_docx(save(doc))
    assert [p.index for p in result.paragraphs] == [0, 1, 2, 3]
    assert texts(result) == ["对照检查材料", "一、存在的问题", "（一）理论学习方面", "一是学习不够系统。"]
    assert result.paragraphs[0].style == "Title"
    assert (result.paragraphs[1].style, result.paragraphs[1].outline_level) == ("Heading 1", 1)
    assert (result.paragraphs[2].style, result.paragraphs[2].outline_level) == ("Heading 2", 2)
    body = result.paragraphs[3]
    assert (body.style, body.outline_level, body.is_list_item, body.in_table) == ("Normal", None, False, False)


def test_style_chain_chinese_names_and_own_outline_level():
    doc = docx.Document()
    based = doc.styles.add_style("我的标题", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = doc.styles["Heading 2"]  # outline level comes through basedOn
    doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)  # no outline level: from the name
    doc.add_paragraph("（一）基于标题二", style="我的标题")
    doc.add_paragraph("1.中文样式名", style="标题 3")
    own = doc.add_paragraph("大纲级别写在段落上")
    own._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="3"/>'))
    body_level = doc.add_paragraph("正文级别覆盖标题样式", style="Heading 1")
    body_level._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    result = read_docx(save(doc))
    assert (only(result, "（一）基于标题二").style, only(result, "（一）基于标题二").outline_level) == ("我的标题", 2)
    assert only(result, "1.中文样式名").outline_level == 3
    assert only(result, "大纲级别写在段落上").outline_level == 4
    assert only(result, "正文级别覆盖标题样式").outline_level is None


def test_document_without_styles_part_uses_ids_and_empty_default():
    doc = docx.Document()
    doc.add_paragraph("标题", style="Heading 1")
    doc.add_paragraph("正文")
    data = rewrite(save(doc), lambda name, content: None if name == "word/styles.xml" else (name, content))
    result = read_docx(data)
    assert (result.paragraphs[0].style, result.paragraphs[0].outline_level) == ("Heading1", 1)
    assert (result.paragraphs[1].style, result.paragraphs[1].outline_level) == ("", None)


def test_list_items_from_style_and_from_paragraph():
    doc = docx.Document()
    doc.add_paragraph("样式编号", style="List Number")
    direct = doc.add_paragraph("直接编号")
    direct._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>'))
    removed = doc.add_paragraph("取消编号", style="List Number")
    removed._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    doc.add_paragraph("普通段落")
    result = read_docx(save(doc))
    assert [p.is_list_item for p in result.paragraphs] == [True, True, False, False]
    # python-docx's template numbers List Number in list 5 (decimal "%1."); the direct numPr
    # continues that list; numbering removed (numId 0) shows none.
    assert [p.list_label for p in result.paragraphs] == ["1.", "2.", "", ""]


def test_tables_and_nested_tables_in_document_order():
    doc = docx.Document()
    doc.add_paragraph("表前")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "（一）理论学习方面"
    outer = table.cell(0, 1)
    outer.text = "外层单元格"
    inner = outer.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "嵌套表格里的一是"
    doc.add_paragraph("表后")
    result = read_docx(save(doc))
    order = [t for t in texts(result) if t]
    assert order == ["表前", "（一）理论学习方面", "外层单元格", "嵌套表格里的一是", "表后"]
    assert only(result, "嵌套表格里的一是").in_table
    assert only(result, "外层单元格").in_table
    assert not only(result, "表前").in_table and not only(result, "表后").in_table


def test_moderately_nested_tables_are_read():
    data = hostile.minimal_docx(hostile.document_xml(hostile.nested_tables_xml(40, "四十层")))
    result = read_docx(data)
    assert only(result, "四十层").in_table
    assert len(result) == 41


def test_content_controls_block_and_inline():
    doc = docx.Document()
    append_xml(doc, (
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="问题"/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>控件里的表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '</w:sdtContent></w:sdt>'))
    append_xml(doc, (
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">姓名：</w:t></w:r>'
        '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>张三</w:t></w:r></w:sdtContent></w:sdt></w:p>'))
    result = read_docx(save(doc))
    assert texts(result) == ["控件里的段落", "控件里的表格", "姓名：张三"]
    assert [p.in_table for p in result.paragraphs] == [False, True, False]


def test_tracked_changes_fields_tabs_and_breaks():
    doc = docx.Document()
    append_xml(doc, (
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">学习</w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>不够深入</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>很好</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走的</w:t></w:r></w:moveFrom>'
        '<w:r><w:tab/><w:t>第</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t>页</w:t><w:br/><w:t>换行</w:t></w:r></w:p>'))
    # a deleted paragraph mark joins this paragraph to the next one
    append_xml(doc, (
        f'<w:p {nsdecls("w")}><w:pPr><w:rPr><w:del w:id="4" w:author="a"/></w:rPr></w:pPr>'
        '<w:r><w:t>前半句</w:t></w:r></w:p>'))
    append_xml(doc, f'<w:p {nsdecls("w")}><w:r><w:t>后半句</w:t></w:r></w:p>')
    # a deleted table row disappears
    append_xml(doc, (
        f'<w:tbl {nsdecls("w")}><w:tr><w:trPr><w:del w:id="5" w:author="a"/></w:trPr>'
        '<w:tc><w:p><w:r><w:t>删除的行</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:p><w:r><w:t>保留的行</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'))
    result = read_docx(save(doc))
    assert texts(result) == ["学习不够深入\t第3页\n换行", "前半句后半句", "保留的行"]


def test_unusual_shapes_read_as_before():
    """Shapes Word rarely writes, where the walk's rules show: text outside any paragraph is not
    read; a paragraph nested in another (not a text box) takes what follows it; the first
    property of each kind counts; numId 0 wins over numPr in either order; a deleted mark on the
    last paragraph leaves its text as a paragraph of its own; a text box in a table cell and a
    table in a text box. The fixture also compares every read with the old walk."""
    doc = docx.Document()
    w = nsdecls("w")
    append_xml(doc, f'<w:sdt {w}><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>'
                    '<w:p><w:r><w:t>控件里</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    append_xml(doc, (
        f'<w:p {w}><w:pPr><w:pStyle/><w:pStyle w:val="Heading2"/><w:outlineLvl w:val="x"/>'
        '<w:outlineLvl w:val="3"/><w:numPr><w:numId w:val=" 0 "/></w:numPr></w:pPr>'
        '<w:r><w:t>甲</w:t><w:noBreakHyphen/><w:t>乙</w:t><w:ptab w:relativeTo="margin" w:alignment="right" '
        'w:leader="none"/><w:t>丙</w:t><w:cr/><w:t>丁</w:t></w:r>'
        '<w:p><w:r><w:t>里层</w:t></w:r></w:p><w:r><w:t>外层之后</w:t></w:r></w:p>'))
    append_xml(doc, (
        f'<w:p {w}><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
        '<w:numPr><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>'))
    box = TEXT_BOX.format(w=W_NS).replace(
        "<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></wps:txbx>",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>框中表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:txbxContent></wps:txbx>")
    append_xml(doc, f'<w:tbl {w}><w:tr><w:tc>{TEXT_BOX.format(w=W_NS)}</w:tc></w:tr></w:tbl>')
    append_xml(doc, box)
    append_xml(doc, (
        f'<w:tbl {w}><w:tr><w:tc><w:p><w:pPr><w:rPr><w:del w:id="7" w:author="a"/></w:rPr></w:pPr>'
        '<w:r><w:t>格内前半</w:t></w:r></w:p><w:p><w:r><w:t>格内后半</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'))
    append_xml(doc, (
        f'<w:p {w}><w:pPr><w:rPr><w:moveFrom w:id="8" w:author="a"/></w:rPr></w:pPr>'
        '<w:r><w:t>最后一段</w:t></w:r></w:p>'))
    result = read_docx(save(doc))
    assert texts(result) == [
        "控件里", "甲-乙\t丙\n丁", "里层外层之后", "不编号",
        "锚点段落锚点之后", "文本框里的字", "锚点段落锚点之后", "框中表格",
        "格内前半格内后半", "最后一段"]
    heading = result.paragraphs[1]
    assert (heading.outline_level, heading.is_list_item) == (4, False)
    assert [p.in_table for p in result.paragraphs[4:]] == [True, True, False, True, True, False]
    assert not result.paragraphs[3].is_list_item


def test_tab_stops_and_former_properties_are_not_text():
    doc = docx.Document()
    append_xml(doc, (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Normal"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>'
        '<w:pPrChange w:id="9" w:author="a"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr>'
        '<w:r><w:t>只有这些字</w:t></w:r></w:p>'))
    paragraph = read_docx(save(doc)).paragraphs[0]
    assert paragraph.text == "只有这些字"
    assert (paragraph.style, paragraph.outline_level) == ("Normal", None)


TEXT_BOX = (
    '<w:p xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml">'
    '<w:r><w:t>锚点段落</w:t></w:r><w:r><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r><w:r><w:t>锚点之后</w:t></w:r></w:p>'
)


def test_text_box_read_once_after_its_anchor():
    doc = docx.Document()
    doc.add_paragraph("之前")
    append_xml(doc, TEXT_BOX.format(w=W_NS))
    doc.add_paragraph("之后")
    assert texts(read_docx(save(doc))) == ["之前", "锚点段落锚点之后", "文本框里的字", "之后"]


def test_headers_footers_and_comments_are_ignored():
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "页眉文字"
    doc.sections[0].footer.paragraphs[0].text = "页脚文字"
    paragraph = doc.add_paragraph("正文段落")
    if hasattr(doc, "add_comment"):
        doc.add_comment(paragraph.runs, text="批注文字", author="审核人")
    result = read_docx(save(doc))
    assert texts(result) == ["正文段落"]


def test_main_part_found_through_relationships():
    doc = docx.Document()
    doc.add_paragraph("改名后的正文")

    def rename(name, content):
        if name == "word/document.xml":
            return "word/main.xml", content
        if name == "word/_rels/document.xml.rels":
            return "word/_rels/main.xml.rels", content
        if name in ("_rels/.rels", "[Content_Types].xml"):
            return name, content.replace(b"document.xml", b"main.xml")
        return name, content

    result = read_docx(rewrite(save(doc), rename))
    assert texts(result) == ["改名后的正文"]


def strict(data: bytes) -> bytes:
    """The same package in ISO 29500 Strict namespaces, as Word's 'Strict Open XML' writes it."""
    def change(name, content):
        if name.endswith(".xml") or name.endswith(".rels"):
            content = content.replace(W_NS.encode(), W_STRICT.encode()).replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships/")
        return name, content
    return rewrite(data, change)


def test_strict_ooxml_reads_like_transitional():
    doc = docx.Document()
    doc.add_heading("严格格式标题", 1)
    doc.add_paragraph("严格格式正文", style="List Number")
    transitional = read_docx(save(doc))
    converted = strict(save(doc))
    assert W_STRICT.encode() in zipfile.ZipFile(io.BytesIO(converted)).read("word/document.xml")
    assert read_docx(converted) == transitional


def test_style_cache_follows_the_styles_part():
    doc = docx.Document()
    doc.add_paragraph("标题", style="Heading 1")
    original = save(doc)
    renamed = rewrite(original, lambda name, content: (
        name, content.replace(b'w:val="heading 1"', b'w:val="My Heading"') if name == "word/styles.xml" else content))
    assert read_docx(original).paragraphs[0].style == "Heading 1"
    assert read_docx(renamed).paragraphs[0].style == "My Heading"
    assert read_docx(original).paragraphs[0].style == "Heading 1"


def test_utf8_bom_and_macro_enabled_files_read():
    bom = hostile.minimal_docx(b"\xef\xbb\xbf" + hostile.document_xml(hostile.paragraph_xml("带 BOM")))
    assert texts(read_docx(bom)) == ["带 BOM"]
    assert texts(read_docx(hostile.docm_with_macros())) == ["宏文档正文"]


def test_accepts_bytearray_and_memoryview():
    data = hostile.minimal_docx()
    assert read_docx(bytearray(data)) == read_docx(memoryview(data)) == read_docx(data)


def test_paragraph_and_character_limits():
    body = "".join(hostile.paragraph_xml(f"第{i}段") for i in range(30))
    data = hostile.minimal_docx(hostile.document_xml(body))
    assert len(read_docx(data, max_paragraphs=30)) == 30
    with pytest.raises(TooLargeError):
        read_docx(data, max_paragraphs=29)
    with pytest.raises(TooLargeError):
        read_docx(data, max_chars=50)


def test_long_legitimate_paragraph_is_read():
    # varied text, so the part compresses like real prose rather than like a bomb
    text = "".join(random.Random(7).choices([chr(c) for c in range(0x4E00, 0x4E00 + 3000)], k=1_000_000))
    result = read_docx(hostile.minimal_docx(hostile.document_xml(hostile.paragraph_xml(text))))
    assert result.char_count == 1_000_000


def test_concurrent_reads_agree():
    doc = docx.Document()
    for i in range(50):
        doc.add_heading(f"（{i}）方面", 2)
        doc.add_paragraph(f"一是第{i}个问题。")
    data = save(doc)
    expected = read_docx(data)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: read_docx(data), range(40)))
    assert all(result == expected for result in results)


# --------------------------------------------------------------------------- hostile input

SECONDS_PER_CASE = 2.0
PYTHON_PEAK_BYTES = 48 * 1024 * 1024


def _read_hostile(name: str) -> None:
    build, expected = hostile.CASES[name]
    data = build()
    if expected is None:
        result = read_docx(data)
        assert len(result) >= 1
    else:
        with pytest.raises(expected) as caught:
            read_docx(data)
        assert type(caught.value) is expected
        error = caught.value
        assert CJK.search(error.message_zh), error.message_zh
        assert error.message_en and not CJK.search(error.message_en), error.message_en
        assert error.code.startswith("document.")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(hostile.CASES))
def test_hostile_input(name):
    hostile.CASES[name][0]()  # built (and cached) outside the measurements
    # Timed on its own: tracemalloc slows every allocation several times over.
    started = time.perf_counter()
    _read_hostile(name)
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_CASE, f"{name} took {elapsed:.2f}s"
    docx_styles._STYLE_CACHE.items.clear()  # so the second read parses the styles again
    tracemalloc.start()
    try:
        _read_hostile(name)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < PYTHON_PEAK_BYTES, f"{name} allocated {peak / 1e6:.0f} MB"


def test_messages_name_the_problem_and_the_fix():
    cases = {
        hostile.fake_doc: ("另存为", "Save As"),
        hostile.encrypted_docx: ("密码", "password"),
        hostile.png_bytes: ("PNG", "PNG"),
        hostile.pdf_bytes: ("PDF", "PDF"),
        hostile.odt_bytes: ("OpenDocument", "OpenDocument"),
        hostile.zip_bomb: ("压缩炸弹", "zip bomb"),
        hostile.xxe_docx: ("实体声明", "DTD"),
    }
    for build, (zh, en) in cases.items():
        with pytest.raises(DocumentError) as caught:
            read_docx(build())
        assert zh in caught.value.message_zh, build.__name__
        assert en in caught.value.message_en, build.__name__


def test_crafted_ole2_files_are_real_compound_files():
    olefile = pytest.importorskip("olefile")
    encrypted = olefile.OleFileIO(io.BytesIO(hostile.encrypted_docx()))
    assert sorted(encrypted.listdir()) == [["EncryptedPackage"], ["EncryptionInfo"]]
    assert encrypted.openstream("EncryptionInfo").read(4) == struct.pack("<HH", 4, 4)
    legacy = olefile.OleFileIO(io.BytesIO(hostile.fake_doc()))
    assert ["WordDocument"] in legacy.listdir()


def test_other_office_formats_are_named():
    xlsx = hostile.package({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>",
                            "xl/workbook.xml": "<workbook/>"})
    with pytest.raises(NotDocxError, match="Excel"):
        read_docx(xlsx)
    xls = hostile.compound_file({"Workbook": b"\0" * 4096})
    with pytest.raises(NotDocxError, match="Excel"):
        read_docx(xls)
    plain_zip = hostile.package({"notes.txt": "不是文档"})
    with pytest.raises(NotDocxError, match="zip"):
        read_docx(plain_zip)


def test_zip_level_encryption_is_reported_as_encrypted():
    data = bytearray(hostile.minimal_docx())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/document.xml")
    struct.pack_into("<H", data, info.header_offset + 6, info.flag_bits | 0x1)
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        name_len = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46:position + 46 + name_len]) == b"word/document.xml":
            struct.pack_into("<H", data, position + 8, info.flag_bits | 0x1)
        position = data.find(b"PK\x01\x02", position + 4)
    with pytest.raises(EncryptedDocumentError):
        read_docx(bytes(data))


def test_main_part_that_is_not_word_content():
    rels = hostile.PACKAGE_RELS.replace("word/document.xml", "theme/theme1.xml")
    data = hostile.package({"[Content_Types].xml": hostile.CONTENT_TYPES, "_rels/.rels": rels,
                            "theme/theme1.xml": '<a:theme xmlns:a="urn:x"/>'})
    with pytest.raises(MissingPartError):
        read_docx(data)


def test_type_error_for_non_bytes():
    with pytest.raises(TypeError):
        read_docx("not bytes")  # type: ignore[arg-type]


def test_paragraphs_built_by_column_equal_the_dataclass_ones():
    from addin_server.model import paragraphs_from_columns

    rows = [(0, "一、存在问题", "Heading 1", 1, False, False, ""), (1, "正文", "", None, True, True, "1."),
            (2, "", "Normal", 9, False, True, "（一）")]
    built = paragraphs_from_columns(*map(list, zip(*rows)))
    assert built == tuple(Paragraph(*row) for row in rows)
    assert [hash(p) for p in built] == [hash(Paragraph(*row)) for row in rows]
    with pytest.raises(AttributeError):
        built[0].text = "改"  # still frozen
    # fields left out take their defaults
    assert paragraphs_from_columns(range(2), ["甲", "乙"]) == (Paragraph(0, "甲"), Paragraph(1, "乙"))
    with pytest.raises(ValueError):
        paragraphs_from_columns(range(2), ["甲"])


def test_the_style_names_table_is_python_docxs():
    # The reader shows built-in style names as python-docx does (Heading 1 for "heading 1")
    # without importing python-docx (tens of milliseconds of a one-shot check).
    from docx.styles import BabelFish

    assert docx_styles.UI_STYLE_NAMES == BabelFish.ui_style_names



def test_reading_a_docx_does_not_import_python_docx(tmp_path):
    import subprocess
    import sys

    document = docx.Document()
    document.add_paragraph("一、存在的问题", style="Heading 1")
    path = tmp_path / "材料.docx"
    document.save(str(path))
    code = ("import sys, pathlib; from addin_server.readers import read_docx;"
            "model = read_docx(pathlib.Path(sys.argv[1]).read_bytes());"
            "print(model.paragraphs[0].style);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'docx'))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split("\n")[:2] == ["Heading 1", "[]"]
