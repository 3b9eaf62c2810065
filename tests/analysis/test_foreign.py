"""A document in another language than French is read as its words, folded: not lemmatised by the French
model, no named entity from it; a French document, or one whose language is unknown, as before."""

from __future__ import annotations

from findit.analysis.foreign import cache_key, folded_record
from findit.documents import Document
from helpers import doc, write_files

ENGLISH = (
    "Public services were redesigned with Apache Maven and Jena Fuseki. "
    "The workshop was led by Claire Martin, who presented the results."
)


def make_doc(id: str, body: str, lang: str) -> Document:
    return doc(id, "Open data workshop", body, lang=lang)


def test_an_english_page_is_folded_not_lemmatised_as_french(analyser):
    out = analyser.analyse([make_doc("en", ENGLISH, "en")])["en"]
    lemmas = [t.text for t in out.fields["body"]]
    # The French model makes « services » a form of « service », and the other words French ones: not here.
    assert lemmas[:4] == ["public", "services", "were", "redesigned"]
    assert all(t.text == t.surface for t in out.fields["body"])
    # Offsets still point at the words, for highlights.
    doc_words = [ENGLISH[t.start : t.end] for t in out.fields["body"]][:2]
    assert doc_words == ["Public", "services"]
    # No name from the French model's tags: the page's structure and the known names give them.
    assert not {*out.speakers, *out.organisations}


def test_the_same_text_in_french_or_of_unknown_language_is_lemmatised(analyser):
    text = "Les services publics ont été repensés."
    for lang in ("fr", ""):
        out = analyser.analyse([make_doc(f"fr{lang}", text, lang)])[f"fr{lang}"]
        assert "service" in [t.text for t in out.fields["body"]]


def test_the_language_is_part_of_what_the_cache_knows_a_document_by():
    english, french = make_doc("a", ENGLISH, "en"), make_doc("b", ENGLISH, "fr")
    assert cache_key(english, "h") != cache_key(french, "h") == "h"
    record = folded_record(english)
    assert set(record["f"]) == {"title", "body"} and all(not field["e"] for field in record["f"].values())


def test_an_english_page_does_not_change_how_french_words_are_looked_up(tmp_path, new_indexer):
    """The lemma table maps each French form to its lemma for the query side; an English page's words are
    their own lemmas and stay out of it: « services » is still looked up as « service »."""
    from findit.analysis import LemmaTable
    from findit.index import current_path
    from findit.settings import Settings

    corpus = tmp_path / "corpus"
    write_files(
        corpus,
        {
            "fr/a.md": "---\ntitle: Les services publics\nlang: fr\n---\nLes services publics numériques progressent.\n",
            "en/b.md": "---\ntitle: Public services\nlang: en\n---\nPublic services were redesigned with the users.\n",
        },
    )
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    new_indexer(settings).update()
    table = LemmaTable.load(current_path(settings) / "lemmas.json")
    assert table.lookup("services")[0] == "service"
