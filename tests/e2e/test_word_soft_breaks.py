"""A draft pasted from a chat window or a web page, in the Word pane (Debian's Chromium, the real
server, the Word test double): its lines are soft line breaks (Shift+Enter, "\\v" in Word's text)
inside a few paragraphs — an aspect's heading and items in one paragraph, with 二、原因剖析 typed
on after them — and the closing sentence is typed on at the end of the last measure.

补写 puts the missing aspects between the last item and 二、原因剖析 (the paragraph cut at that
break); 填入整改措施 puts the remedy after the last measure and before the closing sentence (split
off). Each run keeps its formatting (the double's per-character format labels), the document
reads in order, and the pane says what it did. Before this, the Word pane refused both.

The material is written here for this test, in the shape such drafts have."""
from __future__ import annotations

import pytest

from addin_server.frameworks import get_framework
from test_pane_fill import choose_remedies, confirm_plan, wait_for_notice

pytestmark = pytest.mark.timeout(240)

FRAMEWORK = get_framework("nianhui-2025")
H = [d.title for d in FRAMEWORK.dimensions]
TITLE = "2025年度民主生活会个人对照检查材料"
PREAMBLE = "按照市委关于开好2025年度民主生活会的通知要求，会前我认真学习规定篇目，对照五个方面逐项查摆，现报告如下。"
ASPECT_1 = [f"（一）{H[0]}", "一是学习贯彻党的创新理论还不够系统，读原著多在会前突击。", "二是执行上级决策部署有时讲条件，强调客观原因多。"]
ASPECT_2 = [f"（二）{H[1]}", "一是党性锻炼抓得不够经常，参加组织生活有时请假。", "二是自我批评辣味不足，谈心谈话中点得多、剖得浅。"]
CAUSES = ["二、原因剖析", "一是理论武装不够深入，以学促干的自觉性不足。", "二是宗旨意识有所淡化，到一线听取群众意见少了。"]
MEASURES = ["三、整改措施", "一是深化理论武装，每月围绕城市更新专题自学一次。", "二是站稳人民立场，每季度到社区现场办公一次。"]
CLOSING = "以上对照检查，请同志们批评指正。"
DATE = "2025年12月26日"


def soft(lines):
    return "\v".join(lines)


def heading_runs(lines, rest_format=""):
    """A soft-broken paragraph whose first line is bold (a heading typed as text) and the rest plain."""
    return [{"text": lines[0], "format": "bold"}, {"text": "\v" + soft(lines[1:]), "format": rest_format}]


PARAGRAPHS = [
    {"text": TITLE, "style": "Title"},
    {"text": PREAMBLE},
    {"text": "一、存在问题", "style": "Heading 1", "outlineLevel": 1},
    {"runs": heading_runs(ASPECT_1)},
    # The second aspect, and the causes section typed on after it in the same paragraph.
    {"runs": [*heading_runs(ASPECT_2), {"text": "\v"}, *heading_runs(CAUSES)]},
    # The measures, the closing sentence typed on at the end of the last one (in the writer's
    # italic).
    {"runs": [*heading_runs(MEASURES), {"text": CLOSING, "format": "italic"}]},
    {"text": DATE},
]


def texts(page):
    return page.evaluate("window.__wordDouble.texts()")


def runs(page, index):
    return page.evaluate(f"window.__wordDouble.runs({index})")


def open_draft(pane, word_api="1.3"):
    session = pane(word={"wordApi": word_api, "paragraphs": PARAGRAPHS})
    page = session.open()
    page.select_option("#framework", FRAMEWORK.id)
    return session, page


def fill_missing(page):
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-offer:not([hidden])")
    page.click("#scaffold-fill-missing")
    return confirm_plan(page)


def test_missing_aspects_and_a_remedy_go_between_soft_broken_lines_runs_kept(pane):
    session, page = open_draft(pane)
    lines = fill_missing(page)
    assert any(H[2] in line for line in lines), lines
    assert any("二、原因剖析" in line for line in lines) or any("之后" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert notice.startswith("已") and "补写" in notice, notice
    after = texts(page)
    # The second aspect keeps its lines; the new aspects follow them; 二、原因剖析 and its items,
    # cut off at the break, follow the new aspects — every word as it was.
    second = after.index(soft(ASPECT_2))
    causes = after.index(soft(CAUSES))
    new = after[second + 1:causes]
    heads = [t for t in new if t.startswith("（")]
    assert heads == [f"（{n}）{H[k]}" for n, k in zip("三四五", (2, 3, 4))], new
    assert after[:second] == [TITLE, PREAMBLE, "一、存在问题", soft(ASPECT_1)]
    assert after[causes + 1:] == [soft(MEASURES) + CLOSING, DATE]
    # The runs keep their formatting on both sides of the cut.
    assert runs(page, second) == [{"text": ASPECT_2[0], "format": "bold"}, {"text": "\v" + soft(ASPECT_2[1:]), "format": ""}]
    assert runs(page, causes) == [{"text": CAUSES[0], "format": "bold"}, {"text": "\v" + soft(CAUSES[1:]), "format": ""}]
    calls = page.evaluate("window.__wordDouble.state.calls")
    assert any(c["method"] == "search" and c["text"] == "^l" for c in calls)
    assert [c["method"] for c in calls if c["method"] in ("getOoxml", "Paragraph.insertOoxml", "Range.delete")] == [
        "getOoxml", "Paragraph.insertOoxml", "Range.delete"]

    # Then 填入整改措施: the remedy goes after the last measure, the closing split off after it.
    choose_remedies(page, FRAMEWORK, count=1)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any("结束语" in line for line in lines) and any("另起一段" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert notice.startswith("已"), notice
    final = texts(page)
    measures = final.index(soft(MEASURES))
    assert final[:measures] == after[:causes + 1]
    assert final[measures + 1].startswith("三是"), final[measures:]
    assert final[measures + 2:] == [CLOSING, DATE]
    assert runs(page, measures) == [{"text": MEASURES[0], "format": "bold"}, {"text": "\v" + soft(MEASURES[1:]), "format": ""}]
    assert runs(page, measures + 2) == [{"text": CLOSING, "format": "italic"}]
    session.screenshot("word-soft-breaks")
    assert not session.console_errors, session.console_errors


def test_without_wordapi_1_3_the_pane_says_how_to_fix_the_draft_and_changes_nothing(pane):
    session, page = open_draft(pane, word_api="1.1")
    before = texts(page)
    fill_missing(page)
    notice = wait_for_notice(page, "error")
    assert "手动换行符" in notice and "段落标记" in notice and "没有做任何修改" in notice, notice
    assert texts(page) == before
    assert not session.console_errors, session.console_errors
