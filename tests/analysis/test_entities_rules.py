"""Who is a speaker and what is an organisation in running text: captions, credits, cited authors, lists
of names, places named after people, page titles, acronyms that name no body, and spans the model cut
short or ran across lines. The rules need no model; the last test runs them through the real one."""

from __future__ import annotations

import pytest

from findit.analysis import Analyser
from findit.analysis.entities import org_from_span, person_from_span, speaks, whole_org_name
from findit.analysis.gazetteer import PERSON, Gazetteer
from findit.documents import Document
from findit.settings import Settings
from findit.text import fold


def _speaks(text: str, name: str) -> bool:
    start = text.index(name)
    return speaks(text, start, start + len(name))


def _person(text: str, span: str):
    """What the model's PER span `span` (its first occurrence) is: (PERSON, name) or None."""
    start = text.index(span)
    return person_from_span(text, start, start + len(span), set(), {})


def _members(text: str, name: str) -> set[str]:
    """The other names of the list that `name` (its first occurrence) belongs to."""
    from findit.analysis.speaking import list_members

    start = text.index(name)
    return {text[a:b] for a, b in list_members(text, start, start + len(name))}


def _speakers(lemmatizer, doc: Document) -> list[str]:
    """The speakers analysis with the real model gives a document."""
    return Analyser(Settings(), None, lemmatizer=lemmatizer).analyse([doc])[doc.id].speakers


@pytest.mark.parametrize(
    ("text", "name", "speaking"),
    [
        # Captions and credits: people in or behind a picture.
        ("Un paragraphe.\n\nPhotographie par Andrew George sur Unsplash\n\nLa suite.", "Andrew George", False),
        ("Photo de classe. De gauche à droite : Renaud Périn, Hélène Cavalié © Sophie Miljkovic", "Renaud Périn",
         False),
        ("Crédit photo : Anne Lambert", "Anne Lambert", False),
        # A picture word in prose makes no caption.
        ("Le projet Photo-Ville a été présenté par Jean Dupont.", "Jean Dupont", True),
        # …unless the caption shows the person presenting.
        ("Bastien Guerry, EIG Link à Etalab, présente la semaine type © Soizic Pénicaud", "Bastien Guerry", True),
        # Authors of other pieces and people cited.
        ("Nous vous invitons à lire :\n\nL’article de Coline Lebaratoux, designer de la promotion", "Coline Lebaratoux",
         False),
        ("Les prospectivistes, comme Jean Detrez - le héros du roman -, proposent", "Jean Detrez", False),
        # Stations named after people.
        ("Accès : ligne 7 : Corentin Cariou , ligne 5 : Ourcq", "Corentin Cariou", False),
        # What follows « Nom, » or « Nom ( » must say who the person is.
        ("un board de VC et de Business Angels, qui demandent de prouver", "Business Angels", False),
        ("all of them in Paris, except Monitor Fish (half-time in Brittany).", "Monitor Fish", False),
        # « Nom (rôle) » or « Nom, description » inside a sentence: someone the sentence talks about.
        ("Les travaux de Dominique Cardon (professeur à SciencesPo) ont compté.", "Dominique Cardon", False),
        ("Plus récemment, Bastien Guerry, référent logiciels libres à la DINSIC, a proposé un guide.",
         "Bastien Guerry", False),
        ("Ils présentent leurs outils à Paul-Antoine Chevalier, data scientist à Etalab, lors du demo day.",
         "Paul-Antoine Chevalier", False),
        ("La data en faisait partie. Getaround Europe, c’est une boîte très produit.", "Getaround Europe", False),
        ("Nos partenaires :\n\n* Impact AI, collectif de réflexion et d'action", "Impact AI", False),
        ("L'administration porteuse\n\nBercy Hub, l'incubateur des startups d'État issues des directions de Bercy",
         "Bercy Hub", False),
        # A capacity, not a person: « en tant que », « en qualité de », « au poste de ».
        ("Après une première expérience en tant que Product Marketing Manager chez Google, Astrid a co-fondé",
         "Product Marketing", False),
        ("Elle a rejoint la banque au poste de Chief Data Officer en 2019.", "Chief Data", False),
        ("Elle intervient en qualité de Data Protection Officer du ministère.", "Data Protection", False),
        # …unless the sentence lists the speakers.
        ("Merci aux intervenants qui ont contribué : Clément Mabi, chercheur à l'UTC, les membres d’Etalab "
         "(Xavier Jouppe, Amandine Audras), Jean-Charles Hourdeaux, product owner au SIG, et d'autres.",
         "Jean-Charles Hourdeaux", True),
        # Examples, works credited, embedded posts.
        ("Ces pièces dessinées par Charles-André Boulle, Pierre Paulin ou encore Jean Nouvel", "Pierre Paulin",
         False),
        ("Les chercheurs (notamment Andrew Ng ou Gaël Varoquaux) se sont saisis de la question et ont souligné "
         "ses biais.", "Gaël Varoquaux", False),
        ("the movement launched in the 1980s by Richard Stallman, then a computer scientist at MIT",
         "Richard Stallman", False),
        ("Une infographie des faillites bancaires par Mike Bostock.", "Mike Bostock", False),
        ("voir ce tweet de Jean-Baptiste Le Dévéhat, du défi BrigadeNumérique :", "Jean-Baptiste Le Dévéhat",
         False),
        ("Première rencontre du forum pic.twitter.com/x\n\n— Jean-Baptiste Le Dévéhat (@jbledevehat) 12 mars 2018",
         "Jean-Baptiste Le Dévéhat", False),
        ("Nous avons reçu Dominique Cardon, professeur à SciencesPo, hier.", "Dominique Cardon", True),
        # « par X » after a thing that is no talk nor piece names its agent; after a talk, a course, or
        # ending a programme line, the person who gives it.
        ("c'est le lancement des licences Creative Commons par Lawrence Lessig et de l'encyclopédie libre "
         "Wikipédia, par Jimmy Wales et Larry Sanger. Les deux décennies suivantes", "Lawrence Lessig", False),
        ("c'est le lancement de l'encyclopédie libre Wikipédia, par Jimmy Wales et Larry Sanger. Les deux "
         "décennies suivantes", "Jimmy Wales", False),
        ("Ressources supplémentaires\n\nAwesome Polars par Damien Dotta (INSEE)\n\nPolars pour R", "Damien Dotta",
         False),
        ("Le projet est repris par la mission data de la HAS pilotée par Pierre-Alain Jachiet.",
         "Pierre-Alain Jachiet", False),
        ("Ce cours est enseigné par Lino Galiana en deuxième année.", "Lino Galiana", True),
        ("Formation à la prise de parole en public par Coraline Gillard du programme EIG", "Coraline Gillard", True),
        ("2ème Open Hour : \"Bonnes pratiques pour la data science\" par Romain Avouac.", "Romain Avouac", True),
        ("Défi Gobelins : Créer un outil pour le Mobilier National, par Laurie Chapotte (défi EIG 2018)\n\nLa suite",
         "Laurie Chapotte", True),
        # What someone said in another piece makes them its author, not a speaker of this one.
        ("Le bootcamp\n\nSoizic Pénicaud (Étalab) l'a très bien raconté dans cette entrée de blog, le bootcamp",
         "Soizic Pénicaud", False),
        ("Soizic Pénicaud (Étalab) a présenté le bootcamp aux EIG.", "Soizic Pénicaud", True),
        # A paragraph that opens with a name is prose: the cues decide, not the line start.
        ("Suite du défi\n\nPierre-Étienne Devineau a été prolongé jusqu’en décembre 2021 pour terminer le projet.",
         "Pierre-Étienne Devineau", False),
        ("Programme\n\nPierre-Étienne Devineau présente le projet SIANCE.", "Pierre-Étienne Devineau", True),
        ("Programme\n\nPierre-Étienne Devineau\n\nLa suite.", "Pierre-Étienne Devineau", True),
        ("Un témoignage.\n\nAstrid Delacour du Pôle Fintech-Innovation de la Banque de France\n",
         "Astrid Delacour", True),
        # A talk announced in the future; a newsletter's credits name who wrote the issue.
        ("Deux présentations sont prévues :\n\nHadrien Leclerc nous présentera le package Pynsee.",
         "Hadrien Leclerc", True),
        ("Lino Galiana vous invite à une réunion Zoom planifiée.\n\nSujet : Présentation", "Lino Galiana", True),
        # Thanks for the talk itself; thanks alone name people.
        ("Merci à la Fing, Simon Chignard et Loup Cellard pour l'animation de cet atelier !", "Loup Cellard", True),
        ("Merci à Simon Chignard et Loup Cellard pour leur relecture.", "Loup Cellard", False),
        ("Ont participé à ce premier numéro : Stéphanie Combes, Pauline Givord, Françoise Dupont, Direction de la "
         "méthodologie", "Pauline Givord", True),
        # A legal notice's publication director answers for the site: no speaker of the page.
        ("Editor\n\nPublication Director\n\nMs Laure Lucchesi, Head of the Etalab mission", "Laure Lucchesi", False),
        ("Directeur de la publication : Stéphanie Schaer", "Stéphanie Schaer", False),
        # Cues: a message or a keynote, guests announced.
        ("Petit message d'Adnène Trojette aux EIG en fin de séminaire", "Adnène Trojette", True),
        ("Une présentation au cours de laquelle interviendront Gilles Gonon et Maud Galametz.", "Maud Galametz", True),
        ("les défis juridiques autour de la régulation de l’IA en présence de Luc Julia |Andrew Rhodes| "
         "Jean-Sébastien Borghetti", "Luc Julia", True),
    ],
)  # fmt: skip
def test_who_the_text_casts_as_speaking(text, name, speaking):
    assert _speaks(text, name) is speaking


@pytest.mark.parametrize(
    ("text", "name", "speaking"),
    [
        # A list takes its casting from what comes before it or after it as a whole…
        ("Il s'agit de Raphaele Adjerad (SSM DGFIP), Laura Gaimard (Insee - DRISS), Ronan Le Saout (SDES).",
         "Laura Gaimard", False),
        ("Au sein du réseau avec Joëlle Chong et Thaïs Coutinho, deux EIG qui sont restées.", "Thaïs Coutinho", False),
        ("Un groupe présidé par Michel Bon, associant des représentants de l’Insee (Fabrice Lenglart, Michel Isnard).",
         "Fabrice Lenglart", False),
        ("Ont participé à ce numéro Maxime Bergeat, Françoise Dupont, Annie Henrion et Pauline Givord.",
         "Annie Henrion", True),
        ("Merci à tous les intervenants qui ont contribué : les membres d’Etalab (Xavier Jouppe, Kim Montalibet).",
         "Kim Montalibet", True),
        ("Marie Charbonnel et Sandrine Rodriguez, designers du programme, ont ouvert la journée.",
         "Marie Charbonnel", True),
        # …and a role after a name is no list (« Amélie de Montchalin, Ministre de la Transformation »).
        ("par un mot d'accueil d'Amélie de Montchalin, Ministre de la Transformation, aux EIG.",
         "Amélie de Montchalin", True),
        ("Cécile Le Guen, cheffe de projets. Eric Barthélémy, La Bonne Boite, Pôle Emploi.", "Eric Barthélémy", True),
        # « la parole à » casts whom it gives the floor; « et leurs mentors » goes on with the list.
        ("Les débats donneront notamment la parole à : Eric Barthélémy (La Bonne Boite, Pôle Emploi), Manon Chonavel "
         "(énarque, autour d’une mission sur la responsabilité et l’éthique des algorithmes), Guillaume Heuguet.",
         "Manon Chonavel", True),
        ("Les débats donneront la parole à : Guillaume Heuguet (chercheur Sorbonne Nouvelle, a réalisé une "
         "auto-ethnographie du chômage) et Clément Hénin.", "Sorbonne Nouvelle", False),
        ("Lors de notre atelier, Elsa Luneville, Antoine Augusti et leurs mentors Laurence Matringe et Renaud Perin "
         "nous ont présenté leur défi.", "Elsa Luneville", True),
        # A list ends with its line: the next line's first words are not one more name of it.
        ("Recrues : Favoriser le recrutement, par Iris Naudin et Nicolas Grandjean\n\nAchaDef : Faciliter les achats",
         "Iris Naudin", True),
    ],
)  # fmt: skip
def test_a_name_in_a_list_is_cast_by_the_list(text, name, speaking):
    assert _speaks(text, name) is speaking


@pytest.mark.parametrize(
    ("text", "name", "speaking"),
    [
        # Cues that cast a guest or a speaker inside a sentence.
        ("Une table ronde qu’a animée Jakub Voznica, coach en science de la donnée.", "Jakub Voznica", True),
        ("Le mercredi 29 mars de 15h à 16h nous recevons Christopher Kermorvant, chercheur en OCR.",
         "Christopher Kermorvant", True),
        ("Le réseau recevra le 29 mars de 14h00 à 16h00 Christopher Kermorvant, chercheur.", "Christopher Kermorvant",
         True),
        ("La première démonstration a été réalisée par Jamshid Kohandel, expert accessibilité.", "Jamshid Kohandel",
         True),
        ("00:00:30 Discours d'ouverture d'Ishan Bhojwani, chef du département Incubateur", "Ishan Bhojwani", True),
        ("Des sessions de « revue de code » avec Quentin Decock, du Liberté Living Lab.", "Quentin Decock", True),
        # A sentence that opens with a person and their role lists more of them, each with a role.
        ("Hélène Bégon, adjointe à l’Ecolab, Alexandra Grout, cheffe adjointe de département, Mohammed Trojette, "
         "conseiller à la Cour des comptes et Stéphanie Combes, directrice du Health Data Hub.", "Stéphanie Combes",
         True),
        ("Table-ronde « Entreprendre », avec un panel d'alumni : Hugo Stéphan (Réfugiés.info), Jérémie Baboukhian "
         "(France Identité numérique) et Joëlle Chong (data.ansm)", "Joëlle Chong", True),
        # The verb of the sentence after the roles of a list.
        ("Avant ce plan, Nicolas Joron, chef du bureau des études et du pilotage (qui gère la DSI du ministère de la "
         "Culture) et Patrick Chauffeton, chargé des référentiels techniques, ont partagé leur expérience.",
         "Nicolas Joron", True),
        # A role after a comma inside a sentence describes someone the sentence talks about.
        ("Actuellement Clément Mabi, chercheur à l'UTC de Compiègne, suit la promotion 3.", "Clément Mabi", False),
        ("Nous avons eu l'honneur d'accueillir Stanislas Guérini, le ministre de la Transformation.",
         "Stanislas Guérini", False),
        ("En binôme avec Anoureth Pongrattana, développeur full stack, ils ont pour mission de simplifier.",
         "Anoureth Pongrattana", False),
        # A movement started by someone names an agent, however close a talk word stands.
        ("Le mot d'ordre de l'open data (mouvement initié par Tim Berner-Lee) est « Raw Data Now ».",
         "Tim Berner-Lee", False),
    ],
)  # fmt: skip
def test_inside_a_sentence_a_cue_casts_a_speaker_and_a_role_alone_does_not(text, name, speaking):
    assert _speaks(text, name) is speaking


def test_a_list_labelled_as_laureates_or_a_jury_names_people_who_do_not_speak():
    text = "Nous avons le plaisir de les révéler ici :\n\nEIG lauréats :\n\nBeryl Armand, développeuse\n\nSarah Gross, data scientist"
    assert not _speaks(text, "Sarah Gross") and not _speaks(text, "Beryl Armand")
    speakers = text.replace("EIG lauréats", "Intervenants")
    assert _speaks(speakers, "Sarah Gross")


def test_a_name_closing_an_item_of_a_list_of_presented_items_presents_it():
    text = (
        "La restitution s'est faite au Meetup.\n\nLes quatre défis présentés sont :\n\n"
        "INPN Espaces : Informer les citoyens - Jean-Edouard Sastre\n\nMaritux : Faciliter l’accès - Cécile Canel"
    )
    assert _speaks(text, "Jean-Edouard Sastre") and _speaks(text, "Cécile Canel")
    assert not _speaks(text.replace("présentés", "de la promotion"), "Cécile Canel")
    # A name inside the item, not closing it, is not its presenter.
    assert not _speaks(text.replace("Cécile Canel", "Cécile Canel pour le Cerema"), "Cécile Canel")


@pytest.mark.parametrize(
    ("text", "speaking"),
    [
        ("L'après-midi, nous nous installons. Sylvain Boissel commence par un rappel du fonctionnement.", True),
        ("Nous nous installons. Sylvain Boissel, contributeur, présente le projet Commons.", True),
        ("Nous nous installons. Sylvain Boissel prend la parole devant les agents.", True),
        ("Le projet de Sylvain Boissel présente des résultats.", False),
        ("Voici le projet que Sylvain Boissel présente aux agents.", True),
        ("Nous nous installons. Sylvain Boissel explique que le projet avance.", False),
        ("Nous nous installons. Sylvain Boissel a été recruté en mai.", False),
    ],
)
def test_a_name_the_subject_of_a_talk_verb_in_the_present_speaks(text, speaking):
    assert _speaks(text, "Sylvain Boissel") is speaking


def test_a_list_of_people_thanked_names_them_and_thanking_speakers_keeps_them_speakers():
    label = "L'équipe souhaite remercier les membres de la DINUM pour leur participation à la sélection :"
    text = f"{label}\n\nAlexandre Bulte (Etalab), Aliaume Lopez (ENS Paris-Saclay), Anne Dupont (Insee)"
    assert not _speaks(text, "Alexandre Bulte") and not _speaks(text, "Aliaume Lopez")
    speakers = text.replace(label, "Merci à nos intervenants :")
    assert _speaks(speakers, "Alexandre Bulte") and _speaks(speakers, "Aliaume Lopez")


def test_outside_an_event_a_caption_of_people_talking_shows_them_and_one_of_someone_presenting_does_not():
    from findit.analysis.speaking import caption_spans, pictured

    talking = "_Gabriel Bastard, Quentin Loridant et Antoine Augusti échangent sur les moteurs de règles_"
    presenting = "_Bastien Guerry, EIG Link à Etalab, présente au collectif des mentors la semaine type_"
    addressing = "_Adnène Trojette, secrétaire général adjoint de la Cour des comptes, échange avec les EIG_"
    for caption, name, shown in (
        (talking, "Quentin Loridant", True),
        (presenting, "Bastien Guerry", False),
        (addressing, "Adnène Trojette", False),
    ):
        text = f"Le séminaire a réuni les EIG.\n\n{caption}\n\nLa suite."
        start = text.index(name)
        spans = caption_spans(text, [caption])
        assert pictured(text, start, start + len(name), spans) is shown, name
        assert not pictured(text, start, start + len(name), spans, event=True), name


def test_on_an_events_page_a_person_given_a_role_anywhere_is_a_speaker():
    text = "Nous remercions Soraya Saa, cheffe de la mission Talents, et Sophie Ravel, chargée de projet."
    start = text.index("Sophie Ravel")
    assert speaks(text, start, start + len("Sophie Ravel"), event=True)
    assert not speaks(text, start, start + len("Sophie Ravel"))


def test_on_a_printed_page_a_line_that_opens_with_a_name_is_no_programme_line():
    """A PDF's line breaks are its layout: a report's paragraph that opens with the people it is about, an
    epigraph's author, a caption under a photo are no programme lines there, as they would be in Markdown;
    an event's programme in a PDF still casts its people, and a cue still does anywhere."""
    report = "Prévisecours\n\nGuillaume Lancrenon et Tiphaine Phe-Neau ont fait partie de la deuxième promotion."
    epigraph = "J'aimais à me sentir avant tout un continuateur.\n\nMarguerite Yourcenar, Mémoires d'Hadrien"
    for text, name in ((report, "Guillaume Lancrenon"), (epigraph, "Marguerite Yourcenar")):
        start = text.index(name)
        assert speaks(text, start, start + len(name))  # a Markdown page's line: a programme's
        assert not speaks(text, start, start + len(name), layout=True)
    programme = "Programme de la journée\n\n10h00 Jean Dupont, directeur du numérique\n\n11h00 Pause"
    start = programme.index("Jean Dupont")
    assert speaks(programme, start, start + len("Jean Dupont"), event=True, layout=True)
    cued = "Le rapport.\n\nUn atelier animé par Camille Martin sur les données."
    start = cued.index("Camille Martin")
    assert speaks(cued, start, start + len("Camille Martin"), layout=True)


def test_a_name_run_into_its_affiliation_is_cut_before_it():
    text = "Régis Chatellier et Olivier Desbey du LINC, le laboratoire de la CNIL, présentent aux EIG le RGPD."
    assert _person(text, "Olivier Desbey du LINC") == (PERSON, "Olivier Desbey")
    assert _person("Programme\n\nCharles de Gaulle présente le projet.", "Charles de Gaulle") == (
        PERSON,
        "Charles de Gaulle",
    )


def test_what_the_model_tags_as_people_and_is_nobody():
    # A page title alone, a short acronym first, a job title.
    assert _person("Popular Topics", "Popular Topics") is None
    assert _person("Le mot de Bastien Guerry, EIG Link à Etalab, présente", "EIG Link") is None
    assert (
        _person("la confiance de mon CPO [Chief Product Officer, directeur produits]", "Chief Product Officer") is None
    )
    # A key to press, a sentence's first word.
    assert _person("Press S to show the notes", "Press S") is None
    assert _person("Ce n'est plus le cas. Donc Julien Martin viendra.", "Donc Julien") is None
    # A project and its aim (« Name : faciliter … ») when the word after the colon is a verb.
    text = "Open Chronic : faciliter l'exploitation du SNDS"
    assert person_from_span(text, 0, len("Open Chronic"), set(), {len("Open Chronic : "): "VERB"}) is None
    assert person_from_span(text, 0, len("Open Chronic"), set(), {len("Open Chronic : "): "NOUN"}) is not None
    # A product: the software words findit knows (a first name that is one too opens a person's name).
    assert _person("Github Copilot, l'assistant de code, présente ses suggestions.", "Github Copilot") is None
    assert _person("Démonstration animée par Apache Maven.", "Apache Maven") is None
    assert _person("Atelier animé par Hugo Stéphan, designer.", "Hugo Stéphan") == (PERSON, "Hugo Stéphan")
    # A name introduced with its role still is someone.
    assert _person("Atelier animé par Laure Lucchesi, directrice d'Etalab.", "Laure Lucchesi") == (
        PERSON,
        "Laure Lucchesi",
    )


def test_known_people_are_speakers_only_where_the_text_casts_them():
    gaz = Gazetteer.from_rows([("person", "Sophie Miljkovic", ""), ("person", "Soizic Pénicaud", "")])
    text = "Intervenante : Soizic Pénicaud.\n\nLes mentors, de gauche à droite : Anne Lambert © Sophie Miljkovic"
    found = gaz.matches([(fold(w.text), w.start, w.end) for w in _words(text)], text)
    assert [d for _, _, _, d in found] == ["Soizic Pénicaud"]


def _words(text: str):
    from findit.analysis import words

    return words(text)


def _org(text: str, span: str, gaz: Gazetteer | None = None) -> str | None:
    start = text.index(span)
    return org_from_span(text, start, start + len(span), gaz or Gazetteer())


def test_spans_across_lines_are_no_organisation():
    assert _org("Partenaires\n\nINSEE\n\nCour de Cassation\n\nAteliers", "INSEE\n\nCour de Cassation") is None
    assert _org("Ministère de la Justice\nPour rejoindre l’équipe", "Ministère de la Justice\nPour") is None
    assert _org("Partenaires : Ministère de la Justice.", "Ministère de la Justice") == "Ministère de la Justice"


def test_a_lone_acronym_is_an_organisation_only_when_named_as_one():
    # The shipped table writes INSEE out as an institute, SIREN as a number.
    assert _org("Les données de INSEE sont ouvertes.", "INSEE") == "INSEE"
    assert _org("Le numéro SIREN de la société.", "SIREN") is None
    # Named as a thing: a course, a conference, a design system, a steering committee.
    assert _org("bardés d’enthousiasme, de MOOC et d’outils open source", "MOOC") is None
    assert _org("pour en savoir plus sur la conférence NTTS de mars dernier", "NTTS") is None
    assert _org("lors de leurs COPIL. Ils seront impliqués", "COPIL") is None
    # Named as a body: an article, a body's name before it, a long form beside it, a line it labels.
    assert _org("un cours de 3e année de l'ENSAE sur la mise en production", "ENSAE") == "ENSAE"
    assert _org("en cours avec le SGI et la division MAEE pour scraper", "MAEE") == "MAEE"
    assert _org("travaille avec INAO (Institut national de l’origine et de la qualité)", "INAO") == "INAO"
    assert _org("Exemples de cas d’usage\n\nPEREN : fournir des données structurées", "PEREN") == "PEREN"


def test_a_station_is_no_organisation():
    text = "Accès\n\nLigne 8 : École militaire, Ligne 10 : Ségur"
    assert _org(text, "École militaire") is None
    assert _org("La cérémonie a eu lieu à l’École militaire.", "École militaire") == "École militaire"


def test_a_hyphenated_first_name_or_surname_the_model_cut_is_whole():
    """The model may tag « René Duscher Mentor » in « Jean-René Duscher Mentor »: the name keeps both parts of
    a hyphenated first name or surname, and a word merely before it stays out."""
    line = "ExploCode\n\nJean-René Duscher Mentor\n\nObjectifs"
    assert _person(line, "René Duscher Mentor") == (PERSON, "Jean-René Duscher")
    assert _person("Programme\n\nAnne Martin-Dupont, designer", "Anne Martin") == (PERSON, "Anne Martin-Dupont")
    assert _person("Programme\n\nJean Dupont - directeur", "Jean Dupont") == (PERSON, "Jean Dupont")
    triple = "Programme\n\nAnne Martin-Dupont-Durand, designer"
    assert _person(triple, "Anne Martin") == (PERSON, "Anne Martin-Dupont-Durand")


def test_outside_an_event_a_story_told_of_a_person_names_them():
    """« Nom, description, » then a tense of narration tells the person's story (a report's examples of
    careers, a project's case): named, not speaking; a speech verb in the sentence, or an event's page, still
    casts them."""
    story = "Des exemples.\n\nMarion Paclot, après un passage à la DGFiP en tant qu’EIG 1, est devenue data scientist."
    case = "Le défi.\n\nMartin Gross, EIG de la première promotion au ministère, avait pour mission de trouver."
    assert not _speaks(story, "Marion Paclot")
    assert not _speaks(case, "Martin Gross")
    # A speech verb further in the sentence, after a description that is no role word, still casts them.
    talk = "Le défi.\n\nMartin Gross, EIG de la première promotion au ministère des Armées, a présenté le projet."
    assert _speaks(talk, "Martin Gross")
    # « à » is no « a »; a plural mostly reports a panel; a role word does not save a story.
    assert _speaks("Le défi.\n\nMartin Gross, data scientist, à la DINUM depuis 2019.", "Martin Gross")
    assert _speaks("Intro.\n\nMartin Gross, EIG 2019, et Anne Roux, designer, ont débattu.", "Martin Gross")
    assert not _speaks("Des exemples.\n\nMarie Durand, designer, est devenue data scientist.", "Marie Durand")
    start = case.index("Martin Gross")
    assert speaks(case, start, start + len("Martin Gross"), event=True)


def test_the_writer_of_another_work_is_no_speaker():
    """« l'article « … » écrit par X, designer » names another piece's writer; this piece's own writer (« Article
    écrit par X ») and a talk's speaker (« atelier animé par X ») still speak."""
    other = 'Pour approfondir : l’article "Comment faire du design ?" écrit par Coline Martin, designer au défi.'
    assert not _speaks(other, "Coline Martin")
    assert _speaks("Le bilan.\n\nArticle écrit par Coline Martin, designer au défi.", "Coline Martin")
    assert _speaks("Le bilan.\n\nCet article, écrit par Coline Martin, designer au défi.", "Coline Martin")
    assert _speaks("Le bilan. Ce billet a été rédigé par Coline Martin, designer au défi.", "Coline Martin")
    assert _speaks("Le bilan. Un atelier animé par Coline Martin, designer au défi.", "Coline Martin")


def test_a_projects_name_before_its_body_on_a_programme_line_is_left_out():
    line = "14h30 – 14h50\n\nDataMed Agence nationale de sécurité des médicaments\n\nMieux informer"
    assert _org(line, "DataMed Agence nationale de sécurité des médicaments") == (
        "Agence nationale de sécurité des médicaments"
    )
    # An acronym findit knows opens the body's own name (« l'Urssaf Caisse nationale »).
    text = "Il est chargé de missions à l’Urssaf Caisse nationale depuis 2019."
    assert _org(text, "Urssaf Caisse nationale") == "Urssaf Caisse nationale"
    # Inside a sentence, or with a first word that belongs to the name, the span stays whole.
    assert _org("Il travaille à Simplon Ecole de la data.", "Simplon Ecole de la data") == "Simplon Ecole de la data"
    assert _org("Programme\n\nGrande Ecole du numérique\n\nSuite", "Grande Ecole du numérique") == (
        "Grande Ecole du numérique"
    )


def test_a_name_the_model_cut_short_is_read_to_its_end():
    long_form = "Direction de la Recherche, des Études, de l'Évaluation et des Statistiques"
    gaz = Gazetteer.from_rows([("acronym", "DREES", long_form)])
    text = f"Le défi Open Chronic de la {long_form} (DREES) a pour objectif"
    assert _org(text, "Direction de la Recherche, des Études", gaz) == f"{long_form} (DREES)"
    # Nothing the archive states: the span stays as the model gave it.
    assert (
        _org("Le Ministère de la Culture et des Arts souhaite", "Ministère de la Culture") == "Ministère de la Culture"
    )


def test_captions_and_cited_authors_are_not_speakers_with_the_real_model(lemmatizer):
    body = (
        "Le bilan de la promotion.\n\n"
        "Photographie par Andrew George sur Unsplash\n\n"
        "Nous vous invitons à lire :\n\n"
        "L’article de Coline Lebaratoux, designer de la promotion EIG 3\n\n"
        "La table-ronde a été animée par Camille Martin, cheffe de projet à la DINUM."
    )
    doc = Document(id="d", kind="article", title="Bilan", body=body, source="d.md")
    speakers = _speakers(lemmatizer, doc)
    assert "Camille Martin" in speakers
    assert "Andrew George" not in speakers and "Coline Lebaratoux" not in speakers


def test_a_pdf_reports_people_it_is_about_as_no_speakers_with_the_real_model(lemmatizer):
    """The same text read from a PDF (a report) and from a Markdown page: only the page's paragraph that
    opens with two names casts them, the way a programme's line does."""
    body = (
        "Rapport d'analyse des promotions\n\n"
        "Guillaume Lancrenon et Tiphaine Phe-Neau ont fait partie de la deuxième promotion au sein du défi.\n\n"
        "Le défi a été présenté par Camille Martin, cheffe de projet à la DINUM."
    )
    pdf = Document(id="r", kind="page", title="Rapport", body=body, source="docs/rapport.pdf")
    page = Document(id="m", kind="page", title="Rapport", body=body, source="docs/rapport.md")
    from_pdf, from_page = _speakers(lemmatizer, pdf), _speakers(lemmatizer, page)
    assert "Camille Martin" in from_pdf and "Camille Martin" in from_page
    assert "Guillaume Lancrenon" in from_page
    assert "Guillaume Lancrenon" not in from_pdf and "Tiphaine Phe-Neau" not in from_pdf
    # The same when the archive knows them (another page states them as speakers): the known names' path.
    analyser = Analyser(Settings(), None, lemmatizer=lemmatizer)
    stating = Document(id="e", kind="event", title="Atelier", body="", source="e.md")
    stating.speakers = ["Guillaume Lancrenon", "Tiphaine Phe-Neau"]
    analyser.learn_names([stating, pdf, page])
    analysed = analyser.analyse([pdf, page])
    assert "Guillaume Lancrenon" in analysed["m"].speakers
    assert "Guillaume Lancrenon" not in analysed["r"].speakers and "Tiphaine Phe-Neau" not in analysed["r"].speakers


def test_a_speaker_named_by_first_name_is_the_one_person_of_that_name_the_page_names_in_full(lemmatizer):
    """« animé par Bastien »: the workshop's page names one Bastien in full (a photo credit), who is the
    speaker; a first name the page never completes, or completes two ways, names nobody."""
    body = (
        "Retour sur l'atelier sur les licences libres, animé par Bastien, qui nous a guidés.\n\n"
        "En pleine préparation de l'atelier. © Bastien Guerry\n\n"
        "Bastien a ensuite présenté les deux grandes familles de licences. Camille a présenté son défi, "
        "comme Camille Martin et Camille Dupont l'avaient fait avant elle."
    )
    doc = Document(id="d", kind="article", title="Atelier", body=body, source="d.md", captions=[])
    speakers = _speakers(lemmatizer, doc)
    assert "Bastien Guerry" in speakers
    assert not any(s.startswith("Camille") for s in speakers)


def test_every_name_of_a_list_the_text_casts_is_a_speaker_even_one_the_model_misses(lemmatizer):
    names = ["Xavier Jouppe", "Raphaël Dubigny", "Stanislas Bernard", "Amandine Audras", "Alexandre Bulté"]
    body = (
        "Merci à toutes et tous les intervenants qui ont contribué au succès de cette semaine : les membres "
        f"d’Etalab et de la DINUM ({', '.join(names)})."
    )
    doc = Document(id="d", kind="article", title="Bootcamp", body=body, source="d.md")
    speakers = _speakers(lemmatizer, doc)
    assert set(names) <= set(speakers)


def test_names_given_their_roles_after_a_speaker_given_hers_are_the_same_list():
    """« A, adjointe …, B, cheffe adjointe …, C, conseiller … » after « une table ronde » : the model may tag A
    and C alone; B, given a role in the same sentence, is one of them. A name the sentence merely goes on
    with (no role after it) is not."""
    text = (
        "Quatre personnalités autour d’une table ronde. Hélène Bégon, adjointe à l’Ecolab et auteure de La "
        "transformation numérique des administrations, Alexandra Grout, cheffe adjointe de département à Police "
        "nationale, Mohammed Trojette, conseiller à la Cour des comptes, ont débattu avec Jean Dupont."
    )
    assert _members(text, "Hélène Bégon") == {"Alexandra Grout", "Mohammed Trojette"}
    plain = "Hélène Bégon, adjointe à l’Ecolab, a rencontré Alexandra Grout, cheffe de département."
    assert not _members(plain, "Hélène Bégon")
    # The list ends where the sentence goes on with a verb.
    goes_on = "Anne Martin, directrice de la DINUM, a salué le travail du ministre, Jean Dupont, venu en personne."
    assert not _members(goes_on, "Anne Martin")


def test_a_list_goes_on_past_a_long_aside():
    """« la parole à : A (X, Y), B (énarque, autour d'une mission sur …), C (…) »: an aside of a sentence's
    length describes its person, the list goes on after it."""
    text = (
        "Les débats donneront notamment la parole à : Eric Barthélémy (La Bonne Boite, Pôle Emploi), Manon "
        "Chonavel (énarque, autour d’une mission sur la responsabilité et l’éthique des algorithmes), Guillaume "
        "Heuguet (chercheur)."
    )
    assert "Manon Chonavel" in _members(text, "Guillaume Heuguet")


def test_a_role_in_english_is_no_name_of_a_list():
    text = "Les entretiens :\n\nAlessandro Catania, Product Design Director chez Air Liquide, Jean-Marc Denis"
    assert "Product Design Director" not in _members(text, "Alessandro Catania")


def test_a_group_of_bodies_is_no_organisation_but_its_acronym_still_serves_queries():
    from findit.analysis.acronyms import AcronymTable

    gaz = Gazetteer.from_rows(
        [("acronym", "SSM", "Services statistiques ministériels"), ("acronym", "DINUM", "Direction du numérique")]
    )
    text = "Les SSM et la DINUM travaillent ensemble."
    found = gaz.matches([(fold(w.text), w.start, w.end) for w in _words(text)], text)
    assert [d for _, _, _, d in found] == ["Direction du numérique (DINUM)"]
    assert (
        _org("Les Services statistiques ministériels (SSM) publient", "Services statistiques ministériels", gaz) is None
    )
    assert AcronymTable.from_gazetteer(gaz).get("ssm") is not None


def test_people_in_a_picture_caption_are_not_speakers_with_the_real_model(lemmatizer):
    from findit.ingest.assemble import build

    (doc,) = build(
        "blog/seminaire.md",
        "---\ntitle: Retour sur le séminaire\n---\n"
        "La table-ronde a été animée par Camille Martin, cheffe de projet à la DINUM.\n\n"
        "![L'équipe du ministère](/img/equipe.jpg)\n\n"
        "*Nicolas Joron, Hélène Cavalié, Laurie Chapotte et Ned Baldessin, une équipe soudée !*\n\n"
        "![La salle](/img/salle.jpg)\n\n"
        "*Julie Moreau présente la feuille de route aux participants.*\n",
    )
    speakers = _speakers(lemmatizer, doc)
    assert "Camille Martin" in speakers
    assert not {"Nicolas Joron", "Hélène Cavalié", "Laurie Chapotte", "Ned Baldessin"} & set(speakers)
    assert "Julie Moreau" in speakers  # a caption that shows the person presenting


def test_a_caption_covers_its_own_paragraph_only():
    from findit.analysis.speaking import caption_spans

    body = "Cédric O\n\nLe programme a été lancé par Cédric O, alors secrétaire d'État."
    assert caption_spans(body, ["Cédric O"]) == [(0, len("Cédric O"))]


@pytest.mark.parametrize(
    ("found", "kept"),
    [
        # Cut at a line break of a heading, at a quotation mark; a head word or a function word alone; a
        # heading's word in capitals with an accent (no acronym has one).
        ("MINISTÈRE DE", None),
        ("Agence nationale de", None),
        ("Autorité de contrôle prudentiel et de résolution de la", None),
        ("Etalab « Entrepreneur", "Etalab"),
        ("AGENCE", None),
        ("Commissariat", None),
        ("Depuis", None),
        ("INTÉRIEUR", None),
        # Whole names stay, a body that is one of a kind too.
        ("Ministère de l'Intérieur", "Ministère de l'Intérieur"),
        ("Cour des comptes", "Cour des comptes"),
        ("DINUM", "DINUM"),
        ("Sénat", "Sénat"),
    ],
)
def test_an_organisation_found_cut_short_or_as_a_lone_common_word_is_none(found, kept):
    assert whole_org_name(found) == kept
