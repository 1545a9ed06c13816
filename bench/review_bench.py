"""Batch review of a folder of generated materials with `addin-server review` (the real command).

The folder holds distinct materials plus near-duplicates (a problems part copied from another
material, as reviewers meet in practice), so the similarity pass has real work to do. The figure is
the command's wall time; the baseline is the floor of the same folder read in one process (unzip +
lxml parse of every word/document.xml). Peak memory is the sum of the resident sets of the command
and its worker processes, sampled while it runs.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from .generate import material
from .load import rss_bytes

REPO = Path(__file__).resolve().parents[1]
NEAR_DUPLICATE_EVERY = 25


def build_folder(folder: Path, count: int, materials) -> None:
    texts = {}
    for i in range(count):
        paras = material(seed=i, target_chars=4000 + (i % 5) * 2000)
        if i % NEAR_DUPLICATE_EVERY == NEAR_DUPLICATE_EVERY - 1:
            # Most of an earlier material copied, with an ending of its own. (Smaller copies, around
            # 40% of the text, sit near the LSH threshold and are found only sometimes; see
            # docs/performance.md.)
            donor = texts[i - NEAR_DUPLICATE_EVERY + 1]
            paras = donor[:len(donor) * 3 // 4] + paras[len(paras) * 3 // 4:]
        texts[i] = paras
        (folder / f"材料{i:04d}.docx").write_bytes(materials.build_docx(paras))


def _tree_pids(root: int) -> list[int]:
    pids = [root]
    i = 0
    while i < len(pids):
        try:
            for task in Path(f"/proc/{pids[i]}/task").iterdir():
                children = (task / "children").read_text().split()
                pids.extend(int(c) for c in children)
        except OSError:
            pass
        i += 1
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PeakTreeRss(threading.Thread):
    """Samples the summed RSS of a process and its descendants every 50 ms, and the CPU time
    each has used (its last sample): on a shared machine, CPU seconds say what the work costs
    when wall time says mostly how busy the machine was."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.cpu: dict[int, float] = {}
        # The command's own CPU when a descendant (a worker) last used any: what the command
        # does after the checks is main_cpu - main_cpu_at_last_work.
        self.main_cpu_at_last_work = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _tree_pids(self.pid)
            self.peak = max(self.peak, sum(rss_bytes(p) for p in pids))
            for p in pids:
                used = cpu_seconds(p)
                if p != self.pid and used > self.cpu.get(p, 0.0):
                    self.main_cpu_at_last_work = self.cpu.get(self.pid, 0.0)
                self.cpu[p] = max(self.cpu.get(p, 0.0), used)
            self.done.wait(0.05)

    @property
    def cpu_total(self) -> float:
        return sum(self.cpu.values())


def run_review_command(args: list[str], tmp: Path, ok_codes=(0,), cpu: dict | None = None) -> tuple[float, int]:
    """`addin-server review ARGS` with embedded defaults: (wall seconds, peak summed RSS); `cpu`,
    when given, receives the CPU seconds of the command ("main"), of all its processes ("all")
    and of the command after its workers' last work ("main_after_checks")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    env["ADDIN_SERVER_CONFIG_DIR"] = str(tmp / "config")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "addin_server", "review", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO)
    sampler = PeakTreeRss(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if cpu is not None:
        main = sampler.cpu.get(process.pid, 0.0)
        cpu.update(main=main, all=sampler.cpu_total, main_after_checks=main - sampler.main_cpu_at_last_work)
    if process.returncode not in ok_codes:
        raise RuntimeError(f"addin-server review failed ({process.returncode}): {stderr.decode()[-500:]}")
    return elapsed, sampler.peak


def _floor(folder: Path) -> float:
    from lxml import etree

    started = time.perf_counter()
    for path in sorted(folder.glob("*.docx")):
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
            etree.fromstring(z.read("word/document.xml"))
    return time.perf_counter() - started


def run(count: int) -> list:
    from .run import Row, _materials_module, _verdict

    materials = _materials_module()
    with tempfile.TemporaryDirectory(prefix="addin-review-bench-") as tmp:
        folder = Path(tmp) / "materials"
        folder.mkdir()
        build_folder(folder, count, materials)
        t_floor = _floor(folder)
        report = Path(tmp) / "report.json"
        elapsed, peak = run_review_command([str(folder), "--out", str(report), "--quiet"], Path(tmp))
        result = json.loads(report.read_text("utf-8"))
    readable = result["summary"]["readable"]
    similar = len(result["similar"])
    expected_pairs = count // NEAR_DUPLICATE_EVERY
    reported = {tuple(sorted((p["a"], p["b"]))) for p in result["similar"]}
    found_planted = sum(
        (f"材料{i - NEAR_DUPLICATE_EVERY + 1:04d}.docx", f"材料{i:04d}.docx") in reported
        for i in range(NEAR_DUPLICATE_EVERY - 1, count, NEAR_DUPLICATE_EVERY))
    target = 60.0 * count / 1000
    return [
        Row("review", f"{count} files ({readable} read), similarity pass included", f"{elapsed:.1f} s",
            f"floor {t_floor:.2f} s", f"{elapsed / t_floor:.1f}×", f"≤ {target:.0f} s",
            _verdict(elapsed <= target and readable == count)),
        Row("review", "planted near-duplicates reported (75% copied)", f"{found_planted}/{expected_pairs}",
            f"{similar} pairs in all", "", "all", _verdict(found_planted == expected_pairs)),
        Row("review", "peak memory (command + workers, summed RSS)", f"{peak / 2**20:.0f} MiB"),
    ]
