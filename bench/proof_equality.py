"""`python -m bench.proof_equality`: every proofreading result on a broad fixed input, written out
so that a change to the proofreader's mechanics (its speed) can be shown to change nothing.

    python -m bench.proof_equality --write before.jsonl          # on the code before the change
    python -m bench.proof_equality --compare before.jsonl        # after it: exit 1 on a difference
    python -m bench.proof_equality --sample --write tests/fixtures/proof_equality.jsonl

Each line is one input and every hit the proofreader gives it (span, replacement, code, rule,
message, safe, details and the spelling corrector's gain, to the last bit), or for a whole
material every `proof.*` finding of `proofread()` (paragraph, message, fix edits, safe, label,
details). The inputs (`inputs(sample)`):
- the planted-slip sentences and their clean sentences (the dev part only), the labelled set,
  the public set's dev part (ECSpell's train split less its held-out fifth) — sentences with
  real and planted slips of every kind;
- the clean materials (tests/materials.py, the correspondence fixtures, the materials written
  for bench/data) and the shared corpus's .docx paragraphs (when ../shared is there);
- generated materials (bench/generate.py, every framework), as written and with slips of every
  kind planted into their paragraphs (bench/proof_sets.plant), and some with traditional
  characters in part of their paragraphs (a 繁体 source pasted) — whole materials through
  `proofread()`, so the year, the rest of the material and the kept paragraphs take part.
`sample=True` is a small fixed part of the same (no shared corpus), for the regression test
tests/test_proofreading_equality.py; the full set is for a change to the mechanics. Results are
the same whatever the order and the kept paragraphs: each input is read with empty caches.

A change meant to change results (accuracy work) regenerates the sample with `--sample --write`
and says so in its commit.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "proof_equality.jsonl"
GENERATED_CHARS = 3000


def _sentence_inputs(sample: bool):
    from . import proof_sets
    from .proofreading import SET, read_set

    slips = proof_sets.planted("dev")
    clean = proof_sets.sentences("dev")
    labelled = read_set(SET)
    public = proof_sets.public("dev")
    if sample:
        slips, clean, labelled, public = slips[::4], clean[::4], labelled[::3], public[::12]
    for i, s in enumerate(slips):
        yield f"planted-dev/{i}", s.wrong, None
    for i, text in enumerate(clean):
        yield f"sentences-dev/{i}", text, None
    for i, (_, year, text, _) in enumerate(labelled):
        yield f"labelled/{i}", text, year
    for i, pair in enumerate(public):
        yield f"public-dev/{i}", pair.wrong, None


def _clean_inputs(sample: bool):
    from . import proof_sets

    materials = proof_sets.clean_materials()
    if not sample:
        materials += proof_sets.corpus_materials()
    for name, paragraphs in materials:
        if sample:
            paragraphs = paragraphs[::5]
        for i, text in enumerate(paragraphs):
            yield f"clean:{name}/{i}", text, None
    if not sample:
        # The corpus's paragraphs with a slip of each kind in turn planted into them.
        rng = random.Random(26)
        for name, paragraphs in proof_sets.corpus_materials():
            for i, text in enumerate(paragraphs):
                slip = proof_sets.plant(text, proof_sets.KINDS[i % len(proof_sets.KINDS)], rng)
                if slip is not None:
                    yield f"slips:{name}/{i}", slip.wrong, None


def _materials(sample: bool):
    """(name, paragraphs as (text, style)) of generated materials, clean and with slips."""
    from addin_server.frameworks import list_frameworks

    from . import proof_sets
    from .generate import material

    ids = sorted(f.id for f in list_frameworks() if f.origin == "shipped")
    seeds = range(2) if sample else range(20)
    for framework_id in ids[:2] if sample else ids:
        for seed in seeds:
            paras = material(seed=seed, target_chars=GENERATED_CHARS, framework_id=framework_id)
            yield f"generated/{framework_id}/{seed}", paras
            rng = random.Random(seed)
            planted = []
            for n, (text, style) in enumerate(paras):
                if style is None and n % 2 == 0:
                    slip = proof_sets.plant(text, proof_sets.KINDS[n // 2 % len(proof_sets.KINDS)], rng)
                    text = slip.wrong if slip is not None else text
                planted.append((text, style))
            yield f"generated+slips/{framework_id}/{seed}", planted
            if not sample and seed % 4 == 0:
                # Pasted from a source in traditional characters, word by word in part of its
                # paragraphs: the garbled-word pass then reads those paragraphs and the whole
                # material converted to simplified ones (Cuts.simplified).
                yield f"generated+traditional/{framework_id}/{seed}", [
                    (text.translate(_TRADITIONAL) if n % 3 else text, style)
                    for n, (text, style) in enumerate(planted)]


# Characters of the genre's words written as a 繁体 source writes them (業務, 書記, 長, 場, 會議, 問題).
_TRADITIONAL = str.maketrans(dict(zip("业务书记长场会议问题", "業務書記長場會議問題")))


def _hit_record(h) -> list:
    return [h.start, h.end, h.replacement, h.rule.code, h.rule.name, h.message,
            h.safe, h.details, h.gain.hex()]


def _finding_record(f) -> list:
    fix = None if f.fix is None else [[[e.paragraph, e.start, e.end, e.replacement] for e in f.fix.edits],
                                      f.fix.safe, f.fix.label]
    return [f.code, f.paragraph, f.end_paragraph, f.severity, f.message, fix, f.details]


def records(sample: bool = False):
    """Every input's results, as JSON-able dicts, in a fixed order."""
    from addin_server.checks import analyze
    from addin_server.checks.proof import clear_caches, proofread, proofreader
    from addin_server.frameworks import get_framework
    from addin_server.model import Document

    reader = proofreader()
    for key, text, year in (*_sentence_inputs(sample), *_clean_inputs(sample)):
        clear_caches()
        yield {"input": key, "hits": [_hit_record(h) for h in reader.hits(text, year=year)]}
    for key, paras in _materials(sample):
        doc = Document.from_texts([t for t, _ in paras])
        structure = analyze(doc, get_framework(key.split("/")[1]))
        clear_caches()
        first = [_finding_record(f) for f in proofread(structure)]
        again = [_finding_record(f) for f in proofread(structure)]   # every paragraph kept
        if again != first:
            raise AssertionError(f"{key}: a second reading (kept paragraphs) differs from the first")
        yield {"input": key, "findings": first}


def write(path: Path, sample: bool) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for record in records(sample):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def read(path: Path) -> dict[str, dict]:
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["input"]] = record
    return out


def differences(expected: dict[str, dict], sample: bool, limit: int = 20) -> list[str]:
    """What the proofreader now gives differently from `expected` (empty: identical)."""
    out = []
    seen = set()
    for record in records(sample):
        key = record["input"]
        seen.add(key)
        if key not in expected:
            out.append(f"{key}: not in the expected results")
        elif expected[key] != record:
            out.append(f"{key}: expected {expected[key]} got {record}")
        if len(out) >= limit:
            return out
    out += [f"{key}: expected, not produced" for key in expected if key not in seen][:limit - len(out)]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", action="store_true", help="the small fixed part (the test's)")
    action = ap.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="write the results here")
    action.add_argument("--compare", type=Path, help="compare with results written before")
    args = ap.parse_args(argv)
    start = time.process_time()
    if args.write:
        n = write(args.write, args.sample)
        print(f"{n} inputs written to {args.write} ({time.process_time() - start:.1f} s CPU)")
        return 0
    expected = read(args.compare)
    diff = differences(expected, args.sample)
    for line in diff:
        print(line)
    print(f"{len(expected)} inputs compared: {'IDENTICAL' if not diff else 'DIFFERENT'} "
          f"({time.process_time() - start:.1f} s CPU)")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
