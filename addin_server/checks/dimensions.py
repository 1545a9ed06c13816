"""Dimension sections: every framework dimension present once, in order, with enough items."""
from __future__ import annotations

from .report import Finding
from .structure import Structure, _body_start, _matchers, closest_dimension


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (into `values`) of one longest strictly increasing subsequence."""
    best: list[list[int]] = []
    for i, v in enumerate(values):
        chain = max((c for c in best if values[c[-1]] < v), key=len, default=[])
        best.append(chain + [i])
    return set(max(best, key=len, default=[]))


def check_dimensions(st: Structure):
    fw = st.framework
    order = {d.key: i for i, d in enumerate(fw.dimensions)}
    firsts = []
    for block in st.dimensions:
        dim = fw.dimension(block.key)
        if any(b.key == block.key for b in firsts):
            yield Finding("dimension.duplicated", f"“{dim.title}”出现了不止一次",
                          block.start, block.start, block.key)
            continue
        firsts.append(block)
        if not block.has_body:
            yield Finding("dimension.empty", f"“{dim.title}”只有标题，还没有写具体问题",
                          block.start, block.end, block.key)
        elif len(block.items) < fw.min_items:
            yield Finding("items.too_few",
                          f"“{dim.title}”只列了 {len(block.items)} 条问题，至少应有 {fw.min_items} 条",
                          block.start, block.end, block.key)
    in_order = _longest_increasing([order[b.key] for b in firsts])
    for i, block in enumerate(firsts):
        if i not in in_order:
            dim = fw.dimension(block.key)
            yield Finding("dimension.out_of_order",
                          f"“{dim.title}”的顺序与框架不一致（应为第 {order[block.key] + 1} 个方面）",
                          block.start, block.start, block.key)
    present = {b.key for b in firsts}
    anchor = st.section("problems")
    for dim in fw.dimensions:
        if dim.key not in present:
            yield Finding("dimension.missing", f"缺少“{dim.title}”的对照检查",
                          anchor.start if anchor else None, anchor.start if anchor else None, dim.key)


def check_unrecognised_headings(st: Structure):
    """A heading in 存在问题, marked like the aspect headings, that names no aspect of the framework:
    either the heading strays from the wording or the material follows another framework."""
    if not st.dimensions:
        return   # nothing matched at all: the report's recognition says so once, not per heading
    m = _matchers(st.framework)
    for index in st.unmatched_headings:
        line = st.lines[index]
        text = st.document.paragraphs[index].text.strip()
        key, score, _ = closest_dimension(line.folded[_body_start(line):], m)
        closest = st.framework.dimension(key) if key and score > 0 else None
        hint = (f"最接近的是“{closest.title}”，请按框架的表述改写标题" if closest
                else "请按框架的对照方面改写标题")
        yield Finding("dimension.unrecognised",
                      f"标题“{text[:30]}”对应不上“{st.framework.title}”的任何对照方面；{hint}，"
                      f"或者改用与本文相符的框架",
                      index, index, closest.key if closest else None,
                      details=f"closest={key} score={score:.2f}" if key else None)
