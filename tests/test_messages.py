"""Every finding a writer sees, checked against one table: one row per code in finding_codes.CODES.

A message says what is wrong and what to do, in plain Chinese, quoting the text it concerns; codes,
scores and internal ids (framework ids, dimension and section keys) stay in `code`, `details` and
the JSON. The test iterates over CODES, so a code added later fails here until it has a row.
Each fix a finding carries is applied to the text and the material re-checked: the finding is gone.
"""
from __future__ import annotations

import re

import pytest

import materials as M
from addin_server.checks import check
from addin_server.checks.report import apply_to_text, non_overlapping
from addin_server.finding_codes import CODES
from addin_server.frameworks import get_framework, list_frameworks
from addin_server.model import Document

# Words that tell the writer what to do.
ACTIONS = ("请", "可点", "改为", "补写", "删去", "调整", "合并", "拆成")
# Correspondence scores are 0.xx; "1.5 倍行距" or "28.95 磅" are what the writer sets.
_SCORE = re.compile(r"(?<![\d.])0\.\d{2}(?!\d)|得分|分数|score", re.I)


def _texts(paras):
    return M.texts(paras)


def _complete():
    return _texts(M.complete())


def _replace(texts, old, new):
    return [new if t == old else t for t in texts]


def _insert_after(texts, anchor, *new):
    i = texts.index(anchor) + 1
    return texts[:i] + list(new) + texts[i:]


def _first_item(key):
    return M.PROBLEMS[key][1][0]


def _swap_dimensions():
    texts = _complete()
    a, b = texts.index("（二）政治素质方面"), texts.index("（三）能力本领方面")
    end_b = texts.index("（四）担当作为方面")
    return texts[:a] + texts[b:end_b] + texts[a:b] + texts[end_b:]


def _measures_first():
    texts = _complete()
    c, m = texts.index("二、原因剖析"), texts.index("三、整改措施")
    return texts[:c] + texts[m:] + texts[c:m]


def _docx_default_layout():
    return M.build_docx(M.complete())


# code → (texts of the material, or bytes of a .docx for the format codes; a fragment the message quotes)
MESSAGE_CASES = {
    "section.missing": (lambda: _complete()[:_complete().index("二、原因剖析")]
                        + _complete()[_complete().index("三、整改措施"):], "原因剖析"),
    "section.out_of_order": (_measures_first, "三、整改措施"),
    "section.empty": (lambda: [t for t in _complete() if t not in M.CAUSES], "二、原因剖析"),
    "section.duplicated": (lambda: _complete() + ["三、整改措施", "七是补充一条措施。"], "三、整改措施"),
    "dimension.missing": (lambda: _texts(M.without_dimension("ability")), "能力本领"),
    "dimension.duplicated": (lambda: _insert_after(_complete(), M.PROBLEMS["integrity"][1][-1], "（七）理论学习方面",
                                           "一是补充的问题。", "二是又一个问题。"), "理论学习"),
    "dimension.out_of_order": (_swap_dimensions, "能力本领"),
    "dimension.empty": (lambda: [t for t in _complete() if t not in M.PROBLEMS["ability"][1]], "能力本领"),
    "dimension.unrecognised": (lambda: _replace(_complete(), "（五）工作作风方面", "（五）数字化转型方面"),
                               "（五）数字化转型方面"),
    "items.too_few": (lambda: [t for t in _complete() if t not in M.PROBLEMS["ability"][1][1:]], "能力本领"),
    "numbering.skipped": (lambda: _replace(_complete(), "（四）担当作为方面", "（五）担当作为方面"), "（五）"),
    "numbering.repeated": (lambda: _replace(_complete(), _first_item("politics"),
                                            "二是" + _first_item("politics")[2:]), "二是"),
    "placeholder.unfilled": (lambda: _complete() + ["【请填写：本人职务】"], "【请填写：本人职务】"),
    "placeholder.filler": (lambda: _complete() + ["联系人：XXX同志"], "XXX"),
    "remedy.unmatched": (lambda: _insert_after(_complete(), M.PROBLEMS["responsibility"][1][-1],
                                               "三是公务用车管理不严，私车公养的苗头没有及时制止。"), "公务用车管理不严"),
    "document.empty": (lambda: ["", " "], ""),
    "lint.halfwidth_punctuation": (lambda: _complete() + ["对于个别干部违规逾矩,以及推进中的矛盾"], "违规逾矩,以及"),
    "lint.unpaired_marks": (lambda: _complete() + ["学习“两个确立的决定性意义。"], "“"),
    "lint.document_number_brackets": (lambda: _complete() + ["按照国办发[2023]5号文件要求落实。"], "[2023]5号"),
    "lint.doubled_punctuation": (lambda: _complete() + ["学习不够深入，，还需要加强。"], "，，"),
    "lint.problem_as_achievement": (lambda: _replace(_complete(), _first_item("ability"),
                                                     "一是数据治理工作取得显著成效。"), "取得显著成效"),
    "lint.problem_as_suggestion": (lambda: _replace(_complete(), _first_item("ability"),
                                                    "一是建议上级加大培训力度。"), "建议上级"),
    "lint.paragraph_too_long": (lambda: _complete() + ["这一段写得很长。" * 80], "这一段写得很长"),
    "length.too_short": (_complete, ""),
    "length.too_long": (lambda: _complete() + ["补充说明的内容。" * 60] * 30, ""),
    # Proofreading (checks/proof/): a sentence with one slip of each kind added to the material.
    "proof.typo": (lambda: _complete() + ["对上级的决策布署落实不够迅速。"], "布署"),
    "proof.garbled": (lambda: _complete() + ["不折不扣贯学习彻党的路线方针政策。"], "贯学习彻"),
    "proof.doubled": (lambda: _complete() + ["对理论的的学习不够系统。"], "的的"),
    "proof.formulation": (lambda: _complete() + ["增强政治意识、大局意识、看齐意识、核心意识。"], "四个意识"),
    "proof.outdated_reference": (lambda: ["2025年度民主生活会个人对照检查材料"] + _complete()[1:]
                                 + ["深入学习贯彻党的十九大精神还不够。"], "十九大"),
    "proof.number": (lambda: _complete() + ["全年调研覆盖率达到百分之90以上。"], "百分之90"),
    "proof.marks": (lambda: _complete() + ["对「四风」问题反弹回潮警惕不够。"], "四风"),
    # Substance (checks/substance/): one item of each kind put into the material.
    "content.generic": (_complete, "何时、何事、什么后果"),
    "content.praise_as_problem": (lambda: _replace(_complete(), _first_item("ability"),
                                                   "一是工作太投入，忽视了身体健康。"), "忽视了身体"),
    "content.blames_others": (lambda: _replace(_complete(), _first_item("ability"),
                                               "一是个别干部纪律意识淡薄，迟到早退时有发生。"), "个别干部"),
    "content.cause_restates": (lambda: _replace(_complete(), M.CAUSES[2],
                                                "三是学习的系统性不强，学用结合不够紧密，调查研究深度不够，督促检查不够有力。"),
                               "学习的系统性不强"),
    "content.measure_vague": (_complete, "完成时限"),
    "proof.skipped": (lambda: _complete() + ["对理论学习不够系统。" * 1100], "拆成几段"),
    "format.page_size": (_docx_default_layout, ""),
    "format.page_margins": (_docx_default_layout, ""),
    "format.font": (_docx_default_layout, "「"),
    "format.size": (_docx_default_layout, "「"),
    "format.line_spacing": (_docx_default_layout, "「"),
    # Batch review (review/batch.py): findings of one material against the others of its set.
    "review.similar": (lambda: _review_set("similar"), "「另一份.docx」"),
    "review.carried_over": (lambda: _review_set("carried"), "上年度"),
    "review.boilerplate": (lambda: _review_set("boilerplate"), "一字不差"),
}


class _ReviewSet(list):
    """A set of materials reviewed together: the findings of the first ("本人.docx") are checked."""


def _review_set(kind):
    texts = _complete()
    other = texts[:1] + ["另一个人写的开头段落，与本人材料不同。"] + texts[2:]
    if kind == "similar":
        return _ReviewSet([("本人.docx", texts), ("另一份.docx", other)])
    if kind == "boilerplate":
        # Four different writers' materials sharing one sentence (copying is not the point).
        shared = "坚持以问题为导向，把自己摆进去、把职责摆进去、把工作摆进去。"
        return _ReviewSet([(name, [f"{name}的对照检查材料", f"{name}写的第{i}段，内容各不相同，谈本人的情况。", shared])
                           for i, name in enumerate(["本人.docx", "甲.docx", "乙.docx", "丙.docx"])])
    return _ReviewSet([("本人.docx", texts), ("上年度/本人.docx", other)])


def _batch_findings(review, code):
    from addin_server.review.batch import Source, review_sources

    sources = [Source(name, M.build_docx([(t, None) for t in texts])) for name, texts in review]
    current = [s for s in sources if not s.name.startswith("上年度")]
    previous = [s for s in sources if s.name.startswith("上年度")]
    result = review_sources(current, previous, jobs=1)
    row = next(f for f in result.files if f.name == "本人.docx")
    from addin_server.review.annotated_set import finding_from_dict

    return [finding_from_dict(f) for f in row.findings if f["code"] == code]


def _findings(code):
    build, _ = MESSAGE_CASES[code]
    material = build()
    if isinstance(material, _ReviewSet):
        return material, _batch_findings(material, code)
    if isinstance(material, bytes):
        from addin_server.review.format_lint import format_lint

        return material, [f for f in format_lint(material) if f.code == code]
    return material, [f for f in check(Document.from_texts(material)).findings if f.code == code]


def _internal_ids():
    ids = set(CODES)
    for fw in list_frameworks():
        framework = get_framework(fw.id)
        ids.add(framework.id)
        ids.update(d.key for d in framework.dimensions)
        ids.update(s.key for s in framework.sections)
    return ids


INTERNAL = _internal_ids()


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_plain_actionable_message(code):
    assert code in MESSAGE_CASES, (
        f"{code} has no row in MESSAGE_CASES (tests/test_messages.py): add a material that raises it")
    _, fragment = MESSAGE_CASES[code]
    _, findings = _findings(code)
    assert findings, f"the row for {code} raises no {code} finding"
    for f in findings:
        message = f.message
        assert re.search(r"[\u4e00-\u9fff]", message), message
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", message))
        assert not words & INTERNAL, (message, words & INTERNAL)
        assert not any(c in message for c in CODES), message
        assert not _SCORE.search(message), message
        assert any(a in message for a in ACTIONS), f"{code}: the message tells no action: {message}"
        if f.paragraph is not None:
            # A finding about a place quotes its text, so it can be found where paragraphs have
            # no numbers (Word, WPS).
            assert "「" in message, message
        assert fragment in message, (fragment, message)


def test_correspondence_scores_are_details_not_the_message():
    texts = MESSAGE_CASES["remedy.unmatched"][0]()
    (f,) = [f for f in check(Document.from_texts(texts)).findings if f.code == "remedy.unmatched"]
    assert not _SCORE.search(f.message)
    # The line behind 「详情」 says why in words; the score and threshold stay in the code.
    assert not _SCORE.search(f.details) and "共同词语" in f.details and "最接近的措施" in f.details


@pytest.mark.parametrize("code", sorted(c for c in CODES if c in MESSAGE_CASES))
def test_each_fix_applied_and_the_recheck_is_clean(code):
    material, findings = _findings(code)
    fixes = [f.fix for f in findings if f.fix is not None]
    if not fixes or isinstance(material, (bytes, _ReviewSet)):
        return  # codes without a machine fix (or fixed on the file: tests/test_fixes.py)
    texts = list(material)
    edits = non_overlapping(e for fix in fixes for e in fix.edits)
    for index in {e.paragraph for e in edits}:
        texts[index] = apply_to_text(texts[index], [e for e in edits if e.paragraph == index])
    after = [f for f in check(Document.from_texts(texts)).findings if f.code == code]
    assert not after, [f.message for f in after]


def test_mechanical_lint_findings_carry_fixes():
    for code in ("lint.halfwidth_punctuation", "lint.doubled_punctuation", "lint.document_number_brackets"):
        _, findings = _findings(code)
        assert all(f.fix and f.fix.edits and f.fix.label for f in findings), code


def test_item_texts_come_back_as_written():
    texts = _replace(_complete(), _first_item("theory"), "一是 学习的系统性不强, 读原著（选读）时跟着安排走。")
    report = check(Document.from_texts(texts))
    theory = next(d for d in report.dimensions if d.key == "theory")
    assert theory.item_texts[0] == "一是 学习的系统性不强, 读原著（选读）时跟着安排走。"


def test_missing_sections_say_where_to_write_them():
    texts = [t for t in _complete() if t != "一、存在问题"]
    (f,) = [f for f in check(Document.from_texts(texts)).findings if f.code == "section.missing"]
    assert f.severity == "warning" and "「（一）理论学习方面」之前补上「一、存在问题」" in f.message
    assert f.paragraph == texts.index("（一）理论学习方面")
    texts = _complete()[:_complete().index("二、原因剖析")] + _complete()[_complete().index("三、整改措施"):]
    (f,) = [f for f in check(Document.from_texts(texts)).findings if f.code == "section.missing"]
    assert "放在「一、存在问题」部分之后" in f.message and f.paragraph == texts.index("三、整改措施") - 1
    texts = _texts(M.without_dimension("ability"))
    (f,) = [f for f in check(Document.from_texts(texts)).findings if f.code == "dimension.missing"]
    assert f.message.startswith("「（二）政治素质方面」之后缺少「（三）能力本领方面」")
    assert f.paragraph == texts.index("（三）担当作为方面") - 1  # the last paragraph before where it goes
