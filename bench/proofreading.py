"""`python -m bench.proofreading [--set FILE] [--show]`: precision and recall of proof.* per kind
on a labelled set, and the time to proofread a ~12,000-character material.

The set (bench/data/proofreading_set.tsv) has one sentence a line: kind, the material's year
(empty: none), the sentence, and the corrected sentence. A sentence of a kind is found when a
finding of that kind's code is raised on it; every other finding is a false alarm. "fix exact"
counts the found slips whose fix turns the sentence into the corrected one.
"""
from __future__ import annotations

import argparse
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


def time_material() -> dict:
    """Seconds to proofread a generated ~12,000-character material (CPU and wall clock) the
    first time (no paragraph's hits kept from an earlier check) and again ("cached": every
    paragraph unchanged, as in the pane's re-check), and the baseline: one dictionary
    segmentation of the same paragraphs (rjieba), the least any word check does."""
    from addin_server.checks import analyze
    from addin_server.checks.proof import clear_caches, lexicon, proofread, proofreader
    from addin_server.frameworks import get_framework
    from addin_server.model import Document

    from .generate import material

    doc = Document.from_texts([t for t, _ in material(seed=1)])
    st = analyze(doc, get_framework())
    proofreader()

    def again():
        list(proofread(st))

    def run():
        clear_caches()
        again()

    def baseline():
        [lexicon.tokens(p.text) for p in doc.paragraphs]

    return {"chars": doc.char_count, "cpu": _cpu_per_call(run), "wall": per_call(run, repeat=7),
            "cached_cpu": _cpu_per_call(again),
            "base_cpu": _cpu_per_call(baseline), "base_wall": per_call(baseline, repeat=7)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=SET)
    ap.add_argument("--show", action="store_true", help="list misses and false alarms")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)
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
              f"{t['wall'] * 1000:.1f} ms wall clock (target ≤ 20 ms on one core); baseline "
              f"segmentation {t['base_cpu'] * 1000:.1f} ms CPU, {t['base_wall'] * 1000:.1f} ms wall; "
              f"{t['cpu'] / t['base_cpu']:.1f}× of it; again, every paragraph unchanged "
              f"{t['cached_cpu'] * 1000:.2f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
