"""The pane's insertion flows on half-written materials of every framework, in Debian's Chromium
against the real server and the Word test double (tests/e2e/word_double.js): remedies continue
the measures at 五是, a missing （四） goes between （三） and （五）, a placeholder is selected
whole, a fresh scaffold checks as 待填写; several remedies chosen into 已选 go in at once, in Word
and in WPS (tests/e2e/wps_double.js); and the standalone page's 补齐并下载."""
from __future__ import annotations

import io

import docx
import pytest

from addin_server.frameworks import get_framework, list_frameworks
from addin_server.readers import read_docx
from materials import CN, half_written, stem

pytestmark = pytest.mark.timeout(240)
FRAMEWORKS = [f.id for f in list_frameworks()]
STYLES = {"title": ("Title", 10), "h1": ("Heading 1", 1), "h2": ("Heading 2", 2), "body": ("Normal", 10)}


def word_paragraphs(paras):
    return [{"text": t, "style": STYLES[k][0], "outlineLevel": STYLES[k][1]} for t, k in paras]


def missing_of(framework):
    """The dimension left out: （四） of six, （三） of four — one with neighbours on both sides."""
    return framework.dimensions[3] if len(framework.dimensions) > 4 else framework.dimensions[2]


def open_in_word(pane, framework, paras):
    return HOSTS[0].open(pane, framework, paras)


def double(page, what):
    return page.evaluate(f"window.__wordDouble.{what}")


# ---- the same flows in Word and in WPS (one pane code, two host adapters) ------------------------

class Host:
    """The pane in one host's test double: how to open it on a material, and how to read the
    document back (both doubles offer texts(), selectedText(), state.paragraphs, state.calls)."""

    def __init__(self, name, styles):
        self.name, self.styles = name, styles  # styles: title/h1/h2/body as the host names them
        self.body_style, self.heading_style = styles["body"], styles["h1"]
        self.double = "window.__wordDouble" if name == "word" else "window.__wpsDouble"

    def open(self, pane, framework, paras, refuse=()):
        """The pane on `paras` ([(text, kind)]), with `framework` chosen (None: 自动识别)."""
        if self.name == "word":
            session = pane(word={"wordApi": "1.3", "paragraphs": word_paragraphs(paras), "refuse": list(refuse)})
        else:
            records = [{"text": t, "style": self.styles[k]} for t, k in paras]
            session = pane(wps={"paragraphs": records, "styles": ["标题"], "refuse": list(refuse)})
        page = session.open()
        if framework is not None:
            page.select_option("#framework", framework.id)
        return session, page

    def read(self, page, what):
        return page.evaluate(f"{self.double}.{what}")

    def texts(self, page):
        return self.read(page, "texts()")

    def insert_calls(self, page):
        """The calls that put text into the document."""
        wanted = {"insertParagraph", "file", "ooxml", "html"} if self.name == "word" else {"InsertAfter", "InsertXML"}
        return [c for c in self.read(page, "state.calls") if c["method"] in wanted]

    def __repr__(self):
        return self.name


HOSTS = [Host("word", {k: style for k, (style, _) in STYLES.items()}),
         Host("wps", {"title": "标题", "h1": "标题 1", "h2": "标题 2", "body": "正文"})]
# Three remedies, each of another aspect: chosen one by one, inserted together.
CHOSEN = 3


def choose_remedies(page, framework, count=CHOSEN):
    """选用 the first recommendation of each of the first `count` aspects, into 已选."""
    for n, dimension in enumerate(framework.dimensions[:count], 1):
        page.select_option("#remedy-dimension", dimension.key)
        page.click("#rank-button")
        page.wait_for_selector("#remedy-list li button")
        page.click("#remedy-list li button")
        page.wait_for_selector("#remedy-form:not([hidden])")
        assert page.text_content("#remedy-submit") == "加入已选"
        page.click("#remedy-submit")  # the form starts with the defaults, so it is complete
        page.wait_for_selector(f"#remedy-basket li:nth-child({n})")
        assert page.is_hidden("#remedy-form")
    return [li.get_attribute("data-remedy-id") for li in page.query_selector_all("#remedy-basket li")]


def confirm_plan(page, answer="确认插入"):
    """The preview every writing flow shows first: its lines, then 确认插入 (or 取消) pressed."""
    page.wait_for_selector("#plan-confirm[open]")
    lines = page.eval_on_selector_all("#plan-confirm-list li", "els => els.map(e => e.textContent)")
    page.click("#plan-confirm-ok" if answer == "确认插入" else "#plan-confirm-cancel")
    page.wait_for_selector("#plan-confirm:not([open])", state="attached")
    return lines


def wait_for_notice(page, kind):
    page.wait_for_selector(f"#notice.{kind}:not([hidden])")
    return page.text_content("#notice-text")


def plan_requests(page):
    seen = []
    page.on("request", lambda r: r.url.endswith("/api/fill/plan") and seen.append(r.post_data_json))
    return seen


@pytest.mark.parametrize("host", HOSTS, ids=repr)
@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_three_remedies_are_inserted_at_once_continuing_at_five(pane, host, framework_id):
    framework = get_framework(framework_id)
    paras = half_written(framework, measures=4)
    before = [t for t, _ in paras]
    session, page = host.open(pane, framework, paras)
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    chosen = choose_remedies(page, framework)
    assert len(set(chosen)) == CHOSEN
    # Choosing inserts nothing: the basket lists them, in the order of the aspects.
    assert host.texts(page) == before and not host.insert_calls(page)
    listed = page.eval_on_selector_all("#remedy-basket li", "els => els.map(e => e.dataset.dimension)")
    assert listed == [d.key for d in framework.dimensions[:CHOSEN]]
    assert page.text_content("#remedy-basket-heading") == f"已选整改措施（{CHOSEN} 条）"
    assert page.text_content("#basket-commit") == f"插入已选的 {CHOSEN} 条整改措施"
    session.screenshot(f"{host}-basket-{framework_id}")
    plans = plan_requests(page)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert lines and any(f"{CHOSEN} 条整改措施" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert f"已插入 {CHOSEN} 条整改措施" in notice and "从“五是”起接着编号" in notice
    after = host.texts(page)
    assert after[:len(before)] == before  # nothing before the insertion moved or changed
    added = after[len(before):]
    assert [t[:2] for t in added] == ["五是", "六是", "七是"]
    assert after.count("三、整改措施") == 1 and "" not in added  # no second heading, no blank lines
    records = host.read(page, "state.paragraphs")
    assert {r["style"] for r in records[len(before) - 1:]} == {host.body_style}
    # One plan for all three, one batch into the document.
    assert len(plans) == 1 and [s["dimension"] for s in plans[0]["selections"]] == listed
    inserts = host.insert_calls(page)
    if host.name == "word":
        assert [c["text"][:2] for c in inserts] == ["五是", "六是", "七是"]
        assert len({c["sync"] for c in inserts}) == 1, inserts  # one context.sync
    else:
        assert len(inserts) == 1  # one Range.InsertAfter of the three paragraphs
        assert host.read(page, "state.undo") == [{"name": "填写整改措施", "open": False}]
    # Inserted: the basket is empty and hidden; the writer can start a new one.
    assert page.is_hidden("#remedy-basket-box") and not page.query_selector_all("#remedy-basket li")
    session.screenshot(f"{host}-remedies-inserted-{framework_id}")
    assert not session.console_errors, session.console_errors


@pytest.mark.parametrize("host", HOSTS, ids=repr)
@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_without_measures_the_section_is_made_at_its_place_with_all_chosen(pane, host, framework_id):
    framework = get_framework(framework_id)
    written = half_written(framework, measures=0)
    paras = written[:[t for t, _ in written].index("三、整改措施")]
    before = [t for t, _ in paras]
    session, page = host.open(pane, framework, paras)
    choose_remedies(page, framework)
    page.click("#basket-commit")
    confirm_plan(page)
    notice = wait_for_notice(page, "success")
    assert "新建该部分" in notice and f"插入 {CHOSEN} 条整改措施" in notice and "“一是”" in notice
    after = host.texts(page)
    assert after[:len(before)] == before
    assert after[len(before):len(before) + 1] == ["三、整改措施"]
    assert [t[:2] for t in after[len(before) + 1:]] == ["一是", "二是", "三是"]
    records = host.read(page, "state.paragraphs")
    assert records[len(before)]["style"] == host.heading_style
    assert {r["style"] for r in records[len(before) + 1:]} == {host.body_style}


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_host_that_refuses_keeps_the_basket_and_says_so(pane, host):
    framework = get_framework("nianhui-2025")
    paras = half_written(framework, measures=4)
    refuse = ["insertParagraph"] if host.name == "word" else ["InsertAfter"]
    session, page = host.open(pane, framework, paras, refuse=refuse)
    choose_remedies(page, framework)
    page.click("#basket-commit")
    confirm_plan(page)
    notice = wait_for_notice(page, "error")
    assert f"{'Word' if host.name == 'word' else 'WPS'} 未能完成操作" in notice
    assert f"已选的 {CHOSEN} 条整改措施仍保留" in notice
    assert host.texts(page) == [t for t, _ in paras]
    assert len(page.query_selector_all("#remedy-basket li")) == CHOSEN
    assert page.is_enabled("#basket-commit") and page.is_enabled("#basket-clear")
    session.screenshot(f"{host}-remedies-refused")


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_document_changed_while_inserting_loses_nothing_and_the_retry_inserts(pane, host):
    framework = get_framework("zhuti-2023")
    paras = half_written(framework, measures=4)
    session, page = host.open(pane, framework, paras)
    choose_remedies(page, framework)
    seen = {}

    def edit_while_planning(route):
        # The writer types at the end of the last measure while the server plans; meanwhile the
        # pane shows the insertion in progress, and the basket cannot change.
        seen["busy"] = page.evaluate("""() => [document.querySelector('#basket-commit').disabled,
            document.querySelector('#basket-commit').textContent,
            document.querySelector('#remedy-basket-box').getAttribute('aria-busy'),
            [...document.querySelectorAll('#remedy-basket button, #basket-clear')].every(b => b.disabled)]""")
        page.evaluate(f"{host.double}.state.paragraphs[{len(paras) - 1}].text += '（已落实）'")
        route.continue_()

    page.route("**/api/fill/plan", edit_while_planning, times=1)
    page.click("#basket-commit")
    confirm_plan(page)
    notice = wait_for_notice(page, "error")
    assert seen["busy"] == [True, f"正在插入 {CHOSEN} 条…", "true", True]
    assert "文档被修改" in notice and "没有插入任何内容" in notice and "仍保留" in notice
    assert len(host.texts(page)) == len(paras)
    assert len(page.query_selector_all("#remedy-basket li")) == CHOSEN
    # Nothing was lost: one more click plans against the document as it now is.
    page.click("#basket-commit")
    confirm_plan(page)
    wait_for_notice(page, "success")
    assert [t[:2] for t in host.texts(page)[len(paras):]] == ["五是", "六是", "七是"]
    assert host.texts(page)[len(paras) - 1].endswith("（已落实）")


def test_basket_remove_clear_and_choosing_again_replaces(pane):
    framework = get_framework("nianhui-2024")
    session, page = open_in_word(pane, framework, half_written(framework, measures=4))
    chosen = choose_remedies(page, framework)
    # The same remedy chosen again for its aspect updates its values, it is not listed twice.
    page.select_option("#remedy-dimension", framework.dimensions[0].key)
    page.click("#rank-button")
    again = page.wait_for_selector(f"#remedy-list li[data-remedy-id='{chosen[0]}']")
    assert "chosen" in again.get_attribute("class") and again.query_selector("button").text_content() == "修改"
    assert len(page.query_selector_all("#remedy-list li.chosen")) == 1  # the others are not chosen
    again.query_selector("button").click()
    assert page.text_content("#remedy-submit") == "更新已选"
    field = page.query_selector("#remedy-fields input")
    field.fill("8")
    page.click("#remedy-submit")
    # Opened again, the form holds the values chosen last, not the defaults.
    page.click(f"#remedy-list li[data-remedy-id='{chosen[0]}'] button")
    assert page.input_value("#remedy-fields input") == "8"
    page.click("#remedy-submit")
    assert "已更新" in wait_for_notice(page, "success")
    assert len(page.query_selector_all("#remedy-basket li")) == CHOSEN
    page.click(f"#remedy-basket li[data-remedy-id='{chosen[1]}'] button")
    assert [li.get_attribute("data-remedy-id") for li in page.query_selector_all("#remedy-basket li")] \
        == [chosen[0], chosen[2]]
    assert page.text_content("#basket-commit") == "插入已选的 2 条整改措施"
    page.click("#basket-clear")
    assert page.is_hidden("#remedy-basket-box")
    assert not [c for c in double(page, "state.calls") if c["method"] == "insertParagraph"]


def test_remedies_chosen_before_the_check_recognised_another_framework_leave_the_basket(pane):
    from addin_server.frameworks import default_framework

    written_for = get_framework("zhuti-2023")
    assumed = default_framework()  # what 自动识别 draws with before a check
    assert assumed.id != written_for.id
    session, page = HOSTS[0].open(pane, None, half_written(written_for, measures=4))
    choose_remedies(page, assumed, count=1)
    page.click("#check-button")
    notice = wait_for_notice(page, "info")
    assert f"本文识别为“{written_for.title}”" in notice and "1 条整改措施已移出" in notice
    assert page.is_hidden("#remedy-basket-box")
    assert sorted(page.eval_on_selector_all("#remedy-dimension option", "os => os.map(o => o.value)")) \
        == sorted(d.key for d in written_for.dimensions)  # now the recognised framework's aspects


def test_one_remedy_the_quick_way(pane):
    framework = get_framework("zuzhi-shenghuohui")
    paras = half_written(framework, measures=4)
    session, page = open_in_word(pane, framework, paras)
    choose_remedies(page, framework, count=1)  # one waits in 已选 …
    page.select_option("#remedy-dimension", framework.dimensions[2].key)
    page.click("#rank-button")
    page.click("#remedy-list li button")
    page.click("#remedy-insert-now")  # … and another goes in, alone, once confirmed
    confirm_plan(page)
    assert "已插入 1 条整改措施" in wait_for_notice(page, "success")
    added = double(page, "texts()")[len(paras):]
    assert len(added) == 1 and added[0].startswith("五是") and stem(framework.dimensions[2]) in added[0]
    assert page.is_hidden("#remedy-form") and len(page.query_selector_all("#remedy-basket li")) == 1


@pytest.mark.parametrize("host", HOSTS, ids=repr)
@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_scaffold_on_a_written_document_offers_the_missing_dimension_at_its_place(pane, host, framework_id):
    framework = get_framework(framework_id)
    missing = missing_of(framework)
    position = framework.dimensions.index(missing)
    paras = half_written(framework, skip={missing.key})
    session, page = host.open(pane, framework, paras)
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-offer:not([hidden])")
    offer = page.text_content("#scaffold-offer-list")
    assert f"（{CN[position]}）{stem(missing)}" in offer
    assert page.is_visible("#scaffold-offer-warning")
    assert not host.insert_calls(page)  # an offer, nothing inserted yet
    session.screenshot(f"{host}-scaffold-offer-{framework_id}")
    page.click("#scaffold-fill-missing")
    assert any(stem(missing) in line for line in confirm_plan(page))
    page.wait_for_selector("#notice.success")
    after = host.texts(page)
    heading = after.index(f"（{CN[position]}）{stem(missing)}方面")
    assert after[heading - 3].startswith(f"（{CN[position - 1]}）")  # after the previous one's 2 items
    assert after[heading + 3].startswith(f"（{CN[position + 1]}）")  # before the next one
    assert [t[:2] for t in after[heading + 1:heading + 3]] == ["一是", "二是"]
    assert len(after) == len(paras) + 3
    records = host.read(page, "state.paragraphs")
    assert [records[heading]["style"], records[heading + 1]["style"]] == [host.styles["h2"], host.styles["body"]]
    # The whole placeholder is selected, so typing replaces all of it.
    selected = host.read(page, "selectedText()")
    assert selected.startswith("【请填写：") and selected.endswith("】") and len(selected) > 10
    assert selected == after[heading + 1][2:]
    assert not session.console_errors, session.console_errors


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_fill_here_inserts_one_missing_part_and_rechecks(pane, host):
    framework = get_framework("zhuti-2023")
    missing = missing_of(framework)
    session, page = host.open(pane, framework, half_written(framework, skip={missing.key}))
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    button = page.wait_for_selector(f".fill-here[data-part='dimension:{missing.key}']")
    assert button.text_content() == "在此补写"
    session.screenshot(f"{host}-fill-here")
    button.click()
    confirm_plan(page)
    page.wait_for_selector("#notice.success")
    page.wait_for_selector(f".fill-here[data-part='dimension:{missing.key}']", state="detached")
    row = page.eval_on_selector(f"#dimension-list li[data-key='{missing.key}']",
                                "e => [e.className, e.querySelector('.count').textContent]")
    assert row == ["unfilled", "2 条待填写"]
    assert host.read(page, "selectedText()").startswith("【请填写：")


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_fresh_scaffold_checks_as_to_be_filled_not_as_written(pane, host):
    session, page = host.open(pane, None, [("", "body")])
    page.click("#scaffold-button")
    confirm_plan(page)  # the scaffold's outline, shown before it goes in
    page.wait_for_selector("#notice.success")
    assert host.read(page, "selectedText()").endswith("】")  # the first placeholder, whole
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    rows = page.eval_on_selector_all(
        "#dimension-list li", "els => els.map(e => [e.className, e.querySelector('.mark').textContent,"
        " e.querySelector('.count').textContent])")
    assert rows and all(r == ["unfilled", "…", "3 条待填写"] for r in rows)
    assert "✓" not in page.text_content("#dimension-list")
    assert "remedy.unmatched" not in page.inner_html("#finding-groups")
    session.screenshot(f"{host}-fresh-scaffold-unfilled")


def test_required_parameter_left_empty_is_refused_at_the_field(pane):
    framework = get_framework("zhuti-2023")
    session, page = open_in_word(pane, framework, half_written(framework))
    page.click("#rank-button")
    page.wait_for_selector("#remedy-list li button")
    page.click("#remedy-list li button")
    page.wait_for_selector("#remedy-form:not([hidden])")
    field = page.query_selector("#remedy-fields input")
    field.fill("")
    assert "【请填写：" in page.text_content("#remedy-preview")  # the preview shows the gap
    calls = len(double(page, "state.calls"))
    page.click("#remedy-submit")
    page.wait_for_selector(".field-error:not([hidden])")
    assert "必填" in page.text_content(".field-error:not([hidden])")
    assert len(double(page, "state.calls")) == calls
    session.screenshot("word-remedy-required-empty")


def test_standalone_fills_the_working_copy_and_downloads_it_once(pane, tmp_path):
    from materials import build_docx

    framework = get_framework("zhuti-2023")
    missing = missing_of(framework)
    paras = half_written(framework, skip={missing.key})
    source = tmp_path / "我的材料.docx"
    source.write_bytes(build_docx([(t, {"h1": "Heading 1", "h2": "Heading 2"}.get(k)) for t, k in paras]))
    session = pane()
    page = session.open()
    page.select_option("#framework", framework.id)  # remedies are chosen under a framework
    page.set_input_files("#docx-file", str(source))
    # Two remedies, collected in the same 已选 as in Word, for one change of the copy.
    choose_remedies(page, framework, count=2)
    # Word's quick path and its choice of place are not offered on the page.
    assert page.eval_on_selector_all("#remedy-insert-now, #remedy-where", "els => els.map(e => getComputedStyle(e).display)") \
        == ["none", "none"]
    # The page's host decides what 已选 becomes: the working copy of the upload, filled.
    assert page.text_content("#basket-commit") == "补齐（含已选 2 条整改措施）"
    session.screenshot("standalone-fill-basket")
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any(stem(missing) in line for line in lines) and any("2 条整改措施" in line for line in lines), lines
    page.wait_for_selector("#report:not([hidden])")  # the copy is checked again
    assert "本页的副本" in wait_for_notice(page, "success")
    assert page.is_hidden("#remedy-basket-box")
    with page.expect_download() as info:
        page.click("#copy-download")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "我的材料-已修改.docx"
    texts = [p.text for p in read_docx(target.read_bytes()).paragraphs]
    assert f"（{CN[framework.dimensions.index(missing)]}）{stem(missing)}方面" in texts
    assert [t[:2] for t in texts[-2:]] == ["五是", "六是"]
    assert len(docx.Document(io.BytesIO(target.read_bytes())).paragraphs) == len(paras) + 5
