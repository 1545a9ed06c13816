"""From a problem to its measure (「为此写措施」): a problem reported as having no measure gets
remedies ranked for its own sentence, and the one inserted opens with the problem's words, so
the re-check counts it answered and raises nothing the material did not have."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections import Counter

import docx
import pytest
from hypothesis import HealthCheck, assume, given, note, settings, strategies as st

from addin_server.app import create_app
from addin_server.checks import check
from addin_server.checks.correspondence import document_measures, gist, headline
from addin_server.frameworks import get_framework
from addin_server.model import Document
from addin_server.readers import read_docx
from addin_server.remedies.library import fill, list_remedies
from addin_server.remedies.rank import rank_remedies, written_remedies
from addin_server.render.fill import fill_docx
from addin_server.render.plan import plan_fill
from addin_server.render.numerals import chinese_numeral
from addin_server.render.remedies import Selection, parse_selection, problem_opening, render_checklist

CN = "一二三四五六七八九十"

# Problems as writers put them, each with a measure a writer would write against it. Written for
# these tests; grouped by what they are about, so each aspect gets problems of its own kind.
THEMES = {
    "theory": [
        ("理论学习的系统性不够强，跟着会议安排学的多，主动钻研原著原文少，对新思想的内在逻辑把握不够连贯。",
         "坚持系统学习，制定个人读书计划，每月精读一篇原著原文，边学边梳理新思想的内在逻辑。"),
        ("学用结合不够紧密，研讨发言引用原文多，联系分管工作谈体会少，运用理论破解发展难题的办法不多。",
         "坚持学用结合，每次研讨都联系分管工作谈体会，每季度形成一份运用理论破解发展难题的调研报告。"),
        ("学习时间保障不足。业务繁忙时常把集中学习让位于临时任务，自学笔记断断续续。",
         "保证学习时间，集中学习原则上不为临时任务让路，自学每周不少于两次并做好笔记。"),
        ("对全会精神学习领会不够深入，满足于读文件、听辅导，结合实际思考改革举措少。",
         "深入学习领会全会精神，逐条对照分管领域谋划改革举措，不满足于读文件、听辅导。"),
    ],
    "politics": [
        ("政治敏锐性有待增强。对网络上涉及本行业的片面言论，有时只当作一般舆情处理，没有从意识形态角度深入研判。",
         "增强政治敏锐性，对涉及本行业的网络言论坚持从意识形态角度研判，发现苗头及时处置。"),
        ("贯彻落实上级决策部署有时打折扣，对难度较大的事项强调客观条件多，主动想办法少，推进节奏慢于要求。",
         "对上级决策部署建立落实台账，难度较大的事项逐项明确推进节奏，不讲客观条件、不打折扣。"),
        ("请示报告制度执行不够严格，个别重要事项先办后报，向组织报告个人有关事项不够及时。",
         "严格执行请示报告制度，重要事项一律先报后办，按时如实向组织报告个人有关事项。"),
    ],
    "party": [
        ("党性锻炼有所放松，参加所在支部组织生活不够经常，以普通党员身份参加活动的次数偏少。",
         "加强党性锻炼，按时以普通党员身份参加所在支部组织生活，每年至少讲一次党课。"),
        ("开展批评和自我批评辣味不足，对班子成员的问题提醒多、批评少，存在一团和气的想法。",
         "认真开展批评和自我批评，对班子成员的问题当面指出、敢于批评，不搞一团和气。"),
        ("党员意识有所淡化，在窗口服务中亮身份、作表率不够主动，对身边不良现象有时睁一只眼闭一只眼。",
         "时刻亮明党员身份，在窗口服务中主动作表率，对身边不良现象及时提醒纠正。"),
    ],
    "people": [
        ("联系服务群众不够经常，到窗口一线听取办事群众意见的次数少，对群众反映的排队时间长问题跟进不及时。",
         "每月到窗口一线听取办事群众意见，对排队时间长等群众反映集中的问题建立台账、限时跟进。"),
        ("文山会海问题仍有反弹。部署工作习惯以文件落实文件，一些会议可开可不开却照样召开。",
         "精简文件会议，可开可不开的会议一律不开，不再以文件落实文件。"),
        ("调查研究不够深入，下基层多看现场、少听意见，调研报告提出的对策针对性不强。",
         "改进调查研究，每季度到基层蹲点一次，多听干部群众意见，提高调研对策的针对性。"),
        ("形式主义、官僚主义仍有表现，有的工作满足于开会发文、留痕迹，基层反映报表多、检查多、考核多，减负成效不够明显。",
         "整治形式主义、官僚主义，精简开会发文和留痕要求，减少报表、检查和考核，让基层减负见到成效。"),
    ],
    "ability": [
        ("数字化管理能力不足，对数据共享平台的运行机制了解不深，指导科室开展数据治理时说不到点子上。",
         "补齐数字化管理能力短板，参加数据治理专题培训，熟悉数据共享平台的运行机制。"),
        ("应对复杂局面办法不多，处理跨部门协调事项时习惯层层请示，缺少统筹各方的主动性。",
         "提高应对复杂局面的能力，跨部门协调事项主动牵头统筹，减少层层请示。"),
        ("专业知识更新不及时，对新出台的政策法规学得不透，解答基层咨询时底气不足。",
         "及时更新专业知识，新出台的政策法规一个月内学透，编写解答基层咨询的要点。"),
    ],
    "action": [
        ("攻坚克难的劲头有所减弱，对历史遗留的项目结算问题，存在等一等、看一看的想法。",
         "对历史遗留的项目结算问题挂牌督办，明确时限攻坚，不再等一等、看一看。"),
        ("开拓创新意识不够强，沿用老办法开展工作多，对兄弟单位的好做法学习借鉴不及时。",
         "增强创新意识，每半年学习借鉴一次兄弟单位的好做法，改掉沿用老办法的习惯。"),
        ("督促检查不够有力，对布置的任务重安排、轻跟踪，个别事项长期停留在纸面上。",
         "加强督促检查，对布置的任务逐项跟踪问效，防止事项停留在纸面上。"),
    ],
    "integrity": [
        ("廉洁风险防控意识不够强，对分管领域的采购和合同管理环节，监督检查多靠事后抽查。",
         "加强采购和合同管理环节的廉洁风险防控，变事后抽查为全过程监督检查。"),
        ("对身边人管理不够严格，对分管科室干部八小时以外的情况过问少，提醒教育不经常。",
         "从严管好身边人，经常过问分管科室干部八小时以外的情况，定期提醒教育。"),
        ("落实一岗双责不够到位，重业务轻党建，对分管领域党风廉政建设研究部署少。",
         "认真落实一岗双责，每半年专题研究一次分管领域党风廉政建设。"),
        ("执行中央八项规定精神有松懈，公务接待中偶有超标准安排的情况，没有及时制止。",
         "严格执行中央八项规定精神，公务接待一律按标准安排，发现超标准情况及时制止。"),
        ("存在重业务轻廉政的问题。对分管单位的廉政风险提醒不够经常，谈话提醒流于形式。",
         "改变重业务轻廉政的倾向，每季度对分管单位开展一次廉政风险提醒，谈话提醒逐人见效。"),
    ],
}

# Which kind of problem each aspect of the shipped frameworks holds.
ASPECTS = {
    "zhuti-2023": {"theory": "theory", "politics": "politics", "ability": "ability",
                   "responsibility": "action", "style": "people", "integrity": "integrity"},
    "nianhui-2025": {"political_loyalty": "politics", "party_spirit": "party",
                     "three_reverences": "people", "dare_to_act": "action",
                     "strict_governance": "integrity"},
    "nianhui-2024": {"political_discipline": "politics", "party_spirit": "party",
                     "dare_to_act": "action", "strict_governance": "integrity"},
    "zuzhi-shenghuohui": {"learning": "theory", "party_spirit": "party", "serving_people": "people",
                          "vanguard": "action"},
}


@st.composite
def materials(draw):
    """(framework, texts, problem): a finished material whose 整改措施 has a measure for each
    problem, or for the first of its aspect's, but none for `problem`. Aspects hold 1–3 problems
    of their kind, in any order."""
    framework = get_framework(draw(st.sampled_from(sorted(ASPECTS))))
    texts = [framework.document_title.splitlines()[0],
             "按照会议安排，我认真学习规定篇目，广泛征求意见，对照要求查找差距，现报告如下。",
             "一、存在问题"]
    item_marks, measure_marks = draw(st.sampled_from(MARKS)), draw(st.sampled_from(MARKS))
    pairs, answered = [], []
    for i, dimension in enumerate(framework.dimensions):
        bank = THEMES[ASPECTS[framework.id][dimension.key]]
        chosen = draw(st.lists(st.sampled_from(bank), min_size=1, max_size=min(3, len(bank)), unique=True))
        texts.append(f"（{CN[i]}）{dimension.names[0]}方面")
        texts += [mark(item_marks, j) + p for j, (p, _) in enumerate(chosen, 1)]
        pairs += chosen
        # Writers often give an aspect one measure, worded after its first problem.
        answered += chosen[:1] if draw(st.booleans()) else chosen
    target = draw(st.sampled_from(pairs))
    slip = draw(st.sampled_from(SLIPS))
    if slip is not None:   # the writer's slip in the problem: reported there, not again in the measure
        slipped = (slip(target[0]), target[1])
        texts = [t.replace(target[0], slipped[0]) for t in texts]
        pairs, target = [slipped if p == target else p for p in pairs], slipped
    texts += ["二、原因剖析", "一是理想信念的根基需要再夯实，思想上的主动性不足。",
              "二是宗旨意识有所淡化，与群众面对面接触少了。", "三是自我要求有所放松，对小事小节的警觉性降低。",
              "三、整改措施"]
    measures = [m for _, m in answered if m != target[1]]
    texts += [mark(measure_marks, j) + m for j, m in enumerate(measures, 1)]
    texts += draw(st.sampled_from(BACK_MATTER))
    return framework, texts, target[0]


# How writers number items: 一是, 1., （1）.
MARKS = ("{cn}是", "{n}.", "（{n}）")


def mark(form: str, n: int) -> str:
    return form.format(cn=chinese_numeral(n), n=n)


ITEM_MARK = re.compile(r"^(?:[一二三四五六七八九十]+是|\d+\.|（\d+）)")


def unmarked(text: str) -> str:
    return ITEM_MARK.sub("", text, count=1)


# Slips writers make, which the check reports (and fixes, but the unpaired mark).
SLIPS = (None,
         lambda t: t.replace("，", ",", 1),                          # half-width comma
         lambda t: t.replace("，", "，，", 1),                        # doubled punctuation
         lambda t: t[:3] + "“" + t[3:],                              # a quotation mark without its pair
         lambda t: t.replace("，", "，工作按步就班，", 1))               # a typo (按部就班)


# What finished materials end with: nothing, a closing sentence, signature and date.
BACK_MATTER = ([], ["以上对照检查，请同志们批评指正。"],
               ["以上对照检查，请同志们批评指正。", "", "对照检查人：王某某", "2025年12月20日"],
               ["以上是我的对照检查，不妥之处，恳请同志们批评指正。", "2026年1月8日"])


def unanswered(report) -> list:
    return [f for f in report.findings if f.code == "remedy.unmatched"]


def _key(finding) -> tuple:
    # Paragraph numbers and character counts move when paragraphs come in; the rest must not.
    return finding.code, finding.dimension, finding.subject, re.sub(r"\d+", "#", finding.message)


def insert_for(texts, framework, finding, existing=True):
    """The flow of 「为此写措施」: remedies ranked for the finding's problem, the first inserted
    for it; returns the new texts and the remedy."""
    document = Document.from_texts(texts)
    measures = document_measures(document, framework) if existing else ()
    ranked = rank_remedies(framework, finding.dimension, [finding.subject], measures)
    remedy = ranked[0].remedy
    plan = plan_fill(document, framework, add_missing=False,
                     selections=[Selection(finding.dimension, remedy.id, problem=finding.subject)])
    out = list(texts)
    for insertion in reversed(plan.insertions):
        out[insertion.after + 1:insertion.after + 1] = [p.text for p in insertion.paragraphs]
    return out, remedy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(materials())
def test_the_inserted_measure_answers_its_problem_and_adds_no_finding(case):
    framework, texts, problem = case
    note("\n".join(texts))
    before = check(Document.from_texts(texts), framework)
    findings = [f for f in unanswered(before) if problem in f.subject]
    assume(findings)   # another measure of its aspect may already answer it (rule 2)
    (finding,) = findings
    assert unmarked(finding.subject) == problem   # the problem as written
    after_texts, remedy = insert_for(texts, framework, finding)
    after = check(Document.from_texts(after_texts), framework)
    assert problem not in {unmarked(f.subject) for f in unanswered(after)}
    expected = Counter(map(_key, before.findings)) - Counter([_key(finding)])
    new = Counter(map(_key, after.findings)) - expected
    # Only counts can change with the length (全文字数): nothing new of any other kind.
    assert not [k for k in new if not k[0].startswith("length.")], (remedy.id, new)
    # Every original paragraph is there, in order; one new paragraph, after the last measure.
    assert len(after_texts) == len(texts) + 1
    it = iter(after_texts)
    assert all(any(t == a for a in it) for t in texts)
    (new_at,) = [i for i, t in enumerate(after_texts) if t.find("针对“") >= 0]
    assert after_texts[new_at - 1] == [t for t in texts if ITEM_MARK.match(t)][-1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(materials(), st.booleans())
def test_in_the_writers_docx_the_measure_answers_its_problem(case, styled):
    """The same through the file flow (render/fill.py: the page, `fill`, WPS users): a .docx as
    writers save it, headings styled or plain, read back after the insertion."""
    framework, texts, problem = case
    document = docx.Document()
    for text in texts:
        heading = styled and (re.match(f"[{CN}]、", text) or text.startswith("（"))
        document.add_paragraph(text, style=("Heading 1" if text[1] == "、" else "Heading 2") if heading else None)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    before = check(read_docx(data), framework)
    findings = [f for f in unanswered(before) if problem in f.subject]
    assume(findings)
    (finding,) = findings
    ranked = rank_remedies(framework, finding.dimension, [finding.subject],
                           document_measures(read_docx(data), framework))
    selection = Selection(finding.dimension, ranked[0].remedy.id, problem=finding.subject)
    filled = read_docx(fill_docx(data, framework, add_missing=False, selections=[selection]).data)
    after = check(filled, framework)
    assert problem not in {unmarked(f.subject) for f in unanswered(after)}
    expected = Counter(map(_key, before.findings)) - Counter([_key(finding)])
    assert not [k for k in Counter(map(_key, after.findings)) - expected if not k[0].startswith("length.")]
    texts_after = [p.text for p in filled.paragraphs]
    assert len(texts_after) == len(texts) + 1 and "针对“" in texts_after[texts_after.index(
        [t for t in texts if ITEM_MARK.match(t)][-1]) + 1]


ALL_MEASURES = sorted({m for bank in THEMES.values() for _, m in bank})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(materials(), st.sampled_from(ALL_MEASURES), st.booleans())
def test_adding_a_measure_never_takes_an_answer_away(case, extra, remedy_text):
    """The correspondence check is monotone in the measures (its IDF takes them as one text): any
    measure added — a writer's, or a remedy's text — leaves every answered problem answered."""
    framework, texts, _ = case
    if remedy_text:   # a remedy of the library, as the product words it
        remedies = list_remedies(framework.id)
        remedy = remedies[ALL_MEASURES.index(extra) % len(remedies)]
        extra = f"{remedy.title}。{fill(remedy, {})}"
    measures_end = max(i for i, t in enumerate(texts) if ITEM_MARK.match(t))
    note("\n".join(texts) + f"\n+ {extra}")
    before = {f.subject for f in unanswered(check(Document.from_texts(texts), framework))}
    added = texts[:measures_end + 1] + [f"九十九是{extra}"] + texts[measures_end + 1:]
    after = {f.subject for f in unanswered(check(Document.from_texts(added), framework))}
    assert after <= before


# ---- the finding carries its problem -------------------------------------------------------------

def test_unmatched_finding_carries_the_problem_as_written():
    framework = get_framework("zhuti-2023")
    texts = ["一、存在问题", "（一）理论学习方面", "一是 学习时间保障不足。业务繁忙时常把集中学习让位于临时任务。",
             "（二）担当作为方面", "一是攻坚克难的劲头有所减弱，对历史遗留问题存在等一等的想法。",
             "二、原因剖析", "一是理想信念的根基需要再夯实。", "三、整改措施",
             "一是对历史遗留问题挂牌督办，明确时限攻坚，不再等一等。"]
    report = check(Document.from_texts(texts), framework)
    (finding,) = unanswered(report)
    assert finding.subject == texts[2]               # as written, spaces and all
    assert finding.dimension == "theory" and finding.paragraph == 2
    assert "「学习时间保障不足」" in finding.message
    assert finding.to_dict()["subject"] == texts[2]


@pytest.mark.parametrize("item, quoted", [
    ("一是：。学习时间保障不足，自学断断续续。", "学习时间保障不足，自学断断续续"),
    ("（二），学习时间保障不足", "学习时间保障不足"),
    ("3. 学习不够；二是自学少", "学习不够"),
])
def test_the_headline_is_never_empty(item, quoted):
    assert headline(item) == quoted == gist(item)


def test_the_message_never_quotes_nothing():
    texts = ["一、存在问题", "（一）理论学习方面", "一是：。学习时间保障不足，自学断断续续。",
             "（二）担当作为方面", "一是攻坚克难的劲头有所减弱，对历史遗留问题存在等一等的想法。",
             "二、原因剖析", "一是理想信念的根基需要再夯实。", "三、整改措施",
             "一是对历史遗留问题挂牌督办，明确时限攻坚，不再等一等。"]
    (finding,) = unanswered(check(Document.from_texts(texts), "zhuti-2023"))
    assert "「」" not in finding.message and "「学习时间保障不足" in finding.message


# ---- the measure's opening -----------------------------------------------------------------------

@pytest.mark.parametrize("problem, opening", [
    ("一是学习时间保障不足。业务繁忙时常把集中学习让位于临时任务。", "针对“学习时间保障不足”的问题，"),
    ("二是存在形式主义问题，文件多。", "针对“存在形式主义问题，文件多”的问题，"),
    ("（三）存在形式主义问题；文件多", "针对“存在形式主义问题”，"),
    ("对“两个确立”的决定性意义理解不深", "针对“对‘两个确立’的决定性意义理解不深”的问题，"),
])
def test_the_opening_quotes_the_problems_own_words(problem, opening):
    assert problem_opening(problem) == opening


def test_a_long_headline_is_cut_at_a_clause_after_what_the_check_reads():
    problem = ("对全会精神学习领会不够深入，满足于读文件、听辅导，结合实际思考改革举措少，"
               "在分管领域落实中强调客观条件多，推进节奏慢于要求，群众感受不明显。")
    opening = problem_opening(problem)
    quoted = opening[len("针对“"):opening.index("……")]
    assert gist(problem).rstrip("…") in quoted and problem.startswith(quoted)


def test_the_checklist_names_the_problem_by_its_headline():
    framework = get_framework("zhuti-2023")
    remedy = list_remedies(framework.id, "theory")[0]
    data = render_checklist(framework, [Selection("theory", remedy.id,
                                                  problem="一是学习时间保障不足。业务繁忙时常让位于临时任务。")])
    text = "\n".join(p.text for p in read_docx(data).paragraphs)
    assert "学习时间保障不足" in text and "业务繁忙" not in text


# ---- a remedy the document already has -----------------------------------------------------------

@pytest.mark.parametrize("framework_id", sorted(ASPECTS))
def test_a_remedy_already_inserted_is_not_recommended_again(framework_id):
    framework = get_framework(framework_id)
    for dimension in framework.dimensions:
        remedies = list_remedies(framework.id, dimension.key)
        for remedy in remedies:
            # Inserted earlier with other values, or the writer's copy of it.
            text = "五是" + remedy.title + "。" + fill(remedy, {})
            ranked = [s.remedy.id for s in rank_remedies(framework, dimension.key, [remedy.title], [text])]
            assert remedy.id not in ranked
            # …and no other remedy is taken for it: each remedy differs from the others.
            assert len(ranked) == len(remedies) - 1, (remedy.id, ranked)


def test_a_measure_in_the_writers_words_counts_when_it_takes_up_the_remedy():
    framework = get_framework("zhuti-2023")
    remedies = list_remedies(framework.id, "theory")
    writer = ["一是制定个人学习计划，系统研读党的创新理论，每季度撰写一篇学习体会。"]
    assert written_remedies(remedies, writer) == {"zhuti-2023.theory-study-plan"}
    # Same words, another theme (a plan of work, not of study): not the same measure.
    assert written_remedies(remedies, ["一是制定年度工作计划，逐项明确责任人。"]) == set()


# ---- the API -------------------------------------------------------------------------------------

@pytest.fixture
def client():
    return create_app().test_client()


def test_rank_for_one_problem_leaves_out_what_the_document_has(client):
    framework = get_framework("zhuti-2023")
    plan = next(r for r in list_remedies(framework.id, "theory") if r.id.endswith("study-plan"))
    paragraphs = [{"text": t} for t in [
        "一、存在问题", "（一）理论学习方面", "一是学习的系统性不强，没有列出自己的书目计划。",
        "二、原因剖析", "一是理想信念的根基需要再夯实。", "三、整改措施",
        "一是" + plan.title + "。" + fill(plan, {})]]
    payload = {"framework": framework.id, "dimension": "theory",
               "problems": ["一是学习的系统性不强，没有列出自己的书目计划。"]}
    alone = client.post("/api/remedies/rank", json=payload).get_json()
    assert alone["results"][0]["remedy"]["id"] == plan.id and alone["already_written"] == []
    with_document = client.post("/api/remedies/rank", json={**payload, "paragraphs": paragraphs}).get_json()
    assert plan.id not in [r["remedy"]["id"] for r in with_document["results"]]
    assert with_document["already_written"] == [plan.id]


def test_fill_plan_takes_the_selections_problem(client):
    texts = ["一、存在问题", "（一）理论学习方面", "一是学习时间保障不足。业务繁忙时常让位于临时任务。",
             "二、原因剖析", "一是理想信念的根基需要再夯实。", "三、整改措施", "一是加强党性修养。"]
    remedy = list_remedies("zhuti-2023", "theory")[0]
    response = client.post("/api/fill/plan", json={
        "framework": "zhuti-2023", "paragraphs": [{"text": t} for t in texts],
        "selections": [{"dimension": "theory", "remedy_id": remedy.id, "problem": texts[2]}]})
    assert response.status_code == 200, response.get_json()
    (insertion,) = response.get_json()["insertions"]
    assert insertion["paragraphs"][0]["text"].startswith("二是针对“学习时间保障不足”的问题，" + remedy.title)
    too_long = client.post("/api/fill/plan", json={
        "framework": "zhuti-2023", "paragraphs": [{"text": t} for t in texts],
        "selections": [{"dimension": "theory", "remedy_id": remedy.id, "problem": "长" * 2001}]})
    assert too_long.status_code == 400


# ---- the command line and the upload form: DIMENSION=REMEDY_ID,问题=… ------------------------------

def test_a_spec_names_the_problem_with_its_own_pair():
    selection = parse_selection("theory=theory-study-plan,完成时限=6月底,问题=一是学习时间保障不足。业务繁忙")
    assert selection.problem == "一是学习时间保障不足。业务繁忙" and selection.params == {"完成时限": "6月底"}
    assert parse_selection("theory=theory-study-plan,问题=").problem is None


def test_cli_fill_writes_the_measure_for_the_problem(tmp_path):
    problem = "三是学习时间保障不足。业务繁忙时常把集中学习让位于临时任务。"
    document = docx.Document()
    for text in ["一、存在问题", "（一）理论学习方面", "一是学用结合不够紧密，联系分管工作谈体会少。", problem,
                 "二、原因剖析", "一是理想信念的根基需要再夯实。", "三、整改措施",
                 "一是坚持学用结合，每次研讨都联系分管工作谈体会。", "以上对照检查，请同志们批评指正。"]:
        document.add_paragraph(text)
    source = tmp_path / "材料.docx"
    document.save(source)
    done = subprocess.run([sys.executable, "-m", "addin_server", "fill", str(source), "--framework", "zhuti-2023",
                           "--remedy", f"theory=theory-study-plan,问题={problem}", "-o", str(tmp_path / "补写.docx")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    filled = [p.text for p in read_docx((tmp_path / "补写.docx").read_bytes()).paragraphs]
    assert filled[-2].startswith("二是针对“学习时间保障不足”的问题，制定个人理论学习计划。")
    assert filled[-1] == "以上对照检查，请同志们批评指正。"
    report = check(read_docx((tmp_path / "补写.docx").read_bytes()), "zhuti-2023")
    assert not unanswered(report)


def test_remedies_command_leaves_out_what_the_material_has(tmp_path):
    framework = get_framework("zhuti-2023")
    plan = next(r for r in list_remedies(framework.id, "theory") if r.id.endswith("study-plan"))
    document = docx.Document()
    for text in ["一、存在问题", "（一）理论学习方面", "一是学习的系统性不强，没有列出自己的书目计划。",
                 "二、原因剖析", "一是理想信念的根基需要再夯实。", "三、整改措施",
                 f"一是{plan.title}。{fill(plan, {})}"]:
        document.add_paragraph(text)
    source = tmp_path / "材料.docx"
    document.save(source)
    listed = subprocess.run([sys.executable, "-m", "addin_server", "remedies", str(source), "--framework",
                             framework.id, "--dimension", "theory", "--format", "json"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert listed.returncode == 0, listed.stderr
    (aspect,) = json.loads(listed.stdout)["dimensions"]
    assert aspect["already_written"] == ["theory-study-plan"]
    assert "theory-study-plan" not in [r["id"] for r in aspect["remedies"]] and aspect["remedies"]
