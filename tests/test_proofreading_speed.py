"""The proofreader's shortcuts answer as what they shortcut: the kept dictionary lookups
(lexicon.Counts) as the trie, the unigram segmentation score as the plain dynamic programme."""
from __future__ import annotations

import functools
import math

from hypothesis import given, settings, strategies as st

from addin_server.checks.proof import lexicon

_ALPHABET = "党的组织生活会民主集中制理论学习不够深入调研沿机智制作风建设问题整改落实一二是中国人" \
            "了在有和为将把工作会议精神政治生态担责纪律严明龘A0，。\x00"


def _reference_score(text: str, unknown_penalty: float = 6.0) -> tuple[float, int]:
    """jieba's unigram model over the dictionary's words, written plainly (as it was before)."""
    freq, log_total = lexicon.frequencies()
    n = len(text)
    unknown = -log_total - unknown_penalty
    best = [(0.0, 0)] + [(-math.inf, 0)] * n
    for i in range(n):
        score, singles = best[i]
        if score == -math.inf:
            continue
        single = False
        for length in range(1, min(8, n - i) + 1):
            count = freq.get(text[i:i + length])
            if not count:
                continue
            j = i + length
            single = single or length == 1
            cand = (score + math.log(count) - log_total, singles + (length == 1))
            if cand[0] > best[j][0]:
                best[j] = cand
        if not single and score + unknown > best[i + 1][0]:
            best[i + 1] = (score + unknown, singles + 1)
    return best[n]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=14), st.sampled_from([6.0, 3.0]))
def test_the_segmentation_score_is_the_plain_programmes_to_the_last_bit(text, penalty):
    assert lexicon.best_segmentation_score(text, penalty) == _reference_score(text, penalty)


@functools.lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """The word counts the compiled lexicon is built from, read from jieba's dict.txt and the
    genre's words as a plain dict."""
    return lexicon._read_dictionary()[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=8))
def test_kept_lookups_answer_as_the_dictionary(word):
    counts = lexicon.frequencies()[0]
    plain = _dictionary()
    cut = word.split("\x00")[0]
    for _ in range(2):    # looked up, then kept
        expected = None if "\x00" in word else plain.get(word)
        assert counts.get(word) == expected and (word in counts) == (expected is not None)
        assert counts.prefix_counts(word) == tuple(
            (cut[:n], plain[cut[:n]]) for n in range(1, len(cut) + 1) if cut[:n] in plain)
        assert counts.prefix_log_counts(word) == tuple(
            (n, math.log(plain[cut[:n]])) for n in range(1, len(cut) + 1) if cut[:n] in plain)
    lexicon.forget_counts()
    assert not counts._kept and not counts._kept_prefixes and not counts._kept_logs


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET + "\ud800", max_size=6))
def test_the_words_starting_a_text_are_the_ones_get_finds(text):
    # As the written-word test (engine._written_forms_word) asked before: one lookup a span.
    counts = lexicon.frequencies()[0]
    expected = tuple((text[:n], counts.get(text[:n])) for n in range(1, len(text) + 1)
                     if counts.get(text[:n]) is not None)
    assert counts.words_starting(text) == expected


def test_the_counts_are_the_dictionarys():
    counts = lexicon.frequencies()[0]
    plain = _dictionary()
    assert len(counts._trie) == len(plain)
    assert dict(counts.items()) == plain


def test_kept_lookups_are_bounded(monkeypatch):
    counts = lexicon.frequencies()[0]
    monkeypatch.setattr(lexicon, "COUNTS_KEPT", 10)
    for i in range(25):
        counts.get(f"词{i}")
        counts.prefix_log_counts(f"理论{i}")
    assert len(counts._kept) <= 10 and len(counts._kept_logs) <= 10
    assert counts.get("调研") == _dictionary()["调研"]


def test_every_shipped_context_expression_compiles():
    # The after/before contexts of shipped swaps are compiled when a hit first needs them.
    import re

    from addin_server.checks.proof import proofreader
    from addin_server.datafiles import OnFirstUse

    contexts = [c for rule in proofreader().rules.rules if rule.origin == "shipped"
                for swap in rule.swaps
                for c in (swap.after, swap.before, swap.not_after, swap.not_before) if c is not None]
    assert contexts and all(isinstance(c, OnFirstUse) for c in contexts)
    for c in contexts:
        compiled = re.compile(c.pattern)
        assert c.match("工作") == compiled.match("工作") or c.match("工作").span() == compiled.match("工作").span()
        assert c._compiled is not None


def test_an_organisations_context_is_compiled_at_load(tmp_path):
    import pytest

    from addin_server.checks.proof import RuleError, parse_rule

    data = {"extends": "substitution", "code": "proof.typo",
            "swap": {"截至": {"to": "截止", "after": "(?=日期)"}}}
    with pytest.raises(RuleError, match="swap.截至.after"):
        parse_rule(data, "org", "org.toml", origin="organisation")


def test_every_basic_ideograph_is_read_as_pypinyin_reads_it_without_pypinyin():
    import random
    import subprocess
    import sys

    from pypinyin import Style, lazy_pinyin

    rnd = random.Random(26)
    for first, last in lexicon.IDEOGRAPH_BLOCKS:
        for code in [first, last] + rnd.sample(range(first, last + 1), 300):
            char = chr(code)
            assert lexicon.reading(char) == lazy_pinyin(char, style=Style.NORMAL)[0], hex(code)
    assert lexicon.reading("\U00020000") == lazy_pinyin("\U00020000", style=Style.NORMAL)[0]
    # A rare character (a name's 堃, 龘) in a process that never imported pypinyin.
    code = ("import sys; from addin_server.checks.proof import lexicon, warm_up; warm_up();"
            "print(lexicon.reading('堃'), lexicon.reading('龘'), 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         timeout=300)
    assert out.stdout.split() == ["kun", "da", "False"], out.stdout + out.stderr
