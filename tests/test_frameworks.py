"""Frameworks are data: shipped files load, and malformed ones are rejected naming the field."""
from __future__ import annotations

import pytest

from addin_server.frameworks import (FrameworkError, default_framework, get_framework,
                                     list_frameworks, load_framework_file, parse_framework)


def minimal(**over):
    data = {
        "id": "t", "title": "测试", "meeting_type": "民主生活会", "year": 2030,
        "sections": [{"key": "problems", "role": "problems", "title": "存在问题", "required": True}],
        "dimensions": [{"key": "a", "title": "甲方面", "synonyms": ["甲"]}],
    }
    data.update(over)
    return data


def test_shipped_frameworks():
    ids = [f.id for f in list_frameworks()]
    assert ids[0] == "zhuti-2023" == default_framework().id
    assert {"zhuti-2023", "nianhui-2024", "zuzhi-shenghuohui"} <= set(ids)
    six = get_framework("zhuti-2023")
    assert [d.title for d in six.dimensions] == [
        "理论学习方面", "政治素质方面", "能力本领方面", "担当作为方面", "工作作风方面", "廉洁自律方面"]
    assert "政治素养" in six.dimension("politics").names
    for fw in list_frameworks():
        assert {s.role for s in fw.sections if s.required} == {"problems", "causes", "measures"}
        assert all(d.guidance for d in fw.dimensions)


def test_unknown_framework():
    with pytest.raises(FrameworkError) as err:
        get_framework("nope")
    assert "zhuti-2023" in str(err.value) and err.value.field == "framework"


@pytest.mark.parametrize("change, field", [
    ({"id": 3}, "id"),
    ({"title": ""}, "title"),
    ({"dimensions": []}, "dimensions"),
    ({"dimensions": [{"title": "x"}]}, "dimensions[0].key"),
    ({"dimensions": [{"key": "a", "title": "x", "synonyms": ["", "b"]}]}, "dimensions[0].synonyms[0]"),
    ({"sections": [{"key": "p", "role": "bogus", "title": "x"}]}, "sections[0].role"),
    ({"min_items": -1}, "min_items"),
    ({"year": True}, "year"),
    ({"length": {"min": 10, "max": 5}}, "length"),
])
def test_validation_names_the_field(change, field):
    with pytest.raises(FrameworkError) as err:
        parse_framework(minimal(**change), "x.toml")
    assert err.value.field == field
    assert field in str(err.value) and "x.toml" in str(err.value)


def test_duplicate_keys_and_missing_problems_role():
    dims = [{"key": "a", "title": "甲"}, {"key": "a", "title": "乙"}]
    with pytest.raises(FrameworkError, match="duplicate key"):
        parse_framework(minimal(dimensions=dims))
    with pytest.raises(FrameworkError, match="problems"):
        parse_framework(minimal(sections=[{"key": "c", "role": "causes", "title": "原因"}]))


def test_load_file_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("id = [", encoding="utf-8")
    with pytest.raises(FrameworkError, match="bad.toml"):
        load_framework_file(bad)


def test_frameworks_found_outside_the_source_tree(tmp_path, monkeypatch):
    """Package data is located through importlib.resources, not the working directory."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c",
                          "from addin_server.frameworks import list_frameworks;"
                          "print(len(list_frameworks()))"],
                         cwd=tmp_path, capture_output=True, text=True, check=True)
    assert int(out.stdout) >= 3
