"""Chinese throughout the API: field errors, error messages without internal ids, download names
safe on Windows, bilingual summaries in /api/docs."""
from __future__ import annotations

import re

import pytest

from addin_server import create_app
from addin_server.api.errors import chinese_field_message
from addin_server.api.parsing import download_name

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def client():
    return create_app().test_client()


def _post(client, path, body):
    return client.post(path, json=body, base_url="https://localhost:3000")


def test_field_errors_are_chinese(client):
    r = _post(client, "/api/check", {"paragraphs": [{"text": 5, "outlineLevel": "x"}], "extra": 1})
    assert r.status_code == 400
    error = r.get_json()["error"]
    assert error["fields"] == {"paragraphs.0.text": ["须为文本"], "paragraphs.0.outlineLevel": ["须为整数"],
                               "extra": ["不认识这一项，请删去"]}
    chinese = error["message"].split(" / ")[0]
    assert CJK.search(chinese) and "paragraphs" not in chinese
    r = _post(client, "/api/remedies/rank", {"dimension": "theory", "problems": ["x"] * 201})
    assert r.get_json()["error"]["fields"]["problems"] == ["最多 200 项（字）"]
    r = _post(client, "/api/scaffold", {"items_per_dimension": 11})
    assert r.get_json()["error"]["fields"]["items_per_dimension"] == ["须在 1 到 10 之间"]
    r = _post(client, "/api/scaffold", {"author": "张" * 31})
    assert r.get_json()["error"]["fields"]["author"] == ["最多 30 个字"]
    r = _post(client, "/api/check", {})
    assert r.get_json()["error"]["fields"]["paragraphs"] == ["缺少这一项，请填写"]


@pytest.mark.parametrize("english, chinese", [
    ("Must be one of: a, b.", "须为以下之一：a, b"),
    ("Length must be between 1 and 200.", "长度须在 1 到 200 之间"),
    ("Field may not be null.", "不能为空"),
    ("Not a valid boolean.", "须为true 或 false"),
    ("我们自己的中文消息", "我们自己的中文消息"),
])
def test_marshmallow_messages_map_to_chinese(english, chinese):
    assert chinese_field_message(english) == chinese


def test_remedy_errors_name_no_internal_id(client):
    from addin_server.remedies import library

    remedy = library.list_remedies("zhuti-2023")[0]
    r = _post(client, "/api/remedies/render", {"framework": "zuzhi-shenghuohui", "selections": [
        {"dimension": "xuexi", "remedy_id": remedy.id}]})
    assert r.status_code == 400
    error = r.get_json()["error"]
    chinese = error["message"].split(" / ")[0]
    assert CJK.search(chinese) and remedy.id not in chinese and "zuzhi" not in chinese
    r = _post(client, "/api/remedies/render", {"framework": "zhuti-2023", "selections": [
        {"dimension": remedy.dimension, "remedy_id": remedy.id, "params": {p.name: "x" * 5000 for p in remedy.parameters}}]})
    if r.status_code == 400:
        chinese = r.get_json()["error"]["message"].split(" / ")[0]
        assert remedy.id not in chinese


def test_download_names_are_chinese_and_safe_on_windows(client):
    r = client.post("/api/scaffold", json={"framework": "nianhui-2024"}, base_url="https://localhost:3000")
    assert r.get_json()["filename"] == "对照检查材料框架（2024年度民主生活会）.docx"
    assert download_name('a<b>c:"d/e\\f|g?h*') == "a_b_c_d_e_f_g_h.docx"
    assert download_name("CON") == "对照检查材料.docx" and download_name(" .. ") == "对照检查材料.docx"
    assert download_name("材料. ") == "材料.docx"
    assert len(download_name("长" * 500)) <= 85


def test_api_docs_summaries_are_bilingual(client):
    spec = client.get("/api/openapi.json", base_url="https://localhost:3000").get_json()
    operations = [op for path in spec["paths"].values() for op in path.values() if isinstance(op, dict)]
    assert operations
    for op in operations:
        summary = op.get("summary", "")
        assert CJK.search(summary) and " / " in summary, (
            f"{op.get('operationId')}: start the view's docstring with '中文 / English' ({summary!r})")


def test_codes_endpoint_lists_every_kind_in_chinese(client):
    from addin_server.finding_codes import CODES

    body = client.get("/api/check/codes", base_url="https://localhost:3000").get_json()
    assert [c["code"] for c in body["codes"]] == list(CODES)
    assert all(CJK.search(c["description"]) for c in body["codes"])
