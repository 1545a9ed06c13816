"""Property tests: the checker and the JSON reader on arbitrary input never fail in undocumented ways.

Paragraph texts are drawn from the material's own vocabulary (section and dimension titles of every
framework, numbering fragments 一、/（二）/(3)/4./一是, brackets, placeholders, filler) mixed with
arbitrary Unicode, so the generator reaches the structure analysis's branches rather than only
producing text no rule looks at.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin_server.checks import CODES, check
from addin_server.frameworks import get_framework, list_frameworks
from addin_server.model import Document, Paragraph
from addin_server.placeholders import make as make_placeholder
from addin_server.readers import read_paragraphs
from addin_server.readers.errors import DocumentError, InvalidParagraphsError, TooLargeError

FRAMEWORK_IDS = [f.id for f in list_frameworks()]

_vocabulary = set()
for _fid in FRAMEWORK_IDS:
    _fw = get_framework(_fid)
    for _d in _fw.dimensions:
        _vocabulary.add(_d.title)
        _vocabulary.update(_d.synonyms)
    for _s in _fw.sections:
        _vocabulary.add(_s.title)
        _vocabulary.update(_s.synonyms)
VOCABULARY = sorted(_vocabulary)

NUMBERING = ["一、", "二、", "三、", "四、", "十一、", "（一）", "（二）", "（四）", "(一)", "(三)",
             "(1)", "（2）", "1.", "2．", "3、", "10.", "一是", "二是", "三是", "五是", "十是", "第一，",
             "其一，", "①", "②"]
FRAGMENTS = ["方面", "存在的问题", "在", "，", "。", "；", "：", ":", "（", "）", "(", ")", "“", "”",
             "【", "】", "〔", "〕", "XXX", "×××", "……", " ", "\t", "\n", "对照检查材料", "整改措施",
             "原因剖析", "存在问题", "方面。", "带头", "\u3000", "\u200b", "\ufeff",
             make_placeholder("写明问题"), "【请填写：", "请填写", ",", ".", "!!", "。。"]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)

piece = st.one_of(
    st.sampled_from(VOCABULARY),
    st.sampled_from(NUMBERING),
    st.sampled_from(FRAGMENTS),
    st.text(CJK, min_size=1, max_size=12),
    st.text(max_size=6),  # anything, including surrogates-free control and combining characters
)
paragraph_text = st.lists(piece, max_size=8).map("".join)
styles = st.one_of(
    st.sampled_from(["", "Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "标题 1", "标题 2",
                     "List Paragraph", "正文", "Body Text"]),
    st.text(max_size=12),
)
outline_levels = st.one_of(st.none(), st.integers(1, 9))


@st.composite
def documents(draw, max_paragraphs=40):
    rows = draw(st.lists(st.tuples(paragraph_text, styles, outline_levels, st.booleans(), st.booleans()),
                         max_size=max_paragraphs))
    return Document(tuple(Paragraph(i, text, style, level, listed, in_table)
                          for i, (text, style, level, listed, in_table) in enumerate(rows)))


frameworks = st.sampled_from(FRAMEWORK_IDS)
disabled_codes = st.frozensets(st.sampled_from(sorted(CODES)), max_size=4)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _assert_valid_report(report, document):
    n = len(document.paragraphs)
    for f in report.findings:
        assert f.code in CODES
        assert f.severity in ("error", "warning", "info")
        assert isinstance(f.message, str) and f.message
        if f.paragraph is not None:
            assert 0 <= f.paragraph < n, (f, n)
        if f.end_paragraph is not None:
            assert f.paragraph is not None and f.paragraph <= f.end_paragraph < n, (f, n)
    for d in report.dimensions:
        if d.present:
            assert 0 <= d.paragraph < n
            assert d.paragraph <= d.end_paragraph < n
            assert all(d.paragraph <= p <= d.end_paragraph for p in d.items)
    for s in report.sections:
        if s.present:
            assert 0 <= s.paragraph <= s.end_paragraph < n
    # Every fix edits characters its paragraph has (lines, joined sentences and table columns the
    # checker read are mapped back to the document's own paragraphs and offsets).
    for f in report.findings:
        for edit in (f.fix.edits if f.fix else ()):
            text = document.paragraphs[edit.paragraph].text
            assert 0 <= edit.start <= edit.end <= len(text), (f, text)
    # The API returns this; it must be plain JSON.
    json.dumps(report.to_dict(), ensure_ascii=False)


@PROPERTY_SETTINGS
@given(documents(), frameworks, disabled_codes)
def test_checker_total_valid_and_deterministic(document, framework_id, disabled):
    first = check(document, framework_id, disabled=disabled)
    _assert_valid_report(first, document)
    assert not any(f.code in disabled for f in first.findings)
    again = check(document, framework_id, disabled=disabled)
    assert again.to_dict() == first.to_dict()


@st.composite
def structured_documents(draw):
    """Documents shaped like materials (section headings, dimension headings, items) with damage."""
    fw = get_framework(draw(frameworks))
    rows = [(draw(st.sampled_from(["", "个人对照检查材料", fw.title])), "Title", None)]
    sections = list(fw.sections)
    order = draw(st.permutations(range(len(sections))))
    for n, idx in enumerate(order):
        if draw(st.integers(0, 5)) == 0:
            continue  # drop a section
        section = sections[idx]
        rows.append((f"{NUMBERING[n % 4]}{section.title}", draw(st.sampled_from(["Heading 1", ""])), None))
        if section.role == "problems":
            dims = draw(st.lists(st.sampled_from(list(fw.dimensions)), max_size=len(fw.dimensions) + 2))
            for k, d in enumerate(dims):
                numbering = draw(st.sampled_from(["（一）", "（二）", "(三)", "（五）", "", "在"]))
                suffix = draw(st.sampled_from(["", "方面", "方面。", "方面存在的问题", "方面，"]))
                name = draw(st.sampled_from((d.title,) + tuple(d.synonyms)))
                rows.append((f"{numbering}{name}{suffix}", draw(st.sampled_from(["Heading 2", ""])),
                             draw(st.one_of(st.none(), st.just(2)))))
                for item in draw(st.lists(paragraph_text, max_size=4)):
                    prefix = draw(st.sampled_from(["一是", "二是", "三是", "三是", "1.", ""]))
                    rows.append((prefix + item, "", None))
        else:
            for item in draw(st.lists(paragraph_text, max_size=3)):
                rows.append((draw(st.sampled_from(["一是", "二是", "四是", ""])) + item, "", None))
    document = Document(tuple(Paragraph(i, t, s, lv) for i, (t, s, lv) in enumerate(rows)))
    return document, fw.id




@st.composite
def reshaped_documents(draw):
    """A material as writers' tools leave it: some paragraphs joined by soft line breaks, some cut
    into printed lines (a PDF paste), some numbers moved from the text into Word's list label."""
    import re

    document, framework_id = draw(structured_documents())
    texts = [(p.text, p.style, "") for p in document.paragraphs]
    out = []
    for text, style, label in texts:
        how = draw(st.sampled_from(["keep", "keep", "join", "wrap", "label"]))
        if how == "join" and out:
            previous = out.pop()
            out.append((previous[0] + "\n" + text, previous[1], previous[2]))
        elif how == "wrap" and len(text) > 4:
            width = draw(st.integers(3, 30))
            out.extend((text[i:i + width], "", "") for i in range(0, len(text), width))
        elif how == "label":
            m = re.match(r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+\.", text)
            out.append((text[m.end():], style, m.group()) if m else (text, style, label))
        else:
            out.append((text, style, label))
    reshaped = Document(tuple(Paragraph(i, t, s, None, bool(label), False, label)
                              for i, (t, s, label) in enumerate(out)))
    return reshaped, framework_id


@PROPERTY_SETTINGS
@given(st.one_of(structured_documents(), reshaped_documents()), disabled_codes)
def test_checker_on_damaged_and_reshaped_material_shapes(doc_and_framework, disabled):
    document, framework_id = doc_and_framework
    report = check(document, framework_id, disabled=disabled)
    _assert_valid_report(report, document)
    assert check(document, framework_id, disabled=disabled).to_dict() == report.to_dict()


# ----------------------------------------------------------------------------- pane JSON reader

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
pane_paragraph = st.fixed_dictionaries(
    {"text": paragraph_text},
    optional={"style": st.one_of(styles, json_values), "outlineLevel": st.one_of(st.integers(-3, 12), json_values),
              "isListItem": json_values, "tableNestingLevel": st.one_of(st.integers(-1, 3), json_values),
              "inTable": json_values, "listString": st.one_of(st.sampled_from(NUMBERING), json_values)},
)
pane_input = st.one_of(
    st.lists(st.one_of(pane_paragraph, paragraph_text, json_values), max_size=12),
    json_values,
)


@PROPERTY_SETTINGS
@given(pane_input)
def test_read_paragraphs_accepts_or_raises_documented_errors(items):
    try:
        document = read_paragraphs(items)
    except (InvalidParagraphsError, TooLargeError) as exc:
        assert exc.message_zh and exc.message_en
        return
    assert [p.index for p in document.paragraphs] == list(range(len(document.paragraphs)))
    for p in document.paragraphs:
        assert isinstance(p.text, str)
        assert p.outline_level is None or 1 <= p.outline_level <= 9
    _assert_valid_report(check(document), document)


def test_read_paragraphs_limit_is_a_documented_error():
    with pytest.raises(TooLargeError):
        read_paragraphs([{"text": "一是"}] * 11, max_paragraphs=10)
    with pytest.raises(DocumentError):
        read_paragraphs({"text": "不是列表"})


# ----------------------------------------------------------------------------- the HTTP API


def _client():
    from addin_server import create_app

    app = create_app({"TESTING": True})
    return app.test_client()


ERROR_STATUSES = {400, 404, 405, 413, 415, 422}


def _assert_error_shape(response):
    body = response.get_json()
    assert isinstance(body, dict) and set(body) == {"error"}, response.data[:300]
    error = body["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)


api_bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({"paragraphs": pane_input},
                          optional={"framework": st.one_of(st.sampled_from(FRAMEWORK_IDS), json_values),
                                    "disabled": st.one_of(st.lists(st.sampled_from(sorted(CODES))), json_values)}),
    st.dictionaries(st.sampled_from(["paragraphs", "framework", "disabled", "extra"]), json_values, max_size=4),
)


@pytest.fixture(scope="module")
def api_client():
    pytest.importorskip("flask_smorest")
    return _client()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(body=api_bodies)
def test_api_check_any_json_gives_report_or_json_error(api_client, body):
    response = api_client.post("/api/check", data=json.dumps(body), content_type="application/json",
                               headers={"Host": "localhost"})
    assert response.status_code < 500, response.data[:500]
    if response.status_code == 200:
        report = response.get_json()
        assert {"findings", "dimensions", "sections"} <= set(report)
        n = report["paragraph_count"] if "paragraph_count" in report else None
        for f in report["findings"]:
            if n is not None and f.get("paragraph") is not None:
                assert 0 <= f["paragraph"] < n
    else:
        assert response.status_code in ERROR_STATUSES, response.status_code
        _assert_error_shape(response)


def test_api_property_reaches_the_checker(api_client):
    """The properties above are not vacuous: a well-formed body of the same kind is checked."""
    import materials

    body = {"paragraphs": materials.pane_json(materials.complete()), "framework": "zhuti-2023"}
    response = api_client.post("/api/check", json=body)
    assert response.status_code == 200, response.data[:300]
    assert response.get_json()["complete"] is True


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=100).map(str.encode))
def test_api_check_raw_bytes_never_500(api_client, raw):
    response = api_client.post("/api/check", data=raw, content_type="application/json",
                               headers={"Host": "localhost"})
    assert response.status_code in ERROR_STATUSES | {200}, (response.status_code, response.data[:300])
    if response.status_code != 200:
        _assert_error_shape(response)
