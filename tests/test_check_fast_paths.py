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
    from addin_server.checks.verdict import SEVERITY_LABELS
    from addin_server.model import Document

    from materials import complete, texts, without_dimension

    for paras in (complete(), without_dimension("style")):
        report = check(Document.from_texts(texts(paras) + ["（一）XXX", "国办发(2023)1号"]))
        parts = [*report.findings, *report.sections, *report.dimensions]
        assert report.findings and report.sections and report.dimensions
        for part in parts:
            # Through JSON: tuples (items, a fix's edits) become lists at every depth, as in a response.
            expected = json.loads(json.dumps(asdict(part), ensure_ascii=False))
            given = part.to_dict()
            # Derived for front ends, not a field: the severity as every surface names it.
            if "severity_label" in given:
                assert given.pop("severity_label") == SEVERITY_LABELS[part.severity]
            assert given == expected
            assert list(given) == [f.name for f in fields(part)]


# ----------------------------------------------------------------------------- kept proofreading


def _proofreading_documents(rng: random.Random) -> list[tuple[list[str], int | None]]:
    """Materials of the labelled proofreading sentences (slips of every kind, and correct
    sentences) and of generated text, then the same paragraphs regrouped, so that a kept
    paragraph comes back in other materials and other years."""
    from bench.generate import material
    from bench.proofreading import SET, read_set

    sentences = [(text, year) for _, year, text, _ in read_set(SET)]
    docs = []
    for _ in range(12):
        picked = rng.sample(sentences, 24)
        docs.append(([t for t, _ in picked], rng.choice([y for _, y in picked])))
    for seed in range(4):
        docs.append(([t for t, _ in material(seed=seed, target_chars=2500)], None))
    pool = [p for paragraphs, _ in docs for p in paragraphs]
    for _ in range(12):
        docs.append((rng.sample(pool, 30), rng.choice([None, 2023, 2024, 2025])))
    return docs


def test_kept_proofreading_hits_equal_a_fresh_reading():
    from addin_server.checks import proof
    from addin_server.lru import LruCache

    shared = proof.Proofreader(proof.proofreader().rules)
    fresh = proof.Proofreader(shared.rules)
    fresh.paragraphs = LruCache(0)   # keeps nothing: every paragraph read from scratch
    rng = random.Random(3)
    switched_off = [frozenset(), frozenset({"proof.garbled"}),
                    frozenset({"proof.typo", "proof.formulation", "proof.marks"})]
    compared = found = 0
    for _ in range(2):   # the second round meets every paragraph kept
        for paragraphs, year in _proofreading_documents(rng):
            document = "\n".join(paragraphs)
            for disabled in switched_off:
                for text in paragraphs:
                    want = fresh.hits(text, year=year, document=document, disabled=disabled)
                    assert shared.hits(text, year=year, document=document, disabled=disabled) == want
                    compared += 1
                    found += len(want)
    assert len(shared.paragraphs) > 0 and len(fresh.paragraphs) == 0
    assert found > 100, "the comparison must include many hits"


def test_a_paragraph_drawing_on_the_rest_of_the_material_is_not_kept():
    from addin_server.checks import proof

    reader = proof.Proofreader(proof.proofreader().rules)
    text = "我们缺乏深入学习机，工作不够扎实。"
    with_evidence = text + "\n要健全工作机制，完善学习机制。"
    for _ in range(2):
        assert reader.hits(text, document=text) == []
        assert [h.replacement for h in reader.hits(text, document=with_evidence)] == ["学习机制"]
    assert len(reader.paragraphs) == 0


def test_only_paragraphs_that_consult_the_material_depend_on_it():
    """engine.consults_document is what decides that a paragraph's hits may be kept: every
    other paragraph reads the same whatever the rest of the material says."""
    from addin_server.checks.proof import engine, lexicon, proofreader

    reader = proofreader()
    # Every common two-character word: evidence for any truncated word there could be.
    evidence = "，".join(w for w, n in lexicon.frequencies()[0].items() if len(w) == 2 and n >= 1000)
    rng = random.Random(5)
    independent = 0
    for paragraphs, year in _proofreading_documents(rng):
        for text in paragraphs:
            words = [t[2] for t in engine.Cuts(text).tokens]
            if engine.consults_document(words):
                continue
            independent += 1
            assert reader._hits(text, engine.Cuts(text), year, evidence, frozenset()) == \
                reader._hits(text, engine.Cuts(text), year, "", frozenset())
    assert independent > 300


def test_kept_paragraphs_are_bounded():
    from addin_server.checks import proof
    from addin_server.lru import LruCache

    reader = proof.Proofreader(proof.proofreader().rules)
    reader.paragraphs = LruCache(50)
    for k in range(200):
        reader.hits(f"第{k}条：对上级的决策布署落实不够迅速。")
    assert len(reader.paragraphs) == 50
    reader.hits("长" * (proof.CACHED_PARAGRAPH_MAX_CHARS + 1))
    assert all(len(text) <= proof.CACHED_PARAGRAPH_MAX_CHARS for text, *_ in reader.paragraphs.items)


def test_kept_line_readings_and_item_marks_equal_a_fresh_reading():
    from bench.generate import material

    """analysis.lines.text_reading and numbering.item_marks keep what they read per text; a material
    read again (the pane's re-check, recognition's every framework) reads exactly as fresh."""
    from addin_server.checks import check, structure
    from addin_server.checks.analysis import lines
    from addin_server.model import Document

    rng = random.Random(11)
    docs = [[t for t, _ in material(seed=seed, target_chars=2500)] for seed in range(4)]
    pool = [t for doc in docs for t in doc]
    docs += [rng.sample(pool, 30) for _ in range(6)]
    for texts in docs:
        for text in texts:
            folded = nb.fold(text)
            assert lines.text_reading(text) == lines._read_text(text)
            for start in (0, 2, len(folded) // 2):
                assert nb.item_marks(folded, start) == nb._item_marks(folded, start)
        document = Document.from_texts(texts)
        structure.clear_caches()
        fresh = check(document)
        assert check(document) == fresh   # every text now kept
        structure.clear_caches()
        assert check(document) == fresh


def test_kept_readings_are_bounded():
    from addin_server.checks import structure
    from addin_server.checks.analysis import lines

    structure.clear_caches()
    long_text = "一是" + "长" * nb.CACHED_TEXT_MAX_CHARS
    lines.text_reading(long_text)
    nb.item_marks(long_text)
    assert len(lines._READINGS) == 0
    assert all(len(folded) <= nb.CACHED_TEXT_MAX_CHARS for folded, _ in nb._MARKS.items)
    for k in range(nb.TEXT_CACHE_SIZE + 10):
        lines.text_reading(f"第{k}条。")
    assert len(lines._READINGS) == nb.TEXT_CACHE_SIZE
