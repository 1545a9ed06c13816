"""One verdict, the same everywhere (checks/verdict.py): where the writer stands in one line, the
findings grouped by what to do about them, placeholders counted as a state, one name per
severity."""
from __future__ import annotations

from addin_server.checks import check
from addin_server.checks.verdict import ACTIONS, SEVERITY_LABELS, action_of
from addin_server.finding_codes import CODES
from addin_server.frameworks import get_framework
from addin_server.model import Document
from addin_server.readers import read_docx
from addin_server.render.scaffold import render_scaffold
from test_material_parts import FRAMEWORK, material


def test_a_fresh_scaffold_is_complete_with_places_to_fill():
    report = check(read_docx(render_scaffold(FRAMEWORK)), FRAMEWORK)
    verdict = report.verdict
    assert verdict.state == "to_fill"
    assert verdict.line == f"结构完整，还有 {verdict.to_fill} 处待填写"
    assert verdict.to_fill > 5
    assert verdict.groups[0].action == "填写"


def test_a_finished_material_is_ready():
    report = check(Document.from_texts(material()), FRAMEWORK)
    findings = [f for f in report.findings if f.code != "length.too_short"]
    assert not [f for f in findings if action_of(f.code) in ("补写", "填写", "改正")], findings


def test_the_verdict_says_what_is_missing_first_then_slips_then_measures():
    texts = material(aspects=[0, 1, 2, 3])
    texts[7] = texts[7].replace("推进缓慢", "推近缓慢") + "要加强学习,提高站位。"
    report = check(Document.from_texts(texts), FRAMEWORK)
    verdict = report.verdict
    assert verdict.state == "incomplete"
    assert verdict.line.startswith("结构不完整，还差 1 个方面")
    actions = [g.action for g in verdict.groups]
    assert actions == sorted(actions, key=[a for a, _ in ACTIONS].index)
    assert actions[0] == "补写"
    fixes = next(g for g in verdict.groups if g.action == "改正")
    assert fixes.safe_fixes >= 1 and "可一键改正" in verdict.line
    as_json = report.to_dict()["verdict"]
    assert as_json["line"] == verdict.line and sum(g["count"] for g in as_json["groups"]) == len(report.findings)


def test_every_code_has_an_action_and_every_severity_one_name():
    known = {a for a, _ in ACTIONS}
    assert all(action_of(code) in known for code in CODES)
    assert set(SEVERITY_LABELS) == {severity for severity, _ in CODES.values()} | {"error", "warning", "info"}
    assert get_framework("nianhui-2025") is FRAMEWORK or FRAMEWORK.id == "nianhui-2025"
