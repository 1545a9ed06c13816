"""Apply findings' fixes to a .docx, changing only the characters they replace.

An Edit names a span of one model paragraph's text as the reader gives it. Here each character of
that text is traced back to the `w:t` element (and the offset in it) it came from; the span's
characters are replaced inside those elements, so the runs keep their properties (font, bold,
colour…) and every other run, paragraph, comment and setting is left byte for byte as it was. The
replacement takes the formatting of the first character it replaces (as Word's own 替换 does).

A paragraph whose text here differs from the reader's (a deleted paragraph mark joining two
paragraphs, text in a text box of its own) and an edit over a tab, a break or a field are skipped,
not guessed: they are counted and the finding stays for the writer.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..checks.report import Edit, non_overlapping
from ..readers import read_docx
from ..review.paragraph_map import model_to_elements, open_docx


@dataclass(frozen=True)
class FixResult:
    data: bytes           # the corrected .docx (the input itself when nothing was applied)
    applied: int          # edits made
    skipped: int          # edits that could not be placed (see the module docstring)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _characters(p) -> list[tuple[object, int] | None]:
    """For each character of the paragraph's text (as the reader builds it), its (w:t, offset);
    None for a character that is not in a w:t (tab, break, non-breaking hyphen)."""
    return [None if i is None else (el, i) for el, i in character_elements(p)]


def character_elements(p) -> list[tuple[object, int | None]]:
    """For each character of the paragraph's text (as the reader builds it), the element it
    comes from: (w:t, offset in its text), or (the w:tab / w:br / … element, None)."""
    t, tab, ptab, br, cr, nbh = (_qn(x) for x in ("w:t", "w:tab", "w:ptab", "w:br", "w:cr", "w:noBreakHyphen"))
    hidden = {_qn("w:txbxContent"), _qn("w:del"), _qn("w:moveFrom"), _qn("w:rt"),
              "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
    out: list[tuple[object, int | None]] = []
    for el in p.iter(t, tab, ptab, br, cr, nbh):
        if any(a.tag in hidden for a in _ancestors(el, p)):
            continue
        if el.tag == t:
            out.extend((el, i) for i in range(len(el.text or "")))
        else:
            out.append((el, None))
    return out


def _ancestors(el, stop):
    node = el.getparent()
    while node is not None and node is not stop:
        yield node
        node = node.getparent()


def _replace(chars, edit: Edit) -> bool:
    """Replace chars[edit.start:edit.end] by the replacement, inside their w:t elements."""
    span = chars[edit.start:edit.end]
    if any(c is None for c in span):
        return False
    if not span:
        # An insertion goes into the w:t of the character before it (or after, at the start).
        if edit.start > 0 and chars[edit.start - 1] is not None:
            el, i = chars[edit.start - 1]
            _set_text(el, el.text[:i + 1] + edit.replacement + el.text[i + 1:])
            return True
        if edit.start < len(chars) and chars[edit.start] is not None:
            el, i = chars[edit.start]
            _set_text(el, el.text[:i] + edit.replacement + el.text[i:])
            return True
        return False
    # Per element, the offsets to cut, from the last element back so offsets stay valid.
    by_element: dict = {}
    order = []
    for el, i in span:
        if el not in by_element:
            by_element[el] = [i, i + 1]
            order.append(el)
        else:
            by_element[el][1] = i + 1
    first = order[0]
    for el in reversed(order):
        lo, hi = by_element[el]
        insert = edit.replacement if el is first else ""
        _set_text(el, el.text[:lo] + insert + el.text[hi:])
    return True


def _set_text(el, text: str) -> None:
    el.text = text
    if text != text.strip() or "  " in text:
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def apply_fixes(data: bytes, edits) -> FixResult:
    """`data` with `edits` (Edit objects against read_docx(data)'s paragraphs) applied. Raises
    readers' DocumentError for files it cannot open."""
    model = read_docx(data)  # validates the untrusted bytes before python-docx parses them
    edits = non_overlapping(edits)
    if not edits:
        return FixResult(data, 0, 0)
    document = open_docx(data)
    elements = model_to_elements(document, len(model.paragraphs))
    applied, skipped = apply_edits(elements, model, edits)
    if not applied:
        return FixResult(data, 0, skipped)
    out = io.BytesIO()
    document.save(out)
    return FixResult(out.getvalue(), applied, skipped)


def apply_edits(elements, model, edits) -> tuple[int, int]:
    """Apply `edits` (non-overlapping, against `model`'s paragraphs) to the paragraphs'
    elements (`model_to_elements`) in place; (applied, skipped)."""
    applied = skipped = 0
    for index in sorted({e.paragraph for e in edits}):
        mine = [e for e in edits if e.paragraph == index]
        if not 0 <= index < len(elements):
            skipped += len(mine)
            continue
        chars = _characters(elements[index])
        if not _same_text(chars, model.paragraphs[index].text):
            skipped += len(mine)
            continue
        for edit in sorted(mine, key=lambda e: e.start, reverse=True):
            if edit.end > len(chars) or not _replace(chars, edit):
                skipped += 1
            else:
                applied += 1
    return applied, skipped


def _same_text(chars, text: str) -> bool:
    """The characters spell the reader's text (tabs, breaks and hyphens are the None entries)."""
    if len(chars) != len(text):
        return False
    return all((c is None and ch in "\t\n-") or (c is not None and (c[0].text or "")[c[1]] == ch)
               for c, ch in zip(chars, text))


def edits_of(findings, codes=None, unsafe: bool = False) -> list[Edit]:
    """The edits of the findings' fixes: of the given codes only (all when None), and only the
    safe ones unless `unsafe`."""
    wanted = None if codes is None else frozenset(codes)
    return [e for f in findings
            if f.fix is not None and (unsafe or f.fix.safe) and (wanted is None or f.code in wanted)
            for e in f.fix.edits]
