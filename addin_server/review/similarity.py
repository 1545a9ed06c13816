"""Find materials that share long runs of text (照搬照抄, 他人代笔) without comparing all pairs.

Two stages:
1. Candidates: each material's character shingles (SHINGLE_CHARS-grams of its text with spaces
   and punctuation removed) go into a MinHash; a MinHash LSH index (datasketch) returns the pairs
   whose estimated Jaccard similarity may exceed LSH_THRESHOLD. Cost grows with the number of
   materials, not its square.
2. Verification: for each candidate pair, the exact shared passages — maximal runs of common
   text at least MIN_RUN_CHARS long (difflib's matching blocks on the normalised text) — and the
   share of the shorter material they cover. A pair is reported when it shares at least one such
   run and the runs cover MIN_SHARED_RATIO of the shorter text, or when one run alone is
   LONG_RUN_CHARS long.

Materials for one meeting share their boilerplate (section titles, dimension names, official
phrases), so short runs and low overlaps are expected and not reported.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

SHINGLE_CHARS = 8
NUM_PERM = 128
LSH_THRESHOLD = 0.2
MIN_RUN_CHARS = 30
LONG_RUN_CHARS = 120
MIN_SHARED_RATIO = 0.15
MAX_PASSAGES = 5
EXCERPT_CHARS = 80

# Only letters and digits take part: punctuation and spacing differ between copies of one text.
_NOISE = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Passage:
    text: str           # the shared text (normalised: no spaces or punctuation), possibly cut
    length: int         # its full length in characters


@dataclass(frozen=True, slots=True)
class SimilarPair:
    a: str
    b: str
    shared_chars: int
    ratio: float        # shared characters over the shorter material's length
    passages: tuple[Passage, ...]

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "shared_chars": self.shared_chars, "ratio": round(self.ratio, 3),
                "passages": [{"text": p.text, "length": p.length} for p in self.passages]}


def normalise(text: str) -> str:
    return _NOISE.sub("", text)


def shingles(normalised: str, size: int = SHINGLE_CHARS) -> set[str]:
    if len(normalised) < size:
        return {normalised} if normalised else set()
    return {normalised[i:i + size] for i in range(len(normalised) - size + 1)}


def _minhash(normalised: str):
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=9704)
    m.update_batch([s.encode("utf-8") for s in shingles(normalised)])
    return m


def candidate_pairs(texts: dict[str, str]) -> set[tuple[str, str]]:
    """Pairs of keys whose texts may be similar, from MinHash LSH (no all-pairs comparison)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = {}
    for key, text in texts.items():
        if len(text) < MIN_RUN_CHARS:
            continue
        hashes[key] = _minhash(text)
        lsh.insert(key, hashes[key])
    pairs = set()
    for key, m in hashes.items():
        for other in lsh.query(m):
            if other != key:
                pairs.add(tuple(sorted((key, other))))
    return pairs


def shared_passages(a: str, b: str, min_run: int = MIN_RUN_CHARS) -> list[str]:
    """Maximal common runs of at least `min_run` characters, longest first."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    runs = [a[m.a:m.a + m.size] for m in matcher.get_matching_blocks() if m.size >= min_run]
    return sorted(runs, key=len, reverse=True)


def verify(key_a: str, a: str, key_b: str, b: str) -> SimilarPair | None:
    runs = shared_passages(a, b)
    if not runs:
        return None
    shared = sum(len(r) for r in runs)
    ratio = shared / max(1, min(len(a), len(b)))
    if ratio < MIN_SHARED_RATIO and len(runs[0]) < LONG_RUN_CHARS:
        return None
    passages = tuple(
        Passage(r if len(r) <= EXCERPT_CHARS else r[:EXCERPT_CHARS] + "…", len(r)) for r in runs[:MAX_PASSAGES]
    )
    return SimilarPair(key_a, key_b, shared, ratio, passages)


def find_similar(texts: dict[str, str]) -> list[SimilarPair]:
    """Similar pairs among `texts` (key → full text), the most similar first."""
    normalised = {k: normalise(t) for k, t in texts.items()}
    found = []
    for a, b in sorted(candidate_pairs(normalised)):
        pair = verify(a, normalised[a], b, normalised[b])
        if pair is not None:
            found.append(pair)
    return sorted(found, key=lambda p: (-p.ratio, p.a, p.b))
