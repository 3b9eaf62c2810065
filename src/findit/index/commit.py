"""An update's writing: the documents analysed chunk by chunk and written into Whoosh, either into a new
generation swapped in whole (a rebuild) or committed into the current one (an incremental update), with the
lemma, acronym and facet tables and, last, the manifest. `Indexer` (findit.index.writer) decides which, and
what changed; `GenerationWriter` writes it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from findit import collector
from findit.documents import Document
from findit.index import quick
from findit.index.failures import IndexerError, abandon, clean_generation
from findit.index.generations import (
    LEMMAS,
    META,
    generation_record,
    new_generation,
    remove_stale_generations,
    storage,
    swap_current,
    toc_generation,
)
from findit.index.lastcommit import LastCommit
from findit.index.manifest import build_manifest, plan_update
from findit.index.summary import IndexSummary
from findit.index.tables import lemma_pairs, save_acronyms, save_facets
from findit.jsonfile import write_json
from findit.settings import Settings

if TYPE_CHECKING:
    from findit.analysis import Analyser

# An incremental commit merges segments only once this many have gathered.
MERGE_AFTER = 8


class UpdateStopped(IndexerError):
    """The update was asked to stop (its watcher is stopping) before it finished."""

    def __init__(self) -> None:
        super().__init__("arrêté avant la fin ; l'index est resté tel quel")


def chunked(documents: Iterable[Document], max_documents: int, max_chars: int) -> Iterator[list[Document]]:
    """The documents in order, in chunks of at most `max_documents` documents and, unless one document is
    longer alone, `max_chars` characters of text: what a chunk holds in memory grows with its text."""
    chunk: list[Document] = []
    chars = 0
    for doc in documents:
        size = sum(len(getattr(doc, name) or "") for name in ("title", "summary", "body"))
        if chunk and (len(chunk) >= max_documents or chars + size > max_chars):
            yield chunk
            chunk, chars = [], 0
        chunk.append(doc)
        chars += size
    if chunk:
        yield chunk


def taken(documents: list[Document]) -> Iterator[Document]:
    """The documents in order, each let go by the list as it is handed out (the list ends empty)."""
    documents.reverse()
    while documents:
        yield documents.pop()


@dataclass
class UpdateRun:
    """What one update learnt before writing, which the manifest records: the code's fingerprint, each
    file's [size, mtime_ns], the walk's digest; and why the current generation could not be read, if so."""

    program: str
    stats: dict[str, list[int]] = field(default_factory=dict)
    walked: str | None = None
    damaged: str = ""


class GenerationWriter:
    """Writes one update. `analyser`: asked for only when there is something to analyse (the analyser is
    made on first use); `stop`: asked between chunks and before the commit, true ends the update
    (UpdateStopped; it may raise KeyboardInterrupt itself); `once`: the rebuild lets each document go
    once written."""

    def __init__(
        self,
        settings: Settings,
        analyser: Callable[[], Analyser],
        last: LastCommit,
        run: UpdateRun,
        stop: Callable[[], bool] | None = None,
        once: bool = False,
    ):
        self.settings = settings
        self.index_dir = Path(settings.index)
        self.corpus = Path(settings.corpus)
        self._analyser = analyser
        self._last = last
        self.run = run
        self.stop = stop
        self.once = once

    def rebuild(self, corpus, files: dict[str, str], old_docs: dict, progress) -> IndexSummary:
        """A new generation of the corpus's documents, swapped in when whole. `old_docs`: what the current
        generation's manifest holds (the summary counts what was added and updated against it)."""
        from findit.analysis import AcronymTable, LemmaTable
        from findit.index.pool import open_writer
        from findit.index.schema import build_schema

        plan = plan_update(old_docs, corpus, self._last.fingerprints)
        # A full rebuild keeps no previous version of a broken file: it rebuilds from what parses now.
        plan.docs = {d.id: plan.docs[d.id] for d in corpus.documents}
        plan.remove = [i for i in old_docs if i not in plan.docs]
        plan.skipped = list(corpus.skipped)
        plan.write = []  # a rebuild writes the corpus's documents, which its list alone holds
        analysed = len(corpus.documents)
        gen_path = new_generation(self.index_dir)
        try:
            table = LemmaTable()
            ix = storage(gen_path).create_index(build_schema(table))
            # The posting pool's runs: 128 MB by Whoosh's count (~170 MB held), not 256 (~390 MB at 10,000 documents)
            writer = open_writer(ix, limitmb=128)
            try:
                self._write(writer, table, corpus.documents, progress, update=False, let_go=self.once)
                table.save(gen_path / LEMMAS)
                save_acronyms(self._analyser().acronyms() if analysed else AcronymTable(), gen_path)
                writer.commit()
            except BaseException:
                abandon(writer)
                raise
            self._last.saved_facets(gen_path, save_facets(ix, gen_path))
            self._save_manifest(gen_path, files, plan, ix.latest_generation())
            self._stop_if_asked()  # the last moment nobody sees this generation
            swap_current(self.index_dir, gen_path)
        except BaseException:
            # Not swapped in: nobody reads it, and on a nearly full disk it would stop the next run.
            shutil.rmtree(gen_path, ignore_errors=True)
            raise
        remove_stale_generations(self.index_dir)
        unchanged = len(plan.docs) - plan.added - plan.updated
        return IndexSummary(
            added=plan.added,
            updated=plan.updated,
            removed=len(plan.remove),
            unchanged=unchanged,
            skipped=plan.skipped,
            documents=len(plan.docs),
            files=len(files),
            analysed=analysed,
            generation=gen_path.name,
            full=True,
            repaired=self.run.damaged,
        )

    def incremental(self, gen_path: Path, meta: dict, corpus, files: dict[str, str], progress) -> IndexSummary:
        """What changed, committed into the current generation; rebuilt instead when it cannot be opened."""
        with collector.paused():
            plan = plan_update(meta["docs"], corpus, self._last.fingerprints)
        summary = IndexSummary(
            added=plan.added,
            updated=plan.updated,
            removed=len(plan.remove),
            unchanged=plan.unchanged,
            skipped=plan.skipped,
            documents=len(plan.docs),
            files=len(files),
            analysed=len(plan.write),
            generation=gen_path.name,
        )
        if plan.write or plan.remove:
            from whoosh.index import EmptyIndexError
            from whoosh.writing import NO_MERGE

            from findit.index import safepickle
            from findit.index.pool import open_writer
            from findit.index.schema import build_schema
            from findit.index.tailmerge import merge_tail

            safepickle.install()
            try:
                table = self._last.lemmas(gen_path)
                ix = storage(gen_path).open_index(schema=build_schema(table))
            except (EmptyIndexError, OSError, ValueError) as exc:
                self.run.damaged = str(exc) or type(exc).__name__
                return self.rebuild(corpus, files, meta["docs"], progress)  # damaged: start afresh, swap when done
            clean_generation(gen_path)  # what a failed or killed run left: room for this one
            writer = open_writer(ix, timeout=10.0)
            try:
                for doc_id in plan.remove:
                    writer.delete_by_term("id", doc_id)
                pairs = lemma_pairs(table)
                self._write(writer, table, plan.write, progress, update=True)
                # Saved before the commit: a reader of the previous commit is served by a larger table.
                if lemma_pairs(table) != pairs:
                    table.save(gen_path / LEMMAS)
                    self._last.saved_lemmas(gen_path, table)
                if plan.write:
                    save_acronyms(self._analyser().acronyms(), gen_path)
                self._stop_if_asked()  # the last moment before readers see the change
                # Merging segments costs more than the update itself: let a few small ones gather first.
                writer.commit(mergetype=merge_tail if len(writer.segments) >= MERGE_AFTER else NO_MERGE)
            except BaseException:
                abandon(writer)
                clean_generation(gen_path)  # the uncommitted segment's files
                self._last.forget()  # its lemma table may hold forms of documents that were not committed
                raise
            tables = save_facets(ix, gen_path, meta.get("whoosh_generation"), self._last.facets(gen_path))
            self._last.saved_facets(gen_path, tables)
            toc = ix.latest_generation()
        else:
            toc = meta.get("whoosh_generation", toc_generation(gen_path))
        # Written last, also when only file hashes changed (a file saved unchanged, a broken file).
        self._save_manifest(gen_path, files, plan, toc)
        return summary

    def _stop_if_asked(self) -> None:
        if self.stop is not None and self.stop():
            raise UpdateStopped

    def _analysed_chunks(self, documents: list[Document], progress, let_go: bool):
        total = len(documents)
        if progress is not None:
            progress(0, total)
        done = 0
        listed = taken(documents) if let_go else documents
        chunks = chunked(listed, self.settings.chunk_documents, self.settings.chunk_chars)
        for chunk, analysed in self._analyser().analyse_chunks(chunks, total):
            self._stop_if_asked()
            yield chunk, analysed
            done += len(chunk)
            if progress is not None:
                progress(done, total)

    def _write(self, writer, table, documents: list[Document], progress, update: bool, let_go: bool = False) -> None:
        """Analyse and write the documents, chunk by chunk; `let_go`: taken out of the list as they go."""
        from findit.analysis import foreign
        from findit.index.schema import index_fields

        if documents:
            # The names these documents state are known before the first chunk is analysed (those of
            # the documents already indexed were learnt, and kept in the cache, when they were written).
            self._analyser().learn_names(documents)

        add = writer.update_document if update else writer.add_document
        for chunk, analysed in self._analysed_chunks(documents, progress, let_go):
            # A page in another language gives its words as their own lemmas: not the French forms' lemmas
            # the query side looks words up by (« services » would no longer be one of « service »).
            table.update(analysed[doc.id] for doc in chunk if foreign.is_french(doc))
            for doc in chunk:
                add(**index_fields(doc, analysed[doc.id]))

    def _save_manifest(self, gen_path: Path, files: dict[str, str], plan, toc: int) -> None:
        """The manifest, last: what the generation holds, and the record check_generation() reads."""
        manifest = build_manifest(self.corpus, files, plan, toc, self.run.program, self.run.stats)
        manifest["check"] = generation_record(gen_path, toc)
        write_json(gen_path / META, manifest)
        self._last.wrote_manifest(gen_path, manifest)
        quick.save(gen_path, manifest, self.run.walked)
        self._last.fingerprints = plan.docs
