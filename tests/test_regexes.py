"""regexes.py: a pattern compiled from the kept program is the pattern re.compile makes."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from addin_server import regexes

PATTERNS = [
    (r"[\u4e00-\u9fff]{2,}", 0),
    (r"(?P<organ>[\u4e00-\u9fff]{0,8}?(?:发|办|函))\s*(?P<open>[\[［(（【〔])\s*(?P<year>(?:19|20)\d{2})", 0),
    (r"(?<![0-9])\d+(?:\.\d+)?%", 0),
    (r"^\s*[一二三四五六七八九十]{1,3}、", re.M),
    (r"  a b  # comment\n  c", re.X),
    (r"abc", re.I),
    ("[\ud800-\udfff]", 0),
    (r"(a)(b)?\2", 0),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("ADDIN_SERVER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexes, "_kept", regexes._Kept())
    return tmp_path


def _same(a: re.Pattern, b: re.Pattern) -> bool:
    return (a == b and a.flags == b.flags and a.groups == b.groups
            and a.groupindex == b.groupindex and a.pattern == b.pattern)


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_made_kept_and_read_back_as_re_makes_it(fresh, pattern, flags):
    made = regexes.compile(pattern, flags)
    assert _same(made, re.compile(pattern, flags))
    regexes.save()
    regexes._kept = regexes._Kept()                 # a new process
    read = regexes.compile(pattern, flags)
    assert (pattern, int(flags)) in regexes._kept.programs and regexes._kept.new == 0
    assert _same(read, re.compile(pattern, flags))


@pytest.mark.filterwarnings("ignore::FutureWarning")
@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-c\u4e00\u9fff()|*+?\[\]^$.\\-]{0,12}", fullmatch=True))
def test_any_pattern_compiles_or_fails_as_re_does(tmp_path_factory, pattern):
    with pytest.MonkeyPatch.context() as mp:   # programs kept apart from the user's cache
        mp.setenv("ADDIN_SERVER_CACHE_DIR", str(tmp_path_factory.getbasetemp()))
        mp.setattr(regexes, "_kept", regexes._Kept())
        try:
            expected = re.compile(pattern)
        except re.error:
            with pytest.raises(re.error):
                regexes.compile(pattern)
            return
        assert _same(regexes.compile(pattern), expected)


def test_past_the_bound_a_process_keeps_what_it_used(fresh, monkeypatch):
    monkeypatch.setattr(regexes, "MAX_KEPT", 3)
    for i in range(5):
        regexes.compile(f"旧{i}")
    regexes.save()
    regexes._kept = regexes._Kept()
    regexes.compile("新")
    regexes.compile("旧4")
    regexes.save()
    regexes._kept = regexes._Kept()
    assert set(regexes._load()) == {("新", 0), ("旧4", 0)}


def test_a_broken_or_foreign_cache_only_costs_time(fresh):
    regexes.cache_path().parent.mkdir(parents=True, exist_ok=True)
    regexes.cache_path().write_bytes(b"not marshal")
    assert _same(regexes.compile("[一-龥]+"), re.compile("[一-龥]+"))


def test_a_compiler_of_another_shape_turns_the_shortcut_off(fresh, monkeypatch):
    monkeypatch.setattr(regexes, "_program", lambda pattern, flags: (0, [1, 2, 3], 0, {}, (None,)))
    assert _same(regexes.compile("调研"), re.compile("调研"))
    assert regexes._kept.usable is False and not regexes._kept.programs
    assert _same(regexes.compile("调沿"), re.compile("调沿"))


def test_a_run_keeps_the_checks_expressions_for_the_next(tmp_path):
    env = {"ADDIN_SERVER_CACHE_DIR": str(tmp_path)}
    code = "import addin_server.checks; from addin_server import regexes; print(regexes._kept.new)"
    import os

    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, **env}, timeout=120)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, **env}, timeout=120)
    assert int(first.stdout) > 50 and int(second.stdout) == 0
