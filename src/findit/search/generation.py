"""One opened index generation and everything read from it once: the Whoosh searcher, the query reader
bound to its lemma and acronym tables, its facet tables, and small caches of recent queries and
snippets.

A Whoosh reader is not made for concurrent use (its files are read by seek then read), so a server gives each
thread its own `Generation.view()`: a Whoosh searcher and query reader of its own over the same opened index,
sharing everything read-only (schema, facet tables, value lists, caches) with the generation it comes from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from findit.index import open_index
from findit.index.facetstore import FacetTables
from findit.search.facets import FacetCounter
from findit.search.keptscores import weight as kept_weight
from findit.search.query import QueryReader
from findit.search.queryparser import VALUE_FIELDS
from findit.search.recent import Recent
from findit.search.results import VALUE_NAMES
from findit.search.synonyms import SynonymFile
from findit.search.weighting import Weighting
from findit.settings import Settings
from findit.text import fold

# Queries whose scores a generation keeps (facet clicks and pages repeat a query).
CACHED_QUERIES = 64
# ...and the documents they score, together (12 bytes each, findit.search.keptscores): 12 MB at most, and
# each query's documents as bits (an eighth of a byte per document of the archive).
CACHED_SCORED_DOCUMENTS = 1_000_000
CACHED_SNIPPETS = 1000


class StaleGenerationError(Exception):
    """A view asked of a generation that a commit has replaced: open the current one instead."""


@dataclass
class Generation:
    """One opened generation (see the module docstring)."""

    key: str
    index: Any
    searcher: Any
    reader: Any
    schema: Any
    parser: QueryReader
    tables: FacetTables
    facets: FacetCounter
    # recent queries -> what they matched (findit.search.keptscores)
    scores: Recent = field(default_factory=lambda: Recent(CACHED_QUERIES, CACHED_SCORED_DOCUMENTS, kept_weight))
    snippets: Recent = field(default_factory=lambda: Recent(CACHED_SNIPPETS))  # (docnum, terms) -> snippet
    # (words, documents) -> what ranking.rerank read of the index for them
    reranks: Recent = field(default_factory=lambda: Recent(CACHED_QUERIES))
    # a month or day asked in a query -> the documents whose text names it (findit.search.datefilter)
    mentioned: Recent = field(default_factory=lambda: Recent(CACHED_QUERIES))
    # What a view needs to build its own query reader: value lists, acronyms, synonyms, other forms on/off.
    query_parts: tuple = ()
    # Built on first use and shared by every view (the display forms of name words).
    lazy: dict = field(default_factory=dict)

    @classmethod
    def open(cls, settings: Settings) -> Generation:
        ix, _table, key, acronyms = open_index(settings)
        searcher = ix.searcher(weighting=Weighting())
        try:
            reader = searcher.reader()
            tables = FacetTables.load(
                Path(ix.storage.folder), reader.generation(), reader.doc_count_all()
            ) or FacetTables.read(reader)
            facets = FacetCounter(tables)
            values = {name: facets.values(name) for name in VALUE_FIELDS}
            synonyms = SynonymFile(settings.synonyms_file())
            parts = (values, acronyms, synonyms.current, settings.other_forms)
            parser = _query_reader(ix.schema, parts, reader)
        except BaseException:
            searcher.close()  # a generation removed meanwhile: its files are not kept open
            raise
        return cls(key, ix, searcher, reader, ix.schema, parser, tables, facets, query_parts=parts)

    def view(self) -> Generation:
        """Another reader of this generation, for another thread: its own Whoosh searcher and query reader,
        everything else shared (caches included: the same generation gives the same document numbers).
        Raises StaleGenerationError when a commit has replaced it since it was opened (Whoosh opens the
        latest commit, whose document numbers the shared tables do not describe)."""
        # the base's weighting: the averages it computed hold for this generation's every reader
        searcher = self.index.searcher(weighting=self.searcher.weighting)
        try:
            reader = searcher.reader()
            if reader.generation() != self.reader.generation():
                raise StaleGenerationError(f"{self.key} was replaced by a commit")
            parser = _query_reader(self.schema, self.query_parts, reader)
        except BaseException:
            searcher.close()
            raise
        return dataclasses.replace(self, searcher=searcher, reader=reader, parser=parser)

    @property
    def display(self) -> dict[str, str]:
        """Folded name word -> display form, for suggestions; built when a query first needs one (most
        never do: a one-shot query would pay for it at every run)."""
        display = self.lazy.get("display")
        if display is None:
            display = {}  # built aside and set whole (another thread may read it meanwhile)
            for facet in ("speaker", "organisation"):
                for value in self.facets.values(facet):
                    for word in value.split():
                        display.setdefault(fold(word).strip(".,;:"), word.strip(".,;:"))
            self.lazy["display"] = display
        return display

    def close(self) -> None:
        self.searcher.close()


def _query_reader(schema, parts: tuple, reader) -> QueryReader:
    values, acronyms, synonyms, other_forms = parts
    words = reader if other_forms else None  # the index's words: typos and joined forms
    return QueryReader(schema, values, VALUE_NAMES, acronyms, words, synonyms)
