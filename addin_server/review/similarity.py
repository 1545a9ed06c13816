"""Find materials that share long runs of text (照搬照抄, 他人代笔) without comparing all pairs.

Three stages:
1. Candidates: each material's character shingles (SHINGLE_CHARS-grams of its text with spaces
   and punctuation removed) go into a MinHash; a MinHash LSH index (as datasketch's, LSH_BANDS bands of
   LSH_ROWS rows) returns the pairs that agree on a whole band. A pair of Jaccard similarity J
   becomes a candidate with probability 1 - (1 - J**LSH_ROWS)**LSH_BANDS. Cost grows with the
   number of materials, not its square.
2. Bounds: cheap, exact upper bounds on what stage 3 can find; pairs that cannot reach the
   reporting limits stop here. This keeps stage 3 affordable with an LSH tuned for recall (many
   candidates). First filtered_upper_bound, from one material's FILTER_CHARS-character windows
   and the other's window filter (a few KB made by the worker that read it: no text to prepare
   again), then shared_upper_bound, from both texts' hashed MIN_RUN_CHARS-character windows.
3. Verification: for each remaining pair, the exact shared passages — maximal runs of common
   text at least MIN_RUN_CHARS long, aligned without crossing (see shared_passages) — and the
   share of the shorter material's own text (own_length: masked wording left out) they cover.
   A pair is reported when it shares at least one such run and the runs cover MIN_SHARED_RATIO
   of the shorter own text, or when one run alone is LONG_RUN_CHARS long.

Materials for one meeting share their boilerplate (section titles, dimension names, official
phrases), so short runs and low overlaps are expected and not reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..lru import LruCache
from .stage import Stage

SHINGLE_CHARS = 8
NUM_PERM = 128
# Chosen by measurement (docs/review.md): a copy of 40% of a material into one up to three times
# as long has J ≈ 0.11–0.38 (8-character shingles), 60% ≈ 0.2–0.6, 75% ≈ 0.23–0.72; two rows per
# band keep distinct materials (J ≈ 0.02–0.08 from shared headings and set phrases) mostly apart,
# and 64 bands (all 128 permutations) find J = 0.2 with probability 0.93, J = 0.3 with 0.997.
LSH_BANDS, LSH_ROWS = 64, 2
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
    a_text: str = ""    # the passage as material a writes it (its own punctuation), possibly cut
    b_text: str = ""    # … and as material b writes it
    a_paragraph: int | None = None   # paragraph (index in the material) where it starts in a
    b_paragraph: int | None = None
    # Carry-over passages (carryover.py): whether each year's paragraph is this passage word for
    # word — False when runs were merged over a few changed characters, or the passage is only
    # part of a paragraph —, and the share of this year's paragraph it makes up.
    identical: bool = True
    paragraph_share: float = 1.0

    def to_dict(self) -> dict:
        return {"text": self.text, "length": self.length, "a_text": self.a_text, "b_text": self.b_text,
                "a_paragraph": self.a_paragraph, "b_paragraph": self.b_paragraph,
                "identical": self.identical, "paragraph_share": round(self.paragraph_share, 3)}


@dataclass(frozen=True, slots=True)
class SimilarPair:
    a: str
    b: str
    shared_chars: int
    ratio: float        # shared characters over the shorter material's own text (own_length)
    passages: tuple[Passage, ...]
    ratio_a: float = 0.0   # shared characters over a's own text: the share of a they make up
    ratio_b: float = 0.0

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "shared_chars": self.shared_chars, "ratio": round(self.ratio, 3),
                "ratio_a": round(self.ratio_a, 3), "ratio_b": round(self.ratio_b, 3),
                "passages": [p.to_dict() for p in self.passages]}


def normalise(text: str) -> str:
    return _NOISE.sub("", text)


def shingles(normalised: str, size: int = SHINGLE_CHARS) -> set[str]:
    if len(normalised) < size:
        return {normalised} if normalised else set()
    return {normalised[i:i + size] for i in range(len(normalised) - size + 1)}


# MinHash as datasketch 2 makes it (scheme "affine32", seed 9704; tests/test_review_comparisons.py
# compares the two): each shingle hash mixed by MurmurHash3's finalizer, then permuted by
# h → a·h + b (mod 2**32), a odd, the permutations drawn from the seed as datasketch draws them.
# Made here in numpy because importing datasketch (scipy with it) would cost each of a review's
# workers ~46 MB; the LSH (candidate_pairs_of) likewise.
_SEED = 9704
_draw = np.random.RandomState(_SEED)
_PERMUTATION_A = _draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_PERMUTATION_B = _draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
del _draw
# Shingles whose permuted hashes are made at once (128 × 4 bytes a shingle: ~2 MB).
_SHINGLES_AT_ONCE = 4096


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(prepared_text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32) of a prepared text's SHINGLE_CHARS-character
    shingles, or None for a text too short to share a run: what a review's worker sends back
    instead of the text. Each shingle is hashed with window_hashes (numpy, the whole text at
    once; SHA-1 of each shingle, datasketch's default, took three quarters of the similarity
    stage's time at scale)."""
    if len(prepared_text) < MIN_RUN_CHARS:
        return None
    shingles = _fmix32(distinct_sorted(window_hashes(prepared_text, SHINGLE_CHARS)))
    lowest = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for at in range(0, len(shingles), _SHINGLES_AT_ONCE):
        chunk = shingles[at:at + _SHINGLES_AT_ONCE, None]
        np.minimum(lowest, (chunk * _PERMUTATION_A + _PERMUTATION_B).min(axis=0), out=lowest)  # wraps mod 2**32
    return lowest


# A candidate pair whose MinHash signatures agree on fewer than this share of their permutations
# is dropped before the exact bound. Two materials of equal length at the reporting limit (15% of
# the shorter shared) have J ≈ 0.08; half of a material copied from one three times its length,
# the least similar copy that must be found, has J ≈ 0.14, which 128 permutations estimate with a
# standard deviation of 0.03 (two deviations above this limit; the LSH itself finds such a pair
# seven times in ten). Materials sharing only headings and set phrases (J ≈ 0.02–0.08) are most
# of the LSH's candidates, their number grows with the square of the set, and the bound costs
# ~0.2 ms a pair: at 1,000 generated materials this limit takes the stage from 46 s to 6 s of CPU
# and keeps every copy of half a material or more (docs/performance.md).
MIN_ESTIMATED_JACCARD = 0.08


def candidate_pairs_of(keys: list[str], signatures: list[np.ndarray]) -> set[tuple[str, str]]:
    """MinHash LSH over the signatures (LSH_BANDS bands of LSH_ROWS values: a pair is a candidate
    when it agrees on a whole band, as in datasketch's MinHashLSH — the same pairs), less those
    whose signatures agree on fewer than MIN_ESTIMATED_JACCARD of their values: (smaller key,
    larger key) pairs. In numpy, band by band: a material costs its 512-byte signature, where
    datasketch's index held ~15 KB of Python objects for it (150 MB at 10,000 materials)."""
    if len(keys) < 2:
        return set()
    matrix = np.stack(signatures)
    needed = int(np.ceil(MIN_ESTIMATED_JACCARD * NUM_PERM))
    assert LSH_ROWS == 2 and LSH_BANDS * LSH_ROWS <= NUM_PERM
    found = []
    for band in range(LSH_BANDS):
        # A band's two 32-bit values as one 64-bit key: equal keys are equal bands.
        values = matrix[:, 2 * band].astype(np.uint64) << np.uint64(32) | matrix[:, 2 * band + 1]
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        # Members of a bucket sit side by side once sorted: each with the next d in its bucket.
        for d in range(1, len(keys)):
            at = np.flatnonzero(ordered[d:] == ordered[:-d])
            if not len(at):
                break
            first, second = order[at], order[at + d]
            for lo in range(0, len(first), _PAIRS_AT_ONCE):
                a, b = first[lo:lo + _PAIRS_AT_ONCE], second[lo:lo + _PAIRS_AT_ONCE]
                agree = np.count_nonzero(matrix[a] == matrix[b], axis=1) >= needed
                found.append(np.minimum(a, b)[agree].astype(np.int64) * len(keys) + np.maximum(a, b)[agree])
    codes = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    pairs = set()
    for i, j in zip((codes // len(keys)).tolist(), (codes % len(keys)).tolist()):
        a, b = keys[i], keys[j]
        pairs.add((a, b) if a < b else (b, a))
    return pairs


# Candidate pairs whose signatures are compared at once (2 × 512 bytes a pair).
_PAIRS_AT_ONCE = 1 << 15


class CandidateIndex:
    """candidate_pairs_of as the signatures come in: `add` files a material's signature and
    returns the materials filed before it that make a candidate pair with it. The pairs found
    over all the adds are candidate_pairs_of's over the same signatures, in whatever order they
    come (the relation — a whole band equal and MIN_ESTIMATED_JACCARD of the values — is
    symmetric), so a review can compare each pair as soon as its second material is checked,
    while the workers go on checking, instead of all of them after the last check.

    The signatures are one growing uint32 matrix (512 bytes a material: 5 MB at 10,000); each
    add compares the new signature's bands with every earlier one's at once (a band's two values
    read as one uint64), ~1 ms at 10,000 materials. A dictionary from each band's value to its
    materials would answer in a few microseconds but hold 64 entries a material (~70 MB at
    10,000), for no time that shows beside the checks."""

    def __init__(self):
        self.keys: list[str] = []
        self._matrix = np.empty((0, NUM_PERM), dtype=np.uint32)
        self._needed = int(np.ceil(MIN_ESTIMATED_JACCARD * NUM_PERM))
        assert LSH_ROWS == 2 and LSH_BANDS * LSH_ROWS <= NUM_PERM

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: str, signature_: np.ndarray) -> list[str]:
        count = len(self.keys)
        if count == len(self._matrix):      # full: double it (amortised: a copy every doubling)
            grown = np.empty((max(64, 2 * count), NUM_PERM), dtype=np.uint32)
            grown[:count] = self._matrix[:count]
            self._matrix = grown
        new = np.ascontiguousarray(signature_, dtype=np.uint32)
        earlier = self._matrix[:count]
        bands = LSH_BANDS * LSH_ROWS
        # Band b is values 2b and 2b + 1: as one uint64 each (equal iff both are equal).
        same_band = (earlier[:, :bands].view(np.uint64) == new[:bands].view(np.uint64)).any(axis=1)
        hits = np.flatnonzero(same_band)
        if len(hits):
            hits = hits[np.count_nonzero(earlier[hits] == new, axis=1) >= self._needed]
        self._matrix[count] = new
        self.keys.append(key)
        return [self.keys[i] for i in hits.tolist()]


def candidate_pairs(texts) -> set[tuple[str, str]]:
    """Pairs of keys whose texts may be similar (candidate_pairs_of). `texts`: key → normalised
    text, as a dict or as (key, text) pairs made one at a time (only the signatures are kept)."""
    keys, signatures = [], []
    for key, text in (texts.items() if isinstance(texts, dict) else texts):
        made = signature(text)
        if made is not None:
            keys.append(key)
            signatures.append(made)
    return candidate_pairs_of(keys, signatures)


# How many candidates' prepared texts find_similar keeps (see there).
PREPARED_KEPT = 256


# A seed (MIN_RUN_CHARS-gram) occurring more often than this in one material is filler repeated
# for its own sake ("的的的…", a table of identical rows); following every occurrence would make
# the comparison quadratic, as difflib's junk heuristic also recognises.
MAX_SEED_OCCURRENCES = 64


def shared_passages(a: str, b: str, min_run: int = MIN_RUN_CHARS) -> list[str]:
    """Common runs of at least `min_run` characters, longest first (see shared_runs)."""
    return [a[i:i + size] for size, i, _ in shared_runs(a, b, min_run)]


def shared_runs(a: str, b: str, min_run: int = MIN_RUN_CHARS, windows_a: np.ndarray | None = None,
                windows_b: np.ndarray | None = None, sorted_a: np.ndarray | None = None) -> list[tuple[int, int, int]]:
    """(length, start in a, start in b) of the common runs of at least `min_run` characters,
    longest first.

    The runs are the blocks of a non-crossing alignment of `a` and `b`, chosen longest first (the
    definition difflib's matching blocks follow). They are found from `min_run`-character seeds:
    every common run that long contains one, and each seed is extended to its maximal run along
    its diagonal, so the cost is linear in the texts' length. (difflib took ~40 ms per pair of
    8,000-character materials, minutes for the candidate pairs of 1,000 materials.)

    Only the windows whose hash (window_hashes; `windows_a`/`windows_b` when the caller has them,
    and a's distinct hashes sorted, `sorted_a`, when it compares `a` with several texts) both
    texts hold can be seeds: equal windows hash equal, so the seeds and the runs are the same as
    from every window, and a pair sharing little (most of 照搬上年度's candidates) costs a few
    array operations instead of a dictionary of every window of `a`.
    """
    if len(a) < min_run or len(b) < min_run:
        return []
    windows_a = window_hashes(a, min_run) if windows_a is None else windows_a
    windows_b = window_hashes(b, min_run) if windows_b is None else windows_b
    sorted_a = distinct_sorted(windows_a) if sorted_a is None else sorted_a
    at = np.searchsorted(sorted_a, windows_b)
    at[at == len(sorted_a)] = 0
    in_b = np.flatnonzero(sorted_a[at] == windows_b)
    if not len(in_b):
        return []
    common = distinct_sorted(windows_b[in_b])
    seeds: dict[str, list[int]] = {}
    for i in np.flatnonzero(in_sorted(windows_a, common)).tolist():
        seeds.setdefault(a[i:i + min_run], []).append(i)
    runs = []
    for j in in_b.tolist():
        positions = seeds.get(b[j:j + min_run])
        if not positions or len(positions) > MAX_SEED_OCCURRENCES:
            continue
        for i in positions:
            if i and j and a[i - 1] == b[j - 1]:
                continue  # inside a run already found from its start on this diagonal
            size = min_run
            while i + size < len(a) and j + size < len(b) and a[i + size] == b[j + size]:
                size += 1
            runs.append((size, i, j))
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    chosen: list[tuple[int, int, int]] = []
    for size, i, j in runs:
        # Keep a run only if it lies wholly before or wholly after every run kept so far, in both
        # texts: the alignment must not cross itself or use a passage twice.
        if all((i + size <= ci and j + size <= cj) or (i >= ci + cs and j >= cj + cs)
               for cs, ci, cj in chosen):
            chosen.append((size, i, j))
    return chosen


def _cut(text: str, limit: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class Original:
    """A material's text as written, with the way from its normalised form back to it."""

    def __init__(self, text: str, paragraph_offset: int = 0):
        self.text = text
        self.paragraph_offset = paragraph_offset    # index of the text's first paragraph
        self._positions = None
        self._paragraph_starts = None

    def positions(self) -> np.ndarray:
        """Where each normalised character stands in the written text (int32: a list of ints
        would take 36 bytes a character). Built only for compared materials."""
        if self._positions is None:
            # Every character normalise() drops made NUL (one for one: the length stays), then the
            # places of the others at once — not a regex match a run (~2 ms for 8,000 characters).
            marked = _NOISE.sub("\0", self.text).encode("utf-32-le", "surrogatepass")
            self._positions = np.flatnonzero(np.frombuffer(marked, dtype=np.uint32)).astype(np.int32)
        return self._positions

    def paragraph_starts(self) -> list[int]:
        """Normalised positions where a new paragraph begins (after the first)."""
        if self._paragraph_starts is None:
            breaks = [m.start() for m in re.finditer("\n", self.text)]
            self._paragraph_starts = np.unique(np.searchsorted(self.positions(), breaks)).tolist() if breaks else []
        return self._paragraph_starts

    def span(self, start: int, size: int) -> tuple[str, int]:
        """The written text of normalised characters [start, start + size) and its paragraph."""
        positions = self.positions()
        first, last = int(positions[start]), int(positions[start + size - 1]) + 1
        # The punctuation that closes the passage (。；” …) is part of how it is written.
        while last < len(self.text) and not self.text[last].isspace() and not _KEPT.match(self.text[last]):
            last += 1
        paragraph = self.paragraph_offset + self.text.count("\n", 0, first)
        return self.text[first:last], paragraph


_KEPT = re.compile(r"[^\W_]", re.UNICODE)   # exactly the characters normalise() keeps


# The sentinels mask() writes (plane 15's private use area; normalise() keeps no such character).
_MASKED = re.compile("[\U000F0000-\U000FFFFF]")


def own_length(prepared_text: str) -> int:
    """The characters of a prepared text that are the writer's own: not masked as wording
    everybody may use (the framework's titles, the sentences most of the set holds). Every share
    a reviewer reads is of this: a copy of 60% of what a writer wrote reads 60%, however much of
    a short material the notice's preamble fills."""
    return len(prepared_text) - len(_MASKED.findall(prepared_text))


def verify(key_a: str, a: str, key_b: str, b: str, original_a: Original | None = None,
           original_b: Original | None = None, windows_a: np.ndarray | None = None,
           windows_b: np.ndarray | None = None, sorted_a: np.ndarray | None = None,
           own_a: int | None = None, own_b: int | None = None) -> SimilarPair | None:
    """The pair's shared passages and shares, or None below the reporting limits. `own_a`,
    `own_b`: own_length of each, when the caller has them."""
    runs = shared_runs(a, b, windows_a=windows_a, windows_b=windows_b, sorted_a=sorted_a)
    if not runs:
        return None
    shared = sum(size for size, _, _ in runs)
    own_a = max(1, own_length(a) if own_a is None else own_a)
    own_b = max(1, own_length(b) if own_b is None else own_b)
    ratio = shared / min(own_a, own_b)
    if ratio < MIN_SHARED_RATIO and runs[0][0] < LONG_RUN_CHARS:
        return None
    return SimilarPair(key_a, key_b, shared, ratio, passages(runs, a, original_a, original_b),
                       shared / own_a, shared / own_b)


def passages(runs, a: str, original_a: Original | None, original_b: Original | None,
             limit: int = MAX_PASSAGES) -> tuple[Passage, ...]:
    """The longest `limit` runs as passages, each as both materials write it when known."""
    out = []
    for size, i, j in runs[:limit]:
        a_text = b_text = ""
        a_paragraph = b_paragraph = None
        if original_a is not None:
            a_text, a_paragraph = original_a.span(i, size)
        if original_b is not None:
            b_text, b_paragraph = original_b.span(j, size)
        out.append(Passage(_cut(a[i:i + size]), size, _cut(a_text, EXCERPT_CHARS * 3),
                           _cut(b_text, EXCERPT_CHARS * 3), a_paragraph, b_paragraph))
    return tuple(out)


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """np.unique(values): the distinct values, sorted — by a sort and a comparison with the
    neighbour. numpy 2's np.unique hashes first and takes ~1 ms for a material's ~9,000 window
    hashes, six times this; the comparisons call it for every material compared."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def in_sorted(values: np.ndarray, sorted_distinct: np.ndarray) -> np.ndarray:
    """np.isin(values, sorted_distinct) for a sorted array of distinct values (distinct_sorted's,
    boilerplate_hashes'): a binary search each, ~5× cheaper than np.isin, which sorts both."""
    if not len(sorted_distinct):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_distinct, values)
    at[at == len(sorted_distinct)] = 0
    return sorted_distinct[at] == values


_HASH_BASE = np.uint64(0x100000001B3)
_HASH_MIX = np.uint64(0xFF51AFD7ED558CCD)


def window_hashes(normalised: str, size: int = MIN_RUN_CHARS) -> np.ndarray:
    """A 32-bit hash of every `size`-character window, in text order (polynomial, mixed).

    Equal windows hash equal; a collision only makes shared_upper_bound larger, never smaller."""
    if len(normalised) < size:
        return np.empty(0, dtype=np.uint32)
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - size + 1
    h = np.zeros(count, dtype=np.uint64)
    for offset in range(size):
        h = h * _HASH_BASE + codes[offset:offset + count]  # wraps modulo 2**64, as intended
    h ^= h >> np.uint64(33)
    h *= _HASH_MIX
    h ^= h >> np.uint64(33)
    return (h >> np.uint64(32)).astype(np.uint32)


def shared_upper_bound(windows_a: np.ndarray, sorted_a: np.ndarray, sorted_b: np.ndarray,
                       min_run: int = MIN_RUN_CHARS) -> tuple[int, int]:
    """(total, longest): upper bounds on what shared_passages finds, from window hashes.

    `windows_a` are a's window hashes in text order, `sorted_a`/`sorted_b` the distinct hashes of
    each text, sorted. Every run of L >= min_run characters that `a` shares with `b` covers
    L - min_run + 1 consecutive windows of `a` that also occur in `b`. So a stretch of s such
    windows holds runs of at most s + min_run - 1 characters in all (runs never overlap in `a`),
    and the sum and the maximum over the stretches bound the total and the longest run."""
    if not len(sorted_a) or not len(sorted_b):
        return 0, 0
    # Sorted against sorted first (cache-friendly), then text order against the few common ones.
    at = np.searchsorted(sorted_b, sorted_a)
    at[at == len(sorted_b)] = 0
    common_hashes = sorted_a[sorted_b[at] == sorted_a]
    if not len(common_hashes):
        return 0, 0
    common = in_sorted(windows_a, common_hashes)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], common.view(np.int8), [0]))))
    stretches = edges[1::2] - edges[::2]
    return int(stretches.sum() + len(stretches) * (min_run - 1)), int(stretches.max() + min_run - 1)


# A window filter holds FILTER_CHARS-character windows: a run of MIN_RUN_CHARS characters covers
# MIN_RUN_CHARS - FILTER_CHARS + 1 (16) consecutive ones, so a false positive (the filter's bits
# are shared by many windows) must come sixteen in a row to count — which a single bit a window
# keeps unlikely where MIN_RUN_CHARS-character windows would need many bits each.
FILTER_CHARS = 15
# Bits a window at least (rounded up to a power of two): at most half of the bits are set, so a
# false stretch of 16 windows has a chance below 2**-16 at each position.
FILTER_BITS_PER_WINDOW = 2
_FILTER_MIN_BITS = 1 << 10


def window_filter(prepared_text: str) -> np.ndarray:
    """The FILTER_CHARS-character windows of a prepared text as a Bloom filter with one hash
    function: bit (hash >> shift) set for each window (window_hashes), packed into uint8, its
    size a power of two of at least FILTER_BITS_PER_WINDOW bits a window (~2 KB for 8,000
    characters). Never a false negative: a window the text holds always finds its bit."""
    windows = window_hashes(prepared_text, FILTER_CHARS)
    size = max(_FILTER_MIN_BITS, 1 << int(FILTER_BITS_PER_WINDOW * len(windows) - 1).bit_length())
    bits = np.zeros(size, dtype=bool)
    bits[windows >> np.uint32(32 - size.bit_length() + 1)] = True
    return np.packbits(bits, bitorder="little")


def filtered_upper_bound(windows_a: np.ndarray, filter_b: np.ndarray) -> tuple[int, int]:
    """(total, longest): upper bounds on what shared_passages finds between a and b, from a's
    FILTER_CHARS-character window hashes in text order (window_hashes(a, FILTER_CHARS)) and b's
    window_filter.

    Every run of L >= MIN_RUN_CHARS characters a shares with b covers L - FILTER_CHARS + 1 >=
    MIN_RUN_CHARS - FILTER_CHARS + 1 consecutive windows of a that b also holds, and b's filter
    has the bit of each of them (a filter has no false negatives; a false positive only sets
    more). So such runs lie in stretches of at least that many consecutive windows whose bits are
    set; a stretch of s windows spans s + FILTER_CHARS - 1 characters, which bound the runs in it
    (runs never overlap in a); shorter stretches hold none."""
    if not len(windows_a):
        return 0, 0
    shift = np.uint32(32 - (len(filter_b) * 8).bit_length() + 1)
    at = windows_a >> shift
    present = (filter_b[at >> np.uint32(3)] >> (at & np.uint32(7)).astype(np.uint8)) & np.uint8(1)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], present.view(np.int8), [0]))))
    stretches = edges[1::2] - edges[::2]
    stretches = stretches[stretches >= MIN_RUN_CHARS - FILTER_CHARS + 1]
    if not len(stretches):
        return 0, 0
    return (int(stretches.sum() + len(stretches) * (FILTER_CHARS - 1)),
            int(stretches.max() + FILTER_CHARS - 1))


def could_be_reported(total: int, longest: int, shorter_length: int) -> bool:
    """verify()'s reporting rule applied to upper bounds: False means verify() returns None."""
    if longest < MIN_RUN_CHARS:
        return False
    return total / max(1, shorter_length) >= MIN_SHARED_RATIO or longest >= LONG_RUN_CHARS


def boilerplate_hashes(texts, size: int = MIN_RUN_CHARS) -> np.ndarray:
    """Sorted distinct window hashes of wording everybody may use (the framework's own texts,
    the shipped remedy texts): runs made of it are not evidence of copying."""
    hashes = [window_hashes(normalise(t), size) for t in texts]
    return np.unique(np.concatenate(hashes)) if hashes else np.empty(0, dtype=np.uint32)


def mask(normalised: str, boilerplate: np.ndarray, sentinel: int, size: int = MIN_RUN_CHARS) -> str:
    """`normalised` with every character inside a boilerplate window replaced by `sentinel`, a
    private-use character of this material alone, so no shared run can pass through it. The
    length (and so every position) stays the same. `boilerplate`: sorted, distinct
    (boilerplate_hashes)."""
    if not len(boilerplate) or len(normalised) < size:
        return normalised
    hits = np.flatnonzero(in_sorted(window_hashes(normalised, size), boilerplate))
    if not len(hits):
        return normalised
    cover = np.zeros(len(normalised) + 1, dtype=np.int32)
    np.add.at(cover, hits, 1)
    np.add.at(cover, hits + size, -1)
    covered = np.cumsum(cover[:-1]) > 0
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).copy()
    codes[covered] = sentinel
    return codes.tobytes().decode("utf-32-le")


def sentinel_for(index: int) -> int:
    """A private-use code point (plane 15) for the index-th material."""
    return 0xF0000 + index % 0xFFFE


def prepared(text: str, boilerplate: np.ndarray | None, index: int) -> str:
    """One text normalised, with boilerplate masked (by the index-th material's sentinel) when given."""
    normalised = normalise(text)
    if boilerplate is not None and len(boilerplate):
        return mask(normalised, boilerplate, sentinel_for(index))
    return normalised


def prepare(texts: dict[str, str], boilerplate: np.ndarray | None = None) -> dict[str, str]:
    """Normalised texts, with boilerplate masked when given."""
    return {k: prepared(t, boilerplate, n) for n, (k, t) in enumerate(texts.items())}


class Verifier:
    """The bounds and the exact comparison of candidate pairs, from each material's prepared text
    (`prepared_of(key)`: normalised, boilerplate masked), its text as written (`written_of`) and,
    when known, its window filter and own_length (`filter_of(key)`: (window_filter, own length)
    or None), made with the same wording masked as `prepared_of`'s (a length made with less
    masked could exceed the own length the shares are of, and the bound would not hold).

    Each candidate's prepared text and window hashes (~100 KB for 8,000 characters: the masked
    text takes four bytes a character, its sentinel lying outside the BMP) are kept for its next
    pairs, but only for the last PREPARED_KEPT materials, so the memory does not grow with the
    set (10,000 materials' would be a gigabyte). With filters, a pair is first bounded from one
    side's windows (a material kept already: the one whose pairs are being compared) and the
    other's filter, and the other is prepared only when that bound lets the pair through: most
    candidates (materials sharing stock wording) stop there."""

    def __init__(self, prepared_of, written_of, filter_of=None):
        self.prepared_of, self.written_of, self.filter_of = prepared_of, written_of, filter_of
        self.kept = LruCache(PREPARED_KEPT)

    def prepare(self, key: str) -> tuple[str, np.ndarray, np.ndarray, int, np.ndarray]:
        """The material's prepared text, its window hashes, those distinct and sorted, its
        own_length and its FILTER_CHARS-character window hashes — kept for its next pairs."""
        found = self.kept.get(key)
        if found is None:
            normalised = self.prepared_of(key)
            windows = window_hashes(normalised)
            found = (normalised, windows, distinct_sorted(windows), own_length(normalised),
                     window_hashes(normalised, FILTER_CHARS))
            self.kept.put(key, found)
        return found

    def compare(self, a: str, b: str) -> SimilarPair | None:
        if self.filter_of is not None:
            # Bound from the side kept already (prefer a), against the other's filter.
            near, far = (b, a) if b in self.kept and a not in self.kept else (a, b)
            far_filter = self.filter_of(far)
            if far_filter is not None:
                _, _, _, own, filter_windows = self.prepare(near)
                total, longest = filtered_upper_bound(filter_windows, far_filter[0])
                if not could_be_reported(total, longest, min(own, far_filter[1])):
                    return None
        text_a, windows_a, sorted_a, own_a, _ = self.prepare(a)
        text_b, windows_b, sorted_b, own_b, _ = self.prepare(b)
        total, longest = shared_upper_bound(windows_a, sorted_a, sorted_b)
        if not could_be_reported(total, longest, min(own_a, own_b)):
            return None
        return verify(a, text_a, b, text_b, Original(self.written_of(a)), Original(self.written_of(b)),
                      windows_a, windows_b, sorted_a, own_a, own_b)


def find_similar(texts: dict[str, str], boilerplate: np.ndarray | None = None,
                 stage: Stage | None = None) -> list[SimilarPair]:
    """Similar pairs among `texts` (key → full text, paragraphs joined by newlines), the most
    similar first; passages give each material's own wording and paragraph. `stage` hears of
    each candidate pair compared and may stop the comparisons (its time budget).

    Each text is normalised for its signature and let go; only the candidates' are made again,
    for the bound and the exact comparison (Verifier)."""
    stage = stage or Stage()
    order = {key: n for n, key in enumerate(texts)}
    pairs = sorted(candidate_pairs((k, prepared(t, boilerplate, order[k])) for k, t in texts.items()))
    verifier = Verifier(lambda key: prepared(texts[key], boilerplate, order[key]), texts.__getitem__)
    found = []
    stage.start(len(pairs))
    for a, b in pairs:
        if not stage.step():
            break
        pair = verifier.compare(a, b)
        if pair is not None:
            found.append(pair)
    return sorted(found, key=lambda p: (-p.ratio, p.a, p.b))
