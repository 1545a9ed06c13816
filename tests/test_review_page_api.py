"""The review page's endpoints in-process: the streamed check of a mixed set (rows, flags,
passages, 照搬上年度), zips, limits, and the exports rendered from the result sent back (.xlsx
opened with openpyxl, CSV, HTML, annotated .zip)."""
from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest

import review_set
from addin_server import create_app

HOST = {"Host": "localhost"}


@pytest.fixture(scope="module")
def client():
    return create_app({"review_jobs": 2}).test_client()


def post_set(client, current: dict, previous: dict | None = None, **form):
    data = {"files": [(io.BytesIO(b), n) for n, b in current.items()], **form}
    if previous:
        data["previous"] = [(io.BytesIO(b), n) for n, b in previous.items()]
    return client.post("/api/review", data=data, content_type="multipart/form-data", headers=HOST)


def events(response) -> list[dict]:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.data.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def result(client):
    stream = events(post_set(client, review_set.current_set(), review_set.previous_set()))
    assert stream[0] == {"type": "start", "total": 8, "files": 6, "previous": 2}
    assert [e["type"] for e in stream[1:-1]] and all(e["type"] == "progress" for e in stream[1:-1])
    assert stream[-2]["done"] == stream[-2]["total"] == 8
    assert stream[-1]["type"] == "result"
    return stream[-1]["result"]


def rows(result):
    return {f["name"]: f for f in result["files"]}


def test_rows_of_the_mixed_set(result):
    by_name = rows(result)
    # Pinyin order: jiu, que, sun, wan, zhang, zhao (not the code-point order of the characters).
    assert list(by_name) == ["旧版材料.doc", "缺少方面-李强.docx", "损坏的文件.docx", "完整-王芳.docx", "张伟.docx",
                             "赵敏.docx"]
    wang = by_name["完整-王芳.docx"]
    assert wang["ok"] and wang["complete"] and wang["author"] == "王芳" and wang["unit"] == "区发改局党组书记、局长"
    li = by_name["缺少方面-李强.docx"]
    assert li["ok"] and not li["complete"] and li["codes"]["dimension.missing"] == 1
    assert [d["title"] for d in li["dimensions"] if not d["present"]] == ["廉洁自律方面"]
    assert not by_name["损坏的文件.docx"]["ok"] and by_name["损坏的文件.docx"]["error_code"].startswith("document.")
    legacy = by_name["旧版材料.doc"]
    assert not legacy["ok"] and legacy["error"].startswith("请另存为 .docx")
    # The copied pair (张伟, 赵敏: more than half of each) is an error: neither is complete.
    assert result["summary"] == {"files": 6, "readable": 4, "unreadable": 2, "complete": 1, "similar_pairs": 1,
                                 "copied_half": 2, "clusters": 1, "substance_flags": result["summary"]["substance_flags"],
                                 "frameworks": ["2023年主题教育专题民主生活会（六个方面）"],
                                 "previous_files": 2, "previous_unreadable": 0, "carried_over": 1}


def test_copied_pair_with_both_wordings_and_shares(result):
    (pair,) = result["similar"]
    assert {pair["a"], pair["b"]} == {"张伟.docx", "赵敏.docx"}
    assert pair["ratio_a"] > 0.5 and pair["ratio_b"] > 0.5
    from addin_server.readers import read_docx

    current = review_set.current_set()
    for side in ("a", "b"):
        full = "\n".join(p.text for p in read_docx(current[pair[side]]).paragraphs)
        # Each passage as that material writes it: found verbatim in it, punctuation and all.
        assert all(p[f"{side}_text"] in full for p in pair["passages"])
        assert any("，" in p[f"{side}_text"] for p in pair["passages"])
    # The copier swapped a few words, so the runs stop where they differ: 数字化 against 信息化.
    assert not any("数字化" in p["b_text" if pair["a"] == "张伟.docx" else "a_text"] for p in pair["passages"])
    for name in ("张伟.docx", "赵敏.docx"):
        (finding,) = [f for f in rows(result)[name]["findings"] if f["code"] == "review.similar"]
        assert "大段照搬" in finding["message"] and "%" in finding["message"] and isinstance(finding["paragraph"], int)
        assert finding["severity"] == "error"


def test_carried_over_from_last_year_by_the_same_writer(result):
    (carry,) = result["carried_over"]
    assert carry["name"] == "完整-王芳.docx" and carry["previous"] == "王芳.docx" and carry["same_writer"]
    import materials as M

    expected = M.PROBLEMS["theory"][1][:2] + M.PROBLEMS["style"][1][:2]
    assert [p["a_text"] for p in carry["passages"]] == expected
    assert [p["b_text"] for p in carry["passages"]] == expected
    findings = [f for f in rows(result)["完整-王芳.docx"]["findings"] if f["code"] == "review.carried_over"]
    assert len(findings) == 4 and all("上年度" in f["message"] and "一字不差" in f["message"] for f in findings)
    assert all(f["paragraph"] is not None for f in findings)
    # Nobody else repeats last year's wording (刘洋's material is last year's only).
    assert {c["name"] for c in result["carried_over"]} == {"完整-王芳.docx"}


def test_without_a_name_match_all_of_last_year_is_searched(client):
    import materials as M

    current = {"无署名.docx": M.build_docx(M.complete())}
    result = events(post_set(client, current, review_set.previous_set()))[-1]["result"]
    (carry,) = result["carried_over"]
    assert carry["previous"] == "王芳.docx" and not carry["same_writer"]


def test_a_material_without_its_measures_says_which_part_is_missing(client):
    """「不完整」 with an empty 「缺少的部分或方面」 sent a reviewer looking for a missing aspect:
    the missing part is named, in the result, the page's data and every export."""
    import materials as M

    paras = M.complete()
    cut = next(i for i, (t, _) in enumerate(paras) if t.endswith("整改措施"))
    current = {"没有措施.docx": M.build_docx(paras[:cut])}
    result = events(post_set(client, current))[-1]["result"]
    (row,) = result["files"]
    assert not row["complete"] and row["missing_sections"] == ["整改措施"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.post("/api/review/export?format=xlsx", json=result, headers=HOST).data))
    header = [c.value for c in book["材料"][1]]
    (cells,) = book["材料"].iter_rows(min_row=2, values_only=True)
    assert cells[header.index("缺少的部分或方面")] == "整改措施部分"
    assert "整改措施部分" in client.post("/api/review/export?format=html", json=result, headers=HOST).data.decode()


def test_a_zip_of_a_folder_with_chinese_names_in_gbk(client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in review_set.current_set().items():
            info = zipfile.ZipInfo(f"一支部/{name}")
            z.writestr(info, data)
        z.writestr("一支部/~$张伟.docx", b"lock")
        z.writestr("__MACOSX/一支部/._张伟.docx", b"junk")
        z.writestr("一支部/照片.jpg", b"jpeg")
    # Chinese Windows writes names in GBK without the UTF-8 flag; write them that way.
    class GbkName(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):
            return self.filename.encode("gbk"), self.flag_bits

    source = zipfile.ZipFile(io.BytesIO(archive.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(GbkName(info.filename), source.read(info))
    result = events(post_set(client, {"材料.zip": out.getvalue()}))[-1]["result"]
    names = sorted(f["name"] for f in result["files"])
    # Named inside the folder every material came from, which 「来源：」 names once (the GBK
    # names read as written).
    assert names == sorted(review_set.current_set())
    assert "来源：压缩包「材料.zip」" in result["header"]
    broken_zip = events(post_set(client, {"坏包.zip": b"PK\x03\x04" + b"\x17" * 60}))[-1]["result"]
    (row,) = broken_zip["files"]
    assert not row["ok"] and row["error_code"] == "upload.bad_zip" and "压缩包无法打开" in row["error"]
    empty_zip = events(post_set(client, {"空包.zip": b"PK\x05\x06" + b"\0" * 18}))[-1]["result"]
    (row,) = empty_zip["files"]
    assert not row["ok"] and row["error_code"] == "upload.empty_zip" and "没有" in row["error"]


def test_names_are_relative_to_the_folder_all_came_from_and_stay_apart_otherwise():
    from addin_server.review.uploads import Limits, expand

    limits = Limits(100, 1 << 30, 1 << 26)
    docx_bytes = review_set.current_set()["完整-王芳.docx"]
    folder = [("石桥镇/班子/班子.docx", docx_bytes), ("石桥镇/成员/副镇长/许明.docx", docx_bytes),
              ("石桥镇/成员/坏的.docx", b"x" * (1 << 27))]
    sources, rows = expand(folder, limits)
    assert [s.name for s in sources] == ["班子/班子.docx", "成员/副镇长/许明.docx"]
    assert [r.name for r in rows] == ["成员/坏的.docx"]
    two_places = [("甲乡/a.docx", docx_bytes), ("乙乡/a.docx", docx_bytes), ("c.docx", docx_bytes)]
    assert [s.name for s in expand(two_places, limits)[0]] == ["甲乡/a.docx", "乙乡/a.docx", "c.docx"]


def test_the_report_says_what_the_reviewer_gave(client, result):
    """「来源：」 names the folder picked (the browser sends each file's path inside it), the zip, or
    how many loose files were uploaded — never a bare 「上传的文件」."""
    assert "来源：上传的 6 个文件" in result["header"]
    one = next(iter(review_set.current_set().items()))
    folder = events(post_set(client, {f"三季度材料/一支部/{one[0]}": one[1], f"三季度材料/{one[0]}": one[1]}))
    assert "来源：文件夹「三季度材料」" in folder[-1]["result"]["header"]


def test_limits_give_a_clear_message():
    small = create_app({"review_jobs": 1, "review_max_files": 3, "review_max_upload": 200_000}).test_client()
    many = {f"{i}.docx": b"x" for i in range(4)}
    response = post_set(small, many)
    assert response.status_code == 413
    body = response.get_json()["error"]
    assert body["code"] == "review.too_large" and "一次最多审阅 3 份" in body["message"]
    big = post_set(small, {"大.docx": b"x" * 300_000})
    assert big.status_code == 413 and "200" not in big.get_json()["error"]["code"]
    assert "MB" in big.get_json()["error"]["message"]
    none = small.post("/api/review", data={}, content_type="multipart/form-data", headers=HOST)
    assert none.status_code == 400 and "files" in none.get_json()["error"]["fields"]


def test_five_hundred_files_in_one_upload(client):
    from bench.generate import material

    # Distinct materials (generated), a few thousand characters each, as a 支部 or 单位 hands in.
    current = {f"第{i:03d}份.docx": review_set.fast_docx(material(seed=i, target_chars=1500)) for i in range(500)}
    stream = events(post_set(client, current))
    assert stream[-1]["type"] == "result" and stream[-1]["result"]["summary"]["readable"] == 500


def test_xlsx_export_from_the_result_sent_back(client, result):
    from openpyxl import load_workbook

    response = client.post("/api/review/export?format=xlsx", json=result, headers=HOST)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["材料", "单位汇总", "雷同与照搬", "问题清单"]
    materials, pairs, findings = (book[n] for n in ("材料", "雷同与照搬", "问题清单"))
    header = [c.value for c in materials[1]]
    assert header[:6] == ["文件", "署名（推测）", "单位职务", "标题", "框架", "结论"]
    assert materials.max_row == 1 + 6
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c].width and sheet.column_dimensions[c].width >= 6
                   for c in "ABC")
    by_file = {r[0]: r for r in materials.iter_rows(min_row=2, values_only=True)}
    assert by_file["缺少方面-李强.docx"][header.index("缺少的部分或方面")] == "廉洁自律"
    assert by_file["旧版材料.doc"][header.index("结论")] == "无法检查"
    assert by_file["旧版材料.doc"][header.index("无法检查的原因")].startswith("请另存为 .docx")
    kinds = [r[0] for r in pairs.iter_rows(min_row=2, values_only=True)]
    assert kinds == ["本年度材料雷同", "照搬上年度（同一署名）"]
    finding_header = [c.value for c in findings[1]]
    assert finding_header == ["文件", "署名（推测）", "级别", "类别", "说明", "段落", "代码"]
    codes = [r[6] for r in findings.iter_rows(min_row=2, values_only=True)]
    assert "review.carried_over" in codes and "dimension.missing" in codes


def test_cells_never_become_formulas(client, result):
    from openpyxl import load_workbook

    hostile = json.loads(json.dumps(result))
    next(f for f in hostile["files"] if f["ok"])["title"] = "=HYPERLINK(\"http://x\",\"y\")"
    book = load_workbook(io.BytesIO(client.post("/api/review/export?format=xlsx", json=hostile, headers=HOST).data))
    cell = next(c for row in book["材料"].iter_rows(min_row=2) for c in row
                if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    csv_text = client.post("/api/review/export?format=csv", json=hostile, headers=HOST).data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_csv_html_json_exports(client, result):
    csv_response = client.post("/api/review/export?format=csv", json=result, headers=HOST)
    text = csv_response.data.decode("utf-8-sig")
    assert csv_response.data.startswith(b"\xef\xbb\xbf") and text.splitlines()[0].startswith("文件,署名")
    page = client.post("/api/review/export?format=html", json=result, headers=HOST).data.decode("utf-8")
    assert "照搬上年度问题" in page and "<script" not in page.lower()
    assert json.loads(client.post("/api/review/export?format=json", json=result, headers=HOST).data)["files"]
    bad = client.post("/api/review/export?format=pdf", json=result, headers=HOST)
    assert bad.status_code == 400
    invalid = client.post("/api/review/export?format=xlsx", json={"files": [{"name": 1}]}, headers=HOST)
    assert invalid.status_code == 400 and invalid.get_json()["error"]["code"] == "request.invalid"


def test_annotated_zip_has_one_commented_copy_per_readable_file(client, result):
    current = review_set.current_set()
    data = {"files": [(io.BytesIO(b), n) for n, b in current.items()],
            "report": json.dumps({"files": [{"name": f["name"], "ok": f["ok"], "findings": f["findings"]}
                                            for f in result["files"]]}, ensure_ascii=False)}
    response = client.post("/api/review/annotated", data=data, content_type="multipart/form-data", headers=HOST)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    readable = [f for f in result["files"] if f["ok"]]
    assert sorted(archive.namelist()) == sorted(n.replace(".docx", "-批注.docx") for n in (f["name"] for f in readable))
    for row in readable:
        document = docx.Document(io.BytesIO(archive.read(row["name"].replace(".docx", "-批注.docx"))))
        comments = list(document.comments)
        assert len(comments) == len(row["findings"]) > 0
    wang = docx.Document(io.BytesIO(archive.read("完整-王芳-批注.docx")))
    assert any("上年度" in c.text for c in wang.comments)


def test_a_material_no_framework_fits_says_so_in_the_exports(client, result):
    from openpyxl import load_workbook

    data = json.loads(json.dumps(result))
    row = next(f for f in data["files"] if f["ok"])
    row["recognition"] = {**(row.get("recognition") or {}), "fits": False,
                          "reason": "文中“存在问题”部分的标题大多对不上已知框架的对照方面"}
    book = load_workbook(io.BytesIO(client.post("/api/review/export?format=xlsx", json=data, headers=HOST).data))
    sheet = book["材料"]
    header = [c.value for c in sheet[1]]
    cells = {r[0]: r[header.index("框架")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[row["name"]].endswith("（文中标题对不上已知框架，暂按此检查）")
    assert sum("对不上" in (v or "") for v in cells.values()) == 1
    page = client.post("/api/review/export?format=html", json=data, headers=HOST).data.decode("utf-8")
    assert "文中标题对不上已知框架" in page


# ----------------------------------------------------------------------------- issue 29's smaller items

def test_export_has_the_single_file_body_limit(result):
    small = create_app({"review_jobs": 1, "max_content_length": 100_000}).test_client()
    padded = json.loads(json.dumps(result))
    padded["files"][0]["title"] = "题" * 60_000     # ~180 KB of JSON: over 100 KB
    response = small.post("/api/review/export?format=csv", json=padded, headers=HOST)
    assert response.status_code == 413
    assert "导出的审阅结果超过" in response.get_json()["error"]["message"]
    assert small.post("/api/review/export?format=csv", json=result, headers=HOST).status_code == 200
    from addin_server.api.batch_review import body_limit
    from addin_server.config import DEFAULTS

    # The server reading bodies before the app (server.WsgiBridge) holds it to the same figure.
    assert body_limit(DEFAULTS, "/api/review/export") == DEFAULTS.max_content_length
    assert body_limit(DEFAULTS, "/api/review") == DEFAULTS.review_max_upload


@pytest.mark.parametrize("start", ["\t=1+1", "\r=1+1", "=1", "+1", "-1", "@SUM(A1)"])
def test_csv_cells_starting_like_a_formula_are_quoted(client, result, start):
    hostile = json.loads(json.dumps(result))
    next(f for f in hostile["files"] if f["ok"])["title"] = start + "标题"
    text = client.post("/api/review/export?format=csv", json=hostile, headers=HOST).data.decode("utf-8-sig")
    assert "'" + start + "标题" in text


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_export_names_its_charset_once(client, result, fmt):
    response = client.post(f"/api/review/export?format={fmt}", json=result, headers=HOST)
    assert response.headers["Content-Type"].count("charset") == 1, response.headers["Content-Type"]


def test_annotated_set_refuses_a_deeply_nested_report_with_400(client):
    data = review_set.current_set()
    name, content = next(iter(data.items()))
    report = '{"files": ' + "[" * 200_000 + "]" * 200_000 + "}"
    response = client.post("/api/review/annotated", headers=HOST, content_type="multipart/form-data",
                           data={"files": [(io.BytesIO(content), name)], "report": report})
    assert response.status_code == 400, response.data[:200]
    assert response.get_json()["error"]["code"] == "request.too_deep"
