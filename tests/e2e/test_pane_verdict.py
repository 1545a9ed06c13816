"""What a writer reads first, at 350 px, in Debian's Chromium against the real server: the verdict
line (report.verdict.line), the findings grouped by what to do (report.verdict.groups, in that
order), one 全部改正 for every safe fix, and a fresh scaffold read as 「结构完整，还有 N 处待填写」
— in Word and WPS (the test doubles) and on the browser's page; plus an axe-core run (npm's
axe-core, injected into the page) with no serious or critical violations.
Screenshots go to test-artifacts/pane-verdict-*.png."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import materials
import requires
from addin_server.checks.verdict import ACTIONS
from addin_server.frameworks import get_framework
from test_pane_findings import _wait
from test_pane_fill import HOSTS, confirm_plan

pytestmark = pytest.mark.timeout(240)

NARROW = {"width": 350, "height": 900}
ACTION_ORDER = [action for action, _ in ACTIONS]
FRAMEWORK = "nianhui-2025"
# Slips a writer makes: half-width punctuation (safe fixes) in two problems of one aspect.
SLIPS = ["一是对于个别干部违规逾矩,以及推进中的矛盾;还有差距。", "二是学习不够深入,还需加强。"]


def _material():
    """A material missing one aspect, with slips and fewer measures than problems."""
    framework = get_framework(FRAMEWORK)
    paras = materials.half_written(framework, skip=(framework.dimensions[2].key,), measures=1)
    at = [t for t, _ in paras].index("二、原因剖析")
    return paras[:at] + [(text, "body") for text in SLIPS] + paras[at:]


def _checked(page):
    """Click 检查完整性; the report the server answered with, once the pane has drawn it."""
    with page.expect_response(lambda r: "/api/check" in r.url and r.request.method == "POST") as answer:
        page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")
    return answer.value.json()


def _assert_verdict_first(page, report):
    verdict = report["verdict"]
    assert page.text_content("#report-summary .verdict-line") == verdict["line"]
    # The verdict is the report's first thing, before the groups and the checklists.
    order = page.eval_on_selector_all("#report > *:not([hidden])", "els => els.map(e => e.id || e.tagName)")
    assert order.index("report-summary") < order.index("finding-groups")
    shown = page.eval_on_selector_all(
        ".finding-group", "els => els.map(e => [e.dataset.action, e.querySelector('.badge').textContent])")
    assert shown == [[g["action"], f"{g['count']} 处"] for g in verdict["groups"]]
    actions = [a for a, _ in shown]
    assert actions == sorted(actions, key=ACTION_ORDER.index)  # most important first
    # Each finding says its severity in the one vocabulary.
    labels = page.eval_on_selector_all(".finding-group:not([data-action='填写']) .severity-label",
                                       "els => els.map(e => e.textContent)")
    assert labels and set(labels) <= {"需要修改", "建议修改", "提示"}


def _assert_one_fix_all(page, places):
    buttons = page.get_by_role("button", name=re.compile("^全部改正"))
    assert buttons.count() == 1
    assert buttons.first.text_content() == f"全部改正（{places} 处）"


def _assert_fits_page(page):
    """Nothing wider than the pane: no sideways scrolling at 350 px, no text under 14 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    sizes = page.eval_on_selector_all(
        "p, li, .hint, .subtle", "els => els.filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 14


def _assert_fits(page):
    _assert_fits_page(page)
    sizes = page.eval_on_selector_all(
        "#report p, #report li, #report .hint, .card .hint",
        "els => els.filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 14


def _axe_violations(page):
    """axe-core's WCAG 2 A/AA rules on the page as shown; the serious and critical ones."""
    # Through the debugging protocol, as the pane's CSP allows no injected <script>.
    axe = requires.node_module("axe-core") / "axe.min.js"
    page.evaluate(f"() => {{ {axe.read_text(encoding='utf-8')}\n}}")
    results = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))")
    return [v for v in results if v["impact"] in ("serious", "critical")]


def _safe_places(report):
    return sum(len(f["fix"]["edits"]) for f in report["findings"] if f.get("fix") and f["fix"]["safe"])


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_the_report_opens_with_the_verdict_then_the_groups_and_one_fix_all(pane, host):
    session, page = host.open(pane, get_framework(FRAMEWORK), _material())
    page.set_viewport_size(NARROW)
    report = _checked(page)
    verdict = report["verdict"]
    assert verdict["state"] == "incomplete", verdict["line"]
    assert verdict["line"].startswith("结构不完整，还差 1 个方面")
    assert [g["action"] for g in verdict["groups"]][:3] == ["补写", "改正", "写措施"]
    _assert_verdict_first(page, report)
    _assert_one_fix_all(page, _safe_places(report))
    _assert_fits(page)
    session.screenshot(f"verdict-{host}-incomplete")
    assert _axe_violations(page) == []

    page.get_by_role("button", name=re.compile("^全部改正")).click()
    page.wait_for_selector("#notice.success")
    texts = host.texts(page)
    assert not any("," in t or ";" in t for t in texts if t.startswith(("一是对于", "二是学习")))
    assert page.is_hidden("#fixed-button")  # no safe fix is left
    assert not session.console_errors, session.console_errors


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_fresh_scaffold_reads_as_complete_with_places_to_fill(pane, host):
    session, page = host.open(pane, get_framework(FRAMEWORK), [("", "body")])
    page.set_viewport_size(NARROW)
    page.click("#scaffold-button")
    confirm_plan(page)  # the scaffold's outline, shown before it goes in
    page.wait_for_selector("#notice.success")
    report = _checked(page)
    line = page.text_content("#report-summary .verdict-line")
    # (The server adds 「；1 处内容建议充实」 for a scaffold's length: see the report to the lead.)
    found = re.match(r"结构完整，还有 (\d+) 处待填写", line)
    assert found, line
    assert int(found.group(1)) == report["verdict"]["to_fill"] > 0
    assert page.get_attribute("#report-summary", "class") == "summary to_fill"
    # One row, not a red row per placeholder: the places stay folded away.
    groups = page.eval_on_selector_all(".finding-group", "els => els.map(e => e.dataset.action)")
    assert groups[0] == "填写"
    assert page.is_hidden(".finding-group[data-action='填写'] .finding-list")
    assert "需要修改" not in page.inner_text("#report")
    _assert_fits(page)
    session.screenshot(f"verdict-{host}-scaffold")
    # 下一处待填写: the host selects the first 【请填写】 left.
    selects = f"{host.double}.state.calls.filter(c => c.method === 'select').length"
    before = page.evaluate(selects)
    page.get_by_role("button", name="下一处待填写").click()
    _wait(page, f"{selects} > {before}")
    assert host.read(page, "selectedText()").startswith("【")
    assert _axe_violations(page) == []
    assert not session.console_errors, session.console_errors


def _upload(page, tmp_path, data, name="材料.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    page.set_input_files("#docx-file", str(path))


def test_the_page_opens_with_the_verdict_and_reads_a_scaffold_as_to_fill(pane, tmp_path):
    session = pane()
    page = session.open()
    page.set_viewport_size(NARROW)
    page.select_option("#framework", FRAMEWORK)
    _upload(page, tmp_path, materials.build_docx([(t, {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}.get(k))
                                                  for t, k in _material()]))
    report = _checked(page)
    assert report["verdict"]["line"].startswith("结构不完整，还差 1 个方面")
    _assert_verdict_first(page, report)
    _assert_one_fix_all(page, _safe_places(report))
    _assert_fits(page)
    session.screenshot("verdict-page-incomplete")
    assert _axe_violations(page) == []

    # The page's scaffold, as downloaded, uploaded again: the structure is complete, places to fill.
    with page.expect_download() as download:
        page.click("#scaffold-button")
        confirm_plan(page)  # the outline, then 下载
    scaffold = Path(download.value.path()).read_bytes()
    _upload(page, tmp_path, scaffold, "框架.docx")
    report = _checked(page)
    line = page.text_content("#report-summary .verdict-line")
    assert re.match(r"结构完整，还有 \d+ 处待填写", line), line
    assert page.is_hidden(".finding-group[data-action='填写'] .finding-list")
    assert page.query_selector(".next-placeholder") is None  # the page cannot select in the file
    session.screenshot("verdict-page-scaffold")
    assert _axe_violations(page) == []
    assert not session.console_errors, session.console_errors


def test_help_is_about_the_pane_in_plain_words(pane, server_url):
    session = pane()
    page = session.page
    page.set_viewport_size(NARROW)
    page.goto(server_url + "/pane/help.html")
    text = page.inner_text("main")
    assert "2025年度民主生活会" in text and "下一处待填写" in text and "全部改正" in text
    assert "addin-server" not in text and "命令行" not in text  # no command line for cadres
    assert not re.search(r"[A-Za-z]{4,}", text.replace("docx", ""))  # no English words
    _assert_fits_page(page)
    assert _axe_violations(page) == []


def test_a_sure_recognition_does_not_name_the_runner_up(pane):
    """「其次接近……」 is for an uncertain recognition, not for every writer."""
    framework = get_framework(FRAMEWORK)
    session, page = HOSTS[0].open(pane, None, materials.half_written(framework))
    report = _checked(page)
    recognition = report["recognition"]
    assert recognition["framework"] == FRAMEWORK and recognition["fits"] and not recognition["fuzzy"]
    assert recognition["runner_up"] and "其次接近" in recognition["reason"]  # the JSON keeps it
    shown = page.text_content("#recognition-text")
    assert shown.startswith("按文中标题识别为") and "其次接近" not in shown


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_the_offer_lists_each_missing_part_on_its_own_line(pane, host):
    """Two aspects missing at one place: two lines under where they go, not one joined by 「；」."""
    framework = get_framework(FRAMEWORK)
    skip = (framework.dimensions[2].key, framework.dimensions[3].key)
    session, page = host.open(pane, framework, materials.half_written(framework, skip=skip))
    page.set_viewport_size(NARROW)
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-offer:not([hidden])")
    parts = page.eval_on_selector_all("#scaffold-offer-list li li", "els => els.map(e => e.textContent)")
    assert [p for p in parts if framework.dimensions[2].names[0] in p or framework.dimensions[3].names[0] in p] \
        and len(parts) >= 2, parts
    assert not any("；" in p for p in parts), parts
    _assert_fits(page)
    session.screenshot(f"verdict-{host}-offer")
