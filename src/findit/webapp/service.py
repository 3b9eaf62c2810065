"""The searchers behind the page: a small pool of readers over one opened generation, for the server's threads.

A Whoosh reader is not made for concurrent use, so each request borrows a reader of its own: a Searcher over a
`Generation.view()` (its own Whoosh searcher and query reader), everything read-only (facet tables, values,
caches) shared with the other readers of the same generation, so that memory does not grow with threads ×
index size. Readers are opened as concurrent requests need them, at most `readers` (one by default).

A new generation (a commit, or a full rebuild's swap) is opened once, by the first request that sees it;
readers of the old one are closed as soon as they are idle, and by a small janitor thread when no request
comes: an indexer removes old generations, and a reader kept open would hold their files forever. A request
whose reader fails because its generation was swapped and removed under it is served again from the new one.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from findit.search import Searcher
from findit.search.generation import Generation, StaleGenerationError
from findit.settings import Settings

if TYPE_CHECKING:
    from findit.index.watch import WatchStatus

# How often the janitor looks for a new generation while no request comes, seconds.
JANITOR_SECONDS = 2.0


# Readers when Settings.server_readers is unset: searching is Python work under the interpreter's lock, so
# more readers than one only make threads take turns at a cost (shared corpora, 8 clients: 1 reader 149
# requests/s, 2 readers 139, 4 readers 112; p95 102 / 149 / 292 ms). Search processes use more cores.
DEFAULT_READERS = 1


def readers_wanted(settings: Settings) -> int:
    """Settings.server_readers, else DEFAULT_READERS."""
    return DEFAULT_READERS if settings.server_readers is None else settings.server_readers


class _Reader(Searcher):
    """A Searcher over one generation view it is given, never opening one itself (the pool does)."""

    def __init__(self, settings: Settings, gen: Generation, base: Generation):
        super().__init__(settings)
        self._gen = gen
        self.base = base  # the pool's generation this reader's view came from

    def _current(self) -> Generation:
        return self._gen  # type: ignore[return-value]


class SearchService:
    """The page's searchers, shared by the server's threads (see the module docstring).

    Opening lazily lets the page start (and explain itself) before any index exists. A search that fails in
    a way the searcher does not explain is checked against the generation's manifest: a truncated or altered
    index file is a DamagedIndexError (the page's 503 explanation, as `findit query` says it), not an
    unexpected error; it is remembered until the generation changes."""

    def __init__(
        self,
        settings: Settings,
        watch_status: WatchStatus | None = None,
        readers: int | None = None,
        processes: int | None = None,
    ):
        from findit.webapp.searchpool import SearchPool

        self.settings = settings
        # `findit serve --watch`: whether the index is behind the corpus (watching or updating failed).
        self.watch_status = watch_status
        self.readers = readers_wanted(settings) if readers is None else max(0, readers)
        self.processes = settings.search_processes if processes is None else max(0, processes)
        self._pool = SearchPool(settings, self.processes) if self.processes else None
        self._lock = threading.Lock()  # guards the fields below; never held during a search or an open
        self._opening = threading.Lock()  # one thread opens a new generation, the others wait for it
        self._base: Generation | None = None  # the generation readers are made for now
        self._base_lent = False  # whether a reader uses the base's own Whoosh searcher
        self._idle: list[_Reader] = []
        self._open: set[_Reader] = set()  # every reader not closed yet, idle or busy
        self._slots = threading.BoundedSemaphore(max(1, self.readers))
        self._shared: Searcher | None = None  # readers == 0: one Searcher under the lock
        self._shared_lock = threading.Lock()
        self._damaged: tuple[str | None, str] | None = None  # (generation key, why) of a damaged index
        self._stop = threading.Event()
        self._janitor: threading.Thread | None = None

    # -- the call the views make -------------------------------------------------------------------------

    def call(self, method: str, *args):
        from findit.index import DamagedIndexError, NoIndexError
        from findit.index.generations import current_generation, damage
        from findit.search import SearchError

        damaged = self._damaged
        if damaged is not None:
            key, known = damaged
            if current_generation(self.settings) == key:
                raise DamagedIndexError(Path(self.settings.index), known)
            self._damaged = None  # rebuilt since
        try:
            if self._pool is not None:
                return self._pool.ask(method, *args)
            if self.readers == 0:
                with self._shared_lock:
                    if self._shared is None:
                        self._shared = Searcher(self.settings)
                    return getattr(self._shared, method)(*args)
            return self._pooled(method, args)
        except (NoIndexError, SearchError):
            raise
        except Exception as exc:
            why = damage(self.settings)
            if why is None:
                raise  # not the index's files: a bug, reported as such
            self._damaged = (current_generation(self.settings), why)
            self._close_all()  # opened anew once the index is rebuilt
            with self._shared_lock:
                shared, self._shared = self._shared, None
            if shared is not None:
                shared.close()
            raise DamagedIndexError(Path(self.settings.index), why) from exc

    def _pooled(self, method: str, args: tuple):
        from findit.index.generations import current_generation

        with self._slots:
            for attempt in range(2):
                try:
                    reader = self._borrow()
                except (StaleGenerationError, OSError):
                    # A commit or a swap between reading the generation's key and opening a reader on it.
                    if attempt == 0:
                        continue
                    raise
                try:
                    return getattr(reader, method)(*args)
                except Exception:
                    # A swap, then the removal of the generation this reader had open, can take files from
                    # under it: the new generation answers instead (once; a second failure is reported).
                    if attempt == 0 and current_generation(self.settings) != reader.base.key:
                        continue
                    raise
                finally:
                    self._give_back(reader)
        raise AssertionError("unreachable")

    # -- the pool ------------------------------------------------------------------------------------------

    def _borrow(self) -> _Reader:
        """An idle reader of the current generation, else a new one. Raises NoIndexError."""
        from findit.index.generations import current_generation

        base = self._base_for(current_generation(self.settings))
        stale = []
        with self._lock:
            reader = None
            while self._idle and reader is None:
                candidate = self._idle.pop()
                if candidate.base is base:
                    reader = candidate
                else:
                    stale.append(candidate)
            lend_base = reader is None and self._base is base and not self._base_lent
            if lend_base:
                self._base_lent = True
        self._close(stale)
        if reader is None:
            # The base's own Whoosh searcher serves the first reader; the others open a view of their own.
            reader = _Reader(self.settings, base if lend_base else base.view(), base)
            with self._lock:
                self._open.add(reader)
            self._start_janitor()
        return reader

    def _give_back(self, reader: _Reader) -> None:
        with self._lock:
            keep = reader.base is self._base and reader in self._open
            if keep:
                self._idle.append(reader)
        if not keep:
            self._close([reader])  # its generation was replaced while it searched

    def _base_for(self, key: str | None) -> Generation:
        """The opened generation for `key`, opened once (other threads wait for it); the readers of the one
        it replaces are closed when idle."""
        base = self._base
        if base is not None and base.key == key:
            return base
        with self._opening:
            base = self._base
            if base is not None and base.key == key:
                return base  # opened by another thread meanwhile
            new = Generation.open(self.settings)  # NoIndexError, DamagedIndexError
            with self._lock:
                old, lent = self._base, self._base_lent
                self._base, self._base_lent = new, False
                stale = [r for r in self._idle if r.base is not new]
                self._idle = [r for r in self._idle if r.base is new]
            self._retire(old, lent, stale)
            return new

    def _retire(self, base: Generation | None, lent: bool, idle: list[_Reader]) -> None:
        """Close a replaced generation's idle readers, and its own Whoosh searcher if no reader has it (the
        reader that has it closes it when given back)."""
        self._close(idle)
        if base is not None and not lent:
            base.close()

    def _close(self, readers: list[_Reader]) -> None:
        for reader in readers:
            with self._lock:
                self._open.discard(reader)
            reader.close()

    def _close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []  # busy readers are closed when given back
            base, lent = self._base, self._base_lent
            self._base, self._base_lent = None, False
        self._retire(base, lent, idle)

    def open_readers(self) -> list[str]:
        """The generation key of every reader open now (idle or busy): what holds index files open."""
        with self._lock:
            return sorted(r.base.key for r in self._open)

    def close(self) -> None:
        """Close every reader and stop the janitor (a server that stops; tests)."""
        self._stop.set()
        janitor = self._janitor
        if janitor is not None and janitor is not threading.current_thread():
            janitor.join()
        self._close_all()
        if self._pool is not None:
            self._pool.close()
        with self._shared_lock:
            if self._shared is not None:
                self._shared.close()
                self._shared = None

    # -- the janitor ---------------------------------------------------------------------------------------

    def _start_janitor(self) -> None:
        with self._lock:
            if self._janitor is not None or self._stop.is_set():
                return
            # A weak reference: an app dropped without close() lets its janitor end with it.
            self._janitor = threading.Thread(
                target=_janitor, args=(weakref.ref(self), self._stop), name="findit-readers", daemon=True
            )
        self._janitor.start()

    def retire_stale(self) -> None:
        """Close the idle readers of a generation that is no longer current (the janitor, between requests)."""
        from findit.index.generations import current_generation

        key = current_generation(self.settings)
        with self._lock:
            base, lent = self._base, self._base_lent
            if base is None or base.key == key:
                return
            stale, self._idle = self._idle, []
            self._base, self._base_lent = None, False  # the next request opens the current one
        self._retire(base, lent, stale)


def _janitor(service_ref: weakref.ref, stop: threading.Event) -> None:
    while not stop.wait(JANITOR_SECONDS):
        service = service_ref()
        if service is None:
            return
        try:
            service.retire_stale()
        except Exception:  # noqa: BLE001 - the next turn, or the next request, tries again
            pass
        del service
