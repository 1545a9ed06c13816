"""Writing lint: typography and wording slips reviewers send a material back for.

Each rule is a function `rule(structure) -> Iterable[Finding]` with its own finding code, so a user
or a framework (`disabled_checks`) can switch any of them off without touching the others. Rules
report once per paragraph (with up to three examples in the message) rather than once per
occurrence, so a pasted paragraph full of half-width commas does not drown the report.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from .. import regexes
from ..placeholders import PATTERN as PLACEHOLDER_PATTERN
from .report import Edit, Finding, Fix, quote

# Ideographs plus full-width/CJK punctuation: a half-width mark next to one of these sits in
# Chinese running text.
_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014"
_CJK = regexes.compile(f"[{_CJK_CHARS}{_CJK_PUNCT}]")
_IDEOGRAPH = regexes.compile(f"[{_CJK_CHARS}]")

MAX_EXAMPLES = 3
CONTEXT_CHARS = 6
# About one full GB/T 9704 page (22 lines × 28 characters): longer paragraphs are hard to read
# aloud at the meeting and usually merge two problems into one.
LONG_PARAGRAPH_CHARS = 600


def _examples(text: str, spans: list[tuple[int, int]]) -> str:
    """Up to three quoted places (the span with a few characters either side), and how many."""
    shown = []
    for start, end in spans[:MAX_EXAMPLES]:
        left = text[max(0, start - CONTEXT_CHARS):start]
        right = text[end:end + CONTEXT_CHARS]
        shown.append(quote(f"{left}{text[start:end]}{right}", 2 * CONTEXT_CHARS + end - start))
    more = f"等 {len(spans)} 处" if len(spans) > MAX_EXAMPLES else f"共 {len(spans)} 处"
    return "".join(shown) + f"（{more}）"


def _masked(text: str) -> str:
    """The text with scaffold placeholders blanked out (same length), so their own brackets and
    colons are left to the placeholder check."""
    return PLACEHOLDER_PATTERN.sub(lambda m: " " * len(m.group()), text)


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest non-space character before (step=-1) or after (step=1) position i."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t\u00a0":
        j += step
    return text[j] if 0 <= j < len(text) else ""


# ---------------------------------------------------------------- half-width punctuation

# 文号 in any bracket style: issuing-organ abbreviation ending in 发/办/函/… + year + number + 号.
_DOCNUM = regexes.compile(
    r"(?P<organ>[\u4e00-\u9fff]{0,8}?(?:发|办|函|字|电|令|通|纪|组))\s*"
    r"(?P<open>[\[［(（【〔〖])\s*(?P<year>(?:19|20)\d{2})\s*(?P<close>[\]］)）】〕〗])"
    r"\s*第?\s*(?P<number>\d{1,5})\s*号"
)
_HALF_WIDTH = regexes.compile(r"[,;:?!()]|\.(?![0-9A-Za-z.])")
_FULL_WIDTH_OF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_MARK_NAMES = {",": "逗号", ";": "分号", ":": "冒号", "?": "问号", "!": "叹号", "(": "括号", ")": "括号",
               ".": "句号"}


_HALF_PAIR = regexes.compile(r"\(([^()]*)\)")


def _english_bracket_positions(text: str) -> set[int]:
    """Positions of half-width bracket pairs that belong to Latin text: nothing Chinese inside
    and not glued to a Chinese character before them ("ISO 9001(2015) 的要求"). "(一)理论" and
    "方面(2023)" are Chinese text and keep their positions out of this set."""
    out = set()
    for m in _HALF_PAIR.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if not _CJK.search(m.group(1)) and not (before and _CJK.match(before)):
            out.update((m.start(), m.end() - 1))
    return out


def _half_width_spans(text: str) -> list[tuple[int, int]]:
    masked = _masked(text)
    if not _HALF_WIDTH.search(masked):
        return []  # most Chinese paragraphs: nothing to look at (masking 文号 only removes marks)
    # The 文号 rule reports these brackets; blanked in one pass (not a copy of the text each).
    if _may_hold_document_number(masked):
        masked = _DOCNUM.sub(lambda m: " " * len(m.group()), masked)
    english_brackets = _english_bracket_positions(masked)
    # Marks in a doubled run (",,") are the doubled-punctuation rule's, which also widens them,
    # so the two fixes never edit the same characters.
    doubled = {i for s, e in _doubled_spans(text) for i in range(s, e)} if _DOUBLED.search(masked) else ()
    spans = _half_width_pass(masked, english_brackets, doubled)
    # A mark next to one this rule widens is in Chinese text too ("(公章):" → "（公章）:"): look
    # again with the found ones widened, so the fix leaves nothing for a re-check to find.
    while spans:
        widened = list(masked)
        for i, _ in spans:
            widened[i] = _FULL_WIDTH_OF[masked[i]]
        more = _half_width_pass("".join(widened), english_brackets, doubled)
        if not more:
            break
        spans = sorted(spans + more)
    return spans


def _half_width_pass(masked: str, english_brackets: set[int], doubled) -> list[tuple[int, int]]:
    spans = []
    for m in _HALF_WIDTH.finditer(masked):
        mark, i = m.group(), m.start()
        if i in doubled:
            continue
        before, after = _neighbour(masked, i, -1), _neighbour(masked, i, 1)
        if mark == ".":
            # A full stop only when it ends a Chinese clause: "问题." but not "3.5", "v1.2", "...".
            if not (before and _IDEOGRAPH.match(before) and (not after or _CJK.match(after))):
                continue
        elif mark in "()":
            if i in english_brackets:
                continue
            # A lone bracket belongs to Chinese text when either side touches it.
            if not ((before and _CJK.match(before)) or (after and _CJK.match(after))):
                continue
        else:
            # "违规逾矩,以及" or "材料,2023年": the mark follows Chinese. "3,500", "10:30" and
            # "Word, Excel" do not; a mark between a number and Chinese ("3.5,我们") still does.
            if before and _CJK.match(before):
                pass
            elif after and _IDEOGRAPH.match(after) and not (before and re.match(r"[A-Za-z]", before)):
                pass
            else:
                continue
        spans.append((i, i + 1))
    return spans


def halfwidth_punctuation(structure) -> Iterator[Finding]:
    for p in structure.document.paragraphs:
        spans = _half_width_spans(p.text)
        if spans:
            marks = dict.fromkeys(p.text[s] for s, _ in spans)
            by_name: dict[str, str] = {}
            for m in marks:
                by_name[_MARK_NAMES[m]] = by_name.get(_MARK_NAMES[m], "") + m
            names = "、".join(f"{name}“{m}”" for name, m in by_name.items())
            wanted = "".join(dict.fromkeys(_FULL_WIDTH_OF[m] for m in marks))
            edits = tuple(Edit(p.index, s, e, _FULL_WIDTH_OF[p.text[s]]) for s, e in spans)
            yield Finding(
                "lint.halfwidth_punctuation",
                f"中文句子里用了半角{names}，请改为全角“{wanted}”：{_examples(p.text, spans)}",
                paragraph=p.index,
                fix=Fix(edits, safe=True, label=f"改为全角“{wanted}”"),
            )


# ---------------------------------------------------------------- unpaired quotes and brackets

# Round brackets of both widths form one family, so "（一)" counts as paired here and the mixed
# width is left to the half-width rule.
_OPENERS = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": "）", "【": "】", "〔": "〕", "〈": "〉",
            "「": "」", "『": "』"}
_CLOSERS = {"”": "“", "’": "‘", "》": "《", "）": "（", ")": "（", "】": "【", "〕": "〔", "〉": "〈",
            "」": "「", "』": "『"}
_ROUND = {"(": "（", ")": "）"}
# "1）学习…" and "a)" open list items with a lone closing bracket.
_LIST_MARKER = regexes.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3})[)）]")


_PAIRED_MARK = regexes.compile("[" + re.escape("".join(_OPENERS) + "".join(_CLOSERS)) + "]")


def _unpaired_spans(text: str) -> list[tuple[int, int]]:
    masked = _masked(text)
    list_marker = _LIST_MARKER.match(masked)
    skip_closer = list_marker.end() - 1 if list_marker else -1
    stack: list[tuple[str, int]] = []
    bad: list[int] = []
    # Only quotes and brackets matter; visiting just those (found in C) instead of every character
    # made this rule several times faster on long paragraphs.
    for m in _PAIRED_MARK.finditer(masked):
        i, ch = m.start(), m.group()
        if ch in "’‘" and 0 < i < len(masked) - 1 and masked[i - 1].isascii() and masked[i - 1].isalpha():
            continue  # an apostrophe in English ("don’t"), not a quote
        if ch in _OPENERS:
            stack.append((_ROUND.get(ch, ch), i))
        elif ch in _CLOSERS:
            if i == skip_closer:
                continue
            opener = _CLOSERS[ch]
            if stack and stack[-1][0] == opener:
                stack.pop()
            elif any(o == opener for o, _ in stack):
                # Close the matching opener; those opened after it were never closed.
                while stack[-1][0] != opener:
                    bad.append(stack.pop()[1])
                stack.pop()
            else:
                bad.append(i)
    bad.extend(i for _, i in stack)
    return [(i, i + 1) for i in sorted(bad)]


def unpaired_marks(structure) -> Iterator[Finding]:
    # Read as written: a quotation a PDF's line end cut in two is still one pair.
    for p in structure.running_paragraphs():
        spans = _unpaired_spans(p.text)
        if spans:
            marks = "".join(dict.fromkeys(p.text[s] for s, _ in spans))
            yield Finding(
                "lint.unpaired_marks",
                f"“{marks}”没有配对，请补上另一半或删去：{_examples(p.text, spans)}",
                paragraph=p.paragraph_at(spans[0][0]),
            )


# ---------------------------------------------------------------- 文号 brackets


def _document_numbers(text: str):
    # Every 文号 has a year 19xx/20xx and ends in 号; the pattern, which may start at any
    # ideograph, runs only on the few paragraphs that have both.
    return _DOCNUM.finditer(text) if _may_hold_document_number(text) else ()


def _may_hold_document_number(text: str) -> bool:
    return "号" in text and ("20" in text or "19" in text)


def document_number_brackets(structure) -> Iterator[Finding]:
    for p in structure.document.paragraphs:
        wrong = [m for m in _document_numbers(p.text)
                 if (m.group("open"), m.group("close")) != ("〔", "〕")]
        if wrong:
            # Only the bracketed part is shown and replaced: where the organ's abbreviation starts
            # is not knowable without a list of organs ("和国办发" vs "国办发").
            edits = tuple(Edit(p.index, m.start("open"), m.end(), f"〔{m.group('year')}〕{m.group('number')}号")
                          for m in wrong)
            fixes = "、".join(f"{quote(p.text[e.start:e.end])}改为{quote(e.replacement)}"
                             for e in edits[:MAX_EXAMPLES])
            yield Finding(
                "lint.document_number_brackets",
                f"文号的年份应使用六角括号〔〕，请把{fixes}",
                paragraph=p.index,
                fix=Fix(edits, safe=True, label="年份改用六角括号〔〕"),
            )


# ---------------------------------------------------------------- doubled punctuation

_DOUBLED = regexes.compile(r"[，。、；：！？,;][，。、；：！？,;]+")


def _doubled_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _DOUBLED.finditer(_masked(text)):
        run = m.group()
        if run.isascii():
            # ",," or ";;" count only inside Chinese text; code or data lists are not ours to judge.
            before, after = _neighbour(text, m.start(), -1), _neighbour(text, m.end() - 1, 1)
            if not ((before and _CJK.match(before)) or (after and _CJK.match(after))):
                continue
        spans.append((m.start(), m.end()))
    return spans


# When marks of different strength meet ("，。"), the strongest is the one meant.
_STRENGTH = "。！？；：，、"


def _single_mark(run: str) -> tuple[str, bool]:
    """What a run of marks should be, and whether that is certain: "，，" → "，" (certain),
    "。。。" → "……" (an ellipsis typed as full stops), "，。" → "。" (a guess to confirm)."""
    full = [_FULL_WIDTH_OF.get(ch, ch) for ch in run]
    if len(set(full)) == 1:
        return ("……", True) if full[0] == "。" and len(full) >= 3 else (full[0], True)
    return min(full, key=_STRENGTH.index), False


def doubled_punctuation(structure) -> Iterator[Finding]:
    # Read as written: 「，」 ending one printed line and 「，」 starting the next are doubled too.
    for p in structure.running_paragraphs():
        spans = _doubled_spans(p.text)
        if spans:
            singles = [_single_mark(p.text[s:e]) for s, e in spans]
            edits = p.edits([(s, e, mark) for (s, e), (mark, _) in zip(spans, singles)])
            safe = all(certain for _, certain in singles)
            yield Finding(
                "lint.doubled_punctuation",
                f"标点重复或连用，请只保留一个（省略号应写作“……”）：{_examples(p.text, spans)}",
                paragraph=p.paragraph_at(spans[0][0]),
                fix=Fix(edits, safe=safe, label="只保留一个标点" if safe else "只保留一个标点（请核对）")
                if edits else None,
            )


# ---------------------------------------------------------------- problems written as something else

# A problem section lists one's own shortcomings. These phrases belong to a work summary
# (achievements) or to a request addressed to others (suggestions); see docs/review.md.
ACHIEVEMENT_PHRASES = (
    "取得了显著成效", "取得显著成效", "取得了明显成效", "取得明显成效", "取得了良好成效", "取得良好成效",
    "取得了丰硕成果", "取得丰硕成果", "成效显著", "成绩显著", "成绩突出", "圆满完成", "超额完成",
    "得到了充分肯定", "得到充分肯定", "受到上级表扬", "受到了表扬", "获得一致好评", "获得了一致好评",
    "交出了满意答卷", "名列前茅", "走在了前列",
)
SUGGESTION_PHRASES = (
    "建议上级", "建议组织", "建议领导", "建议有关部门", "建议相关部门", "希望上级", "希望组织",
    "希望领导", "希望有关部门", "恳请组织", "恳请上级", "请求上级", "请求组织", "呼吁上级",
)
# "虽然圆满完成了任务，但……" concedes an achievement before naming a shortcoming: that is how a
# problem is meant to be written, so a turn in the same sentence clears the phrase.
_CONCESSION = regexes.compile(r"但|却|然而|不过|仍|还有|还存在|还不|差距|不足|不够|短板")
_SENTENCE_END = regexes.compile(r"[。！？；!?;]")
_ACHIEVEMENT = regexes.compile("|".join(sorted(ACHIEVEMENT_PHRASES, key=len, reverse=True)))
_SUGGESTION = regexes.compile("|".join(sorted(SUGGESTION_PHRASES, key=len, reverse=True)))


def _problem_paragraphs(structure):
    block = structure.section("problems")
    if block is None:
        return ()
    return structure.document.paragraphs[block.start:block.end + 1]


def _rest_of_sentence(text: str, end: int) -> str:
    stop = _SENTENCE_END.search(text, end)
    return text[end:stop.start() if stop else len(text)]


def problem_as_achievement(structure) -> Iterator[Finding]:
    for p in _problem_paragraphs(structure):
        hits = [m for m in _ACHIEVEMENT.finditer(p.text)
                if not _CONCESSION.search(_rest_of_sentence(p.text, m.end()))]
        if hits:
            yield Finding(
                "lint.problem_as_achievement",
                f"存在问题部分写成了成绩（{'、'.join(quote(t) for t in dict.fromkeys(m.group() for m in hits))}），"
                "请改为直接写自身的不足和差距",
                paragraph=p.index,
            )


def problem_as_suggestion(structure) -> Iterator[Finding]:
    for p in _problem_paragraphs(structure):
        hits = list(_SUGGESTION.finditer(p.text))
        if hits:
            yield Finding(
                "lint.problem_as_suggestion",
                f"存在问题部分写成了对他人的建议（{'、'.join(quote(t) for t in dict.fromkeys(m.group() for m in hits))}），"
                "请改为查摆自身的问题，建议可在会上另行提出",
                paragraph=p.index,
            )


# ---------------------------------------------------------------- length


_WHITESPACE = regexes.compile(r"\s")  # the same characters as str.isspace (both use Py_UNICODE_ISSPACE)


def _visible_length(text: str) -> int:
    # Counting in C: a per-character generator was a tenth of a whole check's time.
    return len(text) - len(_WHITESPACE.findall(text))


def paragraph_too_long(structure) -> Iterator[Finding]:
    for p in structure.document.paragraphs:
        n = _visible_length(p.text)
        if n > LONG_PARAGRAPH_CHARS:
            yield Finding(
                "lint.paragraph_too_long",
                f"{quote(p.text, 12)}这一段约 {n} 字，超过 {LONG_PARAGRAPH_CHARS} 字（约一页），"
                "请拆成几段，每段写一个问题或一项措施",
                paragraph=p.index,
            )


def total_length(structure) -> Iterator[Finding]:
    fw = structure.framework
    n = sum(_visible_length(p.text) for p in structure.document.paragraphs)
    if n == 0:
        return  # an empty document is reported by the core as document.empty
    if n < fw.min_length:
        yield Finding("length.too_short",
                      f"全文约 {n} 字，少于建议的 {fw.min_length} 字，请充实问题查摆和原因剖析")
    elif n > fw.max_length:
        yield Finding("length.too_long",
                      f"全文约 {n} 字，超过建议的 {fw.max_length} 字，请精简篇幅、突出主要问题")


RULES = (
    halfwidth_punctuation,
    unpaired_marks,
    document_number_brackets,
    doubled_punctuation,
    problem_as_achievement,
    problem_as_suggestion,
    paragraph_too_long,
    total_length,
)
