"""`findit watch`: keep the index up to date while the corpus is being edited.

watchfiles reports changes; a burst of saves (an editor's temporary file and rename, a checkout of many
files) is grouped until the folder has been quiet for a moment, or for at most
`Settings.watch_debounce_ms`, then one incremental update runs. The same Indexer serves every update, so
the spaCy model is loaded once, up front, and a saved change is searchable well within a second.

Watching never stops on its own: an update that fails (a full disk, a busy index) is tried again, and
watching that fails (watchfiles cannot decode a path name) starts again, each after a growing pause.
Meanwhile the index is behind the corpus, which `WatchStatus` tells whoever runs it (the page shows it).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from findit.index import IndexBusyError, Indexer, IndexerError, IndexSummary
from findit.ingest.files import hidden
from findit.settings import Settings

# A burst ends after this much quiet (an editor's write-temporary-then-rename takes a few ms); a longer
# burst is cut every Settings.watch_debounce_ms, and what arrives during an update waits for the next one.
QUIET_MS = 50
# How often watchfiles hands control back when nothing happens (to notice a stop request promptly, and to
# retry a failed update when its pause is over).
IDLE_TIMEOUT_MS = 500


class _CorpusFilter(DefaultFilter):
    """What ingestion passes over, and nothing else: hidden files and folders (.git, an editor's
    .x.swp), and the index folder when it lies inside the corpus. Not watchfiles' default names
    (`x.md~`, `node_modules`…): the walk reads those, and an update lists the folder from the paths
    reported here (findit.ingest.rewalk)."""

    def __init__(self, corpus: Path, index: Path):
        self.corpus = str(corpus.resolve())
        super().__init__(ignore_dirs=(), ignore_entity_patterns=(), ignore_paths=(str(index.resolve()),))

    def __call__(self, change: Change, path: str) -> bool:
        rel = os.path.relpath(path, self.corpus)
        if hidden(Path(rel).parts):
            return False
        return super().__call__(change, path)


class WatchStatus:
    """Whether the index is behind the corpus because watching or updating failed, since when and why.
    Shared between the watcher's thread and the page's (`findit serve --watch`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: float | None = None  # time.time() of the first failure not yet made good
        self.reason = ""

    @property
    def behind(self) -> bool:
        return self.since is not None

    def fell_behind(self, reason: str) -> None:
        with self._lock:
            self.since = self.since or time.time()
            self.reason = reason

    def caught_up(self) -> None:
        with self._lock:
            self.since, self.reason = None, ""


class Backoff:
    """Pauses before trying again: `first` seconds, doubled at each failure in a row, at most `longest`."""

    def __init__(self, first: float, longest: float):
        self.first, self.longest = first, longest
        self.failures = 0

    def next(self) -> float:
        self.failures += 1
        return min(self.longest, self.first * 2 ** (self.failures - 1))

    def reset(self) -> None:
        self.failures = 0


class Watcher:
    """Runs `Indexer.update()` after each burst of changes under the corpus, until stopped."""

    def __init__(
        self,
        settings: Settings,
        indexer: Indexer | None = None,
        report: Callable[[str], None] = print,
        on_update: Callable[[IndexSummary], None] | None = None,
        status: WatchStatus | None = None,
    ):
        self.settings = settings
        self.indexer = indexer or Indexer(settings, on_wait=report)
        self.report = report
        self.on_update = on_update
        self.status = status or WatchStatus()
        self._told: set[tuple[str, str]] = set()
        self._update_backoff = Backoff(settings.watch_retry_seconds, settings.watch_retry_max_seconds)
        self._retry_at: float | None = None  # when to try a failed update again, changes or not

    def update(self, touched: set[str] | None = None) -> IndexSummary | None:
        """One incremental update; a failure is reported, tried again later, and watching goes on.
        `touched`: the paths seen changing since the last update (None: the folder is walked whole; after
        an update that failed, the Indexer walks it whole anyway)."""
        try:
            summary = self.indexer.update(touched=touched)
        except (IndexerError, IndexBusyError) as exc:  # a full disk, a busy index: the message says what to do
            self._failed(str(exc))
            return None
        except OSError as exc:  # a folder made unreadable
            self._failed(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
            return None
        except Exception as exc:  # noqa: BLE001 - spaCy failed, a worker died, a bug: watching goes on
            _raise_if_interrupted(exc)
            self._failed(f"{type(exc).__name__}: {exc}")
            return None
        if self.status.behind:
            self.report("l'index est de nouveau à jour")
        self.status.caught_up()
        self._update_backoff.reset()
        self._retry_at = None
        if summary.repaired:
            self.report(f"l'index ne pouvait pas être lu ({summary.repaired}) : reconstruit en entier")
        if summary.changed:
            # Each skipped file is reported once, not again with every later update.
            for skipped in summary.skipped:
                if (skipped.source, skipped.reason) not in self._told:
                    self.report(f"ignoré {skipped.source} : {skipped.reason}")
            self._told = {(s.source, s.reason) for s in summary.skipped}
            self.report(summary.line())
        if self.on_update is not None:
            self.on_update(summary)
        return summary

    def _failed(self, reason: str) -> None:
        if self.indexer.stop is not None and self.indexer.stop():
            return  # stopping: nothing to retry
        delay = self._update_backoff.next()
        self._retry_at = time.monotonic() + delay
        self.status.fell_behind(reason)
        self.report(f"index non mis à jour : {reason} ; nouvel essai dans {delay:.0f} s")

    def run(self, stop_event=None) -> None:
        """Bring the index up to date, load the model, then update after every burst of changes until
        `stop_event` is set (anything with is_set()); Ctrl-C raises KeyboardInterrupt. Watching that
        fails starts again after a pause; an update that fails is tried again after one."""
        if stop_event is not None:
            self.indexer.stop = stop_event.is_set  # an update in progress stops too, between chunks
        self.update()
        if stop_event is not None and stop_event.is_set():
            return
        try:
            self.indexer.warm_up()
        except Exception as exc:  # noqa: BLE001 - the first update that needs the model will say it again
            _raise_if_interrupted(exc)
            self.report(f"le modèle de langue n'a pas pu être chargé d'avance ({type(exc).__name__} : {exc})")
        self.report(f"surveillance de {self.settings.corpus} (index : {self.settings.index}) ; Ctrl-C pour arrêter")
        backoff = Backoff(self.settings.watch_retry_seconds, self.settings.watch_retry_max_seconds)
        while stop_event is None or not stop_event.is_set():
            started = time.monotonic()
            try:
                self._watch(stop_event)
                return
            except Exception as exc:  # noqa: BLE001 - e.g. watchfiles cannot decode a path name
                _raise_if_interrupted(exc)
                if time.monotonic() - started > self.settings.watch_retry_max_seconds:
                    backoff.reset()  # it had been watching well for a while: a new failure, not a series
                delay = backoff.next()
                self.status.fell_behind(f"surveillance arrêtée : {type(exc).__name__} : {exc}")
                self.report(
                    f"surveillance arrêtée ({type(exc).__name__} : {exc}) ; l'index peut prendre du retard sur le "
                    f"corpus ; nouvelle surveillance dans {delay:.0f} s"
                )
                if _pause(delay, stop_event):
                    return
                self.report(f"surveillance de {self.settings.corpus} reprise")

    def _watch(self, stop_event) -> None:
        debounce = max(1, self.settings.watch_debounce_ms)
        first = True
        for changes in watch(
            self.settings.corpus,
            watch_filter=_CorpusFilter(self.settings.corpus, self.settings.index),
            step=min(QUIET_MS, debounce),
            debounce=debounce,
            stop_event=stop_event,
            rust_timeout=IDLE_TIMEOUT_MS,
            yield_on_timeout=True,
        ):
            # The first (possibly empty) yield comes once watching has begun: catch up on whatever was
            # saved before (since the first update, or while watching had stopped). A failed update is
            # tried again when its pause is over, whether or not anything changed since.
            retry = self._retry_at is not None and time.monotonic() >= self._retry_at
            if changes or first or retry:
                # The first update walks the folder whole; the others list it from what changed.
                self.update(None if first else {path for _, path in changes})
                first = False


def _raise_if_interrupted(exc: BaseException) -> None:
    """Ctrl-C (or SIGTERM, which findit turns into it) that Python wrapped in another error stops watching
    all the same: an interrupt that lands while a class is being made comes out as "RuntimeError: Error
    calling __set_name__", caused by the KeyboardInterrupt."""
    seen = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            raise KeyboardInterrupt from exc
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__


def _pause(seconds: float, stop_event) -> bool:
    """Wait, or less if asked to stop; whether stopping was asked."""
    if stop_event is not None and hasattr(stop_event, "wait"):
        return bool(stop_event.wait(seconds))
    time.sleep(seconds)
    return stop_event is not None and stop_event.is_set()
