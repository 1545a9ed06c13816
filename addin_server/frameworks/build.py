"""A framework made from aspect lines as a notice prints them, or from a document's own headings.

「（一）带头树立和践行正确政绩观方面；」, 「1. 带头深化理论武装」, 「带头严守纪律规矩」: numbering,
trailing punctuation and blank lines go; each line is one aspect's official wording. Everything
else a framework needs (the sections, their synonyms, the expected length) is taken from the
newest shipped framework of the same meeting type, so a new year's framework checks sections the
way the last one did. The names a heading may use are derived from the wording at load
(names.derive_names), so no synonym list is needed.
"""
from __future__ import annotations

import hashlib
import re

from .. import regexes
from .loader import Framework, FrameworkError, parse_framework
from .names import heading_core
from .toml_writer import framework_data
from .registry import list_frameworks

MEETING_TYPES = ("民主生活会", "组织生活会")
MAX_ASPECTS = 12
MAX_ASPECT_CHARS = 80
_NUMBERING = regexes.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、.．]|"
    r"\d{1,2}\s*[、.．)）](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫]|第[一二三四五六七八九十]{1,3}[，,、]?|[-•·*◆●■▲★☆※◇□△▶►]+)\s*")
# A label or a run-in opening around the wording: 【……】, 对照……的要求.
_AROUND = regexes.compile(r"^(?:【(?P<label>[^【】]+)】|对照(?P<run_in>.+?)的?要求)$")
_TRAILING = "。；;，,：:、 \t　"
# What a framework file cannot hold or a heading cannot contain: control characters, lone
# surrogates (text pasted from a broken source), non-characters.
_UNSAVABLE = regexes.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _UNSAVABLE.sub("", text)


def aspect_lines(text: str) -> list[str]:
    """The aspects in `text`, one a line, without numbering or trailing punctuation."""
    out = []
    for raw in _clean(text).splitlines():
        line = _NUMBERING.sub("", raw.strip()).strip().rstrip(_TRAILING).strip()
        around = _AROUND.match(line)
        if around:
            line = (around["label"] or around["run_in"]).strip().rstrip(_TRAILING)
        line = line.strip("“”\"")
        if line:
            out.append(line)
    return out


def _template(meeting_type: str, frameworks) -> Framework:
    same = [f for f in frameworks if f.origin == "shipped" and f.meeting_type == meeting_type]
    if not same:
        same = [f for f in frameworks if f.origin == "shipped"]
    return max(same, key=lambda f: (f.year, f.id))


def new_framework_id(title: str, year: int) -> str:
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    return f"custom-{year}-{digest}"


def build_framework(title: str, aspects, meeting_type: str = "民主生活会", year: int | None = None,
                    framework_id: str | None = None, description: str = "", source: str = "",
                    frameworks=None) -> Framework:
    """A validated framework from its title and aspect wordings (FrameworkError naming the field)."""
    title = " ".join(_clean(title or "").split())
    source = " ".join(_clean(source or "").split())
    if not title:
        raise FrameworkError("框架名称不能为空 / a title is required", "title")
    if meeting_type not in MEETING_TYPES:
        raise FrameworkError(f"会议类型须为 {'、'.join(MEETING_TYPES)} 之一", "meeting_type")
    lines = []
    for aspect in aspects:
        lines.extend(aspect_lines(aspect))
    lines = list(dict.fromkeys(lines))
    if not lines:
        raise FrameworkError("至少需要一个对照方面 / at least one aspect is required", "aspects")
    if len(lines) > MAX_ASPECTS:
        raise FrameworkError(f"对照方面不超过 {MAX_ASPECTS} 个 / at most {MAX_ASPECTS} aspects", "aspects")
    for i, line in enumerate(lines):
        if len(line) > MAX_ASPECT_CHARS:
            raise FrameworkError(f"第 {i + 1} 个对照方面超过 {MAX_ASPECT_CHARS} 字，请只写方面的名称",
                                 f"aspects[{i}]")
    if year is None:
        found = re.search(r"(20\d\d)", title)
        year = int(found.group(1)) if found else _template(meeting_type, frameworks or list_frameworks()).year + 1
    template = _template(meeting_type, frameworks or list_frameworks())
    data = framework_data(template)
    data.update({
        "id": framework_id or new_framework_id(title, year), "title": title,
        "meeting_type": meeting_type, "year": year, "default": False,
        "description": description or f"对照{len(lines)}个方面查摆问题。",
        # The scaffold shows the guidance as the 【请填写】 prompt under each aspect.
        "dimensions": [{"key": f"aspect{i + 1}", "title": line, "synonyms": [],
                        "guidance": f"对照“{heading_core(line)}”的要求，写明自己在思想和工作中的具体差距。"}
                       for i, line in enumerate(lines)],
    })
    data.pop("source", None)
    if source.strip():
        data["source"] = source.strip()
    # Sections only a framework's own year has (典型案例剖析 in 2025) stay with that year.
    data["sections"] = [s for s in data["sections"] if s["role"] != "other" or s["key"] in ("last_year", "opinions")]
    return parse_framework(data, data["id"])
