"""A batch review with or without proofreading (`--proofreading auto|on|off`, the review page's
「检查错别字」): what is checked, what every export says when 错别字 were not checked, and that a
worker told not to proofread never loads the proofreader's rules or dictionaries."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import openpyxl
import pytest

import materials as M
from addin_server import create_app
from addin_server.review import batch, proofreading_choice
from addin_server.review.batch import Source, review_folder
from addin_server.review.exports import render, render_html
from addin_server.review.proofreading_choice import PROOFREAD_AT_MOST, proofreads

HOST = {"Host": "localhost"}
# Two slips a proofreader finds (proof.typo), in a complete material.
SLIPS = [("我们要再接再励，坚持不懈抓好整改。", None), ("要按步就班推进各项工作。", None)]


def with_slips(author: str) -> list[tuple[str, str | None]]:
    paras = M.complete()
    paras[0] = (f"{author}同志个人对照检查材料", "Title")
    return paras[:4] + SLIPS + paras[4:]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("proofreading")
    for author in ("张伟", "王芳", "李强"):
        (root / f"{author}.docx").write_bytes(M.build_docx(with_slips(author)))
    return root


def proof_codes(result) -> int:
    return sum(n for f in result.files for code, n in f.codes.items() if code.startswith("proof."))


def column(data: dict, fmt: str) -> list:
    """The 文字校对 column of the materials table as the workbook / the CSV give it."""
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))["材料"]
        table = [[c.value for c in row] for row in sheet.iter_rows()]
    else:
        table = list(csv.reader(io.StringIO(render(data, "csv").decode("utf-8-sig"))))
    at = table[0].index("文字校对")
    return [row[at] for row in table[1:]]


def test_auto_proofreads_up_to_the_limit_and_not_above():
    assert proofreads("auto", 1) and proofreads("auto", PROOFREAD_AT_MOST)
    assert not proofreads("auto", PROOFREAD_AT_MOST + 1)
    assert proofreads("on", 10 * PROOFREAD_AT_MOST) and not proofreads("off", 1)
    with pytest.raises(ValueError):
        proofreads("sometimes", 1)


def test_auto_in_a_review_either_side_of_the_limit(folder, monkeypatch):
    monkeypatch.setattr(proofreading_choice, "PROOFREAD_AT_MOST", 3)
    at_limit = review_folder(folder, jobs=1, progress=False)
    assert at_limit.proofreading is None and proof_codes(at_limit) == 6
    assert "proofreading" not in at_limit.to_dict()
    monkeypatch.setattr(proofreading_choice, "PROOFREAD_AT_MOST", 2)
    above = review_folder(folder, jobs=1, progress=False)
    assert proof_codes(above) == 0
    data = above.to_dict()
    assert data["proofreading"]["checked"] is False and data["proofreading"]["choice"] == "auto"
    assert "本次共 3 份材料，超过 2 份，未检查错别字" in data["header"][-1]
    assert "如需检查请加 --proofreading on" in data["header"][-1]


def test_off_leaves_out_proofreading_alone_and_every_export_says_so(folder):
    on = review_folder(folder, jobs=1, progress=False, proofreading="on")
    off = review_folder(folder, jobs=1, progress=False, proofreading="off")
    assert proof_codes(on) == 6 and proof_codes(off) == 0
    for a, b in zip(on.files, off.files):
        # Everything else is the same: structure, substance, correspondence, lint.
        assert {c: n for c, n in a.codes.items() if not c.startswith("proof.")} == b.codes
        assert (a.complete, a.dimensions, a.substance) == (b.complete, b.dimensions, b.substance)
    on_data, off_data = on.to_dict(), off.to_dict()
    note = off_data["proofreading"]["note"]
    assert note.startswith("本次审阅按要求未检查错别字") and "「未检查」" in note
    assert off_data["header"][-1] == note and note not in " ".join(on_data["header"])
    assert json.loads(render(off_data, "json"))["proofreading"]["checked"] is False
    assert column(off_data, "xlsx") == column(off_data, "csv") == ["未检查"] * 3
    assert all(isinstance(n, int) and n >= 2 for n in column(on_data, "xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(render(off_data, "xlsx")))
    assert note in [row[0].value for row in book["审阅说明"].iter_rows()]
    assert "审阅说明" not in openpyxl.load_workbook(io.BytesIO(render(on_data, "xlsx"))).sheetnames
    html = render_html(off_data)
    assert note in html and "文字校对：未检查" in html
    assert "未检查" not in render_html(on_data)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "addin_server", "review", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def test_cli_option(folder, tmp_path):
    out = tmp_path / "report.json"
    done = run_cli(folder, "--proofreading", "off", "--out", out, "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "本次审阅按要求未检查错别字" in done.stderr
    report = json.loads(out.read_text("utf-8"))
    assert report["proofreading"]["checked"] is False
    assert not any(c.startswith("proof.") for f in report["files"] for c in f["codes"])
    wrong = run_cli(folder, "--proofreading", "maybe", "--out", out)
    assert wrong.returncode == 2 and "--proofreading" in wrong.stderr


def post(client, folder, **form):
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(folder.glob("*.docx"))]
    return client.post("/api/review", data={"files": files, **form}, content_type="multipart/form-data",
                       headers=HOST)


def test_api_option_and_its_export(folder):
    client = create_app({"review_jobs": 1}).test_client()
    response = post(client, folder, proofreading="off")
    assert response.status_code == 200
    result = json.loads(response.data.decode("utf-8").splitlines()[-1])["result"]
    assert result["proofreading"]["checked"] is False
    assert "请勾选「检查错别字」" in result["header"][-1]
    # The page sends the result back for its exports: the workbook still says 未检查.
    exported = client.post("/api/review/export?format=csv", json=result, headers=HOST)
    assert exported.status_code == 200
    table = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert {row[table[0].index("文字校对")] for row in table[1:]} == {"未检查"}
    default = json.loads(post(client, folder).data.decode("utf-8").splitlines()[-1])["result"]
    assert "proofreading" not in default
    assert any(c.startswith("proof.") for f in default["files"] for c in f["codes"])
    bad = post(client, folder, proofreading="maybe")
    assert bad.status_code == 400 and "auto、on 或 off" in json.dumps(bad.get_json(), ensure_ascii=False)


def loaded_in_this_process() -> dict:
    """What of the proofreader a worker holds (run in the worker)."""
    from addin_server.checks import proof
    from addin_server.checks.proof import lexicon

    return {"rules": proof._rules.current() is not None, "lexicon": bool(lexicon._compiled)}


@pytest.mark.parametrize("proofreading", [False, True])
def test_a_worker_not_proofreading_never_loads_the_proofreader(folder, proofreading):
    sources = [Source(p.name, path=str(p)) for p in sorted(folder.glob("*.docx"))]
    boilerplate = batch.masking_boilerplate()
    # One worker, started as check_all starts its workers: the probe runs where the checks ran.
    with ProcessPoolExecutor(max_workers=1, mp_context=batch._pool_context(), initializer=batch.start_worker,
                             initargs=(boilerplate, proofreading)) as pool:
        rows = [pool.submit(batch._review_in_worker, s, None, False, None, False, n).result()
                for n, s in enumerate(sources)]
        held = pool.submit(loaded_in_this_process).result()
    assert all(r.ok for r in rows)
    assert any(c.startswith("proof.") for r in rows for c in r.codes) == proofreading
    assert held == {"rules": proofreading, "lexicon": proofreading}
