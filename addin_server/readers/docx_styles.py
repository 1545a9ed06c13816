"""Paragraph styles of a .docx with their inheritance resolved: the part of python-docx's `styles`
the reader needs. Each paragraph style's name (as Word shows it), outline level and list
numbering, inherited along w:basedOn, read once per styles part.

May touch: the package's styles part (found through docx_package.Package), its elements by the
names in docx_tags.py. May not touch: zip or XML hardening (below), the body or the document model.

Why cached: documents made from the same template (python-docx's default styles.xml alone is
350 KB, ~3 ms to parse) would otherwise pay more for styles than for text; the table is keyed by a
digest of the part's compressed bytes (docx_package.Package.related_model).
"""
from __future__ import annotations

import functools
import re

from ..lru import LruCache
from .docx_tags import Tags, outline_value
from .json_paragraphs import heading_level_from_style

_REL_STYLES = "/styles"
_STYLE_CACHE = LruCache(64)


def read_styles(package, main_name: str, tags: Tags) -> "StyleTable":
    """The style table of the main part `main_name` of `package` (empty when it has no styles)."""
    table = package.related_model(main_name, _REL_STYLES, "styles.xml", functools.partial(_table_of, tags=tags),
                                  _STYLE_CACHE, tags.p)
    return table if table is not None else StyleTable.empty()


def _table_of(root, *, tags: Tags) -> "StyleTable":
    return StyleTable.from_xml(root, tags) if root is not None else StyleTable.empty()


class StyleInfo:
    __slots__ = ("name", "outline_level", "is_list_item", "numbering")

    def __init__(self, name: str, outline_level: int | None, is_list_item: bool,
                 numbering: tuple | None = None):
        self.name = name
        self.outline_level = outline_level
        self.is_list_item = is_list_item
        self.numbering = numbering   # (numId, ilvl) of the list the style numbers its paragraphs in


_ID_DIGIT = re.compile(r"(?<=\D)(\d)$")


class StyleTable:
    """Paragraph styles by styleId with basedOn chains already resolved."""

    __slots__ = ("by_id", "default")

    def __init__(self, by_id: dict, default: StyleInfo):
        self.by_id = by_id
        self.default = default

    @classmethod
    def empty(cls) -> "StyleTable":
        return cls({}, StyleInfo("", None, False))

    def get(self, style_id: str) -> StyleInfo:
        info = self.by_id.get(style_id)
        if info is None:
            # A style id with no definition: the id is the best name there is (Word shows the same).
            # Built-in ids drop the space of their names ("Heading1" for "heading 1").
            spaced = _ID_DIGIT.sub(r" \1", style_id)
            info = StyleInfo(style_id, heading_level_from_style(spaced), False)
        return info

    @classmethod
    def from_xml(cls, root, tags: Tags) -> "StyleTable":
        # One pass filtered in C over the few tags that matter (a styles part may hold thousands
        # of styles); parents are checked so only a paragraph style's own w:name, w:basedOn and
        # w:pPr settings count (not those of table-style parts or former properties).
        raw = {}
        default_id = None
        record = style_el = None
        STYLE, NAME, BASED, OUTLINE, NUMPR, PPR = (
            tags.style, tags.name, tags.basedOn, tags.outlineLvl, tags.numPr, tags.pPr)
        for el in root.iter(STYLE, NAME, BASED, OUTLINE, NUMPR):
            tag = el.tag
            if tag == STYLE:
                record = style_el = None
                if el.getparent() is not root or el.get(tags.type, "paragraph") != "paragraph":
                    continue
                style_id = el.get(tags.styleId)
                if not style_id:
                    continue
                style_el = el
                # [name, basedOn, outline, numbered]
                record = raw[style_id] = [None, None, None, None]
                if el.get(tags.default) in ("1", "true", "on") and default_id is None:
                    default_id = style_id
                continue
            if record is None:
                continue
            parent = el.getparent()
            if tag == NAME:
                if parent is style_el and record[0] is None:
                    record[0] = el.get(tags.val, "")
            elif tag == BASED:
                if parent is style_el and record[1] is None:
                    record[1] = el.get(tags.val)
            elif parent.tag == PPR and parent.getparent() is style_el:
                if tag == OUTLINE:
                    if record[2] is None:
                        record[2] = outline_value(el, tags)
                elif record[3] is None:
                    record[3] = _num_pr_list(el, tags)
        for style_id, record in raw.items():
            raw[style_id] = (_ui_name(record[0] if record[0] is not None else style_id),
                             record[1], record[2], record[3])
        resolved = _resolve_styles(raw)
        default = resolved.get(default_id) if default_id else None
        return cls(resolved, default or StyleInfo("", None, False))


_NOT_SET = object()


def _resolve_styles(raw: dict) -> dict:
    """Each style's outline level and list numbering, inherited along basedOn, each style
    resolved once: a chain is followed until a style already resolved, and every style on the
    way is resolved from there back (a chain of n styles costs n steps, not n²/2). A cycle in a
    crafted file ends the chain where it closes."""
    inherited: dict = {}  # style id → (outline, numbered), either possibly _NOT_SET
    for start in raw:
        path = []
        on_path = set()
        current = start
        while current in raw and current not in inherited and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = raw[current][1]
        outline, numbered = inherited.get(current, (_NOT_SET, _NOT_SET))
        for style_id in reversed(path):
            _, _, style_outline, style_numbered = raw[style_id]
            if style_outline is not None:
                outline = style_outline
            if style_numbered is not None:
                numbered = style_numbered
            inherited[style_id] = (outline, numbered)
    resolved = {}
    for style_id, (outline, numbered) in inherited.items():
        name = raw[style_id][0]
        level = heading_level_from_style(name) if outline is _NOT_SET else outline
        listed = numbered is not _NOT_SET and numbered is not False
        resolved[style_id] = StyleInfo(name, level, listed, numbered if listed else None)
    return resolved



def _num_pr_list(num_pr, tags: Tags):
    """A style's w:numPr: False when it removes numbering (numId 0), else (numId, ilvl), either
    None when not given."""
    num_id = num_pr.find(tags.numId)
    value = num_id.get(tags.val, "").strip() if num_id is not None else None
    if value == "0":
        return False
    ilvl = num_pr.find(tags.ilvl)
    level = ilvl.get(tags.val, "").strip() if ilvl is not None else ""
    return (value or None, int(level) if level.isdigit() else None)


# Word stores the built-in names of these styles in lower case ("heading 1") and shows them
# capitalised: python-docx's BabelFish table (docx.styles), written out here because importing
# python-docx for it costs a one-shot `check` about 40 ms, a tenth of its run;
# tests/test_docx_reader.py keeps the two equal.
UI_STYLE_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
                  **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}


def _ui_name(name: str) -> str:
    # Follow python-docx's names so they match what the task pane reports.
    return UI_STYLE_NAMES.get(name, name)

