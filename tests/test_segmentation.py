"""segmentation.py: rjieba given only the dictionary words a text holds (and the dictionary's
total) cuts every text as rjieba with the whole dictionary does — the short runs' shortcut."""
from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import materials as M
from addin_server import segmentation

rjieba = pytest.importorskip("rjieba")
WHOLE = rjieba.Jieba()


def _corpus_paragraphs(limit: int = 60) -> list[str]:
    import os
    import re

    shared = Path(os.environ.get("ADDIN_SERVER_TEST_SHARED", "/work/shared")) / "corpus"
    out = []
    for path in sorted(shared.rglob("*.docx"))[:limit]:
        try:
            xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        out += [p for p in re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n")).split("\n") if p.strip()]
    return out


def _texts() -> list[str]:
    from bench.generate import material

    texts = [t for t, _ in M.complete()] + [t for t, _ in M.without_dimension("style")]
    for seed in range(12):
        texts += [t for t, _ in material(seed=seed, target_chars=3000)]
    return texts + _corpus_paragraphs()


@pytest.mark.parametrize("hmm", [True, False])
def test_the_partial_dictionary_cuts_as_the_whole_one(hmm):
    partial = segmentation.Segmenter(full_after=10 ** 9)
    texts = _texts()
    assert sum(map(len, texts)) > 50_000
    for text in texts:
        assert partial.cut(text, hmm) == WHOLE.cut(text, hmm), text
    assert partial._full is None    # never needed the whole dictionary


def test_the_partial_dictionary_has_the_whole_ones_total():
    # suggest_freq of two frequent words together is their counts' product over the total.
    partial = segmentation.Segmenter(full_after=10 ** 9)
    pairs = ("中国人民", "我们的", "工作作风", "理论学习", "的的")
    partial.cut("".join(pairs))
    for pair in pairs:
        assert partial._partial.suggest_freq(pair) == WHOLE.suggest_freq(pair), pair


# Characters of the genre's words, with rare ones, digits, Latin letters and marks mixed in.
_ALPHABET = "党的组织生活会民主集中制理论学习不够深入调研机制作风建设问题整改落实一二三是中国人" \
            "们了在有和与及为将把从工作学习会议精神政治生态担责纪律严明龘爨ABCab0123，。、；：“”（）1号店4S#&+ \u3000"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=40), min_size=1, max_size=6),
       st.booleans())
def test_random_text_cuts_the_same(texts, hmm):
    partial = segmentation.Segmenter(full_after=10 ** 9)
    for text in texts:     # one segmenter learning text after text, as a process does
        assert partial.cut(text, hmm) == WHOLE.cut(text, hmm)


def test_after_enough_text_the_whole_dictionary_is_used():
    segmenter = segmentation.Segmenter(full_after=100)
    assert segmenter.cut("对党的创新理论学得不够系统") == WHOLE.cut("对党的创新理论学得不够系统")
    assert segmenter._full is None
    long_text = "调查研究还不够经常，" * 20
    assert segmenter.cut(long_text) == WHOLE.cut(long_text)
    assert segmenter._full is not None


def test_what_the_partial_dictionary_cannot_take():
    segmenter = segmentation.Segmenter(full_after=10 ** 9)
    with pytest.raises(UnicodeError):      # a lone surrogate, as rjieba itself
        segmenter.cut("中\ud800国")
    assert segmenter.cut("学习\x00机制") == WHOLE.cut("学习\x00机制")
    # A text holding the stand-in word's character goes to the whole dictionary.
    assert segmenter.cut("中国\uffff\ufffe人民") == WHOLE.cut("中国\uffff\ufffe人民")
    assert segmenter._full is not None


def test_a_short_run_never_builds_the_whole_dictionary(tmp_path):
    # What a one-shot check of a short text loads: rjieba's extension without its package's
    # default segmenter (the package __init__ builds it with the whole dictionary).
    code = ("import sys; from addin_server import segmentation, text;"
            "print(text.tokenize('理论学习不够深入，调查研究还不够经常。'));"
            "print('rjieba' in sys.modules, segmentation._segmenter._full is None);"
            # Importing the package afterwards still works, with the same extension module.
            "import rjieba; print(rjieba.Jieba is segmentation._rjieba_class(), rjieba.cut('理论学习'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         timeout=120)
    assert out.stdout.splitlines()[1:] == ["False True", "True ['理论', '学习']"], out.stdout + out.stderr
