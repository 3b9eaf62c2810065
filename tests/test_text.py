"""findit.text: the one folding every stage shares (ingest, index, query, highlight) and the one hash.

The last test checks the promise the folding is for: over every word form of the shared corpora, the form
the index stores for a word (the surface analysis records, fold_word of the word as written) is the term
the query side's exact analyser makes of that word typed alone. No spaCy: tokenising and folding only."""

from __future__ import annotations

import string
import sys
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from findit.analysis import exact_analyzer, words
from findit.ingest.corpus import ingest_corpus
from findit.settings import Settings
from findit.text import digest, fast_fold, fold, fold_key, fold_word, normalise_apostrophes

TYPOGRAPHIC_APOSTROPHES = "\u2019\u02bc\u2018`\u00b4\u2032"
# No deadline for the property tests: unidecode loads a table for each Unicode block it first meets.
PROPERTY = settings(deadline=None)

# -- normalise_apostrophes ------------------------------------------------------------------------------


def test_every_typographic_apostrophe_becomes_ascii():
    for mark in TYPOGRAPHIC_APOSTROPHES:
        assert normalise_apostrophes(f"l{mark}État") == "l'État", hex(ord(mark))


@PROPERTY
@given(st.text())
def test_normalising_apostrophes_keeps_every_offset(text):
    out = normalise_apostrophes(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        assert after == before or (before in TYPOGRAPHIC_APOSTROPHES and after == "'")


# -- fold, fold_word, fold_key ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Élève", "eleve"),
        ("ÇA BOUGE", "ca bouge"),
        ("Œuvre et cœur", "oeuvre et coeur"),
        ("ex æquo", "ex aequo"),
        ("𝗟’État", "l'etat"),  # mathematical bold letters, typographic apostrophe
        ("déjà-vu", "deja-vu"),
    ],
)
def test_fold_lowers_case_and_drops_accents_and_ligatures(text, folded):
    assert fold(text) == folded


def test_fold_spells_every_character_as_unidecode_does():
    # fold translates through a table of unidecode's answers, one character at a time: every code point,
    # in the texts of each block of 256, gives unidecode's spelling (lower-cased).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unidecode warns of lone surrogates
        for block in range(0, sys.maxunicode + 1, 256):
            text = "É" + "".join(map(chr, range(block, block + 256))) + "œ"
            assert fold(text) == unidecode(text).lower(), hex(block)


@PROPERTY
@given(st.text())
def test_fold_of_any_text_is_unidecode_lower_cased(text):
    assert fold(text) == unidecode(text).lower()


def test_fold_is_idempotent_on_french_text():
    text = "Les entrepreneur·es d’intérêt général œuvrent à l’État numérique."
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    "word, folded",
    [
        ("Numérique", "numerique"),
        ("aujourd’hui", "aujourd'hui"),  # an inner apostrophe stays: one word
        ("⅓", "13"),  # unidecode spells it " 1/3 ": still one word
        ("Straße", "strasse"),
    ],
)
def test_fold_word_keeps_one_word_one_word(word, folded):
    assert fold_word(word) == folded


@PROPERTY
@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1))
def test_fold_word_never_gives_an_empty_or_split_word(word):
    folded = fold_word(word)
    assert folded, "a word the index holds is never the empty term"
    assert not any(c.isspace() for c in folded)


def test_a_word_unidecode_cannot_spell_is_kept_lower_cased():
    # No ASCII spelling: kept (lower-cased) rather than indexed as the empty term.
    assert fold_word("ⴰⵣⵓⵍ") == "ⴰⵣⵓⵍ".lower()


def test_fold_key_compares_display_values_whatever_their_case_accents_and_blanks():
    assert fold_key("  Acteurs \t publics\n") == "acteurs publics"
    assert fold_key("Évènement") == fold_key("Evénement") == fold_key("EVENEMENT")
    assert fold_key("Acteurs publics") != fold_key("Acteur public")


# -- fast_fold -------------------------------------------------------------------------------------------


@PROPERTY
@given(st.text())
def test_fast_fold_keeps_the_length_of_any_text(text):
    assert len(fast_fold(text)) == len(text)


def test_fast_fold_agrees_with_fold_on_every_latin_letter_that_folds_to_one_letter():
    letters = [chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()]
    one_letter = [c for c in letters if len(unidecode(c)) == 1 and unidecode(c).isalpha()]
    assert len(one_letter) > 250, "the Latin-1 and Latin Extended letters are covered"
    for c in one_letter + list(string.ascii_letters):
        assert fast_fold(c) == fold(c), (c, hex(ord(c)))


def test_fast_fold_offsets_are_offsets_in_the_text():
    text = "Un atelier « Histoire(s) d’Algorithmes » à l’École, mis en œuvre par Étalab."
    folded = fast_fold(text)
    assert folded.startswith("un atelier « histoire(s) d'algorithmes » a l'ecole")
    start = folded.index("algorithmes")
    assert text[start : start + len("algorithmes")] == "Algorithmes"
    start = folded.index("etalab")
    assert text[start : start + len("etalab")] == "Étalab"
    # A ligature would take two letters: it stays, so that what follows keeps its offset.
    assert "œuvre" in folded and folded.index("œuvre") == text.index("œuvre")


# -- digest ----------------------------------------------------------------------------------------------


def test_digest_is_stable_hex_of_32_characters():
    # A known value: content hashes key the analysis cache and ids across runs and versions.
    assert digest("findit") == "627b03cca080c9a8635f26c8ce1934e8"
    assert digest(b"findit") == digest("findit")
    assert digest("é") == digest("é".encode())
    for value in ("", "x", "Les données publiques", b"\x00\xff"):
        out = digest(value)
        assert len(out) == 32 and set(out) <= set("0123456789abcdef")


def test_digest_tells_texts_apart():
    texts = ["", " ", "a", "A", "é", "e\u0301", "Les données", "Les données ", "les données"]
    assert len({digest(t) for t in texts}) == len(texts)


# -- index side and query side fold every word form alike ------------------------------------------------


@pytest.mark.shared
def test_index_and_query_fold_every_word_of_the_shared_corpora_alike(shared_corpora):
    corpus = ingest_corpus(shared_corpora, Settings(corpus=shared_corpora))
    assert len(corpus.documents) > 100
    # (as written in the text, as the tokeniser hands it to spaCy: apostrophes normalised)
    forms: set[tuple[str, str]] = set()
    for document in corpus.documents:
        for name in ("title", "summary", "body"):
            text = getattr(document, name) or ""
            for word in words(text):
                forms.add((text[word.start : word.end], word.text))
    assert len(forms) > 5000
    analyzer = exact_analyzer()
    differ = []
    for typed, tokenised in sorted(forms):
        stored = fold_word(tokenised)  # the surface analysis/workers.py records for the word
        query = [t.text for t in analyzer(typed, mode="query")]
        if query != [stored]:
            differ.append((typed, stored, query))
    assert not differ, f"{len(differ)} word forms folded differently, e.g. {differ[:10]}"
