"""The task pane in Debian's Chromium against the real server: standalone mode (an ordinary
browser: upload, checklist, framework switch, downloads) and the in-Word flows against the Word
test double (tests/e2e/word_double.js, since real Word is not available on Linux).
Screenshots of every screen go to test-artifacts/pane-*.png."""
from __future__ import annotations

import base64
import io
import json

import docx
import pytest

import materials
from addin_server import placeholders
from addin_server.checks import check
from addin_server.frameworks import default_framework, get_framework
from addin_server.readers import read_docx
from test_pane_fill import confirm_plan

pytestmark = pytest.mark.timeout(180)


def _dimension_rows(page):
    return page.eval_on_selector_all(
        "#dimension-list li",
        "els => els.map(e => [e.querySelector('.label').textContent, e.className,"
        " e.querySelector('.count').textContent])")


def _upload(page, tmp_path, paras, name="材料.docx"):
    path = tmp_path / name
    path.write_bytes(materials.build_docx(paras))
    page.set_input_files("#docx-file", str(path))


# ---- standalone -------------------------------------------------------------------------------

def test_standalone_upload_shows_checklist_and_findings(pane, tmp_path):
    session = pane()
    page = session.open()
    assert page.get_attribute("body", "data-mode") == "standalone"
    assert page.is_visible("#docx-file-name") and not page.is_visible("#remedy-where")
    assert page.text_content("#scaffold-button") == "下载框架 .docx"
    session.screenshot("standalone-start")

    _upload(page, tmp_path, materials.without_dimension("integrity"))
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    rows = _dimension_rows(page)
    framework = get_framework("zhuti-2023")
    assert [r[0] for r in rows] == [d.title for d in framework.dimensions]
    by_key = {d.key: row for d, row in zip(framework.dimensions, rows)}
    missing = framework.dimension("integrity")
    assert by_key[missing.key][1] == "absent" and by_key[missing.key][2] == "缺少"
    present = [row for key, row in by_key.items() if key != missing.key]
    assert all(r[1] == "present" and r[2].endswith("条问题") for r in present)
    assert "结构不完整" in page.text_content("#report-summary")
    assert page.is_visible(".finding-group[data-action='补写'] .severity-label.error")
    assert missing.title in page.text_content("#finding-groups")
    # Outside Word a finding cannot select anything, so it is plain text, not a button.
    assert page.query_selector(".finding-button") is None
    # The remedy section offers the missing dimension first.
    assert page.input_value("#remedy-dimension") == missing.key
    session.screenshot("standalone-checklist")
    assert not session.console_errors, session.console_errors
    assert session.blocked == []   # the browser's page asks nothing of Microsoft, or of anyone


def test_framework_switch_rechecks_and_is_remembered(pane, tmp_path):
    session = pane()
    page = session.open()
    _upload(page, tmp_path, materials.complete())
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    assert "结构完整" in page.text_content("#report-summary")

    page.select_option("#framework", "nianhui-2024")
    assert page.is_hidden("#report")  # a report for another framework would mislead
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    other = get_framework("nianhui-2024")
    assert [r[0] for r in _dimension_rows(page)] == [d.title for d in other.dimensions]
    assert "结构不完整" in page.text_content("#report-summary")
    # Remedies are offered for the dimensions that need them most: missing, then flagged, then the rest.
    report = check(read_docx(materials.build_docx(materials.complete())), other)
    flagged = {f.dimension for f in report.findings if f.dimension}
    need = {d.key: 2 if not d.present else 1 if d.key in flagged else 0 for d in report.dimensions}
    order = [d.key for d in other.dimensions]
    assert page.eval_on_selector_all("#remedy-dimension option", "e => e.map(o => o.value)") \
        == sorted(order, key=lambda k: (-need[k], order.index(k)))
    session.screenshot("standalone-other-framework")

    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.input_value("#framework") == "nianhui-2024"


def test_standalone_scaffold_download_opens_in_python_docx(pane, tmp_path):
    session = pane()
    page = session.open()
    page.select_option("#framework", "zuzhi-shenghuohui")
    with page.expect_download() as info:
        page.click("#scaffold-button")
        confirm_plan(page)  # the outline, then 下载
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    for dimension in get_framework("zuzhi-shenghuohui").dimensions:
        assert dimension.title in text
    assert "【请填写" in text
    page.wait_for_selector("#notice.success")
    session.screenshot("standalone-scaffold-downloaded")


def test_standalone_scaffold_options_shape_the_download(pane, tmp_path):
    framework = default_framework()   # with 自动识别 chosen and no document, the scaffold's framework
    optional = [s for s in framework.sections if s.role == "other"]
    chosen = optional[1]
    session = pane()
    page = session.open()
    assert not page.is_visible("#scaffold-author")  # collapsed until asked for
    page.click("#scaffold-options summary")
    assert page.get_attribute("#scaffold-title", "placeholder") == framework.document_title.replace("\n", "")
    boxes = page.eval_on_selector_all("#scaffold-sections input", "e => e.map(b => [b.value, b.checked])")
    assert boxes == [[s.key, False] for s in optional]

    # A count the server would refuse is explained at the field, and nothing is downloaded.
    page.fill("#scaffold-items", "12")
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-items-error:not([hidden])")
    assert "1 到 10" in page.text_content("#scaffold-items-error")
    assert page.get_attribute("#scaffold-items", "aria-invalid") == "true"
    session.screenshot("standalone-scaffold-options-invalid")

    page.fill("#scaffold-author", "王明")
    page.fill("#scaffold-items", "2")
    assert page.is_hidden("#scaffold-items-error")
    page.check(f"#scaffold-sections input[value='{chosen.key}']")
    session.screenshot("standalone-scaffold-options")
    with page.expect_download() as info:
        page.click("#scaffold-button")
        confirm_plan(page)  # the outline, then 下载
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert any("王明" in t for t in paragraphs)
    assert any("【请填写：职务】" in t for t in paragraphs)  # left empty: a placeholder
    first = paragraphs.index(next(t for t in paragraphs if t.endswith(framework.dimensions[0].title)))
    second = paragraphs.index(next(t for t in paragraphs if t.endswith(framework.dimensions[1].title)))
    items = [t for t in paragraphs[first + 1:second] if t.strip()]
    assert [t[:2] for t in items] == ["一是", "二是"] and all("【请填写" in t for t in items)
    headings = [t for t in paragraphs if t.endswith(chosen.title)]
    assert len(headings) == 1 and "、" in headings[0]
    assert not any(t.endswith(s.title) for s in optional if s is not chosen for t in paragraphs)
    page.wait_for_selector("#notice.success")

    # The values are remembered with the framework choice.
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.input_value("#scaffold-author") == "王明" and page.input_value("#scaffold-items") == "2"
    assert page.is_checked(f"#scaffold-sections input[value='{chosen.key}']")
    assert not session.console_errors, session.console_errors


def test_scaffold_server_field_error_is_shown_at_the_field(pane):
    session = pane()
    page = session.open()
    page.click("#scaffold-options summary")
    # The inputs' maxlength keeps the server's limits; without it the server's own check answers.
    page.eval_on_selector("#scaffold-author", "i => i.removeAttribute('maxlength')")
    page.fill("#scaffold-author", "张" * 31)
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-author-error:not([hidden])")
    assert "30" in page.text_content("#scaffold-author-error")
    assert page.get_attribute("#scaffold-author", "aria-invalid") == "true"
    notice = page.text_content("#notice-text")
    assert "框架选项有误" in notice and "author" not in notice  # no field paths for people
    assert page.is_hidden("#scaffold-title-error") and page.is_hidden("#scaffold-items-error")
    session.screenshot("standalone-scaffold-options-server-error")


def test_standalone_refuses_legacy_doc_in_plain_chinese(pane, tmp_path):
    session = pane()
    page = session.open()
    (tmp_path / "旧材料.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    page.set_input_files("#docx-file", str(tmp_path / "旧材料.doc"))
    page.click("#check-button")
    page.wait_for_selector("#notice:not([hidden])")
    assert "另存为" in page.text_content("#notice-text")


def test_server_unreachable_is_explained(pane):
    session = pane()
    page = session.open()
    # From now on the server "is not running": every API call fails at the network level.
    page.route("**/api/**", lambda route: route.abort())
    page.click("#scaffold-button")
    page.wait_for_selector("#notice:not([hidden])")
    message = page.text_content("#notice-text")
    assert "无法连接本机的对照检查服务" in message and "重新登录电脑" in message and "addin-server" not in message
    assert page.is_enabled("#scaffold-button")  # the button comes back after the failure
    session.screenshot("error-server-unreachable")


# ---- in Word (the test double) ----------------------------------------------------------------

def test_word_insert_scaffold_puts_cursor_on_first_placeholder(pane):
    session = pane(word={"wordApi": "1.3", "paragraphs": [{"text": ""}]})
    page = session.open()
    assert page.get_attribute("body", "data-mode") == "word"
    assert page.text_content("#scaffold-button") == "插入框架"
    session.screenshot("word-start")
    page.click("#scaffold-button")
    confirm_plan(page)  # the scaffold's outline, shown before it goes in
    page.wait_for_selector("#notice.success")
    calls = page.evaluate("window.__wordDouble.state.calls")
    insert = next(c for c in calls if c["method"] == "file")
    assert insert["location"] == "After"
    inserted = docx.Document(io.BytesIO(base64.b64decode(insert["base64"])))
    assert any("【请填写" in p.text for p in inserted.paragraphs)
    texts = page.evaluate("window.__wordDouble.texts()")
    for dimension in default_framework().dimensions:   # 自动识别 in an empty document: the default
        assert any(dimension.title in t for t in texts)
    assert page.evaluate("window.__wordDouble.selectedText()").startswith("【请填写")
    session.screenshot("word-scaffold-inserted")


def _scaffold_preview(page):
    """The preview 插入框架 shows first: its heading, the outline's lines and the OK button's words."""
    page.wait_for_selector("#plan-confirm[open]")
    lines = page.eval_on_selector_all("#plan-confirm-list li", "els => els.map(e => e.textContent)")
    return page.text_content("#plan-confirm-heading"), lines, page.text_content("#plan-confirm-ok")


def _assert_scaffold_outline(lines, framework):
    """Every section heading and aspect of the framework's scaffold named, in order."""
    joined = "\n".join(lines)
    assert "标题" in lines[0] and "【请填写" in lines[-1], lines
    at = [joined.index(d.title) for d in framework.dimensions]
    assert at == sorted(at), lines
    assert joined.index("存在问题") < joined.index("原因剖析") < joined.index("整改措施"), lines


def test_word_insert_scaffold_into_an_empty_document_is_previewed_first(pane):
    session = pane(word={"wordApi": "1.3", "paragraphs": [{"text": ""}]})
    page = session.open()
    page.click("#scaffold-button")
    heading, lines, ok = _scaffold_preview(page)
    assert heading == "确认插入框架" and ok == "确认插入"
    _assert_scaffold_outline(lines, default_framework())
    session.screenshot("word-scaffold-preview")
    page.click("#plan-confirm-cancel")   # 取消: nothing goes in
    page.wait_for_selector("#notice.info:not([hidden])")
    assert "没有改动" in page.text_content("#notice-text")
    assert page.evaluate("window.__wordDouble.texts()") == [""]
    assert not [c for c in page.evaluate("window.__wordDouble.state.calls") if c["method"] in ("file", "ooxml", "html")]
    page.click("#scaffold-button")       # then 确认插入: the scaffold it showed goes in
    _scaffold_preview(page)
    page.click("#plan-confirm-ok")
    page.wait_for_selector("#notice.success")
    texts = page.evaluate("window.__wordDouble.texts()")
    assert [t for t in texts if t.endswith(tuple(d.title for d in default_framework().dimensions))]
    assert not session.console_errors, session.console_errors


def test_standalone_scaffold_is_previewed_before_the_download(pane, tmp_path):
    framework = get_framework("zuzhi-shenghuohui")
    session = pane()
    page = session.open()
    page.select_option("#framework", framework.id)
    page.click("#scaffold-button")
    heading, lines, ok = _scaffold_preview(page)
    assert heading == "确认下载框架" and ok == "下载"
    _assert_scaffold_outline(lines, framework)
    assert page.is_hidden("#plan-confirm-note")   # no working copy is changed
    page.click("#plan-confirm-cancel")
    page.wait_for_selector("#notice.info:not([hidden])")
    assert "没有下载" in page.text_content("#notice-text")
    with page.expect_download() as info:
        page.click("#scaffold-button")
        _scaffold_preview(page)
        page.click("#plan-confirm-ok")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    written = [p.text for p in docx.Document(str(target)).paragraphs]
    for dimension in framework.dimensions:   # what the preview named is what was downloaded
        assert any(t.endswith(dimension.title) for t in written)
        assert any(dimension.title in line for line in lines)


def test_word_insert_falls_back_to_ooxml_when_file_insert_is_refused(pane):
    session = pane(word={"wordApi": "1.3", "refuse": ["file"]})
    page = session.open()
    page.click("#scaffold-button")
    confirm_plan(page)  # the scaffold's outline, shown before it goes in
    page.wait_for_selector("#notice.success")
    methods = [c["method"] for c in page.evaluate("window.__wordDouble.state.calls")
               if c["method"] in ("file", "ooxml", "html")]
    assert methods[:2] == ["file", "ooxml"] and methods.count("ooxml") == 1
    texts = page.evaluate("window.__wordDouble.texts()")
    assert any("存在问题" in t for t in texts)
    assert page.evaluate("window.__wordDouble.selectedText()").startswith("【请填写")


def test_word_check_reads_in_one_sync_and_finding_selects_paragraph(pane):
    # A missing dimension and, further down, an unfilled prompt: two findings at two paragraphs.
    paras = materials.pane_json(materials.without_dimension("ability"))
    paras += materials.pane_json([(f"联系人：{placeholders.make('姓名')}", None)])
    session = pane(word={"wordApi": "1.3", "paragraphs": paras})
    page = session.open()
    syncs_before = page.evaluate("window.__wordDouble.state.syncs")
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    assert page.evaluate("window.__wordDouble.state.syncs") - syncs_before == 1
    rows = _dimension_rows(page)
    assert sum(1 for r in rows if r[1] == "absent") == 1
    session.screenshot("word-checklist")

    for places in page.query_selector_all(".placeholder-places summary"):
        places.click()  # the 【请填写】 places, folded under 逐处查看, are clickable too
    buttons = page.query_selector_all(".finding-button")
    assert buttons, "findings with a paragraph must be clickable in Word"
    report = page.evaluate("""async () => {
        const r = await fetch('/api/check', {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({framework: 'zhuti-2023', paragraphs: window.__wordDouble.state.paragraphs})});
        return r.json(); }""")
    # Each button selects its own finding's paragraph: click two findings at different paragraphs
    # (each message names one finding) and check the selection follows the click.
    paragraphs_by_message = {}
    for f in report["findings"]:
        if f["paragraph"] is not None:
            paragraphs_by_message.setdefault(f["message"], set()).add(f["paragraph"])
    clicked = {}
    for button in buttons:
        message = button.query_selector(".finding-message").text_content()
        where = paragraphs_by_message.get(message, set())
        if len(where) == 1 and not where & set(clicked.values()):
            clicked[message] = next(iter(where))
            button.click()
            page.wait_for_function(
                "n => window.__wordDouble.state.calls.filter(c => c.method === 'select').length === n",
                arg=len(clicked))
            assert page.evaluate("window.__wordDouble.selectedIndexes()")[0] == clicked[message], message
        if len(clicked) == 2:
            break
    assert len(clicked) == 2, f"two findings at different paragraphs to click: {paragraphs_by_message}"
    assert page.is_hidden("#notice")


def test_word_automatic_numbering_is_read_through_list_string(pane):
    # Headings numbered by Word: （一）… is the ListItem's listString, not in the paragraph text.
    paras = materials.unstyled(materials.complete())
    at = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    paras = paras[:at] + [("（七）其他方面的问题", None), ("一是有时工作标准不高。", None)] + paras[at:]
    session = pane(word={"wordApi": "1.3", "paragraphs": materials.auto_numbered_json(paras)})
    page = session.open()
    syncs_before = page.evaluate("window.__wordDouble.state.syncs")
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    assert page.evaluate("window.__wordDouble.state.syncs") - syncs_before == 2   # texts, then list numbers
    loads = page.evaluate("window.__wordDouble.state.calls.filter(c => c.method === 'ListItem.load').length")
    assert loads == sum(1 for t, _ in paras if t.startswith(("（", "一、", "二、", "三、")))
    rows = _dimension_rows(page)
    assert len(rows) == 6 and all(r[1] != "absent" for r in rows), rows
    messages = page.eval_on_selector_all(".finding-button span", "els => els.map(e => e.textContent)")
    assert any("其他方面的问题" in m and "对应不上" in m for m in messages), messages


def test_word_table_of_columns_is_read_through_cell_index(pane):
    # A material laid out as a table 对照方面 | 存在问题 | 整改措施: the pane sends each cell's place in
    # its row (TableCell.cellIndex), so the check reads it column by column.
    head = materials.pane_json([(materials.TITLE, None), (materials.PREAMBLE, None)])
    rows = [["对照方面", "存在问题", "整改措施"]] + [
        [heading, "".join(items), measure]
        for (heading, items), measure in zip(materials.PROBLEMS.values(), materials.MEASURES)]
    cells = [{**materials.pane_json([(text, None)])[0], "tableNestingLevel": 1, "tableColumn": column}
             for row in rows for column, text in enumerate(row)]
    session = pane(word={"wordApi": "1.3", "paragraphs": head + cells})
    page = session.open()
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    loads = page.evaluate("window.__wordDouble.state.calls.filter(c => c.method === 'TableCell.load').length")
    assert loads == len(cells)
    rows_shown = _dimension_rows(page)
    assert len(rows_shown) == 6 and all(r[1] != "absent" for r in rows_shown), rows_shown


def test_word_without_required_api_says_what_to_do(pane):
    session = pane(word={"wordApi": "1.0"})
    page = session.open()
    message = page.text_content("#notice-text")
    assert "太旧" in message and "Word 2016" in message and "WordApi" not in message
    page.click("#check-button")
    assert "此版本的 Word 太旧" in page.text_content("#notice-text")
    session.screenshot("error-word-api-unsupported")


def test_word_remedy_is_ranked_filled_and_inserted_in_measures(pane, server_url):
    paras = materials.pane_json(materials.complete())
    session = pane(word={"wordApi": "1.3", "paragraphs": paras})
    page = session.open()
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    page.click("#rank-button")
    page.wait_for_selector("#remedy-list li button")
    session.screenshot("word-remedies-ranked")
    # Choose a remedy with a whole-number parameter, so the form's own validation is exercised.
    dimension = page.input_value("#remedy-dimension")
    listed = page.evaluate("""async (d) => (await (await fetch(
        '/api/remedies?framework=zhuti-2023&dimension=' + d)).json()).remedies""", dimension)
    # Among those offered: a remedy the material already has (the same theme, similar words)
    # is not offered again.
    offered = page.eval_on_selector_all("#remedy-list li[data-remedy-id]", "els => els.map(e => e.dataset.remedyId)")
    with_number = [r["id"] for r in listed if any(p["type"] == "int" for p in r["parameters"]) and r["id"] in offered]
    assert with_number, f"no remedy of {dimension} offered has a number parameter"
    page.click(f'#remedy-list li[data-remedy-id="{with_number[0]}"] button')
    page.wait_for_selector("#remedy-form:not([hidden])")
    # Fill every field with a short valid value; the preview shows what will be inserted.
    fields = page.query_selector_all("#remedy-fields input")
    assert fields, "the remedy declares parameters, so the form has fields"
    numbers = [f for f in fields if f.get_attribute("type") == "number"]
    assert numbers, "the chosen remedy has a number parameter"
    # An invalid value is caught in the pane, before anything is sent.
    calls_before = len(page.evaluate("window.__wordDouble.state.calls"))
    numbers[0].fill("2.5")
    page.click("#remedy-submit")
    page.wait_for_selector(".field-error:not([hidden])")
    assert "整数" in page.text_content(".field-error:not([hidden])")
    assert len(page.evaluate("window.__wordDouble.state.calls")) == calls_before
    for field in fields:
        kind = field.get_attribute("type")
        field.fill({"number": "3", "date": "2025-06-30"}.get(kind, "年底前"))
    preview = page.text_content("#remedy-preview")
    assert "{{" not in preview and ("年底前" in preview or "3" in preview)
    session.screenshot("word-remedy-form")
    before = page.evaluate("window.__wordDouble.texts()")
    measures_end = len(before) - 1
    page.click("#remedy-submit")  # into 已选: nothing is inserted yet
    page.wait_for_selector("#remedy-basket li")
    assert page.evaluate("window.__wordDouble.texts()") == before
    assert page.text_content("#basket-commit") == "插入已选的 1 条整改措施"
    page.click("#basket-commit")
    page.click("#plan-confirm[open] #plan-confirm-ok")  # the preview: where it goes, then 确认插入
    page.wait_for_selector("#notice.success:has-text('已插入 1 条整改措施')")
    assert "从“七是”起接着编号" in page.text_content("#notice-text")
    after = page.evaluate("window.__wordDouble.texts()")
    assert len(after) == len(before) + 1
    assert after[: measures_end + 1] == before  # inserted after the last paragraph of 整改措施
    assert after[-1].startswith("七是") and "{{" not in after[-1]
    session.screenshot("word-remedy-inserted")


# ---- 自动识别 and 新建框架 ---------------------------------------------------------------------------

UNKNOWN_SET = [("个人对照检查材料", None), ("一、存在的问题", None),
               ("（一）带头锤炼过硬作风方面", None), ("一是开会多调研少。二是督办不紧。", None),
               ("（二）带头守牢安全底线方面", None), ("一是汛期隐患排查不细。二是应急演练走过场。", None),
               ("（三）带头服务产业发展方面", None), ("一是对企业诉求回应慢。二是政策宣讲不到位。", None),
               ("二、原因剖析", None), ("一是宗旨意识有所淡化。", None),
               ("三、整改措施", None), ("一是建立问题台账。", None)]


def test_auto_shows_why_and_a_framework_is_made_from_the_documents_headings(pane, tmp_path):
    session = pane()
    page = session.open()
    assert page.input_value("#framework") == "auto"
    _upload(page, tmp_path, materials.complete())
    page.click("#check-button")
    page.wait_for_selector("#recognition:not([hidden])")
    assert "按文中标题识别为2023年主题教育专题民主生活会" in page.text_content("#recognition-text")
    assert page.is_hidden("#recognition-new")
    session.screenshot("auto-recognised")

    # A material of a set the product does not know: say so, and offer to make the framework.
    _upload(page, tmp_path, UNKNOWN_SET, "新材料.docx")
    page.click("#check-button")
    page.wait_for_selector("#recognition.none")
    assert "对不上" in page.text_content("#recognition-text")
    page.click("#recognition-new")
    assert page.is_visible("#nf-aspects")
    assert page.input_value("#nf-aspects").splitlines() == [
        "（一）带头锤炼过硬作风方面", "（二）带头守牢安全底线方面", "（三）带头服务产业发展方面"]
    page.click("#nf-preview")   # no title yet: explained at the field
    page.wait_for_selector("#nf-title-error:not([hidden])")
    page.fill("#nf-title", "2026年度民主生活会（本单位）")
    page.click("#nf-preview")
    page.wait_for_selector("#nf-save:not([hidden])")
    assert "3 个对照方面" in page.text_content("#nf-preview-box")
    assert "守牢安全底线" in page.text_content("#nf-preview-box")
    session.screenshot("new-framework-preview")
    page.click("#nf-save")
    page.wait_for_selector("#notice.success")
    chosen = page.input_value("#framework")
    assert chosen.startswith("custom-2026-")
    assert "（个人）" in page.eval_on_selector("#framework", "s => s.selectedOptions[0].textContent")

    # Checked again with 自动识别, the material is recognised as the new framework.
    page.select_option("#framework", "auto")
    page.click("#check-button")
    page.wait_for_selector("#recognition.fits")
    assert "2026年度民主生活会（本单位）" in page.text_content("#recognition-text")
    assert [r[1] for r in _dimension_rows(page)] == ["present"] * 3
    session.screenshot("new-framework-recognised")

    # Deleting it returns the list to the shipped frameworks.
    page.on("dialog", lambda dialog: dialog.accept())
    page.click(f"#own-framework-list li[data-id='{chosen}'] button")
    page.wait_for_selector("#own-frameworks", state="hidden")
    values = page.eval_on_selector_all("#framework option", "e => e.map(o => o.value)")
    assert chosen not in values and values[0] == "auto"
    assert not session.console_errors, session.console_errors
