"""Precision and recall of the substance checks on a labelled set (docs/review.md).

    python scripts/substance_eval.py tests/fixtures/substance_dev.json [--show]

Each check is run on the items of the set as the engine runs it (problem items, cause paragraphs
against the material's problems, measure items) and compared with the hand labels; --show lists
the items each check got wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin_server.checks import substance  # noqa: E402
from addin_server.checks.correspondence import content_words  # noqa: E402


def judgements(labelled: dict):
    """(check code, item text, labelled positive, judged positive) for every item of the set."""
    k = substance.knowledge()
    for m in labelled["materials"]:
        collective = substance.is_collective(m["title"], k)
        words = set().union(*(content_words(p["text"]) for p in m["problems"]))
        said = "\n".join(p["text"] for p in m["problems"])
        for p in m["problems"]:
            text, labels = p["text"], set(p["labels"])
            yield "content.generic", text, "generic" in labels, substance.generic(text, k)
            yield "content.praise_as_problem", text, "praise" in labels, substance.praise(text, k) is not None
            if not collective:
                yield ("content.blames_others", text, "others" in labels,
                       bool(substance.blames_others(text, k)))
        for c in m["causes"]:
            yield ("content.cause_restates", c["text"], c["restates"],
                   substance.cause_restates(c["text"], words, k, said) is not None)
        for s in m["measures"]:
            yield "content.measure_vague", s["text"], s["vague"], substance.vague_measure(s["text"], k)


def scores(labelled: dict) -> dict[str, dict]:
    """Per check: tp, fp, fn, tn, precision, recall, and the items it got wrong."""
    out: dict[str, dict] = {}
    for code, text, truth, judged in judgements(labelled):
        s = out.setdefault(code, {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "wrong": []})
        key = ("tp" if judged else "fn") if truth else ("fp" if judged else "tn")
        s[key] += 1
        if key in ("fp", "fn"):
            s["wrong"].append((key, text))
    for s in out.values():
        s["precision"] = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        s["recall"] = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="+")
    parser.add_argument("--show", action="store_true", help="list the items judged wrongly")
    args = parser.parse_args(argv)
    for path in args.labelled:
        print(path)
        for code, s in scores(json.loads(Path(path).read_text(encoding="utf-8"))).items():
            print(f"  {code:28} P={s['precision']:.2f} R={s['recall']:.2f} "
                  f"(tp {s['tp']} fp {s['fp']} fn {s['fn']} tn {s['tn']})")
            if args.show:
                for kind, text in s["wrong"]:
                    print(f"      {kind}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
