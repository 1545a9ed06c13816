"""Render the empty 对照检查材料 for a framework: headings in the right order, placeholders to fill.

The scaffold is what the checker calls complete-with-placeholders: every section and dimension
present, each dimension with enough 一是/二是 items, every item a 【请填写：…】 placeholder
(addin_server.placeholders) telling the writer what belongs there.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .. import placeholders
from ..frameworks import Framework, get_framework
from ..text import clean_text
from .engine import BODY, HEADING_1, HEADING_2, SIGNATURE, Segment, block, render_template
from .numerals import chinese_numeral

TEMPLATE = "scaffold.docx"
MAX_ITEMS = 10
MAX_TITLE = 60
MAX_NAME = 30

PREAMBLE_HINT = ("开篇一段：简述会前学习研讨、征求意见、谈心谈话的情况，"
                 "说明对照哪些方面、按照什么要求查摆问题")
CAUSE_HINTS = (
    "从理想信念和理论武装上剖析问题产生的思想根源",
    "从党性修养和宗旨意识上剖析根源",
    "从纪律规矩意识和作风养成上剖析根源",
    "从担当精神和履职能力上剖析根源",
)
CAUSE_HINT_MORE = "从其他方面剖析问题产生的根源"
# The back matter writers end a material with (material-anatomy: closing sentence, name, date).
CLOSING = "以上对照检查，如有不妥之处，恳请同志们批评指正。"
DATE_HINT = "日期，如2025年1月10日"


class ScaffoldOptionsError(ValueError):
    """Invalid scaffold options; `errors` maps each offending field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))

    def to_dict(self) -> dict:
        return {"code": "scaffold.options", "message": str(self), "errors": self.errors}


@dataclass(frozen=True)
class ScaffoldOptions:
    title: str | None = None  # None: derived from the framework, e.g. "…民主生活会个人对照检查材料"
    author: str | None = None  # None: a placeholder for the name
    position: str | None = None  # None: a placeholder for the position
    items_per_dimension: int = 3
    optional_sections: tuple[str, ...] = ()  # keys of the framework's sections with role "other"
    include_title: bool = True  # False: no title and name line (inserting into a titled document)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["optional_sections"] = list(self.optional_sections)
        return data

    def validated(self, framework: Framework) -> "ScaffoldOptions":
        """The options with text cleaned, or ScaffoldOptionsError naming every wrong field."""
        errors: dict[str, str] = {}
        texts = {}
        for name, limit in (("title", MAX_TITLE), ("author", MAX_NAME), ("position", MAX_NAME)):
            value = getattr(self, name)
            if value is None:
                texts[name] = None
            elif not isinstance(value, str):
                errors[name] = "须为文本"
            elif not clean_text(value):
                errors[name] = "不能只有空格（不填则留待填写）"
            elif len(clean_text(value)) > limit:
                errors[name] = f"最多 {limit} 个字"
            else:
                texts[name] = clean_text(value)
        items = self.items_per_dimension
        if isinstance(items, bool) or not isinstance(items, int) or not 1 <= items <= MAX_ITEMS:
            errors["items_per_dimension"] = f"须为 1 到 {MAX_ITEMS} 之间的整数"
        optional = self.optional_sections
        known = [s.key for s in framework.sections if s.role == "other"]
        if isinstance(optional, str) or not isinstance(optional, Iterable):
            errors["optional_sections"] = "须为可选部分的列表"
        else:
            optional = tuple(optional)
            unknown = [k for k in optional if k not in known]
            if unknown:
                errors["optional_sections"] = (
                    f"所选框架没有可选部分“{'、'.join(map(str, unknown))}”，请重新勾选"
                    if known else "所选框架没有可选部分，请不要勾选")
        if not isinstance(self.include_title, bool):
            errors["include_title"] = "须为 true 或 false"
        if errors:
            raise ScaffoldOptionsError(errors)
        return ScaffoldOptions(title=texts["title"], author=texts["author"],
                               position=texts["position"], items_per_dimension=items,
                               optional_sections=optional, include_title=self.include_title)


def default_title(framework: Framework) -> str:
    return framework.document_title


def _placeholder(hint: str) -> Segment:
    return Segment(placeholders.make(hint), placeholder=True)


def _item(ordinal: int, hint: str):
    return block(BODY, f"{chinese_numeral(ordinal)}是", _placeholder(hint))


def measure_hint(dimension) -> str:
    return f"针对{dimension.names[0]}方面查摆的问题，写明整改措施、责任和完成时限"


def problem_hint(guidance: str) -> str:
    lead = guidance.rstrip("。；; ")
    return f"{lead}。先用一句话概括一个具体问题，再写事实和表现" if lead else \
        "先用一句话概括一个具体问题，再写事实和表现"


def _body_blocks(framework: Framework, options: ScaffoldOptions) -> list:
    """The paragraphs after the title and name line, in order: the preamble, then each section
    (the back matter after them: _back_blocks)."""
    blocks = [block(BODY, _placeholder(PREAMBLE_HINT))]
    chosen = set(options.optional_sections)
    number = 0
    for section in framework.sections:
        if section.role == "other" and section.key not in chosen:
            continue
        number += 1
        blocks.append(block(HEADING_1, f"{chinese_numeral(number)}、{section.title}"))
        if section.role == "problems":
            for i, dimension in enumerate(framework.dimensions, 1):
                blocks.append(block(HEADING_2, f"（{chinese_numeral(i)}）{dimension.title}"))
                hint = problem_hint(dimension.guidance)
                blocks.extend(_item(j, hint) for j in range(1, options.items_per_dimension + 1))
        elif section.role == "causes":
            for j in range(1, options.items_per_dimension + 1):
                hint = CAUSE_HINTS[j - 1] if j <= len(CAUSE_HINTS) else CAUSE_HINT_MORE
                blocks.append(_item(j, hint))
        elif section.role == "measures":
            for j, dimension in enumerate(framework.dimensions, 1):
                blocks.append(_item(j, measure_hint(dimension)))
        else:
            blocks.append(block(BODY, _placeholder(f"写明{section.title}")))
    return blocks


def _back_blocks(options: ScaffoldOptions) -> list:
    """The closing sentence, then the name and the date set to the right (落款). Only with the
    title: a scaffold inserted into a titled document goes above the writer's own ending."""
    if not options.include_title:
        return []
    name = Segment(options.author) if options.author else _placeholder("姓名")
    return [block(BODY, CLOSING), block(SIGNATURE, name), block(SIGNATURE, _placeholder(DATE_HINT))]


def build(framework: Framework, options: ScaffoldOptions) -> dict:
    """The template context: title, name line and the blocks of paragraphs, in order."""
    blocks = _body_blocks(framework, options) + _back_blocks(options)
    title = byline = None
    if options.include_title:
        title = options.title or default_title(framework)
        byline = [
            (Segment(options.position) if options.position else _placeholder("职务")).context(),
            Segment("\u3000").context(),
            (Segment(options.author) if options.author else _placeholder("姓名")).context(),
        ]
    return {"title": title, "byline": byline, "blocks": [b.context() for b in blocks]}


def outline(framework: Framework, options: ScaffoldOptions) -> tuple[str, ...]:
    """What the scaffold holds, a line each, for the writer to see before it is inserted: the
    title, each section heading with what is under it (its aspects, or how many items), and how
    the places to fill are marked. `options` validated."""
    blocks = _body_blocks(framework, options)
    lines = []
    if options.include_title:
        title = "".join((options.title or default_title(framework)).split())
        lines.append(f"标题“{title}”和署名行")
    lines.append("开篇一段（待填写）")
    k = 0
    while k < len(blocks):
        if blocks[k].level != HEADING_1:
            k += 1
            continue
        heading, k = blocks[k].text, k + 1
        aspects, items = [], 0
        while k < len(blocks) and blocks[k].level != HEADING_1:
            if blocks[k].level == HEADING_2:
                aspects.append(blocks[k].text)
            else:
                items += 1
            k += 1
        if aspects:
            lines.append(f"{heading}：{'、'.join(aspects)}，每方面 {options.items_per_dimension} 条（待填写）")
        else:
            lines.append(f"{heading}：{items} 条（待填写）")
    if options.include_title:
        lines.append("结束语、署名和日期")
    lines.append(f"待填写处标为“{placeholders.OPEN}…】”")
    return tuple(lines)


def render_scaffold(framework: Framework | str | None = None,
                    options: ScaffoldOptions | None = None) -> bytes:
    """The scaffold as .docx bytes. `framework` is a Framework, an id, or None for the default."""
    if not isinstance(framework, Framework):
        framework = get_framework(framework)
    options = (options or ScaffoldOptions()).validated(framework)
    return render_template(TEMPLATE, build(framework, options))
