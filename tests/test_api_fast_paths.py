"""The API's shortcuts give exactly what the plain schemas give.

`ParagraphList` loads plain paragraphs without the nested schema, and the check endpoints write
the report with `json_response` instead of dumping it through ReportSchema; both exist only for
speed, so these tests hold them to the slow path they replace.
"""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields

from addin_server.api import schemas
from addin_server.app import create_app
from addin_server.checks import check
from addin_server.readers import read_paragraphs

import materials as M


class _Reference(schemas.CheckRequestSchema):
    paragraphs = fields.List(fields.Nested(schemas.ParagraphSchema), required=True)


def _load(schema: Schema, data):
    try:
        return "ok", schema.load(data)
    except ValidationError as exc:
        return "error", exc.messages, exc.valid_data


values = st.one_of(st.none(), st.booleans(), st.integers(-3, 12), st.integers(), st.floats(allow_nan=False),
                   st.text(max_size=5), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))
keys = st.sampled_from(["text", "style", "outlineLevel", "isListItem", "tableNestingLevel", "inTable", "extra"])
well_typed = st.fixed_dictionaries(
    {"text": st.text(max_size=8)},
    optional={"style": st.text(max_size=8), "outlineLevel": st.one_of(st.none(), st.integers(-2, 12)),
              "isListItem": st.booleans(), "tableNestingLevel": st.integers(0, 3), "inTable": st.booleans()})
paragraph = st.one_of(well_typed, st.dictionaries(keys, values, max_size=6), values)


@settings(max_examples=1500, deadline=None)
@given(st.lists(paragraph, max_size=6) | values)
def test_paragraph_list_loads_like_the_nested_schema(paragraphs):
    data = {"paragraphs": paragraphs}
    fast, slow = _load(schemas.CheckRequestSchema(), data), _load(_Reference(), data)
    assert fast == slow
    if fast[0] == "ok":   # same keys in the same order, not only equal dicts
        assert [list(p) for p in fast[1]["paragraphs"]] == [list(p) for p in slow[1]["paragraphs"]]


def test_report_response_is_the_report_schema_dump():
    app = create_app()
    client = app.test_client()
    for paras in (M.complete(), M.without_dimension("theory"), [("（一）XXX 国办发(2023)1号", None)]):
        pane = M.pane_json(paras)
        response = client.post("/api/check", json={"paragraphs": pane}, headers={"Host": "localhost"})
        assert response.status_code == 200 and response.mimetype == "application/json"
        report = check(read_paragraphs(pane)).to_dict()
        dumped = schemas.ReportSchema().dump(report)
        assert response.get_json() == dumped == report
        assert response.data == (json.dumps(dumped, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_text_with_a_lone_surrogate_comes_back_replaced():
    # Replaced where request JSON enters (api/parsing.py), one code point for one, so offsets hold.
    client = create_app().test_client()
    body = '{"paragraphs": [{"text": "\\ud800对照检查材料"}]}'.encode()
    response = client.post("/api/check", data=body,
                           headers={"Host": "localhost", "Content-Type": "application/json"})
    assert response.status_code == 200
    assert json.loads(response.data)["title"] == "\ufffd对照检查材料"
