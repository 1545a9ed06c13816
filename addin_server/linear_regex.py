"""Regular expressions written by organisations and users (proofreading rule files), run by RE2.

Python's `re` backtracks: a pattern such as `(的+)+$` takes time exponential in the text it is
run on, and holds the interpreter while it does, so one rule dropped into a folder could freeze
the server for everyone. RE2 (google-re2, Google's engine with Python bindings) runs every
pattern in time linear in the text and refuses what it cannot run so: look-arounds (`(?=…)`,
`(?<!…)`), back-references (`\\1`) and very large repetitions. A pattern it refuses is reported
with the file and field, like any other mistake in a data file.

Chosen by measurement (docs/performance.md): `(的+)+$` on 30 「的」 and a 「。」 takes RE2 microseconds;
16,000 digits and a 「-」 under a numbers rule 0.1 ms for 10⁴ and 0.4 ms for 10⁵ characters.
Differences from `re` a rule writer may meet: `\\d`, `\\w`, `\\s` are ASCII only (write
`[0-9]`, `[\\u4e00-\\u9fff]` as the shipped rules do).

The compiled object answers `search`, `match`, `fullmatch`, `finditer`, `sub` and `pattern` like
`re.Pattern`; each call reads the whole string it is given, so callers hand it a bounded window
where they call it once a hit (proof/engine.py's context conditions).
"""
from __future__ import annotations

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False          # refused patterns are reported by the caller, not on stderr
_OPTIONS.max_mem = 8 << 20           # RE2's own default, stated: a pattern needing more is refused


class LinearRegexError(ValueError):
    """A pattern RE2 cannot run in linear time (or cannot parse); the message is in Chinese."""


def compile(pattern: str):  # noqa: A001 - the name `re.compile` has
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(
            exc.args[0], bytes) else str(exc)
        raise LinearRegexError(
            f"正则表达式不能用：{reason}。单位和个人的规则文件不支持前后断言（如 (?=…)、(?<!…)）、"
            "反向引用（如 \\1）和过大的重复次数，请改写 / RE2 cannot run this pattern") from None
