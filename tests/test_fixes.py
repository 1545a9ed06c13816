"""Fixes applied to a .docx (render/fixes.py), through the CLI (`check --fix -o`) and the page's
endpoint (POST /api/check/docx/fixed): the findings are gone on re-check, and nothing else in the
file changed — other paragraphs byte for byte, the fixed paragraph's runs keep their formatting."""
from __future__ import annotations

import base64
import re
import io
import subprocess
import sys

import docx
import pytest
from lxml import etree

import materials as M
from addin_server import create_app
from addin_server.checks import check
from addin_server.readers import read_docx
from addin_server.render.fixes import apply_fixes, edits_of

FIXABLE = ("lint.halfwidth_punctuation", "lint.doubled_punctuation", "lint.document_number_brackets")


def _material() -> bytes:
    """The complete material plus one paragraph of three runs (bold, plain, italic) holding every
    mechanical slip, the 文号 split across two runs."""
    d = docx.Document()
    for text, style in M.complete():
        d.add_paragraph(text, style=style) if style else d.add_paragraph(text)
    p = d.add_paragraph()
    p.add_run("对于个别干部").bold = True
    p.add_run("违规逾矩,以及推进中的矛盾;按照国办发[20")
    p.add_run("23]5号文件要求,,抓好落实").italic = True
    d.add_paragraph("会议于10:30开始，全年投入3,500万元。")  # correct: must stay as it is
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _codes(data: bytes) -> set[str]:
    return {f.code for f in check(read_docx(data)).findings}


def _paragraph_xml(data: bytes) -> list[bytes]:
    return [etree.tostring(p._p) for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_fixes_applied_to_the_runs_and_the_recheck_is_clean():
    data = _material()
    assert set(FIXABLE) <= _codes(data)
    result = apply_fixes(data, edits_of(check(read_docx(data)).findings))
    assert result.applied == 4 and result.skipped == 0
    assert not set(FIXABLE) & _codes(result.data)
    fixed = docx.Document(io.BytesIO(result.data)).paragraphs[-2]
    assert fixed.text == "对于个别干部违规逾矩，以及推进中的矛盾；按照国办发〔2023〕5号文件要求，抓好落实"
    runs = [(r.text, r.bold, r.italic) for r in fixed.runs]
    # Each run keeps its formatting; the 文号 takes the formatting of its first character.
    assert runs == [("对于个别干部", True, None), ("违规逾矩，以及推进中的矛盾；按照国办发〔2023〕5号", None, None),
                    ("文件要求，抓好落实", None, True)]
    before, after = _paragraph_xml(data), _paragraph_xml(result.data)
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [len(before) - 2]


def test_only_the_chosen_codes_and_safe_fixes_unless_asked():
    data = _material()
    findings = check(read_docx(data)).findings
    only = apply_fixes(data, edits_of(findings, codes=["lint.document_number_brackets"]))
    assert only.applied == 1
    assert _codes(only.data) & set(FIXABLE) == {"lint.halfwidth_punctuation", "lint.doubled_punctuation"}
    mixed = M.build_docx(M.complete() + [("学习不够深入，。还需加强", None)])
    (f,) = [f for f in check(read_docx(mixed)).findings if f.code == "lint.doubled_punctuation"]
    assert f.fix is not None and not f.fix.safe  # which mark was meant is a guess to confirm
    assert apply_fixes(mixed, edits_of([f])).applied == 0
    unsafe = apply_fixes(mixed, edits_of([f], unsafe=True))
    assert unsafe.applied == 1 and "学习不够深入。还需加强" in [p.text for p in docx.Document(io.BytesIO(unsafe.data)).paragraphs]


def test_an_edit_over_a_tab_or_past_the_text_is_skipped_not_guessed():
    from addin_server.checks.report import Edit

    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("问题,")
    p.add_run().add_tab()
    p.add_run("还有差距")
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    assert read_docx(data).paragraphs[0].text == "问题,\t还有差距"
    result = apply_fixes(data, [Edit(0, 2, 4, "，"), Edit(0, 40, 41, "。")])
    assert (result.applied, result.skipped, result.data) == (0, 2, data)
    fixed = apply_fixes(data, [Edit(0, 2, 3, "，")])
    assert fixed.applied == 1 and read_docx(fixed.data).paragraphs[0].text == "问题，\t还有差距"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "addin_server", *args], capture_output=True, text=True,
                          timeout=120)


def test_cli_fix_writes_the_corrected_copy_and_never_the_input(tmp_path):
    src = tmp_path / "材料.docx"
    src.write_bytes(_material())
    out = tmp_path / "输出.docx"
    result = _cli("check", str(src), "--fix", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "已改正 4 处" in result.stderr and "写入" in result.stderr
    assert not set(FIXABLE) & _codes(out.read_bytes())
    assert src.read_bytes() == _material() or set(FIXABLE) <= _codes(src.read_bytes())
    original = src.read_bytes()
    refused = _cli("check", str(src), "--fix", "-o", str(src))
    assert refused.returncode == 2 and "不能写到输入文件" in refused.stderr
    assert src.read_bytes() == original
    alias = _cli("check", str(src), "--fix", "-o", str(tmp_path / "." / "材料.docx"))
    assert alias.returncode == 2 and src.read_bytes() == original
    assert _cli("check", str(src), "--fix").returncode == 2


def test_cli_speaks_chinese_and_knows_its_codes(tmp_path):
    src = tmp_path / "材料.docx"
    src.write_bytes(_material())
    text = _cli("check", str(src)).stdout
    assert "lint." not in text and "dimension." not in text
    assert "[可用 --fix 改正]" in text
    unknown = _cli("check", str(src), "--disable", "lint.nope")
    assert unknown.returncode == 2 and "没有这项检查" in unknown.stderr and "用法：" in unknown.stderr
    assert _cli("check", str(src), "--disable", "lint.doubled_punctuation").returncode == 0
    version = _cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("addin-server ")
    helped = _cli("check", "--help").stdout
    assert "用法：" in helped and "显示本帮助并退出" in helped and "usage" not in helped
    bad = _cli("check", str(src), "--bogus")
    assert bad.returncode == 2 and "无法识别的参数" in bad.stderr
    listed = _cli("check", "--list-codes").stdout
    assert "lint.halfwidth_punctuation" in listed and "中文句子中使用了半角标点" in listed


@pytest.fixture
def client():
    return create_app().test_client()


def _post(client, data, query="", **form):
    return client.post(f"/api/check/docx/fixed{query}", data={"file": (io.BytesIO(data), "王芳 材料.docx"), **form},
                       content_type="multipart/form-data", base_url="https://localhost:3000")


def test_endpoint_returns_the_corrected_docx(client):
    data = _material()
    r = _post(client, data)
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert body["filename"] == "王芳 材料-改正.docx" and body["applied"] == 4 and body["skipped"] == 0
    assert not set(FIXABLE) & _codes(base64.b64decode(body["base64"]))
    r = _post(client, data, "?download=1", codes="lint.doubled_punctuation")
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    assert r.headers["X-Fixes-Applied"] == "1"
    assert "lint.doubled_punctuation" not in _codes(r.data) and "lint.halfwidth_punctuation" in _codes(r.data)
    bad = _post(client, data, codes="lint.nope")
    assert bad.status_code == 400 and "codes.0" in bad.get_json()["error"]["fields"]
    assert "须为以下之一" in bad.get_json()["error"]["fields"]["codes.0"][0]


@pytest.mark.timeout(300)
def test_fixes_on_the_real_corpus_apply_and_leave_nothing_to_fix():
    """On the shared corpus (files from many word processors): every file with mechanical findings
    is fixed without error, its paragraph count kept, and a re-check finds no safe fix left."""
    import corpus

    corpus.require()
    from addin_server.readers import DocumentError

    fixed_files = 0
    for path in corpus.files(max_bytes=3_000_000):
        data = path.read_bytes()
        try:
            document = read_docx(data)
        except DocumentError:
            continue
        edits = edits_of(check(document).findings)
        if not edits:
            continue
        try:
            result = apply_fixes(data, edits)
        except DocumentError:
            continue  # readable but not writable by python-docx (macro-enabled, Strict): said plainly
        fixed_files += 1
        after = read_docx(result.data)
        assert len(after.paragraphs) == len(document.paragraphs), path.name
        left = [e for f in check(after).findings if f.fix is not None and f.fix.safe for e in f.fix.edits]
        assert len(left) <= result.skipped, (path.name, left[:3])
    assert fixed_files >= 3


def test_endpoint_applies_the_edits_a_writer_chose(client):
    import json

    data = _material()
    findings = check(read_docx(data)).findings
    (chosen,) = [f for f in findings if f.code == "lint.document_number_brackets"]
    edits = json.dumps([e.to_dict() for e in chosen.fix.edits], ensure_ascii=False)
    r = _post(client, data, edits=edits)
    assert r.status_code == 200 and r.get_json()["applied"] == 1
    codes = _codes(base64.b64decode(r.get_json()["base64"]))
    assert "lint.document_number_brackets" not in codes and "lint.halfwidth_punctuation" in codes
    for bad in ('[{"paragraph": -1, "start": 0, "end": 1, "replacement": "x"}]',
                '[{"paragraph": 0, "start": 3, "end": 1, "replacement": "x"}]',
                "not json", "{}"):
        r = _post(client, data, edits=bad)
        assert r.status_code == 400, bad
        fields = r.get_json()["error"]["fields"]
        assert any(k.startswith("edits") for k in fields) and all(
            re.search(r"[\u4e00-\u9fff]", m) for ms in fields.values() for m in ms), fields
