"""The French analysis with the real spaCy model: lemmas in context, names, NER corrections, acronyms,
the per-document cache, and the agreement of query-time and index-time analysis over the sample archive."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys

import pytest

from findit.analysis import Analyser, LemmaTable, name_analyzer, text_analyzer
from findit.documents import Document
from findit.ingest import ingest_corpus
from findit.settings import Settings
from findit.text import fold
from helpers import ROOT


def make_doc(id: str, body: str, title: str = "", **kw) -> Document:
    return Document(
        id=id,
        kind=kw.pop("kind", "article"),
        title=title,
        body=body,
        source=f"{id}.md",
        content_hash=kw.pop("content_hash", ""),
        **kw,
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory, lemmatizer):
    """The sample archive, ingested and analysed once (real spaCy), with its lemma table."""
    settings = Settings(corpus=ROOT / "corpus")
    docs = ingest_corpus(settings.corpus, settings).documents
    analyser = Analyser(settings, tmp_path_factory.mktemp("cache"), lemmatizer=lemmatizer)
    analysed = analyser.analyse(docs)
    table = LemmaTable()
    table.update(analysed)
    return docs, analysed, table


def _lemmas(analysed_doc, field="body"):
    return [t.text for t in analysed_doc.fields[field]]


def test_words_are_lemmatised_in_context_then_folded(analyser):
    doc = make_doc("a", "Les algorithmes publics de l’État ont évoqué les données publiques des chômeuses.")
    out = analyser.analyse([doc])["a"]
    assert _lemmas(out) == [
        "le",
        "algorithme",
        "public",
        "de",
        "etat",
        "avoir",
        "evoquer",
        "le",
        "donnee",
        "public",
        "de",
        "chomeur",
    ]
    # Offsets point at the original words, for highlights.
    assert [doc.body[t.start : t.end] for t in out.fields["body"]][4:7] == ["État", "ont", "évoqué"]


def test_names_are_folded_not_lemmatised(analyser):
    doc = make_doc("n", "Soizic Pénicaud et Simon Chignard ont présenté les travaux de Dominique Cardon.")
    out = analyser.analyse([doc])["n"]
    assert {"penicaud", "soizic", "chignard", "cardon", "dominique"} <= set(_lemmas(out))
    # Who presents is a speaker; a person whose work is mentioned is not.
    assert {"Soizic Pénicaud", "Simon Chignard"} <= set(out.speakers) and "Dominique Cardon" not in out.speakers


def test_role_words_and_organisations_are_not_indexed_as_people(analyser):
    doc = make_doc(
        "r", "Cécile Le Guen, Cheffe de projets Data Science à la DITP. Eric Barthélémy, La Bonne Boite, Pôle Emploi."
    )
    out = analyser.analyse([doc])["r"]
    assert "Cécile Le Guen" in out.speakers and "Eric Barthélémy" in out.speakers
    assert not [s for s in out.speakers if fold(s) in ("cheffe", "pole emploi") or "Cheffe" in s]
    assert "Pôle Emploi" in out.organisations


def test_known_people_are_caught_where_the_model_misses_them(analyser):
    # Alone, the small model does not see a person in this short heading…
    alone = make_doc("s1", "CÉCILE LE GUEN")
    known = make_doc("s0", "Programme du webinaire.", speakers=["Cécile Le Guen"])
    fresh = Analyser(Settings(), None, lemmatizer=analyser.lemmatizer)
    assert "Cécile Le Guen" not in fresh.analyse([alone])["s1"].speakers
    # …but a name the archive states in its structure is always caught.
    assert "Cécile Le Guen" in fresh.analyse([known, alone])["s1"].speakers


def test_an_acronym_and_its_long_form_become_one_organisation(analyser):
    defines = make_doc(
        "o1",
        "Audrey Moisan, de la Direction interministérielle de la transformation publique "
        "(DITP), a présenté le programme.",
    )
    short = make_doc("o2", "Le webinaire organisé par la DITP a eu lieu mardi.")
    long = make_doc("o3", "Une rencontre de la Direction interministérielle de la transformation publique.")
    out = analyser.analyse([defines, short, long])
    canonical = "Direction interministérielle de la transformation publique (DITP)"
    for doc_id in ("o1", "o2", "o3"):
        assert canonical in out[doc_id].organisations
    # Indexed through the name analyser, a query for either form finds it.
    terms = {t.text for t in name_analyzer()(canonical)}
    assert {"ditp", "direction", "interministerielle", "transformation", "publique"} <= terms


def test_query_time_analysis_agrees_with_index_time_on_every_word_form(sample):
    """For every word form of the sample archive, the query's first term is one the index gave that form in
    every document containing it: no document is lost, even when context changed the lemma. Any further
    terms are forms the index saw (alternatives for occurrences lemmatised otherwise)."""
    docs, analysed, table = sample
    analyzer = text_analyzer(table)
    forms = 0
    for doc_id, adoc in analysed.items():
        for tokens in adoc.fields.values():
            for tok in tokens:
                indexed = {tok.text, tok.surface}
                query = [t.text for t in analyzer(tok.surface, mode="query")]
                assert query[0] in indexed and set(query[1:]) <= table.forms.keys(), (doc_id, tok)
                forms += 1
    differing_contexts = sum(1 for lemmas in table.forms.values() if len(lemmas) > 1)
    assert forms > 3000 and differing_contexts > 0


def test_query_analysis_does_not_load_spacy(sample, tmp_path):
    _, _, table = sample
    path = tmp_path / "lemmas.json"
    table.save(path)
    code = (
        "import sys\n"
        "from findit.analysis import LemmaTable, text_analyzer\n"
        f"table = LemmaTable.load({str(path)!r})\n"
        "words = {}\n"
        "for t in text_analyzer(table)('ALGORITHMES PUBLICS de l’État', mode='query', positions=True):\n"
        "    words.setdefault(t.pos, []).append(t.text)\n"
        "assert [terms[0] for terms in words.values()] == ['algorithme', 'public', 'de', 'etat'], words\n"
        "assert 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


GROUPS = [
    ["« algorithmes publics »", "algorithme public", "ALGORITHMES PUBLICS"],
    ["l’État", "l'etat", "etat"],
    ["données publiques", "donnees publique"],
    ["greffons cardiaques", "greffon cardiaque"],
    ["chômeuses", "chomeurs"],
    ["a évoqué", "evoquer"],
    ["Barthélémy", "barthelemy"],
]


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g[0])
def test_query_variants_match_the_same_documents_at_analysis_level(sample, group):
    """Each variant's query terms are all among the terms indexed for the same documents."""
    _, analysed, table = sample
    analyzer = text_analyzer(table)
    indexed = {
        doc_id: {term for tokens in a.fields.values() for t in tokens for term in (t.text, t.surface)}
        for doc_id, a in analysed.items()
    }
    matches = []
    for query in group:
        terms = {t.text for t in analyzer(query, mode="query")}
        matches.append({doc_id for doc_id, held in indexed.items() if terms <= held})
    assert matches[0], group
    assert all(m == matches[0] for m in matches), list(zip(group, matches, strict=True))


def test_cached_documents_need_no_model_and_one_change_analyses_one_document(sample, tmp_path):
    docs, analysed, _ = sample
    first = Analyser(Settings(), tmp_path)
    baseline = first.analyse(docs)
    assert first.model_loaded and first.stats.analysed == len({d.content_hash for d in docs})

    again = Analyser(Settings(), tmp_path)
    assert again.analyse(docs) == baseline
    assert not again.model_loaded and again.stats.analysed == 0

    changed = [
        dataclasses.replace(d, body=d.body + " Les greffons cardiaques.", content_hash=d.content_hash + "x")
        if i == 0
        else d
        for i, d in enumerate(docs)
    ]
    third = Analyser(Settings(), tmp_path)
    out = third.analyse(changed)
    assert third.model_loaded and third.stats.analysed == 1
    assert _lemmas(out[changed[0].id])[-3:] == ["le", "greffon", "cardiaque"]
    assert out[docs[1].id] == baseline[docs[1].id]


def test_a_damaged_cache_is_rebuilt_not_fatal(tmp_path, lemmatizer):
    (tmp_path / "analysis.sqlite3").write_bytes(b"this is not a database" * 100)
    out = Analyser(Settings(), tmp_path, lemmatizer=lemmatizer).analyse([make_doc("d", "Les données publiques.")])
    assert _lemmas(out["d"]) == ["le", "donnee", "public"]


def test_the_analyser_drops_the_model_when_pickled(analyser):
    analyser.load_model()
    assert analyser.model_loaded
    restored = pickle.loads(pickle.dumps(analyser))
    assert not restored.model_loaded
    assert _lemmas(restored.analyse([make_doc("p", "Les greffons cardiaques.")])["p"]) == ["le", "greffon", "cardiaque"]


@pytest.mark.shared
def test_query_and_index_analysis_agree_on_a_real_archive(shared_corpora, tmp_path, lemmatizer):
    """The same agreement over the numerique.gouv.fr events of ../shared/corpora (112 files of real French),
    and the names found there are people, not roles or organisations."""
    root = shared_corpora / "numerique-gouv"
    settings = Settings(corpus=root)
    docs = ingest_corpus(root, settings).documents
    analysed = Analyser(settings, tmp_path, lemmatizer=lemmatizer).analyse(docs)
    table = LemmaTable()
    table.update(analysed)
    analyzer = text_analyzer(table)
    occurrences = 0
    for doc_id, adoc in analysed.items():
        for tokens in adoc.fields.values():
            for tok in tokens:
                query = [t.text for t in analyzer(tok.surface, mode="query")]
                assert query[0] in (tok.text, tok.surface) and set(query[1:]) <= table.forms.keys(), (doc_id, tok)
                occurrences += 1
    assert occurrences > 20000
    speakers = {fold(s) for a in analysed.values() for s in a.speakers}
    roles = {"cheffe", "responsable", "directrice", "directeur", "pole emploi", "designer"}
    assert speakers and not {s for s in speakers if set(s.split()) & roles}
