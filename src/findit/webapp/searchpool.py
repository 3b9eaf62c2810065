"""Search processes for the page: Whoosh searches in pure Python, so threads of one process take turns on the
interpreter lock and never use a second core; a few processes, each with a Searcher of its own, do.

`SearchPool(settings, processes)`: `ask(method, *args)` runs a Searcher method in an idle process (all started
by the first request, at most `processes`; a request thread waits for one when all are busy) and returns its answer, or
raises its NoIndexError, DamagedIndexError or SearchError as the Searcher raised it. Each process reopens the
index when its generation changes (Searcher does) and, when idle, closes a generation that is no longer
current, so that no process keeps the files of a removed generation open. A process that dies is replaced;
a process whose server dies sees its pipe close and ends.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from findit.settings import Settings

# How long a search process waits for a request before checking that its generation is still current, s.
IDLE_CHECK_SECONDS = 2.0
# How long a process asked to stop may take before it is killed, s.
STOP_SECONDS = 5.0


class SearchProcessError(RuntimeError):
    """A search process failed in a way the Searcher does not raise itself (it died, or a bug: the message
    carries its traceback)."""


class _Process:
    """One search process and the pipe to it."""

    def __init__(self, settings: Settings):
        # spawn: the server has threads, and forking a threaded process can copy a held lock.
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, settings), name="findit-search", daemon=True)
        self.process.start()
        child.close()

    def ask(self, method: str, args: tuple):
        try:
            self.conn.send((method, args))
            kind, value = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise SearchProcessError(f"the search process {self.process.pid} ended") from exc
        if kind == "ok":
            return value
        raise _rebuilt(kind, value)

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _rebuilt(kind: str, value) -> Exception:
    """The exception a search process reported, as the Searcher raised it (NoIndexError and DamagedIndexError
    do not survive pickling: their constructors take other arguments than their message)."""
    from findit.index import DamagedIndexError, NoIndexError
    from findit.search import SearchError

    if kind == "noindex":
        return NoIndexError(Path(value))
    if kind == "damaged":
        index_dir, message = value
        exc = DamagedIndexError.__new__(DamagedIndexError)
        Exception.__init__(exc, message)
        exc.index_dir = Path(index_dir)
        return exc
    if kind == "search":
        return SearchError(value)
    return SearchProcessError(value)


def _serve(conn, settings: Settings) -> None:
    """A search process: answer requests until asked to stop or until the server's end of the pipe closes."""
    import traceback

    from findit.index import DamagedIndexError, NoIndexError, current_generation
    from findit.search import Searcher, SearchError

    searcher = Searcher(settings)
    opened: str | None = None  # the generation key the searcher last read
    try:
        while True:
            if not conn.poll(IDLE_CHECK_SECONDS):
                if opened is not None and current_generation(settings) != opened:
                    searcher.close()  # opened anew by the next request
                    opened = None
                continue
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            method, args = message
            opened = current_generation(settings)
            try:
                reply = ("ok", getattr(searcher, method)(*args))
            except DamagedIndexError as exc:
                reply = ("damaged", (str(exc.index_dir), str(exc)))
            except NoIndexError as exc:
                reply = ("noindex", str(exc.index_dir))
            except SearchError as exc:
                reply = ("search", str(exc))
            except Exception:  # noqa: BLE001 - reported to the server, which tells damage from a bug
                reply = ("error", traceback.format_exc())
            conn.send(reply)
    finally:
        searcher.close()
        conn.close()


class SearchPool:
    """At most `processes` search processes, started as concurrent requests need them."""

    def __init__(self, settings: Settings, processes: int):
        self.settings = settings
        self.processes = max(1, processes)
        self._lock = threading.Lock()
        self._idle: list[_Process] = []
        self._all: list[_Process] = []
        self._slots = threading.BoundedSemaphore(self.processes)
        self._closed = False

    def ask(self, method: str, *args):
        with self._slots:
            for attempt in range(2):
                proc = self._borrow()
                try:
                    return proc.ask(method, args)
                except SearchProcessError:
                    if proc.alive() or attempt == 1:
                        raise
                    # The process died (killed, out of memory): one more try in a new one.
                finally:
                    self._give_back(proc)
        raise AssertionError("unreachable")

    def _borrow(self) -> _Process:
        with self._lock:  # held while starting: the count of processes stays within bounds
            if self._closed:
                raise SearchProcessError("the search processes are stopped")
            if self._idle:
                return self._idle.pop()
            # The first request starts every process: they load findit side by side, before concurrent
            # requests need them, instead of one request paying for it later.
            started = [
                _Process(self.settings) for _ in range(max(1, self.processes - len(self._all)) if not self._all else 1)
            ]
            self._all.extend(started)
            self._idle.extend(started[1:])
            return started[0]

    def _give_back(self, proc: _Process) -> None:
        with self._lock:
            keep = proc.alive() and not self._closed
            if keep:
                self._idle.append(proc)
            else:
                self._all.remove(proc)
        if not keep:
            proc.stop()

    def pids(self) -> list[int]:
        with self._lock:
            return [p.process.pid for p in self._all if p.process.pid is not None]

    def close(self) -> None:
        """Stop every idle process; a busy one is stopped when its request ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            for proc in idle:
                self._all.remove(proc)
        for proc in idle:
            proc.stop()
