"""Findings a writer can act on, in Debian's Chromium against the real server: 改正 / 全部改正 in
Word (the test double, tests/e2e/word_double.js), the page's 下载批注版 / 全部自动改正 and 下载修改后的文件 / GB/T 9704
check, the reset of a stale result and an accessibility pass (Playwright's ARIA snapshot).
Screenshots go to test-artifacts/pane-*.png."""
from __future__ import annotations

import io
import re
import time

import docx
import pytest

import materials
from addin_server.checks import check
from addin_server.readers import read_docx

pytestmark = pytest.mark.timeout(180)

SLIPS = "对于个别干部违规逾矩,以及推进中的矛盾;还有差距"
SLIPS_FIXED = "对于个别干部违规逾矩，以及推进中的矛盾；还有差距"


def _word_paragraphs():
    paras = materials.pane_json(materials.complete())
    # A paragraph with its first words in bold: 改正 must leave that formatting alone.
    paras.append({"runs": [{"text": "对于个别干部", "format": "bold"}, {"text": "违规逾矩,以及推进中的矛盾;还有差距"}],
                  "style": "Normal", "outlineLevel": 10})
    paras.append({"text": "学习不够深入,,还需加强", "style": "Normal", "outlineLevel": 10})
    paras.append({"text": "按照国办发[2023]5号文件,认真落实", "style": "Normal", "outlineLevel": 10})
    return paras


def _wait(page, expression: str, timeout: float = 15.0):
    """Poll `expression` from Python: the pane's CSP forbids the eval that wait_for_function's
    polling uses, while page.evaluate goes through the debugging protocol."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def _check(page):
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")


def _codes_shown(page):
    return page.eval_on_selector_all(".finding-list li", "els => els.map(e => e.dataset.code)")


def test_word_fix_applies_in_the_document_and_the_recheck_is_clean(pane):
    session = pane(word={"wordApi": "1.3", "paragraphs": _word_paragraphs()})
    page = session.open()
    _check(page)
    slips = len(_word_paragraphs()) - 3
    item = page.locator(".finding-list li[data-code='lint.halfwidth_punctuation']").filter(has_text="违规逾矩")
    fix = item.get_by_role("button", name="改正：改为全角“，；”")
    session.screenshot("word-findings-with-fixes")
    fix.click()
    page.wait_for_selector("#notice.success")
    assert "已改正 2 处" in page.text_content("#notice-text")  # the two marks
    texts = page.evaluate("window.__wordDouble.texts()")
    assert texts[slips] == SLIPS_FIXED
    # Only the two marks changed: the bold words keep their formatting, the rest theirs.
    assert page.evaluate(f"window.__wordDouble.runs({slips})") == [
        {"text": "对于个别干部", "format": "bold"}, {"text": "违规逾矩，以及推进中的矛盾；还有差距", "format": ""}]
    replaced = [c for c in page.evaluate("window.__wordDouble.state.calls") if c["method"] == "insertText"]
    assert [c["text"] for c in replaced] == ["；", "，"] and all(c["location"] == "Replace" for c in replaced)
    # The pane checked again: that finding is gone, the others are still listed.
    _wait(page, "!document.querySelector('#finding-groups').textContent.includes('违规逾矩,')")
    shown = _codes_shown(page)
    assert "lint.doubled_punctuation" in shown and "lint.document_number_brackets" in shown
    assert page.evaluate("document.activeElement.id") == "report-heading"
    session.screenshot("word-finding-fixed")

    # The remaining mechanical findings, each by its own 改正.
    for code in ("lint.doubled_punctuation", "lint.document_number_brackets", "lint.halfwidth_punctuation"):
        while page.locator(f".finding-list li[data-code='{code}'] .fix-button").count():
            done = _replacements(page)
            page.locator(f".finding-list li[data-code='{code}'] .fix-button").first.click()
            _wait(page, "window.__wordDouble.state.calls.filter(c => c.method === 'insertText')"
                                   f".length > {done}")
            # The re-check redraws the list; until then the pressed button is busy.
            _wait(page, "!document.querySelector('[aria-busy]')")
    texts = page.evaluate("window.__wordDouble.texts()")
    assert texts[slips + 1] == "学习不够深入，还需加强"
    assert texts[slips + 2] == "按照国办发〔2023〕5号文件，认真落实"
    report = check(read_docx(materials.build_docx([(t, None) for t in texts])))
    assert not {f.code for f in report.findings} & {
        "lint.halfwidth_punctuation", "lint.doubled_punctuation", "lint.document_number_brackets"}
    assert not session.console_errors, session.console_errors


def _replacements(page) -> int:
    return page.evaluate("window.__wordDouble.state.calls.filter(c => c.method === 'insertText').length")


def test_word_one_fix_all_for_every_safe_fix(pane):
    paras = materials.pane_json(materials.complete())
    paras += [{"text": "第一处问题,需要改正", "style": "Normal"}, {"text": "第二处问题;也要改正", "style": "Normal"},
              {"text": "第三处问题:同样改正", "style": "Normal"}]
    session = pane(word={"wordApi": "1.3", "paragraphs": paras})
    page = session.open()
    _check(page)
    assert page.get_by_role("button", name=re.compile("^全部改正")).count() == 1  # one, not one per kind
    page.get_by_role("button", name="全部改正（3 处）").click()
    page.wait_for_selector("#notice.success")
    assert "已改正 3 处" in page.text_content("#notice-text")
    assert page.evaluate("window.__wordDouble.texts()")[-3:] == ["第一处问题，需要改正", "第二处问题；也要改正",
                                                                "第三处问题：同样改正"]
    assert "lint.halfwidth_punctuation" not in _codes_shown(page)
    session.screenshot("word-fix-all")


# ---- the page (standalone) --------------------------------------------------------------------

def _upload(page, tmp_path, paras, name="材料.docx"):
    path = tmp_path / name
    path.write_bytes(materials.build_docx(paras))
    page.set_input_files("#docx-file", str(path))
    return path


def _slipped_material():
    return materials.complete() + [(SLIPS, None), ("学习不够深入,,还需加强", None)]


def test_page_downloads_the_annotated_and_the_corrected_docx(pane, tmp_path):
    session = pane()
    page = session.open()
    _upload(page, tmp_path, _slipped_material(), "王芳 材料.docx")
    _check(page)
    # Quotes of the writer's own text, not bare paragraph numbers.
    assert "「干部违规逾矩,以及推进中的」" in page.text_content("#finding-groups")
    with page.expect_download() as info:
        page.click("#annotated-button")
    annotated = tmp_path / info.value.suggested_filename
    info.value.save_as(annotated)
    assert info.value.suggested_filename == "王芳 材料-批注.docx"
    document = docx.Document(str(annotated))
    comments = [c.text for c in document.comments]
    assert comments and all(not any(code in c for code in ("lint.", "dimension.", "length.")) for c in comments)
    assert any("半角" in c for c in comments)

    # Every safe fix at once goes into the page's working copy, which is checked again …
    assert page.text_content("#fixed-button") == "全部改正（3 处）"
    page.click("#fixed-button")
    page.wait_for_selector("#notice.success")
    assert "已改正 3 处" in page.text_content("#notice-text")
    assert page.is_hidden("#fixed-button")  # nothing safe is left to fix
    # … and saved once, as it is.
    with page.expect_download() as info:
        page.click("#copy-download")
    fixed = tmp_path / info.value.suggested_filename
    info.value.save_as(fixed)
    assert info.value.suggested_filename == "王芳 材料-已修改.docx"
    texts = [p.text for p in docx.Document(str(fixed)).paragraphs]
    assert SLIPS_FIXED in texts and "学习不够深入，还需加强" in texts
    codes = {f.code for f in check(read_docx(fixed.read_bytes())).findings}
    assert not codes & {"lint.halfwidth_punctuation", "lint.doubled_punctuation"}
    assert "改正 3 处" in page.text_content("#notice-text")
    session.screenshot("standalone-downloads")


def test_page_fixes_in_a_working_copy_then_saves_it(pane, tmp_path):
    """The page as in Word: 改正 / 全部改正 fix the working copy of the upload and re-check it;
    下载修改后的文件 saves it; 恢复为原文件 drops every change; the picked file is never changed."""
    session = pane()
    page = session.open()
    source = _upload(page, tmp_path, materials.complete() + [
        ("第一处问题,需要改正", None), ("第二处问题,也要改正", None), ("学习不够深入,,还需加强", None),
        ("按照国办发[2023]5号文件认真落实", None)])
    original = source.read_bytes()
    _check(page)
    item = page.locator(".finding-list li[data-code='lint.document_number_brackets']")
    item.get_by_role("button", name="改正：年份改用六角括号〔〕").click()
    page.wait_for_selector("#notice.success")
    assert "已改正 1 处" in page.text_content("#notice-text")
    _wait(page, "!document.querySelector('.finding-list li[data-code=\"lint.document_number_brackets\"]')")
    assert "已改正 1 处，尚未下载" in page.text_content("#docx-file-name")
    assert {"lint.halfwidth_punctuation", "lint.doubled_punctuation"} <= set(_codes_shown(page))
    session.screenshot("standalone-working-copy")
    page.click("#fixed-button")  # every safe fix left: the two half-width marks and the doubled one
    _wait(page, "!document.querySelector('.finding-list li[data-code=\"lint.doubled_punctuation\"]')")
    assert "lint.halfwidth_punctuation" not in _codes_shown(page)
    assert "已改正 4 处" in page.text_content("#docx-file-name")
    with page.expect_download() as info:
        page.click("#copy-download")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[-4:] == ["第一处问题，需要改正", "第二处问题，也要改正", "学习不够深入，还需加强", "按照国办发〔2023〕5号文件认真落实"]
    page.wait_for_selector("#notice.success")
    assert "改正 4 处" in page.text_content("#notice-text")
    assert source.read_bytes() == original
    # 恢复为原文件: the copy is the picked file again, checked again, with nothing to download.
    page.click("#copy-restore")
    _wait(page, "!!document.querySelector('.finding-list li[data-code=\"lint.doubled_punctuation\"]')")
    assert "已恢复为原文件" in page.text_content("#notice-text")
    assert page.is_hidden("#working-copy") and page.text_content("#docx-file-name") == source.name
    assert "lint.halfwidth_punctuation" in _codes_shown(page)


def test_page_checks_the_gbt9704_format_on_request(pane, tmp_path):
    session = pane()
    page = session.open()
    _upload(page, tmp_path, materials.complete())
    _check(page)
    assert "正文应为仿宋_GB2312" not in page.text_content("#finding-groups")
    page.check("#check-format")
    assert page.is_hidden("#report")  # a result without the format check would mislead
    _check(page)
    text = page.text_content("#finding-groups")
    assert "正文应为仿宋_GB2312" in text and "A4" in text and "GB/T 9704" in text
    # The verdict says them too, and they come last, as a group of their own, each with its label.
    assert "处版式请核对" in page.text_content("#report-summary .verdict-line")
    last = page.locator(".finding-group").last
    assert "核对版式" in last.locator("h3").text_content()
    labels = last.locator(".severity-label").all_text_contents()
    assert labels and set(labels) <= {"需要修改", "建议修改", "提示"}
    session.screenshot("standalone-gbt9704")


def test_a_new_or_failed_upload_clears_the_previous_result(pane, tmp_path):
    session = pane()
    page = session.open()
    _upload(page, tmp_path, materials.complete(), "完整.docx")
    _check(page)
    assert "结构完整" in page.text_content("#report-summary")

    _upload(page, tmp_path, materials.without_dimension("ability"), "另一份.docx")
    assert page.is_hidden("#report")  # the file name changed: the old verdict must go
    assert page.text_content("#docx-file-name") == "另一份.docx"

    _check(page)
    assert "结构不完整" in page.text_content("#report-summary")
    (tmp_path / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    page.set_input_files("#docx-file", str(tmp_path / "坏文件.docx"))
    page.click("#check-button")
    page.wait_for_selector("#notice:not([hidden])")
    assert page.is_hidden("#report")

    _upload(page, tmp_path, materials.complete(), "完整.docx")
    _check(page)
    page.route("**/api/check/docx", lambda route: route.fulfill(
        status=422, content_type="application/json",
        body='{"error": {"code": "document.damaged", "message": "文件已损坏 / damaged", "fields": {}}}'))
    page.click("#check-button")
    page.wait_for_selector("#notice:not([hidden])")
    assert page.is_hidden("#report") and "文件已损坏" in page.text_content("#notice-text")
    session.screenshot("standalone-failed-upload-reset")


def test_page_layout_has_a_readable_width_and_a_help_link(browser, server_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.route("https://appsforoffice.microsoft.com/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='true']")
    width = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert 400 < width <= 760
    help_link = page.get_by_role("link", name="使用说明")
    assert help_link.get_attribute("href") == "help.html"
    assert page.request.get(server_url + "/pane/help.html").ok
    context.close()


# ---- accessibility ----------------------------------------------------------------------------

def test_accessibility_names_live_regions_and_focus(pane, tmp_path):
    session = pane(word={"wordApi": "1.3", "paragraphs": _word_paragraphs()})
    page = session.open()
    assert page.get_attribute("#announcer", "aria-live") == "polite"
    _check(page)
    # Focus moves to the result, and the result is announced in words.
    assert page.evaluate("document.activeElement.id") == "report-heading"
    _wait(page, "document.querySelector('#announcer').textContent.includes('检查完成')")
    assert "结构完整" in page.text_content("#announcer")
    snapshot = page.locator("#report").aria_snapshot()
    assert 'heading "检查结果"' in snapshot
    # Status in words, not only ✓/✗ or colour.
    assert "已有：" in snapshot and "✓" not in snapshot
    assert 'button "改正：改为全角“，；”"' in snapshot
    page.click("#rank-button")
    page.wait_for_selector("#remedy-list li button")
    remedies = page.locator("#remedy-list").aria_snapshot()
    names = [line for line in remedies.splitlines() if "button" in line]
    assert names and all('button "选用：' in line for line in names), remedies
    assert "推荐" in remedies  # the top suggestion is said, not only coloured
    whole = page.locator("body").aria_snapshot()
    assert 'button "选用"' not in whole and 'button ""' not in whole
    session.screenshot("word-accessibility")


def test_missing_dimension_shown_as_words(pane, tmp_path):
    session = pane()
    page = session.open()
    _upload(page, tmp_path, materials.without_dimension("ability"))
    _check(page)
    snapshot = page.locator("#dimension-list").aria_snapshot()
    assert "缺少：能力本领方面" in snapshot.replace(" ", "") or "缺少：" in snapshot
    summary = page.locator("#report-summary").aria_snapshot()
    assert "结构不完整" in summary and "✗" not in summary
