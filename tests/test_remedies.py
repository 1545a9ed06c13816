"""The remedy library: shipped data, parameters, ranking, and rendering to .docx."""
from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from addin_server.frameworks import FrameworkError, default_framework, get_framework, list_frameworks
from addin_server.readers import read_docx
from addin_server.remedies import (
    RemedyDataError, RemedyParameterError, UnknownRemedyError, all_remedies, fill, get_remedy,
    list_remedies, parse_remedies, rank_remedies)
from addin_server.remedies.library import template_variables
from addin_server.render import Selection, SelectionError, render_checklist, render_remedies
from addin_server.render.numerals import chinese_numeral
from addin_server.render.remedies import DefaultsFilled

ALL = all_remedies()


def open_docx(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def minimal(**remedy) -> dict:
    """A valid one-remedy data file for the default framework, with `remedy` keys overridden."""
    entry = {"id": "x-one", "dimension": "theory", "title": "示例措施",
             "text": "{{完成时限}}前完成{{次数}}次。", "parameters": ["完成时限", "次数"],
             "keywords": ["示例"]}
    entry.update(remedy)
    return {"framework": "zhuti-2023",
            "parameters": {"完成时限": {"type": "str", "label": "完成时限"},
                           "次数": {"type": "int", "default": 2},
                           "日期": {"type": "date", "default": dt.date(2025, 6, 30)}},
            "remedies": [entry]}


# ------------------------------------------------------------------------------ shipped data


@pytest.mark.parametrize("framework", list_frameworks(), ids=lambda f: f.id)
def test_every_dimension_has_at_least_four_remedies(framework):
    for dimension in framework.dimensions:
        remedies = list_remedies(framework.id, dimension.key)
        assert len(remedies) >= 4, dimension.key
        assert len({r.title for r in remedies}) == len(remedies)


def test_remedy_ids_are_unique_and_texts_original_to_each():
    assert len({r.id for r in ALL}) == len(ALL)
    assert len({r.text for r in ALL}) == len(ALL)


@pytest.mark.parametrize("remedy", ALL, ids=lambda r: r.id)
def test_every_remedy_fills_with_its_defaults_and_uses_exactly_its_parameters(remedy):
    declared = {p.name for p in remedy.parameters}
    assert template_variables(remedy.text) == declared
    assert all(p.default is not None for p in remedy.parameters if p.required)
    text = fill(remedy)
    assert "{" not in text and "}" not in text
    assert text.endswith("。") and len(text) >= 40
    assert remedy.keywords and all(k.strip() for k in remedy.keywords)


def test_seed_sentences_are_not_copied(shared_dir):
    seed = "".join(p.read_text(encoding="utf-8") for p in (shared_dir / "seed").glob("*.txt"))
    for remedy in ALL:
        text = fill(remedy)
        # no 20-character stretch of any remedy appears in the seed
        assert not any(text[i:i + 20] in seed for i in range(0, max(1, len(text) - 20))), remedy.id


def test_chinese_parameter_names_work_in_jinja():
    remedy = get_remedy("zhuti-2023.theory-study-plan")
    text = fill(remedy, {"完成时限": "9月底", "单位": "市统计局", "每周学习小时": "6"})
    assert "9月底前" in text and "市统计局" in text and "不少于6小时" in text


def test_to_dict_is_json():
    json.dumps([r.to_dict() for r in ALL], ensure_ascii=False)
    data = get_remedy("zhuti-2023.style-formalism").to_dict()
    assert {p["name"] for p in data["parameters"]} == {"分管领域", "完成时限", "精简比例"}


def test_list_and_get_errors():
    with pytest.raises(FrameworkError):
        list_remedies("zhuti-2023", "nonexistent")
    with pytest.raises(FrameworkError):
        list_remedies("no-such-framework")
    with pytest.raises(UnknownRemedyError):
        get_remedy("zhuti-2023.nothing")
    assert list_remedies() == list_remedies(default_framework().id) != []


# ------------------------------------------------------------------------------ parameters


def test_missing_parameters_are_listed():
    (remedy,) = parse_remedies(minimal())
    with pytest.raises(RemedyParameterError) as caught:
        fill(remedy, {})
    assert caught.value.missing == ["完成时限"]
    assert "完成时限" in str(caught.value) and "缺少参数" in str(caught.value)
    assert fill(remedy, {"完成时限": "年底"}) == "年底前完成2次。"


def test_invalid_parameters_are_listed_with_reasons():
    (remedy,) = parse_remedies(minimal(text="{{完成时限}}前{{次数}}次，{{日期}}", parameters=[
        "完成时限", "次数", "日期"]))
    with pytest.raises(RemedyParameterError) as caught:
        fill(remedy, {"次数": "两", "日期": "6月30日"})
    error = caught.value
    assert error.missing == ["完成时限"]
    assert set(error.invalid) == {"次数", "日期"}
    assert error.to_dict()["invalid"]["次数"] == "须为整数"
    assert fill(remedy, {"完成时限": "年底", "次数": 3, "日期": "2025-07-01"}) == "年底前3次，2025年7月1日"
    assert fill(remedy, {"完成时限": "年底"}).endswith("2025年6月30日")
    for bad in (True, -1, 10**6, 2.5):
        with pytest.raises(RemedyParameterError):
            fill(remedy, {"完成时限": "年底", "次数": bad})
    with pytest.raises(RemedyParameterError):
        fill(remedy, {"完成时限": "长" * 100})


def test_values_are_single_line_and_unknown_names_ignored():
    (remedy,) = parse_remedies(minimal())
    assert fill(remedy, {"完成时限": " 6月\n底\x00 ", "其他": "x"}) == "6月 底前完成2次。"


@pytest.mark.parametrize("change, field", [
    ({"dimension": "nope"}, "remedies[0].dimension"),
    ({"text": "{{完成时限}}前完成。"}, "remedies[0].parameters"),  # declared, unused
    ({"text": "{{完成时限}}{{次数}}{{单位}}"}, "remedies[0].text"),  # used, undeclared
    ({"parameters": ["完成时限", "次数", "未定义"]}, "remedies[0].parameters[2]"),
    ({"text": "{{完成时限}前"}, "remedies[0].text"),
    ({"keywords": []}, "remedies[0].keywords"),
    ({"id": "Bad Id"}, "remedies[0].id"),
    ({"defaults": {"次数": "三"}}, "remedies[0].defaults.次数"),
    ({"extra": 1}, "remedies[0]"),
])
def test_loading_names_the_wrong_field(change, field):
    with pytest.raises(RemedyDataError) as caught:
        parse_remedies(minimal(**change), "x.toml")
    assert caught.value.field == field and caught.value.source == "x.toml"


def test_loading_checks_parameter_definitions_and_framework():
    data = minimal()
    data["parameters"]["次数"]["type"] = "float"
    with pytest.raises(RemedyDataError, match="parameters.次数.type"):
        parse_remedies(data)
    data = minimal()
    data["parameters"]["日期"]["default"] = "2025-06-30"
    with pytest.raises(RemedyDataError, match="parameters.日期.default"):
        parse_remedies(data)
    with pytest.raises(RemedyDataError, match="framework"):
        parse_remedies({**minimal(), "framework": "unknown"})
    duplicate = minimal()
    duplicate["remedies"].append(dict(duplicate["remedies"][0]))
    with pytest.raises(RemedyDataError, match="duplicate"):
        parse_remedies(duplicate)


def test_per_remedy_default_overrides_the_shared_one():
    (remedy,) = parse_remedies(minimal(defaults={"次数": 5}))
    assert fill(remedy, {"完成时限": "年底"}) == "年底前完成5次。"


# ------------------------------------------------------------------------------ ranking


def test_ranking_puts_the_obvious_match_first_and_explains_it():
    problems = ["一是文山会海问题仍然突出，发文多、会议长，督查检查和填表报数过多，给基层增加了负担。"]
    ranked = rank_remedies(get_framework("zhuti-2023"), "style", problems)
    remedy, score, matched = ranked[0]
    assert remedy.id == "zhuti-2023.style-formalism"
    assert score > 0 and score > ranked[1].score
    assert {"文山会海", "基层"} <= set(matched)
    assert {r.id for r, _, _ in ranked} == {r.id for r in list_remedies("zhuti-2023", "style")}


# Problems as writers put them, not strung together from the remedy's keywords (checked below):
# the ranking must find the remedy through the ordinary words a problem and its measure share.
@pytest.mark.parametrize("framework_id, dimension, problem, expected", [
    ("zhuti-2023", "integrity", "平时对配偶和孩子的廉洁提醒不经常，亲戚朋友打着我的旗号办事，发现后没有及时制止。",
     "integrity-family"),
    ("zhuti-2023", "theory", "读原著的时间零零碎碎，多是在手机上浏览摘要，对重要篇目没有通读下来。",
     "theory-study-plan"),
    ("nianhui-2024", "strict_governance", "对分管领域管钱管物的岗位盯得不紧，项目审批中存在的漏洞没有及早发现。",
     "sg-key-posts"),
    ("zuzhi-shenghuohui", "vanguard", "单位防汛抢险人手紧张时，我没有主动报名，遇到急难任务总想让年轻同志先上。",
     "vanguard-critical"),
])
def test_ranking_across_frameworks(framework_id, dimension, problem, expected):
    remedy = get_remedy(f"{framework_id}.{expected}")
    assert sum(keyword in problem for keyword in remedy.keywords) <= 2, "write the problem in a writer's words"
    first, second = rank_remedies(framework_id, dimension, [problem])[:2]
    assert first.remedy.id == remedy.id and first.score > second.score, (first, second)


def test_ranking_without_problems_keeps_library_order():
    ranked = rank_remedies("zhuti-2023", "ability", [])
    assert [r.id for r, _, _ in ranked] == [r.id for r in list_remedies("zhuti-2023", "ability")]
    assert all(score == 0 and matched == () for _, score, matched in ranked)
    json.dumps([s.to_dict() for s in ranked], ensure_ascii=False)
    with pytest.raises(FrameworkError):
        rank_remedies("zhuti-2023", "nope", ["x"])


# ------------------------------------------------------------------------------ rendering


def selections_for(framework, params=None):
    return [Selection(d.key, list_remedies(framework.id, d.key)[0].id, params or {})
            for d in framework.dimensions]


@pytest.mark.parametrize("framework", list_frameworks(), ids=lambda f: f.id)
def test_every_shipped_remedy_renders_with_its_defaults(framework):
    selections = [Selection(r.dimension, r.id) for r in list_remedies(framework.id)]
    document = open_docx(render_remedies(framework, selections, grouped=True))
    items = [p for p in document.paragraphs if p.style.name == "公文正文" and p.text]
    assert len(items) == len(selections)
    assert all("{{" not in p.text for p in items)


def test_measures_read_as_numbered_items_under_the_heading_in_dimension_order():
    framework = get_framework("zhuti-2023")
    selections = selections_for(framework)[::-1]  # the writer's order is reversed on purpose
    document = open_docx(render_remedies(framework, selections, with_table=False))
    texts = [p.text for p in document.paragraphs]
    assert document.paragraphs[0].style.name == "一级标题" and texts[0] == "三、整改措施"
    items = texts[1:-1]
    assert len(items) == len(framework.dimensions)
    for n, (text, dimension) in enumerate(zip(items, framework.dimensions), 1):
        remedy = list_remedies(framework.id, dimension.key)[0]
        assert text.startswith(f"{chinese_numeral(n)}是{remedy.title}。")
        assert text.endswith(fill(remedy))
    assert texts[-1] == "" and not document.tables


def test_grouped_measures_restart_numbering_under_dimension_headings():
    framework = get_framework("nianhui-2024")
    selections = [Selection("party_spirit", r.id) for r in list_remedies(framework.id, "party_spirit")[:2]]
    selections.append(Selection("political_discipline", "nianhui-2024.pd-unity"))
    document = open_docx(render_remedies(framework, selections, grouped=True, with_heading=False))
    styled = [(p.style.name, p.text[:2]) for p in document.paragraphs if p.text]
    assert styled == [("二级标题", "（一"), ("公文正文", "一是"), ("二级标题", "（二"),
                      ("公文正文", "一是"), ("公文正文", "二是")]


def test_checklist_table_from_the_same_selection():
    framework = get_framework("zhuti-2023")
    selections = [
        Selection("theory", "zhuti-2023.theory-study-plan", {"完成时限": "9月底"},
                  problem="学习不系统", owner="张三"),
        Selection("responsibility", "zhuti-2023.responsibility-accountability", {}),
    ]
    document = open_docx(render_remedies(framework, selections, with_table=True))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "问题", "措施", "责任人", "时限"]
    assert rows[1] == ["1", "学习不系统", "制定个人理论学习计划", "张三", "9月底前"]
    assert rows[2] == ["2", "担当作为方面存在的问题", "压实责任、督查问效", "本人", "长期坚持"]
    assert document.paragraphs[-1].text == ""
    standalone = open_docx(render_checklist(framework, selections, title="整改清单"))
    assert standalone.paragraphs[0].text == "整改清单"
    assert [[c.text for c in r.cells] for r in standalone.tables[0].rows] == rows


def test_render_errors_name_the_selection():
    framework = get_framework("zhuti-2023")
    with pytest.raises(RemedyParameterError) as caught:
        render_remedies(framework, [
            Selection("theory", "zhuti-2023.theory-study-plan"),
            Selection("ability", "zhuti-2023.ability-research", {"调研课题数": "很多"}),
        ])
    assert caught.value.index == 1 and "调研课题数" in caught.value.invalid
    assert "第 2 条" in str(caught.value)
    # Counted from 1 in the words; the 0-based index and the field stay on the exception.
    for selection, field in ((Selection("theory", "zhuti-2023.style-formalism"), "remedy_id"),
                             (Selection("theory", "nianhui-2024.pd-unity"), "remedy_id"),
                             (Selection("nope", "zhuti-2023.style-formalism"), "dimension")):
        with pytest.raises(SelectionError, match="^第 1 条整改措施：") as caught:
            render_remedies(framework, [selection])
        assert caught.value.field_path() == f"selections.0.{field}"
        assert "selections" not in str(caught.value)
    with pytest.raises(SelectionError, match="请至少选择一条整改措施"):
        render_remedies(framework, [])
    # A mistyped id is named back, with what that aspect offers.
    with pytest.raises(SelectionError, match="“理论学习方面”没有“theory-nope”这条整改措施") as caught:
        render_remedies(framework, [Selection("theory", "zhuti-2023.theory-nope")])
    assert "zhuti-2023." not in str(caught.value)


def test_checker_reads_rendered_measures_as_items():
    from addin_server.checks import analyze

    framework = get_framework("zuzhi-shenghuohui")
    selections = selections_for(framework)
    structure = analyze(read_docx(render_remedies(framework, selections, with_table=True)), framework)
    assert structure.section("measures") is not None
    assert len(structure.measures) == len(selections)


def test_a_title_with_quotes_of_its_own_is_quoted_with_single_quotes_inside():
    """GB/T 15834: quotes inside quotes are single. The writer reads the preview's and the
    notice's lines; “锲而不舍纠治“四风”” reads as two quotations."""
    line = DefaultsFilled("锲而不舍纠治“四风”", (("完成时限", "11月底"),)).line
    assert line.startswith("“锲而不舍纠治‘四风’”按默认值填入了：完成时限写作“11月底”")
    assert line.count("“") == line.count("”") == 2
