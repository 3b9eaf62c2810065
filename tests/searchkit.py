"""Small real indexes for the search tests: Documents written with the schema's own fields into a
generation laid out as the indexer lays it out (current -> gen-0001, lemmas.json, meta.json)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from whoosh.index import create_in

from findit.analysis import Analyser, LemmaTable
from findit.documents import Document
from findit.results import SearchRequest
from findit.schema import build_schema, index_fields
from findit.search import Searcher
from findit.settings import Settings


def doc(id: str, title: str, body: str = "", kind: str = "article", **kw) -> Document:
    when = kw.pop("date", None)
    if isinstance(when, str):
        when = dt.date.fromisoformat(when)
    year = kw.pop("year", when.year if when else None)
    d = Document(id=id, kind=kind, title=title, body=body, source=f"{id}.md", date=when, year=year, **kw)
    d.content_hash = id + str(hash((title, body, d.summary)))
    return d


def build_index(root: Path, documents: list[Document], analyser: Analyser | None = None,
                generation: str = "gen-0001") -> Settings:
    index = Path(root) / "index"
    gen = index / generation
    gen.mkdir(parents=True)
    analyser = analyser or Analyser(None, index / "cache")
    analysed = analyser.analyse(documents)
    table = LemmaTable()
    table.update(analysed.values())
    table.save(gen / "lemmas.json")
    ix = create_in(str(gen), build_schema(table))
    with ix.writer() as writer:
        for d in documents:
            writer.update_document(**index_fields(d, analysed[d.id]))
    (gen / "meta.json").write_text(json.dumps({"files": {}}), encoding="utf-8")
    tmp = index / ".current-tmp"
    os.symlink(generation, tmp)
    os.replace(tmp, index / "current")
    return Settings(corpus=Path(root) / "corpus", index=index)


FILLER = ("Le service public numérique avance par étapes, avec les agents et les usagers, "
          "dans chaque administration qui le souhaite. ")

DOCS = [
    # title above body
    doc("carto-title", "Cartographie des usages", FILLER * 3, date="2021-03-01"),
    doc("carto-body", "Un atelier de plus", FILLER + "Nous parlerons de cartographie. " + FILLER * 2,
        date="2021-03-02"),
    # phrase and proximity
    doc("near", "Webinaire", FILLER + "Les données publiques ouvertes sont un bien commun. " + FILLER,
        date="2020-05-01"),
    doc("far", "Webinaire bis", FILLER + "Les données sont là. " + FILLER + "Les politiques publiques aussi. ",
        date="2020-05-02"),
    # exact word form above other forms of the same lemma
    doc("form-exact", "Note", FILLER + "Les algorithmes décident. " + FILLER, date="2018-01-01"),
    doc("form-other", "Note bis", FILLER + "Un algorithme décide. " + FILLER, date="2018-01-02"),
    # names weighted
    doc("speaker", "Table ronde sur la sociologie", FILLER * 2, kind="event", date="2019-11-29",
        speakers=["Dominique Cardon"], organisations=["SciencesPo"]),
    doc("mention", "Compte rendu", FILLER * 2 + "Un livre de Cardon était cité. " + FILLER * 2,
        date="2019-12-10"),
    # a duplicate group: the original and its re-post
    doc("histoire", "Atelier « Histoire(s) d’algorithmes »", "Un atelier-débat autour des algorithmes publics. "
        + FILLER, kind="event", date="2019-11-25", duplicate_group="dup-histoire", tags=["algorithme"],
        outlet="Etalab"),
    doc("histoire-repost", "Atelier « Histoire(s) d’algorithmes » dans le cadre de la Semaine de l’innovation "
        "publique", "Un atelier-débat autour des algorithmes publics. " + FILLER, kind="event",
        date="2020-01-15", duplicate_group="dup-histoire", tags=["algorithme", "Semaine de l'innovation"]),
    # press coverage
    doc("eig-1", "Le programme EIG recrute", "Des entrepreneurs d’intérêt général rejoignent l’État.",
        kind="coverage", date="2022-03-01", outlet="Acteurs publics", tags=["Le programme EIG"],
        url="https://acteurspublics.fr/eig-1"),
    doc("eig-2", "Bilan de promotion", "Les entrepreneurs d’intérêt général présentent leurs défis.",
        kind="coverage", date="2022-06-01", outlet="Acteurs publics", tags=["Le programme EIG"]),
    doc("eig-3", "Une promotion de plus", "Les défis de la promotion.", kind="coverage", date="2021-06-01",
        outlet="Le Monde", tags=["Le programme EIG"]),
    # undated page
    doc("undated", "Mentions légales", FILLER * 2 + "Cartographie du site et mentions légales. " + FILLER),
    # left out unless asked
    doc("draft", "Brouillon cartographie", FILLER + "cartographie", date="2023-01-01", draft=True),
    doc("junk", "TEST cartographie", "lorem ipsum cartographie", date="2023-01-02", junk=True),
]


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    return Analyser(None, tmp_path_factory.mktemp("analysis-cache"))


@pytest.fixture(scope="module")
def small(tmp_path_factory, analyser) -> Settings:
    return build_index(tmp_path_factory.mktemp("small"), DOCS, analyser)


@pytest.fixture(scope="module")
def searcher(small):
    with Searcher(small) as s:
        yield s


def ids(result):
    return [h.id for h in result.hits]


def search(searcher, query="", **kw):
    return searcher.search(SearchRequest(query=query, limit=kw.pop("limit", 50), **kw))
