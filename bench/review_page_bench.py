"""The review page's endpoint under a full season's load: this year's materials and last year's
in one upload to POST /api/review on the real `addin-server serve`, beside `addin-server review DIR
--previous DIR` on the same files in the same run (the baseline).

This year's set has near-duplicates (every NEAR_DUPLICATE_EVERY-th material takes three quarters
of an earlier one) and materials repeating last year's problems (every CARRY_EVERY-th takes two
problem items word for word from its writer's material of last year). Every material has a
byline with its writer's name; a few of last year's have none (every NAMELESS_EVERY-th), so
those writers' materials are compared with all of last year's, the slower path.

The figure is the wall time from the first byte of the upload to the result line, as the page
sees it; peak memory is the summed resident set of the server and its worker processes, sampled
every 50 ms. Files are built in memory with bench.generate.swap_body (python-docx would take
minutes for 2,000 files).
"""
from __future__ import annotations

import http.client
import json
import tempfile
import time
from pathlib import Path

from .generate import material, swap_body
from .review_bench import PeakTreeRss, run_review_command

NEAR_DUPLICATE_EVERY = 25
CARRY_EVERY = 10
NAMELESS_EVERY = 7
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def writer(i: int) -> str:
    return _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)] + (
        "" if i < len(_SURNAMES) * len(_GIVEN) else _GIVEN[i % len(_GIVEN)])


def _problem_items(paras) -> list[int]:
    start = next(i for i, (t, _) in enumerate(paras) if t == "一、存在问题")
    end = next(i for i, (t, _) in enumerate(paras) if t == "二、原因剖析")
    return [i for i in range(start, end) if paras[i][1] is None]


def build_sets(count: int, base: bytes) -> tuple[dict, dict, set, set]:
    """(this year's files, last year's files, planted similar pairs, planted carry-overs)."""
    current, previous, texts = {}, {}, {}
    planted_pairs, planted_carried = set(), set()
    for i in range(count):
        chars = 4000 + (i % 5) * 2000
        old = material(seed=500_000 + i, target_chars=chars)
        byline = (f"区直机关第{i % 40 + 1}支部 {writer(i)}", None)
        old_named = old[:1] + ([] if i % NAMELESS_EVERY == 0 else [byline]) + old[1:]
        previous[f"上年度/材料{i:04d}.docx"] = swap_body(base, old_named)
        paras = material(seed=i, target_chars=chars)
        if i % NEAR_DUPLICATE_EVERY == NEAR_DUPLICATE_EVERY - 1:
            donor = texts[i - NEAR_DUPLICATE_EVERY + 1]
            paras = donor[:len(donor) * 3 // 4] + paras[len(paras) * 3 // 4:]
            planted_pairs.add((f"材料{i - NEAR_DUPLICATE_EVERY + 1:04d}.docx", f"材料{i:04d}.docx"))
        elif i % CARRY_EVERY == 3:
            items = _problem_items(paras)
            old_items = _problem_items(old)
            paras = list(paras)
            paras[items[1]], paras[items[5]] = old[old_items[1]], old[old_items[5]]
            planted_carried.add((f"材料{i:04d}.docx", f"上年度/材料{i:04d}.docx"))
        texts[i] = paras
        current[f"材料{i:04d}.docx"] = swap_body(base, paras[:1] + [byline] + paras[1:])
    return current, previous, planted_pairs, planted_carried


def post_review(port: int, body: bytes, content_type: str) -> tuple[dict, float, float]:
    """(result, seconds to the first progress line, seconds to the result)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/api/review", body, {"Content-Type": content_type, "Host": "localhost"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"POST /api/review: {response.status} {response.read()[:300]!r}")
    first = None
    result = None
    for line in response:
        event = json.loads(line)
        if event["type"] == "progress" and first is None:
            first = time.perf_counter() - started
        elif event["type"] == "result":
            result = event["result"]
        elif event["type"] == "error":
            raise RuntimeError(event["message"])
    elapsed = time.perf_counter() - started
    connection.close()
    return result, first or elapsed, elapsed


def run_cli(current: dict, previous: dict, tmp: Path) -> tuple[dict, float, int]:
    for name, files in (("本年度", current), ("", previous)):
        for path, data in files.items():
            target = tmp / "sets" / (name or "") / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    report = tmp / "report.json"
    elapsed, peak = run_review_command([str(tmp / "sets" / "本年度"), "--previous", str(tmp / "sets" / "上年度"),
                                        "--out", str(report), "--quiet"], tmp)
    return json.loads(report.read_text("utf-8")), elapsed, peak


def _found(result: dict, pairs: set, carried: set) -> tuple[int, int]:
    reported = {tuple(sorted((p["a"], p["b"]))) for p in result["similar"]}
    repeated = {(c["name"], c["previous"].replace("上年度/", "")) for c in result["carried_over"]}
    carried_short = {(a, b.replace("上年度/", "")) for a, b in carried}
    return len(pairs & reported), len(carried_short & repeated)


def run(count: int) -> list:
    from . import load
    from .run import Row, _materials_module, _verdict

    base = _materials_module().build_docx([("样式", "Heading 1"), ("正文", "Title")])
    current, previous, pairs, carried = build_sets(count, base)
    body, content_type = _materials_module().multipart({"files": current, "previous": previous})
    with load.Server() as server:
        sampler = PeakTreeRss(server.pid)
        sampler.start()
        result, first, elapsed = post_review(server.port, body, content_type)
        sampler.done.set()
        sampler.join()
    with tempfile.TemporaryDirectory(prefix="addin-review-page-bench-") as tmp:
        cli_result, cli_elapsed, cli_peak = run_cli(current, previous, Path(tmp))
    target = 60.0 * count / 1000
    similar_found, carried_found = _found(result, pairs, carried)
    cli_similar, cli_carried = _found(cli_result, pairs, carried)
    readable = result["summary"]["readable"] + result["summary"]["previous_files"] - result["summary"]["previous_unreadable"]
    return [
        Row("review page", f"POST /api/review: {count} + {count} last year's ({len(body) / 2**20:.0f} MB upload)",
            f"{elapsed:.1f} s", f"CLI --previous {cli_elapsed:.1f} s", f"{elapsed / cli_elapsed:.2f}× of CLI",
            f"≤ {target:.0f} s", _verdict(elapsed <= target and readable == 2 * count)),
        Row("review page", "first progress line after the upload started", f"{first:.1f} s"),
        Row("review page", "peak memory (server + workers, summed RSS)", f"{sampler.peak / 2**20:.0f} MiB",
            f"CLI {cli_peak / 2**20:.0f} MiB", "", "≤ 1024 MiB", _verdict(sampler.peak <= 2**30)),
        Row("review page", "planted copies / 照搬上年度 found (page; CLI)",
            f"{similar_found}/{len(pairs)}, {carried_found}/{len(carried)}",
            f"CLI {cli_similar}/{len(pairs)}, {cli_carried}/{len(carried)}", "", "all",
            _verdict(similar_found == len(pairs) and carried_found == len(carried))),
    ]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    from .run import format_table

    print(format_table(run(args.count)))
