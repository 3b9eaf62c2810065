"""What the sample archive in corpus/ must give once ingested."""

import datetime as dt
import re
from pathlib import Path

import pytest

from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def corpus():
    return ingest_corpus(CORPUS, Settings(corpus=CORPUS))


def by_source(corpus, prefix):
    return [doc for doc in corpus.documents if doc.source.startswith(prefix)]


def one(corpus, prefix):
    docs = by_source(corpus, prefix)
    assert len(docs) == 1, [d.id for d in docs]
    return docs[0]


def test_every_seed_file_gives_documents(corpus):
    assert corpus.skipped == []
    assert corpus.files_seen == 5
    assert {doc.source[:3] for doc in corpus.documents} == {"000", "001", "002", "003", "004"}


def test_seeds_000_and_001_are_one_event_posted_twice(corpus):
    first, second = one(corpus, "000"), one(corpus, "001")
    assert first.kind == second.kind == Kind.EVENT
    assert first.duplicate_group and first.duplicate_group == second.duplicate_group
    others = [d for d in corpus.documents if d.source[:3] not in ("000", "001")]
    assert all(d.duplicate_group != first.duplicate_group for d in others)


def test_seed_000_fields(corpus):
    doc = one(corpus, "000")
    assert doc.title == "Atelier « Histoire(s) d’algorithmes »"
    assert doc.event_date == dt.date(2019, 11, 29)
    assert doc.date == dt.date(2019, 11, 25)
    assert doc.year == 2019
    assert doc.venue == "Lieu de la Transformation Publique, 77 avenue de Ségur, 75015 Paris"
    # tags and categories merged, display form kept, the trailing space of 'Événement ' gone
    for tag in ("algorithme", "semaine innovation publique", "Etalab", "Semaine de l'innovation publique",
                "Événement"):
        assert tag in doc.tags
    for name in ("Eric Barthélémy", "Clément Hénin", "Dominique Cardon", "Manon Chonavel", "Guillaume Heuguet"):
        assert name in doc.speakers
    for org in ("La Bonne Boite", "Pôle Emploi", "INRIA"):
        assert org in doc.organisations
    assert doc.summary.startswith("Etalab, au sein de la direction interministérielle")
    assert "**" not in doc.body and "<br>" not in doc.body and "*" not in doc.body
    assert "Eric Barthélémy, La Bonne Boite, Pôle Emploi" in doc.body


def test_seed_001_fields_and_keyboard_mash_left_out(corpus):
    doc = one(corpus, "001")
    assert doc.event_date == dt.date(2020, 1, 19)
    assert doc.date == dt.date(2020, 1, 15)
    assert doc.year == 2020
    assert "FranceConnect" in doc.tags and "semaine inno" in doc.tags
    assert "Dominique Cardon" in doc.speakers
    assert "Mes Aides" in doc.body            # the link keeps its text
    assert "mes-aides.gouv.fr" not in doc.body
    for mash in ("iheritgterpge", "hirh", "grhgeroih", "{:", ".encadre"):
        assert mash not in doc.body
    assert any("keyboard mash" in flag for flag in doc.flags)


def test_seed_002_scraped_article(corpus):
    doc = one(corpus, "002")
    assert doc.kind == Kind.ARTICLE
    assert doc.title == "Les données publiques, un outil pour les services publics ?"
    assert doc.date == dt.date(2021, 9, 10)
    assert doc.year == 2021
    assert doc.author == "Christophe Garnier"
    assert doc.outlet == "modernisation.gouv.fr"
    assert doc.body.startswith("Retour sur l’épisode 6")
    for boilerplate in ("GouvActu", "Accueil >", "Désactivé", "Voir en ligne", "Du même site",
                        "16:36", "Le magazine de la modernisation",
                        # teasers of other pages
                        "Mardi de l'Innovation #5", "design fiction", "Gouvernement Ouvert aux algorithmes"):
        assert boilerplate not in doc.body
    assert "Signaux faibles" in doc.body
    for name in ("Mathilde Hoang", "Cécile Le Guen", "Louis Rached"):
        assert name in doc.speakers
    assert "Etalab" in doc.organisations
    # people only named in the teasers of other pages are not this article's speakers
    assert "Simon Chignard" not in doc.speakers


def test_seed_003_gets_a_title_and_loses_its_repeated_paragraphs(corpus):
    doc = one(corpus, "003")
    assert doc.title.startswith("La numérisation à marche forcée des services publics")
    assert any(flag.startswith("no title") for flag in doc.flags)
    paragraphs = doc.body.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    assert doc.body.count("Des syndicats, des collectifs") == 1
    assert "Gratuit - sur inscription." in paragraphs
    assert doc.kind == Kind.EVENT


def test_seed_004_gives_one_coverage_document_per_item(corpus):
    items = [d for d in by_source(corpus, "004") if d.kind == Kind.COVERAGE]
    source = (CORPUS / one_source(corpus, "004")).read_text(encoding="utf-8")
    assert len(items) == len(re.findall(r"^#### ", source, re.MULTILINE)) == 55
    for item in items:
        assert item.outlet and item.date and item.year == item.date.year
        assert item.url.startswith("http")
        assert item.title and item.summary
        assert not item.junk
    first = items[0]
    assert first.outlet == "Acteurs publics"
    assert first.date == dt.date(2023, 9, 29)
    assert first.url.startswith("https://acteurspublics.fr/articles/ishan-bhojwani")
    assert first.summary.startswith("La nouvelle feuille de route")
    assert "«" not in first.summary[:2]
    outlets = {item.outlet for item in items}
    assert {"Le Monde informatique", "Forbes", "L'Obs", "La Gazette des communes"} <= outlets


def test_seed_004_test_entry_is_flagged_not_indexed_as_a_person(corpus):
    page = [d for d in by_source(corpus, "004") if d.kind != Kind.COVERAGE]
    assert len(page) == 1
    page = page[0]
    assert page.title == "On parle de nous"
    assert "Christophe Cuq" in page.speakers
    assert not any("TEST" in name for name in page.speakers)
    assert any("TEST - Adeline Celier" in flag for flag in page.flags)
    # the page's own text is its introduction, not the 55 items again
    assert "Acteurs publics" not in page.body


def one_source(corpus, prefix):
    return next(doc.source for doc in corpus.documents if doc.source.startswith(prefix))


def test_ids_are_url_safe_unique_and_stable(corpus):
    ids = [doc.id for doc in corpus.documents]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    again = ingest_corpus(CORPUS, Settings(corpus=CORPUS))
    assert [d.id for d in again.documents] == ids
    assert [d.content_hash for d in again.documents] == [d.content_hash for d in corpus.documents]
    assert all(d.content_hash for d in corpus.documents)
