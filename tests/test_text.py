"""Word segmentation: the fast path (rjieba) and jieba itself give the same words."""
from __future__ import annotations

import pytest

import materials as M
from addin_server import segmentation, text


def test_tokenize_drops_punctuation_and_stopwords():
    words = text.tokenize("一是对理论学习的系统性不强，读原著时跟着会议安排走。")
    assert "理论学习" in words or "理论" in words
    assert "，" not in words and "。" not in words and "的" not in words and "一是" not in words
    assert "的" in text.tokenize("学习的系统性", keep_stopwords=True)


def test_rjieba_and_jieba_agree_on_our_materials():
    pytest.importorskip("rjieba")
    import rjieba

    jieba_cut = segmentation._python_jieba_cut()
    paragraphs = [t for t, _ in M.complete()] + [t for t, _ in M.without_dimension("style")]
    for paragraph in paragraphs:
        normalized = text.normalize(paragraph)
        assert rjieba.cut(normalized) == jieba_cut(normalized, True), paragraph


def test_normalize_is_exactly_nfkc():
    """normalize() takes a shortcut for common full-width marks; it must equal NFKC everywhere."""
    import random
    import unicodedata

    samples = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    rnd = random.Random(7)
    for ch in samples:
        for s in (ch, "，" + ch, ch + "：", "（" + ch + "\u0301", "　" + ch + "）"):
            assert text.normalize(s) == unicodedata.normalize("NFKC", s), hex(ord(ch))
    pool = "，：；（）！？　。、“”ＡＢ１２３ａｂ①②㈠ｶﾞ\u0301\u1100\u1161가一二理论"
    for _ in range(5000):
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 20)))
        assert text.normalize(s) == unicodedata.normalize("NFKC", s), repr(s)
