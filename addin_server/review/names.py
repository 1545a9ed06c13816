"""Chinese sort order: names, units and file names compared by their pinyin (pypinyin), numbers
by value, so 材料2 comes before 材料10 and 王芳 before 张伟 as a reviewer expects; and a byline's
unit without the writer's post, to count materials per unit."""
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


# Where the post begins in a byline's 「单位职务」 (「柳河乡党委副书记、乡长」「县公安局党委委员、副局长」
# 「县第二中学教师」「北方能源集团副总经理」): the party post, a 副/常务 head of anything, or a rank.
_POST = re.compile(
    r"党(?:组|委|工委|总支|支部)(?:副)?书记|党(?:组|委|工委)(?:成员|委员)|党支部|党总支"
    r"|(?:[一二三四]级)?(?:主任科员|调研员|科员)"
    r"|(?:常务)?副?(?:书记|局长|乡长|镇长|县长|区长|市长|主任|科长|股长|所长|校长|院长|处长|部长|站长"
    r"|队长|行长|总经理|经理|董事长|总监|主席|组长|厅长|馆长|社长|秘书长)"
    r"|政委|教导员|指导员|专员|干事|会计|护士长|教师|老师|医生|民警|辅警|干部|职工|党员")


def unit_of(unit_and_post: str | None) -> str:
    """The unit a byline names, its post left out: 「柳河乡党委副书记、乡长」 → 「柳河乡」; the whole
    text when no post is recognised (「城关派出所」), "" for none."""
    text = (unit_and_post or "").strip()
    m = _POST.search(text)
    unit = text[:m.start()] if m else text
    return unit.strip(" \u3000、，,") or text
