"""What the sample archive in corpus/ must give once ingested."""

import datetime as dt
import re

import pytest

from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.settings import Settings
from helpers import CORPUS


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
    for tag in ("algorithme", "semaine innovation publique", "Etalab", "Semaine de l'innovation publique", "Événement"):
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
    assert "Mes Aides" in doc.body  # the link keeps its text
    assert "mes-aides.gouv.fr" not in doc.body
    for mash in ("iheritgterpge", "hirh", "grhgeroih", "{:", ".encadre"):
        assert mash not in doc.body
    assert any(flag.startswith("charabia tapé au clavier laissé de côté : « ") for flag in doc.flags)


SEED_002_FURNITURE = (
    "GouvActu",
    "Accueil >",
    "Désactivé",
    "Voir en ligne",
    "Du même site",
    "16:36",
    "Le magazine de la modernisation",
    "livestorm",
    "Revoir tous les wébinaires",
)
SEED_002_FURNITURE_LINES = ("S'inscrire", "Aller sur le site", "Le replay")


def seed_002(corpus):
    """The page's own document first, then one per card of another page it shows, in page order."""
    docs = by_source(corpus, "002")
    assert [d.id for d in docs] == ["002-3272f2b6b616138b"] + [f"002-3272f2b6b616138b-part-{n}" for n in (1, 2, 3)]
    return docs


def test_seed_002_scraped_article(corpus):
    doc = seed_002(corpus)[0]
    assert doc.kind == Kind.ARTICLE
    assert doc.title == "Les données publiques, un outil pour les services publics ?"
    assert doc.date == dt.date(2021, 9, 10)
    assert doc.year == 2021
    assert doc.author == "Christophe Garnier"
    assert doc.outlet == "modernisation.gouv.fr"
    assert doc.body.startswith("Retour sur l’épisode 6")
    for boilerplate in SEED_002_FURNITURE + (
        # other pages' cards are documents of their own
        "Mardi de l'Innovation #5",
        "design fiction",
        "Gouvernement Ouvert aux algorithmes",
        "Pénicaud",
    ):
        assert boilerplate not in doc.body
    assert doc.body.endswith("des professionnels qui agissent sur le terrain.")
    assert "Signaux faibles" in doc.body
    for name in ("Mathilde Hoang", "Cécile Le Guen", "Louis Rached"):
        assert name in doc.speakers
    assert "Etalab" in doc.organisations
    # people only named in the cards of other pages are not this article's speakers
    assert not {"Simon Chignard", "Soizic Pénicaud", "Max Mollon"} & set(doc.speakers)


def test_seed_002_cards_of_other_pages_are_documents_of_their_own(corpus):
    _, article, mardi_5, mardi_4 = seed_002(corpus)
    # The article is known by the year its page shows: a year, not a day; the events by their own dates.
    assert article.date == dt.date(2021, 1, 1) and article.date_precision == "year"
    for doc in (article, mardi_5, mardi_4):
        assert doc.outlet == "modernisation.gouv.fr"
        assert doc.year == 2021 and (doc is article or doc.date is None)
        assert not doc.draft and not doc.junk and not doc.duplicate_group
        lines = doc.body.split("\n")
        for boilerplate in SEED_002_FURNITURE:
            assert boilerplate not in doc.body, (doc.title, boilerplate)
        for line in SEED_002_FURNITURE_LINES:
            assert line not in lines, (doc.title, line)

    assert article.kind == Kind.ARTICLE
    assert article.title == (
        "Appliquer le principe du Gouvernement Ouvert aux algorithmes publics, avec Soizic Pénicaud et Simon Chignard"
    )
    assert article.body.startswith("Pour son 6ème micro ouvert")
    assert "Soizic Pénicaud" in article.body and "greffes de cœur" in article.body
    assert "direction interministérielle de la transformation publique (DITP)" in article.body
    assert article.body.endswith("La finalisation de ce dernier est prévue à la fin de l’été 2021.")
    assert article.speakers[:2] == ["Soizic Pénicaud", "Simon Chignard"]  # named by the title
    assert article.event_date is None

    assert mardi_5.kind == mardi_4.kind == Kind.EVENT
    assert mardi_5.title.startswith("Mardi de l'Innovation #5 : comment inscrire la participation citoyenne")
    assert mardi_5.event_date == dt.date(2021, 7, 6)  # "mardi 6 juillet à 9h30" on a page of 2021
    assert mardi_5.speakers == ["Audrey Moisan", "Typhanie Scognamiglio", "Julie Chabaud", "Rémy Seillier"]
    assert "France Tiers-Lieux" in mardi_5.organisations
    # the card's footer: "Désactivé En ligne https://app.livestorm.co/… Diffuser l'innovation publique"
    assert mardi_5.venue == "En ligne"
    assert mardi_5.url == "https://app.livestorm.co/ditp-1/mardi-de-linnovation-5"
    assert mardi_5.tags == ["Diffuser l'innovation publique"]

    assert mardi_4.title == (
        "Mardi de l'Innovation #4 : « Comment intégrer le design fiction dans une "
        "stratégie de transformation publique ? »"
    )
    assert mardi_4.event_date == dt.date(2021, 6, 1)  # "mardi 1er juin à 9h30"
    assert mardi_4.speakers == ["Audrey Moisan", "Régis Chatellier", "Mathilde Herman", "Max Mollon"]
    assert "CNIL" in mardi_4.organisations
    assert mardi_4.body.endswith("inscrivez-vous en cliquant sur le lien ci-dessous :")
    assert "design fiction" in mardi_4.body and "Mardi de l'Innovation #5" not in mardi_4.body


def test_seed_003_gets_a_title_and_loses_its_repeated_paragraphs(corpus):
    doc = one(corpus, "003")
    assert doc.title.startswith("La numérisation à marche forcée des services publics")
    assert any(flag.startswith("sans titre : ") for flag in doc.flags)
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
    # The agents the page's section lists are people it shows, not speakers of a press page.
    assert "Christophe Cuq" in page.people and "Christophe Cuq" not in page.speakers
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
