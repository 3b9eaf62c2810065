"""The documents of the current generation with their analysis, read a chunk at a time (memory does not grow
with the archive), for the OpenSearch export.

Whoosh keeps the stored `doc` JSON of each document but not its analysed words in order (no term vectors:
only postings, term → documents), so a document's lemmas are not recoverable from the index short of
inverting all of it. They come from the analysis cache (index/cache, keyed by the content hash the stored
document carries), turned into tokens as the indexer did (names folded, never lemmatised): the same
terms the index holds, without spaCy. Nothing is written to the cache. A document the cache lacks (the
cache folder deleted, another spaCy model since) gets, for each word, every lemma the generation's lemma
table gave its form, and the form: the terms the query side may look that form up by."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from findit.analysis import TEXT_FIELDS, AnalysedToken, LemmaTable, words
from findit.index import CACHE, open_index
from findit.settings import Settings
from findit.text import fold_word

if TYPE_CHECKING:
    from findit.analysis.cache import AnalysisCache
    from findit.analysis.gazetteer import Gazetteer
    from findit.documents import Document

# Documents read, looked up in the cache and written per step, at most so many, or so many characters of
# text: memory is bounded by the chunk whatever the archive's size (a cached record holds ~1 KB per word).
CHUNK_DOCUMENTS = 32
CHUNK_CHARS = 200_000


@dataclass
class SourceStats:
    """What an export read: documents in the generation, and where their lemmas came from."""

    generation: str = ""
    documents: int = 0  # in the generation (not deleted)
    exported: int = 0
    from_cache: int = 0
    from_table: int = 0  # not in the analysis cache: lemmas from the lemma table


class IndexedDocuments:
    """The current generation, opened once: `len()` is its document count; iterating yields (stored
    Document dict, analysed text fields) for each document, in index order."""

    def __init__(self, settings: Settings, chunk: int = CHUNK_DOCUMENTS, chunk_chars: int = CHUNK_CHARS):
        self.settings = settings
        self.chunk, self.chunk_chars = max(1, chunk), chunk_chars
        # NoIndexError and DamagedIndexError as for every reader.
        self.opened = open_index(settings)
        self.stats = SourceStats(generation=self.opened.generation)
        with self.opened.index.reader() as reader:
            self.stats.documents = reader.doc_count()

    def __len__(self) -> int:
        return self.stats.documents

    @property
    def table(self) -> LemmaTable:
        return self.opened.table

    def __iter__(self) -> Iterator[tuple[dict, dict[str, list[AnalysedToken]]]]:
        from findit.analysis import Analyser, foreign
        from findit.analysis.gazetteer import Gazetteer
        from findit.search.hits import stored_doc, to_document

        # The analyser names the cache entries of this findit and spaCy model; it loads no model here.
        cache = Analyser(self.settings, Path(self.settings.index) / CACHE).cache
        gazetteer = Gazetteer.from_rows(_names(cache))
        self.stats.exported = self.stats.from_cache = self.stats.from_table = 0
        with self.opened.index.reader() as reader:
            for batch in self._chunks(map(stored_doc, reader.all_stored_fields())):
                documents = [to_document(doc) for doc in batch]
                # a page in another language is read without spaCy, as the analyser reads it: not cached
                records = _records(cache, [d.content_hash for d in documents if foreign.is_french(d)])
                for doc, document in zip(batch, documents, strict=True):
                    if not foreign.is_french(document):
                        fields = _from_record(document, foreign.folded_record(document), gazetteer)
                    elif (record := records.get(document.content_hash)) is not None:
                        fields = _from_record(document, record, gazetteer)
                        self.stats.from_cache += 1
                    else:
                        fields = _from_table(doc, self.opened.table)
                        self.stats.from_table += 1
                    self.stats.exported += 1
                    yield doc, fields

    def _chunks(self, docs: Iterator[dict]) -> Iterator[list[dict]]:
        batch: list[dict] = []
        chars = 0
        for doc in docs:
            batch.append(doc)
            chars += sum(len(doc.get(name) or "") for name in TEXT_FIELDS)
            if len(batch) >= self.chunk or chars >= self.chunk_chars:
                yield batch
                batch, chars = [], 0
        if batch:
            yield batch


def _names(cache: AnalysisCache) -> list[tuple[str, str, str]]:
    try:
        return cache.names() if cache.path is not None and cache.path.is_file() else []
    except OSError:
        return []  # an unreadable cache: every document from the lemma table


def _records(cache: AnalysisCache, hashes: list[str]) -> dict[str, dict]:
    if cache.path is None or not cache.path.is_file():
        return {}  # never create an empty cache file in the index folder
    try:
        return cache.get_many(h for h in hashes if h)
    except OSError:
        return {}


def _from_record(document: Document, record: dict, gazetteer: Gazetteer) -> dict[str, list[AnalysedToken]]:
    """The tokens the indexer made of this record (the analyser's own code, so they stay the same)."""
    from findit.analysis.build import build_analysed

    return build_analysed(document, document.content_hash, record, gazetteer).fields


def _from_table(doc: dict, table: LemmaTable) -> dict[str, list[AnalysedToken]]:
    """Each word of the text as its form and every lemma the index gave that form (findit's highlighter
    reads stored text the same way): the query side's term for the word is always among them."""
    fields: dict[str, list[AnalysedToken]] = {}
    for name in TEXT_FIELDS:
        tokens = []
        for raw in words(doc.get(name) or ""):
            form = fold_word(raw.text)
            for lemma in table.index_terms(form):
                tokens.append(AnalysedToken(lemma, form, raw.start, raw.end))
        fields[name] = tokens
    return fields
