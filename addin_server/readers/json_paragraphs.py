"""Paragraphs as the task pane sends them: [{"text", "style", "outlineLevel", "isListItem", ...}].

The API validates the shape with marshmallow first; this reader still checks what it relies on,
because the CLI and tests call it directly.
"""
from __future__ import annotations

from ..model import Document, Paragraph
from .errors import InvalidParagraphsError, TooLargeError

DEFAULT_MAX_PARAGRAPHS = 20_000

_HEADING_STYLE_PREFIXES = ("heading ", "标题 ", "标题")


def heading_level_from_style(style: str) -> int | None:
    """'Heading 2' / '标题 2' → 2; Word's built-in heading names in English and Chinese."""
    name = style.strip().lower()
    for prefix in _HEADING_STYLE_PREFIXES:
        if name.startswith(prefix):
            rest = name[len(prefix):].strip()
            if rest.isdigit() and 1 <= int(rest) <= 9:
                return int(rest)
    return None


def _outline_level(raw, style: str) -> int | None:
    # Word reports 1..9 for heading levels and 10 for body text.
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 9:
        return raw
    return heading_level_from_style(style)


MAX_LIST_LABEL = 16
MAX_TABLE_COLUMNS = 63   # Word's limit on the cells of a row


def _table_column(raw) -> int | None:
    """The pane's tableColumn (TableCell.cellIndex): a cell's place in its row, if it is one."""
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_TABLE_COLUMNS:
        return None
    return raw


def read_paragraphs(items, max_paragraphs: int = DEFAULT_MAX_PARAGRAPHS) -> Document:
    if not isinstance(items, (list, tuple)):
        raise InvalidParagraphsError("段落必须是列表", "paragraphs must be a list")
    if len(items) > max_paragraphs:
        raise TooLargeError(f"段落数超过上限 {max_paragraphs}",
                            f"more than {max_paragraphs} paragraphs")
    paragraphs = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InvalidParagraphsError(f"第 {i + 1} 个段落缺少文本",
                                         f"paragraphs[{i}].text must be a string")
        style = item.get("style") or ""
        if not isinstance(style, str):
            raise InvalidParagraphsError(f"第 {i + 1} 个段落的样式无效",
                                         f"paragraphs[{i}].style must be a string")
        nesting = item.get("tableNestingLevel") or 0
        in_table = bool(item.get("inTable", False)) or (isinstance(nesting, int) and nesting > 0)
        label = item.get("listString")
        # Word's / WPS's own number of a list paragraph ("（一）"); a bullet or anything long is
        # not a number a writer reads.
        label = label.strip() if isinstance(label, str) and len(label) <= MAX_LIST_LABEL else ""
        paragraphs.append(Paragraph(
            index=i,
            text=item["text"],
            style=style,
            outline_level=_outline_level(item.get("outlineLevel"), style),
            is_list_item=bool(item.get("isListItem", False)),
            in_table=in_table,
            list_label=label,
            table_column=_table_column(item.get("tableColumn")) if in_table else None,
        ))
    return Document(tuple(paragraphs))
