"""千篇一律 (review.boilerplate): sentences many materials of one set share word for word.

Copying (similarity.py) pairs two materials that share long passages; this finds what a whole
unit's materials say alike — the same sentence in at least `min_materials` materials that make
up at least `min_share` of the set (knowledge file checks/substance/data/boilerplate.toml). A
sentence the frameworks or the shipped remedies themselves supply (`common`, their text) is
everyone's to use and not counted. Each sentence is compared folded (no spaces or punctuation)
in one pass over the set, so the cost grows with its total length.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

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


def min_chars() -> int:
    """The shortest folded sentence counted (knowledge file)."""
    return knowledge().of("review.boilerplate").get("min_chars", 14)


def sentence_hashes(text: str, shortest: int | None = None) -> np.ndarray:
    """The distinct hashes (64 bits, sorted) of a material's folded sentences long enough to
    count: what find_shared's first pass needs of it. The hash is the same in every process (a
    review's workers make them; Python's own hash() of a str differs from process to process)."""
    shortest = min_chars() if shortest is None else shortest
    found = {_stable_hash(folded) for _, _, folded in _sentences(text) if len(folded) >= shortest}
    return np.array(sorted(found), dtype=np.uint64)


def _stable_hash(folded: str) -> int:
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little")


def find_shared(texts: dict[str, str], common_texts=()) -> dict[str, list[tuple[int, SharedSentence]]]:
    """Per material name, (line, shared sentence) of each sentence it shares with many others."""
    shortest = min_chars()
    return find_shared_hashed({name: sentence_hashes(text, shortest) for name, text in texts.items()},
                              texts.__getitem__, common_texts)


def find_shared_hashed(hashes_of: dict[str, np.ndarray], text_of, common_texts=()) \
        -> dict[str, list[tuple[int, SharedSentence]]]:
    """find_shared from each material's sentence_hashes (`hashes_of`, name → hashes), its text
    read again (`text_of(name)`) only for the materials holding a sentence common enough.

    Two passes keep memory to a few integers a sentence: the first counts, per folded sentence's
    hash, the materials holding it; the second reads again only the materials holding a sentence
    common enough, and checks the folded text itself (a hash collision cannot join two sentences)."""
    b = knowledge().of("review.boilerplate")
    shortest = b.get("min_chars", 14)
    needed = max(b.get("min_materials", 3), math.ceil(b.get("min_share", 0.2) * len(hashes_of)))
    if len(hashes_of) < needed or not hashes_of:
        return {}
    every = np.concatenate(list(hashes_of.values()))
    values, counts = np.unique(every, return_counts=True)
    frequent = values[counts >= needed]
    del every, values, counts
    if not len(frequent):
        return {}
    common = "\n".join(_NOT_WORD.sub("", t) for t in common_texts)
    frequent_hashes = set(frequent.tolist())
    holders: dict[str, dict[str, int]] = defaultdict(dict)
    written: dict[str, str] = {}
    for name, hashes in hashes_of.items():
        if not np.isin(hashes, frequent, assume_unique=True).any():
            continue
        for line, sentence, folded in _sentences(text_of(name)):
            if len(folded) >= shortest and _stable_hash(folded) in frequent_hashes:
                holders[folded].setdefault(name, line)
                written.setdefault(folded, sentence)
    out: dict[str, list[tuple[int, SharedSentence]]] = defaultdict(list)
    for folded, where in holders.items():
        if len(where) >= needed and folded not in common:
            shared = SharedSentence(written[folded], tuple(where))
            for name, line in where.items():
                out[name].append((line, shared))
    return dict(out)


def not_copying(shared: dict[str, list[tuple[int, SharedSentence]]], total: int) -> list[str]:
    """The shared sentences (find_shared's) that most of a set of `total` materials hold — the
    notice's preamble, a unit's stock causes: no evidence that two of them copied from each
    other, so the comparison of pairs leaves them out (knowledge file: not_copying_*)."""
    b = knowledge().of("review.boilerplate")
    needed = max(b.get("not_copying_materials", 5), math.ceil(b.get("not_copying_share", 0.5) * total))
    found = {s.text: None for held in shared.values() for _, s in held if len(s.materials) >= needed}
    return sorted(found)


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
