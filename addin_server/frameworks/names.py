"""The names a heading may give an aspect, derived from its official wording, and fuzzy matching.

Writers shorten and paraphrase the official wording of an aspect: 「带头固本培元、增强党性」 becomes
「（二）固本培元、增强党性方面」 or 「（二）增强党性方面」, 「带头敬畏人民、敬畏组织、敬畏法纪」 becomes
「（三）在“三个敬畏”方面」, 「带头树立和践行正确政绩观」 becomes 「政绩观方面」. The rules here are about how
such wordings are built (a lead word, phrases joined by 、 or ，, each a verb and its object, a
shared leading word counted as 「N个…」), not about any one framework, so a framework made from the
aspect lines of a new notice is recognised at once without a synonym list.
"""
from __future__ import annotations


from .. import regexes

# Words that open an aspect's wording or a heading without naming anything.
LEAD_WORDS = ("关于", "对照", "围绕", "聚焦", "带头", "在")
# Words that close an aspect heading: 「……方面」「……情况」「……方面存在的问题」.
TAIL_WORDS = ("方面存在的突出问题", "方面存在的问题", "方面存在问题", "方面的问题", "存在的问题", "存在问题",
              "方面", "情况", "的要求", "要求", "的问题", "问题", "上")
# Verbs and adverbs that open a phrase of an aspect's wording; what follows is its key phrase
# (「提高政治能力」 → 「政治能力」). Longest first is applied below.
_LEADING_VERBS = (
    "树立和践行", "学习贯彻", "贯彻落实", "联系服务", "密切联系", "严格执行", "坚决扛起", "认真履行",
    "强化", "提高", "增强", "提升", "坚定", "树立", "践行", "履行", "扛起", "扛牢", "落实", "严守",
    "加强", "坚持", "维护", "发挥", "贯彻", "筑牢", "锤炼", "保持", "推动", "做到", "深化", "巩固",
    "弘扬", "牢记", "守住", "遵守", "服从", "执行", "始终", "坚决", "切实", "全面", "自觉", "带头",
)
_LEADING_VERBS = tuple(sorted(_LEADING_VERBS, key=len, reverse=True))
_MODIFIERS = ("正确的", "正确", "良好", "优良")
_QUOTES = regexes.compile(r"[“”\"'‘’《》「」『』〈〉]")
_PARTS = regexes.compile(r"[、，,；;]")
_CN_COUNTS = "零一二三四五六七八九十"
# A derived part or key phrase shorter than this is too general to name an aspect on its own.
MIN_NAME_CHARS = 3


def _strip_affixes(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for lead in LEAD_WORDS:
            if text.startswith(lead) and len(text) > len(lead) + 1:
                text, changed = text[len(lead):], True
                break
        for tail in TAIL_WORDS:
            if text.endswith(tail) and len(text) > len(tail) + 1:
                text, changed = text[: -len(tail)], True
                break
    return text


def heading_core(text: str) -> str:
    """What a heading says once numbering-free text loses quotes, lead words and 方面/情况.

    「在“三个敬畏”方面」 → 「三个敬畏」; 「政绩观方面存在的问题。」 → 「政绩观」.
    """
    text = _QUOTES.sub("", text).strip(" .。:：;；,，!！")
    return _strip_affixes(text)


def key_phrase(part: str) -> str:
    """A phrase of the wording without its leading verbs and modifiers: 「提高政治能力」 → 「政治能力」."""
    changed = True
    while changed:
        changed = False
        for word in _LEADING_VERBS + _MODIFIERS:
            if part.startswith(word) and len(part) - len(word) >= 2:
                part, changed = part[len(word):], True
                break
    return part


def derive_names(title: str) -> tuple[str, ...]:
    """Names a heading may use for the aspect worded `title`, most specific first."""
    stem = heading_core(title)
    parts = [p for p in (x.strip() for x in _PARTS.split(stem)) if p]
    names = [stem]
    if len(parts) > 1:
        names.append("".join(parts))          # the wording with its 、 dropped
        names.extend(parts)
        lead = parts[0][:2]
        if len(parts) < len(_CN_COUNTS) and all(p.startswith(lead) and len(p) > 2 for p in parts):
            names.append(f"{_CN_COUNTS[len(parts)]}个{lead}")   # 敬畏人民、敬畏组织、敬畏法纪 → 三个敬畏
    names.extend(key_phrase(p) for p in parts)
    return tuple(n for n in dict.fromkeys(names) if len(n) >= MIN_NAME_CHARS or n == stem)


def bigrams(text: str) -> frozenset[str]:
    text = _PARTS.sub("", text)
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else ()))


def closeness(heading: str, name_grams) -> float:
    """How much of `heading` (a heading_core) is said by the closest name, 0..1; `name_grams`
    are the names' bigrams() (computed once per framework).

    The share of the heading's character pairs that also occur in one name: 「党性锤炼」 against
    「增强党性」 shares 党性 (1 of 3). Character pairs need no dictionary and survive the
    paraphrases writers make (dropped words, reordered phrases).
    """
    grams = bigrams(heading)
    if not grams:
        return 0.0
    best = 0.0
    for name in name_grams:
        shared = grams & name
        if shared:
            best = max(best, len(shared) / len(grams))
    return best
