"""Scale of the batch review (issue 25): N generated materials and last year's N, reviewed by the
real `addin-server review --previous` — every check including the substance checks, similarity,
千篇一律 and the last-year comparison — for several N, to see how time and memory grow.

    python -m bench.review_scale 1000 2000 [10000] [--proofreading auto|on|off]

Beside each run, the floor of the same set: unzip + lxml parse of every word/document.xml of both
years, in one process. Peak memory is the summed resident set of the command and its workers
(review_bench.PeakTreeRss). The generated folders live in a temporary directory and are removed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .generate import material, swap_body
from .review_bench import NEAR_DUPLICATE_EVERY, _floor, run_review_command

# One material in this many repeats most of last year's 存在问题 (照搬上年度).
CARRIED_EVERY = 20


def _this_year(i: int):
    return material(seed=i, target_chars=4000 + (i % 5) * 2000)


def build_current(folder: Path, count: int, base: bytes) -> None:
    """This year's set (as review_bench.build_folder): every NEAR_DUPLICATE_EVERY-th material
    copies three quarters of an earlier one. Files are made with generate.swap_body (python-docx
    takes ~0.1 s a file; at 20,000 files that is the whole budget)."""
    texts = {}
    for i in range(count):
        paras = _this_year(i)
        if i % NEAR_DUPLICATE_EVERY == NEAR_DUPLICATE_EVERY - 1:
            donor = texts[i - NEAR_DUPLICATE_EVERY + 1]
            paras = donor[:len(donor) * 3 // 4] + paras[len(paras) * 3 // 4:]
        texts[i] = paras
        (folder / f"材料{i:05d}.docx").write_bytes(swap_body(base, paras))


def build_previous(folder: Path, count: int, base: bytes) -> None:
    """Last year's set: materials of their own, except that every CARRIED_EVERY-th is the start of
    this year's material of the same number (what a writer carries over) with an ending of its own."""
    for i in range(count):
        own = material(seed=10_000_000 + i, target_chars=4000 + (i % 5) * 2000)
        if i % CARRIED_EVERY == 0:
            this_year = _this_year(i)
            own = this_year[:len(this_year) // 2] + own[len(own) // 2:]
        (folder / f"上年度{i:05d}.docx").write_bytes(swap_body(base, own))


def measure(count: int, materials, proofreading: str | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="addin-review-scale-") as tmp:
        current, previous = Path(tmp) / "current", Path(tmp) / "previous"
        current.mkdir()
        previous.mkdir()
        started = time.perf_counter()
        base = materials.build_docx(_this_year(0))
        build_current(current, count, base)
        build_previous(previous, count, base)
        built = time.perf_counter() - started
        floor = _floor(current) + _floor(previous)
        report = Path(tmp) / "report.json"
        load = os.getloadavg()[0]
        cpu: dict = {}
        # The command's own default unless a choice is given (main's command has no option).
        choice = ["--proofreading", proofreading] if proofreading else []
        elapsed, peak = run_review_command([str(current), "--previous", str(previous), "--out", str(report),
                                            "--quiet", *choice], Path(tmp), cpu=cpu)
        result = json.loads(report.read_text("utf-8"))
    carried = {(c["name"], c["previous"]) for c in result["carried_over"]}
    similar = {tuple(sorted((p["a"], p["b"]))) for p in result["similar"]}
    codes: dict[str, int] = {}
    for f in result["files"]:
        for code, n in (f.get("codes") or {}).items():
            codes[code] = codes.get(code, 0) + n
    return {"count": count, "proofreading": proofreading or "default",
            "proofread": "proofreading" not in result, "elapsed_s": round(elapsed, 1), "floor_s": round(floor, 2),
            "cpu_s": round(cpu["all"], 1), "cpu_s_main": round(cpu["main"], 1),
            "cpu_s_main_after_checks": round(cpu["main_after_checks"], 1),
            "two_core_wall_s": round(two_core_wall(cpu), 1), "load_before": round(load, 1),
            "incomplete": result["incomplete"],
            "peak_mib": round(peak / 2**20), "built_s": round(built, 1),
            "readable": result["summary"]["readable"], "similar_pairs": len(result["similar"]),
            "planted_pairs": count // NEAR_DUPLICATE_EVERY,
            "planted_pairs_found": sum((f"材料{i - NEAR_DUPLICATE_EVERY + 1:05d}.docx", f"材料{i:05d}.docx") in similar
                                       for i in range(NEAR_DUPLICATE_EVERY - 1, count, NEAR_DUPLICATE_EVERY)),
            "carried_over": result["summary"].get("carried_over", 0), "planted_carried": -(-count // CARRIED_EVERY),
            "planted_carried_found": sum((f"材料{i:05d}.docx", f"上年度{i:05d}.docx") in carried
                                         for i in range(0, count, CARRIED_EVERY)),
            "substance": {c: n for c, n in sorted(codes.items()) if c.startswith("content.") or c == "review.boilerplate"}}


def two_core_wall(cpu: dict) -> float:
    """The wall time on two otherwise idle cores, derived from CPU seconds (a shared machine's
    clock says mostly how busy it was): while the workers check, they and the command (its
    comparisons made as materials come in) share the two cores; after the last check the command
    goes on alone, on one. The command is one process: while the workers check it can use one
    core at most, so when its own comparisons during the checks exceed half of that phase's
    work, they set its length."""
    after = cpu["main_after_checks"]
    return max((cpu["all"] - after) / 2, cpu["main"] - after) + after


def main(argv=None) -> int:
    from .run import _materials_module

    parser = argparse.ArgumentParser(prog="python -m bench.review_scale",
                                     description="N 份生成材料 + 上年度 N 份的批量审阅：用时、CPU 与内存")
    parser.add_argument("counts", nargs="*", type=int, default=[1000], help="本年度材料份数（默认 1000）")
    parser.add_argument("--proofreading", choices=("auto", "on", "off"),
                        help="传给 addin-server review --proofreading（默认不传：命令自己的默认）")
    args = parser.parse_args(argv)
    materials = _materials_module()
    for count in args.counts:
        print(json.dumps(measure(count, materials, args.proofreading), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
