"""千篇一律 (review.boilerplate): sentences many materials of one set share word for word.

Copying (similarity.py) pairs two materials that share long passages; this finds what a whole
unit's materials say alike — the same sentence in at least `min_materials` materials that make
up at least `min_share` of the set (knowledge file checks/substance/data/boilerplate.toml). A
sentence the frameworks or the shipped remedies themselves supply (`common`, their text) is
everyone's to use and not counted. Each sentence is compared folded (no spaces or punctuation)
in one pass over the set, so the cost grows with its total length.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..checks.report import Finding
from ..checks.substance import knowledge

_SENTENCE = re.compile(r"[^。！？；!?;\n]+")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")
_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）.、．])\s*")


@dataclass(frozen=True, slots=True)
class SharedSentence:
    text: str                   # as written in the first material that has it
    materials: tuple[str, ...]  # names of the materials holding it


# A line without a clause mark and this short is a title or a heading, which every material of a
# meeting shares by design.
HEADING_MAX_CHARS = 40
_CLAUSE_MARK = re.compile(r"[。！？；，,!?;]")


def _sentences(text: str):
    """(line index, sentence as written, folded) of a material's text (lines joined by \\n),
    titles and headings left out."""
    for index, line in enumerate(text.split("\n")):
        if len(line.strip()) <= HEADING_MAX_CHARS and not _CLAUSE_MARK.search(line):
            continue
        for m in _SENTENCE.finditer(line):
            written = _ORDINAL.sub("", m.group()).strip()
            yield index, written, _NOT_WORD.sub("", written)


def find_shared(texts: dict[str, str], common_texts=()) -> dict[str, list[tuple[int, SharedSentence]]]:
    """Per material name, (line, shared sentence) of each sentence it shares with many others.

    Two passes keep memory to a few integers a sentence: the first counts, per folded sentence's
    hash, the materials holding it; the second reads again only the materials holding a sentence
    common enough, and checks the folded text itself (a hash collision cannot join two sentences)."""
    b = knowledge().of("review.boilerplate")
    min_chars = b.get("min_chars", 14)
    needed = max(b.get("min_materials", 3), math.ceil(b.get("min_share", 0.2) * len(texts)))
    if len(texts) < needed:
        return {}
    counts: Counter = Counter()
    hashes_of: dict[str, frozenset[int]] = {}
    for name, text in texts.items():
        hashes = frozenset(hash(folded) for _, _, folded in _sentences(text) if len(folded) >= min_chars)
        hashes_of[name] = hashes
        counts.update(hashes)
    frequent = {h for h, n in counts.items() if n >= needed}
    if not frequent:
        return {}
    common = "\n".join(_NOT_WORD.sub("", t) for t in common_texts)
    holders: dict[str, dict[str, int]] = defaultdict(dict)
    written: dict[str, str] = {}
    for name, text in texts.items():
        if hashes_of[name].isdisjoint(frequent):
            continue
        for line, sentence, folded in _sentences(text):
            if len(folded) >= min_chars and hash(folded) in frequent:
                holders[folded].setdefault(name, line)
                written.setdefault(folded, sentence)
    out: dict[str, list[tuple[int, SharedSentence]]] = defaultdict(list)
    for folded, where in holders.items():
        if len(where) >= needed and folded not in common:
            shared = SharedSentence(written[folded], tuple(where))
            for name, line in where.items():
                out[name].append((line, shared))
    return dict(out)


def findings(shared: list[tuple[int, SharedSentence]], total: int) -> list[Finding]:
    """One finding for a material's shared sentences: how many, the most shared quoted."""
    if not shared:
        return []
    shared = sorted(shared, key=lambda s: (-len(s[1].materials), s[0]))
    line, top = shared[0]
    text = top.text if len(top.text) <= 30 else top.text[:30] + "…"
    return [Finding(
        "review.boilerplate",
        f"本材料有 {len(shared)} 句话与本批其他材料一字不差（如「{text}」，{len(top.materials)} 份材料都有），"
        "千篇一律。请结合本人的实际改写这些句子，写出自己的具体情况",
        paragraph=line, severity=knowledge().severity("review.boilerplate"),
        details=f"与本批材料相同的句子 {len(shared)} 句，最多的一句 {total} 份材料中有 {len(top.materials)} 份都有")]
