"""`Recent`: a mapping that keeps only its most recently added entries: the caches a generation keeps of
recent queries (scores, snippets, second-stage readings, typo corrections)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class Recent(OrderedDict):
    """At most `size` entries: adding one past that forgets the oldest. With a `weight` (what an entry
    holds, in its own unit) and a `budget`, the oldest are also forgotten while the entries together
    weigh more than the budget; the newest is always kept.

    The views of a generation share its caches across the server's threads: adding and forgetting hold
    a lock (reads need none: each is one step of the dict's C code)."""

    def __init__(self, size: int, budget: int | None = None, weight: Callable[[Any], int] | None = None):
        super().__init__()
        self.size = size
        self.budget = budget
        self.weight = weight
        self._lock = threading.Lock()

    def __setitem__(self, key, value) -> None:
        with self._lock:
            super().__setitem__(key, value)
            self.move_to_end(key)  # set again: the newest
            while len(self) > self.size:
                self.popitem(last=False)
            if self.budget is None or self.weight is None:
                return
            # at most `size` entries to weigh: simpler than a running total kept through every way out
            held = sum(map(self.weight, self.values()))
            while held > self.budget and len(self) > 1:
                held -= self.weight(self.popitem(last=False)[1])
