"""Proofreading rule files: find, parse and validate them (the Vale model: one rule a file).

A rule file is TOML with `extends` naming what kind of rule it is, the finding `code` it reports
under (one of the `proof.*` codes in finding_codes.CODES, so every rule is switchable by code), an
optional `level` and `message`, and the fields of its kind:

  substitution  `swap`: wrong → right (a string, or a table with `to` and context conditions
                `after`, `before`, `not_after`, `not_before`: regular expressions the text just
                after/before the match must or must not start/end with); `exceptions`: longer
                strings in which the wrong form is right (「截止日期」 keeps 「截止」 quiet).
  pattern       `swap`: regular expression → replacement template (\\1 for groups), or a table
                with `to` and the context conditions; `triggers`: strings of which a paragraph
                must hold one for the rule to run (a fast test before the expressions).
  sequence      a fixed enumeration (「四个意识」): `items` in their official order, `label`.
  formulation   a fixed wording: `canonical`, the `pattern` that finds attempts at it, the
                `allowed` other wordings that are right, `max_edits`.
  reference     year-bound references: `[[entries]]` with `pattern`, `from`/`to` (years in which
                the reference is current), `current` (what to write instead), `unless` (context that
                makes a past reference right: 「十八大以来」).
  repetition    doubled characters and words; `function_chars`, `reduplicable` (常常, 研究研究).
  garbled       garbled and transposed words found from jieba's word frequencies; `min_gain`.
  spelling      a same-sounding or look-alike character that forms no word with its neighbours
                where one it may stand for forms a common one (调沿 → 调研): `min_gain` and
                `sure_gain` (log-probability gains for a suggestion and a sure fix), `cost`
                (a table: sound / fuzzy / shape / missing / transposed → the gain each kind of slip must add),
                `genre_bonus` (added where the change writes a pair the genre's texts write),
                `stray_max_freq`, `min_word_count`, `rare_word_max_freq` and
                `rare_word_min_gain` (a word the dictionary counts fewer times is a suspect too,
                changed only for a gain of at least this; 0: never), `prose_weight` (the
                weight of the official-prose character model's gain), `prose_attested` (a rare
                word whose character pairs official prose writes this often is no suspect),
                `cost.word` (a whole word of the same reading, both characters changed),
                `cost.standalone` (changing a character that is a common word by itself),
                `cost.learned` (a reading only the learned confusion set names, words/
                confusions.tsv; absent: never), `learned_bonus` (less cost, times log2(1 + the
                count), for a reading that set names; 0 absent), `learned_word_min_gain` (a
                common word one learned confusion away from a far commoner one is suggested
                from this gain; absent: never), `quiet_before` (characters after which a
                name or place ends: 县, 镇, 局), `quiet_after` (words before a name: 任命, 免去),
                `real_word_min_gain` (a two-character word rare in official prose, where a word
                of the same reading is far commoner there — lexicon.REAL_WORD_* — is suggested
                from this gain; absent: never),
                `second_slip_min_gain` (in a sentence where a slip was found, the other
                characters read alone are suggested from this lower gain; absent: never),
                `paired_word_min_gain` (a word one learned confusion away from another common
                word — 检查/检察 — where only the other makes a longer word with its
                neighbours, 检察院, is suggested from this gain; absent: never),
                `marker_word_count` (a `quiet_before` character that begins a word counted this
                often — 社会, 科学, 处理 — is that word, not a place's end; 0: always a marker),
                `quoted_prose_chars` (a title in 《》 this long is prose — a document's — and
                is proofread; 0: every quotation and title is left as written), `rare_char_min_gain` (a
                character outside the common ones that forms no word is a suspect from this
                gain; absent: never),
                `variants` (characters a simplified text keeps from traditional writing, 於),
                `exceptions`.

Files are loaded from the package (`data/`), then the organisation folder (`proofreading_dir`),
then the user folder (`proofreading/` in the user config dir); a later file with the same name replaces an earlier one, so
an organisation can change a shipped rule by shipping a file of the same name. A broken shipped
file is a bug (raised); a broken organisation or user file is reported with file and field and
skipped, so one typo never stops the checker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...datafiles import DataFileError, Fields, OnFirstUse, compile_regex, load_toml
from ...linear_regex import LinearRegexError
from ...finding_codes import CODES, SEVERITIES
from ...datafiles import shipped_files

EXTENDS = ("substitution", "pattern", "sequence", "formulation", "reference", "repetition",
           "garbled", "spelling")
FOLDER = "proofreading"  # the user's rules: <user config dir>/proofreading/*.toml
# Entries of one rule file (the largest shipped one has ~400), and rule files read from one
# folder: with datafiles' size bound, a folder costs the checker at most a few MB and a second.
MAX_SWAPS = 5_000
MAX_FILES_PER_FOLDER = 200


class RuleError(DataFileError):
    """A proofreading rule file is malformed; names the file and the field."""


@dataclass(frozen=True, slots=True)
class Swap:
    wrong: str                      # literal (substitution) or regular expression (pattern)
    right: str
    after: re.Pattern | OnFirstUse | None = None
    before: re.Pattern | OnFirstUse | None = None
    not_after: re.Pattern | OnFirstUse | None = None
    not_before: re.Pattern | OnFirstUse | None = None
    safe: bool | None = None        # None: the rule's own
    message: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    pattern: re.Pattern
    valid_from: int | None
    valid_to: int | None
    current: str
    unless: re.Pattern | None
    message: str


@dataclass(frozen=True)
class Rule:
    name: str                       # the file's stem: 「typos-idioms」
    origin: str                     # shipped / organisation / user
    extends: str
    code: str
    level: str
    message: str
    safe: bool
    swaps: tuple[Swap, ...] = ()
    exceptions: tuple[str, ...] = ()
    # sequence
    label: str = ""
    items: tuple[str, ...] = ()
    min_items: int = 3
    # formulation
    canonical: str = ""
    pattern: re.Pattern | None = None
    allowed: tuple[str, ...] = ()
    max_edits: int = 3
    # reference
    references: tuple[Reference, ...] = ()
    # repetition
    function_chars: str = ""
    reduplicable: frozenset[str] = frozenset()
    # garbled
    min_gain: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return self.level or CODES[self.code][0]


class _Table(Fields):
    """Typed access to a table of a rule file, naming the field on error."""

    error = RuleError


def _swaps(root: _Table, literal: bool, defer: bool) -> tuple[Swap, ...]:
    table = _Table(root.get("swap", dict), "swap", root.source, root.linear)
    if not table.table:
        raise RuleError("must list at least one entry", "swap", root.source)
    if len(table.table) > MAX_SWAPS:
        raise RuleError(f"最多 {MAX_SWAPS} 条，请拆成几个文件 / at most {MAX_SWAPS} entries",
                        "swap", root.source)
    out = []
    for wrong, value in table.table.items():
        where = f"swap.{wrong}"
        if not wrong.strip():
            raise RuleError("the wrong form must not be empty", "swap", root.source)
        # Compiled now, so a broken expression is reported at load — except the package's own
        # (`defer`), compiled when a paragraph first needs them (datafiles.OnFirstUse;
        # tests/test_proofreading.py compiles every one).
        if not literal and not defer:
            try:
                compile_regex(wrong, root.linear)
            except (re.error, LinearRegexError) as exc:
                raise RuleError(f"is not a valid regular expression: {exc}", where,
                                root.source) from None
        if isinstance(value, str):
            out.append(Swap(wrong, value))
            continue
        # A list of tables: the same written form, wrong in several contexts.
        entries = value if isinstance(value, list) else [value]
        for i, one in enumerate(entries):
            out.append(_swap_entry(wrong, one, where if len(entries) == 1 else f"{where}[{i}]",
                                   root.source, root.linear, defer))
    for s in out:
        if s.wrong == s.right:
            raise RuleError("the replacement equals the wrong form", f"swap.{s.wrong}", root.source)
    return tuple(out)


def _swap_entry(wrong: str, value, where: str, source: str, linear: bool, defer: bool) -> Swap:
    entry = _Table(value, where, source, linear)
    unknown = set(entry.table) - {"to", "after", "before", "not_after", "not_before", "safe",
                                  "message"}
    if unknown:
        raise RuleError(f"unknown key(s) {', '.join(sorted(unknown))}", where, source)

    def anchored(key, at_end=False):
        # after: must start right after the match; before: must end right before it. The
        # package's own contexts are compiled when a hit first needs them (as its swaps).
        if defer:
            text = entry.get(key, str, None)
            return None if text is None else OnFirstUse(f"(?:{text})$" if at_end else f"(?:{text})")
        pattern = entry.regex(key)
        if pattern is None:
            return None
        return compile_regex(f"(?:{pattern.pattern})$" if at_end else f"(?:{pattern.pattern})",
                             linear)

    return Swap(wrong, entry.get("to", str), after=anchored("after"),
                before=anchored("before", True), not_after=anchored("not_after"),
                not_before=anchored("not_before", True),
                safe=entry.get("safe", bool, None), message=entry.get("message", str, ""))


def parse_rule(data: dict, name: str, source: str, origin: str = "shipped", defer: bool = False) -> Rule:
    """`defer`: the file is one of the package's own, whose expressions the tests compile: its
    swaps and their contexts are compiled when first needed instead of at load."""
    # A rule from an organisation or user folder has its expressions run by RE2 (linear time).
    root = _Table(data, "", source, linear=origin != "shipped")
    extends = root.get("extends", str)
    if extends not in EXTENDS:
        raise RuleError(f"must be one of {', '.join(EXTENDS)}", "extends", source)
    code = root.get("code", str)
    if code not in CODES or not code.startswith("proof."):
        known = ", ".join(c for c in CODES if c.startswith("proof."))
        raise RuleError(f"unknown proofreading code {code!r} (known: {known})", "code", source)
    level = root.get("level", str, "")
    if level and level not in SEVERITIES:
        raise RuleError(f"must be one of {', '.join(SEVERITIES)}", "level", source)
    common = dict(name=name, origin=origin, extends=extends, code=code, level=level,
                  message=root.get("message", str, ""), safe=root.get("safe", bool, False))
    if extends in ("substitution", "pattern"):
        swaps = _swaps(root, literal=extends == "substitution", defer=defer and not root.linear)
        exceptions = root.texts("exceptions")
        return Rule(**common, swaps=swaps, exceptions=exceptions,
                    extra={"skip_paragraph": root.regex("skip_paragraph"),
                           "triggers": root.texts("triggers")})
    if extends == "sequence":
        items = root.texts("items")
        if len(items) < 2:
            raise RuleError("must list at least two items", "items", source)
        min_items = root.get("min_items", int, min(3, len(items)))
        if not 2 <= min_items <= len(items):
            raise RuleError(f"must be between 2 and {len(items)}", "min_items", source)
        return Rule(**common, label=root.get("label", str), items=items, min_items=min_items)
    if extends == "formulation":
        pattern = root.regex("pattern")
        if pattern is None:
            raise RuleError("is required", "pattern", source)
        canonical = root.get("canonical", str)
        if not pattern.fullmatch(canonical):
            raise RuleError("must match the canonical wording itself", "pattern", source)
        max_edits = root.get("max_edits", int, 3)
        if max_edits < 1:
            raise RuleError("must be >= 1", "max_edits", source)
        return Rule(**common, canonical=canonical, pattern=pattern, allowed=root.texts("allowed"),
                    max_edits=max_edits)
    if extends == "reference":
        entries = root.get("entries", list)
        if not entries:
            raise RuleError("must list at least one entry", "entries", source)
        refs = []
        for i, raw in enumerate(entries):
            e = _Table(raw, f"entries[{i}]", source, root.linear)
            pattern = e.regex("pattern")
            if pattern is None:
                raise RuleError("is required", e.name("pattern"), source)
            valid_from, valid_to = e.get("from", int, None), e.get("to", int, None)
            if valid_from is None and valid_to is None:
                raise RuleError("needs from or to (the years the reference is current)",
                                e.path, source)
            if valid_from is not None and valid_to is not None and valid_from > valid_to:
                raise RuleError("from must not be after to", e.path, source)
            refs.append(Reference(pattern, valid_from, valid_to, e.get("current", str, ""),
                                  e.regex("unless"), e.get("message", str, "")))
        return Rule(**common, references=tuple(refs))
    if extends == "repetition":
        return Rule(**common, function_chars=root.get("function_chars", str),
                    reduplicable=frozenset(root.texts("reduplicable")),
                    exceptions=root.texts("exceptions"))
    if extends == "spelling":
        gains = {}
        for key in ("min_gain", "sure_gain"):
            gains[key] = float(root.get(key, (int, float)))
            if gains[key] <= 0:
                raise RuleError("must be > 0", key, source)
        if gains["sure_gain"] < gains["min_gain"]:
            raise RuleError("must not be below min_gain", "sure_gain", source)
        costs = _Table(root.get("cost", dict), "cost", source)
        cost = {kind: float(costs.get(kind, (int, float)))
                for kind in ("sound", "fuzzy", "shape", "missing", "transposed")}
        cost["word"] = float(costs.get("word", (int, float), 3.0))
        cost["standalone"] = float(costs.get("standalone", (int, float), 0.0))
        # A kind only the learned confusion set names: never offered unless its file says so.
        cost["learned"] = float(costs.get("learned", (int, float), 1e9))
        return Rule(**common, min_gain=gains["min_gain"], exceptions=root.texts("exceptions"),
                    extra={"sure_gain": gains["sure_gain"], "cost": cost,
                           "genre_bonus": float(root.get("genre_bonus", (int, float), 0.0)),
                           "learned_bonus": float(root.get("learned_bonus", (int, float), 0.0)),
                           "learned_word_min_gain": float(root.get("learned_word_min_gain",
                                                                   (int, float), 1e9)),
                           "stray_max_freq": root.get("stray_max_freq", int),
                           "min_word_count": root.get("min_word_count", int),
                           "rare_word_max_freq": root.get("rare_word_max_freq", int, 0),
                           "prose_weight": float(root.get("prose_weight", (int, float), 0.0)),
                           "prose_attested": root.get("prose_attested", int, 3),
                           "rare_word_min_gain": float(root.get("rare_word_min_gain",
                                                                (int, float), 1e9)),
                           "real_word_min_gain": float(root.get("real_word_min_gain",
                                                                (int, float), 1e9)),
                           "second_slip_min_gain": float(root.get("second_slip_min_gain",
                                                                  (int, float), 1e9)),
                           "paired_word_min_gain": float(root.get("paired_word_min_gain",
                                                                  (int, float), 1e9)),
                           "quiet_before": root.get("quiet_before", str, ""),
                           "marker_word_count": root.get("marker_word_count", int, 0),
                           "quoted_prose_chars": root.get("quoted_prose_chars", int, 0),
                           "rare_char_min_gain": float(root.get("rare_char_min_gain",
                                                                (int, float), 1e9)),
                           "variants": root.get("variants", str, ""),
                           "quiet_after": root.texts("quiet_after")})
    # garbled
    gain = root.get("min_gain", (int, float), 8.0)
    if gain <= 0:
        raise RuleError("must be > 0", "min_gain", source)
    return Rule(**common, min_gain=float(gain), exceptions=root.texts("exceptions"),
                extra={"stray_max_freq": root.get("stray_max_freq", int, 20000)})


def load_rule_file(path, origin: str = "shipped", defer: bool = False) -> Rule:
    path = Path(path)
    return parse_rule(load_toml(path, RuleError), path.stem, path.name, origin, defer)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    # broken organisation/user files: (origin, path, "file:field: what is wrong")
    problems: tuple[tuple[str, str, str], ...] = ()

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(f"{origin} {path}: {message}" for origin, path, message in self.problems)

    def of(self, extends: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.extends == extends)


def shipped_paths() -> list[Path]:
    return list(shipped_files(__package__))


def load_rules(folders=()) -> RuleSet:
    """The shipped rules, then each (origin, folder) in turn; same file name replaces."""
    by_name: dict[str, Rule] = {}
    for path in shipped_paths():
        by_name[path.stem] = load_rule_file(path, defer=True)
    errors = []
    for origin, folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        paths = sorted(folder.glob("*.toml"))
        for path in paths[MAX_FILES_PER_FOLDER:]:
            errors.append((origin, str(path), f"{path.name}: 规则文件夹里最多读 {MAX_FILES_PER_FOLDER} 个"
                                              f"文件，这个没有读 / more than {MAX_FILES_PER_FOLDER} files"))
        for path in paths[:MAX_FILES_PER_FOLDER]:
            try:
                by_name[path.stem] = load_rule_file(path, origin)
            except (DataFileError, OSError) as exc:
                errors.append((origin, str(path), str(exc)))
    return RuleSet(tuple(by_name.values()), tuple(errors))
