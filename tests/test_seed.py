"""The real material in ../shared/seed through the checker, with the outcome its labels demand.

The seed (see its README) is a 2023 主题教育专题民主生活会 personal report: a preamble; 一、存在问题
with the six aspects （一）…（六）, each with 一是/二是/三是 items, the second headed 政治素养 where the
official list says 政治素质; 二、原因剖析; 三、整改措施. Its structure is complete, so the checker must
find every aspect with its items and the three sections, and report nothing structural. (Its
writing flaws — a half-width comma, garbled words — belong to the proofreading tests.)

It is read in the two shapes writers' text arrives in: plain paragraphs (a paste, the pane without
styles) and an unstyled .docx (a WPS export).
"""
from __future__ import annotations

import re

import pytest

import materials
import requires
from addin_server.checks import check
from addin_server.frameworks import get_framework
from addin_server.model import Document
from addin_server.readers import read_docx

STRUCTURAL = ("dimension.", "section.", "numbering.", "placeholder.", "document.")
ASPECT_HEADING = re.compile(r"^（[一二三四五六]）")
ITEM = re.compile(r"^[一二三四五六七八九]是")


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    (path,) = sorted(requires.shared("seed").glob("*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def labels(lines: list[str]) -> list[tuple[int, list[int]]]:
    """The seed's own layout: each aspect heading's paragraph and its 一是/二是 items' paragraphs,
    up to 二、原因剖析."""
    causes = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    aspects = []
    for index, line in enumerate(lines[:causes]):
        if ASPECT_HEADING.match(line):
            aspects.append((index, []))
        elif aspects and ITEM.match(line):
            aspects[-1][1].append(index)
    return aspects


@pytest.fixture(params=["plain paragraphs", "unstyled docx"])
def seed_document(request, seed_lines) -> Document:
    if request.param == "plain paragraphs":
        return Document.from_texts(seed_lines)
    return read_docx(materials.build_docx([(line, None) for line in seed_lines]))


def test_seed_has_six_aspects_with_items_and_three_sections(seed_document, seed_lines):
    report = check(seed_document, get_framework("zhuti-2023"))
    expected = labels(seed_lines)
    assert len(expected) == 6 and all(len(items) == 3 for _, items in expected), expected

    found = [(d.key, d.present, d.paragraph, list(d.items)) for d in report.dimensions]
    framework = get_framework("zhuti-2023")
    assert found == [(d.key, True, heading, items)
                     for d, (heading, items) in zip(framework.dimensions, expected)]
    # 政治素养 is the writers' name for 政治素质: the second aspect, not a missing one.
    assert "政治素养" in seed_lines[expected[1][0]] and report.dimensions[1].key == "politics"

    sections = {s.key: s for s in report.sections}
    starts = {key: next(i for i, line in enumerate(seed_lines) if line.startswith(prefix))
              for key, prefix in (("problems", "一、"), ("causes", "二、"), ("measures", "三、"))}
    for key, start in starts.items():
        assert sections[key].present and sections[key].paragraph == start, sections[key]

    structural = [f for f in report.findings if f.code.startswith(STRUCTURAL)]
    assert structural == []
    assert report.complete, [f for f in report.findings if f.severity == "error"]
