"""A comparison stage of a review (similar materials, 照搬上年度) with its progress and time budget.

The stages after the checks compare materials with each other; their cost grows with the pairs
the candidates give, which a set of many near-identical materials makes many (150 such
materials: 71 s of silence in the issue's run, the stream cut by the server's 60 s limit, the
work going on to 78 s). A stage reports its progress to `on_step` (the review page's stream), and
when its budget is spent it stops comparing and says so (`cut_short`, shown in the report):
fewer comparisons, never a stream cut off without a result.
"""
from __future__ import annotations

import time
from typing import Callable


class Stage:
    def __init__(self, seconds: float | None = None,
                 on_step: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None):
        self.seconds, self.on_step, self.should_stop = seconds, on_step, should_stop
        self.done = self.total = 0
        self.cut_short = False
        self._deadline = None

    def start(self, total: int) -> None:
        self.done, self.total, self.cut_short = 0, total, False
        if self.seconds is not None:
            self._deadline = time.monotonic() + self.seconds
        if self.on_step:
            self.on_step(0, total)

    def step(self) -> bool:
        """Called before each comparison: False when the budget is spent (or the client went
        away) and the stage must stop here."""
        if self.should_stop is not None and self.should_stop():
            self.cut_short = True
            return False
        if self._deadline is not None and time.monotonic() > self._deadline:
            self.cut_short = True
            return False
        self.done += 1
        if self.on_step:
            self.on_step(self.done, self.total)
        return True
