"""The numbers Word's automatic numbering shows ("（一）", "一、", "1.", "①"), from numbering.xml.

A writer who lets Word number 「（一）理论学习方面」 has only 「理论学习方面」 in the text; the number is
drawn from the paragraph's list (w:numPr numId + ilvl) and the list's definition. To read such a
material as the writer sees it, the reader computes each numbered paragraph's label the way Word
counts: per list, level by level, a level restarting when a shallower one moves on, `%1`…`%9` in
the level's text replaced by each level's count in its own number format.

Kept apart from the document walk (the definitions are parsed once per numbering part and cached;
`ListCounter` holds one document's counts), and free of python-docx: only lxml elements in.
The numbering layer of the .docx reader: may touch the package's numbering part (found through
docx_package.Package) and its elements; may not touch the body walk, styles or the document model
(the walk hands in each numbered paragraph's list and level).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import regexes
from ..lru import LruCache

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
MAX_LEVELS = 9
# A document can define thousands of lists (each pasted list brings its own); a numbering part
# with more than this is read up to it. Labels past it are simply not shown.
MAX_DEFINITIONS = 5000
_REL_NUMBERING = "/numbering"
_NUMBERING_CACHE = LruCache(64)

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PLACEHOLDER = regexes.compile(r"%([1-9])")


@dataclass(frozen=True, slots=True)
class Level:
    number_format: str    # w:numFmt, e.g. decimal, chineseCounting, decimalEnclosedCircle, bullet
    text: str             # w:lvlText, e.g. "（%1）", "%1、", "%1.%2"
    start: int = 1
    legal: bool = False   # w:isLgl: every %n of this level shown in decimal


@dataclass(frozen=True, slots=True)
class NumberingDefinitions:
    """numbering.xml read: each list (w:num) with the levels it shows."""

    levels: dict      # numId → tuple of MAX_LEVELS Level | None (overrides applied)
    counted_by: dict  # numId → key whose counts it shares (lists of one abstract continue)
    restarts: dict    # numId → {ilvl: start} from w:startOverride, applied where it is first used

    @classmethod
    def empty(cls) -> "NumberingDefinitions":
        return cls({}, {}, {})

    @classmethod
    def from_xml(cls, root) -> "NumberingDefinitions":
        if root is None:
            return cls.empty()
        # The namespace of the part itself: transitional, or ISO 29500 Strict's.
        w = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else _W
        abstract: dict[str, tuple] = {}
        for count, element in enumerate(root.iterchildren(f"{w}abstractNum")):
            if count >= MAX_DEFINITIONS:
                break
            abstract[element.get(f"{w}abstractNumId", "")] = _levels(element, w)
        levels, counted_by, restarts = {}, {}, {}
        for count, num in enumerate(root.iterchildren(f"{w}num")):
            if count >= MAX_DEFINITIONS:
                break
            num_id = num.get(f"{w}numId", "")
            ref = num.find(f"{w}abstractNumId")
            abstract_id = ref.get(f"{w}val", "") if ref is not None else ""
            own = list(abstract.get(abstract_id, (None,) * MAX_LEVELS))
            starts = {}
            for override in num.iterchildren(f"{w}lvlOverride"):
                ilvl = _int(override.get(f"{w}ilvl"))
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                replaced = override.find(f"{w}lvl")
                if replaced is not None:
                    own[ilvl] = _level(replaced, w) or own[ilvl]
                start = override.find(f"{w}startOverride")
                if start is not None and _int(start.get(f"{w}val")) is not None:
                    starts[ilvl] = _int(start.get(f"{w}val"))
            levels[num_id] = tuple(own)
            # Word continues a list across w:num entries of the same abstract definition unless
            # one restarts it (that is how "continue numbering" is stored); a restarted one counts
            # on its own.
            counted_by[num_id] = ("num", num_id) if starts else ("abstract", abstract_id)
            if starts:
                restarts[num_id] = starts
        return cls(levels, counted_by, restarts)


def read_numbering(package, main_name: str) -> NumberingDefinitions:
    """The list definitions Word's automatic numbering draws its numbers from: the numbering part
    of the main part `main_name` of `package`, parsed once per distinct part."""
    definitions = package.related_model(main_name, _REL_NUMBERING, "numbering.xml",
                                        NumberingDefinitions.from_xml, _NUMBERING_CACHE)
    return definitions if definitions is not None else NumberingDefinitions.empty()


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _val(element, name: str, w: str) -> str | None:
    child = element.find(f"{w}{name}")
    return child.get(f"{w}val") if child is not None else None


def _level(element, w: str) -> Level | None:
    text = _val(element, "lvlText", w)
    if text is None:
        return None
    legal = element.find(f"{w}isLgl") is not None and _val(element, "isLgl", w) not in ("0", "false")
    start = _int(_val(element, "start", w))
    return Level(_val(element, "numFmt", w) or "decimal", text, start if start is not None else 1, legal)


def _levels(abstract, w: str) -> tuple:
    out = [None] * MAX_LEVELS
    for lvl in abstract.iterchildren(f"{w}lvl"):
        ilvl = _int(lvl.get(f"{w}ilvl"))
        if ilvl is not None and 0 <= ilvl < MAX_LEVELS:
            out[ilvl] = _level(lvl, w)
    return tuple(out)


class ListCounter:
    """One document's list counts, fed the numbered paragraphs in document order."""

    def __init__(self, definitions: NumberingDefinitions):
        self.definitions = definitions
        self.counts: dict = {}
        self.started: set = set()

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        """The number Word shows before this paragraph's text; "" for a bullet, an unknown list or
        numbering switched off (numId 0)."""
        if not num_id or num_id == "0":
            return ""
        levels = self.definitions.levels.get(num_id)
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < MAX_LEVELS else 0
        if levels is None or levels[ilvl] is None:
            return ""
        key = self.definitions.counted_by[num_id]
        counts = self.counts.setdefault(key, [None] * MAX_LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.definitions.restarts.get(num_id, {}).items():
                counts[level] = start - 1
        level = levels[ilvl]
        counts[ilvl] = (counts[ilvl] if counts[ilvl] is not None else level.start - 1) + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counts[deeper] = None
        if level.number_format in ("bullet", "none"):
            return ""

        def shown(match) -> str:
            k = int(match.group(1)) - 1
            at = levels[k] or level
            value = counts[k] if counts[k] is not None else at.start
            return format_number(value, "decimal" if level.legal else at.number_format)

        return _PLACEHOLDER.sub(shown, level.text).strip()


def format_number(n: int, number_format: str) -> str:
    """`n` as Word writes it in `number_format` (w:numFmt); decimal for formats not listed."""
    if number_format in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
                         "taiwaneseCountingThousand", "ideographDigital", "japaneseCounting"):
        return chinese_counting(n)
    if number_format == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL, "拾")
    if number_format in ("ideographTraditional",) and 1 <= n <= len(_TIANGAN):
        return _TIANGAN[n - 1]
    if number_format in ("ideographZodiac",) and 1 <= n <= len(_DIZHI):
        return _DIZHI[n - 1]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if number_format == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)   # ⑴
    if number_format == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)   # ⒈
    if number_format in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if number_format == "decimalZero":
        return f"{n:02d}"
    if number_format in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman.lower() if number_format == "lowerRoman" else roman
    return str(n)


def chinese_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """一 … 十, 十一, 二十, 一百零一 — as Word's chineseCounting writes 1 … 9999."""
    if not 0 < n < 10000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    units = ((1000, "千" if ten == "十" else "仟"), (100, "百" if ten == "十" else "佰"), (10, ten))
    out, zero = "", False
    rest = n
    for value, unit in units:
        d, rest = divmod(rest, value)
        if d:
            if zero:
                out += digits[0]
                zero = False
            out += digits[d] + unit
        elif out:
            zero = True
    if rest:
        if zero:
            out += digits[0]
        out += digits[rest]
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out
