"""The comparison stages' shortcuts give what their definitions give (issue 25's scale work):
shared_runs seeds only windows whose hash both texts hold; last year's materials keep only
their 存在问题."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from addin_server.review import similarity
from addin_server.review.similarity import MAX_SEED_OCCURRENCES, shared_runs


def runs_from_every_window(a: str, b: str, min_run: int) -> list[tuple[int, int, int]]:
    """shared_runs's definition, every window of `a` a seed (the code before the hash filter)."""
    if len(a) < min_run or len(b) < min_run:
        return []
    seeds: dict[str, list[int]] = {}
    for i in range(len(a) - min_run + 1):
        seeds.setdefault(a[i:i + min_run], []).append(i)
    runs = []
    for j in range(len(b) - min_run + 1):
        positions = seeds.get(b[j:j + min_run])
        if not positions or len(positions) > MAX_SEED_OCCURRENCES:
            continue
        for i in positions:
            if i and j and a[i - 1] == b[j - 1]:
                continue
            size = min_run
            while i + size < len(a) and j + size < len(b) and a[i + size] == b[j + size]:
                size += 1
            runs.append((size, i, j))
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    chosen: list[tuple[int, int, int]] = []
    for size, i, j in runs:
        if all((i + size <= ci and j + size <= cj) or (i >= ci + cs and j >= cj + cs) for cs, ci, cj in chosen):
            chosen.append((size, i, j))
    return chosen


# Few letters, so texts share many runs, repeat windows and cross the seed-occurrence limit.
_TEXT = st.text(alphabet="学习查摆问题的", min_size=0, max_size=400)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT, st.integers(min_value=1, max_value=12), st.data())
def test_shared_runs_from_common_hashes_are_the_runs_from_every_window(a, b, min_run, data):
    # A shared middle makes long runs likely, not only chance ones.
    middle = data.draw(st.text(alphabet="学习查摆问题的整改", max_size=120))
    a, b = a + middle + a[:7], b[:9] + middle + b
    assert shared_runs(a, b, min_run) == runs_from_every_window(a, b, min_run)


def test_shared_runs_with_the_callers_window_hashes():
    a = "本人在理论学习方面存在的问题是学习不够系统深入满足于了解大概" * 3 + "今年以来调研次数偏少"
    b = "对照检查发现" + a[10:70] + "另外还有一些情况需要说明" + a[:40]
    expected = runs_from_every_window(a, b, similarity.MIN_RUN_CHARS)
    assert expected
    assert shared_runs(a, b, windows_a=similarity.window_hashes(a), windows_b=similarity.window_hashes(b)) == expected


def test_signatures_are_datasketchs_minhash():
    """A review's workers make MinHash signatures without importing datasketch (its scipy costs a
    worker ~46 MB); they are the values datasketch's own MinHash gives."""
    from datasketch import MinHash

    for text in ("", "学习" * 20, "本人在理论学习方面存在的问题是学习不够系统深入满足于了解大概" * 300,
                 "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(9000))):
        prepared = similarity.normalise(text)
        made = similarity.signature(prepared)
        if len(prepared) < similarity.MIN_RUN_CHARS:
            assert made is None
            continue
        expected = MinHash(num_perm=similarity.NUM_PERM, seed=9704, hashfunc=int)
        expected.update_batch(np.unique(similarity.window_hashes(prepared, similarity.SHINGLE_CHARS)).tolist())
        assert made.dtype == expected.hashvalues.dtype and (made == expected.hashvalues).all()


def test_candidates_are_datasketchs_lsh_candidates():
    """The review's LSH (numpy, band by band) gives the pairs datasketch's MinHashLSH with the
    same bands gives, less those the signature estimate drops — on materials that share
    passages, set phrases and nothing, and with buckets of many members."""
    from datasketch import LeanMinHash, MinHashLSH
    from bench.generate import material

    texts = {f"m{i:02d}": "\n".join(t for t, _ in material(seed=i, target_chars=3000)) for i in range(40)}
    for n in range(8):      # copies of a half, and identical materials (one bucket of many)
        texts[f"c{n}"] = texts[f"m{n:02d}"][:1500] + texts[f"m{n + 10:02d}"][1500:]
        texts[f"same{n}"] = texts["m39"]
    signatures = {k: similarity.signature(similarity.normalise(t)) for k, t in texts.items()}
    lsh = MinHashLSH(num_perm=similarity.NUM_PERM, params=(similarity.LSH_BANDS, similarity.LSH_ROWS))
    lean = {k: LeanMinHash(seed=9704, hashvalues=s, scheme="affine32") for k, s in signatures.items()}
    for key, m in lean.items():
        lsh.insert(key, m)
    expected = set()
    needed = int(np.ceil(similarity.MIN_ESTIMATED_JACCARD * similarity.NUM_PERM))
    for key, m in lean.items():
        for other in lsh.query(m):
            if other > key and np.count_nonzero(signatures[key] == signatures[other]) >= needed:
                expected.add((key, other))
    assert len(expected) > 8 * 7 // 2
    assert similarity.candidate_pairs_of(list(signatures), list(signatures.values())) == expected


def _bucketed_signatures() -> dict[str, np.ndarray]:
    """Signatures of materials sharing passages, set phrases and nothing, and of identical ones
    (a bucket of many members in every band)."""
    from bench.generate import material

    texts = {f"m{i:02d}": "\n".join(t for t, _ in material(seed=i, target_chars=3000)) for i in range(40)}
    for n in range(8):
        texts[f"c{n}"] = texts[f"m{n:02d}"][:1500] + texts[f"m{n + 10:02d}"][1500:]
        texts[f"same{n}"] = texts["m39"]
    return {k: similarity.signature(similarity.normalise(t)) for k, t in texts.items()}


_SIGNATURES = _bucketed_signatures()


@settings(max_examples=40, deadline=None)
@given(st.permutations(sorted(_SIGNATURES)))
def test_candidates_found_as_signatures_come_are_the_whole_sets_in_any_order(order):
    """The review files each signature as its material is checked (CandidateIndex) and compares
    the pairs it answers with at once: over all the arrivals, in any order, exactly the pairs
    candidate_pairs_of finds over the whole set, each once."""
    index = similarity.CandidateIndex()
    found = []
    for key in order:
        found += [tuple(sorted((key, other))) for other in index.add(key, _SIGNATURES[key])]
    assert len(found) == len(set(found))
    expected = similarity.candidate_pairs_of(list(_SIGNATURES), list(_SIGNATURES.values()))
    assert len(expected) > 8 * 7 // 2
    assert set(found) == expected


def _without_run_details(result) -> dict:
    report = result.to_dict()
    report.pop("elapsed_s")
    return report


def test_the_command_lines_review_and_the_pages_give_the_same_report(tmp_path):
    """The scale path (the command: files read by worker processes, last year's kept as their
    存在问题 only, every comparison made) and the page's (uploaded bytes, checked in this process,
    comparisons under their time budget) report the same on a small set holding copies,
    carried-over problems and 千篇一律 — and the carry-over is what last year's whole texts give."""
    import materials as M
    from bench.review_scale import build_current, build_previous, _this_year
    from addin_server.review.batch import Source, review_folder, review_sources
    from addin_server.review.carryover import ProblemsText, find_carried_over

    current, previous = tmp_path / "本年度", tmp_path / "上年度"
    current.mkdir()
    previous.mkdir()
    base = M.build_docx(_this_year(0))
    build_current(current, 30, base)
    build_previous(previous, 30, base)
    command = review_folder(current, jobs=2, progress=False, previous=previous)
    page = review_sources([Source(p.name, data=p.read_bytes()) for p in sorted(current.iterdir())],
                          [Source(p.name, data=p.read_bytes()) for p in sorted(previous.iterdir())], jobs=1,
                          folder=str(current))
    assert command.similar and command.carried_over and not command.incomplete
    assert any(f.codes.get("review.boilerplate") for f in command.files)
    assert _without_run_details(command) == _without_run_details(page)
    # The command keeps findings and carry-overs packed and writes the JSON report row by row
    # as it reads them: the same report as the rows made all at once.
    import json
    from addin_server.review.exports import write_report
    from addin_server.review.packed import PackedItems, PackedRows

    assert isinstance(command.carried_over, PackedItems)
    assert all(isinstance(f.findings, PackedRows) for f in command.files if f.ok)
    write_report(command, tmp_path / "report.json")
    assert json.loads((tmp_path / "report.json").read_text("utf-8")) == json.loads(json.dumps(command.to_dict()))

    # Last year's whole texts, read again, carry over exactly what their 存在问题 alone did — and
    # this year's whole texts, compared without fingerprints, what the workers' fingerprints gave.
    from addin_server.readers import read_docx
    from addin_server.review.batch import masking_boilerplate

    def problems_text(folder, row):
        texts = [p.text for p in read_docx((folder / row.name).read_bytes()).paragraphs]
        first, last = row.problems if row.problems else (0, len(texts) - 1)
        return ProblemsText(row.name, "\n".join(texts[first:last + 1]), first, row.author)

    whole = [problems_text(previous, row) for row in command.previous_files if row.ok]
    this_year = [problems_text(current, row) for row in command.files if row.ok]
    from_whole = find_carried_over(this_year, whole, masking_boilerplate())
    assert [c.to_dict() for c in from_whole] == [c.to_dict() for c in command.carried_over]

    import numpy as np
    from addin_server.review.shared_sentences import find_shared, not_copying
    from addin_server.review.similarity import boilerplate_hashes, find_similar

    texts = {row.name: "\n".join(p.text for p in read_docx((current / row.name).read_bytes()).paragraphs)
             for row in command.files if row.ok}
    # Pairs are compared with what most of the set says alike masked as well (not_copying).
    everyones = not_copying(find_shared(texts), len(texts))
    masked = masking_boilerplate()
    if everyones:
        masked = np.union1d(masked, boilerplate_hashes(everyones))
    assert [p.to_dict() for p in find_similar(texts, masked)] == [p.to_dict() for p in command.similar]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="学习，。\n 、ab1_（）", max_size=200))
def test_original_maps_normalised_positions_and_paragraphs_as_defined(text):
    """Original's position map (numpy, run by run) is, character by character, where each kept
    character stands; a paragraph starts at the first kept character after each line break."""
    import re
    from bisect import bisect_left

    from addin_server.review.similarity import Original, _KEPT

    kept = [i for i, ch in enumerate(text) if _KEPT.match(ch)]
    original = Original(text)
    assert original.positions().tolist() == kept
    assert original.paragraph_starts() == sorted({bisect_left(kept, m.start()) for m in re.finditer("\n", text)})


def test_packed_findings_read_and_grow_as_the_list_they_stand_for():
    """A row's findings kept packed read as the list, and batch-level findings added to them
    land where they would in the list (sorted by paragraph, stably)."""
    from addin_server.checks.report import Finding
    from addin_server.review.batch import FileResult
    from addin_server.review.packed import PackedItems, PackedRows

    def row():
        r = FileResult("a.docx", True)
        r.add_findings([Finding("proof.typo", "错别字", paragraph=3), Finding("proof.typo", "又一处", paragraph=None),
                        Finding("content.generic", "大而空", paragraph=3)])
        return r

    plain, packed = row(), row()
    packed.pack()
    assert isinstance(packed.findings, PackedRows) and len(packed.findings) == 3
    assert list(packed.findings) == plain.findings and packed.to_dict() == plain.to_dict()
    more = [Finding("review.carried_over", "照搬", paragraph=3), Finding("review.similar", "雷同", paragraph=0)]
    plain.add_findings(more)
    packed.add_findings(more)
    assert isinstance(packed.findings, PackedRows)
    assert packed.to_dict() == plain.to_dict()
    assert [f["code"] for f in packed.findings] == ["proof.typo", "review.similar", "proof.typo",
                                                   "content.generic", "review.carried_over"]
    items = PackedItems([{"n": 1}, ("x", 2.5), None])
    assert len(items) == 3 and list(items) == [{"n": 1}, ("x", 2.5), None] and items[1] == ("x", 2.5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=300), st.lists(st.integers(min_value=0, max_value=40), max_size=60))
def test_distinct_sorted_and_in_sorted_are_numpys_unique_and_isin(values, others):
    """The comparisons' faster set operations give exactly np.unique's and np.isin's answers."""
    values, others = np.array(values, dtype=np.uint32), np.array(others, dtype=np.uint32)
    assert np.array_equal(similarity.distinct_sorted(values), np.unique(values))
    assert similarity.distinct_sorted(values).dtype == np.uint32
    sorted_distinct = np.unique(others)
    assert np.array_equal(similarity.in_sorted(values, sorted_distinct), np.isin(values, sorted_distinct))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=60), max_size=80), min_size=1, max_size=12),
       st.lists(st.integers(min_value=0, max_value=60), max_size=80), st.booleans())
def test_last_years_candidates_are_counted_as_defined(previous, query, spread):
    """照搬上年度's candidate search (a binary search in each window's bucket, common windows
    dropped from the index) picks the materials its definition picks: the most uncommon windows
    shared, the lower number first. The hashes all in one bucket, or (`spread`) over many, some
    side by side across a bucket's edge."""
    from addin_server.review.carryover import MAX_CANDIDATES, PreviousIndex

    def hashes(values):
        values = np.array(values, dtype=np.uint64)
        if spread:   # odd values just below a bucket's edge, even ones far apart
            values = np.where(values % 2 == 1, ((values + 1) << np.uint64(15)) - np.uint64(1),
                              values * np.uint64(0x9E3779B1) % np.uint64(1 << 32))
        return np.unique(values.astype(np.uint32))

    distinct = [hashes(p) for p in previous]
    index = PreviousIndex([f"p{n}" for n in range(len(previous))], [None] * len(previous), distinct, None, None)
    windows = hashes(query)
    shared: dict[int, int] = {}
    for w in windows[~np.isin(windows, index.common)].tolist():
        for n, d in enumerate(distinct):
            if w in d:
                shared[n] = shared.get(n, 0) + 1
    expected = sorted(sorted(shared, key=lambda o: (-shared[o], o))[:MAX_CANDIDATES])
    assert index.candidates(windows) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="学习查摆问题的整改落实", max_size=600), st.text(alphabet="学习查摆问题的整改落实", max_size=600),
       st.data())
def test_the_window_filters_bound_is_never_below_the_runs_found(a, b, data):
    """filtered_upper_bound (one side's windows against the other's one-bit-a-window filter, full
    of false positives on so few letters) is at least what shared_runs finds — the total and the
    longest run — so the pairs it stops are pairs verify() would not report."""
    middle = data.draw(st.text(alphabet="学习查摆问题的整改落实", min_size=0, max_size=300))
    a, b = a + middle + a[:40], b[:50] + middle + b
    runs = shared_runs(a, b)
    for near, far in ((a, b), (b, a)):
        total, longest = similarity.filtered_upper_bound(similarity.window_hashes(near, similarity.FILTER_CHARS),
                                                         similarity.window_filter(far))
        assert total >= sum(size for size, _, _ in runs)
        assert longest >= max((size for size, _, _ in runs), default=0)
        if similarity.verify("a", a, "b", b) is not None:
            assert similarity.could_be_reported(total, longest, min(len(a), len(b)))


def test_the_window_filter_stops_pairs_sharing_only_short_phrases():
    """The bound is sharp enough to matter: two texts sharing only phrases shorter than a run
    are stopped, one sharing a long run is not."""
    import random

    rng = random.Random(7)
    letters = [chr(0x4E00 + i) for i in range(3000)]
    phrase = "".join(rng.choice(letters) for _ in range(20))
    a = "".join("".join(rng.choice(letters) for _ in range(80)) + phrase for _ in range(60))
    b = "".join("".join(rng.choice(letters) for _ in range(80)) + phrase for _ in range(60))
    windows_a = similarity.window_hashes(a, similarity.FILTER_CHARS)
    assert similarity.filtered_upper_bound(windows_a, similarity.window_filter(b)) == (0, 0)
    copied = b[:1000] + a[2000:3500] + b[1000:]
    total, longest = similarity.filtered_upper_bound(windows_a, similarity.window_filter(copied))
    assert 1500 <= longest and total < 1700
