"""Search over a small real index (real French analysis, real Whoosh on disk): ranking, query language,
duplicate groups, drafts and junk, sorting and pages, snippets, suggestions, documents and reopening."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from whoosh.index import open_dir

from findit.analysis import LemmaTable
from findit.index.schema import build_schema, index_fields
from findit.search import NoIndexError, Searcher, SearchError
from findit.search.relax import WIDENED
from findit.search.results import SearchRequest
from findit.settings import Settings
from helpers import DOCS, build_index, doc, ids, search

# -- ranking -------------------------------------------------------------------------------------------


def test_title_match_ranks_above_body_match(searcher):
    assert ids(search(searcher, "cartographie"))[:2] == ["carto-title", "carto-body"]


def test_words_together_rank_above_words_apart(searcher):
    found = ids(search(searcher, "données publiques"))
    assert found.index("near") < found.index("far")


def test_exact_form_ranks_slightly_above_other_forms_of_the_lemma(searcher):
    found = ids(search(searcher, "algorithmes"))
    assert "form-other" in found, "other forms of the same lemma are found too"
    assert found.index("form-exact") < found.index("form-other")
    found = ids(search(searcher, "algorithme"))
    assert found.index("form-other") < found.index("form-exact")


@pytest.mark.parametrize(
    "quoted", ["« données publiques »", "«données publiques»", "“données publiques”", "„données publiques“"]
)
def test_french_and_typographic_quotes_make_a_phrase(searcher, quoted):
    # As "données publiques" does: the page holding the words together, not the one holding them apart.
    assert "far" in ids(search(searcher, "données publiques"))
    assert ids(search(searcher, quoted)) == ids(search(searcher, '"données publiques"')) == ["near"]


def test_a_phrase_typed_without_its_apostrophes_finds_the_text_with_them(tmp_path, analyser):
    docs = [
        doc("mip", "Le mois de l'innovation publique", "Un plan d’action pour l’État."),
        doc("other", "Le mois des projets", "L'innovation publique, un autre mois."),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        for typed in ('"mois de l innovation publique"', '"plan d action pour l état"', "« mois de l innovation »"):
            assert ids(search(s, typed)) == ["mip"], typed


def test_speaker_name_ranks_above_a_passing_mention(searcher):
    found = ids(search(searcher, "cardon"))
    assert found[:2] == ["speaker", "mention"]


# -- query language ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("titre:cartographie", {"carto-title"}),
        ("title:Cartographie", {"carto-title"}),
        ("intervenant:cardon", {"speaker"}),
        ("speaker:Cardon", {"speaker"}),
        ("orga:sciencespo", {"speaker"}),
        ('media:"acteurs publics"', {"eig-1", "eig-2"}),
        ("outlet:monde", {"eig-3"}),
        ("tag:algorithme", {"histoire"}),
        ('theme:"le programme eig"', {"eig-1", "eig-2", "eig-3"}),
        ("annee:2022", {"eig-1", "eig-2"}),
        ("année:2021..2022 type:presse", {"eig-1", "eig-2", "eig-3"}),
        ("year:2018..2018", {"form-exact", "form-other"}),
        # bounds no year can reach: an open range, or nothing (not a search for the digits as words)
        ("annee:2022..99999999 type:presse", {"eig-1", "eig-2"}),
        ("annee:99999..", set()),
        ("kind:event cardon", {"speaker"}),
        ("cartographie -légales", {"carto-title", "carto-body"}),
        ("cartographie NOT titre:cartographie", {"carto-body", "undated"}),
        ("cartographie SAUF légales", {"carto-title", "carto-body"}),
        ("cardon OR défis", {"speaker", "mention", "eig-2", "eig-3"}),
        ("cardon OU défis", {"speaker", "mention", "eig-2", "eig-3"}),
        ("défis ET promotion", {"eig-2", "eig-3"}),
        ("carto*", {"carto-title", "carto-body", "undated"}),
        ('"données publiques"', {"near"}),
        ("eig", {"eig-1", "eig-2", "eig-3"}),  # the tag finds items whose text does not say it
    ],
)
def test_query_language(searcher, query, expected):
    result = search(searcher, query)
    assert set(ids(result)) == expected
    assert result.message is None


def test_words_match_without_accents_or_case(searcher):
    assert set(ids(search(searcher, "DONNEES PUBLIQUES"))) == set(ids(search(searcher, "données publiques")))
    assert "eig-1" in ids(search(searcher, "etat"))


def test_hyphenated_words_are_words_not_exclusions(searcher):
    assert set(ids(search(searcher, "atelier-débat"))) == {"histoire"}


# -- duplicates, drafts, junk ----------------------------------------------------------------------------


def test_duplicate_group_collapses_to_the_original(searcher):
    result = search(searcher, "algorithmes publics")
    assert ids(result)[0] == "histoire"
    assert "histoire-repost" not in ids(result)
    assert result.hits[0].duplicates == 1
    assert result.total == len(result.hits)


def test_a_group_ranks_as_its_best_match_and_shows_the_version_that_matches(searcher):
    result = search(searcher, "semaine innovation")
    assert ids(result) == ["histoire-repost"]  # only the re-post says it
    assert result.hits[0].duplicates == 1


def test_versions_and_document(searcher):
    assert [d.id for d in searcher.versions("histoire")] == ["histoire-repost"]
    assert [d.id for d in searcher.versions("histoire-repost")] == ["histoire"]
    assert searcher.versions("near") == []
    got = searcher.document("eig-1")
    assert got.title == "Le programme EIG recrute" and got.outlet == "Acteurs publics"
    assert got.date.isoformat() == "2022-03-01" and got.url == "https://acteurspublics.fr/eig-1"
    assert searcher.document("no-such-id") is None


def test_drafts_and_junk_only_when_asked(searcher):
    assert not {"draft", "junk"} & set(ids(search(searcher, "cartographie")))
    everything = search(searcher, "cartographie", include_all=True)
    assert {"draft", "junk"} <= set(ids(everything))
    browse = search(searcher, "")
    assert browse.total == len(DOCS) - 1 - 2  # one re-post collapsed, draft and junk left out
    assert search(searcher, "", include_all=True).total == len(DOCS) - 1


# -- sorting, pages ---------------------------------------------------------------------------------------


def test_sort_by_date_newest_first_undated_last(searcher):
    result = search(searcher, "cartographie", sort="date")
    assert ids(result) == ["carto-body", "carto-title", "undated"]


def test_empty_query_lists_every_document_newest_first(searcher):
    result = search(searcher, "")
    dates = [h.date for h in result.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    assert result.hits[-1].id == "undated"


def test_pages_split_the_list_without_overlap(searcher):
    whole = ids(search(searcher, ""))
    pages = [ids(searcher.search(SearchRequest(query="", page=p, limit=4))) for p in (1, 2, 3, 4)]
    assert sum(pages, []) == whole
    beyond = searcher.search(SearchRequest(query="", page=50, limit=4))
    assert beyond.hits == [] and beyond.total == len(whole)


@pytest.mark.parametrize(
    "request_kw",
    [
        {"sort": "popularity"},
        {"page": 0},
        {"limit": 0},
        {"limit": 10_000},
        {"page": "two"},
        {"filters": {"colour": ["red"]}},
        {"filters": {"year": ["twenty"]}},
    ],
)
def test_unusable_requests_raise_search_error(searcher, request_kw):
    with pytest.raises(SearchError):
        searcher.search(SearchRequest(**request_kw))


# -- snippets, suggestions ---------------------------------------------------------------------------------


def test_snippet_marks_the_original_words_and_escapes_the_rest(small, analyser, tmp_path):
    settings = build_index(
        tmp_path, [doc("x", "Sécurité", "Les <script>alert(1)</script> algorithmes & l’algorithme d’Etalab.")], analyser
    )
    with Searcher(settings) as s:
        hit = s.search(SearchRequest(query="algorithme")).hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet and "&amp;" in hit.snippet
    assert "<mark>algorithmes</mark>" in hit.snippet  # the form as written, found through its lemma
    assert "<mark>algorithme</mark>" in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_excluded_words_are_not_highlighted(searcher):
    hits = {h.id: h for h in search(searcher, "cartographie site -titre:site").hits}
    assert "<mark>Cartographie</mark>" in hits["undated"].snippet
    assert "<mark>site</mark>" in hits["undated"].snippet
    hits = {h.id: h for h in search(searcher, "cartographie -titre:site").hits}
    assert "<mark>Cartographie</mark>" in hits["undated"].snippet
    assert "site" in hits["undated"].snippet and "<mark>site</mark>" not in hits["undated"].snippet


@pytest.mark.parametrize(
    "query, suggestion",
    [
        ("cartografie", "cartographie"),
        ("cardom", "Cardon"),
        ("Dominique Cardom", "Dominique Cardon"),
        ("algoritmes publics", "algorithmes publics"),
    ],
)
def test_did_you_mean(searcher, query, suggestion):
    result = search(searcher, query)
    assert result.suggestion is not None
    assert result.suggestion.lower() == suggestion.lower()
    # Offered when the query finds little with all its words, or when its words were also searched in
    # another form (the page says which); the suggestion finds something.
    assert result.total <= 2 or WIDENED in result.message or "Cherché aussi" in result.message
    assert search(searcher, result.suggestion).total > 0


def test_a_word_no_document_holds_does_not_reorder_a_widened_query(analyser, tmp_path):
    """More matches than the second-stage ranking looks at: a typo (a word found nowhere) must neither
    shrink the best candidates below the documents after them nor change their order."""
    # 120 documents hold the common word, three hold it and the rare one, 120 hold neither.
    docs = [
        doc(f"carto{i:03d}", f"Note {i}", f"Une note de cartographie, numéro {i}, sur un sujet ou un autre.")
        for i in range(120)
    ]
    docs += [doc(f"other{i:03d}", f"Note {i}", f"Une note du jeudi, numéro {i}.") for i in range(120)]
    docs += [doc(f"both{i}", f"Bibliothèque {i}", "La cartographie de la bibliothèque. " * (i + 1)) for i in range(3)]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        both = ids(search(s, "cartographie bibliothèque", limit=3))
        common = [i for i in ids(search(s, "cartographie", limit=10)) if i.startswith("carto")]
        typo = search(s, "cartographie bibliothèque zorglubtypo", limit=5)
    assert typo.message == WIDENED
    assert ids(typo)[:3] == both
    # Then the best of those holding one word, as that word alone ranks them (not the ones the second
    # stage did not look at).
    assert ids(typo)[3:5] == common[:2]


def test_words_together_first_then_some_of_them_when_few_have_all(searcher):
    result = search(searcher, "atelier cartographie inexistantmot")
    assert result.message == WIDENED
    assert ids(result)[0] == "carto-body"  # has two of the three words
    assert {"carto-title", "histoire"} <= set(ids(result))
    result = search(searcher, "Cartographie légales")
    assert result.message == WIDENED and ids(result)[0] == "undated"
    assert search(searcher, "cartographie").message is None  # enough documents have it
    # Fields and exclusions stay required.
    assert set(ids(search(searcher, "type:événement atelier cartographie"))) == {"histoire"}
    assert "carto-body" not in ids(search(searcher, "atelier cartographie inexistantmot -titre:atelier"))


def test_a_widened_query_lists_every_word_first_and_lets_paired_words_go_missing(analyser, tmp_path):
    # « data scientists » is also searched joined (the archive writes « datascientists » once); widened,
    # each of the pair's words may be missing like any other word, and the one long document holding
    # every word comes before the short ones with a single word in their titles.
    long_text = "Un compte rendu de la table ronde des mentors, parmi bien d'autres sujets. " + "Du texte. " * 300
    docs = [
        doc("joined", "Nos datascientists", "Les datascientists de l'équipe."),
        doc("annuaire", "Trouver un expert", "Un moteur pour trouver les experts data de l'État par compétence."),
        doc("livret", "Livret du programme", long_text),
        *[doc(f"mentor{i}", f"Mentors {i}", f"Le mot des mentors, numéro {i}.") for i in range(3)],
        *[doc(f"ronde{i}", f"Table ronde {i}", f"Une table ronde, numéro {i}.") for i in range(12)],
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        paired = search(s, "annuaire des data scientists de l'État par compétence")
        table = search(s, "table ronde mentors")
    assert "datascientists" in paired.message and WIDENED in paired.message
    assert "annuaire" in ids(paired)[:2]
    assert table.message == WIDENED
    assert ids(table)[0] == "livret" and table.total == 16


def test_a_widened_query_lists_first_the_pages_holding_every_word_together(analyser, tmp_path):
    """A broad topic: a long page holding every word scattered (a biography saying « ouverture »,
    « décisions » and « justice » apart) is no answer to « ouverture des décisions de justice »; the pages
    on the decisions' open data, which never say « ouverture », come before it, after the page holding
    the words together."""
    filler = "Il a travaillé sur des sujets variés, en équipe, pendant plusieurs années. " * 40
    bio = (
        "Après une ouverture vers le développement web, il a rejoint une start-up. "
        + filler
        + "Ses décisions d'orientation l'ont conduit vers les données. "
        + filler
        + "Il s'intéresse à la justice sociale."
    )
    docs = [
        doc("bio", "Un parcours", bio, kind="person"),
        doc(
            "ensemble", "L'ouverture des décisions de justice", "Le calendrier de l'ouverture des décisions de justice."
        ),
        *[
            doc(f"open{i}", f"Open data des décisions de justice ({i})", "Les décisions de justice en open data. " * 3)
            for i in range(3)
        ],
        *[doc(f"autre{i}", f"Note {i}", "Une note sur un autre sujet.") for i in range(3)],
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        found = search(s, "ouverture des décisions de justice")
    assert found.message == WIDENED
    order = ids(found)
    assert order[0] == "ensemble"
    assert all(order.index(f"open{i}") < order.index("bio") for i in range(3)), order


def test_a_widened_pair_of_words_lists_the_documents_holding_it_joined_first(analyser, tmp_path):
    # « la open data »: no plain word in the strict query (a pair, also searched joined, and a function
    # word); the documents holding « opendata » hold it, wherever their positions are.
    docs = [doc(f"joined{i}", f"Note {i}", f"Le portail opendata de la ville, numéro {i}.") for i in range(2)]
    docs += [doc(f"data{i}", f"Fiche {i}", f"Les data de la fiche {i}, et encore des data.") for i in range(12)]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        found = search(s, "la open data")
    assert found.message is not None and WIDENED in found.message
    assert set(ids(found)[:2]) == {"joined0", "joined1"}, ids(found)


def test_a_full_match_through_a_word_written_apart_is_not_judged_by_its_positions(analyser, tmp_path):
    # « opendata » is also searched as « open data »: the page holding « open data » and « cartographie »
    # far apart holds every word, and the positions of « opendata » (it has none) say nothing of where.
    filler = "Un paragraphe sur un tout autre sujet, avec des mots sans rapport. " * 30
    docs = [doc("apart", "Le portail", "Le portail open data de la ville. " + filler + "Une cartographie des rues.")]
    docs += [doc(f"carto{i}", f"Cartographie {i}", "La cartographie des rues. " * 3) for i in range(12)]
    docs += [doc("joined", "Opendata", "Le mot opendata écrit d'un bloc.")]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        found = search(s, "opendata cartographie")
    assert found.message is not None and WIDENED in found.message and "open data" in found.message
    assert ids(found)[0] == "apart", ids(found)


def test_a_language_named_in_the_query_finds_the_documents_in_it(analyser, tmp_path):
    # « anglais » is nowhere in the memo's text: its language, as its outlet and year, is a word of it.
    docs = [
        doc("memo", "Public Interest Entrepreneurs: why, what and how", "A memo on the programme.", lang="en"),
        doc("bilan", "Le programme en bref", "Une note qui présente le programme.", lang="fr"),
        doc("bilan2", "Le programme, deuxième note", "Une autre note qui présente le programme.", lang="fr"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "le programme en anglais"))[0] == "memo"
        assert ids(search(s, "version anglaise du programme"))[0] == "memo"
        assert "memo" not in ids(search(s, "note en français"))


def test_the_page_titled_by_the_query_comes_before_the_pages_that_name_it(analyser, tmp_path):
    # Press items name her in their titles, summaries and speakers; her page's title is her name alone.
    name = "Lou Vettier"
    docs = [
        doc("page", name, "Data scientist au sein du programme.", kind="person", speakers=[name]),
        *[
            doc(
                f"press{i}",
                f"{name} fait parler les chiffres, épisode {i}",
                "Un entretien sur les chiffres des jeux.",
                kind="coverage",
                summary=f"{name} en entretien.",
                speakers=[name],
            )
            for i in range(3)
        ],
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "lou vettier"))[0] == "page"
        assert ids(search(s, "Lou Vetier"))[0] == "page"  # a typo corrected still names her page


def test_function_words_are_not_required(searcher):
    with_them = search(searcher, "la cartographie dans les usages")
    assert ids(with_them)[0] == "carto-title"
    assert set(ids(with_them)) == set(ids(search(searcher, "cartographie usages")))


def test_no_suggestion_when_the_query_finds_enough(searcher):
    assert search(searcher, "cartographie").suggestion is None
    assert search(searcher, "données publiques").suggestion is None


def test_a_word_the_index_knows_is_never_suggested_away(analyser, tmp_path):
    # "DITP" is in one body only; "Doit" is a title word one letter away. Few results, yet the acronym is
    # a word of the archive: no "Did you mean".
    docs = [
        doc(
            "acronym",
            "Les mardis de l'innovation",
            "Un webinaire organisé par la DITP le 7 septembre.",
            date="2021-09-10",
        ),
        doc(
            "title-word",
            "Doit-on écrire la loi comme un programme ?",
            "Un débat sur le code et la loi.",
            date="2021-05-21",
        ),
        doc("names", "Table ronde", "Une table ronde.", date="2021-01-01", speakers=["Simon Chignard"]),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as searcher:
        for query in ("DITP", "ditp", "Chignard", "webinaire DITP"):
            result = search(searcher, query)
            assert result.total >= 1 and result.suggestion is None, (query, result.suggestion)
        # a word the index does not know is still corrected, and only that word
        result = search(searcher, "DITP webinnaire")
        assert result.suggestion == "DITP webinaire"
        assert search(searcher, "chignar").suggestion == "Chignard"


# -- related ---------------------------------------------------------------------------------------------


def test_related_leaves_out_the_document_its_versions_drafts_and_junk(searcher):
    related = [h.id for h in searcher.related("carto-title", limit=10)]
    assert related, "documents sharing the words are related"
    assert not {"carto-title", "draft", "junk"} & set(related)
    assert "histoire-repost" not in [h.id for h in searcher.related("histoire", limit=10)]
    assert searcher.related("no-such-id") == []


def test_related_links_an_event_and_its_coverage(analyser, tmp_path):
    docs = [
        doc(
            "event",
            "Atelier cartographie des communs",
            "Un atelier sur la cartographie des communs.",
            kind="event",
            date="2021-05-01",
            speakers=["Camille Martin"],
        ),
        doc(
            "press",
            "Retour sur un atelier",
            "La presse a suivi l’atelier cartographie des communs de mai.",
            kind="coverage",
            date="2021-05-10",
            outlet="Le Monde",
        ),
        doc("other", "Les communs numériques", "Les communs et la cartographie en général. " * 5, date="2021-06-01"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert s.related("event", limit=2)[0].id == "press"
        assert s.related("press", limit=2)[0].id == "event"


# -- opening and reopening -------------------------------------------------------------------------------


def test_no_index_yet(tmp_path):
    with pytest.raises(NoIndexError, match="findit index"):
        Searcher(Settings(corpus=tmp_path, index=tmp_path / "index")).search(SearchRequest(query="x"))


def test_sees_a_commit_and_a_new_generation_without_restart(analyser, tmp_path):
    settings = build_index(tmp_path, [doc("one", "Premier document", "cartographie")], analyser)
    with Searcher(settings) as s:
        assert ids(s.search(SearchRequest(query="cartographie"))) == ["one"]
        # An incremental commit into the current generation.
        added = doc("two", "Deuxième document", "cartographie")
        gen = settings.index / "gen-0001"
        table = LemmaTable.load(gen / "lemmas.json")
        ix = open_dir(str(gen), schema=build_schema(table))
        with ix.writer() as writer:
            writer.update_document(**index_fields(added, analyser.analyse([added])["two"]))
        assert set(ids(s.search(SearchRequest(query="cartographie")))) == {"one", "two"}
        # A full rebuild swapped in.
        build_index(tmp_path / "next", [doc("three", "Troisième", "cartographie")], analyser)
        os.rename(tmp_path / "next" / "index" / "gen-0001", settings.index / "gen-0002")
        os.symlink("gen-0002", settings.index / "tmp-link")
        os.replace(settings.index / "tmp-link", settings.index / "current")
        assert ids(s.search(SearchRequest(query="cartographie"))) == ["three"]


def test_a_word_cut_to_a_function_word_finds_only_its_own_pages(analyser, tmp_path):
    """« SIES » cuts to the stem « si »: the pages that merely say « si » are not of its family."""
    docs = [
        doc("sies", "Baromètre de la science ouverte", "Un outil du SIES, service statistique du ministère."),
        doc("si1", "Un atelier", "Si vous venez, et si possible tôt, apportez un ordinateur."),
        doc("si2", "Une formation", "On verra si la salle est libre."),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "SIES")) == ["sies"]
        # A word of a family still finds the others (the stems field at work).
        assert ids(search(s, "ouvertement")) == ["sies"]


def test_words_of_the_subject_in_spacys_stop_list_are_required(analyser, tmp_path):
    """spaCy lists « retour », « ouverte », « personne » with the function words; in a search they name the
    subject: the one page holding « retour » comes before the pages that only say « expérience »."""
    docs = [doc(f"exp{i:02d}", f"Une expérience de design {i}", "Des ateliers avec les usagers.") for i in range(12)]
    docs.append(doc("retour", "Le défi Signaux faibles", "Un long texte. " * 20 + "Retour sur une expérience."))
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "retour expérience"))[0] == "retour"


def test_no_suggestion_two_edits_away_from_a_short_word(analyser, tmp_path):
    """« séance » and « choix » are not typos of « santé » and « coin »: no « Vouliez-vous dire » for them,
    while a typo one edit away is still corrected."""
    docs = [doc("sante", "Santé publique", "Un coin de la salle."), doc("atelier", "Un atelier", "Sur la santé.")]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert search(s, "séance de choix").suggestion is None
        assert search(s, "atelierr").suggestion == "atelier"


def test_a_question_that_holds_a_page_s_whole_title_finds_that_page_first(analyser, tmp_path):
    """« comment une administration peut-elle proposer des projets aux EIG ? » holds the whole title of the
    page « Proposer des projets » (words in plural forms: indexed under their lemma and their form): it
    comes before a call for projects that repeats more of the words."""
    docs = [
        doc("propose", "Proposer des projets", "Une administration peut proposer un projet aux EIG en ligne."),
        doc(
            "appel",
            "Appel à projets EIG : l'administration et son projet",
            "Chaque administration peut proposer un projet aux EIG pendant l'appel à projets. " * 3,
        ),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "comment une administration peut-elle proposer des projets aux EIG ?"))[0] == "propose"
        # The title typed alone still finds it first (the title is the query's words and nothing else).
        assert ids(search(s, "proposer des projets")) == ["propose", "appel"]


def test_a_page_that_is_only_a_title_comes_after_the_items_it_lists(analyser, tmp_path):
    """A theme's page « Logement » (a title, no text: the site lists the items under it) follows the
    pages that speak of housing; a press item's headline alone is the item itself and keeps its place."""
    docs = [
        doc("theme", "Logement", kind="page"),
        doc("dossier", "DossierFacile : louer un logement", "Un dossier de location vérifié en ligne.", kind="project"),
        doc("reno", "Mes aides réno", "Des aides pour rénover un logement ancien, un logement social.", kind="project"),
        doc("press", "Logement : le dossier numérique", kind="coverage", outlet="Le Monde"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        found = ids(search(s, "logement"))
        assert found[0] == "press" and found[-1] == "theme"


def test_a_verb_in_ifier_finds_its_noun_in_ification(analyser, tmp_path):
    """Snowball cuts « réidentifier » to « reidentifi » and « réidentification » to « reidentif »: the
    family is one all the same, both ways."""
    docs = [
        doc("noun", "Lettre sur la confidentialité", "Les risques de réidentification sont élevés."),
        doc("verb", "Une note", "Peut-on simplifier les démarches ?"),
        doc("other", "Un atelier", "Des données anonymes."),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "réidentifier")) == ["noun"]
        assert ids(search(s, "simplification")) == ["verb"]


def test_people_a_document_names_without_their_speaking_are_found_by_name(analyser, tmp_path):
    """A challenge's team given in a data file is in no text: its people are still found by their name,
    after the documents where the person speaks."""
    docs = [
        doc("karfur", "Karfu'R", "Une plateforme pour les réfugiés.", kind="project",
            people=["Hugo Stéphan", "Soufiane Lamrissi"]),
        doc("talk", "Qu'est-ce qu'un bon designer ?", "Un entretien sur le design.", speakers=["Hugo Stéphan"]),
        doc("other", "Un atelier", "Sur le design des services."),
    ]  # fmt: skip
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        assert ids(search(s, "Lamrissi")) == ["karfur"]
        assert ids(search(s, "hugo stephan")) == ["talk", "karfur"]


def test_events_are_ordered_by_the_date_they_show(tmp_path, analyser):
    # Announced in the opposite order to the one they were held in: the list shows each event's own date,
    # so « plus récents », « plus anciens » and browsing order by it; a date filter reads it too.
    def event(id: str, season: str, announced: str, held: dt.date):
        return doc(id, f"Atelier de cartographie {season}", date=announced, kind="event", event_date=held)

    events = [
        event("late", "d'automne", "2022-01-10", dt.date(2022, 11, 3)),
        event("early", "de printemps", "2022-06-01", dt.date(2022, 3, 9)),
        doc("note", "Note sur la cartographie", date="2022-07-15"),
    ]
    with Searcher(build_index(tmp_path, events, analyser)) as s:
        assert ids(search(s, "cartographie", sort="date")) == ["late", "note", "early"]
        assert ids(search(s, "cartographie", sort="oldest")) == ["early", "note", "late"]
        assert ids(search(s, "")) == ["late", "note", "early"]
        assert [h.event_date for h in search(s, "atelier", sort="date").hits] == ["2022-11-03", "2022-03-09"]
        assert ids(search(s, "cartographie en novembre 2022")) == ["late"]
