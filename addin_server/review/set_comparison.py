"""The comparison stages of one review — similar materials, 照搬上年度, 千篇一律 — fed each
material's fingerprint (fingerprints.py) as its check finishes.

照搬上年度 needs the index of all of last year's materials, which are checked first (they are
only read: a few milliseconds each); with `eager`, each of this year's materials is then compared
with them as soon as it comes — while the workers go on checking, on the core the collecting
process would otherwise leave idle — rather than all after the last check. Likewise each of
this year's signatures goes into similarity's LSH as it comes (similarity.CandidateIndex), which
answers with the materials before it that make a candidate pair with it, and with `eager` those
pairs are compared at once: the pairs are the same as over the whole set in any order of
arrival. 千篇一律's count needs the whole set and runs after the last check, on the sentence
hashes the workers sent; the sentences most of the set holds are then masked and the pairs found
similar during the checks judged again (finish). The results are the same either way (each stage's results are sorted).
A page's review is not eager: its comparisons run after the checks, each stage within its time
budget (stage.py), as before.
"""
from __future__ import annotations

from dataclasses import replace

from .carryover import PreviousIndex, ProblemsText, prepare_problems
from .fingerprints import Fingerprint
from .names import pinyin_key
import numpy as np

from .packed import PackedItems, pack
from .shared_sentences import find_shared_hashed, not_copying
from .similarity import CandidateIndex, SimilarPair, Verifier, boilerplate_hashes, prepared
from .stage import Stage


class SetComparison:
    def __init__(self, boilerplate, previous_count: int, eager: bool):
        self.boilerplate, self.eager = boilerplate, eager
        self.pair_boilerplate = boilerplate         # … and the sentences most of the set holds (finish)
        self.previous_count = previous_count        # how many of last year's are still to come
        self.current: dict[str, tuple[Fingerprint, tuple | None, str | None]] = {}
        self.previous: list = []                    # last year's readable rows (FileResult)
        self.candidates = CandidateIndex()          # this year's signatures (similarity's LSH)
        self.verifier = Verifier(self._prepared, self._written, self._filter)
        self.pairs: list[tuple[str, str]] = []      # candidate pairs not compared yet
        self.similar: list[SimilarPair] = []
        self.index: PreviousIndex | None = None
        self.waiting: list[str] = []                # this year's not compared with last year's yet
        # 照搬上年度's results, each packed (packed.py) with its place in the report's order.
        self.carried: list[tuple[tuple, bytes]] = []

    # ---- feeding ------------------------------------------------------------------------------

    def add(self, row, last_year: bool) -> None:
        """A checked material (batch.FileResult); an unreadable one only counts as arrived."""
        if last_year:
            self.previous_count -= 1
            if row.ok and row.fingerprint is not None:
                self.previous.append(row)
            if self.previous_count == 0 and self.previous:
                self._index_last_year()
        elif row.ok and row.fingerprint is not None:
            self.current[row.name] = (row.fingerprint, row.problems, row.author)
            if row.fingerprint.signature is not None:
                found = self.candidates.add(row.name, row.fingerprint.signature)
                if found and self.eager:
                    # Compared now: the earlier materials are bounded by their filters against
                    # this one's windows, and prepared again only when that lets a pair through.
                    self.verifier.prepare(row.name)
                self.pairs += [(row.name, other) if row.name < other else (other, row.name) for other in found]
            self.waiting.append(row.name)
        if self.eager:
            self._compare(Stage(), Stage())

    def _index_last_year(self) -> None:
        rows = sorted(self.previous, key=lambda r: pinyin_key(r.name))

        def problems_of(n: int) -> ProblemsText:
            fp = rows[n].fingerprint
            return ProblemsText(rows[n].name, fp.written(), fp.text_from, rows[n].author)

        def prepared_of(n: int) -> str:
            fp = rows[n].fingerprint
            return prepare_problems(fp.written(), self.boilerplate, fp.sentinel)

        self.index = PreviousIndex([r.name for r in rows], [r.author for r in rows],
                                   [r.fingerprint.windows for r in rows], problems_of, prepared_of)
        for r in rows:      # the index holds the window hashes now
            r.fingerprint = replace(r.fingerprint, windows=None)

    # ---- comparing ----------------------------------------------------------------------------

    def _written(self, name: str) -> str:
        return self.current[name][0].written()

    def _filter(self, name: str) -> tuple[np.ndarray, int] | None:
        fp = self.current[name][0]
        return None if fp.window_filter is None else (fp.window_filter, fp.own_length)

    def _prepared(self, name: str) -> str:
        fp = self.current[name][0]
        return prepared(fp.written(), self.pair_boilerplate, fp.index)

    def problems(self, name: str) -> ProblemsText:
        """This year's material's 存在问题 (the whole text when that part was not recognised)."""
        fp, problems, author = self.current[name]
        text = fp.written()
        if problems is None:
            return ProblemsText(name, text, 0, author)
        first, last = problems
        return ProblemsText(name, "\n".join(text.split("\n")[first:last + 1]), first, author)

    def _compare(self, similar_stage: Stage, carried_stage: Stage) -> None:
        self._compare_pairs(similar_stage)
        self._carry(carried_stage)

    def _compare_pairs(self, stage: Stage) -> None:
        while self.pairs:
            if not stage.step():
                return
            pair = self.verifier.compare(*self.pairs.pop())
            if pair is not None:
                self.similar.append(pair)

    def _carry(self, stage: Stage) -> None:
        if self.index is None:
            if self.previous_count == 0:
                self.waiting.clear()    # no readable material last year: nothing to compare with
            return                      # else last year's still coming: the index is not complete
        while self.waiting:
            if not stage.step():
                return
            name = self.waiting.pop()
            item = self.problems(name)
            self.carried += [((-c.ratio, c.name, c.previous), pack(c)) for c in self.index.carried_over(
                item, prepare_problems(item.text, self.boilerplate, self.current[name][0].sentinel))]

    def finish(self, similar_stage: Stage, carried_stage: Stage, common_texts: list[str],
               order: list[str]) -> tuple[list[SimilarPair], PackedItems, dict]:
        """Count 千篇一律 over the set, then compare what is left (each stage under its budget);
        `order`: this year's readable names in the report's order. The texts are let go.

        What most of the set says alike is masked, as the frameworks' wording is, before pairs
        are judged (a preamble every material copies from the notice makes no two of them a
        copy). It is known only now: pairs compared during the checks were judged without it.
        Masking more only takes shared text away, so a pair found not similar stays so; those
        found similar are judged again with it — the same results as judging every pair now."""
        shared = find_shared_hashed({name: self.current[name][0].sentences for name in order},
                                    self._written, common_texts)
        everyones = not_copying(shared, len(order))
        if everyones:
            hashes = boilerplate_hashes(everyones)
            self.pair_boilerplate = hashes if self.boilerplate is None else np.union1d(self.boilerplate, hashes)
            # Its texts masked anew — and no window filters: their own lengths were made with
            # less masked, so they may exceed the shares' own lengths now (Verifier).
            self.verifier = Verifier(self._prepared, self._written)
            self.pairs += [(p.a, p.b) for p in self.similar]
            self.similar = []
        self.pairs.sort(reverse=True)       # popped: in order (a page's, under its budget)
        self.candidates = CandidateIndex()
        similar_stage.start(len(self.pairs))
        self._compare_pairs(similar_stage)
        if self.index is not None:
            self.waiting.sort(key=pinyin_key, reverse=True)
            carried_stage.start(len(self.waiting))
            self._carry(carried_stage)
        similar = sorted(self.similar, key=lambda p: (-p.ratio, p.a, p.b))
        self.carried.sort(key=lambda c: c[0])
        carried = PackedItems.of_packed(packed for _, packed in self.carried)     # CarryOver, in order
        self.carried.clear()
        self.current.clear()
        self.previous.clear()
        self.index = None
        return similar, carried, shared

