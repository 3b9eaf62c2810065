"""`findit watch`: keep the index up to date while the corpus is being edited.

watchfiles reports changes; a burst of saves (an editor's temporary file and rename, a checkout of many
files) is grouped until the folder has been quiet for a moment, or for at most
`Settings.watch_debounce_ms`, then one incremental update runs. The same Indexer serves every update, so the spaCy model is loaded once, up front, and a
saved change is searchable well within a second."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from findit.analysis.workers import WorkerError
from findit.index import IndexBusyError, Indexer, IndexerError, IndexSummary
from findit.settings import Settings

# A burst ends after this much quiet (an editor's write-temporary-then-rename takes a few ms); a longer
# burst is cut every Settings.watch_debounce_ms, and what arrives during an update waits for the next one.
QUIET_MS = 50
# How often watchfiles hands control back when nothing happens (to notice a stop request promptly).
IDLE_TIMEOUT_MS = 500


class _CorpusFilter(DefaultFilter):
    """watchfiles' default filter (editor swap files, .git…) plus what ingestion skips anyway: hidden
    files and folders, and the index folder when it lies inside the corpus."""

    def __init__(self, corpus: Path, index: Path):
        self.corpus = str(corpus.resolve())
        super().__init__(ignore_paths=(str(index.resolve()),))

    def __call__(self, change: Change, path: str) -> bool:
        rel = os.path.relpath(path, self.corpus)
        if any(part.startswith(".") and part not in (".", "..") for part in Path(rel).parts):
            return False
        return super().__call__(change, path)


class Watcher:
    """Runs `Indexer.update()` after each burst of changes under the corpus, until stopped."""

    def __init__(
        self,
        settings: Settings,
        indexer: Indexer | None = None,
        report: Callable[[str], None] = print,
        on_update: Callable[[IndexSummary], None] | None = None,
    ):
        self.settings = settings
        self.indexer = indexer or Indexer(settings, on_wait=report)
        self.report = report
        self.on_update = on_update
        self._told: set[tuple[str, str]] = set()

    def update(self) -> IndexSummary | None:
        """One incremental update; a failure is reported and watching goes on."""
        try:
            summary = self.indexer.update()
        except (IndexerError, IndexBusyError, WorkerError) as exc:
            self.report(f"not updated: {exc}")
            return None
        except OSError as exc:  # a full disk, a folder made unreadable: say so, keep watching
            self.report(f"not updated: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
            return None
        if summary.changed:
            # Each skipped file is reported once, not again with every later update.
            for skipped in summary.skipped:
                if (skipped.source, skipped.reason) not in self._told:
                    self.report(f"skipped {skipped.source}: {skipped.reason}")
            self._told = {(s.source, s.reason) for s in summary.skipped}
            self.report(summary.line())
        if self.on_update is not None:
            self.on_update(summary)
        return summary

    def run(self, stop_event=None) -> None:
        """Bring the index up to date, load the model, then update after every burst of changes until
        `stop_event` is set (anything with is_set()); Ctrl-C raises KeyboardInterrupt."""
        if stop_event is not None:
            self.indexer.stop = stop_event.is_set  # an update in progress stops too, between chunks
        self.update()
        self.indexer.warm_up()
        self.report(f"watching {self.settings.corpus} (index: {self.settings.index}); Ctrl-C to stop")
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
            # The first (possibly empty) yield comes once watching has begun: catch up on whatever
            # was saved between the first update and then.
            if changes or first:
                self.update()
                first = False
