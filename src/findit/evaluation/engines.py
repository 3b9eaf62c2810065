"""The engines under test: findit as a user runs it, and the baselines a user could pick instead, each
built over the same documents."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from findit.documents import Document
from findit.evaluation.sets import JudgedQuery, matches_filters
from findit.settings import Settings

if TYPE_CHECKING:
    from findit.search import Searcher


# Every baseline weighs a title match more than a text match, as its user would set it up.
TITLE_BOOST = 2.0


def document_text(doc: Document) -> str:
    """Everything a user indexing these documents with a plain engine would feed it, besides the title."""
    return "\n\n".join(
        filter(
            None,
            [
                doc.summary,
                doc.body,
                " ; ".join(doc.speakers),
                " ; ".join(doc.organisations),
                " ; ".join(doc.tags),
                doc.outlet,
            ],
        )
    )


# --- engines -------------------------------------------------------------------------------------


class Engine:
    """One search engine under test: built once over the documents, then asked each judged query."""

    name = ""

    def build(self, documents: list[Document], workdir: Path) -> None:
        raise NotImplementedError

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        """Ranked document ids, best first, at most `depth`."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class FinditEngine(Engine):
    """findit itself: the real indexer and searcher, over the corpus folder the documents came from."""

    name = "findit"

    def __init__(self, corpus: Path, settings: Settings | None = None, index_dir: Path | None = None):
        self.corpus = corpus
        self.base = settings or Settings.from_env()
        self.index_dir = index_dir
        self.searcher: Searcher | None = None

    def build(self, documents: list[Document], workdir: Path) -> None:
        from findit.index import Indexer
        from findit.search import Searcher

        index = Path(self.index_dir or workdir / "findit-index")
        # The analysis cache is keyed by content hash: reuse the user's, so spaCy runs only on new text.
        user_cache = Path(self.base.index) / "cache"
        if user_cache.is_dir() and not (index / "cache").exists() and user_cache != index / "cache":
            shutil.copytree(user_cache, index / "cache")
        self.settings = replace(self.base, corpus=self.corpus, index=index)
        # Full: a kept index must not keep documents made by an older ingestion (files unchanged, code changed).
        Indexer(self.settings).update(full=True)
        self.searcher = Searcher(self.settings)

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        from findit.search.results import SearchRequest

        assert self.searcher is not None, "build() first"
        result = self.searcher.search(SearchRequest(query=query.query, limit=depth, filters=query.filters))
        return [hit.id for hit in result.hits]

    def close(self) -> None:
        close = getattr(self.searcher, "close", None)
        if close:
            close()


class WhooshEngine(Engine):
    """Whoosh as a user would set it up: title and text fields with one stock analyser, OR-grouped
    multi-field query, BM25F."""

    def __init__(self, name: str, analyzer_factory: Callable):
        self.name = name
        self.analyzer_factory = analyzer_factory

    def build(self, documents: list[Document], workdir: Path) -> None:
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.index import create_in
        from whoosh.qparser import MultifieldParser, OrGroup

        schema = Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=self.analyzer_factory()),
            text=TEXT(analyzer=self.analyzer_factory()),
        )
        path = workdir / re.sub(r"\W+", "-", self.name)
        path.mkdir(parents=True, exist_ok=True)
        self.index = create_in(str(path), schema)
        with self.index.writer() as writer:
            for doc in documents:
                writer.add_document(id=doc.id, title=doc.title, text=document_text(doc))
        self.docs = {d.id: d for d in documents}
        self.parser = MultifieldParser(
            ["title", "text"], schema, fieldboosts={"title": TITLE_BOOST}, group=OrGroup.factory(0.9)
        )
        self.searcher = self.index.searcher()

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        parsed = self.parser.parse(query.query)
        ids = []
        for hit in self.searcher.search(parsed, limit=None):
            if matches_filters(self.docs[hit["id"]], query.filters):
                ids.append(hit["id"])
                if len(ids) == depth:
                    break
        return ids

    def close(self) -> None:
        self.searcher.close()
        self.index.close()


class Fts5Engine(Engine):
    """SQLite FTS5 (the standard library's sqlite3) with unicode61 remove_diacritics 2, bm25 ranking, the
    query's words OR-ed."""

    name = "sqlite-fts5"

    def build(self, documents: list[Document], workdir: Path) -> None:
        path = workdir / "fts5.sqlite3"
        path.unlink(missing_ok=True)  # rebuilt each run, like the Whoosh baselines
        self.db = sqlite3.connect(str(path))
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(d.id, d.title, document_text(d)) for d in documents])
        self.db.commit()
        self.docs = {d.id: d for d in documents}

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        words = re.findall(r"\w+", query.query)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, ?, 1.0)", (match, TITLE_BOOST)
        )
        ids = []
        for (doc_id,) in rows:
            if matches_filters(self.docs[doc_id], query.filters):
                ids.append(doc_id)
                if len(ids) == depth:
                    break
        return ids

    def close(self) -> None:
        self.db.close()


class TantivyEngine(Engine):
    """tantivy (Rust, BM25), set up as its documentation suggests for French: simple tokenizer, lower case,
    French stop words, Snowball French stemmer, ASCII folding; the query's words OR-ed over title and
    text, the title boosted."""

    name = "tantivy"

    def build(self, documents: list[Document], workdir: Path) -> None:
        import tantivy

        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stopword("french"))
            .filter(tantivy.Filter.stemmer("french"))
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", tokenizer_name="fr")
        builder.add_text_field("text", tokenizer_name="fr")
        path = workdir / "tantivy"
        shutil.rmtree(path, ignore_errors=True)  # rebuilt each run, like the other baselines
        path.mkdir(parents=True)
        self.index = tantivy.Index(builder.build(), path=str(path))
        self.index.register_tokenizer("fr", analyzer)
        writer = self.index.writer()
        for doc in documents:
            writer.add_document(tantivy.Document(id=doc.id, title=doc.title, text=document_text(doc)))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.docs = {d.id: d for d in documents}

    def search(self, query: JudgedQuery, depth: int) -> list[str]:
        words = re.findall(r"\w+", query.query)
        if not words:
            return []
        parsed = self.index.parse_query(" ".join(words), ["title", "text"], field_boosts={"title": TITLE_BOOST})
        searcher = self.index.searcher()
        ids = []
        for _score, address in searcher.search(parsed, limit=max(depth * 20, 200)).hits:
            doc_id = searcher.doc(address)["id"][0]
            if matches_filters(self.docs[doc_id], query.filters):
                ids.append(doc_id)
                if len(ids) == depth:
                    break
        return ids


def baseline_engines() -> list[Engine]:
    from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer

    return [
        WhooshEngine("whoosh-standard", StandardAnalyzer),
        WhooshEngine("whoosh-fr", lambda: LanguageAnalyzer("fr")),
        Fts5Engine(),
        TantivyEngine(),
    ]
