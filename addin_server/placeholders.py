"""The one definition of a scaffold placeholder, shared by the templates and the checker.

A placeholder reads 【请填写：what to write】. Templates produce it through `make()`;
the checker finds leftovers with `PATTERN`. Writers also leave generic fillers such as
XXX or ××× when they draft from someone else's text; `FILLER_PATTERN` finds those.
"""
from __future__ import annotations

import re

OPEN = "【请填写："
CLOSE = "】"
# Also accept a half-width colon and a missing colon, as writers edit placeholders by hand.
PATTERN = re.compile(r"【\s*请填写\s*[：:]?[^】]*】")
FILLER_PATTERN = re.compile(r"(?<![A-Za-z])(?:X{2,}|x{3,}|×{2,}|＊{2,}|\*{3,}|○{2,}|□{2,})(?![A-Za-z])")
# The character style templates give placeholders, so they stand out in Word.
STYLE_NAME = "待填写"


def make(hint: str) -> str:
    return f"{OPEN}{hint}{CLOSE}"
