"""Leftover scaffold placeholders and generic filler text."""
from __future__ import annotations

from .. import placeholders
from .report import Finding, quote
from .structure import Structure

# Every placeholder starts with 【 and every filler is a run of one of these characters; testing
# for them first (str.__contains__, in C) spares the patterns almost every paragraph.
_PLACEHOLDER_OPEN = "【"
_FILLER_CHARS = ("X", "x", "×", "＊", "*", "○", "□")


def _may_have_filler(text: str) -> bool:
    for char in _FILLER_CHARS:
        if char in text:
            return True
    return False


def check_placeholders(st: Structure):
    for p in st.document.paragraphs:
        text = p.text
        found = placeholders.PATTERN.findall(text) if _PLACEHOLDER_OPEN in text else None
        if found:
            more = f"等 {len(found)} 处" if len(found) > 1 else ""
            yield Finding("placeholder.unfilled",
                          f"还有待填写的提示{quote(found[0], 30)}{more}，请替换为实际内容", p.index, p.index)
        elif _may_have_filler(text):
            filler = placeholders.FILLER_PATTERN.search(text)
            if filler:
                yield Finding("placeholder.filler",
                              f"{quote(filler.group())}像是未替换的占位文字，请改为实际内容",
                              p.index, p.index)
