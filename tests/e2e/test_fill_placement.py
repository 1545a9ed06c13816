"""Issue 22's five scenarios in Debian's Chromium against the real server, in the Word test double,
the WPS test double and on the page (standalone), each asserting the final document text in order:

(a) a finished 2025 material ending with its closing sentence and date: the chosen remedies go after
    the last measure and before the closing sentence, numbered on;
(b) a half-written draft (title, preamble, 一、存在问题 with two of five aspects, back matter):
    补写 puts （三）（四）（五） inside 存在问题, then 二、原因剖析 and 三、整改措施, back matter untouched;
(c) a missing （三） where the writer typed （三）（四） for the later aspects: after confirmation the
    new （三） is in and the old ones are （四）（五）;
(d) on the page: 改正, then 在此补写, then 补齐 — the one downloaded file has all of them;
(e) the preview is shown and 取消 changes nothing.

The materials are written here for these tests (not fixtures of the planner's own tests)."""
from __future__ import annotations

import docx
import pytest

from addin_server.frameworks import get_framework
from addin_server.readers import read_docx
from materials import build_docx
from test_pane_fill import HOSTS, choose_remedies, confirm_plan, wait_for_notice, word_paragraphs

pytestmark = pytest.mark.timeout(240)

FRAMEWORK = get_framework("nianhui-2025")
HEADINGS = {d.key: d.title for d in FRAMEWORK.dimensions}  # “带头……方面”
TITLE = ("2025年度民主生活会个人对照检查材料", "title")
NAME = ("市住房和城乡建设局党组成员、副局长 陈立新", "body")
PREAMBLE = ("按照市委关于开好2025年度民主生活会的通知要求，会前我认真学习了规定篇目，与班子成员逐一谈心，"
            "收集到基层和服务对象意见建议11条，对照五个方面逐项查摆，现报告如下。", "body")
CLOSING = ("以上对照检查，请同志们批评指正。", "body")
DATE = ("2025年12月26日", "body")

PROBLEMS = {
    "political_loyalty": [
        "一是学习贯彻党的创新理论还不够系统，读原著多在会前突击，结合城建工作思考不深。",
        "二是执行上级决策部署有时讲条件，对老旧小区改造中的难点强调客观原因多。"],
    "party_spirit": [
        "一是党性锻炼抓得不够经常，参加支部组织生活有时因业务会议请假。",
        "二是自我批评辣味不足，谈心谈话中对自身问题点得多、剖得浅。"],
    "three_reverences": [
        "一是敬畏人民落实不够到位，对群众反映的加装电梯协调难问题回应不及时。",
        "二是依法行政意识还需增强，个别执法检查程序不够规范。"],
    "dare_to_act": [
        "一是攻坚克难的劲头有所减退，对历史遗留的不动产登记问题推进缓慢。",
        "二是创新意识不强，推进智慧工地建设习惯沿用老办法。"],
    "strict_governance": [
        "一是履行“一岗双责”不够有力，对分管科室廉政风险点排查不细。",
        "二是监督管理偏软，对工程招投标环节的提醒教育不够经常。"],
}
CAUSES = [("二、原因剖析", "h1"),
          ("一是理论武装不够深入，以学促干的自觉性不足。", "body"),
          ("二是宗旨意识有所淡化，到一线听取群众意见少了。", "body"),
          ("三是纪律规矩意识有所松懈，对小事小节警惕不够。", "body")]
MEASURES = [("三、整改措施", "h1"),
            ("一是深化理论武装，每月围绕城市更新专题自学一次，撰写心得体会。", "body"),
            ("二是站稳人民立场，建立加装电梯协调台账，每季度到社区现场办公一次。", "body"),
            ("三是扛起管党治党责任，逐科室排查廉政风险点，年内开展两次警示教育。", "body")]
CN = "一二三四五六七八九十"


def aspects(keys, numbers=None):
    """The 存在问题 section with the aspects `keys`, numbered （一）… in order or by `numbers`."""
    out = [("一、存在问题", "h1")]
    for n, key in enumerate(keys):
        out.append((f"（{CN[numbers[n] if numbers else n]}）{HEADINGS[key]}", "h2"))
        out += [(text, "body") for text in PROBLEMS[key]]
    return out


ALL = [d.key for d in FRAMEWORK.dimensions]
FINISHED = [TITLE, NAME, PREAMBLE, *aspects(ALL), *CAUSES, *MEASURES, CLOSING, DATE]
DRAFT = [TITLE, PREAMBLE, *aspects(ALL[:2]), CLOSING, DATE]
GAP_KEYS = [k for k in ALL if k != "three_reverences"]
GAP = [TITLE, PREAMBLE, *aspects(GAP_KEYS), *CAUSES, *MEASURES, CLOSING, DATE]  # typed （一）–（四）


def texts(paras):
    return [t for t, _ in paras]


def heading_lines(lines):
    """The section and aspect headings, in order."""
    return [t for t in lines if t[:2] in ("一、", "二、", "三、") or (t.startswith("（") and t.endswith("方面"))]


def upload(page, tmp_path, paras, name="我的材料.docx"):
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}
    path = tmp_path / name
    path.write_bytes(build_docx([(t, styles.get(k)) for t, k in paras]))
    page.select_option("#framework", FRAMEWORK.id)
    page.set_input_files("#docx-file", str(path))
    return path


def check(page):
    page.click("#check-button")
    page.wait_for_selector("#report:not([hidden])")


def download_copy(page, tmp_path):
    """下载修改后的文件: the page's working copy, read back paragraph by paragraph."""
    with page.expect_download() as info:
        page.click("#copy-download")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target, [p.text for p in read_docx(target.read_bytes()).paragraphs]


def requests_to(page, suffix):
    seen = []
    page.on("request", lambda r: r.url.split("?")[0].endswith(suffix) and seen.append(r.url))
    return seen


# ---- (a) remedies after the last measure, before the closing sentence ---------------------------

def assert_remedies_before_the_back_matter(before, after, chosen=3):
    last = before.index(MEASURES[-1][0])
    assert after[:last + 1] == before[:last + 1]
    assert [t[:2] for t in after[last + 1:last + 1 + chosen]] == ["四是", "五是", "六是"][:chosen]
    assert after[last + 1 + chosen:] == before[last + 1:] == [CLOSING[0], DATE[0]]


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_remedies_go_after_the_last_measure_and_before_the_closing_sentence(pane, host):
    session, page = host.open(pane, FRAMEWORK, FINISHED)
    check(page)
    choose_remedies(page, FRAMEWORK)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any("3 条整改措施" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert "已插入 3 条整改措施" in notice and "从“四是”起接着编号" in notice
    assert "原有的最后一条之后" not in notice  # says where it went, from the plan
    assert_remedies_before_the_back_matter(texts(FINISHED), host.texts(page))
    # Checked again, the product's own output raises no numbering finding (it did: 「序号没有从头开始」).
    check(page)
    shown = page.eval_on_selector_all(".finding-list li", "els => els.map(e => e.textContent)")
    assert not [f for f in shown if "序号" in f or "四是" in f], shown
    session.screenshot(f"{host}-scenario-a")
    assert not session.console_errors, session.console_errors


# Back matter as writers end their materials: a signature, a date with a full stop, an attachment.
BACK_MATTERS = {
    "signature": ["以上是我的对照检查发言，不妥之处，请同志们批评指正。", "发言人：陈立新", "2025年12月26日"],
    "dated-stop": ["以上对照检查，请同志们批评指正。", "2025年12月26日。"],
    "attachment": ["以上对照检查，请同志们批评指正。", "2025年12月26日", "附件：个人问题整改清单"],
    "signature-only": ["对照检查人：陈立新", "2025年12月"],
}


@pytest.mark.parametrize("back", BACK_MATTERS, ids=str)
def test_a_every_kind_of_back_matter_stays_last(pane, back):
    material = [*FINISHED[:-2], *((line, "body") for line in BACK_MATTERS[back])]
    host = HOSTS[0]
    session, page = host.open(pane, FRAMEWORK, material)
    choose_remedies(page, FRAMEWORK, count=1)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any(BACK_MATTERS[back][0][:6] in line for line in lines), lines  # “……之前” names it
    wait_for_notice(page, "success")
    before, after = texts(material), host.texts(page)
    last = before.index(MEASURES[-1][0])
    assert after[:last + 1] == before[:last + 1] and after[last + 1].startswith("四是")
    assert after[last + 2:] == BACK_MATTERS[back]


def test_a_on_the_page(pane, tmp_path):
    session = pane()
    page = session.open()
    upload(page, tmp_path, FINISHED)
    check(page)
    choose_remedies(page, FRAMEWORK)
    page.click("#basket-commit")
    assert any("3 条整改措施" in line for line in confirm_plan(page))
    wait_for_notice(page, "success")
    _, after = download_copy(page, tmp_path)
    assert_remedies_before_the_back_matter(texts(FINISHED), after)


# The closing sentence typed on at the end of the last measure, not on a line of its own: the
# measures go between the two, the paragraph split there, its words unchanged.
GLUED = [*FINISHED[:-3], (MEASURES[-1][0] + CLOSING[0], "body"), DATE]


def assert_glued_closing_split_off(after, chosen):
    before = texts(GLUED)
    last = before.index(MEASURES[-1][0] + CLOSING[0])
    assert after[:last] == before[:last]
    assert after[last] == MEASURES[-1][0]
    assert [t[:2] for t in after[last + 1:last + 1 + chosen]] == ["四是", "五是", "六是"][:chosen]
    assert after[last + 1 + chosen:] == [CLOSING[0], DATE[0]]


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_closing_typed_on_the_last_measure_stays_after_the_new_ones(pane, host):
    session, page = host.open(pane, FRAMEWORK, GLUED)
    choose_remedies(page, FRAMEWORK, count=2)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any("之后、结束语“以上对照检查" in line for line in lines), lines
    assert any("另起一段" in line for line in lines), lines   # the writer is told before it happens
    wait_for_notice(page, "success")
    after = host.texts(page)
    assert_glued_closing_split_off(after, 2)
    check(page)
    shown = page.eval_on_selector_all(".finding-list li", "els => els.map(e => e.textContent)")
    assert not [f for f in shown if "序号" in f or "结束语" in f], shown
    session.screenshot(f"{host}-scenario-a-glued-closing")
    assert not session.console_errors, session.console_errors


def test_a_closing_typed_on_the_last_measure_on_the_page(pane, tmp_path):
    session = pane()
    page = session.open()
    upload(page, tmp_path, GLUED)
    check(page)
    choose_remedies(page, FRAMEWORK, count=2)
    page.click("#basket-commit")
    assert any("另起一段" in line for line in confirm_plan(page))
    wait_for_notice(page, "success")
    _, after = download_copy(page, tmp_path)
    assert_glued_closing_split_off(after, 2)


# The attachment's 整改清单 table, as writers append it after the date: every row names the writer.
CHECKLIST = [["序号", "存在问题", "整改措施", "责任人", "完成时限"],
             ["1", "学习贯彻不够系统", "每月围绕城市更新专题自学", "陈立新", "长期坚持"],
             ["2", "加装电梯协调难", "建立协调台账", "陈立新", "2026年6月底前"]]
WITH_CHECKLIST = [*FINISHED, ("附件：个人问题整改清单", "body")]
# The aspects' problems in the short form a row gives them (first sentence, no 一是), and the
# aspects' headings: what a new row's 存在问题 may say for the first two aspects.
ROW_PROBLEMS = {p[2:].split("，")[0] for key in ALL[:2] for p in PROBLEMS[key]}


def assert_new_rows_filled_like_the_writers(rows):
    """序号 3, 4; the problem the measure answers (or its aspect) named; the writer's 责任人 copied."""
    assert [r[0] for r in rows] == ["3", "4"], rows
    assert all(r[2] and r[3] == "陈立新" for r in rows), rows
    assert all(any(r[1].startswith(p) for p in ROW_PROBLEMS) or r[1] in HEADINGS.values() for r in rows), rows


def assert_defaults_said(lines, notice):
    """The form's pre-filled values (the remedies were chosen without touching them) are named in
    the preview and again in the notice after inserting."""
    said = [line for line in lines if "按默认值填入了" in line]
    assert said, lines
    assert "按默认值填入了" in notice and said[0].split("按默认值填入了")[0] in notice, notice


def test_a_the_word_pane_adds_a_checklist_row_per_remedy(pane):
    # Word (WordApi 1.3) appends the rows to the attached 整改清单 itself (Table.addRows), as the
    # page does in the file; the preview says so before it happens.
    cells = [{"text": cell, "style": "Normal", "outlineLevel": 10, "tableNestingLevel": 1, "tableColumn": column}
             for row in CHECKLIST for column, cell in enumerate(row)]
    session = pane(word={"wordApi": "1.3", "paragraphs": word_paragraphs(WITH_CHECKLIST) + cells})
    page = session.open()
    page.select_option("#framework", FRAMEWORK.id)
    choose_remedies(page, FRAMEWORK, count=2)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any("整改清单末尾增加 2 行（序号 3 至 4）" in line for line in lines), lines
    assert not any("不会自动增加行" in line for line in lines), lines
    assert any("责任人照原有各行填写" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert "已在附件整改清单末尾增加 2 行（序号 3 至 4）" in notice and "手动" not in notice, notice
    assert_defaults_said(lines, notice)
    after = HOSTS[0].texts(page)
    added = after[-10:]
    assert after[-10 - len(cells):-10] == [c["text"] for c in cells]   # the writer's rows as they were
    rows = [added[:5], added[5:]]
    assert_new_rows_filled_like_the_writers(rows)
    # Each new measure in the table is one inserted under 整改措施.
    assert all(any(r[2] in t for t in after[:-10 - len(cells)]) for r in rows), rows
    calls = page.evaluate("window.__wordDouble.state.calls.filter(c => c.method === 'Table.addRows')")
    assert [(c["insertLocation"], c["rowCount"]) for c in calls] == [("End", 2)]
    assert not session.console_errors, session.console_errors


def test_a_on_the_page_the_checklist_gets_a_row_per_remedy(pane, tmp_path):
    session = pane()
    page = session.open()
    path = tmp_path / "带整改清单.docx"
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}
    path.write_bytes(build_docx([(t, styles.get(k)) for t, k in WITH_CHECKLIST], table_rows=CHECKLIST))
    page.select_option("#framework", FRAMEWORK.id)
    page.set_input_files("#docx-file", str(path))
    check(page)
    choose_remedies(page, FRAMEWORK, count=2)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any("整改清单末尾增加 2 行（序号 3 至 4）" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert_defaults_said(lines, notice)
    target, after = download_copy(page, tmp_path)
    rows = [[c.text for c in row.cells] for row in docx.Document(str(target)).tables[0].rows]
    assert rows[:3] == CHECKLIST
    assert_new_rows_filled_like_the_writers(rows[3:])


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_a_the_values_left_at_the_forms_defaults_are_named_before_and_after(pane, host):
    # The remedies are chosen without touching their forms: in Word and WPS alike the preview and
    # the notice say which values the text took from the defaults, so the writer edits them.
    session, page = host.open(pane, FRAMEWORK, FINISHED)
    choose_remedies(page, FRAMEWORK, count=2)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    notice = wait_for_notice(page, "success")
    assert_defaults_said(lines, notice)
    assert host.texts(page)[-2:] == [CLOSING[0], DATE[0]]
    assert not session.console_errors, session.console_errors


# ---- (b) a half-written draft completed inside out ---------------------------------------------

def assert_draft_completed(after):
    kept = texts(DRAFT)[:-2]
    assert after[:len(kept)] == kept  # the draft's text up to its last item, as it was
    assert heading_lines(after) == [
        "一、存在问题", *(f"（{CN[n]}）{HEADINGS[k]}" for n, k in enumerate(ALL)), "二、原因剖析", "三、整改措施"]
    assert after[-2:] == [CLOSING[0], DATE[0]]  # the back matter ends the material, untouched
    # Each new aspect has its items under it, before the next heading.
    for n in (2, 3, 4):
        at = after.index(f"（{CN[n]}）{HEADINGS[ALL[n]]}")
        assert after[at + 1].startswith("一是")


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_b_a_half_written_draft_gets_its_aspects_inside_the_problems_section(pane, host):
    session, page = host.open(pane, FRAMEWORK, DRAFT)
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-offer:not([hidden])")
    page.click("#scaffold-fill-missing")
    lines = confirm_plan(page)
    assert any(HEADINGS["dare_to_act"] in line for line in lines) and any("原因剖析" in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert "已" in notice and "补写" in notice
    assert_draft_completed(host.texts(page))
    # Checked again, no aspect is missing any more: the new ones are there, waiting to be written.
    check(page)
    rows = page.eval_on_selector_all("#dimension-list li", "els => els.map(e => [e.dataset.key, e.className])")
    assert rows == [[k, "present"] for k in ALL[:2]] + [[k, "unfilled"] for k in ALL[2:]], rows
    session.screenshot(f"{host}-scenario-b")


def test_b_word_lists_restart_under_each_new_aspect_as_under_the_writers(pane):
    # The draft's items are Word lists starting at 1. under each aspect (no typed 一是): the aspects
    # 补写 adds have their items numbered 1. 2. by Word too, each a list of its own, not 3. 4. on
    # from the aspect before; the headings made after a listed item are not items of its list.
    paragraphs, lists = [], {}
    for text, kind in DRAFT:
        paragraph = word_paragraphs([(text, kind)])[0]
        if text[:2] in ("一是", "二是") and kind == "body":
            lists.setdefault(len([h for h, _ in DRAFT[:DRAFT.index((text, kind))] if h.startswith("（")]),
                             {"levels": {"0": [0, "."]}})
            paragraph.update(text=text[2:], listId=len(lists))
        paragraphs.append(paragraph)
    session = pane(word={"wordApi": "1.3", "paragraphs": paragraphs, "lists": lists})
    page = session.open()
    page.select_option("#framework", FRAMEWORK.id)
    page.click("#scaffold-button")
    page.wait_for_selector("#scaffold-offer:not([hidden])")
    page.click("#scaffold-fill-missing")
    confirm_plan(page)
    wait_for_notice(page, "success")
    after = list(zip(page.evaluate("window.__wordDouble.listStrings()"), HOSTS[0].texts(page)))
    heads = [k for k, (_, t) in enumerate(after) if t.startswith("（") and t.endswith("方面")]
    assert len(heads) == 5, after
    for start, end in zip(heads, [*heads[1:], len(after)]):
        assert after[start][0] == "", after[start]
        numbers = []
        for number, _ in after[start + 1:end]:
            if not number:
                break
            numbers.append(number)
        assert numbers and numbers == [f"{n}." for n in range(1, len(numbers) + 1)], after[start:end]
    calls = page.evaluate("window.__wordDouble.state.calls.map(c => c.method)")
    assert calls.count("startNewList") >= 3, calls
    assert not session.console_errors, session.console_errors


def test_b_on_the_page(pane, tmp_path):
    session = pane()
    page = session.open()
    upload(page, tmp_path, DRAFT)
    page.click("#fill-download-button")
    confirm_plan(page)
    wait_for_notice(page, "success")
    _, after = download_copy(page, tmp_path)
    assert_draft_completed(after)


# ---- (c) a missing （三） between typed numbers: the later ones renumbered ------------------------

def assert_gap_filled_and_renumbered(after):
    before = texts(GAP)
    second_last_item = before.index(PROBLEMS["party_spirit"][-1])
    assert after[:second_last_item + 1] == before[:second_last_item + 1]
    new = second_last_item + 1
    assert after[new] == f"（三）{HEADINGS['three_reverences']}"
    assert heading_lines(after) == [
        "一、存在问题", *(f"（{CN[n]}）{HEADINGS[k]}" for n, k in enumerate(ALL)), "二、原因剖析", "三、整改措施"]
    # Only the typed numbers of the later headings changed; their items and the rest as they were.
    later = after[after.index(f"（四）{HEADINGS['dare_to_act']}"):]
    assert later == [f"（四）{HEADINGS['dare_to_act']}", *PROBLEMS["dare_to_act"],
                     f"（五）{HEADINGS['strict_governance']}", *PROBLEMS["strict_governance"],
                     *texts(CAUSES), *texts(MEASURES), CLOSING[0], DATE[0]]
    assert after.count(f"（三）{HEADINGS['three_reverences']}") == 1 and not any(
        t.startswith("（三）") and t != after[new] for t in after)


def fill_here(page, key):
    button = page.wait_for_selector(f".fill-here[data-part='dimension:{key}']")
    button.click()


@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_c_a_missing_third_aspect_renumbers_the_typed_later_ones(pane, host):
    session, page = host.open(pane, FRAMEWORK, GAP)
    check(page)
    fill_here(page, "three_reverences")
    page.wait_for_selector("#plan-confirm[open]")
    assert host.texts(page) == texts(GAP)  # shown, not yet written
    lines = confirm_plan(page)
    # The preview names the renumbered headings before anything changes.
    assert any("（四）" in line and HEADINGS["dare_to_act"][:4] in line for line in lines), lines
    notice = wait_for_notice(page, "success")
    assert "序号已顺延" in notice or "（四）" in notice, notice
    assert_gap_filled_and_renumbered(host.texts(page))
    # The re-check sees the five aspects, in order, and no numbering slip of the product's own.
    page.wait_for_selector(".fill-here[data-part='dimension:three_reverences']", state="detached")
    shown = page.eval_on_selector_all(".finding-list li", "els => els.map(e => e.textContent)")
    assert not [f for f in shown if "序号" in f and "（三）" in f], shown
    session.screenshot(f"{host}-scenario-c")


def test_c_on_the_page(pane, tmp_path):
    session = pane()
    page = session.open()
    upload(page, tmp_path, GAP)
    check(page)
    fill_here(page, "three_reverences")
    confirm_plan(page)
    wait_for_notice(page, "success")
    _, after = download_copy(page, tmp_path)
    assert_gap_filled_and_renumbered(after)


# ---- (d) the page: one working copy, one download ----------------------------------------------

SLIP = "一是学习贯彻党的创新理论还不够系统,读原著多在会前突击，结合城建工作思考不深。"
SLIP_FIXED = "一是学习贯彻党的创新理论还不够系统，读原著多在会前突击，结合城建工作思考不深。"


def test_d_fix_then_fill_here_then_complete_all_land_in_one_downloaded_file(pane, tmp_path):
    # The last aspect and 原因剖析 missing, a half-width comma in the first item.
    draft = [TITLE, PREAMBLE, *aspects(ALL[:4]), *MEASURES, CLOSING, DATE]
    draft[draft.index((PROBLEMS["political_loyalty"][0], "body"))] = (SLIP, "body")
    session = pane()
    page = session.open()
    source = upload(page, tmp_path, draft)
    original = source.read_bytes()
    check(page)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    # 改正: the slip, in the working copy.
    item = page.locator(".finding-list li[data-code='lint.halfwidth_punctuation']").first
    item.locator(".fix-button").click()
    wait_for_notice(page, "success")
    page.wait_for_selector(".finding-list li[data-code='lint.halfwidth_punctuation']", state="detached")
    # 在此补写: the missing last aspect, into the same copy.
    fill_here(page, "strict_governance")
    confirm_plan(page)
    page.wait_for_selector(".fill-here[data-part='dimension:strict_governance']", state="detached")
    # 补齐 with one chosen remedy: 原因剖析 and the measure, into the same copy.
    choose_remedies(page, FRAMEWORK, count=1)
    page.click("#basket-commit")
    lines = confirm_plan(page)
    assert any("原因剖析" in line for line in lines) and any("1 条整改措施" in line for line in lines), lines
    wait_for_notice(page, "success")
    assert not downloads  # nothing was downloaded on the way
    assert page.locator("button", has_text="下载修改后的文件").count() == 1
    copy_text = page.text_content("#working-copy-text")
    assert "改正 1 处" in copy_text and "原因剖析" in copy_text and "整改措施" in copy_text
    # Picking another file before downloading asks first; refused, nothing is lost.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click(".file-picker")
    assert asked and "还没有下载" in asked[0] and "改正 1 处" in asked[0]
    assert "尚未下载" in page.text_content("#docx-file-name") and page.is_visible("#working-copy")
    target, after = download_copy(page, tmp_path)
    assert target.name == "我的材料-已修改.docx" and len(downloads) == 1
    assert "已下载" in page.text_content("#docx-file-name")
    assert SLIP_FIXED in after and SLIP not in after
    assert heading_lines(after) == [
        "一、存在问题", *(f"（{CN[n]}）{HEADINGS[k]}" for n, k in enumerate(ALL)), "二、原因剖析", "三、整改措施"]
    last = after.index(MEASURES[-1][0])
    assert after[last + 1].startswith("四是") and after[last + 2:] == [CLOSING[0], DATE[0]]
    assert source.read_bytes() == original  # the picked file is never written
    # 恢复为原文件: back to the picked file, checked again.
    page.click("#copy-restore")
    assert "已恢复为原文件" in wait_for_notice(page, "success")
    page.wait_for_selector(".fill-here[data-part='dimension:strict_governance']")
    assert page.is_hidden("#working-copy")
    session.screenshot("standalone-scenario-d")


# ---- (e) the preview, and 取消 ---------------------------------------------------------------------

@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_e_the_preview_is_shown_and_cancel_changes_nothing(pane, host):
    session, page = host.open(pane, FRAMEWORK, GAP)
    check(page)
    choose_remedies(page, FRAMEWORK)
    page.click("#basket-commit")
    page.wait_for_selector("#plan-confirm[open]")
    session.screenshot(f"{host}-scenario-e-preview")
    assert page.is_visible("#plan-confirm-ok") and page.text_content("#plan-confirm-ok") == "确认插入"
    lines = confirm_plan(page, "取消")
    assert lines and any("3 条整改措施" in line for line in lines)
    assert "已取消" in wait_for_notice(page, "info")
    assert host.texts(page) == texts(GAP) and not host.insert_calls(page)
    assert len(page.query_selector_all("#remedy-basket li")) == 3  # the choice is kept
    # 在此补写, cancelled: no heading renumbered, nothing inserted.
    fill_here(page, "three_reverences")
    confirm_plan(page, "取消")
    assert host.texts(page) == texts(GAP) and not host.insert_calls(page)
    assert page.query_selector(".fill-here[data-part='dimension:three_reverences']")


def test_e_on_the_page(pane, tmp_path):
    session = pane()
    page = session.open()
    upload(page, tmp_path, GAP)
    check(page)
    fills = requests_to(page, "/api/fill/docx")
    fill_here(page, "three_reverences")
    lines = confirm_plan(page, "取消")
    assert lines
    assert "已取消" in wait_for_notice(page, "info")
    page.click("#fill-download-button")
    confirm_plan(page, "取消")
    assert not fills  # only the plans were asked for
    assert page.is_hidden("#working-copy") and page.text_content("#docx-file-name") == "我的材料.docx"
