"""Build addin_server/checks/proof/words/shapes.tsv: for each common character, the common
characters that look like it (己/已, 末/未, 辩/辨, 侯/候), from the character data of the
`char-similar` package (PyPI char-similar 0.0.2, https://github.com/yongzhuo/char-similar,
MIT in its metadata, Apache-2.0 in its LICENSE file — both allow redistribution of derived data).

    pip download --no-deps char-similar==0.0.2 && unzip char_similar-*.whl -d cs
    python scripts/build_shapes.py cs/char_similar/data

Two characters look alike when their four-corner codes (四角号码) agree in at least four of five
digits and their stroke orders differ by one stroke, or by two and they share a component; or
when one's stroke order is a stretch of the other's, at most four strokes longer (列/例, 贝/员). Common characters: the 5,000 that weigh most in jieba's dictionary (a character's
weight is the summed count of the words it is in).
"""
from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import jieba

OUT = Path(__file__).resolve().parent.parent / "addin_server" / "checks" / "proof" / "words" / "shapes.tsv"
COMMON = 5000
PER_CHAR = 8


def _edit(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def main(data_dir: str) -> None:
    data = {k: json.loads(Path(data_dir, f"char_{k}.dict").read_text(encoding="utf-8"))
            for k in ("fourangle", "stroke", "order", "component")}
    weight: dict[str, int] = defaultdict(int)
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split()
            for ch in set(word):
                if "\u4e00" <= ch <= "\u9fff":
                    weight[ch] += int(count)
    common = sorted(weight, key=weight.get, reverse=True)[:COMMON]
    common = [c for c in common if c in data["fourangle"] and c in data["order"]]
    by_code: dict[str, list[str]] = defaultdict(list)
    for c in common:
        code = data["fourangle"][c]
        for k in range(5):  # every code with one digit blanked: agreeing in four of five
            by_code[code[:k] + "?" + code[k + 1:]].append(c)
    lines = []
    for c in common:
        code, order = data["fourangle"][c], data["order"][c]
        parts = set(data["stroke"].get(c, ())) | {data["component"].get(c, "")}
        near = {o for k in range(5) for o in by_code[code[:k] + "?" + code[k + 1:]] if o != c}
        scored = []
        for o in near:
            d = _edit(order, data["order"][o])
            shared = parts & (set(data["stroke"].get(o, ())) | {data["component"].get(o, "")})
            # Alike: a stroke or two apart with a component in common, or one stroke apart
            # however composed (白/自, 目/日).
            if d <= 2 and shared - {""} or d <= 1:
                scored.append((d, -weight[o], o))
        # A character written inside another beside a radical (列/例, 曾/增, 贝/员, 交/校): its
        # stroke order is a stretch of the other's, which has at most four strokes more — the
        # phonetic compounds a hurried eye or an OCR pass takes one for the other.
        for o in common:
            other = data["order"][o]
            if o != c and o not in near and 0 < len(other) - len(order) <= 4 and order in other \
                    and len(order) >= 3:
                scored.append((len(other) - len(order), -weight[o], o))
            elif o != c and o not in near and 0 < len(order) - len(other) <= 4 and other in order \
                    and len(other) >= 3:
                scored.append((len(order) - len(other), -weight[o], o))
        scored.sort()
        if scored:
            lines.append(c + "\t" + "".join(o for _, _, o in scored[:PER_CHAR]))
    header = ("# Look-alike common characters (形近字), one character a line, then the characters that\n"
              "# look like it, closest first. Derived by scripts/build_shapes.py from the data of the\n"
              "# char-similar package 0.0.2 (https://github.com/yongzhuo/char-similar, by yongzhuo;\n"
              "# licence MIT per its package metadata, Apache-2.0 per its LICENSE file) and jieba's\n"
              "# dictionary (MIT) for which characters are common.\n")
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} characters -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
