"""Batch review over generated folders: broken files, near-duplicates, distinct materials, CLI."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import materials as M
from addin_server.frameworks import get_framework
from addin_server.review import similarity
from addin_server.review.batch import find_documents, guess_author, review_folder
from addin_server.review.exports import render_html, write_report

LABELLED = json.loads((Path(__file__).parent / "fixtures" / "correspondence_labelled.json")
                      .read_text(encoding="utf-8"))["materials"]
NAMES = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆"]


def material_paras(material: dict, author: str) -> list[tuple[str, str | None]]:
    """A whole material built from one labelled group: distinct wording, shared genre headings."""
    fw = get_framework(material["framework"])
    by_dimension: dict[str, list[str]] = {}
    for p in material["problems"]:
        by_dimension.setdefault(p["dimension"], []).append(p["text"])
    paras = [(f"{author}同志个人对照检查材料", "Title"), ("一、存在问题", "Heading 1")]
    for n, (key, items) in zip("一二三四五六", by_dimension.items()):
        paras.append((f"（{n}）{fw.dimension(key).title}", "Heading 2"))
        paras.extend((t, None) for t in items)
    paras += [("二、原因剖析", "Heading 1"), ("一是对自己要求有所放松。", None), ("三、整改措施", "Heading 1")]
    return paras + [(m["text"], None) for m in material["measures"]]


def near_copy(paras, author):
    """What a copier hands in: another name, a few words swapped, one paragraph dropped."""
    swapped = [(t.replace("信息化", "数字化").replace("窗口", "服务大厅").replace("一是", "首先"), s)
               for t, s in paras]
    swapped[0] = (f"{author}同志个人对照检查材料", "Title")
    return swapped[:5] + swapped[6:]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("materials")
    (root / "二支部").mkdir()
    for material, author in zip(LABELLED, NAMES):
        (root / f"{material['id']}.docx").write_bytes(M.build_docx(material_paras(material, author)))
    (root / "lead.docx").write_bytes(M.build_docx(M.complete()))
    (root / "二支部" / "copy-of-lead.docx").write_bytes(M.build_docx(near_copy(M.complete(), "赵敏")))
    (root / "copy-of-F.docx").write_bytes(M.build_docx(near_copy(material_paras(LABELLED[5], "孙丽"), "孙丽")))
    (root / "not-a-zip.docx").write_bytes(b"this is plain text pretending to be a document")
    (root / "legacy.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    (root / "empty.docx").write_bytes(b"")
    (root / "~$lead.docx").write_bytes(b"lock file")
    (root / "notes.txt").write_text("不是材料", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def result(folder):
    return review_folder(folder, jobs=2, progress=False)


def test_every_docx_gets_a_row_and_lock_files_are_skipped(folder, result):
    names = [f.name for f in result.files]
    assert len(names) == 12
    assert "~$lead.docx" not in names and "notes.txt" not in names
    assert str(Path("二支部") / "copy-of-lead.docx") in names


def test_broken_files_appear_with_their_clear_error(result):
    broken = {f.name: f for f in result.files if not f.ok}
    assert set(broken) == {"not-a-zip.docx", "legacy.docx", "empty.docx"}
    assert broken["legacy.docx"].error_code == "document.legacy_doc"
    assert all(f.error and f.error_code.startswith("document.") for f in broken.values())
    assert sum(f.ok for f in result.files) == 9


def test_rows_carry_title_author_dimensions_counts_and_length(result):
    a = next(f for f in result.files if f.name == "A.docx")
    assert a.title == "张伟同志个人对照检查材料" and a.author == "张伟"
    assert [d["present"] for d in a.dimensions] == [True] * 6
    assert a.char_count > 500 and sum(a.counts.values()) == sum(a.codes.values())
    assert a.codes.get("remedy.unmatched") == 1  # the labelled set's unanswered 担当作为 problem
    c = next(f for f in result.files if f.name == "C.docx")  # a 2024 material: recognised as such
    assert c.framework == "nianhui-2024" and "2024年度" in c.recognition["reason"]
    assert c.complete and all(d["present"] for d in c.dimensions)


def test_near_duplicates_are_found_and_distinct_materials_are_not(result):
    pairs = {(p.a, p.b) for p in result.similar}
    assert pairs == {("lead.docx", str(Path("二支部") / "copy-of-lead.docx")), ("F.docx", "copy-of-F.docx")}
    top = result.similar[0]
    assert top.ratio > 0.8 and top.passages and top.passages[0].length >= similarity.MIN_RUN_CHARS


def test_candidates_come_from_lsh_not_all_pairs():
    # 60 distinct texts: LSH proposes (almost) none of the 1,770 pairs; one planted copy is found.
    import random

    rng = random.Random(7)
    alphabet = "学习理论政治能力担当作风廉洁群众基层调研落实责任制度监督整改措施问题原因思想"
    texts = {f"m{i}": "".join(rng.choice(alphabet) for _ in range(1500)) for i in range(60)}
    texts["copy"] = texts["m3"][:1400] + "另外补充的几句话用于区别"
    candidates = similarity.candidate_pairs({k: similarity.normalise(v) for k, v in texts.items()})
    assert ("copy", "m3") in candidates
    assert len(candidates) < 20
    assert [(p.a, p.b) for p in similarity.find_similar(texts)] == [("copy", "m3")]


def test_shared_boilerplate_alone_is_not_similarity():
    heading = "一、存在问题（一）理论学习方面二、原因剖析三、整改措施"
    a = heading + "对原著学得不深，读书计划没有坚持，研讨发言准备不足。" * 2
    b = heading + "窗口服务态度生硬，群众办事排队时间长，跟踪督办不够。" * 2
    assert similarity.verify("a", similarity.normalise(a), "b", similarity.normalise(b)) is None


def test_html_report_is_self_contained_and_escapes_document_text(result):
    page = render_html(result.to_dict())
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert "张伟同志个人对照检查材料" in page and "疑似雷同 2 对" in page
    assert "无法检查" in page and "legacy.docx" in page
    hostile = result.files[0].__class__(name="<b>x</b>.docx", ok=True, title="<script>alert(1)</script>",
                                        author="<i>", complete=True, dimensions=result.files[0].dimensions)
    result2 = type(result)(result.folder, result.framework_id, result.framework_title, [hostile], [], 0.0)
    page2 = render_html(result2.to_dict())
    assert "<script>alert(1)</script>" not in page2 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page2
    assert "<b>x</b>" not in page2


def test_csv_and_json_reports(result, tmp_path):
    assert write_report(result, tmp_path / "r.csv") == "csv"
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 12 and rows[0][0] == "文件"
    assert write_report(result, tmp_path / "r.json") == "json"
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    # Both pairs copy half a material or more: an error, so those materials are not complete.
    summary = data["summary"]
    assert {k: summary[k] for k in ("files", "readable", "unreadable", "complete", "similar_pairs",
                                    "copied_half", "clusters")} == {
        "files": 12, "readable": 9, "unreadable": 3, "complete": 4, "similar_pairs": 2,
        "copied_half": 4, "clusters": 2}
    assert [f["name"] for f in data["files"] if f["copied"] >= 0.5] and data["clusters"]
    assert all("text" not in f for f in data["files"])
    with pytest.raises(ValueError):
        write_report(result, tmp_path / "r.pdf")


def test_sequential_and_parallel_runs_agree(folder, result):
    again = review_folder(folder, jobs=1, progress=False)
    assert [f.to_dict() for f in again.files] == [f.to_dict() for f in result.files]
    assert [p.to_dict() for p in again.similar] == [p.to_dict() for p in result.similar]


@pytest.mark.parametrize("lines, title_index, expected", [
    (["王芳同志个人对照检查材料", "一、存在问题"], 0, "王芳"),
    (["个人对照检查材料", "区发改局局长 李强", "（2024年1月）"], 0, "李强"),
    (["个人对照检查材料", "（2024年1月）", "一、存在问题"], 0, None),
    (["个人对照检查材料", "按照会议安排，现将有关情况报告如下。"], 0, None),
])
def test_author_guess(lines, title_index, expected):
    assert guess_author(lines, title_index) == expected


def test_find_documents_is_recursive_and_sorted(folder):
    found = [p.relative_to(folder).as_posix() for p in find_documents(folder)]
    assert found == sorted(found) and "二支部/copy-of-lead.docx" in found


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "addin_server", "review", *args],
                          capture_output=True, text=True, timeout=300)


def test_cli_end_to_end(folder, tmp_path):
    out = tmp_path / "report.html"
    done = run_cli(str(folder), "--out", str(out), "--jobs", "2")
    assert done.returncode == 1, done.stderr  # the report is written; three files could not be read
    assert "3 份文件无法读取" in done.stderr
    assert "疑似雷同 2 对（2 组）" in done.stdout and "大段照搬 4 份" in done.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "copy-of-lead.docx" in page
    assert "12/12" in done.stderr or "已检查" in done.stderr  # tqdm bar or the plain counter


def test_cli_rejects_bad_arguments(folder, tmp_path):
    assert run_cli(str(folder), "--framework", "no-such", "--out", str(tmp_path / "r.html")).returncode == 2
    assert run_cli(str(tmp_path / "missing"), "--out", str(tmp_path / "r.html")).returncode == 2
    assert run_cli(str(folder), "--out", str(tmp_path / "r.pdf")).returncode == 2
    assert run_cli(str(folder), "--jobs", "0").returncode == 2


def test_recall_of_materials_with_about_60_percent_copied():
    # Each copy takes 60% of its text from a donor up to three times as long as itself (Jaccard of
    # shingles 0.2–0.45, the hard end for LSH); the rest is its own. Words, not characters, so
    # unrelated materials share short runs the way real ones do.
    import random

    rng = random.Random(60)
    words = ("学习 调研 基层 群众 制度 落实 整改 措施 问题 短板 担当 作风 纪律 服务 项目 资金 台账 "
             "督查 考核 协调 联系 培训 指导 风险 隐患 安全 窗口 数据 平台 审批").split()

    def text(chars):
        out = []
        while sum(map(len, out)) < chars:
            out.append("".join(rng.choice(words) for _ in range(rng.randint(3, 8))) + "。")
        return "".join(out)

    texts = {f"m{i:02d}": text(rng.choice((2000, 3000, 4000, 6000))) for i in range(30)}
    planted = set()
    for n in range(20):
        own = text(2000)
        donor = f"m{n:02d}"
        start = rng.randint(0, len(texts[donor]) - 1200)
        texts[f"copy{n:02d}"] = texts[donor][start:start + 1200] + own[:800]
        planted.add((f"copy{n:02d}", donor))
    found = {(p.a, p.b) for p in similarity.find_similar(texts)}
    assert len(planted & found) >= 19, sorted(planted - found)
    assert found <= planted


def test_cli_previous_xlsx_and_annotated_copies(tmp_path):
    import docx
    from openpyxl import load_workbook

    import review_set

    this_year, last_year, annotated = tmp_path / "本年度", tmp_path / "上年度", tmp_path / "批注版"
    for folder, files in ((this_year, review_set.current_set()), (last_year, review_set.previous_set())):
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    before = {p: p.read_bytes() for p in this_year.rglob("*") if p.is_file()}
    out = tmp_path / "报告.xlsx"
    done = run_cli(str(this_year), "--previous", str(last_year), "--out", str(out),
                   "--annotated-dir", str(annotated), "--quiet")
    # Two files could not be read (the damaged one, the .doc): the report is written, exit 1.
    assert done.returncode == 1, done.stderr
    assert "2 份文件无法读取" in done.stderr and "照搬上年度 1 份" in done.stdout
    book = load_workbook(out)
    assert book.sheetnames == ["材料", "单位汇总", "雷同与照搬", "问题清单"] and book["材料"].max_row == 7
    units = list(book["单位汇总"].iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in units) == 6   # every material counted under its unit
    kinds = [r[0] for r in book["雷同与照搬"].iter_rows(min_row=2, values_only=True)]
    assert kinds == ["本年度材料雷同", "照搬上年度（同一署名）"]
    copies = sorted(p.name for p in annotated.rglob("*.docx"))
    assert copies == sorted(["完整-王芳-批注.docx", "缺少方面-李强-批注.docx", "张伟-批注.docx", "赵敏-批注.docx"])
    assert any("上年度" in c.text for c in docx.Document(annotated / "完整-王芳-批注.docx").comments)
    assert {p: p.read_bytes() for p in this_year.rglob("*") if p.is_file()} == before  # inputs untouched
    assert run_cli(str(this_year), "--annotated-dir", str(this_year), "--out", str(tmp_path / "r.csv")).returncode == 2


def test_cli_exits_0_when_every_file_was_read(tmp_path):
    (tmp_path / "a.docx").write_bytes(M.build_docx(M.complete()))
    done = run_cli(str(tmp_path), "--out", str(tmp_path / "r.json"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "跳过" not in done.stderr


def test_cli_says_which_files_it_left_out(tmp_path):
    """A reviewer's folder holding the notice as a .pdf: left out, and said so (the page says so
    too), without failing the run; hidden and lock files are not mentioned."""
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "a.docx").write_bytes(M.build_docx(M.complete()))
    (folder / "县委办关于开好民主生活会的通知.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "~$a.docx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"x")
    done = run_cli(str(folder), "--out", str(tmp_path / "r.json"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "跳过 1 个不是 .docx/.doc/.wps 的文件（如「县委办关于开好民主生活会的通知.pdf」）" in done.stderr


def test_pinyin_order_of_names():
    from addin_server.review.names import pinyin_key

    names = ["赵敏", "王芳", "李强", "张伟", "材料10", "材料2", "安娜"]
    assert sorted(names, key=pinyin_key) == ["安娜", "材料2", "材料10", "李强", "王芳", "张伟", "赵敏"]


def test_an_unfilled_scaffold_shows_no_tick_in_the_batch_report(tmp_path):
    """Placeholders are not content: a dimension holding only 【请填写：…】 items is 待填写, not ✓."""
    from addin_server.render import render_scaffold

    (tmp_path / "空框架.docx").write_bytes(render_scaffold("zhuti-2023"))
    result = review_folder(tmp_path, "zhuti-2023")
    (row,) = result.files
    assert all(d["items"] == 0 and d["unfilled"] == 3 for d in row.dimensions)
    page = render_html(result.to_dict())
    assert "✓" not in page.split("<table>", 1)[1].split("</table>", 1)[0].replace("完整", "")
    assert "待填写3条" in page


def test_a_two_line_title_is_one_line_in_the_table(tmp_path):
    from addin_server.review.batch import review_folder

    paras = M.complete()
    paras[0] = ("市水务局党组书记2025年度民主生活会\n个人对照检查材料", "Title")
    (tmp_path / "a.docx").write_bytes(M.build_docx(paras))
    (row,) = review_folder(tmp_path, jobs=1).files
    assert row.title == "市水务局党组书记2025年度民主生活会个人对照检查材料"


# ----------------------------------------------------------------------------- comparison budget (issue 29)

def _near_identical(count: int) -> dict[str, str]:
    """Materials one writer's text with a different last line each: every pair a candidate."""
    base = "\n".join(text for text, _ in M.complete())
    return {f"第{i:03d}份": base + f"\n第{i}份另加的一句话，各不相同。" for i in range(count)}


def test_the_similarity_stage_reports_progress_and_stops_at_its_budget():
    from addin_server.review.stage import Stage

    steps = []
    stage = Stage(0.5, on_step=lambda done, total: steps.append((done, total)))
    found = similarity.find_similar(_near_identical(40), None, stage)
    assert stage.cut_short and 0 < stage.done < stage.total == 40 * 39 // 2
    assert steps[0] == (0, stage.total) and steps[-1] == (stage.done, stage.total)
    assert len(found) <= stage.done   # what was compared is reported, the rest is not invented
    whole = Stage()
    similarity.find_similar(_near_identical(8), None, whole)
    assert not whole.cut_short and whole.done == whole.total == 28


def test_a_review_cut_short_says_so_in_the_stream_and_every_export(monkeypatch):
    from addin_server import create_app
    from addin_server.review import batch

    monkeypatch.setattr(batch, "COMPARISON_SECONDS", 0.5)
    client = create_app({"review_jobs": 1}).test_client()
    files = {f"{name}.docx": M.build_docx([(t, None) for t in text.split("\n")])
             for name, text in _near_identical(40).items()}
    response = client.post("/api/review", headers={"Host": "localhost"}, content_type="multipart/form-data",
                           data={"files": [(io.BytesIO(b), n) for n, b in files.items()]})
    events = [json.loads(line) for line in response.data.decode("utf-8").splitlines()]
    comparing = [e for e in events if e.get("stage") == "compare"]
    assert comparing and "正在比对本年度材料之间的雷同" in comparing[-1]["name"]
    result = events[-1]["result"]
    assert result["incomplete"] and "结果可能不全" in result["incomplete"][0]
    page = client.post("/api/review/export?format=html", json=result, headers={"Host": "localhost"})
    assert "结果可能不全" in page.get_data(as_text=True)


def test_half_a_material_copied_is_always_found_among_materials_sharing_set_phrases():
    # Generated materials share headings and set phrases the way one unit's do (J ≈ 0.02–0.08:
    # the LSH's many candidates, which the signature estimate drops before the exact bound). Each
    # planted copy starts with half of its donor's text — of the same length or up to twice as
    # long — and goes on with its own; every one must be reported, with its share.
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.generate import material

    def text(seed, chars):
        return "\n".join(t for t, _ in material(seed=seed, target_chars=chars))

    texts = {f"m{i:03d}": text(i, 4000 + (i % 3) * 2000) for i in range(120)}
    planted = set()
    for n in range(12):
        donor = texts[f"m{n * 7:03d}"]
        own = text(1000 + n, 4000)
        texts[f"copy{n:02d}"] = donor[:len(donor) // 2] + "\n" + own[len(own) // 2:]
        planted.add((f"copy{n:02d}", f"m{n * 7:03d}"))
    normalised = similarity.prepare(texts)
    raw = similarity.MIN_ESTIMATED_JACCARD
    try:
        similarity.MIN_ESTIMATED_JACCARD = 0.0
        lsh_only = similarity.candidate_pairs(normalised)
    finally:
        similarity.MIN_ESTIMATED_JACCARD = raw
    kept = similarity.candidate_pairs(normalised)
    assert kept < lsh_only and len(kept) < len(lsh_only) / 2     # the estimate does drop pairs
    found = {(p.a, p.b): p for p in similarity.find_similar(texts)}
    assert planted <= set(found), sorted(planted - set(found))
    assert all(found[pair].ratio_a >= 0.45 for pair in planted)


def test_the_command_line_review_compares_everything(monkeypatch, tmp_path):
    # The page's stream needs a result within its time budget; a folder reviewed from the command
    # line (a city's materials) has no stream to keep alive and must not be cut short.
    from addin_server.review import batch

    monkeypatch.setattr(batch, "COMPARISON_SECONDS", 0.0)
    texts = _near_identical(6)
    for name, text in texts.items():
        (tmp_path / f"{name}.docx").write_bytes(M.build_docx([(t, None) for t in text.split("\n")]))
    result = batch.review_folder(tmp_path, jobs=1, progress=False)
    assert not result.incomplete and len(result.similar) == 6 * 5 // 2


def test_the_json_report_is_written_in_pieces_as_one_compact_document(result, tmp_path):
    from addin_server.review.exports import json_chunks

    data = result.to_dict()
    data["files"][0]["title"] = "标题\ud800"        # a lone surrogate a document carried
    text = b"".join(json_chunks(data)).decode("utf-8")
    data["files"][0]["title"] = "标题\ufffd"
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert write_report(result, tmp_path / "r.json") == "json"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["name"] == data["files"][0]["name"]
