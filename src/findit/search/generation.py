"""One opened index generation and everything read from it once: the Whoosh searcher, the query reader
bound to its lemma and acronym tables, its facet tables, and small caches of recent queries and
snippets."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import scoring

from findit.documents import Kind
from findit.index import open_index
from findit.index.facetstore import FacetTables
from findit.search.facets import FacetCounter
from findit.search.query import VALUE_FIELDS, QueryReader
from findit.search.synonyms import SynonymFile
from findit.settings import Settings
from findit.text import fold

# Queries whose scores a generation keeps (facet clicks and pages repeat a query).
CACHED_QUERIES = 64
CACHED_SNIPPETS = 1000


def weighting() -> scoring.BM25F:
    """BM25F without length normalisation for the name fields: most documents name nobody, so the few
    names a document has would otherwise count as a very long field."""
    return scoring.BM25F(speakers_B=0.0, organisations_B=0.0)


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
    scores: OrderedDict = field(default_factory=OrderedDict)  # recent queries -> scores
    snippets: OrderedDict = field(default_factory=OrderedDict)  # (docnum, terms) -> snippet
    _display: dict[str, str] | None = None

    @classmethod
    def open(cls, settings: Settings) -> Generation:
        ix, _table, key, acronyms = open_index(settings)
        searcher = ix.searcher(weighting=weighting())
        reader = searcher.reader()
        tables = FacetTables.load(
            Path(ix.storage.folder), reader.generation(), reader.doc_count_all()
        ) or FacetTables.read(reader)
        facets = FacetCounter(tables)
        values = {name: facets.values(name) for name in VALUE_FIELDS}
        synonyms = SynonymFile(settings.synonyms_file())
        words = reader if settings.other_forms else None  # the index's words: typos and joined forms
        parser = QueryReader(ix.schema, values, {"kind": dict(Kind.LABELS_FR)}, acronyms, words, synonyms.current)
        return cls(key, ix, searcher, reader, ix.schema, parser, tables, facets)

    def remember(self, store: OrderedDict, key, value, size: int) -> None:
        store[key] = value
        while len(store) > size:
            store.popitem(last=False)

    @property
    def display(self) -> dict[str, str]:
        """Folded name word -> display form, for suggestions; built when a query first needs one (most
        never do: a one-shot query would pay for it at every run)."""
        display = self._display
        if display is None:
            display = {}  # built aside and set whole (another thread may read it meanwhile)
            for facet in ("speaker", "organisation"):
                for value in self.facets.values(facet):
                    for word in value.split():
                        display.setdefault(fold(word).strip(".,;:"), word.strip(".,;:"))
            self._display = display
        return display

    def close(self) -> None:
        self.searcher.close()
