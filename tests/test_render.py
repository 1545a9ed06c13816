"""The scaffold renderer and the GB/T 9704 format: real .docx files read back with python-docx."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from addin_server import placeholders
from addin_server.checks import check, resolve_framework
from addin_server.frameworks import get_framework, list_frameworks
from addin_server.readers import read_docx
from addin_server.render import ScaffoldOptions, ScaffoldOptionsError, default_title, render_scaffold
from addin_server.render import gbt9704
from addin_server.render.engine import template_bytes
from addin_server.render.numerals import chinese_numeral
from addin_server.render.plan import plan_fill
from addin_server.render.remedies import Selection
from addin_server.remedies.library import list_remedies

FRAMEWORKS = [f.id for f in list_frameworks()]
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def open_docx(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def optional_keys(framework):
    return tuple(s.key for s in framework.sections if s.role == "other")


def body_paragraphs(document):
    return [p for p in document.paragraphs]


# ------------------------------------------------------------------------------ page and styles


def test_page_setup_is_a4_with_the_standard_margins():
    section = open_docx(render_scaffold()).sections[0]
    mm = lambda length: length / 36_000  # noqa: E731 - EMU per mm
    assert mm(section.page_width) == pytest.approx(210, abs=0.1)
    assert mm(section.page_height) == pytest.approx(297, abs=0.1)
    assert mm(section.top_margin) == pytest.approx(37, abs=0.1)
    assert mm(section.bottom_margin) == pytest.approx(35, abs=0.1)
    assert mm(section.left_margin) == pytest.approx(28, abs=0.1)
    assert mm(section.right_margin) == pytest.approx(26, abs=0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == str(gbt9704.PAGE.line_pitch_twips)


def test_line_pitch_and_character_spacing_give_22_lines_of_28_characters():
    page = gbt9704.PAGE
    assert page.lines_per_page * page.line_pitch_twips <= page.text_height_twips
    assert (page.lines_per_page + 1) * page.line_pitch_twips > page.text_height_twips
    pitch_twips = page.body_size_pt * 20 + page.char_spacing_twips
    assert page.chars_per_line * pitch_twips <= page.text_width_twips
    assert (page.chars_per_line + 1) * pitch_twips > page.text_width_twips


EXPECTED_STYLES = {
    # name: (East-Asian font, size pt, bold, outline level)
    "公文标题": ("方正小标宋简体", 22, False, None),
    "一级标题": ("黑体", 16, False, 1),
    "二级标题": ("楷体_GB2312", 16, False, 2),
    "三级标题": ("仿宋_GB2312", 16, True, 3),
    "公文正文": ("仿宋_GB2312", 16, False, None),
}


@pytest.mark.parametrize("name", EXPECTED_STYLES)
def test_named_styles_carry_font_size_spacing_and_outline_level(name):
    font, size, bold, outline = EXPECTED_STYLES[name]
    style = open_docx(render_scaffold()).styles[name]
    element = style.element
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:eastAsia")) == font
    assert style.font.size.pt == size
    assert bool(style.font.bold) == bold
    assert style.base_style is None  # standalone: keeps its look in a user's document
    spacing = element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) == gbt9704.PAGE.line_pitch_twips
    level = element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert (None if level is None else int(level.get(qn("w:val"))) + 1) == outline
    if name == "公文标题":
        assert style.paragraph_format.alignment == 1  # centre


def test_fonts_declare_fallbacks_and_the_document_is_zh_cn():
    data = render_scaffold()
    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode("utf-8")
    for font in gbt9704.FONTS.values():
        assert f'w:name="{font.name}"' in fonts
        assert ",".join(font.fallbacks) in fonts
    assert any("Noto" in name for f in gbt9704.FONTS.values() for name in f.fallbacks)
    styles = open_docx(data).styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_spec_is_plain_data():
    import json

    spec = gbt9704.spec()
    json.dumps(spec, ensure_ascii=False)
    assert spec["page"]["top_mm"] == 37 and spec["styles"]["公文正文"]["font"] == "fangsong"
    assert spec["placeholder_style"]["name"] == placeholders.STYLE_NAME


def test_apply_is_idempotent_on_a_fresh_document():
    document = docx.Document()
    gbt9704.apply(document)
    gbt9704.apply(document)
    names = [s.name for s in document.styles]
    for name in (*gbt9704.STYLES, placeholders.STYLE_NAME):
        assert names.count(name) == 1


# ------------------------------------------------------------------------------ content


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_scaffold_has_sections_dimensions_and_items_in_order(framework_id):
    framework = get_framework(framework_id)
    document = open_docx(render_scaffold(framework, ScaffoldOptions(items_per_dimension=3)))
    paragraphs = body_paragraphs(document)
    styled = [(p.style.name, p.text) for p in paragraphs]
    assert styled[0] == ("公文标题", default_title(framework))
    assert styled[1][0] == "署名"
    assert placeholders.PATTERN.fullmatch(styled[2][1])  # the preamble
    level1 = [t for s, t in styled if s == "一级标题"]
    main = [s.title for s in framework.sections if s.role != "other"]
    assert level1 == [f"{chinese_numeral(i)}、{t}" for i, t in enumerate(main, 1)]
    level2 = [t for s, t in styled if s == "二级标题"]
    assert level2 == [f"（{chinese_numeral(i)}）{d.title}" for i, d in enumerate(framework.dimensions, 1)]
    # three 一是/二是/三是 items under every dimension, each carrying the dimension's guidance
    for dimension in framework.dimensions:
        start = [t for _, t in styled].index(next(t for t in level2 if t.endswith(dimension.title)))
        items = [t for _, t in styled[start + 1:start + 4]]
        assert [t[:2] for t in items] == ["一是", "二是", "三是"]
        assert all(dimension.guidance.rstrip("。") in t for t in items)
    assert paragraphs[-1].text == "" and paragraphs[-1].style.name == "公文正文"


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_optional_sections_follow_the_framework_order(framework_id):
    framework = get_framework(framework_id)
    chosen = optional_keys(framework)
    document = open_docx(render_scaffold(framework, ScaffoldOptions(optional_sections=chosen[::-1])))
    headings = [p.text for p in document.paragraphs if p.style.name == "一级标题"]
    wanted = [s.title for s in framework.sections if s.role != "other" or s.key in chosen]
    assert [h.split("、", 1)[1] for h in headings] == wanted


def test_placeholders_are_the_shared_marker_in_the_character_style():
    document = open_docx(render_scaffold("zhuti-2023"))
    styled_runs = unstyled_placeholders = 0
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if placeholders.PATTERN.search(run.text):
                if run.style.name == placeholders.STYLE_NAME:
                    styled_runs += 1
                    assert placeholders.PATTERN.fullmatch(run.text)
                else:
                    unstyled_placeholders += 1
    assert unstyled_placeholders == 0
    # name line, preamble, problems, causes, measures, the name and date under the closing
    assert styled_runs == 2 + 1 + 6 * 3 + 3 + 6 + 2


def test_options_fill_the_name_line_and_escape_xml():
    data = render_scaffold("zuzhi-shenghuohui", ScaffoldOptions(
        title="关于A&B<C>的\n对照检查", author="李四", position="党员", items_per_dimension=1))
    document = open_docx(data)
    assert document.paragraphs[0].text == "关于A&B<C>的 对照检查"
    assert document.paragraphs[1].text == "党员\u3000李四"
    framework = get_framework("zuzhi-shenghuohui")
    firsts = [p.text for p in document.paragraphs if p.text.startswith("一是")]
    # one item per dimension, one cause; measures keep one item per dimension
    assert len(firsts) == len(framework.dimensions) + 1 + 1


def test_without_title_starts_with_the_preamble():
    document = open_docx(render_scaffold("zhuti-2023", ScaffoldOptions(include_title=False)))
    assert document.paragraphs[0].style.name == "公文正文"
    assert placeholders.PATTERN.fullmatch(document.paragraphs[0].text)
    assert not any(p.style.name in ("公文标题", "署名") for p in document.paragraphs)


def test_invalid_options_name_every_field():
    options = ScaffoldOptions(title=" ", author=5, items_per_dimension=0,
                              optional_sections=("opinions", "nope"), include_title="yes")
    with pytest.raises(ScaffoldOptionsError) as caught:
        render_scaffold("zhuti-2023", options)
    assert set(caught.value.errors) == {"title", "author", "items_per_dimension",
                                        "optional_sections", "include_title"}
    assert "nope" in caught.value.errors["optional_sections"]
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ScaffoldOptionsError) as caught:
        render_scaffold("zuzhi-shenghuohui", ScaffoldOptions(optional_sections=("opinions",)))
    assert "没有可选部分" in str(caught.value)
    with pytest.raises(ScaffoldOptionsError):
        render_scaffold("zhuti-2023", ScaffoldOptions(items_per_dimension=True))


def test_options_to_dict_round_trips():
    options = ScaffoldOptions(title="标题", optional_sections=("opinions",))
    assert ScaffoldOptions(**{**options.to_dict(),
                              "optional_sections": tuple(options.to_dict()["optional_sections"])}) == options


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99)] == \
        ["一", "九", "十", "十一", "二十", "二十一", "九十九"]
    with pytest.raises(ValueError):
        chinese_numeral(0)


# ------------------------------------------------------------------------------ with the checker

# Original filler sentences (written for this test), cycled to replace placeholders.
FILLER = (
    "对照要求逐项检视，发现自己在这方面标准定得不高，满足于完成交办的任务，主动谋划不够，"
    "去年下半年牵头的两项重点工作都比计划晚了一个多月才完成。",
    "平时忙于具体事务，思考全局性问题少，遇到新情况习惯沿用老办法，"
    "对基层反映的困难研究不深，回应也不够及时。",
    "在分管科室调研时听到的意见，有的只记在本子上，没有跟踪落实，"
    "同志们反映问题后得不到明确答复，影响了工作积极性。",
)


def fill_placeholders(data: bytes) -> bytes:
    document = open_docx(data)
    count = 0
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.style.name == placeholders.STYLE_NAME:
                run.text = FILLER[count % len(FILLER)] * 2
                run.style = None
                count += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_checker_sees_the_scaffold_as_complete_apart_from_placeholders(framework_id):
    framework = get_framework(framework_id)
    data = render_scaffold(framework, ScaffoldOptions(optional_sections=optional_keys(framework)))
    report = check(read_docx(data), framework)
    errors = {f.code for f in report.findings if f.severity == "error"}
    assert errors == {"placeholder.unfilled"}
    # Every dimension is there, but an item that is only a placeholder is not a written one.
    assert all(s.present and s.item_count == 0 and s.unfilled_count == 3 for s in report.dimensions)
    # Nothing is computed from the template's hints: no correspondence or writing findings.
    assert not [f for f in report.findings if f.code.startswith(("remedy.", "lint."))]


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_checker_sees_the_filled_scaffold_as_complete(framework_id):
    framework = get_framework(framework_id)
    data = fill_placeholders(render_scaffold(framework))
    assert not placeholders.PATTERN.search("\n".join(p.text for p in open_docx(data).paragraphs))
    report = check(read_docx(data), framework)
    assert report.complete, [f for f in report.findings if f.severity == "error"]


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_format_lint_accepts_the_scaffold(framework_id):
    from addin_server.review.format_lint import format_lint

    framework = get_framework(framework_id)
    data = render_scaffold(framework, ScaffoldOptions(author="王五", position="处长",
                                                      optional_sections=optional_keys(framework)))
    assert format_lint(data, framework) == []


# ------------------------------------------------------------------------------ templates


@pytest.mark.parametrize("name", ["scaffold.docx", "remedies.docx", "checklist.docx"])
def test_committed_templates_match_the_builder(name, tmp_path):
    """The .docx files in templates/ are what build_templates.py makes (no drift either way)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_templates", TEMPLATES / "build_templates.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.main(tmp_path)
    fresh, shipped = zipfile.ZipFile(tmp_path / name), zipfile.ZipFile(io.BytesIO(template_bytes(name)))
    for part in ("word/document.xml", "word/styles.xml", "word/fontTable.xml", "word/footer1.xml"):
        assert fresh.read(part) == shipped.read(part), part


def test_templates_are_package_data_with_jinja_tags():
    for name in ("scaffold.docx", "remedies.docx", "checklist.docx"):
        xml = zipfile.ZipFile(io.BytesIO(template_bytes(name))).read("word/document.xml").decode()
        assert re.search(r"\{%p (for|if) ", xml) or "{%tr for" in xml
    assert (TEMPLATES / "README.md").is_file()


# ------------------------------------------------------------------------------ memory and concurrency


def test_templates_carry_only_what_rendering_uses():
    # Each render parses the whole template again; python-docx's default parts made it ~830 KB.
    for name in ("scaffold.docx", "remedies.docx", "checklist.docx"):
        with zipfile.ZipFile(io.BytesIO(template_bytes(name))) as z:
            parts = z.namelist()
            assert not any(p.endswith(("stylesWithEffects.xml", "thumbnail.jpeg")) for p in parts)
            assert sum(i.file_size for i in z.infolist() if i.filename.endswith(".xml")) < 100_000
        styles = open_docx(template_bytes(name)).styles
        assert {s.name for s in styles} >= {*gbt9704.STYLES, placeholders.STYLE_NAME}


def test_concurrent_renders_are_bounded_and_identical():
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from addin_server.render import engine

    active, peak, lock = 0, 0, threading.Lock()
    original = engine._drop_empty_runs

    def counting(body):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            threading.Event().wait(0.01)  # long enough for the other threads to pile up
            original(body)
        finally:
            with lock:
                active -= 1

    engine._drop_empty_runs = counting
    try:
        with ThreadPoolExecutor(max_workers=engine.RENDER_SLOTS + 4) as pool:
            outputs = list(pool.map(lambda _: render_scaffold(), range(4 * (engine.RENDER_SLOTS + 4))))
    finally:
        engine._drop_empty_runs = original
    assert 1 <= peak <= engine.RENDER_SLOTS
    texts = {tuple(p.text for p in open_docx(data).paragraphs) for data in outputs}
    assert len(texts) == 1


def test_the_scaffold_ends_as_a_material_does_and_remedies_go_above_its_ending():
    """The closing sentence, then the name and the date set to the right (落款), as placeholders
    the checker takes for the back matter: a remedy filled in later goes above the closing."""
    data = render_scaffold("nianhui-2025", ScaffoldOptions(author="李四"))
    document = open_docx(data)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-3:] == ["以上对照检查，如有不妥之处，恳请同志们批评指正。", "李四",
                          placeholders.make("日期，如2025年1月10日")]
    assert [p.style.name for p in document.paragraphs if p.text][-2:] == ["落款", "落款"]
    framework, structure, _ = resolve_framework(read_docx(data), "nianhui-2025")
    assert structure.back.closing and structure.back.signature and structure.back.date
    plan = plan_fill(read_docx(data), framework, add_missing=False,
                     selections=[Selection(framework.dimensions[0].key,
                                           list_remedies(framework.id, framework.dimensions[0].key)[0].id)])
    (insertion,) = plan.insertions
    assert insertion.after < structure.back.start
    inserted = open_docx(render_scaffold("nianhui-2025", ScaffoldOptions(include_title=False)))
    assert "以上对照检查，如有不妥之处，恳请同志们批评指正。" not in [p.text for p in inserted.paragraphs]
