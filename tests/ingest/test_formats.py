"""Front matter whatever the extension, markup to clean text, dates, people, plain pages, press pages."""

import datetime as dt
from pathlib import Path

import pytest

from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.ingest.assemble import build
from findit.ingest.dates import parse_value
from findit.ingest.formats import read
from findit.ingest.markup import render
from findit.ingest.textdates import parse_french
from findit.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def fixtures():
    corpus = ingest_corpus(FIXTURES, Settings(corpus=FIXTURES))
    return {doc.source: doc for doc in corpus.documents}


def test_front_matter_is_read_whatever_the_extension_and_despite_a_bom(fixtures):
    meetup = fixtures["meetup-bom.txt"]
    assert meetup.kind == Kind.EVENT
    assert meetup.title == "Meetup Design public #4"
    assert meetup.event_date == dt.date(2020, 3, 11)
    # "Évènement " and "Événement" are one tag; categories and tags merged
    assert meetup.tags == ["design", "Événement", "Meetup"]
    assert meetup.venue == "Le Lieu, 20 avenue de Ségur, 75007 Paris"
    portrait = fixtures["portrait-sans-extension"]
    assert portrait.date == dt.date(2021, 7, 19)
    assert portrait.author == "L'équipe"


def test_speakers_and_organisations_from_structure(fixtures):
    meetup = fixtures["meetup-bom.txt"]
    assert meetup.speakers == ["Jeanne Martin", "Paul Durand"]
    assert meetup.organisations == ["DINUM", "Etalab", "Beta.gouv"]
    assert fixtures["portrait-sans-extension"].speakers == ["Camille Dupont"]


def test_markup_becomes_clean_text(fixtures):
    doc = fixtures["markup.md"]
    body = doc.body
    assert "Texte d’introduction : le design system de l’État." in body  # &nbsp; and spans gone
    assert "vers le site" in body and "ici" in body  # links keep their text
    assert "Découvrir le projet" in body  # the shortcode's title
    assert "Une citation" in body
    for leftover in (
        "{",
        "}",
        "<",
        ">",
        "&nbsp;",
        "nouvelle fenêtre",
        "display: none",
        "dailymotion",
        "https://",
        ".subtitle",
        ".citation",
        "color: red",
    ):
        assert leftover not in body
    assert doc.summary == "Un chapeau avec entité"
    assert doc.tags == ["accessibilité", "design"]
    assert doc.date == dt.date(2022, 4, 29)


def test_render_keeps_links_and_breaks():
    rendered = render(
        'Voir [le site](https://a.example){:target="_blank"} ou [là](/personnes/jeanne-doe/)'
        "<br>ensuite\n\n* **Marie Curie**, *Institut du Radium*\n\n&eacute;t&eacute;"
    )
    assert rendered.paragraphs == ["Voir le site ou là\nensuite", "Marie Curie, Institut du Radium", "été"]
    assert [link.href for link in rendered.links] == ["https://a.example", "/personnes/jeanne-doe/"]
    assert rendered.named_lines[0].strong == "Marie Curie"


@pytest.mark.parametrize(
    "value, expected, flagged",
    [
        (dt.datetime(2019, 11, 29, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))), dt.date(2019, 11, 29), False),
        (dt.date(2022, 3, 1), dt.date(2022, 3, 1), False),
        ("2021-07-19T14:11:00.000Z", dt.date(2021, 7, 19), False),
        ("2023-02-30", None, True),
        (dt.datetime(7, 8, 31, 23, 9), None, True),
        ("vendredi 10 septembre 2021", dt.date(2021, 9, 10), False),
        ("1er juin 2021", dt.date(2021, 6, 1), False),
        ("mai 2022", dt.date(2022, 5, 1), False),
        ("n'importe quoi", None, True),
    ],
)
def test_dates(value, expected, flagged):
    parsed = parse_value(value)
    assert parsed.value == expected
    assert bool(parsed.flag) == flagged


def test_a_month_or_a_year_alone_keeps_its_precision():
    # Changed rule: the value is the first day of the month or year, and the precision says so.
    parsed = parse_value(2022)
    assert (parsed.value, parsed.precision, parsed.year, parsed.flag) == (dt.date(2022, 1, 1), "year", 2022, "")
    assert parse_value("mai 2022").precision == "month"
    assert parse_value("2021-05-04").precision == "day"
    assert parse_french("ven 10/09/2021 - 16:36").value == dt.date(2021, 9, 10)


def test_impossible_and_placeholder_event_dates_are_dropped_and_flagged():
    text = (
        "---\ntitle: Formation\ndate: 2022-11-22 10:00:00 +01:00\nevent_start_date: 2010-01-01\n"
        "lieu: En ligne\n---\nUne formation.\n"
    )
    doc = build("a.md", text)[0]
    assert doc.event_date is None and doc.year == 2022
    assert any("2010-01-01" in flag for flag in doc.flags)
    text = (
        "---\ntitle: Forum\ndate: 2021-08-01 10:00:00 +02:00\n"
        "event_start_date: 0007-08-31 23:09:21 +00:09\n---\nLe forum.\n"
    )
    doc = build("b.md", text)[0]
    assert doc.kind == Kind.EVENT and doc.event_date is None and doc.year == 2021
    assert "date de l'événement : date impossible 0007-08-31 23:09:21+00:09 ignorée" in doc.flags
    # when the title says when, that day is used instead (and said so)
    doc = build("c.md", text.replace("title: Forum", "title: Le forum de Lille les 7, 8 et 9 septembre 2021"))[0]
    assert doc.event_date == dt.date(2021, 9, 7)
    assert "date de l'événement 2021-09-07 lue dans le texte" in doc.flags


def test_interview_without_title_takes_the_interviewee():
    text = (
        "---\nid: jeanne-doe\nfirstName: Jeanne\nlastName: Doe\njob: Head of Design\ncompany: Exemple&nbsp;SA\n"
        "---\n\nJe suis designer chez Exemple SA depuis dix ans et je dirige une équipe de douze personnes.\n"
    )
    doc = build("entretiens__jeanne-doe.md", text)[0]
    assert doc.kind == Kind.ARTICLE
    assert doc.title == "Jeanne Doe (Head of Design, Exemple SA)"
    assert doc.speakers == ["Jeanne Doe"] and doc.organisations == ["Exemple SA"]
    assert "sans titre : fait du nom de la personne interviewée" in doc.flags


def test_kinds_from_sections_and_keys():
    person = build("eig/personnes__jeanne-doe.md", "---\ntitle: Jeanne Doe\njob: EIG\n---\nProfil à venir.\n")[0]
    assert person.kind == Kind.PERSON and person.speakers == ["Jeanne Doe"]
    project = build(
        "eig/defis__sirano.md", "---\ntitle: Sirano\ndate: 2022\nwho: Ministère des Armées\n---\nUn défi.\n"
    )[0]
    assert project.kind == Kind.PROJECT and project.year == 2022
    assert (project.date, project.date_precision) == (dt.date(2022, 1, 1), "year")
    assert project.organisations == ["Ministère des Armées"]
    page = build("cgu.md", "---\ntitle: Conditions\n---\nLes conditions d'utilisation du site.\n")[0]
    assert page.kind == Kind.PAGE


def test_outlet_from_the_site_folder():
    doc = build("numerique-gouv/x.markdown", "---\ntitle: X\nevent_date: 2020-01-01\n---\nTexte.\n")[0]
    assert doc.outlet == "numerique.gouv.fr"
    assert build("design-numerique-gouv/x.md", "---\ntitle: X\n---\nTexte.\n")[0].outlet == "design.numerique.gouv.fr"
    assert build("x.md", "---\ntitle: X\n---\nTexte.\n")[0].outlet == ""


def test_name_role_chez_org_and_byline_in_plain_text():
    text = (
        "Portail Info\n\nAccueil > exemple.gouv.fr > Un titre d'article\n\nUn titre d'article\n\n"
        "lundi 3 mai 2021, par Jeanne Doe\n\n"
        "Marc Petit, responsable des données chez Etalab, a présenté le projet.\n\n"
        "Désactivé\n\nUn autre article, avec Paul Autre, directeur chez Ailleurs, sur un tout autre sujet.\n"
    )
    doc, other = build("page.txt", text)
    assert doc.kind == Kind.ARTICLE
    assert (doc.title, doc.outlet, doc.author, doc.date) == (
        "Un titre d'article",
        "exemple.gouv.fr",
        "Jeanne Doe",
        dt.date(2021, 5, 3),
    )
    assert doc.body == "Marc Petit, responsable des données chez Etalab, a présenté le projet."
    assert doc.speakers == ["Marc Petit"] and doc.organisations == ["Etalab"]
    # the card after the site's marker is a document of its own, with its own people
    assert other.body == "Un autre article, avec Paul Autre, directeur chez Ailleurs, sur un tout autre sujet."
    assert other.speakers == ["Paul Autre"] and other.organisations == ["Ailleurs"]


CARDS = """Le Site Public

Accueil > exemple.gouv.fr > Bilan de l'atelier données

Bilan de l'atelier données

jeudi 2 décembre 2021, par Jeanne Doe

L'atelier a réuni quarante agents autour des données de la commande publique.

Partager

Désactivé

Sur la piste des algorithmes, avec Ada Lovelace et Alan Turing

Les deux invités ont raconté l'histoire des machines à calculer devant un public nombreux.

Le replay

Désactivé

Une page sans texte

Désactivé

Atelier #7 : ouvrir les données des cantines

Rendez-vous le mardi 4 janvier à 14h pour un atelier en ligne.

Nos intervenants :

  • Marie Curie, Cheffe de projet, Institut du Radium
  • Pierre Dupont, Maître de conférences à Sorbonne Université

S'inscrire

Désactivé A distance https://rdv.example/atelier-7 Rencontres

Voir en ligne : exemple.gouv.fr / Bilan de l'atelier données

Du même site

Le magazine du site exemple
"""


def test_cards_of_other_pages_become_documents_of_their_own():
    page, article, event = build("cartes.txt", CARDS)
    assert page.title == "Bilan de l'atelier données" and page.kind == Kind.ARTICLE
    assert page.body == "L'atelier a réuni quarante agents autour des données de la commande publique."
    assert page.speakers == []
    assert "1 accroche(s) d'autres pages sans texte laissée(s) de côté" in page.flags  # "Une page sans texte"

    assert [article.id, event.id] == [page.id + "-part-1", page.id + "-part-2"]
    assert article.kind == Kind.ARTICLE and article.outlet == "exemple.gouv.fr"
    assert article.title == "Sur la piste des algorithmes, avec Ada Lovelace et Alan Turing"
    assert article.body == "Les deux invités ont raconté l'histoire des machines à calculer devant un public nombreux."
    assert article.speakers == ["Ada Lovelace", "Alan Turing"]
    assert article.year == 2021 and article.event_date is None
    assert article.date == dt.date(2021, 1, 1) and article.date_precision == "year"

    assert event.kind == Kind.EVENT and event.title == "Atelier #7 : ouvrir les données des cantines"
    # "mardi 4 janvier" on a page of December 2021: the weekday says January 2022
    assert event.event_date == dt.date(2022, 1, 4) and event.year == 2022
    assert event.speakers == ["Marie Curie", "Pierre Dupont"]
    assert "Institut du Radium" in event.organisations and "Sorbonne Université" in event.organisations
    assert (event.venue, event.url, event.tags) == ("A distance", "https://rdv.example/atelier-7", ["Rencontres"])
    every_body = "\n".join(d.body for d in (page, article, event))
    for furniture in (
        "Désactivé",
        "Partager",
        "Le replay",
        "S'inscrire",
        "Voir en ligne",
        "Du même site",
        "Le magazine",
        "Une page sans texte",
        "https://",
    ):
        assert furniture not in every_body


def test_bold_names_count_for_the_card_that_holds_them():
    text = (
        "# Le compte rendu\n\n**Jeanne Martin**, *Etalab*, a ouvert la séance.\n\nDésactivé\n\n"
        "Un autre rendez-vous\n\n**Paul Durand**, *Beta.gouv*, y présentera ses travaux.\n"
    )
    page, card = build("compte-rendu.md", text)
    assert page.speakers == ["Jeanne Martin"] and card.speakers == ["Paul Durand"]
    assert card.title == "Un autre rendez-vous" and "Paul Durand" not in page.body


def test_appointment_dates():
    from findit.ingest.textdates import parse_appointment

    assert parse_appointment("Rendez-vous le mardi 6 juillet à 9h30", 2021).value == dt.date(2021, 7, 6)
    assert parse_appointment("le jeudi 3 mars 2022 de 14h à 16h", None).value == dt.date(2022, 3, 3)
    assert parse_appointment("le 1er juin à 9h30", 2021).value == dt.date(2021, 6, 1)
    # a date with neither weekday nor time is not when something takes place
    assert parse_appointment("a accueilli le 21 mai 2021", 2021).value is None
    assert parse_appointment("mardi 6 juillet", None).flag
    # no year near the page's fits the weekday: no date rather than a wrong one
    assert parse_appointment("jeudi 6 juillet", 2021).value is None


PRESS = """---
title: Revue de presse
---
Nos apparitions.

## Le programme

### En 2023

#### Un premier titre

[Le Journal, 3 mars 2023](https://journal.example/a) : « Une citation. »

#### Un deuxième titre

[La Revue, mai 2022](https://revue.example/b)

« Une autre citation. »

#### TEST - un essai

[Le Test, 1 janvier 2023](https://test.example/c)
"""


def test_press_page_items():
    docs = build("presse.md", PRESS)
    page, items = docs[0], docs[1:]
    assert page.kind == Kind.PAGE and page.body == "Nos apparitions."
    assert [d.kind for d in items] == [Kind.COVERAGE] * 3
    first, second, test = items
    assert (first.title, first.outlet, first.date, first.url, first.summary) == (
        "Un premier titre",
        "Le Journal",
        dt.date(2023, 3, 3),
        "https://journal.example/a",
        "Une citation.",
    )
    assert first.tags == ["Le programme"]
    assert second.date == dt.date(2022, 5, 1) and second.year == 2022
    assert second.date_precision == "month"
    assert second.summary == "Une autre citation."
    assert test.junk and not first.junk
    assert len({d.id for d in docs}) == 4
    assert all(d.id.startswith(page.id + "-") for d in items)
    # an item's id does not depend on the items above it
    shifted = build(
        "presse.md",
        PRESS.replace(
            "#### Un premier titre", "#### Nouveau\n\n[X, 1 mai 2024](https://x.example)\n\n#### Un premier titre"
        ),
    )
    assert {d.id for d in items} <= {d.id for d in shifted}


def test_a_file_saved_with_combining_accents_reads_as_the_composed_letters(tmp_path):
    # « é » saved as « e » and a combining accent (macOS, text copied out of a PDF): the document holds the
    # letters the rest of the archive writes, so spaCy, the index and a typed query see the same words.
    import unicodedata

    text = "---\ntitle: Réunion sur la régulation\n---\n\nUn événement à l'Hôtel de Ville.\n"
    (tmp_path / "reunion.md").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    (doc,) = ingest_corpus(tmp_path, Settings(corpus=tmp_path)).documents
    assert doc.title == "Réunion sur la régulation"
    assert "Un événement à l'Hôtel de Ville." in doc.body


def test_a_data_files_items_keep_their_written_date_and_the_names_they_list():
    # A webinar of a Jekyll `_data` list: « mardi 12 mai » is no date findit can place (no year) but words a
    # user types; its challenges are what the site shows of it; links and ids are not text.
    data = (
        "- theme: Gestion de crise\n  date: mardi 12 mai\n  defis:\n  - Enki\n  - NEOTac\n"
        "  inscription_url: https://x.example/1\n  ids:\n  - a1\n"
        "- theme: Santé et justice\n  date: 2020-05-18\n  defis:\n  - LABEL\n"
    ).encode()
    first, second = read("_data/webinaires_eig4.yml", data, Settings())
    assert first.kind == Kind.EVENT and first.event_date is None
    assert first.body.split("\n\n") == ["mardi 12 mai", "Enki, NEOTac"]
    assert second.event_date == dt.date(2020, 5, 18) and second.body == "LABEL"
