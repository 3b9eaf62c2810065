"""The searcher behind the page: one per app, opened on first use, shared by the server's threads."""

from __future__ import annotations

import threading

from findit.search import Searcher
from findit.settings import Settings


class SearchService:
    """One Searcher shared by the server's threads, opened on first use.

    Opening lazily lets the page start (and explain itself) before any index exists; the lock keeps
    Whoosh readers, which share file handles, to one request at a time. The Searcher itself notices a
    new index generation, so a rebuild never needs a restart."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None

    def call(self, method: str, *args):
        with self._lock:
            if self._searcher is None:
                self._searcher = Searcher(self.settings)
            return getattr(self._searcher, method)(*args)
