"""Word's automatic numbers computed from numbering.xml (readers/list_labels.py)."""
from __future__ import annotations

import pytest
from lxml import etree

from addin_server.readers.list_labels import (ListCounter, NumberingDefinitions, chinese_counting,
                                              format_number)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbering(abstracts: dict, nums: dict) -> NumberingDefinitions:
    """abstracts: id → [(numFmt, lvlText, start)] per level; nums: numId → (abstractId, {ilvl: start})."""
    parts = [f'<w:numbering xmlns:w="{W}">']
    for aid, levels in abstracts.items():
        parts.append(f'<w:abstractNum w:abstractNumId="{aid}">')
        for ilvl, (fmt, text, start) in enumerate(levels):
            parts.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                         f'<w:lvlText w:val="{text}"/></w:lvl>')
        parts.append("</w:abstractNum>")
    for num_id, (aid, starts) in nums.items():
        parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>')
        for ilvl, start in starts.items():
            parts.append(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>')
        parts.append("</w:num>")
    parts.append("</w:numbering>")
    return NumberingDefinitions.from_xml(etree.fromstring("".join(parts).encode()))


# Each level shows its own count (%1 on level 0, %2 on level 1 …), as Word writes them.
OUTLINE = [("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1),
           ("decimal", "（%4）", 1), ("decimalEnclosedCircle", "%5", 1)]


def test_an_outline_list_counts_level_by_level_and_restarts_deeper_levels():
    counter = ListCounter(numbering({"0": OUTLINE}, {"1": ("0", {})}))
    sequence = [0, 1, 2, 2, 1, 2, 0, 1, 3, 4, 4]
    assert [counter.label("1", lvl) for lvl in sequence] == [
        "一、", "（一）", "1.", "2.", "（二）", "1.", "二、", "（一）", "（1）", "①", "②"]


def test_lists_of_one_definition_continue_unless_one_restarts():
    defs = numbering({"0": [("decimal", "%1.", 1)]}, {"1": ("0", {}), "2": ("0", {}), "3": ("0", {0: 1})})
    counter = ListCounter(defs)
    assert [counter.label(n, 0) for n in ("1", "1", "2", "3", "3", "1")] == ["1.", "2.", "3.", "1.", "2.", "4."]


def test_bullets_unknown_lists_and_numbering_switched_off_show_nothing():
    defs = numbering({"0": [("bullet", "●", 1)]}, {"1": ("0", {})})
    counter = ListCounter(defs)
    assert counter.label("1", 0) == "" and counter.label("9", 0) == "" and counter.label("0", 0) == ""
    assert counter.label(None, None) == "" and ListCounter(NumberingDefinitions.empty()).label("1", 0) == ""


def test_multi_level_text_and_a_start_value():
    defs = numbering({"0": [("decimal", "%1", 3), ("lowerLetter", "%1.%2", 1)]}, {"5": ("0", {})})
    counter = ListCounter(defs)
    assert [counter.label("5", lvl) for lvl in (0, 1, 1, 0, 1)] == ["3", "3.a", "3.b", "4", "4.a"]


@pytest.mark.parametrize("n, expected", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                         (21, "二十一"), (100, "一百"), (101, "一百零一"), (110, "一百一十"),
                                         (1005, "一千零五")])
def test_chinese_counting(n, expected):
    assert chinese_counting(n) == expected


@pytest.mark.parametrize("fmt, n, expected", [
    ("decimal", 12, "12"), ("chineseLegalSimplified", 3, "叁"), ("ideographTraditional", 2, "乙"),
    ("decimalEnclosedCircle", 3, "③"), ("decimalEnclosedCircleChinese", 20, "⑳"),
    ("decimalEnclosedParen", 2, "⑵"), ("decimalFullWidth", 12, "１２"), ("lowerLetter", 27, "aa"),
    ("upperRoman", 14, "XIV"), ("decimalZero", 7, "07"), ("someFutureFormat", 5, "5"),
])
def test_number_formats(fmt, n, expected):
    assert format_number(n, fmt) == expected


def test_a_missing_or_hostile_numbering_part_is_no_numbering():
    assert NumberingDefinitions.from_xml(None).levels == {}
    junk = etree.fromstring(f'<w:numbering xmlns:w="{W}"><w:num w:numId="1"/><w:abstractNum/>'
                            f'<w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="99"/></w:num>'
                            f'</w:numbering>'.encode())
    counter = ListCounter(NumberingDefinitions.from_xml(junk))
    assert counter.label("1", 0) == "" and counter.label("2", 0) == "" and counter.label("2", 42) == ""


# ---- through the reader and the checker: a material numbered by Word ----------------------------

def _auto_numbered_docx(paras) -> bytes:
    """`paras` (text with typed 一、/（一）/1. numbers) as Word's automatic numbering holds them:
    the numbers taken out of the text, each kind a list of numbering.xml (chineseCounting "%1、",
    "（%1）"; decimal "%1." restarted under each heading), no heading styles."""
    import io
    import re

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    kinds = {"一、": ("chineseCounting", "%1、"), "（一）": ("chineseCounting", "（%1）"), "1.": ("decimal", "%1.")}
    for aid, (fmt, text) in enumerate(kinds.values(), start=50):
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
    next_id = [200]

    def new_list(aid, restart):
        next_id[0] += 1
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{next_id[0]}"><w:abstractNumId w:val="{aid}"/>'
                                   f'{override}</w:num>'))
        return next_id[0]

    lists = {"一、": new_list(50, False), "（一）": new_list(51, False)}
    patterns = {"一、": r"[一二三四五六七八九十]+、", "（一）": r"（[一二三四五六七八九十]+）", "1.": r"\d+\."}
    for text, _ in paras:
        kind = next((k for k, pattern in patterns.items() if re.match(pattern, text)), None)
        paragraph = document.add_paragraph(re.sub(patterns[kind], "", text, count=1) if kind else text)
        if kind == "1." and text.startswith("1."):
            lists["1."] = new_list(52, True)   # each measure list starts again at 1.
        if kind:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{lists[kind]}"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_material_numbered_by_word_reads_as_one_with_typed_numbers():
    import materials as M
    from addin_server.checks import check
    from addin_server.readers import read_docx

    paras = M.unstyled(M.complete())
    at = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    # a heading naming no aspect, then the measures as a numbered list 1. 2. …
    paras = paras[:at] + [("（七）其他方面的问题", None), ("一是有时工作标准不高。", None)] + paras[at:]
    measures = next(i for i, (t, _) in enumerate(paras) if t == "三、整改措施")
    paras = paras[:measures + 1] + [(f"{n}.{t[2:]}", None) for n, (t, _) in enumerate(paras[measures + 1:], 1)]
    auto = read_docx(_auto_numbered_docx(paras))
    typed = read_docx(M.build_docx(paras))
    labels = [p.list_label for p in auto.paragraphs]
    assert labels[2] == "一、" and "（七）" in labels and labels[-1] == f"{len(paras) - measures - 1}."
    assert [p.text for p in auto.paragraphs][2] == "存在问题"

    def summary(report):
        return (report.complete, sorted(f.code for f in report.findings),
                [(d.key, d.present, d.item_count) for d in report.dimensions])

    assert summary(check(auto)) == summary(check(typed))
    assert "dimension.unrecognised" in {f.code for f in check(auto).findings}


def test_fill_numbers_a_new_aspect_like_its_neighbours_in_word_lists():
    # The writer's items are Word lists starting at 1. under each heading: the inserted aspect's
    # placeholder items start at 1. too (a copy of the list restarted), its heading takes the
    # next （N） from Word, and every aspect after it is numbered on by Word itself.
    import materials as M
    from addin_server.readers import read_docx
    from addin_server.render.fill import fill_docx

    numbered = _problems_numbered(M.unstyled(M.without_dimension("ability")), restart=True)
    data = _auto_numbered_docx(numbered)
    result = fill_docx(data, "zhuti-2023", add_missing=True, items_per_dimension=2)
    after = read_docx(result.data).paragraphs
    heading = next(i for i, p in enumerate(after) if p.text.startswith("能力本领"))
    assert after[heading].list_label == "（三）"
    assert [p.list_label for p in after[heading + 1:heading + 3]] == ["1.", "2."]
    assert after[heading + 3].list_label == "（四）" and after[heading + 4].list_label == "1."
    before = read_docx(data).paragraphs
    assert [p.text for p in after[:heading]] == [p.text for p in before[:heading]]


def test_a_word_list_running_on_into_the_next_aspect_is_told_how_to_restart_it():
    # The writer's problem items are one Word list through all the aspects (as Word's 「编号」
    # button or the List Number style leaves them): under （二） Word shows 3., and nothing typed
    # can change that — the finding says where Word restarts a list.
    import materials as M
    from addin_server.checks import check
    from addin_server.readers import read_docx

    numbered = _problems_numbered(M.unstyled(M.complete()), restart=False)   # 1. 2. | 3. 4. | …
    report = check(read_docx(_auto_numbered_docx(numbered)))
    restarts = [f for f in report.findings if f.code == "numbering.skipped"]
    assert restarts and all("重新开始于 1" in f.message and "自动编号" in f.message for f in restarts)
    assert "请改为「1.」" not in " ".join(f.message for f in restarts)


def _problems_numbered(paras, restart: bool):
    """The problem items 一是… numbered 1. 2. …, again from 1. under each aspect heading when
    `restart`, else on through all the aspects (one list never restarted)."""
    problems = next(i for i, (t, _) in enumerate(paras) if t == "一、存在问题")
    causes = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    numbered, n = [], 0
    for i, (text, style) in enumerate(paras):
        if problems < i < causes and not text.startswith("（"):
            n += 1
            text = f"{n}.{text[2:]}"
        elif text.startswith("（") and restart:
            n = 0
        numbered.append((text, style))
    return numbered
