"""Main sections: present, in order, not empty, not repeated."""
from __future__ import annotations

from .report import ERROR, WARNING, Finding
from .structure import Structure

_ORDER = ("problems", "causes", "measures")


def check_sections(st: Structure):
    fw = st.framework
    seen: set[str] = set()
    for block in st.sections:
        section = next(s for s in fw.sections if s.key == block.key)
        if block.key in seen:
            yield Finding("section.duplicated", f"“{section.title}”部分重复出现", block.start, block.start)
            continue
        seen.add(block.key)
        if not block.has_body:
            yield Finding("section.empty", f"“{section.title}”部分只有标题，还没有内容",
                          block.start, block.end)
    for section in fw.sections:
        if section.required and section.key not in seen:
            severity = ERROR
            hint = ""
            if section.role == "problems" and st.dimensions:
                # The dimensions are there, only the 存在问题 heading is not: a weaker finding.
                severity, hint = WARNING, "（已识别出各对照方面，可能只是缺少这一级标题）"
            yield Finding("section.missing", f"缺少“{section.title}”部分{hint}",
                          severity=severity)
    positions = [(st.section(role).start, role) for role in _ORDER if st.section(role)]
    expected = sorted(positions)
    if positions != expected:
        titles = {s.role: s.title for s in fw.sections}
        order = "、".join(titles[r] for r in _ORDER if st.section(r))
        for (start, role), (_, want) in zip(expected, positions):
            if role != want:
                yield Finding("section.out_of_order",
                              f"“{titles[role]}”的位置不对，惯常顺序是：{order}", start, start)
                break
