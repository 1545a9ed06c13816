"""Problem ↔ measure correspondence, measured on our own labelled pairs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import materials as M
from addin_server.checks import analyze, check, correspondence
from addin_server.frameworks import get_framework
from addin_server.model import Document

def _labelled(name: str) -> list[dict]:
    return json.loads((Path(__file__).parent / "fixtures" / name).read_text(encoding="utf-8"))["materials"]


# The constants were chosen on LABELLED; HELD_OUT was written afterwards and never used to choose
# them, so it is the set the quality figures are claimed on (docs/correspondence.md).
LABELLED = _labelled("correspondence_labelled.json")
HELD_OUT = _labelled("correspondence_heldout.json")
# Written as writers write (measures per theme, fewer and broader than the problems) before the
# topics were added (issue 22); WRITERS chose the topics' constants, WRITERS_UNSEEN was scored once.
WRITERS = _labelled("correspondence_writers.json")
WRITERS_UNSEEN = _labelled("correspondence_writers_unseen.json")
# Long problems (a headline, then a long sentence of facts), written for the elaboration's reading
# (writer28) and scored once: every figure 1.0 before and after it (docs/correspondence.md).
LONG = _labelled("correspondence_long.json")
MARGIN = 0.05
# Measured with the shipped constants (docs/correspondence.md); a change that lowers these by
# more than MARGIN needs a look at the labelled pairs, not a new number here.
MEASURED = {"pair_precision": 0.906, "pair_recall": 1.0, "flag_precision": 1.0, "flag_recall": 0.875}
MEASURED_HELD_OUT = {"pair_precision": 0.962, "pair_recall": 1.0, "flag_precision": 1.0,
                     "flag_recall": 1.0}


@pytest.mark.parametrize("materials", [LABELLED, HELD_OUT, WRITERS, WRITERS_UNSEEN, LONG],
                         ids=["tuning", "held-out", "writers", "writers-unseen", "long"])
def test_labelled_set_is_big_enough_and_consistent(materials):
    pairs = 0
    for material in materials:
        measure_ids = {m["id"] for m in material["measures"]}
        assert set(material["answers"]) == {p["id"] for p in material["problems"]}
        assert all(set(ids) <= measure_ids for ids in material["answers"].values())
        fw = get_framework(material["framework"])
        assert all(fw.dimension(p["dimension"]) for p in material["problems"])
        pairs += len(material["problems"]) * len(material["measures"])
    assert pairs >= 40


def test_precision_and_recall_on_labelled_pairs():
    result = correspondence.evaluate(LABELLED, get_framework)
    for metric, measured in MEASURED.items():
        assert result[metric] >= measured - MARGIN, (metric, result)


def test_precision_and_recall_on_the_held_out_set():
    """The quality claim: measured on pairs the constants were not chosen on, by problems and
    measures of their own (no problem text of one set appears in the other)."""
    tuning_texts = {item["text"] for m in LABELLED for item in m["problems"] + m["measures"]}
    assert not tuning_texts & {item["text"] for m in HELD_OUT for item in m["problems"] + m["measures"]}
    result = correspondence.evaluate(HELD_OUT, get_framework)
    for metric, measured in MEASURED_HELD_OUT.items():
        assert result[metric] >= measured - MARGIN, (metric, result)


def test_lead_sample_material_is_fully_answered():
    # Written independently of the tuning set: one measure per dimension, all problems answered.
    report = check(Document.from_texts(M.texts(M.complete())))
    assert [f for f in report.findings if f.code == "remedy.unmatched"] == []


def _material(problems: dict[str, list[str]], measures: list[str]) -> Document:
    lines = ["个人对照检查材料", "一、存在问题"]
    for n, (heading, items) in zip("一二三四五六", problems.items()):
        lines.append(f"（{n}）{heading}")
        lines.extend(items)
    lines += ["二、原因剖析", "一是思想上有所放松，对自己要求不够严格。", "三、整改措施", *measures]
    return Document.from_texts(lines)


def test_unanswered_problem_is_reported_at_its_paragraph_with_its_gist():
    doc = _material(
        {"理论学习方面": ["一是学习不够系统。读原著原文少，对新思想的内在逻辑把握不完整。",
                     "二是学用脱节。结合分管的交通项目谈体会少，理论指导实践不够。"],
         "廉洁自律方面": ["一是公务用车管理不严。个别车辆私用现象没有及时制止。"]},
        ["一是制定读书计划，精读原著原文，把握新思想的内在逻辑，结合交通项目建设撰写体会。"],
    )
    findings = [f for f in correspondence.unmatched_problems(analyze(doc, get_framework("zhuti-2023")))]
    assert [(f.code, f.paragraph, f.dimension) for f in findings] == [("remedy.unmatched", 6, "integrity")]
    assert "公务用车管理不严" in findings[0].message


def test_measure_naming_the_dimension_alone_answers_nothing():
    doc = _material(
        {"廉洁自律方面": ["一是勤俭节约意识淡化。办公用品浪费，带头过紧日子不够。"]},
        ["一是在廉洁自律上作表率，严格遵守各项纪律规定。"],
    )
    findings = list(correspondence.unmatched_problems(analyze(doc, get_framework("zhuti-2023"))))
    assert [f.paragraph for f in findings] == [3]


def test_one_measure_may_answer_several_problems_of_different_dimensions():
    doc = _material(
        {"工作作风方面": ["一是调查研究不深入。下基层蹲点少，对停车难掌握不准。"],
         "担当作为方面": ["一是为基层减负不到位。部门会议多、报送材料多。"]},
        ["一是每月下基层蹲点调研，解决停车难；精简部门会议和报送材料，为基层减负。"],
    )
    assert list(correspondence.unmatched_problems(analyze(doc, get_framework("zhuti-2023")))) == []


def test_no_measures_means_no_correspondence_findings():
    doc = Document.from_texts(["一、存在问题", "（一）理论学习方面", "一是学习不够系统。"])
    assert list(correspondence.unmatched_problems(analyze(doc, get_framework("zhuti-2023")))) == []


def test_score_explains_itself():
    idf = correspondence.Idf([frozenset({"汛期", "预案"}), frozenset({"汛期", "演练"}), frozenset({"读书"})])
    s = correspondence.score(frozenset({"汛期", "预案"}), frozenset({"汛期", "演练"}), idf, named=True,
                             measure_text="完善汛期演练")
    assert s.shared == ("汛期",)
    assert 0 < s.overlap < 1 and s.value == pytest.approx(s.overlap * correspondence.DIMENSION_FACTOR)
    assert "汛期" in s.explain() and "提到了该方面" in s.explain()


@pytest.mark.parametrize("text, expected", [
    ("一是学习不够系统。读原著少。", "学习不够系统"),
    ("（二）政治敏锐性不强；面对……", "政治敏锐性不强"),
    ("3.调研不深入", "调研不深入"),
    ("二是压力传导逐级递减，", "压力传导逐级递减"),   # run on with the next item: 「，三是……」
])
def test_gist_is_the_first_sentence_without_its_marker(text, expected):
    assert correspondence.gist(text) == expected


def test_switching_the_rule_off():
    doc = _material({"廉洁自律方面": ["一是勤俭节约意识淡化。"]}, ["一是认真读书。"])
    assert "remedy.unmatched" in [f.code for f in check(doc).findings]
    assert "remedy.unmatched" not in [f.code for f in check(doc, disabled={"remedy.unmatched"}).findings]


def test_headline_taken_up_by_a_measure_answers_a_long_problem():
    """Rule 1b: the problem's first sentence states it; a long elaboration must not hide the match."""
    from addin_server.checks.correspondence import Measure, Problem, assess
    from addin_server.frameworks import get_framework

    fw = get_framework("zhuti-2023")
    elaboration = ("平时忙于处理日常事务，到基层走访次数偏少，掌握的情况多来自汇报材料，"
                   "对基层干部反映的实际困难了解不全面，对一些倾向性苗头预判不够，"
                   "有时开会部署多、跟踪问效少，工作推进的节奏与上级要求还有差距。")
    problem = Problem(0, "一是调查研究不够深入。" + elaboration, fw.dimension("ability"))
    answering = Measure(0, "二是每季度围绕分管领域开展一次专题调查研究，形成调研报告并推动成果转化。")
    unrelated = Measure(1, "三是严格执行财务报销制度，规范公务接待标准。")
    [result] = assess([problem], [answering, unrelated])
    assert result.answered_by == (0,)
    [alone] = assess([problem], [unrelated])
    assert not alone.matched


# A teacher's 组织生活会 material (the lead's trial, written again here): each problem a headline
# and a long sentence of facts; one measure per aspect, short.
TEACHER_PROBLEMS = [
    ("learning", "学习的主动性不够强。平时忙于备课、批改作业和班级管理，把理论学习当作软任务，"
                 "对党的二十届三中全会精神，满足于参加支部集中学习和听辅导报告，自己读原著原文少，"
                 "多是通过手机看解读文章、听讲座，学得不深不透，联系语文教学和育人实际思考不够。"),
    ("party_spirit", "党员意识有所淡化。认为自己是普通教师，把主要精力放在教学成绩上，参加主题党日"
                     "有时因为监考、开会请假，事后补学不及时。"),
    ("serving_people", "联系服务群众不够经常。对班里学习困难学生的家庭情况了解不全面，家访大多安排在"
                       "期末，平时和家长沟通多靠微信群通知。"),
    ("vanguard", "对年轻教师的传帮带不够。学校安排我和两名新入职教师结对，一学期只听了他们三节课，"
                 "评课多讲优点，对他们备课和班级管理中的问题指出得少，平时交流也多在办公室随口一说。"),
]
TEACHER_MEASURES = ["1.加强理论学习，每月精读一篇原著。",
                    "2.严格党的组织生活，按时参加主题党日，确因工作请假的一周内补学。",
                    "3.每学期对班里学生家访不少于一次，主动和家长面对面沟通。"]


def _teacher_assessment(measures):
    fw = get_framework("zuzhi-shenghuohui")
    problems = [correspondence.Problem(i, text, fw.dimension(key))
                for i, (key, text) in enumerate(TEACHER_PROBLEMS)]
    return correspondence.assess(problems, [correspondence.Measure(i, m) for i, m in enumerate(measures)])


def test_a_long_problem_is_answered_by_a_measure_on_its_headline_and_some_of_its_facts():
    """「1.加强理论学习，每月精读一篇原著」 answers 「学习的主动性不够强。…读原著原文少…」: the long
    sentence of facts after the headline diluted the shared words below the threshold (0.106, the
    headline alone 0.38); read with the elaboration weighing at most ELABORATION_SHARE times the
    headline, it scores 0.19. Each measure answers its own problem only, and the 传帮带 problem,
    which no measure takes up though its facts share 备课 and 班级管理 with the learning problem, is
    still flagged."""
    answered = [a.answered_by for a in _teacher_assessment(TEACHER_MEASURES)]
    assert answered == [(0,), (1,), (2,), ()]


def test_precision_and_recall_on_the_long_problems():
    result = correspondence.evaluate(LONG, get_framework)
    for metric in ("pair_precision", "pair_recall", "flag_precision", "flag_recall"):
        assert result[metric] >= 1.0 - MARGIN, (metric, result)


def test_scaling_the_elaboration_never_takes_an_answer_away():
    """A problem answered through its facts alone (党员意识 ↔ 主题党日、请假、补学, nothing of its
    headline) keeps its answer: the plain reading still counts."""
    [_, party, *_] = _teacher_assessment(TEACHER_MEASURES[1:2])
    assert party.answered_by == (0,)
    [learning, *_] = _teacher_assessment(["2.严格党的组织生活，按时参加主题党日。"])
    assert not learning.matched


# ---------------------------------------------------------------------------------------------
# Measures written by theme (issue 22): fewer and broader than the problems, in other words.

MEASURED_WRITERS = {"pair_precision": 0.892, "pair_recall": 1.0, "flag_precision": 1.0,
                    "flag_recall": 0.929}


# Scored once, after every choice was made (docs/correspondence.md): the figures to quote.
MEASURED_WRITERS_UNSEEN = {"pair_precision": 0.865, "pair_recall": 1.0, "flag_precision": 1.0,
                           "flag_recall": 0.889}


@pytest.mark.parametrize("materials, measured", [(WRITERS, MEASURED_WRITERS),
                                                 (WRITERS_UNSEEN, MEASURED_WRITERS_UNSEEN)],
                         ids=["writers", "writers-unseen"])
def test_precision_and_recall_on_the_writers_sets(materials, measured):
    texts = {item["text"] for m in LABELLED + HELD_OUT for item in m["problems"] + m["measures"]}
    assert not texts & {item["text"] for m in materials for item in m["problems"] + m["measures"]}
    result = correspondence.evaluate(materials, get_framework)
    for metric, figure in measured.items():
        assert result[metric] >= figure - MARGIN, (metric, result)


def _branch_material(measures: list[str]) -> Document:
    """A 组织生活会 draft as a writer brings it: two problems an aspect, measures by theme as
    （一）headings with a paragraph, closing sentence after them."""
    lines = ["个人对照检查材料", "按照支部安排，我认真对照检查，现报告如下。", "一、存在问题",
             "（一）学习贯彻党的创新理论方面",
             "一是理论学习不够系统，满足于参加集中学习，自学时间少，原文原著读得少。",
             "（二）党性修养方面",
             "一是党员意识有所淡化，有2次支部主题党日因出差请假，事后没有及时补学。",
             "二是开展批评不够大胆，对同志提意见多谈工作建议，触及思想的少。",
             "（三）发挥先锋模范作用方面",
             "一是对新入职同事传帮带不够，只在他们问到时才讲一讲。",
             "二、原因剖析", "一是理想信念有所松懈。", "三、整改措施", *measures,
             "以上对照检查，请同志们批评指正。"]
    return Document.from_texts(lines)


THEMED_MEASURES = ["（一）加强理论学习。", "每周安排不少于4小时自学，逐篇研读原文，结合岗位写学习体会。",
                   "（二）严肃党内政治生活。", "按时参加支部活动，认真开展批评和自我批评。",
                   "（三）立足岗位争先创优。", "对标先进找差距，在本职工作中主动创新方法。"]


def _flagged(doc: Document) -> list[str]:
    structure = analyze(doc, get_framework("zuzhi-shenghuohui"))
    return [correspondence.gist(f.subject).split("，")[0] for f in correspondence.unmatched_problems(structure)]


def test_a_measure_on_the_problems_topic_in_other_words_answers_it():
    """主题党日 ↔ 支部活动 ↔ 党内政治生活, 提意见 ↔ 批评: a reviewer accepts the theme's measure; the
    problem left without any measure (传帮带: no measure speaks of 传帮带, 培养 or 带教) is still found."""
    assert _flagged(_branch_material(THEMED_MEASURES)) == ["对新入职同事传帮带不够"]


def test_a_truly_unanswered_problem_is_answered_once_a_measure_takes_it_up():
    answered = THEMED_MEASURES + ["（四）带好新同事。", "主动结对带教新入职同事，每月交流一次。"]
    assert _flagged(_branch_material(answered)) == []
    # Naming the aspect, or words every measure uses, is not taking it up.
    vague = THEMED_MEASURES + ["（四）发挥先锋模范作用。", "在岗位上严格要求自己，当好表率。"]
    assert _flagged(_branch_material(vague)) == ["对新入职同事传帮带不够"]


def test_fillers_shared_with_a_measure_answer_nothing():
    doc = _material({"能力本领方面": ["一是参加志愿服务少，社区志愿活动很少参加。"]},
                    ["一是按时参加三会一课，按时交纳党费。"])
    findings = list(correspondence.unmatched_problems(analyze(doc, get_framework("zhuti-2023"))))
    assert [f.paragraph for f in findings] == [3]


def test_details_name_the_words_of_the_same_topic():
    fw = get_framework("zuzhi-shenghuohui")
    problem = correspondence.Problem(0, "一是有2次主题党日请假。", fw.dimension("party_spirit"))
    measure = correspondence.Measure(0, "一是按时参加支部活动。")
    [a] = correspondence.assess([problem], [measure])
    assert a.score(0).explain() == "同一主题的说法：主题党日"


@pytest.mark.parametrize("data, field", [
    ({"topics": [{"name": "组织生活", "words": ["甲"]}]}, "topics[0].words[0]"),
    ({"topics": [{"name": "组织生活", "words": ["九个字的长长短语啊"]}]}, "topics[0].words[0]"),
    ({"topics": [{"name": "组织生活", "words": []}]}, "topics[0].words"),
    ({"topics": [{"words": ["支部活动"]}]}, "topics[0].name"),
    ({"topics": []}, "topics"),
    ({"fillers": ["没有", "情 况"]}, "fillers[1]"),
])
def test_a_broken_topics_file_names_file_and_field(data, field):
    from addin_server.frameworks.thesaurus import ThesaurusError, parse_file_data

    with pytest.raises(ThesaurusError) as err:
        parse_file_data(data, "our-topics.toml")
    assert str(err.value).startswith(f"our-topics.toml:{field}:")


def test_an_organisation_adds_its_own_topic(tmp_path, monkeypatch):
    from addin_server.config import Settings
    from addin_server.frameworks import registry

    org = tmp_path / "share"
    org.mkdir()
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(tmp_path / "config"))
    registry.use_settings(Settings(frameworks_dir=str(org)))
    try:
        doc = _material({"能力本领方面": ["一是窗口差评多。"]},
                        ["一是每月通报服务评价结果。"])
        assert _paragraphs_flagged(doc) == [3]
        (org / "our-topics.toml").write_text(
            '[[topics]]\nname = "服务评价"\nwords = ["好差评", "差评", "服务评价", "群众评价"]\n',
            encoding="utf-8")
        (org / "broken-topics.toml").write_text('[[topics]]\nname = "坏"\nwords = ["一"]\n',
                                                encoding="utf-8")
        registry.reload()
        assert _paragraphs_flagged(doc) == []
        problems = {p.path.rsplit("/", 1)[-1]: p.message for p in registry.load_problems()}
        assert "topics[0].words[0]" in problems["broken-topics.toml"]
    finally:
        registry.use_settings(None)


def _paragraphs_flagged(doc: Document) -> list[int]:
    structure = analyze(doc, get_framework("zhuti-2023"))
    return [f.paragraph for f in correspondence.unmatched_problems(structure)]


@pytest.mark.parametrize("material", WRITERS + WRITERS_UNSEEN, ids=lambda m: m["id"])
def test_adding_a_measure_never_unanswers_a_problem_on_the_writers_sets(material):
    """Topics keep the check monotone: measures by theme, added one by one in either order."""
    fw = get_framework(material["framework"])
    problems = [correspondence.Problem(i, p["text"], fw.dimension(p["dimension"]))
                for i, p in enumerate(material["problems"])]
    measures = [correspondence.Measure(j, m["text"]) for j, m in enumerate(material["measures"])]
    for order in (measures, measures[::-1]):
        answered: set[int] = set()
        for k in range(1, len(order) + 1):
            now = {i for i, a in enumerate(correspondence.assess(problems, order[:k])) if a.matched}
            assert answered <= now, (k, answered - now)
            answered = now
