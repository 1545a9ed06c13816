"""The nine .docx shapes writers put one material into, as real files (python-docx, then the
OOXML Word and WPS write where python-docx has no call for it).

A material is a list of (text, role): role "title", "section" (一、存在问题), "aspect" (an aspect's
heading line, numbered as typed: （一）…, ◆ …), "body" (items, run-in openings, prose). Each shape
changes how the same material is put on the page, not what it says:

    styled          heading styles (Heading 1 / Heading 2), numbers typed
    plain           no styles at all, numbers typed
    wps-bold        WPS export: no styles, headings bold in runs of a few characters, East Asian fonts
    word-numbering  Word's automatic numbering on the paragraphs (numbers not in the text)
    style-numbering numbering through the heading styles (Heading 1 → 一、, Heading 2 → （一）)
    one-cell-table  the whole material in one table cell
    soft-breaks     each section one paragraph, its lines cut by soft line breaks (Shift+Enter)
    glued           each aspect heading and its first item in one paragraph
    revisions       tracked insertions and deletions, paragraphs in block content controls
"""
from __future__ import annotations

import io
import re

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

_L1 = re.compile(r"^[一二三四五六七八九十]+、")
_L2 = re.compile(r"^（[一二三四五六七八九十]+）")
_STYLES = {"title": "Title", "section": "Heading 1", "aspect": "Heading 2"}


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def styled(material) -> bytes:
    document = docx.Document()
    for text, role in material:
        document.add_paragraph(text, style=_STYLES.get(role))
    return _save(document)


def plain(material) -> bytes:
    document = docx.Document()
    for text, _ in material:
        document.add_paragraph(text)
    return _save(document)


def wps_bold(material) -> bytes:
    document = docx.Document()
    for text, role in material:
        p = document.add_paragraph()
        heading = role in _STYLES
        for piece in ([text[i:i + 3] for i in range(0, len(text), 3)] if heading else [text]):
            run = p.add_run(piece)
            run.bold = heading
            run._element.get_or_add_rPr().get_or_add_rFonts().set(
                qn("w:eastAsia"), "方正小标宋简体" if heading else "仿宋_GB2312")
    return _save(document)


def _numbering_definitions(document, levels) -> None:
    """An abstract list 90 whose levels are `levels` ((numFmt, lvlText), …), as num 90."""
    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _num_pr(level: int):
    return parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')


_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))


def _untyped(text: str) -> tuple[str, int | None]:
    """The text without its typed 一、/（一） and the list level that numbers it instead."""
    for level, pattern in enumerate((_L1, _L2)):
        found = pattern.match(text)
        if found:
            return text[found.end():], level
    return text, None


def word_numbering(material) -> bytes:
    document = docx.Document()
    _numbering_definitions(document, _LEVELS)
    for text, _ in material:
        text, level = _untyped(text)
        p = document.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(_num_pr(level))
    return _save(document)


def style_numbering(material) -> bytes:
    document = docx.Document()
    _numbering_definitions(document, _LEVELS)
    for level, name in enumerate(("Heading 1", "Heading 2")):
        document.styles[name].element.get_or_add_pPr().append(_num_pr(level))
    for text, role in material:
        text, level = _untyped(text)
        style = ("Heading 1", "Heading 2")[level] if level is not None else (
            "Title" if role == "title" else None)
        document.add_paragraph(text, style=style)
    return _save(document)


def one_cell_table(material) -> bytes:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = material[0][0]
    for text, _ in material[1:]:
        cell.add_paragraph(text)
    return _save(document)


def soft_breaks(material) -> bytes:
    """A paragraph per section (and the title), its lines cut by soft line breaks."""
    document = docx.Document()
    groups: list[list[str]] = []
    for text, role in material:
        if role in ("title", "section") or not groups:
            groups.append([])
        groups[-1].append(text)
    for lines in groups:
        p = document.add_paragraph()
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i + 1 < len(lines):
                run.add_break()
    return _save(document)


def glued(material) -> bytes:
    """Each aspect heading with its first item in one paragraph: every other one after a colon,
    the others straight on."""
    document = docx.Document()
    i, n = 0, 0
    while i < len(material):
        text, role = material[i]
        if role == "aspect" and i + 1 < len(material) and material[i + 1][1] == "body":
            joint = "：" if n % 2 == 0 and not text.endswith(("：", "。")) else ""
            text, n, i = text + joint + material[i + 1][0], n + 1, i + 1
        document.add_paragraph(text)
        i += 1
    return _save(document)


def revisions(material) -> bytes:
    """Every body paragraph's text a tracked insertion after a tracked deletion; every third
    paragraph in a block content control."""
    document = docx.Document()
    body = document.element.body
    for k, (text, role) in enumerate(material):
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        if role == "body":
            runs = ('<w:del w:id="%d" w:author="审阅人"><w:r><w:delText>原稿</w:delText></w:r></w:del>'
                    '<w:ins w:id="%d" w:author="审阅人"><w:r><w:t>%s</w:t></w:r></w:ins>'
                    % (2 * k + 10, 2 * k + 11, escaped))
        else:
            runs = f"<w:r><w:t>{escaped}</w:t></w:r>"
        paragraph = f'<w:p {nsdecls("w")}>{runs}</w:p>'
        if k % 3 == 0:
            paragraph = (f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="段落"/></w:sdtPr>'
                         f'<w:sdtContent>{paragraph.replace(" " + nsdecls("w"), "")}</w:sdtContent></w:sdt>')
        body.insert(len(body) - 1, parse_xml(paragraph))   # before the section properties
    return _save(document)


SHAPES = {"styled": styled, "plain": plain, "wps-bold": wps_bold, "word-numbering": word_numbering,
          "style-numbering": style_numbering, "one-cell-table": one_cell_table,
          "soft-breaks": soft_breaks, "glued": glued, "revisions": revisions}
