"""The checker's shortcuts give exactly what the plain patterns give.

Prefilters (a character test before a regex) and the fast path of `numbering.fold` exist only for
speed; these tests pin them to the definitions they shortcut, so a change to a pattern cannot
silently make a shortcut skip text the pattern would match.
"""
from __future__ import annotations

import random
import sys

from addin_server import placeholders
from addin_server.checks import lint
from addin_server.checks import numbering as nb
from addin_server.checks import placeholders as placeholder_check


def _fold_reference(text: str) -> str:
    from addin_server.text import _traditional

    text = text.translate(_traditional()[0])   # traditional characters → simplified, one for one
    if "\n" in text or "\v" in text or "\r" in text:
        text = nb._BREAK_BEFORE_ITEM.sub("。", text)
    return text.translate(nb._FOLD)


def test_fold_equals_the_translation_table_for_every_code_point():
    for c in range(sys.maxunicode + 1):
        if 0xD800 <= c < 0xE000:
            continue
        text = f"中{chr(c)}，（{chr(c)}）"
        assert nb.fold(text) == _fold_reference(text), hex(c)


def test_fold_equals_the_translation_table_on_mixed_text():
    alphabet = ([chr(c) for c in range(0xFF00, 0xFF70)] + list(" \t\n\x0b\r\xa0\u200b\u200c\u200d\ufeff\u3000")
                + list(",.();:一二是首先其次第中文abcXYZ。；、"))
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert nb.fold(text) == _fold_reference(text), repr(text)


def test_filler_prefilter_admits_every_character_the_pattern_can_match():
    assert placeholders.PATTERN.pattern.startswith(placeholder_check._PLACEHOLDER_OPEN)
    for c in range(sys.maxunicode + 1):
        if 0xD800 <= c < 0xE000:
            continue
        run = chr(c) * 4
        if placeholders.FILLER_PATTERN.search(run):
            assert placeholder_check._may_have_filler(run), hex(c)


def test_document_number_prefilter_keeps_every_match():
    alphabet = list("国办发函字电令通纪组第号中 　[]［］()（）【】〔〕〖〗0123456789年")
    rng = random.Random(11)
    hits = 0
    for _ in range(60_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        if rng.random() < 0.3:
            text += rng.choice("国办发函纪组") + rng.choice("[（【〔(") + rng.choice(["2023", "1999", "2101"]) \
                + rng.choice("]）】〕)") + rng.choice(["12号", "第3号", " 7 号"])
        expected = [m.span() for m in lint._DOCNUM.finditer(text)]
        assert [m.span() for m in lint._document_numbers(text)] == expected, repr(text)
        hits += bool(expected)
    assert hits > 1000   # the generator does reach the pattern


def test_report_parts_serialise_every_field():
    """to_dict() is spelled out for speed; it must still give every dataclass field, in order."""
    import json
    from dataclasses import asdict, fields

    from addin_server.checks import check
    from addin_server.model import Document

    from materials import complete, texts, without_dimension

    for paras in (complete(), without_dimension("style")):
        report = check(Document.from_texts(texts(paras) + ["（一）XXX", "国办发(2023)1号"]))
        parts = [*report.findings, *report.sections, *report.dimensions]
        assert report.findings and report.sections and report.dimensions
        for part in parts:
            # Through JSON: tuples (items, a fix's edits) become lists at every depth, as in a response.
            expected = json.loads(json.dumps(asdict(part), ensure_ascii=False))
            assert part.to_dict() == expected
            assert list(part.to_dict()) == [f.name for f in fields(part)]
