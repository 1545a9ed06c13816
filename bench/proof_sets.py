"""Sets for scoring the proofreader on slips nobody wrote a rule for (issue 26).

- Planted slips (frozen in bench/data/proof_planted_*.tsv by `freeze`): each clean sentence of the genre (bench/data/proof_sentences_dev.txt and the
  held-out proof_sentences_heldout.txt, written for this project) gets one slip of each kind, planted by rule
  with a fixed seed: a same-sounding character (the most common reading, as a pinyin input method
  offers it), a look-alike (words/shapes.tsv), two neighbours transposed, a character missing,
  a character doubled — always inside a word of two or more characters, where writers slip.
- Clean materials: the sentences themselves, the test materials (tests/materials.py), the
  correspondence fixtures' items, the labelled sets' correct sentences, two whole materials
  written after the thresholds were set (bench/data/proof_clean_materials.txt) and the
  real .docx of the shared corpus (../shared/corpus/docx, when present), none of them text the
  proofreader's vocabulary is read from. Every proof.* finding on them counts as a false alarm
  (the corpus has a few real slips, so its figure is an upper bound).
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("sound", "shape", "transposed", "missing", "doubled")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Slip:
    kind: str
    wrong: str        # the sentence with the slip
    right: str        # the sentence as written
    start: int        # the slip's span in `wrong`
    end: int


def sentences(part: str) -> list[str]:
    path = DATA / f"proof_sentences_{part}.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _word_spans(text: str) -> list[tuple[int, int]]:
    from addin_server.checks.proof import lexicon

    return [(s, e) for s, e, w in lexicon.tokens(text) if e - s >= 2 and _CJK.match(w)]


def plant(text: str, kind: str, rng: random.Random) -> Slip | None:
    from addin_server.checks.proof import lexicon

    spans = _word_spans(text)
    rng.shuffle(spans)
    for s, e in spans:
        i = rng.randrange(s, e)
        ch = text[i]
        if kind in ("sound", "shape"):
            options = [c for c, how in lexicon.confusables(ch)
                       if how == kind and c in lexicon.common_chars()]
            if kind == "sound":
                # An input method lists the commoner characters first: a writer picks one of them.
                options = sorted(options, key=lexicon.common_chars().get, reverse=True)[:8]
            if not options:
                continue
            new = rng.choice(options)
            return Slip(kind, text[:i] + new + text[i + 1:], text, i, i + 1)
        if kind == "transposed":
            i = rng.randrange(s, e - 1)
            if text[i] == text[i + 1]:
                continue
            return Slip(kind, text[:i] + text[i + 1] + text[i] + text[i + 2:], text, i, i + 2)
        if kind == "missing":
            return Slip(kind, text[:i] + text[i + 1:], text, i, i)
        if kind == "doubled":
            return Slip(kind, text[:i + 1] + ch + text[i + 1:], text, i + 1, i + 2)
    return None


def plant_all(part: str, seed: int = 26) -> list[Slip]:
    """Plant one slip of each kind into every sentence of `part` (the segmentation decides
    where the words are, so the result moves with the lexicon: see `planted`)."""
    rng = random.Random(seed)
    out = []
    for text in sentences(part):
        for kind in KINDS:
            slip = plant(text, kind, rng)
            if slip is not None:
                out.append(slip)
    return out


def freeze(part: str) -> None:
    """Write `plant_all(part)` to bench/data/proof_planted_<part>.tsv."""
    rows = ["# kind\tstart\tend\tsentence with the slip\tsentence as written (planted by "
            "bench/proof_sets.py, seed 26; frozen so the set does not move with the lexicon)"]
    rows += [f"{s.kind}\t{s.start}\t{s.end}\t{s.wrong}\t{s.right}" for s in plant_all(part)]
    (DATA / f"proof_planted_{part}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def planted(part: str) -> list[Slip]:
    """The planted set of `part` as frozen in bench/data/proof_planted_<part>.tsv."""
    out = []
    for line in (DATA / f"proof_planted_{part}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, start, end, wrong, right = line.split("\t")
            out.append(Slip(kind, wrong, right, int(start), int(end)))
    return out


def clean_materials(dev_only: bool = False) -> list[tuple[str, list[str]]]:
    """(name, paragraphs) of correct text in the genre (`dev_only`: without the held-out
    planted set's sentences)."""
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from tests import materials

    out = [("sentences (dev)", sentences("dev"))] if dev_only else \
        [("sentences (dev + held-out)", sentences("dev") + sentences("heldout"))]
    texts = []
    for name in dir(materials):
        value = getattr(materials, name)
        if isinstance(value, str) and _CJK.search(value):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                if isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], list):
                    texts += [v[0], *v[1]]
        elif isinstance(value, (list, tuple)):
            texts += [v for v in value if isinstance(v, str) and _CJK.search(v)]
    out.append(("tests/materials.py", texts))
    items = []
    for name in ("correspondence_labelled.json", "correspondence_heldout.json"):
        items += _json_texts(json.loads((root / "tests" / "fixtures" / name).read_text("utf-8")))
    out.append(("tests/fixtures correspondence items", items))
    correct = []
    for name in ("proofreading_set.tsv", "proofreading_heldout.tsv"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("none\t"):
                correct.append(line.split("\t")[2])
    out.append(("correct sentences of the labelled sets", correct))
    out += written_materials()
    return out


# Clean materials written after the thresholds were set, each file after those before it.
WRITTEN = ("proof_clean_materials.txt", "proof_clean_written2.txt", "proof_clean_written3.txt")


def written_materials(name: str | None = None) -> list[tuple[str, list[str]]]:
    """The clean materials of bench/data/<name> (every file of WRITTEN when None), each as
    (title, paragraphs)."""
    if name is None:
        return [m for n in WRITTEN for m in written_materials(n)]
    out: list[tuple[str, list[str]]] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            out.append((line[4:], [line[4:]]))
        elif line.strip() and not line.startswith("#") and out:
            out[-1][1].append(line.strip())
    return out


def corpus_materials() -> list[tuple[str, list[str]]]:
    """Real documents of other genres (not 公文 mostly): a harder test of false alarms."""
    return [("shared corpus (.docx, mostly not 公文)", _corpus_paragraphs())]


def _json_texts(value) -> list[str]:
    if isinstance(value, str):
        return [value] if len(_CJK.findall(value)) >= 8 and "about" not in value[:0] else []
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "about" for t in _json_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _json_texts(v)]
    return []
    return out


def _corpus_paragraphs() -> list[str]:
    import os

    import docx

    root = Path(os.environ.get("ADDIN_SERVER_TEST_SHARED",
                               Path(__file__).resolve().parent.parent.parent / "shared"))
    out = []
    for path in sorted((root / "corpus" / "docx").glob("*.docx")):
        try:
            document = docx.Document(str(path))
        except Exception:  # encrypted, broken or hostile files of the corpus: not text to score
            continue
        out += [p.text for p in document.paragraphs if _CJK.search(p.text)]
    return out


# --- Public sets of real slips ------------------------------------------------------------
# ECSpell's official-document domain (bench/data/ecspell_odw_train.tsv, its TRAIN split only,
# MIT): real slips in sentences of real official documents. A fifth of it, chosen by a hash of
# the corrected sentence (stable whatever order the file is in), is held out: not read while the
# proofreader is tuned, scored at the end. The benchmark's test split is never read.
PUBLIC = DATA / "ecspell_odw_train.tsv"


@dataclass(frozen=True)
class Pair:
    wrong: str        # the sentence as written, with its slips (or none)
    right: str        # the sentence corrected


def _held_out(right: str) -> bool:
    import hashlib

    return int(hashlib.sha1(right.encode("utf-8")).hexdigest(), 16) % 5 == 0


def dev_half(right: str) -> int:
    """A second split of the development part (by another hash than the held-out fifth's): a
    confusion set learned from one half scores the other half on text it has not seen."""
    import hashlib

    return int(hashlib.md5(right.encode("utf-8")).hexdigest(), 16) % 2


def learned_confusions(pairs) -> "Counter[tuple[str, str]]":
    """(written, meant) → how often, over the one-character substitutions of Chinese characters
    in sentence pairs of equal length (scripts/build_confusions.py writes the shipped table)."""
    from collections import Counter

    counts: Counter = Counter()
    for pair in pairs:
        for a, b in zip(pair.wrong, pair.right):
            if a != b and "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff":
                counts[a, b] += 1
    return counts


def read_pairs(path: Path) -> list[Pair]:
    """Sentence pairs of a file in ECSpell's / SIGHAN's format: `[count\\t]wrong\\tright` a line;
    a pair whose two sentences differ in length (a character added or lost) is left out, as the
    benchmark's character-level scoring does."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        wrong, right = cells[-2].strip(), cells[-1].strip()
        if len(wrong) == len(right):
            out.append(Pair(wrong, right))
    return out


def public(part: str, path: Path = PUBLIC) -> list[Pair]:
    """`dev` (four fifths) or `heldout` (a fifth) of a public set."""
    pairs = read_pairs(path)
    if part == "all":
        return pairs
    return [p for p in pairs if _held_out(p.right) == (part == "heldout")]
