"""The held-out set: original materials kept apart from aspect_materials.py (the set the reading
was developed on) and only measured at the end, in the nine shapes of aspect_shapes.py.

Measured: the share of (material, shape) pairs checked exactly right (the right framework
recognised, every aspect present and nothing reported missing or unrecognised), the share whose
framework is recognised, and that no material of a foreign meeting type is ever claimed; and the
round trip (a framework made from the material finds all its aspects) in every shape. Targets:
≥ 95 % exactly right and recognised, no foreign claim.
"""
from __future__ import annotations

import pytest

from aspect_materials import ITEMS_A, ITEMS_B, Case, headed, run_in
from aspect_shapes import SHAPES
from addin_server.checks import check, problem_headings, recognise_material
from addin_server.frameworks import list_frameworks
from addin_server.frameworks.build import build_framework
from addin_server.readers import read_docx

ITEMS_C = [
    ["一是学习党章党规满足于知道，对照检查自身不够。", "二是对意识形态领域的新情况研判不深。"],
    ["一是对发展中的难点问题研究不透。", "二是抓项目建设有急于求成的心态。"],
    ["一是联系群众的渠道单一，多靠听汇报。", "二是对群众急难愁盼问题回应不快。"],
    ["一是对分管领域廉洁风险防控抓得不细。", "二是执行公务接待规定有时不够严格。"],
]
ITEMS_D = ITEMS_A + [["一是调研成果转化不够。", "二是开展批评有顾虑。"]]
INTRO = "根据会议通知要求，本人认真学习、广泛征求意见，深入查摆问题，现将有关情况报告如下。"
NOTICE_2027 = ("带头加强党的政治建设、提高政治判断力", "带头扛牢发展第一要务、推动高质量发展",
               "带头密切联系群众、维护群众利益", "带头落实全面从严治党责任、清正廉洁")

SET = [
    Case("对照……方面（2025）", run_in("民主生活会发言提纲", INTRO, list(zip([
        "对照政治忠诚、政治能力方面，", "对照固本培元方面，", "对照“三个敬畏”方面，", "对照干事创业方面，",
        "对照管党治党责任方面，"], ITEMS_A))), "nianhui-2025"),
    Case("● 要点（2025）", headed("个人对照检查材料", INTRO, list(zip([
        "● 强化政治忠诚方面", "● 党性修养方面", "● 敬畏人民、敬畏组织、敬畏法纪方面", "● 担当作为方面",
        "● 全面从严治党方面"], ITEMS_A))), "nianhui-2025"),
    Case("通知四条（自定义，2027）", headed("2027年度民主生活会个人对照检查材料", INTRO, list(zip([
        "（一）政治建设方面", "（二）扛起发展第一要务方面", "（三）服务群众方面", "（四）廉洁从政方面"],
        ITEMS_C))), notice=NOTICE_2027),
    Case("通知四条、【】标注（自定义，2027）", run_in("2027年度民主生活会发言材料", INTRO, list(zip([
        "【政治判断力方面】", "【高质量发展方面】", "【维护群众利益方面】", "【清正廉洁方面】"], ITEMS_C))),
        notice=NOTICE_2027),
    Case("自己概括（2025）", headed("个人对照检查材料", INTRO, list(zip([
        "（一）在铸牢对党忠诚上", "（二）在锤炼过硬党性上", "（三）在敬民敬纪上", "（四）在实干担当上",
        "（五）在压实从严治党责任上"], ITEMS_A))), "nianhui-2025"),
    Case("第一，【】（2023）", run_in("主题教育专题民主生活会个人检视剖析材料", INTRO, list(zip([
        "第一，【理论学习方面】", "第二，【政治素质方面】", "第三，【能力本领方面】", "第四，【担当作为方面】",
        "第五，【工作作风方面】", "第六，【廉洁自律方面】"], ITEMS_D + [ITEMS_B[0]]))), "zhuti-2023"),
    Case("在……上（2024）", headed("个人对照检查材料", INTRO, list(zip([
        "（一）在严守政治纪律和政治规矩上", "（二）在增强党性、砥砺作风上", "（三）在勇于担责、敢于创新上",
        "（四）在履行全面从严治党政治责任上"], ITEMS_B))), "nianhui-2024"),
    Case("★ 要点（组织生活会）", headed("党员个人检视材料", INTRO, list(zip([
        "★学习贯彻党的创新理论情况", "★党性修养提高情况", "★联系服务群众情况", "★发挥先锋模范作用情况"],
        ITEMS_B)), problems="一、存在的问题"), "zuzhi-shenghuohui"),
]
FOREIGN = [
    Case("巡视整改（二）", headed("巡视整改专题民主生活会对照检查材料", INTRO, [
        ("（一）政治监督方面", ["一是对政治纪律执行情况的监督检查不经常。", "二是理论学习中心组学习质量不高。"]),
        ("（二）重点领域风险防控方面", ["一是对工程招投标环节的风险点排查不全。", "二是一岗双责压得不实。"]),
        ("（三）干部队伍建设方面", ["一是对年轻干部担当作为的激励办法不多。", "二是干部交流轮岗推进慢。"]),
        ("（四）整改责任落实方面", ["一是整改任务分解不够具体。", "二是对整改效果的评估不及时。"]),
    ])),
    Case("以案促改（二）", headed("以案促改警示教育专题民主生活会发言材料", INTRO, [
        ("（一）警示教育入脑入心方面", ["一是观看警示片后对照检查不深。", "二是理论学习与案例剖析结合不紧。"]),
        ("（二）权力运行制约方面", ["一是重大事项集体决策程序执行不严。", "二是一岗双责落实不到位。"]),
        ("（三）案发领域制度建设方面", ["一是资金管理制度漏洞修补不及时。", "二是内控流程不清晰。"]),
        ("（四）干部日常监督方面", ["一是对干部八小时以外的情况掌握不多。", "二是谈心谈话流于形式。"]),
        ("（五）廉洁文化建设方面", ["一是家风家教重视不够。", "二是廉洁文化活动形式单一。"]),
    ])),
    Case("党纪学习教育（二）", headed("党纪学习教育专题组织生活会发言材料", INTRO, [
        ("（一）在遵守政治纪律上", ["一是对错误思潮辨别不够敏锐。", "二是学习条例不够系统。"]),
        ("（二）在遵守组织纪律上", ["一是个人有关事项报告不够细致。", "二是组织观念有所淡化。"]),
        ("（三）在遵守廉洁纪律上", ["一是对亲属经商办企业过问不多。", "二是一岗双责有差距。"]),
        ("（四）在遵守群众纪律上", ["一是对群众诉求推诿扯皮。", "二是担当作为不够。"]),
        ("（五）在遵守工作纪律上", ["一是落实部署打折扣。", "二是督查检查走过场。"]),
        ("（六）在遵守生活纪律上", ["一是生活作风要求不严。", "二是社交圈管理不够。"]),
    ])),
    Case("八项规定学习教育（二）", headed("中央八项规定精神学习教育专题组织生活会个人检视材料", INTRO, [
        ("（一）学思践悟八项规定精神方面", ["一是学习不够深入。", "二是对照检查不够具体。"]),
        ("（二）文风会风方面", ["一是文件篇幅偏长。", "二是会议时间控制不严。"]),
        ("（三）调查研究方面", ["一是调研蜻蜓点水。", "二是调研成果转化少。"]),
        ("（四）公务活动方面", ["一是公务用车管理不严。", "二是差旅报销审核不细。"]),
        ("（五）监督执纪方面", ["一是对作风问题查处不及时。", "二是一岗双责落实不够。"]),
    ])),
]


def _framework(case):
    if case.notice:
        return build_framework("2027年度民主生活会（通知）", list(case.notice), framework_id="notice-2027")
    return next(f for f in list_frameworks() if f.id == case.framework)


def _measure():
    rows = []
    for case in SET + FOREIGN:
        for shape, build in SHAPES.items():
            document = read_docx(build(case.lines))
            frameworks = list_frameworks()
            expected = None
            if case in SET:
                expected = _framework(case)
                if case.notice:
                    frameworks = frameworks + [expected]
            rec = recognise_material(document, frameworks)   # as check(document, "auto") reads it
            report = check(document, rec.framework)
            codes = {f.code for f in report.findings}
            recognised = expected is not None and rec.framework.id == expected.id and rec.fits
            exact = recognised and all(d.present for d in report.dimensions) and not codes & {
                "dimension.missing", "dimension.unrecognised", "dimension.duplicated"}
            headings = problem_headings(document, frameworks)
            made = build_framework("按文中标题新建的框架", list(headings))
            trip = check(document, made)
            round_trip = all(d.present for d in trip.dimensions) and not {f.code for f in trip.findings} & {
                "dimension.missing", "dimension.unrecognised"}
            rows.append((case.name, shape, expected is not None, recognised, exact, rec.fits, round_trip,
                         rec.reason))
    return rows


@pytest.mark.unseen
def test_held_out_materials_in_every_shape():
    rows = _measure()
    ours = [r for r in rows if r[2]]
    foreign = [r for r in rows if not r[2]]
    exact = sum(r[4] for r in ours) / len(ours)
    recognised = sum(r[3] for r in ours) / len(ours)
    claimed = [r for r in foreign if r[5]]
    trips = sum(r[6] for r in rows) / len(rows)
    print(f"\nheld-out: {len(ours)} material×shape pairs, exactly right {exact:.1%}, recognised "
          f"{recognised:.1%}; foreign {len(foreign)} pairs, claimed {len(claimed)}; round trip {trips:.1%}")
    for r in rows:
        if (r[2] and not r[4]) or (not r[2] and r[5]) or not r[6]:
            print("  miss:", r[0], r[1], "recognised" if r[3] else "", "trip" if r[6] else "NO TRIP", r[7])
    assert exact >= 0.95 and recognised >= 0.95 and not claimed and trips >= 0.95
