"""Build addin_server/checks/proof/words/confusions.tsv: the characters writers of official
documents put for others (wrong → right, with how often), learned — as Chinese spelling-check
systems learn their confusion sets — from a training split of real slips: the development part
of ECSpell's official-document TRAIN split (bench/data/ecspell_odw_train.tsv, MIT), never its
held-out fifth (bench.proof_sets) and never the benchmark's test split, which this project does
not read.

    python scripts/build_confusions.py            # writes the shipped table
    python scripts/build_confusions.py --half 0 --out /tmp/confusions.tsv
        # learned from one half of the development part only (the other half, `--half 1`'s,
        # is then text the table has not seen: how the costs in spelling.toml were chosen)

Only pairs of two Chinese characters in sentences of equal length (a substitution) are counted.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import proof_sets  # noqa: E402

OUT = ROOT / "addin_server" / "checks" / "proof" / "words" / "confusions.tsv"


half = proof_sets.dev_half
learn = proof_sets.learned_confusions


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", type=int, choices=(0, 1),
                    help="learn from this half of the development part only")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    pairs = proof_sets.public("dev")
    if args.half is not None:
        pairs = [p for p in pairs if half(p.right) == args.half]
    counts = learn(pairs)
    lines = [
        "# Characters written for others in real official documents (错别字 confusion set):",
        "# written, meant, how often. Learned by scripts/build_confusions.py from the development",
        "# part (four fifths, bench.proof_sets) of ECSpell's official-document TRAIN split —",
        "# github.com/aopolin-lv/ECSpell, Data/domains_data/odw.train; Lv et al., TALLIP 22(5),",
        "# 2023; licence MIT (Copyright (c) 2022 Aopolin-Lv), text in bench/data/LICENSE-ECSpell.",
        "# Its held-out fifth and the benchmark's test split were not read.",
        f"# sentences: {len(pairs)}" + (f" (half {args.half} of the development part)"
                                         if args.half is not None else ""),
    ]
    for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{a}\t{b}\t{n}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(counts)} pairs, {sum(counts.values())} slips", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
