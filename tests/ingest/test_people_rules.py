"""People and organisations that are right: speakers speak or write, people mentioned are only people;
programme tables and "Nom, rôle, organisation" lines split into person and organisation; variants of a
name merge; software, laws, rooms, greetings and role phrases are nobody."""

import pytest

from findit.documents import Kind
from findit.ingest import ingest_corpus
from findit.ingest.assemble import build
from findit.ingest.names import not_a_person
from findit.ingest.people import People
from findit.settings import Settings


@pytest.mark.parametrize(
    "text",
    ["Apache Maven", "Jena Fuseki", "Salle D", "Loi AGEC", "Bonjour Delphine", "Interventions de Vingt Projets",
     "Application Tchap", "Mardi Matin", "Donc CPO"],
)  # fmt: skip
def test_what_looks_like_a_name_and_is_nobody(text):
    found = People()
    found.add_speaker(text)
    assert found.speakers == []


def test_role_phrases_and_civilities_leave_the_name():
    found = People()
    for text in (
        "Témoignage de Camille Monchicourt",
        "Mme Laure LUCCHESI",
        "Actuellement Clément Mabi",
        "Donc Julien Martin",
    ):
        found.add_speaker(text)
    assert found.speakers == ["Camille Monchicourt", "Laure LUCCHESI", "Clément Mabi", "Julien Martin"]


@pytest.mark.parametrize("text", ["Etat", "l'État", "Oui", "RGPD", "Python", "Jupyter", "Loi Lemaire"])
def test_what_is_no_organisation(text):
    found = People()
    found.add_organisation(text)
    assert found.organisations == []


EVENT = """---
title: Journée de la donnée, avec Sophie Ravel
event_start_date: 2024-03-12
---
Une journée d'échanges, en salle D.

| Horaire | Intervention | Intervenant |
|---|---|---|
| 14h00 | Ouverture | Julien Bouquillon Ministères sociaux |
| 14h30 | Le RGPD en pratique | Anne FROPPIER (CNIL) |
| 15h00 | Démonstration d'Apache Maven | Salle D |

Table ronde :

+ Romain Lesur, chef de la division innovation à l'INSEE ;
+ Regard du privé : Yann Golhen, datascientist à la MAIF
+ Étape Normandie, le 26 septembre à Rouen

Présentation de Jena Fuseki par Éric Dupont (Etalab).
"""


def test_event_speakers_from_its_title_table_lists_and_text():
    doc = build("evenements/journee.md", EVENT)[0]
    assert doc.kind == Kind.EVENT
    assert set(doc.speakers) == {
        "Sophie Ravel",
        "Julien Bouquillon",
        "Anne FROPPIER",
        "Romain Lesur",
        "Yann Golhen",
        "Éric Dupont",
    }
    assert set(doc.organisations) == {"Ministères sociaux", "CNIL", "INSEE", "MAIF", "Etalab"}


def test_mentioned_people_are_not_speakers(tmp_path):
    article = (
        "---\ntitle: Bilan du défi\nauthor: Eric Dupont\ndate: 2021-05-04\n---\n"
        "Le défi a été porté par [Jeanne Martin](/personnes/jeanne-martin/) et son équipe.\n"
    )
    doc = build("blog/bilan.md", article)[0]
    assert (doc.speakers, doc.people) == (["Eric Dupont"], ["Jeanne Martin"])
    project = build(
        "defis/x.md", "---\ntitle: Défi X\n---\nMarie Curie, cheffe de projet chez Etalab, pilote le défi.\n"
    )[0]
    assert project.speakers == [] and project.people == ["Marie Curie"] and project.organisations == ["Etalab"]


def test_a_person_given_a_role_inside_an_articles_sentence_is_mentioned_not_a_speaker():
    body = (
        "Les budgets de recherche sont modestes. Actuellement Clément Mabi, chercheur à l'UTC de Compiègne, suit "
        "la promotion 3.\n\nSophie Durand, designer à la DINUM, ouvre le bilan.\n\nUne table ronde qu’a animée "
        "Jakub Voznica, responsable du datalab, a clos la journée.\n"
    )
    article = build("blog/bilan.md", f"---\ntitle: Bilan\ndate: 2021-05-04\n---\n{body}")[0]
    assert article.kind == Kind.ARTICLE
    assert article.speakers == ["Sophie Durand", "Jakub Voznica"] and article.people == ["Clément Mabi"]
    assert "UTC de Compiègne" in article.organisations
    # On an event's page, whoever the text introduces with a role takes part.
    event = build("evenements/bilan.md", f"---\ntitle: Journée bilan\ndate: 2021-05-04\n---\n{body}")[0]
    assert event.kind == Kind.EVENT and "Clément Mabi" in event.speakers


def test_a_list_of_laureates_names_people_not_speakers():
    body = "Nous avons le plaisir de les révéler ici :\n\nEIG lauréats :\n\n* Beryl Armand, développeuse\n* Sarah Gross, data scientist\n"
    doc = build("blog/promo.md", f"---\ntitle: La promotion\nauthor: Corine Waroquiers\ndate: 2021-07-19\n---\n{body}")[
        0
    ]
    assert doc.speakers == ["Corine Waroquiers"] and doc.people == ["Beryl Armand", "Sarah Gross"]


def test_a_list_of_presented_items_closed_by_names_gives_their_presenters():
    items = (
        "* **[Maritux](/defis/maritux/)** : Faciliter l’accès à une information marine - [Cécile Canel](/c/canel/)\n"
        "* **[Ombel](/defis/ombel/)** : Améliorer l’information du citoyen - [Marie Ramon-Daré](/c/ramon/)\n"
    )
    body = f"La restitution s'est faite au Meetup Design Public #5.\n\nLes défis présentés sont :\n\n{items}"
    meta = "---\ntitle: Retour sur deux défis\nauthor: Coline Malivel\ndate: 2021-01-06\n---\n"
    doc = build("blog/restitution.md", meta + body)[0]
    assert doc.speakers == ["Coline Malivel", "Cécile Canel", "Marie Ramon-Daré"]
    # The same items under a label that says nothing of presenting: people named, not speakers.
    listed = build("blog/liste.md", meta + body.replace("Les défis présentés sont", "Les défis de la promotion"))[0]
    assert listed.speakers == ["Coline Malivel"]


def test_spelling_variants_of_a_person_merge_to_the_best_written_one(tmp_path):
    (tmp_path / "evenements").mkdir()
    (tmp_path / "evenements" / "journee.md").write_text(EVENT, encoding="utf-8")
    (tmp_path / "blog.md").write_text(
        "---\ntitle: Bilan\nauthor: Eric Dupont et Anne Froppier\ndate: 2024-03-20\n---\nRetour sur la journée.\n",
        encoding="utf-8",
    )
    docs = {d.source: d for d in ingest_corpus(tmp_path, Settings(corpus=tmp_path)).documents}
    assert docs["blog.md"].speakers == ["Éric Dupont", "Anne Froppier"]
    event = docs["evenements/journee.md"].speakers
    assert "Anne Froppier" in event and "Éric Dupont" in event and "Anne FROPPIER" not in event


@pytest.mark.parametrize(
    ("text", "name", "speaking"),
    [
        ("Soizic Pénicaud et Simon Chignard ont présenté les travaux de Dominique Cardon.", "Simon Chignard", True),
        ("Soizic Pénicaud et Simon Chignard ont présenté les travaux de Dominique Cardon.", "Dominique Cardon", False),
        ("Damien Dufourd, coach agile chez Beta, est venu présenter son regard.", "Damien Dufourd", True),
        ("- Laure Lucchesi (Etalab)", "Laure Lucchesi", True),
        ("14h30 – Clément Mabi", "Clément Mabi", True),
        ("Une table-ronde animée par Camille Martin.", "Camille Martin", True),
        ("« Lancez-vous », a attesté Estelle Jond-Necand lors de la table-ronde.", "Estelle Jond-Necand", True),
        ("Un projet créé au Canada par Yoshua Bengio pour mesurer l'impact.", "Yoshua Bengio", False),
        ("Les licences de Richard Stallman et de Lawrence Lessig.", "Richard Stallman", False),
    ],
)  # fmt: skip
def test_a_person_in_running_text_speaks_only_when_the_text_says_so(text, name, speaking):
    from findit.analysis.entities import speaks

    start = text.index(name)
    assert speaks(text, start, start + len(name)) is speaking


def test_a_name_with_its_role_or_standing_alone_speaks():
    from findit.analysis.entities import speaks

    text = "Cheffe de projets. Louis Rached Responsable Innovation. Cécile Le Guen.\nLes travaux de Marie Curie ont compté."
    for name, speaking in (("Louis Rached", True), ("Cécile Le Guen", True), ("Marie Curie", False)):
        start = text.index(name)
        assert speaks(text, start, start + len(name)) is speaking, name


def test_cited_authors_and_credited_people_are_not_speakers_even_with_a_role():
    from findit.ingest.peopletext import from_text

    found = People()
    from_text(
        [
            "Nous vous invitons à lire :\n\nL’article de Coline Lebaratoux, designer de la promotion EIG 3\n\n"
            "Le rapport d’Antoine Augusti, développeur de la promotion EIG 2",
            "© Sophie Miljkovic, photographe du programme",
            "Nous avons reçu Dominique Cardon, professeur de sociologie à SciencesPo.",
        ],
        found,
    )
    assert found.speakers == ["Dominique Cardon"]


def test_people_a_page_section_shows_are_people_not_speakers():
    from findit.ingest.people import from_front_matter

    found = People()
    meta = {
        "talents": {"title": "Les entrepreneur·e·s", "list": ["Charlotte Fanneau", "Julien Honnart"]},
        "sponsors": {"title": "Les sponsors", "list": ["Marielle Chrisment"]},
        "programme": {"title": "Les intervenants", "list": ["Camille Martin"]},
    }
    from_front_matter(meta, found)
    assert found.speakers == ["Camille Martin"]
    assert found.people == ["Charlotte Fanneau", "Julien Honnart", "Marielle Chrisment"]


def test_a_legal_notices_publication_director_is_no_speaker():
    from findit.ingest.peopletext import from_text

    found = People()
    # The label is its own paragraph, as legal notices set it.
    from_text(["Publication Director", "Ms Laure Lucchesi, Head of the Etalab mission", "Hébergement : OVH"], found)
    from_text(["Directrice de la publication : Stéphanie Schaer, directrice de la DINUM"], found)
    from_text(["Atelier du 3 mars", "Camille Martin, cheffe de projet, a ouvert la séance."], found)
    assert found.speakers == ["Camille Martin"]


def test_a_bold_label_the_line_writes_in_lower_case_is_no_speaker():
    from findit.ingest.markup import NamedLine
    from findit.ingest.people import from_named_lines

    found = People()
    from_named_lines(
        [
            NamedLine("Défi Gobelins:", " Créer un outil didactique, par Laurie Chapotte (défi EIG 2018)"),
            NamedLine("Eric Barthélémy", ", La Bonne Boite, Pôle Emploi", ("La Bonne Boite, Pôle Emploi",)),
        ],
        found,
    )
    assert found.speakers == ["Eric Barthélémy"]


@pytest.mark.parametrize(
    ("markdown", "caption"),
    [
        # The caption as its own paragraph under the picture, in either emphasis…
        ("![L'équipe](/img/equipe.jpg)\n\n*Nicolas Joron et Hélène Cavalié, une équipe soudée !*\n", True),
        ("![L'équipe](/img/equipe.jpg)\n_Nicolas Joron et Hélène Cavalié, une équipe soudée !_\n", True),
        # …under an HTML picture, or a linked one.
        ('<img src="/img/equipe.jpg"/>\n\n*Nicolas Joron et Hélène Cavalié, une équipe soudée !*\n', True),
        ("[![L'équipe](/img/e.jpg)](/img/e-grand.jpg)\n\n*Nicolas Joron et Hélène Cavalié, une équipe soudée !*\n",
         True),
        # An emphasised line elsewhere, or a sentence under a picture, is text; so is a line a code block
        # separates from the picture.
        ("Le bilan.\n\n*Nicolas Joron et Hélène Cavalié, une équipe soudée !*\n", False),
        ("![L'équipe](/img/equipe.jpg)\n\n```\nmake run\n```\n\n*Nicolas Joron et Hélène Cavalié, une équipe soudée !*\n",
         False),
        ("![L'équipe](/img/equipe.jpg)\n\nNicolas Joron et Hélène Cavalié, *une équipe* soudée !\n", False),
    ],
)  # fmt: skip
def test_an_emphasised_line_under_a_picture_is_its_caption(markdown, caption):
    (doc,) = build("blog/bilan.md", f"---\ntitle: Bilan\n---\nLe bilan de l'année.\n\n{markdown}")
    line = "Nicolas Joron et Hélène Cavalié, une équipe soudée !"
    assert (line in doc.captions) is caption
    assert line in doc.body  # a caption stays text a search finds


def test_a_figure_caption_of_an_html_page_is_a_caption():
    html = (
        "---\ntitle: Bilan\n---\n<p>Le bilan de l'année.</p>\n"
        '<figure><img src="e.jpg"><figcaption>Nicolas Joron, chef de bureau, et Hélène Cavalié</figcaption></figure>\n'
        "<p>Camille Martin, cheffe de projet à la DINUM, a présenté le bilan.</p>\n"
    )
    (doc,) = build("blog/bilan.html", html)
    assert doc.captions == ["Nicolas Joron, chef de bureau, et Hélène Cavalié"]
    assert "Nicolas Joron" not in doc.speakers  # « Nom, rôle » in a caption: pictured, not speaking
    assert "Camille Martin" in doc.speakers


def test_a_byline_under_a_header_picture_signs_the_piece():
    (doc,) = build(
        "blog/bilan.md",
        "---\ntitle: Bilan\n---\n![](/img/entete.png)\n\n*Par Jean Dupont, chef de projet*\n\nLe bilan.",
    )
    assert doc.captions == []
    assert "Jean Dupont" in doc.speakers


def test_a_figure_caption_in_markdown_html_is_a_caption():
    markdown = (
        "---\ntitle: Bilan\n---\nLe bilan de l'année.\n\n"
        '<figure><img src="e.jpg"><figcaption>Jean Dupont et Marie Curie</figcaption></figure>\n'
    )
    (doc,) = build("blog/bilan.md", markdown)
    assert doc.captions == ["Jean Dupont et Marie Curie"]


def test_a_first_name_that_also_names_software_makes_a_persons_name():
    """« Hugo » is a site generator and a first name: « Hugo Stéphan » is a person, a challenge's team
    member as much as any other."""
    assert not_a_person("Hugo Stéphan") == ""
    assert not_a_person("Apache Maven") == "software"
    assert not_a_person("Maven Hugo") == "software"


def test_a_byline_naming_a_team_then_its_writers_gives_every_writer():
    body = (
        "An essay on public algorithms.\n\n"
        "_This article was written by Fing's Our Systems team: Hubert Guillaud and Thierry Marcou. Thanks to "
        "the Fing for the workshop!_\n\nThe text goes on."
    )
    doc = build("en/_posts/2018-10-15-fing-algo.md", f"---\ntitle: Public algorithms\n---\n{body}")[0]
    assert doc.speakers == ["Hubert Guillaud", "Thierry Marcou"]


@pytest.mark.parametrize(
    ("summary", "lead", "speakers"),
    [
        # The piece says what it is and whose, in its description or its lead: its writer.
        (
            "Trouver les maux est une tribune d’Ugo Dessertine, responsable du design à la DINUM.",
            "",
            ["Ugo Dessertine"],
        ),
        ("", "« Le design public » est un billet de Marie Curie, designer.", ["Marie Curie"]),
        # Another piece's writer, named without saying it is this one, is cited (CITED_BEFORE), not a writer.
        ("", "Nous vous invitons à lire la tribune de Marie Curie, designer.", []),
        # A programme's name after the piece's kind is no writer: « de », « par » or « avec » says whose.
        ("", "Ce billet est une chronique France Culture diffusée le lundi.", []),
        ("", "Cet article est un entretien avec Marie Curie, physicienne.", ["Marie Curie"]),
    ],
)
def test_a_piece_that_names_its_writer_in_its_description_or_lead(summary, lead, speakers):
    front = f"---\ntitle: Trouver les maux\ndescription: {summary}\n---\n" if summary else "---\ntitle: Un texte\n---\n"
    (doc,) = build("articles/2025-02-13-un-texte.md", front + (lead or "Un texte.") + "\n\nLa suite du texte.\n")
    assert doc.speakers == speakers
