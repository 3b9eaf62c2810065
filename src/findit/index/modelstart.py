"""When spaCy starts loading in worker processes, ahead of the analysis that needs it (`ModelStart`).

A first update that finds files new or changed (a one-shot `findit index`) loads the model in workers on
the other core while it ingests, plans and deletes, instead of after: at 10,000 documents that work takes
about as long as the load, and at 100,000 the load is what the update waits for. A watcher's later
updates keep the model loaded in their own process instead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from findit.index.generations import CACHE
from findit.settings import Settings

if TYPE_CHECKING:  # heavy imports stay out of the nothing-changed path
    from findit.analysis import Analyser


@dataclass
class ModelStart:
    settings: Callable[[], Settings]  # the indexer's, read at each decision
    index_dir: Path
    analyser: Callable[[], Analyser]  # the indexer's analyser, made on first use
    made: Callable[[], Analyser | None]  # that analyser if made already (never makes one)
    guessed: bool = False  # workers were started before the change was known (guess)

    @property
    def loaded(self) -> bool:
        """Whether the model is loaded in this process."""
        analyser = self.made()
        return analyser is not None and bool(getattr(analyser, "model_loaded", False))

    def guess(self, first: bool) -> None:
        """The walk differs from the quick record of an existing index: most likely a file changed, so the
        model starts loading in one worker now, before the manifest is read and every file's stat compared
        (at 100,000 files 0.4 s of a load of about 4 s). Files only touched or removed end it unused."""
        if first and not self.loaded and self.settings().analysis_workers >= 1:
            self.analyser().prefetch_model(1)
            self.guessed = True

    def for_change(self, files: dict[str, str], indexed: dict[str, str], first: bool) -> None:
        """Files are known (`files`, path to hash) against those the index holds (`indexed`; none for a
        build from nothing): workers load the model for what is new or changed, as many as it needs. A change
        whose text the analysis cache knows (a file put back as it was) wasted one load on the other core."""
        if self.loaded or not first:
            return
        changed = sum(1 for source, digest in files.items() if indexed.get(source) != digest)
        many = changed >= self.settings().parallel_min_documents
        if not changed or (many and self.guessed and self.settings().analysis_workers > 1):
            self.release()  # files removed or touched only, or more than the guess's one worker can parse
        if changed:
            self.analyser().prefetch_model(self.settings().analysis_workers if many else 1)

    def for_build(self, files: dict[str, str], first: bool) -> None:
        """A build from nothing of a large archive starts its workers while the archive is ingested; a
        rebuild over an analysis cache (`--full`, another program) starts none, since spaCy may have nothing
        to read, and ends any a guess started."""
        from findit.analysis.cache import FILENAME

        if len(files) >= self.settings().parallel_min_documents and not (self.index_dir / CACHE / FILENAME).exists():
            self.for_change(files, {}, first)
        else:
            self.release()

    def release(self, stop: bool = False) -> None:
        """End the workers started ahead, if any (`stop`: the run is failing)."""
        analyser = self.made()
        if analyser is not None:
            analyser.release_workers(stop=stop)
