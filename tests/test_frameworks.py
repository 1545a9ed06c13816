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
    assert ids[0] == "nianhui-2025" == default_framework().id
    assert {"nianhui-2025", "zhuti-2023", "nianhui-2024", "zuzhi-shenghuohui"} <= set(ids)
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


@pytest.mark.parametrize("framework_id", ["x\n", "x\r\n", "auto", "con", "CON.aux", "nul.toml",
                                          "com1", "LPT9.txt", "x.", "a/b", "", "x" * 65])
def test_ids_that_cannot_name_a_file_everywhere_are_refused(framework_id):
    with pytest.raises(FrameworkError) as err:
        parse_framework(minimal(id=framework_id), "x.toml")
    assert err.value.field == "id"


@pytest.mark.parametrize("framework_id", ["console", "con-2025", "com10", "x.y", "A_b-1"])
def test_ids_like_reserved_names_but_not_them_are_accepted(framework_id):
    assert parse_framework(minimal(id=framework_id), "x.toml").id == framework_id


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


def test_data_folders_found_when_the_source_tree_shadows_the_install(tmp_path):
    """`python -m addin_server` from a source checkout imports the source package, beside which
    templates/ and manifest/ stand; an installed package has them as subpackages."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "addin_server"
    if not (source.parent / "templates" / "scaffold.docx").is_file():
        pytest.skip("the tests are not inside a source checkout")
    checkout = tmp_path / "checkout"
    shutil.copytree(source, checkout / "addin_server", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("templates", "manifest"):
        shutil.copytree(source.parent / folder, checkout / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    code = ("import addin_server, sys; from addin_server.render import engine;"
            "from addin_server import manifest_xml;"
            "assert addin_server.__file__.startswith(sys.argv[1]);"
            "assert engine.template_bytes('scaffold.docx')[:2] == b'PK';"
            "assert 'OfficeApp' in manifest_xml.render_manifest('https://localhost:3000')")
    subprocess.run([sys.executable, "-c", code, str(checkout)], cwd=checkout, check=True)
