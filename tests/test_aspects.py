"""Aspects as writers mark and word them, in the nine .docx shapes (aspect_shapes.py), with the
evidence each is told by; meeting types no framework covers stay "none fits"; a framework made
from a material (`frameworks new --from-docx`, 新建框架) finds every aspect of the same material.

The materials (aspect_materials.py) are original. A further set, tests/test_aspects_unseen.py,
is kept apart and only measured at the end (see its docstring).
"""
from __future__ import annotations

import functools

import pytest

import aspect_materials as A
from aspect_shapes import SHAPES
from addin_server.checks import check, problem_headings, recognise_material
from addin_server.checks.analysis.lines import read_lines
from addin_server.checks.analysis.marks import BULLETS, LABEL, ORDINAL, PLAIN, RUN_IN, aspect_opening, heading_part
from addin_server.checks.structure import analyze
from addin_server.checks.recognise import recognise
from addin_server.frameworks import get_framework, list_frameworks
from addin_server.frameworks import registry
from addin_server.frameworks.build import build_framework
from addin_server.frameworks.thesaurus import ThesaurusError, Thesaurus, parse_groups, shipped_groups
from addin_server.model import Document
from addin_server.readers import read_docx


@functools.lru_cache(maxsize=None)
def _document(case_name: str, shape: str):
    case = next(c for c in A.DEV + A.FOREIGN if c.name == case_name)
    return read_docx(SHAPES[shape](case.lines))


def _framework(case):
    if case.notice:
        return build_framework("2026年度民主生活会（通知四条）", list(case.notice), framework_id="notice-2026")
    return get_framework(case.framework)


def _summary(report):
    return [(d.key, d.evidence) for d in report.dimensions]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", A.DEV, ids=lambda c: c.name)
def test_each_mark_and_evidence_in_every_shape(case, shape):
    document = _document(case.name, shape)
    framework = _framework(case)
    expected = [(d.key, how) for d, how in zip(framework.dimensions, case.evidence)]
    # Named: every aspect found, each told by the evidence expected, nothing left over.
    named = check(document, framework)
    assert _summary(named) == expected, [f.message for f in named.findings if f.severity != "info"]
    codes = {f.code for f in named.findings}
    assert not codes & {"dimension.missing", "dimension.unrecognised", "dimension.duplicated"}
    # Recognised among every framework (and the notice's own when it is one).
    frameworks = list_frameworks() + ([framework] if case.notice else [])
    rec = recognise_material(document, frameworks)
    assert rec.framework.id == framework.id and rec.fits, rec.reason
    if not case.notice:
        auto = check(document, "auto")
        assert auto.framework_id == framework.id and auto.recognition.fits, auto.recognition.reason
        assert _summary(auto) == expected


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", A.DEV + A.FOREIGN, ids=lambda c: c.name)
def test_a_framework_made_from_the_material_finds_every_aspect_of_it(case, shape):
    document = _document(case.name, shape)
    headings = problem_headings(document)
    aspects = sum(role == "aspect" for _, role in case.lines) or len(case.evidence)
    assert len(headings) == aspects, headings
    made = build_framework("按文中标题新建的框架", list(headings))
    report = check(document, made)
    assert all(d.present and d.evidence in ("name", "derived") for d in report.dimensions), (
        headings, _summary(report))
    assert not {f.code for f in report.findings} & {"dimension.missing", "dimension.unrecognised"}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", A.FOREIGN, ids=lambda c: c.name)
def test_a_meeting_type_no_framework_covers_is_claimed_by_none(case, shape):
    document = _document(case.name, shape)
    rec = recognise(document)
    assert not rec.fits, rec.reason
    assert "新建" in rec.reason
    report = check(document)
    assert not report.recognition.fits
    assert not any(d.present and d.evidence == "order" for d in report.dimensions)


# ---- what opens an aspect ------------------------------------------------------------------

def _opening(text: str):
    line = read_lines(Document.from_texts([text]))[0]
    found = aspect_opening(line)
    return found and (found.kind, line.folded[found.name_start:found.name_end], found.marked)


@pytest.mark.parametrize("text, expected", [
    ("对照带头敬畏人民、敬畏组织、敬畏法纪的要求，一是……", (RUN_IN, "带头敬畏人民、敬畏组织、敬畏法纪", True)),
    ("对照政治忠诚方面，一是……", (RUN_IN, "政治忠诚", True)),
    ("在联系服务群众上，一是……", (RUN_IN, "联系服务群众", False)),
    ("【担当作为方面】一是……", (LABEL, "担当作为方面", True)),
    ("第二，【担当作为方面】一是……", (ORDINAL, "担当作为方面", True)),
    ("第三，担当作为方面：一是……", (ORDINAL, "担当作为方面", True)),
    ("◆ 担当作为方面", ("◆", "担当作为方面", True)),
    ("★担当作为方面：一是……", ("★", "担当作为方面", True)),
    ("（二）担当作为方面一是遇到难题绕着走。", ("（一）", "担当作为方面", True)),
    ("（二）担当作为方面：一是遇到难题绕着走。", ("（一）", "担当作为方面", True)),
    ("（二）在担当作为方面，一是遇到难题绕着走。", ("（一）", "在担当作为方面", True)),
    ("在担当作为方面", (PLAIN, "在担当作为方面", True)),              # bold in WPS, no number
    ("党性修养提高情况：", (PLAIN, "党性修养提高情况", True)),
    ("在锤炼党性方面一是学习不深。", (PLAIN, "在锤炼党性方面", True)),  # glued, no number
])
def test_each_mark_opens_an_aspect_and_gives_its_name_part(text, expected):
    assert _opening(text) == expected


@pytest.mark.parametrize("text", [
    "第一，学习不够深入，满足于读文件。",      # an item, not an aspect
    "【请填写：本方面的具体问题】",            # a scaffold's prompt
    "在工作中，有时标准不高。",
    "一是学用脱节。",
])
def test_items_and_prose_open_no_aspect(text):
    found = _opening(text)
    assert found is None or not found[2]


def test_bullets_are_the_typed_ones_writers_use():
    assert set("◆●■▲★☆※") <= set(BULLETS)


def test_a_glued_heading_is_read_as_its_heading_part():
    folded = "(二)安全生产监管方面一是履行一岗双责不够到位。"
    assert folded[3:heading_part(folded, 3)] == "安全生产监管方面"


# ---- matching by meaning and by place ------------------------------------------------------

def test_shipped_thesaurus_holds_the_genres_words():
    words = Thesaurus(shipped_groups())
    for a, b in [("造福群众", "为民造福"), ("遵规守纪", "严守纪律"), ("清正廉洁", "廉洁自律"),
                 ("政绩导向", "政绩观"), ("扛牢", "扛起")]:
        assert words.canonical(a) == words.canonical(b), (a, b)


@pytest.mark.parametrize("data, field", [
    ({"thesaurus": [{"words": ["只有一个"]}]}, "thesaurus[0].words"),
    ({"thesaurus": [{"words": ["甲乙", "丙 丁"]}]}, "thesaurus[0].words[1]"),
    ({"thesaurus": [{"words": ["甲乙", ""]}]}, "thesaurus[0].words[1]"),
    ({"thesaurus": []}, "thesaurus"),
    ({"thesaurus": [{"word": ["甲乙", "丙丁"]}]}, "thesaurus[0].words"),
])
def test_a_broken_thesaurus_names_file_and_field(data, field):
    with pytest.raises(ThesaurusError) as err:
        parse_groups(data, "words.toml")
    assert err.value.field == field and str(err.value).startswith(f"words.toml:{field}:")


@pytest.fixture
def folders(tmp_path, monkeypatch):
    from addin_server.config import Settings

    user, org = tmp_path / "config", tmp_path / "share"
    org.mkdir()
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(user))
    registry.use_settings(Settings(frameworks_dir=str(org)))
    yield user / "frameworks", org
    registry.use_settings(None)


def test_an_organisation_adds_its_own_words(folders):
    _, org = folders
    texts = ["个人对照检查材料", "一、存在的问题", "（一）强基固本方面", "一是学习不深。二是联系实际少。",
             "（二）担当作为方面", "一是畏难。二是守成。", "二、原因剖析", "一是放松学习。", "三、整改措施", "一是加强学习。"]
    # Three aspects, two headings: no place to go by.
    framework = build_framework("单位框架", ["带头固本培元、增强党性", "带头干事创业、担当作为", "带头严守纪律规矩"])
    before = analyze(Document.from_texts(texts), framework)
    assert [b.key for b in before.dimensions] == ["aspect2"] and before.unmatched_headings
    (org / "our-words.toml").write_text('[[thesaurus]]\nwords = ["固本培元", "强基固本"]\n', encoding="utf-8")
    (org / "broken-words.toml").write_text('[[thesaurus]]\nwords = ["一个"]\n', encoding="utf-8")
    registry.reload()
    after = analyze(Document.from_texts(texts), framework)
    assert [(b.key, b.evidence) for b in after.dimensions] == [("aspect1", "thesaurus"), ("aspect2", "derived")]
    problems = {p.path.rsplit("/", 1)[-1]: p.message for p in registry.load_problems()}
    assert "thesaurus[0].words" in problems["broken-words.toml"]


PARAPHRASED = ["（一）在把准政治方向、对党忠诚老实上", "（二）在补钙壮骨、锤炼品格上",
               "（三）在心存敬畏、慎独慎微上", "（四）在攻坚克难、担当尽职上", "（五）在落实主体责任、从严管理上"]


def _material(headings, items=A.ITEMS_A):
    return Document.from_texts(["个人对照检查材料", "一、存在的问题",
                                *[t for h, its in zip(headings, items) for t in (h, *its)],
                                "二、原因剖析", "一是放松学习。", "三、整改措施", "一是加强学习。"])


def test_by_order_when_the_headings_stand_in_the_aspects_places():
    report = check(_material(PARAPHRASED), "nianhui-2025")
    assert [d.present for d in report.dimensions] == [True] * 5
    assert {d.evidence for d in report.dimensions[1:]} == {"order"}
    assert report.to_dict()["dimensions"][2]["evidence_note"] == "按顺序对应"
    assert not {f.code for f in report.findings} & {"dimension.missing", "dimension.unrecognised"}


def test_no_order_when_a_named_heading_stands_elsewhere_or_the_count_differs():
    swapped = [PARAPHRASED[0], "（二）在干事创业、担当作为方面", *PARAPHRASED[2:]]
    report = check(_material(swapped), "nianhui-2025")
    assert not any(d.evidence == "order" for d in report.dimensions)
    unrecognised = [f for f in report.findings if f.code == "dimension.unrecognised"]
    assert len(unrecognised) >= 2   # each heading matched by none has its finding
    fewer = check(_material(PARAPHRASED[:4]), "nianhui-2025")
    assert not any(d.evidence == "order" for d in fewer.dimensions)


def test_no_order_for_a_heading_whose_words_say_another_aspect():
    headings = list(PARAPHRASED)
    headings[2] = "（三）在攻坚克难、担当上"          # says 担当作为, the fourth, at the third place
    report = check(_material(headings), "nianhui-2025")
    third = report.dimensions[2]
    assert not (third.present and third.evidence == "order")


def test_a_heading_named_by_none_is_reported_even_when_nothing_matched():
    headings = ["（一）安全生产方面", "（二）项目资金方面", "（三）数字政务方面"]
    report = check(_material(headings), "nianhui-2025")
    unrecognised = [f for f in report.findings if f.code == "dimension.unrecognised"]
    assert [f.paragraph for f in unrecognised] == [2, 5, 8]
    assert all("对应不上" in f.message for f in unrecognised)


def test_words_inside_items_never_make_a_framework_fit():
    glued = ["个人对照检查材料", "一、存在的问题",
             "（一）安全生产监管方面一是履行一岗双责不够到位。二是督查流于形式。",
             "（二）项目资金管理方面一是担当作为不够。二是绩效评价走过场。",
             "（三）数字政务建设方面一是理论学习不深。二是系统重复建设。",
             "二、原因剖析", "一是责任意识不强。", "三、整改措施", "一是建立台账。"]
    rec = recognise(Document.from_texts(glued))
    assert not rec.fits and rec.headings == ("（一）安全生产监管方面", "（二）项目资金管理方面", "（三）数字政务建设方面")


def test_recognition_says_which_evidence_it_went_by():
    case = next(c for c in A.DEV if c.notice)
    framework = _framework(case)
    rec = recognise(_document(case.name, "styled"), [framework, *list_frameworks()])
    assert rec.framework.id == framework.id and rec.fits
    assert "3 个按同义表述对应" in rec.reason


def test_cli_from_docx_reads_soft_breaks_like_a_check(tmp_path, capsys):
    from addin_server.cli import main

    case = A.DEV[3]
    path = tmp_path / "材料.docx"
    path.write_bytes(SHAPES["soft-breaks"](case.lines))
    out = tmp_path / "new.toml"
    assert main(["frameworks", "new", "我的框架", "--from-docx", str(path), "-o", str(out)]) == 0
    from addin_server.frameworks import load_framework_file

    made = load_framework_file(out)
    assert [d.title for d in made.dimensions] == [h.split("）", 1)[1] for h, r in case.lines if r == "aspect"]
    report = check(read_docx(path.read_bytes()), made)
    assert all(d.present for d in report.dimensions)


def test_pane_new_framework_reads_the_paragraphs_as_a_check_does(folders):
    """新建框架 in the pane posts the document's paragraphs: soft line breaks (Word's \\v) and
    headings glued to their first item are read as the check reads them."""
    from addin_server.app import create_app
    from addin_server.config import Settings

    client = create_app(Settings(frameworks_dir=str(folders[1]))).test_client()
    headings = ["（一）安全生产监管方面", "（二）项目资金管理方面", "（三）数字政务建设方面"]
    paragraphs = [{"text": "个人对照检查材料"},
                  {"text": "一、存在的问题\v" + headings[0] + "\v一是履行一岗双责不够到位。二是督查流于形式。"},
                  {"text": headings[1] + "一是担当作为不够。二是绩效评价走过场。"},
                  {"text": headings[2] + "：一是理论学习不深。二是系统重复建设。"},
                  {"text": "二、原因剖析\v一是责任意识不强。"}, {"text": "三、整改措施\v一是建立台账。"}]
    draft = client.post("/api/framework-drafts", json={"title": "安全生产专题", "paragraphs": paragraphs},
                        base_url="https://localhost:3000")
    assert draft.status_code == 200, draft.get_data(as_text=True)
    assert [d["title"] for d in draft.get_json()["dimensions"]] == [h[3:] for h in headings]
    report = client.post("/api/check", json={"paragraphs": paragraphs, "framework": "auto"},
                         base_url="https://localhost:3000").get_json()
    assert report["recognition"]["fits"] is False
    assert report["recognition"]["headings"] == headings
    assert all(d["evidence"] is None for d in report["dimensions"])


# ---- the round trip as a property: any aspects, any mark ------------------------------------

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Two-character words of the genre's kind, none a section name or an item mark.
_WORDS = ("安全", "生产", "项目", "资金", "数字", "政务", "乡村", "振兴", "生态", "环保", "教育", "医疗",
          "营商", "环境", "城市", "更新", "应急", "管理", "财政", "审计", "人才", "科技", "文旅", "交通")
_MARKS = {
    "numbered": lambda n, name: [f"（{A.CN[n]}）{name}方面", "一是落实不够有力。二是跟踪问效不及时。"],
    "glued": lambda n, name: [f"（{A.CN[n]}）{name}方面一是落实不够有力。二是跟踪问效不及时。"],
    "bullet": lambda n, name: [f"◆ {name}方面", "一是落实不够有力。二是跟踪问效不及时。"],
    "label": lambda n, name: [f"第{A.CN[n]}，【{name}方面】一是落实不够有力。二是跟踪问效不及时。"],
    "run-in": lambda n, name: [f"对照{name}的要求，一是落实不够有力。二是跟踪问效不及时。"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS)).map("".join),
                      min_size=2, max_size=6, unique=True),
       mark=st.sampled_from(sorted(_MARKS)), soft=st.booleans())
def test_any_aspects_under_any_mark_make_a_framework_that_finds_them_all(names, mark, soft):
    body = [line for n, name in enumerate(names) for line in _MARKS[mark](n, name)]
    texts = ["个人对照检查材料", "一、存在的问题", *body, "二、原因剖析", "一是责任意识不强。",
             "三、整改措施", "一是建立台账。"]
    if soft:   # the problems section on soft line breaks of one paragraph
        end = texts.index("二、原因剖析")
        texts = texts[:1] + ["\v".join(texts[1:end])] + texts[end:]
    document = Document.from_texts(texts)
    headings = problem_headings(document)
    assert len(headings) == len(names), headings
    made = build_framework("按文中标题新建的框架", list(headings))
    report = check(document, made)
    assert [d.present for d in report.dimensions] == [True] * len(names), headings
    assert not {f.code for f in report.findings} & {"dimension.missing", "dimension.unrecognised",
                                                    "dimension.duplicated", "dimension.out_of_order"}


def test_headings_and_run_in_openings_in_one_material_are_all_aspects():
    texts = ["个人对照检查材料", "一、存在的问题",
             "（一）理论学习方面", "一是学得不深。二是用得不够。",
             "（二）政治素质方面", "一是敏锐性不强。二是执行打折扣。",
             "在能力本领方面，一是本领不足。二是方法不多。",
             "在担当作为方面，一是畏难。二是守成。",
             "在工作作风方面，一是会多。二是调研少。",
             "（六）廉洁自律方面", "一是要求放松。二是管身边人不严。",
             "二、原因剖析", "一是放松学习。", "三、整改措施", "一是加强学习。"]
    report = check(Document.from_texts(texts), "zhuti-2023")
    assert all(d.present for d in report.dimensions)
    assert [d.item_count for d in report.dimensions] == [2] * 6


def test_a_material_laid_out_as_a_table_of_columns_makes_its_framework():
    """对照方面 | 存在问题 | 整改措施, a row per aspect: --from-docx reads it column by column, as a
    check does (table_layout.py), and the framework made finds every row's aspect."""
    import io

    import docx

    rows = [("安全生产监管方面", "一是隐患排查不细。二是督查流于形式。", "一是建立隐患台账。二是每月督查。"),
            ("项目资金管理方面", "一是审核把关不严。二是绩效评价走过场。", "一是严格审核。二是引入第三方评价。"),
            ("数字政务建设方面", "一是数据共享慢。二是系统重复建设。", "一是统一平台。二是清理系统。")]
    document = docx.Document()
    document.add_paragraph("个人对照检查材料")
    table = document.add_table(rows=len(rows) + 1, cols=3)
    for c, title in enumerate(("对照方面", "存在问题", "整改措施")):
        table.cell(0, c).text = title
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    material = read_docx(out.getvalue())
    headings = problem_headings(material)
    assert headings == tuple(r[0] for r in rows)
    report = check(material, build_framework("安全生产专题", list(headings)))
    assert all(d.present and d.item_count == 2 for d in report.dimensions), _summary(report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS)).map("".join),
                      min_size=3, max_size=6, unique=True),
       mark=st.sampled_from(sorted(_MARKS)), soft=st.booleans())
def test_headings_of_another_meeting_type_never_fit_whatever_the_items_say(names, mark, soft):
    """Words of the shipped aspects inside items (一岗双责, 担当作为, 理论学习, 政治纪律) never make a
    framework fit a material whose headings name none of them."""
    items = "一是履行一岗双责不够。二是担当作为不足，理论学习和政治纪律意识不强。"
    body = [line.replace("一是落实不够有力。二是跟踪问效不及时。", items)
            for n, name in enumerate(names) for line in _MARKS[mark](n, name)]
    texts = ["个人对照检查材料", "一、存在的问题", *body, "二、原因剖析", "一是责任意识不强。",
             "三、整改措施", "一是建立台账。"]
    if soft:
        end = texts.index("二、原因剖析")
        texts = texts[:1] + ["\v".join(texts[1:end])] + texts[end:]
    rec = recognise_material(Document.from_texts(texts))
    assert not rec.fits, rec.reason
