"""GB/T 9704 format lint for a .docx: page, margins, fonts, sizes and line spacing.

Text checks see only the words; reviewers also send back a material printed in 宋体 小四 with
single spacing. This module reads the file itself (python-docx, outside the pure core) and compares
it with the numbers in `render.gbt9704` — the same ones the templates are built from, so a
document made from our scaffold passes by construction.

What each paragraph is expected to look like follows from its role, which the checker's own
structure analysis gives: the title, a 一、 section heading, a （一） dimension heading, 1./（1）
sub-headings, or body text. Table cells are left alone (tables have their own conventions).
Effective values are resolved the way Word does: run properties, then the character style, the
paragraph style and its basedOn chain, then the document defaults (and the theme for theme
fonts). Paragraphs of one role with the same deviation are reported as one range.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from ..checks import resolve_framework
from ..checks.numbering import L1, L2, L3, L4
from ..checks.report import Finding, quote
from ..readers import read_docx
from ..render.gbt9704 import (BODY, BYLINE, FONTS, HEADING_1, HEADING_2, HEADING_3, PAGE, SIZES_PT, STYLES,
                              TITLE, TWIPS_PER_PT)
from .paragraph_map import model_to_elements, open_docx, text_runs

EMU_PER_MM = 36_000
# The standard allows ±1 mm on the margins it states (天头, 订口); the same is allowed elsewhere.
MARGIN_TOLERANCE_MM = 1.0
# Fixed line spacing within a point of the 22-lines pitch still gives 22 lines on most printers.
LINE_SPACING_TOLERANCE_PT = 1.0
SIZE_TOLERANCE_PT = 0.25


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


@dataclass(frozen=True)
class _Issue:
    code: str
    message: str


class _Styles:
    """Style lookups with basedOn chains, document defaults and theme fonts."""

    def __init__(self, document):
        root = document.styles.element
        self.by_id = {s.get(_qn("w:styleId")): s for s in root.iterchildren(_qn("w:style"))}
        self.default_paragraph = next(
            (s.get(_qn("w:styleId")) for s in root.iterchildren(_qn("w:style"))
             if s.get(_qn("w:type")) == "paragraph" and s.get(_qn("w:default")) in ("1", "true", "on")),
            None)
        defaults = root.find(_qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{_qn('w:pPrDefault')}/{_qn('w:pPr')}") if defaults is not None else None
        self.theme = _theme_fonts(document)

    def chain(self, style_id: str | None) -> list:
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(_qn("w:basedOn"))
            style_id = based.get(_qn("w:val")) if based is not None else None
        return out

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or self.default_paragraph)
        name = style.find(_qn("w:name")) if style is not None else None
        return name.get(_qn("w:val")) if name is not None else (style_id or "")

    def run_properties(self, p, r) -> list:
        """rPr elements from the most to the least specific."""
        out = [r.find(_qn("w:rPr"))]
        rpr = out[0]
        rstyle = rpr.find(_qn("w:rStyle")) if rpr is not None else None
        if rstyle is not None:
            out += [s.find(_qn("w:rPr")) for s in self.chain(rstyle.get(_qn("w:val")))]
        out += [s.find(_qn("w:rPr")) for s in self.chain(_paragraph_style(p) or self.default_paragraph)]
        out.append(self.default_rpr)
        return [x for x in out if x is not None]

    def paragraph_properties(self, p) -> list:
        out = [p.find(_qn("w:pPr"))]
        out += [s.find(_qn("w:pPr")) for s in self.chain(_paragraph_style(p) or self.default_paragraph)]
        out.append(self.default_ppr)
        return [x for x in out if x is not None]

    def east_asia_font(self, rprs: list) -> str | None:
        for rpr in rprs:
            fonts = rpr.find(_qn("w:rFonts"))
            if fonts is None:
                continue
            name = fonts.get(_qn("w:eastAsia"))
            if name:
                return name
            theme = fonts.get(_qn("w:eastAsiaTheme"))
            if theme:
                return self.theme.get("major" if theme.startswith("major") else "minor")
        return None


def _paragraph_style(p) -> str | None:
    ppr = p.find(_qn("w:pPr"))
    style = ppr.find(_qn("w:pStyle")) if ppr is not None else None
    return style.get(_qn("w:val")) if style is not None else None


def _theme_fonts(document) -> dict:
    """East Asian major/minor fonts of the theme (Word's defaults for text with no font set)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    try:
        blob = document.part.part_related_by(RT.THEME).blob
    except (KeyError, AttributeError):
        return {}
    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    fonts = {}
    for kind in ("major", "minor"):
        scheme = root.find(f".//{a}{kind}Font")
        if scheme is None:
            continue
        ea = scheme.find(f"{a}ea")
        name = ea.get("typeface") if ea is not None else ""
        if not name:
            hans = next((f for f in scheme.iterfind(f"{a}font") if f.get("script") == "Hans"), None)
            name = hans.get("typeface") if hans is not None else ""
        if name:
            fonts[kind] = name
    return fonts


def _size_pt(rprs: list) -> float:
    for rpr in rprs:
        sz = rpr.find(_qn("w:sz"))
        if sz is not None and (sz.get(_qn("w:val")) or "").isdigit():
            return int(sz.get(_qn("w:val"))) / 2
    return 10.0  # Word's size when nothing sets one


def _line_spacing(pprs: list) -> tuple[str, int | None]:
    """(lineRule, line) with each attribute taken from the most specific level that sets it."""
    rule = line = None
    for ppr in pprs:
        spacing = ppr.find(_qn("w:spacing"))
        if spacing is None:
            continue
        if rule is None and spacing.get(_qn("w:lineRule")):
            rule = spacing.get(_qn("w:lineRule"))
        if line is None and (spacing.get(_qn("w:line")) or "").lstrip("-").isdigit():
            line = int(spacing.get(_qn("w:line")))
    return rule or "auto", line


def _describe_spacing(rule: str, line: int | None) -> str:
    if line is None:
        return "单倍行距"
    if rule == "auto":
        return "单倍行距" if line == 240 else f"{line / 240:g} 倍行距"
    label = "固定值" if rule == "exact" else "最小值"
    return f"{label} {line / TWIPS_PER_PT:g} 磅"


def _size_label(pt: float) -> str:
    """「三号（16 磅）」 as the font-size box names it, or 「11 磅」 for a size with no 号."""
    names = {v: k for k, v in SIZES_PT.items()}
    return f"{names[pt]}（{pt:g} 磅）" if pt in names else f"{pt:g} 磅"


# What each role is called in a message: the writer's words, not the style names.
ROLE_WORDS = {TITLE: "标题", BYLINE: "标题下的署名行", HEADING_1: "一级标题",
              HEADING_2: "二级标题", HEADING_3: "三级标题", BODY: "正文"}
# Common practice GB/T 9704 leaves open: the name line under the title is set in 仿宋 or 楷体.
EXTRA_FONTS = {BYLINE: ("kaiti",)}
# A name line: a few words (name, or unit and post) with no sentence punctuation.
BYLINE_MAX_CHARS = 30
_SENTENCE_PUNCTUATION = re.compile(r"[。，；！？]")
# A run-in heading (「（一）理论武装不够深入。」 followed by the text) ends at its first full stop.
_RUN_IN_END = re.compile(r"[。！？]")
RUN_IN_MAX_CHARS = 60
# The date line at the end (成文日期): body text, named so in a message.
_DATE_LINE = re.compile(r"\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                        r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*")


def _role(structure, index: int) -> str:
    if index == structure.title_paragraph:
        return TITLE
    line = structure.lines[index]
    if (structure.title_paragraph is not None and index == structure.title_paragraph + 1
            and not line.prefix and len(line.folded) <= BYLINE_MAX_CHARS
            and not _SENTENCE_PUNCTUATION.search(line.folded)
            and not any(b.start == index for b in structure.sections)
            and not any(d.start == index for d in structure.dimensions)):
        return BYLINE
    if not line.heading_like:
        return BODY
    kind = line.prefix.kind if line.prefix else None
    level = line.outline_level
    if kind == L1 or (kind is None and level == 1) or any(b.start == index for b in structure.sections):
        return HEADING_1
    if kind == L2 or (kind is None and level == 2) or any(d.start == index for d in structure.dimensions):
        return HEADING_2
    if kind in (L3, L4) or (kind is None and level in (3, 4)):
        return HEADING_3
    return BODY


def _run_in_end(text: str, run_ends: set[int]) -> int | None:
    """Where a run-in heading ends, when text follows it in the paragraph: at the first sentence
    end where the writer changed the formatting (a new run), else at a first short sentence."""
    ends = [m.end() for m in _RUN_IN_END.finditer(text) if text[m.end():].strip()]
    for end in ends:
        if end in run_ends:
            return end
    return ends[0] if ends and ends[0] <= RUN_IN_MAX_CHARS else None


def _lead_role(structure, index: int) -> str | None:
    """The heading level a paragraph's numbering (一、 （一） 1.) gives a run-in heading."""
    line = structure.lines[index]
    kind = line.prefix.kind if line.prefix else None
    return {L1: HEADING_1, L2: HEADING_2, L3: HEADING_3, L4: HEADING_3}.get(kind)


def _font_names(key: str) -> set[str]:
    font = FONTS[key]
    return {font.name, *font.fallbacks}


def _fallback_words(key: str) -> str:
    """The fallbacks a writer finds in the font list by a Chinese name (仿宋, 楷体)."""
    names = [f for f in FONTS[key].fallbacks if re.search(r"[\u4e00-\u9fff]", f)]
    return f"（没有这种字体可用 {'、'.join(names)}）" if names else ""


def _paragraph_issues(styles: _Styles, p, role: str, lead_role: str | None = None) -> Iterator[_Issue]:
    """What is wrong with paragraph `p` of `role`: fonts and sizes weighed by characters, so a
    run-in heading's characters are judged as a heading and the text after it as body text."""
    runs = []
    for r in text_runs(p):
        text = "".join(t.text or "" for t in r.iter(_qn("w:t")))
        if text:
            runs.append((r, text))
    joined = "".join(text for _, text in runs)
    run_ends = set(itertools.accumulate(len(text) for _, text in runs))
    lead_end = _run_in_end(joined, run_ends) if lead_role is not None and role != TITLE else None
    # part → (role its characters are judged as, the fonts accepted there, Counters)
    if lead_end is None and lead_role is not None and (role == BODY or _RUN_IN_END.search(joined[-2:])):
        # A numbered item that is one sentence (「（四）对……明确时间表。」): set as a heading of
        # its level or as body text, both common practice.
        parts = {"item": (role, {STYLES[lead_role].font, STYLES[BODY].font})}
    elif lead_end is None:
        parts = {"all": (role, {STYLES[role].font, *EXTRA_FONTS.get(role, ())})}
    else:
        parts = {
            # A run-in heading may keep the body font (many writers do); GB/T 9704 gives its level's.
            "lead": (lead_role, {STYLES[lead_role].font, STYLES[BODY].font}),
            "rest": (BODY, {STYLES[BODY].font})}
    fonts = {part: Counter() for part in parts}
    sizes = {part: Counter() for part in parts}
    offset = 0
    for r, text in runs:
        rprs = styles.run_properties(p, r)
        font = styles.east_asia_font(rprs) or "（未指定，随系统默认）"
        size = _size_pt(rprs)
        for k, ch in enumerate(text, start=offset):
            if ch.isspace():
                continue
            part = next(iter(parts)) if lead_end is None else ("lead" if k < lead_end else "rest")
            fonts[part][font] += 1
            sizes[part][size] += 1
        offset += len(text)
    for part, (judged_as, font_keys) in parts.items():
        expected = STYLES[judged_as]
        what = {"lead": "段首的小标题", "item": "编号开头的这一段"}.get(part, ROLE_WORDS[judged_as])
        if judged_as == BODY and part == "all" and _DATE_LINE.fullmatch(joined):
            what = "成文日期"
        accepted = set().union(*(_font_names(k) for k in font_keys))
        wrong_fonts = [f for f in fonts[part] if f not in accepted]
        if wrong_fonts:
            actual = "、".join(sorted(wrong_fonts, key=lambda f: -fonts[part][f]))
            wanted = "或".join(FONTS[k].name for k in sorted(font_keys, key=lambda k: k != expected.font))
            yield _Issue("format.font", f"{what}应为{wanted}（GB/T 9704），这里用的是 {actual}，"
                                        f"请改字体{_fallback_words(expected.font)}")
        wrong_sizes = [s for s in sizes[part] if abs(s - expected.size_pt) > SIZE_TOLERANCE_PT]
        if wrong_sizes:
            actual = "、".join(_size_label(s) for s in sorted(wrong_sizes, key=lambda s: -sizes[part][s]))
            yield _Issue("format.size", f"{what}应为{_size_label(expected.size_pt)}，这里是 {actual}，请改字号")
    expected = STYLES[role]
    if role != TITLE and expected.exact_line_spacing and joined.strip():
        rule, line = _line_spacing(styles.paragraph_properties(p))
        pitch = PAGE.line_pitch_twips
        ok = rule == "exact" and line is not None and abs(line - pitch) <= LINE_SPACING_TOLERANCE_PT * TWIPS_PER_PT
        if not ok:
            yield _Issue("format.line_spacing",
                         f"{ROLE_WORDS[role]}的行距应为固定值 {pitch / TWIPS_PER_PT:g} 磅（每页 "
                         f"{PAGE.lines_per_page} 行），这里是 {_describe_spacing(rule, line)}，"
                         f"请在“段落”设置中修改")


def _page_issues(section) -> Iterator[_Issue]:
    def mm(length) -> float | None:
        return None if length is None else length / EMU_PER_MM

    width, height = mm(section.page_width), mm(section.page_height)
    if width is not None and height is not None and not (
            abs(width - PAGE.width_mm) <= MARGIN_TOLERANCE_MM and abs(height - PAGE.height_mm) <= MARGIN_TOLERANCE_MM):
        yield _Issue("format.page_size", f"纸张为 {width:.0f}×{height:.0f} 毫米，请在“布局 → 纸张大小”中改为 A4"
                                         f"（{PAGE.width_mm:g}×{PAGE.height_mm:g} 毫米，纵向）")
    wanted = {"上": (section.top_margin, PAGE.top_mm), "下": (section.bottom_margin, PAGE.bottom_mm),
              "左": (section.left_margin, PAGE.left_mm), "右": (section.right_margin, PAGE.right_mm)}
    wrong = [(side, mm(actual), expected) for side, (actual, expected) in wanted.items()
             if actual is not None and abs(mm(actual) - expected) > MARGIN_TOLERANCE_MM]
    if wrong:
        actual = "，".join(f"{side} {value:.1f}" for side, value, _ in wrong)
        expected = "，".join(f"{side} {value:g}" for side, _, value in wrong)
        yield _Issue("format.page_margins", f"页边距为 {actual} 毫米，请按 GB/T 9704 改为 {expected} 毫米"
                                            f"（版心 156×225 毫米）")


def format_lint(data: bytes, framework=None, disabled=()) -> list[Finding]:
    """Format findings for a .docx, less the `disabled` codes and those the framework disables;
    `framework` as `checks.check` takes it (None: the configured default, "auto" recognised from
    the document). Raises readers' DocumentError for files it cannot open."""
    model = read_docx(data)  # validates the untrusted bytes before python-docx parses them
    document = open_docx(data)
    elements = model_to_elements(document, len(model.paragraphs))
    framework, structure, _ = resolve_framework(model, framework)
    styles = _Styles(document)
    findings = []

    # Sections: each ends at the paragraph holding its w:sectPr (the last one at the body's end).
    index_of = {id(el): i for i, el in enumerate(elements)}
    start = 0
    for section in document.sections:
        holder = section._sectPr.getparent()
        end = len(elements) - 1
        if holder is not None and holder.tag == _qn("w:pPr"):
            end = index_of.get(id(holder.getparent()), end)
        for issue in _page_issues(section):
            single = len(document.sections) == 1
            findings.append(Finding(issue.code, issue.message, paragraph=None if single else start,
                                    end_paragraph=None if single else max(start, end)))
        start = end + 1

    # A range runs over paragraphs of one role (body text, say) and closes at the first paragraph
    # of that role without the same deviation; headings in between do not break a body range.
    pending: dict[tuple[str, str], tuple[_Issue, int, int]] = {}
    for index, (paragraph, element) in enumerate(zip(model.paragraphs, elements)):
        if paragraph.in_table or not paragraph.text.strip():
            continue
        role = _role(structure, index)
        issues = {(i.code, role): i for i in _paragraph_issues(styles, element, role,
                                                                 _lead_role(structure, index))}
        for key in [k for k in pending if k[1] == role]:
            issue, first, last = pending[key]
            if issues.get(key) == issue:
                pending[key] = (issue, first, index)
                del issues[key]
            else:
                findings.append(_range_finding(issue, first, last))
                del pending[key]
        for key, issue in issues.items():
            pending[key] = (issue, index, index)
    findings.extend(_range_finding(issue, first, last) for issue, first, last in pending.values())
    findings = [_quoting(f, model) for f in findings]
    disabled = frozenset(disabled) | frozenset(framework.disabled_checks)
    findings = [f for f in findings if f.code not in disabled]
    findings.sort(key=lambda f: (f.paragraph if f.paragraph is not None else -1, f.code))
    return findings


def _quoting(finding: Finding, model) -> Finding:
    """The finding with the text of its first paragraph quoted, so it can be found without
    paragraph numbers (Word and WPS show none)."""
    if finding.paragraph is None or not 0 <= finding.paragraph < len(model.paragraphs):
        return finding
    # A range holds the paragraphs of one role (the headings of a level, say) with others between.
    ranged = finding.end_paragraph is not None and finding.end_paragraph > finding.paragraph
    where = quote(model.paragraphs[finding.paragraph].text, 12) + ("等" if ranged else "")
    return dataclasses.replace(finding, message=f"{where}：{finding.message}")


def _range_finding(issue: _Issue, first: int, last: int) -> Finding:
    return Finding(issue.code, issue.message, paragraph=first, end_paragraph=last if last != first else None)
