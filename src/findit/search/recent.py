"""`Recent`: a mapping that keeps only its most recently added entries: the caches a generation keeps of
recent queries (scores, snippets, second-stage readings, typo corrections)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class Recent(OrderedDict):
    """At most `size` entries: adding one past that forgets the oldest. With a `weight` (what an entry
    holds, in its own unit) and a `budget`, the oldest are also forgotten while the entries together
    weigh more than the budget; the newest is always kept."""

    def __init__(self, size: int, budget: int | None = None, weight: Callable[[Any], int] | None = None):
        super().__init__()
        self.size = size
        self.budget = budget
        self.weight = weight

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        while len(self) > self.size:
            self.popitem(last=False)
        if self.budget is None or self.weight is None:
            return
        # at most `size` entries to weigh: cheaper than keeping a running total through every way of removing
        held = sum(map(self.weight, self.values()))
        while held > self.budget and len(self) > 1:
            held -= self.weight(self.popitem(last=False)[1])
