"""Python's cycle collector paused while a run builds many objects at once.

Ingesting an archive from the parse store, reading a manifest and planning an update each make several
objects per document, and none of them forms a cycle: the collector still runs every few hundred
allocations and, as the heap grows, walks it again and again for nothing. At 10,000 documents that was
about 40 % of an ingestion from the store. The collector runs again when the block ends; what the block
leaves unreachable in a cycle is collected then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (left off when it already was)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
