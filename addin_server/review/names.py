"""Chinese sort order: names, units and file names compared by their pinyin (pypinyin), numbers
by value, so 材料2 comes before 材料10 and 王芳 before 张伟 as a reviewer expects."""
from __future__ import annotations

import re
from functools import lru_cache

_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=8192)
def pinyin_key(text: str) -> str:
    """A string whose plain comparison orders `text` in pinyin order, with digit runs compared by
    value; the text itself ends it, so different texts never tie."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL)
    spelled = " ".join(s.lower() for s in syllables)
    spelled = _NUMBER.sub(lambda m: m.group().rjust(12, "0"), spelled)
    return f"{spelled}\x00{text}"
