"""Original sample materials (written for these tests) and a .docx builder.

Each material is a list of (text, style) pairs; style None means body text. Variants are derived
from one complete material so each test changes exactly one thing.
"""
from __future__ import annotations

import io

TITLE = "2023年度主题教育专题民主生活会个人对照检查材料"
PREAMBLE = ("按照本次专题民主生活会的安排，我围绕会议主题，先后参加集中学习研讨，广泛征求基层意见，"
            "与班子成员逐一谈心交流，对照六个方面逐项查找自身差距，现将有关情况报告如下。")

# dimension key → (heading as writers put it, [problem items])
PROBLEMS = {
    "theory": ("理论学习方面", [
        "一是学习的系统性不强。读原著时跟着会议安排走，碰到哪篇学哪篇，没有列出自己的书目计划，"
        "对新思想的内在逻辑把握得不够连贯。",
        "二是学用结合不够紧密。研讨发言多引用原文，结合本单位信息化项目建设谈体会少，"
        "把理论转化为解决审批流程繁琐问题的办法还不多。",
        "三是学习时间保障不足。业务繁忙时常把集中学习让位于临时任务，自学笔记断断续续。",
    ]),
    "politics": ("政治素质方面", [
        "一是政治敏锐性有待增强。对网络上涉及本行业的片面言论，有时只当作舆情处理，"
        "没有从意识形态角度深入研判。",
        "二是执行上级部署有时打折扣。落实年度重点任务时，对个别难度较大的事项强调客观条件多，"
        "主动想办法少，推进节奏慢于要求。",
    ]),
    "ability": ("能力本领方面", [
        "一是数字化管理能力不足。对数据共享平台的运行机制了解不深，指导科室开展数据治理时说不到点子上。",
        "二是应对复杂局面办法不多。处理跨部门协调事项时习惯层层请示，缺少统筹各方的主动性。",
        "三是调查研究深度不够。下基层调研多看现场、少听意见，调研报告提出的对策针对性不强。",
    ]),
    "responsibility": ("担当作为方面", [
        "一是攻坚克难的劲头有所减弱。对历史遗留的项目结算问题，存在等一等、看一看的想法。",
        "二是开拓创新意识不够强。沿用老办法开展工作多，对兄弟单位的好做法学习借鉴不及时。",
    ]),
    "style": ("工作作风方面", [
        "一是文山会海问题仍有反弹。部署工作习惯以文件落实文件，一些会议可开可不开却照样召开。",
        "二是联系服务群众不够经常。到窗口一线听取办事群众意见的次数少，对群众反映的排队时间长问题跟进不及时。",
        "三是督促检查不够有力。对布置的任务重安排、轻跟踪，个别事项长期停留在纸面上。",
    ]),
    "integrity": ("廉洁自律方面", [
        "一是廉洁风险防控意识不够强。对分管领域的采购和合同管理环节，监督检查多靠事后抽查。",
        "二是对身边人管理不够严格。对分管科室干部八小时以外的情况过问少，提醒教育不经常。",
    ]),
}

CAUSES = [
    "一是理想信念的根基需要再夯实。把理论学习当作任务来完成，思想上的主动性不足，遇到具体问题时底气不足。",
    "二是宗旨意识有所淡化。长期在机关工作，与群众面对面接触少了，对群众急难愁盼体会不深。",
    "三是自我要求有所放松。认为自己守住了底线就行，对小事小节的警觉性降低。",
]

MEASURES = [
    "一是制定个人学习计划，系统研读党的创新理论，每季度围绕信息化建设撰写一篇学习体会，"
    "把学习成果转化为优化审批流程、推进数据共享的具体举措。",
    "二是提高政治敏锐性，对涉及本行业的网络言论坚持从意识形态角度研判，"
    "重点任务实行清单管理，按月调度推进，确保上级部署不折不扣落实。",
    "三是补齐能力短板，参加数据治理专题培训，每半年到基层开展一次蹲点调研，"
    "跨部门协调事项主动牵头会商，提高统筹解决复杂问题的本领。",
    "四是对历史遗留的项目结算问题明确时间表，主动学习兄弟单位的创新做法。",
    "五是精简会议文件，每月到办事窗口听取群众意见，建立任务督办台账，确保件件有回音。",
    "六是加强分管领域采购和合同管理的廉洁风险防控，常态化开展提醒教育，管好身边人。",
]


def complete(numbered_items: bool = True) -> list[tuple[str, str | None]]:
    """A complete material under the default framework (zhuti-2023)."""
    paras: list[tuple[str, str | None]] = [(TITLE, "Title"), (PREAMBLE, None), ("一、存在问题", "Heading 1")]
    for n, (heading, items) in zip("一二三四五六", PROBLEMS.values()):
        paras.append((f"（{n}）{heading}", "Heading 2"))
        paras.extend((item, None) for item in items)
    paras.append(("二、原因剖析", "Heading 1"))
    paras.extend((c, None) for c in CAUSES)
    paras.append(("三、整改措施", "Heading 1"))
    paras.extend((m, None) for m in MEASURES)
    return paras


def unstyled(paras):
    return [(text, None) for text, _ in paras]


def without_dimension(key: str) -> list[tuple[str, str | None]]:
    """The complete material with one dimension removed and the rest renumbered."""
    paras: list[tuple[str, str | None]] = [(TITLE, "Title"), (PREAMBLE, None), ("一、存在问题", "Heading 1")]
    kept = [v for k, v in PROBLEMS.items() if k != key]
    for n, (heading, items) in zip("一二三四五六", kept):
        paras.append((f"（{n}）{heading}", "Heading 2"))
        paras.extend((item, None) for item in items)
    tail = complete()
    start = next(i for i, (t, _) in enumerate(tail) if t == "二、原因剖析")
    return paras + tail[start:]


def texts(paras) -> list[str]:
    return [t for t, _ in paras]


def pane_json(paras) -> list[dict]:
    """Paragraphs as the task pane sends them (Word reports outline level 10 for body text)."""
    out = []
    for text, style in paras:
        level = int(style.split()[-1]) if style and style.startswith("Heading") else 10
        out.append({"text": text, "style": style or "Normal", "outlineLevel": level,
                    "isListItem": False, "tableNestingLevel": 0})
    return out


def build_docx(paras, table_rows: list[list[str]] | None = None) -> bytes:
    """A real .docx made with python-docx; `table_rows` adds a table after the paragraphs."""
    import docx

    doc = docx.Document()
    for text, style in paras:
        doc.add_paragraph(text, style=style) if style else doc.add_paragraph(text)
    if table_rows:
        table = doc.add_table(rows=len(table_rows), cols=max(len(r) for r in table_rows))
        for r, row in enumerate(table_rows):
            for c, cell_text in enumerate(row):
                table.cell(r, c).text = cell_text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def with_media(data: bytes, size: int) -> bytes:
    """The .docx `data` with `size` bytes of incompressible media added: as large as a material
    with pictures (the reader never opens them, but an upload carries them whole)."""
    import os
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/media/image1.png", os.urandom(size), zipfile.ZIP_STORED)
    return out.getvalue()


def review_set(count: int) -> dict[str, bytes]:
    """`count` distinct complete materials as a reviewer's folder holds them ({name: .docx})."""
    texts = complete()
    return {f"材料{k:03d}.docx": build_docx(texts[:1] + [(f"第{k}份材料。", None)] + texts[1:])
            for k in range(count)}


def multipart(fields: dict[str, dict[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body carrying files ({field: {name: bytes}}), and its type."""
    import uuid

    boundary = uuid.uuid4().hex
    chunks = []
    for field, files in fields.items():
        for name, data in files.items():
            chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                          f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode())
            chunks += [data, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


# ---- half-written materials of any framework (tests/test_fill.py, tests/e2e) ------------------

CN = "一二三四五六七八九十"
# Sentences written for these tests: a problem and a measure a writer might put under any aspect.
PROBLEM = ("{n}是{stem}上用力不均。对照要求查摆，{stem}方面满足于完成规定动作，"
           "遇到具体工作时办法不多，效果不够明显。")
MEASURE = "{n}是针对{stem}方面的差距，列出问题清单，逐项明确时限和责任，按月对照检查落实情况。"


def stem(dimension) -> str:
    return dimension.names[0]


def half_written(framework, skip=(), measures=4):
    """A half-written material: [(text, kind)], kind title/h1/h2/body; dimensions in `skip` are
    left out and the others keep their framework numbers (so a missing （四） leaves a gap)."""
    out = [(f"{framework.document_title.splitlines()[0]}", "title"),
           ("按照会议安排，我认真学习规定篇目，广泛征求意见，对照要求查找差距，现报告如下。", "body"),
           ("一、存在问题", "h1")]
    for i, dimension in enumerate(framework.dimensions):
        if dimension.key in skip:
            continue
        out.append((f"（{CN[i]}）{stem(dimension)}方面", "h2"))
        out += [(PROBLEM.format(n=CN[j], stem=stem(dimension)), "body") for j in range(2)]
    out.append(("二、原因剖析", "h1"))
    out += [("一是理论武装还不够扎实，学用之间有脱节。", "body"), ("二是宗旨意识有所淡化，联系群众不够经常。", "body")]
    out.append(("三、整改措施", "h1"))
    dims = framework.dimensions
    out += [(MEASURE.format(n=CN[j], stem=stem(dims[j % len(dims)])), "body") for j in range(measures)]
    return out


def pdf_paste(paras, width: int = 28, page_every: int = 30):
    """The material as copied out of a PDF: no styles, every printed line of `width` characters
    its own paragraph (hard returns mid-sentence), a page number line after every `page_every`."""
    out, printed = [], 0
    for text, _ in paras:
        for i in range(0, len(text), width):
            out.append((text[i:i + width], None))
            printed += 1
            if printed % page_every == 0:
                out.append((f"— {printed // page_every} —", None))
    return out


def auto_numbered_json(paras) -> list[dict]:
    """The material as the pane reads it when Word's automatic numbering holds its （一）/一、
    numbers: not in the text, but each paragraph's listString."""
    import re

    out = []
    for item in pane_json(paras):
        m = re.match(r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、", item["text"])
        if m:
            item = {**item, "text": item["text"][m.end():], "isListItem": True, "listString": m.group()}
        out.append(item)
    return out
