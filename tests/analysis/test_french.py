"""The French rules that need no model: apostrophes, elisions, folding, the Whoosh chain, the lemma table,
acronyms and the NER corrections. (spaCy-backed behaviour: test_analysis.py.)"""

from __future__ import annotations

import pickle

import pytest

from findit.analysis import (
    AnalysedDoc,
    AnalysedToken,
    LemmaTable,
    LemmaTableError,
    PreAnalysed,
    exact_analyzer,
    find_acronyms,
    name_analyzer,
    text_analyzer,
    tokenise,
    words,
)
from findit.analysis.entities import org_from_span, person_from_span
from findit.analysis.gazetteer import ORG, PERSON, Gazetteer
from findit.text import fold


def _texts(analyzer, value, mode="query"):
    return [t.text for t in analyzer(value, mode=mode)]


def test_typographic_apostrophes_and_elisions_are_split_whatever_the_case():
    text = "L’État, jusqu’à LORSQU'IL dit qu‘on s`en va d'Aujourd'hui"
    assert [w.text for w in words(text)] == ["État", "à", "IL", "dit", "on", "en", "va", "Aujourd'hui"]
    elided = [t.text for t in tokenise(text) if t.kind == "elision"]
    assert elided == ["L'", "jusqu'", "LORSQU'", "qu'", "s'", "d'"]


def test_word_offsets_point_at_the_original_text():
    text = "Vu par l’Éducation nationale : « données publiques »."
    for w in words(text):
        assert fold(text[w.start : w.end]) == fold(w.text.replace("'", "’"))
    assert [text[w.start : w.end] for w in words(text)][2:4] == ["Éducation", "nationale"]


def test_fold_removes_accents_and_ligatures_after_lower_casing():
    assert fold("Œuvre ÉTÉ cœur Noël") == "oeuvre ete coeur noel"


def test_query_forms_with_and_without_accents_elisions_or_capitals_agree():
    table = LemmaTable({"etat": {"etat"}, "algorithmes": {"algorithme"}, "publics": {"public"}})
    analyzer = text_analyzer(table)
    assert _texts(analyzer, "l’État") == _texts(analyzer, "l'etat") == _texts(analyzer, "ETAT") == ["etat"]
    assert _texts(analyzer, "« ALGORITHMES PUBLICS »") == ["algorithme", "public"]


def test_elided_words_take_no_position_so_phrases_line_up():
    tokens = [(t.text, t.pos) for t in text_analyzer(LemmaTable())("de l'État", positions=True, mode="query")]
    assert tokens == [("de", 0), ("etat", 1)]


def test_pre_analysed_text_is_replayed_with_lemma_and_form_at_one_position():
    text = "Les données publiques"
    toks = [
        AnalysedToken("le", "les", 0, 3),
        AnalysedToken("donnee", "donnees", 4, 11),
        AnalysedToken("public", "publiques", 12, 21),
    ]
    out = [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in text_analyzer(None)(PreAnalysed(text, toks), positions=True, chars=True, mode="index")
    ]
    assert out == [
        ("le", 0, "Les"),
        ("les", 0, "Les"),
        ("donnee", 1, "données"),
        ("donnees", 1, "données"),
        ("public", 2, "publiques"),
        ("publiques", 2, "publiques"),
    ]
    assert PreAnalysed(text, toks) == text and pickle.loads(pickle.dumps(PreAnalysed(text, toks))).tokens == toks


def test_highlighting_stored_text_yields_every_term_the_index_may_hold():
    table = LemmaTable({"evoque": {"evoquer"}, "a": {"avoir", "a"}})
    out = [(t.text, t.startchar) for t in text_analyzer(table)("a évoqué", chars=True, mode="index")]
    assert out == [("a", 0), ("avoir", 0), ("evoque", 2), ("evoquer", 2)]


def test_names_and_exact_forms_are_folded_never_lemmatised():
    assert _texts(name_analyzer(), "Soizic Pénicaud ; Direction interministérielle (DITP)") == [
        "soizic",
        "penicaud",
        "direction",
        "interministerielle",
        "ditp",
    ]
    assert _texts(exact_analyzer(), "Les Données publiques") == ["les", "donnees", "publiques"]


def test_analysers_drop_the_table_when_pickled():
    table = LemmaTable({f"form{i}": {f"lemma{i}"} for i in range(5000)})
    analyzer = text_analyzer(table)
    blob = pickle.dumps(analyzer)
    assert len(blob) < 2000
    restored = pickle.loads(blob)
    assert _texts(restored, "Algorithmes") == ["algorithmes"]  # works, only without lemmas
    assert _texts(analyzer, "form7") == ["lemma7"]  # the original keeps its table


# -- the lemma table ------------------------------------------------------------------------------------


def test_lookup_gives_the_term_that_the_index_gave_the_form():
    table = LemmaTable()
    table.update(
        [
            AnalysedDoc(
                "h1",
                {
                    "body": [
                        AnalysedToken("travailleuse", "travailleuses", 0, 13),
                        AnalysedToken("algorithme", "algorithmes", 14, 25),
                    ]
                },
            ),
            AnalysedDoc("h2", {"body": [AnalysedToken("travailleur", "travailleuses", 0, 13)]}),
        ]
    )
    # One lemma everywhere: the lemma, which also finds the other forms of the word.
    assert table.lookup("algorithmes") == ["algorithme"]
    # Lemmatised differently in different contexts: the form itself, which every occurrence carries.
    assert table.lookup("travailleuses") == ["travailleuses"]
    # Never seen as a form but known as a lemma; « travailleuses » got that lemma only in some contexts,
    # so the form comes along: its other occurrences carry the form alone (h1 is found too).
    assert table.lookup("travailleur") == ["travailleur", "travailleuses"]
    assert table.lookup("travailleuse") == ["travailleuse", "travailleuses"]


def test_lookup_keeps_few_alternatives_for_a_lemma_with_many_ambiguous_forms():
    table = LemmaTable({f"form{i}": {"etre", f"form{i}"} for i in range(20)})
    terms = table.lookup("etre")
    assert terms[0] == "etre" and 1 < len(terms) <= 7


def test_lookup_falls_back_on_plural_and_feminine_endings_for_unseen_forms():
    table = LemmaTable({"public": {"public"}, "chomeur": {"chomeur"}, "evoque": {"evoquer"}})
    assert table.lookup("publics") == ["public"]
    assert table.lookup("chomeuses") == ["chomeur"]
    assert table.lookup("evoques") == ["evoquer"]
    assert table.lookup("inconnus") == ["inconnus"]
    # An unseen word is not a form of a function word: « SIES » stays itself, not « si ».
    table = LemmaTable({"si": {"si"}, "sie": {"sie"}})
    assert table.lookup("sies") == ["sie"]
    assert LemmaTable({"si": {"si"}}).lookup("sies") == ["sies"]


def test_table_save_is_atomic_and_round_trips(tmp_path):
    table = LemmaTable({"donnees": {"donnee"}, "a": {"avoir", "a"}})
    path = tmp_path / "lemmas.json"
    table.save(path)
    table.save(path)
    assert LemmaTable.load(path) == table
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lemmas.json"]
    assert LemmaTable.load(tmp_path / "missing.json") == LemmaTable()


def test_a_damaged_table_is_a_clear_error(tmp_path):
    path = tmp_path / "lemmas.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LemmaTableError, match="lemma table"):
        LemmaTable.load(path)
    path.write_text('["a list"]', encoding="utf-8")
    with pytest.raises(LemmaTableError):
        LemmaTable.load(path)


# -- names ----------------------------------------------------------------------------------------------


def test_acronyms_are_learnt_from_either_way_of_writing_them():
    text = (
        "Audrey Moisan, Mission Innovation de la Direction interministérielle de la transformation "
        "publique (DITP) ; Etalab (Direction interministérielle du numérique) et "
        "DINUM (Direction interministérielle du numérique). Horaires (16h)."
    )
    assert find_acronyms(text) == [
        ("DITP", "Direction interministérielle de la transformation publique"),
        ("DINUM", "Direction interministérielle du numérique"),
    ]


def test_an_organisation_is_named_one_way_whichever_form_was_used():
    gaz = Gazetteer.from_rows(
        [("acronym", "DITP", "Direction interministérielle de la transformation publique"), ("org", "DITP", "")]
    )
    canonical = "Direction interministérielle de la transformation publique (DITP)"
    assert gaz.org_display("DITP") == canonical
    assert gaz.org_display("direction interministerielle de la transformation publique") == canonical
    text = "organisé par la DITP puis par la Direction interministérielle de la transformation publique"
    found = gaz.matches([(fold(w.text), w.start, w.end) for w in words(text)], text)
    assert [(text[s:e], kind, display) for s, e, kind, display in found] == [
        ("DITP", ORG, canonical),
        ("Direction interministérielle de la transformation publique", ORG, canonical),
    ]


def test_role_words_are_not_people_and_organisations_are_not_people():
    text = "Cheffe de projets. Louis Rached Responsable Innovation. Pôle Emploi. Cécile Le Guen."
    pos = {}

    def span(s):
        i = text.index(s)
        return text, i, i + len(s)

    assert person_from_span(*span("Cheffe"), set(), pos) is None
    assert person_from_span(*span("Louis Rached Responsable Innovation"), set(), pos) == (PERSON, "Louis Rached")
    assert person_from_span(*span("Pôle Emploi"), set(), pos) == (ORG, "Pôle Emploi")
    assert person_from_span(*span("Cécile Le Guen"), set(), pos) == (PERSON, "Cécile Le Guen")
    assert org_from_span(*span("Cheffe"), Gazetteer()) is None
    names = "Valéry Giscard d’Estaing et Jean-Baptiste"
    assert person_from_span(names, 0, 24, set(), pos) == (PERSON, "Valéry Giscard d’Estaing")
    assert person_from_span(names, 28, len(names), set(), pos) is None  # a first name alone


def test_known_people_are_found_in_text_whatever_the_model_says():
    gaz = Gazetteer.from_rows(
        [("person", "Cécile Le Guen", ""), ("person", "Soizic Pénicaud", ""), ("person", "Design Public", "")]
    )
    text = "Avec CECILE LE GUEN et Soizic Penicaud sur le design public."
    found = gaz.matches([(fold(w.text), w.start, w.end) for w in words(text)], text)
    assert [(text[s:e], d) for s, e, _, d in found] == [
        ("CECILE LE GUEN", "Cécile Le Guen"),
        ("Soizic Penicaud", "Soizic Pénicaud"),
    ]


def test_a_folded_word_stays_one_word():
    from findit.text import fold_word

    assert fold_word("⅓") == "13" and fold_word("Œuvres") == "oeuvres"
    assert fold_word("aujourd’hui") == "aujourd'hui"
    assert _texts(text_analyzer(LemmaTable()), "le ⅓ restant") == ["le", "13", "restant"]


def test_only_organisations_become_organisations_through_their_acronym():
    from findit.analysis.acronympairs import is_organisation_name

    assert is_organisation_name("Direction interministérielle du numérique")
    assert is_organisation_name("Agences régionales de santé")
    assert not is_organisation_name("Intelligence artificielle")
    assert not is_organisation_name("Ressources humaines")
    # A programme goes on in lower case like a body's name and is none.
    assert not is_organisation_name("Programme d'investissements d'avenir")


def test_the_most_stated_long_form_names_the_organisation(tmp_path):
    from findit.analysis.cache import AnalysisCache

    cache = AnalysisCache(tmp_path, "v")
    cache.add_names(
        {
            ("acronym", "EIG", "Entrepreneuses d'intérêt général"): 1,
            ("acronym", "EIG", "Entrepreneurs d'intérêt général"): 40,
        }
    )
    cache.add_names({("acronym", "EIG", "Entrepreneuses d'intérêt général"): 2})
    gaz = Gazetteer.from_rows(AnalysisCache(tmp_path, "v").names())
    assert gaz.org_display("EIG") == "Entrepreneurs d'intérêt général (EIG)"
    assert gaz.org_display("entrepreneuses d'interet general") == "Entrepreneurs d'intérêt général (EIG)"


def test_a_query_never_searches_the_stem_of_a_function_word_and_keeps_a_subjects_stem():
    from whoosh.lang import stemmer_for_language

    from findit.analysis.french import family_stem, stem_analyzer
    from findit.analysis.stopwords import function_words, meaningful_words

    stem = stemmer_for_language("fr")
    kept = {family_stem(w, stem) for w in meaningful_words()}
    analyzer = stem_analyzer()
    for word in sorted(w for w in function_words() if w.isalpha()):  # « c' » is tokenised « c »
        searched = [t.text for t in analyzer(word, mode="query")]
        assert searched == ([family_stem(word, stem)] if family_stem(word, stem) in kept else []), word
    # « première » keeps its stems although « premièrement » is a function word; a subject stays searched.
    assert [t.text for t in analyzer("première recensement", mode="query")] == ["premi", "recens"]


def test_stems_are_cut_from_the_words_as_written():
    """Snowball reads French endings by their accents: a feminine or plural participle shares its noun's
    stem only when cut before folding, at index time (words replayed from analysis) as at query time."""
    from findit.analysis.analysed import AnalysedToken, PreAnalysed
    from findit.analysis.french import stem_analyzer

    analyzer = stem_analyzer()

    def indexed(text: str) -> set[str]:
        tokens = []
        for w in text.split():
            start = text.index(w)
            tokens.append(AnalysedToken(w.lower(), w.lower(), start, start + len(w)))
        return {t.text for t in analyzer(PreAnalysed(text, tokens))}

    def query(text: str) -> set[str]:
        return {t.text for t in analyzer(text, mode="query")}

    noun = indexed("Une anonymisation des données")
    assert query("données anonymisées") & noun >= {"anonymis"}  # the participle meets its noun
    assert "anonymis" in query("anonymiser")
    assert query("Données ANONYMISÉES") == query("données anonymisées") == {"don", "anonymis"}


def test_the_function_stem_filter_pickles_without_its_cache_and_reads_one_pickled_before_it():
    from findit.analysis.french import _NoFunctionStems

    fresh = _NoFunctionStems("fr")
    fresh.function_stems("s")  # fills part of the cache
    assert pickle.loads(pickle.dumps(fresh)).__dict__ == {"lang": "fr", "_stems": {}}
    # An index written before keeps the whole set in the filter's state; reading it gives a working filter.
    older = _NoFunctionStems.__new__(_NoFunctionStems)
    older.__setstate__({"function_stems": frozenset({"si"})})
    assert older == fresh and "si" in older.function_stems("s")
