"""The HTTP API through Flask's test client: every endpoint, every error code, the security layer."""
from __future__ import annotations

import base64
import io
import logging
import os
import tempfile
import zipfile

import docx
import pytest

import hostile
import materials as M
from addin_server.app import create_app
from addin_server.checks.report import Report
from addin_server.config import DEFAULTS
from addin_server.frameworks import get_framework, list_frameworks

BASE = "https://localhost:3000"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHORT_OK = ["length.too_short"]  # the samples are shorter than a real material


def make_client(**settings):
    app = create_app(DEFAULTS.replace(**settings))
    app.testing = True
    return app.test_client()


@pytest.fixture
def client():
    return make_client()


def post_check(client, paras, **extra):
    body = {"paragraphs": M.pane_json(paras), "disabled": SHORT_OK, **extra}
    return client.post("/api/check", json=body, base_url=BASE)


def upload(client, data: bytes, framework=None, filename="材料.docx", **kwargs):
    form = {"file": (io.BytesIO(data), filename)}
    if framework:
        form["framework"] = framework
    form["disabled"] = SHORT_OK
    return client.post("/api/check/docx", data=form, content_type="multipart/form-data",
                       base_url=BASE, **kwargs)


def assert_error(response, status, code=None):
    """The one error shape; `status` None accepts any 4xx."""
    if status is None:
        assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    else:
        assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


# ---- health, frameworks ------------------------------------------------------------------

def test_healthz(client):
    r = client.get("/healthz", base_url=BASE)
    assert r.status_code == 200
    assert r.get_json()["status"] == "ok"


def test_frameworks_list_has_the_default_first(client):
    body = client.get("/api/frameworks", base_url=BASE).get_json()
    ids = [f["id"] for f in body["frameworks"]]
    assert ids == [f.id for f in list_frameworks()]
    assert body["default"] == ids[0] == get_framework().id
    assert body["frameworks"][0] == get_framework().to_dict()


def test_framework_by_id_and_unknown_is_json_404(client):
    r = client.get("/api/frameworks/nianhui-2024", base_url=BASE)
    assert r.get_json() == get_framework("nianhui-2024").to_dict()
    error = assert_error(client.get("/api/frameworks/no-such", base_url=BASE), 404,
                         "framework.not_found")
    assert "no-such" in error["message"]


# ---- check (JSON) ------------------------------------------------------------------------

def test_check_complete_material(client):
    r = post_check(client, M.complete())
    assert r.status_code == 200
    report = r.get_json()
    assert report["complete"] is True
    # The sample's items name few facts: only the substance checks' advice (test_substance.py).
    assert [f for f in report["findings"] if not f["code"].startswith("content.")] == []
    assert all(f["severity"] == "info" for f in report["findings"])
    assert report["framework"] == "zhuti-2023"
    assert report["title"] == M.TITLE
    assert [d["item_count"] for d in report["dimensions"]] == [3, 2, 3, 2, 3, 2]


def test_check_reports_the_missing_dimension_with_paragraph_indexes(client):
    report = post_check(client, M.without_dimension("ability")).get_json()
    assert report["complete"] is False
    missing = [f for f in report["findings"] if f["code"] == "dimension.missing"]
    assert [f["dimension"] for f in missing] == ["ability"]
    present = {d["key"]: d for d in report["dimensions"]}
    assert present["ability"]["present"] is False
    theory = present["theory"]
    assert theory["paragraph"] == 3 and theory["items"] == [4, 5, 6]


def test_check_response_is_exactly_the_engine_report(client):
    from addin_server.checks import check
    from addin_server.readers import read_paragraphs

    paras = M.without_dimension("style")
    expected = check(read_paragraphs(M.pane_json(paras)), None, disabled=SHORT_OK).to_dict()
    assert post_check(client, paras).get_json() == expected


def test_check_disabled_codes_and_framework_choice(client):
    report = post_check(client, M.without_dimension("ability"),
                        disabled=SHORT_OK + ["dimension.missing"]).get_json()
    assert not [f for f in report["findings"] if f["code"] == "dimension.missing"]
    other = post_check(client, M.complete(), framework="nianhui-2024").get_json()
    assert other["framework"] == "nianhui-2024"
    assert other["complete"] is False


@pytest.mark.parametrize("body, field", [
    ({}, "paragraphs"),
    ({"paragraphs": "text"}, "paragraphs"),
    ({"paragraphs": [{"text": "一、存在问题"}, {"style": "Normal"}]}, "paragraphs.1.text"),
    ({"paragraphs": [{"text": 5}]}, "paragraphs.0.text"),
    ({"paragraphs": [{"text": "x", "outlineLevel": "2"}]}, "paragraphs.0.outlineLevel"),
    ({"paragraphs": [{"text": "x", "isListItem": "yes"}]}, "paragraphs.0.isListItem"),
    ({"paragraphs": [{"text": "x", "tableNestingLevel": -1}]}, "paragraphs.0.tableNestingLevel"),
    ({"paragraphs": [], "disabled": ["no.such.code"]}, "disabled.0"),
    ({"paragraphs": [], "framework": "no-such"}, "framework"),
    ({"paragraphs": [], "surprise": 1}, "surprise"),
])
def test_check_400_names_the_field(client, body, field):
    error = assert_error(client.post("/api/check", json=body, base_url=BASE), 400)
    assert field in error["fields"], error
    assert error["fields"][field] and all(isinstance(m, str) for m in error["fields"][field])


def test_check_invalid_json_is_400(client):
    r = client.post("/api/check", data=b'{"paragraphs": [', content_type="application/json",
                    base_url=BASE)
    assert_error(r, 400, "request.invalid")


def test_check_unknown_paragraph_properties_are_ignored(client):
    paras = [dict(p, styleBuiltIn="Normal") for p in M.pane_json(M.complete())]
    r = client.post("/api/check", json={"paragraphs": paras}, base_url=BASE)
    assert r.status_code == 200


def test_check_requires_json_content_type(client):
    r = client.post("/api/check", data="paragraphs", content_type="text/plain", base_url=BASE)
    assert_error(r, 415, "request.unsupported_media_type")
    r = client.post("/api/check", data={"paragraphs": "x"}, base_url=BASE)
    assert_error(r, 415)


def test_413_above_max_content_length():
    client = make_client(max_content_length=4096)
    body = {"paragraphs": [{"text": "理论学习" * 400}]}
    error = assert_error(client.post("/api/check", json=body, base_url=BASE), 413,
                         "request.too_large")
    assert "size" in error["message"]
    r = upload(client, M.build_docx(M.complete()))
    assert_error(r, 413, "request.too_large")


def test_413_above_paragraph_limit():
    client = make_client(max_paragraphs=10)
    error = assert_error(post_check(client, M.complete()), 413, "document.too_large")
    assert "10" in error["message"]
    assert_error(upload(client, M.build_docx(M.complete())), 413, "document.too_large")
    assert post_check(client, M.complete()[:10]).status_code == 200


# ---- check (.docx upload) -----------------------------------------------------------------

def test_check_docx_upload_gives_the_same_report(client):
    from_upload = upload(client, M.build_docx(M.complete())).get_json()
    from_json = post_check(client, M.complete()).get_json()
    assert from_upload["complete"] is True
    assert from_upload["dimensions"] == from_json["dimensions"]
    report = upload(client, M.build_docx(M.without_dimension("theory")), "zhuti-2023").get_json()
    assert [f["dimension"] for f in report["findings"] if f["code"] == "dimension.missing"] == ["theory"]


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


UNREADABLE = {
    "not a zip": (b"just some text, not a document", "document.not_docx"),
    "legacy .doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "document.legacy_doc"),
    "zip without document": (_zip({"hello.txt": b"hi"}), None),
    "empty file": (b"", "document.not_docx"),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_check_docx_unreadable_is_422_with_the_readers_message(client, name):
    data, code = UNREADABLE[name]
    error = assert_error(upload(client, data), 422, code)
    assert error["code"].startswith("document.")
    assert " / " in error["message"]  # the reader's Chinese / English message


@pytest.mark.parametrize("name", sorted(hostile.CASES))
def test_check_docx_hostile_inputs_never_500(client, name):
    """Each crafted file gets the outcome its case names: the reader's own 413/422 and code, or —
    where the danger is in a part the reader never opens (a zip nested inside the package, a
    .docm's macros) — a report."""
    build, _ = hostile.CASES[name]
    response = upload(client, build())
    if response.status_code != 200:
        assert_error(response, None)
    hostile.assert_api_outcome(name, response.status_code, response.get_json())


def test_check_docx_400_and_415(client):
    r = client.post("/api/check/docx", data={"framework": "zhuti-2023"},
                    content_type="multipart/form-data", base_url=BASE)
    assert "file" in assert_error(r, 400)["fields"]
    r = client.post("/api/check/docx", data={"file": "not a file"},
                    content_type="multipart/form-data", base_url=BASE)
    assert "file" in assert_error(r, 400)["fields"]
    error = assert_error(upload(client, M.build_docx(M.complete()), "no-such"), 400)
    assert "framework" in error["fields"]
    r = client.post("/api/check/docx", json={"file": "x"}, base_url=BASE)
    assert_error(r, 415, "request.unsupported_media_type")


def test_uploads_are_never_spooled_to_disk(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an upload was about to be written to a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = os.urandom(1_500_000)  # far above Werkzeug's 500 KB in-memory threshold
    error = assert_error(upload(client, big), 422, "document.not_docx")
    assert error["message"]


# ---- generic HTTP errors ------------------------------------------------------------------

def test_404_and_405_are_json(client):
    assert_error(client.get("/no/such/page", base_url=BASE), 404, "not_found")
    r = client.get("/api/check", base_url=BASE)
    assert_error(r, 405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]
    assert_error(client.delete("/api/frameworks", base_url=BASE), 405)


def test_unexpected_errors_are_json_500_and_log_only_the_type(caplog):
    app = create_app(DEFAULTS)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret document sentence 理论学习")

    with caplog.at_level(logging.ERROR):
        r = app.test_client().get("/boom", base_url=BASE)
    assert_error(r, 500, "internal_error")
    assert "RuntimeError" in caplog.text
    assert "secret" not in caplog.text and "理论学习" not in caplog.text


# ---- security -----------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "localhost",
                                  "LOCALHOST:3000"])
def test_loopback_hosts_are_allowed(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:3000", "localhost.evil.example",
                                  "127.0.0.1.nip.io:3000", "[::2]:3000"])
def test_other_hosts_are_refused_against_dns_rebinding(client, host):
    assert_error(client.get("/healthz", headers={"Host": host}), 400, "request.host_not_allowed")
    r = client.post("/api/check", json={"paragraphs": []}, headers={"Host": host})
    assert_error(r, 400, "request.host_not_allowed")


def test_allowed_hosts_is_configurable():
    client = make_client(allowed_hosts=("addin.internal", ".corp.example"))
    assert client.get("/healthz", headers={"Host": "addin.internal:3000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "a.corp.example"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:3000"}).status_code == 400


def test_origin_check_on_state_changing_requests(client):
    body = {"paragraphs": M.pane_json(M.complete())}
    same = client.post("/api/check", json=body, base_url=BASE, headers={"Origin": BASE})
    assert same.status_code == 200
    no_origin = client.post("/api/check", json=body, base_url=BASE)
    assert no_origin.status_code == 200
    for origin in ("https://evil.example", "null", "http://localhost:3000", "https://localhost:4000"):
        r = client.post("/api/check", json=body, base_url=BASE, headers={"Origin": origin})
        assert_error(r, 403, "request.origin_not_allowed")
    r = client.post("/api/check", json=body, base_url=BASE, headers={"Sec-Fetch-Site": "cross-site"})
    assert_error(r, 403, "request.origin_not_allowed")
    # Reading is not state-changing; the browser's same-origin policy protects the response.
    assert client.get("/api/frameworks", base_url=BASE,
                      headers={"Origin": "https://evil.example"}).status_code == 200


def test_cors_only_for_configured_origins():
    allowed = "https://tools.example"
    client = make_client(allowed_origins=(allowed,))
    body = {"paragraphs": M.pane_json(M.complete())}
    r = client.post("/api/check", json=body, base_url=BASE, headers={"Origin": allowed})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == allowed
    assert "Origin" in r.headers["Vary"]
    pre = client.options("/api/check", base_url=BASE, headers={
        "Origin": allowed, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == allowed
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in pre.headers["Access-Control-Allow-Headers"]
    other = client.options("/api/check", base_url=BASE, headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert_error(other, 403)
    assert "Access-Control-Allow-Origin" not in other.headers
    plain = client.get("/api/frameworks", base_url=BASE, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in plain.headers


def _csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_security_headers_on_api_responses(client):
    for r in (client.get("/api/frameworks", base_url=BASE), client.get("/nope", base_url=BASE),
              post_check(client, M.complete())):
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        csp = _csp(r.headers["Content-Security-Policy"])
        assert csp["default-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]


def test_pane_page_references_office_js_in_head_for_word_only(client):
    from lxml import html

    word = client.get("/pane/taskpane.html", base_url=BASE)
    scripts = html.fromstring(word.data).xpath("/html/head/script")
    assert [s.get("src") for s in scripts] == [
        "https://appsforoffice.microsoft.com/lib/1/hosted/office.js", "taskpane.js"]
    assert scripts[0].get("async") is None and scripts[0].get("defer") is None
    # The pane as the WPS ribbon opens it, and the browser's standalone page (/): the same page
    # without Office.js (and its own ETag).
    for host in ("wps", "browser"):
        other = client.get(f"/pane/taskpane.html?host={host}", base_url=BASE)
        assert other.status_code == 200
        assert [s.get("src") for s in html.fromstring(other.data).xpath("//script")] == ["taskpane.js"]
        assert len(other.data) < len(word.data) and b"<body>" in other.data
        assert other.headers["ETag"] != word.headers["ETag"]
    # Any other value is Word's page.
    assert client.get("/pane/taskpane.html?host=word", base_url=BASE).data == word.data


def test_pane_page_csp_allows_office_js_and_office_hosts_only(client):
    r = client.get("/pane/taskpane.html", base_url=BASE)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    csp = _csp(r.headers["Content-Security-Policy"])
    assert "https://appsforoffice.microsoft.com" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert set(csp["frame-ancestors"]) == {
        "'self'", "https://*.officeapps.live.com", "https://*.office.com",
        "https://*.office365.com", "https://*.sharepoint.com"}
    remote = {src for name, values in csp.items() if name != "frame-ancestors"
              for src in values if "://" in src}
    assert remote == {"https://appsforoffice.microsoft.com"}


# ---- pane, manifest, docs -----------------------------------------------------------------

def test_root_redirects_to_the_pane_for_a_browser(client):
    r = client.get("/", base_url=BASE)
    assert r.status_code in (301, 302, 308)
    assert r.headers["Location"].endswith("/pane/taskpane.html?host=browser")


@pytest.mark.parametrize("path", ["/pane/__init__.py", "/pane/../config.py", "/pane/%2e%2e/app.py",
                                  "/pane/assets/../../app.py", "/pane/.hidden.js", "/pane/no.js",
                                  "/pane/", "/api/docs/../../app.py"])
def test_pane_serves_only_its_web_files(client, path):
    assert client.get(path, base_url=BASE).status_code == 404


def test_pane_assets_are_served_with_types(client):
    r = client.get("/pane/assets/icon-32.png", base_url=BASE)
    assert r.status_code == 200 and r.mimetype == "image/png"
    assert r.data.startswith(b"\x89PNG")
    assert client.get("/favicon.ico", base_url=BASE).data == r.data
    js = client.get("/pane/api.js", base_url=BASE)
    assert js.status_code == 200 and js.mimetype == "text/javascript"
    again = client.get("/pane/api.js", base_url=BASE, headers={"If-None-Match": js.headers["ETag"]})
    assert again.status_code == 304


def test_manifest_uses_the_request_base_url(client):
    r = client.get("/manifest.xml", base_url="https://127.0.0.1:3443")
    assert r.status_code == 200 and r.mimetype == "application/xml"
    text = r.get_data(as_text=True)
    assert "https://127.0.0.1:3443/pane/taskpane.html" in text
    assert "localhost:3000" not in text


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/openapi.json", base_url=BASE).get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/healthz", "/api/frameworks", "/api/frameworks/{framework_id}", "/api/check",
            "/api/check/docx", "/api/scaffold", "/api/remedies", "/api/remedies/rank",
            "/api/remedies/render"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/api/check/docx"]["post"]["requestBody"]["content"]
    page = client.get("/api/docs", base_url=BASE)
    assert page.status_code == 200 and b"/api/docs/docs.js" in page.data
    assert "https:" not in page.headers["Content-Security-Policy"]
    assert client.get("/api/docs/docs.js", base_url=BASE).status_code == 200


def test_report_schema_matches_the_engine_report():
    """The response schema must describe Report.to_dict() key for key (schemathesis relies on it)."""
    from addin_server.api.schemas import (DimensionStatusSchema, FindingSchema, FrameworkSchema,
                                          ReportSchema, SectionStatusSchema)
    from addin_server.checks import check
    from addin_server.model import Document

    report = check(Document.from_texts(["一、存在问题", "（一）理论学习方面", "一是学习不够。"]))
    as_dict = report.to_dict()
    assert set(ReportSchema().fields) == set(as_dict)
    assert set(SectionStatusSchema().fields) == set(as_dict["sections"][0])
    assert set(DimensionStatusSchema().fields) == set(as_dict["dimensions"][0])
    assert set(FindingSchema().fields) == set(as_dict["findings"][0])
    assert set(FrameworkSchema().fields) == set(get_framework().to_dict())
    assert isinstance(report, Report)


# ---- scaffold -----------------------------------------------------------------------------

def _docx_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_scaffold_as_base64_json(client):
    r = client.post("/api/scaffold", json={"framework": "zhuti-2023", "author": "张三"},
                    base_url=BASE)
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["filename"].endswith(".docx")
    texts = "\n".join(_docx_texts(base64.b64decode(body["base64"])))
    for dimension in get_framework("zhuti-2023").dimensions:
        assert dimension.title.removesuffix("方面") in texts
    assert "张三" in texts


def test_scaffold_outline_names_what_the_file_holds_in_order(client):
    """The preview 插入框架 shows: each heading of the rendered file, in the file's order."""
    framework = get_framework("nianhui-2025")
    optional = next(s for s in framework.sections if s.role == "other")
    r = client.post("/api/scaffold", json={"framework": framework.id, "items_per_dimension": 2,
                                           "optional_sections": [optional.key], "include_title": False},
                    base_url=BASE)
    body = r.get_json()
    written = _docx_texts(base64.b64decode(body["base64"]))
    headings = [t for t in written if t and not t.startswith(("【", "一是", "二是", "三是", "四是", "五是"))]
    outline = "\n".join(body["outline"])
    assert "标题" not in outline          # no title asked for, none announced
    at = [outline.index(h) for h in headings]
    assert at == sorted(at), (headings, body["outline"])
    assert "每方面 2 条" in outline and optional.title in outline


def test_scaffold_as_download(client):
    for kwargs in ({"query_string": {"download": "1"}}, {"headers": {"Accept": DOCX_MIME}}):
        r = client.post("/api/scaffold", json={}, base_url=BASE, **kwargs)
        assert r.status_code == 200
        assert r.mimetype == DOCX_MIME
        assert "attachment" in r.headers["Content-Disposition"]
        assert zipfile.is_zipfile(io.BytesIO(r.data))


@pytest.mark.parametrize("body, field", [
    ({"items_per_dimension": 0}, "items_per_dimension"),
    ({"items_per_dimension": "3"}, "items_per_dimension"),
    ({"optional_sections": ["no-such-section"]}, "optional_sections"),
    ({"title": "   "}, "title"),
    ({"framework": "no-such"}, "framework"),
    ({"include_title": "no"}, "include_title"),
])
def test_scaffold_400_names_the_field(client, body, field):
    error = assert_error(client.post("/api/scaffold", json=body, base_url=BASE), 400)
    assert field in error["fields"]


def test_scaffold_requires_json(client):
    assert_error(client.post("/api/scaffold", data="x", content_type="text/plain", base_url=BASE),
                 415)


# ---- remedies -----------------------------------------------------------------------------

def test_remedies_list_and_filter(client):
    body = client.get("/api/remedies", query_string={"framework": "zhuti-2023", "dimension": "theory"},
                      base_url=BASE).get_json()
    assert body["framework"] == "zhuti-2023"
    assert body["remedies"] and {r["dimension"] for r in body["remedies"]} == {"theory"}
    error = assert_error(client.get("/api/remedies", query_string={"framework": "zhuti-2023",
                                                                   "dimension": "nope"},
                                    base_url=BASE), 400, "dimension.unknown")
    assert "dimension" in error["fields"]
    assert "framework" in assert_error(client.get("/api/remedies?framework=nope", base_url=BASE),
                                       400)["fields"]


def test_remedies_rank(client):
    problems = [text for text in M.PROBLEMS["theory"][1]]
    r = client.post("/api/remedies/rank", json={"framework": "zhuti-2023", "dimension": "theory",
                                                 "problems": problems},
                    base_url=BASE)
    assert r.status_code == 200, r.get_data(as_text=True)
    results = r.get_json()["results"]
    assert results and results[0]["score"] >= results[-1]["score"]
    assert results[0]["matched_terms"]
    assert "dimension" in assert_error(client.post("/api/remedies/rank", json={"problems": []},
                                                   base_url=BASE), 400)["fields"]


def test_remedies_render(client):
    from addin_server.remedies.library import list_remedies

    remedy = list_remedies("zhuti-2023", "theory")[0]
    params = {p.name: (5 if p.type == "int" else "2025-06-30" if p.type == "date" else "本单位")
              for p in remedy.parameters}
    body = {"framework": "zhuti-2023",
            "selections": [{"dimension": "theory", "remedy_id": remedy.id, "params": params}]}
    r = client.post("/api/remedies/render", json=body, base_url=BASE)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert zipfile.is_zipfile(io.BytesIO(base64.b64decode(r.get_json()["base64"])))
    bad = {"framework": "zhuti-2023", "selections": [{"dimension": "theory", "remedy_id": "no.such"}]}
    error = assert_error(client.post("/api/remedies/render", json=bad, base_url=BASE), 400)
    assert "selections.0.remedy_id" in error["fields"]
