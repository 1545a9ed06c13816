"""「为此写措施」 in the pane in Word and WPS (Debian's Chromium, the real server, the hosts' test
doubles tests/e2e/word_double.js and wps_double.js): a problem the check reports as having no
measure gets remedies ranked for it; the one chosen goes in after the last measure, opening with
the problem's words, and the re-check no longer lists the problem."""
from __future__ import annotations

import pytest

from addin_server.checks import check
from addin_server.frameworks import get_framework
from addin_server.readers import read_docx
from addin_server.remedies.library import fill, list_remedies

from materials import build_docx
from test_pane_fill import HOSTS, confirm_plan, wait_for_notice

pytestmark = pytest.mark.timeout(240)

PROBLEM = "二是执行中央八项规定精神有松懈。公务接待中偶有超标准安排的情况，没有及时制止。"


def material(framework, already):
    """A finished material (back matter too) whose measures answer every problem but PROBLEM;
    its 整改措施 already has the remedy `already`, in the words the product inserts."""
    return [
        ("2023年度主题教育专题民主生活会个人对照检查材料", "title"),
        ("按照会议安排，我认真学习规定篇目，广泛征求意见，对照要求查找差距，现报告如下。", "body"),
        ("一、存在问题", "h1"),
        ("（一）理论学习方面", "h2"),
        ("一是学用结合不够紧密，研讨发言引用原文多，联系分管工作谈体会少。", "body"),
        ("二是理论学习的系统性不够强，主动钻研原著原文少，对新思想的内在逻辑把握不够连贯。", "body"),
        ("（二）廉洁自律方面", "h2"),
        ("一是对身边人管理不够严格，对家属子女和身边工作人员提醒教育不经常。", "body"),
        (PROBLEM, "body"),
        ("二、原因剖析", "h1"),
        ("一是理想信念的根基需要再夯实，思想上的主动性不足。", "body"),
        ("三、整改措施", "h1"),
        ("一是坚持学用结合，每次研讨都联系分管工作谈体会，把学习成果转化为工作思路。", "body"),
        ("二是坚持系统学习，每月精读一篇原著原文，边学边梳理新思想的内在逻辑。", "body"),
        (f"三是{already.title}。{fill(already, {})}", "body"),
        ("以上对照检查，请同志们批评指正。", "body"),
        ("2025年12月20日", "body"),
    ]


def unmatched(page):
    return page.eval_on_selector_all("li.finding-item[data-code='remedy.unmatched'] .finding-message",
                                     "els => els.map(e => e.textContent)")


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_write_a_measure_for_a_problem_and_the_recheck_counts_it_answered(pane, host):
    framework = get_framework("zhuti-2023")
    already = next(r for r in list_remedies(framework.id, "integrity") if r.id.endswith("family"))
    paras = material(framework, already)
    session, page = host.open(pane, framework, paras)
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    assert [m for m in unmatched(page) if "执行中央八项规定精神有松懈" in m] == unmatched(page) != []
    before_codes = [c for c in page.eval_on_selector_all("li.finding-item", "els => els.map(e => e.dataset.code)")
                    if c != "remedy.unmatched"]
    page.click("li.finding-item[data-code='remedy.unmatched'] .write-measure")
    assert "执行中央八项规定精神有松懈" in wait_for_notice(page, "info")
    page.wait_for_selector("#remedy-list li[data-remedy-id]")
    offered = page.eval_on_selector_all("#remedy-list li[data-remedy-id]", "els => els.map(e => e.dataset.remedyId)")
    assert already.id not in offered   # the document has it: not recommended again
    assert "执行中央八项规定精神有松懈" in page.text_content("#remedy-list li.hint")
    session.screenshot(f"{host}-write-measure")
    assert page.input_value("#remedy-dimension") == "integrity"
    chosen = offered[0]
    title = next(r.title for r in list_remedies(framework.id, "integrity") if r.id == chosen)
    page.click("#remedy-list li[data-remedy-id] button")
    page.wait_for_selector("#remedy-form:not([hidden])")
    page.click("#remedy-insert-now")
    lines = confirm_plan(page)   # shown first: where it goes (before the closing sentence)
    assert any("1 条整改措施" in line for line in lines), lines
    assert "已插入 1 条整改措施" in wait_for_notice(page, "success")
    texts = host.texts(page)
    before = [t for t, _ in paras]
    assert texts[:15] == before[:15] and texts[16:] == before[15:]  # after 三是, before the closing
    assert texts[15].startswith(f"四是针对“执行中央八项规定精神有松懈”的问题，{title}。")
    # Checked again by itself: the problem has its measure now, and nothing new is reported.
    page.wait_for_function("() => !document.querySelector(\"li.finding-item[data-code='remedy.unmatched']\")")
    assert page.eval_on_selector_all("li.finding-item", "els => els.map(e => e.dataset.code)") == before_codes
    assert not session.console_errors, session.console_errors


def test_on_the_page_the_measure_for_a_problem_goes_into_the_download(pane, tmp_path):
    """The page: the same 为此写措施, chosen into 已选, goes into the page's working copy (the
    upload form's remedy spec carries 问题=…), which is checked again and downloaded once."""
    framework = get_framework("zhuti-2023")
    already = next(r for r in list_remedies(framework.id, "integrity") if r.id.endswith("family"))
    paras = material(framework, already)
    source = tmp_path / "我的材料.docx"
    source.write_bytes(build_docx([(t, {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}.get(k))
                                   for t, k in paras]))
    session = pane()
    page = session.open()
    page.select_option("#framework", framework.id)
    page.set_input_files("#docx-file", str(source))
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    page.click("li.finding-item[data-code='remedy.unmatched'] .write-measure")
    page.wait_for_selector("#remedy-list li[data-remedy-id]")
    chosen = page.get_attribute("#remedy-list li[data-remedy-id]", "data-remedy-id")
    page.click("#remedy-list li[data-remedy-id] button")
    page.wait_for_selector("#remedy-form:not([hidden])")
    page.click("#remedy-submit")
    page.wait_for_selector("#remedy-basket li")
    page.click("#basket-commit")
    confirm_plan(page)
    page.wait_for_selector("#report:not([hidden])")  # the page's copy is checked again …
    assert "本页的副本" in wait_for_notice(page, "success")
    # … and no longer lists the problem.
    page.wait_for_function("() => !document.querySelector(\"li.finding-item[data-code='remedy.unmatched']\")")
    with page.expect_download() as info:
        page.click("#copy-download")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    filled = read_docx(target.read_bytes())
    texts = [p.text for p in filled.paragraphs]
    title = next(r.title for r in list_remedies(framework.id, "integrity") if r.id == chosen)
    # 补齐 also writes the aspects the material lacks; the measure goes after the last one.
    (at,) = [i for i, t in enumerate(texts) if t.startswith("四是针对")]
    assert texts[at].startswith(f"四是针对“执行中央八项规定精神有松懈”的问题，{title}。")
    assert texts[at - 1] == paras[14][0] and texts[at + 1:] == [t for t, _ in paras][15:]
    assert not [f for f in check(filled, framework).findings if f.code == "remedy.unmatched"]
    assert not session.console_errors, session.console_errors
