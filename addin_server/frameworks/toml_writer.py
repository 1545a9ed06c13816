"""A framework back to the file format loader.parse_framework reads (for install and export).

The format is small (strings, integers, booleans, lists of strings, arrays of tables), so it is
written here rather than with a TOML library; registry.install_framework parses the result again
before it is saved, so a writing mistake can never leave a file that does not load.
"""
from __future__ import annotations

import json

from .loader import Framework


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string, except that TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to a framework file")


def framework_data(fw: Framework) -> dict:
    """The framework as the fields of its file (what parse_framework accepts)."""
    data = {"id": fw.id, "title": fw.title, "meeting_type": fw.meeting_type, "year": fw.year,
            "default": False, "description": fw.description, "min_items": fw.min_items}
    if fw.source:
        data["source"] = fw.source
    if fw.disabled_checks:
        data["disabled_checks"] = list(fw.disabled_checks)
    data["length"] = {"min": fw.min_length, "max": fw.max_length}
    data["sections"] = [{"key": s.key, "role": s.role, "title": s.title,
                         "synonyms": list(s.synonyms), "required": s.required} for s in fw.sections]
    data["dimensions"] = [{"key": d.key, "title": d.title, "synonyms": list(d.synonyms),
                           "guidance": d.guidance} for d in fw.dimensions]
    return data


def framework_toml(fw: Framework) -> str:
    data = framework_data(fw)
    lines = [f"# {fw.title}", "# 对照检查助手的框架文件：可用 addin-server frameworks install 安装。"]
    for key, value in data.items():
        if key == "length":
            lines.append(f"length = {{ min = {value['min']}, max = {value['max']} }}")
        elif key not in ("sections", "dimensions"):
            lines.append(f"{key} = {_value(value)}")
    for table in ("sections", "dimensions"):
        for entry in data[table]:
            lines += ["", f"[[{table}]]"]
            lines += [f"{k} = {_value(v)}" for k, v in entry.items() if v != "" or k != "guidance"]
    return "\n".join(lines) + "\n"
