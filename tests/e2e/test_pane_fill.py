"""The pane's insertion flows on half-written materials of every framework, in Debian's Chromium
against the real server and the Word test double (tests/e2e/word_double.js): remedies continue
the measures at 五是, a missing （四） goes between （三） and （五）, a placeholder is selected
whole, a fresh scaffold checks as 待填写; and the standalone page's 补齐并下载."""
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
    session = pane(word={"wordApi": "1.3", "paragraphs": word_paragraphs(paras)})
    page = session.open()
    page.select_option("#framework", framework.id)
    return session, page


def double(page, what):
    return page.evaluate(f"window.__wordDouble.{what}")


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_remedy_continues_the_measures_at_five(pane, framework_id):
    framework = get_framework(framework_id)
    paras = half_written(framework, measures=4)
    session, page = open_in_word(pane, framework, paras)
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    page.select_option("#remedy-dimension", framework.dimensions[0].key)
    page.click("#rank-button")
    page.wait_for_selector("#remedy-list li button")
    page.click("#remedy-list li button")
    page.wait_for_selector("#remedy-form:not([hidden])")
    page.click("#remedy-submit")  # the form starts with the defaults, so it is complete
    page.wait_for_selector("#notice.success")
    after = double(page, "texts()")
    before = [t for t, _ in paras]
    assert after[:len(before)] == before  # nothing before the insertion moved or changed
    added = after[len(before):]
    assert len(added) == 1 and added[0].startswith("五是")
    assert after.count("三、整改措施") == 1 and "" not in added  # no second heading, no blank lines
    records = double(page, "state.paragraphs")
    assert records[-1]["style"] == records[-2]["style"] == "Normal"
    session.screenshot(f"word-remedy-continues-{framework_id}")
    assert not session.console_errors, session.console_errors


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_scaffold_on_a_written_document_offers_the_missing_dimension_at_its_place(pane, framework_id):
    framework = get_framework(framework_id)
    missing = missing_of(framework)
    position = framework.dimensions.index(missing)
    paras = half_written(framework, skip={missing.key})
    session, page = open_in_word(pane, framework, paras)
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-offer:not([hidden])")
    offer = page.text_content("#scaffold-offer-list")
    assert f"（{CN[position]}）{stem(missing)}" in offer
    assert page.is_visible("#scaffold-offer-warning")
    assert not [c for c in double(page, "state.calls") if c["method"] in ("file", "insertParagraph")]
    session.screenshot(f"word-scaffold-offer-{framework_id}")
    page.click("#scaffold-fill-missing")
    page.wait_for_selector("#notice.success")
    after = double(page, "texts()")
    heading = after.index(f"（{CN[position]}）{stem(missing)}方面")
    assert after[heading - 3].startswith(f"（{CN[position - 1]}）")  # after the previous one's 2 items
    assert after[heading + 3].startswith(f"（{CN[position + 1]}）")  # before the next one
    assert [t[:2] for t in after[heading + 1:heading + 3]] == ["一是", "二是"]
    assert len(after) == len(paras) + 3
    records = double(page, "state.paragraphs")
    assert records[heading]["style"] == "Heading 2" and records[heading + 1]["style"] == "Normal"
    # The whole placeholder is selected, so typing replaces all of it.
    selected = double(page, "selectedText()")
    assert selected.startswith("【请填写：") and selected.endswith("】") and len(selected) > 10
    assert selected == after[heading + 1][2:]
    assert not session.console_errors, session.console_errors


def test_fill_here_inserts_one_missing_part_and_rechecks(pane):
    framework = get_framework("zhuti-2023")
    missing = missing_of(framework)
    session, page = open_in_word(pane, framework, half_written(framework, skip={missing.key}))
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    button = page.wait_for_selector(f".fill-here[data-part='dimension:{missing.key}']")
    assert button.text_content() == "在此补写"
    session.screenshot("word-fill-here")
    button.click()
    page.wait_for_selector("#notice.success")
    page.wait_for_selector(f".fill-here[data-part='dimension:{missing.key}']", state="detached")
    row = page.eval_on_selector(f"#dimension-list li[data-key='{missing.key}']",
                                "e => [e.className, e.querySelector('.count').textContent]")
    assert row == ["unfilled", "2 条待填写"]
    assert double(page, "selectedText()").startswith("【请填写：")


def test_fresh_scaffold_checks_as_to_be_filled_not_as_written(pane):
    session = pane(word={"wordApi": "1.3", "paragraphs": [{"text": ""}]})
    page = session.open()
    page.click("#scaffold-button")
    page.wait_for_selector("#notice.success")
    assert double(page, "selectedText()").endswith("】")  # the first placeholder, whole
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    rows = page.eval_on_selector_all(
        "#dimension-list li", "els => els.map(e => [e.className, e.querySelector('.mark').textContent,"
        " e.querySelector('.count').textContent])")
    assert rows and all(r == ["unfilled", "…", "3 条待填写"] for r in rows)
    assert "✓" not in page.text_content("#dimension-list")
    assert "remedy.unmatched" not in page.inner_html("#finding-groups")
    session.screenshot("word-fresh-scaffold-unfilled")


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


def test_standalone_fills_the_uploaded_document_in_one_download(pane, tmp_path):
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
    # Two remedies, collected for one download instead of one file each.
    for _ in range(2):
        page.click("#rank-button")
        page.wait_for_selector("#remedy-list li button")
        page.click("#remedy-list li button")
        page.wait_for_selector("#remedy-form:not([hidden])")
        assert page.text_content("#remedy-submit") == "加入待插入的整改措施"
        page.click("#remedy-submit")
        page.wait_for_selector("#remedy-basket-box:not([hidden])")
    assert len(page.query_selector_all("#remedy-basket li")) == 2
    session.screenshot("standalone-fill-basket")
    with page.expect_download() as info:
        page.click("#fill-download-button")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "我的材料-已补写.docx"
    texts = [p.text for p in read_docx(target.read_bytes()).paragraphs]
    assert f"（{CN[framework.dimensions.index(missing)]}）{stem(missing)}方面" in texts
    assert [t[:2] for t in texts[-2:]] == ["五是", "六是"]
    assert len(docx.Document(io.BytesIO(target.read_bytes())).paragraphs) == len(paras) + 5
    page.wait_for_selector("#notice.success")
