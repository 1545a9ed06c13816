"""Chinese sort order: names, units and file names compared by their pinyin (pypinyin), numbers
by value, so 材料2 comes before 材料10 and 王芳 before 张伟 as a reviewer expects; a byline's
unit without the writer's post, to count materials per unit; and a writer's name with the posts
written before it cut off (「领导班子成员张伟同志」 → 张伟, not 「成员张伟」)."""
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
    text when no post is recognised (「城关派出所」), "" for none or for posts only (「领导班子成员」)."""
    text = (unit_and_post or "").strip()
    # Where the post begins: the posts are data (back_matter.toml's [byline] posts, to which an
    # organisation's back-matter folder adds).
    m = back_matter_words().post.search(text)
    unit = (text[:m.start()] if m else text).strip(" \u3000、，,")
    if not unit:
        return ""     # posts only (「领导班子成员」「党委副书记」): no unit named
    # 「中共石桥镇委员会」「石桥镇党委」 (a 班子's title, a byline's 中共 prefix) are 石桥镇's.
    return _PARTY_BODY.sub("", _PARTY_PREFIX.sub("", unit)) or unit


_PARTY_PREFIX = re.compile(r"^中共(?:中国共产党)?")
_PARTY_BODY = re.compile(r"(?:党(?:委|组|工委|总支|支部)|委员会)$")


# A person's name: two to four Chinese characters (王芳, 欧阳志远), or a name of a 少数民族 in
# parts joined by a middle dot, as writers type it (阿依古丽·买买提, 热合曼・艾力).
_DOTS = "·・•‧"
PERSON_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,4}}|[\u4e00-\u9fff]{{1,8}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,8}}){{1,2}}")
# What stands right before 「同志」: the name, and before it the unit and posts (「石桥镇党委副书记、
# 镇长张伟同志」), 「、」 joining posts.
_BEFORE_TONGZHI = re.compile(rf"([\u4e00-\u9fff{_DOTS}、]{{2,40}})同志")
# 「张伟（党委副书记）」: a name with its post after it in brackets.
_NAME_THEN_POST = re.compile(r"^(?P<name>[^（(\s]{2,12})\s*[（(](?P<post>[^）)]{2,30})[）)]$")
_SEPARATORS = " \u3000、，,"


def name_after_posts(text: str) -> tuple[str | None, str | None]:
    """(name, unit and post) of a text that ends with a person's name after the unit and posts
    that are written before it (「领导班子成员张伟」「党委副书记、镇长 张伟」「阿依古丽·买买提」):
    the name is what follows the last post (back_matter.toml's [byline] posts); (None, None)
    when that is no name."""
    text = re.sub(r"\s+", " ", text).strip(_SEPARATORS)
    last = None
    for last in back_matter_words().post.finditer(text):
        pass
    head, rest = (text[:last.end()], text[last.end():]) if last else ("", text)
    parts = rest.strip(_SEPARATORS).split(" ")
    if len(parts) >= 2 and len(parts[-1]) == 1 and len(parts[-2]) == 1:
        parts[-2:] = [parts[-2] + parts[-1]]      # 「王　芳」: a two-character name padded
    name, before = parts[-1], " ".join(parts[:-1])  # 「区发改局 李强」: a unit with no post
    if not PERSON_NAME.fullmatch(name):
        return None, None
    return name, " ".join(p for p in (head.strip(_SEPARATORS), before) if p) or None


def name_in_line(text: str) -> tuple[str | None, str | None]:
    """(name, unit and post) from a line that names the writer: 「…张伟同志…」 (posts before the
    name cut off), 「张伟（党委副书记）」, or a byline 「区发改局局长 李强」; (None, None) for none."""
    m = _BEFORE_TONGZHI.search(text)
    if m:
        # 「关于张伟同志的…」: 关于 introduces the name, it is no part of it.
        return name_after_posts(re.sub(r"^(?:关于|对)(?=..)", "", m.group(1)))
    m = _NAME_THEN_POST.match(text.strip())
    if m and PERSON_NAME.fullmatch(m.group("name")):
        return m.group("name"), m.group("post").strip()
    return name_after_posts(text)

