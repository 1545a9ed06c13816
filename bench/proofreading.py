"""`python -m bench.proofreading [--set FILE] [--show] [--dev-only]`: precision and recall of
proof.* per kind on a labelled set, the planted-slip sets and clean materials of
bench/proof_sets.py, and the time to proofread a ~12,000-character material. `--dev-only` leaves
every held-out part out (while rules and thresholds are worked on); `--public half0|half1` scores
a half of the public set's development part with a confusion set learned from the other half.

Planted sets are scored per sentence (detection: a finding overlaps the slip; correction: the
sentence after every fix is the one written) and per span (each finding is right when it
overlaps a slip, corrected when its fix alone restores the sentence), with precision, recall
and F1; clean materials by their false alarms per 10,000 characters and the share of their
sentences with one.

The set (bench/data/proofreading_set.tsv) has one sentence a line: kind, the material's year
(empty: none), the sentence, and the corrected sentence. A sentence of a kind is found when a
finding of that kind's code is raised on it; every other finding is a false alarm. "fix exact"
counts the found slips whose fix turns the sentence into the corrected one.
"""
from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from .timing import per_call

SET = Path(__file__).resolve().parent / "data" / "proofreading_set.tsv"
KIND_CODES = {
    "typo": "proof.typo", "garbled": "proof.garbled", "doubled": "proof.doubled",
    "formulation": "proof.formulation", "year": "proof.outdated_reference",
    "number": "proof.number", "marks": "proof.marks",
}


def read_set(path: Path) -> list[tuple[str, int | None, str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, year, text, expected = line.split("\t")
        if kind != "none" and kind not in KIND_CODES:
            raise SystemExit(f"{path.name}:{n}: unknown kind {kind!r}")
        rows.append((kind, int(year) if year else None, text, expected))
    return rows


def _apply(text: str, finding) -> str:
    for e in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


def score(rows, show: bool = False) -> dict:
    from addin_server.checks.proof import proofread_text

    planted, found, exact, alarms, raised = Counter(), Counter(), Counter(), Counter(), Counter()
    for kind, year, text, expected in rows:
        findings = proofread_text(text, year=year)
        want = KIND_CODES.get(kind)
        hit = [f for f in findings if f.code == want]
        if want:
            planted[kind] += 1
            if hit:
                found[kind] += 1
                if any(f.fix and _apply(text, f) == expected for f in hit) or \
                        (expected == text and not any(f.fix for f in hit)):
                    exact[kind] += 1
            elif show:
                print(f"MISSED {kind}: {text}")
        for f in findings:
            raised[f.code] += 1
            if f.code != want or len(hit) > 1 and f is not hit[0]:
                alarms[f.code] += 1
                if show:
                    print(f"FALSE ALARM {f.code}: {text} → {f.message}")
    return {"planted": planted, "found": found, "exact": exact, "alarms": alarms,
            "raised": raised, "sentences": len(rows),
            "negatives": sum(1 for k, *_ in rows if k == "none")}


def _cpu_per_call(fn, repeat: int = 7, loops: int = 10) -> float:
    """Median CPU seconds of this process per call: on a machine shared with other jobs the
    wall clock counts their time too, the process clock only ours (the "one core" figure)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(loops):
            fn()
        runs.append((time.process_time() - start) / loops)
    return statistics.median(runs)


def time_material(target_chars: int = 12_000) -> dict:
    """Seconds to proofread a generated ~12,000-character material (CPU and wall clock) the
    first time (no paragraph's hits kept from an earlier check, none of the dictionary's
    answers kept: `clear_caches`), again ("cached": every paragraph unchanged, as in the pane's
    re-check), a material not read before after others ("new_material": the dictionary's
    answers kept, as in a review of many), and the baseline: one dictionary segmentation of
    the same paragraphs (rjieba), the least any word check does."""
    from addin_server.checks import analyze
    from addin_server.checks.proof import clear_caches, lexicon, proofread, proofreader
    from addin_server.frameworks import get_framework
    from addin_server.model import Document

    from .generate import material

    doc = Document.from_texts([t for t, _ in material(seed=1, target_chars=target_chars)])
    st = analyze(doc, get_framework())
    proofreader()

    def again():
        list(proofread(st))

    def run():
        clear_caches()
        again()

    def baseline():
        [lexicon.tokens(p.text) for p in doc.paragraphs]

    # A material the process has not read, after others (issue 25's review of thousands in one
    # process): the dictionary's answers kept from the materials before, none of its paragraphs.
    # Generated materials share their phrases, so this is the favourable end of that case.
    others = [analyze(Document.from_texts([t for t, _ in material(
        seed=100 + k, target_chars=target_chars)]), get_framework()) for k in range(16)]
    turn = [0]

    def new_material():
        proofreader().paragraphs.clear()
        list(proofread(others[turn[0] % len(others)]))
        turn[0] += 1

    result = {"chars": doc.char_count, "cpu": _cpu_per_call(run), "wall": per_call(run, repeat=7),
              "cached_cpu": _cpu_per_call(again),
              "base_cpu": _cpu_per_call(baseline), "base_wall": per_call(baseline, repeat=7)}
    clear_caches()
    for st_other in others:
        list(proofread(st_other))
    result["new_material_cpu"] = _cpu_per_call(new_material, repeat=5, loops=len(others))
    return result


def _hits(text: str):
    from addin_server.checks.proof import proofreader

    return proofreader().hits(text)


def _apply_hit(text: str, hit) -> str:
    return text[:hit.start] + (hit.replacement or "") + text[hit.end:]


def _prf(tp: int, predicted: int, actual: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_planted(slips, clean: list[str], show: bool = False) -> dict:
    """Sentence- and span-level detection and correction on slip sentences plus the clean
    sentences they came from (the negatives)."""
    from collections import defaultdict

    sent = Counter()
    span = Counter()
    by_kind = defaultdict(Counter)
    for slip in slips:
        hits = _hits(slip.wrong)
        over = [h for h in hits if h.start <= slip.end and h.end >= slip.start
                and (h.start < slip.end or h.start == slip.start == slip.end or h.end > slip.start)]
        text = slip.wrong
        for h in sorted(hits, key=lambda h: h.start, reverse=True):
            if h.replacement is not None:
                text = _apply_hit(text, h)
        sent["flagged"] += bool(hits)
        sent["detected"] += bool(over)
        sent["corrected"] += text == slip.right
        span["predicted"] += len(hits)
        span["right"] += len(over)
        span["fixed"] += sum(1 for h in over if h.replacement is not None
                             and _apply_hit(slip.wrong, h) == slip.right)
        span["found"] += bool(over)
        span["restored"] += any(h.replacement is not None and _apply_hit(slip.wrong, h) == slip.right
                                for h in over)
        by_kind[slip.kind]["planted"] += 1
        by_kind[slip.kind]["found"] += bool(over)
        by_kind[slip.kind]["corrected"] += text == slip.right
        if show and not over:
            print(f"MISSED {slip.kind}: {slip.wrong} (written: {slip.right})")
        if show:
            for h in hits:
                if h not in over:
                    print(f"FALSE ALARM (slip sentence): {slip.wrong} → {h.message or h.rule.name}")
    for text in clean:
        hits = _hits(text)
        sent["flagged"] += bool(hits)
        span["predicted"] += len(hits)
        if show:
            for h in hits:
                print(f"FALSE ALARM (clean): {text} → {h.message or h.rule.name}")
    n = len(slips)
    det = _prf(sent["detected"], sent["flagged"], n)
    cor = _prf(sent["corrected"], sent["flagged"], n)
    sdet = _prf(span["right"], span["predicted"], n)
    scor = _prf(span["fixed"], span["predicted"], n)
    # Span recall counts slips found (a slip found by two findings counts once).
    sdet = (sdet[0], span["found"] / n, 0.0)
    sdet = (sdet[0], sdet[1], 2 * sdet[0] * sdet[1] / (sdet[0] + sdet[1]) if sum(sdet[:2]) else 0.0)
    scor = (scor[0], span["restored"] / n, 0.0)
    scor = (scor[0], scor[1], 2 * scor[0] * scor[1] / (scor[0] + scor[1]) if sum(scor[:2]) else 0.0)
    return {"slips": n, "clean": len(clean), "sentence_detection": det,
            "sentence_correction": cor, "span_detection": sdet, "span_correction": scor,
            "by_kind": {k: dict(v) for k, v in by_kind.items()}}


def score_public(pairs, show: bool = False) -> dict:
    """Sentence- and character-level detection and correction on pairs of real sentences (as
    written, corrected), the way the spelling-check benchmarks score them. Sentence level: a
    sentence is flagged when any finding is raised on it; detected when the findings' spans
    cover exactly its wrong characters (each finding overlaps one, each wrong character is
    inside one); corrected when every fix applied gives the corrected sentence. Character level:
    each character a finding marks (its fix's changed characters, or its span when it has no
    fix) against the wrong characters. Clean sentences (as written = corrected) are the
    negatives: the share of them with a finding is the false-alarm rate."""
    sent, char = Counter(), Counter()
    slips = clean = 0
    for pair in pairs:
        hits = _hits(pair.wrong)
        gold = {i for i, (a, b) in enumerate(zip(pair.wrong, pair.right)) if a != b}
        marked, fixed = set(), set()
        text = pair.wrong
        for h in sorted(hits, key=lambda h: h.start, reverse=True):
            if h.replacement is not None:
                text = _apply_hit(text, h)
        for h in hits:
            if h.replacement is not None and len(h.replacement) == h.end - h.start:
                changed = {h.start + k for k, (a, b) in enumerate(zip(pair.wrong[h.start:h.end],
                                                                      h.replacement)) if a != b}
                marked |= changed
                fixed |= {i for i in changed if pair.right[i] == h.replacement[i - h.start]}
            else:
                marked |= set(range(h.start, max(h.end, h.start + 1)))
        if gold:
            slips += 1
            sent["flagged_slip"] += bool(hits)
            covered = all(any(h.start <= i < max(h.end, h.start + 1) for h in hits) for i in gold)
            tight = all(any(h.start <= i < max(h.end, h.start + 1) for i in gold) for h in hits)
            sent["detected"] += bool(hits) and covered and tight
            sent["corrected"] += bool(hits) and text == pair.right
            if show and text != pair.right:
                print(f"MISSED: {pair.wrong} → {pair.right}" + (
                    f" (got {text})" if hits else ""))
        else:
            clean += 1
            sent["alarmed"] += bool(hits)
            if show and hits:
                for h in hits:
                    print(f"FALSE ALARM (clean): {pair.wrong[max(0, h.start - 8):h.end + 8]} → "
                          f"{h.message or h.rule.name}")
        sent["flagged"] += bool(hits)
        char["marked"] += len(marked)
        char["gold"] += len(gold)
        char["right"] += len(marked & gold)
        char["fixed"] += len(fixed & gold)
    return {"slips": slips, "clean": clean,
            "sentence_detection": _prf(sent["detected"], sent["flagged"], slips),
            "sentence_correction": _prf(sent["corrected"], sent["flagged"], slips),
            "char_detection": _prf(char["right"], char["marked"], char["gold"]),
            "char_correction": _prf(char["fixed"], char["marked"], char["gold"]),
            "clean_alarmed": sent["alarmed"],
            "clean_share": sent["alarmed"] / clean if clean else 0.0}


def report_public(part: str, path=None, show: bool = False) -> str:
    from . import proof_sets

    pairs = proof_sets.public(part, path or proof_sets.PUBLIC)
    r = score_public(pairs, show)
    name = (path or proof_sets.PUBLIC).name
    cells = [" / ".join(f"{v:.2f}" for v in r[key]) for key in
             ("sentence_detection", "sentence_correction", "char_detection", "char_correction")]
    return (f"| {name}, {part} | {r['slips']} / {r['clean']} | " + " | ".join(cells) +
            f" | {r['clean_alarmed']} ({r['clean_share']:.1%}) |")


@contextlib.contextmanager
def learned_from(pairs):
    """The proofreader uses a confusion set learned from `pairs` instead of the shipped
    words/confusions.tsv inside this block (in this process; the shipped one again after): the
    fair development figure scores text the set was not learned from."""
    from addin_server.checks.proof import clear_caches, engine, lexicon

    from . import proof_sets

    def forget():
        for cached in (lexicon.confusables, lexicon.confusion_map, engine._one_change_words,
                       engine._paired_readings):
            cached.cache_clear()
        clear_caches()

    confusions: dict[str, dict[str, int]] = {}
    for (a, b), n in proof_sets.learned_confusions(pairs).items():
        confusions.setdefault(a, {})[b] = n
    data = lexicon.compiled()
    shipped = data["confusions"], data["learned_words"], data["paired_words"]
    data["confusions"] = confusions
    data["learned_words"] = frozenset(lexicon._read_learned_words(data["freq"], confusions))
    data["paired_words"] = frozenset(lexicon._read_paired_words(data["freq"], confusions))
    data.pop("paired_word_set", None)   # made again from the table in use
    forget()
    try:
        yield
    finally:
        data["confusions"], data["learned_words"], data["paired_words"] = shipped
        data.pop("paired_word_set", None)
        forget()


def score_twofold(half: int, show: bool = False) -> dict:
    """The development part's half `half` scored with a confusion set learned from the other
    half only: text the learned table has not seen (the held-out fifth stays unread)."""
    from . import proof_sets

    pairs = proof_sets.public("dev")
    with learned_from([p for p in pairs if proof_sets.dev_half(p.right) != half]):
        return score_public([p for p in pairs if proof_sets.dev_half(p.right) == half], show)


def report_twofold(half: int, show: bool = False) -> str:
    r = score_twofold(half, show)
    cells = [" / ".join(f"{v:.2f}" for v in r[key]) for key in
             ("sentence_detection", "sentence_correction", "char_detection", "char_correction")]
    return (f"| dev half {half}, learned from the other half | {r['slips']} / {r['clean']} | "
            + " | ".join(cells) + f" | {r['clean_alarmed']} ({r['clean_share']:.1%}) |")


PUBLIC_HEADER = ("| public set | slips / clean | sentence detection P / R / F1 | sentence correction "
                 "P / R / F1 | character detection P / R / F1 | character correction P / R / F1 "
                 "| clean sentences with a finding |\n|---|---|---|---|---|---|---|")


_SENTENCE_END = re.compile(r"(?<=[。！？；])")


def score_clean(materials, show: bool = False) -> dict:
    chars = alarms = sentences = alarmed = spelling = 0
    for name, paragraphs in materials:
        for paragraph in paragraphs:
            hits = _hits(paragraph)
            chars += len(paragraph)
            alarms += len(hits)
            spelling += sum(h.rule.extends == "spelling" for h in hits)
            for piece in filter(str.strip, _SENTENCE_END.split(paragraph)):
                sentences += 1
                alarmed += any(h.start >= 0 for h in _hits(piece))
            if show:
                for h in hits:
                    print(f"FALSE ALARM ({name}): {paragraph[max(0, h.start - 10):h.end + 10]} "
                          f"→ {h.message or h.rule.name}")
    return {"chars": chars, "alarms": alarms, "spelling": spelling, "per_10k": alarms / chars * 10000 if chars else 0.0,
            "sentences": sentences, "alarmed": alarmed,
            "sentence_share": alarmed / sentences if sentences else 0.0}


def report_sets(show: bool = False, dev_only: bool = False) -> str:
    """The planted sets and the clean materials as a Markdown table (for docs/proofreading.md);
    `dev_only` leaves out every held-out part (the planted held-out half and its sentences)."""
    from . import proof_sets

    lines = ["| set | slips / clean | sentence detection P / R / F1 | sentence correction P / R / F1 "
             "| span detection P / R / F1 | span correction P / R / F1 |", "|---|---|---|---|---|---|"]
    kinds = []
    for part in ("dev",) if dev_only else ("dev", "heldout"):
        r = score_planted(proof_sets.planted(part), proof_sets.sentences(part), show)
        cells = [" / ".join(f"{v:.2f}" for v in r[key]) for key in
                 ("sentence_detection", "sentence_correction", "span_detection", "span_correction")]
        lines.append(f"| planted, {part} | {r['slips']} / {r['clean']} | " + " | ".join(cells) + " |")
        kinds.append((part, r["by_kind"]))
    lines += ["", PUBLIC_HEADER, report_public("dev", show=show)]
    lines += ["", "| set | " + " | ".join(proof_sets.KINDS) + " |",
              "|---|" + "---|" * len(proof_sets.KINDS)]
    for part, by_kind in kinds:
        lines.append(f"| recall, {part} (found / corrected of planted) | " + " | ".join(
            f"{by_kind[k]['found']} / {by_kind[k]['corrected']} of {by_kind[k]['planted']}"
            for k in proof_sets.KINDS) + " |")
    for label, materials in (("Clean materials of the genre", proof_sets.clean_materials(dev_only)),
                             ("of which written last, never used to set a threshold "
                              f"({proof_sets.WRITTEN[-1]})",
                              proof_sets.written_materials(proof_sets.WRITTEN[-1])),
                             ("Real documents of other genres", proof_sets.corpus_materials())):
        c = score_clean(materials, show)
        lines += ["", f"{label}: {c['chars']} characters, {c['alarms']} proof.* findings "
                      f"({c['per_10k']:.2f} per 10,000 characters; {c['spelling']} of them from "
                      f"the same-sound / look-alike corrector); {c['alarmed']} of "
                      f"{c['sentences']} sentences with a finding ({c['sentence_share']:.1%})."]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=SET)
    ap.add_argument("--show", action="store_true", help="list misses and false alarms")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--dev-only", action="store_true",
                    help="leave out every held-out part (while rules and thresholds are worked on)")
    ap.add_argument("--sets-only", action="store_true",
                    help="only the planted sets and the clean materials")
    ap.add_argument("--public", nargs="?", const="dev",
                    choices=("dev", "heldout", "all", "half0", "half1"),
                    help="only a public set of real slips (default its dev part; `heldout` is "
                         "scored once, at the end of a piece of work; `half0`/`half1`: a half "
                         "of the dev part scored with a confusion set learned from the other)")
    ap.add_argument("--public-file", type=Path,
                    help="another file of real slips in ECSpell's / SIGHAN's format "
                         "(e.g. SIGHAN's train split): scored whole with --public all")
    args = ap.parse_args(argv)
    if args.public:
        print(PUBLIC_HEADER)
        if args.public.startswith("half"):
            print(report_twofold(int(args.public[-1]), args.show))
        else:
            print(report_public(args.public, args.public_file, args.show))
        return 0
    print(report_sets(args.show, args.dev_only))
    print()
    if args.sets_only:
        return 0
    rows = read_set(args.set)
    r = score(rows, args.show)
    print(f"labelled set: {r['sentences']} sentences ({r['sentences'] - r['negatives']} with a "
          f"planted slip, {r['negatives']} correct)")
    print(f"{'kind':<12}{'planted':>8}{'found':>7}{'recall':>8}{'fix exact':>10}"
          f"{'alarms':>8}{'precision':>10}")
    total_tp = total_fp = 0
    for kind, code in KIND_CODES.items():
        tp, fp = r["found"][kind], r["alarms"][code]
        total_tp, total_fp = total_tp + tp, total_fp + fp
        n = r["planted"][kind]
        prec = tp / (tp + fp) if tp + fp else 1.0
        print(f"{kind:<12}{n:>8}{tp:>7}{tp / n if n else 0:>8.2f}{r['exact'][kind]:>10}"
              f"{fp:>8}{prec:>10.2f}")
    overall = total_tp / (total_tp + total_fp) if total_tp + total_fp else 1.0
    print(f"overall precision {overall:.2f} ({total_tp} right findings, {total_fp} false alarms)")
    if not args.no_timing:
        t = time_material()
        print(f"proofread {t['chars']} chars: {t['cpu'] * 1000:.1f} ms CPU, "
              f"{t['wall'] * 1000:.1f} ms wall clock; baseline "
              f"segmentation {t['base_cpu'] * 1000:.1f} ms CPU, {t['base_wall'] * 1000:.1f} ms wall; "
              f"{t['cpu'] / t['base_cpu']:.1f}× of it; again, every paragraph unchanged "
              f"{t['cached_cpu'] * 1000:.2f} ms CPU")
        small = time_material(3000)
        print(f"proofread {small['chars']} chars: {small['cpu'] * 1000:.1f} ms CPU "
              f"(issue 26's target: a 3,000-character material ≤ 20 ms CPU); a material not "
              f"read before in a process that has read others {small['new_material_cpu'] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
