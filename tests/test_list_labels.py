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
