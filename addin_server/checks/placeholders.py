"""Leftover scaffold placeholders and generic filler text."""
from __future__ import annotations

from .. import placeholders
from .report import Finding
from .structure import Structure


def check_placeholders(st: Structure):
    for p in st.document.paragraphs:
        found = placeholders.PATTERN.findall(p.text)
        if found:
            more = f"等 {len(found)} 处" if len(found) > 1 else ""
            yield Finding("placeholder.unfilled", f"还有待填写的提示：{found[0]}{more}", p.index, p.index)
        elif placeholders.FILLER_PATTERN.search(p.text):
            filler = placeholders.FILLER_PATTERN.search(p.text).group()
            yield Finding("placeholder.filler", f"疑似未替换的占位文字“{filler}”", p.index, p.index)
