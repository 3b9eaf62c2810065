"""Organisations the text introduces as such, whatever the model tagged them: where a person works, worked
or studied, titles listed as such, organisers, appositions, bodies written in lower case, regional offices,
lines and lists of bodies. Sentences are the archives' own (person pages, event and project pages)."""

from __future__ import annotations

import pytest

from findit.analysis.entities import org_from_span
from findit.analysis.french import WORD, name_key, tokenise
from findit.analysis.gazetteer import ORG, Gazetteer
from findit.analysis.orgcues import cued_organisations
from findit.analysis.statebodies import of_a_ministry
from findit.text import fold_word


def _cued(text: str, people: tuple[str, ...] = ()) -> list[str]:
    keys = {name_key(p) for p in people}
    found = cued_organisations(text, lambda name: name_key(name) in keys)
    assert all(text[start:end] == display for start, end, display in found)  # spans say where each name is
    return [display for _, _, display in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Where one works or worked.
        ("Physicien de formation, j’ai travaillé pendant 8 ans pour Saint-Gobain sur le développement.",
         ["Saint-Gobain"]),
        ("J’ai donc appris la data science en autodidacte et ai rejoint MyTraffic en 2019, où j’ai encadré",
         ["MyTraffic"]),
        ("Vanessa Guilloteau, Head of Product Design chez CANAL+", ["CANAL+"]),
        ("j’ai créé la marque Transitionum en transition numérique.", ["Transitionum"]),
        ("Julien Bouquillon a rejoint la DSI des ministères sociaux en 2017 pour participer",
         ["DSI des ministères sociaux"]),
        # Where one studied: a school, not a subject.
        ("« Diplômée en science politique de l’Université Paris 1 et titulaire d’un master interdisciplinaire en "
         "éducation et technologie du CRI Paris, je m’intéresse", ["Université Paris 1", "CRI Paris"]),
        ("Ingénieur Centrale-Supelec et diplômé d'un Master de Statistique", []),
        # Titles listed as such, appositions.
        ("j’ai travaillé avec plusieurs titres tels que Le Monde, L’Équipe, Mind Media et Le Figaro. Mon expérience",
         ["Le Monde", "L’Équipe", "Mind Media", "Le Figaro"]),
        ("une série de masterclass proposées au réseau par `DataScientest`, un organisme spécialisé dans la formation.",
         ["DataScientest"]),
        # Organisers: the names only; a person-shaped name only beside bodies written as such.
        ("Second OpenLab, organisé conjointement par l'INSEE et le Lab IA d'Etalab permettant de présenter",
         ["INSEE", "Lab IA d'Etalab"]),
        ("Un événement organisé en partenariat avec l'Inria, Sciences Po et le Conseil National du Numérique.",
         ["Inria", "Sciences Po", "Conseil National du Numérique"]),
        ("Un atelier organisé par Marie Dupont et Jean Martin.", []),
        # …one name the acronym after it spells, not a list.
        ("La journée organisée par l'Administrateur Ministériel des Données, Algorithmes et Codes sources (AMDAC) du",
         []),
        ("Un atelier organisé par le Bureau des Études, de la Prospective et des Statistiques (BEPS) à Paris.",
         ["Bureau des Études, de la Prospective et des Statistiques"]),
        ("Un atelier organisé par l'Inria, Sciences Po et le Conseil national du numérique (CNNum) à Paris.",
         ["Inria", "Sciences Po", "Conseil national du numérique"]),
        # Bodies written in lower case, up to where the sentence goes on.
        ("Chef de projet au sein de la sous-direction des gens de mer, au ministère de la mer. J’ai piloté",
         ["sous-direction des gens de mer", "ministère de la mer"]),
        ("au sein de l’armée de Terre et de la Brigade de sapeurs-pompiers de Paris (BSPP)", ["armée de Terre"]),
        ("2015 à 2017 : contractuel à la DRH du ministère de l’intérieur scolarité", ["ministère de l’intérieur"]),
        ("le ministère de tutelle a validé. Une armée de bénévoles", []),
        ("le secrétaire général de l’académie de Lyon, puis", ["académie de Lyon"]),
        # A body named by what it is: an association, an agency, an incubator.
        ("à la demande de l'association Latitudes et du ministère", ["Latitudes"]),
        ("en mission pour l’agence Nova7 puis la fondation Mozilla", ["Nova7", "Mozilla"]),
        # In capitals the word is the name's own (left to the model and the archive's names), and an
        # academy of music is no body.
        ("en mission pour l'Agence Nationale de la Recherche puis", []),
        ("à l'académie de musique de la ville", []),
        # Regional offices.
        ("je commence ma carrière en 2002 à la DREAL Auvergne-Rhône-Alpes, où j’occupe", ["DREAL Auvergne-Rhône-Alpes"]),
        # A line a body labels, and the other items of a list of bodies.
        ("Ministère des Armées: fiches de poste\n\nHaute Autorité de la Santé: rapports des recommandations",
         ["Ministère des Armées", "Haute Autorité de la Santé"]),
        ("Programme de la journée : accueil", []),
        ("Administrations paticipantes : Ministère de l’Intérieur, Santé publique France, Ministère de la "
         "Transition écologique.", ["Ministère de l’Intérieur", "Santé publique France",
                                    "Ministère de la Transition écologique"]),
        ("LABEL, Cour de cassation - Romain Glé", []),
        ("Ministère des Armées: fiches de poste, rapports du Contrôle général des armées",
         ["Ministère des Armées", "Contrôle général des armées"]),
        ("un plan de déploiement dans le ministère de la solution développée", []),
        # A mixed-case acronym given with an organisation's long form.
        ("Le PEReN (Pôle d’expertise de la régulation numérique) co-organise, avec Inria, le département "
         "d’économie de Sciences Po et le Conseil national du numérique, l’événement",
         ["PEReN", "Inria", "Conseil national du numérique"]),
        ("La politique nationale de l’archivage numérique est soutenue par le Service interministériel des archives",
         ["Service interministériel des archives"]),
        # What an apposition names is the body, not the person who belongs to it.
        ("Régis Chatellier et Olivier Desbey du LINC, le laboratoire d’innovation numérique de la CNIL", ["LINC"]),
        ("Pendant la première vaque de la Covid-19, l’institut a donc pu rapidement", []),
        # A project named beside its ministry is no acronym of it; a word inside another is no name; a
        # one-word name going on in lower case was cut short.
        ("00:40:00 Pitch du défi OptiFlex (ministère des Armées), par Clara Carne", []),
        ("Il est Directeur du Produit de seLEXpert, une startup d'État du ministère de la Justice",
         ["ministère de la Justice"]),
        ("Intrapreneur sur le projet \"GristGouv\" au sein de l'Opérateur national de paye", []),
        # People, groups of people and places are no organisations.
        ("Il travaille chez Marie Curie.", []),
        ("c'est avec enthousiasme que je rejoins les EIG", []),
    ],
)  # fmt: skip
def test_organisations_introduced_as_such(text, expected):
    assert sorted(set(_cued(text))) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Demain, la société française devra s'adapter.",
        "Aujourd'hui, l'entreprise compte 40 salariés.",
        "Ensuite, une société civile engagée a répondu.",
        "Selon Jean Martin, le laboratoire manque de moyens.",
        "Bienvenue chez Vous !",
    ],
)
def test_a_word_that_opens_a_sentence_is_no_organisation(text):
    assert _cued(text) == []


def test_a_capitalised_run_longer_than_a_name_is_none():
    # A list of names with no punctuation (a PDF annex): no span of it is taken as one organisation.
    annex = " ".join(f"Nom{i} Prénom{i}" for i in range(400)) + ", une entreprise du secteur."
    assert all(len(name.split()) <= 13 for name in _cued(annex))
    assert _cued("Soutenu par Google, une entreprise américaine.") == ["Google"]


def test_a_person_the_archive_knows_is_no_organisation():
    text = "Un événement organisé en partenariat avec l'Inria, Sciences Po et Gaspard Koenig."
    assert "Gaspard Koenig" in _cued(text)
    assert "Gaspard Koenig" not in _cued(text, people=("Gaspard Koenig",))


def _orgs(gaz: Gazetteer, text: str) -> list[str]:
    words = [(fold_word(w.text), w.start, w.end) for w in tokenise(text) if w.kind == WORD]
    return [display for _, _, kind, display in gaz.matches(words, text) if kind == ORG]


def test_the_gazetteer_gives_cued_organisations_whole():
    """A known acronym inside a longer name the text introduces is that name (« la DSI des ministères
    sociaux », not « Direction des systèmes d'information »); known one-word bodies are found as written."""
    gaz = Gazetteer.from_rows([("acronym", "DSI", "Direction des systèmes d’information")])
    text = "Julien Bouquillon a rejoint la DSI des ministères sociaux en 2017."
    assert _orgs(gaz, text) == ["DSI des ministères sociaux"]
    assert _orgs(gaz, "La DSI est là.") == ["Direction des systèmes d’information (DSI)"]
    assert _orgs(Gazetteer(), "Le Lab IA d'Etalab présente Onyxia.") == ["Etalab"]
    assert _orgs(Gazetteer(), "un etalab minuscule") == []


def test_an_acronym_is_found_as_the_archive_writes_it():
    gaz = Gazetteer.from_rows([("acronym", "PEReN", "Pôle d’expertise de la régulation numérique")])
    assert _orgs(gaz, "Le PEReN présente ses travaux.") == ["Pôle d’expertise de la régulation numérique (PEReN)"]
    assert _orgs(gaz, "Le Peren présente ses travaux.") == []


def test_a_span_running_into_the_sentence_is_cut_there():
    text = 'faire (re)découvrir aux directions "métier" du Ministère combien les statisticiens publics pouvaient'
    span = "Ministère combien les statisticiens publics"
    start = text.index(span)
    assert org_from_span(text, start, start + len(span), Gazetteer()) is None
    text = "Elle rejoint la Direction interministérielle du numérique qui recrute."
    span = "Direction interministérielle du numérique qui"
    start = text.index(span)
    assert org_from_span(text, start, start + len(span), Gazetteer()) == "Direction interministérielle du numérique"


def test_an_acronym_given_its_ministry_is_that_body_throughout_the_text():
    gaz = Gazetteer.from_rows([("acronym", "DSI", "Direction des systèmes d’information")])
    text = (
        "Julien Bouquillon a rejoint la DSI des ministères sociaux en 2017. Au cœur de la transformation "
        "numérique de la DSI, il encourage l’adoption des APIs."
    )
    start = text.rindex("DSI")
    assert org_from_span(text, start, start + 3, gaz) is None
    assert _orgs(gaz, text) == ["DSI des ministères sociaux"]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("la DSI des ministères sociaux", "DSI", True),
        ("la DSI du ministère de la Culture", "DSI", True),
        ("la DSI du ministère de l’Intérieur", "DSI", True),
        ("la DSI  du   ministère   des Armées", "DSI", True),
        # The name must stand on its own: not the end of a longer word or of a hyphenated one.
        ("la SDSI des ministères sociaux", "DSI", False),
        ("la X-DSI des ministères sociaux", "DSI", False),
        # Another place of the name is looked at when the first has no ministry after it.
        ("La DSI recrute. La DSI des ministères sociaux aussi.", "DSI", True),
        # No ministry named after it.
        ("la DSI des ministères en région", "DSI", False),
        ("la DSI du Ministère", "DSI", False),
        ("aucun ministère ici pour la DSI", "DSI", False),
    ],
)
def test_a_name_given_its_ministry(text, name, expected):
    assert of_a_ministry(text, name) is expected


def test_a_programme_an_organiser_is_said_to_support_is_no_organisation():
    text = "Un programme opéré par Etalab, soutenu par le Programme d’investissements d’avenir (PIA), et la Caisse."
    found = _cued("Le site est édité par Etalab. " + text)
    assert not any(f.startswith("Programme") for f in found)
