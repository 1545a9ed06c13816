"""The unseen drafts (tests/fixtures/unseen_drafts) in the pane, inside the Word and the WPS test
doubles: 补写缺少的部分 on each half-written draft, one chosen remedy on each finished one, judged
as the writer judges them (tests/unseen_trial.py): originals unchanged and in order, the missing
parts at their places, the new measure numbered on right after the last one, the back matter
untouched and last.

A double holds paragraphs with a style; drafts written in soft breaks, tables or Word lists are
tried on the .docx flows only (tests/test_unseen_drafts.py)."""
from __future__ import annotations

import pytest

import unseen_trial as T
from addin_server.frameworks import get_framework
from test_pane_fill import HOSTS, choose_remedies, confirm_plan, wait_for_notice

pytestmark = pytest.mark.timeout(240)

IN_A_DOUBLE = [d for d in T.DRAFTS if d["shape"] in ("styled", "plain", "wps")
               and not any(role in ("table", "measures_table", "items_table", "sign_table", "pagebreak") or "\n" in text
                           for role, text in d["blocks"])]


def paragraphs(d):
    """The draft as a double holds it: (text, kind) with the heading styles a styled draft uses."""
    styled = d["shape"] == "styled"
    kinds = {"title": "title", "section": "h1" if styled else "body", "aspect": "h2" if styled else "body"}
    return [(text, kinds.get(role, "body")) for role, text in d["blocks"]]


@pytest.mark.parametrize("host", HOSTS, ids=repr)
@pytest.mark.parametrize("draft", IN_A_DOUBLE, ids=[d["name"] for d in IN_A_DOUBLE])
def test_an_unseen_draft_in_the_pane(pane, host, draft):
    # A draft on its organisation's framework: that folder is the organisation's for the server.
    with T.frameworks_of(draft):
        _in_the_pane(pane, host, draft)


def _in_the_pane(pane, host, draft):
    framework = get_framework(draft["framework"])
    paras = paragraphs(draft)
    before = [t for t, _ in paras]
    session, page = host.open(pane, framework, paras)
    outcome = T.Outcome(draft["name"])
    to_add = not draft["finished"] and not draft.get("nothing_to_add")
    if to_add:
        page.click("#scaffold-button")
        page.wait_for_selector("#scaffold-offer:not([hidden])")
        page.click("#scaffold-fill-missing")
        lines = confirm_plan(page)
        assert lines, "the preview says what goes where"
        wait_for_notice(page, "success")
        after = host.texts(page)
        outcome.problems += T.originals_kept(before, after)
        outcome.problems += T.outline_found(draft.get("outline", []), after)
        outcome.problems += T.indented_as_the_writers(draft, before, after)
        tail = T._back(draft)
        assert not tail or after[-len(tail):] == tail, after[-5:]
    if draft.get("measure_label"):
        if to_add:
            session, page = host.open(pane, framework, paras)
        choose_remedies(page, framework, count=1)
        page.click("#basket-commit")
        confirm_plan(page)
        wait_for_notice(page, "success")
        after = host.texts(page)
        outcome.problems += T.originals_kept(before, after)
        added = T.new_paragraphs(before, after)
        assert added, "a measure went in"
        assert after[added[0]].lstrip(" \t\u3000").startswith(draft["measure_label"]), after[added[0]][:10]
        outcome.problems += T.indented_as_the_writers(draft, before, after)
        previous = after[added[0] - 1]
        last = T.last_measure_text(draft)
        assert last == previous or last.startswith(previous), (previous[:20], last[:20])
        tail = T._back(draft)
        assert not tail or after[-len(tail):] == tail, after[-5:]
    assert outcome.right, outcome.problems
    assert not session.console_errors, session.console_errors


ON_THE_PAGE = [d for d in T.DRAFTS if not d["finished"] and not d.get("nothing_to_add")]


@pytest.mark.parametrize("draft", ON_THE_PAGE, ids=[d["name"] for d in ON_THE_PAGE])
def test_an_unseen_draft_on_the_page(pane, draft, tmp_path):
    """The standalone page, as a writer without the add-in uses it: upload the draft's .docx
    (the framework left to 自动识别), 补齐缺少的部分, 确认插入, 下载修改后的文件 — the same document
    as `addin-server fill --add-missing` makes, judged as the trial judges it."""
    with T.frameworks_of(draft):
        _on_the_page(pane, draft, tmp_path)


def _on_the_page(pane, draft, tmp_path):
    from addin_server.render.fill import fill_docx

    path = T.DRAFTS_DIR / f"{draft['name']}.docx"
    session = pane()
    page = session.open()
    page.set_input_files("#docx-file", str(path))
    page.wait_for_selector("#fill-download-button:not([disabled])")
    page.click("#fill-download-button")
    lines = confirm_plan(page)
    assert lines, "the preview says what goes where"
    wait_for_notice(page, "success")
    with page.expect_download() as info:
        page.click("#copy-download")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    after = T.body_texts(target.read_bytes())
    assert after == T.body_texts(fill_docx(path.read_bytes(), "auto", add_missing=True).data)
    before = T.body_texts(path.read_bytes())
    problems = T.originals_kept(before, after) + T.outline_found(draft.get("outline", []), after)
    assert not problems, problems
    assert not session.console_errors, session.console_errors
