"""GB/T 9704-2012 (党政机关公文格式) as data, and the one function that applies it to a document.

Every number of the format lives here: page, margins, fonts, sizes, line pitch, heading levels.
The template builder uses `apply()`; the format lint imports `PAGE`, `STYLES`, `FONTS` and the
helpers below to compare a user's document against the same numbers.

Fonts: the standard names the fonts government PCs have (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312,
黑体). Elsewhere they are missing, so each font also lists fallbacks: the font table's `w:altName`
carries them (Word substitutes from it) and the document language is zh-CN, so LibreOffice's and
fontconfig's fallback picks Simplified Chinese glyphs (Noto CJK SC) instead of Japanese ones.
"""
from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass

from ..placeholders import STYLE_NAME as PLACEHOLDER_STYLE_NAME

TWIPS_PER_PT = 20
PT_PER_MM = 72 / 25.4
EMU_PER_TWIP = 635


def mm_to_twips(mm: float) -> int:
    return round(mm * PT_PER_MM * TWIPS_PER_PT)


@dataclass(frozen=True)
class Page:
    """A4 with the standard's margins; 版心 156 × 225 mm holds 22 lines of 28 characters."""

    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    header_mm: float = 15
    footer_mm: float = 18
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_size_pt: float = 16

    @property
    def text_width_twips(self) -> int:
        return mm_to_twips(self.width_mm) - mm_to_twips(self.left_mm) - mm_to_twips(self.right_mm)

    @property
    def text_height_twips(self) -> int:
        return mm_to_twips(self.height_mm) - mm_to_twips(self.top_mm) - mm_to_twips(self.bottom_mm)

    @property
    def line_pitch_twips(self) -> int:
        """Exact line spacing: the type area's height over 22 lines, rounded down so 22 fit."""
        return self.text_height_twips // self.lines_per_page

    @property
    def char_pitch_pt(self) -> float:
        return self.text_width_twips / TWIPS_PER_PT / self.chars_per_line

    @property
    def char_spacing_twips(self) -> int:
        """Character spacing (w:spacing in rPr, 1/20 pt) that fits exactly 28 body characters in a
        156 mm line. A docGrid with w:charSpace does this in Word, but LibreOffice and WPS lay out
        such grids differently (LibreOffice gives 18 characters a line), so the spacing is set on
        the styles instead and the grid only fixes the lines."""
        return math.floor((self.char_pitch_pt - self.body_size_pt) * TWIPS_PER_PT)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(line_pitch_twips=self.line_pitch_twips, char_spacing_twips=self.char_spacing_twips,
                    text_width_twips=self.text_width_twips, text_height_twips=self.text_height_twips)
        return data


@dataclass(frozen=True)
class Font:
    """A font the standard names, and what to use where it is not installed (best first)."""

    name: str
    fallbacks: tuple[str, ...]
    family: str  # the font table's generic family: roman (serif), swiss (sans), modern, script

    def to_dict(self) -> dict:
        return asdict(self)


FONTS: dict[str, Font] = {
    "title": Font("方正小标宋简体", ("华文中宋", "宋体", "SimSun", "Noto Serif CJK SC"), "roman"),
    "fangsong": Font("仿宋_GB2312", ("仿宋", "FangSong", "Noto Serif CJK SC"), "modern"),
    "heiti": Font("黑体", ("SimHei", "Noto Sans CJK SC"), "swiss"),
    "kaiti": Font("楷体_GB2312", ("楷体", "KaiTi", "Noto Serif CJK SC"), "script"),
    "songti": Font("宋体", ("SimSun", "Noto Serif CJK SC"), "roman"),
}

# 号 → points, the sizes the standard uses.
SIZES_PT = {"二号": 22.0, "三号": 16.0, "四号": 14.0}


@dataclass(frozen=True)
class ParagraphStyle:
    name: str
    style_id: str  # ASCII, so Word, LibreOffice and insertFileFromBase64 match it reliably
    font: str  # a key of FONTS
    size_pt: float
    bold: bool = False
    alignment: str = "both"  # w:jc value: both (justified), center, left
    first_line_chars: int = 2  # the standard indents body text and headings by two characters
    outline_level: int | None = None  # 1-based, as the document model and Word's UI count
    keep_with_next: bool = False
    space_after_lines: float = 0
    exact_line_spacing: bool = True
    snap_to_grid: bool = True  # off for the title: 22 pt text would take two grid lines a line

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CharacterStyle:
    name: str
    style_id: str
    color: str  # hex RGB
    shading: str  # hex RGB fill behind the text

    def to_dict(self) -> dict:
        return asdict(self)


TITLE, BYLINE, HEADING_1, HEADING_2, HEADING_3, BODY, SIGNATURE = (
    "公文标题", "署名", "一级标题", "二级标题", "三级标题", "公文正文", "落款")
TABLE_TITLE, TABLE_HEADER, TABLE_TEXT = "表格标题", "表头文字", "表格文字"

STYLES: dict[str, ParagraphStyle] = {s.name: s for s in (
    ParagraphStyle(TITLE, "GongwenTitle", "title", SIZES_PT["二号"], alignment="center",
                   first_line_chars=0, keep_with_next=True, space_after_lines=1,
                   snap_to_grid=False),
    ParagraphStyle(BYLINE, "GongwenByline", "fangsong", SIZES_PT["三号"], alignment="center",
                   first_line_chars=0, keep_with_next=True, space_after_lines=1),
    ParagraphStyle(HEADING_1, "GongwenHeading1", "heiti", SIZES_PT["三号"], outline_level=1,
                   keep_with_next=True),
    ParagraphStyle(HEADING_2, "GongwenHeading2", "kaiti", SIZES_PT["三号"], outline_level=2,
                   keep_with_next=True),
    ParagraphStyle(HEADING_3, "GongwenHeading3", "fangsong", SIZES_PT["三号"], bold=True,
                   outline_level=3, keep_with_next=True),
    ParagraphStyle(BODY, "GongwenBody", "fangsong", SIZES_PT["三号"]),
    # The name and the date under the closing sentence (落款、成文日期): body text set to the right.
    ParagraphStyle(SIGNATURE, "GongwenSignature", "fangsong", SIZES_PT["三号"], alignment="right",
                   first_line_chars=0),
    # The caption reads as body text to the format lint, so it keeps the body font, in bold.
    ParagraphStyle(TABLE_TITLE, "GongwenTableTitle", "fangsong", SIZES_PT["三号"], bold=True,
                   alignment="center", first_line_chars=0, keep_with_next=True),
    ParagraphStyle(TABLE_HEADER, "GongwenTableHeader", "heiti", SIZES_PT["四号"],
                   alignment="center", first_line_chars=0, exact_line_spacing=False,
                   snap_to_grid=False),
    ParagraphStyle(TABLE_TEXT, "GongwenTableText", "fangsong", SIZES_PT["四号"],
                   alignment="left", first_line_chars=0, exact_line_spacing=False,
                   snap_to_grid=False),
)}

PLACEHOLDER_STYLE = CharacterStyle(PLACEHOLDER_STYLE_NAME, "GongwenPlaceholder",
                                   color="1F4E79", shading="FFF2CC")
PAGE = Page()
LANGUAGE = "zh-CN"
PAGE_NUMBER_FONT = "songti"
PAGE_NUMBER_SIZE_PT = SIZES_PT["四号"]


def spec() -> dict:
    """Everything above as plain data (for the format lint, the API and the docs)."""
    return {
        "page": PAGE.to_dict(),
        "fonts": {k: f.to_dict() for k, f in FONTS.items()},
        "styles": {k: s.to_dict() for k, s in STYLES.items()},
        "placeholder_style": PLACEHOLDER_STYLE.to_dict(),
        "language": LANGUAGE,
    }


# ---------------------------------------------------------------------------------------------
# Applying the format with python-docx (imported lazily: the pure core imports this module's data
# without pulling in python-docx).


@functools.lru_cache(maxsize=1)
def _oxml():
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    return qn, OxmlElement


def _child(parent, tag: str, attrs: dict | None = None, replace: bool = True):
    """Get or create `tag` under `parent` and set its w: attributes.

    New children are appended; the schema's order matters in a few places, so callers build
    rPr/pPr from scratch (see _fresh) where order is checked by Word.
    """
    qn, OxmlElement = _oxml()
    element = parent.find(qn(tag))
    if element is None or not replace:
        element = OxmlElement(tag)
        parent.append(element)
    for key, value in (attrs or {}).items():
        element.set(qn(key), str(value))
    return element


def _fresh(parent, tag: str):
    qn, OxmlElement = _oxml()
    old = parent.find(qn(tag))
    new = OxmlElement(tag)
    if old is not None:
        old.addprevious(new)
        parent.remove(old)
    else:
        parent.append(new)
    return new


def _run_properties(rpr, font: Font, size_pt: float | None, bold: bool | None,
                    color: str | None = None, shading: str | None = None,
                    spacing_twips: int | None = None) -> None:
    # Children in the order CT_RPr's schema requires.
    _child(rpr, "w:rFonts", {"w:ascii": font.name, "w:hAnsi": font.name,
                             "w:eastAsia": font.name, "w:cs": font.name})
    if bold is not None:
        _child(rpr, "w:b", {"w:val": "1" if bold else "0"})
        _child(rpr, "w:bCs", {"w:val": "1" if bold else "0"})
    if color:
        _child(rpr, "w:color", {"w:val": color})
    if spacing_twips:
        _child(rpr, "w:spacing", {"w:val": spacing_twips})
    if size_pt is not None:
        _child(rpr, "w:sz", {"w:val": round(size_pt * 2)})
        _child(rpr, "w:szCs", {"w:val": round(size_pt * 2)})
    if shading:
        _child(rpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shading})
    _child(rpr, "w:lang", {"w:val": "en-US", "w:eastAsia": LANGUAGE, "w:bidi": "ar-SA"})


def _paragraph_properties(ppr, style: ParagraphStyle) -> None:
    if style.keep_with_next:
        _child(ppr, "w:keepNext")
    if not style.snap_to_grid:
        _child(ppr, "w:snapToGrid", {"w:val": "0"})
    spacing = {"w:before": 0, "w:after": round(style.space_after_lines * PAGE.line_pitch_twips)}
    if style.exact_line_spacing:
        spacing.update({"w:line": PAGE.line_pitch_twips, "w:lineRule": "exact"})
    else:
        spacing.update({"w:line": 240, "w:lineRule": "auto"})
    _child(ppr, "w:spacing", spacing)
    indent_twips = round(style.first_line_chars * style.size_pt * TWIPS_PER_PT)
    _child(ppr, "w:ind", {"w:firstLine": indent_twips, "w:firstLineChars": style.first_line_chars * 100,
                          "w:left": 0, "w:right": 0})
    _child(ppr, "w:jc", {"w:val": style.alignment})
    if style.outline_level is not None:
        _child(ppr, "w:outlineLvl", {"w:val": style.outline_level - 1})


def character_spacing(style: ParagraphStyle) -> int | None:
    """The condensing that gives 28 characters a line, for the styles set in the body size."""
    return PAGE.char_spacing_twips if style.size_pt == PAGE.body_size_pt else None


def _define_paragraph_style(document, style: ParagraphStyle) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    qn, _ = _oxml()
    existing = next((s for s in document.styles if s.name == style.name), None)
    target = existing or document.styles.add_style(style.name, WD_STYLE_TYPE.PARAGRAPH)
    element = target.element
    element.set(qn("w:styleId"), style.style_id)
    element.set(qn("w:customStyle"), "1")
    # Standalone styles: content inserted into a user's document must keep its look whatever
    # that document's Normal style says, so nothing is inherited.
    for tag in ("w:basedOn", "w:next"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    target.next_paragraph_style = None
    target.quick_style = True
    target.hidden = False
    _paragraph_properties(_fresh(element, "w:pPr"), style)
    _run_properties(_fresh(element, "w:rPr"), FONTS[style.font], style.size_pt, style.bold,
                    spacing_twips=character_spacing(style))
    _order_style_children(element)


def _define_character_style(document, style: CharacterStyle) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    qn, OxmlElement = _oxml()
    existing = next((s for s in document.styles if s.name == style.name), None)
    target = existing or document.styles.add_style(style.name, WD_STYLE_TYPE.CHARACTER)
    target.element.set(qn("w:styleId"), style.style_id)
    target.element.set(qn("w:customStyle"), "1")
    target.quick_style = True
    target.hidden = False
    rpr = _fresh(target.element, "w:rPr")
    _child(rpr, "w:color", {"w:val": style.color})
    _child(rpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": style.shading})
    _order_style_children(target.element)


_STYLE_CHILD_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
                      "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal",
                      "personalCompose", "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr",
                      "tcPr", "tblStylePr")


def _order_style_children(element) -> None:
    qn, _ = _oxml()
    rank = {qn(f"w:{t}"): i for i, t in enumerate(_STYLE_CHILD_ORDER)}
    children = sorted(element, key=lambda c: rank.get(c.tag, len(rank)))
    for child in children:
        element.append(child)


def _doc_defaults(document) -> None:
    """Body font, size and zh-CN language as document defaults, for text outside our styles."""
    qn, OxmlElement = _oxml()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = _child(defaults, "w:rPrDefault")
    body = STYLES[BODY]
    rpr = _fresh(rpr_default, "w:rPr")
    _run_properties(rpr, FONTS[body.font], body.size_pt, None)


def _font_table(document) -> None:
    """Declare our fonts with their fallbacks (w:altName) and GB2312 charset in fontTable.xml."""
    from lxml import etree

    qn, _ = _oxml()
    part = next((p for p in document.part.package.iter_parts()
                 if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:  # python-docx's default template has one; a foreign base may not
        return
    root = etree.fromstring(part.blob)
    for font in FONTS.values():
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == font.name:
                root.remove(old)
        element = etree.SubElement(root, qn("w:font"))
        element.set(qn("w:name"), font.name)
        etree.SubElement(element, qn("w:altName")).set(qn("w:val"), ",".join(font.fallbacks))
        etree.SubElement(element, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(element, qn("w:family")).set(qn("w:val"), font.family)
        etree.SubElement(element, qn("w:pitch")).set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(document) -> None:
    from docx.shared import Emu

    qn, _ = _oxml()
    for section in document.sections:
        section.page_width = Emu(mm_to_twips(PAGE.width_mm) * EMU_PER_TWIP)
        section.page_height = Emu(mm_to_twips(PAGE.height_mm) * EMU_PER_TWIP)
        section.top_margin = Emu(mm_to_twips(PAGE.top_mm) * EMU_PER_TWIP)
        section.bottom_margin = Emu(mm_to_twips(PAGE.bottom_mm) * EMU_PER_TWIP)
        section.left_margin = Emu(mm_to_twips(PAGE.left_mm) * EMU_PER_TWIP)
        section.right_margin = Emu(mm_to_twips(PAGE.right_mm) * EMU_PER_TWIP)
        section.header_distance = Emu(mm_to_twips(PAGE.header_mm) * EMU_PER_TWIP)
        section.footer_distance = Emu(mm_to_twips(PAGE.footer_mm) * EMU_PER_TWIP)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = _child(section._sectPr, "w:docGrid")
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(PAGE.line_pitch_twips))
        grid.attrib.pop(qn("w:charSpace"), None)


def _page_numbers(document) -> None:
    """Footer page number "— 1 —" in 4号宋体, centred (personal materials print one-sided)."""
    qn, OxmlElement = _oxml()
    font = FONTS[PAGE_NUMBER_FONT]
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        ppr = paragraph._p.get_or_add_pPr()
        _child(ppr, "w:jc", {"w:val": "center"})

        def add_run(text=None, field_char=None, instr=None):
            run = paragraph.add_run()
            _run_properties(run._r.get_or_add_rPr(), font, PAGE_NUMBER_SIZE_PT, None)
            if field_char:
                _child(run._r, "w:fldChar", {"w:fldCharType": field_char})
            elif instr:
                element = _child(run._r, "w:instrText", {})
                element.text = instr
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            else:
                run.text = text

        add_run("— ")
        add_run(field_char="begin")
        add_run(instr=" PAGE ")
        add_run(field_char="separate")
        add_run("1")
        add_run(field_char="end")
        add_run(" —")


def apply(document, page_numbers: bool = True) -> None:
    """Give a python-docx Document the standard's page, fonts and named styles.

    Idempotent: applying it to a document that already has the styles redefines them.
    """
    _page_setup(document)
    _doc_defaults(document)
    for style in STYLES.values():
        _define_paragraph_style(document, style)
    _define_character_style(document, PLACEHOLDER_STYLE)
    _font_table(document)
    if page_numbers:
        _page_numbers(document)
