"""What the comparison stages need of a material, made by the worker that checked it (issue 25).

A review's comparisons (similarity, 照搬上年度, 千篇一律) once received every material's whole
text from the workers and, after the last check, normalised, masked and hashed them all in the
one collecting process. The worker that read the material now makes what does not depend on the
rest of the set — the MinHash signature of this year's text (similarity's candidates) and its
window filter (the first bound on a candidate pair, similarity.filtered_upper_bound), the
distinct window hashes of last year's 存在问题 (照搬上年度's index), the hashes of this year's
sentences (千篇一律's count) — and sends those back with the text compressed: the comparisons
that need the rest of the set run on them, and read a text again (decompressed) only for the
materials they compare exactly.

Masking the boilerplate needs the frameworks' texts before the set's frameworks are known (a
material's framework is found by its own check), so every configured framework's texts are
masked (batch.masking_boilerplate): a run the frameworks supply is no evidence of copying
whichever framework a material follows.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from . import shared_sentences
from .carryover import prepare_problems
from .similarity import (distinct_sorted, own_length, prepared, sentinel_for, signature, window_filter,
                         window_hashes)

# zlib's fastest level: a material's text is compressed once and read again a few times; CJK
# text in UTF-8 takes about half its size.
_LEVEL = 1


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), _LEVEL)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One material as the comparisons see it. `text` is what is compared, packed: this year's
    whole text, last year's 存在问题 only (its first paragraph `text_from`)."""
    text: bytes
    index: int                                # the material's number in the review: its sentinel
    text_from: int = 0
    signature: np.ndarray | None = None       # this year's: MinHash of its prepared text
    windows: np.ndarray | None = None         # last year's: distinct window hashes of its prepared 存在问题
    sentences: np.ndarray | None = None       # this year's: shared_sentences.sentence_hashes
    window_filter: np.ndarray | None = None   # this year's: similarity.window_filter of its prepared text
    own_length: int = 0                       # this year's: similarity.own_length of its prepared text

    def written(self) -> str:
        return unpack(self.text)

    @property
    def sentinel(self) -> int:
        return sentinel_for(self.index)


def of_this_year(text: str, index: int, boilerplate) -> Fingerprint:
    made = prepared(text, boilerplate, index)
    return Fingerprint(pack(text), index, signature=signature(made), sentences=shared_sentences.sentence_hashes(text),
                       window_filter=window_filter(made), own_length=own_length(made))


def of_last_year(problems: str, text_from: int, index: int, boilerplate) -> Fingerprint:
    windows = distinct_sorted(window_hashes(prepare_problems(problems, boilerplate, sentinel_for(index))))
    return Fingerprint(pack(problems), index, text_from, windows=windows)
