"""A grammar of 对照检查材料 for property tests: hypothesis strategies that draw a material *spec*
with its ground truth, and render it to the document model and to real .docx files in the shapes
writers produce.

The grammar follows /work/shared/research/material-anatomy.md front to back:

- front matter: an optional unit line, a title on one or two lines, an optional name line and
  date line, a preamble that may name aspects (which does not make them present);
- the body: optional sections at their framework place (上年度整改落实情况, 会前学习和征求意见情况,
  典型案例剖析), 存在问题 with the aspects of a shipped framework (headed （一）/1./一是, or run in
  「在……方面，一是……」) and their items (一是, 1., （1）, ①, or one per paragraph without a number),
  原因剖析, 整改措施 (一是…, （一）headings each followed by a paragraph, or 1./2.);
- back matter: a closing sentence, a signature, a date, an optional 「附件：整改清单」 and its table.

Half-written drafts leave out any subset of the aspects, 原因剖析 and/or 整改措施; their numbers
either run on consecutively or keep the framework's places (a gap where a part is missing).

Every paragraph of a spec carries its role, section and aspect, so a test knows which paragraph is
which part without asking the product. The sentences are written for these tests.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from addin_server.frameworks import get_framework, list_frameworks
from addin_server.model import Document, Paragraph

CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

# ---- roles ------------------------------------------------------------------------------------

UNIT, TITLE, NAME, DATE_LINE, PREAMBLE = "unit", "title", "name", "date_line", "preamble"
# A contents list after the preamble: the section headings typed once more, one a line, under a
# 目录 or a 说明 line — an outline of the material, not its sections.
CONTENTS = "contents"
SECTION_HEADING, SECTION_BODY = "section_heading", "section_body"
ASPECT_HEADING, PROBLEM, RUN_IN = "aspect_heading", "problem", "run_in"
CAUSE, MEASURE_HEADING, MEASURE = "cause", "measure_heading", "measure"
CLOSING, SIGNATURE, DATE, ATTACHMENT, TABLE_CELL = "closing", "signature", "date", "attachment", "table_cell"
PAGE_BREAK = "page_break"    # Ctrl+Enter before the attachment: a paragraph holding only the break
FRONT_MATTER = (UNIT, TITLE, NAME, DATE_LINE, PREAMBLE, CONTENTS)
BACK_MATTER = (CLOSING, SIGNATURE, DATE, PAGE_BREAK, ATTACHMENT, TABLE_CELL)
MEASURE_ROLES = (MEASURE_HEADING, MEASURE)

# ---- the writers' own sentences (written for these tests) ---------------------------------------

PROBLEM_STEMS = [
    "对新理论新要求的学习停留在读原文、记笔记，结合分管工作深入思考不够",
    "落实上级部署时习惯于按部就班，遇到难啃的骨头就放慢了推进节奏",
    "下基层调研次数不少，但听汇报多、进农户少，掌握的一手情况不够鲜活",
    "对分管领域的风险隐患排查不够细致，有的问题等到群众反映才着手处理",
    "开展批评时有顾虑，提意见多谈工作层面，触及思想深处的内容偏少",
    "推动项目建设时重进度轻质量，建成后的管护跟进不够及时",
    "审核文稿把关不严，个别材料篇幅冗长、针对性不强，基层反映负担重",
    "对年轻干部的日常提醒和帮带不够，谈心谈话的次数偏少",
    "执行财经制度有时图方便，个别报销事项审核不够严格",
    "面对突发舆情应对不够及时，研判处置的办法还不多",
    "抓党建和抓业务结合得不够紧，一定程度上存在两张皮现象",
    "满足于沿用老办法，对数字化手段在监管中的运用还不多",
]
PROBLEM_DETAILS = [
    "今年推进农村道路改造时，就出现过工期一再顺延的情况",
    "这些问题虽然表现在具体工作上，根子还在思想认识上",
    "反映出自己工作标准不够高、办法不够多",
    "有的同志在座谈时直言指出了这一点，自己深有感触",
    "对照先进典型找差距，这方面的短板比较明显",
]
CAUSES = [
    "理论武装还不够扎实，学习上满足于知其然，对背后的道理学理哲理钻研不深",
    "宗旨意识有所淡化，在机关时间长了，同群众面对面打交道的机会少了",
    "党性锻炼有所放松，认为自己是老党员，政治上成熟，自我要求渐渐降低",
    "担当精神有所减弱，求稳怕乱的思想抬头，怕担风险、怕出问题",
    "纪律规矩意识不够牢固，对小事小节的警觉性降低，存在侥幸心理",
    "作风建设标准不高，满足于过得去，对工作精益求精的劲头不足",
]
MEASURES = [
    "坚持每周安排固定时间自学，每季度结合分管工作撰写一篇学习心得，推动学用贯通",
    "把上级决策部署列入台账，按月调度、按季通报，确保件件有着落",
    "每季度到联系点蹲点调研不少于三天，带着问题下去、带着办法回来",
    "建立分管领域风险隐患清单，逐项明确责任人和完成时限，实行销号管理",
    "严格落实谈心谈话制度，每半年与分管科室干部逐一谈心一次",
    "坚持项目质量和进度两手抓，建成项目纳入管护台账，定期回访检查",
    "精简文件会议，能合并的合并、能压缩的压缩，切实为基层减负",
    "严格执行财经纪律，每季度对分管领域经费使用情况开展一次自查",
]
MEASURE_TITLES = ["在强化理论武装上下功夫", "在提升政治能力上下功夫", "在改进工作作风上下功夫",
                  "在履职尽责上下功夫", "在严守纪律规矩上下功夫", "在服务群众上下功夫",
                  "在防范化解风险上下功夫", "在从严管党治党上下功夫"]
SECTION_BODIES = {
    "last_year": "上年度民主生活会查摆的问题已全部列入整改台账，多数已经整改到位，需要长期坚持的事项正在持续推进。",
    "opinions": "会前通过召开座谈会、个别访谈等方式广泛征求意见建议，已逐条梳理，并在本材料中一一作出回应。",
    "cases": "对照通报的反面典型案例，深刻认识到权力观扭曲的危害，警示自己时刻绷紧纪律这根弦，做到警钟长鸣。",
}
SECTION_TITLES = {
    "problems": ["存在问题", "存在的主要问题", "查摆的突出问题", "存在的不足", "对照检查情况"],
    "causes": ["原因剖析", "问题产生的原因", "问题根源", "原因分析", "产生问题的根源"],
    "measures": ["整改措施", "努力方向和整改措施", "下一步整改措施", "今后努力方向"],
    "last_year": ["上年度民主生活会整改落实情况", "上年度整改落实情况"],
    "opinions": ["会前学习和征求意见情况", "征求意见情况"],
    "cases": ["典型案例剖析", "反面典型案例剖析"],
}
OPTIONAL_SECTIONS = ("last_year", "opinions", "cases")
UNITS = ["中共某县农业农村局党组", "中共某市住房和城乡建设局党组", "中共某区委办公室支部委员会"]
PEOPLE = ["王建华", "李晓峰", "陈立明", "赵文静"]
POSTS = ["县农业农村局局长", "市住建局副局长", "区委办公室主任"]
CLOSINGS = ["以上对照检查，如有不妥之处，恳请同志们批评指正。", "以上是我的对照检查，请同志们批评帮助。",
            "恳请大家提出宝贵意见。", "以上对照检查，请同志们批评指正。"]
ATTACHMENTS = ["附件：整改清单", "附件：问题清单", "附件：整改任务清单"]
TABLE_HEADER = ("序号", "存在问题", "整改措施", "完成时限", "责任人")
DEADLINES = ["2026年6月底前", "2026年12月底前", "长期坚持"]

# ---- the spec ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One paragraph of the material as the writer typed it, with its ground truth."""

    text: str                    # as typed, its number included
    role: str
    section: str | None = None   # the section key it belongs to (a heading: the one it opens)
    aspect: str | None = None    # the aspect key (headings, items, run-ins)
    level: int = 0               # 1 a section heading, 2 an aspect or measure heading, 0 body text
    number: str = ""             # the typed number at the start of `text` ("一、", "（二）", "1.")
    # The Word list that would hold `number` when the shape numbers automatically (numbering.xml):
    # "section", "aspect", "item", "measure", "measure_heading"; "" for a number Word never holds.
    auto: str = ""
    bold_lead: str = ""          # a run-in heading's bold lead (WPS look), included in `text`
    row: int | None = None       # table cells: row and column of the attachment table
    column: int | None = None
    # Typed on at the end of the paragraph before it, without a return (a closing sentence after
    # the last measure's full stop: 「……三是……。以上对照检查，请同志们批评指正。」).
    glued: bool = False


@dataclass(frozen=True)
class Material:
    framework_id: str
    parts: tuple[Part, ...]
    aspects: tuple[str, ...]         # aspect keys present, in document order
    sections: tuple[str, ...]        # section keys present, in document order
    aspect_form: str                 # （一） | 1. | 一是 | run-in | numbered run-in
    item_form: str                   # 一是 | 1. | （1） | ① | none
    measure_form: str                # 一是 | heading | 1. | lead (a bold lead sentence, no number) |
    #                                  grouped (under the aspects' headings again, 一是 in each)
    gaps: bool                       # numbers keep the framework's places where parts are missing
    # Written with soft breaks throughout: the closing lines go on in the last section's paragraph
    # (「……推动学用贯通。⏎以上对照检查，请同志们批评指正。⏎王建华⏎2026年1月5日」).
    soft_back: bool = False
    # How Word stored the lists that restart (shape autonum): each a w:num with a startOverride
    # ("override", as 重新开始于 1 does), the first of a kind without one ("first_plain", as the
    # numbering button leaves it), or each with an abstractNum of its own ("own_abstract", a list
    # pasted from another document brings its own).
    word_lists: str = "override"
    # Written with soft breaks, a long aspect heading broken after a 、 to balance its two lines
    # (「（一）在带头强化政治忠诚、⏎提高政治能力方面」), as writers do with Shift+Enter.
    broken_headings: bool = False

    @property
    def framework(self):
        return get_framework(self.framework_id)

    @property
    def complete(self) -> bool:
        framework = self.framework
        return (set(self.aspects) == {d.key for d in framework.dimensions}
                and all(s.key in self.sections for s in framework.sections if s.required))

    @property
    def missing_parts(self) -> set[str]:
        framework = self.framework
        return ({f"section:{s.key}" for s in framework.sections if s.required and s.key not in self.sections}
                | {f"dimension:{d.key}" for d in framework.dimensions if d.key not in self.aspects})

    def texts(self) -> list[str]:
        return [p.text for p in self.parts]


def number_text(form: str, n: int) -> str:
    return {"一、": f"{CN[n - 1]}、", "（一）": f"（{CN[n - 1]}）", "1.": f"{n}.", "一是": f"{CN[n - 1]}是",
            "（1）": f"（{n}）", "①": CIRCLED[n - 1], "none": "", "run-in": ""}[form]


def _sentence(draw, stems, n_details=(0, 1)) -> str:
    text = draw(st.sampled_from(stems))
    if draw(st.integers(*n_details)):
        text += "，" + draw(st.sampled_from(PROBLEM_DETAILS))
    return text + "。"


def _aspect_wording(draw, dimension) -> str:
    title = dimension.title
    forms = [title]
    if title.endswith("方面"):
        forms.append(f"{title}存在的问题")
    name = dimension.names[0]
    if not name.endswith("情况"):
        forms.append(f"在{name}方面")
    return draw(st.sampled_from(forms))


def _run_in_names(dimension) -> list[str]:
    """Names a writer puts in 「在……方面，」: the aspect's names without their own 带头/在 and 情况."""
    names = [n.removesuffix("情况") for n in dimension.names if not n.startswith(("带头", "在"))
             and not n.endswith("方面")]
    return [n for n in names if len(n) >= 4][:2] or [dimension.names[0]]


def _optional_sections(framework):
    """The optional sections the framework places before 整改措施 (where writers put them)."""
    keys = [s.key for s in framework.sections]
    measures = keys.index("measures")
    return [k for i, k in enumerate(keys) if k in OPTIONAL_SECTIONS and i < measures]


@st.composite
def materials(draw, framework_ids=None, complete: bool | None = None, grouped: bool | None = None) -> Material:
    """A material spec: complete or a half-written draft (`complete` None: either); `grouped`
    True: its 整改措施 grouped under the aspects' headings (None: drawn so, now and then)."""
    framework_ids = framework_ids or [f.id for f in list_frameworks()]
    framework = get_framework(draw(st.sampled_from(sorted(framework_ids))))
    complete = draw(st.booleans()) if complete is None else complete
    parts: list[Part] = []

    # -- front matter
    if draw(st.booleans()):
        parts.append(Part(draw(st.sampled_from(UNITS)), UNIT))
    first, _, second = framework.document_title.partition("\n")
    title_form = draw(st.sampled_from(["one", "two", "在上"]))
    if title_form == "two":
        parts += [Part(first, TITLE), Part(second, TITLE)]
    elif title_form == "在上":
        parts.append(Part(f"在{first}上的{second}", TITLE))
    else:
        parts.append(Part(first + second, TITLE))
    person = draw(st.sampled_from(PEOPLE))
    name_form = draw(st.sampled_from(["none", "post", "brackets"]))
    if name_form == "post":
        parts.append(Part(f"{draw(st.sampled_from(POSTS))} {person}", NAME))
    elif name_form == "brackets":
        parts.append(Part(f"（{person}）", NAME))
    if draw(st.booleans()):
        parts.append(Part("（2026年1月）", DATE_LINE))
    mention = ""
    if draw(st.booleans()):
        named = draw(st.lists(st.sampled_from([d.names[-1] for d in framework.dimensions]), min_size=1,
                              max_size=3, unique=True))
        mention = f"紧扣{'、'.join(named)}等方面，"
    parts.append(Part(f"根据上级关于召开本次会议的通知要求，本人认真学习规定篇目，广泛征求意见建议，"
                      f"深入开展谈心谈话，{mention}逐项对照检查，现将有关情况报告如下：", PREAMBLE))

    # -- which parts are there
    dimension_keys = [d.key for d in framework.dimensions]
    if complete:
        aspects = dimension_keys
        sections = [s.key for s in framework.sections if s.required]
    else:
        kept = draw(st.lists(st.booleans(), min_size=len(dimension_keys), max_size=len(dimension_keys)))
        aspects = [k for k, keep in zip(dimension_keys, kept) if keep]
        sections = ["problems"] + [k for k in ("causes", "measures") if draw(st.booleans())]
        if set(aspects) == set(dimension_keys) and len(sections) == 3:
            aspects = [k for k in aspects if k != draw(st.sampled_from(dimension_keys))]
        if grouped:
            sections = sections if "measures" in sections else [*sections, "measures"]
            aspects = aspects or dimension_keys[:1]
    optional = [k for k in _optional_sections(framework) if draw(st.booleans())]
    order = [s.key for s in framework.sections]
    body_sections = sorted(set(sections) | set(optional), key=order.index)
    gaps = (not complete) and draw(st.booleans())
    numbered_sections = [k for k in order if framework.sections[order.index(k)].required or k in optional] \
        if gaps else body_sections

    # run-in: 「在……方面，一是……二是……」 one paragraph an aspect; numbered run-in: 「（一）在……方面。
    # 一是……二是……」, the compact form of short materials.
    aspect_form = draw(st.sampled_from(["（一）", "1.", "一是", "run-in", "numbered run-in"]))
    if grouped:
        aspect_form = "（一）"
    item_choices = {"（一）": ["一是", "1.", "（1）", "①", "none"], "1.": ["一是", "（1）", "①", "none"],
                    "一是": ["（1）", "①", "none"], "run-in": ["一是"], "numbered run-in": ["一是"]}[aspect_form]
    item_form = draw(st.sampled_from(item_choices))
    measure_form = "一是" if grouped else draw(st.sampled_from(["一是", "heading", "1.", "lead"]))
    cause_form = draw(st.sampled_from(["一是", "1.", "none"]))

    def items(form, stems, count, role, section, aspect=None, auto="item"):
        out = []
        for n in range(1, count + 1):
            number = number_text(form, n)
            out.append(Part(number + _sentence(draw, stems), role, section, aspect, 0, number,
                            auto if form in ("1.",) else ""))
        return out

    for key in body_sections:
        heading_number = number_text("一、", numbered_sections.index(key) + 1)
        parts.append(Part(heading_number + draw(st.sampled_from(SECTION_TITLES[key])), SECTION_HEADING, key,
                          level=1, number=heading_number, auto="section"))
        if key in SECTION_BODIES:
            parts.append(Part(SECTION_BODIES[key], SECTION_BODY, key))
        elif key == "problems":
            for dimension in framework.dimensions:
                if dimension.key not in aspects:
                    continue
                n = dimension_keys.index(dimension.key) + 1 if gaps else aspects.index(dimension.key) + 1
                wording = _aspect_wording(draw, dimension)
                count = draw(st.integers(1, 3))
                if aspect_form == "run-in":
                    name = draw(st.sampled_from(_run_in_names(dimension)))
                    lead = draw(st.sampled_from([f"在{name}方面，", f"对照{name}的要求，", f"【{name}方面】"]))
                    body = "".join(f"{CN[k]}是{_sentence(draw, PROBLEM_STEMS, (0, 0))}" for k in range(count))
                    parts.append(Part(lead + body, RUN_IN, key, dimension.key, 0, bold_lead=lead))
                    continue
                if aspect_form == "numbered run-in":
                    number = number_text("（一）", n)
                    lead = number + wording.rstrip("。：:") + "。"
                    body = "".join(f"{CN[k]}是{_sentence(draw, PROBLEM_STEMS, (0, 0))}" for k in range(count))
                    parts.append(Part(lead + body, RUN_IN, key, dimension.key, 0, number, bold_lead=lead))
                    continue
                number = number_text(aspect_form, n)
                parts.append(Part(number + wording, ASPECT_HEADING, key, dimension.key, 2, number,
                                  "aspect" if aspect_form in ("（一）", "1.") else ""))
                parts += items(item_form, PROBLEM_STEMS, count, PROBLEM, key, dimension.key)
        elif key == "causes":
            parts += items(cause_form, CAUSES, draw(st.integers(1, 3)), CAUSE, key)
        elif key == "measures":
            count = draw(st.integers(1, 4))
            if measure_form == "heading":
                titles = draw(st.lists(st.sampled_from(MEASURE_TITLES), min_size=count, max_size=count,
                                       unique=True))
                for n, title in enumerate(titles, 1):
                    number = number_text("（一）", n)
                    parts.append(Part(number + title, MEASURE_HEADING, key, None, 2, number, "measure_heading"))
                    parts.append(Part(_sentence(draw, MEASURES), MEASURE, key))
            elif measure_form == "lead":
                # One paragraph per measure opening with its bold lead sentence (WPS look).
                titles = draw(st.lists(st.sampled_from(MEASURE_TITLES), min_size=count, max_size=count,
                                       unique=True))
                for title in titles:
                    lead = title.removeprefix("在").replace("上下功夫", "") + "。"
                    parts.append(Part(lead + _sentence(draw, MEASURES), MEASURE, key, bold_lead=lead))
            else:
                parts += items(measure_form, MEASURES, count, MEASURE, key, auto="measure")

    # -- back matter
    if draw(st.booleans()) or complete:
        parts.append(Part(draw(st.sampled_from(CLOSINGS)), CLOSING))
    # The anatomy's signature block: 「×××」 then the date, or only the date.
    signed = draw(st.sampled_from(["none", "date", "signature and date"]))
    if signed == "signature and date":
        parts.append(Part(person, SIGNATURE))
    if signed != "none":
        parts.append(Part(f"2026年1月{draw(st.integers(5, 28))}日", DATE))
    if draw(st.booleans()):
        if draw(st.booleans()):
            parts.append(Part("\n", PAGE_BREAK))   # as a reader gives Word's page break
        parts.append(Part(draw(st.sampled_from(ATTACHMENTS)), ATTACHMENT))
        rows = [TABLE_HEADER]
        for n in range(1, draw(st.integers(1, 3)) + 1):
            rows.append((str(n), draw(st.sampled_from(PROBLEM_STEMS))[:12], draw(st.sampled_from(MEASURES))[:14],
                         draw(st.sampled_from(DEADLINES)), "本人"))
        parts += [Part(cell, TABLE_CELL, row=r, column=c) for r, row in enumerate(rows) for c, cell in enumerate(row)]
    # The closing often typed on at the end of the last measure (or whatever body paragraph ends
    # the text). Drawn last, so the materials drawn before this variant existed are drawn still.
    closing = next((k for k, part in enumerate(parts) if part.role == CLOSING), None)
    if closing and parts[closing - 1].role in (PROBLEM, CAUSE, MEASURE, RUN_IN, SECTION_BODY) and not grouped \
            and draw(st.booleans()):
        parts[closing] = replace(parts[closing], glued=True)
    # The name and the date still to fill, as a scaffold or a unit's template leaves them
    # (「【请填写：姓名】」「【请填写：日期，如……】」) — drawn last, as the closing above.
    if any(part.role in (SIGNATURE, DATE) for part in parts) and draw(st.booleans()):
        unfilled = {SIGNATURE: "【请填写：姓名】", DATE: "【请填写：日期，如2026年1月10日】"}
        parts = [replace(part, text=unfilled[part.role]) if part.role in unfilled else part for part in parts]
    # A contents list (drawn after everything else, as the closing above, for the same reason).
    headings = [part.text for part in parts if part.role == SECTION_HEADING]
    if len(headings) >= 2 and draw(st.booleans()):
        at = next(k for k, part in enumerate(parts) if part.role == PREAMBLE) + 1
        lead = draw(st.sampled_from(["目  录", "说明：本材料分为以下几个部分。", "本材料分为以下几部分："]))
        parts[at:at] = [Part(text, CONTENTS) for text in [lead, *headings]]
    # 整改措施 grouped under the aspects' own headings (「（一）在带头……方面」 again, then 一是……), as
    # many writers set them out by aspect (drawn last, as the contents list, for the same reason).
    measures = [k for k, part in enumerate(parts) if part.section == "measures" and part.role == MEASURE]
    if (measure_form == "一是" and aspect_form == "（一）" and measures and aspects
            and not any(part.glued for part in parts) and (grouped if grouped is not None else draw(st.booleans()))):
        grouped: list[Part] = []
        for n, key in enumerate(aspects, 1):
            heading = next(part for part in parts if part.role == ASPECT_HEADING and part.aspect == key)
            number = number_text("（一）", n)
            grouped.append(Part(number + heading.text[len(heading.number):], MEASURE_HEADING, "measures", key, 2,
                                number, "measure_heading"))
            for m in range(1, draw(st.integers(1, 2)) + 1):
                label = number_text("一是", m)
                grouped.append(Part(label + _sentence(draw, MEASURES), MEASURE, "measures", key, 0, label))
        parts[measures[0]:measures[-1] + 1] = grouped
        measure_form = "grouped"
    return Material(framework.id, tuple(parts), tuple(a for a in dimension_keys if a in aspects),
                    tuple(body_sections), aspect_form, item_form, measure_form, gaps, draw(st.booleans()),
                    draw(st.sampled_from(["override", "first_plain", "own_abstract"])), draw(st.booleans()))


def broken_heading(text: str) -> str:
    """An aspect heading as a writer breaks it over two lines: after its first 、 past the sixth
    character, when something of length follows; unchanged otherwise."""
    at = text.find("、", 6)
    return text if at < 0 or len(text) - at < 6 else text[:at + 1] + "\n" + text[at + 1:]


# ---- rendering to the document model ----------------------------------------------------------

MODEL_SHAPES = ("typed", "styled", "auto", "soft")


@dataclass(frozen=True)
class Rendered:
    """A material in one shape: its model and, for each model paragraph, the parts it holds."""

    material: Material
    shape: str
    document: Document
    holds: tuple[tuple[int, ...], ...]    # model paragraph → indices into material.parts

    def roles(self, index: int) -> set[str]:
        return {self.material.parts[k].role for k in self.holds[index]}

    def paragraphs_with(self, *roles: str) -> list[int]:
        return [i for i in range(len(self.holds)) if self.roles(i) & set(roles)]


def auto_labels(material: Material) -> list[str]:
    """The number Word's automatic numbering shows for each part (numbers counted as Word counts
    them: consecutively, items and measures restarting under each heading)."""
    counters: dict[str, int] = {}
    labels = []
    for part in material.parts:
        if part.level == 1:
            for inner in ("item", "measure", "measure_heading"):
                counters.pop(inner, None)
        elif part.level == 2:
            counters.pop("item", None)
        if not part.auto:
            labels.append("")
            continue
        counters[part.auto] = counters.get(part.auto, 0) + 1
        labels.append(_relabel(part.number, counters[part.auto]))
    return labels


def _relabel(number: str, n: int) -> str:
    if number.endswith("、"):
        return f"{CN[n - 1]}、"
    if number.startswith("（") and number[1] in CN:
        return f"（{CN[n - 1]}）"
    return f"{n}."


def soft_groups(material: Material) -> list[list[int]]:
    """How a writer who ends lines with Shift+Enter groups the parts into paragraphs: the front
    matter one paragraph, each section (heading and body) one, the back matter lines one (or, for
    a `soft_back` material, the lines of the last section's paragraph going on), each table cell
    its own."""
    groups: list[list[int]] = []
    key = None
    for k, part in enumerate(material.parts):
        if part.role == TABLE_CELL:
            groups.append([k])
            key = ("cell", k)
            continue
        if part.glued:
            groups[-1].append(k)   # the same line as the part before it
            continue
        here = ("front",) if part.role in FRONT_MATTER else ("back",) if part.role in BACK_MATTER \
            else ("section", part.section)
        if here == ("back",) and material.soft_back and key and key[0] == "section":
            here = key
        if part.role == SECTION_HEADING or here != key:
            groups.append([k])
        else:
            groups[-1].append(k)
        key = here
    return groups


def joined(material: Material, group: list[int]) -> str:
    """The parts of one soft-broken paragraph: lines joined by the break, a glued part by nothing."""
    def text(part: Part) -> str:
        return broken_heading(part.text) if material.broken_headings and part.role == ASPECT_HEADING \
            else part.text

    return "".join(("" if not n or material.parts[k].glued else "\n") + text(material.parts[k])
                   for n, k in enumerate(group))


def paragraph_groups(material: Material) -> list[list[int]]:
    """The parts each paragraph holds when each part has its own (a glued part with the one before)."""
    groups: list[list[int]] = []
    for k, part in enumerate(material.parts):
        if part.glued and groups:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def to_model(material: Material, shape: str) -> Rendered:
    """The material as a reader's document model: typed numbers and no styles ("typed"), Word's
    heading styles ("styled"), Word's automatic numbering holding the numbers ("auto"), or lines
    ended with soft breaks ("soft")."""
    parts = material.parts
    paragraphs, holds = [], []
    if shape == "soft":
        for group in soft_groups(material):
            first = parts[group[0]]
            paragraphs.append(Paragraph(len(paragraphs), joined(material, group),
                                        in_table=first.role == TABLE_CELL, table_column=first.column))
            holds.append(tuple(group))
        return Rendered(material, shape, Document(tuple(paragraphs)), tuple(holds))
    labels = auto_labels(material)
    for k, part in enumerate(parts):
        if part.glued:
            # On the end of the paragraph before it (its text as that shape gives it).
            previous = paragraphs[-1]
            paragraphs[-1] = Paragraph(previous.index, previous.text + part.text, previous.style,
                                       previous.outline_level, previous.is_list_item, previous.in_table,
                                       previous.list_label, previous.table_column)
            holds[-1] = (*holds[-1], k)
            continue
        text, style, level, label = part.text, "", None, ""
        if shape in ("styled", "auto") and part.level:
            style, level = f"Heading {part.level}", part.level
        if part.role == TITLE and shape == "styled":
            style = "Title"
        if shape == "auto" and part.auto:
            text, label = part.text[len(part.number):], labels[k]
        paragraphs.append(Paragraph(len(paragraphs), text, style, level, bool(label), part.role == TABLE_CELL,
                                    label, part.column))
        holds.append((k,))
    return Rendered(material, shape, Document(tuple(paragraphs)), tuple(holds))


# ---- rendering to .docx -----------------------------------------------------------------------

DOCX_SHAPES = ("styles", "plain", "wps", "autonum", "autonum_styles", "table", "softbreak")


def docx_holds(material: Material, shape: str) -> tuple[tuple[int, ...], ...]:
    """Which parts each paragraph of the .docx of `shape` holds (as read back, in order)."""
    if shape == "softbreak":
        return tuple(tuple(g) for g in soft_groups(material))
    return tuple(tuple(g) for g in paragraph_groups(material))


def docx_text(material: Material, shape: str) -> list[str]:
    """The paragraph texts a reader should find in the .docx of `shape`."""
    if shape == "softbreak":
        return [p.text for p in to_model(material, "soft").document.paragraphs]
    parts = material.parts
    if shape in ("autonum", "autonum_styles"):
        return ["".join(parts[k].text[len(parts[k].number):] if _numbered_by_word(parts[k], shape) else parts[k].text
                        for k in group) for group in paragraph_groups(material)]
    return ["".join(parts[k].text for k in group) for group in paragraph_groups(material)]


def _numbered_by_word(part: Part, shape: str) -> bool:
    if shape == "autonum":
        return bool(part.auto)
    if shape == "autonum_styles":   # only headings are numbered, through Heading 1 / Heading 2
        return part.auto == "section" or (part.auto in ("aspect", "measure_heading") and part.number.startswith("（"))
    return False


def to_docx(material: Material, shape: str) -> bytes:
    """The material as a real .docx (python-docx) in one of DOCX_SHAPES."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt

    document = docx.Document()
    lists = _WordLists(document, material.word_lists) if shape in ("autonum", "autonum_styles") else None
    if shape == "autonum_styles":
        lists.number_heading_styles()
    body_parts = [p for p in material.parts if p.role != TABLE_CELL]
    cells = [p for p in material.parts if p.role == TABLE_CELL]
    container = document
    if shape == "table":
        container = document.add_table(rows=1, cols=1).cell(0, 0)
    fresh_cell = shape == "table"

    def paragraph():
        nonlocal fresh_cell
        if fresh_cell:
            fresh_cell = False
            return container.paragraphs[0]
        return container.add_paragraph()

    def east_asian(run, font):
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    if shape == "softbreak":
        for group in soft_groups(material):
            if material.parts[group[0]].role == TABLE_CELL:
                continue
            p = document.add_paragraph()
            for n, k in enumerate(group):
                if n and not material.parts[k].glued:
                    p.add_run()._r.append(parse_xml(f'<w:br {nsdecls("w")}/>'))
                if material.parts[k].role == PAGE_BREAK:
                    p.add_run()._r.append(parse_xml(f'<w:br {nsdecls("w")} w:type="page"/>'))
                else:
                    p.add_run(material.parts[k].text)
    else:
        current_heading = current_section = None
        p = None
        for part in body_parts:
            if part.glued and p is not None:
                run = p.add_run(part.text)   # typed on at the end of the paragraph before it
                if shape == "wps":
                    run.font.size = Pt(16)
                    east_asian(run, "仿宋_GB2312")
                continue
            if part.level == 1:
                current_section = part
            by_word = _numbered_by_word(part, shape)
            text = part.text[len(part.number):] if by_word else part.text
            p = paragraph()
            if part.role == PAGE_BREAK:
                p.add_run()._r.append(parse_xml(f'<w:br {nsdecls("w")} w:type="page"/>'))
                continue
            if shape == "styles" and (part.level or part.role == TITLE):
                p.style = document.styles["Title" if part.role == TITLE else f"Heading {part.level}"]
                p.add_run(text)
            elif shape == "wps":
                lead = part.bold_lead or (text.partition("。")[0] + "。" if part.role in (PROBLEM, CAUSE, MEASURE)
                                          and "。" in text[:-1] else "")
                heading = part.level or part.role == TITLE
                for piece, bold in ((lead, True), (text[len(lead):], bool(heading))):
                    if piece:
                        run = p.add_run(piece)
                        run.bold = bold
                        run.font.size = Pt(16)
                        east_asian(run, "黑体" if part.level == 1 else "楷体_GB2312" if heading else "仿宋_GB2312")
            elif shape == "autonum_styles" and by_word:
                p.style = document.styles[f"Heading {part.level}"]
                p.add_run(text)
            elif shape == "autonum" and by_word:
                if part.level in (1, 2):
                    current_heading = part
                p.add_run(text)
                lists.number(p, part, current_section if part.auto == "measure_heading" else current_heading)
            else:
                p.add_run(text)
            if shape == "autonum" and part.level in (1, 2) and not by_word:
                current_heading = part
    if cells:
        rows = max(c.row for c in cells) + 1
        table = document.add_table(rows=rows, cols=len(TABLE_HEADER))
        for cell in cells:
            table.cell(cell.row, cell.column).text = cell.text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _WordLists:
    """Word's automatic numbering for a material: one numbering.xml definition per kind of number
    (chineseCounting 「%1、」 and 「（%1）」, decimal 「%1.」); sections and aspects one list each,
    items a list restarted under each heading, as Word does when the writer presses Enter after a
    heading and numbers again."""

    KINDS = {"一、": ("chineseCounting", "%1、"), "（一）": ("chineseCounting", "（%1）"), "1.": ("decimal", "%1.")}

    def __init__(self, document, style: str = "override"):
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self.parse, self.ns = parse_xml, nsdecls("w")
        self.numbering = document.part.numbering_part.element
        self.document = document
        self.style = style
        self.abstract = {}
        self.next_abstract = 60
        for kind in self.KINDS:
            self.abstract[kind] = self._new_abstract(kind)
        self.next_id = 300
        self.lists: dict[tuple, int] = {}
        self.used: set[int] = set()   # abstract lists a w:num already numbers

    def _new_abstract(self, kind: str) -> int:
        fmt, text = self.KINDS[kind]
        aid = self.next_abstract
        self.next_abstract += 1
        self.numbering.insert(0, self.parse(
            f'<w:abstractNum {self.ns} w:abstractNumId="{aid}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
        return aid

    def _new_list(self, aid: int, restart: bool) -> int:
        self.next_id += 1
        if restart and self.style == "first_plain" and aid not in self.used:
            restart = False          # the first list of its kind starts at 1 anyway
        self.used.add(aid)
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        self.numbering.append(self.parse(f'<w:num {self.ns} w:numId="{self.next_id}">'
                                         f'<w:abstractNumId w:val="{aid}"/>{override}</w:num>'))
        return self.next_id

    def number(self, p, part: Part, heading: Part | None) -> None:
        kind = "一、" if part.number.endswith("、") else "（一）" if part.number.startswith("（") else "1."
        # Items and measure headings start again under each heading; sections and aspects run on.
        scope = (part.auto,) if part.auto in ("section", "aspect") else (part.auto, id(heading))
        if scope not in self.lists:
            if self.style == "own_abstract":
                self.lists[scope] = self._new_list(self._new_abstract(kind), restart=False)
            else:
                self.lists[scope] = self._new_list(self.abstract[kind], restart=True)
        p._p.get_or_add_pPr().append(self.parse(
            f'<w:numPr {self.ns}><w:ilvl w:val="0"/><w:numId w:val="{self.lists[scope]}"/></w:numPr>'))

    def number_heading_styles(self) -> None:
        """Heading 1 numbered 「一、」 and Heading 2 「（一）」 through the styles (a multilevel list
        linked to the heading styles, as Word's 多级列表 does): level 2 restarts after each level 1."""
        aid = 90
        self.numbering.insert(0, self.parse(
            f'<w:abstractNum {self.ns} w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            f'<w:pStyle w:val="Heading1"/><w:lvlText w:val="%1、"/></w:lvl>'
            f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            f'<w:pStyle w:val="Heading2"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
        num = self._new_list(aid, restart=False)
        for level in (1, 2):
            style = self.document.styles[f"Heading {level}"]
            style.element.get_or_add_pPr().append(self.parse(
                f'<w:numPr {self.ns}><w:ilvl w:val="{level - 1}"/><w:numId w:val="{num}"/></w:numPr>'))


# ---- reading a number ---------------------------------------------------------------------------

_NUMBER_FORMS = [
    ("一、", re.compile(rf"^([{CN}]+)、")), ("（一）", re.compile(rf"^[（(]([{CN}]+)[)）]")),
    ("（1）", re.compile(r"^[（(](\d+)[)）]")), ("1.", re.compile(r"^(\d+)[.．、](?!\d)")),
    ("一是", re.compile(rf"^([{CN}]+)是")), ("①", re.compile(f"^([{CIRCLED}])")),
]


def leading_number(text: str) -> tuple[str, int] | None:
    """(form, value) of the number `text` opens with, as this grammar writes them; None without."""
    text = text.lstrip()
    for form, pattern in _NUMBER_FORMS:
        m = pattern.match(text)
        if m:
            token = m[1]
            if token in CIRCLED:     # (before isdigit: '①'.isdigit() is True)
                return form, CIRCLED.index(token) + 1
            if token.isdigit():
                return form, int(token)
            return form, _cn_value(token)
    return None


def _cn_value(token: str) -> int:
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + CN.index(token[1]) + 1
    if len(token) == 1:
        return CN.index(token) + 1
    tens, _, unit = token.partition("十")
    return (CN.index(tens) + 1) * 10 + (CN.index(unit) + 1 if unit else 0)


def with_part(material: Material, **changes) -> Material:
    return replace(material, **changes)


# ---- materials set out as one table of columns (writer27) ----------------------------------------
# 「一、存在问题、原因及整改措施」 (or 「一、对照检查情况」) over a table whose rows are the aspects and
# whose columns are the sections: 序号 | 方面 | 存在问题 | 原因 | 整改措施 [| 责任人 | 完成时限].

TABLE_HEADINGS = ["一、存在问题、原因及整改措施", "一、对照检查情况", "一、存在问题、原因分析及整改措施"]
ASPECT_COLUMNS = ["方面", "对照方面"]
CAUSE_COLUMNS = ["原因分析", "原因剖析"]


@dataclass(frozen=True)
class ColumnTable:
    framework_id: str
    heading: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]        # data rows, in order
    aspects: tuple[str, ...]                 # the aspect of each row
    intro: str                               # a sentence before the table, or ""
    back: tuple[str, ...]                    # closing, signature, date

    @property
    def framework(self):
        return get_framework(self.framework_id)

    @property
    def missing(self) -> list[str]:
        return [d.key for d in self.framework.dimensions if d.key not in self.aspects]


@st.composite
def column_tables(draw, framework_ids=None) -> ColumnTable:
    framework_ids = framework_ids or [f.id for f in list_frameworks()]
    framework = get_framework(draw(st.sampled_from(sorted(framework_ids))))
    keys = [d.key for d in framework.dimensions]
    kept = draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)).filter(any))
    aspects = [k for k, keep in zip(keys, kept) if keep]
    extra = draw(st.booleans())
    header = ("序号", draw(st.sampled_from(ASPECT_COLUMNS)), "存在问题", draw(st.sampled_from(CAUSE_COLUMNS)), "整改措施") \
        + (("责任人", "完成时限") if extra else ())
    rows = []
    for n, key in enumerate(aspects, 1):
        dimension = framework.dimension(key)
        row = (str(n), _aspect_wording(draw, dimension), _sentence(draw, PROBLEM_STEMS), draw(st.sampled_from(CAUSES)) + "。",
               draw(st.sampled_from(MEASURES)) + "。") + (("本人", draw(st.sampled_from(DEADLINES))) if extra else ())
        rows.append(row)
    intro = draw(st.sampled_from(["", "对照各个方面，我查摆出的问题、原因和整改措施如下表："]))
    person = draw(st.sampled_from(PEOPLE))
    back = (draw(st.sampled_from(CLOSINGS)), person, f"2026年1月{draw(st.integers(5, 28))}日")
    return ColumnTable(framework.id, draw(st.sampled_from(TABLE_HEADINGS)), header, tuple(rows), tuple(aspects),
                       intro, back[:draw(st.integers(1, 3))])


def column_table_docx(table: ColumnTable, shape: str) -> bytes:
    """The table material as a .docx: heading styled (Heading 1) or a bold run (plain)."""
    import docx

    document = docx.Document()
    first, _, second = table.framework.document_title.partition("\n")
    document.add_paragraph(first + second, style="Title" if shape == "styled" else None)
    document.add_paragraph("根据上级关于召开本次会议的通知要求，本人认真查摆问题，现将有关情况报告如下：")
    if shape == "styled":
        document.add_paragraph(table.heading, style="Heading 1")
    else:
        document.add_paragraph().add_run(table.heading).bold = True
    if table.intro:
        document.add_paragraph(table.intro)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    for r, row in enumerate((table.header, *table.rows)):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for line in table.back:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---- problems set out as a table under each aspect (序号 | 问题 | 具体表现) ------------------------

PROBLEM_TABLE_HEADERS = [("序号", "问题", "具体表现"), ("序号", "存在问题", "主要表现"), ("编号", "问题", "表现")]


def problem_row(part: Part) -> tuple[str, str]:
    """A problem item as a table row gives it: its statement (the first clause, the number left
    to the 序号 column) and its facts (the rest)."""
    text = part.text[len(part.number):] if part.number else part.text
    head, mark, rest = text.partition("，")
    return (head, rest) if mark and rest else (text, "")


def problem_table_docx(material: Material, header: tuple[str, str, str]) -> bytes:
    """`material` as a .docx of paragraphs (python-docx, Normal style, typed numbers) in which each
    aspect's problems are a table under its heading: a header row, then a row a problem."""
    import docx

    document = docx.Document()
    rows: list[Part] = []

    def flush():
        if rows:
            table = document.add_table(rows=len(rows) + 1, cols=3)
            for c, title in enumerate(header):
                table.cell(0, c).text = title
            for r, part in enumerate(rows, 1):
                table.cell(r, 0).text = str(r)
                table.cell(r, 1).text, table.cell(r, 2).text = problem_row(part)
            rows.clear()

    cells = [p for p in material.parts if p.role == TABLE_CELL]
    previous = None
    for part in material.parts:
        if part.role == PROBLEM:
            rows.append(part)
            previous = part
            continue
        flush()
        if part.role == TABLE_CELL:
            continue
        # (typed on after the paragraph before it; after a table row it stands on its own)
        if part.glued and previous is not None and previous.role != PROBLEM:
            document.paragraphs[-1].add_run(part.text)
            continue
        p = document.add_paragraph()
        if part.role == PAGE_BREAK:
            p.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
        else:
            p.add_run(part.text)
        previous = part
    flush()
    if cells:
        table = document.add_table(rows=max(c.row for c in cells) + 1, cols=len(TABLE_HEADER))
        for cell in cells:
            table.cell(cell.row, cell.column).text = cell.text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
