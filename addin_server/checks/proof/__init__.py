"""Proofreading (`proof.*`): 错别字, garbled words, doubled words, 规范表述, the year's references,
numbers and marks — offline, from rule files a maintainer extends (see rules.py for the format
and docs/proofreading.md for the rules and their measured precision).

`proofread(structure)` is the rule the engine runs (checks.RULES); `proofread_text(text)` checks
one string, for the benchmark and the tests. Every finding carries a fix: edits of the
paragraph's text as written, `safe` only where no context could make the change wrong.
"""
from __future__ import annotations

import bisect
import threading
from typing import Iterator

from ...cancel import checkpoint
from ...config import KnowledgeFolders
from ...lru import LruCache
from ...finding_codes import CODES
from ..report import Finding, quote, relocated
from . import engine, lexicon
from .rules import FOLDER, RuleError, RuleSet, load_rule_file, load_rules, parse_rule

# Paragraphs whose hits are kept (about 100 materials' worth), and the longest kept: bounded
# memory (at most ~16 MB of text) whatever is uploaded.
PARAGRAPH_CACHE_SIZE = 4096
CACHED_PARAGRAPH_MAX_CHARS = 2000

# The longest paragraph proofread (about 17 pages written without a paragraph break): every pass
# is linear in its paragraph, but the segmentation and the garbled-word pass cost tens of
# microseconds a character, so one pasted paragraph of a million characters would take the
# server for a minute. A longer one is reported as not proofread (proof.skipped), never
# silently passed.
MAX_PROOFREAD_CHARS = 10_000

# Which finding wins when two rules mark overlapping text: the more specific first.
_PRIORITY = ("proof.formulation", "proof.outdated_reference", "proof.typo", "proof.marks",
             "proof.number", "proof.doubled", "proof.garbled")

__all__ = ["RuleError", "RuleSet", "Proofreader", "clear_caches", "folders", "load_rule_file",
           "load_rules", "parse_rule", "proofread", "proofread_text", "proofreader", "reload",
           "use_settings", "warm_up", "warm_up_in_background"]

_warming: list[threading.Thread] = []


def warm_up_in_background(then=None) -> None:
    """Load the rules and the compiled lexicon in a background thread, once a process, then
    call `then` (the server passes a first check of a sample, which pays every other check's
    first-use cost too): the server calls this at start so its first check does not wait."""
    with _lock:
        if _warming:
            return
        thread = threading.Thread(target=_warm, args=(then,), name="check-warm-up", daemon=True)
        _warming.append(thread)
    thread.start()


def warm_up(then=None) -> None:
    """The same as warm_up_in_background, in this thread: before a WSGI server forks its workers
    (gunicorn's preload_app), where a thread running at the fork would leave its locks held in
    every child (and the children would wait on them for ever)."""
    _warm(then)


def _warm(then) -> None:
    proofreader()
    lexicon.warm()
    if then is not None:
        then()


_lock = threading.Lock()


class Proofreader:
    """A loaded rule set with its indexes, shared by every check (it holds no document state)."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.literals = engine.LiteralIndex(rules.of("substitution"))
        self.literal_codes = frozenset(r.code for r in rules.of("substitution"))
        self.patterns = engine.compile_patterns(rules)
        self.sequences = engine.ItemIndex(rules.of("sequence"))
        self.formulations = rules.of("formulation")
        self.references = rules.of("reference")
        self.repetitions = rules.of("repetition")
        self.garbled = rules.of("garbled")
        self.spelling = rules.of("spelling")
        # Each paragraph's hits under these rules, keyed by its text, the year and the disabled
        # codes: the pane checks the whole document again after every edit or fix, and nearly
        # every paragraph is unchanged. A paragraph whose hits drew on the rest of the material
        # (engine.consults_document) is not kept. In memory only, like correspondence's words.
        self.paragraphs = LruCache(PARAGRAPH_CACHE_SIZE)

    def hits(self, text: str, year: int | None = None, document: str = "",
             disabled=frozenset()) -> list[engine.Hit]:
        """Hits in one paragraph; `document` is the whole material's text, which some rules
        consult for evidence (a word the material uses elsewhere)."""
        if not text.strip() or len(text) > CACHED_PARAGRAPH_MAX_CHARS:
            return self._hits(text, engine.Cuts(text), year, document, disabled)
        key = (text, year, frozenset(disabled))
        kept = self.paragraphs.get(key)
        if kept is not None:
            return list(kept)
        cuts = engine.Cuts(text)
        hits = self._hits(text, cuts, year, document, disabled)
        garbled = any(rule.code not in disabled for rule in self.garbled)
        if not (garbled and engine.consults_document(cuts.simplified.words)):
            self.paragraphs.put(key, tuple(hits))
        return hits

    def _hits(self, text: str, cuts: engine.Cuts, year, document: str, disabled) -> list[engine.Hit]:
        if not text.strip():
            return []
        hits: list[engine.Hit] = []
        if not self.literal_codes <= disabled:
            hits += self.literals.hits(text, lambda: cuts)
        for rule, compiled, any_of in self.patterns:
            if rule.code not in disabled:
                hits += engine.pattern_hits(rule, compiled, text, any_of)
        if "proof.formulation" not in disabled:
            for rule in self.sequences.candidates(text):
                hits += engine.sequence_hits(rule, text)
            for rule in self.formulations:
                hits += engine.formulation_hits(rule, text)
        if year is not None:
            for rule in self.references:
                if rule.code not in disabled:
                    hits += engine.reference_hits(rule, text, year)
        for rule in self.repetitions:
            if rule.code not in disabled:
                hits += engine.repetition_hits(rule, text, cuts)
        for rule in self.garbled:
            if rule.code not in disabled:
                hits += engine.garbled_hits_as_written(rule, text, cuts, document)
        for rule in self.spelling:
            # Its transposed and missing characters are reported as proof.garbled.
            if not {rule.code, "proof.garbled"} <= disabled:
                hits += engine.spelling_hits(rule, text, cuts)
        return _one_per_span([h for h in hits if h.rule.code not in disabled])

    def findings(self, paragraph: int, text: str, **kwargs) -> list[Finding]:
        return [engine.to_finding(h, paragraph, text) for h in self.hits(text, **kwargs)]


def _one_per_span(hits: list[engine.Hit]) -> list[engine.Hit]:
    """Overlapping hits keep the more specific rule's; the rest are in text order.

    A hit is kept unless it overlaps one kept before it; an empty hit (an insertion) overlaps
    only a span strictly around its place. The kept spans are disjoint, so each test is two
    binary searches: a paragraph of thousands of hits costs n log n, not n² comparisons."""
    hits.sort(key=lambda h: (_PRIORITY.index(h.rule.code), h.start))
    kept: list[engine.Hit] = []
    spans: list[tuple[int, int]] = []   # the kept non-empty spans, disjoint, in text order
    points: list[int] = []              # the places of the kept empty hits, in order
    for h in hits:
        if h.start == h.end:
            k = bisect.bisect_left(spans, (h.start, h.start)) - 1
            if k >= 0 and spans[k][1] > h.start:
                continue
            bisect.insort(points, h.start)
        else:
            k = bisect.bisect_left(spans, (h.end, h.end)) - 1   # the last kept starting before h.end
            if k >= 0 and spans[k][1] > h.start:
                continue
            p = bisect.bisect_right(points, h.start)
            if p < len(points) and points[p] < h.end:
                continue
            bisect.insort(spans, (h.start, h.end))
        kept.append(h)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept


# The rules in use: read on first use, and again when a user or organisation file has been
# added, changed or removed, so a rule dropped into the folder applies without a restart.
_rules = KnowledgeFolders("proofreading_dir", FOLDER, lambda found: Proofreader(load_rules(found)))
use_settings = _rules.use_settings
folders = _rules.folders


def proofreader() -> Proofreader:
    """The rules in use (read again when the folders' files change; datafiles.FolderReading)."""
    return _rules.get()


def reload() -> Proofreader:
    """Read the rule files again now."""
    _rules.forget()
    return proofreader()


def clear_caches() -> None:
    """Forget the paragraphs' kept hits (for a benchmark of a first check)."""
    reader = _rules.current()
    if reader is not None:
        reader.paragraphs.clear()
    engine.clear_caches()


def proofread_text(text: str, year: int | None = None) -> list[Finding]:
    return proofreader().findings(0, text, year=year)


def proofread(structure, disabled=frozenset()) -> Iterator[Finding]:
    """Findings of every paragraph; the passes of `disabled` codes are not run at all."""
    disabled = frozenset(disabled)
    if PROOF_CODES <= disabled:
        return
    doc = structure.document
    reader = proofreader()
    year = engine.document_year(doc.paragraphs, structure.title_paragraph)
    document = "\n".join(p.text for p in doc.paragraphs)
    names = set(structure.front.lines) | set(structure.back.signature)
    for run in structure.running_paragraphs():
        checkpoint()   # the costliest pass: a proofreading nobody waits for stops here
        if len(run.text) > MAX_PROOFREAD_CHARS:
            if "proof.skipped" not in disabled:
                yield Finding("proof.skipped", f"{quote(run.text[:40], 12)}这一段约 {len(run.text)} 字，"
                              f"超过 {MAX_PROOFREAD_CHARS} 字，没有做校对（错别字、字词重复、规范表述、"
                              "数字和标点）。请把它拆成几段后再检查", paragraph=run.index)
            continue
        if len(run.indices) == 1:
            yield from reader.findings(run.index, run.text, year=year, document=document,
                                       disabled=disabled | NAME_GUESSES if run.index in names else disabled)
            continue
        # A sentence hard returns cut into lines is read whole; each finding goes back to the
        # line it starts in (its fix only when the change stays within that line).
        for hit in reader.hits(run.text, year=year, document=document, disabled=disabled):
            yield relocated(engine.to_finding(hit, run.index, run.text), run, hit.start)


# check() passes its disabled codes to a rule that asks for them, so switched-off passes cost
# nothing (proofreading is the one rule family whose work is worth skipping).
proofread.takes_disabled = True
PROOF_CODES = frozenset(c for c in CODES if c.startswith("proof."))
# The name / post lines under the title and the signature hold people's and units' names, not
# prose: the dictionary's guesses at slips would take a common name for one (「陈静」 →
# 「沉静」, 同音). The other passes (规范表述, numbers, marks) still read them.
NAME_GUESSES = frozenset({"proof.typo", "proof.garbled"})
RULES = (proofread,)
