"""POST /api/fill/docx/plan: the plan /api/fill/docx carries out, answered for the same upload and
fields before anything is written, so the page can show it (item 4 of issue 22). Real .docx files
made with python-docx; the plan is compared with what the fill endpoint then does."""
from __future__ import annotations

import base64
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin_server import create_app
from addin_server.frameworks import get_framework, list_frameworks
from addin_server.readers import read_docx
from materials import CN, stem
from test_fill import build, first_remedy, material


@pytest.fixture
def client():
    return create_app().test_client()


def _post(client, path, data, **fields):
    form = {"file": (io.BytesIO(data), "我的材料.docx"), **fields}
    return client.post(path, content_type="multipart/form-data", data=form)


@pytest.mark.parametrize("shape", ["styles", "wps"])
def test_the_upload_plan_is_what_the_fill_then_inserts(client, shape):
    framework = get_framework("nianhui-2024")
    data = build(material(framework, skip={framework.dimensions[1].key}), shape)
    remedy = first_remedy(framework, framework.dimensions[0])
    fields = {"framework": framework.id, "add_missing": "true", "remedy": [f"{remedy.dimension}={remedy.id}"]}
    planned = _post(client, "/api/fill/docx/plan", data, **fields)
    assert planned.status_code == 200, planned.get_json()
    plan = planned.get_json()
    assert plan["missing"] == [f"dimension:{framework.dimensions[1].key}"]
    assert [i["parts"] for i in plan["insertions"]] == [[f"dimension:{framework.dimensions[1].key}"], ["remedies"]]
    before = [p.text for p in read_docx(data).paragraphs]
    for insertion in plan["insertions"]:
        assert insertion["anchorText"] == before[insertion["after"]]

    filled = _post(client, "/api/fill/docx", data, **fields).get_json()
    after = [p.text for p in read_docx(base64.b64decode(filled["base64"])).paragraphs]
    # Carried out: the planned paragraphs, each right after its anchor, nothing else changed.
    expected = list(before)
    for insertion in sorted(plan["insertions"], key=lambda i: -i["after"]):
        at = insertion["after"] + 1
        expected[at:at] = [p["text"] for p in insertion["paragraphs"]]
    assert after == expected


def test_the_upload_plan_names_the_typed_numbers_the_fill_then_runs_on(client):
    """A missing （三） where the writer typed （三）（四） for the later aspects: the plan lists both
    renumberings (expected text, new text) and its summary says so; the fill does exactly that."""
    framework = get_framework("zuzhi-shenghuohui")
    written = material(framework, skip={framework.dimensions[2].key})
    typed = {f"（{CN[3]}）": f"（{CN[2]}）"}  # the writer's own numbers close the gap
    paras = [(next((text.replace(old, new) for old, new in typed.items() if text.startswith(old)), text), kind)
             for text, kind in written]
    data = build(paras, "styles")
    fields = {"framework": framework.id, "parts": [f"dimension:{framework.dimensions[2].key}"]}
    plan = _post(client, "/api/fill/docx/plan", data, **fields).get_json()
    before = [p.text for p in read_docx(data).paragraphs]
    (renumbered,) = plan["renumber"]
    assert before[renumbered["paragraph"]] == renumbered["expected"] == f"（三）{stem(framework.dimensions[3])}方面"
    assert renumbered["after"] == f"（四）{stem(framework.dimensions[3])}方面"
    assert any("（四）" in line for line in plan["summary"]) and plan["insertions"][0]["where"]
    filled = _post(client, "/api/fill/docx", data, **fields).get_json()
    after = [p.text for p in read_docx(base64.b64decode(filled["base64"])).paragraphs]
    expected = list(before)
    expected[renumbered["paragraph"]] = renumbered["after"]
    (insertion,) = plan["insertions"]
    expected[insertion["after"] + 1:insertion["after"] + 1] = [p["text"] for p in insertion["paragraphs"]]
    assert after == expected


def test_the_upload_plan_recognises_the_framework_and_refuses_bad_input_in_chinese(client):
    framework = get_framework("zuzhi-shenghuohui")
    data = build(material(framework, skip={framework.dimensions[2].key}), "plain")
    auto = _post(client, "/api/fill/docx/plan", data, framework="auto", add_missing="true")
    assert auto.status_code == 200 and auto.get_json()["framework"] == framework.id
    assert auto.get_json()["insertions"][0]["parts"] == [f"dimension:{framework.dimensions[2].key}"]

    nothing = _post(client, "/api/fill/docx/plan", data, framework=framework.id)
    assert nothing.status_code == 200 and nothing.get_json()["insertions"] == []

    present = _post(client, "/api/fill/docx/plan", data, framework=framework.id,
                    parts=[f"dimension:{framework.dimensions[0].key}"])
    assert present.status_code == 400 and "parts.0" in present.get_json()["error"]["fields"]
    remedy = first_remedy(framework, framework.dimensions[0])
    empty = _post(client, "/api/fill/docx/plan", data, framework=framework.id,
                  remedy=[f"{remedy.dimension}={remedy.id},{remedy.parameters[0].name}="])
    assert empty.status_code == 400
    assert any("请填写" in m for ms in empty.get_json()["error"]["fields"].values() for m in ms)
    unknown = _post(client, "/api/fill/docx/plan", data, framework=framework.id, remedy=["没有=这一条"])
    assert unknown.status_code == 400
    assert [f.split(".")[:2] for f in unknown.get_json()["error"]["fields"]] == [["remedy", "0"]]
    damaged = _post(client, "/api/fill/docx/plan", b"PK\x03\x04 not a zip", add_missing="true")
    assert damaged.status_code == 422 and damaged.get_json()["error"]["message"].startswith("文件已损坏")
    missing_file = client.post("/api/fill/docx/plan", content_type="multipart/form-data", data={})
    assert 400 <= missing_file.status_code < 500


def test_openapi_documents_the_upload_plan(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/fill/docx/plan"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert "200" in operation["responses"]


# ---- property: the plan shown is what the fill does, and the numbers then run on ----------------

BACK_MATTERS = [[], ["以上对照检查，请同志们批评指正。", "2025年12月26日"],
                ["以上是我的发言，不妥之处请批评指正。", "发言人：陈立新", "2025年12月"],
                ["以上对照检查，请同志们批评指正。", "2025年12月26日", "附件：个人问题整改清单"]]


@st.composite
def gapped_materials(draw):
    """A material of some framework with some aspects left out, the writer's typed numbers either
    kept (a gap: （一）（二）（四）) or closed up (（一）（二）（三）), in some .docx shape, with some
    back matter."""
    framework = draw(st.sampled_from(list_frameworks()))
    keys = [d.key for d in framework.dimensions]
    missing = draw(st.sets(st.sampled_from(keys), min_size=1, max_size=len(keys) - 1))
    closed_up = draw(st.booleans())
    paras, written = [], 0
    for text, kind in material(framework, skip=missing):
        if kind == "h2" and closed_up:
            text = f"（{CN[written]}）{text.split('）', 1)[1]}"
        written += kind == "h2"
        paras.append((text, kind))
    back = draw(st.sampled_from(BACK_MATTERS))
    paras += [(line, "body") for line in back]
    return framework, paras, back, draw(st.sampled_from(["styles", "plain", "wps"]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=gapped_materials())
def test_property_the_upload_plan_is_the_fill_and_the_aspects_then_number_on(client, case):
    framework, paras, back, shape = case
    data = build(paras, shape)
    fields = {"framework": framework.id, "add_missing": "true"}
    plan = _post(client, "/api/fill/docx/plan", data, **fields).get_json()
    before = [p.text for p in read_docx(data).paragraphs]
    expected = list(before)
    for renumbered in plan["renumber"]:
        assert before[renumbered["paragraph"]] == renumbered["expected"]
        expected[renumbered["paragraph"]] = renumbered["after"]
    for insertion in sorted(plan["insertions"], key=lambda i: -i["after"]):
        expected[insertion["after"] + 1:insertion["after"] + 1] = [p["text"] for p in insertion["paragraphs"]]
    filled = _post(client, "/api/fill/docx", data, **fields).get_json()
    after = [p.text for p in read_docx(base64.b64decode(filled["base64"])).paragraphs]
    assert after == expected  # the preview was exactly what happened
    headings = [t for t in after if t.startswith("（") and t.endswith("方面")]
    assert headings == [f"（{CN[n]}）{stem(d)}方面" for n, d in enumerate(framework.dimensions)]
    # The back matter ends the material, untouched.
    assert after[len(after) - len(back):] == before[len(before) - len(back):]
