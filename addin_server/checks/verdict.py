"""Where the writer stands, in one line, and the findings grouped by what the writer does.

Every surface — the pane, the page, `check`'s text, a review's row, the annotated copy — opens
with the same verdict (「结构完整；4 处文字要改正（可一键改正 3 处）；8 个问题还没有对应的措施」),
then the findings by what to do about them, most important first: 补写 (a part is missing), 填写
(a 【请填写】 left), 改正 (a slip, a number), 写措施 (a problem without a measure), 充实 (substance a
reviewer sends back for), 核对 (worth a look). A template's 【请填写】 is a state, not a fault: a
freshly inserted scaffold reads 「结构完整，还有 25 处待填写」.
"""
from __future__ import annotations

from dataclasses import dataclass

# One name per severity (finding_codes.SEVERITIES), on every surface: the pane, the page, the CLI,
# reviews, comments.
SEVERITY_LABELS = {"error": "需要修改", "warning": "建议修改", "info": "提示"}

# (action, what the group's heading says), in the order the writer should work through them.
ACTIONS = (
    ("补写", "补写缺少的部分"),
    ("填写", "填写【请填写】处"),
    ("改正", "改正错字、标点和序号"),
    ("写措施", "为问题写整改措施"),
    ("充实", "充实内容"),
    ("核对", "核对"),
)
_BY_CODE = {
    "section.missing": "补写", "dimension.missing": "补写", "section.empty": "补写",
    "dimension.empty": "补写", "items.too_few": "补写", "document.empty": "补写",
    "placeholder.unfilled": "填写", "placeholder.filler": "填写",
    "remedy.unmatched": "写措施",
    "lint.problem_as_achievement": "充实", "lint.problem_as_suggestion": "充实",
    "length.too_short": "充实",
}
_BY_PREFIX = (("proof.", "改正"), ("numbering.", "改正"), ("content.", "充实"),
              ("lint.halfwidth_punctuation", "改正"), ("lint.unpaired_marks", "改正"),
              ("lint.document_number_brackets", "改正"), ("lint.doubled_punctuation", "改正"))


def action_of(code: str) -> str:
    """What the writer does about a finding of this code (one of ACTIONS)."""
    if code in _BY_CODE:
        return _BY_CODE[code]
    return next((action for prefix, action in _BY_PREFIX if code.startswith(prefix)), "核对")


@dataclass(frozen=True, slots=True)
class Group:
    action: str
    title: str
    findings: tuple[int, ...]      # indexes into the report's findings, in document order
    safe_fixes: int                # how many of them 全部改正 corrects at once

    def to_dict(self) -> dict:
        return {"action": self.action, "title": self.title, "count": len(self.findings),
                "findings": list(self.findings), "safe_fixes": self.safe_fixes}


@dataclass(frozen=True, slots=True)
class Verdict:
    state: str                     # incomplete | to_fill | to_improve | ready
    line: str                      # the one line every surface opens with
    groups: tuple[Group, ...]
    to_fill: int                   # 【请填写】 places left (counted apart from real findings)

    def to_dict(self) -> dict:
        return {"state": self.state, "line": self.line, "to_fill": self.to_fill,
                "groups": [g.to_dict() for g in self.groups]}


def verdict_of(findings) -> Verdict:
    """The verdict and groups for a report's findings (in the report's order)."""
    by_action: dict[str, list[int]] = {action: [] for action, _ in ACTIONS}
    for i, finding in enumerate(findings):
        by_action[action_of(finding.code)].append(i)
    groups = tuple(Group(action, title, tuple(by_action[action]),
                         sum(1 for i in by_action[action] if findings[i].fix is not None and findings[i].fix.safe))
                   for action, title in ACTIONS if by_action[action])
    count = {g.action: g for g in groups}
    codes = [f.code for f in findings]
    parts = []
    missing_aspects, missing_sections = codes.count("dimension.missing"), codes.count("section.missing")
    if "document.empty" in codes:
        return Verdict("incomplete", "文档还没有正文内容：请先插入框架或写入材料", groups, 0)
    missing = "、".join(x for x in (f"{missing_sections} 个部分" if missing_sections else "",
                                    f"{missing_aspects} 个方面" if missing_aspects else "") if x)
    structural = "补写" in count
    if missing:
        parts.append(f"还差 {missing}")
    elif structural:
        parts.append(f"有 {len(count['补写'].findings)} 处内容要补写")
    to_fill = codes.count("placeholder.unfilled")
    fill_places = len(count["填写"].findings) if "填写" in count else 0
    if fill_places:
        parts.append(f"还有 {fill_places} 处待填写")
    if "改正" in count:
        group = count["改正"]
        safe = f"（可一键改正 {group.safe_fixes} 处）" if group.safe_fixes else ""
        parts.append(f"{len(group.findings)} 处文字、标点或序号要改正{safe}")
    if "写措施" in count:
        parts.append(f"{len(count['写措施'].findings)} 个问题还没有对应的措施")
    if "充实" in count:
        parts.append(f"{len(count['充实'].findings)} 处内容建议充实")
    if "核对" in count:
        parts.append(f"{len(count['核对'].findings)} 处请核对")
    if structural:
        state, opening = "incomplete", "结构不完整"
    elif fill_places:
        state, opening = "to_fill", "结构完整"
    elif groups:
        state, opening = "to_improve", "结构完整"
    else:
        return Verdict("ready", "材料完整，没有发现需要修改的地方", groups, 0)
    return Verdict(state, f"{opening}，{'；'.join(parts)}", groups, to_fill)
