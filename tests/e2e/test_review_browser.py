"""The review page (/review) in Debian's Chromium against the real server: a mixed set (complete,
missing an aspect, a copied pair, one repeating last year's problems, a broken file, a .doc) and
last year's set → the right rows, flags and passages; sorting in pinyin order; the .xlsx export
(opened with openpyxl) and the annotated .zip. Screenshots go to test-artifacts/review-*.png."""
from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

import materials as M
import review_set
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.timeout(240)


def payload(files: dict) -> list[dict]:
    return [{"name": name.rsplit("/", 1)[-1], "mimeType": "application/octet-stream", "buffer": data}
            for name, data in files.items()]


@pytest.fixture
def review_page(browser, server_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN")
    errors: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server_url + "/")
                  else route.abort())
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server_url + "/review")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    yield page, errors
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def row_texts(page):
    return page.eval_on_selector_all(
        "#review-table tbody tr.material",
        "rows => rows.map(r => ({name: r.dataset.name, cls: r.className,"
        " cells: [...r.children].map(c => c.textContent), flags: [...r.querySelectorAll('.flag')].map(c => c.className)}))")


def test_mixed_set_rows_flags_passages_sorting_and_exports(review_page, tmp_path):
    page, errors = review_page
    assert "不保存任何文件" in page.text_content("#privacy-note")
    assert page.is_disabled("#start-button")
    page.set_input_files("#current-files", payload(review_set.current_set()))
    page.set_input_files("#previous-files", payload(review_set.previous_set()))
    assert "已选 6 个文件" in page.text_content("#current-summary")
    assert "已选 2 个文件" in page.text_content("#previous-summary")
    shot(page, "chosen")
    page.click("#start-button")
    page.wait_for_selector("#results:not([hidden])", timeout=120_000)
    shot(page, "results")

    ordered = row_texts(page)
    rows = {r["name"]: r for r in ordered}
    assert set(rows) == set(review_set.current_set())
    # The copied pair (more than half of each) comes first, most copied first, marked; the rest
    # in pinyin order.
    assert sorted(r["name"] for r in ordered[:2]) == ["张伟.docx", "赵敏.docx"]
    shares = [int(r["cells"][11].split("大段照搬 ")[1].split("%")[0]) for r in ordered[:2]]
    assert shares == sorted(shares, reverse=True)
    assert all("copied" in r["cls"] for r in ordered[:2]) and not any("copied" in r["cls"] for r in ordered[2:])
    assert "大段照搬" in ordered[0]["cells"][11]
    # The pair is one cluster; the header says what the set is.
    assert page.is_visible("#clusters")
    clusters = page.eval_on_selector_all("#cluster-list li", "items => items.map(i => i.textContent)")
    assert len(clusters) == 1 and "张伟.docx" in clusters[0] and "赵敏.docx" in clusters[0]
    assert "框架：" in page.text_content("#results-header") and "审阅日期" in page.text_content("#results-header")
    # Broken files are red rows with the reason; the .doc asks to be saved as .docx.
    assert "broken" in rows["旧版材料.doc"]["cls"] and "请另存为 .docx" in rows["旧版材料.doc"]["cells"][1]
    assert "broken" in rows["损坏的文件.docx"]["cls"] and "无法检查" in rows["损坏的文件.docx"]["cells"][1]
    wang, li = rows["完整-王芳.docx"]["cells"], rows["缺少方面-李强.docx"]["cells"]
    assert wang[1] == "王芳" and wang[2] == "区发改局党组书记、局长" and wang[4] == "完整"
    assert li[4] == "不完整" and li[5] == "廉洁自律"
    assert any("similar" in f for f in rows["张伟.docx"]["flags"]) and "赵敏.docx" in rows["张伟.docx"]["cells"][11]
    assert any("similar" in f for f in rows["赵敏.docx"]["flags"])
    assert any("carried" in f for f in rows["完整-王芳.docx"]["flags"]) and "王芳.docx" in wang[12]
    assert not rows["缺少方面-李强.docx"]["flags"] or all("similar" not in f and "carried" not in f
                                                         for f in rows["缺少方面-李强.docx"]["flags"])
    summary = page.text_content("#results-summary")
    assert "共 6 份" in summary and "疑似雷同 1 对" in summary and "照搬上年度 1 份" in summary
    assert "大段照搬 2 份" in summary
    # Substance findings as a column and a filter.
    assert "问题空泛" in wang[10]
    page.select_option("#filter", "copied")
    assert sorted(r["name"] for r in row_texts(page)) == ["张伟.docx", "赵敏.docx"]
    page.select_option("#filter", "content.generic")
    assert "完整-王芳.docx" in {r["name"] for r in row_texts(page)}
    assert all("问题空泛" in r["cells"][10] for r in row_texts(page))
    shot(page, "filtered")
    page.select_option("#filter", "all")

    # A row expands into its findings and, side by side, last year's passages as each year wrote them.
    page.click("#review-table tr.material[data-name='完整-王芳.docx']")
    details = page.wait_for_selector("tr.details-row[data-details-for='完整-王芳.docx']")
    caption = details.query_selector("table.passages caption").text_content()
    assert "照搬上年度问题" in caption and "同一署名" in caption
    left = [c.text_content() for c in details.query_selector_all("td.passage-left")]
    right = [c.text_content() for c in details.query_selector_all("td.passage-right")]
    expected = M.PROBLEMS["theory"][1][:2] + M.PROBLEMS["style"][1][:2]
    assert left == expected and right == expected
    assert "照搬上年度问题" in details.text_content()
    shot(page, "carried-over")
    page.click("#review-table tr.material[data-name='赵敏.docx']")
    copied = page.wait_for_selector("tr.details-row[data-details-for='赵敏.docx']")
    caption = copied.query_selector("table.passages caption").text_content()
    assert "张伟.docx" in caption and "占本人所写" in caption and "%" in caption
    mine = [c.text_content() for c in copied.query_selector_all("td.passage-left")]
    assert mine and all("，" in t or "。" in t for t in mine)
    shot(page, "copied-pair")

    # Sorting by writer: pinyin order (li, wang, zhang, zhao), and back.
    page.click("#review-table th[data-sort='author']")
    readable = [r["cells"][1] for r in row_texts(page) if "broken" not in r["cls"]]
    assert readable == ["李强", "王芳", "张伟", "赵敏"]
    page.click("#review-table th[data-sort='author']")
    readable = [r["cells"][1] for r in row_texts(page) if "broken" not in r["cls"]]
    assert readable == ["赵敏", "张伟", "王芳", "李强"]

    # Excel, computed by the server from the result the page sends back.
    with page.expect_download() as download:
        page.click("[data-export='xlsx']")
    from openpyxl import load_workbook

    assert download.value.suggested_filename == "对照检查材料审阅报告.xlsx"
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames == ["材料", "单位汇总", "雷同与照搬", "问题清单"]
    assert book["材料"].max_row == 7 and book["材料"]["A1"].value == "文件"
    assert book["材料"].freeze_panes == "A2" and book["材料"].auto_filter.ref

    with page.expect_download() as download:
        page.click("#annotated-button")
    assert download.value.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(download.value.path())
    names = sorted(archive.namelist())
    assert names == sorted(["完整-王芳-批注.docx", "缺少方面-李强-批注.docx", "张伟-批注.docx", "赵敏-批注.docx"])
    for name in names:
        assert len(list(docx.Document(io.BytesIO(archive.read(name))).comments)) > 0
    assert not errors, errors


def test_a_units_set_as_a_reviewer_reads_it(review_page):
    """Nine materials of one county and last year's (review_set.unit_set): copying first and called
    so, one cluster of the four that share text — not the whole set through its common preamble —,
    per-file progress, the header saying what the set is, substance per material, last year's
    passages as whole paragraphs with 「一字不差」 only for the identical one, and the workbook's
    per-unit sheet by unit."""
    page, errors = review_page
    page.set_input_files("#current-files", payload(review_set.unit_set()))
    page.set_input_files("#previous-files", payload(review_set.unit_previous_set()))
    page.evaluate("""() => { window.progressSeen = [];
        new MutationObserver(() => window.progressSeen.push(document.querySelector('#progress-text').textContent))
          .observe(document.querySelector('#progress-text'), {childList: true, characterData: true, subtree: true}); }""")
    page.click("#start-button")
    page.wait_for_selector("#results:not([hidden])", timeout=180_000)
    shot(page, "unit-results")
    progress = page.evaluate("window.progressSeen")
    assert any("/ 11 份（" in t and ".docx）" in t for t in progress), progress

    header = page.text_content("#results-header")
    assert "框架：2025年度民主生活会" in header and "材料：9 份" in header and "上年度材料 2 份" in header
    assert "来源：上传的 9 个文件" in header and "审阅日期：" in header

    ordered = row_texts(page)
    copied = {"03-柳河乡-陈立新.docx", "08-桃源乡-吴刚.docx", "09-青山镇-郑华.docx"}
    assert {r["name"] for r in ordered[:3]} == copied
    assert all(r["cells"][4] == "大段照搬" and "copied" in r["cls"] for r in ordered[:3])
    assert all("大段照搬" not in r["cells"][4] for r in ordered[3:])
    rows = {r["name"]: r for r in ordered}
    assert rows["05-城关派出所-赵磊.docx"]["cells"][4] == "不完整"
    assert rows["05-城关派出所-赵磊.docx"]["cells"][5] == "带头坚决扛起管党治党责任"

    clusters = page.eval_on_selector_all("#cluster-list li", "items => items.map(i => i.textContent)")
    assert len(clusters) == 1 and "（4 份）" in clusters[0], clusters
    for name in copied | {"07-实验小学-周明.docx"}:
        assert name in clusters[0]
    for name in ("01-公安局-刘建国.docx", "02-二中-孙丽.docx", "04-能源集团-王海.docx"):
        assert name not in clusters[0]

    # Substance per material, and its filter.
    assert all("问题空泛" in r["cells"][10] for r in ordered)
    assert "以表扬代批评" in rows["06-人民医院-李娜.docx"]["cells"][10]
    page.select_option("#filter", "content.blames_others")
    assert {r["name"] for r in row_texts(page)} >= {"01-公安局-刘建国.docx", "03-柳河乡-陈立新.docx"}
    page.select_option("#filter", "all")

    # Last year's passages: each year's whole paragraph; 「一字不差」 for the identical one only.
    page.click("#review-table tr.material[data-name='07-实验小学-周明.docx']")
    details = page.wait_for_selector("tr.details-row[data-details-for='07-实验小学-周明.docx']")
    shot(page, "unit-carried-over")
    this_year = [c.text_content() for c in details.query_selector_all("table.passages td.passage-left")]
    last_year = [c.text_content() for c in details.query_selector_all("table.passages td.passage-right")]
    edited = next(n for n, t in enumerate(last_year) if review_set.CARRIED_EDITED[1] in t)
    assert review_set.CARRIED_EDITED[1] not in this_year[edited] and review_set.CARRIED_EDITED[0] in this_year[edited]
    # The whole paragraph, not the run from the change on.
    assert this_year[edited].startswith(("一是落实“双减”后", "二是落实“双减”后", "三是落实“双减”后"))
    carried = [li.text_content() for li in details.query_selector_all("li") if "照搬上年度问题" in li.text_content()]
    assert any("一字不差" in t and review_set.CARRIED_WORD_FOR_WORD in t for t in carried), carried
    assert any("基本相同" in t and "双减" in t for t in carried) and not any("一字不差" in t and "双减" in t
                                                                              for t in carried)

    with page.expect_download() as download:
        page.click("[data-export='xlsx']")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    units = {row[0]: row for row in book["单位汇总"].iter_rows(min_row=2, values_only=True)}
    assert set(units) == {"县公安局", "县第二中学", "柳河乡", "北方能源集团", "城关派出所", "县人民医院心内科",
                          "实验小学", "桃源乡", "青山镇"}
    assert units["柳河乡"][5] == 1 and units["实验小学"][6] == 1 and units["城关派出所"][3] == 1
    verdicts = {row[0]: row[5] for row in book["材料"].iter_rows(min_row=2, values_only=True)}
    assert verdicts["08-桃源乡-吴刚.docx"] == "大段照搬" and verdicts["01-公安局-刘建国.docx"] == "完整"
    assert not errors, errors


def test_standalone_page_links_to_the_review_page(browser, server_url):
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server_url + "/")
                  else route.abort())
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    page.click("#review-link")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    assert page.url.endswith("/review") and "批量审阅" in page.title()
    context.close()


def test_too_many_files_get_a_clear_message(browser):
    import threading

    from addin_server import create_app
    from addin_server.server import build_server

    server = build_server(create_app({"review_max_files": 3, "review_jobs": 1}), "127.0.0.1", 0, threads=2,
                          access_log_enabled=False)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        host, port = server.bind_addr[:2]
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://{host}:{port}/review")
        page.wait_for_selector("body[data-ready='true']", timeout=15_000)
        page.set_input_files("#current-files", payload(review_set.current_set()))
        page.click("#start-button")
        page.wait_for_selector("#notice:not([hidden])", timeout=30_000)
        assert "一次最多审阅 3 份材料" in page.text_content("#notice-text")
        context.close()
    finally:
        server.stop()
        thread.join(timeout=10)


class _DroppingPeer:
    """A peer that takes one request whole, starts an NDJSON stream and drops the connection
    mid-way, as a network or a stopped server does (no last chunk): what the page must not take
    for "the service cannot be reached"."""

    def __init__(self):
        import socket
        import threading

        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve_one, daemon=True)
        self.thread.start()

    def _serve_one(self):
        connection, _ = self.listener.accept()
        with connection:
            received = b""
            while b"\r\n\r\n" not in received:
                received += connection.recv(65536)
            head, _, body = received.partition(b"\r\n\r\n")
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            while len(body) < length:
                body += connection.recv(65536)
            line = b'{"type": "start", "total": 6, "files": 6, "previous": 0}\n'
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                               b"Transfer-Encoding: chunked\r\n\r\n" + f"{len(line):x}\r\n".encode() + line + b"\r\n")

    def close(self):
        self.thread.join(10)
        self.listener.close()


def test_a_review_cut_off_mid_stream_says_it_did_not_finish(browser, server_url):
    peer = _DroppingPeer()
    context = browser.new_context(locale="zh-CN")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server_url + "/")
                  else route.abort())
    context.route(server_url + "/api/review",
                  lambda route: route.continue_(url=f"http://127.0.0.1:{peer.port}/api/review"))
    try:
        page = context.new_page()
        page.goto(server_url + "/review")
        page.wait_for_selector("body[data-ready='true']", timeout=15_000)
        page.set_input_files("#current-files", payload(review_set.current_set()))
        page.click("#start-button")
        page.wait_for_selector("#notice:not([hidden])", timeout=30_000)
        assert "审阅没有完成（连接中断）" in page.text_content("#notice-text")
        assert page.is_hidden("#progress-box") and page.is_enabled("#start-button")
    finally:
        context.close()
        peer.close()


FANWEN = [  # one 范文 three writers took their problems from (written for this test)
    "一是政治理论学习不够系统深入。满足于参加集中学习，自学时间安排不够，对党的创新理论的核心要义和实践要求理解还不够透彻，用理论指导实践的能力还有待提高。",
    "二是党性锤炼有所放松。认为自己入党多年，党性修养已经过关，在思想上放松了对自己的严格要求，参加组织生活有时存在应付心态。",
    "三是群众观念有所淡化。深入基层调研不够经常，与群众面对面交流少，对群众反映的问题解决不够及时，有时存在等一等、看一看的思想。",
    "四是担当作为不够有力。面对矛盾问题时存在畏难情绪，习惯按部就班，创新思路不多，工作标准不够高，满足于过得去、不出错。",
]
NOTICE = ("根据县委办公室关于认真开好本年度县以下党组织领导班子民主生活会的通知要求，本人认真学习了会议规定的学习内容，"
          "深入开展谈心谈话，广泛征求意见建议，深入查摆自身存在的问题。")
STOCK_CAUSE = "理想信念有所弱化。放松了对世界观、人生观、价值观这个总开关的改造，认为自己在基层工作多年，经受过考验，思想上出现了松懈。"


def _town_material(paras, with_fanwen=()):
    """What a town's writer hands in: the notice's preamble after the byline, a stock cause, and
    (for the three who used one 范文) its problems after the first aspect's heading."""
    out = list(paras[:2]) + [(NOTICE, None)]
    for text, style in paras[2:]:
        out.append((text, style))
        if style == "Heading 2" and with_fanwen:
            out += [(FANWEN[n], None) for n in with_fanwen]
            with_fanwen = ()
        if text.endswith("原因剖析"):
            out.append((STOCK_CAUSE, None))
    return out


def test_a_towns_folder_as_a_reviewer_reads_it(review_page, tmp_path):
    """A town's folder (班子 and members in sub-folders) as the reviewer's trial had it: every
    material opens with the notice's preamble, so only the pair and the trio that share a 范文 are
    雷同组 (not the whole set); names inside the folder 「来源：」 names; the missing part named;
    the header counting each framework and naming the few on another; the 班子 under its town;
    a count column's first click puts the most first."""
    page, errors = review_page
    folder = tmp_path / "石桥镇材料"
    (folder / "班子").mkdir(parents=True)
    (folder / "成员" / "副镇长").mkdir(parents=True)
    team = [("中共石桥镇委员会领导班子2025年度民主生活会对照检查材料", "Title"), ("一、存在问题", "Heading 1"),
            ("（一）理论学习方面", "Heading 2"),
            ("一是中心组学习研讨多是照本宣科，全年12次集中学习只有3次结合千村示范行动研究具体问题。", None),
            ("（二）工作作风方面", "Heading 2"),
            ("一是为民办实事成效不明显，镇区停车难、双河村危桥两件事拖了一年以上。", None),
            ("二、原因剖析", "Heading 1"), ("班子成员政绩观有偏差，重显绩轻潜绩。", None),
            ("三、整改措施", "Heading 1"), ("一是2026年9月底前办结停车难、危桥两件实事，书记负总责。", None)]
    files = {
        "班子/班子对照检查材料.docx": _town_material(team),
        "成员/陈建国.docx": _town_material(review_set.labelled_paras("A", "石桥镇党委书记 陈建国")),
        "成员/副镇长/许明 缺措施.docx": _town_material(review_set.labelled_paras("B", "石桥镇副镇长 许明")),
        "成员/王秀英.docx": _town_material(review_set.labelled_paras("F", "石桥镇副镇长 王秀英")),
        "成员/副镇长/赵志刚.docx": _town_material(review_set.labelled_paras("F", "石桥镇副镇长 赵志刚")),
        "成员/孙丽.docx": _town_material(review_set.labelled_paras("C", "石桥镇宣传委员 孙丽"), (0, 1, 2, 3)),
        "成员/周强.docx": _town_material(review_set.labelled_paras("D", "石桥镇武装部长 周强"), (0, 1, 2, 3)),
        "成员/吴海燕.docx": _town_material(review_set.labelled_paras("E", "石桥镇组织委员 吴海燕"), (0, 1, 2, 3)),
        "成员/郑国华.docx": _town_material(with_byline_of(M.complete(), "石桥镇人大主席 郑国华")),
    }
    cut = files["成员/副镇长/许明 缺措施.docx"]
    files["成员/副镇长/许明 缺措施.docx"] = cut[:next(i for i, (t, _) in enumerate(cut) if t.endswith("整改措施"))]
    files["成员/王秀英.docx"] = [(t.replace("赵志刚", "王秀英"), s) for t, s in files["成员/王秀英.docx"]][:-2]
    for name, paras in files.items():
        (folder / name).write_bytes(M.build_docx(paras))
    (folder / "县委办关于开好民主生活会的通知.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")   # dropped in by mistake
    (folder / "成员" / "~$王秀英.docx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"x")
    last_year = tmp_path / "2024"
    last_year.mkdir()
    (last_year / "郑国华.docx").write_bytes(M.build_docx(with_byline_of(M.complete(), "石桥镇人大主席 郑国华")))
    page.set_input_files("#previous-folder", str(last_year))
    page.set_input_files("#current-folder", str(folder))
    assert page.text_content("#current-summary").endswith(
        "；已跳过 1 个不是 .docx/.doc/.wps/.zip 的文件：「县委办关于开好民主生活会的通知.pdf」")
    page.click("#start-button")
    page.wait_for_selector("#results:not([hidden])", timeout=180_000)
    shot(page, "town-results")

    ordered = row_texts(page)
    rows = {r["name"]: r for r in ordered}
    assert set(rows) == set(files)                      # named inside the folder 「来源：」 names
    # 大段照搬 (the pair) first, then the one whose problems are all last year's, then the trio:
    # the most serious on top, not in pinyin order; the verdict says 照搬上年度.
    assert {r["name"] for r in ordered[:2]} == {"成员/副镇长/赵志刚.docx", "成员/王秀英.docx"}
    assert ordered[2]["name"] == "成员/郑国华.docx" and ordered[2]["cells"][4].startswith("照搬上年度（")
    assert re.fullmatch(r"照搬上年度（(\d+) 条问题中 \1 条）", ordered[2]["cells"][4])   # every problem last year's
    assert {r["name"] for r in ordered[3:6]} == {"成员/吴海燕.docx", "成员/周强.docx", "成员/孙丽.docx"}
    header = page.text_content("#results-header")
    assert "来源：文件夹「石桥镇材料」" in header
    clusters = sorted(sorted(c.split("：", 1)[1].split("；")) for c in
                      page.eval_on_selector_all("#cluster-list li", "items => items.map(i => i.textContent)"))
    assert clusters == [["成员/副镇长/赵志刚.docx", "成员/王秀英.docx"],
                        ["成员/吴海燕.docx", "成员/周强.docx", "成员/孙丽.docx"]], clusters
    for name in ("成员/陈建国.docx", "成员/郑国华.docx", "班子/班子对照检查材料.docx"):
        assert name not in rows or rows[name]["cells"][11] == "", rows[name]["cells"][11]
    # The missing part named where 「不完整」 stood beside an empty cell.
    assert rows["成员/副镇长/许明 缺措施.docx"]["cells"][4] == "不完整"
    assert rows["成员/副镇长/许明 缺措施.docx"]["cells"][5].startswith("整改措施部分")
    # Frameworks counted; the few on another named, each in 「」.
    frameworks, notes = {}, {}
    for r in ordered:
        title, _, note = r["cells"][3].partition("（本批多数材料用")
        frameworks.setdefault(title, []).append(r["name"])
        notes[r["name"]] = note
    majority = max(frameworks, key=lambda f: len(frameworks[f]))
    assert f"{majority} {len(frameworks[majority])} 份" in header
    for title, names in frameworks.items():
        if title != majority:
            assert f"{title} {len(names)} 份：" + "".join(f"「{n}」" for n in sorted(names)) in header
            # The row itself says it is not on the framework most of the set follows.
            assert all(notes[n].startswith(f"「{majority}」") for n in names), notes
        else:
            assert not any(notes[n] for n in names)
    assert "本批材料使用了不同框架，请核对" in header
    assert rows["班子/班子对照检查材料.docx"]["cells"][1] == "石桥镇领导班子"

    # 内容提示: the first click puts the material with the most first.
    page.click("#review-table th[data-sort='substance']")
    counts = [sum(int(n) for n in re.findall(r"\d+", r["cells"][10])) for r in row_texts(page)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]

    with page.expect_download() as download:
        page.click("[data-export='xlsx']")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    units = {row[0]: row[1] for row in book["单位汇总"].iter_rows(min_row=2, values_only=True)}
    assert units == {"石桥镇": len(files)}, units
    assert not errors, errors


def with_byline_of(paras, byline):
    return [paras[0], (byline, None), *paras[1:]]
