"""Original synthetic materials for benchmarks, the soak and the batch-review timing.

The text is composed from short phrases written for this project (none taken from the seed or the
web), arranged in the shape real materials have: title, preamble, 一、存在问题 with the framework's
dimensions as （一）… headings and 一是/二是… items, 二、原因剖析, 三、整改措施. A seed makes each
material different but reproducible, so a batch of 1,000 files has realistic near-duplicates for
the similarity pass without being identical.
"""
from __future__ import annotations

import random

from addin_server.frameworks import get_framework

_CN_NUM = "一二三四五六七八九十"

_SUBJECTS = [
    "理论学习", "调查研究", "制度执行", "项目管理", "窗口服务", "数据共享", "公文办理", "会议组织",
    "财务审批", "干部培养", "安全生产", "基层联系", "信访处理", "考核评价", "预算编制", "合同管理",
]
_SHORTFALLS = [
    "系统性不强，跟着安排走的多，自己谋划的少",
    "深度不够，满足于了解大概，对背后的规律研究不透",
    "结合实际不紧，讲起来头头是道，落到工作上办法不多",
    "主动性不足，习惯等上级部署，缺少提前研判",
    "持续性不够，开始抓得紧，后来逐渐松懈",
    "标准不够高，满足于过得去，缺少精益求精的劲头",
    "跟踪问效不到位，布置以后检查少，个别事项停在纸面",
    "统筹协调不够，部门之间衔接不畅，群众反复跑腿",
]
_EXAMPLES = [
    "比如在推进{s}工作时，对基层反映的问题回应不及时，影响了工作成效。",
    "今年以来，{s}方面有两项任务没有按期完成，原因分析不深入。",
    "在{s}中，听取一线意见的次数偏少，对实际情况掌握得不够全面。",
    "对{s}中出现的新情况，研究对策慢了半拍，错过了最佳时机。",
    "围绕{s}开展的专项检查，发现的问题整改不彻底，存在反弹现象。",
    "分管的{s}工作台账记录不完整，过程管理有漏洞。",
]
_CAUSES = [
    "理想信念的根基还需要再夯实，把学习当任务的倾向没有根本扭转",
    "宗旨意识有所淡化，与群众面对面交流少了，对群众所盼体会不深",
    "担当精神有所弱化，遇到难题时求稳怕乱，不愿触碰矛盾",
    "纪律规矩意识有所放松，对小事小节的警觉性降低",
    "工作方法比较陈旧，对新技术新手段的运用不够主动",
]
_MEASURES = [
    "制定个人学习计划，每月完成规定书目，每季度撰写一篇结合{s}的学习体会",
    "建立{s}问题清单，明确责任人和完成时限，按月调度、逐项销号",
    "每半年到基层开展一次蹲点调研，围绕{s}形成有针对性的调研报告",
    "完善{s}工作制度，把过程管理纳入年度考核，做到有布置有检查",
    "主动对接相关部门，建立{s}协调会商机制，减少群众跑腿次数",
]


def _heading(title: str) -> str:
    return title if title.endswith("方面") else f"{title}方面"


# Words for free-running sentences. Writers share the genre's phrases but each writes about their
# own work, so two materials share few long runs; sentences of random words from this list give
# the same property (an 8-character run recurs in another material only by chance) while keeping
# the character mix, sentence length and punctuation of real text.
_WORDS = """
调研 走访 基层 窗口 群众 企业 项目 资金 预算 审批 流程 环节 台账 清单 制度 机制 规范 标准
督查 考核 评价 指标 数据 平台 系统 信息 共享 协同 联动 部门 科室 单位 班子 成员 干部 职工
培训 学习 研讨 交流 座谈 谈心 意见 建议 问题 短板 弱项 差距 根源 症结 措施 举措 办法 路径
推进 落实 完成 跟踪 回访 整改 销号 复核 验收 评估 监测 预警 研判 统筹 协调 衔接 配合 对接
服务 保障 支撑 引导 指导 帮扶 联系 沟通 反馈 回应 答复 处置 化解 稳控 排查 隐患 风险 安全
廉洁 纪律 规矩 作风 担当 作为 创新 改革 发展 质量 效率 效益 成本 进度 节点 时限 任务 目标
计划 方案 预案 演练 应急 汛期 冬季 春耕 夏收 秋冬 年初 年底 季度 月度 周报 专报 简报 通报
街道 社区 乡镇 村组 园区 片区 网格 楼栋 小区 学校 医院 车站 码头 仓库 市场 商户 农户 居民
道路 桥梁 管网 供水 供电 燃气 排水 绿化 停车 充电 物业 养老 托育 就业 社保 医保 教育 文化
""".split()


def _sentence(rng: random.Random) -> str:
    clauses = []
    for _ in range(rng.randint(2, 4)):
        clauses.append("".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 6))))
    return "，".join(clauses) + "。"


def _item(rng: random.Random, ordinal: int, min_chars: int) -> str:
    subject = rng.choice(_SUBJECTS)
    text = f"{_CN_NUM[ordinal % 10]}是{subject}{rng.choice(_SHORTFALLS)}。"
    while len(text) < min_chars:
        if rng.random() < 0.25:
            text += rng.choice(_EXAMPLES).format(s=rng.choice(_SUBJECTS))
        else:
            text += _sentence(rng)
    return text


def material(seed: int = 0, target_chars: int = 12_000, framework_id: str | None = None
             ) -> list[tuple[str, str | None]]:
    """A complete material of about `target_chars` characters as (text, style) pairs."""
    rng = random.Random(seed)
    framework = get_framework(framework_id)
    dims = framework.dimensions
    paras: list[tuple[str, str | None]] = [
        (f"{framework.title}个人对照检查材料", "Title"),
        ("按照会议安排，本人认真学习规定篇目，广泛征求意见，深入谈心谈话，对照要求逐项查找差距，"
         "现将有关情况报告如下。", None),
        ("一、存在问题", "Heading 1"),
    ]
    # Share the budget: about 70% problems, 15% causes, 15% measures, as materials usually are.
    per_dim = int(target_chars * 0.7 / max(len(dims), 1))
    items_per_dim = 4
    item_chars = max(40, per_dim // items_per_dim - 30)
    for n, dim in enumerate(dims):
        paras.append((f"（{_CN_NUM[n]}）{_heading(dim.title)}", "Heading 2"))
        for k in range(items_per_dim):
            paras.append((_item(rng, k, item_chars), None))
    paras.append(("二、原因剖析", "Heading 1"))
    cause_chars = max(40, int(target_chars * 0.15 / 4))
    for k in range(4):
        text = f"{_CN_NUM[k]}是{rng.choice(_CAUSES)}。"
        while len(text) < cause_chars:
            text += _sentence(rng)
        paras.append((text, None))
    paras.append(("三、整改措施", "Heading 1"))
    measure_chars = max(40, int(target_chars * 0.15 / len(dims)))
    for k in range(len(dims)):
        text = f"{_CN_NUM[k % 10]}是{rng.choice(_MEASURES).format(s=rng.choice(_SUBJECTS))}。"
        while len(text) < measure_chars:
            text += _sentence(rng)
        paras.append((text, None))
    return paras


def material_of_paragraphs(count: int, seed: int = 0) -> list[tuple[str, str | None]]:
    """A material with exactly `count` paragraphs (items of ~120 characters fill the problems part).

    Very small counts keep only the leading paragraphs; large ones put more items under each
    dimension, which is what a long material looks like.
    """
    rng = random.Random(seed)
    framework = get_framework(None)
    head = [(f"{framework.title}个人对照检查材料", "Title"), ("一、存在问题", "Heading 1")]
    tail = [("二、原因剖析", "Heading 1"), (f"一是{rng.choice(_CAUSES)}。", None),
            ("三、整改措施", "Heading 1"),
            (f"一是{rng.choice(_MEASURES).format(s=rng.choice(_SUBJECTS))}。", None)]
    dims = framework.dimensions
    body_budget = count - len(head) - len(tail) - len(dims)
    if body_budget < len(dims):
        paras = head + [(f"（{_CN_NUM[n]}）{_heading(d.title)}", "Heading 2") for n, d in enumerate(dims)] + tail
        return paras[:count]
    paras = list(head)
    base, extra = divmod(body_budget, len(dims))
    for n, dim in enumerate(dims):
        paras.append((f"（{_CN_NUM[n]}）{_heading(dim.title)}", "Heading 2"))
        for k in range(base + (1 if n < extra else 0)):
            paras.append((_item(rng, k, 120), None))
    paras += tail
    assert len(paras) == count
    return paras


def swap_body(base: bytes, paras: list[tuple[str, str | None]]) -> bytes:
    """`base` (a .docx made with python-docx, whose styles define the ones named in `paras`) with
    its body replaced by `paras`: one paragraph and run each, the style by id. Builds a thousand
    distinct files in a few seconds, where python-docx takes ~0.1 s a file."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def paragraph(text: str, style: str | None) -> str:
        props = f'<w:pPr><w:pStyle w:val="{style.replace(" ", "")}"/></w:pPr>' if style else ""
        return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = "".join(paragraph(text, style) for text, style in paras)
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                data = (text[:start] + body + text[text.index("<w:sectPr"):]).encode("utf-8")
            archive.writestr(info, data)
    return out.getvalue()
