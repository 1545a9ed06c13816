"""The back matter's words (closing sentences, 整改清单 column headers) are data an organisation and
a user add to, like the other knowledge files: read from their folders without a restart, a wrong
file skipped with its file and field named (catalogue.load_problems), its expressions run by RE2."""
from __future__ import annotations

import io

import docx
import pytest

from addin_server import catalogue
from addin_server.checks import material_parts
from addin_server.checks.material_parts import BackMatterDataError, load_words, parse_words, shipped_words
from addin_server.checks.structure import analyze
from addin_server.config import DEFAULTS
from addin_server.datafiles import parse_toml
from addin_server.frameworks import get_framework
from addin_server.model import Document
from addin_server.render.fill import fill_docx
from addin_server.render.plan import plan_fill
from addin_server.render.remedies import Selection

FRAMEWORK = get_framework("nianhui-2025")
# A unit's own closing, which the shipped words do not know (it opens with 本人将 and asks for 审阅).
OWN_CLOSING = "本人将虚心接受同志们的意见，认真抓好整改落实，敬请审阅。"
OWN_WORDS = '[closing]\nopenings = ["本人将(?:虚心)?接受"]\nasks = ["审阅"]\n'
BODY = ["个人对照检查材料", "一、存在问题", "（一）带头强化政治忠诚、提高政治能力方面",
        "一是学习贯彻党的创新理论不够深入，联系分管工作思考不够。", "二、原因剖析", "一是理论学习不够深入。",
        "三、整改措施", "一是加强理论武装，每月围绕分管工作撰写学习体会。"]


def selections():
    return [Selection("political_loyalty", "nianhui-2025.pl-report-rules", {})]


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """An organisation folder and the user's, as the server finds them (settings, config dir)."""
    org, user = tmp_path / "org", tmp_path / "user"
    org.mkdir()
    (user / "back_matter").mkdir(parents=True)
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(user))
    monkeypatch.setattr(material_parts._folders, "_settings", None)
    material_parts.use_settings(DEFAULTS.replace(back_matter_dir=str(org)))
    try:
        yield org, user / "back_matter"
    finally:
        monkeypatch.undo()
        material_parts.reload()


def test_an_organisations_closing_ends_the_body_and_remedies_go_before_it(folders):
    org, _ = folders
    texts = BODY + [OWN_CLOSING, "2026年1月8日"]
    before = analyze(Document.from_texts(texts), FRAMEWORK)
    assert before.back.start == len(texts) - 1          # the shipped words: only the date is back matter
    (org / "closing.toml").write_text(OWN_WORDS, encoding="utf-8")
    material_parts.reload()
    st = analyze(Document.from_texts(texts), FRAMEWORK)
    assert st.back.start == len(texts) - 2 and st.back.closing == (len(texts) - 2,)
    plan = plan_fill(Document.from_texts(texts), FRAMEWORK, add_missing=False, selections=selections())
    (insertion,) = plan.insertions
    assert insertion.after == len(texts) - 3 and f"结束语“{OWN_CLOSING[:16]}" in insertion.where
    # The shipped wordings still count.
    assert material_parts.is_closing("以上对照检查，请同志们批评指正。")


def _material_with_table(header) -> bytes:
    document = docx.Document()
    for text in BODY + ["以上对照检查，请同志们批评指正。", "附件：整改清单"]:
        document.add_paragraph(text)
    rows = [header, ("1", "学习贯彻党的创新理论不够深入", "加强理论武装", "长期坚持", "张某")]
    table = document.add_table(rows=2, cols=len(header))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_users_column_words_make_the_table_a_checklist(folders):
    _, user = folders
    # 「承办人」 names no column the shipped words know: the table is not kept in step…
    data = _material_with_table(("序号", "存在问题", "整改举措", "整改时限", "承办人"))
    assert fill_docx(data, FRAMEWORK, add_missing=False, selections=selections()).plan.checklist.rows[0][4] == ""
    (user / "columns.toml").write_text('[[checklist_columns]]\nkind = "owner"\nwords = "承办"\n', encoding="utf-8")
    material_parts.reload()
    # …until the user says 承办人 is the 责任人 column: then the writer's name is copied there.
    result = fill_docx(data, FRAMEWORK, add_missing=False, selections=selections())
    rows = [[c.text for c in row.cells] for row in docx.Document(io.BytesIO(result.data)).tables[0].rows]
    assert rows[2][0] == "2" and rows[2][4] == "张某", rows


def test_a_progress_column_is_left_empty_and_does_not_hide_the_table():
    # 「完成情况」 would read as a deadline by its 完成: the shipped words know it as progress.
    data = _material_with_table(("序号", "存在问题", "整改措施", "完成时限", "责任人", "完成情况"))
    document = docx.Document(io.BytesIO(data))
    for row in document.tables[0].rows[1:]:
        row.cells[5].text = "已完成"
    out = io.BytesIO()
    document.save(out)
    plan = fill_docx(out.getvalue(), FRAMEWORK, add_missing=False, selections=selections()).plan
    assert plan.checklist is not None and plan.checklist.rows[0][5] == ""


def test_a_wrong_file_is_skipped_naming_file_and_field_and_the_rest_still_apply(folders):
    org, user = folders
    (org / "closing.toml").write_text(OWN_WORDS, encoding="utf-8")
    (user / "broken.toml").write_text('[[checklist_columns]]\nkind = "remark"\nwords = "备注"\n', encoding="utf-8")
    (user / "lookaround.toml").write_text('[closing]\nopenings = ["以上(?=对照)"]\n', encoding="utf-8")
    material_parts.reload()
    problems = {p.path.rsplit("/", 1)[-1]: p for p in catalogue.load_problems() if "back_matter" in p.path}
    assert set(problems) == {"broken.toml", "lookaround.toml"}
    assert "broken.toml:checklist_columns[0].kind" in problems["broken.toml"].message
    assert "lookaround.toml:closing.openings[0]" in problems["lookaround.toml"].message
    assert problems["broken.toml"].origin == "user"
    assert material_parts.is_closing(OWN_CLOSING)
    assert [origin for _, origin in material_parts.words().sources] == ["shipped", "organisation"]


def test_a_file_dropped_into_a_folder_applies_without_a_restart(folders, monkeypatch):
    org, _ = folders
    monkeypatch.setattr(material_parts._folders.reading, "rescan_seconds", 0)
    assert not material_parts.is_closing(OWN_CLOSING)
    (org / "closing.toml").write_text(OWN_WORDS, encoding="utf-8")
    assert material_parts.is_closing(OWN_CLOSING)
    (org / "closing.toml").unlink()
    assert not material_parts.is_closing(OWN_CLOSING)


def test_a_folder_file_adds_to_the_shipped_words_and_a_shipped_file_needs_them_all():
    base = shipped_words()
    added = parse_words(parse_toml('[closing]\nopenings = ["特此报告"]\n', "mine.toml"), "mine.toml", base, linear=True)
    assert added.closing.match("特此报告。") and added.closing.match("以上对照检查")
    assert added.columns == base.columns and added.asks == base.asks
    with pytest.raises(BackMatterDataError) as error:
        parse_words(parse_toml('[closing]\nopenings = ["以上"]\n', "mine.toml"), "mine.toml")
    assert "mine.toml:checklist_columns: is required" in str(error.value)
    assert load_words(()).sources == base.sources and not load_words(()).problems
