"""A file whose reading fails in an unexpected way is skipped with its reason; the others are indexed."""

from __future__ import annotations

from findit.ingest import ingest_corpus
from findit.ingest.textdates import mentions
from findit.settings import Settings


def test_a_range_ending_on_the_first_of_a_month_is_read():
    (found,) = mentions("Rendez-vous du 28 février au 1er mars 2024 à Lille.")
    assert (found.month, found.day, found.year) == (2, 28, 2024)
    assert found.end == (3, 1, 2024)


def test_a_page_with_such_a_range_is_indexed_with_the_others(tmp_path):
    (tmp_path / "semaine.md").write_text(
        "---\ntitle: Semaine du numérique\n---\nRendez-vous du 28 février au 1er mars 2024 à Lille.\n",
        encoding="utf-8",
    )
    (tmp_path / "autre.md").write_text("---\ntitle: Autre page\n---\nUn texte.\n", encoding="utf-8")
    corpus = ingest_corpus(tmp_path, Settings(corpus=tmp_path))
    assert {d.title for d in corpus.documents} == {"Semaine du numérique", "Autre page"}
    assert not corpus.skipped
