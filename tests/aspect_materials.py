"""Original materials (written for these tests) marking and wording their aspects as writers do:
run-in openings, 第一/【……】 paragraphs, typed bullets, paraphrased headings, a notice's own
aspects in the genre's other words, headings glued to their first item; and materials of meeting
types no shipped framework covers (巡视整改, 以案促改, 党纪学习教育, 八项规定学习教育).

Each is a `Case`: the material as (text, role) lines for aspect_shapes, the framework it follows
(a shipped id, or a notice's aspect lines for a framework made from them; None for a foreign
type) and how each aspect is to be told (the evidence the report must give).
"""
from __future__ import annotations

from dataclasses import dataclass, field

CN = "一二三四五六七八九十"


@dataclass
class Case:
    name: str
    lines: list                       # (text, role)
    framework: str | None = None      # a shipped framework's id; None: foreign, or `notice`
    notice: tuple[str, ...] = ()      # aspect lines of a notice: a framework made from them
    evidence: tuple[str, ...] = ()    # per aspect, in order: how it is told
    marks: str = "heading"            # heading | run-in: whether openings are heading lines
    extra: dict = field(default_factory=dict)


TAIL = [
    ("二、原因剖析", "section"),
    ("一是理论学习的自觉性有所减弱，以干代学的现象没有根本扭转。二是宗旨意识树得不牢，坐机关时间多、沉一线时间少。", "body"),
    ("三、整改措施", "section"),
    ("一是每月安排一个专题集中研读，形成学习笔记并在支部交流。二是建立基层联系点，每季度蹲点调研不少于三天。", "body"),
]


def _head(title: str, intro: str, problems: str = "一、存在的主要问题"):
    return [(title, "title"), (intro, "body"), (problems, "section")]


def headed(title, intro, aspects, problems="一、存在的主要问题"):
    """Aspects as heading lines: (heading, [items])."""
    lines = _head(title, intro, problems)
    for heading, items in aspects:
        lines.append((heading, "aspect"))
        lines.extend((item, "body") for item in items)
    return lines + TAIL


def run_in(title, intro, aspects, problems="一、存在的主要问题"):
    """Aspects opened inside body paragraphs: (opening, [items]) → one paragraph each."""
    lines = _head(title, intro, problems)
    for opening, items in aspects:
        lines.append((opening + items[0], "body"))
        lines.extend((item, "body") for item in items[1:])
    return lines + TAIL


ITEMS_A = [
    ["一是对上级重大决策部署的理解停留在传达层面，研究贯彻的具体办法不多。",
     "二是面对网上涉及本领域的错误言论，有时只求平息，没有主动发声。"],
    ["一是读原著学原文断断续续，理论学习笔记几个月没有更新。",
     "二是以普通党员身份参加支部活动次数偏少，党性锻炼有所放松。"],
    ["一是到办事窗口听取群众意见不经常，对办事难的问题跟进不紧。",
     "二是对法纪的敬畏停留在口头，有时为了赶进度简化审批程序。"],
    ["一是对历史遗留的征拆纠纷存在等靠思想，迟迟没有拿出化解方案。",
     "二是推进数字化改革办法不多，沿用老经验老套路的情况较多。"],
    ["一是抓分管领域党风廉政建设满足于开会部署，督促检查不够。",
     "二是对身边工作人员的苗头性问题提醒不及时，存在好人主义。"],
]
ITEMS_B = [
    ["一是系统学习不够，满足于读文章摘要。", "二是学用结合不紧，指导实践的本领不强。"],
    ["一是考核中看重短期数据，对打基础的工作投入不足。", "二是有时追求工作亮点，忽视群众的真实感受。"],
    ["一是下基层调研次数偏少，听取意见不够广泛。", "二是对群众反映的供暖问题回应不够及时。"],
    ["一是个别事项请示报告不够规范。", "二是对配偶从事经营活动的情况过问不多。"],
]

INTRO_2025 = "按照民主生活会的安排，我认真学习规定篇目，广泛听取意见，对照五个带头深入查摆，现报告如下。"
NOTICE = ("带头深化理论武装、坚定理想信念", "带头树立和践行正确政绩观", "带头为民造福、敬畏人民",
          "带头严守纪律规矩、廉洁自律")

DEV = [
    Case("对照……的要求（2025）", run_in(
        "2025年度民主生活会个人发言提纲", INTRO_2025, list(zip([
            "对照带头强化政治忠诚、提高政治能力的要求，", "对照带头固本培元、增强党性的要求，",
            "对照带头敬畏人民、敬畏组织、敬畏法纪的要求，", "对照带头干事创业、担当作为的要求，",
            "对照带头坚决扛起管党治党责任的要求，"], ITEMS_A))),
        "nianhui-2025", evidence=("name",) * 5, marks="run-in"),
    Case("第一，【……方面】（2025）", run_in(
        "2025年度民主生活会个人对照检查材料", INTRO_2025, list(zip([
            "第一，【政治忠诚方面】", "第二，【增强党性方面】", "第三，【三个敬畏方面】",
            "第四，【担当作为方面】", "第五，【管党治党方面】"], ITEMS_A))),
        "nianhui-2025", evidence=("name", "name", "name", "name", "name"), marks="run-in"),
    Case("◆ 要点（2025）", headed(
        "2025年度民主生活会对照检查材料", INTRO_2025, list(zip([
            "◆ 强化政治忠诚、提高政治能力方面", "◆ 固本培元、增强党性方面", "◆ 敬畏人民、敬畏组织、敬畏法纪方面",
            "◆ 干事创业、担当作为方面", "◆ 扛起管党治党责任方面"], ITEMS_A))),
        "nianhui-2025", evidence=("derived", "derived", "derived", "derived", "name")),
    Case("自己概括的标题（2025）", headed(
        "2025年度民主生活会个人对照检查材料", INTRO_2025, list(zip([
            "（一）在对党忠诚、把准方向上", "（二）在补钙壮骨、锤炼品格上", "（三）在人民、组织、法纪三敬畏上",
            "（四）在攻坚克难、担当尽职上", "（五）在落实主体责任、从严管理上"], ITEMS_A))),
        "nianhui-2025", evidence=("name", "order", "close", "order", "order")),
    Case("无序号标题（2025）", headed(
        "2025年度民主生活会个人对照检查材料", INTRO_2025, list(zip([
            "强化政治忠诚方面", "在锤炼党性、补足精神之钙方面", "敬畏人民、敬畏组织、敬畏法纪方面",
            "干事创业方面", "扛牢管党治党责任方面"], ITEMS_A))),
        "nianhui-2025", evidence=("derived", "order", "derived", "name", "name")),
    Case("通知四条、同义表述（自定义）", headed(
        "2026年度民主生活会个人对照检查材料", "按照通知要求，对照四个方面查摆问题，报告如下。", list(zip([
            "（一）理论武装方面", "（二）政绩导向方面", "（三）践行宗旨、造福群众方面",
            "（四）遵规守纪、清正廉洁方面"], ITEMS_B))),
        notice=NOTICE, evidence=("derived", "thesaurus", "thesaurus", "thesaurus")),
    Case("在……上（组织生活会）", run_in(
        "党员个人对照检查材料", "按照支部的安排，我对照四个方面认真检视，现报告如下。", list(zip([
            "在学习贯彻党的创新理论上，", "在党性修养提高上，", "在联系服务群众上，", "在发挥先锋模范作用上，"],
            [["一是学习多靠手机浏览，读原著少。", "二是学习体会停留在摘抄，联系岗位思考不深。"],
             ["一是有时把自己混同于普通职工，标准降低。", "二是开展批评时怕伤和气。"],
             ["一是到社区报到后参加志愿服务次数不多。", "二是对群众咨询解答不够耐心。"],
             ["一是急难险重任务面前主动请缨不够。", "二是业务钻研劲头不足，示范作用不强。"]])),
        problems="一、存在的问题"),
        "zuzhi-shenghuohui", evidence=("name",) * 4, marks="run-in"),
    Case("（一）……方面：一是（2024）", headed(
        "2024年度民主生活会个人对照检查材料", "现将本人对照检查情况报告如下。", list(zip([
            "（一）在严守政治纪律和政治规矩方面", "（二）在增强党性、严守纪律、砥砺作风方面",
            "（三）在勇于担责、敢于创新方面", "（四）在履行全面从严治党政治责任方面"],
            [ITEMS_A[0], ITEMS_A[1], ITEMS_A[3], ITEMS_A[4]])), problems="一、存在的问题"),
        "nianhui-2024", evidence=("name",) * 4),
]

# Materials of meeting types no shipped framework covers: words of the shipped aspects turn up in
# their items (一岗双责, 政治纪律, 担当作为, 理论学习), never in their headings.
FOREIGN = [
    Case("巡视整改专题民主生活会", headed(
        "巡视整改专题民主生活会个人对照检查材料", "围绕巡视反馈意见，结合分管工作认真查摆，报告如下。", [
            ("（一）贯彻落实党的路线方针政策和重大决策部署方面",
             ["一是对巡视指出的产业政策落实不到位问题，研究整改措施不够具体，政治纪律意识需要加强。",
              "二是传达学习上级精神后跟踪问效不够。"]),
            ("（二）落实巡视整改主体责任方面",
             ["一是履行一岗双责不够到位，对分管单位整改进度过问少。", "二是整改台账更新不及时。"]),
            ("（三）选人用人和基层党组织建设方面",
             ["一是对年轻干部的担当作为能力培养不够系统。", "二是个别支部三会一课记录不规范。"]),
            ("（四）巡视反馈问题举一反三方面",
             ["一是对同类问题的排查局限于本单位。", "二是建章立制的长效意识不强。"]),
        ], problems="一、对照巡视反馈意见查摆的问题")),
    Case("以案促改专题民主生活会", headed(
        "以案促改专题民主生活会个人发言材料", "对照典型案件暴露的问题，深刻剖析，报告如下。", [
            ("（一）思想认识方面", ["一是对案件警示意义认识不深，理论学习停留在表面。", "二是认为案件离自己很远。"]),
            ("（二）权力运行监督方面", ["一是对分管领域审批权的监督制约不够严密。", "二是一岗双责落实不到位。"]),
            ("（三）制度执行方面", ["一是对合同管理制度执行打折扣的问题纠治不力。", "二是制度更新滞后。"]),
            ("（四）家风建设方面", ["一是对家属子女的教育提醒不经常。", "二是对亲属打招呼的苗头警惕不够。"]),
        ])),
    Case("党纪学习教育 六项纪律", headed(
        "党纪学习教育专题组织生活会个人对照检查材料", "对照党纪处分条例和六项纪律，查摆问题如下。", [
            ("（一）政治纪律方面", ["一是对网络上的错误言论斗争不够坚决。", "二是学习条例有时流于形式。"]),
            ("（二）组织纪律方面", ["一是请示报告有时不够及时。", "二是参加组织生活的主动性不强。"]),
            ("（三）廉洁纪律方面", ["一是对廉洁风险的警惕性有所下降。", "二是一岗双责落实有差距。"]),
            ("（四）群众纪律方面", ["一是对群众诉求回应慢。", "二是担当作为不够，遇到难题绕着走。"]),
            ("（五）工作纪律方面", ["一是贯彻落实上级部署有时打折扣。", "二是督促检查不够严格。"]),
            ("（六）生活纪律方面", ["一是对生活小节要求不严。", "二是对家风建设重视不够。"]),
        ], problems="一、对照六项纪律查摆的问题")),
    Case("八项规定学习教育", headed(
        "深入贯彻中央八项规定精神学习教育个人对照检查材料", "对照中央八项规定及其实施细则精神，查摆问题如下。", [
            ("（一）学习贯彻中央八项规定精神方面", ["一是理论学习不够系统，对实施细则的新要求掌握不全。", "二是学用结合不紧。"]),
            ("（二）纠治形式主义官僚主义方面", ["一是文件会议仍然偏多。", "二是调研前层层打招呼，看到的多是盆景。"]),
            ("（三）纠治享乐主义奢靡之风方面", ["一是公务接待标准把关不严。", "二是对违规吃喝的隐形变异问题警惕不够。"]),
            ("（四）落实管理监督责任方面", ["一是一岗双责履行不到位。", "二是对分管单位作风问题督查不严。"]),
        ])),
]
