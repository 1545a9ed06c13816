"""Chinese sort order: names, units and file names compared by their pinyin (pypinyin), numbers
by value, so 材料2 comes before 材料10 and 王芳 before 张伟 as a reviewer expects; and a byline's
unit without the writer's post, to count materials per unit."""
from __future__ import annotations

import re
from functools import lru_cache

from ..checks.material_parts import words as back_matter_words

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


def unit_of(unit_and_post: str | None) -> str:
    """The unit a byline names, its post left out: 「柳河乡党委副书记、乡长」 → 「柳河乡」; the whole
    text when no post is recognised (「城关派出所」), "" for none."""
    text = (unit_and_post or "").strip()
    # Where the post begins: the posts are data (back_matter.toml's [byline] posts, to which an
    # organisation's back-matter folder adds).
    m = back_matter_words().post.search(text)
    unit = (text[:m.start()] if m else text).strip(" \u3000、，,") or text
    # 「中共石桥镇委员会」「石桥镇党委」 (a 班子's title, a byline's 中共 prefix) are 石桥镇's.
    return _PARTY_BODY.sub("", _PARTY_PREFIX.sub("", unit)) or unit


_PARTY_PREFIX = re.compile(r"^中共(?:中国共产党)?")
_PARTY_BODY = re.compile(r"(?:党(?:委|组|工委|总支|支部)|委员会)$")
