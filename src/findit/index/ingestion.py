"""An indexer's reading of its corpus folder, kept across updates: the folder's listing (walked, or patched
with what a watcher saw change) and the ingester, so that a later update lists and parses only what moved.
What the update then does with it is findit.index.writer's."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from findit import collector
from findit.settings import Settings

if TYPE_CHECKING:  # heavy imports stay out of the nothing-changed path
    from findit.ingest import Ingester
    from findit.ingest.files import Walk


class CorpusIngestion:
    """The folder's last listing and the ingester of one Indexer. `settings`: the indexer's, asked when
    used (they may be replaced between updates); `program`: the code fingerprint the parse store is kept
    under, asked when the ingester is made."""

    def __init__(self, settings: Callable[[], Settings], program: Callable[[], str]):
        self._settings = settings
        self.index_dir = Path(settings().index)
        self.corpus = Path(settings().corpus)
        self._settled = False  # the archive ingested once, out of the collector's sight
        self._program = program
        self._ingester: Ingester | None = None
        self.listing: Walk | None = None  # the folder's last listing, and when it was last walked whole
        self._listed_at = 0.0
        # Files moved since the ingester's state was last kept on disk (findit.index.snapshot); None: no
        # state on disk is the ingester's.
        self._unsaved: int | None = None
        # The fingerprints of the documents of the state the last ingest started from, when it was read
        # from disk (the writer's `known`: findit.index.manifest.plan_update); else None.
        self.restored: dict[str, list[str]] | None = None

    @property
    def settings(self) -> Settings:
        return self._settings()

    @property
    def ingester(self) -> Ingester:
        """Kept across updates: only the files changed since the previous update are parsed again."""
        if self._ingester is None:
            from findit.ingest.corpus import Ingester
            from findit.ingest.parsestore import ParseStore

            program = self._program()
            self._ingester = Ingester(self.settings, ParseStore(self.index_dir, program))
        return self._ingester

    def list_folder(self, touched: Collection[str] | None, settle: bool = False) -> Walk:
        """The folder's listing: the last one patched with the paths a watcher saw change, when it can be
        and the last whole walk is recent (findit.ingest.rewalk), else a walk. `settle`: this is findit's
        own process (Indexer.own_process), whose first listing is kept out of the collector's sight."""
        from findit.ingest.files import walk

        listing = None
        recent = time.monotonic() - self._listed_at < self.settings.watch_walk_every_seconds
        if touched is not None and self.listing is not None and recent:
            if len(touched) <= self.settings.watch_patch_max_paths:
                from findit.ingest.rewalk import patched

                listing = patched(self.listing, self.corpus, touched)
        if listing is None:
            # At 100,000 files a walk makes 400,000 objects and no cycle; the collector's passes over them,
            # during the walk and again as a one-shot run ends, were a sixth of a run that changed nothing.
            with collector.paused():
                listing = walk(self.corpus)
            if settle and not self._listed_at:
                collector.settle()
            self._listed_at = time.monotonic()
        self.listing = listing
        return listing

    def ingest(
        self, from_store: bool, settle: bool, hashes: dict[str, str] | None = None, walked=None, keep: bool = True
    ):
        """The ingester's run over the corpus. `from_store`: an indexed archive, mostly read back from the
        parse store (several objects per document, no cycle: the collector paused); a build parses most
        files, with the collector on. The first run of findit's own process (`settle`: Indexer.own_process)
        settles the archive it keeps. `keep`: the ingester's state may be written (findit.index.snapshot),
        which a run outside the writer lock must not do."""
        self.restored = None
        if from_store:
            with collector.paused():
                corpus = self._first_from_state(hashes, walked) if self._ingester is None else None
                if corpus is None:
                    corpus = self.ingester.ingest(self.corpus, hashes, walked)
                self._keep(corpus, keep)
                # Settled before the collector runs again: else its first pass walks every object the
                # block made (half a second at 100,000 documents).
                self._settle(settle)
        else:
            corpus = self.ingester.ingest(self.corpus, hashes, walked)
            self._keep(corpus, keep)
            self._settle(settle)
        return corpus

    def _settle(self, settle: bool) -> None:
        if settle and not self._settled:
            collector.settle()  # the archive this process keeps
            self._settled = True

    def _first_from_state(self, hashes, walked):
        """A new process's first ingest of an indexed archive, from the state kept beside the index; None
        when there is none to start from. A state that reads but does not hold together is let go."""
        from findit.index import snapshot

        kept = snapshot.load(self.index_dir, self._program(), self.corpus)
        if kept is None:
            return None
        try:
            self.ingester.restore(kept.state)
            corpus = self.ingester.ingest(self.corpus, hashes, walked)
        except Exception:  # noqa: BLE001 - a cache: the run goes on as if there were none
            self.drop_ingester()
            return None
        self.restored = kept.fingerprints
        self._unsaved = 0
        return corpus

    def _keep(self, corpus, write: bool) -> None:
        """Write the ingester's state when none on disk is its own, or when many files moved since."""
        if self._unsaved is not None:
            self._unsaved += self.ingester.moved
        if not write or (self._unsaved is not None and self._unsaved < self.settings.snapshot_after_files):
            return
        from findit.index import snapshot
        from findit.index.manifest import document_fingerprint

        with collector.paused():  # millions of objects pickled, none freed (paused already from the store)
            fingerprints = {doc.id: [doc.source, document_fingerprint(doc)] for doc in corpus.documents}
            snapshot.save(
                self.index_dir,
                self._program(),
                self.corpus,
                snapshot.Snapshot(self.ingester.state(), fingerprints),
            )
        # Written or not (a full disk): tried again only once as many files moved, not at every update.
        self._unsaved = 0

    def drop_ingester(self) -> None:
        """Let go of the ingester and close its stores; a later update would make a new one, which reads
        the whole parse store again (a `once` indexer is for one update)."""
        if self._ingester is not None:
            self._ingester.duplicates.close()
            if self._ingester.store is not None:
                self._ingester.store.close()
            self._ingester = None
            self._unsaved = None
