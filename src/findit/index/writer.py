"""`Indexer`: brings the index folder up to date with the corpus, incrementally or by a full rebuild.

Why a reader never sees a half-written index:
- an incremental update commits into the current generation; Whoosh writes its TOC last (write to a
  temporary name, then rename), so a reader sees the previous commit or the new one, never a mix;
- the lemma and acronym tables are saved (atomically) before the commit: they only grow, so a reader of
  the previous commit with the new tables loses nothing;
- the manifest is saved after the commit: killed in between, the next run finds files that differ from
  the manifest and redoes their (idempotent) updates;
- a full rebuild writes a new generation and swaps `current` to it only when it is complete.

With nothing changed, `Indexer.update()` compares sizes and mtimes with the manifest (hashing only the files
whose stat moved): no parsing, no Whoosh, no spaCy. A later run parses only the files whose bytes
changed: what each file gave is kept beside the index (findit.ingest.parsestore). The writing itself is
findit.index.commit's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from findit import collector
from findit.documents import SkippedFile
from findit.index import quick
from findit.index.commit import GenerationWriter, UpdateRun
from findit.index.failures import IndexerError, IndexWriteError
from findit.index.generations import (
    CACHE,
    META,
    NoIndexError,
    check_generation,
    current_path,
    remove_stale_generations,
    toc_generation,
)
from findit.index.ingestion import CorpusIngestion
from findit.index.interrupts import Interrupts
from findit.index.lastcommit import LastCommit
from findit.index.lock import WriterLock
from findit.index.manifest import program_fingerprint
from findit.index.modelstart import ModelStart
from findit.index.summary import IndexSummary
from findit.jsonfile import write_json
from findit.settings import Settings

if TYPE_CHECKING:  # heavy imports stay out of the nothing-changed path
    from findit.analysis import Analyser
    from findit.ingest import Ingester


class CorpusNotFoundError(IndexerError):
    def __init__(self, corpus: Path):
        self.corpus = corpus
        super().__init__(f"dossier du corpus introuvable : {corpus}")


class EmptyCorpusError(IndexerError):
    """The corpus has no file at all while the index holds documents: most likely the wrong folder (or an
    unmounted disk), and the run would empty the index."""

    def __init__(self, corpus: Path, documents: int):
        self.corpus, self.documents = corpus, documents
        super().__init__(
            f"{corpus} ne contient aucun fichier de contenu alors que l'index contient {documents} documents ; "
            "l'index est laissé tel quel (pour le vider : findit index --full --allow-empty)"
        )


class Indexer:
    """Brings the index folder up to date with the corpus.

    One Indexer can run many updates (`findit watch` does): the analyser, and with it the spaCy model,
    is created once, on the first update that needs it."""

    def __init__(
        self,
        settings: Settings,
        analyser: Analyser | None = None,
        lock_wait: float = 30.0,
        on_wait: Callable[[str], None] | None = None,
        stop: Callable[[], bool] | None = None,
        on_model: Callable[[bool], None] | None = None,
        own_process: bool = False,
        once: bool = False,
    ):
        self.settings = settings
        # This indexer runs one update (`findit index`): what ingestion keeps for a next update is let go
        # once the archive is read, and a build lets each document go once written, so that its memory
        # does not hold the archive's text to the end. A second update works, paying a first one's reading.
        self.once = once
        # The process runs for this indexer alone (`findit index`, `findit watch`): the archive its first
        # update ingests is put out of the cycle collector's sight (findit.collector.settle), which a
        # program using findit as a library decides for its own process.
        self.own_process = own_process
        # Told when the language model starts loading (True) and once it is loaded (False): seconds in
        # which no document moves, so a progress display can say why.
        self.on_model = on_model
        # Asked between chunks: true ends the update (UpdateStopped), its workers killed, the index as it was.
        self.stop = stop
        self.index_dir = Path(settings.index)
        self.corpus = Path(settings.corpus)
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self._analyser = analyser
        # This run's code fingerprint, file stats, walk digest and why the current generation is unreadable,
        # as the manifest records them (findit.index.commit.UpdateRun); set anew by each update.
        self._run = UpdateRun(program="")
        # The folder's last listing and the ingester, kept across updates.
        self._ingestion = CorpusIngestion(lambda: self.settings, lambda: self._run.program or program_fingerprint())
        # Documents an ingestion outside an update made again (warm_up): the next update plans them too.
        self._unindexed: set[str] = set()
        self._updates = 0  # update() calls so far
        # When spaCy starts loading in workers, ahead of the analysis
        self._model = ModelStart(lambda: self.settings, self.index_dir, lambda: self.analyser, lambda: self._analyser)
        self._last = LastCommit()  # what the next update need not read back
        self._interrupts = Interrupts()  # the running update's (findit.index.interrupts)

    @property
    def analyser(self) -> Analyser:
        if self._analyser is None:
            from findit.analysis import Analyser

            self._analyser = Analyser(self.settings, self.index_dir / CACHE)
        if self.on_model is not None:
            self._analyser.on_model = self.on_model
        return self._analyser

    @property
    def ingester(self) -> Ingester:
        """Kept across updates: only the files changed since the previous update are parsed again."""
        return self._ingestion.ingester

    @property
    def model_loaded(self) -> bool:
        return self._model.loaded

    def warm_up(self) -> None:
        """Pay now what the first change would pay (`findit watch`): parse every file once, so that
        later updates parse only the files that changed, and load the analysis model. Asked to stop
        (`self.stop`), it skips what is left: nothing it does is needed to stop cleanly."""
        stopping = self.stop or (lambda: False)
        if self.corpus.is_dir() and not stopping():
            # A file saved since the last update is read here and is the same at the next ingestion:
            # that update must still index it (and every document, if this ingestion fails half-way).
            try:
                self._unindexed |= self._ingest(from_store=True, keep=False).changed  # unlocked: no state written
            except BaseException:
                self._last.forget()
                raise
        if not stopping():
            self.analyser.load_model()
        if not stopping():
            # Near-duplicate grouping's library, imported by ingestion only when a document is new or changed:
            # it imports scipy (0.5–1 s), which the first change would otherwise wait for.
            import datasketch  # noqa: F401

    def update(
        self,
        full: bool = False,
        progress: Callable[[int, int], None] | None = None,
        allow_empty: bool = False,
        touched: Collection[str] | None = None,
    ) -> IndexSummary:
        """Index what changed since the last run (everything, into a new generation, when `full`).

        `progress(done, total)` is called as documents are analysed and written. Raises IndexBusyError when
        another indexer holds the folder longer than `lock_wait` seconds, CorpusNotFoundError,
        EmptyCorpusError, IndexWriteError (the disk or a file failed); in every case the index is left as
        it was, and nothing half-written stays behind. An empty corpus empties an index that holds documents
        only with `full` and `allow_empty`. A current generation that cannot be read (a file
        truncated or altered) is rebuilt in full, and the summary says why (`repaired`). `touched`: the
        paths a watcher saw change since the last update, from which the folder's listing is patched
        rather than walked when it can be (None: walk it)."""
        start = time.perf_counter()
        self._updates += 1
        if not self.corpus.is_dir():
            self._ingestion.listing = None  # a folder put back later is walked, not patched
            raise CorpusNotFoundError(self.corpus)
        try:
            lock = WriterLock(self.index_dir, wait=self.lock_wait, on_wait=self.on_wait)
            with Interrupts() as self._interrupts, lock:
                summary = self._update(full, progress, allow_empty, touched)
        except OSError as exc:
            self._model.release(stop=True)
            self._last.forget()
            self._ingestion.listing = None
            raise IndexWriteError(exc, self.index_dir) from None
        except BaseException:
            self._model.release(stop=True)
            self._last.forget()
            self._ingestion.listing = None
            raise
        self._model.release()
        summary.seconds = time.perf_counter() - start
        return summary

    def _update(self, full: bool, progress, allow_empty: bool = False, touched=None) -> IndexSummary:
        remove_stale_generations(self.index_dir)
        walked = self._ingestion.list_folder(touched, self.own_process)  # listed once: hashed here, read below
        self._run = UpdateRun(program_fingerprint(), walked=quick.walk_digest(walked))
        first = self._updates == 1
        gen_path = self._generation()
        if not full and gen_path is not None:
            summary = quick.unchanged(gen_path, self.corpus, self._run.program, self._run.walked)
            if summary is not None:
                return summary  # nothing changed, told without reading the manifest
            self._model.guess(first)
        from findit.ingest.corpus import scan_stats  # the readers: not needed when nothing changed

        with collector.paused():  # the manifest: several objects per document, no cycle
            current = self._current(gen_path)
        gen_path, meta = current if current is not None else (None, None)
        # Only files whose size or mtime moved since the manifest are read and hashed.
        known = meta if meta is not None else {}
        files, stats = scan_stats(self.corpus, self.settings, known.get("files"), known.get("stats"), walked)
        self._run.stats = stats
        # An empty folder, whichever it is, never empties an index unless asked twice (--full --allow-empty):
        # most likely the wrong folder or an unmounted disk.
        if not (full and allow_empty) and meta is not None and not files and meta["docs"]:
            raise EmptyCorpusError(self.corpus, len(meta["docs"]))
        if self._run.damaged:
            meta = None  # a file of it was truncated, altered or removed: rebuild (the summary says why)
        if meta is not None and meta.get("corpus") != str(self.corpus.resolve()):
            meta = None  # another corpus: rebuild rather than delete everything entry by entry
        if meta is not None and meta.get("program") != self._run.program:
            meta = None  # findit itself changed how it reads or analyses files: rebuild, cache still used
        if not full and gen_path is not None and meta is not None and files == meta["files"]:
            # Nothing changed (and the generation is whole): no parsing, no Whoosh, and the worker the
            # walk's guess started (ModelStart.guess) is ended unused.
            if meta.get("stats") != stats:
                # Touched, not changed: remember the new times, so the next run does not read them again.
                meta["stats"] = stats
                write_json(gen_path / META, meta)
                self._last.wrote_manifest(gen_path, meta)
            quick.save(gen_path, meta, self._run.walked)  # its record was missing or stale: the next run needs none
            return IndexSummary(
                unchanged=len(meta["docs"]),
                documents=len(meta["docs"]),
                files=len(files),
                skipped=[SkippedFile(s, r) for s, r in meta.get("skipped", [])],
                generation=gen_path.name,
            )

        incremental = not full and gen_path is not None and meta is not None
        if incremental:
            self._model.for_change(files, known["files"], first)  # known: this meta
        else:
            self._model.for_build(files, first)
        # The manifest keeps the hashes taken before parsing: a file saved while this run parses it
        # then differs from the manifest, and the next run reads it again (never the reverse).
        corpus = self._ingest(from_store=incremental, hashes=files, walked=walked)
        parsed = self.ingester.parsed
        if self.once:
            self._ingestion.drop_ingester()  # its documents: those of `corpus` alone hold them now
        corpus.changed |= self._unindexed
        self._unindexed = set()  # planned now; if this update fails, the next plans every document
        writer = GenerationWriter(
            self.settings, lambda: self.analyser, self._last, self._run, self._stopping, self.once
        )
        if gen_path is None or meta is None or full:  # not incremental, as mypy can follow it
            summary = writer.rebuild(corpus, files, current[1]["docs"] if current is not None else {}, progress)
        else:
            summary = writer.incremental(gen_path, meta, corpus, files, progress)
        summary.parsed = parsed
        return summary

    def _stopping(self) -> bool:
        """Asked at the update's safe points: an interrupt swallowed on its way is raised again here;
        true when `self.stop` says so."""
        self._interrupts.check()
        return self.stop is not None and self.stop()

    def _ingest(self, **how):
        """CorpusIngestion.ingest; started from a kept state, that state's fingerprints are the plan's."""
        corpus = self._ingestion.ingest(settle=self.own_process, **how)
        if self._ingestion.restored is not None:
            self._last.fingerprints = self._ingestion.restored
        return corpus

    # -- generations --

    def _current(self, path: Path | None) -> tuple[Path, dict] | None:
        """The current generation (`path`, from _generation()) and its manifest; None when there is none.
        When it is damaged (checked against its manifest), self._run.damaged says why."""
        if path is None:
            return None
        meta = self._last.manifest(path)
        if meta is None:
            return None
        if toc_generation(path) < 0:
            self._run.damaged = "sa table des matières (_MAIN_*.toc) manque"
        self._run.damaged = self._run.damaged or check_generation(path, meta) or ""
        return path, meta

    def _generation(self) -> Path | None:
        """The current generation's folder; None when there is none."""
        try:
            return current_path(self.settings)
        except NoIndexError:
            return None
