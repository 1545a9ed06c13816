"""照搬上年度问题: problems this year that repeat last year's materials word for word.

Each material's 存在问题 part is compared with last year's: with the same writer's material(s) when
the writer's name matches one of last year's, else with all of last year's. Comparing with all
of them stays affordable through an index of last year's 30-character window hashes (the ones
similarity.py uses): a material is verified exactly only against the previous materials it shares
at least one window with. A window that many of last year's materials share is common wording
(a slogan, the notice's phrasing), not one writer's carried-over problem, and does not make a
candidate; the exact comparison that follows still sees every run.

A reported passage is a run of at least MIN_RUN_CHARS characters (letters and digits; spaces and
punctuation do not count) shared with the previous material, shown as each year writes it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..lru import LruCache
from .stage import Stage
from .similarity import (EXCERPT_CHARS, MIN_RUN_CHARS, Original, Passage, _cut, distinct_sorted, in_sorted, mask,
                         normalise, own_length, sentinel_for, shared_runs, window_hashes)

# A repeated run is shown (and commented on) paragraph by paragraph, one problem at a time; the
# pieces shorter than this are headings (「一、存在问题」, 「（一）理论学习方面」) and are left out.
MIN_PIECE_CHARS = 15
MAX_CARRIED_PASSAGES = 20
# Last year's materials sharing a window beyond this count make it common wording (see above).
MAX_OWNERS_OF_A_WINDOW = 3
# Without a name match, at most this many of last year's materials (those sharing the most
# windows) are compared exactly.
MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class ProblemsText:
    """The part of a material that is compared: its 存在问题 (or the whole text when that part
    was not recognised), paragraphs joined by newlines."""
    key: str
    text: str
    first_paragraph: int
    writer: str | None


@dataclass(frozen=True, slots=True)
class CarryOver:
    name: str                   # this year's material
    previous: str               # last year's material it repeats
    same_writer: bool           # matched by the writer's name (else found among all of last year's)
    shared_chars: int
    ratio: float                # share of this year's 存在问题 (its own text, own_length) the repeated passages make up
    passages: tuple[Passage, ...]   # a: this year's wording, b: last year's

    def to_dict(self) -> dict:
        return {"name": self.name, "previous": self.previous, "same_writer": self.same_writer,
                "shared_chars": self.shared_chars, "ratio": round(self.ratio, 3),
                "passages": [p.to_dict() for p in self.passages]}


def writer_key(name: str | None) -> str:
    """Names as matched across years: spaces and the middle dot variants folded."""
    if not name:
        return ""
    return "".join(ch for ch in name if not ch.isspace()).replace("•", "·").replace("・", "·")


class PreviousIndex:
    """Last year's materials as the comparison needs them: an index of their window hashes
    (`distinct[n]`: the distinct window hashes of material n's prepared 存在问题, sorted), their
    writers, and on demand each one's 存在问题 as written (`problems_of(n)`, a ProblemsText)
    and prepared (`prepared_of(n)`: normalised, boilerplate masked) — made again when needed, so
    that only the hashes are held for every material."""

    def __init__(self, keys: list[str], writers: list[str | None], distinct: list[np.ndarray],
                 problems_of, prepared_of):
        self.keys, self.problems_of, self.prepared_of = keys, problems_of, prepared_of
        # One sorted array of (window hash << 32 | owner): a hash's owners side by side. Sorting
        # one array in place, rather than argsorting the hashes and gathering hashes and owners by
        # the order, keeps the peak to its own size (8 bytes a window: 10,000 previous materials'
        # 存在问题 are some 40 million windows).
        entries = np.empty(sum(len(d) for d in distinct), dtype=np.uint64)
        at = 0
        for n, unique in enumerate(distinct):
            entries[at:at + len(unique)] = (unique.astype(np.uint64) << np.uint64(32)) | np.uint64(n)
            at += len(unique)
        entries.sort()
        hashes = (entries >> np.uint64(32)).astype(np.uint32)
        # A material's windows are distinct, so a hash in more than MAX_OWNERS_OF_A_WINDOW
        # materials is one whose entry that many places on is the same hash.
        step = MAX_OWNERS_OF_A_WINDOW
        self.common = np.unique(hashes[step:][hashes[step:] == hashes[:-step]]) if len(hashes) > step \
            else np.empty(0, dtype=np.uint32)
        # A common window is never looked up (candidates leaves it out), so its entries are
        # dropped: what is kept holds each hash at most MAX_OWNERS_OF_A_WINDOW times, as the
        # hashes (uint32) and their owners (the narrowest type that holds them) apart.
        rare = ~in_sorted(hashes, self.common)
        self.hashes = hashes[rare]
        del hashes
        self.owners = (entries[rare] & np.uint64(0xFFFFFFFF)).astype(np.uint16 if len(keys) <= 1 << 16 else np.uint32)
        del entries, rare
        # Where each value of a hash's top _BUCKET_BITS bits starts among the hashes: a look-up
        # searches its bucket only (~40 million / 65,536 at 10,000 materials), not the whole array.
        self.buckets = np.concatenate(([0], np.cumsum(np.bincount(self.hashes >> np.uint32(32 - _BUCKET_BITS),
                                                                  minlength=1 << _BUCKET_BITS))))
        self._kept = LruCache(PREVIOUS_KEPT)
        self.by_writer: dict[str, list[int]] = {}
        for n, writer in enumerate(writers):
            key = writer_key(writer)
            if key:
                self.by_writer.setdefault(key, []).append(n)

    @classmethod
    def of_texts(cls, previous: list[ProblemsText], boilerplate=None) -> "PreviousIndex":
        def prepared_of(n: int) -> str:
            return prepare_problems(previous[n].text, boilerplate, sentinel_for(n + 0x8000))

        return cls([p.key for p in previous], [p.writer for p in previous],
                   [np.unique(window_hashes(prepared_of(n))) for n in range(len(previous))],
                   previous.__getitem__, prepared_of)

    def material(self, n: int) -> tuple[str, Original]:
        """Material n's prepared 存在问题 and the way back to its written text."""
        found = self._kept.get(n)
        if found is None:
            item = self.problems_of(n)
            found = (self.prepared_of(n), Original(item.text, item.first_paragraph))
            self._kept.put(n, found)
        return found

    def candidates(self, windows: np.ndarray) -> list[int]:
        """Last year's materials sharing the most uncommon windows with these (the distinct
        window hashes of a normalised, masked text, sorted)."""
        windows = windows[~in_sorted(windows, self.common)]
        if not len(windows) or not len(self.hashes):
            return []
        # The first entry not below each window, by a binary search in its bucket (all windows at
        # once); its owners are the next entries holding the same hash — at most
        # MAX_OWNERS_OF_A_WINDOW, common windows having been dropped.
        bucket = (windows >> np.uint32(32 - _BUCKET_BITS)).astype(np.int64)
        low, high = self.buckets[bucket], self.buckets[bucket + 1]
        last = len(self.hashes) - 1
        while True:
            searching = low < high
            if not searching.any():
                break
            middle = (low + high) >> 1
            below = self.hashes[np.minimum(middle, last)] < windows
            low = np.where(searching & below, middle + 1, low)
            high = np.where(searching & ~below, middle, high)
        at = np.concatenate([low + k for k in range(MAX_OWNERS_OF_A_WINDOW)])
        held = at <= last
        at = at[held]
        at = at[self.hashes[at] == np.tile(windows, MAX_OWNERS_OF_A_WINDOW)[held]]
        if not len(at):
            return []
        owners, shared = np.unique(self.owners[at].astype(np.int64), return_counts=True)
        # The materials sharing the most windows (the lower number first among equals): a writer
        # repeats one or two of last year's.
        return sorted(owners[np.lexsort((owners, -shared))][:MAX_CANDIDATES].tolist())

    def carried_over(self, item: ProblemsText, text: str) -> list[CarryOver]:
        """What this year's `item` (its prepared text `text`) repeats of last year's materials:
        the same writer's when the name matches one of last year's, else those sharing the
        most windows."""
        if len(text) < MIN_RUN_CHARS:
            return []
        windows = window_hashes(text)
        distinct = distinct_sorted(windows)
        same = self.by_writer.get(writer_key(item.writer), [])
        original = Original(item.text, item.first_paragraph)
        found = []
        for m in same or self.candidates(distinct):
            prev_text, prev_original = self.material(m)
            runs = by_paragraph(shared_runs(text, prev_text, windows_a=windows, sorted_a=distinct), original)
            if not runs:
                continue
            shared = sum(size for size, _, _ in runs)
            found.append(CarryOver(
                item.key, self.keys[m], bool(same), shared, shared / max(1, own_length(text)),
                _passages(merged_per_paragraph(runs, original), text, prev_text, original,
                          prev_original, MAX_CARRIED_PASSAGES)))
        return found


# The top bits of a window hash that PreviousIndex's buckets go by.
_BUCKET_BITS = 16

# How many of last year's materials are kept prepared between comparisons (a writer's candidates
# recur; the rest are made again from their text).
PREVIOUS_KEPT = 512


def prepare_problems(text: str, boilerplate, sentinel: int) -> str:
    """A 存在问题 as compared: normalised, the boilerplate masked with the material's sentinel."""
    normalised = normalise(text)
    if boilerplate is not None and len(boilerplate):
        return mask(normalised, boilerplate, sentinel)
    return normalised


def by_paragraph(runs, original: Original) -> list[tuple[int, int, int]]:
    """`runs` cut at this year's paragraph breaks, in text order, short pieces left out."""
    from bisect import bisect_right

    starts = original.paragraph_starts() if runs else []
    pieces = []
    for size, i, j in runs:
        cuts = starts[bisect_right(starts, i):bisect_right(starts, i + size - 1)]
        edges = [i, *cuts, i + size]
        for lo, hi in zip(edges, edges[1:]):
            if hi - lo >= MIN_PIECE_CHARS:
                pieces.append((hi - lo, lo, j + lo - i))
    return sorted(pieces, key=lambda r: r[1])


# Runs of one paragraph this close (characters between them, in either year's text) are one
# carried-over passage with a few characters changed (「进一步」 for 「更加」), shown once.
MAX_MERGED_GAP = 12


def merged_per_paragraph(pieces, original: Original) -> list[tuple[int, int, int, int]]:
    """`pieces` (size, i, j: by_paragraph's, in text order) merged per this year's paragraph when
    they follow each other in both texts with small gaps: (size in a, i, j, size in b)."""
    from bisect import bisect_right

    starts = original.paragraph_starts() if pieces else []
    out: list[list[int]] = []
    last_paragraph = None
    for size, i, j in pieces:
        paragraph = bisect_right(starts, i)
        if out and paragraph == last_paragraph:
            size_a, i0, j0, size_b = out[-1]
            gap_a, gap_b = i - (i0 + size_a), j - (j0 + size_b)
            if 0 <= gap_a <= MAX_MERGED_GAP and 0 <= gap_b <= MAX_MERGED_GAP:
                out[-1] = [i + size - i0, i0, j0, j + size - j0]
                continue
        out.append([size, i, j, size])
        last_paragraph = paragraph
    return [tuple(x) for x in out]


def paragraph_bounds(starts: list[int], length: int, position: int) -> tuple[int, int]:
    """[start, end) of the paragraph holding normalised `position` (starts: paragraph_starts())."""
    from bisect import bisect_right

    k = bisect_right(starts, position)
    return (starts[k - 1] if k else 0), (starts[k] if k < len(starts) else length)


def _covered(i: int, size_a: int, lo_a: int, hi_a: int, j: int, size_b: int, lo_b: int, hi_b: int) -> int:
    """How much of this year's paragraph [lo_a, hi_a) the passage covers, counting its head and
    tail as changed characters (as between runs: MAX_MERGED_GAP) when each year's is that short:
    a word changed near a paragraph's start (「站位不够高」→「站位还不高」) leaves a head too short
    to be a run, and the paragraph is still last year's with a word changed."""
    start, end = i, i + size_a
    if i - lo_a <= MAX_MERGED_GAP and j - lo_b <= MAX_MERGED_GAP:
        start = lo_a
    if hi_a - end <= MAX_MERGED_GAP and hi_b - (j + size_b) <= MAX_MERGED_GAP:
        end = hi_a
    return end - start


def _passages(merged, a: str, b: str, original_a: Original, original_b: Original,
              limit: int) -> tuple[Passage, ...]:
    """The passages to show, largest first up to `limit`, in this year's order. 「一字不差」
    (identical) only when the passage is the whole paragraph in both years, word for word: a
    run that starts after a changed word (「课后延时服务」→「课后服务」) is not."""
    out = []
    starts_a, starts_b = original_a.paragraph_starts(), original_b.paragraph_starts()
    for size_a, i, j, size_b in sorted(merged, key=lambda m: -m[0])[:limit]:
        lo_a, hi_a = paragraph_bounds(starts_a, len(a), i)
        lo_b, hi_b = paragraph_bounds(starts_b, len(b), j)
        whole = (lo_a, hi_a, lo_b, hi_b) == (i, i + size_a, j, j + size_b)
        # Each year's whole paragraph is shown side by side, so that what changed — before the
        # shared run, between its pieces, after it — is there to see, not cut off.
        a_text, a_paragraph = original_a.span(lo_a, hi_a - lo_a)
        b_text, b_paragraph = original_b.span(lo_b, hi_b - lo_b)
        out.append(Passage(_cut(a[i:i + size_a]), size_a, _cut(a_text, EXCERPT_CHARS * 3),
                           _cut(b_text, EXCERPT_CHARS * 3), a_paragraph, b_paragraph,
                           identical=whole and a[i:i + size_a] == b[j:j + size_b],
                           paragraph_share=_covered(i, size_a, lo_a, hi_a, j, size_b, lo_b, hi_b)
                           / max(1, hi_a - lo_a)))
    return tuple(sorted(out, key=lambda p: (p.a_paragraph or 0)))


def find_carried_over(current: list[ProblemsText], previous: list[ProblemsText],
                      boilerplate=None, stage: Stage | None = None) -> list[CarryOver]:
    """For each of this year's materials, last year's materials it repeats (largest share first).
    `stage` hears of each material compared and may stop the comparisons (its time budget)."""
    if not previous:
        return []
    stage = stage or Stage()
    index = PreviousIndex.of_texts(previous, boilerplate)
    found = []
    stage.start(len(current))
    for n, item in enumerate(current):
        if not stage.step():
            break
        found += index.carried_over(item, prepare_problems(item.text, boilerplate, sentinel_for(n)))
    return sorted(found, key=lambda c: (-c.ratio, c.name, c.previous))
