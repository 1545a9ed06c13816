"""A mixed set of materials as a reviewer receives them, for the review page's tests: a complete
one, one missing an aspect, a copied pair, one repeating last year's problems, a broken file and a
legacy .doc, plus last year's set. Written for these tests (materials.py and the labelled set)."""
from __future__ import annotations

import json
import re
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


# ---- a unit's set as a 督导组 receives it (tests/e2e/test_review_browser.py) ----------------------
# Nine materials of 2025 from the items of substance_set4.json (different writers, sectors, ranks),
# one preamble everyone copied from the notice (千篇一律: pairs of 15–20% that must not chain the
# set into one cluster), 吴刚's a wholesale copy of 陈立新's, 郑华's 陈立新's problems with 周明's
# causes and measures (one cluster of four), 周明's carried over from his 2024 material: one problem
# word for word, one with 「课后延时服务」 shortened to 「课后服务」.

SET4 = {m["id"]: m for m in json.loads((Path(__file__).parent / "fixtures" / "substance_set4.json")
                                      .read_text(encoding="utf-8"))["materials"]}
_ITEM_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]\s*|[①-⑳]"
                          r"|其[一二三四五六七八九十]+[，、]|第[一二三四五六七八九十]+[，、])")
SHARED_PREAMBLE = "根据{year}年度民主生活会的通知要求，本人认真学习，广泛征求意见，深入查摆问题，现将对照检查情况报告如下。"
CARRIED_WORD_FOR_WORD = "总想学校各方面都走在全区前面"
CARRIED_EDITED = ("课后服务", "课后延时服务")     # this year's words, last year's


def set4_paras(material_id: str, byline: str, framework_id: str = "nianhui-2025", year: int = 2025,
               skip: tuple = (), problems: list[str] | None = None) -> list[tuple[str, str | None]]:
    """A whole material from one of set 4's: its problems spread over the framework's aspects."""
    material = SET4[material_id]
    fw = get_framework(framework_id)
    if problems is None:
        problems = [_ITEM_NUMBER.sub("", p["text"], count=1) for p in material["problems"]]
    dimensions = [d for d in fw.dimensions if d.key not in skip]
    paras = [(f"{year}年度民主生活会个人对照检查材料", "Title"), (byline, None),
             (SHARED_PREAMBLE.format(year=year), None), ("一、存在问题", "Heading 1")]
    for n, d in enumerate(dimensions):
        paras.append((f"（{'一二三四五六'[n]}）{d.title}", "Heading 2"))
        paras += [(f"{'一二三'[j]}是{t}", None) for j, t in enumerate(problems[n::len(dimensions)])]
    for heading, items in (("二、原因剖析", material["causes"]), ("三、整改措施", material["measures"])):
        paras.append((heading, "Heading 1"))
        paras += [(f"{'一二三四五'[j]}是{_ITEM_NUMBER.sub('', c['text'], count=1)}", None) for j, c in enumerate(items)]
    return paras + [("以上对照检查，如有不妥之处，恳请同志们批评指正。", None), (f"{year}年12月28日", None)]


def unit_set() -> dict[str, bytes]:
    chen = set4_paras("set4-4", "柳河乡党委副书记、乡长 陈立新")
    wu = [(t.replace("柳河乡", "桃源乡").replace("东营村", "西岭村"), s) for t, s in chen]
    wu[1] = ("桃源乡党委副书记、乡长 吴刚", None)
    zhou = set4_paras("set4-9", "实验小学党支部书记、校长 周明")
    cut_chen = next(i for i, (t, _) in enumerate(chen) if t == "二、原因剖析")
    cut_zhou = next(i for i, (t, _) in enumerate(zhou) if t == "二、原因剖析")
    zheng = chen[:cut_chen] + zhou[cut_zhou:]
    zheng[1] = ("青山镇党委副书记、镇长 郑华", None)
    paras = {
        "01-公安局-刘建国.docx": set4_paras("set4-1", "县公安局党委委员、副局长 刘建国"),
        "02-二中-孙丽.docx": set4_paras("set4-2", "县第二中学教师 孙丽"),
        "03-柳河乡-陈立新.docx": chen,
        "04-能源集团-王海.docx": set4_paras("set4-5", "北方能源集团党委委员、副总经理 王海"),
        "05-城关派出所-赵磊.docx": set4_paras("set4-6", "城关派出所 赵磊", skip=("strict_governance",)),
        "06-人民医院-李娜.docx": set4_paras("set4-8", "县人民医院心内科护士长 李娜"),
        "07-实验小学-周明.docx": zhou,
        "08-桃源乡-吴刚.docx": wu,
        "09-青山镇-郑华.docx": zheng,
    }
    return {name: M.build_docx(p) for name, p in paras.items()}


def unit_previous_set() -> dict[str, bytes]:
    """周明's 2024 material: this year's problem 「总想学校…」 word for word, the 双减 one with
    「课后延时服务」 where this year says 「课后服务」, other problems of its own; and 陈立新's 2024,
    another material entirely."""
    problems = []
    for n, p in enumerate(SET4["set4-9"]["problems"]):
        text = _ITEM_NUMBER.sub("", p["text"], count=1)
        if CARRIED_WORD_FOR_WORD in text or CARRIED_EDITED[0] in text:
            problems.append(text.replace(*CARRIED_EDITED, 1))
        else:
            problems.append(f"上年度查摆的第{n + 1}个问题，已在年内整改到位并经支部验收销号，这里只作说明，不再展开。")
    zhou = set4_paras("set4-9", "实验小学党支部书记、校长 周明", framework_id="nianhui-2024", year=2024,
                      problems=problems)
    chen = set4_paras("set4-7", "柳河乡党委副书记、乡长 陈立新", framework_id="nianhui-2024", year=2024)
    return {"2024/07-周明-2024.docx": M.build_docx(zhou), "2024/03-陈立新-2024.docx": M.build_docx(chen)}
