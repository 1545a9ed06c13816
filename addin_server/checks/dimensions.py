"""Dimension sections: every framework dimension present once, in order, with enough items."""
from __future__ import annotations

from .report import Finding
from .structure import Structure


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
        written = [i for i in block.items if not i.placeholder]
        if not block.has_body:
            yield Finding("dimension.empty", f"“{dim.title}”只有标题，还没有写具体问题",
                          block.start, block.end, block.key)
        elif len(written) < fw.min_items and len(written) == len(block.items):
            # Items still to fill are reported as placeholders; only a block without any is short.
            yield Finding("items.too_few",
                          f"“{dim.title}”只列了 {len(written)} 条问题，至少应有 {fw.min_items} 条",
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
