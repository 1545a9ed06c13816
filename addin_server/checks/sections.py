"""Main sections: present, in order, not empty, not repeated."""
from __future__ import annotations

from ..finding_codes import ERROR, WARNING
from .report import Finding, quote
from .structure import Structure

_ORDER = ("problems", "causes", "measures")


def check_sections(st: Structure):
    fw = st.framework
    text = lambda block: quote(st.document.paragraphs[block.start].text)  # noqa: E731
    first: dict[str, object] = {}
    for block in st.sections:
        if block.key in first:
            yield Finding("section.duplicated",
                          f"{text(block)}与第 {first[block.key].start + 1} 段{text(first[block.key])}是同一部分，"
                          "请把两处内容合并到一处", block.start, block.start)
            continue
        first[block.key] = block
        if not block.has_body:
            yield Finding("section.empty", f"{text(block)}下面还没有内容，请补写这一部分",
                          block.start, block.end)
    roles = {s.key: s.role for s in fw.sections}
    for section in fw.sections:
        if section.required and section.key not in first:
            if section.role == "problems" and st.aspects_as_sections():
                continue   # the aspects are the top-level parts: they are 存在问题
            if section.role == "problems" and st.dimensions:
                # The dimensions are there, only the 存在问题 heading is not: a weaker finding.
                start = st.dimensions[0].start
                yield Finding("section.missing",
                              f"已识别出各对照方面，但缺少“{section.title}”这一级标题，请在"
                              f"{quote(st.document.paragraphs[start].text)}之前补上「一、{section.title}」",
                              start, start, severity=WARNING)
                continue
            # Where it goes: after the main section that precedes it in the usual order.
            order = _ORDER.index(section.role) if section.role in _ORDER else len(_ORDER)
            before = [b for b in first.values() if roles.get(b.key) in _ORDER[:order]]
            if order > 0 and st.aspects_as_sections():
                before.append(st.dimensions[-1])   # the aspects are the parts 存在问题 would head
            last = max(before, key=lambda b: b.start) if before else None
            place = f"，放在{text(last)}部分之后" if last else ""
            yield Finding("section.missing",
                          f"缺少“{section.title}”部分，请补写这一部分{place}",
                          last.end if last else None, last.end if last else None, severity=ERROR)
    positions = [(st.section(role).start, role) for role in _ORDER if st.section(role)]
    expected = sorted(positions)
    if positions != expected:
        titles = {s.role: s.title for s in fw.sections}
        order = "、".join(titles[r] for r in _ORDER if st.section(r))
        for (start, role), (_, want) in zip(expected, positions):
            if role != want:
                yield Finding("section.out_of_order",
                              f"{quote(st.document.paragraphs[start].text)}的位置不对，"
                              f"请按“{order}”的顺序调整各部分", start, start)
                break
