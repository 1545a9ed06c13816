"""Issue 16's small hostile inputs through the API (in-process) and the CLI: deep JSON, lone
surrogates, the remedy renderer's limits, duplicate parts, and no command writing over its input.
(Time and memory bounds through the real server are in test_hostile_api.py and test_slow_clients.py.)"""
from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import hostile
import materials as M
from addin_server.api.parsing import MAX_JSON_DEPTH, json_nesting_depth
from addin_server.app import create_app
from addin_server.commands.output import OutputIsInputError, refuse_overwriting_input, write_output
from addin_server.config import DEFAULTS
from addin_server.remedies.library import list_remedies
from addin_server.render.remedies import MAX_SELECTIONS
from addin_server.text import replace_lone_surrogates

BASE = "https://localhost:3000"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def client():
    app = create_app(DEFAULTS)
    app.testing = True
    return app.test_client()


def post_raw(client, path: str, body: bytes):
    return client.post(path, data=body, content_type="application/json", base_url=BASE)


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
    return error


def params_for(remedy) -> dict:
    return {p.name: (5 if p.type == "int" else "2025-06-30" if p.type == "date" else "本单位")
            for p in remedy.parameters}


# ----------------------------------------------------------------------------- JSON nesting


def test_nesting_depth_counts_structure_not_strings():
    assert json_nesting_depth(b'{"a": [1, 2]}') == 0  # too few brackets to matter: not counted
    deep = b"[" * 40 + b"]" * 40
    assert json_nesting_depth(deep) == 40
    in_strings = b'{"t": "' + b"[" * 100 + b'"}' + b" [[]]" * 10
    assert json_nesting_depth(in_strings) == 2
    escaped = b"[" * 40 + b'"\\"[[[[\\\\"' + b"]" * 40  # \" inside, then an escaped backslash
    assert json_nesting_depth(escaped) == 40
    assert json_nesting_depth(b"[" * 5000) == 5000  # unclosed: the parser would recurse


@pytest.mark.parametrize("path", ["/api/check", "/api/scaffold", "/api/remedies/rank",
                                  "/api/remedies/render"])
@pytest.mark.parametrize("shape", ["array", "object", "unclosed"])
def test_deep_json_is_refused_before_parsing(client, path, shape):
    depth = 100_000
    if shape == "array":
        body = b'{"paragraphs": ' + b"[" * depth + b"]" * depth + b"}"
    elif shape == "object":
        body = b'{"title": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"
    else:
        body = b"[" * depth
    error = error_of(post_raw(client, path, body), 400)
    assert error["code"] == "request.too_deep"


def test_ordinary_nesting_passes(client):
    body = {"paragraphs": M.pane_json(M.complete()), "disabled": ["length.too_short"]}
    assert MAX_JSON_DEPTH > 4
    assert client.post("/api/check", json=body, base_url=BASE).status_code == 200


# ----------------------------------------------------------------------------- lone surrogates


def test_replace_lone_surrogates_keeps_offsets_and_pairs():
    value = {"a\ud800": ["x\udfffy", "😀", 3, None]}
    assert replace_lone_surrogates(value) == {"a\ufffd": ["x\ufffdy", "😀", 3, None]}


def _document_xml(response) -> etree._Element:
    data = base64.b64decode(response.get_json()["base64"])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


@pytest.mark.parametrize("field", ["title", "author", "position"])
def test_lone_surrogate_in_scaffold_gives_a_whole_document(client, field):
    body = b'{"%s": "\\ud800\\u5f20\\u4e09"}' % field.encode()
    response = post_raw(client, "/api/scaffold", body)
    assert response.status_code == 200, response.get_data(as_text=True)
    root = _document_xml(response)
    assert root.find(f"{W}body/{W}sectPr") is not None  # page setup not cut off
    text = "".join(root.itertext())
    assert "\ufffd张三" in text


def test_lone_surrogate_in_remedy_parameters_gives_a_whole_document(client):
    remedy = next(r for r in list_remedies("zhuti-2023", "theory") if any(
        p.type == "str" for p in r.parameters))
    params = params_for(remedy)
    name = next(p.name for p in remedy.parameters if p.type == "str")
    selection = {"dimension": "theory", "remedy_id": remedy.id, "params": params}
    body = json.dumps({"framework": "zhuti-2023", "selections": [selection], "with_table": True})
    body = body.replace(json.dumps(params[name]), '"\\udc00' + params[name] + '"').encode()
    response = post_raw(client, "/api/remedies/render", body)
    assert response.status_code == 200, response.get_data(as_text=True)
    root = _document_xml(response)
    assert root.find(f"{W}body/{W}sectPr") is not None
    assert root.find(f".//{W}tbl") is not None  # the 整改清单 table kept
    assert "\ufffd" + params[name] in "".join(root.itertext())


def test_lone_surrogate_in_rank_and_check(client):
    rank = post_raw(client, "/api/remedies/rank",
                    b'{"framework": "zhuti-2023", "dimension": "theory", '
                    b'"problems": ["\\ud800\\u7406\\u8bba\\u5b66\\u4e60"]}')
    assert rank.status_code == 200, rank.get_data(as_text=True)
    check = post_raw(client, "/api/check", b'{"paragraphs": [{"text": "\\ud83d\\u4e00\\u3001"}]}')
    assert check.status_code == 200, check.get_data(as_text=True)


# ----------------------------------------------------------------------------- remedy renderer


def test_schema_allows_exactly_what_the_renderer_takes(client):
    spec = client.get("/api/openapi.json", base_url=BASE).get_json()
    schema = spec["components"]["schemas"]["RenderRemediesRequest"]["properties"]["selections"]
    assert schema["maxItems"] == MAX_SELECTIONS
    remedy = list_remedies("zhuti-2023", "theory")[0]
    one = {"dimension": "theory", "remedy_id": remedy.id, "params": params_for(remedy)}
    for count, status in ((MAX_SELECTIONS, 200), (MAX_SELECTIONS + 1, 400), (200, 400)):
        response = client.post("/api/remedies/render", json={"framework": "zhuti-2023", "selections": [one] * count},
                               base_url=BASE)
        assert response.status_code == status, (count, response.get_data(as_text=True)[:300])


def test_remedy_from_another_dimension_is_a_400(client):
    remedy = list_remedies("zhuti-2023", "theory")[0]
    other = next(d.key for d in __import__("addin_server.frameworks", fromlist=["x"]).get_framework(
        "zhuti-2023").dimensions if d.key != "theory")
    body = {"framework": "zhuti-2023",
            "selections": [{"dimension": other, "remedy_id": remedy.id, "params": params_for(remedy)}]}
    error = error_of(client.post("/api/remedies/render", json=body, base_url=BASE), 400)
    assert "selections.0.remedy_id" in error["fields"]


# ----------------------------------------------------------------------------- duplicate parts


@pytest.mark.parametrize("path", ["/api/check/docx", "/api/check/docx/annotated", "/api/lint/format"])
def test_duplicate_main_part_is_refused_everywhere(client, path):
    data = hostile.duplicate_document_docx()
    response = client.post(path, data={"file": (io.BytesIO(data), "材料.docx")},
                           content_type="multipart/form-data", base_url=BASE)
    assert error_of(response, 422)["code"] == "document.duplicate_part"


# ----------------------------------------------------------------------------- never over the input


def test_output_helper_refuses_the_input_under_any_name(tmp_path):
    original = tmp_path / "材料.docx"
    original.write_bytes(b"original")
    link = tmp_path / "link.docx"
    link.symlink_to(original)
    for output in (original, link, tmp_path / "." / "材料.docx"):
        with pytest.raises(OutputIsInputError) as caught:
            write_output(output, b"new", original)
        assert "原稿" in str(caught.value)
    assert original.read_bytes() == b"original"
    refuse_overwriting_input(tmp_path / "new.docx", original)  # a new file is fine
    write_output(tmp_path / "new.docx", b"new", original)
    assert (tmp_path / "new.docx").read_bytes() == b"new"


def test_check_annotate_refuses_its_own_input(tmp_path):
    original = tmp_path / "材料.docx"
    data = M.build_docx(M.complete())
    original.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    env["ADDIN_SERVER_CONFIG_DIR"] = str(tmp_path / "config")
    done = subprocess.run([sys.executable, "-m", "addin_server", "check", str(original),
                           "--annotate", str(original)], capture_output=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr.decode()
    assert "原稿" in done.stderr.decode()
    assert original.read_bytes() == data
    done = subprocess.run([sys.executable, "-m", "addin_server", "check", str(original),
                           "--annotate", str(tmp_path / "批注.docx")], capture_output=True, env=env,
                          timeout=120)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert (tmp_path / "批注.docx").read_bytes()[:2] == b"PK"


def test_duplicate_part_in_the_cli_exits_2(tmp_path):
    path = tmp_path / "材料.docx"
    path.write_bytes(hostile.duplicate_document_docx())
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    done = subprocess.run([sys.executable, "-m", "addin_server", "check", str(path)],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "两个同名的" in done.stderr.decode()


def test_serve_workers_is_retired_for_gunicorn(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    env["ADDIN_SERVER_CONFIG_DIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "addin_server", "serve", "--no-tls", "--port", "0",
                           "--workers", "2"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 2
    stderr = done.stderr.decode()
    assert "gunicorn" in stderr and "addin_server.wsgi:app" in stderr and "已停用" in stderr


# ----------------------------------------------------------------------------- relationships (issue 29)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STYLES_CT = ('<Override PartName="/word/styles.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>')


def _with_relationships(kind: str) -> bytes:
    """A material the reader accepts whose main part's styles or comments relationship is
    external, untyped (its part has no content type of its kind) or doubled."""
    source = zipfile.ZipFile(io.BytesIO(M.build_docx(M.complete())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                rels = data.decode("utf-8")
                styles = f'Type="{_REL}styles" Target="styles.xml"'
                assert styles in rels
                extra = {
                    "styles_external": "",
                    "styles_doubled": f'<Relationship Id="rId90" Type="{_REL}styles" Target="styles.xml"/>',
                    "comments_external": f'<Relationship Id="rId91" Type="{_REL}comments" '
                                         'Target="http://example.invalid/c.xml" TargetMode="External"/>',
                    "comments_untyped": f'<Relationship Id="rId92" Type="{_REL}comments" Target="notes.xml"/>',
                }.get(kind, "")
                if kind == "styles_external":
                    rels = rels.replace(styles, f'Type="{_REL}styles" Target="http://example.invalid/s.xml" '
                                                'TargetMode="External"')
                data = rels.replace("</Relationships>", extra + "</Relationships>").encode("utf-8")
            elif info.filename == "[Content_Types].xml" and kind == "styles_untyped":
                assert _STYLES_CT.encode() in data
                data = data.replace(_STYLES_CT.encode(), b"")
            archive.writestr(info, data)
        if kind == "comments_untyped":   # a comments part with no content type of its kind
            archive.writestr("word/notes.xml", f'<w:comments xmlns:w="{W[1:-1]}"/>')
    return out.getvalue()


RELATIONSHIP_KINDS = ["styles_external", "styles_untyped", "styles_doubled", "comments_external",
                      "comments_untyped"]


@pytest.mark.parametrize("kind", RELATIONSHIP_KINDS)
@pytest.mark.parametrize("path", ["/api/check/docx", "/api/lint/format", "/api/fill/docx",
                                  "/api/check/docx/annotated"])
def test_odd_relationships_are_no_500(client, kind, path):
    data = _with_relationships(kind)
    response = client.post(path, data={"file": (io.BytesIO(data), "材料.docx")},
                           content_type="multipart/form-data", base_url=BASE)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    if path == "/api/check/docx/annotated":
        import docx

        data = base64.b64decode(response.get_json()["base64"])
        annotated = docx.Document(io.BytesIO(data))   # a package that opens again
        assert len(list(annotated.comments)) >= 1


@pytest.mark.parametrize("kind", ["styles_doubled", "comments_untyped"])
def test_odd_relationships_in_a_set_and_the_cli_are_annotated(client, tmp_path, kind):
    good, odd = M.build_docx(M.complete()), _with_relationships(kind)
    checked = client.post("/api/check/docx", data={"file": (io.BytesIO(good), "甲.docx")},
                          content_type="multipart/form-data", base_url=BASE)
    findings = checked.get_json()["findings"][:3]   # as the API gives them
    assert findings
    report = {"files": [{"name": n, "ok": True, "findings": findings} for n in ("甲.docx", "乙.docx")]}
    response = client.post("/api/review/annotated", base_url=BASE, content_type="multipart/form-data",
                           data={"files": [(io.BytesIO(good), "甲.docx"), (io.BytesIO(odd), "乙.docx")],
                                 "report": json.dumps(report, ensure_ascii=False)})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert len(zipfile.ZipFile(io.BytesIO(response.data)).namelist()) == 2

    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "甲.docx").write_bytes(good)
    (folder / "乙.docx").write_bytes(odd)
    out = tmp_path / "批注版"
    done = subprocess.run([sys.executable, "-m", "addin_server", "review", str(folder),
                           "--annotated-dir", str(out)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path,   # where the command writes its report
                          env={**os.environ, "ADDIN_SERVER_CONFIG_DIR": str(tmp_path / "config"),
                               "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert len(list(out.rglob("*.docx"))) == 2
