"""Timing helpers: medians of repeated runs, so one slow run (GC, scheduler) does not skew a figure."""
from __future__ import annotations

import statistics
import time


def per_call(fn, *, repeat: int = 7, min_seconds: float = 0.05) -> float:
    """Median seconds per call of `fn()` over `repeat` runs of a calibrated loop.

    The loop count is chosen so one run lasts at least `min_seconds`, which keeps timer resolution
    and loop overhead out of sub-millisecond figures.
    """
    fn()  # warm caches (regexes, style tables, imports) as a long-running server would have them
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds or loops >= 1 << 20:
            break
        loops = max(loops * 2, int(loops * min_seconds / max(elapsed, 1e-9)))
    runs = [elapsed / loops]
    for _ in range(repeat - 1):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        runs.append((time.perf_counter() - start) / loops)
    return statistics.median(runs)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, int(round(q / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[rank]


def interleaved_ratio(fn, baseline, *, rounds: int = 41, calls: int = 10):
    """`fn`'s cost as a multiple of `baseline`'s, measured so a shared, loaded machine does not
    decide the figure: in each round `calls` runs of the baseline and then of `fn`, back to back,
    timed in this thread's CPU time (time spent waiting for a core is not counted); one ratio per
    round. Returns (median ratio, lowest, highest, median seconds of fn, of baseline)."""
    fn(), baseline()  # warm caches
    ratios, ours, theirs = [], [], []
    clock = time.thread_time
    for _ in range(rounds):
        start = clock()
        for _ in range(calls):
            baseline()
        middle = clock()
        for _ in range(calls):
            fn()
        end = clock()
        theirs.append((middle - start) / calls)
        ours.append((end - middle) / calls)
        ratios.append((end - middle) / max(middle - start, 1e-9))
    return (statistics.median(ratios), min(ratios), max(ratios), statistics.median(ours),
            statistics.median(theirs))
