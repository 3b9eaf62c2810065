"""`Recent`: a mapping that keeps only its most recently added entries: the caches a generation keeps of
recent queries (scores, snippets, second-stage readings, typo corrections)."""

from __future__ import annotations

from collections import OrderedDict


class Recent(OrderedDict):
    """At most `size` entries: adding one past that forgets the oldest."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        while len(self) > self.size:
            self.popitem(last=False)
