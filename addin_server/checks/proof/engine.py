"""The proofreading passes: each kind of rule file (`extends`) finds its spans in a paragraph.

A hit is a `Hit(start, end, replacement, rule, message, safe)` in the paragraph's text as written;
`__init__.py` turns hits into findings with fixes and keeps one hit per span.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import re
from dataclasses import dataclass

from ... import regexes
from ...datafiles import OnFirstUse, compile_regex
from ...linear_regex import LinearRegexError
from ...text import to_simplified
from ..report import Edit, Fix, Finding
from . import lexicon
from .rules import Rule, RuleSet, Swap

CONTEXT_CHARS = 6
_CJK = regexes.compile(r"[\u4e00-\u9fff]")
_CLAUSE_BREAK = regexes.compile(r"[，。；：、！？,.;:!?\s“”‘’《》（）()【】]")

DEFAULT_MESSAGES = {
    "proof.typo": "「{match}」疑为错别字，请改为「{replacement}」：{context}",
    "proof.garbled": "「{match}」疑似字词颠倒或错乱，请核对，可改为「{replacement}」：{context}",
    "proof.doubled": "「{match}」连写了两次，请删去一处：{context}",
    "proof.formulation": "规范表述「{match}」有误，请改为「{replacement}」：{context}",
    "proof.outdated_reference": "「{match}」与材料年度不符，请改为「{replacement}」：{context}",
    "proof.number": "数字写法「{match}」不规范，请改为「{replacement}」：{context}",
    "proof.marks": "标点「{match}」不规范，请改为「{replacement}」：{context}",
}


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    replacement: str | None  # None: no mechanical fix (the writer must decide)
    rule: Rule
    message: str = ""       # already formatted; empty: the rule's or the code's default
    safe: bool | None = None
    details: str = ""
    gain: float = 0.0       # the spelling corrector's log-probability gain (how sure it is)
    read_as: tuple[int, int] | None = None  # the written span a reading took as one word (研度 for 研读)


def context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    return f"「{left}{text[start:end]}{right}」"


def minimal_edits(paragraph: int, start: int, old: str, new: str) -> tuple[Edit, ...]:
    """The replacement of old by new (at `start`) as the smallest edits, so 「改正」 touches only
    the characters that change and keeps the formatting of the rest."""
    import difflib  # only when there is a finding to fix

    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return tuple(Edit(paragraph, start + i1, start + i2, new[j1:j2])
                 for tag, i1, i2, j1, j2 in ops if tag != "equal")


# Whose rule found it, in the 「详情」 line; a rule file of the organisation or user is named (its
# writer looks for it), the shipped ones are not (their ids mean nothing to a writer).
_ORIGIN_WORDS = {"shipped": "本工具自带的校对规则", "organisation": "单位的校对规则", "user": "个人的校对规则"}


def rule_source(rule: Rule) -> str:
    words = _ORIGIN_WORDS.get(rule.origin, "校对规则")
    return words if rule.origin == "shipped" else f"{words}（文件 {rule.name}.toml）"


def to_finding(hit: Hit, paragraph: int, text: str, **fields) -> Finding:
    match = text[hit.start:hit.end]
    values = {"match": match, "replacement": hit.replacement or "",
              "context": context(text, hit.start, hit.end), **fields}
    template = hit.message or hit.rule.message or DEFAULT_MESSAGES[hit.rule.code]
    try:
        message = template.format(**values)
    except (KeyError, IndexError, ValueError):  # a user rule's message with an unknown field
        message = DEFAULT_MESSAGES[hit.rule.code].format(**values)
    safe = hit.rule.safe if hit.safe is None else hit.safe
    fix = None
    if hit.replacement is not None:
        fix = Fix(minimal_edits(paragraph, hit.start, match, hit.replacement), safe,
                  f"改为「{hit.replacement}」" if hit.replacement else f"删去「{match}」")
    # How sure the finding is, in every finding's technical line: a safe fix is one no context
    # could make wrong (one click); anything else is for the writer to judge.
    sureness = "把握较大（可一键改正）" if fix is not None and fix.safe else "把握一般（需人工核对）"
    details = rule_source(hit.rule) + (f"；{hit.details}" if hit.details else "") + f"；{sureness}"
    return Finding(hit.rule.code, message, paragraph=paragraph, severity=hit.rule.severity,
                   fix=fix, details=details)


# ---------------------------------------------------------------- substitution (literal swaps)


class LiteralIndex:
    """Every literal wrong form of the substitution rules, found in one pass over the text by
    its first two characters (a dictionary lookup per position, not a regex per rule)."""

    def __init__(self, rules: tuple[Rule, ...]):
        self.by_bigram: dict[str, list[tuple[Swap, Rule, tuple[tuple[str, int], ...]]]] = {}
        self.by_char: dict[str, list[tuple[Swap, Rule, tuple[tuple[str, int], ...]]]] = {}
        for rule in rules:
            for swap in rule.swaps:
                exceptions = tuple((e, k) for e in rule.exceptions
                                   for k in _occurrences(e, swap.wrong))
                entry = (swap, rule, exceptions)
                index = self.by_char if len(swap.wrong) == 1 else self.by_bigram
                index.setdefault(swap.wrong[:1] if len(swap.wrong) == 1 else swap.wrong[:2],
                                 []).append(entry)
        for entries in (*self.by_bigram.values(), *self.by_char.values()):
            entries.sort(key=lambda e: -len(e[0].wrong))
        self.chars = regexes.compile("[" + re.escape("".join(self.by_char)) + "]") if self.by_char else None
        # Where a wrong form may start: a first character of one followed by a second character
        # of one (a class each, so the scan runs in C and skips most positions at once; an
        # alternation of the 400-odd pairs is four times slower to scan), then the pair looked up.
        # The lookahead finds overlapping starts (「按排」 at 按 and 排).
        firsts = "".join(sorted({b[0] for b in self.by_bigram}))
        seconds = "".join(sorted({b[1] for b in self.by_bigram}))
        self.starts = regexes.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])"
                                      ) if self.by_bigram else None

    def hits(self, text: str, cuts) -> list[Hit]:
        out: list[Hit] = []
        get = self.by_bigram.get
        candidates = []
        if self.starts is not None:
            for m in self.starts.finditer(text):
                i = m.start()
                entries = get(text[i:i + 2])
                if entries:
                    candidates.append((i, entries))
        if self.chars is not None:
            candidates += [(m.start(), self.by_char[m.group()]) for m in self.chars.finditer(text)]
            candidates.sort(key=lambda x: x[0])
        taken_until = 0
        for i, entries in candidates:
            if i < taken_until:
                continue
            for swap, rule, exceptions in entries:
                end = i + len(swap.wrong)
                if not text.startswith(swap.wrong, i) or not _context_ok(swap, text, i, end):
                    continue
                if any(text.startswith(e, i - k) for e, k in exceptions if i >= k):
                    continue
                if len(swap.wrong) > 1 and cuts().crosses(i, end):
                    continue  # the text reads as other words here: 「按排名」 is 按 + 排名
                out.append(Hit(i, end, swap.right, rule, swap.message, swap.safe))
                taken_until = end
                break
        return out


def _occurrences(haystack: str, needle: str):
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


# How far the context conditions look: before a hit 12 characters, after it AFTER_CHARS. Each
# condition reads a window, not the paragraph (RE2, which runs user rules, reads all it is given).
AFTER_CHARS = 64


def _context_ok(swap: Swap, text: str, start: int, end: int) -> bool:
    left = text[max(0, start - 12):start]
    right = text[end:end + AFTER_CHARS] if swap.after is not None or swap.not_after is not None else ""
    if swap.after is not None and not swap.after.match(right):
        return False
    if swap.not_after is not None and swap.not_after.match(right):
        return False
    if swap.before is not None and not swap.before.search(left):
        return False
    if swap.not_before is not None and swap.not_before.search(left):
        return False
    return True


class Cuts:
    """The paragraph's dictionary segmentation, made on first need."""

    def __init__(self, text: str):
        self.text = text
        self._tokens = None
        self._words = None
        self._starts = None
        self._simplified = None

    @property
    def tokens(self) -> list[tuple[int, int, str]]:
        if self._tokens is None:
            self._tokens = lexicon.tokens(self.text)
        return self._tokens

    @property
    def words(self) -> list[str]:
        """The words of `tokens` alone (asked by more than one pass)."""
        if self._words is None:
            self._words = [t[2] for t in self.tokens]
        return self._words

    @property
    def simplified(self) -> "Cuts":
        """The text as the dictionary reads it, in simplified characters (converted one for one,
        so every span stays where it is), with its own segmentation: itself when the text has no
        traditional characters. The dictionary knows simplified words only; read as written, a
        material in traditional characters would be single characters throughout, which the
        garbled-word pass takes for words out of order."""
        if self._simplified is None:
            plain = to_simplified(self.text)
            self._simplified = self if plain == self.text else Cuts(plain)
        return self._simplified

    def word_at(self, pos: int) -> tuple[int, int]:
        """(start, end) of the word covering position `pos` (the words cover the text exactly);
        (pos, pos + 1) outside the text. A lookup, so the passes asking it for every position
        stay linear in the paragraph."""
        if self._starts is None:
            # One shared (start, end) a character: a list, as compact as an index can be.
            self._starts = []
            for s, e, w in self.tokens:
                self._starts += [(s, e)] * (e - s)
        if 0 <= pos < len(self._starts):
            return self._starts[pos]
        return (pos, pos + 1)

    def crosses(self, start: int, end: int) -> bool:
        """Whether a word of two or more characters straddles the span's start or end."""
        for pos in (start, end):
            s, e = self.word_at(pos)
            if s < pos and e - s >= 2:
                return True
        return False


# ---------------------------------------------------------------- pattern (regular expressions)


def pattern_hits(rule: Rule, compiled, text: str, any_of=None) -> list[Hit]:
    out = []
    triggers = rule.extra.get("triggers")
    if triggers and not any(t in text for t in triggers):
        return out
    if any_of is not None and any_of.search(text) is None:
        return out
    skip = rule.extra.get("skip_paragraph")
    if skip is not None and skip.search(text):
        return out
    for swap, regex in compiled:
        for m in regex.finditer(text):
            if not _context_ok(swap, text, m.start(), m.end()):
                continue
            if any(e in text[max(0, m.start() - len(e)):m.end() + len(e)] for e in rule.exceptions):
                continue
            out.append(Hit(m.start(), m.end(), m.expand(swap.right), rule, swap.message, swap.safe))
    return out


# ---------------------------------------------------------------- sequence (fixed enumerations)

_SEPARATORS = "、，,和与及以及 “”\"'‘’"
_SEPARATOR_RUN = regexes.compile(f"[{re.escape(_SEPARATORS)}]*")


def _affix(items: tuple[str, ...]) -> tuple[str, str]:
    """The longest common prefix and suffix of the items (「意识」 of the 四个意识)."""
    prefix = items[0]
    suffix = items[0]
    for it in items[1:]:
        while not it.startswith(prefix):
            prefix = prefix[:-1]
        while not it.endswith(suffix):
            suffix = suffix[1:]
    return prefix, suffix


def sequence_hits(rule: Rule, text: str) -> list[Hit]:
    """Enumerations of a fixed formulation: wrong order, or a wrong member in its place."""
    found = []
    for item in rule.items:
        for k in _occurrences(text, item):
            found.append((k, k + len(item), item))
    if len(found) < rule.min_items - 1:
        return []
    found.sort()
    out = []
    i = 0
    while i < len(found):
        group = [found[i]]
        j = i + 1
        while j < len(found):
            gap = text[group[-1][1]:found[j][0]]
            if found[j][0] < group[-1][1] or not _SEPARATOR_RUN.fullmatch(gap) or len(gap) > 4:
                break
            group.append(found[j])
            j += 1
        i = j
        out.extend(_judge_group(rule, text, group))
    return out


def _judge_group(rule: Rule, text: str, group) -> list[Hit]:
    names = [g[2] for g in group]
    prefix, suffix = _affix(rule.items)
    if len(set(names)) != len(names):
        return []
    # A member that is not one of the items but has their shape (「服务意识」 among the 四个意识),
    # right after the last or before the first recognised one.
    missing = [it for it in rule.items if it not in names]
    if len(names) == len(rule.items) - 1 and (suffix or prefix) and len(missing) == 1:
        shape = regexes.compile(f"[{re.escape(_SEPARATORS)}]{{1,3}}({re.escape(prefix)}[\u4e00-\u9fff]{{1,8}}?{re.escape(suffix)})")
        after = shape.match(text, group[-1][1])
        if after and after.group(1) not in rule.items:
            return [Hit(after.start(1), after.end(1), missing[0], rule,
                        f"「{rule.label}」是{'、'.join(rule.items)}，请把「{after.group(1)}」改为"
                        f"「{missing[0]}」：{context(text, after.start(1), after.end(1))}", False)]
    if len(names) < rule.min_items:
        return []
    official = [it for it in rule.items if it in names]
    if names == official:
        return []
    start, end = group[0][0], group[-1][1]
    # Reordered in place: each slot keeps its separators, the items go in the official order.
    pieces, last = [], start
    for (s, e, _), item in zip(group, official):
        pieces.append(text[last:s])
        pieces.append(item)
        last = e
    replacement = "".join(pieces)
    return [Hit(start, end, replacement, rule,
                f"「{rule.label}」的顺序应为{'、'.join(official)}，请调整：{context(text, start, end)}",
                True)]


# ---------------------------------------------------------------- formulation (fixed wordings)


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of two short strings, stopping early beyond `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def formulation_hits(rule: Rule, text: str) -> list[Hit]:
    out = []
    for m in rule.pattern.finditer(text):
        written = m.group()
        if written == rule.canonical or written in rule.allowed:
            continue
        if _distance(written, rule.canonical, rule.max_edits) <= rule.max_edits:
            out.append(Hit(m.start(), m.end(), rule.canonical, rule))
    return out


# ---------------------------------------------------------------- repetition (doubled words)

_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
_DOUBLE_CHAR = regexes.compile(r"([\u4e00-\u9fff])\1")
_DOUBLE_WORD = regexes.compile(r"([\u4e00-\u9fff]{2,4}?)\1")


def repetition_hits(rule: Rule, text: str, cuts: Cuts) -> list[Hit]:
    out = []
    for m in _DOUBLE_CHAR.finditer(text):
        i, ch = m.start(), m.group(1)
        if _excepted(rule, text, i, i + 2):
            continue
        if text[i + 2:i + 3] and text[i + 2:i + 3] == text[i + 3:i + 4]:
            continue  # AABB: 明明白白, 扎扎实实
        if i >= 2 and text[i - 2] == text[i - 1] and text[i - 2] != ch:
            continue  # the BB of AABB
        if i >= 1 and text[i - 1] == "一" or ch in _NUMERALS:
            continue  # 一个个, 一条条, 一次次; 十五五, 二〇〇〇 are numbers
        if _between_words(cuts, i + 1):
            continue  # 没有|有效, 就是|是否: each character belongs to a word of its own
        if _inside_word(cuts, i) or _inside_genre_word(text, i, i + 2):
            continue  # 息息相关, 沾沾自喜, 件件: the pair belongs to one word
        if ch in rule.function_chars:
            clause_start = i == 0 or _CLAUSE_BREAK.match(text[i - 1])
            if _ends_word(cuts, i) or (_starts_word(cuts, i + 1) and not clause_start):
                continue  # 有目的的: the first 的 ends 目的; 问题是是否: the second starts 是否
            out.append(Hit(i + 1, i + 2, "", rule, safe=True, details=f"重复的“{ch}”"))
            continue
        # Otherwise only a character that doubles the edge of a word (认真真, 学学习, 问题题):
        # 件件、条条 and other reduplicated measure words stand as a pair of their own, and a
        # pair where one word ends and another begins is two words sharing a character
        # (教师|师德, 耕地|地力, 评审|审减率).
        if _split_double(cuts, i) and not _two_words_meet(text, i + 1, 1) \
                and not _verb_taking_object(cuts, i + 1):
            out.append(Hit(i + 1, i + 2, "", rule, safe=False, details=f"重复的“{ch}”"))
    # A word written twice running, whether or not the segmentation splits there
    # (进一步进一步, 从严治党治党): the repeated unit is a dictionary word.
    for m in _DOUBLE_WORD.finditer(text):
        unit = m.group(1)
        s1, e2 = m.start(), m.end()
        if unit in rule.reduplicable or len(set(unit)) == 1 or not lexicon.frequency(unit):
            continue
        if unit[0] == "一" and len(unit) == 2:
            continue  # 一个一个, 一步一步
        if _excepted(rule, text, s1, e2) or _two_words_meet(text, s1 + len(unit), len(unit)):
            continue  # 党组织|组织生活会: each copy belongs to a longer word of its own
        out.append(Hit(s1 + len(unit), e2, "", rule, safe=False, details=f"重复的“{unit}”"))
    return out


# A word this common in the dictionary (or the genre's) counts as a word a doubling may join.
_MEETING_WORD_COUNT = 5
# The characters that end a unit's short name (城建办, 纪工委, 财政局, 派出所, 执法队).
_UNIT_ENDINGS = frozenset("办委局科处所站院队部室组厅社馆")


def _two_words_meet(text: str, pos: int, width: int) -> bool:
    """Whether the doubled unit of `width` characters before `pos` ends a longer dictionary word
    and the one after it starts another (党组织|组织生活会, 教师|师德): two words that share
    characters, not one written twice."""
    freq = lexicon.frequencies()[0]
    left = any(freq.get(text[pos - n:pos], 0) >= _MEETING_WORD_COUNT
               for n in range(width + 1, min(pos, width + 4) + 1))
    # …or a unit's short name, a word and the unit's character (城建|办, 党政|办, 综治|委), before
    # a word that starts with that character (城建办|办理, 党委|委员): a short name is in no
    # dictionary, and every office writes its own.
    left = left or (width == 1 and pos >= 3 and text[pos - 1] in _UNIT_ENDINGS
                    and freq.get(text[pos - 3:pos - 1], 0) >= _MEETING_WORD_COUNT)
    return left and any(freq.get(text[pos:pos + n], 0) >= _MEETING_WORD_COUNT
                        for n in range(width + 1, min(len(text) - pos, width + 4) + 1))


def _verb_taking_object(cuts: Cuts, pos: int) -> bool:
    """Whether the character at `pos`, which repeats the last of the word before it, is a
    common verb by itself (counted 10,000 times alone: 作, 做, 抓) after a verb used as a noun and before a word that is no verb (水利工作|作|重点
    发言: 工作 ends a noun phrase, 作 makes the speech): two words, not a character typed twice.
    After a verb proper the second copy is a slip (查找|找|差距, 制定|定|学习计划: a verb does
    not take another verb of its own last character), and so it is before a verb (学|学习)."""
    if not (_ends_word(cuts, pos - 1) and _single(cuts, pos)):
        return False
    ps, pe = cuts.word_at(pos - 1)
    s, e = cuts.word_at(pos + 1)
    following = cuts.text[s:e]
    verb = cuts.text[pos]
    return lexicon.is_verb(verb) and lexicon.frequency(verb) >= _STANDALONE_WORD_COUNT \
        and lexicon.is_verbal_noun(cuts.text[ps:pe]) \
        and s == pos + 1 and e - s >= 2 and _is_cjk(following) and not lexicon.is_verb(following)


def _inside_genre_word(text: str, start: int, end: int) -> bool:
    """Whether one of the genre's words covers text[start:end] (the segmenter may have cut
    across it: 要件|件|有 for 要|件件|有)."""
    genre = lexicon.genre_words()
    return any(text[a:b] in genre for a in range(max(0, start - 6), start + 1)
               for b in range(max(end, a + 2), min(len(text), a + 8) + 1))

# The words cover the text exactly, so each question below is about the one word covering a
# position (Cuts.word_at): a lookup, not a pass over every word, whatever the paragraph's length.

def _inside_word(cuts: Cuts, i: int) -> bool:
    return cuts.word_at(i)[1] >= i + 2


def _ends_word(cuts: Cuts, i: int) -> bool:
    s, e = cuts.word_at(i)
    return e == i + 1 and e - s >= 2


def _starts_word(cuts: Cuts, pos: int) -> bool:
    s, e = cuts.word_at(pos)
    return s == pos and e - s >= 2


def _single(cuts: Cuts, pos: int) -> bool:
    return 0 <= pos < len(cuts.text) and cuts.word_at(pos) == (pos, pos + 1)


def _between_words(cuts: Cuts, pos: int) -> bool:
    """Whether a word of two or more characters ends at `pos` and another one starts there."""
    if pos <= 0:
        return False
    s, e = cuts.word_at(pos - 1)
    return e == pos and e - s >= 2 and _starts_word(cuts, pos)


def _split_double(cuts: Cuts, i: int) -> bool:
    """Whether the words read 「认真/真」 or 「学/学习」: one character of the pair belongs to a
    longer word and the other stands alone, so the pair is a slip even where 「真真」 is a word."""
    return (_ends_word(cuts, i) and _single(cuts, i + 1)) or (_single(cuts, i) and _starts_word(cuts, i + 1))


def _excepted(rule: Rule, text: str, start: int, end: int) -> bool:
    for e in rule.exceptions:
        lo = max(0, start - len(e) + 1)
        k = text.find(e, lo, end + len(e) - 1)
        if k >= 0 and k < end and k + len(e) > start:
            return True
    return False


# ---------------------------------------------------------------- garbled words (frequencies)


def _is_cjk(w: str) -> bool:
    return "\u4e00" <= w[:1] <= "\u9fff"


def garbled_hits(rule: Rule, text: str, cuts: Cuts, document: str = "") -> list[Hit]:
    """Transposed, split or stray characters: a stretch the dictionary can only read as single
    characters that becomes ordinary words after moving, swapping or dropping one character."""
    toks = cuts.tokens
    words = cuts.words
    # Single ideographs are where every garbled word shows; most paragraphs have few.
    singles = [k for k, w in enumerate(words) if len(w) == 1 and "\u4e00" <= w <= "\u9fff"]
    out = []
    if singles:
        out += _transposed(rule, text, toks, singles)
        out += _reversed_pairs(rule, text, toks, singles)
        out += _stray_duplicates(rule, text, toks, singles)
    rare = lexicon.reversed_rarities()
    if not rare.isdisjoint(words):
        out += _swapped_words(rule, text, toks, rare)
    if consults_document(words):
        out += _truncated_words(rule, text, toks, document or text, lexicon.verb_compounds())
    out += _parallel_homophones(rule, text, toks)
    return out


def garbled_hits_as_written(rule: Rule, text: str, cuts: Cuts, document: str = "") -> list[Hit]:
    """`garbled_hits` read in simplified characters (Cuts.simplified), each fix given back in the
    writer's own: a garbled word's fix rearranges the characters of its span, so each character
    of the fix is taken from the written span, at the place the simplified span has it (one the
    fix brings in, a homophone, stays as the dictionary writes it)."""
    plain = cuts.simplified
    if plain is cuts:
        return garbled_hits(rule, text, cuts, document)
    out = []
    for hit in garbled_hits(rule, plain.text, plain, _simplified_document(document)):
        if hit.replacement is not None:
            written, read = text[hit.start:hit.end], plain.text[hit.start:hit.end]
            free = list(range(len(read)))
            chars = []
            for ch in hit.replacement:
                k = next((i for i in free if read[i] == ch), None)
                if k is None:
                    chars.append(ch)
                else:
                    free.remove(k)
                    chars.append(written[k])
            hit = dataclasses.replace(hit, replacement="".join(chars))
        out.append(hit)
    return out


@functools.lru_cache(maxsize=2)
def _simplified_document(document: str) -> str:
    """The whole material in simplified characters, made once a check rather than once for each
    of its paragraphs that holds a traditional one (str.translate through the table costs ~1 µs
    a character: a 10,000-character material with 繁体 in most of its paragraphs spent more on
    this than on the rest of its proofreading). A str keeps its hash, and the check passes the
    same string for every paragraph, so a repeat is found at once."""
    return to_simplified(document)


def consults_document(words) -> bool:
    """Whether `garbled_hits` reads the rest of the material for a paragraph of these words (a
    word cut short is only reported when the material uses the full word elsewhere). Every other
    hit of every pass depends on the paragraph's text, the year and the rules alone."""
    return not lexicon.verb_compounds().isdisjoint(words)


def _transposed(rule: Rule, text: str, toks, singles: list[int]) -> list[Hit]:
    freq = lexicon.frequencies()[0]
    max_free = rule.extra.get("stray_max_freq", 20000)
    out = []
    n = len(toks)
    done_until = -1
    for k in singles:
        if k <= done_until or freq.get(toks[k][2], 0) >= max_free:
            continue
        s = toks[k][0]
        if text[s] in (text[s + 2:s + 3], text[s - 2:s - 1] if s >= 2 else "") \
                or (s >= 1 and text[s - 1] == text[s + 1:s + 2]):
            continue  # a parallel frame (偏软偏松, 时紧时松, 真学真用): the order is the point
        # A window: the single character, its neighbours, and a second one a word further on.
        lo = k - 1 if k > 0 and _is_word(toks[k - 1][2]) else k
        hi = k + 1 if k + 1 < n and _is_word(toks[k + 1][2]) else k
        if hi + 1 < n and len(toks[hi + 1][2]) == 1 and _is_cjk(toks[hi + 1][2]):
            hi += 1
        ws, we = toks[lo][0], toks[hi][1]
        if we - ws > 9 or we - ws < 2:
            continue
        window = text[ws:we]
        positions = [a - ws for a, b, t in toks[lo:hi + 1] if b - a == 1 and _is_cjk(t)]
        hit = _repair(rule, window, positions)
        if hit is None:
            continue
        cs, ce, replacement, _gain = hit
        # Shown and replaced as whole words, from the first stray character to the last:
        # 「贯学习彻」 → 「贯彻学习」, not a bare 「学习彻」.
        inner = [(a - ws, b - ws) for a, b, _ in toks[lo:hi + 1]]
        new_cs = min(max(a for a, _ in inner if a <= cs), *positions)
        new_ce = max(min(b for _, b in inner if b >= ce), *(p + 1 for p in positions))
        replacement = window[new_cs:cs] + replacement + window[ce:new_ce]
        cs, ce = new_cs, new_ce
        if not _excepted(rule, text, ws + cs, ws + ce):
            out.append(Hit(ws + cs, ws + ce, replacement, rule, safe=False,
                           details="按常用词语判断，改后的语序通顺"))
        done_until = hi
    return out


def _is_word(w: str) -> bool:
    return _is_cjk(w) and not _CLAUSE_BREAK.search(w)


def _repair(rule: Rule, window: str, positions: list[int]):
    """The best rearrangement of `window` moving one of the characters at `positions` (or
    swapping two neighbours), if it reads far better by the dictionary."""
    freq = lexicon.frequencies()[0]
    candidates = set()
    # Only rearrangements that put the moved character into a dictionary word are tried: the
    # others cannot read better, and skipping them keeps a long material within milliseconds.
    for pos in positions:
        ch = window[pos]
        rest = window[:pos] + window[pos + 1:]
        for q in range(len(rest) + 1):
            if q != pos and ((q > 0 and rest[q - 1] + ch in freq)
                             or (q < len(rest) and ch + rest[q] in freq)):
                candidates.add(rest[:q] + ch + rest[q:])
    for j in range(len(window) - 1):
        if window[j + 1] + window[j] in freq:
            candidates.add(window[:j] + window[j + 1] + window[j] + window[j + 2:])
    candidates.discard(window)
    if not candidates:
        return None
    base, base_singles = lexicon.best_segmentation_score(window)
    scored = []
    for cand in candidates:
        score, singles = lexicon.best_segmentation_score(cand)
        gain = score - base
        if singles < base_singles and gain >= rule.min_gain:
            scored.append((gain, _common_prefix(window, cand), cand))
    if not scored:
        return None
    top = max(g for g, _, _ in scored)
    # Of the (nearly) equally good readings, the one that keeps most of what was written first:
    # the writer began the right word and slipped (贯学习彻 → 贯彻学习 rather than 学习贯彻).
    gain, a, cand = max((x for x in scored if x[0] >= top - 0.5), key=lambda x: (x[1], x[0]))
    b = len(window)
    while window[b - 1] == cand[b - 1]:
        b -= 1
    return a, b, cand[a:b], gain


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


_CLAUSE_END = frozenset("，。；、：！？")


def _truncated_words(rule: Rule, text: str, toks, document: str, suspects) -> list[Hit]:
    """A word cut short before a mark (「缺乏深入学习机，」 for 学习机制): the clause ends in a
    rare compound of a common verb and one character (学习 + 机) where that character with one
    more makes a common word the material itself uses elsewhere (机制). Without that evidence
    from the material the compound is taken as written (承诺书, 授权书)."""
    out = []
    freq = lexicon.frequencies()[0]
    counted: dict[tuple[str, str], int] = {}   # each word counted once, however often it is asked

    def count(where: str, word: str) -> int:
        key = (where, word)
        if key not in counted:
            counted[key] = (document if where == "document" else text).count(word)
        return counted[key]

    for k in range(len(toks) - 1):
        s, e, w = toks[k]
        if w not in suspects or toks[k + 1][2][:1] not in _CLAUSE_END:
            continue
        tail = w[2]
        # The whole longer word (学习机制) must be the material's own, written elsewhere in it:
        # the completion alone (机制 in 长效机制) is no evidence — 统计法 and 创新力 are words,
        # and 法规, 力量 appear in every material.
        used = [tail + c for c in _completions(tail)
                if count("document", w + c) > count("text", w + c) and (tail + c) not in w]
        if not used or _excepted(rule, text, s, e):
            continue
        best = max(used, key=lambda word: count("document", w[:2] + word))
        out.append(Hit(s, e, w[:2] + best, rule,
                       f"「{w}」似漏了字，请核对是否改为「{w[:2]}{best}」：{context(text, s, e)}",
                       safe=False, details=f"“{w}”不常用；文中另有“{best}”"))
    return out


@functools.lru_cache(maxsize=4096)
def _completions(first: str) -> tuple[str, ...]:
    """Second characters of the common two-character dictionary words starting with `first`."""
    return tuple(w[1] for w in lexicon.words_starting_with(first))


def _swapped_words(rule: Rule, text: str, toks, rare) -> list[Hit]:
    """A two-character word written back to front (「实落」 for 落实): the dictionary knows the
    written order as a rarity and the reverse as a common word."""
    out = []
    for s, e, w in toks:
        if w in rare and not _excepted(rule, text, s, e):
            out.append(Hit(s, e, w[::-1], rule, safe=False,
                           details=f"“{w}”很少这样写，倒过来的“{w[::-1]}”是常用词"))
    return out


def _reversed_pairs(rule: Rule, text: str, toks, singles: list[int]) -> list[Hit]:
    """Two characters the dictionary can only read one by one whose reverse is a common word
    (「进推」「题问」): the same slip where the written order is no word at all."""
    freq = lexicon.frequencies()[0]
    out = []
    following = set(singles)
    for k in singles:
        if k + 1 not in following:
            continue
        s = toks[k][0]
        pair = toks[k][2] + toks[k + 1][2]
        if pair[0] != pair[1] and not ((_CONNECTIVES | _ADVERBS) & set(pair)) \
                and freq.get(pair[::-1], 0) >= 2000 \
                and max(freq.get(pair[0], 0), freq.get(pair[1], 0)) < 60000 \
                and not _excepted(rule, text, s, s + 2):
            out.append(Hit(s, s + 2, pair[::-1], rule, safe=False,
                           details=f"倒过来的“{pair[::-1]}”是常用词"))
    return out


# Characters that stand alone before any word (「和耶和华」 is 和 + 耶和华).
_CONNECTIVES = frozenset("和与及或并而且的了在对把被将从向于以为是有也都就还又使让给比")
# Adverbs, numerals and measure words that stand alone in any order (「但不限于」「用不褪色」「标项一」).
_ADVERBS = frozenset("不没未别很太最更也就都还又才只再仅已曾便却但用一二三四五六七八九十个项条次")


def _stray_duplicates(rule: Rule, text: str, toks, singles: list[int]) -> list[Hit]:
    """A character repeated just before a word that contains it (「大下大力气」)."""
    out = []
    for k in singles:
        if k + 1 >= len(toks):
            continue
        s, e, w = toks[k]
        ns, ne, nw = toks[k + 1]
        # Doubled inside the word, not at its end: 「到社区报到」 is 到 + 社区报到 (go and report).
        if len(nw) < 3 or w not in nw[1:-1] or w in _CONNECTIVES:
            continue
        if k > 0 and not _CLAUSE_BREAK.match(toks[k - 1][2]):
            continue  # only at the start of a clause, where nothing else can claim it
        if lexicon.frequency(w + nw[0]) or _excepted(rule, text, s, ne):
            continue
        out.append(Hit(s, e, "", rule,
                       f"「{w}{nw}」中的「{w}」疑为多余，请核对后删去：{context(text, s, ne)}",
                       safe=False, details=f"多余的“{w}”"))
    return out


# A character the dictionary counts this often alone (是, 在, 对, 的) is a word of grammar.
_GRAMMAR_WORD_COUNT = 100_000


def _parallel_homophones(rule: Rule, text: str, toks) -> list[Hit]:
    """In a run of three parallel two-character words sharing a character (精读深读细读,
    真学真信真用), one with a same-sounding other character in that place (「精度深读细读」)."""
    out = []
    starts = None
    # Two neighbouring units already share a character (found in C); the third is then judged.
    for place, pattern in zip((1, 0), _shared_units()):
        for m in pattern.finditer(text):
            i = m.start()
            if starts is None:
                starts = {s for s, _, _ in toks} | {len(text)}
            for first, odd_at in ((i, i + 4), (i - 2, i - 2)):
                if first < 0 or odd_at < 0 or odd_at + 2 > len(text):
                    continue
                word = text[odd_at:odd_at + 2]
                shared, odd = text[i + place], word[place]
                if odd == shared:
                    continue  # the cheapest test first: a run of one character matches everywhere
                if not all(first + 2 * u in starts for u in range(4)):
                    continue  # the units are not words here: 「上级部署不折不扣」 is no 级部/署不/折不
                units = [text[first + 2 * u:first + 2 * u + 2] for u in range(3)]
                if len(units[2]) < 2 or not all(_CJK.match(u[0]) and _CJK.match(u[1]) for u in units):
                    continue
                if lexicon.reading(odd) != lexicon.reading(shared):
                    continue
                if lexicon.frequency(odd) > _GRAMMAR_WORD_COUNT:
                    continue  # 是, 对, 在: grammar beside the run (「二是对师德师风」), no unit of it
                fixed = word[:place] + shared + word[place + 1:]
                at = odd_at + place
                # 精度 is a word, so only if 精读 is one too; 针用 is none, and the parallel
                # 真学真懂 is evidence enough for 真用.
                if lexicon.frequency(word) and not lexicon.frequency(fixed):
                    continue
                if _excepted(rule, text, at, at + 1):
                    continue
                others = [u for u in units if u != word]
                out.append(Hit(at, at + 1, shared, rule,
                               f"「{word}」疑为同音误用，与并列的「{'」「'.join(others)}」一致，"
                               f"请核对后改为「{fixed}」：{context(text, at, at + 1)}",
                               safe=False))
    return out


@functools.lru_cache(maxsize=1)
def _shared_units() -> tuple[re.Pattern, re.Pattern]:
    """Two neighbouring two-character units sharing their second / first character. Compiled on
    first use: these take ~10 ms to compile, which every server worker would pay at start."""
    return (regexes.compile(r"(?=[\u4e00-\u9fff]([\u4e00-\u9fff])[\u4e00-\u9fff]\1)"),
            regexes.compile(r"(?=([\u4e00-\u9fff])[\u4e00-\u9fff]\1[\u4e00-\u9fff])"))


# ---------------------------------------------------------------- year references

_YEAR = regexes.compile(r"((?:19|20)\d{2})\s*年度")
_YEAR_IN_TITLE = regexes.compile(r"((?:19|20)\d{2})\s*年")


def document_year(paragraphs, title_index) -> int | None:
    """The material's year: 「2025年度」 in its title or preamble, else a year in the title."""
    head = [p.text for p in paragraphs[:6]]
    for text in head:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    if title_index is not None:
        m = _YEAR_IN_TITLE.search(paragraphs[title_index].text)
        if m:
            return int(m.group(1))
    return None


def reference_hits(rule: Rule, text: str, year: int) -> list[Hit]:
    out = []
    for ref in rule.references:
        past = ref.valid_to is not None and year > ref.valid_to
        future = ref.valid_from is not None and year < ref.valid_from
        if not (past or future):
            continue
        for m in ref.pattern.finditer(text):
            around = text[max(0, m.start() - 8):m.end() + 8]
            if ref.unless is not None and ref.unless.search(around):
                continue
            if past:
                message = ref.message or (f"「{m.group()}」是以往的提法，{year}年度的材料请改为"
                                          f"「{ref.current}」：{context(text, m.start(), m.end())}")
            else:
                message = ref.message or (f"「{m.group()}」在{year}年度尚未提出或召开，请核对材料年份："
                                          f"{context(text, m.start(), m.end())}")
            out.append(Hit(m.start(), m.end(), ref.current if past and ref.current else None, rule,
                           message.format(year=year, match=m.group(), current=ref.current),
                           False))
    return out


def compile_patterns(rules: RuleSet):
    """Each pattern rule with its compiled swaps and, where the swaps allow it, one expression
    of them all: a paragraph none of them matches (most) costs one scan instead of one a swap.
    Organisation and user rules are compiled (by RE2) now, so a broken one is reported at load;
    shipped ones when first needed."""
    out = []
    for r in rules.of("pattern"):
        linear = r.origin != "shipped"   # organisation and user rules run by RE2 (datafiles)
        make = (lambda text: compile_regex(text, True)) if linear else OnFirstUse
        compiled = [(s, make(s.wrong)) for s in r.swaps]
        any_of = None
        if not any(re.search(r"\\[1-9]|\(\?P=", s.wrong) for s in r.swaps):  # no backreferences
            try:
                any_of = make("|".join(f"(?:{s.wrong})" for s in r.swaps))
            except (re.error, LinearRegexError):
                any_of = None
        out.append((r, compiled, any_of))
    return out


class ItemIndex:
    """Every member of the sequence rules in one expression, so a paragraph is scanned once and
    only the rules with enough of their members in it are judged."""

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules
        # Longest first; words of one length in their own order (two of them cannot match at one
        # place), so the expression is the same in every process (regexes keeps its program).
        items = sorted({it for r in rules for it in r.items}, key=lambda it: (-len(it), it))
        self.regex = regexes.compile("|".join(map(re.escape, items))) if items else None

    def candidates(self, text: str) -> list[Rule]:
        if self.regex is None:
            return []
        found = set(self.regex.findall(text))
        if len(found) < 2:
            return []
        return [r for r in self.rules
                if len(found.intersection(r.items)) >= min(r.min_items, len(r.items) - 1)]


# ---------------------------------------------------------------- spelling (same sound, look-alike)

_KANA = regexes.compile(r"[\u3040-\u30ff]")
_FOUR_CJK = regexes.compile(r"[\u4e00-\u9fff]{4}")   # what the phrase tries may be asked
_QUOTED = regexes.compile(r"[“‘「『《][^”’」』》]{0,60}[”’」』》]")
_DIGIT = regexes.compile(r"[0-9０-９〇零]")
_CONFUSION_NAMES = {"sound": "同音", "fuzzy": "音近", "shape": "形近", "learned": "常见误写"}
# A candidate this close to the best one makes the choice unsure (no one-click fix).
_RUNNER_UP_MARGIN = 3.0
# How common a word the written character forms with its neighbours must be to count as one:
# 耕地|地|力 reads 地 alone, but 地力 is a word (20), so 地 is no slip.
_WRITTEN_WORD_COUNT = 5


def spelling_hits(rule: Rule, text: str, cuts: Cuts) -> list[Hit]:
    """A character the dictionary reads alone, forming no word with its neighbours, where a
    same-sounding or look-alike character forms a common word and the text around it then reads
    far better by the dictionary's unigram model (「深入调沿」 → 调研)."""
    if cuts.simplified is not cuts:
        return []  # a material in traditional characters: its 字 are not the dictionary's
    toks = cuts.tokens
    freq = lexicon.frequencies()[0]
    x = rule.extra
    out: list[Hit] = []
    if _KANA.search(text):
        return []  # Japanese: its kanji (様式, 発行) are not simplified Chinese slips
    genre = lexicon.genre_words()
    quoted = _Quoted(text, x["quoted_prose_chars"])
    learned_words = lexicon.learned_words()
    # Real words an input method may have offered for a homophone (桂花 for 规划): none where
    # the rule sets no gain for them.
    real_word_suspects = lexicon.real_word_suspects() if x["real_word_min_gain"] < 1e9 else ()
    # Common words one learned confusion from another (检查/检察): only where the rule reads them.
    paired_words = lexicon.paired_words() if x["paired_word_min_gain"] < 1e9 else ()
    # …and two words side by side where a set phrase was meant (练习会议 for 联席会议).
    stretches = lexicon.phrase_stretches() if paired_words else None
    first_halves, second_halves = lexicon.stretch_halves() if paired_words else ((), ())
    # …and real words of the same reading inside a longer word (全剧性 for 全局性).
    sound_longer_words = lexicon.sound_longer_words() if paired_words else ()
    ahead: dict[int, Hit | None] = {}  # the next token's reading, found while judging a pair
    # A genre collocation broken by a real word (贯彻落石) says most about what was meant.
    out += _collocation_slips(rule, text, toks, freq, set())
    collocated = {h.start for h in out}
    done = -1  # the end of the last span a reading was found for
    get = freq.get
    rare_max, stray_max = x["rare_word_max_freq"], x["stray_max_freq"]
    last = len(toks) - 1
    for k, (s, e, w) in enumerate(toks):
        if s < done or collocated and any(s <= c < e for c in collocated):
            continue
        length = e - s
        if length == 2 or length == 3:
            hit = None
            if get(w, 0) < rare_max and w not in genre and all(map(_is_cjk, w)):
                out += _rare_word_slips(rule, text, toks, k, freq, quoted)
                continue
            # A set lookup a word (most are in no learned confusion), before anything dearer.
            if w in learned_words and w not in genre:
                hit = _learned_word_slip(rule, text, toks, k, freq, quoted)
            if hit is None and length == 2 and w in real_word_suspects and w not in genre:
                hit = _homophone_real_word(rule, text, toks, k, freq, quoted)
            if hit is None and length == 2 and w in paired_words and w not in genre:
                hit = _paired_real_word(rule, text, toks, k, freq, quoted)
            if hit is None and length == 2 and w in sound_longer_words and w not in genre:
                hit = _sound_longer_slip(rule, text, toks, k, freq, quoted)
            if hit is None and stretches is not None and length == 2 and w in first_halves \
                    and text[e:e + 2] in second_halves and toks[k + 1][1] == e + 2 \
                    and _FOUR_CJK.fullmatch(text, s, s + 4) and text[s:s + 4] in stretches:
                hit = _phrase_homophone_slip(rule, text, toks, k, freq, quoted)
            if hit is not None:
                out.append(hit)
                done = hit.end
            continue
        if length != 1 or not "\u4e00" <= w <= "\u9fff":
            continue   # no reading of its own (_single_slip) and no pair with the next
        if k in ahead:
            hit = ahead.pop(k)
        elif _never_a_slip(w, stray_max, x["variants"], x["rare_char_min_gain"] < 1e9):
            hit = None   # _single_slip's tests of the character alone, kept a character
        else:
            hit = _single_slip(rule, text, toks, k, freq, quoted)
        if k < last and toks[k + 1][1] - toks[k + 1][0] == 1 \
                and _is_cjk(toks[k + 1][2]) and get(text[s:s + 2], 0) == 0 \
                and get(w, 0) <= stray_max and get(toks[k + 1][2], 0) <= stray_max \
                and not lexicon.prose_attested(text[s:s + 2], x["prose_attested"]):
            # Two characters read alone side by side (墙|画): a word typed by its reading
            # with the input method's wrong offer taken (强化) — or one of them a slip alone.
            pair = None if _marks_a_name(rule, toks, k + 1) else \
                _homophone_word(rule, text, toks, k, s, freq, quoted)
            if pair is not None:
                second = ahead[k + 1] = _single_slip(rule, text, toks, k + 1, freq, quoted)
                if all(other is None or pair.gain > other.gain for other in (hit, second)):
                    hit = pair
                elif second is not None and (hit is None or second.gain > hit.gain):
                    hit = second
        if hit is not None:
            previous = out[-1] if out else None
            if previous is not None and previous.read_as is not None \
                    and previous.read_as == hit.read_as == (previous.start, hit.end):
                # Two characters side by side that form no word, each read as a slip for a word
                # with the other (研度: 广度 or 研读): two readings of one slip, not two slips
                # (党祖素记 holds two: 党组 and 书记, each read with its other neighbour).
                # The better one stands.
                if hit.gain > previous.gain:
                    out[-1] = hit
                    done = hit.end
                continue
            out.append(hit)
            done = hit.end
    if out and x["second_slip_min_gain"] < rule.min_gain:
        out += _second_slips(rule, text, toks, freq, quoted, out)
    return out


_SENTENCE_MARKS = frozenset("。！？；\n")


def _second_slips(rule: Rule, text: str, toks, freq, quoted, found: list[Hit]) -> list[Hit]:
    """Slips beside a slip: in a sentence where a reading was found, the other characters read
    alone are read again with the lower bar `second_slip_min_gain` — a writer who slipped once
    in a sentence typed it in haste, and real sentences with a slip hold two or more in four
    cases of ten. A sentence with none is never read with the lower bar."""
    bounds = [i for i, ch in enumerate(text) if ch in _SENTENCE_MARKS]

    def sentence(i: int) -> int:
        return bisect.bisect_left(bounds, i)

    slipped = {sentence(h.start) for h in found}
    taken = [(h.start, max(h.end, h.start + 1)) for h in found]
    x = rule.extra
    lower = rule.min_gain - x["second_slip_min_gain"]   # each pass's own bar, lowered as much
    genre = lexicon.genre_words()
    out = []
    for k, (s, e, w) in enumerate(toks):
        if sentence(s) not in slipped or any(a - 1 <= s < b + 1 or a - 1 <= e - 1 < b + 1
                                             for a, b in taken):
            continue
        if e - s == 1:
            hits = [_single_slip(rule, text, toks, k, freq, quoted,
                                 min_gain=x["second_slip_min_gain"])]
        elif e - s in (2, 3) and w not in genre and all(map(_is_cjk, w)):
            if freq.get(w, 0) < x["rare_word_max_freq"]:
                hits = _rare_word_slips(rule, text, toks, k, freq, quoted, lower)
            elif w in lexicon.learned_words():
                hits = [_learned_word_slip(rule, text, toks, k, freq, quoted, lower)]
            elif e - s == 2 and x["real_word_min_gain"] < 1e9 and w in lexicon.real_word_suspects():
                hits = [_homophone_real_word(rule, text, toks, k, freq, quoted, lower)]
            else:
                continue
        else:
            continue
        for hit in hits:
            if hit is not None and hit.replacement is not None \
                    and len(hit.replacement) == hit.end - hit.start:
                out.append(dataclasses.replace(hit, safe=False))
                taken.append((hit.start, hit.end))
    return out


@functools.lru_cache(maxsize=8192)
def _never_a_slip(char: str, stray_max_freq: int, variants: str, rare_read: bool) -> bool:
    """Whether `_single_slip` leaves the character alone wherever it stands, by the tests of
    the character alone: one counted more than `stray_max_freq` times by itself that no real
    document was found to write for another, a variant, a rare one (unless `rare_read`: the
    rule reads rare characters from `rare_char_min_gain`). Most single characters of a text are
    these; the answer is the same in every paragraph."""
    if lexicon.frequencies()[0].get(char, 0) > stray_max_freq and not lexicon.learned(char):
        return True
    return char in variants or not rare_read and char not in lexicon.common_chars()


def _single_slip(rule: Rule, text: str, toks, k: int, freq, quoted,
                 min_gain: float | None = None) -> Hit | None:
    """The best reading of token `k` if it is a common character the dictionary reads alone,
    forming no word with its neighbours, outside names, places, numbers and quotations."""
    s, e, w = toks[k]
    x = rule.extra
    if e - s != 1 or not _is_cjk(w):
        return None
    # A character this common alone (的, 不, 里) is grammar where it stands — unless real
    # documents were found to write it for another (管里 for 管理): then only those readings.
    only_learned = freq.get(w, 0) > x["stray_max_freq"]
    if only_learned:
        learned = lexicon.learned(w)
        if not learned:
            return None
        # The cheap test first (these characters are a good part of every text): one of them
        # must make a common two-character word with a neighbour.
        follows, precedes = lexicon.pair_index(x["min_word_count"])
        near = follows.get(text[s - 1:s], "") + precedes.get(text[s + 1:s + 2], "")
        if not any(ch in near for ch in learned):
            return None
    if w in x["variants"] or w == text[s - 1:s] or w == text[s + 1:s + 2]:
        return None   # a doubled character is a reduplication (一剂剂) or proof.doubled's
    if _marks_a_name(rule, toks, k):
        return None   # 沁沿县, 李存庄: the marker is the place's, not 沿线 or 存在
    # An input method offers common characters first: a rare one is meant, as a rule — unless
    # it forms no word and a reading of it writes the text far better (政筞 → 政策, 菅理 → 管理:
    # a look-alike no writer of a name would put beside those words).
    rare = w not in lexicon.common_chars()
    if rare and (only_learned or x["rare_char_min_gain"] >= 1e9):
        return None
    if _written_forms_word(text, s, freq):
        return None
    bigrams = lexicon.genre_word_pairs()
    if text[max(0, s - 1):s + 1] in bigrams or text[s:s + 2] in bigrams:
        return None  # a pair of the genre's words (学纪, 审减): its vocabulary, not a slip
    if _quiet_context(rule, text, s, places=False) or s in quoted \
            or _excepted(rule, text, s, e):
        return None
    # Before 县/区/局 …: a name, unless the change writes a common word through the marker.
    return _best_spelling(rule, text, toks, k, freq, place=_before_place(rule, text, s),
                          only_learned=only_learned,
                          min_gain=max(rule.min_gain, x["rare_char_min_gain"]) if rare else min_gain)


def _rare_word_slips(rule: Rule, text: str, toks, k: int, freq, quoted,
                     lower: float = 0.0) -> list[Hit]:
    """A rare word the segmenter read whole (墙画, 康震, 淡味) where one character changed for a
    same-sounding or look-alike one writes a common word (强化, 抗震, 单位): an input method's
    slip that happens to form a word. Only a substitution, and only where the text around it
    then reads far better (`rare_word_min_gain`)."""
    s, e, w = toks[k]
    if s in quoted or lexicon.prose_attested(w, rule.extra["prose_attested"]):
        return []  # official prose writes it: a word of its own, however rare in the dictionary
    if _closes_a_list(text, e - 1):
        return []  # a name of the writer's and the 等 closing its list (欧阳坪等), not one word
    x = rule.extra
    best = _homophone_word(rule, text, toks, k, s, freq, quoted, lower) if e - s == 2 else None
    readings = [(i, ch, kind) for i, ch, kind in _one_change_words(w, x["min_word_count"])
                if w[i] not in x["variants"] and not _quiet_context(rule, text, s + i)
                and not _excepted(rule, text, s + i, s + i + 1)]
    if len(readings) > _RARE_READINGS_TRIED:
        # The few likeliest by the changed word's count and the prose model (cheap), before the
        # window is segmented for each (dear).
        readings = sorted(readings, reverse=True, key=lambda r: math.log(
            freq.get(w[:r[0]] + r[1] + w[r[0] + 1:], 1)) + _prose_gain(x, text, s + r[0], s + r[0] + 1, r[1])
        )[:_RARE_READINGS_TRIED]
    if readings:
        lo, hi = max(0, k - 2), min(len(toks) - 1, k + 2)
        ws, we = toks[lo][0], toks[hi][1]
        window = text[ws:we]
        base, base_singles = lexicon.best_segmentation_score(window)
        scored = []
        for i, ch, kind in readings:
            at = s + i - ws
            score, singles = lexicon.best_segmentation_score(window[:at] + ch + window[at + 1:])
            if singles <= base_singles:
                scored.append((score - base - _cost(x, w[i], ch, kind)
                               + _prose_gain(x, text, s + i, s + i + 1, ch), i, ch, kind))
        top = _clear_best(scored, x["rare_word_min_gain"] - lower)
        if top is not None and (best is None or top[0] > best.gain):
            gain, i, ch, kind = top
            meant = w[:i] + ch + w[i + 1:]
            best = Hit(s + i, s + i + 1, ch, rule,
                       f"「{w}」可能是「{meant}」之误（{_CONFUSION_NAMES[kind]}），请核对："
                       f"{context(text, s, e)}",
                       safe=False, details="按常用词语搭配判断，改后更通顺", gain=gain)
    return [best] if best is not None else []


def _learned_word_slip(rule: Rule, text: str, toks, k: int, freq, quoted,
                       lower: float = 0.0) -> Hit | None:
    """A common word standing for another (肿大 for 重大, 绝顶 for 决定, 懂事会 for 董事会): one
    of its characters is one real documents were found to write for another
    (words/confusions.tsv), the word then written is commoner, and the text around it reads
    far better by the dictionary and the prose model (`learned_word_min_gain`). Only the learned
    confusions are tried here: every same-sounding character of every word would cost a
    material's time many times over, and alarm on words that are right."""
    s, e, w = toks[k]
    x = rule.extra
    candidates = []
    for i, written in enumerate(w):
        learned = lexicon.learned(written)
        for ch in learned:
            meant = w[:i] + ch + w[i + 1:]
            # The word meant must be far commoner than the word written (重大 than 肿大):
            # a word about as common (检测 for 监测) is as likely right.
            if freq.get(meant, 0) > max(x["min_word_count"],
                                        lexicon.LEARNED_WORD_RATIO * freq.get(w, 0)):
                candidates.append((i, ch))
    if not candidates or s in quoted:
        return None
    scored = _changed_character_readings(rule, text, toks, k, candidates)
    top = _clear_best(scored, x["learned_word_min_gain"] - lower)
    if top is None:
        return None
    gain, i, ch, kind = top
    meant = w[:i] + ch + w[i + 1:]
    return Hit(s + i, s + i + 1, ch, rule,
               f"「{w}」可能是「{meant}」之误（{_CONFUSION_NAMES[kind]}），请核对：{context(text, s, e)}",
               safe=False, details="按常用词语搭配判断，改后更通顺", gain=gain)


def _changed_character_readings(rule: Rule, text: str, toks, k: int, candidates) -> list[tuple]:
    """The word at token `k` read with one character changed, for each candidate
    (position, character, anything else kept): (gain, position, character, kind, anything
    else) — the window of two words each side segmented with the change, less its kind's cost
    without the learned bonus (a word as written is evidence enough that the slip is rarer here:
    水务 is right in 水务局's material), plus the prose model's gain. Names, places and numbers
    are skipped, and so is a reading that leaves more single characters."""
    s, e, w = toks[k]
    x = rule.extra
    lo, hi = max(0, k - 2), min(len(toks) - 1, k + 2)
    ws, we = toks[lo][0], toks[hi][1]
    window = text[ws:we]
    base, base_singles = lexicon.best_segmentation_score(window)
    scored = []
    for i, ch, *kept in candidates:
        if _quiet_context(rule, text, s + i) or _excepted(rule, text, s + i, s + i + 1):
            continue
        at = s + i - ws
        score, singles = lexicon.best_segmentation_score(window[:at] + ch + window[at + 1:])
        kind = lexicon.confusion(w[i], ch) or "learned"
        if singles <= base_singles:
            scored.append((score - base - x["cost"][kind]
                           + _prose_gain(x, text, s + i, s + i + 1, ch), i, ch, kind, *kept))
    return scored


def _homophone_real_word(rule: Rule, text: str, toks, k: int, freq, quoted,
                         lower: float = 0.0) -> Hit | None:
    """A real word the input method offered for another of the same reading (桂花 for 规划,
    暴涨 for 保障, 计数 for 技术): the word written is rare in official prose, the word of the
    same reading is lexicon.REAL_WORD_PROSE_RATIO times commoner there (words/news-bigrams.tsv),
    and the text reads far better with it — by the dictionary's unigram model over the window and
    by the prose model on the characters each side, neither side reading worse
    (`real_word_min_gain`). The prose counts are the test that picks the few suspects: the
    genre's own vocabulary is written in official prose, a slip is not."""
    s, e, w = toks[k]
    x = rule.extra
    candidates = lexicon.real_word_readings(w)
    if not candidates or s in quoted:
        return None
    lo, hi = max(0, k - 2), min(len(toks) - 1, k + 2)
    ws, we = toks[lo][0], toks[hi][1]
    window = text[ws:we]
    base = []   # the window as written, segmented once a reading passes the neighbours' test
    before, after = text[s - 1:s], text[e:e + 1]
    prose = lexicon.prose_log_probability
    association = lexicon.prose_association
    scored = []
    for c in candidates:
        # Each side on its own: a word that reads better on one side and worse on the other is
        # as likely right as written. On the left, what the neighbour says about the first
        # character beyond its frequency (the unigram model has counted that already): 由乙方
        # is no slip for 由一方 because 一 is common.
        left = association(before, c[0]) - association(before, w[0]) \
            if before and _is_cjk(before) else 0.0
        right = prose(c[1] + after) - prose(w[1] + after) if after else 0.0
        if min(left, right) <= -1:
            continue
        if not base:
            # Names, places and numbers, asked once a reading has passed the cheap test.
            if _excepted(rule, text, s, e) or _quiet_context(rule, text, s) \
                    or _quiet_context(rule, text, s + 1):
                return None
            base.extend(lexicon.best_segmentation_score(window))
        score, singles = lexicon.best_segmentation_score(window[:s - ws] + c + window[e - ws:])
        if singles <= base[1]:
            scored.append((score - base[0] + left + right, c))
    return _same_reading_hit(rule, text, s, w, scored, x["real_word_min_gain"] - lower,
                             "按公文常用词判断，改后更通顺")


# How much (in nats) the prose model must favour a paired word's change by itself.
_PAIRED_PROSE_MARGIN = 0.5
_UNWEIGHTED = {"prose_weight": 1.0}

# A longer word the word meant writes with its neighbours: any the dictionary holds (its
# floor is 3) — 检察院, 心理健康, 体制改革 — or the genre's.
_LONGER_WORD_COUNT = 3


def _longer_word(text: str, s: int, e: int, meant: str, freq) -> str | None:
    """The longest dictionary word of three or four characters that `meant`, put at [s, e),
    writes with the characters beside it, where the characters as written write none (检查院
    is no word, 检察院 is; 检查组 is one, so 检察组 says nothing)."""
    best = None
    for a in range(max(0, s - 2), s + 1):
        for b in range(e, min(len(text), e + 2) + 1):
            if not 3 <= b - a <= 4 or (best is not None and b - a <= len(best)):
                continue
            unit = text[a:s] + meant + text[e:b]
            if freq.get(unit, 0) >= _LONGER_WORD_COUNT and all(_is_cjk(c) for c in unit) \
                    and freq.get(text[a:b], 0) < _WRITTEN_WORD_COUNT:
                best = unit
    return best


@functools.lru_cache(maxsize=4096)
def _paired_readings(word: str, min_count: int) -> tuple[tuple[int, str, str], ...]:
    """(position, character, word meant) of each learned confusion of a character of `word`
    that writes a word counted `min_count` times (体质: 1, 制, 体制): the same for every
    paragraph, so worked out once a word."""
    freq = lexicon.frequencies()[0]
    return tuple((i, ch, word[:i] + ch + word[i + 1:]) for i, written in enumerate(word)
                 for ch in lexicon.learned(written)
                 if freq.get(word[:i] + ch + word[i + 1:], 0) >= min_count)


def _paired_real_word(rule: Rule, text: str, toks, k: int, freq, quoted,
                      lower: float = 0.0) -> Hit | None:
    """A common word written for another common word one character apart, by a confusion
    real documents were found to make (lexicon.paired_words: 检查 for 检察, 心里 for 心理,
    传到 for 传导): both are right somewhere, so neither frequency nor the prose model decides
    alone. The words around decide: the word meant makes a longer dictionary word with its
    neighbours (检察院, 心理健康, 体制改革) where the word written makes none, and the text
    reads better with it by `paired_word_min_gain` — always a suggestion."""
    s, e, w = toks[k]
    x = rule.extra
    if s in quoted:
        return None
    candidates = []
    for i, ch, meant in _paired_readings(w, x["min_word_count"]):
        # Official prose must favour the change on its own (both words are common, and a
        # longer word of the dictionary may be a variant: 急流险滩 beside 激流险滩).
        if _prose_gain(_UNWEIGHTED, text, s + i, s + i + 1, ch) < _PAIRED_PROSE_MARGIN:
            continue
        longer = _longer_word(text, s, e, meant, freq)
        if longer is not None:
            candidates.append((i, ch, longer))
    if not candidates:
        return None
    scored = _changed_character_readings(rule, text, toks, k, candidates)
    top = _clear_best(scored, x["paired_word_min_gain"] - lower)
    if top is None:
        return None
    return _longer_word_hit(rule, text, s, e, w, top)


def _longer_word_hit(rule: Rule, text: str, s: int, e: int, w: str, top) -> Hit:
    """The suggestion for the word w = text[s:e] read as another with one character changed
    (`top`: gain, index, character, kind of confusion, the longer word it then writes)."""
    gain, i, ch, kind, longer = top
    meant = w[:i] + ch + w[i + 1:]
    return Hit(s + i, s + i + 1, ch, rule,
               f"「{w}」可能是「{meant}」之误（{_CONFUSION_NAMES[kind]}），这里应是「{longer}」，"
               f"请核对：{context(text, s, e)}",
               safe=False, details=f"按词语搭配“{longer}”判断", gain=gain)


def _sound_longer_slip(rule: Rule, text: str, toks, k: int, freq, quoted) -> Hit | None:
    """A real word the input method offered for another of the same reading where the word
    meant writes a longer dictionary word with its neighbours (全剧性 for 全局性, 视场监管 for
    市场监管, 主官部门 for 主管部门: lexicon.sound_longer) and the characters as written write
    none. The word written is a word, so the longer word is the evidence, as for the paired
    words of the learned confusions (`_paired_real_word`): the word meant must be
    lexicon.SOUND_PAIR_RATIO times commoner, official prose must favour the change on each side
    (neither side a nat worse, both together by `_PAIRED_PROSE_MARGIN`), and the text must read
    better by `paired_word_min_gain` — always a suggestion."""
    s, e, w = toks[k]
    if s in quoted:
        return None
    found: dict[tuple[int, str], str] = {}
    # The longer word takes in whole words beside the word written, never part of one: 补足|以前
    # is no slip for 不足以 (the neighbour reads as written; only the word the slip is in broke).
    starts = [toks[j][0] for j in range(max(0, k - 2), k + 1)]
    ends = [toks[j][1] for j in range(k, min(len(toks), k + 3))]
    for a in starts:
        for b in ends:
            if not 3 <= b - a <= 4:
                continue
            stretch = text[a:b]
            if not all("\u4e00" <= c <= "\u9fff" for c in stretch):
                continue
            for longer in lexicon.sound_longer(stretch):
                # The one character changed must be the word's (the stretch may be another's).
                i = next((j for j in range(2) if longer[s - a + j] != w[j]), None)
                if i is None or longer[:s - a] != text[a:s] or longer[e - a:] != text[e:b]:
                    continue
                # The longer word on the side away from the changed character says nothing of
                # what the character's own side reads: it must be no Chinese text there (系统实时监测
                # may be 实时监测 as written; 、视场监管 and 社会保鲜、 have only one reading).
                if (i == 0 and a == s and _is_cjk(text[s - 1:s])) \
                        or (i == 1 and b == e and _is_cjk(text[e:e + 1])):
                    continue
                key = (i, longer[s - a + i])
                if len(longer) > len(found.get(key, "")):
                    found[key] = longer
    if not found:
        return None
    before, after = text[s - 1:s], text[e:e + 1]
    prose = lexicon.prose_log_probability
    candidates = []
    for (i, ch), longer in found.items():
        meant = w[:i] + ch + w[i + 1:]
        # Each side on its own, as for the real words of the same reading: what the neighbour
        # says about the changed character (without its frequency), and the word's own pair.
        if i == 0:
            outer = lexicon.prose_association(before, ch) - lexicon.prose_association(before, w[0]) \
                if before and _is_cjk(before) else 0.0
        else:
            outer = prose(ch + after) - prose(w[1] + after) if after else 0.0
        inner = prose(meant) - prose(w)
        if min(outer, inner) > -1 and outer + inner >= _PAIRED_PROSE_MARGIN:
            candidates.append((i, ch, longer))
    if not candidates:
        return None
    x = rule.extra
    top = _clear_best(_changed_character_readings(rule, text, toks, k, candidates),
                      x["paired_word_min_gain"])
    if top is None:
        return None
    return _longer_word_hit(rule, text, s, e, w, top)


def _phrase_homophone_slip(rule: Rule, text: str, toks, k: int, freq, quoted) -> Hit | None:
    """Two words side by side where a set phrase was meant, one of them typed as a word of the
    same reading (练习会议 for 联席会议, 人士档案 for 人事档案: lexicon.phrase_homophone). Both are
    words, so the phrase is the only evidence: neither may be one of the genre's own words
    (法治建设 is no slip for 法制建设), official prose must favour the change on its own, and the text
    must read better by `paired_word_min_gain` — always a suggestion."""
    s = toks[k][0]
    four = text[s:s + 4]
    phrase = lexicon.phrase_homophone(four)
    if phrase is None or s in quoted:
        return None
    genre = lexicon.genre_words()
    if four[:2] in genre or four[2:] in genre:
        return None
    x = rule.extra
    start, end, replacement = _changed_span(s, four, phrase)
    if any(_quiet_context(rule, text, i) for i in range(start, end)) \
            or _excepted(rule, text, start, end):
        return None
    prose = _prose_gain(_UNWEIGHTED, text, start, end, replacement)
    if prose < _PAIRED_PROSE_MARGIN:
        return None
    lo, hi = max(0, k - 2), min(len(toks) - 1, k + 3)
    ws, we = toks[lo][0], toks[hi][1]
    window = text[ws:we]
    base, base_singles = lexicon.best_segmentation_score(window)
    score, singles = lexicon.best_segmentation_score(
        window[:start - ws] + replacement + window[end - ws:])
    gain = score - base - x["cost"]["word"] * (end - start == 2) + x["prose_weight"] * prose
    if singles > base_singles or gain < x["paired_word_min_gain"]:
        return None
    return Hit(start, end, replacement, rule,
               f"「{four}」可能是「{phrase}」之误（同音），请核对：{context(text, s, s + 4)}",
               safe=False, details=f"按固定说法“{phrase}”判断", gain=gain)


def clear_caches() -> None:
    """Forget what was worked out for words seen before (for a benchmark of a first check)."""
    _one_change_words.cache_clear()
    _paired_readings.cache_clear()
    _simplified_document.cache_clear()
    lexicon.homophone_words.cache_clear()
    lexicon.forget_counts()


@functools.lru_cache(maxsize=4096)
def _one_change_words(word: str, min_count: int) -> tuple[tuple[int, str, str], ...]:
    """The (position, character, how confused) changes of one character of `word` that write a
    dictionary word counted at least `min_count` times (and more often than `word`)."""
    freq = lexicon.frequencies()[0]
    floor = max(min_count, freq.get(word, 0) + 1)
    common = lexicon.common_chars()
    # The characters that complete the word with one changed, from the indexes of common two-
    # and three-character words (a set each, not a dictionary lookup a candidate).
    follows, precedes = lexicon.pair_index(min_count)
    triples = lexicon.triple_index(min_count)
    out = []
    for i, written in enumerate(word):
        if written not in common:
            continue  # an input method offers common characters first: a rare one is meant
        if len(word) == 2:
            fits = precedes.get(word[1], "") if i == 0 else follows.get(word[0], "")
        else:
            fits = triples.get(word[:i] + "?" + word[i + 1:], "")
        if not fits:
            continue
        for ch, kind in lexicon.confusables(written):
            if ch in fits and freq.get(word[:i] + ch + word[i + 1:], 0) >= floor:
                out.append((i, ch, kind))
    return tuple(out)


_HOMOPHONES_TRIED = 4
_STANDALONE_WORD_COUNT = 10_000
_READINGS_TRIED = 4
_RARE_READINGS_TRIED = 3


def _homophone_word(rule: Rule, text: str, toks, k: int, s: int, freq, quoted,
                    lower: float = 0.0) -> Hit | None:
    """The two characters at `s` replaced by a common word of the same reading (墙画 → 强化,
    淡味 → 单位), if the text around them then reads far better by the dictionary's unigram
    model (at least `rare_word_min_gain`)."""
    x = rule.extra
    written = text[s:s + 2]
    if len(written) < 2 or any(c in x["variants"] for c in written) or s in quoted \
            or written[0] == written[1] or _closes_a_list(text, s + 1):
        return None   # …and a doubled character is a reduplication (一剂剂, 件件), never 积极
    # The commonest few: the unigram model ranks by frequency, so a rarer one never wins.
    floor = max(x["min_word_count"], freq.get(written, 0) + 1)
    candidates = [w for w in lexicon.homophone_words(written)[:_HOMOPHONES_TRIED]
                  if freq.get(w, 0) >= floor]
    if not candidates or _excepted(rule, text, s, s + 2) \
            or _quiet_context(rule, text, s) or _quiet_context(rule, text, s + 1):
        return None
    lo, hi = max(0, k - 2), min(len(toks) - 1, k + 3)
    ws, we = toks[lo][0], toks[hi][1]
    window = text[ws:we]
    a = s - ws
    base, base_singles = lexicon.best_segmentation_score(window)
    scored = []
    for word in candidates:
        score, singles = lexicon.best_segmentation_score(window[:a] + word + window[a + 2:])
        if singles <= base_singles:
            both = word[0] != written[0] and word[1] != written[1]
            scored.append((score - base - x["cost"]["word"] * both
                           + _prose_gain(x, text, s, s + 2, word), word))
    return _same_reading_hit(rule, text, s, written, scored, x["rare_word_min_gain"] - lower,
                             "按常用词语搭配判断，改后更通顺")


def _clear_best(scored: list[tuple], bar: float) -> tuple | None:
    """The best of the readings scored (gain first in each) if it reaches `bar` and no other
    comes within _RUNNER_UP_MARGIN of it: two readings about as good make the choice unsure,
    and the text is left as written."""
    if not scored:
        return None
    scored.sort(reverse=True)
    if scored[0][0] < bar or len(scored) > 1 and scored[0][0] - scored[1][0] < _RUNNER_UP_MARGIN:
        return None
    return scored[0]


def _same_reading_hit(rule: Rule, text: str, s: int, written: str, scored: list[tuple[float, str]],
                      bar: float, details: str) -> Hit | None:
    """The suggestion of the best word of the same reading for the word `written` at `s`
    (the whole-word and real-word readers: 墙画 → 强化, 桂花 → 规划), if it is clear
    (`_clear_best`), changing the smallest span."""
    top = _clear_best(scored, bar)
    if top is None:
        return None
    gain, word = top
    start, end, replacement = _changed_span(s, written, word)
    return Hit(start, end, replacement, rule,
               f"「{written}」可能是「{word}」之误（同音），请核对：{context(text, s, s + len(written))}",
               safe=False, details=details, gain=gain)


def _changed_span(s: int, written: str, word: str) -> tuple[int, int, str]:
    """The smallest span of `written` (at `s`) that changes for `word` of the same length, and
    its replacement: one character where the other was typed right (墙画 → 强化 changes both,
    桂花 → 规划 both, 保正 → 保证 one)."""
    start = s + (written[0] == word[0])
    end = s + len(written) - (written[-1] == word[-1])
    return start, end, word[start - s:end - s]


def _closes_a_list(text: str, at: int) -> bool:
    """Whether the 等 at `at` closes an enumeration (「贺家湾、欧阳坪等偏远村组」): the last item
    before it is a name of the writer's, not half of a word (坪等 is no slip for 平等)."""
    if text[at:at + 1] != "等":
        return False
    clause = re.split(r"[，。；：！？,;:]", text[max(0, at - 16):at])[-1]
    if "、" not in clause:
        return False
    last_item = clause.rsplit("、", 1)[1]
    return 0 < len(last_item) <= _LIST_ITEM_CHARS and not re.search("[等的和与及]", last_item)


_LIST_ITEM_CHARS = 8   # a name in a list (欧阳坪, 石门坎水库); longer, the 、 is another list's


def _cost(x: dict, written: str, meant: str, kind: str) -> float:
    """What a reading must add to the gain for its kind of slip, less `learned_bonus` times
    log2(1 + how often real documents were found to write `written` for `meant`)
    (words/confusions.tsv): a slip writers are known to make needs less evidence."""
    n = lexicon.learned(written).get(meant, 0) if len(written) == 1 == len(meant) else 0
    return x["cost"][kind] - (x["learned_bonus"] * math.log2(1 + n) if n else 0.0)


def _prose_gain(x: dict, text: str, start: int, end: int, replacement: str) -> float:
    """How much likelier the language model of official prose finds the change, on the
    transitions it touches, weighted by `prose_weight`."""
    if not x["prose_weight"]:
        return 0.0
    before, after = text[max(0, start - 1):start], text[end:end + 1]
    return x["prose_weight"] * (
        lexicon.prose_log_probability(before + replacement + after)
        - lexicon.prose_log_probability(before + text[start:end] + after))


class _Quoted:
    """The quoted stretches of a paragraph (found once), asked whether a position is inside
    one by bisection: a paragraph of many quotations and suspects stays linear."""

    __slots__ = ("starts", "ends")

    def __init__(self, text: str, prose_chars: int = 0):
        # A title in 《》 of `prose_chars` or more (《关于加强新时代…的意见》) is prose like the
        # rest; a shorter one, and every quotation (a name, a term, a slogan, a line of verse),
        # is written as meant.
        spans = [m.span() for m in _QUOTED.finditer(text)
                 if not prose_chars or text[m.start()] != "《" or m.end() - m.start() - 2 < prose_chars]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def __contains__(self, i: int) -> bool:
        k = bisect.bisect_left(self.starts, i) - 1
        return k >= 0 and i < self.ends[k]


@functools.lru_cache(maxsize=1)
def _collocation_neighbours() -> tuple[frozenset[str], ...]:
    """For the stretches of `lexicon.genre_contexts` (two characters of a genre word of three or
    more), the pairs a stretch's first character makes with the word's character before the
    stretch and after it, then its second character's: for 机制 in 工作机制 (offset 2), 作机 and
    作制. A written pair that differs from a stretch by one character and sits in its genre word
    (the text around it is the word's) has its kept character beside one of the word's: the
    other character cannot be the slip unless one of these pairs is in the text."""
    before_first, after_first, before_second, after_second = set(), set(), set(), set()
    for found in lexicon.genre_contexts().values():
        for pair, word, offset in found:
            if offset >= 1:
                before_first.add(word[offset - 1] + pair[0])
                before_second.add(word[offset - 1] + pair[1])
            if offset + 2 < len(word):
                after_first.add(pair[0] + word[offset + 2])
                after_second.add(pair[1] + word[offset + 2])
    return (frozenset(before_first), frozenset(after_first), frozenset(before_second),
            frozenset(after_second))


def _collocation_slips(rule: Rule, text: str, toks, freq, taken) -> list[Hit]:
    """A real word in the wrong place (机智 for 机制): a two-character word that, with one
    character changed for a same-sounding or look-alike one, completes one of the genre's
    collocations with its neighbours (工作机智 → 工作机制, 贯彻落石 → 贯彻落实) where the word
    as written completes none. The genre's collocations are its language model here: a word
    no collocation names is left as written."""
    contexts = lexicon.genre_contexts()
    differing = lexicon.genre_context_chars()
    genre = lexicon.genre_words()
    before_first, after_first, before_second, after_second = _collocation_neighbours()
    out = []
    for s, e, w in [t for t in toks if t[1] - t[0] == 2]:
        # Which character may be the slip, judged first by the written neighbours alone: a
        # stretch of a genre word of three or more characters has a neighbour in the text (set
        # lookups, where the confusable characters cost an intersection each). Few words pass.
        places = []
        if text[s - 1:s + 1] in before_first or w[0] + text[e:e + 1] in after_first:
            places.append((1, w[0] + "?"))
        if text[s - 1:s] + w[1] in before_second or text[s + 1:s + 3] in after_second:
            places.append((0, "?" + w[1]))
        if not places or w in genre or s in taken or s + 1 in taken or not _is_cjk(w) \
                or not _is_cjk(w[1]):
            continue
        best = None
        for j, mask in places:
            chars = differing.get(mask)
            if chars is None:
                continue
            confused = lexicon.confusion_map(w[j])
            if confused.keys().isdisjoint(chars):
                continue  # no stretch of a genre word here differs by a confusable character
            for pair, word, offset in contexts[mask]:
                kind = confused.get(pair[j])
                if kind is None or pair == w:
                    continue
                start = s - offset
                if start < 0 or not text.startswith(word[:offset], start) \
                        or not text.startswith(word[offset + 2:], e):
                    continue
                if freq.get(pair, 0) < max(rule.extra["min_word_count"], freq.get(w, 0)):
                    continue
                if _quiet_context(rule, text, s + j) or _excepted(rule, text, s, e):
                    continue
                if best is None or len(word) > len(best[2]):
                    best = (j, pair, word, kind)
        if best is None:
            continue
        j, pair, word, kind = best
        at = s + j
        out.append(Hit(at, at + 1, pair[j], rule,
                       f"「{w}」可能是「{pair}」之误（{_CONFUSION_NAMES[kind]}），规范说法是「{word}」，"
                       f"请核对：{context(text, s, e)}",
                       safe=False, details=f"固定搭配“{word}”"))
    return out


def _written_forms_word(text: str, i: int, freq) -> bool:
    """Whether a dictionary word of 2 to 4 characters counted _WRITTEN_WORD_COUNT times covers
    position `i`: the words starting at each of the four places before it, one trie walk a
    place (not a lookup for each of the nine spans)."""
    for a in range(max(0, i - 3), i + 1):
        for word, count in freq.words_starting(text[a:a + 4]):
            if len(word) >= 2 and a + len(word) > i and count >= _WRITTEN_WORD_COUNT:
                return True
    return False


_NUMERAL_CHARS = frozenset("〇零一二三四五六七八九十百千万亿两")


def _parallel(text: str, i: int) -> bool:
    """A character in a parallel frame A?A? (一数一源, 依法依规, 自宰自食, 全心全意): the
    writer repeats A on purpose, so what stands beside it is chosen, not slipped."""
    # The cheapest test first, on the characters themselves (no slice a place): A repeated.
    for a in range(max(0, i - 3), min(i, len(text) - 4) + 1):
        if text[a] == text[a + 2]:
            w = text[a:a + 4]
            if w[1] != w[0] and w[3] != w[0] and all("\u4e00" <= c <= "\u9fff" for c in w):
                return True
    return False


def _quiet_context(rule: Rule, text: str, i: int, places: bool = True) -> bool:
    """Names, places and numbers: a character just before 县/镇/村/局 (or one more character
    on), after 任命/免去/同志, beside a digit, a Chinese numeral (十三五 is meant, not 十五五) or
    in a parallel frame (一数一源) is left as written. `places=False` leaves the places out
    (the caller asks `_before_place` itself)."""
    if text[i:i + 1] in _NUMERAL_CHARS or _parallel(text, i):
        return True
    x = rule.extra
    if places and _before_place(rule, text, i):
        return True
    start = max(0, i - 8)
    before = text[start:i]
    for marker in x["quiet_after"]:
        if marker not in before:
            continue
        at = before.find(marker)
        while at >= 0:
            if not _marker_in_word(text, start + at, len(marker), x["min_word_count"]):
                return True
            at = before.find(marker, at + 1)
    return bool(_DIGIT.match(text[i - 1:i] or " ") or _DIGIT.match(text[i + 1:i + 2] or " "))


def _marker_in_word(text: str, at: int, length: int, min_count: int) -> bool:
    """Whether the word before a name written at `at` (代表, 委员, 书记) is the beginning of a
    longer word there (代表大会, 委员会, 书记处): then no name follows it."""
    freq = lexicon.frequencies()[0]
    return any(freq.get(text[at:at + length + extra], 0) >= min_count for extra in (1, 2)
               if at + length + extra <= len(text))


def _before_place(rule: Rule, text: str, i: int) -> bool:
    """Whether the character at `i` stands just before 县/镇/村/局 … (or one more character on):
    a place's or an office's own name."""
    quiet = rule.extra["quiet_before"]
    if not quiet:
        return False
    # …unless the marker begins one of the commonest words (社会, 科学, 处理, 市场): then it is
    # that word, and what stands before it no name (经济社会, 规范管理程序处理).
    common = rule.extra["marker_word_count"]
    for j in range(i + 1, min(i + 3, len(text))):
        ch = text[j]
        if not "\u4e00" <= ch <= "\u9fff":
            return False   # 书己、局长: a name runs up to its marker, never across a mark
        if ch in quiet and not (common and lexicon.frequencies()[0].get(text[j:j + 2], 0) >= common):
            return True
    return False


def _marks_a_name(rule: Rule, toks, k: int) -> bool:
    """Whether token `k` is a place's marker (县, 庄, 村 … of `quiet_before`) closing a name the
    dictionary does not know: the two characters before it are read alone (沁|沿|县, 李|存|庄).
    The characters before the marker are a name's and stay quiet (`_before_place`); so does the
    marker itself, which with the name's last character may write a word (沿县 → 沿线, 存庄 →
    存在) that no writer of a place's name meant. One character before it (管|里 after 加强) is
    too short for a name of its own: 管里 is still read as 管理."""
    if k < 2 or k >= len(toks) or toks[k][2] not in rule.extra["quiet_before"] \
            or toks[k][1] - toks[k][0] != 1:
        return False
    return all(toks[j][1] - toks[j][0] == 1 and _is_cjk(toks[j][2]) for j in (k - 1, k - 2))


# A change just before 县/区/局 … is read only where it writes a word that takes in the marker
# itself, a two-character one this common (低区 → 地区, 去院 → 法院: 正厅 is too rare to be
# meant), a longer one counted min_word_count times (公女厅 → 公安厅, 锯民区 → 居民区): the office
# or place is then the dictionary's, not a name of its own.
_PLACE_WORD_COUNT = 1000


def _formed_words(text: str, i: int, ch: str, freq, min_count: int) -> list[str]:
    """The dictionary words of at least `min_count` the character `ch` put at `i` forms with
    its neighbours (2 to 4 characters, all Chinese)."""
    out = []
    for a in range(max(0, i - 3), i + 1):
        for b in range(max(a + 2, i + 1), min(len(text), a + 4) + 1):
            word = text[a:i] + ch + text[i + 1:b]
            if freq.get(word, 0) >= min_count and all(_is_cjk(c) for c in word):
                out.append(word)
    return out


def _phrase_completions(text: str, s: int) -> dict[str, tuple[str, int]]:
    """{character: (phrase, where it starts)} for each character that, put at `s`, completes a fixed four-
    character phrase (lexicon.phrase_fills) of which the text holds the other three characters
    (弄须作假: 虚 → 弄虚作假). The text as written must not be such a phrase or a dictionary word
    already (有法可依 is one of its own, not a slip for 有法必依)."""
    out: dict[str, tuple[str, int]] = {}
    # The run of Chinese characters around `s`, up to three each side: the phrases lie in it.
    first, end = s, s + 1
    while first > max(0, s - 3) and "\u4e00" <= text[first - 1] <= "\u9fff":
        first -= 1
    while end < min(len(text), s + 4) and "\u4e00" <= text[end] <= "\u9fff":
        end += 1
    for a in range(first, end - 3):
        four = text[a:a + 4]
        j = s - a
        fills = lexicon.phrase_fills(four[:j] + "?" + four[j + 1:])
        if fills and lexicon.frequency(four) < _WRITTEN_WORD_COUNT:   # asked only then
            for ch in fills:
                out.setdefault(ch, (four[:j] + ch + four[j + 1:], a))
    return out


def _best_spelling(rule: Rule, text: str, toks, k: int, freq, at: int | None = None,
                   min_gain: float | None = None, place: bool = False,
                   only_learned: bool = False) -> Hit | None:
    """The best reading of the suspect character at token `k`: another character in its place
    (same sound, fuzzy sound, like shape), a character it lost beside it (贯落实 → 贯彻落实) or
    its neighbour swapped with it (发展想思 → 思想), scored on the two words each side by the
    dictionary's unigram model and the genre's character bigrams."""
    x = rule.extra
    in_word = at is not None  # a character inside a rare word: only substitutions
    s = toks[k][0] if at is None else at
    written = text[s]
    lo, hi = max(0, k - 2), min(len(toks) - 1, k + 2)
    ws, we = toks[lo][0], toks[hi][1]
    window = text[ws:we]
    base = []   # the window as written, segmented when a first reading is judged (most have none)
    bigrams = lexicon.genre_bigrams()
    scored = []
    # A character written alone that is a common word by itself (讲, 写) is likelier meant than
    # one nobody writes alone: changing it costs `cost.standalone` more.
    standalone = x["cost"]["standalone"] if freq.get(written, 0) >= _STANDALONE_WORD_COUNT else 0.0

    def judge(start: int, end: int, replacement: str, kind: str, word: str):
        a, b = start - ws, end - ws
        if not base:
            base.extend(lexicon.best_segmentation_score(window))
        score, singles = lexicon.best_segmentation_score(window[:a] + replacement + window[b:])
        if singles > base[1]:
            return  # 不到委 → 不|到位 leaves as many single characters; more is no reading
        # The genre's language model: a pair of characters the genre's own texts write (调研,
        # 批评, 廉政) is likelier here than one only general text has (甲基, 巴黎).
        joined = text[start - 1:start] + replacement + text[end:end + 1]
        seen = max((bigrams.get(joined[i:i + 2], 0) for i in range(len(joined) - 1)
                    if text.find(joined[i:i + 2], max(0, start - 1), end + 1) < 0), default=0)
        genre = x["genre_bonus"] * math.log2(1 + min(seen, 15)) / 4 if seen else 0.0
        scored.append((score - base[0] - _cost(x, text[start:end], replacement, kind) + genre - standalone
                       + _prose_gain(x, text, start, end, replacement),
                       start, end, replacement, kind, word))

    # A candidate must make a two-character word with a neighbour (found by set, not by
    # trying every candidate in the dictionary: a material has hundreds of suspects).
    follows, precedes = lexicon.pair_index(x["min_word_count"])
    triples = lexicon.triple_index(x["min_word_count"])
    # (The characters of a neighbour's pairs as a set kept for that neighbour: a set made of
    # a string of hundreds of characters for every suspect cost more than the rest of the test.)
    after_previous = lexicon.char_set(follows.get(text[s - 1:s], ""))
    before_next = lexicon.char_set(precedes.get(text[s + 1:s + 2], ""))
    # …or a three-character one (按规定; four-character words are left to the rest).
    in_triples = "".join(triples[mask] for mask in (
        text[s - 2:s] + "?" if s >= 2 else "", text[s - 1:s] + "?" + text[s + 1:s + 2],
        "?" + text[s + 1:s + 3]) if len(mask) == 3 and mask in triples)
    # …or completes a fixed four-character phrase (弄须作假 → 弄虚作假, 有法心依 → 有法必依):
    # an idiom or set phrase is rarer as a word than its parts, but written whole it is meant
    # whole, and a character of it typed by its reading breaks it into a non-word.
    completes = {} if place or in_word else _phrase_completions(text, s)
    learned = lexicon.learned(written)
    readings = [(ch, kind) for ch, kind in lexicon.confusables(written)
                if (ch in after_previous or ch in before_next or ch in in_triples or ch in completes)
                and (not only_learned or ch in learned)]
    # The readings only a phrase names (须 → 虚 writes no word but 弄虚作假): judged as that
    # phrase, over a window that takes it in whole, and never a one-click fix.
    phrase_only = {ch: completes[ch] for ch, _ in readings if ch in completes
                   and ch not in after_previous and ch not in before_next and ch not in in_triples}
    if phrase_only:
        first = min(a for _, a in phrase_only.values())
        last = max(a for _, a in phrase_only.values()) + 4
        while lo > 0 and toks[lo][0] > first:
            lo -= 1
        while hi < len(toks) - 1 and toks[hi][1] < last:
            hi += 1
        ws, we = toks[lo][0], toks[hi][1]
        window = text[ws:we]
    if len(readings) > _READINGS_TRIED:
        # The likeliest few by the prose model and the kind's cost (cheap), before the words
        # each makes are looked up and the window is segmented for each (dear); a reading only
        # a phrase names is always tried (the prose model does not know most idioms).
        ranked = sorted(readings, reverse=True, key=lambda r: _prose_gain(x, text, s, s + 1, r[0])
                        - _cost(x, written, r[0], r[1]))
        readings = ranked[:_READINGS_TRIED] + [r for r in ranked[_READINGS_TRIED:]
                                               if r[0] in phrase_only]
    for ch, kind in readings:
        words = [phrase_only[ch][0]] if ch in phrase_only else \
            _formed_words(text, s, ch, freq, x["min_word_count"])
        if place:
            # Just before 县/区/局 …: only a common word that takes in the marker (地区, 民政厅).
            words = [w for w in words if (len(w) > 2 or freq.get(w, 0) >= _PLACE_WORD_COUNT)
                     and any(c in x["quiet_before"] for c in w[w.index(ch) + 1:])]
        if not words:
            continue   # the indexes named a pair no whole word of the text's characters writes
        judge(s, s + 1, ch, kind, max(words, key=freq.get))
    # A character lost beside the suspect: the word it began or ended, if the text then reads
    # as that word (贯落实 → 贯彻落实; the neighbour must not already be the lost character).
    # Only where the lost character joins the next (or previous) one in a pair the genre
    # writes: the genre's bigrams say what was meant, and the rest costs time for nothing.
    after, before = text[s + 1:s + 2], text[s - 1:s]
    if only_learned:
        in_word = True   # only the learned substitutions, no lost or swapped character
    for word in () if in_word or place else lexicon.words_starting_with(written):
        if after != word[1] and word[1] + after in bigrams:
            judge(s, s + 1, word, "missing", word)
    for word in () if in_word or place else lexicon.words_ending_with(written):
        if before != word[0] and before + word[0] in bigrams:
            judge(s, s + 1, word, "missing", word)
    # Two neighbours written back to front, the suspect one of them (想思, 格严, 用运).
    for a in () if in_word or place else (s - 1, s):
        pair = text[a:a + 2]
        if a >= 0 and len(pair) == 2 and pair[0] != pair[1] and _is_cjk(pair[0]) \
                and _is_cjk(pair[1]) and freq.get(pair[::-1], 0) >= x["min_word_count"]:
            judge(a, a + 2, pair[::-1], "transposed", pair[::-1])
    if not scored:
        return None
    scored.sort(reverse=True)
    gain, start, end, replacement, kind, word = scored[0]
    if gain < (rule.min_gain if min_gain is None else min_gain):
        return None
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    # A reading only a phrase names is a suggestion: a writer may play on an idiom (水仙一青二白).
    sure = gain >= x["sure_gain"] and gain - runner_up >= _RUNNER_UP_MARGIN \
        and kind not in ("missing", "transposed") and replacement not in phrase_only
    written_span = text[start:end]
    if kind == "missing":
        shown = text[max(0, s - 1):s + 2]
        fixed = text[max(0, s - 1):s] + replacement + text[s + 1:s + 2]
        message = f"「{shown}」似漏了字，可能是「{fixed}」，请核对：{context(text, s, s + 1)}"
    elif kind == "transposed":
        message = (f"「{written_span}」疑为字序颠倒，可能是「{replacement}」，请核对："
                   f"{context(text, start, end)}")
    else:
        at = word.index(replacement) if replacement in word else 0
        if word.endswith("等") and _closes_a_list(text, s - at + len(word) - 1):
            return None   # 坪 + the 等 closing a list of names (欧阳坪等) read as 平等
        shown = text[s - at:s - at + len(word)] if s - at >= 0 else written
        read_as = (s - at, s - at + len(word)) if s - at >= 0 else None
        how = _CONFUSION_NAMES[kind]
        if sure and not in_word:
            message = (f"「{shown}」有错别字（{how}），请改为「{word}」："
                       f"{context(text, s, s + 1)}")
        else:
            message = (f"「{shown}」可能是「{word}」之误（{how}），请核对："
                       f"{context(text, s, s + 1)}")
    if kind in ("missing", "transposed"):
        # Reported, and switched off, with the other garbled words (字词颠倒、漏字).
        rule = dataclasses.replace(rule, code="proof.garbled")
    return Hit(start, end, replacement, rule, message, safe=sure and not in_word,
               details="按常用词语搭配判断，改后更通顺", gain=gain,
               read_as=read_as if kind not in ("missing", "transposed") else None)
