"""The reviewer's ranking (review/batch.py, review/exports.py): copying of half a material is an
error and comes first, similar pairs grouped into clusters, carried-over passages merged per
paragraph (「一字不差」 only when identical), 千篇一律 sentences, substance counts per material, the
per-unit sheet, lists joined so that they cannot be misread, and a header saying what the set is."""
from __future__ import annotations

import io

import pytest

import openpyxl

import materials as M
from review_set import LABELLED, labelled_paras
from addin_server.review.batch import CLUSTER_SHARE, Source, clusters, review_sources
from addin_server.review.shared_sentences import find_shared
from addin_server.review.exports import (material_rows, ranked, render_html, render_xlsx, set_header, unit_rows,
                                         verdict)
from addin_server.review.names import unit_of

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
    assert "第 1 组（3 份）" in page and "不完整 3 份" in page
    assert data["summary"]["copied_half"] == 3 and data["summary"]["clusters"] == 1


def test_a_cluster_and_last_years_problems_come_after_copying_and_before_the_rest():
    """The order a reviewer takes a set in: 大段照搬 first, then the members of a 雷同组 and a
    material whose 存在问题 is half or more last year's (most first), then the rest by name —
    tried with a town's set, where the pair and the trio sat mid-table in pinyin order."""
    files = [{"name": n, "ok": True, "copied": c} for n, c in
             [("a.docx", 0.0), ("b.docx", 0.42), ("c.docx", 0.41), ("d.docx", 0.9), ("e.docx", 0.0),
              ("f.docx", 0.2), ("g.docx", 0.0)]]
    data = {"files": files, "clusters": [["b.docx", "c.docx"]],
            "carried_over": [{"name": "e.docx", "previous": "e0.docx", "ratio": 0.66, "shared_chars": 200, "passages": []},
                             {"name": "g.docx", "previous": "g0.docx", "ratio": 0.3, "shared_chars": 90, "passages": []}]}
    assert [f["name"] for f in ranked(data)] == ["d.docx", "e.docx", "b.docx", "c.docx", "a.docx", "f.docx", "g.docx"]
    assert [r[0] for r in material_rows(data | {"similar": []})][:4] == ["d.docx", "e.docx", "b.docx", "c.docx"]
    # The HTML report says why each is where it is: the share copied, the 雷同组, last year's share.
    pair = {"a": "b.docx", "b": "c.docx", "shared_chars": 300, "ratio": 0.42, "ratio_a": 0.42, "ratio_b": 0.41,
            "passages": []}
    page = render_html(data | {"similar": [pair]})
    assert "66%</span>（e0.docx）" in page and "42%</span>（c.docx）<br>第 1 组" in page
    # Two thirds of its 存在问题 last year's: the verdict says so, in red, however complete it is.
    carried = data | {"similar": [], "files": [{**f, "complete": True, "carried": 0.66 if f["name"] == "e.docx" else 0.0}
                                                for f in files]}
    verdicts = {r[0]: r[5] for r in material_rows(carried)}
    assert verdicts["e.docx"] == "照搬上年度" and verdicts["a.docx"] == "完整"
    assert '<span class="no">照搬上年度</span>' in render_html(carried)
    assert page.index("e0.docx") < page.index("（c.docx）") < page.index(">a.docx<")


class _Pair:
    def __init__(self, a, b, ratio=0.6):
        self.a, self.b, self.ratio = a, b, ratio


def test_clusters_join_pairs_that_share_a_member():
    assert clusters([_Pair("A", "B"), _Pair("B", "C"), _Pair("X", "Y")]) == [("A", "B", "C"), ("X", "Y")]


def test_a_units_common_wording_does_not_chain_the_set_into_one_cluster():
    """Pairs of 15–25% (one preamble, a few stock sentences) stay pairs; only pairs sharing
    CLUSTER_SHARE of a material link it into a cluster."""
    pairs = [_Pair("A", "B", 0.95), _Pair("B", "C", 0.46), _Pair("C", "D", 0.17), _Pair("D", "E", 0.2),
             _Pair("E", "A", 0.15)]
    assert clusters(pairs) == [("A", "B", "C")]
    assert clusters([_Pair("D", "E", CLUSTER_SHARE)]) == [("D", "E")]


NOTICE = ("根据县委办公室关于认真开好本年度县以下党组织领导班子民主生活会的通知要求，本人认真学习了会议规定的学习内容，"
          "深入开展谈心谈话，广泛征求意见建议，深入查摆自身存在的问题。")
STOCK_CAUSES = ["理想信念有所弱化。放松了对世界观、人生观、价值观这个总开关的改造，认为自己在基层工作多年，经受过考验，思想上出现了松懈。",
                "党性修养有所放松。对照党章党规查找自身差距不够经常，批评与自我批评的勇气不足，碰到矛盾绕着走。"]


def test_what_most_of_the_set_says_alike_is_no_copy_and_chains_no_cluster():
    """A town's materials all open with the notice's preamble and give the same stock causes
    (千篇一律, reported as such); that makes no two of them a copy. Only the pair that copied each
    other's problems is a pair and a 雷同组 — tried with 18 materials of one town, where it made
    138 pairs and one 雷同组 of 16."""
    def material(n, material_id):
        paras = [t for t, _ in labelled_paras(material_id, f"某镇副镇长 干部{n}")]
        causes = paras.index("二、原因剖析") + 1
        return paras[:2] + [NOTICE] + paras[2:causes] + STOCK_CAUSES + paras[causes:]

    own = {f"干部{n}.docx": material(n, m) for n, m in enumerate(sorted(LABELLED), start=1)}
    result = review_sources([_source(name, texts) for name, texts in own.items()]
                            + [_source("抄的.docx", own["干部1.docx"][:-2])], jobs=1)
    data = result.to_dict()
    assert [(p["a"], p["b"]) for p in data["similar"]] == [("干部1.docx", "抄的.docx")]
    assert data["clusters"] == [["干部1.docx", "抄的.docx"]]
    # The shared preamble is still there to see, as 千篇一律 in every material.
    assert all(f["codes"].get("review.boilerplate") for f in data["files"])


def test_a_copied_materials_verdict_says_copied_not_incomplete():
    copied = {"ok": True, "complete": False, "copied": 0.95,
              "findings": [{"code": "review.similar", "severity": "error"}]}
    assert verdict(copied) == "大段照搬"
    copied["findings"].append({"code": "structure.missing_dimension", "severity": "error"})
    assert verdict(copied) == "大段照搬，且不完整"
    assert verdict({"ok": True, "complete": False, "copied": 0.3, "findings": []}) == "不完整"
    assert verdict({"ok": True, "complete": True, "copied": 0.2}) == "完整"


def test_the_unit_sheet_counts_a_units_materials_together_whatever_the_posts():
    assert unit_of("柳河乡党委副书记、乡长") == "柳河乡"
    assert unit_of("县公安局党委委员、副局长") == "县公安局"
    assert unit_of("县第二中学教师") == "县第二中学"
    assert unit_of("北方能源集团副总经理") == "北方能源集团"
    assert unit_of("城关派出所") == "城关派出所" and unit_of(None) == ""
    assert unit_of("县政府办公室副秘书长") == "县政府办公室" and unit_of("县财政局一级主任科员") == "县财政局"
    assert unit_of("县水利局总工程师") == "县水利局总工程师"   # a post the shipped words do not know
    data = {"files": [{"name": f"{n}.docx", "ok": True, "complete": True, "unit": u}
                      for n, u in enumerate(["区发改局党组书记、局长", "区发改局副局长", "区财政局副局长", None])]}
    assert sorted((r[0], r[1]) for r in unit_rows(data)) == [("区发改局", 2), ("区财政局", 1), ("未署单位", 1)]


def test_a_towns_team_and_its_renda_chairman_count_under_the_town():
    """Tried with a town's 18 materials: the 班子's own (no byline, its unit in the title) was
    「未署单位」 and the 人大主席 a unit 「石桥镇人大」 of his own."""
    from addin_server.review.batch import guess_writer

    assert unit_of("石桥镇人大主席") == "石桥镇" and unit_of("石桥镇人大副主席") == "石桥镇"
    assert unit_of("县人大常委会副主任") == "县人大常委会"          # the county's 人大 is an organ of its own
    assert unit_of("中共石桥镇委员会") == "石桥镇" and unit_of("区发改局党组") == "区发改局"
    assert unit_of("石桥镇宣传委员") == "石桥镇" and unit_of("石桥镇武装部长") == "石桥镇"
    assert unit_of("中共青山县委组织部副部长") == "青山县委组织部" and unit_of("县委") == "县委"
    team = ["中共石桥镇委员会领导班子2025年度民主生活会对照检查材料", "根据县委统一部署，现将对照检查情况报告如下。"]
    assert guess_writer(team, 0) == ("石桥镇领导班子", "中共石桥镇委员会")
    assert guess_writer(["区发改局党组班子对照检查材料", "区发改局党组"], 0) == ("区发改局领导班子", "区发改局党组")
    assert guess_writer(["2025年度民主生活会个人对照检查材料", "正文。"], 0) == (None, None)
    assert guess_writer(["县统计局2025年度民主生活会对照检查材料", "正文。"], 0) == ("县统计局领导班子", "县统计局")
    # A member's title names the 班子 and the person: not the body's.
    assert guess_writer(["领导班子成员个人对照检查材料", "正文。"], 0) == (None, None)
    assert "领导班子" not in (guess_writer(["区发改局领导班子成员张伟同志个人对照检查材料"], 0)[0] or "")
    data = {"files": [{"name": f"{n}.docx", "ok": True, "complete": True, "unit": u}
                      for n, u in enumerate(["中共石桥镇委员会", "石桥镇党委书记", "石桥镇人大主席"])]}
    assert [(r[0], r[1]) for r in unit_rows(data)] == [("石桥镇", 3)]


def test_an_organisations_posts_are_added_from_its_back_matter_folder(tmp_path, monkeypatch):
    """The posts are data (back_matter.toml [byline] posts): an organisation adds its own, a
    broken file is skipped naming file and field."""
    from addin_server.checks import material_parts
    from addin_server.config import DEFAULTS

    org = tmp_path / "org"
    org.mkdir()
    (org / "posts.toml").write_text('[byline]\nposts = ["总工程师"]\n', encoding="utf-8")
    (org / "broken.toml").write_text('[byline]\nposts = ["(总"]\n', encoding="utf-8")
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(tmp_path / "user"))
    monkeypatch.setattr(material_parts._folders, "_settings", None)
    material_parts.use_settings(DEFAULTS.replace(back_matter_dir=str(org)))
    try:
        assert unit_of("县水利局总工程师") == "县水利局" and unit_of("区发改局副局长") == "区发改局"
        assert any("broken.toml:byline.posts[0]" in p.message for p in material_parts.load_problems())
    finally:
        monkeypatch.undo()
        material_parts.reload()
    assert unit_of("县水利局总工程师") == "县水利局总工程师"


def test_the_result_opens_with_what_the_set_is():
    data = review_sources([_source("一.docx", _variant(1))], jobs=1).to_dict()
    assert data["header"] == set_header(data)
    assert data["header"][1].startswith("材料：1 份") and "来源：上传的文件" in data["header"]


def test_the_header_counts_each_framework_and_names_the_few_following_another():
    """A town's set where one writer took last year's outline: the header says how many follow
    each framework and which material follows the other, not only that the set is mixed."""
    old = labelled_paras("B", "某镇副镇长 马俊")
    from addin_server.frameworks import get_framework

    last_year = get_framework("nianhui-2024")
    heads = [t for t, style in old if style == "Heading 2"]
    renamed = dict(zip(heads, [f"（{'一二三四'[n]}）{d.title}" for n, d in enumerate(last_year.dimensions)]))
    old = [(renamed.get(t, t), style) for t, style in old if style != "Heading 2" or t in renamed]
    sources = [_source(f"干部{n}.docx", _variant(n)) for n in range(1, 4)]
    sources.append(Source("马俊 对照检查材料.docx", M.build_docx(old)))
    data = review_sources(sources, framework_id="auto", jobs=1).to_dict()
    line = data["header"][0]
    titles = {f["name"]: f["framework_title"] for f in data["files"]}
    other = titles["马俊 对照检查材料.docx"]
    assert other == last_year.title and titles["干部1.docx"] != other
    assert line == (f"框架：{titles['干部1.docx']} 3 份；{other} 1 份：「马俊 对照检查材料.docx」"
                    "（本批材料使用了不同框架，请核对）")
    same = review_sources(sources[:2], framework_id="auto", jobs=1).to_dict()["header"][0]
    assert same == f"框架：{titles['干部1.docx']} 2 份"


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


def test_a_passage_is_identical_only_when_it_is_the_whole_paragraph_in_both_years():
    """A run that starts after a changed word (last year 「课后延时服务」, this year 「课后服务」:
    the words before it too short to be a run) is not 「一字不差」; a paragraph that adds a new
    sentence to last year's problem says how much of it is last year's."""
    problem = ("三是落实双减后，课后延时服务的课程我没有亲自审过，秋季学期有家长反映托管班只是看着学生写作业，"
               "我到十月才知道，对课程质量的把关流于形式，没有建立课程审定制度。")
    edited = problem.replace("课后延时服务", "课后服务")
    grown = M.PROBLEMS["theory"][1][0] + ("今年又新出现了学习笔记代抄的情况，支部检查时发现三名同志的笔记字迹相同，"
                                          "我作为书记没有及时组织核查，也没有在支部会上点名批评，相关同志至今没有作出说明。")
    first = M.PROBLEMS["style"][1][0]
    this_year = [edited if t == first else grown if t == M.PROBLEMS["theory"][1][0] else t for t in OWN]
    last_year = [problem if t == first else t for t in OWN]
    result = review_sources([_source("本人.docx", this_year)], [_source("上年度.docx", last_year)], jobs=1)
    passages = result.carried_over[0].passages
    after_edit = next(p for p in passages if "课程我没有亲自审过" in (p.a_text or ""))
    assert not after_edit.identical and after_edit.paragraph_share > 0.8
    old_part = next(p for p in passages if (p.a_text or "").startswith(M.PROBLEMS["theory"][1][0][:20]))
    assert not old_part.identical and old_part.paragraph_share < 0.8
    messages = {f["paragraph"]: f["message"] for f in result.files[0].findings if f["code"] == "review.carried_over"}
    assert "基本相同，只改动了个别字词" in messages[after_edit.a_paragraph]
    assert f"这段中有 {old_part.length} 字与上年度材料「上年度.docx」相同" in messages[old_part.a_paragraph]
    assert sum("一字不差" in m for m in messages.values()) == sum(p.identical for p in passages)


def test_a_word_changed_near_a_paragraphs_start_is_still_mostly_last_years():
    """Tried with a 纪委书记's material: 「站位不够高」→「站位还不高」 in the first clause left a head
    too short to be a run, and the paragraph read 「这段中有 40 字与上年度材料相同」 as if it said
    something new; it is last year's with a word changed. A new sentence added stays new."""
    problem = "一是监督执纪政治站位不够高。对上级交办的问题线索有时就案办案，没有深入分析背后的政治生态问题，以案促改做得不够。"
    added = ("二是深入村组监督不够。对村级三资管理的监督主要依靠村务公开栏，全年实地抽查村账只有4个村。"
             "今年又发现两个村的账目长期没有公开，群众多次反映，我没有及时督促整改。")
    first, second = OWN.index(M.PROBLEMS["style"][1][0]), OWN.index(M.PROBLEMS["style"][1][1])
    last_year = [problem if n == first else added[:added.index("今年")] if n == second else t for n, t in enumerate(OWN)]
    this_year = [problem.replace("不够高", "还不高") if n == first else added if n == second else t
                 for n, t in enumerate(OWN)]
    result = review_sources([_source("本人.docx", this_year)], [_source("上年度.docx", last_year)], jobs=1)
    passages = {p.a_text[:8]: p for p in result.carried_over[0].passages}
    edited, grown = passages[problem[:8]], passages[added[:8]]
    assert not edited.identical and edited.paragraph_share == 1.0
    assert not grown.identical and grown.paragraph_share < 0.8
    messages = {f["paragraph"]: f["message"] for f in result.files[0].findings if f["code"] == "review.carried_over"}
    assert "基本相同，只改动了个别字词" in messages[edited.a_paragraph]
    assert "这段中有" in messages[grown.a_paragraph]


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


def _own_text(seed: int, length: int) -> str:
    """Text no other material holds: CJK characters drawn at random (no 30-character run recurs)."""
    import random
    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(length))


def test_a_share_is_of_the_writers_own_text_not_of_the_masked_common_wording():
    """A short material whose writer copied 60% of another's own text reads 60%, however much of
    it the notice's preamble (masked: most of the set holds it) fills — a reviewer trial's 60%
    copy of a short material read 41%, a 雷同组 instead of 大段照搬."""
    from addin_server.review.similarity import Verifier, boilerplate_hashes, own_length, prepared

    preamble = NOTICE * 3                                  # ~240 characters every material opens with
    own_a = _own_text(1, 300)
    texts = {"甲.docx": preamble + own_a,
             "乙.docx": preamble + own_a[:180] + _own_text(2, 120)}   # 180 of 甲's 300 own characters
    common = boilerplate_hashes([preamble])
    order = {name: n for n, name in enumerate(texts)}
    prepared_of = lambda name: prepared(texts[name], common, order[name])   # noqa: E731
    assert own_length(prepared_of("甲.docx")) == 300
    pair = Verifier(prepared_of, texts.__getitem__).compare("甲.docx", "乙.docx")
    assert pair.shared_chars == 180
    assert round(pair.ratio_a, 2) == 0.6 and round(pair.ratio_b, 2) == 0.6 and round(pair.ratio, 2) == 0.6
    # Of the whole text, masked preamble included, it would read about a third.
    assert pair.shared_chars / len(prepared_of("甲.docx")) < 0.4


def test_the_columns_say_what_a_share_is_of_in_every_export():
    """The workbook's header comments, the report's tooltips and note, and the page's headers
    say the same: shares of the writer's own text, masked wording left out."""
    from pathlib import Path

    from addin_server.review.exports import (CARRIED_SHARE, MATERIAL_COLUMNS, PAIR_COLUMNS, SHARE_NOTES,
                                             SIMILAR_SHARE, render_csv)
    data = {"files": [{"name": "甲.docx", "ok": True, "complete": True, "copied": 0.6}],
            "similar": [{"a": "甲.docx", "b": "乙.docx", "shared_chars": 180, "ratio": 0.6, "ratio_a": 0.6,
                         "ratio_b": 0.6, "passages": []}], "clusters": [], "carried_over": []}
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))
    for sheet, columns in (("材料", MATERIAL_COLUMNS), ("雷同与照搬", PAIR_COLUMNS)):
        header = {c.value: c for c in workbook[sheet][1]}
        for name in set(columns) & set(SHARE_NOTES):
            assert header[name].comment is not None and header[name].comment.text == SHARE_NOTES[name]
    assert workbook["材料"].cell(2, MATERIAL_COLUMNS.index(SIMILAR_SHARE) + 1).value == 0.6
    page = render_html(data)
    assert f'title="{SHARE_NOTES[SIMILAR_SHARE]}">{SIMILAR_SHARE}</th>' in page and "本人所写" in page
    assert render_csv(data).splitlines()[0].count("本人所写") == 2
    review_page = (Path(__file__).parent.parent / "addin_server/pane/review.html").read_text(encoding="utf-8")
    for column in (SIMILAR_SHARE, CARRIED_SHARE):
        assert f'title="{SHARE_NOTES[column]}">{column}</th>' in review_page


@pytest.mark.parametrize("lines, expected", [
    # The posts and places written before a name are cut off it (「成员张伟」 was given as a name).
    (["区发改局领导班子成员张伟同志个人对照检查材料"], ("张伟", "区发改局领导班子成员")),
    (["领导班子成员张伟同志个人对照检查材料"], ("张伟", "领导班子成员")),
    (["石桥镇党委副书记、镇长张伟同志对照检查材料"], ("张伟", "石桥镇党委副书记、镇长")),
    (["村党支部书记李建国同志2025年度组织生活会对照检查材料"], ("李建国", "村党支部书记")),
    (["关于张伟同志的对照检查"], ("张伟", None)),
    (["王芳同志个人对照检查材料"], ("王芳", None)),
    (["欧阳志远同志个人对照检查材料"], ("欧阳志远", None)),
    # Names of 少数民族 in parts, with the middle dot writers type (· or ・).
    (["阿依古丽·买买提同志个人对照检查材料"], ("阿依古丽·买买提", None)),
    (["党委委员热合曼・艾力同志对照检查材料"], ("热合曼・艾力", "党委委员")),
    # Bylines after the title: the post after the name in brackets, posts before it with or
    # without a space, a padded two-character name, a unit with no post.
    (["个人对照检查材料", "张伟（党委副书记）"], ("张伟", "党委副书记")),
    (["个人对照检查材料", "张伟(党委副书记、镇长)"], ("张伟", "党委副书记、镇长")),
    (["个人对照检查材料", "县委常委、副县长 阿依古丽·买买提"], ("阿依古丽·买买提", "县委常委、副县长")),
    (["个人对照检查材料", "县卫健委党组成员、副主任 刘洋"], ("刘洋", "县卫健委党组成员、副主任")),
    (["个人对照检查材料", "党支部书记王　芳"], ("王芳", "党支部书记")),
    (["个人对照检查材料", "区发改局 李强"], ("李强", "区发改局")),
    (["个人对照检查材料", "副县长 张伟"], ("张伟", "副县长")),
])
def test_a_writers_name_is_given_without_the_posts_written_before_it(lines, expected):
    from addin_server.review.batch import guess_writer
    assert guess_writer(lines, 0) == expected


def test_posts_alone_name_no_unit_and_a_standing_committee_is_still_a_unit():
    assert unit_of("领导班子成员") == "" and unit_of("党委副书记") == ""
    assert unit_of("县人大常委会副主任") == "县人大常委会" and unit_of("县委常委、副县长") == ""
    assert unit_of("石桥镇纪委委员") == "石桥镇" and unit_of("青山县县委常委") == "青山县"


def test_a_material_on_another_framework_than_most_of_the_set_says_so_in_its_row():
    """A reviewer trial's material on last year's framework (四个带头) read 「完整」 in green, its row
    saying nothing else; the header alone named it."""
    from addin_server.review.exports import main_framework, source_label

    files = [{"name": f"{n}.docx", "ok": True, "complete": True, "framework_title": "2025年度（五个带头）"}
             for n in range(3)] + [{"name": "旧.docx", "ok": True, "complete": True,
                                    "framework_title": "2024年度（四个带头）"}]
    assert main_framework(files) == "2025年度（五个带头）"
    assert main_framework(files[:2] + files[3:] + [{**files[3], "name": "旧2.docx"}]) is None   # a tie: no majority
    assert main_framework(files[:3]) is None                                                 # one framework
    data = {"files": files, "main_framework": main_framework(files), "similar": [], "clusters": [], "carried_over": []}
    cells = {r[0]: r[4] for r in material_rows(data)}
    assert cells["旧.docx"] == "2024年度（四个带头）（本批多数材料用「2025年度（五个带头）」，请核对是否用错框架）"
    assert cells["0.docx"] == "2025年度（五个带头）"
    assert "请核对是否用错框架" in render_html(data)
    # 「来源：」 says what the source is: a folder named 2025 read as a year.
    assert source_label("/data/督导/2025") == "文件夹「2025」" and source_label("材料.zip") == "压缩包「材料.zip」"
    assert source_label("上传的 6 个文件") == "上传的 6 个文件" and source_label(None) == "上传的文件"


def test_the_workbook_prints_landscape_as_wide_as_the_page_with_its_header_on_every_page():
    data = {"files": [{"name": "甲.docx", "ok": True, "complete": True}], "similar": [], "clusters": [], "carried_over": []}
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
        assert sheet.print_title_cols == "$A:$A"
    # A narrow sheet is fitted to the page's width; the materials sheet's 27 columns go on over
    # a few pages instead of shrinking to a quarter.
    assert all(sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0 for sheet in book)
    assert book["单位汇总"].page_setup.fitToWidth == 1 and book["材料"].page_setup.fitToWidth in (2, 3)
    # Counts centred under their centred headers, not at a column's right edge beside the next one.
    units = book["单位汇总"]
    assert units["A1"].alignment.horizontal == "center" and units["B2"].value == 1
    assert units["B2"].alignment.horizontal == "center"


def test_half_the_problems_repeated_from_last_year_is_carried_over_though_fewer_characters_are():
    """A 督导组 counts problems: a reviewer trial's material with three of five problems last
    year's (two word for word, one with a word changed) read 48% by characters, 「完整」 in green.
    Whole problems repeated count beside characters; the verdict says how many."""
    last_year = M.complete()
    problem_rows = [n for n, (t, style) in enumerate(last_year) if style is None and t[:2] in ("一是", "二是", "三是")
                    and n < next(i for i, (t2, _) in enumerate(last_year) if t2 == "二、原因剖析")]
    this_year = list(last_year)
    for k, n in enumerate(problem_rows[8:]):          # the rest rewritten, long, in this year's words
        this_year[n] = (this_year[n][0][:2] + _own_text(100 + k, 160) + "。", None)
    result = review_sources([_source("今年.docx", [t for t, _ in this_year])], jobs=1,
                            previous=[_source("去年.docx", [t for t, _ in last_year])])
    data = result.to_dict()
    row = data["files"][0]
    (carry,) = data["carried_over"]
    assert carry["ratio"] < 0.5                                   # by characters, under half …
    repeated, items = row["carried_items"]
    assert items == len(problem_rows) and repeated == 8 and row["carried"] == repeated / items
    assert verdict(row) == f"照搬上年度（{items} 条问题中 8 条）"       # … by problems, more than half
    assert row["sort"]["rank"] > 1
