"""Dimension sections: every framework dimension present once, in order, with enough items."""
from __future__ import annotations

from . import numbering as nb
from .report import Finding, quote
from .analysis.lines import body_start
from .analysis.matchers import closest_dimension, matchers_for
from .structure import Structure
from .sequence import label


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (into `values`) of one longest strictly increasing subsequence."""
    best: list[list[int]] = []
    for i, v in enumerate(values):
        chain = max((c for c in best if values[c[-1]] < v), key=len, default=[])
        best.append(chain + [i])
    return set(max(best, key=len, default=[]))


def _heading(st: Structure, block) -> str:
    """The block's heading as written, quoted (the first paragraph's opening for a run-in one)."""
    return quote(st.document.paragraphs[block.start].text)


def _expected_heading(dim, position: int, kind: str | None) -> str:
    """How the missing dimension's heading would read in this document: （四）担当作为方面."""
    number = label(kind, position) if kind in (nb.L1, nb.L2) else ""
    title = dim.title if dim.title.endswith(("方面", "情况")) else f"{dim.title}方面"
    return f"「{number}{title}」"


def check_dimensions(st: Structure):
    fw = st.framework
    order = {d.key: i for i, d in enumerate(fw.dimensions)}
    firsts = []
    for block in st.dimensions:
        dim = fw.dimension(block.key)
        earlier = next((b for b in firsts if b.key == block.key), None)
        if earlier is not None:
            yield Finding("dimension.duplicated",
                          f"{_heading(st, block)}与第 {earlier.start + 1} 段{_heading(st, earlier)}是同一个方面，"
                          "请把两处内容合并到一处",
                          block.start, block.start, block.key)
            continue
        firsts.append(block)
        written = [i for i in block.items if not i.placeholder]
        if not block.has_body:
            yield Finding("dimension.empty",
                          f"{_heading(st, block)}下面还没有具体问题，请写出本方面的问题（一是……二是……）",
                          block.start, block.end, block.key)
        elif len(written) < fw.min_items and len(written) == len(block.items):
            # Items still to fill are reported as placeholders; only a block without any is short.
            yield Finding("items.too_few",
                          f"{_heading(st, block)}只列了 {len(written)} 条问题，至少应有 {fw.min_items} 条，"
                          "请补写",
                          block.start, block.end, block.key)
    in_order = _longest_increasing([order[b.key] for b in firsts])
    for i, block in enumerate(firsts):
        if i not in in_order:
            dim = fw.dimension(block.key)
            yield Finding("dimension.out_of_order",
                          f"{_heading(st, block)}应是第 {order[block.key] + 1} 个方面，"
                          f"请按“{'、'.join(d.title for d in fw.dimensions)}”的顺序调整位置",
                          block.start, block.start, block.key)
    present = {b.key: b for b in firsts}
    anchor = st.section("problems")
    kind = next((b.numbering for b in firsts if b.numbering), None)
    for position, dim in enumerate(fw.dimensions, 1):
        if dim.key in present:
            continue
        wanted = _expected_heading(dim, position, kind)
        before = next((present[d.key] for d in reversed(fw.dimensions[:position - 1]) if d.key in present), None)
        if before is not None:
            # Where to write it: after the dimension that precedes it in the framework.
            where, paragraph = f"{_heading(st, before)}之后缺少{wanted}", before.end
        elif anchor is not None:
            where, paragraph = f"{quote(st.document.paragraphs[anchor.start].text)}下面缺少{wanted}", anchor.start
        else:
            where, paragraph = f"缺少{wanted}", None
        # No front end's button is named here: the message also reaches the CLI and Word comments.
        yield Finding("dimension.missing", f"{where}，请补写这一方面的对照检查",
                      paragraph, paragraph, dim.key)


def check_unrecognised_headings(st: Structure):
    """A heading in 存在问题, marked like the aspect headings, that names no aspect of the framework:
    either the heading strays from the wording or the material follows another framework."""
    m = matchers_for(st.framework)
    for index in st.unmatched_headings:
        line = st.lines[index]
        key, score, _ = closest_dimension(line.folded[body_start(line):], m)
        closest = st.framework.dimension(key) if key and score > 0 else None
        hint = (f"最接近的是“{closest.title}”，请按框架的表述改写标题" if closest
                else "请按框架的对照方面改写标题")
        yield Finding("dimension.unrecognised",
                      f"标题{quote(st.document.paragraphs[index].text)}对应不上“{st.framework.title}”"
                      f"的任何对照方面；{hint}，或者改用与本文相符的框架",
                      index, index, closest.key if closest else None,
                      details=f"最接近的方面是“{closest.title}”，但标题的说法相差较大" if closest else None)
