"""Small real indexes for the search tests: Documents written with the schema's own fields into a
generation laid out as the indexer lays it out (current -> gen-0001, lemmas.json, meta.json)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from whoosh.index import create_in

from findit.analysis import Analyser, LemmaTable
from findit.documents import Document
from findit.schema import build_schema, index_fields
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
