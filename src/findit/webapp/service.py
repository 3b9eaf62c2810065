"""The searcher behind the page: one per app, opened on first use, shared by the server's threads."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from findit.search import Searcher
from findit.settings import Settings

if TYPE_CHECKING:
    from findit.index.watch import WatchStatus


class SearchService:
    """One Searcher shared by the server's threads, opened on first use.

    Opening lazily lets the page start (and explain itself) before any index exists; the lock keeps
    Whoosh readers, which share file handles, to one request at a time. The Searcher itself notices a
    new index generation, so a rebuild never needs a restart.

    A search that fails in a way the searcher does not explain is checked against the generation's
    manifest: a truncated or altered index file is a DamagedIndexError (the page's 503 explanation, as
    `findit query` says it), not an unexpected error; it is remembered until the generation changes."""

    def __init__(self, settings: Settings, watch_status: WatchStatus | None = None):
        self.settings = settings
        # `findit serve --watch`: whether the index is behind the corpus (watching or updating failed).
        self.watch_status = watch_status
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._damaged: tuple[str | None, str] | None = None  # (generation key, why) of a damaged index

    def call(self, method: str, *args):
        from findit.index import DamagedIndexError, NoIndexError
        from findit.index.generations import current_generation, damage
        from findit.search import SearchError

        with self._lock:
            if self._damaged is not None:
                key, known = self._damaged
                if current_generation(self.settings) == key:
                    raise DamagedIndexError(Path(self.settings.index), known)
                self._damaged = None  # rebuilt since
            try:
                if self._searcher is None:
                    self._searcher = Searcher(self.settings)
                return getattr(self._searcher, method)(*args)
            except (NoIndexError, SearchError):
                raise
            except Exception as exc:
                why = damage(self.settings)
                if why is None:
                    raise  # not the index's files: a bug, reported as such
                self._searcher = None  # opened anew once the index is rebuilt
                self._damaged = (current_generation(self.settings), why)
                raise DamagedIndexError(Path(self.settings.index), why) from exc
