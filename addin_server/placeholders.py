"""The one definition of a scaffold placeholder, shared by the templates and the checker.

A placeholder reads 【请填写：what to write】. Templates produce it through `make()`;
the checker finds leftovers with `PATTERN`. Writers also leave generic fillers such as
XXX or ××× when they draft from someone else's text; `FILLER_PATTERN` finds those.
"""
from __future__ import annotations


from . import regexes

OPEN = "【请填写："
CLOSE = "】"
# Also accept a half-width colon and a missing colon, as writers edit placeholders by hand.
# A placeholder holds no other 【: so an unclosed one ends its search at the next 【 (a
# paragraph of unclosed ones is scanned once, not once from each), and a stray 【请填写：
# never swallows the placeholder after it.
PATTERN = regexes.compile(r"【\s*请填写\s*[：:]?[^】【]*】")
FILLER_PATTERN = regexes.compile(r"(?<![A-Za-z])(?:X{2,}|x{3,}|×{2,}|＊{2,}|\*{3,}|○{2,}|□{2,})(?![A-Za-z])")
# The character style templates give placeholders, so they stand out in Word.
STYLE_NAME = "待填写"


def make(hint: str) -> str:
    return f"{OPEN}{hint}{CLOSE}"


# An item's opening mark (folded text: half-width brackets), before the placeholder it holds.
_ITEM_OPENING = regexes.compile(r"^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[,、:，：]"
                           r"|其[一二三四五六七八九十]{1,3}[,、:，：]|首先[,、:，：]?|其次[,、:，：]?"
                           r"|再次[,、:，：]?|最后[,、:，：]?|\(?[一二三四五六七八九十\d]{1,3}[)、.]|[①-⑳])")
_LEFT_OVER = regexes.compile(r"[\s,.:;!?，。：；！？、]+")


def only_placeholder(text: str) -> bool:
    """Whether an item (its folded text, from its mark on) is nothing but a placeholder: an
    unfilled 一是【请填写：…】 is not a written item."""
    if "【" not in text or not PATTERN.search(text):
        return False
    rest = PATTERN.sub("", _ITEM_OPENING.sub("", text.strip(), count=1))
    return not _LEFT_OVER.sub("", rest)


def blank(text: str) -> str:
    """`text` with each placeholder turned into as many ideographic spaces: what the writer has
    written, at the same offsets (so the writing checks' spans and fixes still fit)."""
    if "【" not in text:
        return text
    return PATTERN.sub(lambda m: "\u3000" * len(m.group()), text)
