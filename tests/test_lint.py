"""Writing lint: every rule with cases it must flag and cases it must leave alone."""
from __future__ import annotations

import dataclasses

import pytest

import materials as M
from addin_server.checks import analyze, check, lint
from addin_server.frameworks import get_framework, parse_framework
from addin_server.frameworks.loader import FrameworkError
from addin_server.model import Document


def findings(rule, texts, framework=None):
    st = analyze(Document.from_texts(texts), framework or get_framework("zhuti-2023"))
    return list(rule(st))


def flagged(rule, text):
    return bool(findings(rule, [text]))


# ---------------------------------------------------------------- half-width punctuation

@pytest.mark.parametrize("text", [
    "对于个别干部行为违规逾矩,以及推进中的矛盾",
    "存在的问题主要有三个方面;一是学习不够",
    "整改时限:2024年6月底前",
    "(一)理论学习方面",
    "在学习方面(含党史学习)还有差距",
    "学习成效为3.5,我们还需努力",
    "对此缺乏思考?还需加强",
    "学习不够深入.另外还存在",
])
def test_halfwidth_punctuation_flagged(text):
    assert flagged(lint.halfwidth_punctuation, text)


@pytest.mark.parametrize("text", [
    "学习成效提高了3.5个百分点，完成率达到99.5%。",
    "会议于10:30开始，持续到11:45。",
    "全年投入3,500万元。",
    "熟练使用Word, Excel等办公软件。",
    "系统版本v1.2已经上线。",
    "【请填写:本人在理论学习方面的问题】",
    "详见中发〔2023〕6号文件。",
    "参照 ISO 9001(2015) 的要求。",
])
def test_halfwidth_punctuation_not_flagged(text):
    assert not flagged(lint.halfwidth_punctuation, text)


def test_halfwidth_message_names_the_mark_and_its_fix():
    (f,) = findings(lint.halfwidth_punctuation, ["标题", "行为违规逾矩,以及"])
    assert f.paragraph == 1 and f.code == "lint.halfwidth_punctuation"
    assert "," in f.message and "，" in f.message and "违规逾矩,以及" in f.message


# ---------------------------------------------------------------- unpaired marks

@pytest.mark.parametrize("text", [
    "学习成效未能达到“事半功倍",
    "认真学习《论党的自我革命，体会深刻",
    "对照要求（特别是第三条，查找差距",
    "存在问题】较多",
    "他说‘要学深悟透”",
])
def test_unpaired_marks_flagged(text):
    assert flagged(lint.unpaired_marks, text)


@pytest.mark.parametrize("text", [
    "学习成效未能达到“事半功倍”，还要用好《学习纲要》（2023年版）。",
    "1）学习不够深入",
    "一）学习不够深入",
    "（一)理论学习方面",
    "熟练掌握Word don’t 的用法",
    "【请填写：本人在理论学习方面的问题】",
])
def test_unpaired_marks_not_flagged(text):
    assert not flagged(lint.unpaired_marks, text)


# ---------------------------------------------------------------- 文号 brackets

@pytest.mark.parametrize("text", [
    "根据中发[2023]6号文件精神",
    "按照国办发（2024）12号要求",
    "对照京政发(2023)第5号通知",
    "落实中办发【2022】3号文件",
])
def test_document_number_brackets_flagged(text):
    (f,) = findings(lint.document_number_brackets, [text])
    assert "〔" in f.message and "〕" in f.message


@pytest.mark.parametrize("text", [
    "根据中发〔2023〕6号文件精神",
    "在2023年（第一季度）完成",
    "参考文献[2023]第三章",
])
def test_document_number_brackets_not_flagged(text):
    assert not flagged(lint.document_number_brackets, text)


# ---------------------------------------------------------------- doubled punctuation

@pytest.mark.parametrize("text", ["问题，，较多", "学习不够。。", "一是、、二是", "问题，。还有", "问题;;还有"])
def test_doubled_punctuation_flagged(text):
    assert flagged(lint.doubled_punctuation, text)


@pytest.mark.parametrize("text", ["问题很多……还有", "这一点——也就是", "问题较多，还有不足。", "a,,b"])
def test_doubled_punctuation_not_flagged(text):
    assert not flagged(lint.doubled_punctuation, text)


# ---------------------------------------------------------------- problems written as something else

def _problem_section(text):
    return ["个人对照检查材料", "一、存在问题", "（一）理论学习方面", text,
            "二、原因剖析", "一是放松了学习。", "三、整改措施", "一是取得了显著成效后再接再厉。"]


@pytest.mark.parametrize("text", [
    "一是理论学习取得了显著成效，全年圆满完成学习计划。",
    "一是学习任务超额完成，得到了充分肯定。",
])
def test_problem_as_achievement_flagged(text):
    (f,) = findings(lint.problem_as_achievement, _problem_section(text))
    assert f.paragraph == 3


@pytest.mark.parametrize("text", [
    "一是虽然圆满完成了学习任务，但学用结合还有差距。",
    "一是取得了显著成效的同时，仍存在学用脱节的问题。",
    "一是学习不够系统，读原著少。",
])
def test_problem_as_achievement_not_flagged(text):
    assert findings(lint.problem_as_achievement, _problem_section(text)) == []


def test_achievement_phrases_outside_the_problem_section_are_fine():
    # The measures section of _problem_section() says 取得了显著成效 on purpose.
    assert findings(lint.problem_as_achievement, _problem_section("一是学习不够系统。")) == []


@pytest.mark.parametrize("text", ["一是建议上级加大培训投入。", "一是希望组织多安排学习机会。"])
def test_problem_as_suggestion_flagged(text):
    (f,) = findings(lint.problem_as_suggestion, _problem_section(text))
    assert f.paragraph == 3


@pytest.mark.parametrize("text", ["一是对群众提出的建议回应不及时。", "一是没有认真听取组织的意见。"])
def test_problem_as_suggestion_not_flagged(text):
    assert findings(lint.problem_as_suggestion, _problem_section(text)) == []


def test_problem_rules_need_a_problem_section():
    assert findings(lint.problem_as_suggestion, ["建议上级加大投入。"]) == []


# ---------------------------------------------------------------- length

def test_paragraph_too_long():
    long_text = "学习不够深入系统。" * 70
    assert [f.paragraph for f in findings(lint.paragraph_too_long, ["短段落。", long_text])] == [1]
    assert findings(lint.paragraph_too_long, ["学习不够深入系统。" * 60]) == []


def test_total_length_against_the_framework_range():
    fw = dataclasses.replace(get_framework("zhuti-2023"), min_length=20, max_length=40)
    assert [f.code for f in findings(lint.total_length, ["短。"], fw)] == ["length.too_short"]
    assert [f.code for f in findings(lint.total_length, ["字" * 41], fw)] == ["length.too_long"]
    assert findings(lint.total_length, ["字" * 30], fw) == []
    # Spaces do not count; an empty document is the core's document.empty.
    assert findings(lint.total_length, ["字 " * 30], fw) == []
    assert findings(lint.total_length, [""], fw) == []


# ---------------------------------------------------------------- switching rules off

def test_rules_are_registered_and_switchable_by_the_user():
    doc = Document.from_texts(M.texts(M.complete()) + ["学习不够,还有差距。。"])
    codes = {f.code for f in check(doc).findings}
    assert {"lint.halfwidth_punctuation", "lint.doubled_punctuation", "length.too_short"} <= codes
    off = {f.code for f in check(doc, disabled={"lint.halfwidth_punctuation", "length.too_short"}).findings}
    assert "lint.halfwidth_punctuation" not in off and "length.too_short" not in off
    assert "lint.doubled_punctuation" in off


def _framework_data(**extra):
    return {"id": "t", "title": "测试", "meeting_type": "组织生活会", "year": 2024,
            "dimensions": [{"key": "a", "title": "理论学习方面"}],
            "sections": [{"key": "p", "role": "problems", "title": "存在问题"}], **extra}


def test_a_framework_can_switch_rules_off():
    fw = parse_framework(_framework_data(disabled_checks=["lint.paragraph_too_long", "length.too_short"]))
    doc = Document.from_texts(["一、存在问题", "（一）理论学习方面", "学习不够深入系统。" * 70])
    codes = {f.code for f in check(doc, fw).findings}
    assert "lint.paragraph_too_long" not in codes and "length.too_short" not in codes
    assert "lint.paragraph_too_long" in {f.code for f in check(doc, parse_framework(_framework_data())).findings}


def test_framework_with_an_unknown_disabled_code_is_rejected_naming_the_field():
    with pytest.raises(FrameworkError, match=r"disabled_checks\[0\]"):
        parse_framework(_framework_data(disabled_checks=["lint.no_such_rule"]))


@pytest.mark.parametrize("text", ["谈判人名称(公章):______", "(一)理论学习方面:一是学习不够", "问题(见附件);另外"])
def test_halfwidth_fix_leaves_nothing_for_a_recheck(text):
    """Marks next to ones the rule widens are found in the same pass, so one 改正 is enough."""
    from addin_server.checks.report import apply_to_text

    (f,) = findings(lint.halfwidth_punctuation, [text])
    fixed = apply_to_text(text, f.fix.edits)
    assert not findings(lint.halfwidth_punctuation, [fixed]), fixed
