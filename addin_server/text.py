"""Chinese text utilities shared by remedy ranking, correspondence and similarity.

Words come from jieba's dictionary and algorithm (segmentation.py).
"""
from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path

from . import regexes
from . import segmentation

_WORD = regexes.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# Function words and genre boilerplate that carry no topic in a 对照检查材料.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 有 对 把 将 为 于 以 等 中 上 下 不 也 还 都 而 并 就 要 从 到 被 让 使 "
    "一是 二是 三是 四是 五是 自己 我们 本人 方面 问题 存在 工作 进一步 不够 不足 有时 一些 一定 "
    "加强 提高 坚持 深入 切实 认真 始终 持续 不断 更加 进行 开展 做到 做好 推动 推进 落实".split()
)

# Characters XML 1.0 forbids; user-supplied text (titles, names, parameters) may carry them.
_XML_ILLEGAL = regexes.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = regexes.compile(r"[\r\n\t\u2028\u2029]+")


_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def inner_quotes(text: str) -> str:
    """Text about to be put between “ and ”: its own double quotes become single ones, as nested
    quotation marks are written in Chinese (GB/T 15834: “锲而不舍纠治‘四风’”), so a message
    quoting a title that has quotes of its own does not read “……“四风””."""
    return text.translate(_INNER_QUOTES)


def clean_text(text: str, strip: bool = True) -> str:
    """One line of text safe for WordprocessingML (escaping itself is Jinja's autoescape): what a
    remedy's parameter, a title or a name becomes before it is written into a document."""
    text = _LINE_BREAKS.sub(" ", _XML_ILLEGAL.sub("", text))
    return text.strip() if strip else text


# Full-width punctuation Chinese text is full of, and its NFKC forms.
_COMMON_FULL_WIDTH = (("，", ","), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")"), ("！", "!"),
                      ("？", "?"), ("\u3000", " "))


# Characters OpenCC converts although simplified text uses them as they are (显著, 著作).
_ALSO_SIMPLIFIED = "著"


@functools.lru_cache(maxsize=1)
def _traditional():
    """Traditional → simplified, character for character, from OpenCC's TSCharacters table
    (shipped by opencc-purepy), and a pattern finding a traditional character.

    Only characters that are never simplified themselves are taken: an entry that lists the
    character among its own results (像 → 像/象, 覆 → 覆/复, 乾 → 干/乾) is a character simplified
    text uses too, and converting it would change a correct word."""
    # The table's file found without importing opencc_purepy (its modules cost a one-shot check
    # about 15 ms; only this table is read).
    package = importlib.util.find_spec("opencc_purepy")
    data = Path(list(package.submodule_search_locations)[0]) / "dicts" / "TSCharacters.txt"
    table = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        candidates = values.split()
        if (len(key) == 1 and candidates and len(candidates[0]) == 1 and key not in candidates
                and key not in _ALSO_SIMPLIFIED):
            table[ord(key)] = ord(candidates[0])
    # A set answers "any traditional character here?" in about a microsecond for a paragraph;
    # a regex with a 4,000-character class takes twenty.
    return table, frozenset(chr(c) for c in table)


def to_simplified(text: str) -> str:
    """`text` with traditional characters written in simplified ones (one for one, so offsets
    stay where they were); text without any is returned as it is."""
    table, characters = _traditional()
    return text if characters.isdisjoint(text) else text.translate(table)


def normalize(text: str) -> str:
    """NFKC folds full-width letters and digits; brackets and CJK punctuation are kept."""
    # Replacing the common full-width marks by their NFKC forms first leaves most Chinese text
    # already normal, which the quick check confirms far faster than normalize() would run.
    for full, half in _COMMON_FULL_WIDTH:
        if full in text:
            text = text.replace(full, half)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """Content words of `text`: jieba words with punctuation (and stopwords) removed."""
    stop = () if keep_stopwords else STOPWORDS
    # Most words start with a CJK character; the regex is only asked about the rest.
    return [w for w in map(str.strip, segmentation.cut(normalize(text)))
            if w and w not in stop and ("\u4e00" <= w[0] <= "\u9fff" or _WORD.search(w))]


_LONE_SURROGATE = regexes.compile("[\ud800-\udfff]")


def replace_lone_surrogates(value):
    """`value` (parsed JSON: str, list, dict, scalars) with every lone surrogate replaced by U+FFFD.

    JSON may spell half of a surrogate pair ("\\ud800"); no encoder can write such a string, so
    left in place it cuts a rendered document or a response short. One replacement character for
    one code point keeps every offset into the text (finding spans, edits) where it was.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value) if _LONE_SURROGATE.search(value) else value
    if isinstance(value, list):
        return [replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {replace_lone_surrogates(k): replace_lone_surrogates(v) for k, v in value.items()}
    return value
