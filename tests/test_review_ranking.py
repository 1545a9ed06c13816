"""The reviewer's ranking (review/batch.py, review/exports.py): copying of half a material is an
error and comes first, similar pairs grouped into clusters, carried-over passages merged per
paragraph (「一字不差」 only when identical), 千篇一律 sentences, substance counts per material, the
per-unit sheet, lists joined so that they cannot be misread, and a header saying what the set is."""
from __future__ import annotations

import io

import openpyxl

import materials as M
from review_set import LABELLED, labelled_paras
from addin_server.review.batch import Source, clusters, review_sources
from addin_server.review.shared_sentences import find_shared
from addin_server.review.exports import material_rows, render_html, render_xlsx, set_header, unit_rows

OWN = [t for t, _ in M.complete()]


def _source(name, texts):
    return Source(name, M.build_docx([(t, None) for t in texts]))


def _variant(n: int) -> list[str]:
    """A material of its own: every problem and measure item rewritten with its writer's facts."""
    out = []
    for t in OWN:
        if t[:2] in ("一是", "二是", "三是", "四是", "五是", "六是"):
            t = t[:2] + f"第{n}位作者在{2020 + n}年写的：" + t[2:] + f"（涉及{n * 7}个科室、{n + 3}项任务）"
        out.append(t)
    return out


def test_half_copied_materials_are_errors_first_and_pairs_form_clusters():
    a = _variant(1)
    copied_b = a[:]                     # B and C copy A wholesale, D is its own
    copied_c = a[:-2] + ["六是另写的一条措施。"]
    own = Source("丁.docx", M.build_docx(labelled_paras("B", "区财政局副局长 李强")))
    result = review_sources([own, _source("甲.docx", a), _source("乙.docx", copied_b),
                             _source("丙.docx", copied_c)], jobs=1)
    data = result.to_dict()
    assert [sorted(c) for c in data["clusters"]] == [sorted(["丙.docx", "乙.docx", "甲.docx"])]
    by_name = {f["name"]: f for f in data["files"]}
    for name in ("甲.docx", "乙.docx", "丙.docx"):
        similar = [f for f in by_name[name]["findings"] if f["code"] == "review.similar"]
        assert similar and all(f["severity"] == "error" for f in similar)
        assert "大段照搬" in similar[0]["message"] and not by_name[name]["complete"]
    rows = material_rows(data)
    assert [r[0] for r in rows][-1] == "丁.docx"        # the copies come first
    assert all("第 1 组" in r for r in rows[:3]) and "第 1 组" not in rows[-1]
    page = render_html(data)
    assert "第 1 组（3 份）" in page
    assert data["summary"]["copied_half"] == 3 and data["summary"]["clusters"] == 1


def test_clusters_join_pairs_that_share_a_member():
    class P:
        def __init__(self, a, b):
            self.a, self.b = a, b

    assert clusters([P("A", "B"), P("B", "C"), P("X", "Y")]) == [("A", "B", "C"), ("X", "Y")]


def test_a_carried_over_paragraph_with_one_character_changed_is_one_passage_not_identical():
    problem = ("一是学习的系统性不强。读原著时跟着会议安排走，碰到哪篇学哪篇，没有列出自己的书目计划，"
               "对新思想的内在逻辑把握得不够连贯，学用结合还不够紧密，研讨发言多引用原文而联系实际少。")
    changed = problem.replace("碰到哪篇学哪篇", "碰到哪篇读哪篇")
    this_year = [changed if t == M.PROBLEMS["theory"][1][0] else t for t in OWN]
    last_year = [problem if t == M.PROBLEMS["theory"][1][0] else t for t in OWN]
    identical_year = list(last_year)
    result = review_sources([_source("本人.docx", this_year), _source("未改.docx", identical_year)],
                            [_source("上年度.docx", last_year)], jobs=1)
    carried = {c.name: c for c in result.carried_over}
    changed_passages = [p for p in carried["本人.docx"].passages if "碰到哪篇" in (p.a_text or "")]
    assert len(changed_passages) == 1 and not changed_passages[0].identical
    messages = [f["message"] for f in next(f for f in result.files if f.name == "本人.docx").findings
                if f["code"] == "review.carried_over" and "碰到哪篇" in f["message"]]
    assert messages and "基本相同" in messages[0] and "一字不差" not in messages[0]
    same = next(f for f in result.files if f.name == "未改.docx")
    assert any("一字不差" in f["message"] for f in same.findings if f["code"] == "review.carried_over")


def test_sentences_many_materials_share_are_boilerplate_not_titles_or_rare_ones():
    shared = "坚持以问题为导向，把自己摆进去、把职责摆进去、把工作摆进去，逐条对照查摆"
    texts = {f"材料{n}": "\n".join([M.TITLE, "一、存在问题", f"第{n}位写的开头，各不相同，第{n}段。",
                                   *([shared + "。"] if n < 3 else []), f"结尾{n}，各不一样的话写了{n}句。"])
             for n in range(5)}
    found = find_shared(texts)
    assert set(found) == {"材料0", "材料1", "材料2"}          # the title is everyone's, not counted
    assert all(len(v) == 1 and v[0][1].text == shared for v in found.values())
    assert not find_shared({k: v for k, v in texts.items() if k in ("材料0", "材料1")})  # two are not many


def test_boilerplate_findings_and_substance_counts_reach_the_rows():
    shared = "坚持以问题为导向，把自己摆进去、把职责摆进去、把工作摆进去，逐条对照查摆。"
    sources = []
    for n, material in enumerate(sorted(LABELLED)[:4]):
        paras = labelled_paras(material, f"某局干部 张{n}")
        if n < 3:
            paras = paras[:3] + [(shared, None)] + paras[3:]
        sources.append(Source(f"材料{n}.docx", M.build_docx(paras)))
    data = review_sources(sources, jobs=1).to_dict()
    by_name = {f["name"]: f for f in data["files"]}
    for n in range(4):
        # The labelled_paras cause sentence is in all four; the added one in three.
        found = [f for f in by_name[f"材料{n}.docx"]["findings"] if f["code"] == "review.boilerplate"]
        assert len(found) == 1 and f"相同的句子 {2 if n < 3 else 1} 句" in found[0]["details"], (n, found)
        assert "4 份材料都有" in found[0]["message"]
        assert by_name[f"材料{n}.docx"]["substance"]["review.boilerplate"] == 1


def test_the_workbook_has_a_unit_sheet_and_lists_joined_so_they_cannot_be_misread():
    dropped = {*M.PROBLEMS["integrity"][1], *M.PROBLEMS["style"][1]}
    lacking = [t for t in OWN if t not in dropped and not t.endswith(("工作作风方面", "廉洁自律方面"))]
    data = review_sources([_source("一.docx", lacking), _source("二.docx", _variant(2))], jobs=1).to_dict()
    row = next(r for r in material_rows(data) if r[0] == "一.docx")
    assert "工作作风；廉洁自律" in row and not any("、廉洁" in str(c) for c in row)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))
    assert "单位汇总" in book.sheetnames
    units = unit_rows(data)
    assert sum(r[1] for r in units) == 2
    header = set_header(data)
    assert header[0].startswith("框架：") and "2 份" in header[1] and header[2] == "来源：上传的文件"
    page = render_html(data)
    assert "文件夹：</span>" not in page and "审阅日期" in page
