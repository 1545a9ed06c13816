"""`python -m bench.lsh_recall [N]`: recall of the similarity LSH for planted copies, per setting.

N distinct generated materials (default 1,000; 4,000–12,000 characters) plus 100 copies at each
level: a copy takes 40%, 60% or 75% of its text from a random donor of any length, the rest is its
own. For each (bands, rows) setting it prints the share of planted pairs among the LSH candidates
and the number of candidate pairs. How the setting in addin_server/review/similarity.py was chosen
(docs/review.md).
"""
from __future__ import annotations

import random
import sys
import time

from datasketch import MinHash, MinHashLSH

from addin_server.review import similarity as S

from .generate import material

LEVELS = (0.4, 0.6, 0.75)
COPIES_PER_LEVEL = 100
SETTINGS = {128: [(28, 2), (44, 2), (64, 2), (36, 1)], 256: [(128, 2), (85, 3)]}


def _text(seed: int, chars: int) -> str:
    return S.normalise("".join(t for t, _ in material(seed=seed, target_chars=chars)))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else 1000
    rng = random.Random(1)
    texts = {f"m{i}": _text(i, rng.randrange(4000, 12001, 1000)) for i in range(count)}
    donors = list(texts)
    planted = {}
    for level in LEVELS:
        for j in range(COPIES_PER_LEVEL):
            own = _text(100_000 + int(level * 100) * 1000 + j, rng.randrange(4000, 12001, 1000))
            need = int(level * len(own))
            donor = rng.choice([d for d in donors if len(texts[d]) >= need])
            start = rng.randint(0, len(texts[donor]) - need)
            key = f"c{int(level * 100)}-{j}"
            texts[key] = texts[donor][start:start + need] + own[need:]
            planted[key] = (donor, level)
    for num_perm, settings in SETTINGS.items():
        started = time.perf_counter()
        hashes = {}
        for key, text in texts.items():
            hashes[key] = MinHash(num_perm=num_perm, seed=9704)
            hashes[key].update_batch([s.encode("utf-8") for s in S.shingles(text)])
        per_text = (time.perf_counter() - started) / len(texts)
        for bands, rows in settings:
            lsh = MinHashLSH(num_perm=num_perm, params=(bands, rows))
            for key, m in hashes.items():
                lsh.insert(key, m)
            pairs = {tuple(sorted((k, o))) for k, m in hashes.items() for o in lsh.query(m) if o != k}
            recall = [sum(tuple(sorted((c, d))) in pairs for c, (d, lv) in planted.items() if lv == level)
                      / COPIES_PER_LEVEL for level in LEVELS]
            print(f"{num_perm} permutations, {bands} bands x {rows}: recall "
                  + " ".join(f"{int(lv * 100)}% {r:.2f}" for lv, r in zip(LEVELS, recall))
                  + f"; {len(pairs)} candidate pairs; MinHash {per_text * 1000:.1f} ms a text", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
