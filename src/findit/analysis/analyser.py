"""Documents → AnalysedDocs: spaCy in batches for what the cache lacks, then names from NER and gazetteer."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from findit.analysis import foreign
from findit.analysis.acronympairs import find_acronyms, is_organisation_name
from findit.analysis.acronyms import AcronymTable
from findit.analysis.analysed import TEXT_FIELDS, AnalysedDoc
from findit.analysis.build import build_analysed
from findit.analysis.cache import AnalysisCache
from findit.analysis.gazetteer import ACRONYM, ORG, PERSON, Gazetteer
from findit.analysis.lemmatizer import Lemmatizer
from findit.analysis.workers import Item, ParsePool, parse_items
from findit.documents import Document, Kind, content_hash
from findit.settings import Settings

if TYPE_CHECKING:
    from concurrent.futures import Future

# Bump when the cached records change meaning (tokenisation, what is stored).
ANALYSIS_VERSION = "3"


@dataclass
class AnalysisStats:
    """What the last analyse() call did (for progress output and benchmarks)."""

    documents: int = 0
    from_cache: int = 0
    analysed: int = 0
    words: int = 0  # words run through spaCy
    seconds: float = 0.0  # spaCy time, model load excluded (analyse_chunks with workers: the whole run)


class Analyser:
    """Runs the French analysis over documents, spaCy loaded only when a document is not in the cache."""

    def __init__(
        self,
        settings: Settings | None = None,
        cache_dir: Path | None = None,
        ner: bool = True,
        lemmatizer: Lemmatizer | None = None,
    ):
        self.settings = settings or Settings()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.ner = ner
        # A lemmatizer may be shared by analysers with different caches: its model is loaded once.
        self.lemmatizer = lemmatizer or Lemmatizer(
            batch_size=self.settings.batch_size,
            piece_chars=self.settings.analysis_piece_chars,
            batch_chars=self.settings.analysis_batch_chars,
        )
        # Told when the model starts loading (True), here or in worker processes, and once it has (False).
        self.on_model: Callable[[bool], None] | None = None
        version = f"{ANALYSIS_VERSION}:{self.lemmatizer.model_version}:{'ner' if ner else 'lemma'}"
        self.cache = AnalysisCache(self.cache_dir, version)
        self.stats = AnalysisStats()
        # The gazetteer of the names table it was built from: rebuilt only when the table changed (an
        # indexer states every name before the first chunk; building it costs ~0.1 ms a name, per chunk).
        self._gazetteer: tuple[list, Gazetteer] | None = None
        # Workers started ahead of the analysis (prefetch_model), and their model load, running.
        self._prefetched: tuple[ParsePool, list[Future]] | None = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["cache"] = AnalysisCache(self.cache_dir, self.cache.version)
        state["on_model"] = None
        state["_gazetteer"] = None
        state["_prefetched"] = None
        return state

    def gazetteer(self) -> Gazetteer:
        """The names known so far (the cache's table), as a gazetteer."""
        rows = self.cache.names()
        if self._gazetteer is None or self._gazetteer[0] != rows:
            self._gazetteer = (rows, Gazetteer.from_rows(rows))
        return self._gazetteer[1]

    @property
    def model_loaded(self) -> bool:
        return self.lemmatizer.loaded

    def load_model(self) -> None:
        """Load spaCy now rather than on the first document that needs it (`findit watch`)."""
        if not self.lemmatizer.loaded:
            self._tell(True)
            self.lemmatizer.load()
            self._tell(False)

    def prefetch_model(self, workers: int = 1) -> None:
        """Start loading spaCy now in `workers` worker processes, which will then parse what this analyser
        is given: a one-shot `findit index` that found changed files loads the model on another core
        while ingestion reads them, instead of after. No effect when the model is loaded here, workers are
        already started, or the settings allow none. release_workers() ends them."""
        if self.lemmatizer.loaded or self._prefetched is not None or self.settings.analysis_workers < 1:
            return
        pool = ParsePool(max(1, min(workers, self.settings.analysis_workers)), self.lemmatizer, self.ner)
        self._prefetched = (pool, pool.load())

    def release_workers(self, stop: bool = False) -> None:
        """End the workers prefetch_model() started, if any (`stop`: the run is failing)."""
        if self._prefetched is not None:
            pool, _ = self._prefetched
            self._prefetched = None
            pool.close(stop=stop)

    def _tell(self, loading: bool) -> None:
        if self.on_model is not None:
            self.on_model(loading)

    def learn_names(self, documents: Iterable[Document]) -> None:
        """Add the names that documents state in their structure (speakers, organisations, person pages,
        acronyms defined in their text) to the gazetteer, without analysing them. An indexer that analyses
        the archive in chunks calls this with every document first, so that the first chunks already know
        the names of the last ones. Cheap: no spaCy."""
        self.cache.add_names(_known_names(list(documents)))

    def acronyms(self) -> AcronymTable:
        """The acronym pairs the archive has defined so far (saved with the index for query time)."""
        return AcronymTable.from_gazetteer(self.gazetteer())

    def analyse(self, documents: Iterable[Document]) -> dict[str, AnalysedDoc]:
        docs = list(documents)
        pending = self._start(docs)
        if pending.missing:
            self.load_model()  # outside the timed part
            started = time.perf_counter()
            fresh, words = parse_items(self.lemmatizer, _items(pending.missing.values()), self.ner)
            pending.stats.words, pending.stats.seconds = words, time.perf_counter() - started
            pending.fresh = fresh
        self.stats = pending.stats
        return self._finish(pending)

    def analyse_chunks(
        self, chunks: Iterable[list[Document]], documents: int
    ) -> Iterator[tuple[list[Document], dict[str, AnalysedDoc]]]:
        """analyse() over each chunk, in order. With `documents` (their total) at or above the settings'
        `parallel_min_documents`, or workers prefetched, spaCy runs in worker processes a few chunks ahead of
        the caller, which meanwhile writes what it was given; below it, a worker's model load would cost
        more than it saves."""
        workers = self.settings.analysis_workers
        if self._prefetched is None and (workers < 1 or documents < self.settings.parallel_min_documents):
            for chunk in chunks:
                yield chunk, self.analyse(chunk)
            return
        total = AnalysisStats()
        started = time.perf_counter()
        # Started by the first chunk the cache lacks, unless prefetch_model() started them (then theirs to end).
        own = self._prefetched is None
        pool: ParsePool | None = None if self._prefetched is None else self._prefetched[0]
        loading = False  # the workers are loading their models: until their first answer
        if self._prefetched is not None and not all(load.done() for load in self._prefetched[1]):
            loading = True
            self._tell(True)

        def finish(pending: _Pending) -> tuple[list[Document], dict]:
            nonlocal loading
            done = self._finish_parallel(pending, total, pool)
            if loading:
                loading = False
                self._tell(False)
            return done

        try:
            queue: deque[_Pending] = deque()
            for chunk in chunks:
                pending = self._start(chunk)
                if pending.missing:
                    if pool is None:
                        pool, loading = ParsePool(workers, self.lemmatizer, self.ner), True
                        self._tell(True)
                    tasks = split_tasks(_items(pending.missing.values()), self.settings.analysis_task_chars)
                    pending.futures = [pool.submit(task) for task in tasks]
                queue.append(pending)
                # Two chunks per worker in flight: the workers never wait for the writer, and memory stays flat.
                while len(queue) > 2 * workers:
                    yield finish(queue.popleft())
            while queue:
                yield finish(queue.popleft())
        except BaseException:  # Ctrl-C, a failed write, the caller stopping early: what is parsing is lost
            if pool is not None and own:
                pool.close(stop=True)
            raise
        if pool is not None and own:
            pool.close()
        total.seconds = time.perf_counter() - started
        self.stats = total

    def _finish_parallel(
        self, pending: _Pending, total: AnalysisStats, pool: ParsePool | None
    ) -> tuple[list[Document], dict]:
        if pool is not None:
            for future in pending.futures:
                fresh, words = pool.result(future)
                for doc_id, record in fresh.items():  # a document's texts may come back in two tasks
                    pending.fresh.setdefault(doc_id, {"f": {}})["f"].update(record["f"])
                pending.stats.words += words
        for name in ("documents", "from_cache", "analysed", "words"):
            setattr(total, name, getattr(total, name) + getattr(pending.stats, name))
        return pending.docs, self._finish(pending)

    def _start(self, docs: list[Document]) -> _Pending:
        """What the cache already knows of these documents, and the ones spaCy must read."""
        # Ingestion sets the hash; documents made another way (tests, benchmarks) get it here.
        hashes = {doc.id: foreign.cache_key(doc, doc.content_hash or content_hash(doc)) for doc in docs}
        # a page in another language is read without spaCy, in no time: neither looked up in the cache nor kept
        folded = {hashes[doc.id]: foreign.folded_record(doc) for doc in docs if not foreign.is_french(doc)}
        records = self.cache.get_many(h for h in set(hashes.values()) if h not in folded)
        found = sum(hashes[doc.id] in records for doc in docs)
        records.update(folded)
        missing: dict[str, Document] = {}
        for doc in docs:
            if hashes[doc.id] not in records:
                missing.setdefault(hashes[doc.id], doc)
        stats = AnalysisStats(documents=len(docs), from_cache=found, analysed=len(missing))
        return _Pending(docs, hashes, records, missing, stats)

    def _finish(self, pending: _Pending) -> dict[str, AnalysedDoc]:
        records = pending.records
        if pending.missing:
            fresh = {h: pending.fresh.get(doc.id, {"f": {}}) for h, doc in pending.missing.items()}
            records.update(fresh)
            self.cache.put_many(fresh)
        self.learn_names(pending.docs)
        gazetteer = self.gazetteer()
        return {
            doc.id: build_analysed(doc, pending.hashes[doc.id], records[pending.hashes[doc.id]], gazetteer)
            for doc in pending.docs
        }


@dataclass
class _Pending:
    """One chunk between its cache lookup and its analysed documents."""

    docs: list[Document]
    hashes: dict[str, str]
    records: dict[str, dict]
    missing: dict[str, Document]  # content hash -> a document with that content, for spaCy
    stats: AnalysisStats
    fresh: dict[str, dict] = field(default_factory=dict)  # doc id -> record, from spaCy
    futures: list[Future] = field(default_factory=list)  # the workers' parse of `missing`, task by task


def _items(docs: Iterable[Document]) -> list[Item]:
    return [(doc.id, name, text) for doc in docs for name in TEXT_FIELDS if (text := getattr(doc, name) or "").strip()]


def split_tasks(items: list[Item], max_chars: int) -> list[list[Item]]:
    """The items in order, in runs of at most `max_chars` characters of text (an item longer than that alone)."""
    tasks: list[list[Item]] = []
    size = 0
    for item in items:
        if not tasks or size + len(item[2]) > max_chars:
            tasks.append([])
            size = 0
        tasks[-1].append(item)
        size += len(item[2])
    return tasks


def _known_names(docs: list[Document]) -> Counter:
    """What the archive's structure says about names: speakers, organisations, person pages, and the
    organisations' acronyms its text defines; with how often each is stated."""
    rows: Counter = Counter()
    for doc in docs:
        rows.update((PERSON, s, "") for s in doc.speakers if s.strip())
        if doc.kind == Kind.PERSON and doc.title.strip():
            rows[(PERSON, doc.title, "")] += 1
        for org in doc.organisations:
            rows[(ORG, org, "")] += 1
            # Listed as an organisation: its acronym pair is trusted whatever its head word.
            rows.update((ACRONYM, a, long) for a, long in find_acronyms(org))
        for name in TEXT_FIELDS:
            rows.update(
                (ACRONYM, a, long) for a, long in find_acronyms(getattr(doc, name) or "") if is_organisation_name(long)
            )
    return rows
