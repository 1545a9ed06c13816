"""A mixed set of materials as a reviewer receives them, for the review page's tests: a complete
one, one missing an aspect, a copied pair, one repeating last year's problems, a broken file and a
legacy .doc, plus last year's set. Written for these tests (materials.py and the labelled set)."""
from __future__ import annotations

import json
from pathlib import Path

import materials as M
from addin_server.frameworks import get_framework

LABELLED = {m["id"]: m for m in json.loads((Path(__file__).parent / "fixtures" / "correspondence_labelled.json")
                                           .read_text(encoding="utf-8"))["materials"]}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048


def labelled_paras(material_id: str, byline: str, drop: str | None = None, year: int = 2023):
    material = LABELLED[material_id]
    fw = get_framework(material["framework"])
    by_dimension: dict[str, list[str]] = {}
    for p in material["problems"]:
        by_dimension.setdefault(p["dimension"], []).append(p["text"])
    paras = [(f"{year}年度专题民主生活会个人对照检查材料", "Title"), (byline, None), ("一、存在问题", "Heading 1")]
    for n, (key, items) in zip("一二三四五六", [(k, v) for k, v in by_dimension.items() if k != drop]):
        paras.append((f"（{n}）{fw.dimension(key).title}", "Heading 2"))
        paras.extend((t, None) for t in items)
    paras += [("二、原因剖析", "Heading 1"), ("一是对自己要求有所放松，学习和工作中标准不够高。", None),
              ("三、整改措施", "Heading 1")]
    return paras + [(m["text"], None) for m in material["measures"]]


def with_byline(paras, byline: str):
    return [paras[0], (byline, None), *paras[1:]]


def near_copy(paras, byline: str):
    """What a copier hands in: own byline, a few words swapped, one paragraph dropped."""
    swapped = [(t.replace("信息化", "数字化").replace("窗口", "服务大厅").replace("一是", "首先"), s) for t, s in paras]
    swapped[1] = (byline, None)
    return swapped[:6] + swapped[7:]


def last_year_of_wang():
    """Last year's material by the same writer: this year's problems of 理论学习 and 工作作风 word
    for word, the rest different."""
    this_year = M.PROBLEMS
    paras = [("2022年度民主生活会个人对照检查材料", "Title"), ("区发改局党组书记、局长 王　芳", None),
             ("一、存在问题", "Heading 1"), ("（一）理论学习方面", "Heading 2"), *[(t, None) for t in this_year["theory"][1][:2]],
             ("（二）工作作风方面", "Heading 2"), *[(t, None) for t in this_year["style"][1][:2]],
             ("二、原因剖析", "Heading 1"), ("一是放松了对主观世界的改造，满足于完成规定动作。", None),
             ("三、整改措施", "Heading 1"), ("一是坚持每周集中学习半天，围绕审批改革开展专题研讨。", None)]
    return paras


def current_set() -> dict[str, bytes]:
    return {
        "完整-王芳.docx": M.build_docx(with_byline(M.complete(), "区发改局党组书记、局长 王　芳")),
        "缺少方面-李强.docx": M.build_docx(labelled_paras("B", "区财政局副局长 李强", drop="integrity")),
        "张伟.docx": M.build_docx(labelled_paras("A", "区审批局局长 张伟")),
        "赵敏.docx": M.build_docx(near_copy(labelled_paras("A", "x"), "区审批局副局长 赵敏")),
        "损坏的文件.docx": b"PK\x03\x04 this archive was cut off in the middle",
        "旧版材料.doc": OLE2,
    }


def previous_set() -> dict[str, bytes]:
    return {
        "2022/王芳.docx": M.build_docx(last_year_of_wang()),
        "2022/刘洋.docx": M.build_docx(labelled_paras("E", "区水务局局长 刘洋", year=2022)),
    }



def fast_docx(paras) -> bytes:
    """Many distinct files fast (bench.generate.swap_body): for tests that need hundreds."""
    from bench.generate import swap_body

    if _BASE[0] is None:
        _BASE[0] = M.build_docx([("样式", "Heading 1")])
    return swap_body(_BASE[0], paras)


_BASE: list = [None]
