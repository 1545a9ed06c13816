"""`python -m bench.check_cost [N]`: what one material costs the batch review's worker, stage by
stage (issue 25's scale: 10,000 + 10,000 materials in ≤ 3 minutes on 2 cores leave ~18 ms of
CPU a material for everything), on generated materials and on written ones.

One process, as a review worker: `review.batch.review_file` of N generated materials
(bench.review_scale's, as .docx) after 20 read to warm the dictionaries and caches, then of the
materials written for the tests and bench/data (bench.proof_sets.clean_materials, one .docx
each). Each stage is the real function, timed by a wrapper in this process (CPU clock):
reading the .docx, recognising the framework, each rule of `check()` (the structure rules, the
correspondence of problems and measures, lint, proofreading, the substance checks), the
fingerprint for the comparisons. Proofreading is also given in µs a character, and the first
check of a 3,000-character material (issue 26: ≤ 20 ms CPU) as bench.proofreading measures it,
with the same for a ~3,000-character written material. The machine's load is printed: on a
shared machine the figures are upper bounds, compare ratios taken in one run.
"""
from __future__ import annotations

import argparse
import collections
import functools
import os
import sys
import time

from addin_server import checks
from addin_server.review import batch, fingerprints

from . import proof_sets
from .generate import swap_body
from .review_scale import _this_year
from .run import _materials_module

WARM_UP = 20
clock = time.process_time


class StageClock:
    """CPU seconds spent in each wrapped function, by stage name (nested stages count in both)."""

    def __init__(self):
        self.spent: collections.Counter = collections.Counter()

    def wrap(self, name: str, fn, consume: bool = False):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            started = clock()
            try:
                result = fn(*args, **kwargs)
                return list(result) if consume else result   # a rule is a generator
            finally:
                self.spent[name] += clock() - started
        if getattr(fn, "takes_disabled", False):
            timed.takes_disabled = True
        return timed

    def install(self) -> None:
        checks.STRUCTURE_RULES = tuple(self.wrap("structure", r, True) for r in checks.STRUCTURE_RULES)
        checks.CONTENT_RULES = tuple(
            self.wrap(_stage_of(r), r, True) for r in checks.CONTENT_RULES)
        checks.recognise = self.wrap("recognise the framework", checks.recognise)
        batch.read_docx = self.wrap("read the .docx", batch.read_docx)
        fingerprints.of_this_year = self.wrap("fingerprint", fingerprints.of_this_year)


def _stage_of(rule) -> str:
    module = rule.__module__.rsplit(".", 1)[-1]
    return {"proof": "proofreading", "lint": "lint", "correspondence": "correspondence"}.get(
        module, f"substance: {rule.__name__.removeprefix('check_')}" if module == "substance" else module)


def review_cost(datas: list[bytes], stages: StageClock, proofreading: bool = True) -> tuple[float, dict[str, float]]:
    """(CPU ms a material for review_file, {stage: ms a material})."""
    boilerplate = batch.masking_boilerplate()
    stages.spent.clear()
    started = clock()
    for i, data in enumerate(datas):
        row = batch.review_file(batch.Source(f"m{i}.docx", data=data), None, index=i,
                                boilerplate=boilerplate, proofreading=proofreading)
        if not row.ok:
            raise RuntimeError(f"{row.name}: {row.error_code} {row.error}")   # timed nothing
    total = clock() - started
    n = len(datas)
    return total * 1000 / n, {k: v * 1000 / n for k, v in stages.spent.most_common()}


def main(argv=None) -> int:
    from .proofreading import time_material

    parser = argparse.ArgumentParser(prog="python -m bench.check_cost",
                                     description="一份材料在批量审阅中各环节的 CPU 用时")
    parser.add_argument("count", nargs="?", type=int, default=100, help="生成的材料份数（默认 100）")
    parser.add_argument("--proofreading", choices=("on", "off"), default="on",
                        help="off：如 addin-server review --proofreading off，不做文字校对")
    args = parser.parse_args(argv)
    count, proofreading = args.count, args.proofreading == "on"
    materials = _materials_module()
    base = materials.build_docx(_this_year(0))
    generated = [swap_body(base, _this_year(i)) for i in range(count + WARM_UP)]
    written = [(name, paragraphs) for name, paragraphs in proof_sets.clean_materials()
               if len(paragraphs) >= 5]
    written_docx = [swap_body(base, [(p, None) for p in paragraphs]) for _, paragraphs in written]
    stages = StageClock()
    stages.install()
    review_cost(generated[:WARM_UP], stages, proofreading)
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")
    for label, datas, chars in (
            (f"{count} generated materials", generated[WARM_UP:],
             sum(len(t) for i in range(WARM_UP, count + WARM_UP) for t, _ in _this_year(i))),
            (f"{len(written_docx)} written materials", written_docx,
             sum(len(p) for _, ps in written for p in ps))):
        per_material, by_stage = review_cost(datas, stages, proofreading)
        print(f"{label} (~{chars // len(datas):,} characters each): review_file {per_material:.1f} ms CPU a material")
        for stage, ms in by_stage.items():
            print(f"  {stage:<34}{ms:7.2f} ms")
        print(f"  proofreading {by_stage.get('proofreading', 0) * 1000 * len(datas) / chars:.1f} µs a character")
    if not proofreading:
        print(f"load average {os.getloadavg()[0]:.1f}")
        return 0
    small = time_material(3000)
    print(f"first check, proofreading a generated {small['chars']}-character material: "
          f"{small['cpu'] * 1000:.1f} ms CPU (issue 26: ≤ 20 ms); a material not read before, "
          f"after others: {small['new_material_cpu'] * 1000:.1f} ms")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
